#!/bin/bash
# boot-stress.sh [N] [vm-run.sh options]: boot the test VM N times
# (default 100) with `true` as the command and no retry (GPSVM_BOOTS=1),
# and count the boots that died. One verdict line per boot, then a
# summary; the console of each failed boot is kept in out/boot-stress/
# (or $BOOT_STRESS_OUT). For the early-boot deaths vm-run.sh retries.
# Environment: as vm-run.sh's (GPSVM_TCG, GPSVM_SMP, ...).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
n=${1:-100}
[ $# -eq 0 ] || shift
out=${BOOT_STRESS_OUT:-$GPSVM_TOP/out/boot-stress}
mkdir -p "$out"
rm -f "$out"/failed-*.log "$out/verdicts"
ok=0 died=0 failed=0
echo "boot-stress: $n boots, TCG ${GPSVM_TCG:-multi}, $(nproc) host CPUs" | tee "$out/verdicts"
for ((i = 1; i <= n; i++)); do
	t0=$(date +%s)
	GPSVM_BOOTS=1 "$GPSVM_TOP/scripts/vm-run.sh" --no-load "$@" --out "$out/vm" true \
		> "$out/vm-run.log" 2>&1
	rc=$? t=$(($(date +%s) - t0))
	if [ $rc = 0 ]; then
		ok=$((ok + 1))
		v="ok"
	else
		log=$out/failed-$i.log
		cat "$out/vm/console"*.log > "$log" 2>/dev/null
		why=$(grep -m1 -aE 'Oops|Kernel panic|BUG:|general protection' "$log" |
			sed 's/^\[[^]]*\] *//')
		if [ -e "$out/vm/started" ]; then
			failed=$((failed + 1))
			v="FAILED after start (rc $rc; ${why:-see $log})"
		else
			died=$((died + 1))
			v="DIED before start (${why:-no kernel message}; $log)"
		fi
	fi
	printf 'boot %d: %s, %d s, load %s\n' $i "$v" $t "$(cut -d' ' -f1 /proc/loadavg)" |
		tee -a "$out/verdicts"
done
echo "boot-stress: $n boots: $ok ok, $died died before the tests, $failed failed after" |
	tee -a "$out/verdicts"
[ $ok = "$n" ]
