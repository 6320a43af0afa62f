// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm VMM: building and tearing down the GPU page tables of an address
 * space. The entry formats come from the chip's HAL; the tree shape here is
 * that of NVIDIA's VER2 MMU (Pascal to Ampere): page directories down to a
 * PD0 whose entries point at a small-page and a big-page table, or hold a
 * huge-page PTE.
 */

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <kunit/visibility.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_hal.h"
#include "gpsvm_vmm.h"

/**
 * DOC: gpsvm VMM locking
 *
 * &gpsvm_vmm.lock, a mutex, protects the page-table tree and every entry
 * in it: map and unmap take it. Nothing allocates memory under it: map
 * drops it to allocate a missing table and retries, so that MMU-notifier
 * callbacks, which reclaim may call, can take it (and the SVM lock above
 * it) to unmap. gpsvm_vmm_map_prepared() does not allocate at all, for
 * callers that hold such a lock; gpsvm_vmm_prepare() gets the tables
 * ready beforehand.
 *
 * The GPU walks the tables without the lock, so every entry is written
 * with one 64-bit store, and nothing a PTE or table pointed at is let go
 * while the GPU may still reach it through its TLBs: unmap and map queue
 * what they unlink or overwrite on a &gpsvm_vmm_batch, and the caller's
 * gpsvm_vmm_flush() invalidates the TLBs, then frees the tables and calls
 * &gpsvm_vmm.release for each PTE (SVM drops the DMA mapping it held:
 * behind an IOMMU or swiotlb a stale TLB entry would reach a freed IOVA
 * or bounce slot). Clear, flush, release: every path that clears or
 * overwrites PTEs ends with a flush, error paths included.
 *
 * The PTEs to release wait in a small array in the batch, as nothing may
 * allocate under the notifier lock. When it is full, map or unmap flushes
 * the batch itself (on &gpsvm_vmm.gdev, under the lock) and goes on; the
 * batch's range starts afresh. An unplugged GPU is not invalidated, but
 * releases still happen: it reaches no memory any more. After a failed
 * invalidate the tables and PTEs are leaked, not released under the GPU's
 * feet, and the caller's gpsvm_vmm_flush() returns the error.
 */

/**
 * struct gpsvm_pt - one page table or directory
 * @cpu: its memory, as the CPU sees it
 * @dma: its memory, as the GPU sees it
 * @used: number of entries that are not zero
 * @level: depth in the tree; see gpsvm_vmm_entries()
 * @link: on a batch's free list once unlinked
 * @child: tables the entries point at; PD0 has two per entry, small then
 *	big, and leaf tables have none
 */
struct gpsvm_pt {
	u64 *cpu;
	dma_addr_t dma;
	unsigned int used;
	unsigned int level;
	struct list_head link;
	struct gpsvm_pt *child[];
};

/* Levels 0 .. pd_levels - 1 are directories, the last PD0; then SPT, BPT. */
static unsigned int gpsvm_vmm_spt(const struct gpsvm_vmm_hal *hal)
{
	return hal->pd_levels;
}

static unsigned int gpsvm_vmm_bpt(const struct gpsvm_vmm_hal *hal)
{
	return hal->pd_levels + 1;
}

static unsigned int gpsvm_vmm_pd0(const struct gpsvm_vmm_hal *hal)
{
	return hal->pd_levels - 1;
}

static unsigned int gpsvm_vmm_shift(const struct gpsvm_vmm_hal *hal,
				    unsigned int level)
{
	if (level == gpsvm_vmm_spt(hal))
		return hal->small_shift;
	if (level == gpsvm_vmm_bpt(hal))
		return hal->big_shift;
	return hal->pd[level].shift;
}

static unsigned int gpsvm_vmm_entries(const struct gpsvm_vmm_hal *hal,
				      unsigned int level)
{
	if (level == gpsvm_vmm_spt(hal))
		return 1u << (hal->huge_shift - hal->small_shift);
	if (level == gpsvm_vmm_bpt(hal))
		return 1u << (hal->huge_shift - hal->big_shift);
	return 1u << hal->pd[level].bits;
}

static unsigned int gpsvm_vmm_index(const struct gpsvm_vmm_hal *hal,
				    unsigned int level, u64 va)
{
	return (va >> gpsvm_vmm_shift(hal, level)) &
	       (gpsvm_vmm_entries(hal, level) - 1);
}

static struct gpsvm_pt *gpsvm_pt_alloc(struct gpsvm_vmm *vmm,
				       unsigned int level)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	unsigned int children = 0;
	struct gpsvm_pt *pt;

	if (level < gpsvm_vmm_pd0(hal))
		children = gpsvm_vmm_entries(hal, level);
	else if (level == gpsvm_vmm_pd0(hal))
		children = 2 * gpsvm_vmm_entries(hal, level);

	if (vmm->gdev && gpsvm_fail_alloc(vmm->gdev))
		return NULL;
	/* Tables live as long as the process maps memory: charge it. */
	pt = kzalloc(struct_size(pt, child, children), GFP_KERNEL_ACCOUNT);
	if (!pt)
		return NULL;
	/* Every table fits a page, and a page meets every alignment. */
	pt->cpu = dma_alloc_coherent(vmm->dev, PAGE_SIZE, &pt->dma, GFP_KERNEL);
	if (!pt->cpu) {
		kfree(pt);
		return NULL;
	}
	pt->level = level;
	INIT_LIST_HEAD(&pt->link);
	return pt;
}

static void gpsvm_pt_free(struct gpsvm_vmm *vmm, struct gpsvm_pt *pt)
{
	dma_free_coherent(vmm->dev, PAGE_SIZE, pt->cpu, pt->dma);
	kfree(pt);
}

/* Free a table and everything below it: only once the GPU cannot reach it. */
static void gpsvm_pt_free_tree(struct gpsvm_vmm *vmm, struct gpsvm_pt *pt)
{
	unsigned int i, children = 0;

	if (pt->level < gpsvm_vmm_pd0(vmm->hal))
		children = gpsvm_vmm_entries(vmm->hal, pt->level);
	else if (pt->level == gpsvm_vmm_pd0(vmm->hal))
		children = 2 * gpsvm_vmm_entries(vmm->hal, pt->level);
	for (i = 0; i < children; i++)
		if (pt->child[i])
			gpsvm_pt_free_tree(vmm, pt->child[i]);
	gpsvm_pt_free(vmm, pt);
}

static void gpsvm_pt_write(struct gpsvm_pt *pt, unsigned int qword, u64 val)
{
	WRITE_ONCE(pt->cpu[qword], val);
}

/**
 * gpsvm_vmm_batch_add() - widen the range a batch will invalidate
 * @batch: the batch
 * @start: first VA
 * @end: end of the range
 */
void gpsvm_vmm_batch_add(struct gpsvm_vmm_batch *batch, u64 start, u64 end)
{
	batch->start = min(batch->start, start);
	batch->end = max(batch->end, end);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_batch_add);

/* Forget what waits for a flush (leaking it, if anything does). */
static void gpsvm_vmm_batch_reset(struct gpsvm_vmm_batch *batch)
{
	batch->start = U64_MAX;
	batch->end = 0;
	INIT_LIST_HEAD(&batch->free);
	batch->nreleases = 0;
}

/**
 * gpsvm_vmm_batch_init() - start gathering page-table changes
 * @batch: the batch
 */
void gpsvm_vmm_batch_init(struct gpsvm_vmm_batch *batch)
{
	gpsvm_vmm_batch_reset(batch);
	batch->changed = 0;
	batch->error = 0;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_batch_init);

/* Free the unlinked tables and release the PTEs: the TLBs dropped them. */
static void gpsvm_vmm_batch_release(struct gpsvm_vmm *vmm,
				    struct gpsvm_vmm_batch *batch)
{
	struct gpsvm_pt *pt, *tmp;
	unsigned int i;

	list_for_each_entry_safe(pt, tmp, &batch->free, link) {
		list_del(&pt->link);
		gpsvm_pt_free(vmm, pt);
	}
	for (i = 0; i < batch->nreleases; i++)
		vmm->release(vmm, batch->releases[i].va, batch->releases[i].pte,
			     batch->releases[i].shift);
	gpsvm_vmm_batch_reset(batch);
}

/**
 * gpsvm_vmm_batch_done() - finish a batch after its TLB invalidate
 * @vmm: the address space the batch changed
 * @batch: the batch; empty again on return
 *
 * Frees the page tables the batch unlinked and releases the PTEs it
 * cleared or overwrote. Call it only once the GPU's TLBs no longer hold
 * anything from the batch's range.
 */
void gpsvm_vmm_batch_done(struct gpsvm_vmm *vmm, struct gpsvm_vmm_batch *batch)
{
	gpsvm_vmm_batch_release(vmm, batch);
	gpsvm_vmm_batch_init(batch);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_batch_done);

/* Invalidate what waits in the batch, then free and release it. */
static int gpsvm_vmm_batch_flush(struct gpsvm_device *gdev,
				 struct gpsvm_vmm *vmm,
				 struct gpsvm_vmm_batch *batch)
{
	int idx, ret = 0;

	/* Unlinked tables alone: a walk may be in them, wait for it. */
	if (batch->start >= batch->end && !list_empty(&batch->free))
		gpsvm_vmm_batch_add(batch, 0, vmm->va_limit);
	/* gpsvm_device_stop() stopped every engine before the unplug. */
	if (batch->start < batch->end && drm_dev_enter(&gdev->drm, &idx)) {
		mutex_lock(&gdev->tlb_lock);
		ret = vmm->hal->tlb_invalidate(gdev, gpsvm_vmm_pdb(vmm),
					       batch->start, batch->end);
		mutex_unlock(&gdev->tlb_lock);
		/* The TLBs may still map the range: nothing may run in it. */
		if (ret)
			gpsvm_chan_wedge(gdev, vmm, -EIO);
		drm_dev_exit(idx);
	}
	if (ret) {
		/* Forget the tables and PTEs: the GPU may still use them. */
		gpsvm_vmm_batch_reset(batch);
		batch->error = batch->error ?: ret;
		return ret;
	}
	gpsvm_vmm_batch_release(vmm, batch);
	return 0;
}

/**
 * gpsvm_vmm_flush() - make a batch's changes visible to the GPU
 * @gdev: the GPU whose TLBs may hold the old translations
 * @vmm: the address space the batch changed
 * @batch: the batch; empty again on return
 *
 * One targeted invalidate over the range the batch changed (the HAL turns
 * a large one into an all-VA invalidate of the address space), then the
 * unlinked page tables are freed and the cleared or overwritten PTEs
 * released (&gpsvm_vmm.release).
 *
 * Context: process; takes &gpsvm_device.tlb_lock.
 * Return: 0, or -ETIMEDOUT if the GPU did not finish this invalidate or
 * one the VMM did for the batch on the way; the channels of @vmm are then
 * stopped for good (gpsvm_chan_wedge()) and the page tables and PTEs
 * leaked rather than let go under the GPU's feet.
 */
int gpsvm_vmm_flush(struct gpsvm_device *gdev, struct gpsvm_vmm *vmm,
		    struct gpsvm_vmm_batch *batch)
{
	int ret;

	gpsvm_vmm_batch_flush(gdev, vmm, batch);
	ret = batch->error;
	gpsvm_vmm_batch_init(batch);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_flush);

/**
 * gpsvm_vmm_init() - create an empty address space
 * @vmm: the address space
 * @dev: the device whose DMA addresses page tables get
 * @hal: the page-table format
 * @va_limit: first VA past the address space
 *
 * Return: 0 or -ENOMEM.
 */
int gpsvm_vmm_init(struct gpsvm_vmm *vmm, struct device *dev,
		   const struct gpsvm_vmm_hal *hal, u64 va_limit)
{
	vmm->dev = dev;
	vmm->hal = hal;
	vmm->va_limit = va_limit;
	mutex_init(&vmm->lock);
	vmm->root = gpsvm_pt_alloc(vmm, 0);
	if (!vmm->root) {
		mutex_destroy(&vmm->lock);
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_init);

/**
 * gpsvm_vmm_fini() - free an address space and all its page tables
 * @vmm: the address space; no GPU engine may use it any more
 */
void gpsvm_vmm_fini(struct gpsvm_vmm *vmm)
{
	gpsvm_pt_free_tree(vmm, vmm->root);
	vmm->root = NULL;
	mutex_destroy(&vmm->lock);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_fini);

/**
 * gpsvm_vmm_pdb() - the DMA address of the top-level page directory
 * @vmm: the address space
 *
 * Return: what the instance block's page-directory base points at.
 */
dma_addr_t gpsvm_vmm_pdb(const struct gpsvm_vmm *vmm)
{
	return vmm->root->dma;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_pdb);

static bool gpsvm_pd0_live(struct gpsvm_pt *pd0, unsigned int i)
{
	return pd0->cpu[2 * i] || pd0->cpu[2 * i + 1];
}

/* A huge PTE sits in the big half of a PD0 entry that has no big table. */
static bool gpsvm_pd0_huge(struct gpsvm_pt *pd0, unsigned int i)
{
	return pd0->cpu[2 * i] && !pd0->child[2 * i + 1];
}

/*
 * Install *spare as child @i of @pt if it is a table of @level; else ask
 * the caller for one, through -EAGAIN with *need set.
 */
static int gpsvm_pt_take(struct gpsvm_pt **spare, unsigned int level,
			 unsigned int *need, struct gpsvm_pt **child)
{
	if (!spare || !*spare || (*spare)->level != level) {
		*need = level;
		return -EAGAIN;
	}
	*child = *spare;
	*spare = NULL;
	return 0;
}

static void gpsvm_pd0_write(struct gpsvm_pt *pd0, unsigned int qword, u64 val)
{
	bool was_live = gpsvm_pd0_live(pd0, qword / 2);

	gpsvm_pt_write(pd0, qword, val);
	if (!was_live && gpsvm_pd0_live(pd0, qword / 2))
		pd0->used++;
}

/*
 * Find where va's PTE of size @shift lives: *@pt and *@qword. Missing
 * tables come from *@spare, or -EAGAIN says which level is needed.
 * -EBUSY: a PTE of another size is in the way.
 */
static int gpsvm_vmm_leaf(struct gpsvm_vmm *vmm, u64 va, unsigned int shift,
			  struct gpsvm_pt **spare, unsigned int *need,
			  struct gpsvm_pt **pt, unsigned int *qword)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	struct gpsvm_pt *pd = vmm->root, *child;
	unsigned int level, i, half;
	int ret;

	lockdep_assert_held(&vmm->lock);

	for (level = 0; level < gpsvm_vmm_pd0(hal); level++) {
		i = gpsvm_vmm_index(hal, level, va);
		if (!pd->child[i]) {
			ret = gpsvm_pt_take(spare, level + 1, need, &child);
			if (ret)
				return ret;
			pd->child[i] = child;
			pd->used++;
			gpsvm_pt_write(pd, i, hal->pde(child->dma));
		}
		pd = pd->child[i];
	}

	i = gpsvm_vmm_index(hal, gpsvm_vmm_pd0(hal), va);
	if (shift == hal->huge_shift) {
		/* Smaller PTEs must be unmapped and flushed first. */
		if (pd->child[2 * i] || pd->child[2 * i + 1])
			return -EBUSY;
		*pt = pd;
		*qword = 2 * i;
		return 0;
	}
	if (gpsvm_pd0_huge(pd, i))
		return -EBUSY;
	level = shift == hal->small_shift ? gpsvm_vmm_spt(hal) :
					    gpsvm_vmm_bpt(hal);
	half = level == gpsvm_vmm_spt(hal) ? 2 * i : 2 * i + 1;
	if (!pd->child[half]) {
		ret = gpsvm_pt_take(spare, level, need, &child);
		if (ret)
			return ret;
		pd->child[half] = child;
		/* Small table in the high qword, big table in the low one. */
		if (level == gpsvm_vmm_spt(hal))
			gpsvm_pd0_write(pd, 2 * i + 1, hal->pd0_small(child->dma));
		else
			gpsvm_pd0_write(pd, 2 * i, hal->pd0_big(child->dma));
	}
	*pt = pd->child[half];
	*qword = gpsvm_vmm_index(hal, level, va);
	return 0;
}

/*
 * The valid PTE @pte of @va was just cleared or overwritten: invalidate
 * its range, and release it only after that. A full queue is flushed
 * now, as nothing here may allocate.
 */
static void gpsvm_vmm_changed(struct gpsvm_vmm *vmm, u64 va, u64 pte,
			      unsigned int shift,
			      struct gpsvm_vmm_batch *batch)
{
	lockdep_assert_held(&vmm->lock);

	gpsvm_vmm_batch_add(batch, va, va + BIT_ULL(shift));
	batch->changed++;
	if (!vmm->release)
		return;
	batch->releases[batch->nreleases++] = (struct gpsvm_vmm_release){
		.va = va, .pte = pte, .shift = shift,
	};
	if (batch->nreleases == ARRAY_SIZE(batch->releases))
		gpsvm_vmm_batch_flush(vmm->gdev, vmm, batch);
}

/* Does @pte map system memory granting exactly @flags, at any address? */
static bool gpsvm_vmm_pte_grants(const struct gpsvm_vmm_hal *hal, u64 pte,
				 u32 flags)
{
	dma_addr_t addr = hal->pte_dma(pte);

	return addr != DMA_MAPPING_ERROR && hal->pte(addr, flags) == pte;
}

/*
 * Write one PTE; a valid one it replaces goes into the batch. Returns 1,
 * writing nothing, if the PTE already holds that value or, with
 * GPSVM_MAP_KEEP, grants the same.
 */
static int gpsvm_vmm_map_page(struct gpsvm_vmm *vmm, u64 va,
			      unsigned int shift, u64 addr, u32 flags,
			      struct gpsvm_pt **spare, unsigned int *need,
			      struct gpsvm_vmm_batch *batch)
{
	u64 old, pte = vmm->hal->pte(addr, flags & GPSVM_MAP_FLAGS);
	unsigned int qword;
	struct gpsvm_pt *pt;
	int ret;

	ret = gpsvm_vmm_leaf(vmm, va, shift, spare, need, &pt, &qword);
	if (ret)
		return ret;
	old = pt->cpu[qword];
	if (old == pte ||
	    ((flags & GPSVM_MAP_KEEP) &&
	     gpsvm_vmm_pte_grants(vmm->hal, old, flags & GPSVM_MAP_FLAGS)))
		return 1;
	if (pt->level == gpsvm_vmm_pd0(vmm->hal)) {
		gpsvm_pd0_write(pt, qword, pte);
	} else {
		if (!old)
			pt->used++;
		gpsvm_pt_write(pt, qword, pte);
	}
	if (old)
		gpsvm_vmm_changed(vmm, va, old, shift, batch);
	return 0;
}

static int gpsvm_vmm_check(struct gpsvm_vmm *vmm, u64 va, u64 size,
			   unsigned int page_shift, u64 addr, u32 flags)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	u64 page = BIT_ULL(page_shift);

	if (page_shift != hal->small_shift && page_shift != hal->big_shift &&
	    page_shift != hal->huge_shift)
		return -EINVAL;
	if (!size || !IS_ALIGNED(va | size | addr, page) ||
	    va + size < va || va + size > vmm->va_limit ||
	    flags & ~(GPSVM_MAP_FLAGS | GPSVM_MAP_KEEP))
		return -EINVAL;
	return 0;
}

/*
 * Map (@write) or only prepare the tables; allocate missing ones with the
 * lock dropped when @alloc. Returns the number of PTEs that already held
 * the value to write, or a negative errno.
 */
static int gpsvm_vmm_walk_range(struct gpsvm_vmm *vmm, u64 va, u64 size,
				unsigned int page_shift, u64 addr, u32 flags,
				bool write, bool alloc,
				struct gpsvm_vmm_batch *batch)
{
	u64 page = BIT_ULL(page_shift), done = 0;
	struct gpsvm_pt *spare = NULL, *pt;
	unsigned int need, qword;
	int ret, same = 0;

	ret = gpsvm_vmm_check(vmm, va, size, page_shift, addr, flags);
	if (ret)
		return ret;
	mutex_lock(&vmm->lock);
	while (done < size) {
		if (write)
			ret = gpsvm_vmm_map_page(vmm, va + done, page_shift,
						 addr + done, flags, &spare,
						 &need, batch);
		else
			ret = gpsvm_vmm_leaf(vmm, va + done, page_shift,
					     &spare, &need, &pt, &qword);
		if (ret == -EAGAIN && alloc) {
			mutex_unlock(&vmm->lock);
			if (spare)
				gpsvm_pt_free(vmm, spare);
			spare = gpsvm_pt_alloc(vmm, need);
			mutex_lock(&vmm->lock);
			if (spare)
				continue;
			ret = -ENOMEM;
		}
		if (ret < 0)
			break;
		same += ret;
		ret = 0;
		done += page;
	}
	mutex_unlock(&vmm->lock);
	if (spare)
		gpsvm_pt_free(vmm, spare);
	return ret ?: same;
}

/**
 * gpsvm_vmm_map() - map a physically contiguous range
 * @vmm: the address space
 * @va: first GPU VA, aligned to the page size
 * @size: bytes, a multiple of the page size
 * @page_shift: page size: the HAL's small, big or huge shift
 * @addr: DMA address (or VRAM offset with %GPSVM_MAP_VRAM) of @va
 * @flags: GPSVM_MAP_* flags
 * @batch: gathers the range to invalidate
 *
 * Existing PTEs of the same size are overwritten, and only those go into
 * @batch: the GPU caches no translation that faulted, so a PTE that was
 * invalid needs no invalidate. A range under a huge PTE cannot take
 * smaller pages, nor a range with smaller page tables a huge PTE, until
 * it has been unmapped and the batch flushed. On error, what was mapped
 * stays mapped, and the batch must be flushed all the same.
 *
 * Context: process; takes &gpsvm_vmm.lock and may sleep.
 * Return: 0, -EINVAL for misaligned or out-of-range arguments, -EBUSY for
 * a page-size conflict, -ENOMEM.
 */
int gpsvm_vmm_map(struct gpsvm_vmm *vmm, u64 va, u64 size,
		  unsigned int page_shift, u64 addr, u32 flags,
		  struct gpsvm_vmm_batch *batch)
{
	return min(gpsvm_vmm_walk_range(vmm, va, size, page_shift, addr, flags,
					true, true, batch), 0);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_map);

/**
 * gpsvm_vmm_prepare() - allocate the page tables a later map will need
 * @vmm: the address space
 * @va: first GPU VA, aligned to the page size
 * @size: bytes, a multiple of the page size
 * @page_shift: page size: the HAL's small, big or huge shift
 *
 * Tables prepared and never filled stay until an unmap over them or
 * gpsvm_vmm_fini().
 *
 * Context: process; takes &gpsvm_vmm.lock and allocates.
 * Return: 0, -EINVAL, -EBUSY for a page-size conflict, -ENOMEM.
 */
int gpsvm_vmm_prepare(struct gpsvm_vmm *vmm, u64 va, u64 size,
		      unsigned int page_shift)
{
	return gpsvm_vmm_walk_range(vmm, va, size, page_shift, 0, 0, false,
				    true, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_prepare);

/**
 * gpsvm_vmm_map_prepared() - map without allocating
 * @vmm: the address space
 * @va: first GPU VA, aligned to the page size
 * @size: bytes, a multiple of the page size
 * @page_shift: page size: the HAL's small, big or huge shift
 * @addr: DMA address (or VRAM offset with %GPSVM_MAP_VRAM) of @va
 * @flags: GPSVM_MAP_* flags, %GPSVM_MAP_KEEP included
 * @batch: gathers the range to invalidate, as for gpsvm_vmm_map()
 *
 * As gpsvm_vmm_map(), for callers holding a lock that MMU notifiers take:
 * it never allocates, and fails when a table is missing (an unmap freed
 * it since gpsvm_vmm_prepare()).
 *
 * Context: process; takes &gpsvm_vmm.lock.
 * Return: the number of PTEs left alone, as they held the value to write
 * or, with %GPSVM_MAP_KEEP, granted the same; -EINVAL, -EBUSY for a
 * page-size conflict, -EAGAIN for a missing table.
 */
int gpsvm_vmm_map_prepared(struct gpsvm_vmm *vmm, u64 va, u64 size,
			   unsigned int page_shift, u64 addr, u32 flags,
			   struct gpsvm_vmm_batch *batch)
{
	return gpsvm_vmm_walk_range(vmm, va, size, page_shift, addr, flags,
				    true, false, batch);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_map_prepared);

/* Clear a leaf table's entries in [start, end); unlink it once empty. */
static void gpsvm_vmm_unmap_pt(struct gpsvm_vmm *vmm, struct gpsvm_pt *pd0,
			       unsigned int half, u64 start, u64 end,
			       struct gpsvm_vmm_batch *batch)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	struct gpsvm_pt *pt = pd0->child[half];
	unsigned int shift = gpsvm_vmm_shift(hal, pt->level);
	u64 va;

	/* A page only partly in the range goes whole. */
	for (va = round_down(start, BIT_ULL(shift)); va < end;
	     va += BIT_ULL(shift)) {
		unsigned int i = gpsvm_vmm_index(hal, pt->level, va);
		u64 old = pt->cpu[i];

		if (!old)
			continue;
		gpsvm_pt_write(pt, i, 0);
		pt->used--;
		gpsvm_vmm_changed(vmm, va, old, shift, batch);
	}
	if (!pt->used) {
		/* child[2i] (small) is in qword 2i + 1, child[2i + 1] in 2i. */
		gpsvm_pt_write(pd0, half ^ 1, 0);
		pd0->child[half] = NULL;
		list_add_tail(&pt->link, &batch->free);
	}
}

static void gpsvm_vmm_unmap_pd0(struct gpsvm_vmm *vmm, struct gpsvm_pt *pd0,
				u64 start, u64 end,
				struct gpsvm_vmm_batch *batch)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	u64 huge = BIT_ULL(hal->huge_shift), va, next;

	for (va = start; va < end; va = next) {
		unsigned int i = gpsvm_vmm_index(hal, pd0->level, va);
		u64 base = round_down(va, huge);

		next = min(base + huge, end);
		if (!gpsvm_pd0_live(pd0, i))
			continue;
		if (gpsvm_pd0_huge(pd0, i)) {
			u64 old = pd0->cpu[2 * i];

			gpsvm_pt_write(pd0, 2 * i, 0);
			gpsvm_vmm_changed(vmm, base, old, hal->huge_shift,
					  batch);
		} else {
			if (pd0->child[2 * i])
				gpsvm_vmm_unmap_pt(vmm, pd0, 2 * i, va, next,
						   batch);
			if (pd0->child[2 * i + 1])
				gpsvm_vmm_unmap_pt(vmm, pd0, 2 * i + 1, va,
						   next, batch);
		}
		if (!gpsvm_pd0_live(pd0, i))
			pd0->used--;
	}
}

static void gpsvm_vmm_unmap_pd(struct gpsvm_vmm *vmm, struct gpsvm_pt *pd,
			       u64 start, u64 end,
			       struct gpsvm_vmm_batch *batch)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	u64 span = BIT_ULL(gpsvm_vmm_shift(hal, pd->level)), va, next;

	for (va = start; va < end; va = next) {
		unsigned int i = gpsvm_vmm_index(hal, pd->level, va);
		struct gpsvm_pt *child = pd->child[i];

		next = min(round_down(va, span) + span, end);
		if (!child)
			continue;
		if (child->level == gpsvm_vmm_pd0(hal))
			gpsvm_vmm_unmap_pd0(vmm, child, va, next, batch);
		else
			gpsvm_vmm_unmap_pd(vmm, child, va, next, batch);
		if (!child->used) {
			gpsvm_pt_write(pd, i, 0);
			pd->child[i] = NULL;
			pd->used--;
			list_add_tail(&child->link, &batch->free);
		}
	}
}

/**
 * gpsvm_vmm_unmap() - remove the translations of a range
 * @vmm: the address space
 * @va: first VA
 * @size: bytes
 * @batch: gathers the range to invalidate and the emptied page tables
 *
 * A PTE that overlaps the range is removed whole, so a huge or big page
 * only partly inside goes too: the range in @batch says what did (but
 * for what a full batch flushed on the way). Never allocates, so it can
 * serve MMU-notifier invalidations.
 *
 * Context: process; takes &gpsvm_vmm.lock.
 */
void gpsvm_vmm_unmap(struct gpsvm_vmm *vmm, u64 va, u64 size,
		     struct gpsvm_vmm_batch *batch)
{
	u64 end = min(va + size, vmm->va_limit);

	if (va >= end)
		return;
	mutex_lock(&vmm->lock);
	gpsvm_vmm_unmap_pd(vmm, vmm->root, va, end, batch);
	mutex_unlock(&vmm->lock);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_unmap);

/**
 * gpsvm_vmm_lookup() - the PTE that maps a VA
 * @vmm: the address space
 * @va: the VA
 * @shift: set to the PTE's page shift when there is one
 *
 * Context: process; takes &gpsvm_vmm.lock.
 * Return: the valid PTE mapping @va, or 0.
 */
u64 gpsvm_vmm_lookup(struct gpsvm_vmm *vmm, u64 va, unsigned int *shift)
{
	const struct gpsvm_vmm_hal *hal = vmm->hal;
	struct gpsvm_pt *pd = vmm->root, *pt;
	unsigned int level, i;
	u64 pte = 0;

	if (va >= vmm->va_limit)
		return 0;
	mutex_lock(&vmm->lock);
	for (level = 0; pd && level < gpsvm_vmm_pd0(hal); level++)
		pd = pd->child[gpsvm_vmm_index(hal, level, va)];
	if (!pd)
		goto out;
	i = gpsvm_vmm_index(hal, gpsvm_vmm_pd0(hal), va);
	if (gpsvm_pd0_huge(pd, i)) {
		pte = pd->cpu[2 * i];
		*shift = hal->huge_shift;
		goto out;
	}
	pt = pd->child[2 * i];
	if (pt) {
		pte = pt->cpu[gpsvm_vmm_index(hal, gpsvm_vmm_spt(hal), va)];
		*shift = hal->small_shift;
	}
	if (!pte && pd->child[2 * i + 1]) {
		pt = pd->child[2 * i + 1];
		pte = pt->cpu[gpsvm_vmm_index(hal, gpsvm_vmm_bpt(hal), va)];
		*shift = hal->big_shift;
	}
out:
	mutex_unlock(&vmm->lock);
	return pte;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_vmm_lookup);
