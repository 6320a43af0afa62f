/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm SVM: GPU page faults served from a process's address space.
 */
#ifndef __GPSVM_SVM_H__
#define __GPSVM_SVM_H__

#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/* Exclusive pages held locked per batch, at most. */
#define GPSVM_SVM_HELD_MAX	1024

struct drm_device;
struct drm_file;
struct gpsvm_device;
struct gpsvm_svmm;
struct gpsvm_vm;
struct page;
struct seq_file;

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
 * @clients: after coalescing: bit n for each GPC 0 SM n that faulted here
 * @others: after coalescing: some faulting client is not in @clients
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
	u64 clients;
	int result;
};

/* Exclusive ranges remembered per batch, to tell a CPU-GPU fight. */
#define GPSVM_SVM_RANGES	64

/**
 * struct gpsvm_svm_range - a VA range of an svmm
 * @svmm: the svmm, only compared
 * @start: first VA
 * @end: end
 */
struct gpsvm_svm_range {
	const struct gpsvm_svmm *svmm;
	u64 start;
	u64 end;
};

/* Counters of the fault path, for debugfs: see gpsvm_svm_debugfs(). */
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
 * @req: per page of a window, what hmm_range_fault() must fault in
 * @pfns: per page of a window, what it found
 * @dma_addrs: per page of a window, its DMA mapping
 * @pages: per page of an atomic's folio, what make_device_exclusive_range()
 *	gave
 * @held: pages made exclusive for atomics, locked until after the replay
 * @nheld: number of @held
 * @hold_us: how long @held stay locked after the replay
 * @released: when they were last unlocked
 * @fetched: when the batch was read from the buffer
 * @fight: atomics wanted again ranges released less than
 *	GPSVM_SVM_THRASH_MS ago
 * @holding: the ranges of @held
 * @nholding: number of @holding
 * @recent: the ranges last released
 * @nreleased: number of @recent
 * @ranges: storage of @holding and @recent
 * @stats: &enum gpsvm_svm_stat counters
 *
 * Everything but @wq, @work and @stats belongs to the handler, which runs
 * on one CPU at a time.
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
	struct page **held;
	unsigned int nheld;
	unsigned int hold_us;
	ktime_t released;
	ktime_t fetched;
	bool fight;
	struct gpsvm_svm_range *holding, *recent;
	unsigned int nholding, nreleased;
	struct gpsvm_svm_range ranges[2][GPSVM_SVM_RANGES];
	atomic64_t stats[GPSVM_SVM_NR_STATS];
};

int gpsvm_svm_dev_init(struct gpsvm_device *gdev);
void gpsvm_svm_dev_fini(struct gpsvm_device *gdev);
void gpsvm_svm_intr(struct gpsvm_device *gdev);
int gpsvm_svm_debugfs(struct seq_file *m, void *data);
void gpsvm_svm_close(struct gpsvm_vm *vm);
int gpsvm_ioctl_svm_init(struct drm_device *drm, void *data,
			 struct drm_file *file);
int gpsvm_ioctl_svm_bind(struct drm_device *drm, void *data,
			 struct drm_file *file);

#endif /* __GPSVM_SVM_H__ */
