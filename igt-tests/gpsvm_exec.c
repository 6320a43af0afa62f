// SPDX-License-Identifier: MIT
/*
 * gpsvm_exec: user channels and EXEC. Programs assembled at run time
 * write buffer objects the CPU reads back; jobs run on several channels
 * and from several processes at once; out/in syncobjs order and report
 * them; faulting, trapping and runaway jobs fail with the right error
 * and CHANNEL_INFO record, and their channel carries on; bad ioctl
 * arguments are rejected with the documented errno and change nothing.
 */

#include "igt.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <linux/sync_file.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"
#include "gpsvm_drm.h"

IGT_TEST_DESCRIPTION("gpsvm channels and EXEC: results, syncobjs, errors, bad arguments.");

#define PAGE		4096ull
#define CODE_VA		0x1000000ull	/* programs */
#define ARGS_VA		0x2000000ull	/* argument blocks */
#define DATA_VA		0x4000000ull	/* data buffers */
#define UNMAPPED_VA	0x7ff0000120ull	/* never mapped */

/* out[i] = i + 0x5a000000 for i = ctaid.x * ntid.x + tid.x. */
static const char prog_pattern[] =
	GID
	"	ldarg.64 r4, [0]\n"
	"	shl.64	r7, r0, 2\n"
	"	add.32	r8, r0, 0x5a000000\n"
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

/* firmware-notes/isa.md section 12. */
static const char prog_vadd[] =
	GID
	"	s2r	r1, nctaid.x\n"
	"	mul.32	r2, r2, r1\n"
	"	ldarg.u32 r3, [24]\n"
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ldarg.64 r6, [16]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"loop:\n"
	"	shl.64	r7, r0, 2\n"
	"	ld.u32	r8, [r4 + r7]\n"
	"	ld.u32	r9, [r5 + r7]\n"
	"	add.f32	r8, r8, r9\n"
	"	st.32	[r6 + r7], r8\n"
	"	add.32	r0, r0, r2\n"
	"	setp.lt.u32 p0, r0, r3\n"
	"	@p0 bra	loop\n"
	"	exit\n";

/* Spin for args[12] ns, then *(u32 *)args[0] = args[8]. One thread. */
static const char prog_spin_store[] =
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r6, [12]\n"
	"	s2r	r0, clock\n"
	"	add.64	r0, r0, r6\n"
	"spin:\n"
	"	s2r	r1, clock\n"
	"	setp.lt.u64 p0, r1, r0\n"
	"	@p0 bra	spin\n"
	"	st.32	[r4], r5\n"
	"	exit\n";

/* *(u32 *)args[8] = *(u32 *)args[0]. One thread. */
static const char prog_copy[] =
	"	ldarg.64 r4, [0]\n"
	"	ldarg.64 r5, [8]\n"
	"	ld.u32	r6, [r4]\n"
	"	st.32	[r5], r6\n"
	"	exit\n";

/* Runs until the channel's timeout stops it. */
static const char prog_runaway[] =
	"loop:\n"
	"	bra	loop\n";

/* *(u32 *)args[0] = 1 from every thread, then loop until stopped. */
static const char prog_flag_runaway[] =
	"	ldarg.64 r4, [0]\n"
	"	mov.32	r5, 1\n"
	"	st.32	[r4], r5\n"
	"loop:\n"
	"	bra	loop\n";

/*
 * ISA v2 windows, as an OpenCL work-group sum: each thread fills a
 * 4-word private array with v .. v + 3 (v = 3 * gid + 1), sums it into
 * its shared word, and the block reduces the shared words in a tree
 * between barriers; thread 0 writes out[ctaid].
 */
static const char prog_local_sum[] =
	"	s2r	r0, tid.x\n"
	"	s2r	r1, ctaid.x\n"
	"	s2r	r2, ntid.x\n"
	"	mul.32	r3, r1, r2\n"
	"	add.32	r3, r3, r0\n"
	"	mul.32	r3, r3, 3\n"
	"	add.32	r3, r3, 1\n"
	"	mov.32	r4, 0\n"
	"	li	r5, 0xffffffffc0000000\n"	/* private */
	"fill:\n"
	"	add.32	r6, r3, r4\n"
	"	shl.64	r7, r4, 2\n"
	"	add.64	r7, r7, r5\n"
	"	st.32	[r7], r6\n"
	"	add.32	r4, r4, 1\n"
	"	setp.lt.u32 p0, r4, 4\n"
	"	@p0 bra	fill\n"
	"	ld.u32	r8, [rz - 0x40000000]\n"
	"	ld.u32	r9, [rz - 0x3ffffffc]\n"
	"	add.32	r8, r8, r9\n"
	"	ld.u32	r9, [rz - 0x3ffffff8]\n"
	"	add.32	r8, r8, r9\n"
	"	ld.u32	r9, [rz - 0x3ffffff4]\n"
	"	add.32	r8, r8, r9\n"
	"	li	r10, 0xffffffff80000000\n"	/* shared */
	"	shl.64	r11, r0, 2\n"
	"	add.64	r11, r11, r10\n"
	"	st.32	[r11], r8\n"
	"	bar\n"
	"	shr.32	r12, r2, 1\n"
	"loop:\n"
	"	setp.ge.u32 p1, r0, r12\n"
	"	@p1 bra	skip\n"
	"	shl.64	r13, r12, 2\n"
	"	add.64	r13, r13, r11\n"
	"	ld.u32	r14, [r13]\n"
	"	ld.u32	r15, [r11]\n"
	"	add.32	r15, r15, r14\n"
	"	st.32	[r11], r15\n"
	"skip:\n"
	"	bar\n"
	"	shr.32	r12, r12, 1\n"
	"	setp.ne.u32 p2, r12, 0\n"
	"	@p2 bra	loop\n"
	"	setp.ne.u32 p3, r0, 0\n"
	"	@p3 exit\n"
	"	ldarg.64 r16, [0]\n"
	"	ld.u32	r17, [r10]\n"
	"	shl.64	r18, r1, 2\n"
	"	st.32	[r16 + r18], r17\n"
	"	exit\n";

/*
 * One block of 1024 threads: the last one sets *(u32 *)args[0] = 1, the
 * others spin until they see it (isa.md: scheduling within a block is
 * fair, so a thread may wait for another of its block).
 */
static const char prog_wait_last[] =
	"	s2r	r0, tid.x\n"
	"	ldarg.64 r4, [0]\n"
	"	mov.32	r3, 1023\n"
	"	setp.ne.u32 p0, r0, r3\n"
	"	@p0 bra	wait\n"
	"	mov.32	r5, 1\n"
	"	st.32	[r4], r5\n"
	"	exit\n"
	"wait:\n"
	"	ld.u32	r6, [r4]\n"
	"	setp.eq.u32 p1, r6, rz\n"
	"	@p1 bra	wait\n"
	"	exit\n";

/* An undefined instruction at the entry (word 1; word 0 is never run). */
static const char prog_bad_opcode[] =
	"	exit\n"
	"	.word 0\n";

struct bo {
	uint32_t handle;
	uint64_t size;
	uint64_t va;
	void *map;
};

struct prog {
	struct bo bo;
	uint32_t words;
};

/* A file with its own VA space; VAs are handed out from a bump pointer. */
struct ctx {
	int fd;
	uint64_t next_va;
};

static void ctx_open(struct ctx *ctx)
{
	ctx->fd = gpsvm_open(0);
	igt_require_f(ctx->fd >= 0, "no gpsvm device\n");
	ctx->next_va = DATA_VA;
}

static void bo_new(struct ctx *ctx, struct bo *bo, uint64_t size, uint64_t va)
{
	struct drm_gpsvm_gem_create create = { .size = size };
	struct drm_gpsvm_gem_mmap_offset mo = {};
	struct drm_gpsvm_vm_bind_op op = {};
	struct drm_gpsvm_vm_bind bind = {};

	do_ioctl(ctx->fd, DRM_IOCTL_GPSVM_GEM_CREATE, &create);
	bo->handle = create.handle;
	bo->size = size;
	mo.handle = bo->handle;
	do_ioctl(ctx->fd, DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET, &mo);
	bo->map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->fd,
		       mo.offset);
	igt_assert(bo->map != MAP_FAILED);

	if (!va) {
		va = ctx->next_va;
		ctx->next_va += (size + 0xfffff) & ~0xfffffull;
	}
	bo->va = va;
	op.op = DRM_GPSVM_VM_BIND_OP_MAP;
	op.handle = bo->handle;
	op.addr = va;
	op.range = size;
	bind.num_ops = 1;
	bind.ops = to_user_pointer(&op);
	do_ioctl(ctx->fd, DRM_IOCTL_GPSVM_VM_BIND, &bind);
}

/* Unmap from the GPU too: a mapping keeps its object (and its VA) alive. */
static void bo_free(struct ctx *ctx, struct bo *bo)
{
	struct drm_gem_close gc = { .handle = bo->handle };
	struct drm_gpsvm_vm_bind_op op = {
		.op = DRM_GPSVM_VM_BIND_OP_UNMAP, .addr = bo->va,
		.range = bo->size,
	};
	struct drm_gpsvm_vm_bind bind = {
		.num_ops = 1, .ops = to_user_pointer(&op),
	};

	do_ioctl(ctx->fd, DRM_IOCTL_GPSVM_VM_BIND, &bind);
	munmap(bo->map, bo->size);
	do_ioctl(ctx->fd, DRM_IOCTL_GEM_CLOSE, &gc);
}

/* Assemble src and load it into a BO mapped at va. */
static void prog_load(struct ctx *ctx, struct prog *p, const char *src,
		      uint64_t va)
{
	struct gpsvm_asm_result res = {};
	size_t i;

	if (gpsvm_asm(src, &res)) {
		for (i = 0; i < res.ndiags; i++)
			igt_info("line %u: %s\n", res.diags[i].line,
				 res.diags[i].msg);
		igt_assert_f(0, "program does not assemble\n");
	}
	bo_new(ctx, &p->bo, (res.nwords * 8 + PAGE - 1) & ~(PAGE - 1), va);
	memcpy(p->bo.map, res.words, res.nwords * 8);
	p->words = res.nwords;
	gpsvm_asm_free(&res);
}

static uint32_t channel_create(int fd)
{
	struct drm_gpsvm_channel_create c = {};

	do_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &c);
	igt_assert(c.handle);
	return c.handle;
}

static void channel_destroy(int fd, uint32_t handle)
{
	struct drm_gpsvm_channel_destroy d = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &d);
}

static struct drm_gpsvm_channel_info channel_info(int fd, uint32_t handle)
{
	struct drm_gpsvm_channel_info info = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, &info);
	return info;
}

static uint32_t syncobj_new(int fd)
{
	struct drm_syncobj_create c = {};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);
	return c.handle;
}

static void syncobj_free(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

static int64_t abs_timeout(uint64_t ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec + ns;
}

/* DRM_IOCTL_SYNCOBJ_WAIT: 0 or -errno. */
static int syncobj_wait(int fd, uint32_t handle, int64_t timeout_nsec)
{
	struct drm_syncobj_wait w = {
		.handles = to_user_pointer(&handle),
		.count_handles = 1,
		.timeout_nsec = timeout_nsec,
	};

	return igt_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w) ? -errno : 0;
}

/* The status of the syncobj's fence, through a sync_file: 1 ok, < 0 error. */
static int syncobj_status(int fd, uint32_t handle)
{
	struct drm_syncobj_handle h = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	struct sync_fence_info fi = {};
	struct sync_file_info info = {};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
	igt_assert_fd(h.fd);
	info.num_fences = 1;
	info.sync_fence_info = to_user_pointer(&fi);
	do_ioctl(h.fd, SYNC_IOC_FILE_INFO, &info);
	close(h.fd);
	igt_assert_eq(info.num_fences, 1);
	igt_assert_eq(info.status, fi.status);
	return info.status;
}

static struct drm_gpsvm_exec exec_args(const struct prog *p, uint32_t chan,
				       uint64_t args_va, uint32_t arg_size)
{
	struct drm_gpsvm_exec e = {
		.channel = chan,
		.code_va = p->bo.va,
		.code_words = p->words,
		.args_va = args_va,
		.arg_size = arg_size,
		.grid = { 1, 1, 1 },
		.block = { 1, 1, 1 },
	};

	return e;
}

static void exec(int fd, struct drm_gpsvm_exec *e)
{
	do_ioctl(fd, DRM_IOCTL_GPSVM_EXEC, e);
}

/* Run and wait; returns the fence status. */
static int exec_wait(int fd, struct drm_gpsvm_exec *e)
{
	uint32_t sync = syncobj_new(fd);
	int status;

	e->out_syncobj = sync;
	exec(fd, e);
	igt_assert_eq(syncobj_wait(fd, sync, INT64_MAX), 0);
	status = syncobj_status(fd, sync);
	syncobj_free(fd, sync);
	e->out_syncobj = 0;
	return status;
}

/* An argument block BO with room for several jobs' arguments. */
struct argbuf {
	struct bo bo;
	unsigned int used;
};

static uint64_t args_put(struct argbuf *a, const void *data, unsigned int len)
{
	uint64_t va = a->bo.va + a->used;

	igt_assert(a->used + len <= a->bo.size);
	memcpy((char *)a->bo.map + a->used, data, len);
	a->used += (len + 63) & ~63u;
	return va;
}

struct spin_args {
	uint64_t dst;
	uint32_t value;
	uint32_t spin_ns;
};

static uint64_t spin_args(struct argbuf *a, uint64_t dst, uint32_t value,
			  uint32_t spin_ns)
{
	struct spin_args s = { dst, value, spin_ns };

	return args_put(a, &s, sizeof(s));
}

/*
 * The usual set-up of one test: a program, an argument object, a page
 * for results and a channel. job_env_close() leaves the channel alone if
 * the test destroyed it (chan 0).
 */
struct job_env {
	struct prog p;
	struct argbuf a;
	struct bo out;
	uint32_t chan;
};

static void job_env_open(struct ctx *ctx, struct job_env *j, const char *src)
{
	memset(j, 0, sizeof(*j));
	prog_load(ctx, &j->p, src, CODE_VA);
	bo_new(ctx, &j->a.bo, PAGE, ARGS_VA);
	bo_new(ctx, &j->out, PAGE, 0);
	j->chan = channel_create(ctx->fd);
}

static void job_env_close(struct ctx *ctx, struct job_env *j)
{
	if (j->chan)
		channel_destroy(ctx->fd, j->chan);
	bo_free(ctx, &j->out);
	bo_free(ctx, &j->a.bo);
	bo_free(ctx, &j->p.bo);
}

/* Jobs write a pattern; the CPU reads it back through mmap. */
static void run_pattern(struct ctx *ctx, unsigned int nchan)
{
	const unsigned int n = 64 * 256;
	struct drm_gpsvm_exec e[8];
	uint32_t chan[8], sync[8];
	struct argbuf a = {};
	struct bo out[8];
	struct prog p;
	unsigned int c, i;

	igt_assert(nchan <= 8);
	prog_load(ctx, &p, prog_pattern, CODE_VA);
	bo_new(ctx, &a.bo, PAGE, ARGS_VA);
	for (c = 0; c < nchan; c++) {
		bo_new(ctx, &out[c], n * 4, 0);
		chan[c] = channel_create(ctx->fd);
		sync[c] = syncobj_new(ctx->fd);
		e[c] = exec_args(&p, chan[c], args_put(&a, &out[c].va, 8), 8);
		e[c].grid[0] = 64;
		e[c].block[0] = 256;
		e[c].out_syncobj = sync[c];
	}
	/* All queued before any is waited for. */
	for (c = 0; c < nchan; c++)
		exec(ctx->fd, &e[c]);
	for (c = 0; c < nchan; c++) {
		uint32_t *v = out[c].map;

		igt_assert_eq(syncobj_wait(ctx->fd, sync[c], INT64_MAX), 0);
		igt_assert_eq(syncobj_status(ctx->fd, sync[c]), 1);
		for (i = 0; i < n; i++)
			igt_assert_eq_u32(v[i], i + 0x5a000000);
		igt_assert_eq_u64(channel_info(ctx->fd, chan[c]).failed_jobs, 0);
		channel_destroy(ctx->fd, chan[c]);
		syncobj_free(ctx->fd, sync[c]);
		bo_free(ctx, &out[c]);
	}
	bo_free(ctx, &a.bo);
	bo_free(ctx, &p.bo);
}

static void test_vadd(struct ctx *ctx)
{
	const unsigned int n = 10000;
	struct {
		uint64_t a, b, c;
		uint32_t n;
	} __attribute__((packed)) args;
	struct drm_gpsvm_exec e;
	struct bo a, b, c, ab;
	float *fa, *fb, *fc;
	struct prog p;
	uint32_t chan;
	unsigned int i;

	prog_load(ctx, &p, prog_vadd, CODE_VA);
	bo_new(ctx, &a, 40960, 0);
	bo_new(ctx, &b, 40960, 0);
	bo_new(ctx, &c, 40960, 0);
	bo_new(ctx, &ab, PAGE, ARGS_VA);
	fa = a.map;
	fb = b.map;
	fc = c.map;
	for (i = 0; i < n; i++) {
		fa[i] = i * 0.5f;
		fb[i] = 1000.0f - i;
	}
	args.a = a.va;
	args.b = b.va;
	args.c = c.va;
	args.n = n;
	memcpy(ab.map, &args, 28);

	chan = channel_create(ctx->fd);
	e = exec_args(&p, chan, ab.va, 28);
	e.grid[0] = 7;		/* fewer threads than elements: grid-stride */
	e.block[0] = 128;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	for (i = 0; i < n; i++)
		igt_assert(fc[i] == fa[i] + fb[i]);
	channel_destroy(ctx->fd, chan);
	bo_free(ctx, &ab);
	bo_free(ctx, &c);
	bo_free(ctx, &b);
	bo_free(ctx, &a);
	bo_free(ctx, &p.bo);
}

/* A 1 ms wait on a 500 ms job times out; the full wait succeeds. */
static void test_wait_timeout(struct ctx *ctx)
{
	struct drm_gpsvm_exec e;
	struct job_env j;
	uint32_t sync;

	job_env_open(ctx, &j, prog_spin_store);
	sync = syncobj_new(ctx->fd);

	e = exec_args(&j.p, j.chan, spin_args(&j.a, j.out.va, 0x1234, 500000000),
		      16);
	e.out_syncobj = sync;
	exec(ctx->fd, &e);
	igt_assert_eq(syncobj_wait(ctx->fd, sync, abs_timeout(1000000)), -ETIME);
	igt_assert_eq_u32(*(volatile uint32_t *)j.out.map, 0);
	igt_assert_eq(syncobj_wait(ctx->fd, sync, INT64_MAX), 0);
	igt_assert_eq(syncobj_status(ctx->fd, sync), 1);
	igt_assert_eq_u32(*(volatile uint32_t *)j.out.map, 0x1234);

	syncobj_free(ctx->fd, sync);
	job_env_close(ctx, &j);
}

/*
 * Channel A spins 300 ms then writes a flag; channel B, waiting on A's
 * out_syncobj, copies the flag: it must see it written.
 */
static void test_in_syncobj(struct ctx *ctx)
{
	struct drm_gpsvm_exec ea, eb;
	struct prog spin, copy;
	struct argbuf a = {};
	uint32_t ca, cb, sa, sb;
	uint64_t copy_args[2];
	struct bo flag, out;

	prog_load(ctx, &spin, prog_spin_store, CODE_VA);
	prog_load(ctx, &copy, prog_copy, CODE_VA + 0x100000);
	bo_new(ctx, &a.bo, PAGE, ARGS_VA);
	bo_new(ctx, &flag, PAGE, 0);
	bo_new(ctx, &out, PAGE, 0);
	ca = channel_create(ctx->fd);
	cb = channel_create(ctx->fd);
	sa = syncobj_new(ctx->fd);
	sb = syncobj_new(ctx->fd);

	ea = exec_args(&spin, ca, spin_args(&a, flag.va, 0xf1a9, 300000000), 16);
	ea.out_syncobj = sa;
	copy_args[0] = flag.va;
	copy_args[1] = out.va;
	eb = exec_args(&copy, cb, args_put(&a, copy_args, 16), 16);
	eb.in_syncobj = sa;
	eb.out_syncobj = sb;
	exec(ctx->fd, &ea);
	exec(ctx->fd, &eb);

	igt_assert_eq(syncobj_wait(ctx->fd, sb, INT64_MAX), 0);
	/* B finished, so A did before it. */
	igt_assert_eq(syncobj_wait(ctx->fd, sa, 0), 0);
	igt_assert_eq(syncobj_status(ctx->fd, sb), 1);
	igt_assert_eq_u32(*(volatile uint32_t *)out.map, 0xf1a9);

	syncobj_free(ctx->fd, sb);
	syncobj_free(ctx->fd, sa);
	channel_destroy(ctx->fd, cb);
	channel_destroy(ctx->fd, ca);
	bo_free(ctx, &out);
	bo_free(ctx, &flag);
	bo_free(ctx, &a.bo);
	bo_free(ctx, &copy.bo);
	bo_free(ctx, &spin.bo);
}

/*
 * A store to an unmapped VA fails with -EFAULT and CHANNEL_INFO says
 * MMU_FAULT at that VA, while a job on another channel completes; then
 * the faulting channel runs a good job.
 */
static void test_mmu_fault(struct ctx *ctx)
{
	struct drm_gpsvm_channel_info info;
	struct drm_gpsvm_exec ebad, egood, eother;
	uint32_t cbad, cother, sbad, sother;
	struct argbuf a = {};
	struct bo out;
	struct prog p;

	prog_load(ctx, &p, prog_spin_store, CODE_VA);
	bo_new(ctx, &a.bo, PAGE, ARGS_VA);
	bo_new(ctx, &out, PAGE, 0);
	cbad = channel_create(ctx->fd);
	cother = channel_create(ctx->fd);
	sbad = syncobj_new(ctx->fd);
	sother = syncobj_new(ctx->fd);

	eother = exec_args(&p, cother,
			   spin_args(&a, out.va + 4, 0x0e0e, 200000000), 16);
	eother.out_syncobj = sother;
	ebad = exec_args(&p, cbad, spin_args(&a, UNMAPPED_VA, 1, 0), 16);
	ebad.out_syncobj = sbad;
	exec(ctx->fd, &eother);
	exec(ctx->fd, &ebad);

	igt_assert_eq(syncobj_wait(ctx->fd, sbad, INT64_MAX), 0);
	igt_assert_eq(syncobj_status(ctx->fd, sbad), -EFAULT);
	info = channel_info(ctx->fd, cbad);
	igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_MMU_FAULT);
	igt_assert_eq_u64(info.addr, UNMAPPED_VA);
	igt_assert_eq_u32(info.access, 1);	/* write */
	igt_assert_eq_u64(info.failed_jobs, 1);

	igt_assert_eq(syncobj_wait(ctx->fd, sother, INT64_MAX), 0);
	igt_assert_eq(syncobj_status(ctx->fd, sother), 1);
	igt_assert_eq_u32(((volatile uint32_t *)out.map)[1], 0x0e0e);
	info = channel_info(ctx->fd, cother);
	igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_OK);
	igt_assert_eq_u64(info.failed_jobs, 0);

	/* The faulting channel goes on. */
	egood = exec_args(&p, cbad, spin_args(&a, out.va, 0x600d, 0), 16);
	igt_assert_eq(exec_wait(ctx->fd, &egood), 1);
	igt_assert_eq_u32(((volatile uint32_t *)out.map)[0], 0x600d);
	/* The record still describes the last failure. */
	info = channel_info(ctx->fd, cbad);
	igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_MMU_FAULT);
	igt_assert_eq_u64(info.failed_jobs, 1);

	/* A bad job immediately followed by a good one: only the bad fails. */
	ebad.out_syncobj = sbad;
	exec(ctx->fd, &ebad);
	egood = exec_args(&p, cbad, spin_args(&a, out.va + 8, 0x600e, 0), 16);
	egood.out_syncobj = sother;
	exec(ctx->fd, &egood);
	igt_assert_eq(syncobj_wait(ctx->fd, sother, INT64_MAX), 0);
	igt_assert_eq(syncobj_status(ctx->fd, sbad), -EFAULT);
	igt_assert_eq(syncobj_status(ctx->fd, sother), 1);
	igt_assert_eq_u32(((volatile uint32_t *)out.map)[2], 0x600e);
	igt_assert_eq_u64(channel_info(ctx->fd, cbad).failed_jobs, 2);

	syncobj_free(ctx->fd, sother);
	syncobj_free(ctx->fd, sbad);
	channel_destroy(ctx->fd, cother);
	channel_destroy(ctx->fd, cbad);
	bo_free(ctx, &out);
	bo_free(ctx, &a.bo);
	bo_free(ctx, &p.bo);
}

/* A job that fails with class and errno; then a good job on the channel. */
static void check_fails(struct ctx *ctx, const char *src, uint32_t entry,
			int err, uint32_t class,
			struct drm_gpsvm_channel_info *info)
{
	struct drm_gpsvm_exec e, good;
	struct argbuf a = {};
	struct prog p, ok;
	struct bo out;
	uint32_t chan;

	prog_load(ctx, &p, src, CODE_VA);
	prog_load(ctx, &ok, prog_spin_store, CODE_VA + 0x100000);
	bo_new(ctx, &a.bo, PAGE, ARGS_VA);
	bo_new(ctx, &out, PAGE, 0);
	chan = channel_create(ctx->fd);

	e = exec_args(&p, chan, 0, 0);
	e.entry = entry;
	igt_assert_eq(exec_wait(ctx->fd, &e), err);
	*info = channel_info(ctx->fd, chan);
	igt_assert_eq_u32(info->error_class, class);
	igt_assert_eq_u64(info->failed_jobs, 1);

	good = exec_args(&ok, chan, spin_args(&a, out.va, 0x600d, 0), 16);
	igt_assert_eq(exec_wait(ctx->fd, &good), 1);
	igt_assert_eq_u32(*(volatile uint32_t *)out.map, 0x600d);

	channel_destroy(ctx->fd, chan);
	bo_free(ctx, &out);
	bo_free(ctx, &a.bo);
	bo_free(ctx, &ok.bo);
	bo_free(ctx, &p.bo);
}

static void test_bad_opcode(struct ctx *ctx)
{
	struct drm_gpsvm_channel_info info;

	check_fails(ctx, prog_bad_opcode, 8, -EILSEQ, DRM_GPSVM_CHANNEL_ISA,
		    &info);
	/* Opcode 0 is ERR_OPCODE (isa.md section 10); PC is a code offset. */
	igt_assert_eq(info.detail, 1);
	igt_assert_eq_u64(info.addr, 8);
	igt_assert_eq_u64(info.info, 0);	/* the word */
}

static void test_runaway(struct ctx *ctx)
{
	struct drm_gpsvm_channel_info info;
	struct timespec start = {};

	igt_nsec_elapsed(&start);
	check_fails(ctx, prog_runaway, 0, -ETIMEDOUT,
		    DRM_GPSVM_CHANNEL_TIMEOUT, &info);
	/* The hardware's limit is 10 s; the driver's backstop 15 s. */
	igt_assert(igt_nsec_elapsed(&start) < 14000000000ull);
}

/* Destroying a channel cancels its unfinished job. */
static void test_destroy_busy(struct ctx *ctx)
{
	struct drm_gpsvm_exec e;
	struct job_env j;
	uint32_t sync;

	job_env_open(ctx, &j, prog_spin_store);
	sync = syncobj_new(ctx->fd);
	e = exec_args(&j.p, j.chan, spin_args(&j.a, j.out.va, 1, 2000000000u),
		      16);
	e.out_syncobj = sync;
	exec(ctx->fd, &e);
	exec(ctx->fd, &e);	/* still queued in the scheduler */
	usleep(100000);
	channel_destroy(ctx->fd, j.chan);
	j.chan = 0;
	igt_assert_eq(syncobj_wait(ctx->fd, sync, abs_timeout(1000000000)), 0);
	igt_assert(syncobj_status(ctx->fd, sync) < 0);
	igt_assert_eq_u32(*(volatile uint32_t *)j.out.map, 0);
	syncobj_free(ctx->fd, sync);
	job_env_close(ctx, &j);
}

/*
 * Unbind the driver while jobs run on two channels of an open file: the
 * GPU stops them (no access to the file's memory after unbind), the file
 * closes cleanly later, and after rebinding the GPU runs jobs again.
 */
static void test_unbind_busy(void)
{
	struct gpsvm_device_info dev;
	struct drm_gpsvm_exec e;
	struct argbuf a = {};
	struct ctx c = {};
	struct bo out;
	struct prog p;
	int i;

	igt_require(access("/sys/bus/platform/drivers/gpsvm/unbind", W_OK) == 0);
	igt_assert_eq(gpsvm_enumerate(&dev, 1) > 0, 1);
	ctx_open(&c);
	prog_load(&c, &p, prog_spin_store, CODE_VA);
	bo_new(&c, &a.bo, PAGE, ARGS_VA);
	bo_new(&c, &out, PAGE, 0);
	for (i = 0; i < 2; i++) {
		e = exec_args(&p, channel_create(c.fd),
			      spin_args(&a, out.va, 7, 2000000000u), 16);
		exec(c.fd, &e);
	}
	usleep(100000);

	gpsvm_sysfs_write("/sys/bus/platform/drivers/gpsvm/unbind", dev.device);
	/* Every ioctl of the old file now fails; closing it must not. */
	igt_assert_eq(igt_ioctl(c.fd, DRM_IOCTL_GPSVM_EXEC, &e), -1);
	igt_assert_eq(errno, ENODEV);
	close(c.fd);
	gpsvm_sysfs_write("/sys/bus/platform/drivers/gpsvm/bind", dev.device);

	/* The GPU works again, from a new file. */
	ctx_open(&c);
	run_pattern(&c, 1);
	close(c.fd);
}

/*
 * Time-slicing: a process whose launches loop forever on every SM (the
 * grid is larger than the GPU) must not hold another process's short jobs
 * until the channel timeout stops it. The neighbour runs such a launch
 * on each of NEIGHBOUR_CHANNELS channels; every victim job has to finish
 * while they still run, which the neighbour checks when its jobs time
 * out.
 */
#define NEIGHBOUR_CHANNELS	2
#define VICTIM_JOBS		5

static void test_timeslice(struct ctx *ctx)
{
	struct shared {
		int running, victim_done;
	} *sh;
	struct drm_gpsvm_exec e;
	struct job_env j;
	int i;

	sh = gpsvm_shared_zalloc(sizeof(*sh));
	igt_fork(child, 1) {
		uint32_t nchan[NEIGHBOUR_CHANNELS], sync[NEIGHBOUR_CHANNELS];
		struct argbuf na = {};
		struct bo flag;
		struct prog np;
		struct ctx c;

		ctx_open(&c);
		prog_load(&c, &np, prog_flag_runaway, CODE_VA);
		bo_new(&c, &na.bo, PAGE, ARGS_VA);
		bo_new(&c, &flag, PAGE, 0);
		for (i = 0; i < NEIGHBOUR_CHANNELS; i++) {
			nchan[i] = channel_create(c.fd);
			sync[i] = syncobj_new(c.fd);
			e = exec_args(&np, nchan[i],
				      args_put(&na, &flag.va, 8), 8);
			e.grid[0] = 64;
			e.block[0] = 1024;
			e.out_syncobj = sync[i];
			exec(c.fd, &e);
		}
		while (!*(volatile uint32_t *)flag.map)
			usleep(1000);
		__atomic_store_n(&sh->running, 1, __ATOMIC_RELEASE);
		for (i = 0; i < NEIGHBOUR_CHANNELS; i++) {
			igt_assert_eq(syncobj_wait(c.fd, sync[i], INT64_MAX),
				      0);
			/* Read before the other launches can end. */
			if (!i)
				igt_assert_f(__atomic_load_n(&sh->victim_done,
							     __ATOMIC_ACQUIRE),
					     "the victim's jobs waited for the runaway neighbour to time out\n");
			igt_assert_eq(syncobj_status(c.fd, sync[i]),
				      -ETIMEDOUT);
		}
		close(c.fd);
	}

	job_env_open(ctx, &j, prog_spin_store);
	while (!__atomic_load_n(&sh->running, __ATOMIC_ACQUIRE))
		usleep(1000);
	for (i = 1; i <= VICTIM_JOBS; i++) {
		e = exec_args(&j.p, j.chan, spin_args(&j.a, j.out.va, i, 0), 16);
		igt_assert_eq(exec_wait(ctx->fd, &e), 1);
		igt_assert_eq_u32(*(volatile uint32_t *)j.out.map, i);
	}
	__atomic_store_n(&sh->victim_done, 1, __ATOMIC_RELEASE);
	igt_waitchildren();
	munmap(sh, sizeof(*sh));
	job_env_close(ctx, &j);
}

/* Every thread of a full block runs, also while others spin. */
static void test_block_fair(struct ctx *ctx)
{
	struct drm_gpsvm_exec e;
	struct job_env j;

	job_env_open(ctx, &j, prog_wait_last);
	e = exec_args(&j.p, j.chan, args_put(&j.a, &j.out.va, 8), 8);
	e.block[0] = 1024;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	igt_assert_eq_u32(*(volatile uint32_t *)j.out.map, 1);
	job_env_close(ctx, &j);
}

/* What prog_local_sum writes for block @b of @ntid threads. */
static uint32_t local_sum(uint32_t b, uint32_t ntid)
{
	uint32_t t, sum = 0;

	for (t = 0; t < ntid; t++)
		sum += 4 * (3 * (b * ntid + t) + 1) + 6;
	return sum;
}

/*
 * Shared and private memory (ISA v2): a work-group sum per block; without
 * shared memory (also from a caller that predates the sizes) the same
 * job fails with ERR_WINDOW at the first shared access, and the channel
 * goes on.
 */
static void test_local_memory(struct ctx *ctx)
{
	const uint32_t nblk = 4, ntid = 256;
	struct drm_gpsvm_channel_info info;
	volatile uint32_t *out;
	struct drm_gpsvm_exec e;
	struct job_env j;
	uint32_t b;

	job_env_open(ctx, &j, prog_local_sum);
	out = j.out.map;
	e = exec_args(&j.p, j.chan, args_put(&j.a, &j.out.va, 8), 8);
	e.grid[0] = nblk;
	e.block[0] = ntid;
	e.shared_size = 4 * ntid;
	e.private_size = 16;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	for (b = 0; b < nblk; b++)
		igt_assert_eq_u32(out[b], local_sum(b, ntid));

	out[0] = 0;
	e.shared_size = 0;
	igt_assert_eq(exec_wait(ctx->fd, &e), -EILSEQ);
	info = channel_info(ctx->fd, j.chan);
	igt_assert_eq_u32(info.error_class, DRM_GPSVM_CHANNEL_ISA);
	igt_assert_eq_u32(info.detail, 8);	/* ERR_WINDOW */
	igt_assert_eq_u64(info.info, 0xffffffff80000000ull);
	igt_assert_eq_u32(out[0], 0);

	/* A caller built before the sizes passes a shorter struct: zeros. */
	e.shared_size = 4 * ntid;
	e.out_syncobj = syncobj_new(ctx->fd);
	do_ioctl(ctx->fd, _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE +
				DRM_GPSVM_EXEC,
				char[offsetof(struct drm_gpsvm_exec,
					      shared_size)]), &e);
	igt_assert_eq(syncobj_wait(ctx->fd, e.out_syncobj, INT64_MAX), 0);
	igt_assert_eq(syncobj_status(ctx->fd, e.out_syncobj), -EILSEQ);
	syncobj_free(ctx->fd, e.out_syncobj);
	e.out_syncobj = 0;

	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	igt_assert_eq_u32(out[0], local_sum(0, ntid));
	job_env_close(ctx, &j);
}

/* A bad EXEC fails with err, leaves out_syncobj empty and runs nothing. */
static void exec_rejected(struct ctx *ctx, struct drm_gpsvm_exec bad, int err,
			  uint32_t sync)
{
	igt_assert_eq(igt_ioctl(ctx->fd, DRM_IOCTL_GPSVM_EXEC, &bad), -1);
	igt_assert_eq(errno, err);
	/* Still no fence in the syncobj. */
	igt_assert_eq(syncobj_wait(ctx->fd, sync, 0), -EINVAL);
}

static void test_bad_args(struct ctx *ctx)
{
	struct drm_gpsvm_channel_create cc = { .flags = 1 };
	struct drm_gpsvm_channel_destroy cd = {};
	struct drm_gpsvm_channel_info ci = {};
	struct drm_gpsvm_exec good, e;
	struct argbuf a = {};
	uint32_t chan, sync, empty;
	struct bo out;
	struct prog p;
	int i;

	prog_load(ctx, &p, prog_spin_store, CODE_VA);
	bo_new(ctx, &a.bo, PAGE, ARGS_VA);
	bo_new(ctx, &out, PAGE, 0);
	chan = channel_create(ctx->fd);
	sync = syncobj_new(ctx->fd);
	empty = syncobj_new(ctx->fd);
	good = exec_args(&p, chan, spin_args(&a, out.va, 0x77, 0), 16);
	good.out_syncobj = sync;

#define BAD(field_stmt, err) do { e = good; field_stmt; \
		exec_rejected(ctx, e, err, sync); } while (0)
	BAD(e.flags = 1, EINVAL);
	BAD(e.flags = 0x80000000u, EINVAL);
	BAD(e.pad = 1, EINVAL);
	BAD(e.code_words = 0, EINVAL);
	BAD(e.code_words = 65537, EINVAL);
	BAD(e.entry = 4, EINVAL);
	BAD(e.entry = 8 * e.code_words, EINVAL);
	BAD(e.entry = 0xfffffff8u, EINVAL);
	BAD(e.code_va += 4, EINVAL);
	BAD(e.code_va += 1, EINVAL);
	BAD(e.arg_size = 4097, EINVAL);
	BAD(e.arg_size = 0xffffffffu, EINVAL);
	for (i = 0; i < 3; i++) {
		BAD(e.grid[i] = 0, EINVAL);
		BAD(e.grid[i] = 65536, EINVAL);
		BAD(e.block[i] = 0, EINVAL);
		BAD(e.block[i] = 1025, EINVAL);
		BAD(e.block[i] = 0x80000000u, EINVAL);
	}
	BAD((e.block[0] = 1024, e.block[1] = 2), EINVAL);
	BAD((e.block[0] = 32, e.block[1] = 16, e.block[2] = 4), EINVAL);
	BAD((e.block[0] = 65536, e.block[1] = 65536), EINVAL);
	BAD(e.shared_size = 4, EINVAL);
	BAD(e.shared_size = 65536 + 8, EINVAL);
	BAD(e.private_size = 12, EINVAL);
	BAD(e.private_size = 65536 + 8, EINVAL);
	BAD(e.private_size = 0xfffffff8u, EINVAL);
	/* 8 MiB a block in all: 1024 threads of 8 KiB, and 8 bytes more. */
	BAD((e.block[0] = 1024, e.private_size = 8192, e.shared_size = 8),
	    EINVAL);
	BAD(e.channel = 0, ENOENT);
	BAD(e.channel = chan + 1000, ENOENT);
	BAD(e.in_syncobj = 0xdead, ENOENT);
	BAD(e.out_syncobj = 0xdead, ENOENT);
#undef BAD
	igt_assert_eq_u32(*(volatile uint32_t *)out.map, 0);
	igt_assert_eq_u64(channel_info(ctx->fd, chan).failed_jobs, 0);

	/* Limits that are valid. */
	e = good;
	e.block[0] = 1024;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	e = good;
	e.block[0] = 16;
	e.block[1] = 16;
	e.block[2] = 4;
	e.grid[0] = 1;
	e.grid[1] = 2;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	e = good;
	e.grid[2] = 65535;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	/* arg_size 0: args_va is ignored. */
	e = exec_args(&p, chan, 0x3, 0);
	e.entry = 8 * (p.words - 1);	/* straight to exit */
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);

	/* Channel ioctls. */
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &cc, EINVAL);
	igt_assert_eq_u32(cc.handle, 0);
	cd.handle = chan;
	cd.pad = 1;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd, EINVAL);
	cd.pad = 0;
	cd.handle = 0;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd, ENOENT);
	cd.handle = chan + 1000;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd, ENOENT);
	ci.handle = 0;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, &ci, ENOENT);
	ci.handle = chan + 1000;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, &ci, ENOENT);
	/* The channel survived all that. */
	e = good;
	igt_assert_eq(exec_wait(ctx->fd, &e), 1);
	igt_assert_eq_u32(*(volatile uint32_t *)out.map, 0x77);

	channel_destroy(ctx->fd, chan);
	cd.handle = chan;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd, ENOENT);
	ci.handle = chan;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, &ci, ENOENT);
	e = good;
	do_ioctl_err(ctx->fd, DRM_IOCTL_GPSVM_EXEC, &e, ENOENT);

	syncobj_free(ctx->fd, empty);
	syncobj_free(ctx->fd, sync);
	bo_free(ctx, &out);
	bo_free(ctx, &a.bo);
	bo_free(ctx, &p.bo);
}

#define NCHANNELS	64
#define NCHILDREN	4

/* Create channels on fd until one fails: how many; its errno in *err. */
static int create_until_fail(int fd, uint32_t *handles, int max, int *err)
{
	struct drm_gpsvm_channel_create c = {};
	int n;

	for (n = 0; n < max; n++) {
		c.handle = 0;
		if (igt_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &c))
			break;
		handles[n] = c.handle;
	}
	*err = n < max ? errno : 0;
	return n;
}

static int channels_per_process(void)
{
	char buf[16] = "";
	int fd = open("/sys/module/gpsvm/parameters/channels_per_process",
		      O_RDONLY);

	igt_assert_fd(fd);
	igt_assert_lt(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	return atoi(buf);
}

/*
 * The GPU has 64 hardware channels, and one process may hold only its
 * share (channels_per_process, 16): beyond it -EMFILE, so one process
 * cannot take them all. Other processes still get theirs until all 64
 * are used; then -EBUSY.
 */
static void test_exhaust(struct ctx *ctx)
{
	struct shared {
		int count[NCHILDREN], err[NCHILDREN], done, release;
	} *sh;
	int limit = channels_per_process(), n, err, i, total;
	uint32_t handles[NCHANNELS + 1];

	igt_require_f(limit * (NCHILDREN + 1) > NCHANNELS,
		      "the limit lets %d processes have no more than 64\n",
		      NCHILDREN + 1);
	n = create_until_fail(ctx->fd, handles, NCHANNELS + 1, &err);
	igt_assert_eq(n, limit);
	igt_assert_eq(err, EMFILE);

	sh = gpsvm_shared_zalloc(sizeof(*sh));
	igt_fork(child, NCHILDREN) {
		uint32_t h[NCHANNELS + 1];
		int fd = gpsvm_open(0);

		igt_assert_fd(fd);
		sh->count[child] = create_until_fail(fd, h, NCHANNELS + 1,
						     &sh->err[child]);
		__atomic_add_fetch(&sh->done, 1, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&sh->release, __ATOMIC_ACQUIRE))
			usleep(1000);
		close(fd);
	}
	while (__atomic_load_n(&sh->done, __ATOMIC_ACQUIRE) < NCHILDREN)
		usleep(1000);
	total = n;
	for (i = 0; i < NCHILDREN; i++) {
		igt_info("process %d: %d channels, then %s\n", i, sh->count[i],
			 strerror(sh->err[i]));
		igt_assert_lte(sh->count[i], limit);
		igt_assert(sh->err[i] == EMFILE || sh->err[i] == EBUSY);
		total += sh->count[i];
	}
	igt_assert_eq(total, NCHANNELS);
	for (i = 0; i < NCHILDREN && sh->err[i] != EBUSY; i++)
		;
	igt_assert_f(i < NCHILDREN, "no process met a full GPU (-EBUSY)\n");
	/* A channel freed is there for the next. */
	channel_destroy(ctx->fd, handles[--n]);
	igt_assert_eq(create_until_fail(ctx->fd, handles + n, 1, &err), 1);
	n++;
	__atomic_store_n(&sh->release, 1, __ATOMIC_RELEASE);
	igt_waitchildren();
	munmap(sh, sizeof(*sh));

	for (i = 0; i < n; i++)
		channel_destroy(ctx->fd, handles[i]);
	/* All back. */
	channel_destroy(ctx->fd, channel_create(ctx->fd));
}

igt_main
{
	struct ctx ctx = { .fd = -1 };

	igt_fixture
		ctx_open(&ctx);

	igt_describe("A program writes a pattern that the CPU reads back.");
	igt_subtest("pattern")
		run_pattern(&ctx, 1);

	igt_describe("Vector add over three buffer objects.");
	igt_subtest("vadd")
		test_vadd(&ctx);

	igt_describe("Several channels run at once.");
	igt_subtest("multi-channel")
		run_pattern(&ctx, 8);

	igt_describe("Two processes run jobs at once, each in its own VA space.");
	igt_subtest("multi-process") {
		igt_fork(child, 2) {
			struct ctx c;

			ctx_open(&c);
			run_pattern(&c, 4);
			close(c.fd);
		}
		igt_waitchildren();
	}

	igt_describe("A short syncobj wait on a long job times out.");
	igt_subtest("wait-timeout")
		test_wait_timeout(&ctx);

	igt_describe("in_syncobj orders jobs across channels.");
	igt_subtest("in-syncobj")
		test_in_syncobj(&ctx);

	igt_describe("An MMU fault fails the job with -EFAULT and is reported.");
	igt_subtest("mmu-fault")
		test_mmu_fault(&ctx);

	igt_describe("An invalid instruction fails the job with an ISA error.");
	igt_subtest("bad-opcode")
		test_bad_opcode(&ctx);

	igt_describe("A runaway program is stopped by the channel timeout.");
	igt_subtest("runaway")
		test_runaway(&ctx);

	igt_describe("Another process's launches that loop forever on every SM do not hold a short job until they time out.");
	igt_subtest("timeslice")
		test_timeslice(&ctx);

	igt_describe("Shared and private memory: a work-group sum per block; without shared memory the job fails with ERR_WINDOW.");
	igt_subtest("local-memory")
		test_local_memory(&ctx);

	igt_describe("The threads of a 1024-thread block all run while the others spin waiting for the last.");
	igt_subtest("block-fair")
		test_block_fair(&ctx);

	igt_describe("Destroying a busy channel cancels its jobs.");
	igt_subtest("destroy-busy")
		test_destroy_busy(&ctx);

	igt_describe("Bad EXEC and channel arguments are rejected.");
	igt_subtest("bad-args")
		test_bad_args(&ctx);

	igt_describe("A process gets -EMFILE beyond its share of the hardware channels; with all of them in use, -EBUSY.");
	igt_subtest("exhaust")
		test_exhaust(&ctx);

	igt_describe("Unbinding with jobs running stops them; the file closes cleanly and the rebound GPU works.");
	igt_subtest("unbind-busy")
		test_unbind_busy();

	igt_fixture
		close(ctx.fd);
}
