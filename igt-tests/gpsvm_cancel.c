// SPDX-License-Identifier: MIT
/*
 * gpsvm_cancel: the cancel of a fault the driver cannot serve names the
 * SM that faulted (its GPC, its client in the GPC, its address space),
 * whichever GPC it is in, so that it fails the faulting job and no other.
 * The model puts two SMs in each GPC (firmware-notes/faults.md): the test
 * needs more than two SMs, so that faults come from GPC 1 and beyond.
 */

#include "igt.h"

#include <poll.h>
#include <sys/mman.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"

IGT_TEST_DESCRIPTION("Cancelled GPU page faults fail the faulting job only, whichever GPC its SM is in.");

#define PAGE		4096ull
#define SEC		1000000000ll
#define JOB_WAIT	(60 * SEC)	/* beyond the 10 s job timeout */
#define GPC_SMS		2		/* SMs per GPC of the model */
#define NSM_PARAM	"/sys/module/gpsvm_model/parameters/nsm"

/* The unmanaged window: code at its start, arguments 1 MiB in. */
#define WINDOW_SIZE	(4ull << 20)
#define CODE_SIZE	(64ull << 10)
#define ARGS_OFF	(1ull << 20)
#define ARGS_SIZE	PAGE

/*
 * Thread i of n, for j = i, i + n, ... (rounds of them, one after the
 * other): *(u32 *)(ptr + j * stride) = j ^ key.
 */
static const char prog_fill[] =
	GID
	"	ldarg.u32 r3, [16]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r6, [12]\n"
	"	ldarg.u32 r9, [20]\n"
	"	mov.32	r10, 0\n"
	"loop:\n"
	"	mul.64	r7, r0, r6\n"
	"	xor.32	r8, r0, r5\n"
	"	st.32	[r4 + r7], r8\n"
	"	add.32	r0, r0, r3\n"
	"	add.32	r10, r10, 1\n"
	"	setp.lt.u32 p0, r10, r9\n"
	"	@p0 bra	loop\n"
	"	exit\n";

struct fill_args {
	uint64_t ptr;
	uint32_t key, stride, n, rounds;
};

/* An SVM file: its window, code and argument BOs, a channel. */
struct svm {
	int fd;
	void *window;
	uint32_t chan, sync, words;
	void *args;
	uint64_t failed;	/* jobs failed on chan so far */
};

static void svm_open(struct svm *s)
{
	struct gpsvm_asm_result res = {};
	uint32_t code_bo, args_bo;
	uint64_t win;
	void *code;

	s->fd = gpsvm_open(0);
	igt_require_f(s->fd >= 0, "no gpsvm device\n");
	s->window = mmap(NULL, WINDOW_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	igt_assert(s->window != MAP_FAILED);
	win = to_user_pointer(s->window);
	igt_assert_eq(gpsvm_svm_init(s->fd, win, WINDOW_SIZE), 0);

	igt_assert_eq(gpsvm_asm(prog_fill, &res), 0);
	igt_assert(res.nwords * 8 <= CODE_SIZE);
	igt_assert_eq(gpsvm_bo_create(s->fd, CODE_SIZE, 0, &code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(s->fd, code_bo, CODE_SIZE, &code), 0);
	memcpy(code, res.words, res.nwords * 8);
	s->words = res.nwords;
	gpsvm_asm_free(&res);
	munmap(code, CODE_SIZE);
	igt_assert_eq(gpsvm_vm_map(s->fd, code_bo, 0, win, CODE_SIZE, 0), 0);
	igt_assert_eq(gpsvm_bo_create(s->fd, ARGS_SIZE, 0, &args_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(s->fd, args_bo, ARGS_SIZE, &s->args), 0);
	igt_assert_eq(gpsvm_vm_map(s->fd, args_bo, 0, win + ARGS_OFF,
				   ARGS_SIZE, 0), 0);
	igt_assert_eq(gpsvm_channel_create(s->fd, &s->chan), 0);
	igt_assert_eq(drmSyncobjCreate(s->fd, 0, &s->sync), 0);
	s->failed = 0;
}

static void svm_close(struct svm *s)
{
	igt_assert_eq(gpsvm_channel_destroy(s->fd, s->chan), 0);
	munmap(s->args, ARGS_SIZE);
	close(s->fd);
	munmap(s->window, WINDOW_SIZE);
}

/*
 * Fill n * rounds words, one every stride bytes from p, with n threads in
 * blocks of block.
 */
static int fill(struct svm *s, void *p, uint32_t key, uint32_t stride,
		uint32_t n, uint32_t rounds, uint32_t block)
{
	struct fill_args a = { to_user_pointer(p), key, stride, n, rounds };
	struct drm_gpsvm_exec e = {
		.channel = s->chan,
		.code_va = to_user_pointer(s->window),
		.code_words = s->words,
		.args_va = to_user_pointer(s->window) + ARGS_OFF,
		.arg_size = sizeof(a),
		.grid = { (n + block - 1) / block, 1, 1 },
		.block = { block, 1, 1 },
		.out_syncobj = s->sync,
	};

	memcpy(s->args, &a, sizeof(a));
	igt_assert_eq(gpsvm_exec(s->fd, &e), 0);
	return gpsvm_syncobj_wait(s->fd, s->sync, JOB_WAIT);
}

static struct drm_gpsvm_channel_info chan_info(struct svm *s)
{
	struct drm_gpsvm_channel_info info = {};

	igt_assert_eq(gpsvm_channel_info(s->fd, s->chan, &info), 0);
	return info;
}

static void *map_anon(uint64_t size, int flags)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       flags | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* Has the other end of the pipe been closed? */
static bool pipe_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0;
}

/* SMs of the GPU the model makes, or 0 if the model does not say. */
static unsigned int model_sms(void)
{
	unsigned int nsm = 0;
	FILE *f = fopen(NSM_PARAM, "r");

	if (!f)
		return 0;
	if (fscanf(f, "%u", &nsm) != 1)
		nsm = 0;
	fclose(f);
	return nsm;
}

/*
 * A child process's jobs store to PROT_NONE memory, on every SM in turn,
 * while ours fault in fresh pages on the others: each of its jobs fails
 * with the MMU fault at its own address, ours all succeed. Cancelling
 * every stalled SM (CANCEL_GLOBAL) for a fault from GPC 1 or beyond would
 * fail our jobs too.
 */
static void test_other_process(unsigned int nsm)
{
	/* Each of our threads faults four times: a cancel between fails it. */
	const uint32_t n = 64, rounds = 4, pages = n * rounds, block = 8;
	const uint32_t bad_n = 1024;
	const unsigned int min_rounds = 10, min_bad = 16, max_rounds = 64;
	volatile uint64_t *bad_jobs = map_anon(PAGE, MAP_SHARED);
	unsigned int round;
	bool wrong = false;
	struct svm s;
	int done[2], ret = 0;
	uint32_t i;

	igt_assert_eq(pipe(done), 0);
	igt_fork(child, 1) {
		uint8_t *h = mmap(NULL, bad_n * PAGE, PROT_NONE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct drm_gpsvm_channel_info info;
		struct svm c;

		igt_assert(h != MAP_FAILED);
		close(done[1]);
		svm_open(&c);
		/* One block per SM, a page per thread, all PROT_NONE. */
		do {
			igt_assert_eq(fill(&c, h, 1, PAGE, bad_n, 1,
					   bad_n / nsm), -EFAULT);
			info = chan_info(&c);
			igt_assert_eq_u32(info.error_class,
					  DRM_GPSVM_CHANNEL_MMU_FAULT);
			igt_assert_f(info.addr >= to_user_pointer(h) &&
				     info.addr < to_user_pointer(h) +
						 bad_n * PAGE,
				     "bad job failed at 0x%" PRIx64 "\n",
				     (uint64_t)info.addr);
			igt_assert_eq_u64(info.failed_jobs, ++c.failed);
			(*bad_jobs)++;
		} while (!pipe_closed(done[0]));
		svm_close(&c);
	}
	close(done[0]);

	/* Stop the child before any assertion of ours. */
	svm_open(&s);
	for (round = 0; round < max_rounds && !ret && !wrong &&
	     (round < min_rounds || *bad_jobs < min_bad); round++) {
		/* Every other page read-only: a fault per page, no 2 MiB. */
		uint8_t *p = map_anon(2ull * pages * PAGE, MAP_PRIVATE);
		uint32_t key = 0x5500 + round;

		for (i = 0; i < pages; i++)
			igt_assert_eq(mprotect(p + (2 * i + 1) * PAGE, PAGE,
					       PROT_READ), 0);
		ret = fill(&s, p, key, 2 * PAGE, n, rounds, block);
		if (ret) {
			struct drm_gpsvm_channel_info info = chan_info(&s);

			igt_info("our job: class %u detail 0x%x access %u at 0x%"
				 PRIx64 " (our memory: %p + 0x%llx)\n",
				 info.error_class, info.detail, info.access,
				 (uint64_t)info.addr, p, 2ull * pages * PAGE);
		}
		for (i = 0; !ret && i < pages; i++)
			wrong |= *(volatile uint32_t *)(p + 2ull * i * PAGE) !=
				 (i ^ key);
		munmap(p, 2ull * pages * PAGE);
	}
	close(done[1]);
	igt_waitchildren();
	igt_info("%u rounds of ours, %" PRIu64 " bad jobs of the child's\n",
		 round, (uint64_t)*bad_jobs);
	igt_assert_f(!ret, "round %u: our job failed: %d\n", round - 1, ret);
	igt_assert_f(!wrong, "round %u: wrong data\n", round - 1);
	igt_assert_lte_u64(min_bad, *bad_jobs);
	svm_close(&s);
	munmap((void *)bad_jobs, PAGE);
}

igt_main
{
	unsigned int nsm = 0;

	igt_fixture {
		nsm = model_sms();
		igt_require_f(nsm > GPC_SMS,
			      "%u SMs: none outside GPC 0 (load gpsvm_model with nsm=4 or more)\n",
			      nsm);
	}

	igt_describe("A process's bad accesses from SMs of any GPC fail its own jobs only, not another process's faulting at the same time.");
	igt_subtest("other-process")
		test_other_process(nsm);
}
