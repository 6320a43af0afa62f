/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A GPU model of a KUnit test's own, with the driver's device and GEM set
 * up on a DRM device that is never registered.
 */

#ifndef __GPSVM_TEST_GPU_H__
#define __GPSVM_TEST_GPU_H__

#include <linux/types.h>

struct gpsvm_device;
struct kunit;

struct gpsvm_device *gpsvm_test_gem_gpu(struct kunit *test, const char *name,
					unsigned int index, u64 vram_size);

#endif
