// SPDX-License-Identifier: MIT
/*
 * gpsvm_mappings: the GPU sees buffer objects through VM_BIND mappings of
 * every page size, sees a remapped VA's new object, and the mapping flags
 * (read-only, no atomics) hold. Written against libgpsvm.
 */

#include "igt.h"

#include <sys/mman.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"

IGT_TEST_DESCRIPTION("GPU access through 4 KiB, 64 KiB and 2 MiB mappings, remaps and mapping flags.");

#define CODE_VA		0x1000000ull
#define ARGS_VA		0x1100000ull
#define THREADS		256
#define SEC		1000000000ll

/* out[i] = i ^ key, for one thread per element. */
static const char prog_fill[] =
	GID
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	shl.64	r7, r0, 2\n"
	"	xor.32	r8, r0, r5\n"
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

/*
 * The same, one word in 16 (one per 64 bytes): every page is still
 * written, for a sixteenth of the threads.
 */
static const char prog_fill_sparse[] =
	GID
	"	shl.32	r0, r0, 4\n"
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	shl.64	r7, r0, 2\n"
	"	xor.32	r8, r0, r5\n"
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

/* One atomic add on out[0]. */
static const char prog_atomic[] =
	"	ldarg.64 r4, [0]\n"
	"	atom.add.32 rz, [r4], 1\n"
	"	exit\n";

struct ctx {
	int fd;
	char vm_stats[256];	/* debugfs file with the PTE counts */
	uint32_t chan, sync;
	uint32_t code_bo, args_bo;
	uint64_t *code, *args;
};

struct bo {
	uint32_t handle;
	uint64_t size;
	uint32_t *map;
};

static void bo_new(struct ctx *c, struct bo *bo, uint64_t size, uint32_t flags)
{
	void *p;

	igt_assert_eq(gpsvm_bo_create(c->fd, size, flags, &bo->handle), 0);
	igt_assert_eq(gpsvm_bo_mmap(c->fd, bo->handle, size, &p), 0);
	bo->map = p;
	bo->size = size;
}

static void bo_del(struct ctx *c, struct bo *bo)
{
	munmap(bo->map, bo->size);
	igt_assert_eq(gpsvm_bo_close(c->fd, bo->handle), 0);
}

/* The GPU's gpsvm_vm in its debugfs directory. */
static void find_debugfs(struct ctx *c)
{
	char dir[200];

	gpsvm_debugfs_dir(dir, sizeof(dir));
	igt_require_f(dir[0], "no gpsvm debugfs directory\n");
	snprintf(c->vm_stats, sizeof(c->vm_stats), "%s/gpsvm_vm", dir);
}

/* PTEs written so far: 4 KiB, 64 KiB and 2 MiB. */
static void ptes(struct ctx *c, uint64_t n[3])
{
	FILE *f = fopen(c->vm_stats, "r");

	igt_assert(f);
	igt_assert_eq(fscanf(f, "ptes_4k: %" SCNu64 " ptes_64k: %" SCNu64
			     " ptes_2m: %" SCNu64, &n[0], &n[1], &n[2]), 3);
	fclose(f);
}

static void ctx_init(struct ctx *c)
{
	void *p;

	c->fd = gpsvm_open(0);
	igt_require_f(c->fd >= 0, "no gpsvm device\n");
	find_debugfs(c);
	igt_assert_eq(gpsvm_channel_create(c->fd, &c->chan), 0);
	igt_assert_eq(drmSyncobjCreate(c->fd, 0, &c->sync), 0);
	igt_assert_eq(gpsvm_bo_create(c->fd, 4096, 0, &c->code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(c->fd, c->code_bo, 4096, &p), 0);
	c->code = p;
	igt_assert_eq(gpsvm_vm_map(c->fd, c->code_bo, 0, CODE_VA, 4096, 0), 0);
	igt_assert_eq(gpsvm_bo_create(c->fd, 4096, 0, &c->args_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(c->fd, c->args_bo, 4096, &p), 0);
	c->args = p;
	igt_assert_eq(gpsvm_vm_map(c->fd, c->args_bo, 0, ARGS_VA, 4096, 0), 0);
}

/* Run src over n threads with arguments (out, key); the job's status. */
static int run(struct ctx *c, const char *src, uint64_t out, uint32_t key,
	       uint32_t n)
{
	struct gpsvm_asm_result res = {};
	struct drm_gpsvm_exec e = {
		.channel = c->chan, .code_va = CODE_VA, .args_va = ARGS_VA,
		.arg_size = 16, .out_syncobj = c->sync,
		.grid = { (n + THREADS - 1) / THREADS, 1, 1 },
		.block = { n < THREADS ? n : THREADS, 1, 1 },
	};

	igt_assert_eq(gpsvm_asm(src, &res), 0);
	memcpy(c->code, res.words, res.nwords * 8);
	e.code_words = res.nwords;
	gpsvm_asm_free(&res);
	c->args[0] = out;
	c->args[1] = key;
	igt_assert_eq(gpsvm_exec(c->fd, &e), 0);
	return gpsvm_syncobj_wait(c->fd, c->sync, 10 * SEC);
}

/* Every stride-th word is its index ^ key, the others are untouched (0). */
static void check_fill_stride(const struct bo *bo, uint32_t key,
			      unsigned int stride)
{
	uint64_t i, want;

	for (i = 0; i < bo->size / 4; i++) {
		want = i % stride ? 0 : i ^ key;
		igt_assert_f(bo->map[i] == want,
			     "word %" PRIu64 ": 0x%x, wanted 0x%" PRIx64 "\n",
			     i, bo->map[i], want);
	}
}

static void check_fill(const struct bo *bo, uint32_t key)
{
	check_fill_stride(bo, key, 1);
}

static void test_page_sizes(struct ctx *c)
{
	/*
	 * VA and object alignment pick the PTE size. VRAM objects are aligned
	 * to the largest page their size allows; system pages are only as
	 * contiguous as the allocator made them, so the last case counts
	 * bytes, not PTEs.
	 */
	const struct {
		uint64_t size, va;
		uint32_t flags;
		uint64_t ptes[3];	/* 4K, 64K, 2M; all 0: any mix */
	} cases[] = {
		{ 4 << 20, 0x20000000, DRM_GPSVM_GEM_VRAM, { 0, 0, 2 } },
		{ 256 << 10, 0x30010000, DRM_GPSVM_GEM_VRAM, { 0, 4, 0 } },
		{ 64 << 10, 0x40001000, 0, { 16, 0, 0 } },
		{ 2 << 20, 0x50000000, 0, { 0, 0, 0 } },
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t before[3], after[3], bytes;
		struct bo bo;

		igt_debug("case %u\n", i);
		bo_new(c, &bo, cases[i].size, cases[i].flags);
		ptes(c, before);
		igt_assert_eq(gpsvm_vm_map(c->fd, bo.handle, 0, cases[i].va,
					   bo.size, 0), 0);
		ptes(c, after);
		bytes = (after[0] - before[0]) * 4096 +
			(after[1] - before[1]) * 65536 +
			(after[2] - before[2]) * 2097152;
		igt_assert_eq_u64(bytes, bo.size);
		if (cases[i].ptes[0] | cases[i].ptes[1] | cases[i].ptes[2])
			for (j = 0; j < 3; j++)
				igt_assert_eq_u64(after[j] - before[j],
						  cases[i].ptes[j]);
		/* Sparse: a 4 MiB fill is too slow for a 1-SM GPU under TCG. */
		igt_assert_eq(run(c, prog_fill_sparse, cases[i].va,
				  0xa5a50000 + i, bo.size / 64), 0);
		check_fill_stride(&bo, 0xa5a50000 + i, 16);
		igt_assert_eq(gpsvm_vm_unmap(c->fd, cases[i].va, bo.size), 0);
		bo_del(c, &bo);
	}
}

static void test_remap(struct ctx *c)
{
	const uint64_t va = 0x60000000;
	struct bo a, b;

	bo_new(c, &a, 64 << 10, 0);
	bo_new(c, &b, 64 << 10, DRM_GPSVM_GEM_VRAM);
	igt_assert_eq(gpsvm_vm_map(c->fd, a.handle, 0, va, a.size, 0), 0);
	igt_assert_eq(run(c, prog_fill, va, 1, a.size / 4), 0);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, a.size), 0);
	igt_assert_eq(gpsvm_vm_map(c->fd, b.handle, 0, va, b.size, 0), 0);
	igt_assert_eq(run(c, prog_fill, va, 2, b.size / 4), 0);
	/* The second job wrote the new object, not the old one. */
	check_fill(&a, 1);
	check_fill(&b, 2);

	/* Unmapped, the VA faults. */
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, b.size), 0);
	igt_assert_eq(run(c, prog_fill, va, 3, 64), -EFAULT);
	check_fill(&b, 2);
	bo_del(c, &a);
	bo_del(c, &b);
}

/*
 * Cutting a hole in a 2 MiB-mapped object: the rest stays mapped (now with
 * smaller pages around the hole) and the hole faults.
 */
static void test_partial_unmap_huge(struct ctx *c)
{
	const uint64_t va = 0x80000000, hole = va + (1 << 20);
	uint64_t before[3], after[3];
	struct bo bo;
	uint32_t i;

	bo_new(c, &bo, 4 << 20, DRM_GPSVM_GEM_VRAM);
	igt_assert_eq(gpsvm_vm_map(c->fd, bo.handle, 0, va, bo.size, 0), 0);
	ptes(c, before);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, hole, 64 << 10), 0);
	ptes(c, after);
	/*
	 * Both pieces are mapped again: the first 2 MiB less the hole with
	 * 64 KiB pages (16 below, 15 above), the second 2 MiB with one huge.
	 */
	igt_assert_eq_u64(after[0] - before[0], 0);
	igt_assert_eq_u64(after[1] - before[1], 31);
	igt_assert_eq_u64(after[2] - before[2], 1);

	/* Below the hole, and the untouched second huge page, still work. */
	igt_assert_eq(run(c, prog_fill, va, 0x11, 1 << 18), 0);
	for (i = 0; i < (1 << 18); i++)
		igt_assert_eq_u32(bo.map[i], i ^ 0x11);
	igt_assert_eq(run(c, prog_fill, va + (3 << 20), 0x22, 1 << 18), 0);
	igt_assert_eq_u32(bo.map[(3 << 18) + 5], 5 ^ 0x22);
	igt_assert_eq(run(c, prog_fill, hole + (64 << 10), 0x33, 256), 0);
	igt_assert_eq_u32(bo.map[(1 << 18) + (16 << 10)], 0x33);
	/* The hole faults, and nothing in it is written. */
	igt_assert_eq(run(c, prog_fill, hole, 0x44, 256), -EFAULT);
	igt_assert_eq_u32(bo.map[1 << 18], 0);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, bo.size), 0);
	bo_del(c, &bo);
}

static void test_flags(struct ctx *c)
{
	struct drm_gpsvm_channel_info info;
	const uint64_t va = 0x70000000;
	struct bo bo;

	bo_new(c, &bo, 4096, 0);
	igt_assert_eq(gpsvm_vm_map(c->fd, bo.handle, 0, va, 4096,
				   DRM_GPSVM_VM_BIND_READ_ONLY), 0);
	igt_assert_eq(run(c, prog_fill, va, 5, 64), -EFAULT);
	igt_assert_eq(gpsvm_channel_info(c->fd, c->chan, &info), 0);
	igt_assert_eq(info.error_class, DRM_GPSVM_CHANNEL_MMU_FAULT);
	igt_assert_eq(info.detail, 0x6);	/* RO_VIOLATION */
	igt_assert_eq(info.access, 1);		/* write */
	igt_assert_eq_u64(info.addr, va);
	igt_assert_eq(bo.map[0], 0);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, 4096), 0);

	igt_assert_eq(gpsvm_vm_map(c->fd, bo.handle, 0, va, 4096,
				   DRM_GPSVM_VM_BIND_NO_ATOMIC), 0);
	igt_assert_eq(run(c, prog_atomic, va, 0, 1), -EFAULT);
	igt_assert_eq(gpsvm_channel_info(c->fd, c->chan, &info), 0);
	igt_assert_eq(info.detail, 0xf);	/* ATOMIC_VIOLATION */
	igt_assert_eq(info.access, 2);		/* atomic */
	igt_assert_eq(bo.map[0], 0);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, 4096), 0);

	/* Mapped with both allowed, the same atomic works. */
	igt_assert_eq(gpsvm_vm_map(c->fd, bo.handle, 0, va, 4096, 0), 0);
	igt_assert_eq(run(c, prog_atomic, va, 0, 1), 0);
	igt_assert_eq(bo.map[0], 1);
	igt_assert_eq(gpsvm_vm_unmap(c->fd, va, 4096), 0);
	bo_del(c, &bo);
}

igt_main
{
	struct ctx c = {};

	igt_fixture
		ctx_init(&c);

	igt_describe("GPU writes through 2 MiB, 64 KiB and 4 KiB mappings, in VRAM and system memory, read back by the CPU.");
	igt_subtest("page-sizes")
		test_page_sizes(&c);

	igt_describe("After unmap and a new map at the same VA, the GPU writes the new object; unmapped, it faults.");
	igt_subtest("remap")
		test_remap(&c);

	igt_describe("A hole unmapped in a 2 MiB-mapped object faults; the rest stays mapped.");
	igt_subtest("partial-unmap-huge")
		test_partial_unmap_huge(&c);

	igt_describe("Read-only and no-atomic mappings fault the accesses they forbid, and only those.");
	igt_subtest("flags")
		test_flags(&c);

	igt_fixture
		close(c.fd);
}
