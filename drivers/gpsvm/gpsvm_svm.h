/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm SVM: GPU page faults served from a process's address space.
 */
#ifndef __GPSVM_SVM_H__
#define __GPSVM_SVM_H__

#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/maple_tree.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

struct drm_device;
struct drm_file;
struct gpsvm_device;
struct gpsvm_fault;
struct gpsvm_vm;
struct gpsvm_vmm_batch;
struct gpsvm_vmm_hal;

void gpsvm_svm_serve_group(struct gpsvm_device *gdev,
			   struct gpsvm_fault *faults, unsigned int count,
			   bool atomics);
void gpsvm_svm_close(struct gpsvm_vm *vm);
int gpsvm_svm_check_owner(const struct gpsvm_vm *vm);
int gpsvm_ioctl_svm_init(struct drm_device *drm, void *data,
			 struct drm_file *file);
int gpsvm_ioctl_svm_bind(struct drm_device *drm, void *data,
			 struct drm_file *file);
int gpsvm_ioctl_svm_migrate(struct drm_device *drm, void *data,
			    struct drm_file *file);
int gpsvm_ioctl_svm_advise(struct drm_device *drm, void *data,
			   struct drm_file *file);

/* Between gpsvm_svm.c and gpsvm_exclusive.c only. */

#define GPSVM_SVM_BLOCK			SZ_2M
#define GPSVM_SVM_BLOCK_PAGES		(GPSVM_SVM_BLOCK >> PAGE_SHIFT)

/* The GPSVM_MAP_* flags of a device-exclusive page's PTE. */
#define GPSVM_SVM_EXCL_FLAGS		0

/* Ranges an svmm remembers having made device-exclusive. */
#define GPSVM_EXCL_RANGES		64

/**
 * struct gpsvm_excl_range - a VA range the GPU got for atomics
 * @start: first VA
 * @end: end
 * @batch: the fault batch that mapped it; its replay lets the GPU retry
 * @taken: when the CPU took it back, or 0
 */
struct gpsvm_excl_range {
	u64 start;
	u64 end;
	u64 batch;
	ktime_t taken;
};

/**
 * struct gpsvm_excl - what an svmm's atomics hold, for the CPU to wait on
 * @lock: protects the other fields; taken in MMU-notifier callbacks
 * @ranges: the last %GPSVM_EXCL_RANGES ranges made exclusive, a ring
 * @next: the ring's next slot
 * @hold_us: how long after the replay the CPU waits for such a range
 */
struct gpsvm_excl {
	/* See "gpsvm SVM locking". */
	spinlock_t lock;
	struct gpsvm_excl_range ranges[GPSVM_EXCL_RANGES];
	unsigned int next;
	unsigned int hold_us;
};

/**
 * struct gpsvm_svmm - a GPU VA space shared with a process
 * @ref: references; see "gpsvm SVM locking"
 * @gdev: the GPU
 * @vm: the file's VA space; holds a reference
 * @mm: the process's address space; grabbed, not pinned
 * @pid: the process, for messages
 * @mutex: the notifier lock
 * @dead: the file is closing: write no PTE any more
 * @mapped_start: lowest VA an SVM PTE was ever written at
 * @mapped_end: end of the highest
 * @notifiers_use: held for read while notifiers are in use, for write to
 *	remove them
 * @notifiers_lock: protects @notifiers and @closed
 * @closed: no more notifiers may be inserted
 * @notifiers: the interval notifiers, by VA >> GPSVM_SVM_NOTIFIER_SHIFT
 * @reap: removes the notifiers of chunks the process unmapped
 * @excl: the ranges atomics made device-exclusive
 * @prefer: the ranges whose preferred location is VRAM (SVM_ADVISE), as
 *	xa_mk_value(DRM_GPSVM_MEM_VRAM); under its own spinlock
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
	u64 mapped_start;
	u64 mapped_end;
	/* See "gpsvm SVM locking". */
	struct rw_semaphore notifiers_use;
	/* See "gpsvm SVM locking". */
	struct mutex notifiers_lock;
	bool closed;
	struct xarray notifiers;
	struct work_struct reap;
	struct gpsvm_excl excl;
	struct maple_tree prefer;
};

/**
 * struct gpsvm_svm_notifier - an interval notifier over one chunk
 * @mni: the notifier
 * @svmm: its svmm
 * @unmapped: part of the chunk was unmapped: maybe none of it is left
 *	(set by the callback, which then queues the reap work again)
 * @gone: on the reap work's list of notifiers to remove
 */
struct gpsvm_svm_notifier {
	struct mmu_interval_notifier mni;
	struct gpsvm_svmm *svmm;
	bool unmapped;
	struct list_head gone;
};

struct gpsvm_svm_notifier *gpsvm_svmm_notifier(struct gpsvm_svmm *svmm,
					       u64 va);
void gpsvm_svm_block(const struct gpsvm_vm *vm, u64 va, u64 *start, u64 *end);
unsigned int gpsvm_svm_pte_shift(const struct gpsvm_vmm_hal *hal, bool huge);
int gpsvm_svm_commit(struct gpsvm_svmm *svmm, u64 start, unsigned int npages,
		     dma_addr_t *dma, const unsigned long *pfns, bool huge,
		     struct mmu_interval_notifier *mni, unsigned long seq,
		     struct gpsvm_vmm_batch *batch, unsigned int *mapped);
void gpsvm_svm_dma_unmap(struct device *dev, dma_addr_t *dma,
			 const unsigned long *pfns, unsigned int npages,
			 bool huge);
void gpsvm_svmm_zap_block(struct gpsvm_svmm *svmm, u64 va);
void gpsvm_svmm_mapped(struct gpsvm_svmm *svmm, struct gpsvm_vmm_batch *batch,
		       u64 start, u64 end, bool huge, unsigned int ptes);

void gpsvm_excl_init(struct gpsvm_excl *x);
int gpsvm_svmm_atomic(struct gpsvm_svmm *svmm, u64 va, u64 *end);
void gpsvm_excl_throttle(struct gpsvm_svmm *svmm, u64 start, u64 end);

#endif /* __GPSVM_SVM_H__ */
