#!/usr/bin/env bash
# Runs an image built by Jib (an OCI layout tarball, target/jib-image.tar) without a container
# engine, as close to its Kubernetes settings as a chroot gets: the layers unpacked in order, the
# root file system read-only, a tmpfs on /tmp (the manifests' emptyDir), the image's user, working
# directory, environment and entrypoint, and no network but an unconfigured loopback. With nothing to
# connect to, the app must get as far as starting Spring and then stop on its own, non-zero.
#
#   deploy/images/smoke.sh command-side/target/jib-image.tar
#
# Needs root (unshare, mount, chroot) and GNU tar; installs jq when missing. .ci/run runs it on both
# images after building them.
set -euo pipefail
image=$(readlink -f "$1")
timeout_s=${SMOKE_TIMEOUT:-120}

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi

if ! command -v jq >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq jq >/dev/null
fi

work=$(mktemp -d)
trap '$SUDO rm -rf "$work"' EXIT
mkdir "$work/oci" "$work/root"
tar -xf "$image" -C "$work/oci"
blob() { echo "$work/oci/blobs/${1/://}"; }
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/oci/index.json")")
config=$(blob "$(jq -r '.config.digest' "$manifest")")
for layer in $(jq -r '.layers[].digest' "$manifest"); do
  $SUDO tar -xzf "$(blob "$layer")" -C "$work/root" --numeric-owner --same-permissions 2>/dev/null
done

user=$(jq -r '.config.User' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
# Credentials for a database that is not there, so the apps pass their own checks and fail on connecting.
env+=(SPRING_DATASOURCE_USERNAME=smoke SPRING_DATASOURCE_PASSWORD=smoke SPRING_FLYWAY_USER=smoke
  SPRING_FLYWAY_PASSWORD=smoke CASEJOURNEY_PSEUDONYMS_SECRET=smoke-secret-smoke-secret-smoke-secret)
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[], (.config.Cmd // [])[]' "$config")
echo "smoke: $(basename "$(dirname "$(dirname "$image")")"): user $user, workdir $workdir, entrypoint ${entrypoint[*]}"

root="$work/root"
log="$work/run.log"
set +e
$SUDO timeout "$timeout_s" unshare --mount --net --pid --fork --kill-child -- /bin/sh -ec '
  root=$1; user=$2; workdir=$3; shift 3
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  exec chroot --userspec="$user" "$root" "$@"
' smoke "$root" "$user" "$workdir" /usr/bin/env -i -C "$workdir" "${env[@]}" "${entrypoint[@]}" >"$log" 2>&1
rc=$?
set -e
fail() { echo "smoke: FAILED: $*" >&2; sed 's/^/  | /' "$log" | head -60 >&2; exit 1; }
[ "$rc" != 124 ] || fail "still running after ${timeout_s} s"
[ "$rc" != 0 ] || fail "exited 0 with nothing to connect to"
grep -qE "Starting [A-Za-z]+Application .*using Java 17.* started by [^ ]+ in $workdir" "$log" \
  || fail "Spring did not start in $workdir"
if grep -qE "Starting [A-Za-z]+Application .* started by root " "$log"; then fail "ran as root"; fi
grep -q "Tomcat initialized with port" "$log" || fail "Tomcat did not start"
if grep -q "Read-only file system" "$log"; then fail "wrote to the read-only root file system"; fi
{ grep -E "Starting [A-Za-z]+Application" "$log" | head -1; grep -E "^Caused by" "$log" | tail -1; } | cut -c1-240 | sed 's/^/smoke:   /'
echo "smoke: ok (exit status $rc: started Spring as $user on a read-only root, stopped on the missing infrastructure)"
