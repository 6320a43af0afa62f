// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm_model.ko: puts the modelled GPUs on the platform bus.
 */

#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "gpsvm_model.h"

#define GPSVM_MODEL_MAX_GPUS	8

static unsigned int ngpus = 1;
module_param(ngpus, uint, 0444);
MODULE_PARM_DESC(ngpus, "Number of GPUs to model (1-8, default 1)");

static unsigned int vram_mb = 256;
module_param(vram_mb, uint, 0444);
MODULE_PARM_DESC(vram_mb, "VRAM of each GPU in MiB (default 256)");

static unsigned int nsm = 2;
module_param(nsm, uint, 0444);
MODULE_PARM_DESC(nsm, "SMs of each GPU's compute engine (1-16, default 2)");

static struct gpsvm_model *gpsvm_model_gpus[GPSVM_MODEL_MAX_GPUS];

static int gpsvm_model_plug(struct gpsvm_model *gpu)
{
	struct resource irq = DEFINE_RES_IRQ_NAMED(gpu->irq, "gpsvm");
	struct platform_device_info info = {
		.name = GPSVM_HW_DEVICE_NAME,
		.id = gpu->index,
		.res = &irq,
		.num_res = 1,
		.data = &gpu->bus,
		.size_data = sizeof(gpu->bus),
	};
	struct platform_device *pdev;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	gpu->pdev = pdev;
	return 0;
}

static void gpsvm_model_unplug_all(void)
{
	int i;

	/* Unregistering unbinds the driver before the GPU goes away. */
	for (i = GPSVM_MODEL_MAX_GPUS - 1; i >= 0; i--) {
		struct gpsvm_model *gpu = gpsvm_model_gpus[i];

		if (!gpu)
			continue;
		if (gpu->pdev)
			platform_device_unregister(gpu->pdev);
		gpsvm_model_destroy(gpu);
		gpsvm_model_gpus[i] = NULL;
	}
}

static int __init gpsvm_model_init(void)
{
	unsigned int i;
	int ret;

	if (!ngpus || ngpus > GPSVM_MODEL_MAX_GPUS) {
		pr_err("gpsvm_model: ngpus=%u, must be 1 to %d\n", ngpus,
		       GPSVM_MODEL_MAX_GPUS);
		return -EINVAL;
	}
	if (!vram_mb || vram_mb > SZ_64K) {
		pr_err("gpsvm_model: vram_mb=%u, must be 1 to %u\n", vram_mb,
		       SZ_64K);
		return -EINVAL;
	}

	if (!nsm || nsm > GPSVM_MODEL_MAX_SMS) {
		pr_err("gpsvm_model: nsm=%u, must be 1 to %d\n",
		       nsm, GPSVM_MODEL_MAX_SMS);
		return -EINVAL;
	}

	for (i = 0; i < ngpus; i++) {
		struct gpsvm_model *gpu;

		gpu = gpsvm_model_create(i, (u64)vram_mb << 20, nsm);
		if (IS_ERR(gpu)) {
			ret = PTR_ERR(gpu);
			goto err;
		}
		gpsvm_model_gpus[i] = gpu;
		ret = gpsvm_model_plug(gpu);
		if (ret)
			goto err;
	}
	pr_info("gpsvm_model: %u GPU(s), %u MiB VRAM and %u SMs each\n",
		ngpus, vram_mb, nsm);
	return 0;

err:
	gpsvm_model_unplug_all();
	return ret;
}

static void __exit gpsvm_model_exit(void)
{
	gpsvm_model_unplug_all();
}

module_init(gpsvm_model_init);
module_exit(gpsvm_model_exit);

MODULE_DESCRIPTION("gpsvm: model of a GP100-class GPU");
MODULE_LICENSE("Dual MIT/GPL");
