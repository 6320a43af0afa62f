// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm driver: chip identification and the GETPARAM
 * argument checks.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/module.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_hal.h"

static u32 boot0(u32 chip, u32 rev)
{
	return FIELD_PREP(GPSVM_PMC_BOOT_0_CHIP, chip) |
	       FIELD_PREP(GPSVM_PMC_BOOT_0_REV, rev);
}

static void gpsvm_test_hal_lookup(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, gpsvm_hal_lookup(boot0(0x130, 0xa1)),
			    &gpsvm_gp100_hal);
	KUNIT_EXPECT_PTR_EQ(test, gpsvm_hal_lookup(boot0(0x130, 0)),
			    &gpsvm_gp100_hal);
	/* GP102 and GV100 are not supported. */
	KUNIT_EXPECT_NULL(test, gpsvm_hal_lookup(boot0(0x132, 0xa1)));
	KUNIT_EXPECT_NULL(test, gpsvm_hal_lookup(boot0(0x140, 0xa1)));
	/* A dead bus reads as a PRI error, never as a chip. */
	KUNIT_EXPECT_NULL(test, gpsvm_hal_lookup(GPSVM_PRI_ERROR));
	KUNIT_EXPECT_NULL(test, gpsvm_hal_lookup(0));
}

static void gpsvm_test_getparam(struct kunit *test)
{
	struct gpsvm_device *gdev;
	struct drm_gpsvm_getparam args = {};

	gdev = kunit_kzalloc(test, sizeof(*gdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gdev);
	gdev->hal = &gpsvm_gp100_hal;
	gdev->chip_rev = 0xa1;
	gdev->vram_size = 256ull << 20;
	gdev->isa_version = 2;
	gdev->sm_count = 8;

	args.param = DRM_GPSVM_PARAM_CHIP_ID;
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), 0);
	KUNIT_EXPECT_EQ(test, args.value, 0x130);
	args.param = DRM_GPSVM_PARAM_CHIP_REV;
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), 0);
	KUNIT_EXPECT_EQ(test, args.value, 0xa1);
	args.param = DRM_GPSVM_PARAM_VRAM_SIZE;
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), 0);
	KUNIT_EXPECT_EQ(test, args.value, 256ull << 20);
	args.param = DRM_GPSVM_PARAM_ISA_VERSION;
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), 0);
	KUNIT_EXPECT_EQ(test, args.value, 2);
	args.param = DRM_GPSVM_PARAM_SM_COUNT;
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), 0);
	KUNIT_EXPECT_EQ(test, args.value, 8);
}

static void gpsvm_test_getparam_bad(struct kunit *test)
{
	static const u32 bad_params[] = { 0, 6, 0x80000000, ~0u };
	struct gpsvm_device *gdev;
	struct drm_gpsvm_getparam args;
	int i;

	gdev = kunit_kzalloc(test, sizeof(*gdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gdev);
	gdev->hal = &gpsvm_gp100_hal;

	for (i = 0; i < ARRAY_SIZE(bad_params); i++) {
		args = (struct drm_gpsvm_getparam){
			.param = bad_params[i], .value = 0x1234,
		};
		KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), -EINVAL);
		KUNIT_EXPECT_EQ(test, args.value, 0x1234);
	}

	/* A valid parameter with a non-zero pad is refused untouched. */
	args = (struct drm_gpsvm_getparam){
		.param = DRM_GPSVM_PARAM_CHIP_ID, .pad = 1, .value = 0x1234,
	};
	KUNIT_EXPECT_EQ(test, gpsvm_getparam(gdev, &args), -EINVAL);
	KUNIT_EXPECT_EQ(test, args.value, 0x1234);
}

static struct kunit_case gpsvm_device_cases[] = {
	KUNIT_CASE(gpsvm_test_hal_lookup),
	KUNIT_CASE(gpsvm_test_getparam),
	KUNIT_CASE(gpsvm_test_getparam_bad),
	{}
};

static struct kunit_suite gpsvm_device_suite = {
	.name = "gpsvm_device",
	.test_cases = gpsvm_device_cases,
};

kunit_test_suites(&gpsvm_device_suite);

MODULE_DESCRIPTION("KUnit tests for the gpsvm driver");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
