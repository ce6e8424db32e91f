#!/usr/bin/env bash
# Builds the apps' base image from Debian's packages, with no Docker daemon and no container
# registry: a Debian 12 (bookworm) root file system with OpenJDK 17's headless runtime, made by
# debootstrap, brought up to date from bookworm-updates and bookworm-security, trimmed, and written
# as a `docker save` style tarball (manifest.json, config JSON, one layer) that Jib reads as
# `tar://` base (deploy/images/README.md, docs/adr/017-images-without-a-docker-daemon.md).
#
#   deploy/images/build-base.sh            print the tarball's path, building it when missing
#   deploy/images/build-base.sh --rebuild  build it again now (for newer packages)
#
# The tarball is cached in $CASEJOURNEY_IMAGE_CACHE (default ~/.cache/casejourney/images), keyed by
# this script's content, so a second run costs nothing; one older than $CASEJOURNEY_BASE_MAX_AGE_DAYS
# (default 7) is built again, so the base does not fall behind Debian's security updates. Needs root (debootstrap, chroot) and a Debian
# mirror ($DEBIAN_MIRROR, $DEBIAN_SECURITY_MIRROR); installs debootstrap and jq when missing. Progress
# goes to stderr; stdout is the path alone: -Dimage.base=tar://$(deploy/images/build-base.sh).
set -euo pipefail

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
PACKAGES=openjdk-17-jre-headless,ca-certificates
# The user the apps run as (distroless's "nonroot"), the uid the Kubernetes manifests run the apps'
# pods as (deploy/kubernetes); the image config names it by number.
APP_UID=65532
APP_USER=nonroot
CACHE=${CASEJOURNEY_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/casejourney/images}
# The layer's file times; a fixed value keeps the layer's digest a function of its content.
EPOCH=${SOURCE_DATE_EPOCH:-0}

rebuild=false
if [ "${1:-}" = "--rebuild" ]; then rebuild=true; fi

log() { echo "build-base: $*" >&2; }

key=$(sha256sum "$0" | cut -c1-12)
out="$CACHE/debian-$SUITE-jre17-$key.tar"
max_age=${CASEJOURNEY_BASE_MAX_AGE_DAYS:-7}
if [ -s "$out" ] && [ -n "$(find "$out" -mtime "-$max_age")" ] && [ "$rebuild" = false ]; then
  log "cached: $out"
  echo "$out"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
missing=""
for tool in debootstrap jq; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  log "installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/work.XXXXXX")
root="$work/rootfs"
cleanup() {
  # debootstrap and the chroot steps mount these; never leave one behind before deleting the tree
  for m in proc sys dev/pts; do
    if mountpoint -q "$root/$m" 2>/dev/null; then $SUDO umount -l "$root/$m" || true; fi
  done
  $SUDO rm -rf "$work"
}
trap cleanup EXIT
in_root() { $SUDO chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

start=$(date +%s)
# The base system first, then the runtime from the updated package lists, so the JDK is downloaded
# once, at its newest version.
log "debootstrap $SUITE (minbase) from $MIRROR"
$SUDO debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$work/build.log" 2>&1 \
  || { tail -20 "$work/build.log" >&2; exit 1; }

log "updates from $SUITE-updates and $SUITE-security; installing $PACKAGES"
$SUDO tee "$root/etc/apt/sources.list" >/dev/null <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
SOURCES
# dpkg syncs every file it writes; a throw-away tree does not need that (removed again below)
echo force-unsafe-io | $SUDO tee "$root/etc/dpkg/dpkg.cfg.d/build-unsafe-io" >/dev/null
$SUDO mount -t proc proc "$root/proc"
{
  in_root apt-get update -qq
  in_root apt-get -y -qq -o Dpkg::Options::=--force-confold upgrade
  in_root apt-get -y -qq --no-install-recommends install ${PACKAGES//,/ }
  in_root apt-get clean
} >>"$work/build.log" 2>&1 || { $SUDO umount "$root/proc"; tail -20 "$work/build.log" >&2; exit 1; }
java_version=$(in_root java -version 2>&1 | head -1)
$SUDO umount "$root/proc"

log "trimming ($(( $(date +%s) - start )) s so far)"
# No package manager at run time: the image is rebuilt, not patched. dpkg's database stays, so an
# image scanner can still tell which package versions the image holds.
in_root dpkg --purge apt libapt-pkg6.0 >/dev/null 2>&1
# Documentation, manuals and translations: keep each package's copyright file, drop the rest.
$SUDO find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
$SUDO find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
$SUDO rm -rf "$root"/usr/share/{man,info,locale,lintian,bash-completion}/* \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
  "$root"/var/log/* "$root"/etc/apt/sources.list "$root"/etc/dpkg/dpkg.cfg.d/build-unsafe-io \
  "$root"/etc/hostname "$root"/etc/resolv.conf "$root"/etc/machine-id
# Nothing in the image gains privileges: set-user-id and set-group-id bits off (su, mount, passwd, ...).
$SUDO find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +
# The app's user and its home (read-only with the rest of the root file system; /tmp is the writable mount).
echo "$APP_USER:x:$APP_UID:$APP_UID:$APP_USER:/home/$APP_USER:/usr/sbin/nologin" | $SUDO tee -a "$root/etc/passwd" >/dev/null
echo "$APP_USER:x:$APP_UID:" | $SUDO tee -a "$root/etc/group" >/dev/null
echo "$APP_USER:!:0::::::" | $SUDO tee -a "$root/etc/shadow" >/dev/null
$SUDO install -d -m 0755 -o "$APP_UID" -g "$APP_UID" "$root/home/$APP_USER"
$SUDO chmod 1777 "$root/tmp"
java_home=$(dirname "$(dirname "$($SUDO readlink -f "$root/usr/bin/java")")")
java_home=${java_home#"$root"}
log "java: $java_version ($java_home)"

log "writing the layer ($(( $(date +%s) - start )) s so far)"
layer="$work/layer.tar"
# Device nodes, /proc and /sys come from the container runtime, not the image.
$SUDO tar --create --file="$layer" --directory="$root" --numeric-owner --sort=name \
  --mtime="@$EPOCH" --clamp-mtime --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
  --exclude='./run/*' .
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
gzip -n -1 "$layer"
layer_gz="$layer.gz"

arch=$(dpkg --print-architecture)
case "$arch" in
  amd64|arm64) ;;
  *) log "unsupported architecture $arch"; exit 1 ;;
esac
created=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
jq -n --arg arch "$arch" --arg created "$created" --arg diff "sha256:$diff_id" \
  --arg java_home "$java_home" --arg uid "$APP_UID" --arg home "/home/$APP_USER" --arg by "deploy/images/build-base.sh: debootstrap --variant=minbase $SUITE, apt-get install ${PACKAGES//,/ }" \
  --arg java "$java_version" '{
  architecture: $arch, os: "linux", created: $created,
  config: {
    User: ($uid + ":" + $uid),
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ("JAVA_HOME=" + $java_home), "LANG=C.UTF-8"],
    WorkingDir: $home,
    Labels: {"org.casejourney.base.java": $java}
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created: $created, created_by: $by}]
}' >"$work/config.json"
config_digest=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir -p "$work/image"
mv "$work/config.json" "$work/image/$config_digest.json"
mv "$layer_gz" "$work/image/$diff_id.tar.gz"
jq -n --arg config "$config_digest.json" --arg layer "$diff_id.tar.gz" \
  '[{Config: $config, RepoTags: ["casejourney/base-jre17:'"$SUITE"'"], Layers: [$layer]}]' >"$work/image/manifest.json"
tar --create --file="$work/base.tar" --directory="$work/image" --sort=name --mtime="@$EPOCH" --owner=0 --group=0 \
  manifest.json "$config_digest.json" "$diff_id.tar.gz"
mv "$work/base.tar" "$out"
# earlier versions of this script left their own tarballs
find "$CACHE" -maxdepth 1 -name "debian-$SUITE-jre17-*.tar" ! -path "$out" -delete
log "built $out ($(du -h "$out" | cut -f1)) in $(( $(date +%s) - start )) s"
echo "$out"
