// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm fault buffer: the GPU's replayable faults, drained in batches,
 * sorted and coalesced, served per address space by the SVM code
 * (gpsvm_svm.c), then cancelled or replayed.
 */

#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>

#include "gpsvm_device.h"
#include "gpsvm_drv.h"
#include "gpsvm_fault.h"
#include "gpsvm_hal.h"
#include "gpsvm_svm.h"
#include "gpsvm_trace.h"

/**
 * DOC: gpsvm fault buffer
 *
 * The GPU writes a replayable fault into the buffer and stalls the
 * faulting threads until a replay. The handler is a work item on an
 * ordered workqueue, so one CPU at a time drains the buffer. A batch is
 * at most %GPSVM_FAULT_BATCH entries: read while VALID, VALID cleared,
 * GET written once. It is sorted by instance block, address and access,
 * the most intrusive access first, and entries for the same page of the
 * same instance are coalesced into the first one (the one with the most
 * intrusive access). Each run of one instance block goes to
 * gpsvm_svm_serve_group() for its address space, twice: every group's
 * reads, writes and prefetches first, then every group's atomics. Then the faults that
 * could not be served are cancelled, one targeted cancel per faulting
 * client (its GPC and its client id in it) and address space, so that a
 * client stalled in another address space carries on; and one replay
 * restarts the rest.
 *
 * Each batch has a number; after its replay, &gpsvm_fault_buffer.replayed
 * says so and &gpsvm_fault_buffer.replay_wq is woken: a CPU taking back a
 * page that atomics made device-exclusive waits for that replay (see
 * "gpsvm exclusive access").
 *
 * The module parameter nouveau_mode=1 serves one page per fault and
 * invalidates all of the GPU's TLBs on every map and replay, as nouveau
 * does, for benchmarks.
 */

/* Batches per run of the handler before it lets other work run. */
#define GPSVM_FAULT_ROUNDS		16

static unsigned int fault_entries = 256;
module_param(fault_entries, uint, 0444);
MODULE_PARM_DESC(fault_entries,
		 "Replayable fault-buffer entries per GPU (16-65536, default 256)");

bool gpsvm_nouveau_mode;
module_param_named(nouveau_mode, gpsvm_nouveau_mode, bool, 0644);
MODULE_PARM_DESC(nouveau_mode,
		 "Serve one page per fault with a global TLB invalidate, as nouveau does (for benchmarks)");

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

/* A fresh entry's client: its bit in @targets, or @others. */
static void gpsvm_fault_clients(struct gpsvm_fault *f)
{
	bitmap_zero(f->targets, GPSVM_FAULT_TARGETS);
	f->others = (!f->hub && f->gpc >= GPSVM_FAULT_GPCS) ||
		    f->client >= GPSVM_FAULT_CLIENTS;
	if (!f->others)
		__set_bit((f->hub ? GPSVM_FAULT_GPCS : f->gpc) *
			  GPSVM_FAULT_CLIENTS + f->client, f->targets);
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
			bitmap_or(prev->targets, prev->targets, f->targets,
				  GPSVM_FAULT_TARGETS);
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
	DECLARE_BITMAP(targets, GPSVM_FAULT_TARGETS);
	struct gpsvm_fault_target target;
	unsigned int i, j, bit, cancels = 0;
	bool global = false;

	mutex_lock(&gdev->tlb_lock);
	/*
	 * Faults are sorted by instance: one cancel per client and address
	 * space, so that only the clients stalled in it fail.
	 */
	for (i = 0; i < n; i = j) {
		bitmap_zero(targets, GPSVM_FAULT_TARGETS);
		for (j = i; j < n && faults[j].inst == faults[i].inst; j++) {
			if (!faults[j].result || faults[j].result == -EAGAIN)
				continue;
			bitmap_or(targets, targets, faults[j].targets,
				  GPSVM_FAULT_TARGETS);
			global |= faults[j].others;
			cancels++;
		}
		target.pdb = faults[i].pdb;
		for_each_set_bit(bit, targets, GPSVM_FAULT_TARGETS) {
			target.hub = bit >= GPSVM_FAULT_GPCS *
					    GPSVM_FAULT_CLIENTS;
			target.gpc = target.hub ? 0 : bit / GPSVM_FAULT_CLIENTS;
			target.client = bit % GPSVM_FAULT_CLIENTS;
			hal->cancel(gdev, &target);
			trace_gpsvm_fault_replay(gdev, true, &target);
		}
	}
	/* Only for a client no targeted cancel can name. */
	if (global) {
		hal->cancel(gdev, NULL);
		trace_gpsvm_fault_replay(gdev, true, NULL);
	}
	hal->replay(gdev, gpsvm_nouveau_mode);
	mutex_unlock(&gdev->tlb_lock);
	trace_gpsvm_fault_replay(gdev, false, NULL);
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

/**
 * gpsvm_fault_replayed() - has a batch been replayed?
 * @fb: the fault buffer
 * @batch: the batch's number
 * @when: set to the time of the last replay when it has
 *
 * Context: any; takes &gpsvm_fault_buffer.replay_lock.
 * Return: true once the GPU was told to retry the batch's faults.
 */
bool gpsvm_fault_replayed(struct gpsvm_fault_buffer *fb, u64 batch,
			  ktime_t *when)
{
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&fb->replay_lock, flags);
	done = fb->replayed >= batch;
	*when = fb->replayed_at;
	spin_unlock_irqrestore(&fb->replay_lock, flags);
	return done;
}

static void gpsvm_fault_batch(struct gpsvm_device *gdev, unsigned int n,
			      bool overflow)
{
	struct gpsvm_fault_buffer *fb = &gdev->fault;
	struct gpsvm_fault *faults = fb->faults;
	unsigned int u, i, j, pass, groups = 0, cancels;
	u64 mapped = atomic64_read(&fb->stats[GPSVM_SVM_PAGES_4K]) +
		     atomic64_read(&fb->stats[GPSVM_SVM_PAGES_2M]);
	ktime_t t0 = ktime_get();
	unsigned long flags;

	WRITE_ONCE(fb->batch, fb->batch + 1);
	u = gpsvm_fault_coalesce(faults, n);
	/* Atomics last: see gpsvm_svm_serve_group(). */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < u; i = j, groups += !pass) {
			for (j = i + 1; j < u && faults[j].inst == faults[i].inst;
			     j++)
				;
			gpsvm_svm_serve_group(gdev, faults + i, j - i, pass);
		}
	}
	cancels = gpsvm_fault_replay(gdev, faults, u);
	spin_lock_irqsave(&fb->replay_lock, flags);
	fb->replayed = fb->batch;
	fb->replayed_at = ktime_get();
	spin_unlock_irqrestore(&fb->replay_lock, flags);
	wake_up_all(&fb->replay_wq);

	gpsvm_fault_stat_add(fb, GPSVM_SVM_FAULTS, n);
	gpsvm_fault_stat_add(fb, GPSVM_SVM_DUPLICATES, n - u);
	gpsvm_fault_stat_add(fb, GPSVM_SVM_BATCHES, 1);
	gpsvm_fault_stat_add(fb, GPSVM_SVM_REPLAYS, 1);
	gpsvm_fault_stat_add(fb, GPSVM_SVM_CANCELS, cancels);
	gpsvm_fault_stat_add(fb, GPSVM_SVM_OVERFLOWS, overflow);
	mapped = atomic64_read(&fb->stats[GPSVM_SVM_PAGES_4K]) +
		 atomic64_read(&fb->stats[GPSVM_SVM_PAGES_2M]) - mapped;
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
 * gpsvm_fault_intr() - the GPU wrote fault-buffer entries
 * @gdev: the GPU
 *
 * Context: hard interrupt.
 */
void gpsvm_fault_intr(struct gpsvm_device *gdev)
{
	queue_work(gdev->fault.wq, &gdev->fault.work);
}

/**
 * gpsvm_fault_init() - set up a GPU's replayable fault buffer
 * @gdev: the GPU, before its interrupt is enabled
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno.
 */
int gpsvm_fault_init(struct gpsvm_device *gdev)
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
	/* Reclaim may wait for GPU work, and GPU work for this handler. */
	fb->wq = alloc_ordered_workqueue("gpsvm-fault-%s", WQ_MEM_RECLAIM |
					 WQ_HIGHPRI, dev_name(dev));
	if (!fb->faults || !fb->req || !fb->pfns || !fb->dma_addrs ||
	    !fb->pages || !fb->wq) {
		gpsvm_fault_fini(gdev);
		return -ENOMEM;
	}
	INIT_WORK(&fb->work, gpsvm_fault_work);
	spin_lock_init(&fb->replay_lock);
	init_waitqueue_head(&fb->replay_wq);
	fb->batch = 0;
	fb->replayed = 0;
	for (i = 0; i < GPSVM_SVM_NR_STATS; i++)
		atomic64_set(&fb->stats[i], 0);
	fb->get = 0;
	hal->enable(gdev, fb->dma, fb->entries);
	return 0;
}

/**
 * gpsvm_fault_fini() - stop the fault handler and free the buffer
 * @gdev: the GPU; no channel runs and its interrupt is off
 *
 * Context: process; sleeps.
 */
void gpsvm_fault_fini(struct gpsvm_device *gdev)
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
	kvfree(fb->pages);
	kvfree(fb->dma_addrs);
	kvfree(fb->pfns);
	kvfree(fb->req);
	kvfree(fb->faults);
	fb->pages = NULL;
	fb->dma_addrs = NULL;
	fb->pfns = NULL;
	fb->req = NULL;
	fb->faults = NULL;
}

/**
 * gpsvm_fault_debugfs() - the fault path's counters
 * @m: the debugfs file
 * @data: unused
 *
 * Return: 0.
 */
int gpsvm_fault_debugfs(struct seq_file *m, void *data)
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
		[GPSVM_SVM_THROTTLED] = "throttled",
		[GPSVM_SVM_NOTIFIERS] = "notifiers",
	};
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_device *gdev = to_gpsvm(entry->dev);
	int i;

	for (i = 0; i < GPSVM_SVM_NR_STATS; i++)
		seq_printf(m, "%s: %lld\n", names[i],
			   atomic64_read(&gdev->fault.stats[i]));
	return 0;
}
