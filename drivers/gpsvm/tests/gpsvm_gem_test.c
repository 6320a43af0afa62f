// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of gpsvm buffer objects on a GPU model of their own: argument
 * checks, VRAM placement and alignment, clearing, running out of VRAM, and
 * the contiguity gpsvm_bo_addr() reports for system memory.
 */

#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>

#include <drm/drm_gem.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_test_gpu.h"

#define VRAM_SIZE	SZ_16M

struct gpsvm_gem_test {
	struct gpsvm_device *gdev;
};

static int gpsvm_gem_test_init(struct kunit *test)
{
	struct gpsvm_gem_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->gdev = gpsvm_test_gem_gpu(test, "gpsvm-gem-test", 12, VRAM_SIZE);
	return 0;
}

static struct gpsvm_bo *bo_create(struct kunit *test, u64 size, u32 flags)
{
	struct gpsvm_gem_test *t = test->priv;
	struct gpsvm_bo *bo = gpsvm_bo_create(t->gdev, size, flags);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(bo), "size %llu flags %u: %ld",
			       size, flags, PTR_ERR(bo));
	return bo;
}

static void bo_put(struct gpsvm_bo *bo)
{
	drm_gem_object_put(&bo->base);
}

static void gpsvm_gem_test_invalid(struct kunit *test)
{
	struct gpsvm_gem_test *t = test->priv;
	static const struct {
		u64 size;
		u32 flags;
	} bad[] = {
		{ 0, 0 },
		{ 0, DRM_GPSVM_GEM_VRAM },
		{ 1, 0 },
		{ SZ_4K + 1, 0 },
		{ SZ_4K - 1, DRM_GPSVM_GEM_VRAM },
		{ SZ_64K + SZ_2K, DRM_GPSVM_GEM_VRAM },
		{ SZ_1T + SZ_4K, 0 },
		{ ~0ull & ~(u64)(SZ_4K - 1), 0 },
		{ VRAM_SIZE + SZ_4K, DRM_GPSVM_GEM_VRAM },
		{ SZ_1T, DRM_GPSVM_GEM_VRAM },
		{ SZ_4K, 2 },
		{ SZ_4K, DRM_GPSVM_GEM_VRAM | 0x80000000u },
		{ SZ_4K, ~0u },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    PTR_ERR(gpsvm_bo_create(t->gdev,
							    bad[i].size,
							    bad[i].flags)),
				    -EINVAL, "case %u", i);
}

/* 1 TiB is a valid size, but its page array alone fails: no OOM killer. */
static void gpsvm_gem_test_huge(struct kunit *test)
{
	struct gpsvm_gem_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_bo_create(t->gdev, SZ_1T, 0)),
			-ENOMEM);
}

static void expect_vram(struct kunit *test, struct gpsvm_bo *bo, u64 size,
			u64 align)
{
	u64 contig;

	KUNIT_EXPECT_TRUE(test, drm_mm_node_allocated(&bo->vram));
	KUNIT_EXPECT_EQ(test, bo->vram.size, size);
	KUNIT_EXPECT_EQ_MSG(test, bo->vram.start % align, 0,
			    "size %llu at %llu, want %llu-aligned", size,
			    bo->vram.start, align);
	KUNIT_EXPECT_LE(test, bo->vram.start + size, (u64)VRAM_SIZE);
	KUNIT_EXPECT_EQ(test, gpsvm_bo_addr(bo, 0, &contig), bo->vram.start);
	KUNIT_EXPECT_EQ(test, contig, size);
	KUNIT_EXPECT_EQ(test, gpsvm_bo_addr(bo, size - SZ_4K, &contig),
			bo->vram.start + size - SZ_4K);
	KUNIT_EXPECT_EQ(test, contig, (u64)SZ_4K);
}

/* Each object is aligned to the largest GPU page that fits in it. */
static void gpsvm_gem_test_vram_align(struct kunit *test)
{
	static const struct {
		u64 size, align;
	} cases[] = {
		{ SZ_4K, SZ_4K },
		{ SZ_64K, SZ_64K },
		{ SZ_8K, SZ_4K },
		{ SZ_2M, SZ_2M },
		{ SZ_64K - SZ_4K, SZ_4K },
		{ SZ_64K + SZ_4K, SZ_64K },
		{ SZ_2M - SZ_4K, SZ_64K },
		{ SZ_2M + SZ_4K, SZ_2M },
		{ SZ_4K, SZ_4K },
		{ SZ_4M, SZ_2M },
		{ SZ_128K, SZ_64K },
	};
	struct gpsvm_bo *bo[ARRAY_SIZE(cases)];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bo[i] = bo_create(test, cases[i].size, DRM_GPSVM_GEM_VRAM);
		expect_vram(test, bo[i], cases[i].size, cases[i].align);
	}
	/* No two overlap. */
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		for (j = i + 1; j < ARRAY_SIZE(cases); j++)
			KUNIT_EXPECT_TRUE(test,
					  bo[i]->vram.start + bo[i]->vram.size <=
					  bo[j]->vram.start ||
					  bo[j]->vram.start + bo[j]->vram.size <=
					  bo[i]->vram.start);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		bo_put(bo[i]);
}

/* A new VRAM object is zero, and clearing it touches nothing else. */
static void gpsvm_gem_test_vram_clear(struct kunit *test)
{
	struct gpsvm_gem_test *t = test->priv;
	u8 *vram = t->gdev->bus.vram;
	struct gpsvm_bo *bo[2];
	u64 start, end;

	memset(vram, 0xa5, VRAM_SIZE);
	bo[0] = bo_create(test, SZ_4K, DRM_GPSVM_GEM_VRAM);
	bo[1] = bo_create(test, SZ_2M + SZ_64K, DRM_GPSVM_GEM_VRAM);
	start = bo[1]->vram.start;
	end = start + bo[1]->vram.size;
	KUNIT_EXPECT_NULL(test, memchr_inv(vram + bo[0]->vram.start, 0, SZ_4K));
	KUNIT_EXPECT_NULL(test, memchr_inv(vram + start, 0, end - start));
	/* Between and after the two, nothing was written. */
	KUNIT_EXPECT_NULL(test, memchr_inv(vram + SZ_4K, 0xa5, start - SZ_4K));
	KUNIT_EXPECT_NULL(test, memchr_inv(vram + end, 0xa5, VRAM_SIZE - end));
	KUNIT_EXPECT_EQ(test, bo[0]->vram.start, 0);
	bo_put(bo[0]);
	bo_put(bo[1]);
}

/* Full VRAM gives -ENOSPC; freeing makes room again. */
static void gpsvm_gem_test_vram_full(struct kunit *test)
{
	struct gpsvm_gem_test *t = test->priv;
	struct gpsvm_bo *all, *small, *half[2];

	all = bo_create(test, VRAM_SIZE, DRM_GPSVM_GEM_VRAM);
	KUNIT_EXPECT_EQ(test, all->vram.start, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_bo_create(t->gdev, SZ_4K,
						      DRM_GPSVM_GEM_VRAM)),
			-ENOSPC);
	/* System memory is not VRAM. */
	small = bo_create(test, SZ_4K, 0);
	bo_put(small);
	bo_put(all);

	half[0] = bo_create(test, VRAM_SIZE / 2, DRM_GPSVM_GEM_VRAM);
	small = bo_create(test, SZ_4K, DRM_GPSVM_GEM_VRAM);
	/* The other half has a 4 KiB object in it: no room. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_bo_create(t->gdev, VRAM_SIZE / 2,
						      DRM_GPSVM_GEM_VRAM)),
			-ENOSPC);
	bo_put(small);
	half[1] = bo_create(test, VRAM_SIZE / 2, DRM_GPSVM_GEM_VRAM);
	bo_put(half[0]);
	bo_put(half[1]);
}

/* Real pages: zeroed, and every run reported is contiguous and maximal. */
static void gpsvm_gem_test_sys_addr(struct kunit *test)
{
	const u64 size = SZ_4M + SZ_4K;
	struct gpsvm_bo *bo = bo_create(test, size, 0);
	u64 off, contig, runs = 0;
	pgoff_t i;

	for (i = 0; i < size >> PAGE_SHIFT; i++)
		KUNIT_ASSERT_NULL(test, memchr_inv(page_address(bo->pages[i]),
						   0, PAGE_SIZE));

	for (off = 0; off < size; off += contig, runs++) {
		u64 addr = gpsvm_bo_addr(bo, off, &contig), o;

		KUNIT_ASSERT_EQ(test, addr, bo->dma[off >> PAGE_SHIFT]);
		KUNIT_ASSERT_GE(test, contig, (u64)SZ_4K);
		KUNIT_ASSERT_TRUE(test, IS_ALIGNED(contig, SZ_4K));
		KUNIT_ASSERT_LE(test, off + contig, size);
		for (o = SZ_4K; o < contig; o += SZ_4K)
			KUNIT_ASSERT_EQ(test, bo->dma[(off + o) >> PAGE_SHIFT],
					addr + o);
		if (off + contig < size)
			KUNIT_ASSERT_NE(test,
					bo->dma[(off + contig) >> PAGE_SHIFT],
					addr + contig);
	}
	kunit_info(test, "%llu pages in %llu runs\n", size >> PAGE_SHIFT,
		   runs);
	bo_put(bo);
}

/* The contiguity logic on made-up DMA addresses. */
static void gpsvm_gem_test_sys_contig(struct kunit *test)
{
	static const dma_addr_t fake[16] = {
		0x10000000, 0x10001000, 0x10002000,	/* 3 */
		0x20000000, 0x20001000, 0x20002000,
		0x20003000, 0x20004000,			/* 5 */
		0x0ffff000,				/* below: 1 */
		0x30000000, 0x30000000,			/* same: 1, 1 */
		0x30001000, 0x30002000, 0x30003000,
		0x30004000, 0x30005000,			/* 5 */
	};
	static const unsigned int run[16] = {
		3, 2, 1, 5, 4, 3, 2, 1, 1, 1, 6, 5, 4, 3, 2, 1,
	};
	struct gpsvm_bo *bo = bo_create(test, 16 * SZ_4K, 0);
	dma_addr_t saved[16];
	unsigned int i;
	u64 contig;

	memcpy(saved, bo->dma, sizeof(saved));
	memcpy(bo->dma, fake, sizeof(fake));
	for (i = 0; i < 16; i++) {
		KUNIT_EXPECT_EQ(test, gpsvm_bo_addr(bo, i * SZ_4K, &contig),
				(u64)fake[i]);
		KUNIT_EXPECT_EQ_MSG(test, contig, (u64)run[i] * SZ_4K,
				    "page %u", i);
	}
	/* NULL @contig is allowed. */
	KUNIT_EXPECT_EQ(test, gpsvm_bo_addr(bo, 3 * SZ_4K, NULL),
			(u64)fake[3]);
	/* The real addresses go back before the object is freed. */
	memcpy(bo->dma, saved, sizeof(saved));
	bo_put(bo);
}

static struct kunit_case gpsvm_gem_tests[] = {
	KUNIT_CASE(gpsvm_gem_test_invalid),
	KUNIT_CASE(gpsvm_gem_test_huge),
	KUNIT_CASE(gpsvm_gem_test_vram_align),
	KUNIT_CASE(gpsvm_gem_test_vram_clear),
	KUNIT_CASE(gpsvm_gem_test_vram_full),
	KUNIT_CASE(gpsvm_gem_test_sys_addr),
	KUNIT_CASE(gpsvm_gem_test_sys_contig),
	{}
};

static struct kunit_suite gpsvm_gem_suite = {
	.name = "gpsvm_gem",
	.init = gpsvm_gem_test_init,
	.test_cases = gpsvm_gem_tests,
};

kunit_test_suite(gpsvm_gem_suite);
