// SPDX-License-Identifier: MIT
/*
 * gpsvm-fuzz: a structured fuzzer of gpsvm's ioctls (uapi/drm/gpsvm_drm.h)
 * and of the GPU programs they run.
 *
 * Worker processes, each with worker threads, run random operations on a
 * file shared by the process's threads and on a file of each thread's own,
 * until a deadline: every gpsvm ioctl with random and boundary values (0,
 * ~0, around 2^47 and 2^48, unaligned, huge counts, bad user pointers,
 * non-zero reserved fields), the generic DRM ioctls the driver takes part
 * in (GEM close, syncobjs, PRIME), raw ioctls of random size on the
 * driver's numbers, and random GPU programs (valid and invalid encodings,
 * wild addresses, endless loops, atomics storms) on buffer objects through
 * VM_BIND and on process memory through SVM, while other threads move
 * that memory to VRAM and back (SVM_MIGRATE, and SVM_ADVISE that makes
 * the GPU's faults move it) and change it (munmap,
 * mprotect, madvise, mremap, fork) and other
 * processes come and go. Then, in a fresh file, a sanity job must run
 * right, once through VM_BIND and once through SVM.
 *
 * The fuzzer fails (exit status 1, with the seed and the last operations
 * of the thread concerned) when an ioctl returns an errno its uapi does
 * not allow, accepts what it must refuse (a non-zero reserved field),
 * sleeps longer than the watchdog allows, when a worker dies of a signal
 * it was not sent, or when the sanity job fails. Whether the kernel stayed
 * clean (no oops, WARN, lockdep, KASAN, kmemleak report) is for the caller
 * to check (scripts/guest-tests.sh does).
 *
 * Every thread draws its operations from its own generator, seeded from
 * the seed, the process and the thread number: one seed gives the same
 * sequence of operations in each thread (not the same interleaving).
 *
 * With --inject, the kernel's failslab and fail_page_alloc (which the
 * caller sets up with their task filter on) fail allocations of a worker
 * thread while it is inside an ioctl it makes itself (xioctl(); not those
 * of libgpsvm's and libdrm's helpers), and only then: an allocation
 * failure must end in an errno (ENOMEM, or EFAULT for a copy to or from
 * user memory) and change nothing, never in a leak, hang or splat. Forked
 * children, which may be killed at any time, do not inject.
 * scripts/guest-tests.sh runs it so, without the sanity job, then the
 * sanity job with injection off.
 *
 * Any operation can be left out with --exclude (see --help), e.g. to
 * narrow a failure down: destroy-busy destroys channels with jobs queued
 * and EXECs on other threads' channels; close-busy closes files and ends
 * processes (exit, SIGKILL) with jobs queued. Without them, the fuzzer
 * waits for a channel's jobs before it destroys the channel or closes its
 * file.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/rseq.h>
#include <sys/wait.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_asm.h"
#include "gpsvm_drm.h"

#define PAGE		4096ull
#define MIB		(1ull << 20)
#define SEC		1000000000ll

/* Per process: a PROT_NONE reservation, the VM_BIND window of SVM files. */
#define WINDOW_SIZE	(256 * MIB)
/* Per thread, in the window: its code, argument and data objects. */
#define SLICE		(8 * MIB)
#define SLICE_CODE	0
#define SLICE_ARGS	(1 * MIB)
#define SLICE_DATA	(2 * MIB)
#define CODE_BO_SIZE	(64 * 1024)
#define CODE_SLOTS	8
#define CODE_SLOT_WORDS	(CODE_BO_SIZE / 8 / CODE_SLOTS)
#define ARGS_BO_SIZE	(16 * 1024)
#define DATA_BO_SIZE	(2 * MIB)
/* The rest of the window, for random VM_BIND maps. */
#define FREE_AREA	(128 * MIB)

#define MAX_THREADS	16
#define MAX_CHANS	6
#define MAX_BOS		32
#define MAX_SYNCOBJS	32
#define HISTORY		32

/* Operations, by name for --exclude/--only and for the counts. */
#define OPS(X) \
	X(getparam) X(gem_create) X(gem_mmap) X(gem_close) X(vm_bind) \
	X(chan_create) X(chan_destroy) X(chan_info) X(exec) X(exec_raw) \
	X(svm_init) X(svm_bind) X(svm_migrate) X(svm_advise) X(syncobj) X(wait) X(prime) X(raw_ioctl) \
	X(reopen) X(mm_churn) X(fork) X(destroy_busy) X(close_busy)

enum op {
#define X(n) OP_##n,
	OPS(X)
#undef X
	OP_COUNT
};

static const char *const op_names[] = {
#define X(n) #n,
	OPS(X)
#undef X
};

/* Relative weights of the operations. */
static const unsigned int op_weight[OP_COUNT] = {
	[OP_getparam] = 2, [OP_gem_create] = 6, [OP_gem_mmap] = 4,
	[OP_gem_close] = 4, [OP_vm_bind] = 12, [OP_chan_create] = 4,
	[OP_chan_destroy] = 3, [OP_chan_info] = 3, [OP_exec] = 20,
	[OP_exec_raw] = 8, [OP_svm_init] = 3, [OP_svm_bind] = 8,
	[OP_svm_migrate] = 6,
	[OP_svm_advise] = 3,
	[OP_syncobj] = 4, [OP_wait] = 6, [OP_prime] = 2, [OP_raw_ioctl] = 4,
	[OP_reopen] = 1, [OP_mm_churn] = 6, [OP_fork] = 1,
	[OP_destroy_busy] = 6, [OP_close_busy] = 2,
};

struct opts {
	uint64_t seed;
	int seconds;
	int procs;
	int threads;
	int watchdog;
	int verbose;
	bool sanity_only;
	bool no_sanity;
	bool inject;
	bool enabled[OP_COUNT];
};

static struct opts opt;

/* ---------------------------------------------------------------------- */
/* Random numbers: splitmix64, one generator per thread.                  */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

/* True once in n. */
static bool one_in(struct rng *r, uint64_t n)
{
	return below(r, n) == 0;
}

static uint64_t boundary64(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, 8, 0xfff, PAGE, PAGE + 1, 0x10000, 0xfffff, 0x100000,
		0x200000, 0x7fffffff, 0x80000000ull, 0xffffffffull,
		0x100000000ull, (1ull << 40), (1ull << 47) - PAGE,
		(1ull << 47) - 1, 1ull << 47, (1ull << 47) + PAGE,
		(1ull << 48) - PAGE, (1ull << 48) - 1, 1ull << 48,
		(1ull << 48) + PAGE, 1ull << 63, ~0ull >> 1, ~0ull - PAGE + 1,
		~0ull - 7, ~0ull, 0xffff888000000000ull,
		0xffffffff81000000ull, 0x0000800000000000ull - 0x200000,
	};
	uint64_t x;

	switch (below(r, 6)) {
	case 0:
		return rnd(r);
	case 1:
		return rnd(r) & ~(PAGE - 1) & ((1ull << 48) - 1);
	case 2:
		x = v[below(r, sizeof(v) / sizeof(v[0]))];
		return x + (int64_t)below(r, 17) - 8;
	default:
		return v[below(r, sizeof(v) / sizeof(v[0]))];
	}
}

static uint32_t boundary32(struct rng *r)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 7, 8, 255, 256, 257, 1023, 1024, 1025, 4095, 4096,
		4097, 65535, 65536, 65537, 0x7fffffff, 0x80000000u,
		0xfffffffeu, 0xffffffffu,
	};

	if (one_in(r, 5))
		return (uint32_t)rnd(r);
	return v[below(r, sizeof(v) / sizeof(v[0]))];
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * SEC + ts.tv_nsec;
}

/* ---------------------------------------------------------------------- */
/* State.                                                                 */

/* What a thread holds in one file. */
struct fctx {
	int fd;
	bool svm;		/* SVM_INIT succeeded on this file */
	uint32_t code_bo, args_bo, data_bo;
	uint64_t *code;		/* CPU mappings of the three */
	uint64_t *args;
	uint32_t *data;
	bool mapped;		/* code/args/data mapped at the thread's slice */
	uint32_t chans[MAX_CHANS];
	uint32_t fence[MAX_CHANS];	/* syncobj: last job of the channel */
	int nchans;
	unsigned int slot;
};

/* Shared by the threads of a worker process. */
struct proc {
	int index;
	int fd;			/* the shared file */
	uint8_t *window;	/* PROT_NONE; VM_BIND window of SVM files */
	/* Process memory for SVM jobs. */
	uint8_t *rw, *churn, *ro, *none, *shm, *huge;
	atomic_uint bos[MAX_BOS];	/* BO handles on the shared file */
	atomic_uint syncobjs[MAX_SYNCOBJS];	/* syncobjs on it */
	pthread_mutex_t churn_lock;
};

struct hist {
	enum op op;
	int ret;
	char what[120];
};

struct worker {
	struct proc *p;
	int tid;
	int id;			/* proc * threads + tid: for messages */
	struct rng rng;
	uint64_t seed;
	uint8_t *slice;		/* this thread's part of the window */
	struct fctx shared;	/* in p->fd */
	struct fctx own;	/* in a file of its own */
	/* The watchdog's view. */
	_Atomic int64_t op_start;
	_Atomic int cur_op;
	struct hist hist[HISTORY];
	unsigned int nhist;
	uint64_t count[OP_COUNT];
	uint64_t fails[OP_COUNT];
	uint64_t jobs_ok, jobs_failed;
	pthread_t thread;
	atomic_bool done;	/* worker_main() returned */
	int64_t deadline;
	int64_t last_runaway;	/* when it last queued an endless job */
};

static struct worker workers[MAX_THREADS];
static int nworkers;

/* ---------------------------------------------------------------------- */
/* Reporting.                                                             */

static void print_history(struct worker *w)
{
	unsigned int i, n = w->nhist < HISTORY ? w->nhist : HISTORY;

	fprintf(stderr, "gpsvm-fuzz: last %u operations of worker %d:\n", n,
		w->id);
	for (i = w->nhist - n; i < w->nhist; i++) {
		struct hist *h = &w->hist[i % HISTORY];

		fprintf(stderr, "  #%u %s %s -> %d (%s)\n", i, op_names[h->op],
			h->what, h->ret, h->ret < 0 ? strerror(-h->ret) : "ok");
	}
}

static void reproduce_hint(void)
{
	char ex[512] = "";
	int i;

	for (i = 0; i < OP_COUNT; i++)
		if (!opt.enabled[i]) {
			strncat(ex, ex[0] ? "," : "", sizeof(ex) - strlen(ex) - 1);
			strncat(ex, op_names[i], sizeof(ex) - strlen(ex) - 1);
		}
	fprintf(stderr,
		"gpsvm-fuzz: reproduce with: gpsvm-fuzz --seed %" PRIu64
		" --seconds %d --procs %d --threads %d%s%s\n",
		opt.seed, opt.seconds, opt.procs, opt.threads,
		ex[0] ? " --exclude " : "", ex);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gpsvm-fuzz: FAIL (seed %" PRIu64 ", worker %d): ",
		opt.seed, w ? w->id : -1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (w)
		print_history(w);
	reproduce_hint();
	fflush(stderr);
	_exit(1);
}

static void record(struct worker *w, enum op op, int ret, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

static void record(struct worker *w, enum op op, int ret, const char *fmt,
		   ...)
{
	struct hist *h = &w->hist[w->nhist++ % HISTORY];
	va_list ap;

	h->op = op;
	h->ret = ret;
	va_start(ap, fmt);
	vsnprintf(h->what, sizeof(h->what), fmt, ap);
	va_end(ap);
	w->count[op]++;
	if (ret < 0)
		w->fails[op]++;
	if (opt.verbose > 1)
		fprintf(stderr, "[%d] %s %s -> %d\n", w->id, op_names[op],
			h->what, ret);
}

/*
 * --inject: this thread's make-it-fail, kept open: opening it while the
 * flag is set could fail, and then nothing would clear it.
 */
static __thread int inject_fd = -1;

/*
 * At a thread's end, and after fork(), where the inherited file is the
 * parent thread's flag.
 */
static void inject_forget(void)
{
	if (inject_fd >= 0)
		close(inject_fd);
	inject_fd = -1;
}

/*
 * The kernel writes a thread's rseq area on its way back from a system
 * call, still with make-it-fail set: after a fork made that page
 * copy-on-write, the write fails and kills the thread (SIGSEGV). So
 * --inject runs without rseq: execute again with glibc's tunable set.
 */
static void inject_no_rseq(char **argv)
{
	const char *t = getenv("GLIBC_TUNABLES");
	char buf[512];
	int n;

	if (t && strstr(t, "glibc.pthread.rseq=0")) {
		if (__rseq_size) {
			fprintf(stderr, "gpsvm-fuzz: --inject: glibc still registered rseq\n");
			exit(2);
		}
		return;
	}
	n = snprintf(buf, sizeof(buf), "%s%sglibc.pthread.rseq=0",
		     t ? t : "", t ? ":" : "");
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		fprintf(stderr, "gpsvm-fuzz: GLIBC_TUNABLES is too long\n");
		exit(2);
	}
	setenv("GLIBC_TUNABLES", buf, 1);
	execv("/proc/self/exe", argv);
	perror("gpsvm-fuzz: executing again without rseq");
	exit(2);
}

/*
 * An injected failure may come before any other answer: ENOMEM, or
 * EFAULT when copying the arguments back met a copy-on-write page.
 */
static bool injected(int ret)
{
	return opt.inject && (ret == -ENOMEM || ret == -EFAULT);
}

static void inject(bool on)
{
	char c = on ? '1' : '0';	/* on the stack: no page to fault in */
	int tries = on ? 1 : 100;

	if (inject_fd < 0)
		inject_fd = open("/proc/thread-self/make-it-fail",
				 O_WRONLY | O_CLOEXEC);
	while (inject_fd >= 0 && tries--)
		if (pwrite(inject_fd, &c, 1, 0) == 1)
			return;
	perror("gpsvm-fuzz: /proc/thread-self/make-it-fail");
	_exit(2);
}

/*
 * An ioctl, with its errno; no restart, so that -EINTR shows. With
 * --inject, the thread's allocations may fail while it is in the ioctl.
 */
static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	if (opt.inject)
		inject(true);
	ret = ioctl(fd, req, arg) ? -errno : 0;
	if (opt.inject)
		inject(false);
	return ret;
}

#define E(x) (1ull << (x))
/* What every gpsvm ioctl may return, per the uapi. */
#define ALLOWED_COMMON (E(EINVAL) | E(ENOENT) | E(EFAULT) | E(ENOMEM) | \
			E(EBUSY) | E(EBADF) | E(EINTR) | E(EAGAIN))

static void check_errno(struct worker *w, enum op op, int ret,
			uint64_t allowed)
{
	if (ret >= 0 || injected(ret))
		return;
	if (-ret < 64 && (allowed & E(-ret)))
		return;
	fail(w, "%s returned %d (%s), which its uapi does not allow",
	     op_names[op], ret, strerror(-ret));
}

static void must_fail(struct worker *w, enum op op, int ret, int want)
{
	if (ret == 0)
		fail(w, "%s accepted a non-zero reserved field", op_names[op]);
	if (want && ret != -want && !injected(ret))
		fail(w, "%s with a non-zero reserved field returned %d, not %d",
		     op_names[op], ret, -want);
}

static void begin(struct worker *w, enum op op)
{
	atomic_store(&w->cur_op, op);
	atomic_store(&w->op_start, now_ns());
}

static void end_op(struct worker *w)
{
	atomic_store(&w->op_start, 0);
}

/* ---------------------------------------------------------------------- */
/* GPU programs.                                                          */

/* A place for a GPU access: mostly valid, sometimes not at all. */
static uint64_t gpu_target(struct worker *w, struct fctx *f, bool write)
{
	struct proc *p = w->p;
	struct rng *r = &w->rng;

	switch (below(r, f->svm ? 10 : 4)) {
	case 0:
	case 1:
		return (uintptr_t)w->slice + SLICE_DATA +
		       (below(r, DATA_BO_SIZE / 8) * 8);
	case 2:
		return boundary64(r);
	case 3:
		return (uintptr_t)p->window + FREE_AREA + below(r, 64 * MIB);
	case 4:
		return (uintptr_t)p->rw + below(r, 4 * MIB / 8) * 8;
	case 5:
		return (uintptr_t)p->churn + below(r, 4 * MIB / 8) * 8;
	case 6:
		return (uintptr_t)(write ? p->ro : p->none) +
		       below(r, MIB / 8) * 8;
	case 7:
		return (uintptr_t)p->shm + below(r, 2 * MIB / 8) * 8;
	case 8:
		return (uintptr_t)p->huge + below(r, 4 * MIB / 8) * 8;
	default:
		/* The thread's stack: read only, never written. */
		return write ? (uintptr_t)p->ro : (uintptr_t)&r;
	}
}

static const char *const atom_ops[] = {
	"atom.add.32", "atom.sub.32", "atom.inc.u32", "atom.dec.u32",
	"atom.min.s32", "atom.max.u32", "atom.and.32", "atom.or.32",
	"atom.xor.32", "atom.exch.32", "atom.add.64", "atom.min.s64",
	"atom.exch.64", "atom.or.64",
};

/*
 * A word that decodes (gpsvm_disasm() says so), except for control flow,
 * barriers and exits, which the caller places.
 */
static uint64_t random_valid_word(struct rng *r)
{
	char buf[128];
	int tries;

	for (tries = 0; tries < 200; tries++) {
		uint64_t wd = rnd(r);
		uint8_t op = wd & 0xff;

		if (op >= 0x02 && op <= 0x07)	/* exit, bra, call, ret, trap, bar */
			continue;
		/* The upper half is often a register number, not an immediate. */
		if (!(wd & (1ull << 24)))
			wd &= 0x3fffffffffull;
		wd &= ~(rnd(r) & 0xfe000000ull);
		if (gpsvm_disasm(wd, buf, sizeof(buf)) == 0)
			return wd;
	}
	return 0x701;	/* nop */
}

enum prog_kind {
	PROG_STORE, PROG_LOAD, PROG_ATOMIC_STORM, PROG_RANDOM_VALID,
	PROG_RANDOM_WORDS, PROG_MUTATED, PROG_TRAP, PROG_LOOP, PROG_CALL_WILD,
	PROG_BAR_DEADLOCK, PROG_COUNT
};

static const char *const prog_names[] = {
	"store", "load", "atomics", "random-valid", "random-words", "mutated",
	"trap", "loop", "call-wild", "bar-deadlock",
};

/* Assemble src into words; fail the run on a bad template. */
static size_t assemble(struct worker *w, const char *src, uint64_t *words,
		       size_t max)
{
	struct gpsvm_asm_result res = {};
	size_t n;

	if (gpsvm_asm(src, &res)) {
		gpsvm_asm_free(&res);
		fail(w, "fuzzer bug: program does not assemble: %s\n%s",
		     res.ndiags ? res.diags[0].msg : "?", src);
	}
	n = res.nwords < max ? res.nwords : max;
	memcpy(words, res.words, n * 8);
	gpsvm_asm_free(&res);
	return n;
}

/*
 * Write a program into words[max]; returns its length and sets the
 * launch shape. Runaway programs (endless loops, barriers that never
 * complete) are rare: each costs the channel's 10 s timeout.
 */
static size_t make_program(struct worker *w, struct fctx *f, uint64_t *words,
			   size_t max, struct drm_gpsvm_exec *e,
			   enum prog_kind *kind)
{
	struct rng *r = &w->rng;
	char src[2048];
	size_t n = 0, i;
	uint64_t addr;
	unsigned int k;

	/*
	 * At most one runaway job per thread in 30 s: each keeps its
	 * channel for the 10 s timeout, and the run's end waits for them.
	 */
	do
		k = below(r, PROG_COUNT);
	while ((k == PROG_LOOP || k == PROG_BAR_DEADLOCK) &&
	       (now_ns() - w->last_runaway < 30 * SEC || !one_in(r, 10)));
	if (k == PROG_LOOP || k == PROG_BAR_DEADLOCK)
		w->last_runaway = now_ns();
	*kind = k;
	e->grid[0] = 1 + below(r, 4);
	e->grid[1] = e->grid[2] = 1;
	e->block[0] = 1 + below(r, 64);
	e->block[1] = e->block[2] = 1;

	switch (k) {
	case PROG_STORE:
	case PROG_LOAD:
		addr = gpu_target(w, f, k == PROG_STORE);
		snprintf(src, sizeof(src),
			 "	s2r r0, tid.x\n"
			 "	s2r r1, ctaid.x\n"
			 "	s2r r2, ntid.x\n"
			 "	mul.32 r1, r1, r2\n"
			 "	add.32 r0, r0, r1\n"
			 "	li r4, 0x%" PRIx64 "\n"
			 "	shl.64 r7, r0, %d\n"
			 "	%s\n"
			 "	exit\n",
			 addr, (int)below(r, 4),
			 k == PROG_STORE ? "st.32 [r4 + r7], r0" :
					   "ld.64 r8, [r4 + r7]");
		n = assemble(w, src, words, max);
		break;
	case PROG_ATOMIC_STORM:
		addr = gpu_target(w, f, true) & ~7ull;
		snprintf(src, sizeof(src),
			 "	li r4, 0x%" PRIx64 "\n"
			 "	mov.32 r5, 0\n"
			 "loop:\n"
			 "	%s r6, [r4], %d\n"
			 "	atom.cas.32 r7, [r4], r6, r5\n"
			 "	add.32 r5, r5, 1\n"
			 "	setp.lt.u32 p0, r5, %d\n"
			 "	@p0 bra loop\n"
			 "	exit\n",
			 addr, atom_ops[below(r, sizeof(atom_ops) /
						   sizeof(atom_ops[0]))],
			 (int)below(r, 100), (int)(1 + below(r, 16)));
		n = assemble(w, src, words, max);
		e->block[0] = 1 + below(r, 1024);
		e->grid[0] = 1 + below(r, 8);
		break;
	case PROG_RANDOM_VALID:
		n = 1 + below(r, max < 64 ? max - 1 : 63);
		for (i = 0; i < n; i++)
			words[i] = random_valid_word(r);
		words[n++] = 0x702;	/* exit */
		break;
	case PROG_RANDOM_WORDS:
		n = 1 + below(r, 32);
		for (i = 0; i < n; i++)
			words[i] = one_in(r, 2) ? rnd(r) : rnd(r) & 0xffffffff;
		break;
	case PROG_MUTATED:
		n = 1 + below(r, 32);
		for (i = 0; i < n; i++)
			words[i] = random_valid_word(r) ^ (1ull << below(r, 64));
		words[n++] = 0x702;
		break;
	case PROG_TRAP:
		snprintf(src, sizeof(src), "	trap %u\n	exit\n",
			 (unsigned int)below(r, 1u << 31));
		n = assemble(w, src, words, max);
		break;
	case PROG_LOOP:
		n = assemble(w, "loop:\n	bra loop\n", words, max);
		e->block[0] = 1;
		e->grid[0] = 1;
		break;
	case PROG_CALL_WILD:
		/* Anywhere but back to the program's start: not a loop. */
		snprintf(src, sizeof(src),
			 "	li r9, 0x%" PRIx64 "\n"
			 "	ret r9\n",
			 one_in(r, 2) ? boundary64(r) | 4 : 16 + below(r, 64) * 4);
		n = assemble(w, src, words, max);
		break;
	case PROG_BAR_DEADLOCK:
		n = assemble(w,
			     "	s2r r0, tid.x\n"
			     "	setp.eq.u32 p0, r0, 0\n"
			     "	@p0 exit\n"
			     "	bar\n"
			     "	exit\n", words, max);
		e->block[0] = 2 + below(r, 30);
		e->grid[0] = 1;
		break;
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* Files.                                                                 */

static int bo_new(int fd, uint64_t size, uint32_t flags, uint32_t *h,
		  void **map)
{
	int ret = gpsvm_bo_create(fd, size, flags, h);

	if (ret)
		return ret;
	ret = gpsvm_bo_mmap(fd, *h, size, map);
	if (ret) {
		gpsvm_bo_close(fd, *h);
		return ret;
	}
	return 0;
}

/*
 * Set up a file for a thread: SVM or not, its code, argument and data
 * objects at the thread's slice of the window. Failures are not fatal:
 * the shared file's slices may be taken by a racing VM_BIND, memory may
 * be short; the fuzzer goes on with what there is.
 */
static void fctx_setup(struct worker *w, struct fctx *f, int fd, bool svm_init)
{
	struct proc *p = w->p;
	uint64_t base = (uintptr_t)w->slice;
	void *m;
	int ret;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	if (svm_init) {
		ret = gpsvm_svm_init(fd, (uintptr_t)p->window, WINDOW_SIZE);
		f->svm = ret == 0;
	}
	if (bo_new(fd, CODE_BO_SIZE, 0, &f->code_bo, &m))
		return;
	f->code = m;
	f->code[CODE_BO_SIZE / 8 - 1] = 0x702;	/* exit: chan_idle()'s job */
	if (bo_new(fd, ARGS_BO_SIZE, 0, &f->args_bo, &m))
		return;
	f->args = m;
	if (bo_new(fd, DATA_BO_SIZE, one_in(&w->rng, 2) ? DRM_GPSVM_GEM_VRAM : 0,
		   &f->data_bo, &m))
		return;
	f->data = m;
	f->mapped =
		!gpsvm_vm_map(fd, f->code_bo, 0, base + SLICE_CODE,
			      CODE_BO_SIZE, DRM_GPSVM_VM_BIND_READ_ONLY) &&
		!gpsvm_vm_map(fd, f->args_bo, 0, base + SLICE_ARGS,
			      ARGS_BO_SIZE, 0) &&
		!gpsvm_vm_map(fd, f->data_bo, 0, base + SLICE_DATA,
			      DATA_BO_SIZE, 0);
}

/* Wait for every job of a channel: a last job after them, then its fence. */
static void chan_idle(struct worker *w, struct fctx *f, int i)
{
	struct drm_gpsvm_exec e = {
		.channel = f->chans[i],
		.code_va = (uintptr_t)w->slice + SLICE_CODE + CODE_BO_SIZE - 8,
		.code_words = 1, .grid = { 1, 1, 1 }, .block = { 1, 1, 1 },
		.out_syncobj = f->fence[i],
	};
	int ret;

	if (!f->fence[i])
		return;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_EXEC, &e);
	if (ret) {
		/*
		 * The channel may be gone (a random destroy of its handle):
		 * then there is nothing to wait for.
		 */
		if (ret != -ENOENT && ret != -EBADF && ret != -ENOMEM)
			fail(w, "EXEC of an idle job returned %d", ret);
		return;
	}
	/* Runaway jobs queued before: 10 s each at most. */
	ret = gpsvm_syncobj_wait(f->fd, f->fence[i], 600 * SEC);
	if (ret == -ETIME)
		fail(w, "channel %u not idle after 600 s", f->chans[i]);
}

static void chan_remove(struct fctx *f, int i)
{
	if (f->fence[i])
		drmSyncobjDestroy(f->fd, f->fence[i]);
	f->chans[i] = f->chans[f->nchans - 1];
	f->fence[i] = f->fence[f->nchans - 1];
	f->nchans--;
}

/* Destroy every channel of the file, after their jobs unless busy. */
static void fctx_release(struct worker *w, struct fctx *f, bool busy)
{
	while (f->nchans) {
		if (!busy)
			chan_idle(w, f, 0);
		gpsvm_channel_destroy(f->fd, f->chans[0]);
		chan_remove(f, 0);
	}
	if (f->code)
		munmap(f->code, CODE_BO_SIZE);
	if (f->args)
		munmap(f->args, ARGS_BO_SIZE);
	if (f->data)
		munmap(f->data, DATA_BO_SIZE);
	f->code = NULL;
	f->args = NULL;
	f->data = NULL;
}

static struct fctx *pick_file(struct worker *w)
{
	return one_in(&w->rng, 2) ? &w->shared : &w->own;
}

/* A handle: mostly one the thread knows, sometimes anything. */
static uint32_t pick_handle(struct worker *w, const atomic_uint *tab, int n)
{
	struct rng *r = &w->rng;

	if (one_in(r, 4))
		return boundary32(r);
	if (one_in(r, 3))
		return below(r, 64);
	return atomic_load(&tab[below(r, n)]);
}

/* ---------------------------------------------------------------------- */
/* Operations.                                                            */

static void op_getparam(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_getparam gp = {
		.param = one_in(r, 2) ? 1 + below(r, 4) : boundary32(r),
		.pad = one_in(r, 4) ? boundary32(r) : 0,
	};
	int ret = xioctl(f->fd, DRM_IOCTL_GPSVM_GETPARAM, &gp);

	record(w, OP_getparam, ret, "param=%u pad=%u value=0x%" PRIx64,
	       gp.param, gp.pad, (uint64_t)gp.value);
	check_errno(w, OP_getparam, ret, E(EINVAL));
	if (gp.pad)
		must_fail(w, OP_getparam, ret, EINVAL);
	else if (gp.param >= 1 && gp.param <= DRM_GPSVM_PARAM_SM_COUNT &&
		 ret && !injected(ret))
		fail(w, "GETPARAM %u failed: %d", gp.param, ret);
	else if (gp.param == DRM_GPSVM_PARAM_CHIP_ID && gp.value != 0x130)
		fail(w, "chip id 0x%" PRIx64, (uint64_t)gp.value);
}

static void op_gem_create(struct worker *w)
{
	static const uint64_t ok_sizes[] = {
		PAGE, 2 * PAGE, 16 * PAGE, 64 * 1024, 17 * PAGE, MIB,
		2 * MIB, 4 * MIB + PAGE,
	};
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_gem_create gc = {};
	int ret;

	if (one_in(r, 2))
		gc.size = ok_sizes[below(r, sizeof(ok_sizes) / 8)];
	else
		gc.size = boundary64(r);
	/* Sizes the model cannot give anyway, but would fill memory trying. */
	if (gc.size > 8 * MIB && gc.size < (1ull << 40))
		gc.size = 8 * MIB + PAGE * below(r, 2);
	gc.flags = one_in(r, 2) ? DRM_GPSVM_GEM_VRAM : 0;
	if (one_in(r, 6))
		gc.flags = boundary32(r);
	gc.handle = one_in(r, 4) ? boundary32(r) : 0;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_GEM_CREATE, &gc);
	record(w, OP_gem_create, ret, "fd=%d size=0x%" PRIx64 " flags=0x%x -> handle %u",
	       f->fd, (uint64_t)gc.size, gc.flags, ret ? 0 : gc.handle);
	check_errno(w, OP_gem_create, ret, ALLOWED_COMMON | E(ENOSPC));
	if (gc.flags & ~DRM_GPSVM_GEM_VRAM)
		must_fail(w, OP_gem_create, ret, EINVAL);
	if (!ret) {
		if (f == &w->shared)
			atomic_store(&w->p->bos[below(r, MAX_BOS)], gc.handle);
		else if (one_in(r, 2))	/* don't keep many in the own file */
			gpsvm_bo_close(f->fd, gc.handle);
	}
}

static void op_gem_mmap(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_gem_mmap_offset mo = {
		.handle = pick_handle(w, w->p->bos, MAX_BOS),
		.pad = one_in(r, 5) ? boundary32(r) : 0,
	};
	uint64_t len = PAGE * (1 + below(r, 4));
	volatile uint8_t *m;
	int ret;

	if (one_in(r, 3))
		mo.handle = f->data_bo;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET, &mo);
	record(w, OP_gem_mmap, ret, "handle=%u pad=%u", mo.handle, mo.pad);
	check_errno(w, OP_gem_mmap, ret, E(EINVAL) | E(ENOENT));
	if (mo.pad)
		must_fail(w, OP_gem_mmap, ret, EINVAL);
	if (ret)
		return;
	/* Maybe past the object's end, maybe private: both must be refused. */
	m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 one_in(r, 8) ? MAP_PRIVATE : MAP_SHARED, f->fd,
		 (off_t)(mo.offset + (one_in(r, 8) ? PAGE * below(r, 1024) : 0)));
	if (m == MAP_FAILED)
		return;
	/* Touching past the object's end is SIGBUS: only the first page. */
	m[below(r, PAGE)] ^= 0;
	if (one_in(r, 4))
		madvise((void *)m, len, MADV_DONTNEED);
	munmap((void *)m, len);
}

static void op_gem_close(struct worker *w)
{
	struct fctx *f = pick_file(w);
	struct drm_gem_close gc = {
		.handle = pick_handle(w, w->p->bos, MAX_BOS),
	};
	int ret;

	/* Not the objects the thread runs on, usually. */
	if (gc.handle == f->code_bo || gc.handle == f->args_bo)
		if (!one_in(&w->rng, 8))
			return;
	ret = xioctl(f->fd, DRM_IOCTL_GEM_CLOSE, &gc);
	record(w, OP_gem_close, ret, "handle=%u", gc.handle);
	check_errno(w, OP_gem_close, ret, E(EINVAL) | E(ENOENT));
}

/* A user pointer that is bad in one way or another. */
static uint64_t bad_pointer(struct worker *w, void *good, size_t size)
{
	struct rng *r = &w->rng;

	switch (below(r, 6)) {
	case 0:
		return 0;
	case 1:
		return boundary64(r);
	case 2:
		return (uintptr_t)w->p->none;
	case 3:
		/* Straddling the end of mapped memory into PROT_NONE. */
		return (uintptr_t)w->p->none - size / 2;
	case 4:
		return (uintptr_t)good + 1;
	default:
		return 0xffffffff81000000ull;
	}
}

static void op_vm_bind(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_vm_bind_op ops[8];
	struct drm_gpsvm_vm_bind vb = {};
	unsigned int i, n = 1 + below(r, 8), reserved = ~0u;
	uint64_t area = (uintptr_t)w->p->window + FREE_AREA;
	int ret;

	/* Mostly calls that are valid but for one thing, if anything. */
	bool wild = one_in(r, 4);

	memset(ops, 0, sizeof(ops));
	for (i = 0; i < n; i++) {
		struct drm_gpsvm_vm_bind_op *o = &ops[i];

		o->op = one_in(r, 2) ? DRM_GPSVM_VM_BIND_OP_MAP :
				       DRM_GPSVM_VM_BIND_OP_UNMAP;
		if (wild && one_in(r, 10))
			o->op = boundary32(r);
		if (o->op == DRM_GPSVM_VM_BIND_OP_MAP) {
			o->handle = one_in(r, 2) ? f->data_bo :
				    pick_handle(w, w->p->bos, MAX_BOS);
			o->flags = below(r, 4);
			o->bo_offset = PAGE * below(r, 4);
		}
		o->addr = area + PAGE * below(r, 16384);
		o->range = PAGE * (1 + below(r, 512));
		if (o->op == DRM_GPSVM_VM_BIND_OP_MAP && !wild) {
			/* Inside the data object, at 2 MiB sometimes. */
			o->bo_offset = 0;
			o->range = one_in(r, 4) ? DATA_BO_SIZE :
				   PAGE * (1 + below(r, 16));
			if (one_in(r, 3))
				o->addr &= ~(2 * MIB - 1);
		}
		if (wild && one_in(r, 3))
			o->addr = boundary64(r);
		if (wild && one_in(r, 4))
			o->range = boundary64(r);
		if (wild && one_in(r, 8))
			o->bo_offset = boundary64(r);
		/* Rarely: unmap the thread's own objects. */
		if (one_in(r, 200))
			o->addr = (uintptr_t)w->slice;
		if (wild && one_in(r, 10)) {
			o->pad = boundary32(r) | 1;
			reserved = reserved < i ? reserved : i;
		}
		if (wild && one_in(r, 10)) {
			o->flags |= 1u << (2 + below(r, 30));
			reserved = reserved < i ? reserved : i;
		}
	}
	vb.num_ops = n;
	vb.ops = (uintptr_t)ops;
	if (wild && one_in(r, 4))
		vb.num_ops = boundary32(r);
	if (wild && one_in(r, 4))
		vb.ops = bad_pointer(w, ops, sizeof(ops));
	if (wild && one_in(r, 8))
		vb.flags = boundary32(r) | 1;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_VM_BIND, &vb);
	record(w, OP_vm_bind, ret,
	       "fd=%d n=%u flags=0x%x ops=0x%" PRIx64 " [0]: op=%u fl=0x%x h=%u off=0x%"
	       PRIx64 " addr=0x%" PRIx64 " range=0x%" PRIx64,
	       f->fd, vb.num_ops, vb.flags, (uint64_t)vb.ops, ops[0].op,
	       ops[0].flags, ops[0].handle, (uint64_t)ops[0].bo_offset,
	       (uint64_t)ops[0].addr, (uint64_t)ops[0].range);
	check_errno(w, OP_vm_bind, ret, ALLOWED_COMMON);
	if (vb.flags)
		must_fail(w, OP_vm_bind, ret, EINVAL);
	else if (reserved < vb.num_ops && vb.ops == (uintptr_t)ops)
		must_fail(w, OP_vm_bind, ret, 0);
}

static void op_chan_create(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_channel_create cc = {
		.flags = one_in(r, 8) ? boundary32(r) : 0,
	};
	int ret;

	if (f->nchans >= MAX_CHANS)
		return;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &cc);
	record(w, OP_chan_create, ret, "fd=%d flags=0x%x -> %u", f->fd,
	       cc.flags, ret ? 0 : cc.handle);
	check_errno(w, OP_chan_create, ret, ALLOWED_COMMON | E(EMFILE));
	if (cc.flags)
		must_fail(w, OP_chan_create, ret, EINVAL);
	if (ret)
		return;
	f->chans[f->nchans] = cc.handle;
	f->fence[f->nchans] = 0;
	if (drmSyncobjCreate(f->fd, 0, &f->fence[f->nchans]))
		f->fence[f->nchans] = 0;
	f->nchans++;
}

/*
 * Destroy a channel: the thread's own after its jobs, or, with
 * destroy_busy, at once, or any handle at all.
 */
static void chan_destroy(struct worker *w, bool busy)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_channel_destroy cd = {};
	int ret, i = -1;

	if (f->nchans && !one_in(r, 4)) {
		i = below(r, f->nchans);
		cd.handle = f->chans[i];
		if (!busy)
			chan_idle(w, f, i);
	} else if (busy) {
		cd.handle = one_in(r, 2) ? below(r, 16) : boundary32(r);
	} else {
		/* Never a live handle: none get this high here. */
		cd.handle = 0x100000 + (uint32_t)below(r, 0xfff00000u);
		if (one_in(r, 3))
			cd.handle = 0;
	}
	if (one_in(r, 10))
		cd.pad = boundary32(r) | 1;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd);
	record(w, busy ? OP_destroy_busy : OP_chan_destroy, ret,
	       "fd=%d handle=%u pad=%u", f->fd, cd.handle, cd.pad);
	check_errno(w, OP_chan_destroy, ret, E(EINVAL) | E(ENOENT));
	if (cd.pad)
		must_fail(w, OP_chan_destroy, ret, EINVAL);
	else if (i >= 0)
		chan_remove(f, i);	/* gone, whether this destroyed it or not */
	else
		for (i = 0; i < f->nchans; i++)
			if (f->chans[i] == cd.handle && !ret) {
				chan_remove(f, i);
				break;
			}
}

static uint32_t pick_in_syncobj(struct worker *w, struct fctx *f);

/*
 * The pattern of issue 9's oops: a channel created, a few short jobs
 * queued on it (some after another thread's fence), and the channel
 * destroyed at once.
 */
static void chan_churn_busy(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_channel_create cc = {};
	struct drm_gpsvm_channel_destroy cd = {};
	int i, n = 1 + below(r, 4), ret;

	if (!f->mapped)
		return;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &cc);
	record(w, OP_destroy_busy, ret, "fd=%d create -> %u", f->fd,
	       ret ? 0 : cc.handle);
	check_errno(w, OP_chan_create, ret, ALLOWED_COMMON | E(EMFILE));
	if (ret)
		return;
	for (i = 0; i < n; i++) {
		struct drm_gpsvm_exec e = {
			.channel = cc.handle,
			.code_va = (uintptr_t)w->slice + SLICE_CODE +
				   CODE_BO_SIZE - 8,
			.code_words = 1, .grid = { 1 + below(r, 4), 1, 1 },
			.block = { 1 + below(r, 64), 1, 1 },
			.in_syncobj = pick_in_syncobj(w, f),
		};

		ret = xioctl(f->fd, DRM_IOCTL_GPSVM_EXEC, &e);
		check_errno(w, OP_exec, ret, ALLOWED_COMMON);
	}
	cd.handle = cc.handle;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd);
	record(w, OP_destroy_busy, ret, "fd=%d destroy %u after %d jobs",
	       f->fd, cd.handle, n);
	check_errno(w, OP_chan_destroy, ret, E(ENOENT));
}

static void op_chan_info(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_channel_info ci = {};
	int ret;

	ci.handle = f->nchans && !one_in(r, 3) ? f->chans[below(r, f->nchans)] :
		    boundary32(r);
	if (one_in(r, 3)) {	/* output fields: anything goes in */
		ci.error_class = boundary32(r);
		ci.addr = boundary64(r);
	}
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, &ci);
	record(w, OP_chan_info, ret, "handle=%u -> class=%u addr=0x%" PRIx64
	       " failed=%" PRIu64, ci.handle, ci.error_class, (uint64_t)ci.addr,
	       (uint64_t)ci.failed_jobs);
	check_errno(w, OP_chan_info, ret, E(ENOENT));
	if (!ret && ci.error_class > DRM_GPSVM_CHANNEL_TIMEOUT)
		fail(w, "CHANNEL_INFO error class %u", ci.error_class);
}

/* A syncobj to wait for: usually another job's, maybe another thread's. */
static uint32_t pick_in_syncobj(struct worker *w, struct fctx *f)
{
	struct rng *r = &w->rng;

	if (one_in(r, 2))
		return 0;
	if (f == &w->shared && one_in(r, 2))
		return pick_handle(w, w->p->syncobjs, MAX_SYNCOBJS);
	if (f->nchans && !one_in(r, 4))
		return f->fence[below(r, f->nchans)];
	return boundary32(r);
}

static void op_exec(struct worker *w, bool raw)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_exec e = {};
	enum prog_kind kind = PROG_STORE;
	uint64_t *words;
	size_t n;
	int ret, ci = -1;

	if (!f->mapped || !f->nchans) {
		if (!raw)
			return;
	} else {
		ci = below(r, f->nchans);
		e.channel = f->chans[ci];
	}
	f->slot = (f->slot + 1) % CODE_SLOTS;
	words = f->code ? f->code + f->slot * CODE_SLOT_WORDS : NULL;
	if (words) {
		n = make_program(w, f, words, CODE_SLOT_WORDS - 1, &e, &kind);
		e.code_va = (uintptr_t)w->slice + SLICE_CODE +
			    f->slot * CODE_SLOT_WORDS * 8;
		e.code_words = n;
		e.args_va = (uintptr_t)w->slice + SLICE_ARGS;
		e.arg_size = below(r, 64);
		if (f->args)
			f->args[below(r, 8)] = gpu_target(w, f, true);
	}
	e.in_syncobj = pick_in_syncobj(w, f);
	e.out_syncobj = ci >= 0 ? f->fence[ci] : 0;
	if (f == &w->shared && one_in(r, 4)) {
		uint32_t s = pick_handle(w, w->p->syncobjs, MAX_SYNCOBJS);

		/* Not the fence chan_idle() waits on: that one is ordered. */
		if (s && one_in(r, 2))
			e.out_syncobj = s;
	}

	if (raw) {
		/* Every field at a boundary, some valid, most not. */
		switch (below(r, 16)) {
		case 0: e.channel = boundary32(r); break;
		case 1: e.flags = boundary32(r); break;
		case 2: e.code_va = boundary64(r); break;
		case 3: e.code_words = boundary32(r); break;
		case 4: e.entry = boundary32(r); break;
		case 5: e.args_va = boundary64(r); e.arg_size = 4096; break;
		case 6: e.arg_size = boundary32(r); break;
		case 7: e.pad = boundary32(r); break;
		case 8: e.grid[below(r, 3)] = boundary32(r); break;
		case 9: e.block[below(r, 3)] = boundary32(r); break;
		case 10: e.in_syncobj = boundary32(r); break;
		case 11: e.out_syncobj = boundary32(r); break;
		case 12: e.shared_size = boundary32(r); break;
		case 13: e.private_size = boundary32(r); break;
		case 14:
			/* Code in process memory, or past the object. */
			e.code_va = gpu_target(w, f, false) & ~7ull;
			e.code_words = 1 + below(r, 65536);
			break;
		default:
			e.block[0] = 1024;
			e.block[1] = e.block[2] = 1;
			e.grid[0] = 1 + below(r, 65535);
			break;
		}
		/* Another thread's channel could be destroyed under it. */
		if (!opt.enabled[OP_destroy_busy] && e.channel < 0x100000 &&
		    (ci < 0 || e.channel != f->chans[ci]))
			e.channel = 0;
	}
	/* A runaway grid of many blocks would keep the GPU for minutes. */
	if ((kind == PROG_LOOP || kind == PROG_BAR_DEADLOCK ||
	     kind == PROG_ATOMIC_STORM) && (uint64_t)e.grid[0] * e.grid[1] *
	    e.grid[2] * e.block[0] * e.block[1] * e.block[2] > 8192) {
		e.grid[0] = e.grid[1] = e.grid[2] = 1;
	}
	if (kind != PROG_ATOMIC_STORM && (uint64_t)e.grid[0] * e.grid[1] *
	    e.grid[2] > 64 && !one_in(r, 16)) {
		e.grid[0] = 64;
		e.grid[1] = e.grid[2] = 1;
	}

	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_EXEC, &e);
	record(w, raw ? OP_exec_raw : OP_exec, ret,
	       "fd=%d ch=%u prog=%s code=0x%" PRIx64 "+%u entry=%u args=0x%"
	       PRIx64 "/%u grid=%ux%ux%u block=%ux%ux%u in=%u out=%u fl=0x%x pad=%u",
	       f->fd, e.channel, raw ? "-" : prog_names[kind], (uint64_t)e.code_va,
	       e.code_words, e.entry, (uint64_t)e.args_va, e.arg_size, e.grid[0],
	       e.grid[1], e.grid[2], e.block[0], e.block[1], e.block[2],
	       e.in_syncobj, e.out_syncobj, e.flags, e.pad);
	check_errno(w, OP_exec, ret, ALLOWED_COMMON);
	if (e.flags || e.pad)
		must_fail(w, OP_exec, ret, EINVAL);
	/* Sometimes wait for it: its result, while other jobs fault. */
	if (!ret && e.out_syncobj && one_in(r, 6)) {
		begin(w, OP_wait);
		ret = gpsvm_syncobj_wait(f->fd, e.out_syncobj,
					 (int64_t)below(r, 2000) * 1000000);
		record(w, OP_wait, ret, "syncobj=%u (own job)", e.out_syncobj);
		if (ret == 0)
			w->jobs_ok++;
		else if (ret != -ETIME)
			w->jobs_failed++;
	}
}

static void op_svm_init(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct drm_gpsvm_svm_init si = {
		.unmanaged_addr = (uintptr_t)w->p->window,
		.unmanaged_size = WINDOW_SIZE,
	};
	bool reserved = false;
	int ret;

	if (one_in(r, 2))
		si.unmanaged_addr = boundary64(r);
	if (one_in(r, 2))
		si.unmanaged_size = boundary64(r);
	if (one_in(r, 8)) {
		si.flags = boundary32(r) | 1;
		reserved = true;
	}
	if (one_in(r, 8)) {
		si.pad = boundary32(r) | 1;
		reserved = true;
	}
	/*
	 * A window that overlaps the thread's objects would fail anyway:
	 * SVM_INIT after channels is -EBUSY. Don't break files with none.
	 */
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_SVM_INIT, &si);
	record(w, OP_svm_init, ret, "fd=%d addr=0x%" PRIx64 " size=0x%" PRIx64
	       " flags=0x%x pad=%u", f->fd, (uint64_t)si.unmanaged_addr,
	       (uint64_t)si.unmanaged_size, si.flags, si.pad);
	check_errno(w, OP_svm_init, ret, E(EINVAL) | E(EBUSY) | E(ENOMEM));
	if (reserved)
		must_fail(w, OP_svm_init, ret, EINVAL);
	if (!ret)
		f->svm = true;
}

/*
 * A range for SVM_BIND, SVM_MIGRATE or SVM_ADVISE, and the file: mostly
 * pages of the process's regions, on a file where the call can work;
 * @wild, anything.
 */
static struct fctx *svm_range(struct worker *w, bool wild, __u64 *addr,
			      __u64 *size)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	struct proc *p = w->p;
	uint8_t *const regions[] = { p->rw, p->churn, p->ro, p->none, p->shm,
				     p->huge, (uint8_t *)p->window };

	*addr = (uintptr_t)regions[below(r, 7)] + PAGE * below(r, 128);
	*size = PAGE * (1 + below(r, 128));
	if (one_in(r, 4))
		*addr = (uintptr_t)(one_in(r, 2) ? p->rw : p->huge);
	if (wild && one_in(r, 2))
		*addr = boundary64(r);
	if (wild && one_in(r, 2))
		*size = boundary64(r);
	if (wild && one_in(r, 8))
		*size = 1ull << 30;
	if (!f->svm && !w->shared.svm && w->own.svm && one_in(r, 2))
		f = &w->own;
	else if (!f->svm && w->shared.svm && one_in(r, 2))
		f = &w->shared;
	/* 1 GiB of present pages would take long under TCG: only unmapped. */
	if (*size > 16 * MIB && *addr >= (uintptr_t)p->rw - 64 * MIB &&
	    *addr < (uintptr_t)p->rw + 64 * MIB)
		*size = 16 * MIB;
	return f;
}

static void op_svm_bind(struct worker *w)
{
	struct rng *r = &w->rng;
	struct drm_gpsvm_svm_bind sb = {};
	bool wild = one_in(r, 4);
	struct fctx *f = svm_range(w, wild, &sb.addr, &sb.size);
	int ret;

	sb.flags = below(r, 2);
	if (wild && one_in(r, 4))
		sb.flags = boundary32(r);
	if (wild && one_in(r, 4))
		sb.pad = boundary32(r) | 1;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_SVM_BIND, &sb);
	record(w, OP_svm_bind, ret, "fd=%d addr=0x%" PRIx64 " size=0x%" PRIx64
	       " flags=0x%x pad=%u svm=%d", f->fd, (uint64_t)sb.addr,
	       (uint64_t)sb.size, sb.flags,
	       sb.pad, f->svm);
	check_errno(w, OP_svm_bind, ret, ALLOWED_COMMON | E(EPERM));
	if (sb.pad || (sb.flags & ~DRM_GPSVM_SVM_BIND_WRITE))
		must_fail(w, OP_svm_bind, ret, EINVAL);
}

/* Pages move to VRAM and back under the GPU's and the CPU's accesses. */
static void op_svm_migrate(struct worker *w)
{
	struct rng *r = &w->rng;
	struct drm_gpsvm_svm_migrate sm = {};
	bool wild = one_in(r, 4);
	struct fctx *f = svm_range(w, wild, &sm.addr, &sm.size);
	int ret;

	sm.to = one_in(r, 3) ? DRM_GPSVM_MEM_SYSTEM : DRM_GPSVM_MEM_VRAM;
	if (wild && one_in(r, 4))
		sm.to = boundary32(r);
	if (wild && one_in(r, 4))
		sm.flags = boundary32(r) | 1;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_SVM_MIGRATE, &sm);
	record(w, OP_svm_migrate, ret, "fd=%d addr=0x%" PRIx64 " size=0x%"
	       PRIx64 " to=%u flags=0x%x svm=%d -> moved %" PRIu64 " stayed %"
	       PRIu64, f->fd, (uint64_t)sm.addr, (uint64_t)sm.size, sm.to,
	       sm.flags, f->svm, (uint64_t)sm.moved, (uint64_t)sm.stayed);
	check_errno(w, OP_svm_migrate, ret, ALLOWED_COMMON);
	if (sm.flags || sm.to > DRM_GPSVM_MEM_VRAM)
		must_fail(w, OP_svm_migrate, ret, EINVAL);
	if (!ret && sm.moved + sm.stayed > sm.size / PAGE)
		fail(w, "SVM_MIGRATE of %" PRIu64 " pages: moved %" PRIu64
		     " stayed %" PRIu64, (uint64_t)(sm.size / PAGE),
		     (uint64_t)sm.moved, (uint64_t)sm.stayed);
}

/* VRAM as the preferred location: the GPU's faults then move pages. */
static void op_svm_advise(struct worker *w)
{
	struct rng *r = &w->rng;
	struct drm_gpsvm_svm_advise sa = {};
	bool wild = one_in(r, 4);
	struct fctx *f = svm_range(w, wild, &sa.addr, &sa.size);
	int ret;

	sa.preferred_loc = one_in(r, 3) ? DRM_GPSVM_MEM_SYSTEM :
					  DRM_GPSVM_MEM_VRAM;
	if (wild && one_in(r, 4))
		sa.preferred_loc = boundary32(r);
	if (wild && one_in(r, 4))
		sa.flags = boundary32(r) | 1;
	ret = xioctl(f->fd, DRM_IOCTL_GPSVM_SVM_ADVISE, &sa);
	record(w, OP_svm_advise, ret, "fd=%d addr=0x%" PRIx64 " size=0x%"
	       PRIx64 " loc=%u flags=0x%x svm=%d", f->fd, (uint64_t)sa.addr,
	       (uint64_t)sa.size, sa.preferred_loc, sa.flags, f->svm);
	check_errno(w, OP_svm_advise, ret, ALLOWED_COMMON);
	if (sa.flags || sa.preferred_loc > DRM_GPSVM_MEM_VRAM)
		must_fail(w, OP_svm_advise, ret, EINVAL);
}

static void op_syncobj(struct worker *w)
{
	struct rng *r = &w->rng;
	struct proc *p = w->p;
	uint32_t h;
	int ret, fd;
	unsigned int i = below(r, MAX_SYNCOBJS);

	switch (below(r, 5)) {
	case 0:
	case 1:
		ret = drmSyncobjCreate(p->fd, one_in(r, 4) ?
				       DRM_SYNCOBJ_CREATE_SIGNALED : 0, &h);
		ret = ret ? -errno : 0;
		record(w, OP_syncobj, ret, "create -> %u", ret ? 0 : h);
		if (!ret) {
			h = atomic_exchange(&p->syncobjs[i], h);
			if (h && one_in(r, 2))
				drmSyncobjDestroy(p->fd, h);
		}
		break;
	case 2:
		h = atomic_exchange(&p->syncobjs[i], 0);
		ret = drmSyncobjDestroy(p->fd, h);
		ret = ret ? -errno : 0;
		record(w, OP_syncobj, ret, "destroy %u", h);
		break;
	case 3:
		h = atomic_load(&p->syncobjs[i]);
		ret = one_in(r, 2) ? drmSyncobjReset(p->fd, &h, 1) :
				     drmSyncobjSignal(p->fd, &h, 1);
		ret = ret ? -errno : 0;
		record(w, OP_syncobj, ret, "reset/signal %u", h);
		break;
	default:
		h = atomic_load(&p->syncobjs[i]);
		ret = drmSyncobjExportSyncFile(p->fd, h, &fd);
		ret = ret ? -errno : 0;
		record(w, OP_syncobj, ret, "export %u", h);
		if (!ret)
			close(fd);
		break;
	}
}

static void op_wait(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	uint32_t h;
	int ret;

	if (f->nchans && one_in(r, 2))
		h = f->fence[below(r, f->nchans)];
	else if (f == &w->shared)
		h = atomic_load(&w->p->syncobjs[below(r, MAX_SYNCOBJS)]);
	else
		h = boundary32(r);
	ret = gpsvm_syncobj_wait(f->fd, h, (int64_t)below(r, 500) * 1000000);
	record(w, OP_wait, ret, "fd=%d syncobj=%u", f->fd, h);
	if (ret == 0)
		w->jobs_ok++;
	else if (ret != -ETIME && ret != -EINVAL && ret != -ENOENT)
		w->jobs_failed++;
}

static void op_prime(struct worker *w)
{
	struct fctx *f = pick_file(w);
	uint32_t h = pick_handle(w, w->p->bos, MAX_BOS), h2;
	int ret, fd;

	ret = drmPrimeHandleToFD(f->fd, h, DRM_CLOEXEC | DRM_RDWR, &fd);
	record(w, OP_prime, ret ? -errno : 0, "export handle %u", h);
	if (ret)
		return;
	ret = drmPrimeFDToHandle(w->own.fd, fd, &h2);
	record(w, OP_prime, ret ? -errno : 0, "import into own file");
	close(fd);
}

/* Random bytes to a driver ioctl number, at a random size. */
static void op_raw_ioctl(struct worker *w)
{
	struct rng *r = &w->rng;
	struct fctx *f = pick_file(w);
	uint64_t buf[64];
	unsigned int nr = DRM_COMMAND_BASE + below(r, 16), size, dir, i;
	unsigned long req;
	int ret;

	for (i = 0; i < 64; i++)
		buf[i] = one_in(r, 2) ? 0 : boundary64(r);
	size = one_in(r, 2) ? 8 * below(r, 9) : below(r, 512);
	dir = below(r, 4);
	req = _IOC(dir, DRM_IOCTL_BASE, nr, size);
	/*
	 * Not ops that would really act with random fields: EXEC with a
	 * random program is op_exec's, and CHANNEL_DESTROY of a random
	 * handle could hit a busy channel.
	 */
	if (nr == DRM_COMMAND_BASE + DRM_GPSVM_CHANNEL_DESTROY ||
	    nr == DRM_COMMAND_BASE + DRM_GPSVM_EXEC)
		buf[0] = 0;
	ret = xioctl(f->fd, req, one_in(r, 10) ? (void *)(uintptr_t)boundary64(r) : buf);
	record(w, OP_raw_ioctl, ret, "nr=0x%x dir=%u size=%u", nr, dir, size);
	check_errno(w, OP_raw_ioctl, ret, ALLOWED_COMMON | E(ENOSPC) |
		    E(EPERM) | E(ENOTTY) | E(EACCES) | E(EMFILE));
}

/* Close the own file and open a new one: with jobs queued if busy. */
static void op_reopen(struct worker *w, bool busy)
{
	struct rng *r = &w->rng;
	int fd;

	fctx_release(w, &w->own, busy);
	close(w->own.fd);
	fd = gpsvm_open(0);
	if (fd < 0)
		fail(w, "reopen: %d", fd);
	fctx_setup(w, &w->own, fd, one_in(r, 2));
	record(w, busy ? OP_close_busy : OP_reopen, 0, "fd=%d svm=%d", fd,
	       w->own.svm);
}

/* CPU-side changes of memory the GPU may be using. */
static void op_mm_churn(struct worker *w)
{
	struct rng *r = &w->rng;
	struct proc *p = w->p;
	size_t off = PAGE * below(r, 1024), len = PAGE * (1 + below(r, 256));
	unsigned int k = below(r, 8);
	void *q;
	int ret = 0;

	if (off + len > 4 * MIB)
		len = 4 * MIB - off;
	pthread_mutex_lock(&p->churn_lock);
	switch (k) {
	case 0:
		ret = mprotect(p->churn + off, len, PROT_READ);
		break;
	case 1:
		ret = mprotect(p->churn + off, len, PROT_NONE);
		break;
	case 2:
		ret = mprotect(p->churn + off, len, PROT_READ | PROT_WRITE);
		break;
	case 3:
		ret = madvise(p->churn + off, len, MADV_DONTNEED);
		break;
	case 4:
		ret = mmap(p->churn + off, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		      MAP_FAILED;
		break;
	case 5:
		ret = madvise(p->huge + (off & ~(2 * MIB - 1)), 2 * MIB,
			      one_in(r, 2) ? MADV_DONTNEED : MADV_PAGEOUT);
		break;
	case 6:
		/*
		 * Pages move away under the GPU, and come back. No move may
		 * leave a hole, which another thread's mmap() could take and
		 * a later move or MAP_FIXED would unmap under it: each
		 * leaves its source mapped (empty), and the first goes
		 * where the kernel chooses, as MREMAP_FIXED unmaps its
		 * destination before it finds that the source spans two
		 * VMAs (EFAULT).
		 */
		q = mremap(p->churn + off, len, len, MREMAP_MAYMOVE |
			   MREMAP_DONTUNMAP);
		if (q != MAP_FAILED &&
		    mremap(q, len, len, MREMAP_MAYMOVE | MREMAP_FIXED |
			   MREMAP_DONTUNMAP, p->churn + off) == MAP_FAILED) {
			munmap(q, len);
			q = MAP_FAILED;
		}
		ret = q == MAP_FAILED;
		break;
	default:
		/* Write it from the CPU, where it may be writable. */
		ret = mprotect(p->churn + off, len, PROT_READ | PROT_WRITE);
		if (!ret)
			memset(p->churn + off, (int)below(r, 256), len);
		break;
	}
	pthread_mutex_unlock(&p->churn_lock);
	record(w, OP_mm_churn, ret ? -errno : 0, "kind=%u off=0x%zx len=0x%zx",
	       k, off, len);
}

/*
 * A child: the file is now in another process. SVM files refuse it
 * EXEC, CHANNEL_CREATE and SVM_BIND (-EBADF); the others work. It may
 * also set up its own file, run jobs, and get killed.
 */
static void child_main(struct worker *w, bool busy)
{
	struct rng *r = &w->rng;
	struct drm_gpsvm_channel_create cc = {};
	int ret, fd;
	uint32_t ch;

	opt.inject = false;	/* this process may be killed in an ioctl */
	ret = xioctl(w->p->fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &cc);
	if (w->shared.svm && ret != -EBADF)
		fail(w, "CHANNEL_CREATE in a child of an SVM file: %d", ret);
	if (!ret) {
		/* A channel of the parent's file, destroyed empty. */
		gpsvm_channel_destroy(w->p->fd, cc.handle);
	}
	if (w->shared.svm) {
		struct drm_gpsvm_svm_bind sb = {
			.addr = (uintptr_t)w->p->rw, .size = PAGE,
		};

		ret = xioctl(w->p->fd, DRM_IOCTL_GPSVM_SVM_BIND, &sb);
		if (ret != -EBADF)
			fail(w, "SVM_BIND in a child of an SVM file: %d", ret);
	}
	/* A file of its own, with SVM on this process's memory. */
	fd = gpsvm_open(0);
	if (fd < 0)
		_exit(0);
	fctx_setup(w, &w->own, fd, true);
	if (w->own.mapped && !gpsvm_channel_create(fd, &ch)) {
		struct fctx *f = &w->own;
		int i, n = 1 + below(r, 4);

		f->chans[0] = ch;
		f->nchans = 1;
		drmSyncobjCreate(fd, 0, &f->fence[0]);
		for (i = 0; i < n; i++) {
			struct drm_gpsvm_exec e = {
				.channel = ch, .out_syncobj = f->fence[0],
			};
			enum prog_kind kind;
			size_t len = make_program(w, f, f->code, CODE_SLOT_WORDS,
						  &e, &kind);

			if (kind == PROG_LOOP || kind == PROG_BAR_DEADLOCK)
				continue;
			e.code_va = (uintptr_t)w->slice;
			e.code_words = len;
			xioctl(fd, DRM_IOCTL_GPSVM_EXEC, &e);
		}
		if (!busy)
			chan_idle(w, f, 0);
	}
	/* Exit (closing the file), maybe with jobs queued. */
	_exit(0);
}

static void op_fork(struct worker *w, bool busy)
{
	struct rng *r = &w->rng;
	uint64_t child_seed = rnd(r);
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		record(w, OP_fork, -errno, "fork");
		return;
	}
	if (pid == 0) {
		/* Only this thread lives on in the child. */
		w->rng.s = child_seed;
		w->deadline = now_ns() + 60 * SEC;
		alarm(opt.watchdog);
		child_main(w, busy);
	}
	if (busy && one_in(r, 2)) {
		usleep(below(r, 200000));
		kill(pid, SIGKILL);
	}
	if (waitpid(pid, &status, 0) < 0)
		fail(w, "waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
		fail(w, "child died of signal %d", WTERMSIG(status));
	if (WIFEXITED(status) && WEXITSTATUS(status))
		_exit(1);	/* it printed why */
	record(w, OP_fork, 0, "child %d: status 0x%x", pid, status);
}

/* ---------------------------------------------------------------------- */
/* Workers.                                                               */

static enum op pick_op(struct worker *w)
{
	unsigned int total = 0, i, x;

	for (i = 0; i < OP_COUNT; i++)
		if (opt.enabled[i])
			total += op_weight[i];
	x = below(&w->rng, total);
	for (i = 0; i < OP_COUNT; i++) {
		if (!opt.enabled[i])
			continue;
		if (x < op_weight[i])
			return i;
		x -= op_weight[i];
	}
	return OP_getparam;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int fd;

	fd = gpsvm_open(0);
	if (fd < 0)
		fail(w, "open: %d", fd);
	fctx_setup(w, &w->own, fd, one_in(&w->rng, 2));
	fctx_setup(w, &w->shared, w->p->fd, false);
	w->shared.svm = w->p->index % 2;

	while (now_ns() < w->deadline) {
		enum op op = pick_op(w);

		begin(w, op);
		switch (op) {
		case OP_getparam: op_getparam(w); break;
		case OP_gem_create: op_gem_create(w); break;
		case OP_gem_mmap: op_gem_mmap(w); break;
		case OP_gem_close: op_gem_close(w); break;
		case OP_vm_bind: op_vm_bind(w); break;
		case OP_chan_create: op_chan_create(w); break;
		case OP_chan_destroy: chan_destroy(w, false); break;
		case OP_destroy_busy:
			if (one_in(&w->rng, 2))
				chan_churn_busy(w);
			else
				chan_destroy(w, true);
			break;
		case OP_chan_info: op_chan_info(w); break;
		case OP_exec: op_exec(w, false); break;
		case OP_exec_raw: op_exec(w, true); break;
		case OP_svm_init: op_svm_init(w); break;
		case OP_svm_bind: op_svm_bind(w); break;
		case OP_svm_migrate: op_svm_migrate(w); break;
		case OP_svm_advise: op_svm_advise(w); break;
		case OP_syncobj: op_syncobj(w); break;
		case OP_wait: op_wait(w); break;
		case OP_prime: op_prime(w); break;
		case OP_raw_ioctl: op_raw_ioctl(w); break;
		case OP_reopen: op_reopen(w, false); break;
		case OP_close_busy: op_reopen(w, true); break;
		case OP_mm_churn: op_mm_churn(w); break;
		case OP_fork:
			op_fork(w, opt.enabled[OP_close_busy]);
			break;
		default: break;
		}
		end_op(w);
	}
	/* The end: channels idle first, unless closing busy is the point. */
	begin(w, OP_reopen);
	fctx_release(w, &w->own, opt.enabled[OP_close_busy] &&
		     one_in(&w->rng, 2));
	fctx_release(w, &w->shared, false);
	close(w->own.fd);
	end_op(w);
	atomic_store(&w->done, true);
	inject_forget();
	return NULL;
}

static void *map_region(size_t size, int prot, int flags, int fd)
{
	void *p = mmap(NULL, size, prot, flags, fd, 0);

	if (p == MAP_FAILED) {
		perror("gpsvm-fuzz: mmap");
		_exit(1);
	}
	return p;
}

static int proc_main(int index)
{
	struct proc *p = calloc(1, sizeof(*p));
	int i, shm_fd, stuck;
	uint8_t *huge;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	p->index = index;
	pthread_mutex_init(&p->churn_lock, NULL);
	p->fd = gpsvm_open(0);
	if (p->fd < 0) {
		fprintf(stderr, "gpsvm-fuzz: no gpsvm device: %s\n",
			strerror(-p->fd));
		return 1;
	}
	p->window = map_region(WINDOW_SIZE, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
	p->rw = map_region(4 * MIB, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1);
	p->churn = map_region(4 * MIB, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1);
	p->ro = map_region(MIB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	p->none = map_region(MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	shm_fd = memfd_create("gpsvm-fuzz", 0);
	if (shm_fd < 0 || ftruncate(shm_fd, 2 * MIB)) {
		perror("gpsvm-fuzz: memfd");
		return 1;
	}
	p->shm = map_region(2 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED,
			    shm_fd);
	huge = map_region(6 * MIB, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1);
	p->huge = (uint8_t *)(((uintptr_t)huge + 2 * MIB - 1) & ~(2 * MIB - 1));
	madvise(p->huge, 4 * MIB, MADV_HUGEPAGE);
	memset(p->huge, 1, 4 * MIB);
	memset(p->rw, 2, 4 * MIB);
	/* Odd processes share their shared file's address space. */
	if (index % 2 && gpsvm_svm_init(p->fd, (uintptr_t)p->window,
					WINDOW_SIZE)) {
		fprintf(stderr, "gpsvm-fuzz: SVM_INIT failed\n");
		return 1;
	}

	nworkers = opt.threads;
	for (i = 0; i < nworkers; i++) {
		struct worker *w = &workers[i];

		w->p = p;
		w->tid = i;
		w->id = index * opt.threads + i;
		w->seed = opt.seed ^ (0x9e3779b97f4a7c15ull * (w->id + 1));
		w->rng.s = w->seed;
		w->slice = p->window + i * SLICE;
		w->deadline = now_ns() + (int64_t)opt.seconds * SEC;
		if (pthread_create(&w->thread, NULL, worker_main, w)) {
			perror("gpsvm-fuzz: pthread_create");
			return 1;
		}
	}

	/* The watchdog: no operation may take longer than opt.watchdog. */
	for (;;) {
		int running = 0;

		sleep(1);
		for (i = 0; i < nworkers; i++) {
			int64_t t = atomic_load(&workers[i].op_start);

			if (!workers[i].thread)
				continue;
			if (pthread_tryjoin_np(workers[i].thread, NULL) == 0) {
				workers[i].thread = 0;
				/* A thread the kernel killed in an oops. */
				if (!atomic_load(&workers[i].done))
					fail(&workers[i], "the thread vanished in %s (a kernel oops?)",
					     op_names[atomic_load(&workers[i].cur_op)]);
			} else {
				running++;
			}
			if (t && now_ns() - t > (int64_t)opt.watchdog * SEC) {
				stuck = i;
				fail(&workers[stuck],
				     "%s has not returned for %d s",
				     op_names[atomic_load(&workers[i].cur_op)],
				     opt.watchdog);
			}
		}
		if (!running)
			break;
	}

	for (i = 0; i < nworkers; i++) {
		struct worker *w = &workers[i];
		char line[2048];
		int j, len;

		len = snprintf(line, sizeof(line),
			       "gpsvm-fuzz: worker %d: jobs ok %" PRIu64
			       " failed %" PRIu64 ";", w->id, w->jobs_ok,
			       w->jobs_failed);
		for (j = 0; j < OP_COUNT && len < (int)sizeof(line); j++)
			if (w->count[j])
				len += snprintf(line + len, sizeof(line) - len,
						" %s %" PRIu64 "/%" PRIu64,
						op_names[j], w->count[j],
						w->fails[j]);
		if (opt.verbose)
			puts(line);
	}
	fflush(stdout);
	close(p->fd);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The sanity job: the device still runs programs right.                  */

static const char sanity_prog[] =
	"	s2r r0, tid.x\n"
	"	s2r r1, ctaid.x\n"
	"	s2r r2, ntid.x\n"
	"	mul.32 r1, r1, r2\n"
	"	add.32 r0, r0, r1\n"
	"	ldarg.64 r4, [0]\n"
	"	shl.64 r7, r0, 2\n"
	"	xor.32 r8, r0, 0x5a5a0000\n"
	"	st.32 [r4 + r7], r8\n"
	"	add.64 r9, r4, 0x4000\n"
	"	atom.add.32 rz, [r9], 1\n"
	"	exit\n";

#define SANITY_THREADS	4096

static int sanity_one(bool svm)
{
	uint8_t *window = map_region(16 * MIB, PROT_NONE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1);
	uint64_t base = (uintptr_t)window;
	struct gpsvm_asm_result res = {};
	struct drm_gpsvm_exec e = {
		.code_va = base, .args_va = base + MIB, .arg_size = 8,
		.grid = { SANITY_THREADS / 256, 1, 1 },
		.block = { 256, 1, 1 },
	};
	uint32_t code_bo, args_bo, data_bo, sync, *out, *data = NULL;
	uint64_t *code, *args;
	void *m;
	int fd, ret, i, bad = 0;

	fd = gpsvm_open(0);
	if (fd < 0)
		return fprintf(stderr, "sanity: open: %d\n", fd), 1;
	if (svm && (ret = gpsvm_svm_init(fd, base, 16 * MIB)))
		return fprintf(stderr, "sanity: SVM_INIT: %d\n", ret), 1;
	if (bo_new(fd, CODE_BO_SIZE, 0, &code_bo, &m))
		return fprintf(stderr, "sanity: code BO\n"), 1;
	code = m;
	if (bo_new(fd, PAGE, 0, &args_bo, &m))
		return fprintf(stderr, "sanity: args BO\n"), 1;
	args = m;
	if (gpsvm_vm_map(fd, code_bo, 0, e.code_va, CODE_BO_SIZE, 0) ||
	    gpsvm_vm_map(fd, args_bo, 0, e.args_va, PAGE, 0))
		return fprintf(stderr, "sanity: VM_BIND\n"), 1;
	if (svm) {
		out = map_region(64 * 1024, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1);
		args[0] = (uintptr_t)out;
	} else {
		if (bo_new(fd, 64 * 1024, DRM_GPSVM_GEM_VRAM, &data_bo, &m) ||
		    gpsvm_vm_map(fd, data_bo, 0, base + 2 * MIB, 64 * 1024, 0))
			return fprintf(stderr, "sanity: data BO\n"), 1;
		data = m;
		out = data;
		args[0] = base + 2 * MIB;
	}
	if (gpsvm_asm(sanity_prog, &res))
		return fprintf(stderr, "sanity: asm\n"), 1;
	memcpy(code, res.words, res.nwords * 8);
	e.code_words = res.nwords;
	gpsvm_asm_free(&res);
	if ((ret = gpsvm_channel_create(fd, &e.channel)) ||
	    (ret = drmSyncobjCreate(fd, 0, &sync)))
		return fprintf(stderr, "sanity: channel: %d\n", ret), 1;
	e.out_syncobj = sync;
	if ((ret = gpsvm_exec(fd, &e)))
		return fprintf(stderr, "sanity: EXEC: %d\n", ret), 1;
	ret = gpsvm_syncobj_wait(fd, sync, 60 * SEC);
	if (ret)
		return fprintf(stderr, "sanity: the %s job failed: %d (%s)\n",
			       svm ? "SVM" : "VM_BIND", ret,
			       strerror(-ret)), 1;
	for (i = 0; i < SANITY_THREADS; i++)
		if (out[i] != ((uint32_t)i ^ 0x5a5a0000u) && bad++ < 5)
			fprintf(stderr, "sanity: out[%d] = 0x%x\n", i, out[i]);
	if (out[SANITY_THREADS] != SANITY_THREADS && bad++ < 5)
		fprintf(stderr, "sanity: counter %u, not %u\n",
			out[SANITY_THREADS], SANITY_THREADS);
	gpsvm_channel_destroy(fd, e.channel);
	close(fd);
	if (bad)
		return fprintf(stderr, "sanity: %s: %d wrong values\n",
			       svm ? "SVM" : "VM_BIND", bad), 1;
	printf("gpsvm-fuzz: sanity job (%s): ok\n", svm ? "SVM" : "VM_BIND");
	return 0;
}

/* ---------------------------------------------------------------------- */

static void usage(FILE *f)
{
	int i;

	fprintf(f,
		"usage: gpsvm-fuzz [options]\n"
		"  --seed N       seed (default: from the clock; printed)\n"
		"  --seconds N    how long to fuzz (default 60, or $GPSVM_FUZZ_SECONDS)\n"
		"  --procs N      worker processes (default 2)\n"
		"  --threads N    threads per process (default 2, at most %d)\n"
		"  --exclude A,B  leave these operations out ($GPSVM_FUZZ_EXCLUDE)\n"
		"  --only A,B     only these operations\n"
		"  --watchdog N   fail when one operation takes longer (default 300 s)\n"
		"  --no-sanity    no sanity job at the end\n"
		"  --sanity-only  only the sanity job\n"
		"  --inject       allocations fail inside the ioctls, as failslab\n"
		"                 and fail_page_alloc (task filter on) ask\n"
		"  -v             counts per worker; -vv every operation\n"
		"operations:", MAX_THREADS);
	for (i = 0; i < OP_COUNT; i++)
		fprintf(f, " %s", op_names[i]);
	fprintf(f, "\n  destroy_busy: destroy channels with jobs queued, EXEC"
		" on any handle\n  close_busy: close files and end processes"
		" with jobs queued\n");
}

static void set_ops(const char *list, bool value)
{
	char *s = strdup(list), *tok, *save = NULL;
	int i;

	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < OP_COUNT; i++) {
			if (!strcmp(tok, op_names[i])) {
				opt.enabled[i] = value;
				break;
			}
		}
		if (i == OP_COUNT) {
			fprintf(stderr, "gpsvm-fuzz: unknown operation %s\n",
				tok);
			exit(2);
		}
	}
	free(s);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 'j' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "only", required_argument, NULL, 'o' },
		{ "watchdog", required_argument, NULL, 'w' },
		{ "no-sanity", no_argument, NULL, 'N' },
		{ "sanity-only", no_argument, NULL, 'S' },
		{ "inject", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *env;
	pid_t pids[64];
	int c, i, status, failed = 0;
	int64_t deadline;

	opt.seed = (uint64_t)now_ns() ^ ((uint64_t)getpid() << 32);
	opt.seconds = 60;
	opt.procs = 2;
	opt.threads = 2;
	opt.watchdog = 300;
	for (i = 0; i < OP_COUNT; i++)
		opt.enabled[i] = true;
	env = getenv("GPSVM_FUZZ_SECONDS");
	if (env && *env)
		opt.seconds = atoi(env);
	env = getenv("GPSVM_FUZZ_SEED");
	if (env && *env)
		opt.seed = strtoull(env, NULL, 0);
	env = getenv("GPSVM_FUZZ_EXCLUDE");
	if (env && *env)
		set_ops(env, false);

	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opt.seed = strtoull(optarg, NULL, 0); break;
		case 't': opt.seconds = atoi(optarg); break;
		case 'p': opt.procs = atoi(optarg); break;
		case 'j': opt.threads = atoi(optarg); break;
		case 'x': set_ops(optarg, false); break;
		case 'o':
			for (i = 0; i < OP_COUNT; i++)
				opt.enabled[i] = false;
			set_ops(optarg, true);
			break;
		case 'w': opt.watchdog = atoi(optarg); break;
		case 'N': opt.no_sanity = true; break;
		case 'S': opt.sanity_only = true; break;
		case 'I': opt.inject = true; break;
		case 'v': opt.verbose++; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (opt.procs < 1 || opt.procs > 64 || opt.threads < 1 ||
	    opt.threads > MAX_THREADS || (uint64_t)opt.threads * SLICE > FREE_AREA) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt.inject) {
		inject_no_rseq(argv);
		pthread_atfork(NULL, NULL, inject_forget);
	}

	if (!opt.sanity_only) {
		printf("gpsvm-fuzz: seed %" PRIu64 ", %d s, %d processes x %d threads\n",
		       opt.seed, opt.seconds, opt.procs, opt.threads);
		for (i = 0; i < opt.procs; i++) {
			pids[i] = fork();
			if (pids[i] < 0) {
				perror("gpsvm-fuzz: fork");
				return 1;
			}
			if (pids[i] == 0)
				_exit(proc_main(i));
		}
		/* The workers' watchdogs catch a stuck op; this, a stuck exit. */
		deadline = now_ns() + (int64_t)(opt.seconds + 2 * opt.watchdog) * SEC;
		for (i = 0; i < opt.procs; i++) {
			while (waitpid(pids[i], &status, WNOHANG) == 0) {
				if (now_ns() > deadline) {
					fprintf(stderr, "gpsvm-fuzz: FAIL (seed %" PRIu64
						"): worker process %d does not exit\n",
						opt.seed, i);
					reproduce_hint();
					return 1;
				}
				usleep(100000);
			}
			if (WIFSIGNALED(status)) {
				fprintf(stderr, "gpsvm-fuzz: FAIL (seed %" PRIu64
					"): worker process %d died of signal %d\n",
					opt.seed, i, WTERMSIG(status));
				failed = 1;
			} else if (WEXITSTATUS(status)) {
				failed = 1;
			}
		}
		if (failed) {
			reproduce_hint();
			return 1;
		}
	}
	if (!opt.no_sanity && (sanity_one(false) || sanity_one(true))) {
		fprintf(stderr, "gpsvm-fuzz: FAIL (seed %" PRIu64 "): sanity job\n",
			opt.seed);
		reproduce_hint();
		return 1;
	}
	printf("gpsvm-fuzz: PASS (seed %" PRIu64 ")\n", opt.seed);
	return 0;
}
