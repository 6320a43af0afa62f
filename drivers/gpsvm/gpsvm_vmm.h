/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm VMM: the GPU page tables of one address space.
 */
#ifndef __GPSVM_VMM_H__
#define __GPSVM_VMM_H__

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct device;
struct gpsvm_device;
struct gpsvm_pt;
struct gpsvm_vmm_hal;

/* Mapping flags: what a PTE grants. */
#define GPSVM_MAP_VRAM		BIT(0)	/* the address is a VRAM offset */
#define GPSVM_MAP_READ_ONLY	BIT(1)
#define GPSVM_MAP_NO_ATOMIC	BIT(2)
#define GPSVM_MAP_FLAGS		(BIT(3) - 1)
/*
 * Not a PTE bit: leave a valid system-memory PTE that grants the same
 * alone, whatever page it maps. For SVM, whose PTEs always map the page
 * the CPU maps (a re-map behind an IOMMU gets another DMA address).
 */
#define GPSVM_MAP_KEEP		BIT(3)

/* Releases a batch queues; small, as batches live on the stack. */
#define GPSVM_VMM_BATCH_RELEASES	16

/**
 * struct gpsvm_vmm_release - a PTE to release once the TLBs dropped it
 * @va: its VA
 * @pte: its value
 * @shift: its page shift
 */
struct gpsvm_vmm_release {
	u64 va;
	u64 pte;
	unsigned int shift;
};

/**
 * struct gpsvm_vmm_batch - page-table changes waiting for one TLB flush
 * @start: lowest VA whose translation changed
 * @end: end of the highest such VA; @start >= @end means none
 * @free: page tables unlinked from the tree, freed after the flush
 * @changed: PTEs cleared or overwritten since gpsvm_vmm_batch_init()
 * @error: the first error of a flush the VMM did when @releases was full
 * @nreleases: entries in @releases
 * @releases: PTEs for &gpsvm_vmm.release once the TLBs dropped them
 *
 * Callers gather a whole operation's changes here and flush once, so
 * that an invalidate covers the range that changed, not the address space.
 * See "gpsvm VMM locking" for what a flush does when @releases is full.
 */
struct gpsvm_vmm_batch {
	u64 start;
	u64 end;
	struct list_head free;
	unsigned long changed;
	int error;
	unsigned int nreleases;
	struct gpsvm_vmm_release releases[GPSVM_VMM_BATCH_RELEASES];
};

/**
 * struct gpsvm_vmm - one GPU address space
 * @dev: the device page tables are DMA-allocated for
 * @hal: the page-table format
 * @lock: protects the tree and the entries it holds
 * @root: the top-level page directory
 * @va_limit: first VA past the address space
 * @gdev: the GPU whose TLBs a batch is flushed on when its releases are
 *	full; needed with @release
 * @release: if set, called for each valid PTE unmap clears or map
 *	overwrites, with its VA, old value and page shift, once the TLB
 *	flush covering it is done
 * @wedged: 0, or the negative errno channel creation in it fails with
 *	once a TLB invalidate of it timed out; under
 *	&gpsvm_device.chan_lock (see gpsvm_chan_wedge())
 */
struct gpsvm_vmm {
	struct device *dev;
	const struct gpsvm_vmm_hal *hal;
	/* See "gpsvm VMM locking". */
	struct mutex lock;
	struct gpsvm_pt *root;
	u64 va_limit;
	struct gpsvm_device *gdev;
	void (*release)(struct gpsvm_vmm *vmm, u64 va, u64 pte,
			unsigned int shift);
	int wedged;
};

void gpsvm_vmm_batch_init(struct gpsvm_vmm_batch *batch);
void gpsvm_vmm_batch_add(struct gpsvm_vmm_batch *batch, u64 start, u64 end);
int gpsvm_vmm_init(struct gpsvm_vmm *vmm, struct device *dev,
		   const struct gpsvm_vmm_hal *hal, u64 va_limit);
void gpsvm_vmm_fini(struct gpsvm_vmm *vmm);
dma_addr_t gpsvm_vmm_pdb(const struct gpsvm_vmm *vmm);
int gpsvm_vmm_map(struct gpsvm_vmm *vmm, u64 va, u64 size,
		  unsigned int page_shift, u64 addr, u32 flags,
		  struct gpsvm_vmm_batch *batch);
int gpsvm_vmm_prepare(struct gpsvm_vmm *vmm, u64 va, u64 size,
		      unsigned int page_shift);
int gpsvm_vmm_map_prepared(struct gpsvm_vmm *vmm, u64 va, u64 size,
			   unsigned int page_shift, u64 addr, u32 flags,
			   struct gpsvm_vmm_batch *batch);
u64 gpsvm_vmm_lookup(struct gpsvm_vmm *vmm, u64 va, unsigned int *shift);
void gpsvm_vmm_unmap(struct gpsvm_vmm *vmm, u64 va, u64 size,
		     struct gpsvm_vmm_batch *batch);
void gpsvm_vmm_batch_done(struct gpsvm_vmm *vmm,
			  struct gpsvm_vmm_batch *batch);

#endif /* __GPSVM_VMM_H__ */
