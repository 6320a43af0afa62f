/* SPDX-License-Identifier: MIT */
/*
 * libgpsvm: user-space access to gpsvm GPUs, in the manner of libdrm's
 * per-driver libraries. Every function returns 0 (or a count, or a file
 * descriptor) on success and a negative errno on failure; none prints.
 */
#ifndef __LIBGPSVM_H__
#define __LIBGPSVM_H__

#include <stdint.h>

#include "gpsvm_drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define GPSVM_MAX_DEVICES	16

/**
 * struct gpsvm_device_info - one gpsvm GPU
 * @node: its render node, as "/dev/dri/renderD128"
 * @device: the bus device behind it, as "gpsvm-model.0"
 */
struct gpsvm_device_info {
	char node[64];
	char device[64];
};

/*
 * List the gpsvm GPUs, in render-node order. Fills at most max entries of
 * devs; returns how many GPUs there are (which may exceed max).
 */
int gpsvm_enumerate(struct gpsvm_device_info *devs, int max);

/* Open the render node at path; -ENODEV if it is not a gpsvm GPU. */
int gpsvm_open_node(const char *path);

/* Open the index-th gpsvm GPU (0 is the first); -ENODEV if none. */
int gpsvm_open(int index);

/* DRM_IOCTL_GPSVM_GETPARAM: store one DRM_GPSVM_PARAM_* in *value. */
int gpsvm_get_param(int fd, uint32_t param, uint64_t *value);

#if defined(__cplusplus)
}
#endif

#endif /* __LIBGPSVM_H__ */
