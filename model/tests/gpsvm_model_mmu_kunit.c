// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm GPU model's MMU: page-table walks over tables
 * the tests build by hand in VRAM and in system memory, the TLBs and the
 * invalidate registers.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>

#include "../gpsvm_model.h"

/* Every level's index is non-zero: PD3 3, PD2 0x48, PD1 0x1a2. */
#define VA_BASE		0x1923440000000ULL
#define NPD0		8	/* PD0 entries the tests use */
#define MAX_PAGES	32

struct mmu_as {
	unsigned int aper;	/* of all its tables */
	u64 pd3, pd2, pd1, pd0;
	u64 spt[NPD0];
	u64 bpt[NPD0];
	unsigned int spt_aper[NPD0];
	unsigned int bpt_aper[NPD0];
	struct gpsvm_model_vas vas;
};

struct mmu_test {
	struct gpsvm_model *gpu;
	struct gpsvm_model_tlb tlb;
	bool sys;		/* page tables in system memory */
	u64 vram_next;
	struct page *pages[MAX_PAGES];
	unsigned int npages;
};

static int mmu_test_init(struct kunit *test)
{
	struct mmu_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->gpu = gpsvm_model_create(0, SZ_16M, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->gpu));
	gpsvm_model_tlb_register(t->gpu, &t->tlb);
	/* Tables from 8 MiB on; data pages below. */
	t->vram_next = SZ_8M;
	test->priv = t;
	return 0;
}

static void mmu_test_exit(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	unsigned int i;

	gpsvm_model_tlb_unregister(&t->tlb);
	gpsvm_model_destroy(t->gpu);
	for (i = 0; i < t->npages; i++)
		__free_page(t->pages[i]);
}

/* A zeroed system page; its DMA address is its physical address. */
static u64 sys_page(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	struct page *page;

	KUNIT_ASSERT_LT(test, t->npages, MAX_PAGES);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, page);
	t->pages[t->npages++] = page;
	return page_to_phys(page);
}

static u64 alloc_table(struct kunit *test, unsigned int *aper)
{
	struct mmu_test *t = test->priv;
	u64 addr;

	if (t->sys) {
		*aper = GPSVM_MODEL_APER_SYS_COH;
		return sys_page(test);
	}
	*aper = GPSVM_MODEL_APER_VIDEO;
	addr = t->vram_next;
	t->vram_next += SZ_4K;
	return addr;
}

static void wr64(struct kunit *test, unsigned int aper, u64 addr, u64 val)
{
	struct mmu_test *t = test->priv;
	u64 *p = gpsvm_model_mem_map(t->gpu, aper, addr, 8);

	KUNIT_ASSERT_NOT_NULL(test, p);
	WRITE_ONCE(*p, val);
	gpsvm_model_mem_unmap(aper, p);
}

/* A PDE to a table (PD3..PD1, or the small half of a dual PDE). */
static u64 pde(unsigned int aper, u64 addr)
{
	u64 ap = aper == GPSVM_MODEL_APER_VIDEO ? GP100_PDE_APERTURE_VIDEO :
						   aper;

	return FIELD_PREP(GP100_PDE_APERTURE, ap) | (addr >> 4);
}

static u64 pte_vid(u64 addr)
{
	return (addr >> 4) | GP100_PTE_VALID;
}

static u64 pte_sys(u64 addr)
{
	return (addr >> 4) |
	       FIELD_PREP(GP100_PTE_APERTURE, GP100_PTE_APERTURE_SYS_COH) |
	       GP100_PTE_VOL | GP100_PTE_VALID;
}

static u64 va_of(unsigned int pd0, u64 off)
{
	return VA_BASE + (u64)pd0 * SZ_2M + off;
}

/* PD3..PD0 of a new address space that maps VA_BASE's 512 MiB. */
static void as_init(struct kunit *test, struct mmu_as *as)
{
	unsigned int a;
	u64 va = VA_BASE;

	memset(as, 0, sizeof(*as));
	as->pd3 = alloc_table(test, &as->aper);
	as->pd2 = alloc_table(test, &a);
	as->pd1 = alloc_table(test, &a);
	as->pd0 = alloc_table(test, &a);
	wr64(test, a, as->pd3 + FIELD_GET(GP100_MMU_PD3_VA, va) * 8,
	     pde(a, as->pd2));
	wr64(test, a, as->pd2 + FIELD_GET(GP100_MMU_PD2_VA, va) * 8,
	     pde(a, as->pd1));
	wr64(test, a, as->pd1 + FIELD_GET(GP100_MMU_PD1_VA, va) * 8,
	     pde(a, as->pd0));
	as->vas.pdb = as->pd3 | as->aper;
	as->vas.va_last = BIT_ULL(GP100_MMU_VA_BITS) - 1;
}

static u64 pd0_entry(struct mmu_as *as, unsigned int i)
{
	return as->pd0 + (FIELD_GET(GP100_MMU_PD0_VA, VA_BASE) + i) * 16;
}

static void set_small(struct kunit *test, struct mmu_as *as, unsigned int i,
		      u64 off, u64 pte)
{
	unsigned int *a = &as->spt_aper[i];

	if (!as->spt[i]) {
		as->spt[i] = alloc_table(test, a);
		wr64(test, as->aper, pd0_entry(as, i) + 8, pde(*a, as->spt[i]));
	}
	wr64(test, *a,
	     as->spt[i] + FIELD_GET(GP100_MMU_SPT_VA, off) * 8, pte);
}

static void set_big(struct kunit *test, struct mmu_as *as, unsigned int i,
		    u64 off, u64 pte)
{
	unsigned int *a = &as->bpt_aper[i];

	if (!as->bpt[i]) {
		/* Any 256-byte aligned place will do: use the middle. */
		as->bpt[i] = alloc_table(test, a) + 0x300;
		wr64(test, as->aper, pd0_entry(as, i), pde(*a, as->bpt[i]));
	}
	wr64(test, *a,
	     as->bpt[i] + FIELD_GET(GP100_MMU_BPT_VA, off) * 8, pte);
}

static void set_huge(struct kunit *test, struct mmu_as *as, unsigned int i,
		     u64 pte)
{
	wr64(test, as->aper, pd0_entry(as, i), pte);
}

static int xl(struct kunit *test, struct mmu_as *as, u64 va,
	      unsigned int access, struct gpsvm_model_xlat *x)
{
	struct mmu_test *t = test->priv;
	unsigned long flags;
	int ret;

	flags = gpsvm_model_tlb_lock(&t->tlb);
	ret = gpsvm_model_mmu_translate(t->gpu, &t->tlb, &as->vas, va, access,
					x);
	gpsvm_model_tlb_unlock(&t->tlb, flags);
	return ret;
}

/* The fault type of a translation that must fail; 0xff if it succeeds. */
static unsigned int xl_fault(struct kunit *test, struct mmu_as *as, u64 va,
			     unsigned int access)
{
	struct gpsvm_model_xlat x;

	if (!xl(test, as, va, access, &x))
		return 0xff;
	return x.fault_type;
}

/* The physical address a read translates to; U64_MAX on a fault. */
static u64 xl_phys(struct kunit *test, struct mmu_as *as, u64 va)
{
	struct gpsvm_model_xlat x;

	if (xl(test, as, va, GP100_ACCESS_READ, &x))
		return U64_MAX;
	return x.phys;
}

static void wr(struct kunit *test, u32 reg, u32 val)
{
	struct mmu_test *t = test->priv;

	t->gpu->bus.wr32(t->gpu->bus.ctx, reg, val);
}

static u32 rd(struct kunit *test, u32 reg)
{
	struct mmu_test *t = test->priv;

	return t->gpu->bus.rd32(t->gpu->bus.ctx, reg);
}

static void invalidate(struct kunit *test, u32 bits)
{
	wr(test, GPSVM_PFB_MMU_INVALIDATE,
	   bits | GPSVM_PFB_MMU_INVALIDATE_TRIGGER);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE), bits);
}

static void write_pdb(struct kunit *test, u64 pdb)
{
	u64 reg = ((pdb & ~0xfffULL) >> 8) | (pdb & 3);

	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB, lower_32_bits(reg));
	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB_HI, upper_32_bits(reg));
}

static void write_range(struct kunit *test, u64 va, u32 pages)
{
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_LO, lower_32_bits(va));
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_HI, upper_32_bits(va));
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_PAGES, pages);
}

/* 4 KiB, 64 KiB and 2 MiB pages in VRAM and in system memory. */
static void page_sizes(struct kunit *test, bool sys_tables)
{
	struct mmu_test *t = test->priv;
	struct gpsvm_model_xlat x;
	struct mmu_as as;
	u64 sp = sys_page(test);
	u32 *p;

	t->sys = sys_tables;
	as_init(test, &as);

	/* 4 KiB in VRAM, with a KIND. */
	set_small(test, &as, 0, 0x5000, pte_vid(0x123000) |
		  FIELD_PREP(GP100_PTE_KIND, 0xfe));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(0, 0x5abc),
				 GP100_ACCESS_WRITE, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x123abc);
	KUNIT_EXPECT_EQ(test, x.aperture, GPSVM_MODEL_APER_VIDEO);
	KUNIT_EXPECT_EQ(test, x.page_shift, 12);
	KUNIT_EXPECT_EQ(test, x.kind, 0xfe);
	KUNIT_EXPECT_EQ(test, x.flags, 0);

	/* 4 KiB in system memory; the bytes are the page's. */
	set_small(test, &as, 0, 0x6000, pte_sys(sp));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(0, 0x6ff8),
				 GP100_ACCESS_ATOMIC, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, sp + 0xff8);
	KUNIT_EXPECT_EQ(test, x.aperture, GPSVM_MODEL_APER_SYS_COH);
	KUNIT_EXPECT_EQ(test, x.page_shift, 12);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_VOL);
	p = gpsvm_model_mem_map(t->gpu, x.aperture, x.phys, 4);
	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 0xcafef00d;
	gpsvm_model_mem_unmap(x.aperture, p);
	KUNIT_EXPECT_EQ(test, *(u32 *)(page_address(t->pages[0]) + 0xff8),
			0xcafef00d);

	/* 64 KiB in VRAM: the low 4 KiB bits of the address are ignored. */
	set_big(test, &as, 1, 0x30000, pte_vid(0x410000 | 0x3000));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(1, 0x3fedc),
				 GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x41fedc);
	KUNIT_EXPECT_EQ(test, x.aperture, GPSVM_MODEL_APER_VIDEO);
	KUNIT_EXPECT_EQ(test, x.page_shift, 16);

	/*
	 * 64 KiB in system memory, non-coherent: the 64 KiB that hold our
	 * page, at the VA offset of our page in them.
	 */
	set_big(test, &as, 1, 0x50000, ((sp & ~(u64)(SZ_64K - 1)) >> 4) |
		GP100_PTE_VALID | GP100_PTE_VOL |
		FIELD_PREP(GP100_PTE_APERTURE, GP100_PTE_APERTURE_SYS_NCOH));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(1, 0x50010 +
						  (sp & (SZ_64K - 1))),
				 GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, sp + 0x10);
	KUNIT_EXPECT_EQ(test, x.aperture, GPSVM_MODEL_APER_SYS_NCOH);
	KUNIT_EXPECT_EQ(test, x.page_shift, 16);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_VOL);

	/* 2 MiB in VRAM. */
	set_huge(test, &as, 2, pte_vid(SZ_2M) | GP100_PTE_READ_ONLY);
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(2, 0x1ffffc),
				 GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, SZ_2M + 0x1ffffc);
	KUNIT_EXPECT_EQ(test, x.page_shift, 21);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_READ_ONLY);

	/* 2 MiB in system memory, by address: the byte must exist. */
	set_huge(test, &as, 3, pte_sys(sp & ~(u64)(SZ_2M - 1)));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(3, sp & (SZ_2M - 1)),
				 GP100_ACCESS_WRITE, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, sp);
	KUNIT_EXPECT_EQ(test, x.aperture, GPSVM_MODEL_APER_SYS_COH);
	KUNIT_EXPECT_EQ(test, x.page_shift, 21);
}

static void mmu_test_pages_vram_tables(struct kunit *test)
{
	page_sizes(test, false);
}

static void mmu_test_pages_sys_tables(struct kunit *test)
{
	page_sizes(test, true);
}

static void mmu_test_apertures(struct kunit *test)
{
	struct mmu_as as;

	as_init(test, &as);
	set_small(test, &as, 0, 0x1000, pte_vid(0x2000) |
		  FIELD_PREP(GP100_PTE_APERTURE, GP100_PTE_APERTURE_PEER));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x1000),
				       GP100_ACCESS_READ),
			GP100_FAULT_UNSUPPORTED_APERTURE);
	/* Beyond the end of VRAM. */
	set_small(test, &as, 0, 0x2000, pte_vid(SZ_16M));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_READ), GP100_FAULT_REGION);
	set_huge(test, &as, 1, pte_vid(SZ_16M));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(1, 0),
				       GP100_ACCESS_READ), GP100_FAULT_REGION);
	/* The last VRAM page is fine. */
	set_small(test, &as, 0, 0x3000, pte_vid(SZ_16M - SZ_4K));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va_of(0, 0x3fff)),
			SZ_16M - 1);
}

/*
 * System memory is volatile only: a system PTE without VOL, which real
 * GP100 would cache in an L2 that does not see the CPU's writes, faults
 * UNSUPPORTED_APERTURE at every page size, coherent or not. The fault is
 * not cached: adding VOL needs no invalidate. VRAM needs no VOL.
 */
static void mmu_test_sys_vol(struct kunit *test)
{
	static const unsigned int apers[] = {
		GP100_PTE_APERTURE_SYS_COH, GP100_PTE_APERTURE_SYS_NCOH,
	};
	struct gpsvm_model_xlat x;
	u64 sp = sys_page(test);
	struct mmu_as as;
	unsigned int i;

	as_init(test, &as);
	for (i = 0; i < ARRAY_SIZE(apers); i++) {
		u64 small = va_of(4 * i, 0x1000), big = va_of(4 * i + 1, 0);
		u64 huge = va_of(4 * i + 2, 0);
		u64 a = FIELD_PREP(GP100_PTE_APERTURE, apers[i]) |
			GP100_PTE_VALID;

		set_small(test, &as, 4 * i, 0x1000, (sp >> 4) | a);
		set_big(test, &as, 4 * i + 1, 0,
			((sp & ~(u64)(SZ_64K - 1)) >> 4) | a);
		set_huge(test, &as, 4 * i + 2,
			 ((sp & ~(u64)(SZ_2M - 1)) >> 4) | a);
		KUNIT_EXPECT_EQ(test, xl_fault(test, &as, small,
					       GP100_ACCESS_READ),
				GP100_FAULT_UNSUPPORTED_APERTURE);
		KUNIT_EXPECT_EQ(test, xl_fault(test, &as, big,
					       GP100_ACCESS_WRITE),
				GP100_FAULT_UNSUPPORTED_APERTURE);
		KUNIT_EXPECT_EQ(test, xl_fault(test, &as, huge,
					       GP100_ACCESS_ATOMIC),
				GP100_FAULT_UNSUPPORTED_APERTURE);

		set_small(test, &as, 4 * i, 0x1000,
			  (sp >> 4) | a | GP100_PTE_VOL);
		set_big(test, &as, 4 * i + 1, 0,
			((sp & ~(u64)(SZ_64K - 1)) >> 4) | a | GP100_PTE_VOL);
		set_huge(test, &as, 4 * i + 2,
			 ((sp & ~(u64)(SZ_2M - 1)) >> 4) | a | GP100_PTE_VOL);
		KUNIT_ASSERT_EQ(test, xl(test, &as, small, GP100_ACCESS_READ,
					 &x), 0);
		KUNIT_EXPECT_EQ(test, x.phys, sp);
		KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_VOL);
		KUNIT_EXPECT_EQ(test, xl_fault(test, &as,
					       big + (sp & (SZ_64K - 1)),
					       GP100_ACCESS_WRITE), 0xff);
		KUNIT_EXPECT_EQ(test, xl_fault(test, &as,
					       huge + (sp & (SZ_2M - 1)),
					       GP100_ACCESS_ATOMIC), 0xff);
	}
	/* VRAM without VOL. */
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(0, 0x2000),
				 GP100_ACCESS_WRITE, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, 0);
}

static void mmu_test_permissions(struct kunit *test)
{
	struct gpsvm_model_xlat x;
	struct mmu_as as;
	u64 ro = va_of(0, 0x1000), ad = va_of(0, 0x2000);
	u64 both = va_of(0, 0x3000), priv = va_of(0, 0x4000);
	u64 big = va_of(1, 0x10000), huge = va_of(2, 0);

	as_init(test, &as);
	set_small(test, &as, 0, 0x1000, pte_vid(0x1000) | GP100_PTE_READ_ONLY);
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000) |
		  GP100_PTE_ATOMIC_DISABLE);
	set_small(test, &as, 0, 0x3000, pte_vid(0x3000) | GP100_PTE_READ_ONLY |
		  GP100_PTE_ATOMIC_DISABLE);
	set_small(test, &as, 0, 0x4000, pte_vid(0x4000) | GP100_PTE_PRIV);
	set_big(test, &as, 1, 0x10000, pte_vid(SZ_1M) |
		GP100_PTE_ATOMIC_DISABLE);
	set_huge(test, &as, 2, pte_vid(SZ_2M) | GP100_PTE_READ_ONLY);

	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ro, GP100_ACCESS_READ), 0xff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ro, GP100_ACCESS_PREFETCH),
			0xff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ro, GP100_ACCESS_WRITE),
			GP100_FAULT_RO_VIOLATION);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ro, GP100_ACCESS_ATOMIC),
			GP100_FAULT_RO_VIOLATION);

	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ad, GP100_ACCESS_READ), 0xff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ad, GP100_ACCESS_WRITE),
			0xff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, ad, GP100_ACCESS_ATOMIC),
			GP100_FAULT_ATOMIC_VIOLATION);
	/* An atomic needs write permission first. */
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, both, GP100_ACCESS_ATOMIC),
			GP100_FAULT_RO_VIOLATION);

	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, priv, GP100_ACCESS_READ),
			GP100_FAULT_PRIV);
	KUNIT_EXPECT_EQ(test, xl(test, &as, priv, GP100_ACCESS_WRITE |
				 GPSVM_MODEL_ACCESS_PRIV, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_PRIV |
			GPSVM_MODEL_XLAT_TLB_HIT);

	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, big, GP100_ACCESS_WRITE),
			0xff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, big, GP100_ACCESS_ATOMIC),
			GP100_FAULT_ATOMIC_VIOLATION);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, huge, GP100_ACCESS_WRITE),
			GP100_FAULT_RO_VIOLATION);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, huge, GP100_ACCESS_PREFETCH),
			0xff);

	/* Permission faults leave the translation cached, with its bits. */
	KUNIT_EXPECT_EQ(test, xl(test, &as, ro, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_READ_ONLY |
			GPSVM_MODEL_XLAT_TLB_HIT);
	KUNIT_EXPECT_EQ(test, x.phys, 0x1000);
}

static void mmu_test_sparse(struct kunit *test)
{
	struct gpsvm_model_xlat x;
	struct mmu_as as;

	as_init(test, &as);
	set_small(test, &as, 0, 0x7000, GP100_PTE_VOL);
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(0, 0x7123),
				 GP100_ACCESS_WRITE, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_SPARSE);
	KUNIT_EXPECT_EQ(test, x.page_shift, 12);
	KUNIT_EXPECT_EQ(test, x.phys, 0);

	set_big(test, &as, 1, 0x20000, GP100_PTE_VOL | GP100_PTE_PRIV);
	KUNIT_ASSERT_EQ(test, xl(test, &as, va_of(1, 0x2f000),
				 GP100_ACCESS_ATOMIC, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_SPARSE);
	KUNIT_EXPECT_EQ(test, x.page_shift, 16);

	/* Not sparse: VALID 0 without VOL. */
	set_small(test, &as, 0, 0x8000, GP100_PTE_READ_ONLY);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x8000),
				       GP100_ACCESS_READ), GP100_FAULT_PTE);
}

static void mmu_test_faults(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	struct mmu_as as;
	unsigned int a;
	u64 va = va_of(0, 0x1000);

	as_init(test, &as);
	set_small(test, &as, 0, 0x1000, pte_vid(0x1000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x1000);

	/* No PTE; no PDE at PD0; absent tables at PD1, PD2, PD3. */
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_READ), GP100_FAULT_PTE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(4, 0),
				       GP100_ACCESS_READ), GP100_FAULT_PDE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, VA_BASE + SZ_512M,
				       GP100_ACCESS_READ), GP100_FAULT_PDE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, VA_BASE + SZ_1G * 256ULL,
				       GP100_ACCESS_READ), GP100_FAULT_PDE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, 0, GP100_ACCESS_READ),
			GP100_FAULT_PDE);

	/* Faults are not cached: mapping needs no invalidate. */
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va_of(0, 0x2000)), 0x2000);

	/* IS_PTE above PD0: PDE_SIZE. */
	wr64(test, as.aper, as.pd1 + FIELD_GET(GP100_MMU_PD1_VA, VA_BASE) * 8,
	     pde(as.aper, as.pd0) | GP100_PDE_IS_PTE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x3000),
				       GP100_ACCESS_READ),
			GP100_FAULT_PDE_SIZE);
	/* Still cached: the page tables are not looked at. */
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x1000);
	/* Invalid PDE aperture in PD2. */
	wr64(test, as.aper, as.pd2 + FIELD_GET(GP100_MMU_PD2_VA, VA_BASE) * 8,
	     pde(as.aper, as.pd1) & ~GP100_PDE_APERTURE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x3000),
				       GP100_ACCESS_READ), GP100_FAULT_PDE);

	/* A PD in memory that does not exist. */
	wr64(test, as.aper, as.pd3 + FIELD_GET(GP100_MMU_PD3_VA, VA_BASE) * 8,
	     pde(GPSVM_MODEL_APER_VIDEO, SZ_1G));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x3000),
				       GP100_ACCESS_READ), GP100_FAULT_REGION);

	/* VA limit: the last VA, one past it, and VAs beyond 49 bits. */
	as.vas.va_last = va_of(0, 0x1fff);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va_of(0, 0x1fff)), 0x1fff);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_READ),
			GP100_FAULT_VA_LIMIT);
	as.vas.va_last = U64_MAX;
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va | BIT_ULL(49),
				       GP100_ACCESS_READ),
			GP100_FAULT_VA_LIMIT);

	/* A PTE below a fresh PDB is another address space: it walks. */
	as.vas.pdb = alloc_table(test, &a) | a;
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va, GP100_ACCESS_READ),
			GP100_FAULT_PDE);
	KUNIT_EXPECT_EQ(test, t->tlb.misses, 11);
}

static void mmu_test_big_small(struct kunit *test)
{
	struct mmu_as as;
	u64 va = va_of(0, 0x10000 + 0x3000);

	as_init(test, &as);
	/* Only a small PT: small pages. */
	set_small(test, &as, 0, 0x13000, pte_vid(0x3000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x3000);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);

	/* A big PT with an all-zero big PTE: still the small PTE. */
	set_big(test, &as, 0, 0x70000, pte_vid(SZ_1M));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x3000);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);

	/* A valid big PTE wins over the small PTEs. */
	set_big(test, &as, 0, 0x10000, pte_vid(0x40000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x43000);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);

	/* VALID 0, PRIV 1: ignore the small PTEs. */
	set_big(test, &as, 0, 0x10000, GP100_PTE_PRIV);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va, GP100_ACCESS_READ),
			GP100_FAULT_PTE);
	/* Another invalid, non-zero big PTE also hides them. */
	set_big(test, &as, 0, 0x10000, pte_vid(0x40000) & ~GP100_PTE_VALID);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va, GP100_ACCESS_READ),
			GP100_FAULT_PTE);
	/* All zero again: the small PTE. */
	set_big(test, &as, 0, 0x10000, 0);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x3000);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);

	/* A valid 2 MiB PTE hides both page tables. */
	set_huge(test, &as, 0, pte_vid(SZ_4M));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), SZ_4M + 0x13000);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);

	/* Big PT present, big PTE zero, no small PT: PTE fault. */
	set_big(test, &as, 1, 0x10000, 0);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(1, 0x10000),
				       GP100_ACCESS_READ), GP100_FAULT_PTE);
}

static void inst_block(struct kunit *test, unsigned int aper, u64 inst,
		       u32 lo, u32 hi, u64 limit)
{
	wr64(test, aper, inst + GP100_RAMIN_PDB_LO, ((u64)hi << 32) | lo);
	wr64(test, aper, inst + GP100_RAMIN_LIMIT_LO, limit - 1);
}

static int from_inst(struct kunit *test, unsigned int aper, u64 inst,
		     struct gpsvm_model_vas *vas, u8 *fault)
{
	struct mmu_test *t = test->priv;

	*fault = 0;
	return gpsvm_model_vas_from_inst(t->gpu, aper, inst, vas, fault);
}

static void mmu_test_inst(struct kunit *test)
{
	struct gpsvm_model_vas vas;
	u64 sp = sys_page(test);
	u8 fault = 0;
	u32 ok = GP100_RAMIN_PDB_VER2 | GP100_RAMIN_PDB_BIG_64K;

	inst_block(test, GPSVM_MODEL_APER_VIDEO, 0x10000,
		   ok | GP100_RAMIN_PDB_REPLAY_TEX | GP100_RAMIN_PDB_REPLAY_GCC |
		   GP100_RAMIN_PDB_VOL | 0xabcde000 | GP100_PTE_APERTURE_SYS_NCOH,
		   0x12, BIT_ULL(47));
	KUNIT_ASSERT_EQ(test, from_inst(test, GPSVM_MODEL_APER_VIDEO, 0x10000,
					&vas, &fault), 0);
	KUNIT_EXPECT_EQ(test, vas.pdb, 0x12abcde003ULL);
	KUNIT_EXPECT_EQ(test, vas.va_last, BIT_ULL(47) - 1);
	KUNIT_EXPECT_EQ(test, vas.flags, GP100_RAMIN_PDB_REPLAY_TEX |
			GP100_RAMIN_PDB_REPLAY_GCC);

	/* In system memory; the limit's low 12 bits are ignored. */
	inst_block(test, GPSVM_MODEL_APER_SYS_COH, sp, ok | 0x5000, 0,
		   0x100000010ULL);
	KUNIT_ASSERT_EQ(test, from_inst(test, GPSVM_MODEL_APER_SYS_COH, sp,
					&vas, &fault), 0);
	KUNIT_EXPECT_EQ(test, vas.pdb, 0x5000);
	KUNIT_EXPECT_EQ(test, vas.va_last, 0x100000fffULL);
	KUNIT_EXPECT_EQ(test, vas.flags, 0);

	/* Not VER2, not 64 KiB big pages, target 1, unaligned, no memory. */
	inst_block(test, GPSVM_MODEL_APER_VIDEO, 0x11000,
		   GP100_RAMIN_PDB_BIG_64K, 0, SZ_1G);
	inst_block(test, GPSVM_MODEL_APER_VIDEO, 0x12000,
		   GP100_RAMIN_PDB_VER2, 0, SZ_1G);
	inst_block(test, GPSVM_MODEL_APER_VIDEO, 0x13000, ok | 1, 0, SZ_1G);
	for (u64 inst = 0x11000; inst <= 0x13000; inst += 0x1000) {
		KUNIT_EXPECT_EQ(test, from_inst(test, GPSVM_MODEL_APER_VIDEO,
						inst, &vas, &fault), -EFAULT);
		KUNIT_EXPECT_EQ(test, fault, GP100_FAULT_UNBOUND_INST);
	}
	KUNIT_EXPECT_EQ(test, from_inst(test, GPSVM_MODEL_APER_VIDEO, 0x10800,
					&vas, &fault), -EFAULT);
	KUNIT_EXPECT_EQ(test, fault, GP100_FAULT_UNBOUND_INST);
	KUNIT_EXPECT_EQ(test, from_inst(test, GPSVM_MODEL_APER_VIDEO, SZ_16M,
					&vas, &fault), -EFAULT);
	KUNIT_EXPECT_EQ(test, fault, GP100_FAULT_UNBOUND_INST);
}

/* The driver changes a PTE without invalidating: the old translation. */
static void mmu_test_tlb_stale(struct kunit *test)
{
	struct gpsvm_model_xlat x;
	struct mmu_as as;
	u64 va = va_of(0, 0x1000);

	as_init(test, &as);
	set_small(test, &as, 0, 0x1000, pte_vid(0x1000));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.flags, 0);
	set_small(test, &as, 0, 0x1000, pte_vid(0x9000));
	KUNIT_ASSERT_EQ(test, xl(test, &as, va, GP100_ACCESS_READ, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x1000);
	KUNIT_EXPECT_EQ(test, x.flags, GPSVM_MODEL_XLAT_TLB_HIT);

	/* Clearing VALID is not seen either. */
	set_small(test, &as, 0, 0x1000, 0);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x1000);

	/* Writing INVALIDATE without TRIGGER does nothing. */
	wr(test, GPSVM_PFB_MMU_INVALIDATE, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
	   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x1000);

	/* Upgrading a RO page needs an invalidate too. */
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000) | GP100_PTE_READ_ONLY);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_WRITE),
			GP100_FAULT_RO_VIOLATION);
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_WRITE),
			GP100_FAULT_RO_VIOLATION);

	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB |
		   GPSVM_PFB_MMU_INVALIDATE_SYS_MEMBAR |
		   FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY, 1) |
		   FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CACHE_LEVEL, 1));
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va, GP100_ACCESS_READ),
			GP100_FAULT_PTE);
	KUNIT_EXPECT_EQ(test, xl_fault(test, &as, va_of(0, 0x2000),
				       GP100_ACCESS_WRITE), 0xff);
}

/* A PDB invalidate drops only that address space's translations. */
static void mmu_test_inval_pdb(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	struct mmu_as a, b;
	u64 va = va_of(0, 0x1000);

	as_init(test, &a);
	t->sys = true;
	as_init(test, &b);
	set_small(test, &a, 0, 0x1000, pte_vid(0xa000));
	set_small(test, &b, 0, 0x1000, pte_vid(0xb000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &a, va), 0xa000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &b, va), 0xb000);
	set_small(test, &a, 0, 0x1000, pte_vid(0xa10000));
	set_small(test, &b, 0, 0x1000, pte_vid(0xb10000));

	write_pdb(test, b.vas.pdb);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_PDB),
			lower_32_bits(b.pd3 >> 8) | GP100_PTE_APERTURE_SYS_COH);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_PDB_HI),
			upper_32_bits(b.pd3 >> 8));
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &a, va), 0xa000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &b, va), 0xb10000);

	/* The same address in the other aperture class is another PDB. */
	write_pdb(test, a.pd3 | GPSVM_MODEL_APER_SYS_NCOH);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &a, va), 0xa000);
	write_pdb(test, a.vas.pdb);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &a, va), 0xa10000);
}

/* A VA-range invalidate drops what overlaps the range, nothing else. */
static void mmu_test_inval_range(struct kunit *test)
{
	struct mmu_as as, other;
	u64 s0 = va_of(0, 0x1000), s1 = va_of(0, 0x2000);
	u64 s2 = va_of(0, 0x5000), big = va_of(1, 0x40000);
	u64 huge = va_of(2, 0);

	as_init(test, &as);
	as_init(test, &other);
	set_small(test, &as, 0, 0x1000, pte_vid(0x1000));
	set_small(test, &as, 0, 0x2000, pte_vid(0x2000));
	set_small(test, &as, 0, 0x5000, pte_vid(0x5000));
	set_big(test, &as, 1, 0x40000, pte_vid(0x40000));
	set_huge(test, &as, 2, pte_vid(SZ_2M));
	set_small(test, &other, 0, 0x1000, pte_vid(0x7000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s0), 0x1000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s1), 0x2000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s2), 0x5000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, big), 0x40000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, huge), SZ_2M);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &other, s0), 0x7000);
	set_small(test, &as, 0, 0x1000, pte_vid(0x11000));
	set_small(test, &as, 0, 0x2000, pte_vid(0x12000));
	set_small(test, &as, 0, 0x5000, pte_vid(0x15000));
	set_big(test, &as, 1, 0x40000, pte_vid(0x80000));
	set_huge(test, &as, 2, pte_vid(SZ_4M));
	set_small(test, &other, 0, 0x1000, pte_vid(0x17000));

	/* Pages 0x2000..0x4fff of PD0 entry 0 in "as": only s1. */
	write_pdb(test, as.vas.pdb);
	write_range(test, s1, 3);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_VA_LO),
			lower_32_bits(s1));
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_VA_HI),
			upper_32_bits(s1));
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_VA_PAGES), 3);
	invalidate(test, 0);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s0), 0x1000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s1), 0x12000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s2), 0x5000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, big), 0x40000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, huge), SZ_2M);

	/* One 4 KiB page inside the 64 KiB and the 2 MiB pages. */
	write_range(test, big + 0xf000, 1);
	invalidate(test, 0);
	write_range(test, huge + SZ_1M, 1);
	invalidate(test, 0);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, big), 0x80000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, huge), SZ_4M);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s0), 0x1000);

	/* Zero pages: nothing. */
	write_range(test, s0, 0);
	invalidate(test, 0);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s0), 0x1000);

	/* A range in all PDBs; the other address space too. */
	write_range(test, s0, 1);
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s0), 0x11000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &other, s0), 0x17000);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, s2), 0x5000);
}

/* The invalidate reaches every registered TLB; unregistered ones, not. */
static void mmu_test_two_tlbs(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	struct gpsvm_model_tlb *tlb2;
	struct gpsvm_model_xlat x;
	struct mmu_as as;
	unsigned long flags;
	u64 va = va_of(0, 0x1000);
	int ret;

	tlb2 = kunit_kzalloc(test, sizeof(*tlb2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tlb2);
	gpsvm_model_tlb_register(t->gpu, tlb2);
	as_init(test, &as);
	set_small(test, &as, 0, 0x1000, pte_vid(0x1000));
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x1000);
	flags = gpsvm_model_tlb_lock(tlb2);
	ret = gpsvm_model_mmu_translate(t->gpu, tlb2, &as.vas, va, 0, &x);
	gpsvm_model_tlb_unlock(tlb2, flags);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x1000);

	set_small(test, &as, 0, 0x1000, pte_vid(0x2000));
	invalidate(test, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
		   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB);
	KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va), 0x2000);
	flags = gpsvm_model_tlb_lock(tlb2);
	ret = gpsvm_model_mmu_translate(t->gpu, tlb2, &as.vas, va, 0, &x);
	gpsvm_model_tlb_unlock(tlb2, flags);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x2000);
	KUNIT_EXPECT_EQ(test, x.flags, 0);
	KUNIT_EXPECT_EQ(test, tlb2->misses, 2);
	gpsvm_model_tlb_unregister(tlb2);

	/* No TLB: always walks. */
	set_small(test, &as, 0, 0x1000, pte_vid(0x3000));
	KUNIT_EXPECT_EQ(test, gpsvm_model_mmu_translate(t->gpu, NULL, &as.vas,
							va, 0, &x), 0);
	KUNIT_EXPECT_EQ(test, x.phys, 0x3000);
}

/* More translations than entries: the oldest are replaced, all correct. */
static void mmu_test_tlb_capacity(struct kunit *test)
{
	struct mmu_test *t = test->priv;
	struct mmu_as as;
	unsigned int i, n = GPSVM_MODEL_TLB_ENTRIES + 8;

	as_init(test, &as);
	for (i = 0; i < n; i++)
		set_small(test, &as, 0, i * SZ_4K, pte_vid(SZ_1M + i * SZ_4K));
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, xl_phys(test, &as, va_of(0, i * SZ_4K)),
				SZ_1M + i * SZ_4K);
	KUNIT_EXPECT_EQ(test, t->tlb.misses, n);
	/* The last 32 are cached; the first 8 were evicted. */
	for (i = 8; i < n; i++)
		xl_phys(test, &as, va_of(0, i * SZ_4K));
	KUNIT_EXPECT_EQ(test, t->tlb.misses, n);
	KUNIT_EXPECT_EQ(test, t->tlb.hits, n - 8);
	xl_phys(test, &as, va_of(0, 0));
	KUNIT_EXPECT_EQ(test, t->tlb.misses, n + 1);
}

static void mmu_test_regs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_PDB), 0);
	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB, 0xfffffff3);
	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB_HI, 0x12);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_PDB),
			0xfffffff3);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_PDB_HI), 0x12);
	/* Unimplemented VA bits read 0. */
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_LO, 0xffffffff);
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_HI, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_VA_LO),
			0xfffff000);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE_VA_HI),
			0x1ffff);
	/* All fields latch; TRIGGER reads 0 once the invalidate is done. */
	wr(test, GPSVM_PFB_MMU_INVALIDATE, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE), 0x7fffffff);
	wr(test, GPSVM_PFB_MMU_INVALIDATE, 0x3);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE), 0x3);
}

static struct kunit_case gpsvm_model_mmu_cases[] = {
	KUNIT_CASE(mmu_test_pages_vram_tables),
	KUNIT_CASE(mmu_test_pages_sys_tables),
	KUNIT_CASE(mmu_test_apertures),
	KUNIT_CASE(mmu_test_sys_vol),
	KUNIT_CASE(mmu_test_permissions),
	KUNIT_CASE(mmu_test_sparse),
	KUNIT_CASE(mmu_test_faults),
	KUNIT_CASE(mmu_test_big_small),
	KUNIT_CASE(mmu_test_inst),
	KUNIT_CASE(mmu_test_tlb_stale),
	KUNIT_CASE(mmu_test_inval_pdb),
	KUNIT_CASE(mmu_test_inval_range),
	KUNIT_CASE(mmu_test_two_tlbs),
	KUNIT_CASE(mmu_test_tlb_capacity),
	KUNIT_CASE(mmu_test_regs),
	{}
};

static struct kunit_suite gpsvm_model_mmu_suite = {
	.name = "gpsvm_model_mmu",
	.init = mmu_test_init,
	.exit = mmu_test_exit,
	.test_cases = gpsvm_model_mmu_cases,
};

kunit_test_suites(&gpsvm_model_mmu_suite);

MODULE_DESCRIPTION("KUnit tests for the gpsvm GPU model's MMU");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
