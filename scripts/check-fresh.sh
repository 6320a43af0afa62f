#!/bin/bash
# make check-fresh: the README's two commands on a clean Debian 12 root,
# so that a package the set-up forgets to install fails here first and not
# on a user's machine. Builds the root with debootstrap from Debian's
# archive (the sources a fresh Debian 12 install has), clones this
# checkout's HEAD into it, installs make and runs "make run" and then
# "make check" there from nothing: packages, the test kernel (its cache is the root's own,
# empty /var/cache/gpsvm), modules, user space, the VM. Takes 1-2 hours
# on 2 cores; not part of make check. Needs root.
#
# Environment:
#   FRESH_ROOT    where the root is built (default /var/tmp/gpsvm-fresh;
#                 removed first, and at the end unless FRESH_KEEP=1)
#   FRESH_MIRROR  the Debian mirror (default http://deb.debian.org/debian)
# The logs go to out/check-fresh/: debootstrap.log, make.log, run.log,
# check.log.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$GPSVM_TOP"
root=${FRESH_ROOT:-/var/tmp/gpsvm-fresh}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
logs=$GPSVM_TOP/out/check-fresh
start=$(date +%s)

[ "$(id -u)" = 0 ] || { echo "check-fresh: needs root (chroot)" >&2; exit 1; }
need_pkgs debootstrap git || exit 1
mkdir -p "$logs"

mounts=(proc sys dev dev/pts)
unmount() {
	local m i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=$root/${mounts[i]}
		mountpoint -q "$m" && umount -l "$m"
	done
	return 0
}
cleanup() {
	unmount
	[ "${FRESH_KEEP:-0}" = 1 ] || rm -rf --one-file-system "$root"
}
trap cleanup EXIT

unmount
rm -rf --one-file-system "$root"
say "check-fresh: debootstrap bookworm into $root (log: $logs/debootstrap.log)"
if ! debootstrap bookworm "$root" "$mirror" > "$logs/debootstrap.log" 2>&1; then
	tail -20 "$logs/debootstrap.log"
	echo "check-fresh: debootstrap failed"
	exit 1
fi
# What a fresh Debian 12 has: the release, its updates and security.
cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts"

# The checkout as a user gets it: a clone of HEAD, nothing built.
git clone -q --no-hardlinks "$GPSVM_TOP" "$root/root/gpsvm" || exit 1
git -C "$root/root/gpsvm" log -1 --format='check-fresh: at %h %s' >&2

# in_root LOG CMD: run CMD in the root as a login would, output to LOG.
in_root() {
	local log=$1
	shift
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd /root/gpsvm && $*" > "$log" 2>&1
}

# The one thing the README takes as given: make itself.
if ! in_root "$logs/make.log" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make"; then
	tail -20 "$logs/make.log"
	echo "check-fresh: installing make failed"
	exit 1
fi

status=0
say "check-fresh: make run (kernel build included; log: $logs/run.log)"
if in_root "$logs/run.log" make run; then
	say "check-fresh: make run passed"
else
	tail -30 "$logs/run.log"
	echo "check-fresh: make run FAILED"
	status=1
fi
if [ $status = 0 ]; then
	say "check-fresh: make check (log: $logs/check.log)"
	in_root "$logs/check.log" make check
	rc=$?
	tail -3 "$logs/check.log"
	[ $rc = 0 ] || { echo "check-fresh: make check FAILED"; status=1; }
fi
echo "check-fresh took $(($(date +%s) - start)) s"
[ $status = 0 ] && echo "check-fresh: passed"
exit $status
