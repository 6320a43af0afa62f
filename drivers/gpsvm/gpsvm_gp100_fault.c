// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: the GP100 replayable fault buffer -- entry decoding, GET/PUT,
 * replay and cancel through PFB_MMU_INVALIDATE.
 * Layouts: shared/reference/gp100-formats.md, firmware-notes/faults.md.
 */

#include <linux/bitfield.h>
#include <linux/export.h>
#include <linux/iopoll.h>

#include <kunit/visibility.h>

#include "gpsvm_device.h"
#include "gpsvm_hal.h"
#include "gpsvm_hw_mmu.h"
#include "gpsvm_fault.h"

static void gp100_fault_enable(struct gpsvm_device *gdev, dma_addr_t dma,
			       u32 entries)
{
	/* Program while disabled; ENABLE 0 -> 1 resets GET, PUT, OVERFLOW. */
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_LO, 0);
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_HI, upper_32_bits(dma));
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_SIZE, entries);
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_LO,
		   (lower_32_bits(dma) & GPSVM_FAULT_BUFFER_LO_ADDR) |
		   FIELD_PREP(GPSVM_FAULT_BUFFER_LO_APERTURE,
			      GP100_PTE_APERTURE_SYS_COH) |
		   GPSVM_FAULT_BUFFER_LO_ENABLE);
}

static void gp100_fault_disable(struct gpsvm_device *gdev)
{
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_LO, 0);
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_SIZE, 0);
}

static const u8 gp100_fault_access[] = {
	[GP100_ACCESS_READ] = GPSVM_FAULT_ACCESS_READ,
	[GP100_ACCESS_WRITE] = GPSVM_FAULT_ACCESS_WRITE,
	[GP100_ACCESS_ATOMIC] = GPSVM_FAULT_ACCESS_ATOMIC,
	[GP100_ACCESS_PREFETCH] = GPSVM_FAULT_ACCESS_PREFETCH,
};

static bool gp100_fault_decode(void *entry, struct gpsvm_fault *f)
{
	__le32 *w = entry;
	u32 w7 = le32_to_cpu(READ_ONCE(w[7]));
	u32 access;

	if (!(w7 & GP100_FAULT_ENTRY_W7_VALID))
		return false;
	/* The GPU sets VALID last: read the rest only after seeing it. */
	dma_rmb();

	f->inst = (u64)le32_to_cpu(w[1]) << 32 |
		  (le32_to_cpu(w[0]) & GP100_FAULT_ENTRY_W0_INST_LO);
	f->addr = ((u64)le32_to_cpu(w[3]) << 32 | le32_to_cpu(w[2])) &
		  ~(u64)(SZ_4K - 1);
	w7 = le32_to_cpu(w[7]);
	f->client = FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT, w7);
	f->gpc = FIELD_GET(GP100_FAULT_ENTRY_W7_GPC_ID, w7);
	f->hub = FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT_TYPE, w7);
	f->hw_type = FIELD_GET(GP100_FAULT_ENTRY_W7_FAULT_TYPE, w7);
	access = FIELD_GET(GP100_FAULT_ENTRY_W7_ACCESS_TYPE, w7);

	switch (f->hw_type) {
	case GP100_FAULT_PDE:
	case GP100_FAULT_PTE:
		f->reason = GPSVM_FAULT_NOT_PRESENT;
		break;
	case GP100_FAULT_RO_VIOLATION:
		f->reason = GPSVM_FAULT_READ_ONLY;
		break;
	case GP100_FAULT_ATOMIC_VIOLATION:
		f->reason = GPSVM_FAULT_NO_ATOMIC;
		break;
	default:
		f->reason = GPSVM_FAULT_FATAL;
		break;
	}
	if (access < ARRAY_SIZE(gp100_fault_access)) {
		f->access = gp100_fault_access[access];
	} else {
		f->access = GPSVM_FAULT_ACCESS_READ;
		f->reason = GPSVM_FAULT_FATAL;
	}

	/* Hand the entry back: software clears VALID, then moves GET. */
	WRITE_ONCE(w[7], cpu_to_le32(w7 & ~GP100_FAULT_ENTRY_W7_VALID));
	return true;
}

static void gp100_fault_set_get(struct gpsvm_device *gdev, u32 get)
{
	/* VALID cleared in memory before the GPU may reuse the entries. */
	wmb();
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_GET, get);
}

static bool gp100_fault_overflow(struct gpsvm_device *gdev)
{
	if (!(gpsvm_rd32(gdev, GPSVM_FAULT_BUFFER_INFO) &
	      GPSVM_FAULT_BUFFER_INFO_OVERFLOW))
		return false;
	gpsvm_wr32(gdev, GPSVM_FAULT_BUFFER_INFO,
		   GPSVM_FAULT_BUFFER_INFO_OVERFLOW);
	return true;
}

/*
 * One PFB_MMU_INVALIDATE write naming the address space at @pdb; returns
 * once the GPU has taken it.
 */
static int gp100_fault_invalidate(struct gpsvm_device *gdev, u32 inval,
				  dma_addr_t pdb)
{
	u64 pdb_reg = pdb >> 8 | GP100_PTE_APERTURE_SYS_COH;
	u32 val;
	int ret;

	lockdep_assert_held(&gdev->tlb_lock);

	if (!(inval & GPSVM_PFB_MMU_INVALIDATE_ALL_VA)) {
		/* An empty VA range: only the replay or cancel acts. */
		gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_PDB,
			   lower_32_bits(pdb_reg));
		gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_PDB_HI,
			   upper_32_bits(pdb_reg));
		gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE_VA_PAGES, 0);
	}
	gpsvm_wr32(gdev, GPSVM_PFB_MMU_INVALIDATE,
		   inval | GPSVM_PFB_MMU_INVALIDATE_TRIGGER);
	ret = read_poll_timeout(gpsvm_rd32, val,
				!(val & GPSVM_PFB_MMU_INVALIDATE_TRIGGER), 10,
				USEC_PER_SEC, false, gdev,
				GPSVM_PFB_MMU_INVALIDATE);
	if (ret)
		dev_err_ratelimited(gdev->drm.dev, "fault replay timed out\n");
	return ret;
}

static int gp100_fault_replay(struct gpsvm_device *gdev, bool invalidate_all)
{
	u32 inval = FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY,
			       GPSVM_REPLAY_START);

	/* ALL_PDB: a replay is for every address space. */
	inval |= GPSVM_PFB_MMU_INVALIDATE_ALL_PDB;
	if (invalidate_all)
		inval |= GPSVM_PFB_MMU_INVALIDATE_ALL_VA;
	return gp100_fault_invalidate(gdev, inval, 0);
}

static int gp100_fault_cancel(struct gpsvm_device *gdev,
			      const struct gpsvm_fault_target *t)
{
	u32 inval;

	/* Every target the fault handler makes fits the CANCEL_* fields. */
	BUILD_BUG_ON(GPSVM_FAULT_GPCS - 1 >
		     FIELD_MAX(GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID));
	BUILD_BUG_ON(GPSVM_FAULT_CLIENTS - 1 >
		     FIELD_MAX(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID));
	if (!t)
		return gp100_fault_invalidate(gdev,
					      FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY,
							 GPSVM_REPLAY_CANCEL_GLOBAL) |
					      GPSVM_PFB_MMU_INVALIDATE_ALL_PDB,
					      0);
	inval = FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY,
			   GPSVM_REPLAY_CANCEL_TARGETED) |
		FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID, t->client) |
		FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID, t->gpc) |
		FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_TYPE, t->hub);
	return gp100_fault_invalidate(gdev, inval, t->pdb);
}

const struct gpsvm_fault_hal gpsvm_gp100_fault_hal = {
	.entry_size = GP100_FAULT_ENTRY_SIZE,
	.enable = gp100_fault_enable,
	.disable = gp100_fault_disable,
	.decode = gp100_fault_decode,
	.set_get = gp100_fault_set_get,
	.overflow = gp100_fault_overflow,
	.replay = gp100_fault_replay,
	.cancel = gp100_fault_cancel,
};
EXPORT_SYMBOL_IF_KUNIT(gpsvm_gp100_fault_hal);
