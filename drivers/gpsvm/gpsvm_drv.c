// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: DRM driver for GP100-class GPUs with shared virtual memory.
 * Module, platform driver and DRM driver glue.
 */

#include <linux/dma-mapping.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_hal.h"
#include "gpsvm_svm.h"

static int gpsvm_ioctl_getparam(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	int idx, ret;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = gpsvm_getparam(to_gpsvm(drm), data);
	drm_dev_exit(idx);
	return ret;
}

static const struct drm_ioctl_desc gpsvm_ioctls[] = {
	DRM_IOCTL_DEF_DRV(GPSVM_GETPARAM, gpsvm_ioctl_getparam,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_GEM_CREATE, gpsvm_ioctl_gem_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_GEM_MMAP_OFFSET, gpsvm_ioctl_gem_mmap_offset,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_VM_BIND, gpsvm_ioctl_vm_bind, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_CHANNEL_CREATE, gpsvm_ioctl_channel_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_CHANNEL_DESTROY, gpsvm_ioctl_channel_destroy,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_CHANNEL_INFO, gpsvm_ioctl_channel_info,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_EXEC, gpsvm_ioctl_exec, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_SVM_INIT, gpsvm_ioctl_svm_init,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_SVM_BIND, gpsvm_ioctl_svm_bind,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_SVM_MIGRATE, gpsvm_ioctl_svm_migrate,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(GPSVM_SVM_ADVISE, gpsvm_ioctl_svm_advise,
			  DRM_RENDER_ALLOW),
};

static int gpsvm_open(struct drm_device *drm, struct drm_file *file)
{
	struct gpsvm_file *gfile;
	int idx, ret = 0;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	gfile = kzalloc(sizeof(*gfile), GFP_KERNEL);
	if (!gfile) {
		ret = -ENOMEM;
		goto out;
	}
	gfile->gdev = to_gpsvm(drm);
	xa_init_flags(&gfile->channels, XA_FLAGS_ALLOC1);
	gfile->vm = gpsvm_vm_create(gfile->gdev);
	if (IS_ERR(gfile->vm)) {
		ret = PTR_ERR(gfile->vm);
		kfree(gfile);
		goto out;
	}
	file->driver_priv = gfile;
out:
	drm_dev_exit(idx);
	return ret;
}

static void gpsvm_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;

	/* Channels first: nothing may run in the VA space it tears down. */
	gpsvm_exec_file_close(gfile);
	xa_destroy(&gfile->channels);
	gpsvm_svm_close(gfile->vm);
	gpsvm_vm_close(gfile->vm);
	gpsvm_vm_put(gfile->vm);
	kfree(gfile);
}

DEFINE_DRM_GEM_FOPS(gpsvm_fops);

static const struct drm_driver gpsvm_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_GEM_GPUVA | DRIVER_RENDER |
			   DRIVER_SYNCOBJ,
	.open = gpsvm_open,
	.postclose = gpsvm_postclose,
	.ioctls = gpsvm_ioctls,
	.num_ioctls = ARRAY_SIZE(gpsvm_ioctls),
	.fops = &gpsvm_fops,
	.name = "gpsvm",
	.desc = "GP100-class GPU with shared virtual memory",
	.date = "20261121",
	.major = 0,
	.minor = 1,
};

#ifdef CONFIG_FAULT_INJECTION
static DECLARE_FAULT_ATTR(gpsvm_fail_alloc_default);
#endif

static int gpsvm_debugfs_intr(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_device *gdev = to_gpsvm(entry->dev);

	seq_printf(m, "handled: %ld\n", atomic_long_read(&gdev->intr_count));
	seq_printf(m, "spurious: %ld\n",
		   atomic_long_read(&gdev->intr_spurious));
	return 0;
}

/* Buffer objects and scheduler fences outlive the GPU: free these last. */
static void gpsvm_release(struct drm_device *drm, void *gdev)
{
	gpsvm_exec_fini(gdev);
	gpsvm_gem_fini(gdev);
}

static int gpsvm_debugfs_vm(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_device *gdev = to_gpsvm(entry->dev);

	seq_printf(m, "ptes_4k: %lld\n", atomic64_read(&gdev->ptes_mapped[0]));
	seq_printf(m, "ptes_64k: %lld\n", atomic64_read(&gdev->ptes_mapped[1]));
	seq_printf(m, "ptes_2m: %lld\n", atomic64_read(&gdev->ptes_mapped[2]));
	return 0;
}

static int gpsvm_probe(struct platform_device *pdev)
{
	const struct gpsvm_hw_bus *bus = dev_get_platdata(&pdev->dev);
	struct gpsvm_device *gdev;
	int irq, ret;

	if (!bus || !bus->rd32 || !bus->wr32)
		return -ENODEV;
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;

	/* The PTE address field is wide; the model has no IOMMU limit. */
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(47));
	if (ret)
		return ret;

	gdev = devm_drm_dev_alloc(&pdev->dev, &gpsvm_drm_driver,
				  struct gpsvm_device, drm);
	if (IS_ERR(gdev))
		return PTR_ERR(gdev);
	gdev->bus = *bus;
	platform_set_drvdata(pdev, gdev);

	ret = gpsvm_device_init(gdev, irq);
	if (ret)
		return ret;
	ret = gpsvm_gem_init(gdev);
	if (ret)
		goto err_fini;
	ret = drmm_add_action_or_reset(&gdev->drm, gpsvm_release, gdev);
	if (ret)
		goto err_fini;
	ret = gpsvm_dmem_init(gdev);
	if (ret)
		goto err_fini;

	drm_debugfs_add_file(&gdev->drm, "gpsvm_interrupts",
			     gpsvm_debugfs_intr, NULL);
	drm_debugfs_add_file(&gdev->drm, "gpsvm_vm", gpsvm_debugfs_vm, NULL);
	drm_debugfs_add_file(&gdev->drm, "gpsvm_svm", gpsvm_fault_debugfs, NULL);
	drm_debugfs_add_file(&gdev->drm, "gpsvm_dmem", gpsvm_dmem_debugfs, NULL);
#ifdef CONFIG_FAULT_INJECTION
	gdev->fail_alloc = gpsvm_fail_alloc_default;
	fault_create_debugfs_attr("fail_alloc", gdev->drm.debugfs_root,
				  &gdev->fail_alloc);
#endif
	ret = drm_dev_register(&gdev->drm, 0);
	if (ret)
		goto err_dmem;
	return 0;

err_dmem:
	gpsvm_dmem_fini(gdev);
err_fini:
	gpsvm_device_fini(gdev);
	return ret;
}

static void gpsvm_remove(struct platform_device *pdev)
{
	struct gpsvm_device *gdev = platform_get_drvdata(pdev);

	/* Nothing may run on TLB entries that unplugged flushes skip. */
	gpsvm_device_stop(gdev);
	/* Open files stay valid; their ioctls now fail with -ENODEV. */
	drm_dev_unplug(&gdev->drm);
	/* Process pages leave VRAM while the model's VRAM is still there. */
	gpsvm_dmem_evict_all(gdev);
	gpsvm_dmem_fini(gdev);
	gpsvm_device_fini(gdev);
}

static const struct platform_device_id gpsvm_ids[] = {
	{ GPSVM_HW_DEVICE_NAME },
	{}
};
MODULE_DEVICE_TABLE(platform, gpsvm_ids);

static struct platform_driver gpsvm_platform_driver = {
	.driver = {
		.name = "gpsvm",
	},
	.id_table = gpsvm_ids,
	.probe = gpsvm_probe,
	.remove = gpsvm_remove,
};
module_platform_driver(gpsvm_platform_driver);

MODULE_DESCRIPTION("gpsvm: DRM driver for GP100-class GPUs with SVM");
MODULE_LICENSE("Dual MIT/GPL");
