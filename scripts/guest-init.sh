#!/bin/bash
# PID 1 of the gpsvm test VM (see vm-run.sh). The root file system is the
# host's, read-only; everything the guest writes goes to tmpfs or to the
# shared output directory.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
# Booted on one CPU (vm-run.sh's GPSVM_LATE_SMP): the others now.
if grep -qw maxcpus=1 /proc/cmdline; then
	for c in /sys/devices/system/cpu/cpu[0-9]*/online; do
		echo 1 > "$c"
	done
fi
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/hugepages
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd
# The host's tree stays reachable under the tmpfs mounts below, so that a
# checkout or a cache in /tmp or /root can be shown again at its own path.
mkdir -p /dev/.host
mount --bind / /dev/.host
for d in /tmp /run /var/tmp /var/log /root; do
	mount -t tmpfs tmpfs "$d"
done
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
mount -t hugetlbfs hugetlbfs /dev/hugepages
# Memory cgroups and swap, for the reclaim tests: memory.reclaim and
# memory limits push pages out to swap on a compressed RAM disk.
mount -t cgroup2 cgroup2 /sys/fs/cgroup
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
echo 1G > /sys/block/zram0/disksize
mkswap /dev/zram0 > /dev/null
swapon /dev/zram0
mkdir -p /run/gpsvm
mount -t 9p -o trans=virtio,version=9p2000.L gpsvmout /run/gpsvm
hostname gpsvm-vm

. /run/gpsvm/orders
export GPSVM_TOP GPSVM_MODEL_ARGS
for p in "$GPSVM_TOP" "$GPSVM_CWD" "$GPSVM_KMODS"; do
	for d in /tmp /run /var/tmp /var/log /root; do
		case "$p/" in
		"$d"/*)
			mkdir -p "$p"
			mountpoint -q "$p" || mount --bind "/dev/.host$p" "$p"
			;;
		esac
	done
done
# The host has no /lib/modules for this kernel, and the root is read-only:
# every modprobe, the kernel's own included, looks in the kernel cache.
export MODPROBE_OPTIONS="-d $GPSVM_KMODS"
printf '#!/bin/sh\nexec /sbin/modprobe -d %q "$@"\n' "$GPSVM_KMODS" > /run/modprobe
chmod +x /run/modprobe
echo /run/modprobe > /proc/sys/kernel/modprobe
. "$GPSVM_TOP/scripts/guest-lib.sh"

# The host's vm-run.sh boots again a guest that dies before this point
# (an early-boot death), never one that died after it.
: > /run/gpsvm/started
status=0
if [ "$GPSVM_LOAD" = 1 ]; then
	gpsvm_load $GPSVM_MODEL_ARGS > /run/gpsvm/cmd.log 2>&1 || status=$?
fi
if [ "$status" = 0 ]; then
	cd "$GPSVM_CWD" || cd /
	if [ "$GPSVM_INTERACTIVE" = 1 ]; then
		[ -z "$GPSVM_CMD" ] || setsid -c bash -c "$GPSVM_CMD" <>/dev/ttyS0 >&0 2>&1
		echo "gpsvm VM: exit the shell to power off" >/dev/ttyS0
		setsid -c bash -l <>/dev/ttyS0 >&0 2>&1
	elif [ -n "$GPSVM_CMD" ]; then
		bash -c "$GPSVM_CMD" >> /run/gpsvm/cmd.log 2>&1 </dev/null
		status=$?
	fi
fi
dmesg > /run/gpsvm/dmesg.log
echo "$status" > /run/gpsvm/status
sync
umount /run/gpsvm
echo o > /proc/sysrq-trigger
# PID 1 must not exit, and the root file system is going away.
while :; do :; done
