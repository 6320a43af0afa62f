// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm SVM: a GPU address space that is a process's address space. GPU
 * accesses to process memory take replayable page faults; the fault
 * handler serves them from the process's page tables with
 * hmm_range_fault() (make_device_exclusive_range() for atomics), writes
 * GPU PTEs and replays. MMU notifiers remove GPU PTEs before the CPU
 * page tables change.
 */

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hmm.h>
#include <linux/huge_mm.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
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
 * fault buffer and stalls the faulting threads until a replay.
 *
 * The fault handler is a work item on an ordered workqueue, so one CPU at
 * a time drains the buffer. A batch is at most %GPSVM_FAULT_BATCH entries:
 * read while VALID, VALID cleared, GET written once. It is sorted by
 * instance block, address and access, the most intrusive access first, and
 * entries for the same page of the same instance are coalesced into the
 * first one (the one with the most intrusive access). Each run of one
 * instance block is served for its svmm:
 *
 * - reads, writes and prefetches of one 2 MiB block are served together:
 *   the faulting pages are faulted in (writable for writes), one
 *   hmm_range_fault() per run of them, and one more, a snapshot of the
 *   block, maps them and every other page the CPU has already. A block
 *   the CPU maps with a huge page (THP, hugetlbfs) gets one 2 MiB GPU
 *   PTE. Pages the CPU maps read-only are mapped read-only, and every
 *   page is mapped atomic-disabled;
 * - atomics make the page's whole folio device-exclusive
 *   (make_device_exclusive_range() on the folio's head: 6.12 refuses a
 *   THP's tail pages) and map it with atomics allowed, a THP as one
 *   2 MiB PTE. The folios stay locked until the batch has been replayed,
 *   so that a CPU writing the same pages cannot take every page back
 *   before the GPU retries (it waits for the lock instead);
 * - what cannot be served (no VMA, PROT_NONE, a write to read-only memory,
 *   a dead process, an atomic on shared or hugetlbfs memory) is cancelled:
 *   the GPU fails the access, so the job fails with an MMU fault. Prefetch
 *   faults are never cancelled. Transient failures are left to fault again.
 *
 * Then the cancels, and one replay for the whole batch. New PTEs need no
 * TLB invalidate (the GPU caches no faulting translation); PTEs whose
 * permissions grew are invalidated by range before the replay.
 *
 * The module parameter nouveau_mode=1 serves one page per fault and
 * invalidates all of the GPU's TLBs on every map and replay, as nouveau
 * does, for benchmarks.
 */

/**
 * DOC: gpsvm SVM locking
 *
 * Outermost first:
 *
 * - &gpsvm_vm.lock: SVM_INIT, VM_BIND and channel creation. &gpsvm_vm.svmm
 *   is set once under it.
 * - &gpsvm_svmm.notifiers_lock: insertion and removal of the svmm's
 *   interval notifiers. Inserting may take mmap_lock for write, so it is
 *   never taken under mmap_lock.
 * - mmap_lock, for read: hmm_range_fault(), make_device_exclusive_range(),
 *   splitting a THP.
 * - &gpsvm_svmm.mutex, the notifier lock: an MMU-notifier callback takes
 *   it to advance the notifier's sequence and clear the GPU PTEs of the
 *   range; the fault path takes it to check that no invalidation ran
 *   since it looked at the CPU page tables (mmu_interval_read_retry())
 *   and, in the same critical section, to write the PTEs. Reclaim calls
 *   the notifiers, so nothing allocates memory under it: page tables are
 *   allocated before (gpsvm_vmm_prepare()) and written without allocating
 *   (gpsvm_vmm_map_prepared()); DMA mappings are made before it too.
 * - &gpsvm_vmm.lock, then &gpsvm_device.tlb_lock.
 *
 * The notifiers are long-lived: one per %GPSVM_SVM_NOTIFIER_SIZE chunk of
 * the address space the GPU has touched, inserted on the first fault in
 * the chunk and removed when the file closes. A notifier's callback only
 * ever clears PTEs outside the unmanaged window.
 *
 * An svmm is reference counted. The file holds a reference from SVM_INIT to
 * its release; the fault handler takes one while it serves a group, after
 * finding the channel by its instance block under
 * &gpsvm_device.chan_lock. A channel is removed from the device before the
 * file's reference goes, so the lookup never sees a freed svmm. When the
 * file closes, &gpsvm_svmm.dead stops the fault handler from writing PTEs,
 * the notifiers are removed and every SVM PTE is cleared.
 */

#define GPSVM_FAULT_BATCH		256
/* Batches per run of the handler before it lets other work run. */
#define GPSVM_FAULT_ROUNDS		16
#define GPSVM_SVM_BLOCK			SZ_2M
#define GPSVM_SVM_BLOCK_PAGES		(GPSVM_SVM_BLOCK >> PAGE_SHIFT)
#define GPSVM_SVM_NOTIFIER_SHIFT	26
#define GPSVM_SVM_NOTIFIER_SIZE		BIT_ULL(GPSVM_SVM_NOTIFIER_SHIFT)
/* How long atomics' pages stay the GPU's after the replay, at least. */
#define GPSVM_SVM_HOLD_US		1000
/* ... and at most, when the CPU keeps taking them back. */
#define GPSVM_SVM_HOLD_MAX_US		256000
/* Pages wanted again sooner than this after a release: a fight. */
#define GPSVM_SVM_THRASH_MS		20
/* The largest SVM_BIND, so that one call cannot hold the GPU for long. */
#define GPSVM_SVM_BIND_MAX		SZ_1G

static unsigned int fault_entries = 256;
module_param(fault_entries, uint, 0444);
MODULE_PARM_DESC(fault_entries,
		 "Replayable fault-buffer entries per GPU (16-65536, default 256)");

static bool nouveau_mode;
module_param(nouveau_mode, bool, 0644);
MODULE_PARM_DESC(nouveau_mode,
		 "Serve one page per fault with a global TLB invalidate, as nouveau does (for benchmarks)");

/**
 * struct gpsvm_svmm - a GPU VA space shared with a process
 * @ref: references; see "gpsvm SVM locking"
 * @gdev: the GPU
 * @vm: the file's VA space; holds a reference
 * @mm: the process's address space; grabbed, not pinned
 * @pid: the process, for messages
 * @mutex: the notifier lock
 * @dead: the file is closing: write no PTE any more
 * @notifiers_lock: protects @notifiers and @closed
 * @closed: no more notifiers may be inserted
 * @notifiers: the interval notifiers, by VA >> GPSVM_SVM_NOTIFIER_SHIFT
 */
struct gpsvm_svmm {
	struct kref ref;
	struct gpsvm_device *gdev;
	struct gpsvm_vm *vm;
	struct mm_struct *mm;
	pid_t pid;
	/* See "gpsvm SVM locking". */
	struct mutex mutex;
	bool dead;
	/* See "gpsvm SVM locking". */
	struct mutex notifiers_lock;
	bool closed;
	struct xarray notifiers;
};

/**
 * struct gpsvm_svm_notifier - an interval notifier over one chunk
 * @mni: the notifier
 * @svmm: its svmm
 */
struct gpsvm_svm_notifier {
	struct mmu_interval_notifier mni;
	struct gpsvm_svmm *svmm;
};

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

static void gpsvm_svm_stat_add(struct gpsvm_device *gdev,
			       enum gpsvm_svm_stat stat, long n)
{
	atomic64_add(n, &gdev->fault.stats[stat]);
}

static void gpsvm_svmm_release(struct kref *ref)
{
	struct gpsvm_svmm *svmm = container_of(ref, struct gpsvm_svmm, ref);
	struct gpsvm_svm_notifier *n;
	unsigned long idx;

	xa_for_each(&svmm->notifiers, idx, n)
		kfree(n);
	xa_destroy(&svmm->notifiers);
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

/* &gpsvm_vmm.release: an SVM PTE held a DMA mapping of a process page. */
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
	if (batch.start < batch.end) {
		gpsvm_svm_stat_add(svmm->gdev, GPSVM_SVM_INVALIDATIONS, 1);
		trace_gpsvm_svm_invalidate(svmm->gdev, batch.start, batch.end,
					   event);
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

	/* Our own make_device_exclusive_range(): the page stays the same. */
	if (range->event == MMU_NOTIFY_EXCLUSIVE &&
	    range->owner == svmm->gdev)
		return true;
	/* Clearing PTEs waits for the GPU's TLB invalidate. */
	if (!mmu_notifier_range_blockable(range))
		return false;

	mutex_lock(&svmm->mutex);
	mmu_interval_set_seq(mni, cur_seq);
	gpsvm_svmm_unmap(svmm, max(range->start, mni->interval_tree.start),
			 min(range->end, mni->interval_tree.last + 1),
			 range->event);
	mutex_unlock(&svmm->mutex);
	return true;
}

static const struct mmu_interval_notifier_ops gpsvm_svm_notifier_ops = {
	.invalidate = gpsvm_svm_invalidate,
};

/* The notifier of the chunk holding va, inserted on first use. */
static struct gpsvm_svm_notifier *gpsvm_svmm_notifier(struct gpsvm_svmm *svmm,
						      u64 va)
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
	n = kzalloc(sizeof(*n), GFP_KERNEL);
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
		ret = xa_err(xa_store(&svmm->notifiers, idx, n, GFP_KERNEL));
		if (ret)
			mmu_interval_notifier_remove(&n->mni);
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

static unsigned int gpsvm_svm_pte_shift(const struct gpsvm_vmm_hal *hal,
					bool huge)
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

/* Drop the DMA mappings no PTE took (the others are DMA_MAPPING_ERROR). */
static void gpsvm_svm_dma_unmap(struct device *dev, dma_addr_t *dma,
				unsigned int npages, bool huge)
{
	unsigned int k;

	for (k = 0; k < npages; k++)
		if (dma[k] != DMA_MAPPING_ERROR)
			dma_unmap_page(dev, dma[k], gpsvm_svm_pte_size(huge),
				       DMA_BIDIRECTIONAL);
}

/* DMA-map the pages a window found; a huge window is one mapping. */
static int gpsvm_svm_dma_map(struct device *dev, struct gpsvm_svm_window *w,
			     unsigned int npages, bool huge)
{
	unsigned int k;

	for (k = 0; k < npages; k++)
		w->dma[k] = DMA_MAPPING_ERROR;
	for (k = 0; k < (huge ? 1 : npages); k++) {
		if (!(w->pfns[k] & HMM_PFN_VALID))
			continue;
		w->dma[k] = dma_map_page(dev, hmm_pfn_to_page(w->pfns[k]), 0,
					 gpsvm_svm_pte_size(huge),
					 DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, w->dma[k])) {
			w->dma[k] = DMA_MAPPING_ERROR;
			gpsvm_svm_dma_unmap(dev, w->dma, k, huge);
			return -ENOMEM;
		}
	}
	return 0;
}

static u32 gpsvm_svm_pte_flags(unsigned long pfn)
{
	/* Atomics need a device-exclusive page: see gpsvm_svmm_atomic(). */
	u32 flags = GPSVM_MAP_NO_ATOMIC;

	if (!(pfn & HMM_PFN_WRITE))
		flags |= GPSVM_MAP_READ_ONLY;
	return flags;
}

/*
 * Write a PTE for each DMA-mapped page k at @start + k pages, or one huge
 * PTE: with the CPU's permissions in @pfns, or with atomics allowed for
 * device-exclusive pages (@pfns NULL). Under the notifier lock, so no
 * allocation. A PTE takes its page's DMA mapping (dma[k] becomes
 * DMA_MAPPING_ERROR); a PTE already there drops the new one. *mapped
 * counts the PTEs written.
 */
static int gpsvm_svm_commit(struct gpsvm_svmm *svmm, u64 start,
			    unsigned int npages, dma_addr_t *dma,
			    const unsigned long *pfns, bool huge,
			    struct gpsvm_vmm_batch *batch, unsigned int *mapped)
{
	const struct gpsvm_vmm_hal *hal = svmm->vm->vmm.hal;
	struct device *dev = svmm->gdev->drm.dev;
	unsigned int k;
	int ret;

	lockdep_assert_held(&svmm->mutex);

	for (k = 0; k < npages; k++) {
		if (dma[k] == DMA_MAPPING_ERROR)
			continue;
		ret = gpsvm_vmm_map_prepared(&svmm->vm->vmm,
					     start + ((u64)k << PAGE_SHIFT),
					     gpsvm_svm_pte_size(huge),
					     gpsvm_svm_pte_shift(hal, huge),
					     dma[k],
					     pfns ? gpsvm_svm_pte_flags(pfns[k]) :
						    0,
					     batch);
		if (ret < 0)
			return ret;
		/* Mapped already, with this very DMA address: drop ours. */
		if (ret)
			dma_unmap_page(dev, dma[k], gpsvm_svm_pte_size(huge),
				       DMA_BIDIRECTIONAL);
		else
			(*mapped)++;
		dma[k] = DMA_MAPPING_ERROR;
	}
	return 0;
}

/* Whole block mapped by one CPU huge page: one huge GPU PTE. */
static bool gpsvm_svm_window_huge(const struct gpsvm_svm_window *w)
{
	return IS_ALIGNED(w->start, GPSVM_SVM_BLOCK) &&
	       w->end - w->start == GPSVM_SVM_BLOCK &&
	       (w->pfns[0] & HMM_PFN_VALID) &&
	       hmm_pfn_to_map_order(w->pfns[0]) >= ilog2(GPSVM_SVM_BLOCK_PAGES);
}

/* PTEs written under @batch: make them visible, count and trace them. */
static void gpsvm_svmm_mapped(struct gpsvm_svmm *svmm,
			      struct gpsvm_vmm_batch *batch, u64 start,
			      u64 end, bool huge, unsigned int ptes)
{
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;

	if (nouveau_mode)
		gpsvm_vmm_batch_add(batch, 0, vmm->va_limit);
	gpsvm_vmm_flush(svmm->gdev, vmm, batch);
	gpsvm_svm_stat_add(svmm->gdev, huge ? GPSVM_SVM_PAGES_2M :
				       GPSVM_SVM_PAGES_4K, ptes);
	trace_gpsvm_svm_map(svmm->gdev, start, end, huge, ptes);
}

/* The block holds PTEs of the other size: clear it so the map can go on. */
static void gpsvm_svmm_zap_block(struct gpsvm_svmm *svmm, u64 va)
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
 * an anonymous page not allocated).
 */
static int gpsvm_svmm_fault_in(struct gpsvm_svmm *svmm,
			       struct gpsvm_svm_notifier *n,
			       struct gpsvm_svm_window *w, unsigned int npages,
			       unsigned long timeout)
{
	struct hmm_range range = {
		.notifier = &n->mni,
		.dev_private_owner = svmm->gdev,
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
	bool huge = false;
	int ret;

	n = gpsvm_svmm_notifier(svmm, w->start);
	if (IS_ERR(n))
		return PTR_ERR(n);
	range.notifier = &n->mni;
	gpsvm_vmm_batch_init(&batch);
	w->mapped = 0;

	for (;;) {
		if (time_after(jiffies, timeout))
			return -EAGAIN;
		ret = gpsvm_svmm_fault_in(svmm, n, w, npages, timeout);
		if (!ret)
			ret = gpsvm_svmm_range_fault(svmm, &range, timeout);
		if (ret)
			return ret;
		/* Lost since it was faulted in (reclaim, migration): again. */
		if (!gpsvm_svm_window_has_req(w, npages))
			continue;

		huge = gpsvm_svm_window_huge(w);
		ret = gpsvm_vmm_prepare(vmm, w->start, w->end - w->start,
					gpsvm_svm_pte_shift(hal, huge));
		if (ret == -EBUSY) {
			gpsvm_svmm_zap_block(svmm, w->start);
			continue;
		}
		if (ret)
			return ret;
		ret = gpsvm_svm_dma_map(svmm->gdev->drm.dev, w, npages, huge);
		if (ret)
			return ret;

		mutex_lock(&svmm->mutex);
		if (svmm->dead)
			ret = -ESRCH;
		else if (mmu_interval_read_retry(range.notifier,
						 range.notifier_seq))
			ret = -EAGAIN;
		else
			ret = gpsvm_svm_commit(svmm, w->start, npages, w->dma,
					       w->pfns, huge, &batch,
					       &w->mapped);
		mutex_unlock(&svmm->mutex);
		if (ret) {
			gpsvm_svm_dma_unmap(svmm->gdev->drm.dev, w->dma, npages,
					    huge);
			if (ret != -EAGAIN && ret != -EBUSY)
				return ret;
			if (ret == -EBUSY)
				gpsvm_svmm_zap_block(svmm, w->start);
			continue;
		}
		break;
	}

	gpsvm_svmm_mapped(svmm, &batch, w->start, w->end, huge, w->mapped);
	return 0;
}

/*
 * The VA range of the folio holding @page at @va, if the folio lies whole
 * in @vma and in one block; else just the page. Only a hint, read without
 * a reference: make_device_exclusive_range() checks it.
 */
static void gpsvm_svm_folio_range(struct vm_area_struct *vma, u64 va,
				  struct page *page, u64 *start, u64 *end)
{
	struct folio *folio = page_folio(page);
	u64 s = va - ((u64)folio_page_idx(folio, page) << PAGE_SHIFT);
	u64 e = s + folio_size(folio);

	*start = va;
	*end = va + PAGE_SIZE;
	if (s <= va && va < e && s >= vma->vm_start && e <= vma->vm_end &&
	    round_down(s, GPSVM_SVM_BLOCK) == round_down(e - 1, GPSVM_SVM_BLOCK)) {
		*start = s;
		*end = e;
	}
}

/*
 * Look at the page of an atomic: fault it in writable and find its folio.
 * Return: 0 with [*start, *end) the folio's VA range, or why the page
 * cannot take a GPU atomic.
 */
static int gpsvm_svmm_atomic_probe(struct gpsvm_svmm *svmm,
				   struct gpsvm_svm_notifier *n, u64 va,
				   u64 *start, u64 *end)
{
	unsigned long pfn;
	struct hmm_range range = {
		.notifier = &n->mni,
		.start = va,
		.end = va + PAGE_SIZE,
		.hmm_pfns = &pfn,
		.default_flags = HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE,
		.dev_private_owner = svmm->gdev,
	};
	struct vm_area_struct *vma;
	int ret;

	do {
		range.notifier_seq = mmu_interval_read_begin(range.notifier);
		mmap_read_lock(svmm->mm);
		vma = vma_lookup(svmm->mm, va);
		if (!vma) {
			ret = -EFAULT;
		} else if (is_vm_hugetlb_page(vma) ||
			   (vma->vm_flags & VM_SHARED)) {
			/* Device-exclusive entries are for anonymous pages. */
			ret = -EOPNOTSUPP;
		} else {
			ret = hmm_range_fault(&range);
			if (!ret)
				gpsvm_svm_folio_range(vma, va,
						      hmm_pfn_to_page(pfn),
						      start, end);
		}
		mmap_read_unlock(svmm->mm);
	} while (ret == -EBUSY);
	return ret;
}

/* Let go of a page make_device_exclusive_range() gave: locked, referenced. */
static void gpsvm_svm_exclusive_put(struct page *page)
{
	folio_unlock(page_folio(page));
	put_page(page);
}

/* Unlock and put the pages make_device_exclusive_range() gave, or hold them. */
static void gpsvm_svm_exclusive_done(struct gpsvm_fault_buffer *fb,
				     struct page **pages, unsigned int npages,
				     bool hold)
{
	unsigned int i;

	for (i = 0; i < npages; i++) {
		if (!pages[i])
			continue;
		if (hold && fb->nheld < GPSVM_SVM_HELD_MAX) {
			fb->held[fb->nheld++] = pages[i];
			continue;
		}
		gpsvm_svm_exclusive_put(pages[i]);
	}
}

/* DMA-map every page of the exclusive folios in pages[]. */
static int gpsvm_svm_dma_map_exclusive(struct device *dev, struct page **pages,
				       unsigned int npages, dma_addr_t *dma,
				       bool huge)
{
	struct folio *folio = NULL;
	unsigned int k, i = 0;

	for (k = 0; k < npages; k++)
		dma[k] = DMA_MAPPING_ERROR;
	for (k = 0; k < npages; k++) {
		if (pages[k]) {
			folio = page_folio(pages[k]);
			i = 0;
		}
		if (!folio || i >= folio_nr_pages(folio))
			continue;
		dma[k] = dma_map_page(dev, folio_page(folio, i++), 0,
				      gpsvm_svm_pte_size(huge),
				      DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, dma[k])) {
			dma[k] = DMA_MAPPING_ERROR;
			return -ENOMEM;
		}
		if (huge)
			break;
	}
	return 0;
}

/*
 * Let the CPU take back the pages made exclusive for atomics, once the
 * GPU has had time to retry them: else a CPU that keeps touching the same
 * page takes it back before every retry, and the GPU never gets through.
 * Atomics that need the same pages again soon after their release mean
 * the CPU and the GPU fight over them: the GPU keeps them four times as
 * long each time (the CPU is throttled), up to GPSVM_SVM_HOLD_MAX_US, and
 * back to the shortest hold once the fight stops.
 */
static void gpsvm_svm_release_held(struct gpsvm_device *gdev)
{
	struct gpsvm_fault_buffer *fb = &gdev->fault;
	unsigned int i;

	if (!fb->nheld)
		return;
	if (fb->fight)
		fb->hold_us = min(4 * fb->hold_us, GPSVM_SVM_HOLD_MAX_US);
	else
		fb->hold_us = GPSVM_SVM_HOLD_US;
	fb->fight = false;
	usleep_range(fb->hold_us, fb->hold_us + fb->hold_us / 4);
	for (i = 0; i < fb->nheld; i++)
		gpsvm_svm_exclusive_put(fb->held[i]);
	fb->nheld = 0;
	fb->released = ktime_get();
	fb->nreleased = fb->nholding;
	swap(fb->holding, fb->recent);
	fb->nholding = 0;
}

/*
 * Atomics got [start, end) of @svmm: remember it, and whether the GPU had
 * it until just before (a fight with the CPU).
 */
static void gpsvm_svm_note_held(struct gpsvm_fault_buffer *fb,
				struct gpsvm_svmm *svmm, u64 start, u64 end)
{
	unsigned int i;

	/* When the faults came, not now: taking a THP back is slow. */
	if (ktime_ms_delta(fb->fetched, fb->released) < GPSVM_SVM_THRASH_MS)
		for (i = 0; i < fb->nreleased; i++)
			if (fb->recent[i].svmm == svmm &&
			    fb->recent[i].start < end && start < fb->recent[i].end)
				fb->fight = true;
	if (fb->nholding < GPSVM_SVM_RANGES) {
		fb->holding[fb->nholding].svmm = svmm;
		fb->holding[fb->nholding].start = start;
		fb->holding[fb->nholding].end = end;
		fb->nholding++;
	}
}

/*
 * An atomic: make the page's whole folio device-exclusive, so that a THP
 * stays whole (6.12 refuses to make a tail page exclusive on its own),
 * and map it with atomics allowed. The folios stay locked until after the
 * replay, so that the CPU cannot take them back before the GPU retries.
 * *end is set to the end of what was mapped.
 */
static int gpsvm_svmm_atomic(struct gpsvm_svmm *svmm, u64 va, u64 *end)
{
	unsigned long timeout = jiffies +
				msecs_to_jiffies(HMM_RANGE_DEFAULT_TIMEOUT);
	const struct gpsvm_vmm_hal *hal = svmm->vm->vmm.hal;
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	struct device *dev = svmm->gdev->drm.dev;
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;
	unsigned int npages, mapped = 0;
	struct gpsvm_svm_notifier *n;
	struct gpsvm_vmm_batch batch;
	unsigned long seq;
	bool huge = false;
	u64 start;
	int ret;

	n = gpsvm_svmm_notifier(svmm, va);
	if (IS_ERR(n))
		return PTR_ERR(n);
	gpsvm_vmm_batch_init(&batch);

	for (;;) {
		if (time_after(jiffies, timeout))
			return -EAGAIN;
		ret = gpsvm_svmm_atomic_probe(svmm, n, va, &start, end);
		if (ret)
			return ret;
		npages = (*end - start) >> PAGE_SHIFT;
		huge = npages == GPSVM_SVM_BLOCK_PAGES;
		ret = gpsvm_vmm_prepare(vmm, start, *end - start,
					gpsvm_svm_pte_shift(hal, huge));
		if (ret == -EBUSY) {
			gpsvm_svmm_zap_block(svmm, start);
			continue;
		}
		if (ret)
			return ret;

		mmap_read_lock(svmm->mm);
		ret = make_device_exclusive_range(svmm->mm, start, *end,
						  fb->pages, svmm->gdev);
		/*
		 * The sequence starts here, not before: making a THP exclusive
		 * splits its PMD and takes back pages still exclusive from an
		 * earlier try, and both invalidate. From now on the exclusive
		 * entries can only go through an invalidation: the CPU needs
		 * the folio locks we hold to take them back, and munmap or
		 * mprotect the mmap_lock we hold.
		 */
		seq = mmu_interval_read_begin(&n->mni);
		mmap_read_unlock(svmm->mm);
		if (ret < 0)
			return ret;
		npages = ret;
		/* Each page of the folio, or one huge PTE for a whole THP. */
		huge = huge && npages == GPSVM_SVM_BLOCK_PAGES && fb->pages[0];
		if (!npages || (!fb->pages[0] &&
				((va - start) >> PAGE_SHIFT >= npages ||
				 !fb->pages[(va - start) >> PAGE_SHIFT]))) {
			gpsvm_svm_exclusive_done(fb, fb->pages, npages, false);
			continue;	/* raced with the CPU: try again */
		}

		ret = gpsvm_svm_dma_map_exclusive(dev, fb->pages, npages,
						  fb->dma_addrs, huge);
		if (!ret) {
			mutex_lock(&svmm->mutex);
			if (svmm->dead)
				ret = -ESRCH;
			else if (mmu_interval_read_retry(&n->mni, seq))
				ret = -EAGAIN;
			else
				ret = gpsvm_svm_commit(svmm, start, npages,
						       fb->dma_addrs, NULL,
						       huge, &batch, &mapped);
			mutex_unlock(&svmm->mutex);
		}
		gpsvm_svm_dma_unmap(dev, fb->dma_addrs, npages, huge);
		gpsvm_svm_exclusive_done(fb, fb->pages, npages, !ret);
		if (!ret)
			gpsvm_svm_note_held(fb, svmm, start, *end);
		if (ret == -EAGAIN || ret == -EBUSY)
			continue;
		if (ret)
			return ret;
		break;
	}

	gpsvm_svm_stat_add(svmm->gdev, GPSVM_SVM_EXCLUSIVE, npages);
	gpsvm_svmm_mapped(svmm, &batch, start, *end, huge, mapped);
	return 0;
}

/* The largest window around va in its 2 MiB block, clear of the window. */
static void gpsvm_svm_block(const struct gpsvm_vm *vm, u64 va, u64 *start,
			    u64 *end)
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

/* Serve the faults [0, count) of one svmm, sorted by address. */
static void gpsvm_svmm_serve(struct gpsvm_svmm *svmm,
			     struct gpsvm_fault *faults, unsigned int count)
{
	const struct gpsvm_vm *vm = svmm->vm;
	unsigned int i, j, next;
	u64 start, end;
	int ret;

	for (i = 0; i < count; i = next) {
		struct gpsvm_fault *f = &faults[i];

		next = i + 1;
		if (gpsvm_svm_unservable(vm, f)) {
			f->result = -EFAULT;
			continue;
		}
		if (f->access == GPSVM_FAULT_ACCESS_ATOMIC)
			continue;	/* below, once the rest is served */
		if (nouveau_mode) {
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

	/*
	 * Atomics last: their folios stay locked until the replay, and a
	 * read or write fault on a locked folio would wait for it.
	 */
	for (i = 0, end = 0; i < count; i++) {
		struct gpsvm_fault *f = &faults[i];

		if (f->access != GPSVM_FAULT_ACCESS_ATOMIC ||
		    gpsvm_svm_unservable(vm, f))
			continue;
		/* Mapped with the folio of an earlier atomic. */
		if (f->addr < end && !nouveau_mode)
			f->result = 0;
		else
			f->result = gpsvm_svmm_atomic(svmm, f->addr, &end);
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

static void gpsvm_svm_serve_group(struct gpsvm_device *gdev,
				  struct gpsvm_fault *faults,
				  unsigned int count)
{
	struct gpsvm_svmm *svmm = gpsvm_svm_lookup(gdev, faults[0].inst);
	unsigned int i;

	if (!svmm) {
		/* The channel is gone, and its faults with it. */
		for (i = 0; i < count; i++)
			faults[i].result = -EAGAIN;
		return;
	}
	for (i = 0; i < count; i++)
		faults[i].pdb = gpsvm_vmm_pdb(&svmm->vm->vmm);
	if (mmget_not_zero(svmm->mm)) {
		gpsvm_svmm_serve(svmm, faults, count);
		mmput(svmm->mm);
	} else {
		for (i = 0; i < count; i++)
			faults[i].result = -ESRCH;
	}

	for (i = 0; i < count; i++) {
		struct gpsvm_fault *f = &faults[i];

		if (f->access == GPSVM_FAULT_ACCESS_PREFETCH)
			f->result = 0;	/* a hint: never cancelled */
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

static int gpsvm_fault_cmp(const void *a, const void *b)
{
	const struct gpsvm_fault *fa = a, *fb = b;

	if (fa->inst != fb->inst)
		return fa->inst < fb->inst ? -1 : 1;
	if (fa->addr != fb->addr)
		return fa->addr < fb->addr ? -1 : 1;
	/* Most intrusive first: it is the one a duplicate folds into. */
	return (int)fb->access - (int)fa->access;
}

static void gpsvm_fault_clients(struct gpsvm_fault *f)
{
	f->clients = 0;
	f->others = false;
	if (!f->hub && !f->gpc && f->client < 64)
		f->clients = BIT_ULL(f->client);
	else
		f->others = true;
}

/* Sort and fold duplicates; returns the number of distinct faults. */
static unsigned int gpsvm_fault_coalesce(struct gpsvm_fault *faults,
					 unsigned int n)
{
	unsigned int i, u = 0;

	sort(faults, n, sizeof(*faults), gpsvm_fault_cmp, NULL);
	for (i = 0; i < n; i++) {
		struct gpsvm_fault *f = &faults[i], *prev;

		gpsvm_fault_clients(f);
		prev = u ? &faults[u - 1] : NULL;
		if (prev && prev->inst == f->inst && prev->addr == f->addr) {
			prev->clients |= f->clients;
			prev->others |= f->others;
			prev->reason = max(prev->reason, f->reason);
			continue;
		}
		faults[u++] = *f;
	}
	return u;
}

/* Cancel what was not served, then one replay for the whole batch. */
static unsigned int gpsvm_fault_replay(struct gpsvm_device *gdev,
				       struct gpsvm_fault *faults,
				       unsigned int n)
{
	const struct gpsvm_fault_hal *hal = gdev->hal->fault;
	struct gpsvm_fault target = {};
	unsigned int i, j, cancels = 0;
	bool global = false;
	u64 clients;

	mutex_lock(&gdev->tlb_lock);
	/* Faults are sorted by instance: one cancel per SM and address space. */
	for (i = 0; i < n; i = j) {
		clients = 0;
		for (j = i; j < n && faults[j].inst == faults[i].inst; j++) {
			if (!faults[j].result || faults[j].result == -EAGAIN)
				continue;
			clients |= faults[j].clients;
			global |= faults[j].others;
			cancels++;
		}
		target.pdb = faults[i].pdb;
		for (target.client = 0; clients; target.client++, clients >>= 1) {
			if (!(clients & 1))
				continue;
			hal->cancel(gdev, &target);
			trace_gpsvm_fault_replay(gdev, true, target.client);
		}
	}
	if (global) {
		hal->cancel(gdev, NULL);
		trace_gpsvm_fault_replay(gdev, true, -1);
	}
	hal->replay(gdev, nouveau_mode);
	mutex_unlock(&gdev->tlb_lock);
	trace_gpsvm_fault_replay(gdev, false, -1);
	return cancels;
}

/* Read up to a batch of entries; returns how many. */
static unsigned int gpsvm_fault_fetch(struct gpsvm_device *gdev)
{
	const struct gpsvm_fault_hal *hal = gdev->hal->fault;
	struct gpsvm_fault_buffer *fb = &gdev->fault;
	unsigned int n = 0;

	fb->fetched = ktime_get();
	while (n < GPSVM_FAULT_BATCH &&
	       hal->decode(fb->cpu + fb->get * hal->entry_size,
			   &fb->faults[n])) {
		n++;
		if (++fb->get == fb->entries)
			fb->get = 0;
	}
	if (n)
		hal->set_get(gdev, fb->get);
	return n;
}

static void gpsvm_fault_batch(struct gpsvm_device *gdev, unsigned int n,
			      bool overflow)
{
	struct gpsvm_fault *faults = gdev->fault.faults;
	unsigned int u, i, j, groups = 0, cancels;
	u64 mapped = atomic64_read(&gdev->fault.stats[GPSVM_SVM_PAGES_4K]) +
		     atomic64_read(&gdev->fault.stats[GPSVM_SVM_PAGES_2M]);
	ktime_t t0 = ktime_get();

	u = gpsvm_fault_coalesce(faults, n);
	for (i = 0; i < u; i = j, groups++) {
		for (j = i + 1; j < u && faults[j].inst == faults[i].inst; j++)
			;
		gpsvm_svm_serve_group(gdev, faults + i, j - i);
	}
	cancels = gpsvm_fault_replay(gdev, faults, u);
	gpsvm_svm_release_held(gdev);

	gpsvm_svm_stat_add(gdev, GPSVM_SVM_FAULTS, n);
	gpsvm_svm_stat_add(gdev, GPSVM_SVM_DUPLICATES, n - u);
	gpsvm_svm_stat_add(gdev, GPSVM_SVM_BATCHES, 1);
	gpsvm_svm_stat_add(gdev, GPSVM_SVM_REPLAYS, 1);
	gpsvm_svm_stat_add(gdev, GPSVM_SVM_CANCELS, cancels);
	gpsvm_svm_stat_add(gdev, GPSVM_SVM_OVERFLOWS, overflow);
	mapped = atomic64_read(&gdev->fault.stats[GPSVM_SVM_PAGES_4K]) +
		 atomic64_read(&gdev->fault.stats[GPSVM_SVM_PAGES_2M]) - mapped;
	trace_gpsvm_fault_batch(gdev, n, n - u, groups, mapped, cancels,
				overflow, ktime_to_ns(ktime_sub(ktime_get(), t0)));
}

static void gpsvm_fault_work(struct work_struct *work)
{
	struct gpsvm_fault_buffer *fb =
		container_of(work, struct gpsvm_fault_buffer, work);
	struct gpsvm_device *gdev = container_of(fb, struct gpsvm_device,
						 fault);
	const struct gpsvm_fault_hal *hal = gdev->hal->fault;
	unsigned int n, round;
	bool overflow;
	int idx;

	if (!drm_dev_enter(&gdev->drm, &idx))
		return;
	for (round = 0; round < GPSVM_FAULT_ROUNDS; round++) {
		n = gpsvm_fault_fetch(gdev);
		/*
		 * Dropped faults come back after the replay: clearing the
		 * flag now lets them in, since GET has moved on.
		 */
		overflow = hal->overflow(gdev);
		if (!n && !overflow)
			break;
		gpsvm_fault_batch(gdev, n, overflow);
	}
	if (round == GPSVM_FAULT_ROUNDS)
		queue_work(fb->wq, &fb->work);
	drm_dev_exit(idx);
}

/**
 * gpsvm_svm_intr() - the GPU wrote fault-buffer entries
 * @gdev: the GPU
 *
 * Context: hard interrupt.
 */
void gpsvm_svm_intr(struct gpsvm_device *gdev)
{
	queue_work(gdev->fault.wq, &gdev->fault.work);
}

/**
 * gpsvm_svm_dev_init() - set up a GPU's replayable fault buffer
 * @gdev: the GPU, before its interrupt is enabled
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno.
 */
int gpsvm_svm_dev_init(struct gpsvm_device *gdev)
{
	const struct gpsvm_fault_hal *hal = gdev->hal->fault;
	struct gpsvm_fault_buffer *fb = &gdev->fault;
	struct device *dev = gdev->drm.dev;
	size_t size;
	int i;

	fb->entries = clamp(fault_entries, 16u, 65536u);
	size = (size_t)fb->entries * hal->entry_size;
	fb->cpu = dma_alloc_coherent(dev, size, &fb->dma, GFP_KERNEL);
	if (!fb->cpu)
		return -ENOMEM;
	fb->faults = kvcalloc(GPSVM_FAULT_BATCH, sizeof(*fb->faults),
			      GFP_KERNEL);
	fb->req = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*fb->req), GFP_KERNEL);
	fb->pfns = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*fb->pfns),
			    GFP_KERNEL);
	fb->dma_addrs = kvcalloc(GPSVM_SVM_BLOCK_PAGES,
				 sizeof(*fb->dma_addrs), GFP_KERNEL);
	fb->pages = kvcalloc(GPSVM_SVM_BLOCK_PAGES, sizeof(*fb->pages),
			     GFP_KERNEL);
	fb->held = kvcalloc(GPSVM_SVM_HELD_MAX, sizeof(*fb->held), GFP_KERNEL);
	/* Reclaim may wait for GPU work, and GPU work for this handler. */
	fb->wq = alloc_ordered_workqueue("gpsvm-fault-%s", WQ_MEM_RECLAIM |
					 WQ_HIGHPRI, dev_name(dev));
	if (!fb->faults || !fb->req || !fb->pfns || !fb->dma_addrs ||
	    !fb->pages || !fb->held || !fb->wq) {
		gpsvm_svm_dev_fini(gdev);
		return -ENOMEM;
	}
	INIT_WORK(&fb->work, gpsvm_fault_work);
	fb->holding = fb->ranges[0];
	fb->recent = fb->ranges[1];
	fb->nholding = 0;
	fb->nreleased = 0;
	for (i = 0; i < GPSVM_SVM_NR_STATS; i++)
		atomic64_set(&fb->stats[i], 0);
	fb->get = 0;
	hal->enable(gdev, fb->dma, fb->entries);
	return 0;
}

/**
 * gpsvm_svm_dev_fini() - stop the fault handler and free the buffer
 * @gdev: the GPU; no channel runs and its interrupt is off
 *
 * Context: process; sleeps.
 */
void gpsvm_svm_dev_fini(struct gpsvm_device *gdev)
{
	struct gpsvm_fault_buffer *fb = &gdev->fault;

	if (fb->wq) {
		cancel_work_sync(&fb->work);
		destroy_workqueue(fb->wq);
		fb->wq = NULL;
	}
	if (fb->cpu) {
		gdev->hal->fault->disable(gdev);
		dma_free_coherent(gdev->drm.dev,
				  (size_t)fb->entries * gdev->hal->fault->entry_size,
				  fb->cpu, fb->dma);
		fb->cpu = NULL;
	}
	kvfree(fb->held);
	kvfree(fb->pages);
	kvfree(fb->dma_addrs);
	kvfree(fb->pfns);
	kvfree(fb->req);
	kvfree(fb->faults);
	fb->held = NULL;
	fb->pages = NULL;
	fb->dma_addrs = NULL;
	fb->pfns = NULL;
	fb->req = NULL;
	fb->faults = NULL;
}

/**
 * gpsvm_svm_debugfs() - the fault path's counters
 * @m: the debugfs file
 * @data: unused
 *
 * Return: 0.
 */
int gpsvm_svm_debugfs(struct seq_file *m, void *data)
{
	static const char *const names[GPSVM_SVM_NR_STATS] = {
		[GPSVM_SVM_FAULTS] = "faults",
		[GPSVM_SVM_DUPLICATES] = "duplicates",
		[GPSVM_SVM_BATCHES] = "batches",
		[GPSVM_SVM_REPLAYS] = "replays",
		[GPSVM_SVM_CANCELS] = "cancels",
		[GPSVM_SVM_OVERFLOWS] = "overflows",
		[GPSVM_SVM_PAGES_4K] = "pages_4k",
		[GPSVM_SVM_PAGES_2M] = "pages_2m",
		[GPSVM_SVM_EXCLUSIVE] = "exclusive",
		[GPSVM_SVM_INVALIDATIONS] = "invalidations",
	};
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_device *gdev = to_gpsvm(entry->dev);
	int i;

	for (i = 0; i < GPSVM_SVM_NR_STATS; i++)
		seq_printf(m, "%s: %lld\n", names[i],
			   atomic64_read(&gdev->fault.stats[i]));
	return 0;
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

	mutex_lock(&svmm->notifiers_lock);
	svmm->closed = true;
	xa_for_each(&svmm->notifiers, idx, n)
		mmu_interval_notifier_remove(&n->mni);
	mutex_unlock(&svmm->notifiers_lock);

	mutex_lock(&svmm->mutex);
	gpsvm_svmm_unmap(svmm, 0, vm->vmm.va_limit, 0);
	mutex_unlock(&svmm->mutex);
	gpsvm_svmm_put(svmm);
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
	int ret = 0;

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

	svmm = kzalloc(sizeof(*svmm), GFP_KERNEL);
	if (!svmm)
		return -ENOMEM;
	kref_init(&svmm->ref);
	svmm->gdev = gfile->gdev;
	svmm->mm = current->mm;
	mmgrab(svmm->mm);
	svmm->pid = task_tgid_nr(current);
	mutex_init(&svmm->mutex);
	mutex_init(&svmm->notifiers_lock);
	xa_init(&svmm->notifiers);
	drm_gpuvm_get(&vm->base);
	svmm->vm = vm;

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
		vm->svmm = svmm;
	}
	mutex_unlock(&vm->lock);
	if (ret)
		gpsvm_svmm_put(svmm);
	return ret;
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
	int ret = 0;

	if (args->pad || args->flags & ~DRM_GPSVM_SVM_BIND_WRITE ||
	    !args->size || args->size > GPSVM_SVM_BIND_MAX ||
	    !IS_ALIGNED(args->addr | args->size, SZ_4K) ||
	    check_add_overflow(args->addr, args->size, &end) ||
	    end > DRM_GPSVM_VA_END)
		return -EINVAL;
	svmm = gpsvm_svm_get(gfile->vm);
	if (!svmm)
		return -EINVAL;
	if (args->addr < svmm->vm->svm_window_end &&
	    svmm->vm->svm_window_start < end) {
		ret = -EINVAL;
		goto out_put;
	}
	if (!mmget_not_zero(svmm->mm)) {
		ret = -ESRCH;
		goto out_put;
	}

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
			ret = gpsvm_svmm_window(svmm, &w);
		} while (ret == -EAGAIN && !fatal_signal_pending(current));
	}
	if (ret == -EAGAIN)
		ret = -EINTR;
out:
	kvfree(w.dma);
	kvfree(w.pfns);
	kvfree(w.req);
	mmput(svmm->mm);
out_put:
	gpsvm_svmm_put(svmm);
	return ret;
}
