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

/* Buffer objects: create (DRM_GPSVM_GEM_* flags), map for the CPU, close. */
int gpsvm_bo_create(int fd, uint64_t size, uint32_t flags, uint32_t *handle);
int gpsvm_bo_mmap(int fd, uint32_t handle, uint64_t size, void **ptr);
int gpsvm_bo_close(int fd, uint32_t handle);

/* GPU VA space of the file: map (DRM_GPSVM_VM_BIND_* flags) and unmap. */
int gpsvm_vm_map(int fd, uint32_t handle, uint64_t bo_offset, uint64_t va,
		 uint64_t range, uint32_t flags);
int gpsvm_vm_unmap(int fd, uint64_t va, uint64_t range);

/*
 * Shared virtual memory: make the file's GPU VA space the calling process's
 * address space, except [unmanaged_addr, +unmanaged_size) kept for
 * gpsvm_vm_map(). Then populate GPU mappings ahead of use
 * (DRM_GPSVM_SVM_BIND_* flags).
 */
int gpsvm_svm_init(int fd, uint64_t unmanaged_addr, uint64_t unmanaged_size);
int gpsvm_svm_bind(int fd, const void *addr, uint64_t size, uint32_t flags);
/*
 * Move [addr, +size) to the GPU's VRAM or back to system memory
 * (DRM_GPSVM_MEM_*); how many pages moved and stayed (either may be NULL).
 */
int gpsvm_svm_migrate(int fd, const void *addr, uint64_t size, uint32_t to,
		      uint64_t *moved, uint64_t *stayed);
/*
 * SVM_ADVISE: where GPU faults in [addr, addr + size) put the pages
 * (DRM_GPSVM_MEM_VRAM: moved there first; DRM_GPSVM_MEM_SYSTEM: where
 * they are, the default).
 */
int gpsvm_svm_advise(int fd, const void *addr, uint64_t size,
		     uint32_t preferred_loc);

/* Channels. */
int gpsvm_channel_create(int fd, uint32_t *handle);
int gpsvm_channel_destroy(int fd, uint32_t handle);
int gpsvm_channel_info(int fd, uint32_t handle,
		       struct drm_gpsvm_channel_info *info);

/*
 * Run a program: exec->channel and the launch fields must be set; the job
 * waits for exec->in_syncobj and signals exec->out_syncobj when not 0.
 */
int gpsvm_exec(int fd, const struct drm_gpsvm_exec *exec);

/*
 * Wait for a syncobj's fence, up to timeout_ns (relative). Returns 0 when
 * the job succeeded, -ETIME on timeout, or the job's error (-EFAULT,
 * -EILSEQ, -ETIMEDOUT, ...) when it failed.
 */
int gpsvm_syncobj_wait(int fd, uint32_t syncobj, int64_t timeout_ns);

#if defined(__cplusplus)
}
#endif

#endif /* __LIBGPSVM_H__ */
