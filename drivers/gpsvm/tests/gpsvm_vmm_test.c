// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm VMM: GP100 entry encodings against the
 * reference layouts, and the page-table tree map and unmap build, read
 * back by a walker written from the reference, not from the VMM. Then the
 * same tables walked by the GPU model's MMU, with its TLB: what the driver
 * writes is what the hardware translates, and a change reaches the
 * hardware only through gpsvm_vmm_flush().
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>

#include "gpsvm_device.h"
#include "gpsvm_hal.h"
#include "gpsvm_hw_mmu.h"
#include "gpsvm_model.h"
#include "gpsvm_vmm.h"

#define SYS	(GP100_PTE_APERTURE_SYS_COH << 1)
#define VOL	BIT(3)

static void gpsvm_vmm_test_encoding(struct kunit *test)
{
	const struct gpsvm_vmm_hal *hal = &gpsvm_gp100_vmm_hal;

	/*
	 * nouveau's SVM PTE: (addr >> 4) | aperture | VOL | VALID. Every
	 * system page is VOL, as nvkm maps host memory: GP100's L2 does not
	 * snoop the CPU's writes.
	 */
	KUNIT_EXPECT_EQ(test, hal->pte(0x12345000, 0),
			0x1234500ull | SYS | VOL | 1);
	KUNIT_EXPECT_EQ(test, hal->pte(0x12345000, GPSVM_MAP_READ_ONLY),
			0x1234500ull | SYS | VOL | BIT(6) | 1);
	KUNIT_EXPECT_EQ(test, hal->pte(0x12345000, GPSVM_MAP_NO_ATOMIC),
			0x1234500ull | SYS | VOL | BIT(7) | 1);
	/* VRAM: aperture 0, offset >> 12 at bit 8, cached in L2. */
	KUNIT_EXPECT_EQ(test, hal->pte(0x0fe00000, GPSVM_MAP_VRAM),
			0x0fe0000ull | 1);
	/* System addresses use bits 53:8: a 45-bit address fits. */
	KUNIT_EXPECT_EQ(test, hal->pte(0x1f0000000000ull, 0),
			0x1f000000000ull | SYS | VOL | 1);

	/* PDE: aperture at 2:1, address >> 12 at bit 8. */
	KUNIT_EXPECT_EQ(test, hal->pde(0x7654000), 0x765400ull | SYS);
	/* Dual PDE: small half like a PDE, big half address >> 8 at bit 4. */
	KUNIT_EXPECT_EQ(test, hal->pd0_small(0x7654000), 0x765400ull | SYS);
	KUNIT_EXPECT_EQ(test, hal->pd0_big(0x7654000), 0x765400ull | SYS);
	KUNIT_EXPECT_EQ(test, hal->pd0_big(0x7654300), 0x765430ull | SYS);
}

struct gpsvm_vmm_test {
	struct gpsvm_vmm vmm;
	struct gpsvm_vmm_batch batch;
};

/* A VMM on a device of its own, with DMA like the GPU's. */
static void gpsvm_vmm_test_setup(struct kunit *test, struct gpsvm_vmm_test *t)
{
	struct device *dev;

	dev = kunit_device_register(test, "gpsvm-vmm-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(47)),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_init(&t->vmm, dev, &gpsvm_gp100_vmm_hal,
					     1ull << GP100_MMU_VA_BITS), 0);
	gpsvm_vmm_batch_init(&t->batch);
}

static int gpsvm_vmm_test_init(struct kunit *test)
{
	struct gpsvm_vmm_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	gpsvm_vmm_test_setup(test, t);
	test->priv = t;
	return 0;
}

static void gpsvm_vmm_test_exit(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;

	gpsvm_vmm_batch_done(&t->vmm, &t->batch);
	gpsvm_vmm_fini(&t->vmm);
}

/* The table a directory entry points at (system memory, no IOMMU). */
static const u64 *table(u64 entry, u64 mask, unsigned int shift)
{
	return phys_to_virt((entry & mask) >> (__ffs64(mask)) << shift);
}

/*
 * Walk the GP100 tables from the reference layout. Return the PTE that
 * maps va and its page shift, or 0 when nothing does.
 */
static u64 walk(struct gpsvm_vmm_test *t, u64 va, unsigned int *shift)
{
	const u64 *pd = phys_to_virt(gpsvm_vmm_pdb(&t->vmm));
	u64 lo, hi, e;

	e = pd[FIELD_GET(GP100_MMU_PD3_VA, va)];
	if (!e)
		return 0;
	pd = table(e, GP100_PDE_ADDR_SYS, 12);
	e = pd[FIELD_GET(GP100_MMU_PD2_VA, va)];
	if (!e)
		return 0;
	pd = table(e, GP100_PDE_ADDR_SYS, 12);
	e = pd[FIELD_GET(GP100_MMU_PD1_VA, va)];
	if (!e)
		return 0;
	pd = table(e, GP100_PDE_ADDR_SYS, 12);
	lo = pd[2 * FIELD_GET(GP100_MMU_PD0_VA, va)];
	hi = pd[2 * FIELD_GET(GP100_MMU_PD0_VA, va) + 1];
	if (lo & GP100_PDE_IS_PTE) {
		*shift = 21;
		return lo;
	}
	if (lo) {
		e = table(lo, GP100_DUAL_PDE_BIG_ADDR, 8)
			[FIELD_GET(GP100_MMU_BPT_VA, va)];
		if (e) {
			*shift = 16;
			return e;
		}
	}
	if (hi) {
		e = table(hi, GP100_DUAL_PDE_SMALL_ADDR, 12)
			[FIELD_GET(GP100_MMU_SPT_VA, va)];
		if (e) {
			*shift = 12;
			return e;
		}
	}
	return 0;
}

static unsigned int batch_tables(struct gpsvm_vmm_batch *batch)
{
	return list_count_nodes(&batch->free);
}

static void gpsvm_vmm_test_map_each_size(struct kunit *test)
{
	static const unsigned int shifts[] = { 12, 16, 21 };
	struct gpsvm_vmm_test *t = test->priv;
	const struct gpsvm_vmm_hal *hal = t->vmm.hal;
	u64 va = 0x1234000000ull, addr = 0x40000000ull;
	unsigned int i, shift;

	for (i = 0; i < ARRAY_SIZE(shifts); i++, va += SZ_1G) {
		u64 size = 4ull << shifts[i];
		u64 off;

		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, va, size, shifts[i],
						    addr, GPSVM_MAP_READ_ONLY,
						    &t->batch), 0);
		/* Fresh PTEs need no invalidate: faults are never cached. */
		KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);
		/* Rewriting the same PTEs changes nothing ... */
		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, va, size, shifts[i],
						    addr, GPSVM_MAP_READ_ONLY,
						    &t->batch), 0);
		KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);
		/* ... changing them needs an invalidate. */
		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, va, size, shifts[i],
						    addr, GPSVM_MAP_NO_ATOMIC,
						    &t->batch), 0);
		KUNIT_EXPECT_EQ(test, t->batch.start, va);
		KUNIT_EXPECT_EQ(test, t->batch.end, va + size);
		for (off = 0; off < size; off += BIT_ULL(shifts[i])) {
			KUNIT_EXPECT_EQ(test, walk(t, va + off, &shift),
					hal->pte(addr + off, GPSVM_MAP_NO_ATOMIC));
			KUNIT_EXPECT_EQ(test, shift, shifts[i]);
		}
		/* Neighbours stay unmapped. */
		KUNIT_EXPECT_EQ(test, walk(t, va + size, &shift), 0);
		KUNIT_EXPECT_EQ(test, walk(t, va - SZ_4K, &shift), 0);
		gpsvm_vmm_batch_init(&t->batch);
	}
}

static void gpsvm_vmm_test_vram(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	unsigned int shift;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, 0x200000, SZ_64K, 16,
					    0x10000, GPSVM_MAP_VRAM, &t->batch),
			0);
	KUNIT_EXPECT_EQ(test, walk(t, 0x200000, &shift), 0x1000ull | 1);
	KUNIT_EXPECT_EQ(test, shift, 16);
}

static void gpsvm_vmm_test_size_conflicts(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	unsigned int shift;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_2M, SZ_2M, 21, SZ_4M,
					    0, &t->batch), 0);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_2M, SZ_4K, 12, 0, 0,
					    &t->batch), -EBUSY);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_2M, SZ_64K, 16, 0, 0,
					    &t->batch), -EBUSY);

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_8M, SZ_4K, 12, 0, 0,
					    &t->batch), 0);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_8M, SZ_2M, 21, 0, 0,
					    &t->batch), -EBUSY);
	/* Big and small pages may share a PD0 entry; big wins. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_8M + SZ_64K, SZ_64K,
					    16, SZ_1G, 0, &t->batch), 0);
	walk(t, SZ_8M, &shift);
	KUNIT_EXPECT_EQ(test, shift, 12);
	walk(t, SZ_8M + SZ_64K, &shift);
	KUNIT_EXPECT_EQ(test, shift, 16);

	/* Re-mapping the same size overwrites. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_2M, SZ_2M, 21, SZ_8M,
					    GPSVM_MAP_NO_ATOMIC, &t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, SZ_2M, &shift),
			t->vmm.hal->pte(SZ_8M, GPSVM_MAP_NO_ATOMIC));
}

static void gpsvm_vmm_test_bad_args(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_vmm *vmm = &t->vmm;
	struct gpsvm_vmm_batch *b = &t->batch;
	u64 limit = vmm->va_limit;
	unsigned int shift;

	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_4K, SZ_4K, 13, 0, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_4K, 0, 12, 0, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_4K + 8, SZ_4K, 12, 0, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_4K, SZ_4K, 12, 0x800, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_64K, SZ_4K, 16, 0, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, limit - SZ_4K, SZ_8K, 12, 0,
					    0, b), -EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, -SZ_4K, SZ_8K, 12, 0, 0, b),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(vmm, SZ_4K, SZ_4K, 12, 0,
					    BIT(31), b), -EINVAL);
	/* Nothing changed. */
	KUNIT_EXPECT_GE(test, b->start, b->end);
	KUNIT_EXPECT_EQ(test, walk(t, SZ_4K, &shift), 0);
	KUNIT_EXPECT_EQ(test, walk(t, limit - SZ_4K, &shift), 0);
}

static void gpsvm_vmm_test_unmap_frees(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	unsigned int shift;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, SZ_8K, 12, 0, 0,
					    &t->batch), 0);
	gpsvm_vmm_batch_init(&t->batch);

	/* One of two pages: the tables stay. */
	gpsvm_vmm_unmap(&t->vmm, SZ_1G, SZ_4K, &t->batch);
	KUNIT_EXPECT_EQ(test, t->batch.start, SZ_1G);
	KUNIT_EXPECT_EQ(test, t->batch.end, SZ_1G + SZ_4K);
	KUNIT_EXPECT_EQ(test, batch_tables(&t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, SZ_1G, &shift), 0);
	KUNIT_EXPECT_NE(test, walk(t, SZ_1G + SZ_4K, &shift), 0);

	/* The last page: SPT, PD0, PD1 and PD2 go; the PD3 stays. */
	gpsvm_vmm_unmap(&t->vmm, SZ_1G, SZ_1G, &t->batch);
	KUNIT_EXPECT_EQ(test, batch_tables(&t->batch), 4);
	KUNIT_EXPECT_EQ(test, t->batch.end, SZ_1G + SZ_8K);
	KUNIT_EXPECT_EQ(test, walk(t, SZ_1G + SZ_4K, &shift), 0);
	KUNIT_EXPECT_EQ(test,
			((u64 *)phys_to_virt(gpsvm_vmm_pdb(&t->vmm)))[0], 0);
	gpsvm_vmm_batch_done(&t->vmm, &t->batch);
	KUNIT_EXPECT_EQ(test, batch_tables(&t->batch), 0);

	/* Unmapping nothing changes nothing. */
	gpsvm_vmm_unmap(&t->vmm, 0, t->vmm.va_limit, &t->batch);
	KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);
}

static void gpsvm_vmm_test_unmap_partial_huge(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	unsigned int shift;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_4M, SZ_4M, 21, 0, 0,
					    &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_16M, SZ_128K, 16, 0,
					    0, &t->batch), 0);
	gpsvm_vmm_batch_init(&t->batch);

	/* 4 KiB inside the second huge page takes all of it, not the first. */
	gpsvm_vmm_unmap(&t->vmm, SZ_4M + SZ_2M + SZ_8K, SZ_4K, &t->batch);
	KUNIT_EXPECT_EQ(test, t->batch.start, SZ_4M + SZ_2M);
	KUNIT_EXPECT_EQ(test, t->batch.end, SZ_8M);
	KUNIT_EXPECT_NE(test, walk(t, SZ_4M, &shift), 0);
	KUNIT_EXPECT_EQ(test, walk(t, SZ_4M + SZ_2M, &shift), 0);

	/* Likewise a big page. */
	gpsvm_vmm_batch_init(&t->batch);
	gpsvm_vmm_unmap(&t->vmm, SZ_16M + SZ_64K + SZ_4K, SZ_4K, &t->batch);
	KUNIT_EXPECT_EQ(test, t->batch.start, SZ_16M + SZ_64K);
	KUNIT_EXPECT_EQ(test, t->batch.end, SZ_16M + SZ_128K);
	KUNIT_EXPECT_NE(test, walk(t, SZ_16M, &shift), 0);

	/* A huge PTE can follow once the small tables are gone. */
	gpsvm_vmm_unmap(&t->vmm, SZ_16M, SZ_2M, &t->batch);
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_16M, SZ_2M, 21, 0, 0,
					    &t->batch), 0);
	walk(t, SZ_16M, &shift);
	KUNIT_EXPECT_EQ(test, shift, 21);
}

/* What the release hook saw: see gpsvm_vmm_test_prepared(). */
static u64 released_pte;
static unsigned int released_shift, released_count;

static void gpsvm_vmm_test_release(struct gpsvm_vmm *vmm, u64 va, u64 pte,
				   unsigned int shift)
{
	released_pte = pte;
	released_shift = shift;
	released_count++;
}

static void gpsvm_vmm_test_prepared(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	const struct gpsvm_vmm_hal *hal = t->vmm.hal;
	u64 va = SZ_1G, ro = hal->pte(SZ_1M, GPSVM_MAP_READ_ONLY);
	unsigned int shift;

	released_count = 0;
	t->vmm.release = gpsvm_vmm_test_release;

	/* No table yet: map_prepared never allocates. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K, 12,
						     SZ_1M, 0, &t->batch),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_prepare(&t->vmm, va, SZ_8K, 12), 0);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K, 12,
						     SZ_1M, GPSVM_MAP_READ_ONLY,
						     &t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), ro);
	KUNIT_EXPECT_EQ(test, released_count, 0);

	/* The same PTE again: left alone, reported, nothing released. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K, 12,
						     SZ_1M, GPSVM_MAP_READ_ONLY,
						     &t->batch), 1);
	KUNIT_EXPECT_EQ(test, released_count, 0);
	KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);

	/* A wider one: the old PTE must be invalidated, then released. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K, 12,
						     SZ_1M, 0, &t->batch), 0);
	KUNIT_EXPECT_EQ(test, t->batch.start, va);
	KUNIT_EXPECT_EQ(test, t->batch.end, va + SZ_4K);
	KUNIT_EXPECT_EQ(test, released_count, 0);
	gpsvm_vmm_batch_done(&t->vmm, &t->batch);
	KUNIT_EXPECT_EQ(test, released_count, 1);
	KUNIT_EXPECT_EQ(test, released_pte, ro);

	/* A huge PTE cannot go where small tables are. */
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_prepare(&t->vmm, va, SZ_2M, 21),
			-EBUSY);

	/* Unmap releases what it clears, with its page size. */
	gpsvm_vmm_unmap(&t->vmm, va, SZ_2M, &t->batch);
	gpsvm_vmm_batch_done(&t->vmm, &t->batch);
	KUNIT_EXPECT_EQ(test, released_count, 2);
	KUNIT_EXPECT_EQ(test, released_pte, hal->pte(SZ_1M, 0));
	KUNIT_EXPECT_EQ(test, released_shift, 12);
	t->vmm.release = NULL;
}

/*
 * The order of TLB invalidates and releases (DMA unmaps): a release may
 * only come after an invalidate, issued after the PTE changed, that
 * covered the PTE; else the GPU may still reach a freed IOVA or bounce
 * slot through its TLB.
 */
enum order_op { ORDER_FLUSH, ORDER_RELEASE };

struct order_event {
	enum order_op op;
	u64 start;
	u64 end;
};

#define ORDER_EVENTS	512
/* More PTEs than a batch queues for release, for a flush on the way. */
#define ORDER_PTES	100

static struct order_event order_log[ORDER_EVENTS];
static unsigned int order_count;
static struct gpsvm_vmm_hal order_hal;

static void order_add(enum order_op op, u64 start, u64 end)
{
	if (order_count < ORDER_EVENTS)
		order_log[order_count++] = (struct order_event){ op, start, end };
}

static int order_tlb_invalidate(struct gpsvm_device *gdev, dma_addr_t pdb,
				u64 start, u64 end)
{
	order_add(ORDER_FLUSH, start, end);
	return 0;
}

static void order_release(struct gpsvm_vmm *vmm, u64 va, u64 pte,
			  unsigned int shift)
{
	order_add(ORDER_RELEASE, va, va + BIT_ULL(shift));
}

static unsigned int order_events(unsigned int from, enum order_op op)
{
	unsigned int i, n = 0;

	for (i = from; i < order_count; i++)
		n += order_log[i].op == op;
	return n;
}

/*
 * Log invalidates and releases from now on: the VMM's HAL with an
 * invalidate that logs, a release hook that logs, and a device to flush on.
 */
static struct gpsvm_device *order_start(struct kunit *test,
					struct gpsvm_vmm_test *t)
{
	struct gpsvm_device *gdev;

	gdev = kunit_kzalloc(test, sizeof(*gdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gdev);
	mutex_init(&gdev->tlb_lock);
	order_hal = gpsvm_gp100_vmm_hal;
	order_hal.tlb_invalidate = order_tlb_invalidate;
	t->vmm.hal = &order_hal;
	t->vmm.gdev = gdev;
	t->vmm.release = order_release;
	order_count = 0;
	return gdev;
}

/*
 * Each of the @releases releases logged since @from follows an invalidate,
 * also logged since @from, that covered its PTE.
 */
static void order_expect(struct kunit *test, unsigned int from,
			 unsigned int releases)
{
	unsigned int i, j;

	KUNIT_ASSERT_LT(test, order_count, ORDER_EVENTS);
	KUNIT_EXPECT_EQ(test, order_events(from, ORDER_RELEASE), releases);
	for (i = from; i < order_count; i++) {
		const struct order_event *e = &order_log[i];

		if (e->op != ORDER_RELEASE)
			continue;
		for (j = from; j < i; j++)
			if (order_log[j].op == ORDER_FLUSH &&
			    order_log[j].start <= e->start &&
			    e->end <= order_log[j].end)
				break;
		if (j == i) {
			KUNIT_FAIL(test,
				   "release of [%#llx, %#llx) (event %u) before a flush covering it",
				   e->start, e->end, i);
			return;
		}
	}
}

static void gpsvm_vmm_test_order_clear(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_device *gdev = order_start(test, t);
	unsigned int from;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, 4 * SZ_4K, 12,
					    SZ_1M, 0, &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_2G, SZ_2M, 21, SZ_4M,
					    0, &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	from = order_count;

	gpsvm_vmm_unmap(&t->vmm, SZ_1G, 4 * SZ_4K, &t->batch);
	gpsvm_vmm_unmap(&t->vmm, SZ_2G, SZ_2M, &t->batch);
	KUNIT_EXPECT_EQ_MSG(test, order_events(from, ORDER_RELEASE), 0,
			    "released before the flush");
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, 5);
}

static void gpsvm_vmm_test_order_overwrite(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_device *gdev = order_start(test, t);
	unsigned int from;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, 2 * SZ_4K, 12,
					    SZ_1M, GPSVM_MAP_READ_ONLY,
					    &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	from = order_count;

	/* New permissions, and a new page. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, SZ_4K, 12, SZ_1M,
					    0, &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, SZ_1G + SZ_4K,
						     SZ_4K, 12, SZ_8M,
						     GPSVM_MAP_READ_ONLY,
						     &t->batch), 0);
	KUNIT_EXPECT_EQ_MSG(test, order_events(from, ORDER_RELEASE), 0,
			    "released before the flush");
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, 2);
}

/* More than a batch queues: flushed on the way, each release after. */
static void gpsvm_vmm_test_order_full(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_device *gdev = order_start(test, t);
	u64 size = ORDER_PTES * SZ_4K;
	unsigned int from;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, size, 12, SZ_1M,
					    0, &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);

	from = order_count;
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, size, 12, SZ_1M,
					    GPSVM_MAP_READ_ONLY, &t->batch), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, ORDER_PTES);

	from = order_count;
	gpsvm_vmm_unmap(&t->vmm, SZ_1G, size, &t->batch);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, ORDER_PTES);
}

/* An unplugged GPU is not invalidated, but what it held is released. */
static void gpsvm_vmm_test_order_unplugged(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_device *gdev = order_start(test, t);
	unsigned int from;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->vmm, SZ_1G, 3 * SZ_4K, 12,
					    SZ_1M, 0, &t->batch), 0);
	from = order_count;
	gdev->drm.unplugged = true;
	gpsvm_vmm_unmap(&t->vmm, SZ_1G, 3 * SZ_4K, &t->batch);
	KUNIT_EXPECT_EQ_MSG(test, order_events(from, ORDER_RELEASE), 0,
			    "released before the flush");
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	KUNIT_EXPECT_EQ(test, order_events(from, ORDER_FLUSH), 0);
	KUNIT_EXPECT_EQ(test, order_events(from, ORDER_RELEASE), 3);
}

/*
 * GPSVM_MAP_KEEP: a present PTE with the same permissions stays, whatever
 * page it maps (SVM re-maps get a new IOVA behind an IOMMU).
 */
static void gpsvm_vmm_test_keep(struct kunit *test)
{
	struct gpsvm_vmm_test *t = test->priv;
	struct gpsvm_device *gdev = order_start(test, t);
	const struct gpsvm_vmm_hal *hal = t->vmm.hal;
	u32 ro = GPSVM_MAP_READ_ONLY | GPSVM_MAP_NO_ATOMIC;
	unsigned int shift, from;
	u64 va = SZ_1G;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_prepare(&t->vmm, va, SZ_8K, 12), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_8K, 12,
						     SZ_1M, ro | GPSVM_MAP_KEEP,
						     &t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), hal->pte(SZ_1M, ro));
	KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);

	/* Same permissions, another DMA address: both PTEs left alone. */
	from = order_count;
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_8K, 12,
						     SZ_8M, ro | GPSVM_MAP_KEEP,
						     &t->batch), 2);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), hal->pte(SZ_1M, ro));
	KUNIT_EXPECT_EQ(test, walk(t, va + SZ_4K, &shift),
			hal->pte(SZ_1M + SZ_4K, ro));
	KUNIT_EXPECT_GE(test, t->batch.start, t->batch.end);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	KUNIT_EXPECT_EQ(test, order_events(from, ORDER_RELEASE), 0);

	/* Other permissions: overwritten, released after the flush. */
	from = order_count;
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K, 12,
						     SZ_8M, GPSVM_MAP_KEEP,
						     &t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, va, &shift), hal->pte(SZ_8M, 0));
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, 1);

	/* Without the flag a new address is a new PTE, as VM_BIND wants. */
	from = order_count;
	KUNIT_EXPECT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va + SZ_4K,
						     SZ_4K, 12, SZ_8M, ro,
						     &t->batch), 0);
	KUNIT_EXPECT_EQ(test, walk(t, va + SZ_4K, &shift), hal->pte(SZ_8M, ro));
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(gdev, &t->vmm, &t->batch), 0);
	order_expect(test, from, 1);
}

/*
 * SVM PTEs, written as gpsvm_svm_commit() writes them (prepared tables,
 * the CPU's permissions or an exclusive page's atomics), map process
 * memory: each is system-coherent and VOL, at either page size.
 */
static void gpsvm_vmm_test_svm_vol(struct kunit *test)
{
	static const u32 flags[] = {
		GPSVM_MAP_NO_ATOMIC,
		GPSVM_MAP_NO_ATOMIC | GPSVM_MAP_READ_ONLY,
		0,
	};
	struct gpsvm_vmm_test *t = test->priv;
	unsigned int i, shift;
	u64 pte;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		u64 va = SZ_1G * (i + 1), huge = va + SZ_1G / 2;

		KUNIT_ASSERT_EQ(test, gpsvm_vmm_prepare(&t->vmm, va, SZ_4K, 12),
				0);
		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, va, SZ_4K,
							     12, SZ_1M, flags[i],
							     &t->batch), 0);
		pte = walk(t, va, &shift);
		KUNIT_EXPECT_EQ(test, shift, 12);
		KUNIT_EXPECT_EQ(test, FIELD_GET(GP100_PTE_APERTURE, pte),
				GP100_PTE_APERTURE_SYS_COH);
		KUNIT_EXPECT_TRUE(test, pte & GP100_PTE_VOL);

		KUNIT_ASSERT_EQ(test, gpsvm_vmm_prepare(&t->vmm, huge, SZ_2M,
							21), 0);
		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map_prepared(&t->vmm, huge,
							     SZ_2M, 21, SZ_4M,
							     flags[i],
							     &t->batch), 0);
		pte = walk(t, huge, &shift);
		KUNIT_EXPECT_EQ(test, shift, 21);
		KUNIT_EXPECT_EQ(test, FIELD_GET(GP100_PTE_APERTURE, pte),
				GP100_PTE_APERTURE_SYS_COH);
		KUNIT_EXPECT_TRUE(test, pte & GP100_PTE_VOL);
	}
}

static struct kunit_case gpsvm_vmm_cases[] = {
	KUNIT_CASE(gpsvm_vmm_test_encoding),
	KUNIT_CASE(gpsvm_vmm_test_map_each_size),
	KUNIT_CASE(gpsvm_vmm_test_vram),
	KUNIT_CASE(gpsvm_vmm_test_size_conflicts),
	KUNIT_CASE(gpsvm_vmm_test_bad_args),
	KUNIT_CASE(gpsvm_vmm_test_unmap_frees),
	KUNIT_CASE(gpsvm_vmm_test_unmap_partial_huge),
	KUNIT_CASE(gpsvm_vmm_test_prepared),
	KUNIT_CASE(gpsvm_vmm_test_order_clear),
	KUNIT_CASE(gpsvm_vmm_test_order_overwrite),
	KUNIT_CASE(gpsvm_vmm_test_order_full),
	KUNIT_CASE(gpsvm_vmm_test_order_unplugged),
	KUNIT_CASE(gpsvm_vmm_test_keep),
	KUNIT_CASE(gpsvm_vmm_test_svm_vol),
	{}
};

static struct kunit_suite gpsvm_vmm_suite = {
	.name = "gpsvm_vmm",
	.init = gpsvm_vmm_test_init,
	.exit = gpsvm_vmm_test_exit,
	.test_cases = gpsvm_vmm_cases,
};

struct gpsvm_vmm_hw_test {
	struct gpsvm_vmm_test base;
	struct gpsvm_model *gpu;
	struct gpsvm_device *gdev;
	struct page *inst;
	struct gpsvm_model_vas vas;
	struct gpsvm_model_tlb tlb;
};

static int gpsvm_vmm_hw_test_init(struct kunit *test)
{
	struct gpsvm_vmm_hw_test *t;
	u64 pdb, *ramin;
	u8 fault;
	int ret;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	gpsvm_vmm_test_setup(test, &t->base);
	test->priv = t;

	t->gpu = gpsvm_model_create(9, SZ_16M, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->gpu));
	t->gdev = kunit_kzalloc(test, sizeof(*t->gdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->gdev);
	t->gdev->bus = t->gpu->bus;
	mutex_init(&t->gdev->tlb_lock);
	t->base.vmm.gdev = t->gdev;

	/* An instance block in system memory naming the VMM's tables. */
	t->inst = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, t->inst);
	ramin = page_address(t->inst);
	pdb = gpsvm_vmm_pdb(&t->base.vmm);
	ramin[GP100_RAMIN_PDB_LO / 8] = pdb | GP100_RAMIN_PDB_VER2 |
		GP100_RAMIN_PDB_BIG_64K | GP100_PTE_APERTURE_SYS_COH;
	ramin[GP100_RAMIN_LIMIT_LO / 8] = t->base.vmm.va_limit - 1;
	ret = gpsvm_model_vas_from_inst(t->gpu, GP100_PTE_APERTURE_SYS_COH,
					page_to_phys(t->inst), &t->vas, &fault);
	KUNIT_ASSERT_EQ(test, ret, 0);
	gpsvm_model_tlb_register(t->gpu, &t->tlb);
	return 0;
}

static void gpsvm_vmm_hw_test_exit(struct kunit *test)
{
	struct gpsvm_vmm_hw_test *t = test->priv;

	gpsvm_model_tlb_unregister(&t->tlb);
	__free_page(t->inst);
	gpsvm_model_destroy(t->gpu);
	gpsvm_vmm_batch_done(&t->base.vmm, &t->base.batch);
	gpsvm_vmm_fini(&t->base.vmm);
}

/* Translate through the model's MMU, with or without the test's TLB. */
static int xlat(struct gpsvm_vmm_hw_test *t, bool cached, u64 va,
		unsigned int access, struct gpsvm_model_xlat *out)
{
	struct gpsvm_model_tlb *tlb = cached ? &t->tlb : NULL;
	unsigned long flags = 0;
	int ret;

	if (tlb)
		flags = gpsvm_model_tlb_lock(tlb);
	ret = gpsvm_model_mmu_translate(t->gpu, tlb, &t->vas, va, access, out);
	if (tlb)
		gpsvm_model_tlb_unlock(tlb, flags);
	return ret;
}

static void gpsvm_vmm_hw_test_translate(struct kunit *test)
{
	static const struct {
		unsigned int shift;
		u32 flags;
		u8 aperture;
	} cases[] = {
		{ 12, 0, GP100_PTE_APERTURE_SYS_COH },
		{ 16, GPSVM_MAP_VRAM, GP100_PTE_APERTURE_VIDEO },
		{ 21, GPSVM_MAP_READ_ONLY, GP100_PTE_APERTURE_SYS_COH },
		{ 12, GPSVM_MAP_NO_ATOMIC | GPSVM_MAP_VRAM,
		  GP100_PTE_APERTURE_VIDEO },
	};
	struct gpsvm_vmm_hw_test *t = test->priv;
	struct gpsvm_model_xlat x;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 va = SZ_1G * (i + 1), page = BIT_ULL(cases[i].shift);
		u64 addr = SZ_4M + page * 3;
		u32 f = cases[i].flags;

		KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(&t->base.vmm, va, 2 * page,
						    cases[i].shift, addr, f,
						    &t->base.batch), 0);
		KUNIT_ASSERT_EQ(test, xlat(t, false, va + page + 0x123,
					   GP100_ACCESS_READ, &x), 0);
		KUNIT_EXPECT_EQ(test, x.phys, addr + page + 0x123);
		KUNIT_EXPECT_EQ(test, x.page_shift, cases[i].shift);
		KUNIT_EXPECT_EQ(test, x.aperture, cases[i].aperture);
		/* System memory is volatile (uncached), VRAM is not. */
		KUNIT_EXPECT_EQ(test, x.flags & GPSVM_MODEL_XLAT_VOL,
				f & GPSVM_MAP_VRAM ? 0 : GPSVM_MODEL_XLAT_VOL);

		KUNIT_EXPECT_EQ(test, xlat(t, false, va, GP100_ACCESS_WRITE, &x),
				f & GPSVM_MAP_READ_ONLY ? -EFAULT : 0);
		if (f & GPSVM_MAP_READ_ONLY)
			KUNIT_EXPECT_EQ(test, x.fault_type,
					GP100_FAULT_RO_VIOLATION);
		KUNIT_EXPECT_EQ(test, xlat(t, false, va, GP100_ACCESS_ATOMIC, &x),
				f & (GPSVM_MAP_READ_ONLY | GPSVM_MAP_NO_ATOMIC) ?
				-EFAULT : 0);
		if (f & GPSVM_MAP_NO_ATOMIC)
			KUNIT_EXPECT_EQ(test, x.fault_type,
					GP100_FAULT_ATOMIC_VIOLATION);
		/* Past the mapping: a PTE (or PDE) fault, never a translation. */
		KUNIT_EXPECT_EQ(test, xlat(t, false, va + 2 * page,
					   GP100_ACCESS_READ, &x), -EFAULT);
	}
}

static void gpsvm_vmm_hw_test_flush(struct kunit *test)
{
	struct gpsvm_vmm_hw_test *t = test->priv;
	struct gpsvm_vmm *vmm = &t->base.vmm;
	struct gpsvm_vmm_batch *b = &t->base.batch;
	u64 va = SZ_1G, far = SZ_1G + SZ_512M;
	struct gpsvm_model_xlat x;

	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, SZ_4K, 12, SZ_1M, 0, b), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, far, SZ_4K, 12, SZ_2M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, far, GP100_ACCESS_READ, &x), 0);

	/* Move va to another page: the TLB keeps the old one ... */
	gpsvm_vmm_unmap(vmm, va, SZ_4K, b);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, SZ_4K, 12, SZ_8M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, SZ_1M);
	KUNIT_EXPECT_TRUE(test, x.flags & GPSVM_MODEL_XLAT_TLB_HIT);

	/* ... until the flush, which leaves the far page cached. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, SZ_8M);
	KUNIT_EXPECT_FALSE(test, x.flags & GPSVM_MODEL_XLAT_TLB_HIT);
	KUNIT_ASSERT_EQ(test, xlat(t, true, far, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_TRUE(test, x.flags & GPSVM_MODEL_XLAT_TLB_HIT);

	/* An unmap is a translation change too. */
	gpsvm_vmm_unmap(vmm, va, SZ_4K, b);
	KUNIT_EXPECT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_EXPECT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), -EFAULT);
	/* Its PD0 held nothing else, so the unmap freed it: a PDE fault. */
	KUNIT_EXPECT_EQ(test, x.fault_type, GP100_FAULT_PDE);

	/* Past 32 pages the flush drops the whole address space. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, 33 * SZ_4K, 12, 0, 0, b),
			0);
	/* (New PTEs need no flush: make the change a permission one.) */
	KUNIT_EXPECT_GE(test, b->start, b->end);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, 33 * SZ_4K, 12, 0,
					    GPSVM_MAP_READ_ONLY, b), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, far, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_FALSE(test, x.flags & GPSVM_MODEL_XLAT_TLB_HIT);
	KUNIT_EXPECT_EQ(test, gpsvm_rd32(t->gdev, GPSVM_PFB_MMU_INVALIDATE) &
			GPSVM_PFB_MMU_INVALIDATE_TRIGGER, 0);
}

/* What the release hook saw through the model's TLB: see stale_release(). */
static struct gpsvm_vmm_hw_test *stale_test;
static unsigned int stale_released, stale_count;

/* A released page the GPU still reaches through its TLB counts as stale. */
static void stale_release(struct gpsvm_vmm *vmm, u64 va, u64 pte,
			  unsigned int shift)
{
	struct gpsvm_model_xlat x;

	stale_released++;
	if (!xlat(stale_test, true, va, GP100_ACCESS_READ, &x) &&
	    x.phys == vmm->hal->pte_dma(pte))
		stale_count++;
}

/* Map, cache the translations in the model's TLB, then change them. */
static void gpsvm_vmm_hw_test_release_after_flush(struct kunit *test)
{
	struct gpsvm_vmm_hw_test *t = test->priv;
	struct gpsvm_vmm *vmm = &t->base.vmm;
	struct gpsvm_vmm_batch *b = &t->base.batch;
	/* More than a batch queues, fewer than the model's TLB holds. */
	unsigned int i, n = GPSVM_MODEL_TLB_ENTRIES;
	u64 va = SZ_1G, size = n * SZ_4K;
	struct gpsvm_model_xlat x;

	stale_test = t;
	stale_released = 0;
	stale_count = 0;
	vmm->release = stale_release;

	/* Cleared. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, SZ_4K, 12, SZ_1M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	gpsvm_vmm_unmap(vmm, va, SZ_4K, b);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_EXPECT_EQ(test, stale_released, 1);
	KUNIT_EXPECT_EQ(test, stale_count, 0);

	/* Overwritten with another page. */
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, SZ_4K, 12, SZ_1M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_ASSERT_EQ(test, xlat(t, true, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, SZ_4K, 12, SZ_2M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_EXPECT_EQ(test, stale_released, 2);
	KUNIT_EXPECT_EQ(test, stale_count, 0);
	gpsvm_vmm_unmap(vmm, va, SZ_4K, b);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);

	/* A batch that fills its queue of releases on the way. */
	stale_released = 0;
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_map(vmm, va, size, 12, SZ_1M, 0, b),
			0);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, xlat(t, true, va + i * SZ_4K,
					   GP100_ACCESS_READ, &x), 0);
	gpsvm_vmm_unmap(vmm, va, size, b);
	KUNIT_ASSERT_EQ(test, gpsvm_vmm_flush(t->gdev, vmm, b), 0);
	KUNIT_EXPECT_EQ(test, stale_released, n);
	KUNIT_EXPECT_EQ(test, stale_count, 0);
	vmm->release = NULL;
}

static struct kunit_case gpsvm_vmm_hw_cases[] = {
	KUNIT_CASE(gpsvm_vmm_hw_test_translate),
	KUNIT_CASE(gpsvm_vmm_hw_test_flush),
	KUNIT_CASE(gpsvm_vmm_hw_test_release_after_flush),
	{}
};

static struct kunit_suite gpsvm_vmm_hw_suite = {
	.name = "gpsvm_vmm_hw",
	.init = gpsvm_vmm_hw_test_init,
	.exit = gpsvm_vmm_hw_test_exit,
	.test_cases = gpsvm_vmm_hw_cases,
};

kunit_test_suites(&gpsvm_vmm_suite, &gpsvm_vmm_hw_suite);
