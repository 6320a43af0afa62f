// SPDX-License-Identifier: MIT
/*
 * gpsvm_svm: shared virtual memory. After SVM_INIT the GPU dereferences
 * the process's own pointers, with no mapping call: malloc'd and mmap'd
 * memory, thread stacks, shared and private file mappings, THP and
 * hugetlbfs pages. GPU and CPU write the same pages at once, atomics
 * included; the GPU follows munmap, mprotect, madvise, fork and exit; it
 * is refused what the process itself could not do; the fault buffer
 * copes with duplicates and overflows; SVM_INIT and SVM_BIND reject bad
 * arguments with the documented errno.
 *
 * Code and argument blocks are buffer objects mapped with VM_BIND in the
 * unmanaged window (the LAUNCH command reads them without replayable
 * faults); every data pointer is a plain process pointer.
 */

#include "igt.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"

IGT_TEST_DESCRIPTION("Shared virtual memory: the GPU reads, writes and atomically updates process memory through replayable faults.");

#define PAGE		4096ull
#define SZ_2M		(2ull << 20)
#define SEC		1000000000ll
#define JOB_WAIT	(60 * SEC)	/* beyond the 10 s job timeout */

/* The unmanaged window: code at its start, argument blocks 1 MiB in. */
#define WINDOW_SIZE	(64ull << 20)
#define CODE_OFF	0ull
#define CODE_SIZE	(64ull << 10)
#define PROG_SLOT	4096ull
#define ARGS_OFF	(1ull << 20)
#define ARGS_SIZE	(64ull << 10)
#define ARGS_SLOT	1024u

/* GP100 fault types (firmware-notes/mmu.md) and ISA errors (isa.md). */
#define FAULT_VA_LIMIT	0x3
#define ISA_MISALIGNED	4

/* Access types of CHANNEL_INFO. */
#define ACC_READ	0
#define ACC_WRITE	1
#define ACC_ATOMIC	2

/* r0 = ctaid.x * ntid.x + tid.x: the thread's index in the grid. */
/* Threads i >= n (32-bit n at byte offset off of the arguments) exit. */
#define GUARD(off) \
	"	ldarg.u32 r3, [" #off "]\n" \
	"	setp.ge.u32 p0, r0, r3\n" \
	"	@p0 exit\n"

/*
 * fill: j = i % mod; *(u32 *)(ptr + j * stride) = j ^ key.
 * Arguments: struct fill_args.
 */
static const char prog_fill[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r6, [12]\n"
	"	ldarg.u32 r9, [20]\n"
	"	rem.u32	r0, r0, r9\n"
	"	mul.64	r7, r0, r6\n"
	"	xor.32	r8, r0, r5\n"
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

/* copy: ((u32 *)dst)[i] = *(u32 *)(src + i * stride). */
static const char prog_copy[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ldarg.u32 r6, [20]\n"
	"	mul.64	r7, r0, r6\n"
	"	ld.u32	r8, [r4 + r7]\n"
	"	shl.64	r7, r0, 2\n"
	"	st.32	[r5 + r7], r8\n"
	"	exit\n";

/* copy8: ((u8 *)dst)[i] = ((u8 *)src)[i]. */
static const char prog_copy8[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ld.u8	r8, [r4 + r0]\n"
	"	st.8	[r5 + r0], r8\n"
	"	exit\n";

/* xor: ((u32 *)ptr)[i] ^= key: a read then a write by the same thread. */
static const char prog_xor[] =
	GID GUARD(12)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	shl.64	r7, r0, 2\n"
	"	add.64	r4, r4, r7\n"
	"	ld.u32	r8, [r4]\n"
	"	xor.32	r8, r8, r5\n"
	"	st.32	[r4], r8\n"
	"	exit\n";

/*
 * rounds: for r < rounds: ((u32 *)ptr)[2 * i] = i + key + r. The even
 * words only, again and again.
 */
static const char prog_rounds[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r6, [12]\n"
	"	shl.64	r7, r0, 3\n"
	"	add.64	r4, r4, r7\n"
	"	add.32	r8, r0, r5\n"
	"	mov.32	r9, 0\n"
	"loop:\n"
	"	st.32	[r4], r8\n"
	"	add.32	r8, r8, 1\n"
	"	add.32	r9, r9, 1\n"
	"	setp.lt.u32 p0, r9, r6\n"
	"	@p0 bra	loop\n"
	"	exit\n";

/* atomic: rounds times atom.add.32 [ptr + ((i % nwords) << shift)], 1. */
static const char prog_atomic[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r6, [12]\n"
	"	ldarg.u32 r8, [20]\n"
	"	rem.u32	r1, r0, r5\n"
	"	shl.64	r7, r1, r8\n"
	"	add.64	r4, r4, r7\n"
	"	mov.32	r9, 0\n"
	"loop:\n"
	"	atom.add.32 rz, [r4], 1\n"
	"	add.32	r9, r9, 1\n"
	"	setp.lt.u32 p0, r9, r6\n"
	"	@p0 bra	loop\n"
	"	exit\n";

/* spin: increment *(u32 *)(ptr + i * stride) until ns have passed. */
static const char prog_spin[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ldarg.u32 r6, [20]\n"
	"	mul.64	r7, r0, r6\n"
	"	add.64	r4, r4, r7\n"
	"	s2r	r1, clock\n"
	"	add.64	r5, r5, r1\n"
	"loop:\n"
	"	ld.u32	r8, [r4]\n"
	"	add.32	r8, r8, 1\n"
	"	st.32	[r4], r8\n"
	"	s2r	r1, clock\n"
	"	setp.lt.u64 p0, r1, r5\n"
	"	@p0 bra	loop\n"
	"	exit\n";

/*
 * stream: *(u32 *)flag = 1, then read *(u32 *)(ptr + ((i + k * n) * 4096
 * & mask)) for k = 0, 1, ... until ns have passed: a new page at every
 * step until the offsets wrap. Arguments: struct stream_args.
 */
static const char prog_stream[] =
	GID GUARD(16)
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ldarg.u32 r6, [16]\n"
	"	ldarg.64 r9, [24]\n"
	"	ldarg.64 r10, [32]\n"
	"	mov.32	r8, 1\n"
	"	st.32	[r10], r8\n"
	"	shl.64	r7, r0, 12\n"
	"	shl.64	r6, r6, 12\n"
	"	s2r	r1, clock\n"
	"	add.64	r5, r5, r1\n"
	"loop:\n"
	"	and.64	r10, r7, r9\n"
	"	ld.u32	r8, [r4 + r10]\n"
	"	add.64	r7, r7, r6\n"
	"	s2r	r1, clock\n"
	"	setp.lt.u64 p0, r1, r5\n"
	"	@p0 bra	loop\n"
	"	exit\n";

/* One thread: store the value at args[8] with the given width at args[0]. */
#define POKE(w) \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.64 r5, [8]\n" \
	"	st." #w "	[r4], r5\n" \
	"	exit\n"
static const char prog_st8[] = POKE(8);
static const char prog_st16[] = POKE(16);
static const char prog_st32[] = POKE(32);
static const char prog_st64[] = POKE(64);

/* One thread: load at args[0], store what it read (64 bits) at args[8]. */
#define PEEK(ld) \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.64 r5, [8]\n" \
	"	" ld "	r6, [r4]\n" \
	"	st.64	[r5], r6\n" \
	"	exit\n"
static const char prog_ld32[] = PEEK("ld.u32");
static const char prog_ld64[] = PEEK("ld.64");

enum prog {
	P_FILL, P_COPY, P_COPY8, P_XOR, P_ROUNDS, P_ATOMIC, P_SPIN, P_STREAM,
	P_ST8, P_ST16, P_ST32, P_ST64, P_LD32, P_LD64, NPROGS
};

static const char *const prog_src[NPROGS] = {
	[P_FILL] = prog_fill, [P_COPY] = prog_copy, [P_COPY8] = prog_copy8,
	[P_XOR] = prog_xor, [P_ROUNDS] = prog_rounds,
	[P_ATOMIC] = prog_atomic, [P_SPIN] = prog_spin,
	[P_STREAM] = prog_stream,
	[P_ST8] = prog_st8, [P_ST16] = prog_st16, [P_ST32] = prog_st32,
	[P_ST64] = prog_st64, [P_LD32] = prog_ld32, [P_LD64] = prog_ld64,
};

struct fill_args {
	uint64_t ptr;
	uint32_t key, stride, n, mod;
};

struct copy_args {
	uint64_t src, dst;
	uint32_t n, stride;
};

struct xor_args {
	uint64_t ptr;
	uint32_t key, n;
};

struct rounds_args {
	uint64_t ptr;
	uint32_t key, rounds, n, pad;
};

struct atomic_args {
	uint64_t ptr;
	uint32_t nwords, rounds, n, shift;
};

/* Counters 8 bytes apart, or one per 4 KiB page. */
#define WORDS	3
#define PAGES	12

struct spin_args {
	uint64_t ptr, ns;
	uint32_t n, stride;
};

struct stream_args {
	uint64_t ptr, ns;
	uint32_t n, pad;
	uint64_t mask, flag;
};

struct poke_args {
	uint64_t addr, value;
};

/* The debugfs counters of gpsvm_svm, in the order of enum stat. */
static const char *const stat_names[] = {
	"faults", "duplicates", "batches", "replays", "cancels", "overflows",
	"pages_4k", "pages_2m", "exclusive", "invalidations", "notifiers",
};

enum svm_stat {
	S_FAULTS, S_DUPLICATES, S_BATCHES, S_REPLAYS, S_CANCELS, S_OVERFLOWS,
	S_PAGES_4K, S_PAGES_2M, S_EXCLUSIVE, S_INVALIDATIONS, S_NOTIFIERS, NSTATS
};

struct stats {
	uint64_t v[NSTATS];
};

#define DELTA(a, b, s) ((b).v[s] - (a).v[s])

/* An SVM file: its window, code and argument BOs, a channel. */
struct svm {
	int fd;
	char stats_path[256];
	void *window;		/* our PROT_NONE reservation, or NULL */
	uint64_t win;		/* the window's GPU VA */
	uint32_t chan, sync;
	uint32_t code_bo, args_bo;
	void *code, *args;	/* CPU mappings of the BOs */
	uint32_t words[NPROGS];
	uint64_t failed;	/* jobs failed on chan before the last one */
};

/* The GPU's counters: gpsvm_svm in its debugfs directory. */
static void find_debugfs(struct svm *s)
{
	char dir[200];

	gpsvm_debugfs_dir(dir, sizeof(dir));
	s->stats_path[0] = 0;
	if (dir[0])
		snprintf(s->stats_path, sizeof(s->stats_path), "%s/gpsvm_svm",
			 dir);
}

static void stats_read(const struct svm *s, struct stats *st)
{
	unsigned int seen = 0, k;
	char line[256], name[64];
	uint64_t v;
	FILE *f;

	igt_require_f(s->stats_path[0], "no gpsvm debugfs directory\n");
	f = fopen(s->stats_path, "r");
	igt_assert_f(f, "cannot open %s: %m\n", s->stats_path);
	memset(st, 0, sizeof(*st));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %63[^:]: %" SCNu64, name, &v) != 2)
			continue;
		for (k = 0; k < NSTATS; k++)
			if (!strcmp(name, stat_names[k])) {
				st->v[k] = v;
				seen |= 1u << k;
			}
	}
	fclose(f);
	for (k = 0; k < NSTATS; k++)
		igt_assert_f(seen & (1u << k), "%s has no %s\n",
			     s->stats_path, stat_names[k]);
}

static void stats_log(const char *what, const struct stats *a,
		      const struct stats *b)
{
	unsigned int k;

	for (k = 0; k < NSTATS; k++)
		igt_debug("%s: %s +%" PRIu64 "\n", what, stat_names[k],
			  DELTA(*a, *b, k));
}

/* Code and argument BOs in the window, programs, a channel, a syncobj. */
static void svm_setup(struct svm *s, int fd, uint64_t win)
{
	unsigned int i;

	s->fd = fd;
	s->win = win;
	s->failed = 0;
	find_debugfs(s);
	igt_assert_eq(gpsvm_bo_create(fd, CODE_SIZE, 0, &s->code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(fd, s->code_bo, CODE_SIZE, &s->code), 0);
	igt_assert_eq(gpsvm_vm_map(fd, s->code_bo, 0, win + CODE_OFF,
				   CODE_SIZE, 0), 0);
	igt_assert_eq(gpsvm_bo_create(fd, ARGS_SIZE, 0, &s->args_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(fd, s->args_bo, ARGS_SIZE, &s->args), 0);
	igt_assert_eq(gpsvm_vm_map(fd, s->args_bo, 0, win + ARGS_OFF,
				   ARGS_SIZE, 0), 0);

	igt_assert(NPROGS * PROG_SLOT <= CODE_SIZE);
	for (i = 0; i < NPROGS; i++) {
		struct gpsvm_asm_result res = {};
		size_t j;

		if (gpsvm_asm(prog_src[i], &res)) {
			for (j = 0; j < res.ndiags; j++)
				igt_info("program %u line %u: %s\n", i,
					 res.diags[j].line, res.diags[j].msg);
			igt_assert_f(0, "program %u does not assemble\n", i);
		}
		igt_assert(res.nwords * 8 <= PROG_SLOT);
		memcpy((char *)s->code + i * PROG_SLOT, res.words,
		       res.nwords * 8);
		s->words[i] = res.nwords;
		gpsvm_asm_free(&res);
	}
	igt_assert_eq(gpsvm_channel_create(fd, &s->chan), 0);
	igt_assert_eq(drmSyncobjCreate(fd, 0, &s->sync), 0);
}

static void *reserve(uint64_t size)
{
	void *p = mmap(NULL, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* Open the GPU, SVM_INIT with a fresh 64 MiB window, set up. */
static void svm_open(struct svm *s)
{
	int fd = gpsvm_open(0);

	igt_require_f(fd >= 0, "no gpsvm device\n");
	s->window = reserve(WINDOW_SIZE);
	igt_assert_eq(gpsvm_svm_init(fd, to_user_pointer(s->window),
				     WINDOW_SIZE), 0);
	svm_setup(s, fd, to_user_pointer(s->window));
}

/* Unmap and close what svm_open() set up; the channel is the caller's. */
static void svm_release(struct svm *s)
{
	munmap(s->code, CODE_SIZE);
	munmap(s->args, ARGS_SIZE);
	close(s->fd);
	if (s->window)
		munmap(s->window, WINDOW_SIZE);
	s->fd = -1;
}

static void svm_close(struct svm *s)
{
	igt_assert_eq(gpsvm_channel_destroy(s->fd, s->chan), 0);
	svm_release(s);
}

/* Queue prog over n threads in blocks of block; its args in a slot. */
static void submit(struct svm *s, enum prog p, const void *args,
		   unsigned int size, unsigned int n, unsigned int block,
		   unsigned int slot, uint32_t sync)
{
	struct drm_gpsvm_exec e = {
		.channel = s->chan,
		.code_va = s->win + CODE_OFF + p * PROG_SLOT,
		.code_words = s->words[p],
		.args_va = s->win + ARGS_OFF + slot * ARGS_SLOT,
		.arg_size = size,
		.grid = { (n + block - 1) / block, 1, 1 },
		.block = { n < block ? n : block, 1, 1 },
		.out_syncobj = sync,
	};

	struct drm_gpsvm_channel_info info = {};

	igt_assert(size <= ARGS_SLOT && slot < ARGS_SIZE / ARGS_SLOT);
	memcpy((char *)s->args + slot * ARGS_SLOT, args, size);
	/* The channel's failures so far: expect_fault() wants one more. */
	igt_assert_eq(gpsvm_channel_info(s->fd, s->chan, &info), 0);
	s->failed = info.failed_jobs;
	igt_assert_eq(gpsvm_exec(s->fd, &e), 0);
}

static int wait_job(struct svm *s, uint32_t sync)
{
	return gpsvm_syncobj_wait(s->fd, sync, JOB_WAIT);
}

/* Run and wait: 0, or the job's error. */
static int run_block(struct svm *s, enum prog p, const void *args,
		     unsigned int size, unsigned int n, unsigned int block)
{
	submit(s, p, args, size, n, block, 0, s->sync);
	return wait_job(s, s->sync);
}

static int run(struct svm *s, enum prog p, const void *args,
	       unsigned int size, unsigned int n)
{
	return run_block(s, p, args, size, n, 256);
}

static int gpu_fill(struct svm *s, void *ptr, uint32_t key, uint32_t stride,
		    uint32_t n)
{
	struct fill_args a = { to_user_pointer(ptr), key, stride, n, n };

	return run(s, P_FILL, &a, sizeof(a), n);
}

static int gpu_copy(struct svm *s, const void *src, void *dst, uint32_t n,
		    uint32_t stride)
{
	struct copy_args a = { to_user_pointer(src), to_user_pointer(dst),
			       n, stride };

	return run(s, P_COPY, &a, sizeof(a), n);
}

static int gpu_copy8(struct svm *s, const void *src, void *dst, uint32_t n)
{
	struct copy_args a = { to_user_pointer(src), to_user_pointer(dst),
			       n, 1 };

	return run(s, P_COPY8, &a, sizeof(a), n);
}

static int gpu_xor(struct svm *s, void *ptr, uint32_t key, uint32_t n)
{
	struct xor_args a = { to_user_pointer(ptr), key, n };

	return run(s, P_XOR, &a, sizeof(a), n);
}

static int gpu_poke(struct svm *s, unsigned int width, uint64_t addr,
		    uint64_t value)
{
	struct poke_args a = { addr, value };
	enum prog p = width == 8 ? P_ST8 : width == 16 ? P_ST16 :
		      width == 32 ? P_ST32 : P_ST64;

	return run(s, p, &a, sizeof(a), 1);
}

/* Load 32 or 64 bits at addr; what was read lands in *out. */
static int gpu_peek(struct svm *s, unsigned int width, uint64_t addr,
		    uint64_t *out)
{
	struct poke_args a = { addr, to_user_pointer(out) };

	return run(s, width == 32 ? P_LD32 : P_LD64, &a, sizeof(a), 1);
}

static struct drm_gpsvm_channel_info chan_info(struct svm *s)
{
	struct drm_gpsvm_channel_info info = {};

	igt_assert_eq(gpsvm_channel_info(s->fd, s->chan, &info), 0);
	return info;
}

/*
 * The job's result ret was an MMU fault: -EFAULT, reported by CHANNEL_INFO
 * at addr (any address in [addr, addr + len) when len > 1) with the access
 * type (< 0: any).
 */
static void expect_fault_in(struct svm *s, int ret, uint64_t addr,
			    uint64_t len, int access)
{
	struct drm_gpsvm_channel_info info;

	igt_assert_eq(ret, -EFAULT);
	info = chan_info(s);
	igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_MMU_FAULT);
	igt_assert_f(info.addr >= addr && info.addr - addr < len,
		     "fault at 0x%" PRIx64 ", wanted 0x%" PRIx64 " + 0x%"
		     PRIx64 "\n", (uint64_t)info.addr, addr, len);
	if (access >= 0)
		igt_assert_eq_u32(info.access, access);
	igt_assert_eq_u64(info.failed_jobs, ++s->failed);
}

static void expect_fault(struct svm *s, int ret, uint64_t addr, int access)
{
	expect_fault_in(s, ret, addr, 1, access);
}

static void *map_anon(uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* An address with nothing mapped in the process: a hole we made. */
static void *hole(uint64_t size)
{
	void *p = map_anon(size);

	igt_assert_eq(munmap(p, size), 0);
	return p;
}

static uint32_t word_at(const void *p, uint64_t off)
{
	return *(const volatile uint32_t *)((const char *)p + off);
}

/* What prog_fill wrote: word j * stride is j ^ key, for j < n. */
static void check_fill(const void *p, uint32_t key, uint32_t stride,
		       uint32_t n)
{
	uint32_t j;

	for (j = 0; j < n; j++)
		igt_assert_f(word_at(p, (uint64_t)j * stride) == (j ^ key),
			     "word %u (at +0x%" PRIx64 "): 0x%x, wanted 0x%x\n",
			     j, (uint64_t)j * stride,
			     word_at(p, (uint64_t)j * stride), j ^ key);
}

/* The same, without asserting. */
static bool fill_matches(const void *p, uint32_t key, uint32_t stride,
			 uint32_t n)
{
	uint32_t j;

	for (j = 0; j < n; j++)
		if (word_at(p, (uint64_t)j * stride) != (j ^ key))
			return false;
	return true;
}

static uint32_t pattern(uint32_t i, uint32_t seed)
{
	return (i + seed) * 2654435761u;
}

static void fill_pattern(void *p, uint32_t nwords, uint32_t seed)
{
	uint32_t *w = p, i;

	for (i = 0; i < nwords; i++)
		w[i] = pattern(i, seed);
}

static void check_pattern(const void *p, uint32_t nwords, uint32_t seed,
			  uint32_t key)
{
	const volatile uint32_t *w = p;
	uint32_t i;

	for (i = 0; i < nwords; i++)
		igt_assert_f(w[i] == (pattern(i, seed) ^ key),
			     "word %u: 0x%x, wanted 0x%x\n", i, w[i],
			     pattern(i, seed) ^ key);
}

/* ------------------------------------------------------------------ */
/* Kinds of memory                                                     */
/* ------------------------------------------------------------------ */

static void test_malloc(struct svm *s)
{
	/* brk heap, unaligned; brk heap; mmap'd by malloc. */
	const uint32_t sizes[] = { 3000, 100000, 1 << 20 };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		uint32_t n = sizes[k] / 4, key = 0x11000000 + k;
		uint32_t *src = malloc(sizes[k]), *dst = malloc(sizes[k]);
		/* Whole buffers when small, a word per page when large. */
		uint32_t stride = sizes[k] > 200000 ? PAGE : 4;
		uint32_t i, nw = sizes[k] / stride;

		igt_assert(src && dst);
		igt_debug("malloc %u bytes at %p, %p\n", sizes[k], src, dst);
		fill_pattern(src, n, k);
		memset(dst, 0, sizes[k]);
		igt_assert_eq(gpu_copy(s, src, dst, nw, stride), 0);
		for (i = 0; i < nw; i++)
			igt_assert_eq_u32(dst[i], src[i * (stride / 4)]);
		igt_assert_eq(gpu_fill(s, src, key, stride, nw), 0);
		check_fill(src, key, stride, nw);
		/* The GPU's writes are in place: the CPU's pattern between. */
		if (stride > 4)
			igt_assert_eq_u32(src[1], pattern(1, k));
		free(dst);
		free(src);
	}
}

static void test_anon(struct svm *s)
{
	const uint64_t size = 1 << 20;
	const int flags[] = { MAP_PRIVATE, MAP_SHARED };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(flags); k++) {
		uint32_t key = 0x22000000 + k, *dst = malloc(64 << 10);
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			       flags[k] | MAP_ANONYMOUS, -1, 0);

		igt_assert(p != MAP_FAILED && dst);
		/* The GPU touches every page first: word j of page j. */
		igt_assert_eq(gpu_fill(s, p, key, PAGE + 4, size / PAGE), 0);
		check_fill(p, key, PAGE + 4, size / PAGE);
		igt_assert_eq_u32(word_at(p, 0x10), 0);
		/* The CPU writes pages the GPU has mapped; the GPU sees it. */
		fill_pattern(p, 16384, k);
		igt_assert_eq(gpu_copy(s, p, dst, 16384, 4), 0);
		check_pattern(dst, 16384, k, 0);
		munmap(p, size);
		free(dst);
	}
}

struct stack_ctl {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int state;
	uint32_t *buf;
	uint32_t bad;
};

#define STACK_WORDS	4096	/* 16 KiB: at least four pages */
#define STACK_KEY	0x5aa55aa5

static void stack_set(struct stack_ctl *c, int state)
{
	pthread_mutex_lock(&c->lock);
	c->state = state;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static void stack_wait(struct stack_ctl *c, int state)
{
	pthread_mutex_lock(&c->lock);
	while (c->state != state)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

/* Lends an array on its own stack to the GPU, then checks what it did. */
static void *stack_thread(void *arg)
{
	volatile uint32_t buf[STACK_WORDS];
	struct stack_ctl *c = arg;
	uint32_t i;

	for (i = 0; i < STACK_WORDS; i++)
		buf[i] = pattern(i, 7);
	c->buf = (uint32_t *)(uintptr_t)buf;
	stack_set(c, 1);
	stack_wait(c, 2);
	c->bad = 0;
	for (i = 0; i < STACK_WORDS; i++)
		if (buf[i] != (pattern(i, 7) ^ STACK_KEY))
			c->bad++;
	stack_set(c, 3);
	return NULL;
}

static void test_stack(struct svm *s)
{
	struct stack_ctl c = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	volatile uint32_t mine[STACK_WORDS];
	uint32_t *dst = malloc(STACK_WORDS * 4);
	pthread_t th;
	uint32_t i;

	/* Another thread's stack, while it waits. */
	igt_assert(dst);
	igt_assert_eq(pthread_create(&th, NULL, stack_thread, &c), 0);
	stack_wait(&c, 1);
	igt_debug("thread stack buffer at %p\n", c.buf);
	igt_assert_eq(gpu_copy(s, c.buf, dst, STACK_WORDS, 4), 0);
	check_pattern(dst, STACK_WORDS, 7, 0);
	igt_assert_eq(gpu_xor(s, c.buf, STACK_KEY, STACK_WORDS), 0);
	stack_set(&c, 2);
	stack_wait(&c, 3);
	igt_assert_eq(pthread_join(th, NULL), 0);
	igt_assert_eq_u32(c.bad, 0);

	/* And our own. */
	for (i = 0; i < STACK_WORDS; i++)
		mine[i] = pattern(i, 8);
	igt_assert_eq(gpu_xor(s, (void *)(uintptr_t)mine, 0x77, STACK_WORDS), 0);
	for (i = 0; i < STACK_WORDS; i++)
		igt_assert_eq_u32(mine[i], pattern(i, 8) ^ 0x77);
	free(dst);
}

/* A file in tmpfs, unlinked, with size bytes of pattern(seed). */
static int tmp_file(uint64_t size, uint32_t seed)
{
	char path[] = "/tmp/gpsvm_svm.XXXXXX";
	void *buf = malloc(size);
	int fd = mkstemp(path);

	igt_assert_fd(fd);
	igt_assert(buf);
	unlink(path);
	fill_pattern(buf, size / 4, seed);
	igt_assert_eq(pwrite(fd, buf, size, 0), (ssize_t)size);
	free(buf);
	return fd;
}

static void test_shared_file(struct svm *s)
{
	const uint64_t size = 64 << 10, hole_sz = 16 << 10;
	uint32_t *dst = malloc(size), *back = malloc(size + hole_sz);
	int ffd = tmp_file(size, 3);
	uint32_t *p;

	igt_assert(dst && back);
	/* A hole at the end: never written, reads as zeroes. */
	igt_assert_eq(ftruncate(ffd, size + hole_sz), 0);
	p = mmap(NULL, size + hole_sz, PROT_READ | PROT_WRITE, MAP_SHARED,
		 ffd, 0);
	igt_assert(p != MAP_FAILED);

	/* The GPU reads the page cache, hole included. */
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 3, 0);
	memset(dst, 0xff, hole_sz);
	igt_assert_eq(gpu_copy(s, (char *)p + size, dst, hole_sz / 4, 4), 0);
	for (unsigned int i = 0; i < hole_sz / 4; i++)
		igt_assert_eq_u32(dst[i], 0);

	/* A write(2) to a page the GPU has mapped: the GPU sees it. */
	fill_pattern(back, 1024, 4);
	igt_assert_eq(pwrite(ffd, back, PAGE, 0), (ssize_t)PAGE);
	igt_assert_eq(gpu_copy(s, p, dst, 1024, 4), 0);
	check_pattern(dst, 1024, 4, 0);

	/* GPU writes, the hole too, go to the file. */
	igt_assert_eq(gpu_fill(s, p, 0x33000000, 4, (size + hole_sz) / 4), 0);
	check_fill(p, 0x33000000, 4, (size + hole_sz) / 4);
	munmap(p, size + hole_sz);
	igt_assert_eq(pread(ffd, back, size + hole_sz, 0),
		      (ssize_t)(size + hole_sz));
	check_fill(back, 0x33000000, 4, (size + hole_sz) / 4);
	close(ffd);
	free(back);
	free(dst);
}

static void test_private_file(struct svm *s)
{
	const uint64_t size = 64 << 10, half = size / 2;
	uint32_t *dst = malloc(size), *back = malloc(size), *p, *q;
	int ffd = tmp_file(size, 5);

	igt_assert(dst && back);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, ffd, 0);
	igt_assert(p != MAP_FAILED);
	q = mmap(NULL, size, PROT_READ, MAP_SHARED, ffd, 0);
	igt_assert(q != MAP_FAILED);

	/* Read first (the page cache's page), then written: COW. */
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 5, 0);
	igt_assert_eq(gpu_xor(s, p, 0x44, half / 4), 0);
	/* The second half written without a read before. */
	igt_assert_eq(gpu_fill(s, (char *)p + half, 0x44000000, 4, half / 4), 0);

	/* The private mapping has the writes... */
	check_pattern(p, half / 4, 5, 0x44);
	check_fill((char *)p + half, 0x44000000, 4, half / 4);
	/* ...the file and its shared mapping do not. */
	check_pattern(q, size / 4, 5, 0);
	igt_assert_eq(gpu_copy(s, q, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 5, 0);
	munmap(p, size);
	munmap(q, size);
	igt_assert_eq(pread(ffd, back, size, 0), (ssize_t)size);
	check_pattern(back, size / 4, 5, 0);
	close(ffd);
	free(back);
	free(dst);
}

/*
 * A GPU write to one page of a MAP_PRIVATE file mapping copies that page
 * only, as a CPU write would: the other pages still show the file, and
 * so follow later changes to it.
 */
static void test_private_untouched(struct svm *s)
{
	const uint64_t size = 64 << 10;
	uint32_t *p, *buf = malloc(size), pg;
	int ffd = tmp_file(size, 90);

	igt_assert(buf);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, ffd, 0);
	igt_assert(p != MAP_FAILED);
	igt_assert_eq(gpu_poke(s, 32, to_user_pointer(p), 0xc0ffee), 0);
	igt_assert_eq_u32(p[0], 0xc0ffee);
	igt_assert_eq_u32(p[1], pattern(1, 90));

	/* The file changes behind the mapping's other pages. */
	fill_pattern(buf, size / 4, 91);
	igt_assert_eq(pwrite(ffd, buf + 1024, size - PAGE, PAGE),
		      (ssize_t)(size - PAGE));
	for (pg = 1; pg < size / PAGE; pg++)
		igt_assert_f(p[pg * 1024] == buf[pg * 1024],
			     "page %u of the private mapping is a copy: 0x%x, file 0x%x\n",
			     pg, p[pg * 1024], buf[pg * 1024]);
	munmap(p, size);
	close(ffd);
	free(buf);
}

/*
 * The GPU faults in what it touches, as the CPU would: a GPU write to one
 * page of fresh memory allocates that page, not its neighbours.
 */
static void test_anon_untouched(struct svm *s)
{
	uint8_t *r = map_anon(2 * SZ_2M), *p;

	p = (uint8_t *)(((uintptr_t)r + SZ_2M - 1) & ~(uintptr_t)(SZ_2M - 1));
	igt_assert_eq(madvise(p, SZ_2M, MADV_NOHUGEPAGE), 0);
	/* The CPU has the first page of the block, the GPU writes page 100. */
	p[0] = 1;
	igt_assert_eq_u64(smaps_kb(p, "Rss"), 4);
	igt_assert_eq(gpu_poke(s, 32, to_user_pointer(p + 100 * PAGE), 7), 0);
	igt_assert_eq_u32(word_at(p, 100 * PAGE), 7);
	igt_assert_f(smaps_kb(p, "Rss") <= 64,
		     "one GPU write made %" PRIu64 " kB resident\n",
		     smaps_kb(p, "Rss"));
	munmap(r, 2 * SZ_2M);
}

static bool thp_enabled(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return buf[0] && !strstr(buf, "[never]");
}

/*
 * 2 MiB of THP-backed memory, 2 MiB aligned, filled with pattern(seed) by
 * the CPU; skips unless the kernel really gave it a huge page.
 */
static void *thp_alloc(void **region, uint32_t seed)
{
	uint8_t *r, *p;

	igt_require_f(thp_enabled(), "THP is disabled\n");
	r = map_anon(2 * SZ_2M);
	p = (uint8_t *)(((uintptr_t)r + SZ_2M - 1) & ~(uintptr_t)(SZ_2M - 1));
	igt_assert_eq(madvise(p, SZ_2M, MADV_HUGEPAGE), 0);
	fill_pattern(p, SZ_2M / 4, seed);
	*region = r;
	igt_require_f(smaps_kb(p, "AnonHugePages") >= 2048,
		      "no huge page for %p\n", p);
	return p;
}

/*
 * THP and hugetlbfs: the GPU maps the 2 MiB page with one 2 MiB PTE, reads
 * what the CPU wrote and writes what the CPU reads.
 */
static void check_huge(struct svm *s, void *p, uint32_t seed)
{
	/* Word j of page j: 512 words over the whole 2 MiB page. */
	const uint32_t n = SZ_2M / PAGE, stride = PAGE + 4;
	uint32_t *dst = malloc(n * 4), j;
	struct stats a, b;

	igt_assert(dst);
	stats_read(s, &a);
	igt_assert_eq(gpu_fill(s, p, 0x55000000, stride, n), 0);
	stats_read(s, &b);
	stats_log("huge fill", &a, &b);
	igt_assert_lte_u64(1, DELTA(a, b, S_PAGES_2M));
	igt_assert_eq_u64(DELTA(a, b, S_PAGES_4K), 0);
	check_fill(p, 0x55000000, stride, n);
	/* The CPU's words between the GPU's are untouched. */
	for (j = 0; j < n; j++)
		igt_assert_eq_u32(word_at(p, (uint64_t)j * stride + 4),
				  pattern(j * (stride / 4) + 1, seed));

	/* The GPU reads what the CPU wrote next to its own words. */
	igt_assert_eq(gpu_copy(s, (char *)p + 4, dst, n, stride), 0);
	for (j = 0; j < n; j++)
		igt_assert_eq_u32(dst[j], pattern(j * (stride / 4) + 1, seed));
	free(dst);
}

static void test_thp(struct svm *s)
{
	void *region, *p = thp_alloc(&region, 9);

	check_huge(s, p, 9);
	munmap(region, 2 * SZ_2M);
}

static void test_hugetlb(struct svm *s)
{
	void *p = mmap(NULL, SZ_2M, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);

	igt_require_f(p != MAP_FAILED, "no 2 MiB hugetlbfs page: %m\n");
	igt_assert_eq((uintptr_t)p & (SZ_2M - 1), 0);
	fill_pattern(p, SZ_2M / 4, 10);
	check_huge(s, p, 10);
	munmap(p, SZ_2M);
}

/*
 * Accesses next to and across page boundaries, on pages the GPU has not
 * touched yet. The ISA has no unaligned accesses: a misaligned one fails
 * the launch (ERR_MISALIGNED) before translation, and writes nothing.
 */
static void test_straddle(struct svm *s)
{
	uint8_t *p = map_anon(8 * PAGE), *src = malloc(10000);
	uint8_t *usrc = malloc(10001), *udst = malloc(10003);
	const uint64_t b = to_user_pointer(p) + PAGE;
	struct drm_gpsvm_channel_info info;
	uint64_t out = 0;
	unsigned int i, w;

	igt_assert(src && usrc && udst);
	for (i = 0; i < 10000; i++)
		src[i] = i * 7 + 1;

	/* 100 bytes across the first boundary, from an odd address. */
	igt_assert_eq(gpu_copy8(s, src, p + PAGE - 37, 100), 0);
	for (i = 0; i < 2 * PAGE; i++) {
		uint8_t want = i >= PAGE - 37 && i < PAGE + 63 ?
			       src[i - (PAGE - 37)] : 0;

		igt_assert_f(p[i] == want, "byte %u: 0x%x, wanted 0x%x\n",
			     i, p[i], want);
	}

	/*
	 * Every width, last bytes of a page and first bytes of the next:
	 * pages 2|3 for 8 bits, 3|4 for 16, 4|5 for 32, 5|6 for 64.
	 */
	for (w = 8, i = 2; w <= 64; w *= 2, i++) {
		uint64_t at = to_user_pointer(p) + (i + 1) * PAGE;
		uint64_t lo = 0x0102030405060708ull * i;
		uint64_t hi = 0x8070605040302010ull * i, mask;

		mask = w == 64 ? ~0ull : (1ull << w) - 1;
		igt_assert_eq(gpu_poke(s, w, at - w / 8, lo), 0);
		igt_assert_eq(gpu_poke(s, w, at, hi), 0);
		memcpy(&out, (void *)(uintptr_t)(at - w / 8), w / 8);
		igt_assert_eq_u64(out, lo & mask);
		memcpy(&out, (void *)(uintptr_t)at, w / 8);
		igt_assert_eq_u64(out, hi & mask);
		/* Nothing else changed around them. */
		igt_assert_eq(((uint8_t *)(uintptr_t)at)[-(int)(w / 8) - 1], 0);
		igt_assert_eq(((uint8_t *)(uintptr_t)at)[w / 8], 0);
	}
	igt_assert_eq(gpu_peek(s, 64, to_user_pointer(p) + 6 * PAGE - 8, &out), 0);
	igt_assert_eq_u64(out, 0x0102030405060708ull * 5);
	igt_assert_eq(gpu_peek(s, 64, to_user_pointer(p) + 6 * PAGE, &out), 0);
	igt_assert_eq_u64(out, 0x8070605040302010ull * 5);

	/* Misaligned, across the boundary of two untouched pages: refused. */
	for (w = 16; w <= 64; w *= 2) {
		uint64_t at = to_user_pointer(p) + 7 * PAGE - w / 16;

		igt_assert_eq(gpu_poke(s, w, at, ~0ull), -EILSEQ);
		info = chan_info(s);
		igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_ISA);
		igt_assert_eq_u32(info.detail, ISA_MISALIGNED);
		igt_assert_eq_u64(info.info, at);
		igt_assert_eq_u64(info.failed_jobs, ++s->failed);
	}
	igt_assert_eq(gpu_peek(s, 64, b + 4, &out), -EILSEQ);
	igt_assert_eq_u64(chan_info(s).failed_jobs, ++s->failed);
	for (i = 6 * PAGE + 8; i < 8 * PAGE; i++)
		igt_assert_eq(p[i], 0);

	/* Unaligned buffers from malloc, byte by byte, across pages. */
	for (i = 0; i < 10000; i++)
		usrc[i + 1] = i * 13 + 5;
	memset(udst, 0, 10003);
	igt_assert_eq(gpu_copy8(s, usrc + 1, udst + 3, 10000), 0);
	for (i = 0; i < 10000; i++)
		igt_assert_eq(udst[i + 3], (uint8_t)(i * 13 + 5));
	igt_assert_eq(udst[2], 0);

	munmap(p, 8 * PAGE);
	free(udst);
	free(usrc);
	free(src);
}

/* ------------------------------------------------------------------ */
/* CPU and GPU at once                                                 */
/* ------------------------------------------------------------------ */

/* Writes the odd words of buf, sweep after sweep, until told to stop. */
struct writer {
	volatile uint32_t *buf;
	uint32_t nodd;
	unsigned int sleep_us;
	bool stop;
	uint32_t sweeps;
	pthread_t th;
};

static uint32_t odd_value(uint32_t sweep, uint32_t i)
{
	return sweep * 0x10001u + i;
}

static void *writer_fn(void *arg)
{
	struct writer *w = arg;
	uint32_t i;

	do {
		w->sweeps++;
		for (i = 0; i < w->nodd; i++)
			w->buf[2 * i + 1] = odd_value(w->sweeps, i);
		if (w->sleep_us)
			usleep(w->sleep_us);
	} while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE));
	return NULL;
}

static void writer_start(struct writer *w, void *buf, uint32_t nodd,
			 unsigned int sleep_us)
{
	w->buf = buf;
	w->nodd = nodd;
	w->sleep_us = sleep_us;
	w->stop = false;
	w->sweeps = 0;
	igt_assert_eq(pthread_create(&w->th, NULL, writer_fn, w), 0);
}

/* Stop it and check its last sweep is all there. */
static void writer_stop(struct writer *w)
{
	uint32_t i;

	__atomic_store_n(&w->stop, true, __ATOMIC_RELEASE);
	igt_assert_eq(pthread_join(w->th, NULL), 0);
	igt_debug("CPU writer: %u sweeps\n", w->sweeps);
	for (i = 0; i < w->nodd; i++)
		igt_assert_f(w->buf[2 * i + 1] == odd_value(w->sweeps, i),
			     "odd word %u: 0x%x, wanted 0x%x\n", i,
			     w->buf[2 * i + 1], odd_value(w->sweeps, i));
}

static void test_concurrent_store(struct svm *s)
{
	const uint32_t size = 64 << 10, n = size / 8, rounds = 16;
	struct rounds_args a;
	struct writer w;
	uint32_t *p = map_anon(size), i;

	/* Untouched memory: first touches race between CPU and GPU. */
	a = (struct rounds_args){ to_user_pointer(p), 0x66000000, rounds, n, 0 };
	writer_start(&w, p, n, 0);
	igt_assert_eq(run(s, P_ROUNDS, &a, sizeof(a), n), 0);
	writer_stop(&w);
	for (i = 0; i < n; i++)
		igt_assert_f(p[2 * i] == i + 0x66000000 + rounds - 1,
			     "even word %u: 0x%x\n", i, p[2 * i]);
	munmap(p, size);
}

/*
 * GPU atomics on the even words of p, nwords of them, two threads on each
 * word; the CPU writes the odd ones meanwhile if writer is set. The page
 * moves between device-exclusive and CPU access, and no increment and no
 * CPU write is lost.
 */
static void atomics(struct svm *s, uint32_t *p, uint32_t nwords, bool writer)
{
	const uint32_t n = 2 * nwords, rounds = 4;
	struct atomic_args a = { to_user_pointer(p), nwords, rounds, n, WORDS };
	struct stats s0, s1;
	struct writer w;
	uint32_t i;
	int ret;

	stats_read(s, &s0);
	if (writer)
		writer_start(&w, p, nwords, 500);
	ret = run(s, P_ATOMIC, &a, sizeof(a), n);
	if (writer)
		writer_stop(&w);
	stats_read(s, &s1);
	stats_log("atomics", &s0, &s1);
	igt_assert_eq(ret, 0);
	for (i = 0; i < nwords; i++)
		igt_assert_f(p[2 * i] == 2 * rounds,
			     "even word %u: %u, wanted %u\n", i, p[2 * i],
			     2 * rounds);
	igt_assert_lte_u64(1, DELTA(s0, s1, S_EXCLUSIVE));
}

static void test_atomic(struct svm *s, bool writer)
{
	const uint32_t size = 16 << 10;
	uint32_t *p = aligned_alloc(PAGE, size);

	igt_assert(p);
	/* Small pages, whatever the heap is: THP has a subtest of its own. */
	igt_assert_eq(madvise(p, size, MADV_NOHUGEPAGE), 0);
	memset(p, 0, size);
	atomics(s, p, size / 8, writer);
	free(p);
}

static void test_thp_atomic(struct svm *s, bool writer)
{
	const uint32_t size = 16 << 10;
	void *region;
	uint32_t *p = thp_alloc(&region, 11);

	/* The first 16 KiB of the huge page. */
	memset(p, 0, size);
	atomics(s, p, size / 8, writer);
	/* The rest of the 2 MiB is as the CPU left it. */
	check_pattern(p + size / 4, (SZ_2M - size) / 4, 11 + size / 4, 0);
	munmap(region, 2 * SZ_2M);
}

/* ------------------------------------------------------------------ */
/* Atomics against the CPU's page tables (issue 8)                    */
/* ------------------------------------------------------------------ */

static long read_param(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fgets(buf, sizeof(buf), f))
			v = strtol(buf, NULL, 0);
		fclose(f);
	}
	return v;
}

/* One GPU thread: atom.add.32 [addr], 1, once. */
static int gpu_atomic_once(struct svm *s, void *addr)
{
	struct atomic_args a = { to_user_pointer(addr), 1, 1, 1, WORDS };

	return run(s, P_ATOMIC, &a, sizeof(a), 1);
}

/*
 * A THP with one 4 KiB page replaced (MADV_DONTNEED, then a CPU write
 * gives it a new small page): a GPU atomic elsewhere in the huge page
 * must not map the whole 2 MiB with the old folio, or the GPU's atomics
 * on the replaced page go to the old one. Both pages see their increment.
 */
static void test_thp_atomic_hole(struct svm *s)
{
	void *region;
	uint8_t *p = thp_alloc(&region, 12);
	uint32_t *hole4k = (uint32_t *)(p + PAGE), *other = (uint32_t *)(p + 2 * PAGE);
	uint32_t before = *other;
	struct stats s0, s1;

	igt_assert_eq(madvise(hole4k, PAGE, MADV_DONTNEED), 0);
	*hole4k = 0x12340000;

	stats_read(s, &s0);
	igt_assert_eq(gpu_atomic_once(s, other), 0);
	igt_assert_eq(gpu_atomic_once(s, hole4k), 0);
	stats_read(s, &s1);
	stats_log("thp hole atomics", &s0, &s1);
	igt_assert_eq_u32(*other, before + 1);
	igt_assert_eq_u32(*hole4k, 0x12340001);
	/* Not one 2 MiB PTE: the block is not one folio any more. */
	igt_assert_eq_u64(DELTA(s0, s1, S_PAGES_2M), 0);
	/* The rest of the huge page is as the CPU left it. */
	check_pattern(p + 3 * PAGE, (SZ_2M - 3 * PAGE) / 4, 12 + 3 * PAGE / 4, 0);
	munmap(region, 2 * SZ_2M);
}

/*
 * The first page of a THP unmapped by MADV_DONTNEED: the rest is a
 * huge page's tail pages, which 6.12 cannot make device-exclusive one by
 * one. A GPU atomic there ends at once (served, or failed as an MMU fault
 * at the address), never spins until the job's timeout, and never lands
 * anywhere but in the process's page.
 */
static void test_thp_atomic_tail(struct svm *s)
{
	void *region;
	uint8_t *p = thp_alloc(&region, 13);
	uint32_t *w = (uint32_t *)(p + 2 * PAGE), before = *w;
	int ret;

	igt_assert_eq(madvise(p, PAGE, MADV_DONTNEED), 0);
	ret = gpu_atomic_once(s, w);
	if (ret)
		expect_fault(s, ret, to_user_pointer(w), ACC_ATOMIC);
	igt_assert_eq_u32(*w, before + (ret ? 0 : 1));
	check_pattern(p + 3 * PAGE, (SZ_2M - 3 * PAGE) / 4, 13 + 3 * PAGE / 4, 0);
	/* The channel goes on: an atomic on a whole small page works. */
	igt_assert_eq(madvise(p, PAGE, MADV_DONTNEED), 0);
	igt_assert_eq(gpu_atomic_once(s, p), 0);
	igt_assert_eq_u32(*(uint32_t *)p, 1);
	munmap(region, 2 * SZ_2M);
}

/*
 * The kernel is asked to split a THP whose other pages are device-
 * exclusive: one page taken back by the CPU, then
 * /sys/kernel/debug/split_huge_pages over the block (the deferred-split
 * shrinker and reclaim split the same way). 6.12's try_to_migrate() would
 * misread a device-exclusive entry as a PFN; the references the exclusive
 * entries hold keep the folio from being split. Every page keeps its data
 * and the counter its increments.
 */
static void test_thp_atomic_split(struct svm *s)
{
	void *region;
	uint8_t *p = thp_alloc(&region, 15);
	uint32_t *w = (uint32_t *)(p + 2 * PAGE), before = *w;
	char cmd[96];
	int fd, len;

	fd = open("/sys/kernel/debug/split_huge_pages", O_WRONLY);
	igt_require_f(fd >= 0, "no split_huge_pages in debugfs\n");
	igt_assert_eq(gpu_atomic_once(s, w), 0);
	/* The CPU takes one page back: the split can find the folio there. */
	igt_assert_eq_u32(word_at(p, PAGE), pattern(PAGE / 4, 15));
	len = snprintf(cmd, sizeof(cmd), "%d,%p,%p", getpid(),
		       (void *)p, (void *)(p + SZ_2M));
	igt_assert_eq(write(fd, cmd, len), len);
	close(fd);
	igt_info("after the split: %" PRIu64 " kB AnonHugePages\n",
		 smaps_kb(p, "AnonHugePages"));
	igt_assert_eq_u32(*w, before + 1);
	check_pattern(p + 3 * PAGE, (SZ_2M - 3 * PAGE) / 4, 15 + 3 * PAGE / 4, 0);
	check_pattern(p, PAGE / 4, 15, 0);
	igt_assert_eq(gpu_atomic_once(s, w), 0);
	igt_assert_eq_u32(*w, before + 2);
	munmap(region, 2 * SZ_2M);
}

/* The same, with the THP's first page made read-only by mprotect. */
static void test_thp_atomic_mprotect(struct svm *s)
{
	void *region;
	uint8_t *p = thp_alloc(&region, 14);
	uint32_t *w = (uint32_t *)(p + 2 * PAGE), before = *w;
	int ret;

	igt_assert_eq(mprotect(p, PAGE, PROT_READ), 0);
	ret = gpu_atomic_once(s, w);
	if (ret)
		expect_fault(s, ret, to_user_pointer(w), ACC_ATOMIC);
	igt_assert_eq_u32(*w, before + (ret ? 0 : 1));
	check_pattern(p, PAGE / 4, 14, 0);
	munmap(region, 2 * SZ_2M);
}

/*
 * Two channels of one process, one doing atomics on a THP and the other
 * reading it or doing atomics on another of its pages, at the same time:
 * their faults meet in one batch, and the second one's must not wait for
 * a folio the handler itself holds.
 */
static void two_channels_one_folio(struct svm *s, bool atomic)
{
	const uint32_t nwords = 64, rounds = 4, n = 2 * nwords;
	uint32_t chan2, sync2, round, i;
	uint32_t *dst = malloc(128 * 4);
	int ret1, ret2;

	igt_assert(dst);
	igt_assert_eq(gpsvm_channel_create(s->fd, &chan2), 0);
	igt_assert_eq(drmSyncobjCreate(s->fd, 0, &sync2), 0);
	for (round = 0; round < 8; round++) {
		void *region;
		uint32_t *p = thp_alloc(&region, 20 + round);
		uint32_t *q = p + SZ_2M / 8;	/* 512 KiB in */
		struct atomic_args a = { to_user_pointer(p), nwords, rounds, n, WORDS };
		struct atomic_args a2 = { to_user_pointer(q), nwords, rounds, n, WORDS };
		/* Word 0 of each of the 128 pages from q on. */
		struct copy_args c = { to_user_pointer(q), to_user_pointer(dst),
				       128, PAGE };
		uint32_t chan1 = s->chan;

		memset(p, 0, 2 * nwords * 4);
		if (atomic)
			memset(q, 0, 2 * nwords * 4);
		submit(s, P_ATOMIC, &a, sizeof(a), n, 256, 0, s->sync);
		s->chan = chan2;
		if (atomic)
			submit(s, P_ATOMIC, &a2, sizeof(a2), n, 256, 1, sync2);
		else
			submit(s, P_COPY, &c, sizeof(c), 128, 256, 1, sync2);
		s->chan = chan1;
		ret1 = wait_job(s, s->sync);
		ret2 = wait_job(s, sync2);
		igt_assert_eq(ret1, 0);
		igt_assert_eq(ret2, 0);
		for (i = 0; i < nwords; i++) {
			igt_assert_eq_u32(p[2 * i], 2 * rounds);
			if (atomic)
				igt_assert_eq_u32(q[2 * i], 2 * rounds);
		}
		for (i = 0; !atomic && i < 128; i++)
			igt_assert_eq_u32(dst[i], pattern(SZ_2M / 8 + i * PAGE / 4,
							  20 + round));
		munmap(region, 2 * SZ_2M);
	}
	drmSyncobjDestroy(s->fd, sync2);
	igt_assert_eq(gpsvm_channel_destroy(s->fd, chan2), 0);
	free(dst);
}

#define NOUVEAU_MODE "/sys/module/gpsvm/parameters/nouveau_mode"

static void write_param(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY);

	igt_assert_f(fd >= 0, "%s: %m\n", path);
	igt_assert_eq(write(fd, v, strlen(v)), (ssize_t)strlen(v));
	close(fd);
}

/* nouveau_mode serves each atomic on its own, a page at a time. */
static void test_nouveau_atomics(struct svm *s)
{
	igt_require(access(NOUVEAU_MODE, W_OK) == 0);
	write_param(NOUVEAU_MODE, "1");
	two_channels_one_folio(s, true);
	write_param(NOUVEAU_MODE, "0");
}

struct forker {
	bool stop;
	unsigned int forks, failures;
	pthread_t th;
};

static void *forker_fn(void *arg)
{
	struct forker *f = arg;
	pid_t pid;

	while (!__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE)) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			f->failures++;
		} else {
			f->forks++;
			waitpid(pid, NULL, 0);
		}
		usleep(2000);
	}
	return NULL;
}

/*
 * fork() while GPU atomics and a CPU writer share pages: the device-
 * exclusive pages are never kept locked, so fork() does not fail.
 * One counter per page, the CPU writing the odd words of every page.
 */
static void test_fork_atomics(struct svm *s)
{
	const uint32_t npages = 64, size = npages * PAGE, rounds = 256;
	const uint32_t n = 4 * npages;
	struct atomic_args a = { 0, npages, rounds, n, PAGES };
	uint32_t *p = map_anon(size), k;
	struct forker f = {};
	struct writer w;
	int ret;

	igt_assert_eq(madvise(p, size, MADV_NOHUGEPAGE), 0);
	memset(p, 0, size);
	a.ptr = to_user_pointer(p);
	writer_start(&w, p, size / 8, 200);
	igt_assert_eq(pthread_create(&f.th, NULL, forker_fn, &f), 0);
	ret = run(s, P_ATOMIC, &a, sizeof(a), n);
	__atomic_store_n(&f.stop, true, __ATOMIC_RELEASE);
	igt_assert_eq(pthread_join(f.th, NULL), 0);
	writer_stop(&w);
	igt_info("%u forks, %u failed\n", f.forks, f.failures);
	igt_assert_eq(ret, 0);
	igt_assert_eq(f.failures, 0);
	igt_assert_lte(1, f.forks);
	for (k = 0; k < npages; k++)
		igt_assert_f(p[k * PAGE / 4] == 4 * rounds, "page %u: %u\n", k,
			     p[k * PAGE / 4]);
	munmap(p, size);
}

/*
 * MADV_DONTNEED racing the device-exclusive path: a GPU mapping made from
 * a page the CPU zapped meanwhile would keep the GPU on the freed page.
 * After each round the CPU faults in every page again and the GPU adds
 * one to each counter: the CPU must see every increment.
 */
struct zapper {
	uint8_t *p;
	uint32_t npages;
	bool stop;
	unsigned int zaps;
	pthread_t th;
};

static void *zapper_fn(void *arg)
{
	struct zapper *z = arg;
	uint32_t k = 0;

	while (!__atomic_load_n(&z->stop, __ATOMIC_ACQUIRE)) {
		madvise(z->p + (uint64_t)(k++ % z->npages) * PAGE, PAGE,
			MADV_DONTNEED);
		z->zaps++;
		usleep(50);
	}
	return NULL;
}

static void test_dontneed_atomic_race(struct svm *s)
{
	const uint32_t npages = 16, nwords = npages * PAGE / 8;
	uint32_t *p = map_anon(npages * PAGE), round, k, v[16];
	struct atomic_args a = { to_user_pointer(p), nwords, 2,
				 nwords, WORDS };
	struct zapper z = { .p = (uint8_t *)p, .npages = npages };
	int ret;

	igt_assert_eq(madvise(p, npages * PAGE, MADV_NOHUGEPAGE), 0);
	for (round = 0; round < 6; round++) {
		z.stop = false;
		igt_assert_eq(pthread_create(&z.th, NULL, zapper_fn, &z), 0);
		ret = run(s, P_ATOMIC, &a, sizeof(a), nwords);
		__atomic_store_n(&z.stop, true, __ATOMIC_RELEASE);
		igt_assert_eq(pthread_join(z.th, NULL), 0);
		igt_assert_eq(ret, 0);
		/* The CPU faults in every page: new pages for zapped ones. */
		for (k = 0; k < npages; k++)
			v[k] = p[k * PAGE / 4];
		/* One GPU increment of word 0 of each page. */
		for (k = 0; k < npages; k++) {
			struct atomic_args one = {
				to_user_pointer(p + k * PAGE / 4), 1, 1, 1,
				WORDS };

			igt_assert_eq(run(s, P_ATOMIC, &one, sizeof(one), 1), 0);
		}
		for (k = 0; k < npages; k++)
			igt_assert_f(p[k * PAGE / 4] == v[k] + 1,
				     "round %u page %u: %u, wanted %u (GPU on a stale page)\n",
				     round, k, p[k * PAGE / 4], v[k] + 1);
	}
	igt_info("%u zaps\n", z.zaps);
	munmap(p, npages * PAGE);
}

/*
 * gpsvm_hold (drivers/gpsvm/tests) holds the fault handler at the return
 * of make_device_exclusive_range(): the window in which MADV_DONTNEED,
 * which needs neither the mmap_lock for write nor the folio lock, can
 * zap the entries just made exclusive. Without it that window is a few
 * microseconds and no stress loop hits it.
 */
#define HOLD_STATE	"/sys/kernel/debug/gpsvm_hold/state"

static void hold_cmd(const char *cmd)
{
	int fd = open(HOLD_STATE, O_WRONLY);

	igt_assert_f(fd >= 0, "%s: %m\n", HOLD_STATE);
	igt_assert_eq(write(fd, cmd, strlen(cmd)), (ssize_t)strlen(cmd));
	close(fd);
}

static bool hold_is(const char *state)
{
	char buf[16] = "";
	int fd = open(HOLD_STATE, O_RDONLY);
	ssize_t n;

	igt_assert_f(fd >= 0, "%s: %m\n", HOLD_STATE);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && !strncmp(buf, state, strlen(state));
}

/* Up to 10 s for the fault handler to reach the hold. */
static bool hold_wait_held(void)
{
	int ms;

	for (ms = 0; ms < 10000; ms++) {
		if (hold_is("held"))
			return true;
		usleep(1000);
	}
	return false;
}

/* Loads gpsvm_hold from the build tree; skips where that is not allowed. */
static void hold_load(void)
{
	const char *top = getenv("GPSVM_TOP");
	char path[512];
	int fd;

	igt_require_f(top, "GPSVM_TOP is not set\n");
	snprintf(path, sizeof(path), "%s/drivers/gpsvm/tests/gpsvm_hold.ko",
		 top);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	igt_require_f(fd >= 0, "%s: %m\n", path);
	if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST) {
		igt_require_f(errno != EPERM, "loading gpsvm_hold: %m\n");
		igt_assert_f(false, "loading gpsvm_hold: %m\n");
	}
	close(fd);
	/* A test that failed while armed leaves it armed. */
	hold_cmd("release");
}

static void hold_unload(void)
{
	igt_assert_eq(syscall(SYS_delete_module, "gpsvm_hold", O_NONBLOCK), 0);
}

struct job {
	struct svm *s;
	struct atomic_args a;
	int ret;
	pthread_t th;
};

static void *atomic_job(void *arg)
{
	struct job *j = arg;

	j->ret = run(j->s, P_ATOMIC, &j->a, sizeof(j->a), 1);
	return NULL;
}

/*
 * MADV_DONTNEED lands between make_device_exclusive_range() and the
 * commit of the GPU's PTE: the sequence taken before the page was looked
 * up must catch it, so the handler tries again and the GPU's increment
 * goes to the page the CPU sees, never to the zapped one. The GPU maps
 * the next page all along, so that the zap leaves the page table in place
 * (freeing it would make the commit fail and hide the defect).
 */
static void test_dontneed_atomic_window(struct svm *s)
{
	uint32_t *p = map_anon(2 * PAGE), *next = p + PAGE / 4, round;
	struct job j = { .s = s };

	igt_assert_eq(madvise(p, 2 * PAGE, MADV_NOHUGEPAGE), 0);
	next[0] = 0;
	igt_assert_eq(gpu_atomic_once(s, next), 0);
	hold_load();
	for (round = 0; round < 4; round++) {
		p[0] = 0x5a5a0000 + round;
		j.a = (struct atomic_args){ to_user_pointer(p), 1, 1, 1, WORDS };
		hold_cmd("arm");
		igt_assert_eq(pthread_create(&j.th, NULL, atomic_job, &j), 0);
		igt_assert_f(hold_wait_held(),
			     "the fault handler never reached the window\n");
		igt_assert_eq(madvise(p, PAGE, MADV_DONTNEED), 0);
		igt_assert_f(hold_is("held"), "the hold timed out before the zap\n");
		hold_cmd("release");
		igt_assert_eq(pthread_join(j.th, NULL), 0);
		igt_assert_eq(j.ret, 0);
		/* The zapped page was 0x5a5a....: the new one starts at 0. */
		igt_assert_f(p[0] == 1, "round %u: %#x, wanted 1 (the GPU's atomic went to the zapped page)\n",
			     round, p[0]);
	}
	hold_unload();
	igt_assert_eq_u32(next[0], 1);
	munmap(p, 2 * PAGE);
}

/*
 * Atomics on one counter per page of 8 MiB, contended by two CPU threads
 * writing the odd words of the same pages, finish with exact counts;
 * afterwards an uncontended job on fresh memory takes each page once or
 * twice (a fault reported before its page's replay), and nothing is
 * cancelled: the contention leaves nothing behind.
 */
static void test_atomic_contended(struct svm *s)
{
	const uint32_t npages = 2048, size = npages * PAGE, rounds = 4;
	struct timespec t0 = {};
	const uint32_t half = size / 16;
	struct atomic_args a = { 0, npages, rounds, npages, PAGES };
	uint32_t *p = map_anon(size), *q = map_anon(size), k;
	struct writer w1, w2;
	struct stats s0, s1;
	int ret;

	igt_assert_eq(madvise(p, size, MADV_NOHUGEPAGE), 0);
	igt_assert_eq(madvise(q, size, MADV_NOHUGEPAGE), 0);
	memset(p, 0, size);
	memset(q, 0, size);
	a.ptr = to_user_pointer(p);
	stats_read(s, &s0);	/* may skip: before the threads start */
	writer_start(&w1, p, half, 100);
	writer_start(&w2, p + size / 8, half, 100);
	igt_nsec_elapsed(&t0);
	ret = run(s, P_ATOMIC, &a, sizeof(a), npages);
	igt_info("contended: %.3f s\n", igt_nsec_elapsed(&t0) / 1e9);
	writer_stop(&w1);
	writer_stop(&w2);
	stats_read(s, &s1);
	stats_log("contended atomics", &s0, &s1);
	igt_assert_eq(ret, 0);
	for (k = 0; k < npages; k++)
		igt_assert_f(p[k * PAGE / 4] == rounds, "page %u: %u\n", k,
			     p[k * PAGE / 4]);
	munmap(p, size);

	a.ptr = to_user_pointer(q);
	stats_read(s, &s0);
	memset(&t0, 0, sizeof(t0));
	igt_nsec_elapsed(&t0);
	igt_assert_eq(run(s, P_ATOMIC, &a, sizeof(a), npages), 0);
	igt_info("uncontended: %.3f s\n", igt_nsec_elapsed(&t0) / 1e9);
	stats_read(s, &s1);
	stats_log("uncontended after contention", &s0, &s1);
	for (k = 0; k < npages; k++)
		igt_assert_eq_u32(q[k * PAGE / 4], rounds);
	igt_assert_lte_u64(npages, DELTA(s0, s1, S_EXCLUSIVE));
	igt_assert_lte_u64(DELTA(s0, s1, S_EXCLUSIVE), 2 * npages);
	igt_assert_eq_u64(DELTA(s0, s1, S_CANCELS), 0);
	munmap(q, size);
}

/* ------------------------------------------------------------------ */
/* The GPU follows the process's address space                        */
/* ------------------------------------------------------------------ */

static void test_realloc(struct svm *s)
{
	const uint64_t size = 64 << 10;
	uint32_t *dst = malloc(size), *p, *q;
	unsigned int k;

	igt_assert(dst);
	/* munmap, and new memory at the same address: the GPU sees it. */
	p = map_anon(size);
	fill_pattern(p, size / 4, 20);
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 20, 0);
	igt_assert_eq(gpu_xor(s, p, 0x99, size / 4), 0);
	igt_assert_eq(munmap(p, size), 0);
	q = mmap(p, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	igt_assert(q == p);
	/* Fresh anonymous memory is zero, to the GPU too. */
	memset(dst, 0xff, size);
	igt_assert_eq(gpu_copy(s, q, dst, size / 4, 4), 0);
	for (k = 0; k < size / 4; k++)
		igt_assert_eq_u32(dst[k], 0);
	fill_pattern(q, size / 4, 21);
	igt_assert_eq(gpu_copy(s, q, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 21, 0);
	munmap(q, size);

	/* malloc and free between jobs: the same addresses come back. */
	for (k = 0; k < 6; k++) {
		uint32_t bytes = k & 1 ? 256 << 10 : 24 << 10;
		uint32_t *m = malloc(bytes);

		igt_assert(m);
		igt_debug("round %u: %p\n", k, m);
		fill_pattern(m, bytes / 4, 30 + k);
		igt_assert_eq(gpu_xor(s, m, 0x1000 + k, bytes / 4), 0);
		check_pattern(m, bytes / 4, 30 + k, 0x1000 + k);
		free(m);
	}
	free(dst);
}

static void test_munmap_busy(struct svm *s)
{
	const uint32_t n = 64, size = n * PAGE;
	const uint64_t spin_ns = 2 * SEC;
	uint32_t *dst = malloc(n * 4), *p = map_anon(size), *q;
	struct spin_args a = { to_user_pointer(p), spin_ns, n, PAGE };
	struct timespec start = {};
	struct stats s0, s1;
	uint64_t elapsed;
	uint32_t i;
	int ret;

	igt_assert(dst);
	memset(p, 0, size);
	igt_nsec_elapsed(&start);
	submit(s, P_SPIN, &a, sizeof(a), n, 256, 0, s->sync);
	usleep(300000);
	stats_read(s, &s0);
	igt_assert_eq(munmap(p, size), 0);
	elapsed = igt_nsec_elapsed(&start);
	stats_read(s, &s1);
	ret = wait_job(s, s->sync);
	igt_debug("munmap after %" PRIu64 " ns, job %d\n", elapsed, ret);
	stats_log("munmap", &s0, &s1);
	if (elapsed < spin_ns) {
		/* The job was still spinning on the memory: it must fault. */
		expect_fault_in(s, ret, to_user_pointer(p), size, -1);
		igt_assert_lte_u64(1, DELTA(s0, s1, S_INVALIDATIONS));
	} else if (ret) {
		expect_fault_in(s, ret, to_user_pointer(p), size, -1);
	}

	/* New memory at the address: the GPU sees it, not the old pages. */
	q = mmap(p, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	igt_assert(q == p);
	for (i = 0; i < n; i++)
		q[i * (PAGE / 4)] = 0xc0de0000 + i;
	igt_assert_eq(gpu_copy(s, q, dst, n, PAGE), 0);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(dst[i], 0xc0de0000 + i);
	munmap(q, size);
	free(dst);
}

static void test_mprotect_ro(struct svm *s)
{
	const uint32_t size = 4 * PAGE;
	uint32_t *p = map_anon(size), *dst = malloc(size);
	struct atomic_args atom = { to_user_pointer(p + 512), 1, 1, 1, WORDS };
	struct stats s0, s1;

	igt_assert(dst);
	fill_pattern(p, size / 4, 40);
	/* The GPU maps it writable. */
	igt_assert_eq(gpu_xor(s, p, 0x40, size / 4), 0);
	check_pattern(p, size / 4, 40, 0x40);

	stats_read(s, &s0);
	igt_assert_eq(mprotect(p, size, PROT_READ), 0);
	stats_read(s, &s1);
	igt_assert_lte_u64(1, DELTA(s0, s1, S_INVALIDATIONS));

	/* A write fails the job; the word stays. */
	expect_fault(s, gpu_poke(s, 32, to_user_pointer(p + 1026), 1),
		     to_user_pointer(p + 1026), ACC_WRITE);
	igt_assert_eq_u32(p[1026], pattern(1026, 40) ^ 0x40);
	/* Reads of the same pages are still served. */
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 40, 0x40);
	/* A write after the reads fails as well, and so does an atomic. */
	expect_fault_in(s, gpu_xor(s, p, 1, size / 4), to_user_pointer(p),
			size, ACC_WRITE);
	expect_fault(s, run(s, P_ATOMIC, &atom, sizeof(atom), 1),
		     to_user_pointer(p + 512), ACC_ATOMIC);
	check_pattern(p, size / 4, 40, 0x40);

	/* Writable again: writes go through. */
	igt_assert_eq(mprotect(p, size, PROT_READ | PROT_WRITE), 0);
	igt_assert_eq(gpu_xor(s, p, 0x40, size / 4), 0);
	check_pattern(p, size / 4, 40, 0);
	munmap(p, size);
	free(dst);
}

static void test_prot_none(struct svm *s)
{
	const uint32_t size = 4 * PAGE;
	uint32_t *p = map_anon(size), *dst = malloc(size);
	uint64_t out = 0x1234;

	igt_assert(dst);
	fill_pattern(p, size / 4, 50);
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	igt_assert_eq(mprotect(p, size, PROT_NONE), 0);

	expect_fault(s, gpu_peek(s, 32, to_user_pointer(p + 2000), &out),
		     to_user_pointer(p + 2000), ACC_READ);
	igt_assert_eq_u64(out, 0x1234);
	expect_fault(s, gpu_poke(s, 32, to_user_pointer(p + 3000), 0),
		     to_user_pointer(p + 3000), ACC_WRITE);
	/* The channel goes on. */
	igt_assert_eq(gpu_fill(s, dst, 0x50, 4, 16), 0);
	check_fill(dst, 0x50, 4, 16);

	igt_assert_eq(mprotect(p, size, PROT_READ), 0);
	check_pattern(p, size / 4, 50, 0);
	igt_assert_eq(gpu_peek(s, 32, to_user_pointer(p + 2000), &out), 0);
	igt_assert_eq_u64(out, pattern(2000, 50));
	munmap(p, size);
	free(dst);
}

static void test_dontneed(struct svm *s)
{
	const uint32_t size = 16 * PAGE;
	uint32_t *p = map_anon(size), *dst = malloc(size), i;
	struct stats s0, s1;

	igt_assert(dst);
	fill_pattern(p, size / 4, 60);
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	check_pattern(dst, size / 4, 60, 0);

	stats_read(s, &s0);
	igt_assert_eq(madvise(p, size, MADV_DONTNEED), 0);
	stats_read(s, &s1);
	igt_assert_lte_u64(1, DELTA(s0, s1, S_INVALIDATIONS));

	/* Zeroes, not the old pages. */
	memset(dst, 0xff, size);
	igt_assert_eq(gpu_copy(s, p, dst, size / 4, 4), 0);
	for (i = 0; i < size / 4; i++)
		igt_assert_eq_u32(dst[i], 0);
	/* And GPU writes land in the new pages the CPU reads. */
	igt_assert_eq(gpu_fill(s, p, 0x60000000, 4, size / 4), 0);
	check_fill(p, 0x60000000, 4, size / 4);
	munmap(p, size);
	free(dst);
}

/*
 * mremap() moves a buffer to a spare reservation and back: the GPU follows
 * the pages, and faults at the old address. Then moves race GPU jobs that
 * fill the buffer. A job whose accesses met the hole fails at an address
 * in the buffer; one that succeeded leaves its words behind, so afterwards every
 * word was written by the last job that succeeded or by a later one.
 */
struct mover {
	uint8_t *a, *b;
	bool stop;
	uint32_t moves, errors;
	pthread_t th;
};

static bool mover_away(struct mover *m)
{
	return mremap(m->a, SZ_2M, SZ_2M, MREMAP_MAYMOVE | MREMAP_FIXED,
		      m->b) == m->b;
}

/* Back, and the spare reserved again: nothing else may land there. */
static bool mover_back(struct mover *m)
{
	return mremap(m->b, SZ_2M, SZ_2M, MREMAP_MAYMOVE | MREMAP_FIXED,
		      m->a) == m->a &&
	       mmap(m->b, SZ_2M, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0) == m->b;
}

static void *mover_fn(void *arg)
{
	struct mover *m = arg;
	unsigned int seed = 1;

	while (!__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE)) {
		if (!mover_away(m))
			break;
		usleep(rand_r(&seed) % 300);
		if (!mover_back(m))
			break;
		m->moves++;
		/* Long enough, at times, for a whole job to run. */
		usleep(rand_r(&seed) % 30000);
	}
	if (!__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE))
		m->errors++;
	return NULL;
}

static void test_mremap_race(struct svm *s)
{
	const uint32_t stride = 512, n = SZ_2M / stride;
	struct timespec t0 = {};
	uint32_t gen, last_ok = 3, failed = 0, k;
	struct mover m = {};
	uint8_t *r;
	int ret;

	r = mmap(NULL, 3 * SZ_2M, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		 MAP_NORESERVE, -1, 0);
	igt_assert(r != MAP_FAILED);
	m.a = (uint8_t *)(((uintptr_t)r + SZ_2M - 1) & ~(uintptr_t)(SZ_2M - 1));
	m.b = m.a + SZ_2M;
	igt_assert(mmap(m.a, SZ_2M, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			MAP_ANONYMOUS | MAP_FIXED, -1, 0) == m.a);
	/* With THP on, the moves take whole PMDs. */
	if (thp_enabled())
		igt_assert_eq(madvise(m.a, SZ_2M, MADV_HUGEPAGE), 0);
	for (k = 0; k < n; k++)
		*(uint32_t *)(m.a + k * stride) = k;

	/* One move, step by step: the GPU follows the pages. */
	igt_assert_eq(gpu_fill(s, m.a, 1 << 16, stride, n), 0);
	igt_assert(mover_away(&m));
	expect_fault_in(s, gpu_fill(s, m.a, 2 << 16, stride, n),
			to_user_pointer(m.a), SZ_2M, ACC_WRITE);
	check_fill(m.b, 1 << 16, stride, n);
	igt_assert_eq(gpu_fill(s, m.b, 3 << 16, stride, n), 0);
	check_fill(m.b, 3 << 16, stride, n);
	igt_assert(mover_back(&m));
	expect_fault_in(s, gpu_fill(s, m.b, 4 << 16, stride, n),
			to_user_pointer(m.b), SZ_2M, ACC_WRITE);
	check_fill(m.a, 3 << 16, stride, n);

	igt_assert_eq(pthread_create(&m.th, NULL, mover_fn, &m), 0);
	igt_nsec_elapsed(&t0);
	for (gen = 5; igt_nsec_elapsed(&t0) < 3 * SEC && gen < 1000; gen++) {
		ret = gpu_fill(s, m.a, gen << 16, stride, n);
		if (ret)
			expect_fault_in(s, ret, to_user_pointer(m.a), SZ_2M, -1);
		else
			last_ok = gen;
		failed += !!ret;
	}
	__atomic_store_n(&m.stop, true, __ATOMIC_RELEASE);
	igt_assert_eq(pthread_join(m.th, NULL), 0);
	igt_info("%u moves, %u jobs, %u failed\n", m.moves, gen - 5, failed);
	igt_assert_eq_u32(m.errors, 0);
	igt_assert_lt_u32(0, m.moves);

	for (k = 0; k < n; k++) {
		uint32_t v = word_at(m.a, (uint64_t)k * stride);

		igt_assert_f((v & 0xffff) == k && v >> 16 >= last_ok &&
			     v >> 16 < gen,
			     "word %u: 0x%x, wanted 0x%x from job %u to %u\n",
			     k, v, k, last_ok, gen - 1);
	}
	/* Still: the GPU writes where the CPU reads. */
	igt_assert_eq(gpu_fill(s, m.a, gen << 16, stride, n), 0);
	check_fill(m.a, gen << 16, stride, n);
	munmap(r, 3 * SZ_2M);
}

static void pipe_put(int fd, char c)
{
	igt_assert_eq(write(fd, &c, 1), 1);
}

static void pipe_get(int fd, char want)
{
	char c = 0;

	igt_assert_eq(read(fd, &c, 1), 1);
	igt_assert_eq(c, want);
}

/*
 * fork() keeps copy-on-write semantics against the GPU: after the fork the
 * parent's GPU writes stay in the parent, and the child (with its own file
 * and SVM) writes its own copy.
 */
static void test_fork(struct svm *s)
{
	const uint32_t size = 16 * PAGE;
	uint32_t *p = map_anon(size);
	int up[2], down[2];	/* child to parent, parent to child */
	struct stats s0, s1;

	fill_pattern(p, size / 4, 70);
	/* The GPU has it mapped writable before the fork. */
	igt_assert_eq(gpu_xor(s, p, 0x1, size / 4), 0);
	igt_assert_eq(pipe(up), 0);
	igt_assert_eq(pipe(down), 0);
	stats_read(s, &s0);

	igt_fork(child, 1) {
		struct svm c;

		close(up[0]);
		close(down[1]);
		check_pattern(p, size / 4, 70, 0x1);
		pipe_put(up[1], 'r');
		pipe_get(down[0], 'g');
		/* The parent's GPU writes did not reach us. */
		check_pattern(p, size / 4, 70, 0x1);

		svm_open(&c);
		igt_assert_eq(gpu_xor(&c, p, 0x4, size / 4), 0);
		check_pattern(p, size / 4, 70, 0x1 ^ 0x4);
		svm_close(&c);
		pipe_put(up[1], 'd');
	}
	close(up[1]);
	close(down[0]);

	pipe_get(up[0], 'r');
	stats_read(s, &s1);
	stats_log("fork", &s0, &s1);
	/* fork made the pages read-only: the GPU's PTEs went too. */
	igt_assert_lte_u64(1, DELTA(s0, s1, S_INVALIDATIONS));
	igt_assert_eq(gpu_xor(s, p, 0x2, size / 4), 0);
	check_pattern(p, size / 4, 70, 0x1 ^ 0x2);
	pipe_put(down[1], 'g');
	pipe_get(up[0], 'd');
	igt_waitchildren();
	/* The child's writes did not reach us. */
	check_pattern(p, size / 4, 70, 0x1 ^ 0x2);
	igt_assert_eq(gpu_xor(s, p, 0x2, size / 4), 0);
	check_pattern(p, size / 4, 70, 0x1);
	close(up[0]);
	close(down[1]);
	munmap(p, size);
}

/*
 * Unmapping everything in a chunk of the address space the GPU touched
 * removes the chunk's MMU notifier: the count comes back to what it was.
 */
static void test_notifier_reap(struct svm *s)
{
	const uint64_t chunk = 64ull << 20;
	uint8_t *r = mmap(NULL, 3 * chunk, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint8_t *p = (uint8_t *)(((uintptr_t)r + chunk - 1) & ~(chunk - 1));
	struct stats s0, s1, s2;
	unsigned int i;

	igt_assert(r != MAP_FAILED);
	stats_read(s, &s0);
	igt_assert_eq(gpu_fill(s, p, 0x77000000, 4, 16), 0);
	igt_assert_eq(gpu_fill(s, p + chunk, 0x78000000, 4, 16), 0);
	check_fill(p, 0x77000000, 4, 16);
	stats_read(s, &s1);
	igt_assert_eq_u64(DELTA(s0, s1, S_NOTIFIERS), 2);

	igt_assert_eq(munmap(r, 3 * chunk), 0);
	/* A work item removes them, soon after the munmap. */
	for (i = 0; i < 200; i++) {
		stats_read(s, &s2);
		if (s2.v[S_NOTIFIERS] == s0.v[S_NOTIFIERS])
			break;
		usleep(10000);
	}
	igt_assert_eq_u64(s2.v[S_NOTIFIERS], s0.v[S_NOTIFIERS]);
}

/* ------------------------------------------------------------------ */
/* The fault buffer                                                    */
/* ------------------------------------------------------------------ */

/*
 * 2 * npages pages whose even pages are VMAs of their own (the odd ones
 * are read-only, never touched): a GPU access to an even page makes the
 * driver fault in that page and no other, so each page the GPU touches
 * costs a fault of its own.
 */
static uint8_t *striped_pages(uint32_t npages)
{
	uint8_t *p = map_anon(2ull * npages * PAGE);
	uint32_t i;

	for (i = 0; i < npages; i++)
		igt_assert_eq(mprotect(p + (2 * i + 1) * PAGE, PAGE, PROT_READ), 0);
	return p;
}

static void test_same_page(struct svm *s)
{
	const uint32_t npages = 40;
	uint64_t dups = 0;
	unsigned int attempt;

	for (attempt = 0; attempt < 3 && !dups; attempt++) {
		uint8_t *p = striped_pages(npages + 1);
		/* 2048 threads in 8 blocks on the 1024 words of page 0. */
		struct fill_args one = { to_user_pointer(p),
					 0x77000000 + attempt, 4, 2048, 1024 };
		/*
		 * 1024 threads on word 0 of 40 pages: more pages than an SM
		 * remembers during a stall, so it reports some many times.
		 */
		struct fill_args many = { to_user_pointer(p + 2 * PAGE),
					  0x78000000 + attempt, 2 * PAGE,
					  1024, npages };
		struct stats s0, s1;

		stats_read(s, &s0);
		igt_assert_eq(run(s, P_FILL, &one, sizeof(one), one.n), 0);
		igt_assert_eq(run(s, P_FILL, &many, sizeof(many), many.n), 0);
		stats_read(s, &s1);
		stats_log("same page", &s0, &s1);
		check_fill(p, one.key, 4, 1024);
		check_fill(p + 2 * PAGE, many.key, 2 * PAGE, npages);
		/* Every page was reported at least once. */
		igt_assert_lte_u64(npages + 1, DELTA(s0, s1, S_FAULTS) -
					       DELTA(s0, s1, S_DUPLICATES));
		dups += DELTA(s0, s1, S_DUPLICATES);
		munmap(p, 2ull * (npages + 1) * PAGE);
	}
	igt_assert_lte_u64(1, dups);
}
static void test_overflow(struct svm *s)
{
	const uint32_t n = 1024, stride = 2 * PAGE + 4;
	long entries = read_param("/sys/module/gpsvm/parameters/fault_entries");
	uint64_t overflows = 0;
	unsigned int attempt;

	igt_require_f(entries > 0, "no gpsvm.fault_entries\n");
	igt_require_f(entries < n, "fault buffer of %ld entries\n", entries);
	for (attempt = 0; attempt < 3 && !overflows; attempt++) {
		/*
		 * One block: 1024 threads each on a page of its own (word j
		 * of page 2j), each page a fault of its own.
		 */
		uint8_t *p = striped_pages(n);
		struct fill_args a = { to_user_pointer(p), 0x7a000000 + attempt,
				       stride, n, n };
		struct stats s0, s1;

		stats_read(s, &s0);
		igt_assert_eq(run_block(s, P_FILL, &a, sizeof(a), n, 1024), 0);
		stats_read(s, &s1);
		stats_log("overflow", &s0, &s1);
		check_fill(p, a.key, stride, n);
		/* No fault was lost, each page needed one. */
		igt_assert_lte_u64(n, DELTA(s0, s1, S_FAULTS) -
				      DELTA(s0, s1, S_DUPLICATES));
		igt_assert_lte_u64(n, DELTA(s0, s1, S_PAGES_4K));
		igt_assert_lte_u64(2, DELTA(s0, s1, S_BATCHES));
		overflows += DELTA(s0, s1, S_OVERFLOWS);
		munmap(p, 2ull * n * PAGE);
	}
	igt_assert_lte_u64(1, overflows);
}

/* ------------------------------------------------------------------ */
/* Processes                                                           */
/* ------------------------------------------------------------------ */

static void test_multi_process(void)
{
	igt_fork(child, 4) {
		const uint32_t size = 64 << 10;
		uint32_t *p = map_anon(size), *dst = malloc(size);
		struct svm c;
		unsigned int k;

		igt_assert(dst);
		svm_open(&c);
		for (k = 0; k < 3; k++) {
			uint32_t key = (child << 24) | (k << 16);

			fill_pattern(p, size / 4, child * 10 + k);
			igt_assert_eq(gpu_copy(&c, p, dst, size / 4, 4), 0);
			check_pattern(dst, size / 4, child * 10 + k, 0);
			igt_assert_eq(gpu_fill(&c, p, key, 4, size / 4), 0);
			check_fill(p, key, 4, size / 4);
		}
		svm_close(&c);
	}
	igt_waitchildren();
}

/*
 * Time-slicing also against a neighbour whose blocks always wait on
 * replayable faults: each of its 64 blocks of 1024 threads reads a new
 * page at every step, so at any time some thread of every block waits on
 * a fault. Another process's one-thread jobs must finish while the
 * neighbour still runs, which the neighbour checks when its job times
 * out.
 */
static void test_timeslice_faulting(void)
{
	struct shared {
		int running, victim_done;
	} *sh;
	uint32_t *word;
	struct svm v;
	int i;

	sh = gpsvm_shared_zalloc(sizeof(*sh));
	igt_fork(child, 1) {
		/* 64 GiB: more new pages than any thread reads in 10 s. */
		const uint64_t size = 64ull << 30;
		void *mem = mmap(NULL, size, PROT_READ,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				 -1, 0);
		uint32_t *flag = map_anon(PAGE);
		struct stream_args a = { to_user_pointer(mem), 30 * SEC,
					 64 * 1024, 0, size - 1,
					 to_user_pointer(flag) };
		struct svm c;
		int ret, done;

		igt_assert(mem != MAP_FAILED);
		igt_assert_eq(madvise(mem, size, MADV_NOHUGEPAGE), 0);
		svm_open(&c);
		submit(&c, P_STREAM, &a, sizeof(a), a.n, 1024, 0, c.sync);
		for (i = 0; i < 20000 && !__atomic_load_n(flag, __ATOMIC_ACQUIRE);
		     i++)
			usleep(1000);
		igt_assert_f(i < 20000, "the neighbour's job does not start\n");
		__atomic_store_n(&sh->running, 1, __ATOMIC_RELEASE);
		ret = wait_job(&c, c.sync);
		/* Read before anything else can end the victim's wait. */
		done = __atomic_load_n(&sh->victim_done, __ATOMIC_ACQUIRE);
		igt_assert_f(done, "the victim's jobs waited for the faulting neighbour to end\n");
		igt_assert_eq(ret, -ETIMEDOUT);
		svm_close(&c);
		munmap(flag, PAGE);
		munmap(mem, size);
	}

	svm_open(&v);
	word = map_anon(PAGE);
	/* Bounded: a child that fails before it runs must not hang us. */
	for (i = 0; i < 30000 && !__atomic_load_n(&sh->running,
						  __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	for (i = 1; i <= 5; i++) {
		struct timespec t0 = {};

		igt_nsec_elapsed(&t0);
		igt_assert_eq(gpu_poke(&v, 32, to_user_pointer(word), i), 0);
		igt_assert_eq_u32(*(volatile uint32_t *)word, i);
		igt_info("victim job %d: %.3f s\n", i,
			 igt_nsec_elapsed(&t0) / 1e9);
	}
	__atomic_store_n(&sh->victim_done, 1, __ATOMIC_RELEASE);
	igt_waitchildren();
	munmap(word, PAGE);
	svm_close(&v);
	munmap(sh, sizeof(*sh));
}

static void test_exit_pending(void)
{
	struct svm s;
	void *p;
	int k;

	for (k = 0; k < 2; k++) {
		igt_fork(child, 1) {
			/* 4 MiB of first touches, a page per thread. */
			const uint32_t n = 1024;
			void *mem = map_anon(n * PAGE);
			struct fill_args a = { to_user_pointer(mem), 1, PAGE, n, n };
			struct svm c;

			svm_open(&c);
			submit(&c, P_FILL, &a, sizeof(a), n, 256, 0, c.sync);
			if (k)
				usleep(50000);
			_exit(0);
		}
		igt_waitchildren();
	}

	/* The GPU works for the next process. */
	svm_open(&s);
	p = map_anon(64 * PAGE);
	igt_assert_eq(gpu_fill(&s, p, 0x88, PAGE, 64), 0);
	check_fill(p, 0x88, PAGE, 64);
	munmap(p, 64 * PAGE);
	svm_close(&s);
}

/* Say where our channel's last job failed. */
static void log_failure(struct svm *s, const void *p, uint64_t size)
{
	struct drm_gpsvm_channel_info info = chan_info(s);

	igt_info("our job: class %u detail 0x%x access %u at 0x%" PRIx64
		 " (our memory: 0x%" PRIx64 " + 0x%" PRIx64 ")\n",
		 info.error_class, info.detail, info.access,
		 (uint64_t)info.addr, to_user_pointer(p), size);
}

/* Has the other end of the pipe been closed? */
static bool pipe_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0;
}

/*
 * Another process's jobs touch unmapped memory while ours fault on the
 * same SMs: their faults are cancelled, ours are served.
 */
static void test_fault_isolation(void)
{
	const uint32_t n = 256;
	unsigned int round;
	bool bad = false;
	struct svm s;
	int done[2], ret = 0;

	igt_assert_eq(pipe(done), 0);
	igt_fork(child, 1) {
		uint8_t *h = hole(1024 * PAGE);
		struct fill_args ca = { to_user_pointer(h), 1, PAGE, 1024, 1024 };
		struct svm c;

		close(done[1]);
		svm_open(&c);
		/* Bad jobs, one after the other, until the parent is done. */
		do {
			expect_fault_in(&c, run(&c, P_FILL, &ca, sizeof(ca), ca.n),
					to_user_pointer(h), 1024 * PAGE,
					ACC_WRITE);
		} while (!pipe_closed(done[0]));
		svm_close(&c);
	}
	close(done[0]);

	/* Stop the child before any assertion of ours. */
	svm_open(&s);
	for (round = 0; round < 16 && !ret && !bad; round++) {
		uint8_t *p = striped_pages(n);
		struct fill_args a = { to_user_pointer(p), 0x9900 + round,
				       2 * PAGE, n, n };

		ret = run_block(&s, P_FILL, &a, sizeof(a), n, 64);
		if (ret)
			log_failure(&s, p, 2ull * n * PAGE);
		bad = !ret && !fill_matches(p, a.key, 2 * PAGE, n);
		munmap(p, 2ull * n * PAGE);
	}
	close(done[1]);
	igt_waitchildren();
	igt_assert_f(!ret, "round %u: our job failed: %d\n", round - 1, ret);
	igt_assert_f(!bad, "round %u: wrong data\n", round - 1);
	svm_close(&s);
}

/*
 * Processes exit with faults pending while our own job faults on the same
 * SMs: their faults are cancelled, ours are served.
 */
static void test_exit_pending_concurrent(void)
{
	const uint32_t n = 256;
	unsigned int round;
	struct svm s;

	svm_open(&s);
	for (round = 0; round < 8; round++) {
		uint8_t *p = striped_pages(n);
		struct fill_args a = { to_user_pointer(p), 0x8800 + round,
				       2 * PAGE, n, n };
		uint32_t sync;
		int ret;

		igt_fork(child, 2) {
			const uint32_t cn = 1024;
			void *mem = map_anon(cn * PAGE);
			struct fill_args ca = { to_user_pointer(mem), 1, PAGE,
						cn, cn };
			struct svm c;

			svm_open(&c);
			submit(&c, P_FILL, &ca, sizeof(ca), cn, 256, 0, c.sync);
			usleep((round * 2 + child) * 5000);
			_exit(0);
		}
		igt_assert_eq(drmSyncobjCreate(s.fd, 0, &sync), 0);
		usleep(round * 3000);
		submit(&s, P_FILL, &a, sizeof(a), n, 64, 0, sync);
		ret = wait_job(&s, sync);
		if (ret)
			log_failure(&s, p, 2ull * n * PAGE);
		igt_waitchildren();
		igt_assert_f(!ret, "round %u: our job failed: %d\n", round, ret);
		check_fill(p, a.key, 2 * PAGE, n);
		igt_assert_eq(drmSyncobjDestroy(s.fd, sync), 0);
		munmap(p, 2ull * n * PAGE);
	}
	svm_close(&s);
}

/* ------------------------------------------------------------------ */
/* Bad addresses                                                       */
/* ------------------------------------------------------------------ */

static void test_unmapped(struct svm *s)
{
	uint8_t *h = hole(4 * PAGE);
	uint32_t *ok = map_anon(PAGE), *p;
	uint64_t out = 0;

	expect_fault(s, gpu_poke(s, 32, to_user_pointer(h + 0x1234), 7),
		     to_user_pointer(h + 0x1234), ACC_WRITE);
	expect_fault(s, gpu_peek(s, 64, to_user_pointer(h + 0x2ff8), &out),
		     to_user_pointer(h + 0x2ff8), ACC_READ);
	/* Threads on a mapped page and on a hole: the job fails. */
	p = mmap(h, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	igt_assert(p == (uint32_t *)h);
	expect_fault_in(s, gpu_fill(s, p, 0x99, 4, 2048),
			to_user_pointer(h + PAGE), PAGE, ACC_WRITE);
	/* NULL. */
	expect_fault(s, gpu_poke(s, 64, 0, 0), 0, ACC_WRITE);
	/* The channel goes on. */
	igt_assert_eq(gpu_fill(s, ok, 0x98, 4, 1024), 0);
	check_fill(ok, 0x98, 4, 1024);
	munmap(p, PAGE);
	munmap(ok, PAGE);
}

static void test_va_limit(struct svm *s)
{
	/*
	 * Past the file's VA space (DRM_GPSVM_VA_END, 2^47): no process
	 * address, so the fault is cancelled. From 2^49 on the GP100 MMU
	 * itself refuses the address (VA_LIMIT, not replayable).
	 */
	const struct {
		uint64_t va;
		bool mmu_limit;
	} bad[] = {
		{ 1ull << 47, false },
		{ (1ull << 47) + 0x10000, false },
		{ 1ull << 48, false },
		{ (1ull << 49) - PAGE, false },
		{ 1ull << 49, true },
		{ 0xffff888000000000ull, true },	/* a kernel address */
		{ 0xffffffff7ffff000ull, true },	/* below ISA v2's windows */
	};
	uint32_t *ok = map_anon(PAGE);
	uint64_t out = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		igt_debug("address 0x%" PRIx64 "\n", bad[i].va);
		expect_fault(s, gpu_poke(s, 32, bad[i].va + 8, 1),
			     bad[i].va + 8, ACC_WRITE);
		if (bad[i].mmu_limit)
			igt_assert_eq_u32(chan_info(s).detail, FAULT_VA_LIMIT);
		expect_fault(s, gpu_peek(s, 64, bad[i].va, &out), bad[i].va,
			     ACC_READ);
		if (bad[i].mmu_limit)
			igt_assert_eq_u32(chan_info(s).detail, FAULT_VA_LIMIT);
	}
	/* The last page below 2^47: no process can map it. */
	expect_fault(s, gpu_poke(s, 32, (1ull << 47) - 4, 1), (1ull << 47) - 4,
		     ACC_WRITE);
	igt_assert_eq_u64(out, 0);
	/* The channel goes on. */
	igt_assert_eq(gpu_fill(s, ok, 0xab, 4, 1024), 0);
	check_fill(ok, 0xab, 4, 1024);
	munmap(ok, PAGE);
}

/* ------------------------------------------------------------------ */
/* SVM_BIND                                                            */
/* ------------------------------------------------------------------ */

static void test_bind_prefetch(struct svm *s)
{
	const uint32_t size = 64 * PAGE;
	uint32_t *p = map_anon(size), *src = map_anon(size);
	struct stats s0, s1, s2;
	uint64_t bytes;

	fill_pattern(p, size / 4, 80);
	fill_pattern(src, size / 4, 81);
	stats_read(s, &s0);
	igt_assert_eq(gpsvm_svm_bind(s->fd, p, size, DRM_GPSVM_SVM_BIND_WRITE), 0);
	igt_assert_eq(gpsvm_svm_bind(s->fd, src, size, 0), 0);
	stats_read(s, &s1);
	stats_log("bind", &s0, &s1);
	bytes = DELTA(s0, s1, S_PAGES_4K) * PAGE +
		DELTA(s0, s1, S_PAGES_2M) * SZ_2M;
	igt_assert_lte_u64(2 * size, bytes);
	igt_assert_eq_u64(DELTA(s0, s1, S_FAULTS), 0);

	/* Reads and writes of p, reads of src: no fault at all. */
	igt_assert_eq(gpu_xor(s, p, 0x80, size / 4), 0);
	check_pattern(p, size / 4, 80, 0x80);
	igt_assert_eq(gpu_copy(s, src, p, size / 4, 4), 0);
	check_pattern(p, size / 4, 81, 0);
	stats_read(s, &s2);
	stats_log("after bind", &s1, &s2);
	igt_assert_eq_u64(DELTA(s1, s2, S_FAULTS), 0);
	munmap(src, size);
	munmap(p, size);
}

/* Code and arguments in process memory, populated with SVM_BIND. */
static void test_bind_code(struct svm *s)
{
	struct gpsvm_asm_result res = {};
	uint64_t *code = map_anon(PAGE);
	struct fill_args *args = map_anon(PAGE);
	uint32_t *out = map_anon(16 * PAGE);
	struct drm_gpsvm_exec e = {
		.channel = s->chan,
		.code_va = to_user_pointer(code),
		.args_va = to_user_pointer(args),
		.arg_size = sizeof(*args),
		.grid = { 16, 1, 1 },
		.block = { 256, 1, 1 },
		.out_syncobj = s->sync,
	};

	igt_assert_eq(gpsvm_asm(prog_fill, &res), 0);
	memcpy(code, res.words, res.nwords * 8);
	e.code_words = res.nwords;
	gpsvm_asm_free(&res);
	*args = (struct fill_args){ to_user_pointer(out), 0xc0000000, 4,
				    4096, 4096 };
	igt_assert_eq(gpsvm_svm_bind(s->fd, code, PAGE, 0), 0);
	igt_assert_eq(gpsvm_svm_bind(s->fd, args, PAGE, 0), 0);
	igt_assert_eq(gpsvm_exec(s->fd, &e), 0);
	igt_assert_eq(wait_job(s, s->sync), 0);
	check_fill(out, 0xc0000000, 4, 4096);
	munmap(out, 16 * PAGE);
	munmap(args, PAGE);
	munmap(code, PAGE);
}

static int svm_init_raw(int fd, uint64_t addr, uint64_t size, uint32_t flags,
			uint32_t pad)
{
	struct drm_gpsvm_svm_init si = {
		.unmanaged_addr = addr, .unmanaged_size = size,
		.flags = flags, .pad = pad,
	};

	return igt_ioctl(fd, DRM_IOCTL_GPSVM_SVM_INIT, &si) ? -errno : 0;
}

static int svm_bind_raw(int fd, uint64_t addr, uint64_t size, uint32_t flags,
			uint32_t pad)
{
	struct drm_gpsvm_svm_bind sb = {
		.addr = addr, .size = size, .flags = flags, .pad = pad,
	};

	return igt_ioctl(fd, DRM_IOCTL_GPSVM_SVM_BIND, &sb) ? -errno : 0;
}

static int open_gpu(void)
{
	int fd = gpsvm_open(0);

	igt_require_f(fd >= 0, "no gpsvm device\n");
	return fd;
}

static void test_init_errors(void)
{
	void *w = reserve(WINDOW_SIZE);
	const uint64_t win = to_user_pointer(w);
	uint32_t chan, bo;
	int fd;

	fd = open_gpu();
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 1, 0), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0x80000000u, 0), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 1), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win + 8, WINDOW_SIZE, 0, 0), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win + 2048, WINDOW_SIZE, 0, 0), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE - 1, 0, 0), -EINVAL);
	igt_assert_eq(svm_init_raw(fd, win, 100, 0, 0), -EINVAL);
	/* Wrapping, and past the end of the VA space. */
	igt_assert_eq(svm_init_raw(fd, 0xfffffffffffff000ull, 0x2000, 0, 0),
		      -EINVAL);
	igt_assert_eq(svm_init_raw(fd, (1ull << 47) - PAGE, 2 * PAGE, 0, 0),
		      -EINVAL);
	/* None of that did anything: a good one works, once. */
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 0), 0);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 0), -EBUSY);
	igt_assert_eq(svm_init_raw(fd, 0, 0, 0, 0), -EBUSY);
	close(fd);

	/* Not after a channel. */
	fd = open_gpu();
	igt_assert_eq(gpsvm_channel_create(fd, &chan), 0);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 0), -EBUSY);
	igt_assert_eq(gpsvm_channel_destroy(fd, chan), 0);
	close(fd);

	/* Not with VM_BIND mappings outside the window; inside is fine. */
	fd = open_gpu();
	igt_assert_eq(gpsvm_bo_create(fd, PAGE, 0, &bo), 0);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win + WINDOW_SIZE, PAGE, 0), 0);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win, PAGE, 0), 0);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 0), -EBUSY);
	igt_assert_eq(gpsvm_vm_unmap(fd, win + WINDOW_SIZE, PAGE), 0);
	igt_assert_eq(svm_init_raw(fd, win, WINDOW_SIZE, 0, 0), 0);
	close(fd);

	/* An empty window is allowed. */
	fd = open_gpu();
	igt_assert_eq(svm_init_raw(fd, 0, 0, 0, 0), 0);
	close(fd);
	munmap(w, WINDOW_SIZE);
}

static void test_bind_errors(void)
{
	void *w = reserve(WINDOW_SIZE);
	const uint64_t win = to_user_pointer(w);
	uint8_t *p = map_anon(4 * PAGE), *ro, *none, *h;
	const uint64_t a = to_user_pointer(p);
	const uint32_t WR = DRM_GPSVM_SVM_BIND_WRITE;
	int fd;

	/* Without SVM_INIT. */
	fd = open_gpu();
	igt_assert_eq(svm_bind_raw(fd, a, PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, PAGE, WR, 0), -EINVAL);
	igt_assert_eq(gpsvm_svm_init(fd, win, WINDOW_SIZE), 0);

	igt_assert_eq(svm_bind_raw(fd, a, PAGE, 0, 0), 0);
	igt_assert_eq(svm_bind_raw(fd, a, 4 * PAGE, WR, 0), 0);
	igt_assert_eq(svm_bind_raw(fd, a, PAGE, 2, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, PAGE, ~0u, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, PAGE, 0, 1), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, 0, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, 100, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, PAGE + 1, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a + 8, PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, (1ull << 30) + PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, a, ~0ull << 12, 0, 0), -EINVAL);
	/* In the window, or across its ends. */
	igt_assert_eq(svm_bind_raw(fd, win, PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, win + (1 << 20), PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, win - PAGE, 2 * PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, win + WINDOW_SIZE - PAGE, 2 * PAGE, 0, 0),
		      -EINVAL);
	/* Past the VA space. */
	igt_assert_eq(svm_bind_raw(fd, 1ull << 47, PAGE, 0, 0), -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, (1ull << 47) - PAGE, 2 * PAGE, 0, 0),
		      -EINVAL);
	igt_assert_eq(svm_bind_raw(fd, 0xfffffffffffff000ull, 0x2000, 0, 0),
		      -EINVAL);

	/* Not mapped, wholly or in part. */
	h = hole(4 * PAGE);
	igt_assert_eq(gpsvm_svm_bind(fd, h, PAGE, 0), -EFAULT);
	igt_assert_eq(gpsvm_svm_bind(fd, h, 4 * PAGE, WR), -EFAULT);
	igt_assert(mmap(h, PAGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			-1, 0) == h);
	igt_assert_eq(gpsvm_svm_bind(fd, h, PAGE, WR), 0);
	igt_assert_eq(gpsvm_svm_bind(fd, h, 2 * PAGE, 0), -EFAULT);
	igt_assert_eq(gpsvm_svm_bind(fd, h + PAGE, PAGE, 0), -EFAULT);
	munmap(h, PAGE);

	/* Read-only: readable, not writable. */
	ro = map_anon(2 * PAGE);
	ro[0] = 1;
	igt_assert_eq(mprotect(ro, 2 * PAGE, PROT_READ), 0);
	igt_assert_eq(gpsvm_svm_bind(fd, ro, 2 * PAGE, 0), 0);
	igt_assert_eq(gpsvm_svm_bind(fd, ro, 2 * PAGE, WR), -EPERM);
	igt_assert_eq(gpsvm_svm_bind(fd, ro + PAGE, PAGE, WR), -EPERM);
	munmap(ro, 2 * PAGE);

	/* PROT_NONE: the process cannot touch it at all. */
	none = map_anon(PAGE);
	igt_assert_eq(mprotect(none, PAGE, PROT_NONE), 0);
	igt_assert_eq(gpsvm_svm_bind(fd, none, PAGE, 0), -EFAULT);
	igt_assert_eq(gpsvm_svm_bind(fd, none, PAGE, WR), -EFAULT);
	munmap(none, PAGE);

	close(fd);
	munmap(p, 4 * PAGE);
	munmap(w, WINDOW_SIZE);
}

static void test_vm_bind_window(void)
{
	void *w = reserve(WINDOW_SIZE);
	const uint64_t win = to_user_pointer(w);
	/* Process memory, and a VA far past the window. */
	uint8_t *p = malloc(16 * PAGE);
	const uint64_t a = to_user_pointer(p) & ~(PAGE - 1);
	const uint64_t far = win + 2 * WINDOW_SIZE;
	const uint64_t bo_size = 64 << 10;
	uint32_t bo;
	int fd;

	fd = open_gpu();
	igt_assert_eq(gpsvm_svm_init(fd, win, WINDOW_SIZE), 0);
	igt_assert_eq(gpsvm_bo_create(fd, bo_size, 0, &bo), 0);
	/* Inside: first and last 64 KiB of the window. */
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win, bo_size, 0), 0);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win + WINDOW_SIZE - bo_size,
				   bo_size, 0), 0);
	/* Outside, or across an end. */
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win + WINDOW_SIZE, bo_size, 0),
		      -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win - bo_size, bo_size, 0),
		      -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win - PAGE, bo_size, 0), -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win + WINDOW_SIZE - PAGE,
				   bo_size, 0), -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, a, PAGE, 0), -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, far, bo_size, 0), -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, DRM_GPSVM_VA_START, PAGE, 0),
		      -EINVAL);
	igt_assert_eq(gpsvm_vm_unmap(fd, win, WINDOW_SIZE), 0);
	close(fd);

	/* An empty window: no VM_BIND at all. */
	fd = open_gpu();
	igt_assert_eq(gpsvm_svm_init(fd, 0, 0), 0);
	igt_assert_eq(gpsvm_bo_create(fd, bo_size, 0, &bo), 0);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, win, bo_size, 0), -EINVAL);
	igt_assert_eq(gpsvm_vm_map(fd, bo, 0, DRM_GPSVM_VA_START, PAGE, 0),
		      -EINVAL);
	close(fd);
	free(p);
	munmap(w, WINDOW_SIZE);
}

/*
 * The GPU is unbound while a job faults on process memory: the channel
 * and the fault handler stop, the file's ioctls get -ENODEV and it still
 * closes; the memory is the CPU's alone again; the rebound GPU serves a
 * new file.
 */
static void test_unbind_faulting(void)
{
	const uint32_t n = 16384;
	struct gpsvm_device_info dev;
	struct svm s = {};
	struct fill_args a;
	uint32_t *p, *q, k;

	igt_require(access("/sys/bus/platform/drivers/gpsvm/unbind",
			   W_OK) == 0);
	igt_assert_lt(0, gpsvm_enumerate(&dev, 1));
	svm_open(&s);
	p = map_anon((uint64_t)n * PAGE);
	a = (struct fill_args){ to_user_pointer(p), 0x5b000000, PAGE, n, n };
	submit(&s, P_FILL, &a, sizeof(a), n, 256, 0, s.sync);
	usleep(300000);

	gpsvm_sysfs_write("/sys/bus/platform/drivers/gpsvm/unbind",
			  dev.device);
	igt_assert_eq(gpsvm_channel_destroy(s.fd, s.chan), -ENODEV);
	/* The CPU writes and reads all of it; the GPU's writes stay. */
	for (k = 0; k < n; k++) {
		uint32_t *w = p + (uint64_t)k * PAGE / 4;

		igt_assert(!*w || *w == (0x5b000000 | k));
		w[1] = k;
	}
	for (k = 0; k < n; k++)
		igt_assert_eq_u32(p[(uint64_t)k * PAGE / 4 + 1], k);
	munmap(p, (uint64_t)n * PAGE);
	svm_release(&s);
	gpsvm_sysfs_write("/sys/bus/platform/drivers/gpsvm/bind", dev.device);

	svm_open(&s);
	q = map_anon(64 * PAGE);
	igt_assert_eq(gpu_fill(&s, q, 0x5c000000, PAGE, 64), 0);
	for (k = 0; k < 64; k++)
		igt_assert_eq_u32(q[k * PAGE / 4], 0x5c000000 | k);
	munmap(q, 64 * PAGE);
	svm_close(&s);
}

igt_main
{
	struct svm s = { .fd = -1 };

	igt_describe("SVM_INIT rejects bad windows, flags and pad with -EINVAL, and a second call, a file with channels or with mappings outside the window with -EBUSY.");
	igt_subtest("svm-init-errors")
		test_init_errors();

	igt_describe("SVM_BIND rejects a file without SVM, bad flags, pad, sizes and ranges with -EINVAL, unmapped memory with -EFAULT, a write to read-only memory with -EPERM.");
	igt_subtest("svm-bind-errors")
		test_bind_errors();

	igt_describe("After SVM_INIT, VM_BIND maps only inside the unmanaged window.");
	igt_subtest("vm-bind-window")
		test_vm_bind_window();

	igt_subtest_group {
		igt_fixture
			svm_open(&s);

		igt_describe("The GPU reads and writes malloc'd memory, from the heap and from malloc's mmaps.");
		igt_subtest("malloc")
			test_malloc(&s);

		igt_describe("The GPU reads and writes private and shared anonymous mappings, first touches included.");
		igt_subtest("anon-mmap")
			test_anon(&s);

		igt_describe("The GPU reads and writes the stack of a waiting thread, and of the calling thread.");
		igt_subtest("thread-stack")
			test_stack(&s);

		igt_describe("GPU reads and writes of a MAP_SHARED file mapping reach the file.");
		igt_subtest("shared-file")
			test_shared_file(&s);

		igt_describe("GPU writes to a MAP_PRIVATE file mapping are copy-on-write: the file does not change.");
		igt_subtest("private-file")
			test_private_file(&s);

		igt_describe("A GPU write to one page of a MAP_PRIVATE file mapping copies only that page.");
		igt_subtest("private-file-untouched")
			test_private_untouched(&s);

		igt_describe("A GPU write to one page of fresh memory populates only that page.");
		igt_subtest("anon-untouched")
			test_anon_untouched(&s);

		igt_describe("THP-backed memory is mapped with 2 MiB GPU pages.");
		igt_subtest("thp")
			test_thp(&s);

		igt_describe("hugetlbfs memory is mapped with 2 MiB GPU pages.");
		igt_subtest("hugetlb")
			test_hugetlb(&s);

		igt_describe("Accesses at and across page boundaries work; misaligned ones fail the job and write nothing.");
		igt_subtest("page-straddle")
			test_straddle(&s);

		igt_describe("The CPU writes the odd words of pages while the GPU writes the even ones.");
		igt_subtest("concurrent-store")
			test_concurrent_store(&s);

		igt_describe("GPU atomics on malloc'd memory.");
		igt_subtest("atomic")
			test_atomic(&s, false);

		igt_describe("GPU atomics on the even words of pages while the CPU writes the odd ones.");
		igt_subtest("concurrent-atomic")
			test_atomic(&s, true);

		igt_describe("GPU atomics on THP-backed memory.");
		igt_subtest("thp-atomic")
			test_thp_atomic(&s, false);

		igt_describe("GPU atomics on THP-backed memory while the CPU writes the same pages.");
		igt_subtest("thp-atomic-concurrent")
			test_thp_atomic(&s, true);

		igt_describe("GPU atomics on a THP with one page replaced: each page gets its own increment, no 2 MiB PTE.");
		igt_subtest("thp-atomic-hole")
			test_thp_atomic_hole(&s);

		igt_describe("A GPU atomic on a THP tail page whose head is unmapped ends at once, served or failed at the address.");
		igt_subtest("thp-atomic-tail")
			test_thp_atomic_tail(&s);

		igt_describe("A GPU atomic on a THP whose first page was mprotected read-only ends at once.");
		igt_subtest("thp-atomic-mprotect")
			test_thp_atomic_mprotect(&s);

		igt_describe("A THP split while its pages are device-exclusive keeps every page's data.");
		igt_subtest("thp-atomic-split")
			test_thp_atomic_split(&s);

		igt_describe("Atomics and reads of one THP from two channels of one process, in one batch.");
		igt_subtest("atomic-read-same-folio")
			two_channels_one_folio(&s, false);

		igt_describe("Atomics on two pages of one THP from two channels of one process, in one batch.");
		igt_subtest("atomic-atomic-same-folio")
			two_channels_one_folio(&s, true);

		igt_describe("The same with nouveau_mode, which serves atomics one by one.");
		igt_subtest("nouveau-mode-atomic-same-folio")
			test_nouveau_atomics(&s);

		igt_describe("fork() succeeds while GPU atomics and a CPU writer share pages.");
		igt_subtest("fork-during-atomics")
			test_fork_atomics(&s);

		igt_describe("MADV_DONTNEED racing GPU atomics: the GPU never keeps a zapped page.");
		igt_subtest("dontneed-atomic-race")
			test_dontneed_atomic_race(&s);

		igt_describe("MADV_DONTNEED held inside the atomic fault's window: the GPU's atomic reaches the page the CPU sees.");
		igt_subtest("dontneed-atomic-window")
			test_dontneed_atomic_window(&s);

		igt_describe("Atomics contended by two CPU writers finish with exact counts; an uncontended job after them takes each page once.");
		igt_subtest("atomic-contended")
			test_atomic_contended(&s);

		igt_describe("Memory freed and allocated again between jobs: the GPU sees the new memory.");
		igt_subtest("realloc")
			test_realloc(&s);

		igt_describe("munmap while a job uses the memory fails the job; new memory at the address is seen, never the old pages.");
		igt_subtest("munmap-busy")
			test_munmap_busy(&s);

		igt_describe("After mprotect(PROT_READ), GPU writes and atomics fail the job and GPU reads are served.");
		igt_subtest("mprotect-readonly")
			test_mprotect_ro(&s);

		igt_describe("GPU accesses to PROT_NONE memory fail the job.");
		igt_subtest("prot-none")
			test_prot_none(&s);

		igt_describe("After MADV_DONTNEED the GPU reads zeroes.");
		igt_subtest("madvise-dontneed")
			test_dontneed(&s);

		igt_describe("mremap() moving memory away and back while GPU jobs write it: each job succeeds or fails at the memory, no write of a successful job is lost.");
		igt_subtest("mremap-race")
			test_mremap_race(&s);

		igt_describe("After fork, parent and child GPU writes stay in their own copies.");
		igt_subtest("fork-cow")
			test_fork(&s);

		igt_describe("munmap of all the GPU touched in a chunk removes the chunk's MMU notifier.");
		igt_subtest("notifier-reap")
			test_notifier_reap(&s);

		igt_describe("Many threads faulting on the same pages: duplicate entries are coalesced.");
		igt_subtest("same-page")
			test_same_page(&s);

		igt_describe("More outstanding faults than fault buffer entries: the buffer overflows and every access completes.");
		igt_subtest("fault-overflow")
			test_overflow(&s);

		igt_describe("Accesses to unmapped memory fail the job with an MMU fault at the address; the channel goes on.");
		igt_subtest("unmapped")
			test_unmapped(&s);

		igt_describe("Addresses beyond the 47-bit VA space fail the job with an MMU fault at the address; the channel goes on.");
		igt_subtest("va-limit")
			test_va_limit(&s);

		igt_describe("SVM_BIND populates the GPU mappings: the GPU's accesses then take no fault.");
		igt_subtest("svm-bind-prefetch")
			test_bind_prefetch(&s);

		igt_describe("Code and arguments in process memory populated with SVM_BIND.");
		igt_subtest("svm-bind-code")
			test_bind_code(&s);

		igt_fixture
			svm_close(&s);
	}

	igt_describe("Several processes, each with its own SVM, run jobs at once.");
	igt_subtest("multi-process")
		test_multi_process();

	igt_describe("Another process's jobs finish beside a neighbour whose blocks keep waiting on replayable faults, before it times out.");
	igt_subtest("timeslice-faulting")
		test_timeslice_faulting();

	igt_describe("A process exits with its job's faults pending; the GPU works for the next one.");
	igt_subtest("exit-pending")
		test_exit_pending();

	igt_describe("One process's bad accesses fail its own jobs only, not another process's faulting at the same time.");
	igt_subtest("fault-isolation")
		test_fault_isolation();

	igt_describe("Processes exit with faults pending while another process's job faults: only theirs fail.");
	igt_subtest("exit-pending-concurrent")
		test_exit_pending_concurrent();

	igt_describe("The GPU is unbound while a job faults on process memory: ioctls get ENODEV, the file closes, the memory is the CPU's, the rebound GPU works.");
	igt_subtest("unbind-faulting")
		test_unbind_faulting();
}
