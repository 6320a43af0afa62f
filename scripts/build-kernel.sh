#!/bin/bash
# Build (once per machine) the gpsvm test kernel from Debian's
# linux-source-6.12 with kernel/gpsvm.config (and kernel/kasan.config when
# KASAN=1), in a cache directory outside the clone. Prints that directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs "${GPSVM_PKGS[@]}"
kdir=$(kernel_dir)
src=$kdir/linux-source-6.12
if [ -f "$kdir/.built" ]; then
	echo "$src"
	exit 0
fi

mkdir -p "$kdir"
exec 9>"$kdir/.lock"
flock 9
if [ ! -f "$kdir/.built" ]; then
	start=$(date +%s)
	if [ ! -f "$kdir/.extracted" ]; then
		rm -rf "$src"
		tar -C "$kdir" -xJf /usr/src/linux-source-6.12.tar.xz
		touch "$kdir/.extracted"
	fi
	frags=("$GPSVM_TOP/kernel/gpsvm.config")
	[ "$KASAN" = 1 ] && frags+=("$GPSVM_TOP/kernel/kasan.config")
	cd "$src"
	make -s x86_64_defconfig >&2
	scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null
	make -s olddefconfig >&2
	# Kconfig drops what it cannot satisfy without a word: check each line.
	bad=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -q "^$opt=" .config && { echo "kernel config: $opt is set, wanted n" >&2; bad=1; }
		elif ! grep -qx "$opt=$val" .config; then
			echo "kernel config: wanted $line, got: $(grep "^$opt=" .config || echo unset)" >&2
			bad=1
		fi
	done < <(cat "${frags[@]}")
	# Helpers with no prompt that the driver and the model use.
	for opt in CONFIG_HMM_MIRROR CONFIG_DRM_SCHED CONFIG_DRM_GPUVM CONFIG_DRM_EXEC CONFIG_IRQ_SIM; do
		grep -qE "^$opt=(y|m)" .config || { echo "kernel config: $opt not enabled" >&2; bad=1; }
	done
	[ $bad = 0 ] || exit 1
	make -s -j"$(nproc)" bzImage modules >&2
	make -s headers_install INSTALL_HDR_PATH="$kdir/headers" >&2
	mkdir -p "$kdir/modules"
	make -s modules_install INSTALL_MOD_PATH="$kdir/modules" INSTALL_MOD_STRIP=1 >&2
	echo "gpsvm: kernel built in $(($(date +%s) - start)) s" >&2
	touch "$kdir/.built"
fi
echo "$src"
