#!/bin/bash
# make check: build everything, run every test in the VM, style-check the
# kernel code, and end with "N passed, N failed". Exits non-zero on any
# failure, a kernel splat in the guest included.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$GPSVM_TOP"
start=$(date +%s)
out=$GPSVM_TOP/out/check
results=$out/results

need_pkgs "${GPSVM_PKGS[@]}" || exit 1
say "building the test kernel (once per machine), the modules and user space"
if ! make -s modules user; then
	echo "build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

# The fuzzer's settings reach the guest (scripts/guest-tests.sh).
guest_env=()
for v in GPSVM_FUZZ_SECONDS GPSVM_FUZZ_SEED GPSVM_FUZZ_EXCLUDE \
	GPSVM_INJECT_SECONDS; do
	[ -z "${!v+x}" ] || guest_env+=("$v=${!v}")
done
say "tests in the VM: a line per suite as it ends (about 15 minutes in all)"
scripts/vm-run.sh --no-load --out "$out" -- \
	env "${guest_env[@]}" "$GPSVM_TOP/scripts/guest-tests.sh"
vm_status=$?
touch "$results"

# record RESULT NAME: a result found on the host.
record() { echo "$1 $2" | tee -a "$results"; }

[ -s "$results" ] || record FAIL vm/no-results
[ $vm_status = 0 ] || [ -f "$out/status" ] || record FAIL vm/guest-died
if scripts/scan-klog.sh "$out/console.log" "$out/dmesg.log"; then
	record PASS vm/kernel-log-clean
else
	record FAIL vm/kernel-log-clean
fi
say "host tests and checkpatch"
# Host unit tests: each prints its own "N passed, N failed".
host_test() {
	local name=$1
	shift
	if "$@" > "$out/$name.log" 2>&1; then
		record PASS "host/$name"
	else
		cat "$out/$name.log"
		record FAIL "host/$name"
	fi
}
host_test isa-assembler out/tests/test_asm firmware-notes/isa.md
host_test isa-interpreter out/tests/test_isa_interp
host_test softfloat out/tests/test_softfloat
host_test compiler out/tests/test_clc
# Random programs (compiler/tests/clc_random.c), reproducible by seed.
host_test compiler-random out/tests/test_clc --random \
	"${GPSVM_CLC_RANDOM:-2000}" "${GPSVM_CLC_RANDOM_SEED:-1}"
# The kernel is there (built above): -o kernel, for no second "cached" line.
if make -s -o kernel checkpatch; then
	record PASS checkpatch
else
	record FAIL checkpatch
fi

pass=$(grep -cE '^(PASS|XFAIL) ' "$results")
fail=$(grep -cE '^(FAIL|XPASS) ' "$results")
skip=$(grep -cE '^SKIP ' "$results")
if grep -qE '^(XFAIL|XPASS) ' "$results"; then
	echo "known kernel failures (kernel/hmm-tests-thp.known):"
	grep -E '^(XFAIL|XPASS) ' "$results"
fi
if [ "$fail" != 0 ]; then
	echo "failed:"
	grep -E '^(FAIL|XPASS) ' "$results"
fi
# vm-run.sh boots again a guest that died before the tests started.
dead=$(find "$out" -maxdepth 1 -name 'console-boot*.log' | wc -l)
[ "$dead" = 0 ] || echo "note: $dead boot(s) died before the tests started and were" \
	"booted again (not a test failure): $out/console-boot*.log"
echo "make check took $(($(date +%s) - start)) s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
