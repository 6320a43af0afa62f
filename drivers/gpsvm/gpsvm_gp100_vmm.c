// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: GP100 ("VER2", 49-bit VA) page-table entry encoding.
 * Layouts: shared/reference/gp100-formats.md, model/include/gpsvm_hw_mmu.h.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/iopoll.h>

#include <kunit/visibility.h>

#include "gpsvm_device.h"
#include "gpsvm_hal.h"
#include "gpsvm_hw_mmu.h"
#include "gpsvm_vmm.h"

/* Page tables live in system memory, which the GPU snoops. */
static u64 gp100_pde(dma_addr_t table)
{
	return FIELD_PREP(GP100_PDE_APERTURE, GP100_PDE_APERTURE_SYS_COH) |
	       FIELD_PREP(GP100_PDE_ADDR_SYS, table >> GP100_PDE_ADDR_SHIFT);
}

static u64 gp100_pd0_small(dma_addr_t table)
{
	return FIELD_PREP(GP100_DUAL_PDE_SMALL_APERTURE,
			  GP100_PDE_APERTURE_SYS_COH) |
	       FIELD_PREP(GP100_DUAL_PDE_SMALL_ADDR,
			  table >> GP100_DUAL_PDE_SMALL_ADDR_SHIFT);
}

static u64 gp100_pd0_big(dma_addr_t table)
{
	return FIELD_PREP(GP100_DUAL_PDE_BIG_APERTURE,
			  GP100_PDE_APERTURE_SYS_COH) |
	       FIELD_PREP(GP100_DUAL_PDE_BIG_ADDR,
			  table >> GP100_DUAL_PDE_BIG_ADDR_SHIFT);
}

/*
 * In PD0, a huge PTE's VALID bit is also the entry's IS_PTE bit.
 *
 * System memory (process pages, system BOs) is mapped cached by the CPU,
 * and GP100's L2 does not see CPU writes: it must not cache those lines,
 * so every system PTE is VOL, as nvkm maps host memory (gp100_vmm_pgt_pfn()
 * and nouveau_mem_map()). VRAM is the L2's own memory: cached.
 */
static u64 gp100_pte(u64 addr, u32 flags)
{
	u64 pte = GP100_PTE_VALID;

	if (flags & GPSVM_MAP_VRAM)
		pte |= FIELD_PREP(GP100_PTE_APERTURE, GP100_PTE_APERTURE_VIDEO) |
		       FIELD_PREP(GP100_PTE_ADDR_VID,
				  addr >> GP100_PTE_ADDR_SHIFT);
	else
		pte |= FIELD_PREP(GP100_PTE_APERTURE,
				  GP100_PTE_APERTURE_SYS_COH) |
		       FIELD_PREP(GP100_PTE_ADDR_SYS,
				  addr >> GP100_PTE_ADDR_SHIFT) |
		       GP100_PTE_VOL;
	if (flags & GPSVM_MAP_READ_ONLY)
		pte |= GP100_PTE_READ_ONLY;
	if (flags & GPSVM_MAP_NO_ATOMIC)
		pte |= GP100_PTE_ATOMIC_DISABLE;
	return pte;
}

static dma_addr_t gp100_pte_dma(u64 pte)
{
	u64 aperture = FIELD_GET(GP100_PTE_APERTURE, pte);

	if (!(pte & GP100_PTE_VALID) ||
	    (aperture != GP100_PTE_APERTURE_SYS_COH &&
	     aperture != GP100_PTE_APERTURE_SYS_NCOH))
		return DMA_MAPPING_ERROR;
	return FIELD_GET(GP100_PTE_ADDR_SYS, pte) << GP100_PTE_ADDR_SHIFT;
}

/* Past this many pages one ALL_VA invalidate is cheaper (as UVM on Pascal). */
#define GP100_TLB_RANGE_MAX_PAGES	32

/* Write an invalidate and wait until the GPU has taken it. */
static int gp100_tlb_kick(struct gpsvm_device *gdev, u32 inval)
{
	u32 val;
	int ret;

	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE,
		   inval | GPSVM_PFB_MMU_INVALIDATE_TRIGGER);
	ret = read_poll_timeout(gpsvm_rd32, val,
				!(val & GPSVM_PFB_MMU_INVALIDATE_TRIGGER), 10,
				USEC_PER_SEC, false, gdev,
				GPSVM_PFB_MMU_INVALIDATE);
	if (ret)
		dev_err_ratelimited(gdev->drm.dev, "TLB invalidate timed out\n");
	return ret;
}

static int gp100_tlb_invalidate(struct gpsvm_device *gdev, dma_addr_t pdb,
				u64 start, u64 end)
{
	u64 pdb_reg = pdb >> 8 | GP100_PTE_APERTURE_SYS_COH;
	u64 pages = (end - start) >> GP100_MMU_SMALL_SHIFT;

	lockdep_assert_held(&gdev->tlb_lock);

	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_PDB, lower_32_bits(pdb_reg));
	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_PDB_HI, upper_32_bits(pdb_reg));
	if (pages > GP100_TLB_RANGE_MAX_PAGES)
		return gp100_tlb_kick(gdev, GPSVM_PFB_MMU_INVALIDATE_ALL_VA);
	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_VA_LO,
		   lower_32_bits(start) & GPSVM_PFB_MMU_INVALIDATE_VA_LO_ADDR);
	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_VA_HI,
		   upper_32_bits(start) & GPSVM_PFB_MMU_INVALIDATE_VA_HI_ADDR);
	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_VA_PAGES, pages);
	return gp100_tlb_kick(gdev, 0);
}

static int gp100_tlb_invalidate_all(struct gpsvm_device *gdev)
{
	lockdep_assert_held(&gdev->tlb_lock);

	return gp100_tlb_kick(gdev, GPSVM_PFB_MMU_INVALIDATE_ALL_PDB |
			      GPSVM_PFB_MMU_INVALIDATE_ALL_VA);
}

const struct gpsvm_vmm_hal gpsvm_gp100_vmm_hal = {
	.pd_levels = 4,
	.pd = {
		{ .shift = 47, .bits = 2 },	/* PD3 */
		{ .shift = 38, .bits = 9 },	/* PD2 */
		{ .shift = 29, .bits = 9 },	/* PD1 */
		{ .shift = 21, .bits = 8 },	/* PD0, dual entries */
	},
	.small_shift = GP100_MMU_SMALL_SHIFT,
	.big_shift = GP100_MMU_BIG_SHIFT,
	.huge_shift = GP100_MMU_HUGE_SHIFT,
	.pde = gp100_pde,
	.pd0_small = gp100_pd0_small,
	.pd0_big = gp100_pd0_big,
	.pte = gp100_pte,
	.pte_dma = gp100_pte_dma,
	.tlb_invalidate = gp100_tlb_invalidate,
	.tlb_invalidate_all = gp100_tlb_invalidate_all,
};
EXPORT_SYMBOL_IF_KUNIT(gpsvm_gp100_vmm_hal);
