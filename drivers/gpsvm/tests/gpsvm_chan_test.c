// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of gpsvm channels on a GPU model of their own: the driver's
 * probe path, its VMM and its channels against the model's MMU and
 * engines, end to end: fills, copies (physical ones between system
 * memory and VRAM too) and a program whose results are read back, and
 * errors that fail one job, leave other channels running and are
 * recovered from, a TLB invalidate that never completes, and run groups
 * that time-slice the compute engine.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_hal.h"
#include "gpsvm_model.h"
#include "gpsvm_vmm.h"

#define BUF_VA		0x100000000ull
#define BUF_SIZE	SZ_64K

/* isa.md section 12: c[i] = a[i] + b[i]; args a, b, c at 0, 8, 16, n at 24. */
static const u64 vadd[] = {
	0x0000000000000710, 0x0000000000201710, 0x0000000000102710,
	0x0000000200041722, 0x0000000100000720, 0x0000000000301710,
	0x0000000100082722, 0x0000001801fc3711, 0x0000000001fc4713,
	0x0000000801fc5713, 0x0000001001fc6713, 0x000000030e030719,
	0x0000000000000002, 0x000000020100774d, 0x0000000700108784,
	0x0000000700149784, 0x0000000900208760, 0x000000071018078a,
	0x0000000200000720, 0x000000030e008719, 0xfffffff901000003,
	0x0000000000000702,
};

struct gpsvm_chan_test {
	struct gpsvm_model *gpu;
	bool tlb_stuck;
	struct device *dev;
	struct gpsvm_device *gdev;
	struct gpsvm_vmm vmm;
	struct page *pages;
	dma_addr_t dma;
	u8 *buf;
};

/* The GPU's registers, but a TLB invalidate never ends while tlb_stuck. */
static u32 gpsvm_chan_test_rd32(void *ctx, u32 reg)
{
	struct gpsvm_chan_test *t = ctx;
	u32 val = gpsvm_model_rd32(t->gpu, reg);

	if (reg == GPSVM_PFB_MMU_INVALIDATE && READ_ONCE(t->tlb_stuck))
		val |= GPSVM_PFB_MMU_INVALIDATE_TRIGGER;
	return val;
}

static void gpsvm_chan_test_wr32(void *ctx, u32 reg, u32 val)
{
	struct gpsvm_chan_test *t = ctx;

	gpsvm_model_wr32(t->gpu, reg, val);
}

static int gpsvm_chan_test_init(struct kunit *test)
{
	struct gpsvm_vmm_batch batch;
	struct gpsvm_chan_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->gpu = gpsvm_model_create(10, SZ_16M, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->gpu));

	t->dev = kunit_device_register(test, "gpsvm-chan-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->dev));
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(t->dev,
							   DMA_BIT_MASK(47)), 0);
	t->gdev = kunit_kzalloc(test, sizeof(*t->gdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->gdev);
	t->gdev->drm.dev = t->dev;
	t->gdev->bus = t->gpu->bus;
	t->gdev->bus.ctx = t;
	t->gdev->bus.rd32 = gpsvm_chan_test_rd32;
	t->gdev->bus.wr32 = gpsvm_chan_test_wr32;
	/* The probe path, less the DRM registration. */
	KUNIT_ASSERT_EQ(test, gpsvm_device_init(t->gdev, t->gpu->irq), 0);

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_init(&t->vmm, t->dev,
					     t->gdev->hal->vmm,
					     1ull << 49), 0);
	t->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, get_order(BUF_SIZE));
	KUNIT_ASSERT_NOT_NULL(test, t->pages);
	t->buf = page_address(t->pages);
	t->dma = dma_map_page(t->dev, t->pages, 0, BUF_SIZE,
			      DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(t->dev, t->dma));
	gpsvm_vmm_batch_init(&batch);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, BUF_VA, BUF_SIZE, 12,
					    t->dma, 0, &batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, &t->vmm, &batch), 0);
	return 0;
}

static void gpsvm_chan_test_exit(struct kunit *test)
{
	struct gpsvm_chan_test *t = test->priv;

	gpsvm_device_fini(t->gdev);
	devm_free_irq(t->dev, t->gpu->irq, t->gdev);
	gpsvm_model_destroy(t->gpu);
	gpsvm_vmm_fini(&t->vmm);
	dma_unmap_page(t->dev, t->dma, BUF_SIZE, DMA_BIDIRECTIONAL);
	__free_pages(t->pages, get_order(BUF_SIZE));
}

/* Run one job and return its fence's status: 0 or the job's error. */
static int run(struct kunit *test, struct gpsvm_chan *chan,
	       const struct gpsvm_cmd *cmds, unsigned int count)
{
	struct dma_fence *f = gpsvm_chan_submit(chan, cmds, count);
	long left;
	int ret;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	left = dma_fence_wait_timeout(f, false, 10 * HZ);
	KUNIT_ASSERT_GT(test, left, 0);
	ret = f->error;
	dma_fence_put(f);
	return ret;
}

static u32 *words(struct gpsvm_chan_test *t, unsigned int off)
{
	return (u32 *)(t->buf + off);
}

static void gpsvm_chan_test_fill_copy(struct kunit *test)
{
	struct gpsvm_chan_test *t = test->priv;
	struct gpsvm_cmd cmds[2];
	struct gpsvm_chan *chan;
	int i;

	chan = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));

	gpsvm_cmd_fill(&cmds[0], BUF_VA + SZ_4K, SZ_8K, 0xcafe0001);
	gpsvm_cmd_copy(&cmds[1], BUF_VA + SZ_4K, BUF_VA + SZ_32K, SZ_8K);
	KUNIT_EXPECT_EQ(test, run(test, chan, cmds, 2), 0);
	for (i = 0; i < SZ_8K / 4; i++) {
		KUNIT_ASSERT_EQ(test, words(t, SZ_4K)[i], 0xcafe0001);
		KUNIT_ASSERT_EQ(test, words(t, SZ_32K)[i], 0xcafe0001);
	}
	/* Around the ranges, nothing was written. */
	KUNIT_EXPECT_EQ(test, words(t, SZ_4K)[-1], 0);
	KUNIT_EXPECT_EQ(test, words(t, SZ_4K + SZ_8K)[0], 0);
	KUNIT_EXPECT_EQ(test, words(t, SZ_32K + SZ_8K)[0], 0);

	/* Fences signal in order, each once its job is done. */
	for (i = 0; i < 8; i++) {
		gpsvm_cmd_fill(&cmds[0], BUF_VA + SZ_16K + i * 4, 4, i);
		KUNIT_EXPECT_EQ(test, run(test, chan, cmds, 1), 0);
		KUNIT_EXPECT_EQ(test, words(t, SZ_16K)[i], i);
	}
	gpsvm_chan_destroy(chan);
}

/*
 * Physical COPY and FILL, as device memory's migrations use them: system
 * memory (by DMA address) to VRAM (by offset) and back, through no MMU.
 */
static void gpsvm_chan_test_phys(struct kunit *test)
{
	struct gpsvm_chan_test *t = test->priv;
	u32 *vram = (u32 *)((u8 *)t->gdev->bus.vram + SZ_1M);
	struct gpsvm_cmd cmds[3];
	struct gpsvm_chan *chan;
	int i;

	chan = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	for (i = 0; i < SZ_4K / 4; i++)
		words(t, 0)[i] = 0x1000 + i;
	/* Page 0 to VRAM, a page of VRAM filled, both back to pages 2, 3. */
	gpsvm_cmd_copy_phys(&cmds[0], false, t->dma, true, SZ_1M, SZ_4K);
	gpsvm_cmd_fill_phys(&cmds[1], true, SZ_1M + SZ_4K, SZ_4K, 0xfeed0003);
	gpsvm_cmd_copy_phys(&cmds[2], true, SZ_1M, false, t->dma + SZ_8K,
			    SZ_8K);
	KUNIT_EXPECT_EQ(test, run(test, chan, cmds, 3), 0);
	for (i = 0; i < SZ_4K / 4; i++) {
		KUNIT_ASSERT_EQ(test, vram[i], 0x1000 + i);
		KUNIT_ASSERT_EQ(test, words(t, SZ_8K)[i], 0x1000 + i);
		KUNIT_ASSERT_EQ(test, words(t, SZ_8K + SZ_4K)[i], 0xfeed0003);
	}
	KUNIT_EXPECT_EQ(test, vram[-1], 0);
	KUNIT_EXPECT_EQ(test, vram[SZ_8K / 4], 0);
	KUNIT_EXPECT_EQ(test, words(t, SZ_16K)[0], 0);
	gpsvm_chan_destroy(chan);
}

/* Exact float bits of a small integer, without the FPU. */
static u32 f32_bits(u32 i)
{
	unsigned int e;

	if (!i)
		return 0;
	e = fls(i) - 1;
	return (127 + e) << 23 | ((i << (23 - e)) & 0x7fffff);
}

static void gpsvm_chan_test_launch(struct kunit *test)
{
	static const u32 grid[3] = { 4, 1, 1 }, block[3] = { 64, 1, 1 };
	struct gpsvm_chan_test *t = test->priv;
	const unsigned int n = 1000;
	struct gpsvm_cmd cmd;
	struct gpsvm_chan *chan;
	u64 *args = (u64 *)(t->buf + 0x800);
	unsigned int i;

	memcpy(t->buf, vadd, sizeof(vadd));
	args[0] = BUF_VA + 0x1000;
	args[1] = BUF_VA + 0x2000;
	args[2] = BUF_VA + 0x3000;
	args[3] = n;
	for (i = 0; i < n; i++) {
		words(t, 0x1000)[i] = f32_bits(i);
		words(t, 0x2000)[i] = f32_bits(2 * i);
	}

	chan = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	gpsvm_cmd_launch(&cmd, BUF_VA, ARRAY_SIZE(vadd), 0, BUF_VA + 0x800, 28,
			 grid, block);
	KUNIT_EXPECT_EQ(test, run(test, chan, &cmd, 1), 0);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, words(t, 0x3000)[i], f32_bits(3 * i));
	KUNIT_EXPECT_EQ(test, words(t, 0x3000)[n], 0);
	gpsvm_chan_destroy(chan);
}

static void gpsvm_chan_test_fault_recover(struct kunit *test)
{
	struct gpsvm_chan_test *t = test->priv;
	u64 bad = BUF_VA + SZ_1G;
	struct gpsvm_chan *a, *b;
	struct gpsvm_cmd cmd;

	a = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_NE(test, a->id, b->id);

	/* A fill of an unmapped VA fails its job, and says where and why. */
	gpsvm_cmd_fill(&cmd, bad, SZ_4K, 1);
	KUNIT_EXPECT_EQ(test, run(test, a, &cmd, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, a->err.class, GPSVM_CHAN_ERR_MMU_FAULT);
	KUNIT_EXPECT_EQ(test, a->err.addr, bad);
	KUNIT_EXPECT_EQ(test, a->err.access, GP100_ACCESS_WRITE);
	KUNIT_EXPECT_TRUE(test, a->err.detail == GP100_FAULT_PDE ||
			  a->err.detail == GP100_FAULT_PTE);
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_chan_submit(a, &cmd, 1)), -EIO);

	/* The other channel carries on. */
	gpsvm_cmd_fill(&cmd, BUF_VA, SZ_4K, 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, run(test, b, &cmd, 1), 0);
	KUNIT_EXPECT_EQ(test, words(t, 0)[1023], 0x5a5a5a5a);

	/* The failed one comes back after a reset. */
	KUNIT_ASSERT_EQ(test, gpsvm_chan_recover(a), 0);
	gpsvm_cmd_fill(&cmd, BUF_VA, SZ_4K, 0x12345678);
	KUNIT_EXPECT_EQ(test, run(test, a, &cmd, 1), 0);
	KUNIT_EXPECT_EQ(test, words(t, 0)[0], 0x12345678);

	gpsvm_chan_destroy(b);
	gpsvm_chan_destroy(a);
}

/* isa.md 8.1: an unguarded "bra +0", a job that runs until stopped. */
#define BRA_SELF	0x0000000001000703ull

/*
 * A TLB invalidate that does not complete leaves the GPU free to use the
 * old translations: the flush stops, for good, every channel running in
 * that address space before it returns, and only those.
 */
static void gpsvm_chan_test_tlb_timeout(struct kunit *test)
{
	static const u32 one[3] = { 1, 1, 1 };
	struct gpsvm_chan_test *t = test->priv;
	struct gpsvm_chan *a, *b, *c;
	struct gpsvm_vmm_batch batch;
	struct gpsvm_vmm other;
	struct dma_fence *f, *g;
	struct gpsvm_cmd cmd;

	/* b runs in an address space of its own, over the same buffer. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_init(&other, t->dev, t->gdev->hal->vmm,
					     1ull << 49), 0);
	gpsvm_vmm_batch_init(&batch);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&other, BUF_VA, BUF_SIZE, 12,
					    t->dma, 0, &batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, &other, &batch), 0);
	a = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = gpsvm_chan_create(t->gdev, &other, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));

	*(u64 *)t->buf = BRA_SELF;
	gpsvm_cmd_launch(&cmd, BUF_VA, 1, 0, BUF_VA, 0, one, one);
	f = gpsvm_chan_submit(a, &cmd, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, dma_fence_wait_timeout(f, false, HZ / 10), 0);

	WRITE_ONCE(t->tlb_stuck, true);
	gpsvm_vmm_unmap(&t->vmm, BUF_VA + SZ_32K, SZ_4K, &batch);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_flush(t->gdev, &t->vmm, &batch),
			-ETIMEDOUT);
	WRITE_ONCE(t->tlb_stuck, false);

	/* On return, a's job is stopped and failed ... */
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(f));
	KUNIT_EXPECT_EQ(test, f->error, -EIO);
	dma_fence_put(f);
	KUNIT_EXPECT_EQ(test, gpsvm_rd32(t->gdev, GPSVM_CHAN(a->id,
							     GPSVM_CHAN_CTRL)),
			0);
	/* ... and nothing runs in that address space again. */
	g = gpsvm_chan_submit(a, &cmd, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(g), -EIO);
	if (!IS_ERR(g))
		dma_fence_put(g);
	KUNIT_EXPECT_EQ(test, gpsvm_chan_recover(a), -EIO);
	c = gpsvm_chan_create(t->gdev, &t->vmm, NULL, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(c), -EIO);
	if (!IS_ERR(c))
		gpsvm_chan_destroy(c);

	/* The other address space carries on. */
	gpsvm_cmd_fill(&cmd, BUF_VA + SZ_16K, SZ_4K, 0x600d600d);
	KUNIT_EXPECT_EQ(test, run(test, b, &cmd, 1), 0);
	KUNIT_EXPECT_EQ(test, words(t, SZ_16K)[0], 0x600d600d);

	gpsvm_chan_destroy(b);
	gpsvm_chan_destroy(a);
	gpsvm_vmm_unmap(&other, BUF_VA, BUF_SIZE, &batch);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_flush(t->gdev, &other, &batch), 0);
	gpsvm_vmm_fini(&other);
}

static struct gpsvm_chan *create(struct kunit *test, struct pid *owner)
{
	struct gpsvm_chan_test *t = test->priv;
	struct gpsvm_chan *chan = gpsvm_chan_create(t->gdev, &t->vmm, NULL,
						    owner);

	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	return chan;
}

/*
 * Run groups: the channels of one process share one; another process and
 * the kernel get their own, also after the channel whose group a process
 * took is gone. A launch of another group runs while one that loops
 * forever has blocks on every SM, rather than after its timeout.
 */
static void gpsvm_chan_test_timeslice(struct kunit *test)
{
	static const u32 grid[3] = { 8, 1, 1 }, block[3] = { 256, 1, 1 };
	static const u32 vgrid[3] = { 1, 1, 1 }, vblock[3] = { 64, 1, 1 };
	struct gpsvm_chan_test *t = test->priv;
	struct pid *p = task_tgid(current), *q = find_get_pid(1);
	u64 *args = (u64 *)(t->buf + 0x800);
	struct gpsvm_chan *a, *b, *c, *d;
	unsigned int i, wrong;
	struct dma_fence *f;
	struct gpsvm_cmd cmd;

	KUNIT_ASSERT_NOT_NULL(test, q);
	a = create(test, p);
	b = create(test, p);
	c = create(test, q);
	d = create(test, NULL);
	KUNIT_EXPECT_EQ(test, a->group, b->group);
	KUNIT_EXPECT_NE(test, c->group, a->group);
	KUNIT_EXPECT_NE(test, d->group, a->group);
	KUNIT_EXPECT_NE(test, d->group, c->group);
	KUNIT_EXPECT_EQ(test, gpsvm_rd32(t->gdev, GPSVM_CHAN(b->id,
							     GPSVM_CHAN_GROUP)),
			b->group);

	*(u64 *)(t->buf + 0x8000) = BRA_SELF;
	gpsvm_cmd_launch(&cmd, BUF_VA + 0x8000, 1, 0, BUF_VA, 0, grid, block);
	f = gpsvm_chan_submit(a, &cmd, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	/* Long enough for its blocks to be on every SM. */
	KUNIT_EXPECT_EQ(test, dma_fence_wait_timeout(f, false, HZ / 10), 0);
	memcpy(t->buf, vadd, sizeof(vadd));
	args[0] = BUF_VA + 0x1000;
	args[1] = BUF_VA + 0x2000;
	args[2] = BUF_VA + 0x3000;
	args[3] = 64;
	for (i = 0; i < 64; i++) {
		words(t, 0x1000)[i] = f32_bits(i);
		words(t, 0x2000)[i] = f32_bits(2 * i);
	}
	gpsvm_cmd_launch(&cmd, BUF_VA, ARRAY_SIZE(vadd), 0, BUF_VA + 0x800, 28,
			 vgrid, vblock);
	KUNIT_EXPECT_EQ(test, run(test, c, &cmd, 1), 0);
	for (i = 0, wrong = 0; i < 64; i++)
		wrong += words(t, 0x3000)[i] != f32_bits(3 * i);
	KUNIT_EXPECT_EQ(test, wrong, 0);
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(f));

	gpsvm_chan_destroy(a);	/* cancels the loop */
	KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(f));
	dma_fence_put(f);
	a = create(test, p);
	KUNIT_EXPECT_EQ(test, a->group, b->group);
	gpsvm_chan_destroy(d);
	gpsvm_chan_destroy(c);
	gpsvm_chan_destroy(b);
	gpsvm_chan_destroy(a);
	put_pid(q);
}

static struct kunit_case gpsvm_chan_cases[] = {
	KUNIT_CASE(gpsvm_chan_test_fill_copy),
	KUNIT_CASE(gpsvm_chan_test_phys),
	KUNIT_CASE(gpsvm_chan_test_launch),
	KUNIT_CASE(gpsvm_chan_test_fault_recover),
	KUNIT_CASE(gpsvm_chan_test_tlb_timeout),
	KUNIT_CASE(gpsvm_chan_test_timeslice),
	{}
};

static struct kunit_suite gpsvm_chan_suite = {
	.name = "gpsvm_chan",
	.init = gpsvm_chan_test_init,
	.exit = gpsvm_chan_test_exit,
	.test_cases = gpsvm_chan_cases,
};

kunit_test_suites(&gpsvm_chan_suite);
