#!/bin/bash
# The first-touch benchmark in the VM; started by bench.sh through
# vm-run.sh, with the modules loaded. Runs gpsvm-bench once for each THP
# setting and driver mode and leaves each run's output in
# /run/gpsvm/raw/<thp>-<mode>.txt (stderr in .err, exit status in .status).
#
# Environment (set by bench.sh):
#   BENCH_THP    THP settings, from "never always" (default: both)
#   BENCH_MODES  driver modes, from "default nouveau" (default: both)
#   BENCH_ARGS   more gpsvm-bench arguments (--size, --chunk, ...)
#   BENCH_MIGRATE_MIB  the migration benchmark's largest size, run once
#                with THP never into migrate.txt (default 256; 0: none)
#   BENCH_RETRIES  runs again, on fresh memory, a run whose GPU job timed
#                out (gpsvm-bench's status 3), up to this many times
#                (default 1); the failed attempts' outputs are kept as
#                <thp>-<mode>.try<N>.*. Wrong data is never retried.
set -u
. "$GPSVM_TOP/scripts/guest-lib.sh"
bench=$GPSVM_TOP/out/bin/gpsvm-bench
raw=/run/gpsvm/raw
thp_file=/sys/kernel/mm/transparent_hugepage/enabled
nouveau=/sys/module/gpsvm/parameters/nouveau_mode
mkdir -p "$raw"

# set_mode MODE: the driver's fault handling for the next run.
set_mode() {
	case "$1" in
	default) [ ! -e "$nouveau" ] || echo 0 > "$nouveau" ;;
	nouveau) [ -w "$nouveau" ] && echo 1 > "$nouveau" ;;
	*) echo "guest-bench: unknown mode $1" >&2; return 1 ;;
	esac
}

# run_one NAME: one gpsvm-bench run; its status.
run_one() {
	local name=$1 rc start klines

	# The same memory state for every run: free huge pages.
	sync
	echo 3 > /proc/sys/vm/drop_caches
	echo 1 > /proc/sys/vm/compact_memory
	echo "== $name: $bench ${BENCH_ARGS:-}"
	start=$(date +%s)
	klines=$(dmesg | wc -l)
	# shellcheck disable=SC2086
	"$bench" ${BENCH_ARGS:-} > "$raw/$name.txt" 2> "$raw/$name.err"
	rc=$?
	echo "$rc" > "$raw/$name.status"
	cat "$raw/$name.txt" "$raw/$name.err"
	echo "== $name: exit $rc after $(($(date +%s) - start)) s"
	if [ "$rc" != 0 ]; then
		echo "== $name: kernel log during the run:"
		dmesg | tail -n +$((klines + 1)) | tail -n 60 |
			tee "$raw/$name.dmesg"
	fi
	return "$rc"
}

status=0
for thp in ${BENCH_THP:-never always}; do
	if ! echo "$thp" > "$thp_file"; then
		echo "guest-bench: cannot set THP to $thp" >&2
		status=1
		continue
	fi
	for mode in ${BENCH_MODES:-default nouveau}; do
		name=$thp-$mode
		if ! set_mode "$mode"; then
			echo "SKIP $name: $nouveau is missing or not writable" |
				tee "$raw/$name.skip"
			continue
		fi
		try=1
		while :; do
			run_one "$name"
			rc=$?
			[ "$rc" = 3 ] && [ "$try" -le "${BENCH_RETRIES:-1}" ] || break
			for f in txt err status dmesg; do
				mv "$raw/$name.$f" "$raw/$name.try$try.$f"
			done
			echo "== $name: a job timed out; again on fresh memory"
			try=$((try + 1))
		done
		[ "$rc" = 0 ] || status=1
	done
	set_mode default
done
# Migration, once, on small pages: test_hmm's as the software peer.
if [ "${BENCH_MIGRATE_MIB:-256}" != 0 ]; then
	modprobe test_hmm || echo "guest-bench: no test_hmm module" >&2
	echo never > "$thp_file"
	BENCH_ARGS="--migrate --size ${BENCH_MIGRATE_MIB:-256}" \
		run_one migrate || status=1
fi
# Back to the VM's boot setting.
echo always > "$thp_file"
exit $status
