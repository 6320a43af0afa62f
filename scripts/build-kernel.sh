#!/bin/bash
# Build (once per machine) the gpsvm test kernel from Debian's
# linux-source-6.12 with kernel/gpsvm.config (and kernel/kasan.config when
# KASAN=1), in a cache directory outside the clone. Prints that directory.
# -v: say so in one line when the kernel is cached already. A build says
# what it does on stderr, a line per stage and the compile's progress.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verbose=0
[ "${1:-}" != -v ] || verbose=1
need_pkgs "${GPSVM_PKGS[@]}"
kdir=$(kernel_dir)
src=$kdir/linux-source-6.12
if [ -f "$kdir/.built" ]; then
	[ $verbose = 0 ] || say "kernel: cached in $kdir"
	echo "$src"
	exit 0
fi

# objects_estimate: objects in a kernel built here before (any flavour),
# or those of the lockdep flavour of linux-source-6.12 on 2025-11.
objects_estimate() {
	local d n=0 m
	for d in "$GPSVM_CACHE"/*/; do
		if [ -f "$d.objects" ]; then
			m=$(cat "$d.objects")
		elif [ -f "$d.built" ]; then
			m=$(find "$d/linux-source-6.12" -name '*.o' | wc -l)
		else
			continue
		fi
		[ "$m" -le $n ] || n=$m
	done
	[ $n -gt 0 ] || n=3200
	echo $n
}

mkdir -p "$kdir"
exec 9>"$kdir/.lock"
if ! flock -n 9; then
	say "kernel: waiting for another build of it in $kdir"
	flock 9
fi
if [ ! -f "$kdir/.built" ]; then
	start=$(date +%s)
	say "kernel: building the test kernel in $kdir, once per machine" \
		"and configuration (15-30 min on 2 cores; later runs reuse it)"
	# Kbuild must print its "CC file.o" lines for the progress count:
	# not the silent mode of a "make -s" that runs this script.
	unset MAKEFLAGS MFLAGS MAKELEVEL
	if [ ! -f "$kdir/.extracted" ]; then
		say "kernel: extracting ${GPSVM_KSRC_TAR##*/}"
		rm -rf "$src"
		tar -C "$kdir" -xJf "$GPSVM_KSRC_TAR"
		touch "$kdir/.extracted"
	fi
	frags=("$GPSVM_TOP/kernel/gpsvm.config")
	[ "$KASAN" = 1 ] && frags+=("$GPSVM_TOP/kernel/kasan.config")
	say "kernel: configuring: x86_64_defconfig with ${frags[*]#"$GPSVM_TOP/"}"
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
	total=$(objects_estimate)
	if ! make -j"$(nproc)" bzImage modules 2>&1 |
		"$GPSVM_TOP/scripts/progress.py" "gpsvm: kernel: compiling" "$total" "$kdir/build.log"; then
		tail -n 40 "$kdir/build.log" >&2
		say "kernel: the build failed; its output is in $kdir/build.log"
		exit 1
	fi
	say "kernel: installing the headers and modules"
	make -s headers_install INSTALL_HDR_PATH="$kdir/headers" >&2
	mkdir -p "$kdir/modules"
	make -s modules_install INSTALL_MOD_PATH="$kdir/modules" INSTALL_MOD_STRIP=1 >&2
	find "$src" -name '*.o' | wc -l > "$kdir/.objects"
	t=$(($(date +%s) - start))
	say "kernel: built in $((t / 60))m$(printf %02d $((t % 60)))s"
	touch "$kdir/.built"
fi
echo "$src"
