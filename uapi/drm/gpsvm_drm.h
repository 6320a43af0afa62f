/* SPDX-License-Identifier: MIT */
/*
 * gpsvm: DRM driver for GP100-class GPUs with shared virtual memory.
 * User-space interface.
 *
 * Every struct is padded to 8 bytes; fields named pad or reserved must be
 * zero, and the kernel rejects them with -EINVAL otherwise, so that a later
 * version can give them a meaning.
 */
#ifndef __GPSVM_DRM_H__
#define __GPSVM_DRM_H__

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_GPSVM_GETPARAM		0x00

/* Parameters for &drm_gpsvm_getparam.param. */
enum drm_gpsvm_param {
	/* Chip id, as in PMC_BOOT_0 (0x130 for GP100-class). */
	DRM_GPSVM_PARAM_CHIP_ID = 1,
	/* Chip revision. */
	DRM_GPSVM_PARAM_CHIP_REV = 2,
	/* VRAM size in bytes. */
	DRM_GPSVM_PARAM_VRAM_SIZE = 3,
};

/**
 * struct drm_gpsvm_getparam - query a device parameter
 * @param: one of &enum drm_gpsvm_param
 * @pad: must be zero
 * @value: the parameter's value, written by the kernel
 *
 * Errors: -EINVAL for an unknown @param or a non-zero @pad, -ENODEV once
 * the device is gone.
 */
struct drm_gpsvm_getparam {
	__u32 param;
	__u32 pad;
	__u64 value;
};

#define DRM_IOCTL_GPSVM_GETPARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_GETPARAM, struct drm_gpsvm_getparam)

#if defined(__cplusplus)
}
#endif

#endif /* __GPSVM_DRM_H__ */
