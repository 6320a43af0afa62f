// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The probe path for KUnit tests: a GPU model, a KUnit device, and the
 * driver's device and GEM on a DRM device that is never registered.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-mapping.h>

#include <drm/drm_drv.h>

#include "gpsvm_device.h"
#include "gpsvm_drv.h"
#include "gpsvm_model.h"
#include "gpsvm_test_gpu.h"

static const struct drm_driver gpsvm_test_driver = {
	.driver_features = DRIVER_GEM,
	.name = "gpsvm-test",
	.desc = "gpsvm KUnit test",
	.major = 0,
	.minor = 1,
};

static void model_destroy(void *gpu)
{
	gpsvm_model_destroy(gpu);
}

static void device_fini(void *gdev)
{
	gpsvm_device_fini(gdev);
}

static void gem_fini(void *gdev)
{
	gpsvm_gem_fini(gdev);
}

/**
 * gpsvm_test_gem_gpu() - a GPU with GEM, for one test case
 * @test: the test case; asserts on failure
 * @name: the KUnit device's name
 * @index: the model's index, unique among the suites
 * @vram_size: bytes of VRAM
 *
 * Cleanup runs in reverse at the end of the case: GEM, the GPU's
 * interrupts, the device (its devres: the IRQ and the DRM device), the
 * model.
 *
 * Return: the device.
 */
struct gpsvm_device *gpsvm_test_gem_gpu(struct kunit *test, const char *name,
					unsigned int index, u64 vram_size)
{
	struct gpsvm_device *gdev;
	struct gpsvm_model *gpu;
	struct device *dev;

	gpu = gpsvm_model_create(index, vram_size, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(gpu));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, model_destroy,
							gpu), 0);

	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	KUNIT_ASSERT_EQ(test, dma_coerce_mask_and_coherent(dev,
							   DMA_BIT_MASK(47)), 0);
	gdev = devm_drm_dev_alloc(dev, &gpsvm_test_driver, struct gpsvm_device,
				  drm);
	KUNIT_ASSERT_FALSE(test, IS_ERR(gdev));
	gdev->bus = gpu->bus;
	KUNIT_ASSERT_EQ(test, gpsvm_device_init(gdev, gpu->irq), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, device_fini,
							gdev), 0);
	KUNIT_ASSERT_EQ(test, gdev->vram_size, vram_size);
	KUNIT_ASSERT_EQ(test, gpsvm_gem_init(gdev), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gem_fini, gdev),
			0);
	return gdev;
}
