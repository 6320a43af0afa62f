/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm: one GPU as the driver sees it.
 */
#ifndef __GPSVM_DEVICE_H__
#define __GPSVM_DEVICE_H__

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/fault-inject.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include <drm/drm_device.h>
#include <drm/drm_mm.h>

#include "gpsvm_hw.h"
#include "gpsvm_dmem.h"
#include "gpsvm_fault.h"

struct gpsvm_chan;
struct gpsvm_hal;
struct gpsvm_sched;
struct gpsvm_vmm;
struct gpsvm_vmm_batch;
struct drm_gpsvm_getparam;

/**
 * struct gpsvm_device - one GPU bound to the driver
 * @drm: the DRM device, embedded
 * @bus: register accessors of the GPU
 * @hal: what differs with the GPU generation
 * @chip_rev: revision from PMC_BOOT_0
 * @isa_version: the compute engine's ISA version, from PGRAPH_ISA_VERSION
 * @sm_count: the compute engine's SMs, from PGRAPH_SM_COUNT
 * @vram_size: bytes of VRAM
 * @irq: Linux IRQ of the GPU's interrupt line
 * @intr_count: interrupts handled, for debugfs
 * @intr_spurious: interrupts with no known status bit, for debugfs
 * @intr_selftest: completed by the software interrupt at probe
 * @tlb_lock: serialises use of the MMU invalidate registers
 * @chan_lock: protects @chans and @wedged; see "gpsvm channel locking"
 * @chans: the channels, by hardware number
 * @wedged: 0, or the negative errno channel creation fails with once
 *	gpsvm_device_stop() has stopped the GPU
 * @vram_lock: protects @vram_mm
 * @vram_mm: the VRAM allocator, of buffer objects and device memory
 * @dmem: VRAM as device-private memory for process pages
 * @ptes_mapped: PTEs VM_BIND has written, by page size (small, big, huge),
 *	for debugfs
 * @sched_lock: protects @scheds
 * @scheds: a drm_sched scheduler per hardware channel, made on first use
 * @exec_wq: its lock protects @exec_channels; woken when that drops to 0
 * @exec_channels: user channels not yet freed (see "gpsvm exec locking")
 * @fault: the replayable fault buffer and its handler
 */
struct gpsvm_device {
	struct drm_device drm;
	struct gpsvm_hw_bus bus;
	const struct gpsvm_hal *hal;
	u32 chip_rev;
	u32 isa_version;
	u32 sm_count;
	u64 vram_size;
	int irq;
	atomic_long_t intr_count;
	atomic_long_t intr_spurious;
	struct completion intr_selftest;
	/* The invalidate registers are one set for every address space. */
	struct mutex tlb_lock;
	/* Taken in the interrupt handler; see "gpsvm channel locking". */
	spinlock_t chan_lock;
	struct gpsvm_chan *chans[GPSVM_CHAN_COUNT];
	int wedged;
	/* VRAM allocations are rare and may sleep around them. */
	struct mutex vram_lock;
	struct drm_mm vram_mm;
	struct gpsvm_dmem dmem;
	atomic64_t ptes_mapped[3];
	/* Channel creation takes it to find or make a scheduler. */
	struct mutex sched_lock;
	struct gpsvm_sched *scheds[GPSVM_CHAN_COUNT];
	/* See "gpsvm exec locking". */
	wait_queue_head_t exec_wq;
	unsigned int exec_channels;
	struct gpsvm_fault_buffer fault;
#ifdef CONFIG_FAULT_INJECTION
	/* debugfs fail_alloc: the driver's own allocations for a process. */
	struct fault_attr fail_alloc;
#endif
};

static inline struct gpsvm_device *to_gpsvm(struct drm_device *drm)
{
	return container_of(drm, struct gpsvm_device, drm);
}

/*
 * Whether to fail an allocation the driver makes for a process (page
 * tables, notifiers), as debugfs "fail_alloc" asks: shows that each one
 * ends in an errno or a fault served again, never a leak or a lost job.
 */
static inline bool gpsvm_fail_alloc(struct gpsvm_device *gdev)
{
#ifdef CONFIG_FAULT_INJECTION
	return should_fail(&gdev->fail_alloc, 1);
#else
	return false;
#endif
}

static inline u32 gpsvm_rd32(struct gpsvm_device *gdev, u32 reg)
{
	return gdev->bus.rd32(gdev->bus.ctx, reg);
}

static inline void gpsvm_wr32(struct gpsvm_device *gdev, u32 reg, u32 val)
{
	gdev->bus.wr32(gdev->bus.ctx, reg, val);
}

int gpsvm_device_init(struct gpsvm_device *gdev, int irq);
void gpsvm_device_stop(struct gpsvm_device *gdev);
void gpsvm_device_fini(struct gpsvm_device *gdev);
int gpsvm_vmm_flush(struct gpsvm_device *gdev, struct gpsvm_vmm *vmm,
		    struct gpsvm_vmm_batch *batch);
int gpsvm_getparam(const struct gpsvm_device *gdev,
		   struct drm_gpsvm_getparam *args);

#endif /* __GPSVM_DEVICE_H__ */
