/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm: the driver's user-facing objects -- per-file state, buffer
 * objects, GPU VA spaces and user channels -- and their ioctls.
 */
#ifndef __GPSVM_DRV_H__
#define __GPSVM_DRV_H__

#include <linux/xarray.h>

#include <drm/drm_gem.h>
#include <drm/drm_gpuvm.h>
#include <drm/drm_mm.h>

#include "gpsvm_vmm.h"

struct drm_device;
struct drm_file;
struct gpsvm_chan;
struct gpsvm_device;
struct gpsvm_sched;

/**
 * struct gpsvm_file - what one open DRM file owns
 * @gdev: the GPU
 * @vm: the file's GPU VA space; every channel of the file runs in it
 * @channels: the file's channels, by handle (&struct gpsvm_channel)
 */
struct gpsvm_file {
	struct gpsvm_device *gdev;
	struct gpsvm_vm *vm;
	struct xarray channels;
};

/* gpsvm_gem.c: buffer objects. */

/**
 * struct gpsvm_bo - a buffer object
 * @base: the GEM object
 * @flags: DRM_GPSVM_GEM_* it was created with
 * @pages: system memory: its pages
 * @dma: system memory: their DMA addresses
 * @vram: VRAM: its place in &gpsvm_device.vram_mm
 */
struct gpsvm_bo {
	struct drm_gem_object base;
	u32 flags;
	struct page **pages;
	dma_addr_t *dma;
	struct drm_mm_node vram;
};

static inline struct gpsvm_bo *to_gpsvm_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct gpsvm_bo, base);
}

int gpsvm_gem_init(struct gpsvm_device *gdev);
int gpsvm_vram_insert(struct gpsvm_device *gdev, struct drm_mm_node *node,
		      u64 size);
void gpsvm_vram_remove(struct gpsvm_device *gdev, struct drm_mm_node *node);
struct gpsvm_bo *gpsvm_bo_create(struct gpsvm_device *gdev, u64 size,
				 u32 flags);
void gpsvm_gem_fini(struct gpsvm_device *gdev);
u64 gpsvm_bo_addr(struct gpsvm_bo *bo, u64 offset, u64 *contig);
int gpsvm_ioctl_gem_create(struct drm_device *drm, void *data,
			   struct drm_file *file);
int gpsvm_ioctl_gem_mmap_offset(struct drm_device *drm, void *data,
				struct drm_file *file);

/* gpsvm_vm.c: GPU VA spaces, managed with drm_gpuvm. */

/**
 * struct gpsvm_vm - a GPU VA space
 * @base: its drm_gpuvm; holds the VA-space mappings
 * @gdev: the GPU
 * @vmm: its page tables
 * @lock: serialises changes of the mappings (VM_BIND), SVM_INIT and
 *	channel creation
 * @svmm: after SVM_INIT: the process address space it shares
 * @svm_window_start: after SVM_INIT: the unmanaged window, the only VA
 *	range VM_BIND may use; [0, 0) when there is none
 * @svm_window_end: its end
 * @has_channels: a channel was created: too late for SVM_INIT
 */
struct gpsvm_vm {
	struct drm_gpuvm base;
	struct gpsvm_device *gdev;
	struct gpsvm_vmm vmm;
	/* Taken by VM_BIND around the whole of one ioctl. */
	struct mutex lock;
	struct gpsvm_svmm *svmm;
	u64 svm_window_start;
	u64 svm_window_end;
	bool has_channels;
};

struct gpsvm_vm *gpsvm_vm_create(struct gpsvm_device *gdev);
void gpsvm_vm_close(struct gpsvm_vm *vm);
void gpsvm_vm_put(struct gpsvm_vm *vm);
int gpsvm_ioctl_vm_bind(struct drm_device *drm, void *data,
			struct drm_file *file);

/* gpsvm_exec.c: user channels and job submission through drm_sched. */

struct gpsvm_sched *gpsvm_exec_sched(struct gpsvm_device *gdev,
				     struct gpsvm_chan *chan);
void gpsvm_exec_init(struct gpsvm_device *gdev);
void gpsvm_exec_fini(struct gpsvm_device *gdev);
void gpsvm_exec_file_close(struct gpsvm_file *gfile);
int gpsvm_ioctl_channel_create(struct drm_device *drm, void *data,
			       struct drm_file *file);
int gpsvm_ioctl_channel_destroy(struct drm_device *drm, void *data,
				struct drm_file *file);
int gpsvm_ioctl_channel_info(struct drm_device *drm, void *data,
			     struct drm_file *file);
int gpsvm_ioctl_exec(struct drm_device *drm, void *data,
		     struct drm_file *file);

#endif /* __GPSVM_DRV_H__ */
