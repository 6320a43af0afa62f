#!/bin/bash
# guest-poke-stress.sh [SECONDS]: in the VM, stress the kernel's live
# code patching (text_poke_bp) while every vCPU runs the code patched:
# switches kernel.sched_schedstats (a static key in the scheduler) and
# the timer tracepoints on and off, for SECONDS (default 60), with a
# sleeper on each vCPU. Under multi-threaded TCG this found the early
# boot's "Oops: int3" within a minute (scripts/vm-run.sh's comment):
#   GPSVM_TCG=multi scripts/vm-run.sh --no-load scripts/guest-poke-stress.sh
set -u
secs=${1:-60}
pids=()
for ((c = 0; c < $(nproc); c++)); do
	taskset -c $c bash -c 'while :; do sleep 0.001; done' &
	pids+=($!)
done
ev=/sys/kernel/tracing/events/timer/enable
n=0
end=$((SECONDS + secs))
while [ $SECONDS -lt $end ]; do
	echo 1 > /proc/sys/kernel/sched_schedstats
	echo 1 > $ev
	echo 0 > /proc/sys/kernel/sched_schedstats
	echo 0 > $ev
	n=$((n + 1))
	[ $((n % 10)) != 0 ] || echo "poke-stress: $n rounds, uptime $(cut -d' ' -f1 /proc/uptime) s"
done
kill "${pids[@]}"
echo "poke-stress: $n rounds in $secs s, kernel alive"
