// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: the MMU. Walks GP100 "VER2" page tables (49-bit VA) in
 * VRAM or system memory, caches translations in per-engine TLBs and
 * implements the MMU invalidate registers. firmware-notes/mmu.md.
 */

#include <linux/bitfield.h>
#include <linux/highmem.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/module.h>

#include <kunit/visibility.h>

#include "gpsvm_model.h"

/**
 * DOC: gpsvm model MMU locking
 *
 * Each engine owns a &struct gpsvm_model_tlb with a spinlock,
 * &gpsvm_model_tlb.lock. An engine takes it with gpsvm_model_tlb_lock()
 * around a translation *and* the memory access that uses it, and drops it
 * before anything else (raising an interrupt, writing a fault entry,
 * sleeping): a replayable fault is reported with
 * gpsvm_model_fault_report() only after the TLB lock is dropped. Under
 * it the engine only walks page tables and touches the translated bytes,
 * through kmap_local_page() or the VRAM backing: nothing sleeps.
 *
 * An invalidate (the PFB_MMU_INVALIDATE register, in any context, hard
 * interrupt included) takes &gpsvm_model.mmu_lock, which serialises
 * invalidates and protects the list of TLBs, then each TLB's lock in turn.
 * Both locks are taken with interrupts disabled, as register accesses may
 * come from interrupt handlers.
 * An invalidate's REPLAY part runs after it, outside these locks (see
 * "gpsvm model replayable faults"). Lock order: &gpsvm_model.mmu_lock, then
 * &gpsvm_model_tlb.lock. &gpsvm_model.lock (registers) is never held with
 * either: the register write snapshots the invalidate registers under it,
 * drops it, and then invalidates.
 *
 * Because a translation and its access happen under the TLB lock, and the
 * invalidate takes every TLB lock, when the TRIGGER bit reads 0 no engine
 * is still using a translation the invalidate removed and every later
 * access walks the page tables again. This is what makes "clear the PTE,
 * invalidate, then free the page" safe.
 *
 * Page-table entries are read with READ_ONCE(), one 8-byte word at a time,
 * as the driver may rewrite them concurrently; the walk takes no lock of
 * the driver's.
 */

/*
 * The walk returns 0 or XLAT_FAULT(type): FAULT_PDE is 0, so fault types
 * are tagged to tell them from success.
 */
#define XLAT_FAULT(type)	(0x100 | (type))

static bool gpsvm_model_aper_is_sys(unsigned int aperture)
{
	return aperture == GPSVM_MODEL_APER_SYS_COH ||
	       aperture == GPSVM_MODEL_APER_SYS_NCOH;
}

/* Does [addr, addr + len) lie in memory of that aperture? */
static bool gpsvm_model_mem_ok(struct gpsvm_model *gpu, unsigned int aperture,
			       u64 addr, size_t len)
{
	if (!len)
		return false;
	if (aperture == GPSVM_MODEL_APER_VIDEO)
		return addr < gpu->vram_size && len <= gpu->vram_size - addr;
	if (!gpsvm_model_aper_is_sys(aperture))
		return false;
	if (addr >> PAGE_SHIFT > ULONG_MAX || !pfn_valid(PHYS_PFN(addr)))
		return false;
	return offset_in_page(addr) + len <= PAGE_SIZE;
}

/**
 * gpsvm_model_mem_map() - map memory of the GPU's view for CPU access
 * @gpu: the GPU
 * @aperture: GPSVM_MODEL_APER_*
 * @addr: VRAM offset, or system DMA (= physical) address
 * @len: bytes to access; the range must not cross a 4 KiB page
 *
 * System memory is mapped with kmap_local_page(): unmap in reverse order
 * with gpsvm_model_mem_unmap(), in the same task.
 *
 * Context: any; never sleeps.
 * Return: a pointer to the byte at @addr, or NULL when there is no such
 * memory.
 */
void *gpsvm_model_mem_map(struct gpsvm_model *gpu, unsigned int aperture,
			  u64 addr, size_t len)
{
	if (!gpsvm_model_mem_ok(gpu, aperture, addr, len))
		return NULL;
	if (aperture == GPSVM_MODEL_APER_VIDEO)
		return gpu->vram + addr;
	return kmap_local_page(pfn_to_page(PHYS_PFN(addr))) +
	       offset_in_page(addr);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_mem_map);

/**
 * gpsvm_model_mem_unmap() - undo gpsvm_model_mem_map()
 * @aperture: the aperture it was mapped with
 * @p: the pointer it returned (not NULL)
 *
 * Context: any; never sleeps.
 */
void gpsvm_model_mem_unmap(unsigned int aperture, void *p)
{
	if (aperture != GPSVM_MODEL_APER_VIDEO)
		kunmap_local(p);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_mem_unmap);

/* Read one aligned 64-bit word, as the MMU reads a table entry. */
static bool gpsvm_model_mem_rd64(struct gpsvm_model *gpu,
				 unsigned int aperture, u64 addr, u64 *val)
{
	__le64 *p = gpsvm_model_mem_map(gpu, aperture, addr, sizeof(*p));

	if (!p)
		return false;
	*val = le64_to_cpu(READ_ONCE(*p));
	gpsvm_model_mem_unmap(aperture, p);
	return true;
}

/* A PDE (PD3..PD1, or the small half of PD0) to the next table. */
static bool gpsvm_model_pde_decode(u64 pde, u64 addr_mask, unsigned int *aper,
				   u64 *table)
{
	switch (FIELD_GET(GP100_PDE_APERTURE, pde)) {
	case GP100_PDE_APERTURE_VIDEO:
		*aper = GPSVM_MODEL_APER_VIDEO;
		*table = (pde & GP100_PDE_ADDR_VID) >> 8 << GP100_PDE_ADDR_SHIFT;
		return true;
	case GP100_PDE_APERTURE_SYS_COH:
		*aper = GPSVM_MODEL_APER_SYS_COH;
		break;
	case GP100_PDE_APERTURE_SYS_NCOH:
		*aper = GPSVM_MODEL_APER_SYS_NCOH;
		break;
	default:
		return false;
	}
	*table = (pde & addr_mask) >> 8 << GP100_PDE_ADDR_SHIFT;
	return true;
}

/* A valid PTE of 1 << shift bytes: fill @e or return a fault type. */
static int gpsvm_model_pte_decode(struct gpsvm_model *gpu, u64 pte,
				  unsigned int shift,
				  struct gpsvm_model_tlb_entry *e)
{
	unsigned int aper = FIELD_GET(GP100_PTE_APERTURE, pte);
	u64 size = BIT_ULL(shift);
	u64 addr;

	if (aper == GP100_PTE_APERTURE_PEER)
		return XLAT_FAULT(GP100_FAULT_UNSUPPORTED_APERTURE);
	/*
	 * GP100's L2 would keep a non-VOL system page and miss the CPU's
	 * writes. The model has no L2 to go stale: it refuses such a page,
	 * so that a missing VOL fails instead of working by luck.
	 */
	if (aper != GP100_PTE_APERTURE_VIDEO && !(pte & GP100_PTE_VOL))
		return XLAT_FAULT(GP100_FAULT_UNSUPPORTED_APERTURE);
	if (aper == GP100_PTE_APERTURE_VIDEO)
		addr = FIELD_GET(GP100_PTE_ADDR_VID, pte) << GP100_PTE_ADDR_SHIFT;
	else
		addr = FIELD_GET(GP100_PTE_ADDR_SYS, pte) << GP100_PTE_ADDR_SHIFT;
	/* Address bits below the page size are ignored. */
	addr &= ~(size - 1);
	if (aper == GP100_PTE_APERTURE_VIDEO &&
	    (addr >= gpu->vram_size || size > gpu->vram_size - addr))
		return XLAT_FAULT(GP100_FAULT_REGION);

	e->base = addr;
	e->aperture = aper;
	e->page_shift = shift;
	e->kind = FIELD_GET(GP100_PTE_KIND, pte);
	e->flags = 0;
	if (pte & GP100_PTE_READ_ONLY)
		e->flags |= GPSVM_MODEL_XLAT_READ_ONLY;
	if (pte & GP100_PTE_ATOMIC_DISABLE)
		e->flags |= GPSVM_MODEL_XLAT_ATOMIC_DISABLE;
	if (pte & GP100_PTE_VOL)
		e->flags |= GPSVM_MODEL_XLAT_VOL;
	if (pte & GP100_PTE_PRIV)
		e->flags |= GPSVM_MODEL_XLAT_PRIV;
	return 0;
}

static void gpsvm_model_sparse(unsigned int shift,
			       struct gpsvm_model_tlb_entry *e)
{
	e->base = 0;
	e->aperture = GPSVM_MODEL_APER_VIDEO;
	e->page_shift = shift;
	e->kind = 0;
	e->flags = GPSVM_MODEL_XLAT_SPARSE;
}

/* An invalid PTE: sparse (VALID 0, VOL 1) or a PTE fault. */
static bool gpsvm_model_pte_sparse(u64 pte)
{
	return !(pte & GP100_PTE_VALID) && (pte & GP100_PTE_VOL);
}

/*
 * Walk the page tables of @vas for @va. Return 0 with the translation of
 * the page in @e, or XLAT_FAULT(a GP100_FAULT_* type).
 */
static int gpsvm_model_mmu_walk(struct gpsvm_model *gpu,
				const struct gpsvm_model_vas *vas, u64 va,
				struct gpsvm_model_tlb_entry *e)
{
	static const u64 pd_va[] = {
		GP100_MMU_PD3_VA, GP100_MMU_PD2_VA, GP100_MMU_PD1_VA,
	};
	unsigned int aper = vas->pdb & GP100_RAMIN_PDB_TARGET;
	u64 table = vas->pdb & ~(u64)(SZ_4K - 1);
	unsigned int aper_s, aper_b = 0;
	u64 lo, hi, pte, spt, bpt = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pd_va); i++) {
		u64 idx = (va & pd_va[i]) >> __ffs64(pd_va[i]);
		u64 pde;

		if (!gpsvm_model_mem_rd64(gpu, aper, table + idx * 8, &pde))
			return XLAT_FAULT(GP100_FAULT_REGION);
		if (pde & GP100_PDE_IS_PTE)
			return XLAT_FAULT(GP100_FAULT_PDE_SIZE);
		if (!gpsvm_model_pde_decode(pde, GP100_PDE_ADDR_SYS, &aper,
					    &table))
			return XLAT_FAULT(GP100_FAULT_PDE);
	}

	/* PD0: a 2 MiB PTE, or a dual PDE. */
	table += FIELD_GET(GP100_MMU_PD0_VA, va) * GP100_MMU_PD0_ENTRY_SIZE;
	if (!gpsvm_model_mem_rd64(gpu, aper, table, &lo) ||
	    !gpsvm_model_mem_rd64(gpu, aper, table + 8, &hi))
		return XLAT_FAULT(GP100_FAULT_REGION);
	if (lo & GP100_PDE_IS_PTE)
		return gpsvm_model_pte_decode(gpu, lo, GP100_MMU_HUGE_SHIFT, e);

	/* The big PT: 256-byte aligned, address shift 8. */
	switch (FIELD_GET(GP100_DUAL_PDE_BIG_APERTURE, lo)) {
	case GP100_PDE_APERTURE_VIDEO:
		aper_b = GPSVM_MODEL_APER_VIDEO;
		break;
	case GP100_PDE_APERTURE_SYS_COH:
		aper_b = GPSVM_MODEL_APER_SYS_COH;
		break;
	case GP100_PDE_APERTURE_SYS_NCOH:
		aper_b = GPSVM_MODEL_APER_SYS_NCOH;
		break;
	default:
		aper_b = U32_MAX;
		break;
	}
	bpt = FIELD_GET(GP100_DUAL_PDE_BIG_ADDR, lo) <<
	      GP100_DUAL_PDE_BIG_ADDR_SHIFT;
	if (!gpsvm_model_pde_decode(hi, GP100_DUAL_PDE_SMALL_ADDR, &aper_s,
				    &spt))
		aper_s = U32_MAX;
	if (aper_b == U32_MAX && aper_s == U32_MAX)
		return XLAT_FAULT(GP100_FAULT_PDE);

	if (aper_b != U32_MAX) {
		u64 idx = FIELD_GET(GP100_MMU_BPT_VA, va);

		if (!gpsvm_model_mem_rd64(gpu, aper_b, bpt + idx * 8, &pte))
			return XLAT_FAULT(GP100_FAULT_REGION);
		if (pte & GP100_PTE_VALID)
			return gpsvm_model_pte_decode(gpu, pte,
						      GP100_MMU_BIG_SHIFT, e);
		if (gpsvm_model_pte_sparse(pte)) {
			gpsvm_model_sparse(GP100_MMU_BIG_SHIFT, e);
			return 0;
		}
		/*
		 * Only an all-zero big PTE sends the MMU to the small PTEs;
		 * VALID 0 with PRIV 1 says "ignore the small PTEs", and any
		 * other invalid big PTE faults as well.
		 */
		if (pte)
			return XLAT_FAULT(GP100_FAULT_PTE);
	}
	if (aper_s == U32_MAX)
		return XLAT_FAULT(GP100_FAULT_PTE);

	if (!gpsvm_model_mem_rd64(gpu, aper_s,
				  spt + FIELD_GET(GP100_MMU_SPT_VA, va) * 8,
				  &pte))
		return XLAT_FAULT(GP100_FAULT_REGION);
	if (pte & GP100_PTE_VALID)
		return gpsvm_model_pte_decode(gpu, pte, GP100_MMU_SMALL_SHIFT,
					      e);
	if (gpsvm_model_pte_sparse(pte)) {
		gpsvm_model_sparse(GP100_MMU_SMALL_SHIFT, e);
		return 0;
	}
	return XLAT_FAULT(GP100_FAULT_PTE);
}

/**
 * gpsvm_model_pdb_same() - do two page-directory bases name one address space?
 * @a: a base, in the form of &gpsvm_model_vas.pdb
 * @b: another
 *
 * Return: true for the same address, both in VRAM or both in system memory.
 */
bool gpsvm_model_pdb_same(u64 a, u64 b)
{
	u64 mask = ~(u64)(SZ_4K - 1);

	return (a & mask) == (b & mask) &&
	       gpsvm_model_aper_is_sys(a & GP100_RAMIN_PDB_TARGET) ==
	       gpsvm_model_aper_is_sys(b & GP100_RAMIN_PDB_TARGET);
}

static struct gpsvm_model_tlb_entry *
gpsvm_model_tlb_lookup(struct gpsvm_model_tlb *tlb, u64 pdb, u64 va)
{
	unsigned int i;

	lockdep_assert_held(&tlb->lock);

	for (i = 0; i < GPSVM_MODEL_TLB_ENTRIES; i++) {
		struct gpsvm_model_tlb_entry *e = &tlb->entries[i];

		if (e->page_shift && e->pdb == pdb &&
		    e->va == (va & ~(BIT_ULL(e->page_shift) - 1)))
			return e;
	}
	return NULL;
}

/**
 * gpsvm_model_mmu_translate() - translate one GPU virtual address
 * @gpu: the GPU
 * @tlb: the engine's TLB, locked with gpsvm_model_tlb_lock(); or NULL to
 *	walk the page tables without caching
 * @vas: the address space (see gpsvm_model_vas_from_inst())
 * @va: the address
 * @access: GP100_ACCESS_*, or'd with GPSVM_MODEL_ACCESS_PRIV for a
 *	privileged client
 * @out: the translation, or on failure the fault type
 *
 * A hit in @tlb is answered from the TLB even when the page tables have
 * changed since: software must invalidate. Successful translations
 * (sparse ones included) are cached; faults are not, nor are permission
 * faults, though they may be answered from a cached translation. The
 * translated byte is reached with gpsvm_model_mem_map() while @tlb stays
 * locked. A sparse translation (GPSVM_MODEL_XLAT_SPARSE) has no memory:
 * reads return 0, writes and atomics are dropped.
 *
 * Context: any; never sleeps; the TLB lock held if @tlb.
 * Return: 0, or -EFAULT with @out->fault_type set.
 */
int gpsvm_model_mmu_translate(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb,
			      const struct gpsvm_model_vas *vas, u64 va,
			      unsigned int access,
			      struct gpsvm_model_xlat *out)
{
	unsigned int type = FIELD_GET(GPSVM_MODEL_ACCESS_TYPE, access);
	struct gpsvm_model_tlb_entry walked, *e = NULL;
	u32 hit = 0;
	int fault;

	memset(out, 0, sizeof(*out));
	if (va >> GP100_MMU_VA_BITS || va > vas->va_last) {
		fault = XLAT_FAULT(GP100_FAULT_VA_LIMIT);
		goto fault;
	}

	if (tlb) {
		e = gpsvm_model_tlb_lookup(tlb, vas->pdb, va);
		if (e) {
			tlb->hits++;
			hit = GPSVM_MODEL_XLAT_TLB_HIT;
		} else {
			tlb->misses++;
		}
	}
	if (!e) {
		fault = gpsvm_model_mmu_walk(gpu, vas, va, &walked);
		if (fault)
			goto fault;
		walked.pdb = vas->pdb;
		walked.va = va & ~(BIT_ULL(walked.page_shift) - 1);
		e = &walked;
		if (tlb) {
			tlb->entries[tlb->next] = walked;
			tlb->next = (tlb->next + 1) % GPSVM_MODEL_TLB_ENTRIES;
		}
	}

	out->aperture = e->aperture;
	out->page_shift = e->page_shift;
	out->kind = e->kind;
	out->flags = e->flags | hit;
	if (e->flags & GPSVM_MODEL_XLAT_SPARSE)
		return 0;
	out->phys = e->base + (va & (BIT_ULL(e->page_shift) - 1));

	if ((e->flags & GPSVM_MODEL_XLAT_PRIV) &&
	    !(access & GPSVM_MODEL_ACCESS_PRIV))
		fault = GP100_FAULT_PRIV;
	else if ((type == GP100_ACCESS_WRITE || type == GP100_ACCESS_ATOMIC) &&
		 (e->flags & GPSVM_MODEL_XLAT_READ_ONLY))
		fault = GP100_FAULT_RO_VIOLATION;
	else if (type == GP100_ACCESS_ATOMIC &&
		 (e->flags & GPSVM_MODEL_XLAT_ATOMIC_DISABLE))
		fault = GP100_FAULT_ATOMIC_VIOLATION;
	else if (!gpsvm_model_mem_ok(gpu, e->aperture, out->phys, 1))
		fault = GP100_FAULT_REGION;
	else
		return 0;
fault:
	out->fault_type = fault & 0xff;
	return -EFAULT;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_mmu_translate);

/**
 * gpsvm_model_vas_from_inst() - the address space an instance block names
 * @gpu: the GPU
 * @aperture: where the instance block is: GPSVM_MODEL_APER_*
 * @inst: its address, 4 KiB aligned
 * @vas: filled in
 * @fault_type: set to GP100_FAULT_UNBOUND_INST on failure
 *
 * The model implements only the VER2 format with 64 KiB big pages: an
 * instance block without both bits, with an invalid PDB target (1), or
 * outside memory is unbound.
 *
 * Context: any; never sleeps.
 * Return: 0, or -EFAULT.
 */
int gpsvm_model_vas_from_inst(struct gpsvm_model *gpu, unsigned int aperture,
			      u64 inst, struct gpsvm_model_vas *vas,
			      u8 *fault_type)
{
	u64 pdb, limit;
	u32 lo;

	if (!IS_ALIGNED(inst, SZ_4K) ||
	    !gpsvm_model_mem_rd64(gpu, aperture, inst + GP100_RAMIN_PDB_LO,
				  &pdb) ||
	    !gpsvm_model_mem_rd64(gpu, aperture, inst + GP100_RAMIN_LIMIT_LO,
				  &limit))
		goto unbound;
	lo = lower_32_bits(pdb);
	if (FIELD_GET(GP100_RAMIN_PDB_TARGET, lo) == GP100_PTE_APERTURE_PEER ||
	    !(lo & GP100_RAMIN_PDB_VER2) || !(lo & GP100_RAMIN_PDB_BIG_64K))
		goto unbound;
	vas->pdb = ((u64)upper_32_bits(pdb) << 32) |
		   (lo & GP100_RAMIN_PDB_ADDR_LO) |
		   FIELD_GET(GP100_RAMIN_PDB_TARGET, lo);
	vas->va_last = limit | (SZ_4K - 1);
	vas->flags = lo & (GP100_RAMIN_PDB_REPLAY_TEX |
			   GP100_RAMIN_PDB_REPLAY_GCC);
	return 0;

unbound:
	*fault_type = GP100_FAULT_UNBOUND_INST;
	return -EFAULT;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_vas_from_inst);

/* Drop what an invalidate names from one TLB. */
static void gpsvm_model_tlb_flush(struct gpsvm_model_tlb *tlb, u32 inval,
				  u64 pdb, u64 va, u64 end)
{
	unsigned int i;

	lockdep_assert_held(&tlb->lock);

	for (i = 0; i < GPSVM_MODEL_TLB_ENTRIES; i++) {
		struct gpsvm_model_tlb_entry *e = &tlb->entries[i];

		if (!e->page_shift)
			continue;
		if (!(inval & GPSVM_PFB_MMU_INVALIDATE_ALL_PDB) &&
		    !gpsvm_model_pdb_same(e->pdb, pdb))
			continue;
		if (!(inval & GPSVM_PFB_MMU_INVALIDATE_ALL_VA) &&
		    (e->va >= end || e->va + BIT_ULL(e->page_shift) <= va))
			continue;
		e->page_shift = 0;
	}
}

/**
 * gpsvm_model_mmu_invalidate() - invalidate the TLBs of all engines
 * @gpu: the GPU
 * @inval: PFB_MMU_INVALIDATE bits: ALL_VA, ALL_PDB, SYS_MEMBAR are used;
 *	CACHE_LEVEL is ignored (the TLBs cache no PDEs); REPLAY and CANCEL_*
 *	are for gpsvm_model_fault_replay(), which the register write calls
 *	after this returns
 * @pdb: the address space unless ALL_PDB: address | aperture, as in
 *	&gpsvm_model_vas.pdb
 * @va: the first VA unless ALL_VA
 * @pages: the range's length in 4 KiB pages unless ALL_VA
 *
 * Returns once no engine uses a removed translation any more.
 *
 * Context: any; never sleeps; takes &gpsvm_model.mmu_lock and the TLB
 * locks, so not from under a TLB lock.
 */
void gpsvm_model_mmu_invalidate(struct gpsvm_model *gpu, u32 inval, u64 pdb,
				u64 va, u32 pages)
{
	u64 end = va + ((u64)pages << GP100_MMU_SMALL_SHIFT);
	struct gpsvm_model_tlb *tlb;
	unsigned long flags;

	spin_lock_irqsave(&gpu->mmu_lock, flags);
	list_for_each_entry(tlb, &gpu->tlbs, node) {
		spin_lock(&tlb->lock);
		gpsvm_model_tlb_flush(tlb, inval, pdb, va, end);
		spin_unlock(&tlb->lock);
	}
	spin_unlock_irqrestore(&gpu->mmu_lock, flags);
	if (inval & GPSVM_PFB_MMU_INVALIDATE_SYS_MEMBAR)
		smp_mb(); /* engines' accesses before the invalidate, CPU's after */
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_mmu_invalidate);

/**
 * gpsvm_model_tlb_register() - give an engine a TLB
 * @gpu: the GPU
 * @tlb: the TLB, empty; registered until gpsvm_model_tlb_unregister()
 *
 * Context: any; never sleeps.
 */
void gpsvm_model_tlb_register(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb)
{
	unsigned long flags;

	memset(tlb, 0, sizeof(*tlb));
	tlb->gpu = gpu;
	spin_lock_init(&tlb->lock);
	spin_lock_irqsave(&gpu->mmu_lock, flags);
	list_add_tail(&tlb->node, &gpu->tlbs);
	spin_unlock_irqrestore(&gpu->mmu_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_tlb_register);

/**
 * gpsvm_model_tlb_unregister() - remove a TLB from its GPU
 * @tlb: the TLB, not locked
 *
 * Context: any; never sleeps.
 */
void gpsvm_model_tlb_unregister(struct gpsvm_model_tlb *tlb)
{
	struct gpsvm_model *gpu = tlb->gpu;
	unsigned long flags;

	spin_lock_irqsave(&gpu->mmu_lock, flags);
	list_del(&tlb->node);
	spin_unlock_irqrestore(&gpu->mmu_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_tlb_unregister);

/**
 * gpsvm_model_tlb_lock() - lock a TLB for translations and accesses
 * @tlb: the TLB
 *
 * Hold it only for translations and the memory accesses that use them.
 *
 * Context: any; disables interrupts.
 * Return: the flags to pass to gpsvm_model_tlb_unlock().
 */
unsigned long gpsvm_model_tlb_lock(struct gpsvm_model_tlb *tlb)
	__acquires(&tlb->lock)
{
	unsigned long flags;

	spin_lock_irqsave(&tlb->lock, flags);
	return flags;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_tlb_lock);

/**
 * gpsvm_model_tlb_unlock() - unlock a TLB
 * @tlb: the TLB
 * @flags: what gpsvm_model_tlb_lock() returned
 *
 * Context: the TLB locked by this task.
 */
void gpsvm_model_tlb_unlock(struct gpsvm_model_tlb *tlb, unsigned long flags)
	__releases(&tlb->lock)
{
	spin_unlock_irqrestore(&tlb->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_tlb_unlock);

/**
 * gpsvm_model_mmu_init() - reset the MMU of a new GPU
 * @gpu: the GPU
 *
 * Context: any.
 */
void gpsvm_model_mmu_init(struct gpsvm_model *gpu)
{
	spin_lock_init(&gpu->mmu_lock);
	INIT_LIST_HEAD(&gpu->tlbs);
}
