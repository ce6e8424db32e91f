#!/usr/bin/env sh
# Builds what is needed, then runs the standalone jar: ./deploy/standalone/run.sh [run|generate|benchmark] [options]
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)

# A relative data directory means relative to where the caller stands, not to the repository.
if [ -n "${CASEJOURNEY_DATA_DIR:-}" ]; then
  case "$CASEJOURNEY_DATA_DIR" in
    /*) ;;
    *) CASEJOURNEY_DATA_DIR="$(pwd)/$CASEJOURNEY_DATA_DIR"; export CASEJOURNEY_DATA_DIR ;;
  esac
fi

cd "$root"
if [ "${CASEJOURNEY_SKIP_BUILD:-}" != "1" ]; then
  if [ -x ./mvnw ]; then
    ./mvnw -q -B -DskipTests package
  else
    mvn -q -B -DskipTests package
  fi
fi
exec java -jar "$root/deploy/standalone/target/casejourney-standalone.jar" "$@"
