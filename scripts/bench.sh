#!/bin/bash
# make bench: GPU first touch of process memory against the CPU's, GPU
# atomics on process memory alone and against CPU writers, and the
# latency of a short job beside another process's endless launches, and
# (on the host) compiled OpenCL C against hand-written assembly. Boots
# the VM once; in it, gpsvm-bench runs for each THP setting and driver
# mode (scripts/guest-bench.sh). Prints a table with the ratios and writes
# it to out/bench/results.txt; the raw outputs and the VM's logs are in
# out/bench/vm/. Not part of make check.
#
# Environment:
#   BENCH_THP         THP settings to run, "never always" (default both)
#   BENCH_MODES       driver modes, "default nouveau" (default both; the
#                     nouveau mode is skipped when the driver lacks
#                     the nouveau_mode parameter)
#   BENCH_SIZE_MIB    memory each run touches (default 256)
#   BENCH_CHUNK_MIB   memory each GPU job touches (default 16; jobs stop
#                     after 10 s under TCG)
#   BENCH_ATOMIC_MIB  memory of the atomics runs (default 64; 0: none)
#   BENCH_VICTIM_JOBS short jobs timed alone and beside the endless
#                     launches (default 20; 0: none)
#   BENCH_ARGS        more gpsvm-bench arguments
#   BENCH_MIGRATE_MIB largest size of the migration table (default 256;
#                     0: no migration table)
#   BENCH_RETRIES     reruns of a run whose GPU job timed out (default 1;
#                     reported in the results)
# and vm-run.sh's own: GPSVM_MEM, GPSVM_SMP, GPSVM_TIMEOUT, KASAN.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$GPSVM_TOP"
out=$GPSVM_TOP/out/bench
start=$(date +%s)

thp=${BENCH_THP:-never always}
modes=${BENCH_MODES:-default nouveau}
args="--size ${BENCH_SIZE_MIB:-256} --chunk ${BENCH_CHUNK_MIB:-16}"
args+=" --atomic-size ${BENCH_ATOMIC_MIB:-64}"
args+=" --victim-jobs ${BENCH_VICTIM_JOBS:-20} ${BENCH_ARGS:-}"

mkdir -p "$out"
rm -f "$out/results.txt"
migrate_mib=${BENCH_MIGRATE_MIB:-256}
scripts/vm-run.sh --out "$out/vm" -- "$(printf 'BENCH_THP=%q BENCH_MODES=%q BENCH_ARGS=%q BENCH_RETRIES=%q BENCH_MIGRATE_MIB=%q %q' \
	"$thp" "$modes" "$args" "${BENCH_RETRIES:-1}" "$migrate_mib" "$GPSVM_TOP/scripts/guest-bench.sh")"
vm_status=$?

python3 - "$out/vm/raw" "$thp" "$modes" "$args" "$vm_status" "$migrate_mib" \
	> "$out/results.txt" <<'EOF'
import os, sys

raw, thps, modes, args, vm_status = sys.argv[1], sys.argv[2].split(), \
    sys.argv[3].split(), sys.argv[4], int(sys.argv[5])
migrate_mib = int(sys.argv[6])

def load(name):
    """The run's values (maybe partial), and why it is not complete."""
    p = os.path.join(raw, name)
    if os.path.exists(p + '.skip'):
        return None, 'skipped: the driver has no nouveau_mode parameter'
    if not os.path.exists(p + '.txt'):
        return None, 'not run'
    vals = {}
    for line in open(p + '.txt'):
        k, _, v = line.strip().partition(' ')
        try:
            vals[k] = float(v)
        except ValueError:
            pass
    status = open(p + '.status').read().strip() \
        if os.path.exists(p + '.status') else '?'
    if status != '0':
        return vals, 'FAILED (exit %s): %s' % (status, last_err(p))
    return vals, None

def last_err(p):
    """Which job failed and how, from gpsvm-bench's stderr."""
    err = open(p + '.err').read().strip().splitlines() \
        if os.path.exists(p + '.err') else []
    why = [l.replace('gpsvm-bench: ', '') for l in err
           if ' of ' in l and l.startswith('gpsvm-bench: job ') or
           l.startswith('gpsvm-bench: FAIL')]
    return '; '.join(why) if why else (err[-1] if err else '')

def retries(name):
    """Notes on the attempts that timed out before the one shown."""
    out, n = [], 1
    while os.path.exists(os.path.join(raw, '%s.try%d.status' % (name, n))):
        p = os.path.join(raw, '%s.try%d' % (name, n))
        out.append('attempt %d timed out and was run again: %s' %
                   (n, last_err(p)))
        n += 1
    return out

def num(v, fmt='%.1f'):
    return '-' if v is None else fmt % v

def table(cols, rows):
    """The rows under their column names, right-aligned."""
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c)
              for i, c in enumerate(cols)]
    print('  '.join(c.rjust(w) for c, w in zip(cols, widths)))
    for r in rows:
        print('  '.join(c.rjust(w) for c, w in zip(r, widths)))

runs = {(t, m): load('%s-%s' % (t, m)) for t in thps for m in modes}
print('gpsvm benchmark, first touch and atomics: gpsvm-bench %s' % args.strip())
print('MiB/s of first-touch writes, one store per 4 KiB page on the GPU,')
print('memset() on the CPU; in the same VM (QEMU TCG).')
print()
cols = ['thp', 'mode', 'cpu MiB/s', 'gpu MiB/s', 'gpu/cpu', 'gpu warm',
        'gpu s', 'job max s', 'faults', 'dups', 'batches', 'replays', 'pages_4k',
        'pages_2m', 'invals']
keys = ['faults', 'duplicates', 'batches', 'replays', 'pages_4k',
        'pages_2m', 'invalidations']
rows, notes = [], []
for (t, m), (v, why) in runs.items():
    for note in retries('%s-%s' % (t, m)):
        notes.append('thp=%s mode=%s: %s' % (t, m, note))
    if why:
        notes.append('thp=%s mode=%s: %s' % (t, m, why))
    if v is None:
        continue
    cpu = v.get('cpu_first_touch_mibps')
    gpu = v.get('gpu_first_touch_mibps')
    ratio = gpu / cpu if cpu and gpu else None
    row = [t, m, num(cpu), num(gpu), num(ratio, '%.4f'),
           num(v.get('gpu_warm_mibps')), num(v.get('gpu_first_touch_s'), '%.2f'),
           num(v.get('gpu_job_max_s'), '%.2f')]
    row += [num(v.get('gpu_' + k), '%d') for k in keys]
    rows.append(row)
table(cols, rows)
print()
print('GPU atomics, one counter a 4 KiB page, alone and while two CPU threads')
print('write the other words of the same pages (each CPU write takes a page')
print('back from the GPU); every counter checked, lost updates must be 0.')
print()
acols = ['thp', 'mode', 'alone s', 'contended s', 'contended/alone',
         'alone Mops', 'contended Mops', 'lost', 'cpu writes']
arows = []
for (t, m), (v, why) in runs.items():
    if v is None or v.get('gpu_atomic_alone_s') is None:
        continue
    arows.append([t, m, num(v.get('gpu_atomic_alone_s'), '%.2f'),
                  num(v.get('gpu_atomic_contended_s'), '%.2f'),
                  num(v.get('gpu_atomic_contended_over_alone'), '%.2f'),
                  num(v.get('gpu_atomic_alone_mops'), '%.4f'),
                  num(v.get('gpu_atomic_contended_mops'), '%.4f'),
                  num(v.get('gpu_atomic_alone_lost', 0) +
                      v.get('gpu_atomic_contended_lost', 0), '%d')
                  if 'gpu_atomic_contended_lost' in v else '-',
                  num(v.get('cpu_atomic_contended_writes'), '%d')])
table(acols, arows)
print()
print('Time-slicing: latency of one-thread jobs (submission to completion),')
print('alone and while another process runs launches that never end and fill')
print('every SM (each stopped by the 10 s channel timeout, the next queued).')
print()
vcols = ['thp', 'mode', 'alone mean ms', 'alone max ms', 'beside mean ms',
         'beside max ms', 'beside/alone']
vrows = []
for (t, m), (v, why) in runs.items():
    if v is None or v.get('victim_alone_mean_ms') is None:
        continue
    vrows.append([t, m] + [num(v.get('victim_' + k), '%.2f') for k in
                           ('alone_mean_ms', 'alone_max_ms',
                            'beside_mean_ms', 'beside_max_ms',
                            'beside_over_alone')])
table(vcols, vrows)
print()
if migrate_mib:
    mv, mwhy = load('migrate')
    print('Migration, THP never: MiB/s of written memory moved to VRAM and back')
    print('by SVM_MIGRATE (copy engine), back by CPU faults (a read a page,')
    print('each moving its 2 MiB block), memcpy() of the same size, and')
    print("test_hmm's migration (CPU copies) each way; every byte checked.")
    print()
    mcols = ['size', 'to VRAM', 'to RAM', 'fault-back', 'memcpy',
             'hmm to dev', 'hmm to sys', 'to VRAM/hmm', 'to RAM/hmm',
             'to VRAM/memcpy']
    mrows = []
    for s in ['4k', '64k', '2m', '%dm' % migrate_mib]:
        if mv is None or mv.get('migrate_%s_to_vram_mibps' % s) is None:
            continue
        g = lambda k: mv.get('migrate_%s_%s' % (s, k))
        div = lambda a, b: a / b if a and b else None
        mrows.append([s, num(g('to_vram_mibps')), num(g('to_ram_mibps')),
                      num(g('faultback_mibps')), num(g('memcpy_mibps')),
                      num(g('hmm_to_dev_mibps')), num(g('hmm_to_sys_mibps')),
                      num(div(g('to_vram_mibps'), g('hmm_to_dev_mibps')),
                          '%.2f'),
                      num(div(g('to_ram_mibps'), g('hmm_to_sys_mibps')),
                          '%.2f'),
                      num(div(g('to_vram_mibps'), g('memcpy_mibps')),
                          '%.3f')])
    table(mcols, mrows)
    if mv and mv.get('gpu_touch_vram_mibps'):
        print()
        print('GPU first touch of %d MiB, one store a page: preferred location'
              % (migrate_mib // 2))
        print('VRAM (each fault moves its block first) %s MiB/s, system memory'
              % num(mv.get('gpu_touch_vram_mibps')))
        print('%s MiB/s: VRAM/system = %s' % (
              num(mv.get('gpu_touch_system_mibps')),
              num(mv['gpu_touch_vram_mibps'] /
                  mv['gpu_touch_system_mibps'], '%.2f')
              if mv.get('gpu_touch_system_mibps') else '-'))
    if mwhy:
        notes.append('migration: %s' % mwhy)
    print()
print('ratios:')
for t in thps:
    def gpu(m):
        v, why = runs.get((t, m), (None, 'not run'))
        return None if why else v.get('gpu_first_touch_mibps')
    for m in modes:
        v, why = runs[(t, m)]
        if not why and v.get('cpu_first_touch_mibps') and gpu(m):
            print('  thp=%-6s %-8s GPU/CPU = %.4f' % (t, m,
                  gpu(m) / v['cpu_first_touch_mibps']))
    for m in modes:
        v, why = runs[(t, m)]
        if v and v.get('gpu_atomic_contended_over_alone'):
            print('  thp=%-6s %-8s atomics contended/alone (time) = %.2f' %
                  (t, m, v['gpu_atomic_contended_over_alone']))
    for m in modes:
        v, why = runs[(t, m)]
        if v and v.get('victim_beside_over_alone'):
            print('  thp=%-6s %-8s job latency beside/alone (mean) = %.2f' %
                  (t, m, v['victim_beside_over_alone']))
    if gpu('default') and gpu('nouveau'):
        print('  thp=%-6s default/nouveau_mode (GPU MiB/s) = %.2f' % (t,
              gpu('default') / gpu('nouveau')))
for note in notes:
    print('note: ' + note)
if vm_status != 0:
    print('note: the VM run failed (exit %d): see out/bench/vm/cmd.log, '
          'console.log and dmesg.log' % vm_status)
EOF
# Compiled OpenCL C against hand-written assembly on the same work:
# instructions the ISA interpreter executes (the model's time follows).
{
	echo
	echo "compiled OpenCL C against hand-written assembly (compiler/bench/):"
	out/tests/test_clc --speed | sed '/passed,/d' || echo "FAILED: test_clc --speed"
} >> "$out/results.txt"
cat "$out/results.txt"
echo "make bench took $(($(date +%s) - start)) s; results in $out/results.txt"
[ "$vm_status" = 0 ] && ! grep -q 'FAILED' "$out/results.txt"
