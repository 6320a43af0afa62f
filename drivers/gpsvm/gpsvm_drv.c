// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: DRM driver for GP100-class GPUs with shared virtual memory.
 * Module, platform driver and DRM driver glue.
 */

#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_hal.h"

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
};

DEFINE_DRM_GEM_FOPS(gpsvm_fops);

static const struct drm_driver gpsvm_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER,
	.ioctls = gpsvm_ioctls,
	.num_ioctls = ARRAY_SIZE(gpsvm_ioctls),
	.fops = &gpsvm_fops,
	.name = "gpsvm",
	.desc = "GP100-class GPU with shared virtual memory",
	.date = "20261121",
	.major = 0,
	.minor = 1,
};

static int gpsvm_debugfs_intr(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_device *gdev = to_gpsvm(entry->dev);

	seq_printf(m, "handled: %ld\n", atomic_long_read(&gdev->intr_count));
	seq_printf(m, "spurious: %ld\n",
		   atomic_long_read(&gdev->intr_spurious));
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

	gdev = devm_drm_dev_alloc(&pdev->dev, &gpsvm_drm_driver,
				  struct gpsvm_device, drm);
	if (IS_ERR(gdev))
		return PTR_ERR(gdev);
	gdev->bus = *bus;
	platform_set_drvdata(pdev, gdev);

	ret = gpsvm_device_init(gdev, irq);
	if (ret)
		return ret;

	drm_debugfs_add_file(&gdev->drm, "gpsvm_interrupts",
			     gpsvm_debugfs_intr, NULL);
	ret = drm_dev_register(&gdev->drm, 0);
	if (ret) {
		gpsvm_device_fini(gdev);
		return ret;
	}
	return 0;
}

static void gpsvm_remove(struct platform_device *pdev)
{
	struct gpsvm_device *gdev = platform_get_drvdata(pdev);

	/* Open files stay valid; their ioctls now fail with -ENODEV. */
	drm_dev_unplug(&gdev->drm);
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
