/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal interface of the gpsvm GPU model. Drivers never include this:
 * they see only include/gpsvm_hw.h. The model's KUnit tests do.
 */
#ifndef __GPSVM_MODEL_H__
#define __GPSVM_MODEL_H__

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "include/gpsvm_hw.h"
#include "include/gpsvm_hw_mmu.h"

struct irq_domain;
struct fwnode_handle;
struct platform_device;

/**
 * struct gpsvm_model - one modelled GPU
 * @index: GPU number, also the platform device id
 * @lock: protects the register state below; taken with interrupts off, as
 *	registers are read from hard-interrupt handlers
 * @intr: PMC interrupt status
 * @intr_en: PMC interrupt enable
 * @scratch: PBUS scratch registers
 * @mmu_pdb: PFB_MMU_INVALIDATE_PDB and _PDB_HI, as one 64-bit value
 * @mmu_inval: PFB_MMU_INVALIDATE, TRIGGER set while an invalidate runs
 * @mmu_va: the targeted invalidate's VA, from _VA_LO and _VA_HI
 * @mmu_va_pages: PFB_MMU_INVALIDATE_VA_PAGES
 * @mmu_lock: serialises invalidates and protects @tlbs; see
 *	"gpsvm model MMU locking"
 * @tlbs: the registered &struct gpsvm_model_tlb
 * @vram: host memory that backs the GPU's VRAM
 * @vram_size: its size in bytes
 * @fwnode: names the interrupt domain
 * @domain: IRQ simulator domain: the GPU's interrupt line
 * @irq: the Linux IRQ number of that line
 * @bus: what the driver gets as platform data
 * @pdev: the platform device, when registered
 */
struct gpsvm_model {
	unsigned int index;
	/* Register state; see "gpsvm model locking". */
	spinlock_t lock;
	u32 intr;
	u32 intr_en;
	u32 scratch[GPSVM_PBUS_SCRATCH_COUNT];
	u64 mmu_pdb;
	u32 mmu_inval;
	u64 mmu_va;
	u32 mmu_va_pages;
	/* MMU: see "gpsvm model MMU locking". */
	spinlock_t mmu_lock;
	struct list_head tlbs;
	void *vram;
	u64 vram_size;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	int irq;
	struct gpsvm_hw_bus bus;
	struct platform_device *pdev;
};

struct gpsvm_model *gpsvm_model_create(unsigned int index, u64 vram_size);
void gpsvm_model_destroy(struct gpsvm_model *gpu);
u32 gpsvm_model_rd32(void *ctx, u32 reg);
void gpsvm_model_wr32(void *ctx, u32 reg, u32 val);
void gpsvm_model_intr_raise(struct gpsvm_model *gpu, u32 bits);

/* MMU: gpsvm_model_mmu.c; firmware-notes/mmu.md. */

/*
 * Apertures, in the PTE encoding: VRAM, or system memory by DMA address
 * (which is the physical address: the model has no IOMMU).
 */
#define GPSVM_MODEL_APER_VIDEO		GP100_PTE_APERTURE_VIDEO
#define GPSVM_MODEL_APER_SYS_COH	GP100_PTE_APERTURE_SYS_COH
#define GPSVM_MODEL_APER_SYS_NCOH	GP100_PTE_APERTURE_SYS_NCOH

/*
 * Access types for gpsvm_model_mmu_translate(): GP100_ACCESS_*, or'd with
 * GPSVM_MODEL_ACCESS_PRIV for a privileged client (may use PRIV pages).
 */
#define GPSVM_MODEL_ACCESS_TYPE		GENMASK(1, 0)
#define GPSVM_MODEL_ACCESS_PRIV		BIT(8)

/**
 * struct gpsvm_model_vas - an address space, as an instance block names it
 * @pdb: page-directory base: its address | its aperture (bits 1:0); the
 *	key of the TLB and the PDB of an invalidate
 * @va_last: the highest VA that may be translated (VA limit - 1)
 * @flags: GP100_RAMIN_PDB_REPLAY_TEX and _GCC as in the instance block
 */
struct gpsvm_model_vas {
	u64 pdb;
	u64 va_last;
	u32 flags;
};

/* struct gpsvm_model_xlat flags */
#define GPSVM_MODEL_XLAT_SPARSE		BIT(0)	/* reads 0, writes dropped */
#define GPSVM_MODEL_XLAT_READ_ONLY	BIT(1)
#define GPSVM_MODEL_XLAT_ATOMIC_DISABLE	BIT(2)
#define GPSVM_MODEL_XLAT_VOL		BIT(3)
#define GPSVM_MODEL_XLAT_PRIV		BIT(4)
#define GPSVM_MODEL_XLAT_TLB_HIT	BIT(5)	/* answered from the TLB */

/**
 * struct gpsvm_model_xlat - result of a translation
 * @phys: the address of the translated byte in @aperture (0 when sparse)
 * @aperture: GPSVM_MODEL_APER_*
 * @page_shift: the page size, 12, 16 or 21
 * @flags: GPSVM_MODEL_XLAT_*
 * @kind: the PTE's KIND
 * @fault_type: GP100_FAULT_* when the translation failed
 */
struct gpsvm_model_xlat {
	u64 phys;
	u8 aperture;
	u8 page_shift;
	u8 kind;
	u8 fault_type;
	u32 flags;
};

/**
 * struct gpsvm_model_tlb_entry - one cached translation
 * @pdb: &gpsvm_model_vas.pdb it belongs to
 * @va: the VA of the page
 * @base: the address of the page in @aperture
 * @aperture: GPSVM_MODEL_APER_*
 * @page_shift: the page size; 0 for a free entry
 * @kind: the PTE's KIND
 * @flags: GPSVM_MODEL_XLAT_* but TLB_HIT
 */
struct gpsvm_model_tlb_entry {
	u64 pdb;
	u64 va;
	u64 base;
	u8 aperture;
	u8 page_shift;
	u8 kind;
	u32 flags;
};

#define GPSVM_MODEL_TLB_ENTRIES		32

/**
 * struct gpsvm_model_tlb - the TLB of one engine
 * @gpu: the GPU it is registered with
 * @node: in &gpsvm_model.tlbs
 * @lock: protects the entries, and covers a translation and the access
 *	that uses it; see "gpsvm model MMU locking"
 * @next: the entry to replace next (round robin)
 * @hits: lookups answered from the TLB
 * @misses: lookups that walked the page tables
 * @entries: the cached translations, fully associative
 */
struct gpsvm_model_tlb {
	struct gpsvm_model *gpu;
	struct list_head node;
	/* Over the entries and stats; see "gpsvm model MMU locking". */
	spinlock_t lock;
	unsigned int next;
	u64 hits;
	u64 misses;
	struct gpsvm_model_tlb_entry entries[GPSVM_MODEL_TLB_ENTRIES];
};

void gpsvm_model_mmu_init(struct gpsvm_model *gpu);
void gpsvm_model_tlb_register(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb);
void gpsvm_model_tlb_unregister(struct gpsvm_model_tlb *tlb);
unsigned long gpsvm_model_tlb_lock(struct gpsvm_model_tlb *tlb);
void gpsvm_model_tlb_unlock(struct gpsvm_model_tlb *tlb, unsigned long flags);
int gpsvm_model_vas_from_inst(struct gpsvm_model *gpu, unsigned int aperture,
			      u64 inst, struct gpsvm_model_vas *vas,
			      u8 *fault_type);
int gpsvm_model_mmu_translate(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb,
			      const struct gpsvm_model_vas *vas, u64 va,
			      unsigned int access,
			      struct gpsvm_model_xlat *out);
void gpsvm_model_mmu_invalidate(struct gpsvm_model *gpu, u32 inval, u64 pdb,
				u64 va, u32 pages);
void *gpsvm_model_mem_map(struct gpsvm_model *gpu, unsigned int aperture,
			  u64 addr, size_t len);
void gpsvm_model_mem_unmap(unsigned int aperture, void *p);

#endif /* __GPSVM_MODEL_H__ */
