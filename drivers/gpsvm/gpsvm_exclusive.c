// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm exclusive access: GPU atomics on process memory, through
 * device-exclusive pages.
 */

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hmm.h>
#include <linux/huge_mm.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "gpsvm_device.h"
#include "gpsvm_drv.h"
#include "gpsvm_fault.h"
#include "gpsvm_hal.h"
#include "gpsvm_svm.h"
#include "gpsvm_vmm.h"

/**
 * DOC: gpsvm exclusive access
 *
 * A GPU atomic on system memory needs the page to be the device's alone:
 * make_device_exclusive_range() replaces the CPU's PTEs by device-exclusive
 * entries, and a CPU access takes the page back through an MMU-notifier
 * invalidation that clears the GPU's PTE first. 6.12 makes only the head
 * of a folio exclusive (it refuses tail pages) and then converts every
 * mapping of the folio, so the driver asks for the whole folio: a THP
 * stays whole and, when it fills its 2 MiB block, gets one 2 MiB PTE.
 *
 * An atomic fault is served under one notifier sequence, taken first:
 *
 * 1. With mmap_lock held for read, hmm_range_fault() faults the page in
 *    writable, then the whole VA range of its folio (which takes back
 *    pages left exclusive by an earlier try, and breaks COW), and records
 *    the page each VA maps. A PMD-mapped THP first has its PMD split
 *    (FOLL_SPLIT_PMD) and the sequence is taken again: the split would
 *    otherwise happen inside make_device_exclusive_range() and its
 *    invalidation would fail every try.
 * 2. Still under mmap_lock, make_device_exclusive_range() over that range
 *    locks and returns the heads of the folios it made exclusive. Its own
 *    invalidations (MMU_NOTIFY_EXCLUSIVE, this device as owner) leave the
 *    sequence alone.
 * 3. A VA's page is exclusive when the head of its folio was returned at
 *    the VA of the head. A 2 MiB PTE is written only when the block is
 *    2 MiB aligned, its 512 VAs map the 512 pages of one PMD-order folio
 *    in order, and that folio was made exclusive; otherwise one 4 KiB PTE
 *    per exclusive page.
 * 4. The pages are DMA-mapped; under the notifier lock, if the sequence
 *    has not moved, the PTEs are written with atomics allowed. Then the
 *    folios are unlocked and put, at once, and only then mmap_lock is
 *    dropped: fork() only trylocks the folio of an exclusive entry. A sequence that moved (the CPU
 *    raced) means another try, %GPSVM_EXCL_TRIES at most; then the fault
 *    is left for the GPU's next try.
 *
 * An atomic on a tail page whose folio's head is not mapped at the head's
 * VA in the same block (a THP partly unmapped, mprotected or mremapped)
 * cannot be made exclusive on 6.12: it is cancelled.
 *
 * Forward progress: a CPU that keeps touching the same pages could take
 * them back between the commit and the GPU's retry, every time. Nothing
 * stays locked for that. Instead the invalidation that takes back a range
 * atomics got waits, in gpsvm_excl_throttle() and holding no driver lock,
 * until the batch that mapped it has been replayed and the GPU has had
 * &gpsvm_excl.hold_us to retry. When atomics want a range again less than
 * %GPSVM_EXCL_THRASH_MS after the CPU took it back, the two fight over it:
 * the hold grows four times, up to %GPSVM_EXCL_HOLD_MAX_US, and shrinks
 * back by four with each grant that meets no fight. The wait for the
 * replay is bounded by the hold too. The fault handler never waits there
 * for its own replay; it can still wait behind a CPU that does (for its
 * mmap_lock, a folio lock, or the end of the invalidation), for a hold
 * at most.
 */

/* Tries of one atomic fault before it is left to the GPU's next try. */
#define GPSVM_EXCL_TRIES		16
/* How long a range atomics got stays the GPU's after the replay, at least. */
#define GPSVM_EXCL_HOLD_US		1000
/* ... and at most, when the CPU keeps taking it back. */
#define GPSVM_EXCL_HOLD_MAX_US		256000
/* A range wanted again sooner than this after the CPU took it: a fight. */
#define GPSVM_EXCL_THRASH_MS		20

/**
 * gpsvm_excl_init() - set up an svmm's record of exclusive ranges
 * @x: the record
 */
void gpsvm_excl_init(struct gpsvm_excl *x)
{
	spin_lock_init(&x->lock);
	x->hold_us = GPSVM_EXCL_HOLD_US;
}

/*
 * The VA range of the folio holding @page at @va, if the folio lies whole
 * in @vma and in the SVM range of one block (clear of the unmanaged
 * window); else just the page. Only a hint, read without a reference:
 * what hmm_range_fault() finds there decides.
 */
static void gpsvm_excl_folio_range(struct gpsvm_svmm *svmm,
				   struct vm_area_struct *vma, u64 va,
				   struct page *page, u64 *start, u64 *end)
{
	struct folio *folio = page_folio(page);
	u64 s = va - ((u64)folio_page_idx(folio, page) << PAGE_SHIFT);
	u64 e = s + folio_size(folio);
	u64 bs, be;

	gpsvm_svm_block(svmm->vm, va, &bs, &be);
	*start = va;
	*end = va + PAGE_SIZE;
	if (s <= va && va < e && s >= vma->vm_start && e <= vma->vm_end &&
	    s >= bs && e <= be) {
		*start = s;
		*end = e;
	}
}

/*
 * Step 1, under mmap_lock: fault in the page of @va writable, then its
 * folio's range [*start, *end), whose pages land in fb->pfns.
 * Return: 0; -EBUSY to take the sequence again; or why the page cannot
 * take a GPU atomic.
 */
static int gpsvm_excl_find(struct gpsvm_svmm *svmm, struct hmm_range *range,
			   u64 va, u64 *start, u64 *end)
{
	unsigned long *pfns = svmm->gdev->fault.pfns;
	struct vm_area_struct *vma = vma_lookup(svmm->mm, va);
	struct page *page;
	int ret;

	if (!vma)
		return -EFAULT;
	/* Device-exclusive entries are for anonymous pages. */
	if (is_vm_hugetlb_page(vma) || (vma->vm_flags & VM_SHARED))
		return -EOPNOTSUPP;

	range->start = va;
	range->end = va + PAGE_SIZE;
	range->hmm_pfns = pfns;
	ret = hmm_range_fault(range);
	if (ret)
		return ret;
	if (hmm_pfn_to_map_order(pfns[0]) >= HPAGE_PMD_ORDER) {
		ret = get_user_pages_remote(svmm->mm, va, 1,
					    FOLL_WRITE | FOLL_SPLIT_PMD, &page,
					    NULL);
		if (ret == 1)
			put_page(page);
		return ret < 0 ? ret : -EBUSY;
	}

	gpsvm_excl_folio_range(svmm, vma, va, hmm_pfn_to_page(pfns[0]), start,
			       end);
	if (*end - *start == PAGE_SIZE)
		return 0;
	range->start = *start;
	range->end = *end;
	return hmm_range_fault(range);
}

/*
 * Page k of the range: the slot its folio's head would have, if the
 * head's VA were in the range (else negative), and that head.
 */
static long gpsvm_excl_head(const struct gpsvm_fault_buffer *fb,
			    unsigned int k, struct page **head)
{
	struct page *page = hmm_pfn_to_page(fb->pfns[k]);
	struct folio *folio = page_folio(page);

	*head = folio_page(folio, 0);
	return (long)k - folio_page_idx(folio, page);
}

/* Page k of the range: did its folio's head come back exclusive? */
static bool gpsvm_excl_page(const struct gpsvm_fault_buffer *fb,
			    unsigned int got, unsigned int k)
{
	struct page *head;
	long j = gpsvm_excl_head(fb, k, &head);

	return j >= 0 && j < got && fb->pages[j] == head;
}

/* Page k is a tail whose head is not at its VA in the range: refused. */
static bool gpsvm_excl_headless(const struct gpsvm_fault_buffer *fb,
				unsigned int k)
{
	struct page *head;
	long j = gpsvm_excl_head(fb, k, &head);

	return j < 0 || hmm_pfn_to_page(fb->pfns[j]) != head;
}

/* One 2 MiB PTE: the block's VAs map one exclusive PMD-order folio. */
static bool gpsvm_excl_huge(const struct gpsvm_fault_buffer *fb, u64 start,
			    unsigned int got, unsigned int npages)
{
	struct folio *folio = page_folio(hmm_pfn_to_page(fb->pfns[0]));
	unsigned long pfn = folio_pfn(folio);
	unsigned int k;

	if (!IS_ALIGNED(start, GPSVM_SVM_BLOCK) ||
	    npages != GPSVM_SVM_BLOCK_PAGES || got != npages ||
	    folio_order(folio) != HPAGE_PMD_ORDER ||
	    fb->pages[0] != folio_page(folio, 0))
		return false;
	for (k = 0; k < npages; k++)
		if (page_to_pfn(hmm_pfn_to_page(fb->pfns[k])) != pfn + k)
			return false;
	return true;
}

/* Unlock and put what make_device_exclusive_range() gave. */
static void gpsvm_excl_put(struct page **pages, unsigned int got)
{
	unsigned int k;

	for (k = 0; k < got; k++) {
		if (!pages[k])
			continue;
		folio_unlock(page_folio(pages[k]));
		put_page(pages[k]);
	}
}

/*
 * Atomics got [start, end) of @svmm in the batch being served: remember
 * it, and grow or shrink the hold by whether the CPU took it back just
 * before the faults came (a fight).
 */
static void gpsvm_excl_note(struct gpsvm_svmm *svmm, u64 start, u64 end)
{
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	struct gpsvm_excl *x = &svmm->excl;
	struct gpsvm_excl_range *r;
	bool fight = false;
	unsigned int i;

	spin_lock(&x->lock);
	for (i = 0; i < GPSVM_EXCL_RANGES; i++) {
		r = &x->ranges[i];
		if (!r->batch || r->end <= start || end <= r->start)
			continue;
		/* When the faults came, not now: taking a THP back is slow. */
		if (r->taken &&
		    ktime_ms_delta(fb->fetched, r->taken) < GPSVM_EXCL_THRASH_MS)
			fight = true;
		r->batch = 0;
	}
	if (fight)
		x->hold_us = min(4 * x->hold_us, GPSVM_EXCL_HOLD_MAX_US);
	else
		x->hold_us = max(x->hold_us / 4, GPSVM_EXCL_HOLD_US);
	r = &x->ranges[x->next];
	x->next = (x->next + 1) % GPSVM_EXCL_RANGES;
	r->start = start;
	r->end = end;
	r->batch = fb->batch;
	r->taken = 0;
	spin_unlock(&x->lock);
}

/**
 * gpsvm_excl_throttle() - let the GPU use what atomics got before the CPU
 *	takes it back
 * @svmm: the address space
 * @start: first VA the CPU takes back
 * @end: end of the range
 *
 * Waits until the batch that made a range in [@start, @end) exclusive has
 * been replayed, and then for the hold, both bounded by the hold.
 *
 * Context: a blockable MMU-notifier callback, before the notifier lock;
 * sleeps.
 */
void gpsvm_excl_throttle(struct gpsvm_svmm *svmm, u64 start, u64 end)
{
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	struct gpsvm_excl *x = &svmm->excl;
	ktime_t now = ktime_get(), replayed;
	unsigned int i, hold;
	u64 batch = 0;
	s64 us;

	/* The handler itself would wait for its own replay. */
	if (current_work() == &fb->work)
		return;

	spin_lock(&x->lock);
	for (i = 0; i < GPSVM_EXCL_RANGES; i++) {
		struct gpsvm_excl_range *r = &x->ranges[i];

		if (!r->batch || r->taken || r->end <= start || end <= r->start)
			continue;
		r->taken = now;
		batch = max(batch, r->batch);
	}
	hold = x->hold_us;
	spin_unlock(&x->lock);
	if (!batch)
		return;

	gpsvm_fault_stat_add(fb, GPSVM_SVM_THROTTLED, 1);
	if (!wait_event_timeout(fb->replay_wq,
				gpsvm_fault_replayed(fb, batch, &replayed),
				usecs_to_jiffies(hold)))
		return;
	us = ktime_us_delta(ktime_add_us(replayed, hold), ktime_get());
	if (us > 0)
		usleep_range(us, us + us / 4 + 1);
}

/*
 * Steps 3 and 4: map the pages of [start, start + npages pages) that
 * make_device_exclusive_range() made exclusive (it filled @got slots of
 * fb->pages) under the sequence @seq of @mni, and let go of those.
 * *end: the end of what was mapped from @va on.
 */
static int gpsvm_excl_map(struct gpsvm_svmm *svmm,
			  struct mmu_interval_notifier *mni, unsigned long seq,
			  u64 start, unsigned int npages, unsigned int got,
			  u64 va, u64 *end)
{
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	const struct gpsvm_vmm_hal *hal = svmm->vm->vmm.hal;
	unsigned int k, i = (va - start) >> PAGE_SHIFT;
	struct device *dev = svmm->gdev->drm.dev;
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;
	unsigned int mapped = 0, nexcl = 0;
	struct gpsvm_vmm_batch batch;
	bool huge;
	int ret;

	if (i >= got || !gpsvm_excl_page(fb, got, i)) {
		ret = i < got && gpsvm_excl_headless(fb, i) ? -EOPNOTSUPP :
							      -EAGAIN;
		goto put;
	}
	huge = gpsvm_excl_huge(fb, start, got, npages);
	ret = gpsvm_vmm_prepare(vmm, start, (u64)npages << PAGE_SHIFT,
				gpsvm_svm_pte_shift(hal, huge));
	if (ret)
		goto put;

	for (k = 0; k < npages; k++) {
		fb->dma_addrs[k] = DMA_MAPPING_ERROR;
		if (k >= got || (huge && k) || !gpsvm_excl_page(fb, got, k))
			continue;
		fb->dma_addrs[k] = dma_map_page(dev,
						hmm_pfn_to_page(fb->pfns[k]), 0,
						huge ? GPSVM_SVM_BLOCK : PAGE_SIZE,
						DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, fb->dma_addrs[k])) {
			fb->dma_addrs[k] = DMA_MAPPING_ERROR;
			gpsvm_svm_dma_unmap(dev, fb->dma_addrs, NULL, k, huge);
			ret = -ENOMEM;
			goto put;
		}
		nexcl++;
	}

	gpsvm_vmm_batch_init(&batch);
	ret = gpsvm_svm_commit(svmm, start, npages, fb->dma_addrs, NULL, huge,
			       mni, seq, &batch, &mapped);
	/* Committed or not: the CPU may take the pages back from now on. */
	gpsvm_excl_put(fb->pages, got);
	gpsvm_svm_dma_unmap(dev, fb->dma_addrs, NULL, npages, huge);
	gpsvm_svmm_mapped(svmm, &batch, start, start + ((u64)npages << PAGE_SHIFT),
			  huge, mapped);
	if (ret)
		goto zap;

	gpsvm_fault_stat_add(fb, GPSVM_SVM_EXCLUSIVE,
			     huge ? GPSVM_SVM_BLOCK_PAGES : nexcl);
	k = i + 1;
	while (k < npages && (huge || (k < got && gpsvm_excl_page(fb, got, k))))
		k++;
	*end = start + ((u64)k << PAGE_SHIFT);
	gpsvm_excl_note(svmm, start, start + ((u64)npages << PAGE_SHIFT));
	return 0;

put:
	gpsvm_excl_put(fb->pages, got);
zap:
	/* The block holds PTEs of the other size: clear it, try again. */
	if (ret == -EBUSY) {
		gpsvm_svmm_zap_block(svmm, start);
		ret = -EAGAIN;
	}
	return ret;
}

/*
 * A duplicate of an atomic fault already served: the GPU maps @va with
 * atomics allowed, so the page is the device's (the notifiers would have
 * cleared the PTE otherwise). Making it exclusive again would take it
 * back from the GPU first.
 */
static bool gpsvm_excl_mapped(struct gpsvm_svmm *svmm, u64 va, u64 *end)
{
	struct gpsvm_vmm *vmm = &svmm->vm->vmm;
	unsigned int shift;
	u64 pte = gpsvm_vmm_lookup(vmm, va, &shift);
	dma_addr_t dma = vmm->hal->pte_dma(pte);

	if (dma == DMA_MAPPING_ERROR ||
	    vmm->hal->pte(dma, GPSVM_SVM_EXCL_FLAGS) != pte)
		return false;
	*end = round_down(va, BIT_ULL(shift)) + BIT_ULL(shift);
	return true;
}

/**
 * gpsvm_svmm_atomic() - serve a GPU atomic fault
 * @svmm: the address space
 * @va: the faulting page
 * @end: on success, the end of the range mapped from @va on: later
 *	atomics of the batch below it need nothing more
 *
 * Makes the page's folio device-exclusive and maps it with atomics
 * allowed; see "gpsvm exclusive access".
 *
 * Context: the fault handler; takes mmap_lock and the notifier lock, and
 * holds folio locks only between make_device_exclusive_range() and the
 * commit.
 * Return: 0; -EAGAIN to let the GPU fault again; or why the atomic cannot
 * be served (-EFAULT, -EOPNOTSUPP, -EPERM, -ESRCH, ...).
 */
int gpsvm_svmm_atomic(struct gpsvm_svmm *svmm, u64 va, u64 *end)
{
	struct gpsvm_fault_buffer *fb = &svmm->gdev->fault;
	struct hmm_range range = {
		.default_flags = HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE,
		.dev_private_owner = svmm->gdev,
	};
	struct gpsvm_svm_notifier *n;
	unsigned int tries;
	u64 start, rend;
	int ret = -EAGAIN;

	if (gpsvm_excl_mapped(svmm, va, end))
		return 0;
	n = gpsvm_svmm_notifier(svmm, va);
	if (IS_ERR(n))
		return PTR_ERR(n);
	range.notifier = &n->mni;

	for (tries = 0; tries < GPSVM_EXCL_TRIES; tries++) {
		range.notifier_seq = mmu_interval_read_begin(&n->mni);
		mmap_read_lock(svmm->mm);
		ret = gpsvm_excl_find(svmm, &range, va, &start, &rend);
		if (!ret)
			ret = make_device_exclusive_range(svmm->mm, start, rend,
							  fb->pages, svmm->gdev);
		/*
		 * Mapped before mmap_lock goes: fork() only trylocks the
		 * folios of exclusive entries, and fails if one is locked.
		 */
		if (ret >= 0)
			ret = gpsvm_excl_map(svmm, &n->mni, range.notifier_seq,
					     start, (rend - start) >> PAGE_SHIFT,
					     ret, va, end);
		mmap_read_unlock(svmm->mm);
		if (ret != -EAGAIN && ret != -EBUSY)
			return ret;
	}
	return -EAGAIN;
}
