/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm replayable fault buffer: batches of GPU page faults, handed to
 * the SVM code per address space, then cancelled or replayed.
 */
#ifndef __GPSVM_FAULT_H__
#define __GPSVM_FAULT_H__

#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "gpsvm_hal.h"

struct gpsvm_device;
struct page;
struct seq_file;

/* Entries per batch, at most. */
#define GPSVM_FAULT_BATCH	256

/*
 * Bits of &gpsvm_fault.targets: client c of GPC g is bit
 * g * GPSVM_FAULT_CLIENTS + c, HUB client c bit
 * GPSVM_FAULT_GPCS * GPSVM_FAULT_CLIENTS + c.
 */
#define GPSVM_FAULT_TARGETS	((GPSVM_FAULT_GPCS + 1) * GPSVM_FAULT_CLIENTS)

/**
 * struct gpsvm_fault - one fault-buffer entry, decoded; after coalescing,
 *	one page of one address space and every access to it in the batch
 * @inst: instance block address of the faulting channel
 * @addr: the page's VA
 * @access: &enum gpsvm_fault_access; the most intrusive after coalescing
 * @reason: &enum gpsvm_fault_reason
 * @hw_type: the GPU's fault type, for traces
 * @client: the faulting unit (an SM) in its GPC
 * @gpc: the GPC
 * @hub: the client is a HUB client, not a GPC one
 * @pdb: once served: the page directory of the faulting address space,
 *	which a cancel names
 * @targets: after coalescing: the bit (%GPSVM_FAULT_TARGETS) of each
 *	client that faulted here, in whichever GPC
 * @others: after coalescing: some faulting client is beyond what a
 *	targeted cancel can name, so not in @targets
 * @result: 0 served, -EAGAIN left to fault again, else cancelled with it
 */
struct gpsvm_fault {
	u64 inst;
	u64 addr;
	u8 access;
	u8 reason;
	u8 hw_type;
	u8 client;
	u8 gpc;
	bool hub;
	bool others;
	dma_addr_t pdb;
	DECLARE_BITMAP(targets, GPSVM_FAULT_TARGETS);
	int result;
};

/* Counters of the fault path, for debugfs: see gpsvm_fault_debugfs(). */
enum gpsvm_svm_stat {
	GPSVM_SVM_FAULTS,
	GPSVM_SVM_DUPLICATES,
	GPSVM_SVM_BATCHES,
	GPSVM_SVM_REPLAYS,
	GPSVM_SVM_CANCELS,
	GPSVM_SVM_OVERFLOWS,
	GPSVM_SVM_PAGES_4K,
	GPSVM_SVM_PAGES_2M,
	GPSVM_SVM_EXCLUSIVE,
	GPSVM_SVM_INVALIDATIONS,
	GPSVM_SVM_THROTTLED,
	GPSVM_SVM_NOTIFIERS,
	GPSVM_SVM_NR_STATS,
};

/**
 * struct gpsvm_fault_buffer - a GPU's replayable fault buffer and handler
 * @cpu: the entries
 * @dma: their DMA address
 * @entries: number of entries
 * @get: next entry to read
 * @wq: ordered workqueue running @work
 * @work: the fault handler
 * @faults: one batch, decoded
 * @req: per page of a 2 MiB block, what hmm_range_fault() must fault in
 * @pfns: per page of a block, what it found
 * @dma_addrs: per page of a block, its DMA mapping
 * @pages: per page of an atomic's folio, what make_device_exclusive_range()
 *	gave
 * @fetched: when the batch being served was read from the buffer
 * @batch: number of the batch being served, from 1
 * @replay_lock: protects @replayed and @replayed_at
 * @replayed: the last batch replayed
 * @replayed_at: when it was replayed
 * @replay_wq: woken at each replay
 * @stats: &enum gpsvm_svm_stat counters
 *
 * @faults, @req, @pfns, @dma_addrs, @pages and @fetched belong to the
 * handler, which runs on one CPU at a time. @batch is written by it
 * only, and read by the MMU notifiers of the device's SVM address spaces.
 */
struct gpsvm_fault_buffer {
	void *cpu;
	dma_addr_t dma;
	u32 entries;
	u32 get;
	struct workqueue_struct *wq;
	struct work_struct work;
	struct gpsvm_fault *faults;
	unsigned long *req;
	unsigned long *pfns;
	dma_addr_t *dma_addrs;
	struct page **pages;
	ktime_t fetched;
	u64 batch;
	/* See "gpsvm SVM locking". */
	spinlock_t replay_lock;
	u64 replayed;
	ktime_t replayed_at;
	wait_queue_head_t replay_wq;
	atomic64_t stats[GPSVM_SVM_NR_STATS];
};

extern bool gpsvm_nouveau_mode;

static inline void gpsvm_fault_stat_add(struct gpsvm_fault_buffer *fb,
					enum gpsvm_svm_stat stat, long n)
{
	atomic64_add(n, &fb->stats[stat]);
}

bool gpsvm_fault_replayed(struct gpsvm_fault_buffer *fb, u64 batch,
			  ktime_t *when);
int gpsvm_fault_init(struct gpsvm_device *gdev);
void gpsvm_fault_fini(struct gpsvm_device *gdev);
void gpsvm_fault_intr(struct gpsvm_device *gdev);
int gpsvm_fault_debugfs(struct seq_file *m, void *data);

#endif /* __GPSVM_FAULT_H__ */
