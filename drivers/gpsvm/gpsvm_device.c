// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: bringing up one GPU: identification, interrupts, parameters.
 */

#include <linux/bitfield.h>
#include <linux/interrupt.h>

#include <drm/drm_print.h>
#include <kunit/visibility.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_hal.h"

/**
 * DOC: gpsvm device locking
 *
 * Probe and remove are serialised by the driver core. Every ioctl handler
 * runs inside drm_dev_enter()/drm_dev_exit(), an SRCU read section, so
 * drm_dev_unplug() in remove waits for ioctls in flight and later ones fail
 * with -ENODEV instead of touching a GPU that is gone: drm_ioctl()'s own
 * check of the device is made before the handler runs, without that
 * guarantee. VM_BIND copies its operations in before it enters, so that a
 * user copy that blocks (a page fault on a slow file) cannot hold removal
 * up; SVM_BIND faults process memory in inside, at most 1 GiB a call.
 * Work that reaches the GPU outside an ioctl (the fault handler, drm_sched's
 * run_job() and timeout, TLB flushes from MMU notifiers) enters too, and
 * skips the GPU once it is unplugged.
 *
 * Skipping a TLB invalidate is only safe when nothing runs on the GPU, so
 * remove stops the GPU before it unplugs: gpsvm_device_stop() wedges every
 * channel (reset, never started again, jobs failed with -ENODEV) and makes
 * channel creation fail, while invalidates still reach the GPU; then
 * drm_dev_unplug(); then gpsvm_device_fini() turns the interrupt off and
 * frees the fault buffer. After remove returns the driver makes no GPU
 * access: files still open only free memory when they close.
 *
 * The interrupt handler runs in hard-interrupt context: it reads and
 * acknowledges PMC_INTR and only updates atomic counters and completions.
 * It takes no driver lock, so no lock here needs to disable interrupts.
 */

/* Interrupt sources the driver enables. */
#define GPSVM_INTR_HANDLED	(GPSVM_PMC_INTR_SOFTWARE | GPSVM_PMC_INTR_FIFO | \
				 GPSVM_PMC_INTR_REPLAYABLE_FAULT)

static irqreturn_t gpsvm_intr(int irq, void *arg)
{
	struct gpsvm_device *gdev = arg;
	u32 status = gpsvm_rd32(gdev, GPSVM_PMC_INTR);
	u32 unknown = status & ~GPSVM_INTR_HANDLED;

	if (!status || status == GPSVM_PRI_ERROR)
		return IRQ_NONE;
	gpsvm_wr32(gdev, GPSVM_PMC_INTR, status);
	atomic_long_inc(&gdev->intr_count);

	if (status & GPSVM_PMC_INTR_SOFTWARE)
		complete(&gdev->intr_selftest);
	if (status & GPSVM_PMC_INTR_FIFO)
		gpsvm_chan_intr(gdev);
	if (status & GPSVM_PMC_INTR_REPLAYABLE_FAULT)
		gpsvm_fault_intr(gdev);
	if (unknown) {
		atomic_long_inc(&gdev->intr_spurious);
		dev_warn_ratelimited(gdev->drm.dev,
				     "unexpected interrupt 0x%08x\n", unknown);
	}
	return IRQ_HANDLED;
}

/* A GPU whose interrupt does not arrive is not usable: test it at probe. */
static int gpsvm_intr_selftest(struct gpsvm_device *gdev)
{
	reinit_completion(&gdev->intr_selftest);
	gpsvm_wr32(gdev, GPSVM_PMC_INTR_TRIGGER, GPSVM_PMC_INTR_SOFTWARE);
	if (!wait_for_completion_timeout(&gdev->intr_selftest, 5 * HZ)) {
		drm_err(&gdev->drm, "interrupt line %d does not work\n",
			gdev->irq);
		return -EIO;
	}
	return 0;
}

/**
 * gpsvm_device_init() - identify a GPU and bring up its interrupts
 * @gdev: the device, with @gdev->bus set
 * @irq: its interrupt line
 *
 * Context: process; sleeps. Called from probe.
 * Return: 0, -ENODEV for a chip the driver does not support, or another
 * negative errno.
 */
int gpsvm_device_init(struct gpsvm_device *gdev, int irq)
{
	struct device *dev = gdev->drm.dev;
	u32 boot0;
	int ret;

	boot0 = gpsvm_rd32(gdev, GPSVM_PMC_BOOT_0);
	gdev->hal = gpsvm_hal_lookup(boot0);
	if (!gdev->hal) {
		drm_err(&gdev->drm, "unsupported chip, PMC_BOOT_0 0x%08x\n",
			boot0);
		return -ENODEV;
	}
	gdev->chip_rev = FIELD_GET(GPSVM_PMC_BOOT_0_REV, boot0);
	gdev->vram_size = (u64)gpsvm_rd32(gdev, GPSVM_PFB_VRAM_SIZE_MB) << 20;
	gdev->isa_version = max(gpsvm_rd32(gdev, GPSVM_PGRAPH_ISA_VERSION), 1U);
	gdev->sm_count = gpsvm_rd32(gdev, GPSVM_PGRAPH_SM_COUNT);

	/* Quiesce whatever a previous driver left pending. */
	gpsvm_wr32(gdev, GPSVM_PMC_INTR_EN, 0);
	gpsvm_wr32(gdev, GPSVM_PMC_INTR, ~0u);

	mutex_init(&gdev->tlb_lock);
	gpsvm_exec_init(gdev);
	spin_lock_init(&gdev->chan_lock);
	gpsvm_chan_reset_all(gdev);
	/*
	 * The TLBs may still hold translations of a previous driver's
	 * address spaces (its flushes stop at removal), and their page
	 * directories' DMA addresses can come back as ours.
	 */
	mutex_lock(&gdev->tlb_lock);
	ret = gdev->hal->vmm->tlb_invalidate_all(gdev);
	mutex_unlock(&gdev->tlb_lock);
	if (ret)
		return ret;

	ret = gpsvm_fault_init(gdev);
	if (ret)
		return ret;

	init_completion(&gdev->intr_selftest);
	gdev->irq = irq;
	ret = devm_request_irq(dev, irq, gpsvm_intr, 0, dev_name(dev), gdev);
	if (ret)
		goto err_svm;
	gpsvm_wr32(gdev, GPSVM_PMC_INTR_EN, GPSVM_INTR_HANDLED);
	ret = gpsvm_intr_selftest(gdev);
	if (ret) {
		gpsvm_wr32(gdev, GPSVM_PMC_INTR_EN, 0);
		synchronize_irq(irq);
		goto err_svm;
	}

	drm_info(&gdev->drm, "%s rev 0x%02x, %llu MiB VRAM, irq %d\n",
		 gdev->hal->name, gdev->chip_rev, gdev->vram_size >> 20, irq);
	return 0;

err_svm:
	gpsvm_fault_fini(gdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_device_init);

/**
 * gpsvm_device_stop() - stop every channel before the GPU is unplugged
 * @gdev: the device
 *
 * Files may stay open after remove: their channels must not run on, and
 * must be stopped while TLB invalidates still reach the GPU (see "gpsvm
 * device locking"). Their jobs fail with -ENODEV, and so does channel
 * creation from now on.
 *
 * Context: process; sleeps. Called from remove, before drm_dev_unplug().
 */
void gpsvm_device_stop(struct gpsvm_device *gdev)
{
	gpsvm_chan_wedge(gdev, NULL, -ENODEV);
}

/**
 * gpsvm_device_fini() - quiesce a GPU before it is unbound
 * @gdev: the device; no channel runs
 *
 * Context: process. Called from remove, after drm_dev_unplug(), and when
 * probe fails.
 */
void gpsvm_device_fini(struct gpsvm_device *gdev)
{
	gpsvm_wr32(gdev, GPSVM_PMC_INTR_EN, 0);
	/* The line is devm-managed: make sure no handler is still running. */
	synchronize_irq(gdev->irq);
	gpsvm_fault_fini(gdev);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_device_fini);

/**
 * gpsvm_getparam() - the value of a device parameter
 * @gdev: the device
 * @args: the ioctl argument; @args->value is written on success
 *
 * Return: 0, or -EINVAL for an unknown parameter or a non-zero pad.
 */
int gpsvm_getparam(const struct gpsvm_device *gdev,
		   struct drm_gpsvm_getparam *args)
{
	if (args->pad)
		return -EINVAL;

	switch (args->param) {
	case DRM_GPSVM_PARAM_CHIP_ID:
		args->value = gdev->hal->chip;
		return 0;
	case DRM_GPSVM_PARAM_CHIP_REV:
		args->value = gdev->chip_rev;
		return 0;
	case DRM_GPSVM_PARAM_VRAM_SIZE:
		args->value = gdev->vram_size;
		return 0;
	case DRM_GPSVM_PARAM_ISA_VERSION:
		args->value = gdev->isa_version;
		return 0;
	case DRM_GPSVM_PARAM_SM_COUNT:
		args->value = gdev->sm_count;
		return 0;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_getparam);
