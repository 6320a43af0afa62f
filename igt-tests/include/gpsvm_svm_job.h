/* SPDX-License-Identifier: MIT */
/*
 * An SVM file for tests that run small GPU programs on process memory:
 * an unmanaged window holding the code and argument buffer objects, one
 * channel, a syncobj; and the programs most tests need. Each program's
 * arguments are &struct svm_job_args: two 64-bit values and the thread
 * count, threads past which exit.
 */
#ifndef GPSVM_SVM_JOB_H
#define GPSVM_SVM_JOB_H

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "igt.h"
#include "gpsvm.h"
#include "gpsvm_asm.h"
#include "gpsvm_igt.h"

#define SVM_JOB_SEC		1000000000ll
/* Longer than the 10 s job timeout: a job ends one way or the other. */
#define SVM_JOB_WAIT		(60 * SVM_JOB_SEC)

/* The unmanaged window: code at its start, arguments 1 MiB in. */
#define SVM_WINDOW_SIZE		(64ull << 20)
#define SVM_CODE_SIZE		(64ull << 10)
#define SVM_PROG_SLOT		4096ull
#define SVM_ARGS_OFF		(1ull << 20)
#define SVM_ARGS_SIZE		(64ull << 10)
#define SVM_MAX_PROGS		(SVM_CODE_SIZE / SVM_PROG_SLOT)

/* r0 = ctaid.x * ntid.x + tid.x; threads r0 >= n (args[16]) exit. */
#define SVM_GID_GUARD GID \
	"	ldarg.u32 r3, [16]\n" \
	"	setp.ge.u32 p0, r0, r3\n" \
	"	@p0 exit\n"

/* fill: ((u32 *)a)[i] = i ^ b. */
#define SVM_PROG_FILL \
	SVM_GID_GUARD \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.u32 r5, [8]\n" \
	"	shl.64	r7, r0, 2\n" \
	"	xor.32	r8, r0, r5\n" \
	"	st.32	[r4 + r7], r8\n" \
	"	exit\n"

/* copy: ((u32 *)b)[i] = ((u32 *)a)[i]. */
#define SVM_PROG_COPY \
	SVM_GID_GUARD \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.64 r5, [8]\n" \
	"	shl.64	r7, r0, 2\n" \
	"	ld.u32	r8, [r4 + r7]\n" \
	"	st.32	[r5 + r7], r8\n" \
	"	exit\n"

/* add: atomically ((u32 *)a)[i] += b. */
#define SVM_PROG_ADD \
	SVM_GID_GUARD \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.u32 r5, [8]\n" \
	"	shl.64	r7, r0, 2\n" \
	"	add.64	r4, r4, r7\n" \
	"	atom.add.32 rz, [r4], r5\n" \
	"	exit\n"

struct svm_job_args {
	uint64_t a, b;
	uint32_t n, pad;
};

/* An SVM file: its window, code and argument BOs, a channel. */
struct svm {
	int fd;
	void *window;
	uint32_t chan, sync;
	uint32_t code_bo, args_bo;
	void *code, *args;
	uint32_t words[SVM_MAX_PROGS];
};

/* Open GPU @gpu with SVM and load the @nprogs programs of @src. */
static inline void svm_open_gpu(struct svm *s, int gpu,
				const char *const *src, unsigned int nprogs)
{
	uint64_t win;
	unsigned int i;

	igt_assert(nprogs <= SVM_MAX_PROGS);
	s->fd = gpsvm_open(gpu);
	igt_require_f(s->fd >= 0, "no gpsvm device %d\n", gpu);
	s->window = mmap(NULL, SVM_WINDOW_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	igt_assert(s->window != MAP_FAILED);
	win = to_user_pointer(s->window);
	igt_assert_eq(gpsvm_svm_init(s->fd, win, SVM_WINDOW_SIZE), 0);

	igt_assert_eq(gpsvm_bo_create(s->fd, SVM_CODE_SIZE, 0, &s->code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(s->fd, s->code_bo, SVM_CODE_SIZE,
				    &s->code), 0);
	igt_assert_eq(gpsvm_vm_map(s->fd, s->code_bo, 0, win, SVM_CODE_SIZE,
				   0), 0);
	igt_assert_eq(gpsvm_bo_create(s->fd, SVM_ARGS_SIZE, 0, &s->args_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(s->fd, s->args_bo, SVM_ARGS_SIZE,
				    &s->args), 0);
	igt_assert_eq(gpsvm_vm_map(s->fd, s->args_bo, 0, win + SVM_ARGS_OFF,
				   SVM_ARGS_SIZE, 0), 0);
	for (i = 0; i < nprogs; i++) {
		struct gpsvm_asm_result res = {};

		igt_assert_f(!gpsvm_asm(src[i], &res),
			     "program %u does not assemble\n", i);
		igt_assert(res.nwords * 8 <= SVM_PROG_SLOT);
		memcpy((char *)s->code + i * SVM_PROG_SLOT, res.words,
		       res.nwords * 8);
		s->words[i] = res.nwords;
		gpsvm_asm_free(&res);
	}
	igt_assert_eq(gpsvm_channel_create(s->fd, &s->chan), 0);
	igt_assert_eq(drmSyncobjCreate(s->fd, 0, &s->sync), 0);
}

static inline void svm_open(struct svm *s, const char *const *src,
			    unsigned int nprogs)
{
	svm_open_gpu(s, 0, src, nprogs);
}

static inline void svm_close(struct svm *s)
{
	igt_assert_eq(gpsvm_channel_destroy(s->fd, s->chan), 0);
	munmap(s->code, SVM_CODE_SIZE);
	munmap(s->args, SVM_ARGS_SIZE);
	close(s->fd);
	munmap(s->window, SVM_WINDOW_SIZE);
	s->fd = -1;
}

/* Run program @p over @n threads and wait: 0, or the job's error. */
static inline int svm_run(struct svm *s, unsigned int p, uint64_t a,
			  uint64_t b, uint32_t n)
{
	struct svm_job_args args = { a, b, n, 0 };
	struct drm_gpsvm_exec e = {
		.channel = s->chan,
		.code_va = to_user_pointer(s->window) + p * SVM_PROG_SLOT,
		.code_words = s->words[p],
		.args_va = to_user_pointer(s->window) + SVM_ARGS_OFF,
		.arg_size = sizeof(args),
		.grid = { (n + 255) / 256, 1, 1 },
		.block = { n < 256 ? n : 256, 1, 1 },
		.out_syncobj = s->sync,
	};

	memcpy(s->args, &args, sizeof(args));
	igt_assert_eq(gpsvm_exec(s->fd, &e), 0);
	return gpsvm_syncobj_wait(s->fd, s->sync, SVM_JOB_WAIT);
}

#endif /* GPSVM_SVM_JOB_H */
