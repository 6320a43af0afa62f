/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm device memory: process pages that live in VRAM as device-private
 * pages, moved there and back by the copy engine.
 */
#ifndef __GPSVM_DMEM_H__
#define __GPSVM_DMEM_H__

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "gpsvm_vmm.h"

struct dev_pagemap;
struct gpsvm_chan;
struct gpsvm_device;
struct mm_struct;
struct page;
struct seq_file;

/* VRAM is remapped as device pages a region at a time, on first use. */
#define GPSVM_DMEM_REGION_SHIFT		26	/* 64 MiB */
#define GPSVM_DMEM_REGION_SIZE		BIT_ULL(GPSVM_DMEM_REGION_SHIFT)

/**
 * enum gpsvm_dmem_stat - debugfs counters of device memory
 * @GPSVM_DMEM_TO_VRAM: pages moved to VRAM
 * @GPSVM_DMEM_TO_RAM: pages moved back to system memory, every cause
 * @GPSVM_DMEM_CPU_FAULTS: CPU faults on VRAM pages (migrate_to_ram calls)
 * @GPSVM_DMEM_EVICTED: pages moved back to make room or at removal
 * @GPSVM_DMEM_CE_COPIES: copy-engine jobs
 * @GPSVM_DMEM_CE_NS: nanoseconds from their submission to their fences
 * @GPSVM_DMEM_CPU_COPIES: batches the CPU copied because the copy engine
 *	could not (no channel, a failed job, a stopped GPU)
 * @GPSVM_DMEM_GPU_FAULTS: GPU faults that moved their block to VRAM (a
 *	preferred location)
 * @GPSVM_DMEM_NSTATS: how many
 */
enum gpsvm_dmem_stat {
	GPSVM_DMEM_TO_VRAM,
	GPSVM_DMEM_TO_RAM,
	GPSVM_DMEM_CPU_FAULTS,
	GPSVM_DMEM_EVICTED,
	GPSVM_DMEM_CE_COPIES,
	GPSVM_DMEM_CE_NS,
	GPSVM_DMEM_CPU_COPIES,
	GPSVM_DMEM_GPU_FAULTS,
	GPSVM_DMEM_NSTATS
};

/**
 * struct gpsvm_dmem - one GPU's VRAM as device-private memory
 * @gdev: the GPU
 * @lock: protects @regions, @chan, @vmm_ready and the copy engine's use
 * @regions: the device pagemaps, one per %GPSVM_DMEM_REGION_SIZE of VRAM,
 *	made on first use
 * @nregions: entries of @regions
 * @vmm: the empty address space of @chan, whose copies are physical
 * @vmm_ready: @vmm is initialised
 * @chan: the kernel channel migrations copy with, made on first use
 * @chunk_lock: protects @chunks, @free and each chunk's live count;
 *	a spinlock, since the last put of a device page may come from any
 *	context
 * @chunks: chunks with pages in use
 * @free: chunks whose pages are all free, for @free_work
 * @free_work: gives @free back to the VRAM allocator
 * @clock: stamps migrations and GPU uses, see &gpsvm_dmem_chunk.stamp
 * @gone: the device is going away: nothing moves to VRAM any more
 * @stats: &enum gpsvm_dmem_stat counters
 */
struct gpsvm_dmem {
	struct gpsvm_device *gdev;
	/* See "gpsvm device memory locking". */
	struct mutex lock;
	struct dev_pagemap **regions;
	unsigned int nregions;
	struct gpsvm_vmm vmm;
	bool vmm_ready;
	struct gpsvm_chan *chan;
	/* Taken by ->page_free(), from any context. */
	spinlock_t chunk_lock;
	struct list_head chunks;
	struct list_head free;
	struct work_struct free_work;
	atomic64_t clock;
	bool gone;
	atomic64_t stats[GPSVM_DMEM_NSTATS];
};

int gpsvm_dmem_init(struct gpsvm_device *gdev);
void gpsvm_dmem_fini(struct gpsvm_device *gdev);
void gpsvm_dmem_evict_all(struct gpsvm_device *gdev);
int gpsvm_dmem_evict_lru(struct gpsvm_device *gdev);
int gpsvm_dmem_migrate(struct gpsvm_device *gdev, struct mm_struct *mm,
		       u64 start, u64 end, bool to_vram, u64 *moved,
		       u64 *stayed);
u64 gpsvm_dmem_stamp(struct gpsvm_device *gdev);
u64 gpsvm_dmem_fault_in(struct gpsvm_device *gdev, struct mm_struct *mm,
			u64 addr, u64 start, u64 end, u64 stamp);
void gpsvm_dmem_touch(struct page *page);
bool gpsvm_dmem_in_use(struct gpsvm_device *gdev);
u64 gpsvm_dmem_page_offset(struct page *page);
int gpsvm_dmem_debugfs(struct seq_file *m, void *data);

#endif /* __GPSVM_DMEM_H__ */
