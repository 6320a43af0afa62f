// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm SVM: a GPU address space that is a process's address space. GPU
 * accesses to process memory take replayable page faults; the fault
 * handler serves them from the process's page tables with
 * hmm_range_fault() (make_device_exclusive_range() for atomics), writes
 * GPU PTEs and replays. MMU notifiers remove GPU PTEs before the CPU
 * page tables change.
 */

#include <linux/dma-mapping.h>
#include <linux/hmm.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_dmem.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_fault.h"
#include "gpsvm_hal.h"
#include "gpsvm_svm.h"

#define CREATE_TRACE_POINTS
#include "gpsvm_trace.h"

/**
 * DOC: gpsvm SVM
 *
 * SVM_INIT makes a file's GPU VA space an svmm: every GPU VA outside the
 * unmanaged window (kept for VM_BIND) is the same VA in the process that
 * made the call. Channels created afterwards have the replay bits set in
 * their instance block, so the GPU reports their faults in the replayable
 * fault buffer (see "gpsvm fault buffer") and stalls the faulting threads
 * until a replay. Each batch's faults of one svmm are served here:
 *
 * - reads, writes and prefetches of one 2 MiB block are served together:
 *   the faulting pages are faulted in (writable for writes), one
 *   hmm_range_fault() per run of them, and one more, a snapshot of the
 *   block, maps them and every other page the CPU has already. A block
 *   the CPU maps with a huge page (THP, hugetlbfs) gets one 2 MiB GPU
 *   PTE. Pages the CPU maps read-only are mapped read-only, and every
 *   page is mapped atomic-disabled;
 * - atomics make the page's whole folio device-exclusive and map it with
 *   atomics allowed (see "gpsvm exclusive access");
 * - pages in this GPU's VRAM (see "gpsvm device memory"), which
 *   hmm_range_fault() reports as they are, are mapped at their VRAM
 *   offset with atomics allowed, atomics included: no exclusive access
 *   is needed, as the CPU cannot map them. A 2 MiB block wholly in one
 *   aligned run of VRAM gets one 2 MiB PTE;
 * - where VRAM is the preferred location (SVM_ADVISE, kept in
 *   &gpsvm_svmm.prefer), a fault on a page not in VRAM first moves its
 *   block there (gpsvm_dmem_fault_in(), holding no lock of the mm's or
 *   the svmm's but &gpsvm_svmm.notifiers_use), then is served as above.
 *   A batch moves all its blocks before it maps anything (a migration
 *   clears the GPU PTEs of its range), and none evicts another's;
 * - what cannot be served (no VMA, PROT_NONE, a write to read-only memory,
 *   a dead process, an atomic on shared or hugetlbfs memory, or on a THP
 *   tail page 6.12 cannot make exclusive) is cancelled: the GPU fails the
 *   access, so the job fails with an MMU fault. Prefetch faults are never
 *   cancelled. Transient failures (a race with the CPU, no memory) are
 *   left to fault again.
 *
 * New PTEs need no TLB invalidate (the GPU caches no faulting
 * translation); PTEs whose permissions grew are invalidated by range
 * before the replay.
 *
 * A GPU PTE is only ever written under an unchanged notifier sequence,
 * and every change of the CPU's page tables clears the GPU PTEs of its
 * range first: so a present SVM PTE always maps the page the CPU maps at
 * that VA now.
 *
 * GPU stores set no dirty bit in the CPU's PTEs, and hmm_range_fault()
 * does not write-fault a PTE that is writable but clean: so the folio of
 * a page mapped writable is dirtied when its PTE is written
 * (gpsvm_svm_mark_dirty()). Atomics' pages are dirtied by
 * make_device_exclusive_range() itself, whose get_user_pages_remote() asks
 * for write. Whatever cleans a folio (writeback, MADV_FREE, reclaim,
 * truncation) clears the GPU's PTE first, through an MMU notifier, so the
 * GPU never writes a clean folio and no store is lost.
 */

/**
 * DOC: gpsvm SVM locking
 *
 * Outermost first:
 *
 * - &gpsvm_vm.lock: SVM_INIT, VM_BIND and channel creation. &gpsvm_vm.svmm
 *   is set once under it; gpsvm_svm_check_owner() reads it without.
 * - &gpsvm_svmm.notifiers_lock: insertion and removal of the svmm's
 *   interval notifiers. Inserting may take mmap_lock for write, so it is
 *   never taken under mmap_lock.
 * - mmap_lock, for read: hmm_range_fault(), make_device_exclusive_range(),
 *   splitting a THP's PMD.
 * - the folio lock: make_device_exclusive_range() returns the folios it
 *   made exclusive locked; the fault handler commits their PTEs and
 *   unlocks them before it serves anything else, and never holds one
 *   across a batch or a replay (nor does anything else here).
 * - &gpsvm_svmm.mutex, the notifier lock: an MMU-notifier callback takes
 *   it to advance the notifier's sequence and clear the GPU PTEs of the
 *   range; the fault path takes the sequence before it looks at the CPU
 *   page tables, and takes the mutex to check that no invalidation ran
 *   since (mmu_interval_read_retry()) and, in the same critical section,
 *   to write the PTEs. Reclaim calls the notifiers, so nothing allocates
 *   memory under it: page tables are allocated before
 *   (gpsvm_vmm_prepare()) and written without allocating
 *   (gpsvm_vmm_map_prepared()); DMA mappings are made before it too.
 *   SVM_INIT primes lockdep with this: the mutex is taken inside
 *   fs_reclaim once, so an allocation under it shows in every test run.
 * - &gpsvm_vmm.lock, then &gpsvm_device.tlb_lock.
 * - &gpsvm_excl.lock and &gpsvm_fault_buffer.replay_lock, spinlocks, the
 *   innermost: the ranges atomics hold, read by notifier callbacks before
 *   they take the notifier lock. The maple tree &gpsvm_svmm.prefer has its
 *   own spinlock, taken alone.
 *
 * A notifier callback may sleep before it takes the notifier lock: a CPU
 * taking back a page that atomics made exclusive waits until the GPU has
 * been replayed and had time to retry (see "gpsvm exclusive access"). It
 * holds no driver lock then, and the wait is bounded.
 *
 * A present SVM PTE maps the page the CPU maps at its VA: every CPU change
 * clears it through the notifier first, and PTEs are written only under
 * an unchanged notifier sequence. So the fault path keeps a present PTE
 * that grants the same (%GPSVM_MAP_KEEP) and drops its new DMA mapping,
 * whatever the two DMA addresses (behind an IOMMU they differ). The DMA
 * mapping a PTE held is unmapped only after the TLB invalidate covering
 * the PTE (gpsvm_svm_release_pte() from gpsvm_vmm_flush(), see "gpsvm VMM
 * locking"), so every path that clears or overwrites SVM PTEs, error
 * paths included, ends with gpsvm_vmm_flush().
 *
 * The notifiers are long-lived: one per %GPSVM_SVM_NOTIFIER_SIZE chunk of
 * the address space the GPU has touched, inserted on the first fault in
 * the chunk, and removed when the process has unmapped all of the chunk
 * (a work item looks after each munmap) or when the file closes. A
 * notifier's callback only ever clears PTEs outside the unmanaged window.
 * A chunk is the GPU's 2 MiB block: an invalidation moves the sequence of
 * its whole notifier, so every fault being served in the chunk tries
 * again. With 64 MiB chunks, two CPU threads writing pages next to GPU
 * atomics made the handler retry faults all over the buffer: 64 MiB of
 * contended atomics took 8.4-10.1 s against 4.3-6.2 s with 2 MiB chunks.
 * The fault path and SVM_BIND hold &gpsvm_svmm.notifiers_use for read
 * while they use notifiers, outside mmap_lock; removal holds it for
 * write.
 *
 * An svmm is reference counted. The file holds a reference from SVM_INIT to
 * its release; the fault handler takes one while it serves a group, after
 * finding the channel by its instance block under
 * &gpsvm_device.chan_lock. A channel is removed from the device before the
 * file's reference goes, so the lookup never sees a freed svmm. When the
 * file closes, &gpsvm_svmm.dead stops the fault handler from writing PTEs,
 * the notifiers are removed and every SVM PTE is cleared.
 */

#define GPSVM_SVM_NOTIFIER_SHIFT	21
#define GPSVM_SVM_NOTIFIER_SIZE		BIT_ULL(GPSVM_SVM_NOTIFIER_SHIFT)
/* The largest SVM_BIND, so that one call cannot hold the GPU for long. */
#define GPSVM_SVM_BIND_MAX		SZ_1G

/**
 * struct gpsvm_svm_window - a VA range served by one hmm_range_fault()
 * @start: first VA
 * @end: end; the range lies in one 2 MiB block
 * @req: per page: HMM_PFN_REQ_* flags, what must be faulted in
 * @pfns: per page: what hmm_range_fault() found
 * @dma: per page: its DMA mapping while being mapped
 * @mapped: PTEs written
 */
struct gpsvm_svm_window {
	u64 start;
	u64 end;
	unsigned long *req;
	unsigned long *pfns;
	dma_addr_t *dma;
	unsigned int mapped;
};

static void gpsvm_svmm_release(struct kref *ref)
{
	struct gpsvm_svmm *svmm = container_of(ref, struct gpsvm_svmm, ref);

	xa_destroy(&svmm->notifiers);
	mtree_destroy(&svmm->prefer);
	mmdrop(svmm->mm);
	mutex_destroy(&svmm->notifiers_lock);
	mutex_destroy(&svmm->mutex);
	gpsvm_vm_put(svmm->vm);
	kfree(svmm);
}

static void gpsvm_svmm_put(struct gpsvm_svmm *svmm)
{
	kref_put(&svmm->ref, gpsvm_svmm_release);
}

/* The svmm of a VA space, referenced; NULL before SVM_INIT. */
static struct gpsvm_svmm *gpsvm_svm_get(struct gpsvm_vm *vm)
{
	struct gpsvm_svmm *svmm;

	mutex_lock(&vm->lock);
	svmm = vm->svmm;
	if (svmm)
		kref_get(&svmm->ref);
	mutex_unlock(&vm->lock);
	return svmm;
}

static bool gpsvm_svm_in_window(const struct gpsvm_vm *vm, u64 va)
{
	return va >= vm->svm_window_start && va < vm->svm_window_end;
}

/*
 * &gpsvm_vmm.release: an SVM PTE held a DMA mapping of a process page,
 * which the GPU's TLBs no longer hold.
 */
static void gpsvm_svm_release_pte(struct gpsvm_vmm *vmm, u64 va, u64 pte,
				  unsigned int shift)
{
	struct gpsvm_vm *vm = container_of(vmm, struct gpsvm_vm, vmm);
	dma_addr_t dma;

	if (gpsvm_svm_in_window(vm, va))
		return;
	dma = vmm->hal->pte_dma(pte);
	if (dma != DMA_MAPPING_ERROR)
		dma_unmap_page(vmm->dev, dma, BIT_ULL(shift), DMA_BIDIRECTIONAL);
}

/* Clear the SVM PTEs of [start, end) and flush. */
static void gpsvm_svmm_unmap(struct gpsvm_svmm *svmm, u64 start, u64 end,
			     int event)
{
	struct gpsvm_vm *vm = svmm->vm;
	struct gpsvm_vmm_batch batch;
	u64 ws = vm->svm_window_start, we = vm->svm_window_end;

	lockdep_assert_held(&svmm->mutex);

	end = min(end, vm->vmm.va_limit);
	if (start >= end)
		return;
	gpsvm_vmm_batch_init(&batch);
	if (ws >= we || we <= start || ws >= end) {
		gpsvm_vmm_unmap(&vm->vmm, start, end - start, &batch);
	} else {
		if (start < ws)
			gpsvm_vmm_unmap(&vm->vmm, start, ws - start, &batch);
		if (we < end)
			gpsvm_vmm_unmap(&vm->vmm, we, end - we, &batch);
	}
	/* A full batch may have been flushed on the way: count what changed. */
	if (batch.changed) {
		gpsvm_fault_stat_add(&svmm->gdev->fault, GPSVM_SVM_INVALIDATIONS, 1);
		trace_gpsvm_svm_invalidate(svmm->gdev, start, end, event);
	}
	gpsvm_vmm_flush(svmm->gdev, &vm->vmm, &batch);
}

static bool gpsvm_svm_invalidate(struct mmu_interval_notifier *mni,
				 const struct mmu_notifier_range *range,
				 unsigned long cur_seq)
{
	struct gpsvm_svm_notifier *n =
		container_of(mni, struct gpsvm_svm_notifier, mni);
	struct gpsvm_svmm *svmm = n->svmm;
	u64 start = max(range->start, mni->interval_tree.start);
	u64 end = min(range->end, mni->interval_tree.last + 1);

	/* Our own make_device_exclusive_range(): the page stays the same. */
	if (range->event == MMU_NOTIFY_EXCLUSIVE &&
	    range->owner == svmm->gdev)
		return true;
	if (range->event == MMU_NOTIFY_UNMAP) {
		WRITE_ONCE(n->unmapped, true);
		queue_work(system_unbound_wq, &svmm->reap);
	}

	if (!mmu_notifier_range_blockable(range)) {
		/*
		 * Clearing PTEs waits for the GPU's TLB invalidate: only a
		 * range the GPU never mapped can be let go without sleeping
		 * (what the OOM reaper mostly asks for).
		 */
		if (!mutex_trylock(&svmm->mutex))
			return false;
		if (start < svmm->mapped_end && svmm->mapped_start < end) {
			mutex_unlock(&svmm->mutex);
			return false;
		}
		mmu_interval_set_seq(mni, cur_seq);
		mutex_unlock(&svmm->mutex);
		return true;
	}

	gpsvm_excl_throttle(svmm, start, end);
	mutex_lock(&svmm->mutex);
	mmu_interval_set_seq(mni, cur_seq);
	gpsvm_svmm_unmap(svmm, start, end, range->event);
	mutex_unlock(&svmm->mutex);
	return true;
}

static const struct mmu_interval_notifier_ops gpsvm_svm_notifier_ops = {
	.invalidate = gpsvm_svm_invalidate,
};

/*
 * Remove a notifier that is out of &gpsvm_svmm.notifiers: no user can get
 * it any more. Waits for its callbacks.
 */
static void gpsvm_svmm_notifier_remove(struct gpsvm_svm_notifier *n)
{
	mmu_interval_notifier_remove(&n->mni);
	gpsvm_fault_stat_add(&n->svmm->gdev->fault, GPSVM_SVM_NOTIFIERS, -1);
	kfree(n);
}

/*
 * The notifiers of chunks where the process has nothing mapped any more
 * go: nothing of the GPU's is left there either (the unmaps cleared it).
 * They leave the xarray under &gpsvm_svmm.notifiers_use held for write,
 * so no user has one; they are removed after, since removal waits for the
 * invalidation in progress, which may wait for the fault handler.
 */
static void gpsvm_svmm_reap(struct work_struct *work)
{
	struct gpsvm_svmm *svmm = container_of(work, struct gpsvm_svmm, reap);
	struct gpsvm_svm_notifier *n, *tmp;
	unsigned long idx;
	LIST_HEAD(gone);

	if (!mmget_not_zero(svmm->mm))
		return;
	/* No user, inserter or close meanwhile: notifiers_lock not needed. */
	down_write(&svmm->notifiers_use);
	mmap_read_lock(svmm->mm);
	xa_for_each(&svmm->notifiers, idx, n) {
		if (svmm->closed || !READ_ONCE(n->unmapped))
			continue;
		WRITE_ONCE(n->unmapped, false);
		if (find_vma_intersection(svmm->mm, n->mni.interval_tree.start,
					  n->mni.interval_tree.last + 1))
			continue;
		xa_erase(&svmm->notifiers, idx);
		list_add(&n->gone, &gone);
	}
	mmap_read_unlock(svmm->mm);
	up_write(&svmm->notifiers_use);

	list_for_each_entry_safe(n, tmp, &gone, gone)
		gpsvm_svmm_notifier_remove(n);
	mmput(svmm->mm);
}

/**
 * gpsvm_svmm_notifier() - the interval notifier over a VA
 * @svmm: the address space
 * @va: the VA
 *
 * The notifier of the %GPSVM_SVM_NOTIFIER_SIZE chunk holding @va,
 * inserted on first use.
 *
 * Context: process, with &gpsvm_svmm.notifiers_use held for read; takes
 * &gpsvm_svmm.notifiers_lock, not under mmap_lock.
 * Return: the notifier, or an ERR_PTR: -ESRCH once the file is closing,
 * -ENOMEM.
 */
struct gpsvm_svm_notifier *gpsvm_svmm_notifier(struct gpsvm_svmm *svmm, u64 va)
{
	unsigned long idx = va >> GPSVM_SVM_NOTIFIER_SHIFT;
	struct gpsvm_svm_notifier *n;
	int ret;

	n = xa_load(&svmm->notifiers, idx);
	if (n)
		return n;

	mutex_lock(&svmm->notifiers_lock);
	n = xa_load(&svmm->notifiers, idx);
	if (n)
		goto out;
	n = ERR_PTR(-ESRCH);
	if (svmm->closed)
		goto out;
	/* It lives while the process maps the chunk: charge it the memory. */
	n = gpsvm_fail_alloc(svmm->gdev) ? NULL :
		kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n) {
		n = ERR_PTR(-ENOMEM);
		goto out;
	}
	n->svmm = svmm;
	ret = mmu_interval_notifier_insert(&n->mni, svmm->mm,
					   (u64)idx << GPSVM_SVM_NOTIFIER_SHIFT,
					   GPSVM_SVM_NOTIFIER_SIZE,
					   &gpsvm_svm_notifier_ops);
	if (!ret) {
		ret = xa_err(xa_store(&svmm->notifiers, idx, n,
				      GFP_KERNEL_ACCOUNT));
		if (ret)
			mmu_interval_notifier_remove(&n->mni);
		else
			gpsvm_fault_stat_add(&svmm->gdev->fault,
					     GPSVM_SVM_NOTIFIERS, 1);
	}
	if (ret) {
		kfree(n);
		n = ERR_PTR(ret);
	}
out:
	mutex_unlock(&svmm->notifiers_lock);
	return n;
}

/* The size of a window's PTEs, and their page shift. */
static u64 gpsvm_svm_pte_size(bool huge)
{
	return huge ? GPSVM_SVM_BLOCK : PAGE_SIZE;
}

/**
 * gpsvm_svm_pte_shift() - the page shift of SVM PTEs
 * @hal: the page-table format
 * @huge: 2 MiB PTEs, else 4 KiB ones
 *
 * Return: the shift of the GPU page size.
 */
unsigned int gpsvm_svm_pte_shift(const struct gpsvm_vmm_hal *hal, bool huge)
{
	return huge ? hal->huge_shift : hal->small_shift;
}

/*
 * hmm_range_fault() over @range, retried while the notifier sequence
 * moves, until @timeout: then -EAGAIN.
 */
static int gpsvm_svmm_range_fault(struct gpsvm_svmm *svmm,
				  struct hmm_range *range,
				  unsigned long timeout)
{
	int ret;

	do {
		if (time_after(jiffies, timeout))
			return -EAGAIN;
		range->notifier_seq = mmu_interval_read_begin(range->notifier);
		mmap_read_lock(svmm->mm);
		ret = hmm_range_fault(range);
		mmap_read_unlock(svmm->mm);
	} while (ret == -EBUSY);
	return ret;
}

/* Does hmm_range_fault() entry @pfn hold a page of this GPU's VRAM? */
static bool gpsvm_svm_pfn_vram(unsigned long pfn)
{
	return (pfn & HMM_PFN_VALID) &&
	       is_device_private_page(hmm_pfn_to_page(pfn));
}

/**
 * gpsvm_svm_dma_unmap() - drop the DMA mappings no PTE took
 * @dev: the GPU's device
 * @dma: per page, a DMA mapping or DMA_MAPPING_ERROR
 * @pfns: per page, what hmm_range_fault() found (VRAM pages have no DMA
 *	mapping), or NULL when no page is in VRAM
 * @npages: number of @dma
 * @huge: the mappings are 2 MiB ones
 */
void gpsvm_svm_dma_unmap(struct device *dev, dma_addr_t *dma,
			 const unsigned long *pfns, unsigned int npages,
			 bool huge)
{
	unsigned int k;

	for (k = 0; k < npages; k++)
		if (dma[k] != DMA_MAPPING_ERROR &&
		    !(pfns && gpsvm_svm_pfn_vram(pfns[k])))
			dma_unmap_page(dev, dma[k], gpsvm_svm_pte_size(huge),
				       DMA_BIDIRECTIONAL);
}

/*
 * DMA-map the pages a window found; a huge window is one mapping. A VRAM
 * page's "mapping" is its VRAM offset.
 */
static int gpsvm_svm_dma_map(struct device *dev, struct gpsvm_svm_window *w,
			     unsigned int npages, bool huge)
{
	unsigned int k;

	for (k = 0; k < npages; k++)
		w->dma[k] = DMA_MAPPING_ERROR;
	for (k = 0; k < (huge ? 1 : npages); k++) {
		struct page *page;

		if (!(w->pfns[k] & HMM_PFN_VALID))
			continue;
		page = hmm_pfn_to_page(w->pfns[k]);
		if (is_device_private_page(page)) {
			w->dma[k] = gpsvm_dmem_page_offset(page);
			continue;
		}
		w->dma[k] = dma_map_page(dev, page, 0, gpsvm_svm_pte_size(huge),
					 DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, w->dma[k])) {
			w->dma[k] = DMA_MAPPING_ERROR;
			gpsvm_svm_dma_unmap(dev, w->dma, w->pfns, k, huge);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * The GPU gets a writable PTE to @page (a huge PTE: to its whole folio):
 * dirty the folio, see "gpsvm SVM". Under the notifier lock, after
 * mmu_interval_read_retry(): the CPU still maps the page (an unmap waits
 * for the lock), so its mapping is stable, as for zap_pte_range(); and
 * ->dirty_folio() neither sleeps nor allocates, since the core mm calls
 * it under the page-table lock.
 */
static void gpsvm_svm_mark_dirty(struct page *page)
{
	folio_mark_dirty(page_folio(page));
}

static u32 gpsvm_svm_pte_flags(unsigned long pfn)
{
	/*
	 * Atomics on system memory need a device-exclusive page (see
	 * gpsvm_svmm_atomic()); the CPU never maps a VRAM page.
	 */
	u32 flags = gpsvm_svm_pfn_vram(pfn) ? GPSVM_MAP_VRAM :
					      GPSVM_MAP_NO_ATOMIC;

	if (!(pfn & HMM_PFN_WRITE))
		flags |= GPSVM_MAP_READ_ONLY;
	return flags;
}

/**
 * gpsvm_svm_commit() - write the PTEs of pages found under the sequence
 * @svmm: the address space
 * @start: VA of page 0
 * @npages: number of pages
 * @dma: per page k, its DMA mapping (VRAM offset for a VRAM page), or
 *	DMA_MAPPING_ERROR for no PTE
 * @pfns: the pages and the CPU's permissions (HMM_PFN_WRITE), or NULL
 *	for device-exclusive pages: writable with atomics allowed
 * @huge: one 2 MiB PTE for page 0
 * @mni: the notifier the pages were found under
 * @seq: its sequence then
 * @batch: gathers the changes for the TLB invalidate
 * @mapped: incremented per PTE written
 *
 * Under the notifier lock, and only if no invalidation ran since @seq,
 * each PTE takes its page's DMA mapping (dma[k] becomes
 * DMA_MAPPING_ERROR); a PTE already there with the same permissions maps
 * the same page (see "gpsvm SVM locking"), whatever its DMA address, and
 * the new mapping is dropped. Overwritten PTEs are released after
 * @batch's flush. A writable PTE dirties its page first; a VRAM page's
 * chunk becomes the most recently used (while the page is sure to be in
 * VRAM: an eviction waits for the lock).
 *
 * Context: process; takes &gpsvm_svmm.mutex, and allocates nothing under
 * it.
 * Return: 0; -EAGAIN if the sequence moved; -ESRCH once the file is
 * closing; or a negative errno from the VMM.
 */
int gpsvm_svm_commit(struct gpsvm_svmm *svmm, u64 start, unsigned int npages,
		     dma_addr_t *dma, const unsigned long *pfns, bool huge,
		     struct mmu_interval_notifier *mni, unsigned long seq,
		     struct gpsvm_vmm_batch *batch, unsigned int *mapped)
{
	const struct gpsvm_vmm_hal *hal = svmm->vm->vmm.hal;
	struct device *dev = svmm->gdev->drm.dev;
	u64 touched = U64_MAX;
	unsigned int k;
	int ret = 0;

	mutex_lock(&svmm->mutex);
	if (svmm->dead)
		ret = -ESRCH;
	else if (mmu_interval_read_retry(mni, seq))
		ret = -EAGAIN;
	for (k = 0; k < npages && !ret; k++) {
		u32 flags = GPSVM_MAP_KEEP;

		if (dma[k] == DMA_MAPPING_ERROR)
			continue;
		/* In VRAM only anonymous pages, which swap takes dirty or not. */
		if (pfns && (pfns[k] & HMM_PFN_WRITE) &&
		    !gpsvm_svm_pfn_vram(pfns[k]))
			gpsvm_svm_mark_dirty(hmm_pfn_to_page(pfns[k]));
		flags |= pfns ? gpsvm_svm_pte_flags(pfns[k]) :
				GPSVM_SVM_EXCL_FLAGS;
		ret = gpsvm_vmm_map_prepared(&svmm->vm->vmm,
					     start + ((u64)k << PAGE_SHIFT),
					     gpsvm_svm_pte_size(huge),
					     gpsvm_svm_pte_shift(hal, huge),
					     dma[k], flags, batch);
		if (ret < 0)
			break;
		svmm->mapped_start = min(svmm->mapped_start, start);
		svmm->mapped_end = max(svmm->mapped_end,
				       start + ((u64)k << PAGE_SHIFT) +
				       gpsvm_svm_pte_size(huge));
		if (pfns && gpsvm_svm_pfn_vram(pfns[k]) &&
		    round_down(dma[k], GPSVM_SVM_BLOCK) != touched) {
			touched = round_down(dma[k], GPSVM_SVM_BLOCK);
			gpsvm_dmem_touch(hmm_pfn_to_page(pfns[k]));
		}
		/* Kept the PTE: ours was never in one, so no flush first. */
		if (ret && !(pfns && gpsvm_svm_pfn_vram(pfns[k])))
			dma_unmap_page(dev, dma[k], gpsvm_svm_pte_size(huge),
				       DMA_BIDIRECTIONAL);
		else if (!ret)
			(*mapped)++;
		dma[k] = DMA_MAPPING_ERROR;
		ret = 0;
	}
	mutex_unlock(&svmm->mutex);
	return ret;
}

/*
 * Is the block one aligned run of VRAM, with the same permissions? Its
 * pages are device pages of consecutive pfns in one pagemap, so their
 * VRAM offsets are consecutive too.
 */
static bool gpsvm_svm_window_vram_huge(const struct gpsvm_svm_window *w)
{
	struct page *page = hmm_pfn_to_page(w->pfns[0]);
	unsigned long pfn = page_to_pfn(page);
	unsigned int k;

	if (!IS_ALIGNED(gpsvm_dmem_page_offset(page), GPSVM_SVM_BLOCK))
		return false;
	for (k = 1; k < GPSVM_SVM_BLOCK_PAGES; k++) {
		unsigned long e = w->pfns[k];

		if (!gpsvm_svm_pfn_vram(e) ||
		    hmm_pfn_to_page(e) != pfn_to_page(pfn + k) ||
		    (e & HMM_PFN_WRITE) != (w->pfns[0] & HMM_PFN_WRITE))
			return false;
	}
	return true;
}

/*
 * One huge GPU PTE for the block: the CPU maps all of it with one huge
 * page, or it is all in one aligned run of VRAM.
 */
static bool gpsvm_svm_window_huge(const struct gpsvm_svm_window *w)
{
	if (!IS_ALIGNED(w->start, GPSVM_SVM_BLOCK) ||
	    w->end - w->start != GPSVM_SVM_BLOCK ||
	    !(w->pfns[0] & HMM_PFN_VALID))
		return false;
	if (gpsvm_svm_pfn_vram(w->pfns[0]))
		return gpsvm_svm_window_vram_huge(w);
	return hmm_pfn_to_map_order(w->pfns[0]) >= ilog2(GPSVM_SVM_BLOCK_PAGES);
}

/**
 * gpsvm_svmm_mapped() - make PTEs written visible; count and trace them
 * @svmm: the address space
 * @batch: the changes, flushed
 * @start: first VA mapped
 * @end: end of the range mapped
 * @huge: 2 MiB PTEs
 * @ptes: number of PTEs written
 */
void gpsvm_svmm_mapped(struct gpsvm_svmm *svmm, struct gpsvm_vmm_batch *batch,
		       u64 start, u64 end, bool huge, unsigned int ptes)
{
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;

	if (gpsvm_nouveau_mode)
		gpsvm_vmm_batch_add(batch, 0, vmm->va_limit);
	gpsvm_vmm_flush(svmm->gdev, vmm, batch);
	gpsvm_fault_stat_add(&svmm->gdev->fault, huge ? GPSVM_SVM_PAGES_2M :
				       GPSVM_SVM_PAGES_4K, ptes);
	trace_gpsvm_svm_map(svmm->gdev, start, end, huge, ptes);
}

/**
 * gpsvm_svmm_zap_block() - clear the 2 MiB block holding a VA
 * @svmm: the address space
 * @va: the VA
 *
 * For a block that holds PTEs of the other size, so the map can go on.
 *
 * Context: process; takes &gpsvm_svmm.mutex.
 */
void gpsvm_svmm_zap_block(struct gpsvm_svmm *svmm, u64 va)
{
	u64 start = round_down(va, GPSVM_SVM_BLOCK);

	mutex_lock(&svmm->mutex);
	gpsvm_svmm_unmap(svmm, start, start + GPSVM_SVM_BLOCK, 0);
	mutex_unlock(&svmm->mutex);
}

/*
 * Fault in what @w->req asks for. hmm_range_fault() faults every page
 * from the first it must fault to the end of its range, with that page's
 * flags, so each run of pages asking the same gets its own call: pages
 * nobody touched stay as they are (a MAP_PRIVATE file page is not copied,
 * an anonymous page not allocated). Pages in the VRAM of @owner are
 * reported as they are, whatever is asked; those of another (@owner NULL:
 * any) device are faulted back to system memory.
 */
static int gpsvm_svmm_fault_in(struct gpsvm_svmm *svmm,
			       struct gpsvm_svm_notifier *n,
			       struct gpsvm_svm_window *w, unsigned int npages,
			       void *owner, unsigned long timeout)
{
	struct hmm_range range = {
		.notifier = &n->mni,
		.dev_private_owner = owner,
	};
	unsigned int k, e;
	int ret;

	for (k = 0; k < npages; k = e) {
		for (e = k + 1; e < npages && w->req[e] == w->req[k]; e++)
			;
		if (!w->req[k])
			continue;
		range.start = w->start + ((u64)k << PAGE_SHIFT);
		range.end = w->start + ((u64)e << PAGE_SHIFT);
		range.hmm_pfns = w->pfns + k;
		range.default_flags = w->req[k];
		ret = gpsvm_svmm_range_fault(svmm, &range, timeout);
		if (ret)
			return ret;
	}
	return 0;
}

/* Does @pfn give what @req (HMM_PFN_REQ_*) asks? 0, -EFAULT or -EPERM. */
static int gpsvm_svm_pfn_ok(unsigned long req, unsigned long pfn)
{
	if (!(pfn & HMM_PFN_VALID))
		return -EFAULT;
	if ((req & HMM_PFN_REQ_WRITE) && !(pfn & HMM_PFN_WRITE))
		return -EPERM;
	return 0;
}

/* Does the snapshot in @w->pfns give every page what @w->req asked? */
static bool gpsvm_svm_window_has_req(const struct gpsvm_svm_window *w,
				     unsigned int npages)
{
	unsigned int k;

	for (k = 0; k < npages; k++)
		if (w->req[k] && gpsvm_svm_pfn_ok(w->req[k], w->pfns[k]))
			return false;
	return true;
}

/*
 * Serve a window: fault in what @w->req asks for, then map every page
 * the CPU has. Return: 0 (@w->pfns says what was found), -EAGAIN when it
 * could not finish for a transient reason, or hmm_range_fault()'s error.
 */
static int gpsvm_svmm_window(struct gpsvm_svmm *svmm,
			     struct gpsvm_svm_window *w)
{
	unsigned long timeout = jiffies +
				msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	unsigned int npages = (w->end - w->start) >> PAGE_SHIFT;
	const struct gpsvm_vmm_hal *hal = svmm->vm->vmm.hal;
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;
	struct gpsvm_svm_notifier *n;
	struct gpsvm_vmm_batch batch;
	/* A snapshot: whatever the CPU has mapped, faulting nothing. */
	struct hmm_range range = {
		.start = w->start,
		.end = w->end,
		.hmm_pfns = w->pfns,
		.dev_private_owner = svmm->gdev,
	};
	void *owner = svmm->gdev;
	bool huge = false;
	int ret;

	n = gpsvm_svmm_notifier(svmm, w->start);
	if (IS_ERR(n))
		return PTR_ERR(n);
	range.notifier = &n->mni;
	gpsvm_vmm_batch_init(&batch);
	w->mapped = 0;

	for (;;) {
		ret = -EAGAIN;
		if (time_after(jiffies, timeout))
			goto flush;
		ret = gpsvm_svmm_fault_in(svmm, n, w, npages, owner, timeout);
		if (!ret)
			ret = gpsvm_svmm_range_fault(svmm, &range, timeout);
		if (ret)
			goto flush;
		/*
		 * Lost since it was faulted in (reclaim, migration), or a
		 * write to a VRAM page the CPU maps read-only (fork's
		 * copy-on-write), which hmm_range_fault() reports as it is:
		 * fault the pages in as the CPU would, VRAM pages back to
		 * system memory, and look again.
		 */
		if (!gpsvm_svm_window_has_req(w, npages)) {
			owner = NULL;
			continue;
		}

		huge = gpsvm_svm_window_huge(w);
		ret = gpsvm_vmm_prepare(vmm, w->start, w->end - w->start,
					gpsvm_svm_pte_shift(hal, huge));
		if (ret == -EBUSY) {
			gpsvm_svmm_zap_block(svmm, w->start);
			continue;
		}
		if (ret)
			goto flush;
		ret = gpsvm_svm_dma_map(svmm->gdev->drm.dev, w, npages, huge);
		if (ret)
			goto flush;

		ret = gpsvm_svm_commit(svmm, w->start, npages, w->dma, w->pfns,
				       huge, range.notifier, range.notifier_seq,
				       &batch, &w->mapped);
		if (ret) {
			gpsvm_svm_dma_unmap(svmm->gdev->drm.dev, w->dma,
					    w->pfns, npages, huge);
			if (ret != -EAGAIN && ret != -EBUSY)
				goto flush;
			if (ret == -EBUSY)
				gpsvm_svmm_zap_block(svmm, w->start);
			continue;
		}
		break;
	}

	gpsvm_svmm_mapped(svmm, &batch, w->start, w->end, huge, w->mapped);
	return 0;

flush:
	/* PTEs may have been overwritten before the error: flush first. */
	gpsvm_vmm_flush(svmm->gdev, vmm, &batch);
	return ret;
}

/**
 * gpsvm_svm_block() - the SVM range of a VA's 2 MiB block
 * @vm: the VA space
 * @va: the VA, outside the unmanaged window
 * @start: set to the first VA of the range
 * @end: set to its end
 *
 * The largest range around @va in its 2 MiB block that is clear of the
 * unmanaged window, whose PTEs belong to VM_BIND.
 */
void gpsvm_svm_block(const struct gpsvm_vm *vm, u64 va, u64 *start, u64 *end)
{
	*start = round_down(va, GPSVM_SVM_BLOCK);
	*end = *start + GPSVM_SVM_BLOCK;
	if (vm->svm_window_start >= vm->svm_window_end ||
	    vm->svm_window_end <= *start || vm->svm_window_start >= *end)
		return;
	if (va < vm->svm_window_start)
		*end = vm->svm_window_start;
	else
		*start = max(*start, vm->svm_window_end);
}

static unsigned long gpsvm_svm_req(const struct gpsvm_fault *f)
{
	if (f->access >= GPSVM_FAULT_ACCESS_WRITE)
		return HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE;
	return HMM_PFN_REQ_FAULT;
}

/* Serve faults [0, count), all in [start, end), with one window. */
static int gpsvm_svmm_serve_window(struct gpsvm_svmm *svmm,
				   struct gpsvm_fault *faults,
				   unsigned int count, u64 start, u64 end)
{
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	struct gpsvm_svm_window w = {
		.start = start, .end = end,
		.req = fb->req, .pfns = fb->pfns, .dma = fb->dma_addrs,
	};
	unsigned int i, k;
	int ret;

	memset(w.req, 0, ((end - start) >> PAGE_SHIFT) * sizeof(*w.req));
	for (i = 0; i < count; i++)
		w.req[(faults[i].addr - start) >> PAGE_SHIFT] |=
			gpsvm_svm_req(&faults[i]);
	ret = gpsvm_svmm_window(svmm, &w);
	for (i = 0; i < count; i++) {
		k = (faults[i].addr - start) >> PAGE_SHIFT;
		faults[i].result = ret ?: gpsvm_svm_pfn_ok(gpsvm_svm_req(&faults[i]),
							   w.pfns[k]);
	}
	return ret;
}

/* Faults no CPU mapping can serve: fatal, in the window, past the VA end. */
static bool gpsvm_svm_unservable(const struct gpsvm_vm *vm,
				 const struct gpsvm_fault *f)
{
	return f->reason == GPSVM_FAULT_FATAL ||
	       gpsvm_svm_in_window(vm, f->addr) || f->addr >= vm->vmm.va_limit;
}

/* Is the page at @va in this GPU's VRAM? A snapshot, faulting nothing. */
static bool gpsvm_svmm_in_vram(struct gpsvm_svmm *svmm, u64 va)
{
	struct gpsvm_svm_notifier *n;
	unsigned long pfn = 0;
	struct hmm_range range = {
		.start = va,
		.end = va + PAGE_SIZE,
		.hmm_pfns = &pfn,
		.dev_private_owner = svmm->gdev,
	};

	/* Most atomics: nothing of any process's is in this VRAM. */
	if (!gpsvm_dmem_in_use(svmm->gdev))
		return false;
	n = gpsvm_svmm_notifier(svmm, va);
	if (IS_ERR(n))
		return false;
	range.notifier = &n->mni;
	if (gpsvm_svmm_range_fault(svmm, &range, jiffies +
				   msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT)))
		return false;
	return gpsvm_svm_pfn_vram(pfn);
}

/*
 * A GPU fault at @va where VRAM is the preferred location (SVM_ADVISE):
 * unless its page is in VRAM already, its block's part in the range moves
 * there first, to be mapped there. @stamp: see gpsvm_dmem_stamp().
 */
static void gpsvm_svmm_prefer(struct gpsvm_svmm *svmm, u64 va, u64 stamp)
{
	MA_STATE(mas, &svmm->prefer, va, va);
	u64 start, end;
	void *entry;

	mtree_lock(&svmm->prefer);
	entry = mas_walk(&mas);
	mtree_unlock(&svmm->prefer);
	if (!entry || gpsvm_svmm_in_vram(svmm, va))
		return;
	gpsvm_svm_block(svmm->vm, va, &start, &end);
	gpsvm_dmem_fault_in(svmm->gdev, svmm->mm, va, max(start, mas.index),
			    min(end, mas.last + 1), stamp);
}

/*
 * Move the blocks of the faults where VRAM is preferred, atomics' too,
 * before anything is mapped: a migration clears the GPU PTEs of its range
 * even when nothing moves, so one after a map would undo it.
 */
static void gpsvm_svmm_prefer_all(struct gpsvm_svmm *svmm,
				  const struct gpsvm_fault *faults,
				  unsigned int count)
{
	u64 stamp = gpsvm_dmem_stamp(svmm->gdev), done = U64_MAX;
	unsigned int i;

	if (mtree_empty(&svmm->prefer))
		return;
	for (i = 0; i < count; i++) {
		const struct gpsvm_fault *f = &faults[i];

		if (gpsvm_svm_unservable(svmm->vm, f) ||
		    round_down(f->addr, GPSVM_SVM_BLOCK) == done)
			continue;
		done = round_down(f->addr, GPSVM_SVM_BLOCK);
		gpsvm_svmm_prefer(svmm, f->addr, stamp);
	}
}

/* Serve the reads, writes and prefetches of one svmm, sorted by address. */
static void gpsvm_svmm_serve(struct gpsvm_svmm *svmm,
			     struct gpsvm_fault *faults, unsigned int count)
{
	const struct gpsvm_vm *vm = svmm->vm;
	unsigned int i, j, next;
	u64 start, end;
	int ret;

	gpsvm_svmm_prefer_all(svmm, faults, count);
	for (i = 0; i < count; i = next) {
		struct gpsvm_fault *f = &faults[i];

		next = i + 1;
		if (f->access == GPSVM_FAULT_ACCESS_ATOMIC)
			continue;
		if (gpsvm_svm_unservable(vm, f)) {
			f->result = -EFAULT;
			continue;
		}
		if (gpsvm_nouveau_mode) {
			gpsvm_svmm_serve_window(svmm, f, 1, f->addr,
						f->addr + PAGE_SIZE);
			continue;
		}

		/* The faults of the same block, up to the next atomic. */
		gpsvm_svm_block(vm, f->addr, &start, &end);
		while (next < count && faults[next].addr < end &&
		       faults[next].access != GPSVM_FAULT_ACCESS_ATOMIC &&
		       faults[next].reason != GPSVM_FAULT_FATAL)
			next++;
		ret = gpsvm_svmm_serve_window(svmm, f, next - i, start, end);
		if ((ret == -EFAULT || ret == -EPERM) && next - i > 1) {
			/* One bad page fails the range: find out which. */
			for (j = i; j < next; j++)
				gpsvm_svmm_serve_window(svmm, &faults[j], 1,
							faults[j].addr,
							faults[j].addr +
							PAGE_SIZE);
		}
	}
}

static bool gpsvm_svm_is_atomic(const struct gpsvm_fault *f)
{
	return f->access == GPSVM_FAULT_ACCESS_ATOMIC;
}

/*
 * Serve the atomics of one svmm, sorted by address. An atomic on a VRAM
 * page is a write: its block is mapped with atomics allowed.
 */
static void gpsvm_svmm_serve_atomics(struct gpsvm_svmm *svmm,
				     struct gpsvm_fault *faults,
				     unsigned int count)
{
	unsigned int i;
	u64 start, end = 0;

	for (i = 0; i < count; i++) {
		struct gpsvm_fault *f = &faults[i];

		if (f->access != GPSVM_FAULT_ACCESS_ATOMIC)
			continue;
		if (gpsvm_svm_unservable(svmm->vm, f)) {
			f->result = -EFAULT;
			continue;
		}
		if (f->addr < end && !gpsvm_nouveau_mode) {
			f->result = 0;	/* mapped with an earlier atomic's */
			continue;
		}
		if (gpsvm_svmm_in_vram(svmm, f->addr)) {
			gpsvm_svm_block(svmm->vm, f->addr, &start, &end);
			gpsvm_svmm_serve_window(svmm, f, 1, start, end);
		} else {
			f->result = gpsvm_svmm_atomic(svmm, f->addr, &end);
		}
	}
}

/* The svmm of the channel whose instance block is at inst, referenced. */
static struct gpsvm_svmm *gpsvm_svm_lookup(struct gpsvm_device *gdev, u64 inst)
{
	struct gpsvm_svmm *svmm = NULL;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&gdev->chan_lock, flags);
	for (i = 0; i < GPSVM_CHAN_COUNT; i++) {
		struct gpsvm_chan *chan = gdev->chans[i];

		if (chan && chan->inst_dma == inst) {
			svmm = chan->svmm;
			if (svmm)
				kref_get(&svmm->ref);
			break;
		}
	}
	spin_unlock_irqrestore(&gdev->chan_lock, flags);
	return svmm;
}

/**
 * gpsvm_svm_serve_group() - serve one address space's faults of a batch
 * @gdev: the GPU
 * @faults: the faults, coalesced, of one instance block, sorted by address
 * @count: how many
 * @atomics: serve the atomics, else the other faults
 *
 * The fault handler serves the reads, writes and prefetches of every group
 * of a batch first, then the atomics of every group: a read of a page an
 * atomic made device-exclusive would take it back before the replay. Each
 * call sets &gpsvm_fault.result of the faults it serves, and
 * &gpsvm_fault.pdb.
 *
 * Context: the fault handler; sleeps.
 */
void gpsvm_svm_serve_group(struct gpsvm_device *gdev,
			   struct gpsvm_fault *faults, unsigned int count,
			   bool atomics)
{
	struct gpsvm_svmm *svmm = gpsvm_svm_lookup(gdev, faults[0].inst);
	unsigned int i;
	int err = 0;

	if (!svmm)
		err = -EAGAIN;	/* the channel is gone, its faults with it */
	else if (!mmget_not_zero(svmm->mm))
		err = -ESRCH;
	for (i = 0; i < count; i++) {
		struct gpsvm_fault *f = &faults[i];

		if (gpsvm_svm_is_atomic(f) != atomics)
			continue;
		f->result = err;
		if (svmm)
			f->pdb = gpsvm_vmm_pdb(&svmm->vm->vmm);
	}
	if (!svmm)
		return;
	if (!err) {
		struct mem_cgroup *memcg = get_mem_cgroup_from_mm(svmm->mm);
		/* Charge what serving allocates to the process, not the worker. */
		struct mem_cgroup *old = set_active_memcg(memcg);

		down_read(&svmm->notifiers_use);
		if (atomics)
			gpsvm_svmm_serve_atomics(svmm, faults, count);
		else
			gpsvm_svmm_serve(svmm, faults, count);
		up_read(&svmm->notifiers_use);
		set_active_memcg(old);
		mem_cgroup_put(memcg);
		mmput(svmm->mm);
	}

	for (i = 0; i < count; i++) {
		struct gpsvm_fault *f = &faults[i];

		if (gpsvm_svm_is_atomic(f) != atomics)
			continue;
		if (f->access == GPSVM_FAULT_ACCESS_PREFETCH)
			f->result = 0;	/* a hint: never cancelled */
		/* Out of memory for now: the GPU retries, the job goes on. */
		if (f->result == -ENOMEM)
			f->result = -EAGAIN;
		if (f->result && f->result != -EAGAIN)
			dev_info_ratelimited(gdev->drm.dev,
					     "pid %d: GPU %s at 0x%llx not served (%d): cancelled\n",
					     svmm->pid,
					     f->access == GPSVM_FAULT_ACCESS_ATOMIC ?
					     "atomic" :
					     f->access == GPSVM_FAULT_ACCESS_WRITE ?
					     "write" : "read",
					     f->addr, f->result);
	}
	gpsvm_svmm_put(svmm);
}

/**
 * gpsvm_svm_close() - end SVM for a closing file
 * @vm: the file's VA space; its channels are gone
 *
 * Context: process; sleeps.
 */
void gpsvm_svm_close(struct gpsvm_vm *vm)
{
	struct gpsvm_svmm *svmm = vm->svmm;
	struct gpsvm_svm_notifier *n;
	unsigned long idx;

	if (!svmm)
		return;
	mutex_lock(&vm->lock);
	vm->svmm = NULL;
	mutex_unlock(&vm->lock);

	mutex_lock(&svmm->mutex);
	svmm->dead = true;
	mutex_unlock(&svmm->mutex);

	down_write(&svmm->notifiers_use);
	mutex_lock(&svmm->notifiers_lock);
	svmm->closed = true;
	mutex_unlock(&svmm->notifiers_lock);
	xa_for_each(&svmm->notifiers, idx, n) {
		xa_erase(&svmm->notifiers, idx);
		gpsvm_svmm_notifier_remove(n);
	}
	up_write(&svmm->notifiers_use);
	/* No notifier is left to queue it again. */
	cancel_work_sync(&svmm->reap);

	mutex_lock(&svmm->mutex);
	gpsvm_svmm_unmap(svmm, 0, vm->vmm.va_limit, 0);
	mutex_unlock(&svmm->mutex);
	gpsvm_svmm_put(svmm);
}

/**
 * gpsvm_svm_check_owner() - may the calling process use a VA space's SVM?
 * @vm: the file's VA space
 *
 * GPU accesses through an svmm reach the address space of the process that
 * called SVM_INIT. A file passed to another process (fork, SCM_RIGHTS,
 * execve) must not let that process make the GPU act on it, so SVM_BIND,
 * CHANNEL_CREATE and EXEC refuse it, with -EBADF as amdkfd does for its
 * file in another process. The svmm holds its mm with mmgrab(), so the
 * comparison cannot match a new mm at a reused address.
 *
 * Context: process; during an ioctl on the file, which keeps @vm's svmm.
 * Return: 0 before SVM_INIT or in its process, else -EBADF.
 */
int gpsvm_svm_check_owner(const struct gpsvm_vm *vm)
{
	const struct gpsvm_svmm *svmm = READ_ONCE(vm->svmm);

	return svmm && svmm->mm != current->mm ? -EBADF : 0;
}

/**
 * gpsvm_ioctl_svm_init() - DRM_IOCTL_GPSVM_SVM_INIT
 * @drm: the device
 * @data: &struct drm_gpsvm_svm_init
 * @file: the file whose VA space becomes the caller's address space
 *
 * Context: process; takes &gpsvm_vm.lock.
 * Return: 0 or a negative errno (see the uapi).
 */
int gpsvm_ioctl_svm_init(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpsvm_svm_init *args = data;
	struct gpsvm_vm *vm = gfile->vm;
	struct gpsvm_svmm *svmm;
	u64 start = args->unmanaged_addr, end;
	int idx, ret = 0;

	if (args->flags || args->pad ||
	    !IS_ALIGNED(start | args->unmanaged_size, SZ_4K) ||
	    check_add_overflow(start, args->unmanaged_size, &end))
		return -EINVAL;
	if (args->unmanaged_size &&
	    (start < DRM_GPSVM_VA_START || end > DRM_GPSVM_VA_END))
		return -EINVAL;
	if (!args->unmanaged_size) {
		start = 0;
		end = 0;
	}

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	svmm = kzalloc(sizeof(*svmm), GFP_KERNEL);
	if (!svmm) {
		drm_dev_exit(idx);
		return -ENOMEM;
	}
	kref_init(&svmm->ref);
	svmm->gdev = gfile->gdev;
	svmm->mm = current->mm;
	mmgrab(svmm->mm);
	svmm->pid = task_tgid_nr(current);
	mutex_init(&svmm->mutex);
	init_rwsem(&svmm->notifiers_use);
	mutex_init(&svmm->notifiers_lock);
	xa_init(&svmm->notifiers);
	mt_init(&svmm->prefer);
	INIT_WORK(&svmm->reap, gpsvm_svmm_reap);
	svmm->mapped_start = U64_MAX;
	gpsvm_excl_init(&svmm->excl);
	drm_gpuvm_get(&vm->base);
	svmm->vm = vm;
	/*
	 * Reclaim runs the notifiers, which take these locks: tell lockdep
	 * now, so that an allocation under any of them shows in every run.
	 */
	if (IS_ENABLED(CONFIG_LOCKDEP)) {
		fs_reclaim_acquire(GFP_KERNEL);
		might_lock(&svmm->mutex);
		might_lock(&vm->vmm.lock);
		might_lock(&svmm->gdev->tlb_lock);
		fs_reclaim_release(GFP_KERNEL);
	}

	mutex_lock(&vm->lock);
	if (vm->svmm || vm->has_channels)
		ret = -EBUSY;
	else if ((start > DRM_GPSVM_VA_START &&
		  !drm_gpuvm_interval_empty(&vm->base, DRM_GPSVM_VA_START,
					    start - DRM_GPSVM_VA_START)) ||
		 !drm_gpuvm_interval_empty(&vm->base, max(end, DRM_GPSVM_VA_START),
					   DRM_GPSVM_VA_END -
					   max(end, DRM_GPSVM_VA_START)))
		ret = -EBUSY;	/* BOs mapped where the process lives */
	if (!ret) {
		vm->svm_window_start = start;
		vm->svm_window_end = end;
		vm->vmm.release = gpsvm_svm_release_pte;
		/* Read unlocked by gpsvm_svm_check_owner(). */
		WRITE_ONCE(vm->svmm, svmm);
	}
	mutex_unlock(&vm->lock);
	if (ret)
		gpsvm_svmm_put(svmm);
	drm_dev_exit(idx);
	return ret;
}

/*
 * A range of at most @max bytes that SVM_BIND, SVM_MIGRATE and SVM_ADVISE
 * accept, but for the window; its end.
 */
static bool gpsvm_svm_range_ok(u64 addr, u64 size, u64 max, u64 *end)
{
	return size && size <= max &&
	       IS_ALIGNED(addr | size, SZ_4K) &&
	       !check_add_overflow(addr, size, end) && *end <= DRM_GPSVM_VA_END;
}

/*
 * The svmm an SVM_BIND, SVM_MIGRATE or SVM_ADVISE of [addr, end) works in,
 * referenced, inside drm_dev_enter() (@idx); or an ERR_PTR: -EBADF in
 * another process, -ENODEV once the GPU is gone, -EINVAL before SVM_INIT
 * or for a range that meets the unmanaged window. Ended by
 * gpsvm_svm_ioctl_end().
 */
static struct gpsvm_svmm *gpsvm_svm_ioctl_begin(struct drm_device *drm,
						struct gpsvm_file *gfile,
						u64 addr, u64 end, int *idx)
{
	struct gpsvm_svmm *svmm;
	int ret;

	ret = gpsvm_svm_check_owner(gfile->vm);
	if (ret)
		return ERR_PTR(ret);
	if (!drm_dev_enter(drm, idx))
		return ERR_PTR(-ENODEV);
	svmm = gpsvm_svm_get(gfile->vm);
	if (svmm && addr < svmm->vm->svm_window_end &&
	    svmm->vm->svm_window_start < end) {
		gpsvm_svmm_put(svmm);
		svmm = NULL;
	}
	if (!svmm) {
		drm_dev_exit(*idx);
		return ERR_PTR(-EINVAL);
	}
	return svmm;
}

static void gpsvm_svm_ioctl_end(struct gpsvm_svmm *svmm, int idx)
{
	gpsvm_svmm_put(svmm);
	drm_dev_exit(idx);
}

/**
 * gpsvm_ioctl_svm_bind() - DRM_IOCTL_GPSVM_SVM_BIND
 * @drm: the device
 * @data: &struct drm_gpsvm_svm_bind
 * @file: the file
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno (see the uapi).
 */
int gpsvm_ioctl_svm_bind(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpsvm_svm_bind *args = data;
	struct gpsvm_svm_window w = {};
	struct gpsvm_svmm *svmm;
	unsigned long req;
	u64 va, end;
	int idx, ret = 0;

	if (args->pad || args->flags & ~DRM_GPSVM_SVM_BIND_WRITE ||
	    !gpsvm_svm_range_ok(args->addr, args->size, GPSVM_SVM_BIND_MAX,
				&end))
		return -EINVAL;
	/* Our own mm from here on: the caller keeps it alive. */
	svmm = gpsvm_svm_ioctl_begin(drm, gfile, args->addr, end, &idx);
	if (IS_ERR(svmm))
		return PTR_ERR(svmm);

	w.req = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*w.req), GFP_KERNEL);
	w.pfns = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*w.pfns), GFP_KERNEL);
	w.dma = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*w.dma), GFP_KERNEL);
	if (!w.req || !w.pfns || !w.dma) {
		ret = -ENOMEM;
		goto out;
	}
	req = HMM_PFN_REQ_FAULT;
	if (args->flags & DRM_GPSVM_SVM_BIND_WRITE)
		req |= HMM_PFN_REQ_WRITE;

	for (va = args->addr; va < end && !ret; va = w.end) {
		unsigned int k;

		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		w.start = va;
		w.end = min(round_down(va, GPSVM_SVM_BLOCK) + GPSVM_SVM_BLOCK,
			    end);
		for (k = 0; k < (w.end - w.start) >> PAGE_SHIFT; k++)
			w.req[k] = req;
		do {
			down_read(&svmm->notifiers_use);
			ret = gpsvm_svmm_window(svmm, &w);
			up_read(&svmm->notifiers_use);
		} while (ret == -EAGAIN && !fatal_signal_pending(current));
	}
	if (ret == -EAGAIN)
		ret = -EINTR;
out:
	kvfree(w.dma);
	kvfree(w.pfns);
	kvfree(w.req);
	gpsvm_svm_ioctl_end(svmm, idx);
	return ret;
}

/**
 * gpsvm_ioctl_svm_migrate() - DRM_IOCTL_GPSVM_SVM_MIGRATE
 * @drm: the device
 * @data: &struct drm_gpsvm_svm_migrate
 * @file: the file
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno (see the uapi).
 */
int gpsvm_ioctl_svm_migrate(struct drm_device *drm, void *data,
			    struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpsvm_svm_migrate *args = data;
	struct gpsvm_svmm *svmm;
	u64 end, moved = 0, stayed = 0;
	int idx, ret;

	if (args->flags || args->to > DRM_GPSVM_MEM_VRAM ||
	    !gpsvm_svm_range_ok(args->addr, args->size, GPSVM_SVM_BIND_MAX,
				&end))
		return -EINVAL;
	/* Our own mm: the caller keeps it alive. */
	svmm = gpsvm_svm_ioctl_begin(drm, gfile, args->addr, end, &idx);
	if (IS_ERR(svmm))
		return PTR_ERR(svmm);
	ret = gpsvm_dmem_migrate(svmm->gdev, svmm->mm, args->addr, end,
				 args->to == DRM_GPSVM_MEM_VRAM, &moved,
				 &stayed);
	args->moved = moved;
	args->stayed = stayed;
	gpsvm_svm_ioctl_end(svmm, idx);
	return ret;
}

/**
 * gpsvm_ioctl_svm_advise() - DRM_IOCTL_GPSVM_SVM_ADVISE
 * @drm: the device
 * @data: &struct drm_gpsvm_svm_advise
 * @file: the file
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno (see the uapi).
 */
int gpsvm_ioctl_svm_advise(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpsvm_svm_advise *args = data;
	struct gpsvm_svmm *svmm;
	void *entry = NULL;
	int idx, ret;
	u64 end;

	if (args->flags || args->preferred_loc > DRM_GPSVM_MEM_VRAM ||
	    !gpsvm_svm_range_ok(args->addr, args->size, DRM_GPSVM_VA_END,
				&end))
		return -EINVAL;
	svmm = gpsvm_svm_ioctl_begin(drm, gfile, args->addr, end, &idx);
	if (IS_ERR(svmm))
		return PTR_ERR(svmm);
	/* The default is no entry: faults map pages where they are. */
	if (args->preferred_loc == DRM_GPSVM_MEM_VRAM)
		entry = xa_mk_value(DRM_GPSVM_MEM_VRAM);
	ret = mtree_store_range(&svmm->prefer, args->addr, end - 1, entry,
				GFP_KERNEL_ACCOUNT);
	gpsvm_svm_ioctl_end(svmm, idx);
	return ret;
}
