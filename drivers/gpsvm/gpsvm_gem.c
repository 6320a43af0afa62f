// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: buffer objects, in system memory or in VRAM, and their CPU
 * mappings.
 */

#include <linux/atomic.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_mm.h>
#include <drm/drm_print.h>
#include <drm/drm_vma_manager.h>
#include <kunit/visibility.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"

/**
 * DOC: gpsvm GEM locking
 *
 * A buffer object (&struct gpsvm_bo) is immutable from creation to free:
 * its pages, their DMA addresses and its place in VRAM are set up before
 * the object is published through a handle and only torn down by the GEM
 * free callback, when the last reference is gone. Readers such as
 * gpsvm_bo_addr() and the fault handler therefore need no lock, only a
 * reference: the handle's, the VM's, or the one drm_gem_mmap() takes for
 * each VMA (dropped by drm_gem_vm_close()).
 *
 * &gpsvm_device.vram_lock, a mutex, protects &gpsvm_device.vram_mm and is
 * held only around drm_mm_insert_node_in_range() and drm_mm_remove_node().
 * Objects share the allocator with device memory's 2 MiB chunks of
 * process pages (see "gpsvm device memory"); an object that finds no room
 * moves process pages out of VRAM first, outside the lock. Clearing a new VRAM object
 * happens outside it: the node is already reserved, and nobody else can
 * see the object yet. It nests inside nothing of the driver's but
 * mmap_lock (a migration to VRAM takes a chunk under it) and is never
 * taken in the fault handler.
 *
 * CPU mappings insert the object's own struct pages (system memory pages,
 * or the vmalloc()ed pages behind the model's VRAM) with vmf_insert_page()
 * from the fault handler, in a VM_MIXEDMAP VMA, so they are ordinary,
 * refcounted, cacheable mappings. The GPU maps system memory coherent (it
 * snoops the CPU's caches) and volatile (its L2 keeps none of it), and the
 * model reads and writes VRAM where the CPU does, so no cache maintenance
 * is needed. The fault handler runs inside drm_dev_enter(): once
 * drm_dev_unplug() has zapped every mapping of the device, faults get
 * SIGBUS, and nothing touches the model's VRAM after it is gone.
 */

/* The largest GPU page a VRAM object of @size bytes can be mapped with. */
static u64 gpsvm_vram_align(u64 size)
{
	if (size >= SZ_2M)
		return SZ_2M;
	if (size >= SZ_64K)
		return SZ_64K;
	return SZ_4K;
}

/**
 * gpsvm_vram_insert() - take VRAM for an object or a chunk of process pages
 * @gdev: the GPU
 * @node: set to the range taken
 * @size: bytes, aligned to the largest GPU page that fits in them
 *
 * Context: process; takes &gpsvm_device.vram_lock.
 * Return: 0, or -ENOSPC when no hole is big enough.
 */
int gpsvm_vram_insert(struct gpsvm_device *gdev, struct drm_mm_node *node,
		      u64 size)
{
	int ret;

	mutex_lock(&gdev->vram_lock);
	ret = drm_mm_insert_node_in_range(&gdev->vram_mm, node, size,
					  gpsvm_vram_align(size), 0, 0,
					  gdev->vram_size, DRM_MM_INSERT_BEST);
	mutex_unlock(&gdev->vram_lock);
	return ret;
}

/**
 * gpsvm_vram_remove() - give back what gpsvm_vram_insert() took
 * @gdev: the GPU
 * @node: the range
 *
 * Context: process; takes &gpsvm_device.vram_lock.
 */
void gpsvm_vram_remove(struct gpsvm_device *gdev, struct drm_mm_node *node)
{
	mutex_lock(&gdev->vram_lock);
	drm_mm_remove_node(node);
	mutex_unlock(&gdev->vram_lock);
}

/* Clear [start, start + size) of VRAM through the CPU's view of it. */
static void gpsvm_vram_clear(struct gpsvm_device *gdev, u64 start, u64 size)
{
	u8 *p = (u8 *)gdev->bus.vram + start;

	while (size) {
		u64 n = min_t(u64, size, SZ_2M);

		memset(p, 0, n);
		p += n;
		size -= n;
		cond_resched();
	}
}

static int gpsvm_bo_alloc_vram(struct gpsvm_device *gdev,
			       struct gpsvm_bo *bo)
{
	/* Enough tries to evict every chunk of process pages once. */
	u64 tries = gdev->vram_size / SZ_2M + 1;
	int ret;

	for (;;) {
		ret = gpsvm_vram_insert(gdev, &bo->vram, bo->base.size);
		if (ret != -ENOSPC || !tries--)
			break;
		/* No hole is big enough: process pages make room. */
		ret = gpsvm_dmem_evict_lru(gdev);
		if (ret)
			break;
	}
	if (ret)
		return ret;

	gpsvm_vram_clear(gdev, bo->vram.start, bo->vram.size);
	return 0;
}

static void gpsvm_bo_free_vram(struct gpsvm_device *gdev,
			       struct gpsvm_bo *bo)
{
	if (!drm_mm_node_allocated(&bo->vram))
		return;
	gpsvm_vram_remove(gdev, &bo->vram);
}

/* Unmap and free the first @count pages of @bo, and its arrays. */
static void gpsvm_bo_free_pages(struct gpsvm_device *gdev,
				struct gpsvm_bo *bo, pgoff_t count)
{
	struct device *dev = gdev->drm.dev;
	pgoff_t i;

	for (i = 0; i < count; i++) {
		dma_unmap_page(dev, bo->dma[i], PAGE_SIZE, DMA_BIDIRECTIONAL);
		__free_page(bo->pages[i]);
	}
	kvfree(bo->dma);
	kvfree(bo->pages);
	bo->dma = NULL;
	bo->pages = NULL;
}

/*
 * The system memory all gpsvm buffer objects may hold, in percent of RAM
 * (TTM's limit too). Their pages are nobody's RSS: without a limit, a
 * user's buffers could take the memory the rest of the system needs and
 * leave the OOM killer no process to kill that would give it back.
 */
static unsigned int bo_limit_percent = 50;
module_param(bo_limit_percent, uint, 0644);
MODULE_PARM_DESC(bo_limit_percent,
		 "System memory all buffer objects may hold, in percent of RAM (default 50)");

/* Pages that system-memory buffer objects of every gpsvm device hold. */
static atomic_long_t gpsvm_bo_pages;

static int gpsvm_bo_reserve(pgoff_t count)
{
	unsigned long limit = totalram_pages() / 100 *
			      min(READ_ONCE(bo_limit_percent), 100U);

	if (atomic_long_add_return(count, &gpsvm_bo_pages) > limit) {
		atomic_long_sub(count, &gpsvm_bo_pages);
		return -ENOMEM;
	}
	return 0;
}

static void gpsvm_bo_unreserve(pgoff_t count)
{
	atomic_long_sub(count, &gpsvm_bo_pages);
}

static int gpsvm_bo_alloc_pages(struct gpsvm_device *gdev,
				struct gpsvm_bo *bo)
{
	/*
	 * No OOM killer for a user's request: a buffer too big for the
	 * memory left fails with -ENOMEM instead of killing someone else.
	 * The pages are the caller's memory cgroup's: its limits hold them.
	 */
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN |
			  __GFP_RETRY_MAYFAIL;
	struct device *dev = gdev->drm.dev;
	pgoff_t i, count = bo->base.size >> PAGE_SHIFT;
	int ret;

	ret = gpsvm_bo_reserve(count);
	if (ret)
		return ret;
	bo->pages = kvmalloc_array(count, sizeof(*bo->pages),
				   GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	bo->dma = kvmalloc_array(count, sizeof(*bo->dma),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!bo->pages || !bo->dma) {
		ret = -ENOMEM;
		i = 0;
		goto err;
	}

	for (i = 0; i < count; i++) {
		struct page *page;
		dma_addr_t dma;

		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto err;
		}
		page = alloc_page(gfp);
		if (!page) {
			ret = -ENOMEM;
			goto err;
		}
		dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, dma)) {
			__free_page(page);
			ret = -ENOMEM;
			goto err;
		}
		/*
		 * The GPU must see the very page the CPU maps: a bounce
		 * buffer (a DMA mask too small for the page) would give it
		 * a copy nobody syncs.
		 */
		if (dma_need_sync(dev, dma)) {
			dma_unmap_page(dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
			__free_page(page);
			drm_warn_once(&gdev->drm,
				      "system memory is bounced for DMA: is the DMA mask set?\n");
			ret = -EIO;
			goto err;
		}
		bo->pages[i] = page;
		bo->dma[i] = dma;
		cond_resched();
	}
	return 0;

err:
	gpsvm_bo_free_pages(gdev, bo, i);
	gpsvm_bo_unreserve(count);
	return ret;
}

static void gpsvm_gem_free(struct drm_gem_object *obj)
{
	struct gpsvm_device *gdev = to_gpsvm(obj->dev);
	struct gpsvm_bo *bo = to_gpsvm_bo(obj);

	if (bo->flags & DRM_GPSVM_GEM_VRAM) {
		gpsvm_bo_free_vram(gdev, bo);
	} else if (bo->pages) {
		gpsvm_bo_free_pages(gdev, bo, obj->size >> PAGE_SHIFT);
		gpsvm_bo_unreserve(obj->size >> PAGE_SHIFT);
	}
	drm_gem_object_release(obj);
	kfree(bo);
}

static vm_fault_t gpsvm_gem_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_object *obj = vma->vm_private_data;
	struct gpsvm_device *gdev = to_gpsvm(obj->dev);
	struct gpsvm_bo *bo = to_gpsvm_bo(obj);
	pgoff_t i = vmf->pgoff - drm_vma_node_start(&obj->vma_node);
	struct page *page;
	vm_fault_t ret;
	int idx;

	if (i >= obj->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	/* After unplug the model's VRAM may be gone: no new mappings. */
	if (!drm_dev_enter(obj->dev, &idx))
		return VM_FAULT_SIGBUS;

	if (bo->flags & DRM_GPSVM_GEM_VRAM)
		page = vmalloc_to_page((u8 *)gdev->bus.vram + bo->vram.start +
				       ((u64)i << PAGE_SHIFT));
	else
		page = bo->pages[i];
	ret = page ? vmf_insert_page(vma, vmf->address, page) :
		     VM_FAULT_SIGBUS;

	drm_dev_exit(idx);
	return ret;
}

static const struct vm_operations_struct gpsvm_gem_vm_ops = {
	.fault = gpsvm_gem_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

static int gpsvm_gem_mmap(struct drm_gem_object *obj,
			  struct vm_area_struct *vma)
{
	/* Private copies of GPU-shared memory make no sense: refuse them. */
	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;

	/*
	 * Plain struct pages, inserted at fault time: VM_MIXEDMAP lets
	 * vmf_insert_page() do so without changing vm_flags then, and keeps
	 * them normal, refcounted pages (not VM_IO or VM_PFNMAP). The
	 * default, cached vm_page_prot is right: the memory is coherent.
	 */
	vm_flags_set(vma, VM_MIXEDMAP | VM_DONTEXPAND | VM_DONTDUMP);
	return 0;
}

static const struct drm_gem_object_funcs gpsvm_gem_funcs = {
	.free = gpsvm_gem_free,
	.mmap = gpsvm_gem_mmap,
	.vm_ops = &gpsvm_gem_vm_ops,
};

/**
 * gpsvm_gem_init() - set up a GPU's VRAM allocator
 * @gdev: the device, with @gdev->vram_size known
 *
 * Context: process. Called from probe, after gpsvm_device_init().
 * Return: 0.
 */
int gpsvm_gem_init(struct gpsvm_device *gdev)
{
	mutex_init(&gdev->vram_lock);
	drm_mm_init(&gdev->vram_mm, 0, gdev->vram_size);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_gem_init);

/**
 * gpsvm_gem_fini() - tear down a GPU's VRAM allocator
 * @gdev: the device
 *
 * Buffer objects outlive drm_dev_unplug() in the files that hold them, so
 * this must run only once all of them are freed: from the DRM device's
 * release (a drmm action), not from remove.
 *
 * Context: process.
 */
void gpsvm_gem_fini(struct gpsvm_device *gdev)
{
	drm_mm_takedown(&gdev->vram_mm);
	mutex_destroy(&gdev->vram_lock);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_gem_fini);

/**
 * gpsvm_bo_create() - create a zeroed buffer object
 * @gdev: the device
 * @size: bytes, a non-zero multiple of 4 KiB: at most 1 TiB in system
 *	memory, at most the VRAM size in VRAM
 * @flags: DRM_GPSVM_GEM_*
 *
 * System memory objects are made of single pages, each DMA-mapped for the
 * GPU; VRAM objects are one range of VRAM, aligned to the largest GPU
 * page (2 MiB, 64 KiB or 4 KiB) not larger than @size. Either has a fake
 * mmap offset.
 *
 * Context: process; sleeps.
 * Return: the object, with one reference for the caller, or
 * ERR_PTR(-EINVAL) for a bad @size or @flags, ERR_PTR(-ENOSPC) when VRAM
 * has no room, ERR_PTR(-ENOMEM) (also when system-memory objects would
 * hold more than bo_limit_percent of RAM), ERR_PTR(-EINTR) when the caller was
 * killed while system memory was being allocated, or ERR_PTR(-EIO) when
 * the DMA API would bounce a page instead of letting the GPU reach it.
 */
struct gpsvm_bo *gpsvm_bo_create(struct gpsvm_device *gdev, u64 size,
				 u32 flags)
{
	bool vram = flags & DRM_GPSVM_GEM_VRAM;
	struct gpsvm_bo *bo;
	int ret;

	BUILD_BUG_ON(PAGE_SIZE != SZ_4K);
	if (flags & ~DRM_GPSVM_GEM_VRAM)
		return ERR_PTR(-EINVAL);
	if (!size || !IS_ALIGNED(size, SZ_4K) ||
	    size > (vram ? gdev->vram_size : SZ_1T))
		return ERR_PTR(-EINVAL);

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->flags = flags;
	bo->base.funcs = &gpsvm_gem_funcs;
	drm_gem_private_object_init(&gdev->drm, &bo->base, size);

	/* From here on, the free callback undoes whatever was done. */
	if (vram)
		ret = gpsvm_bo_alloc_vram(gdev, bo);
	else
		ret = gpsvm_bo_alloc_pages(gdev, bo);
	if (ret)
		goto err_put;
	ret = drm_gem_create_mmap_offset(&bo->base);
	if (ret)
		goto err_put;
	return bo;

err_put:
	drm_gem_object_put(&bo->base);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_bo_create);

/**
 * gpsvm_bo_addr() - where the GPU finds a byte of a buffer object
 * @bo: the object
 * @offset: byte offset in it, 4 KiB aligned and less than its size
 * @contig: if not NULL, set to how many bytes from @offset on are
 *	contiguous in the GPU's address space (VRAM offset or DMA address)
 *
 * For VRAM, that is the rest of the object. For system memory, it is the
 * run of pages whose DMA addresses follow each other, which may let a
 * mapping use 64 KiB or 2 MiB PTEs; finding it takes time linear in its
 * length.
 *
 * Context: any; the caller holds a reference to @bo.
 * Return: the VRAM offset (VRAM objects) or the DMA address (system
 * memory) of the byte, or 0 (and *@contig 0) for a bad @offset.
 */
u64 gpsvm_bo_addr(struct gpsvm_bo *bo, u64 offset, u64 *contig)
{
	pgoff_t i, j, count = bo->base.size >> PAGE_SHIFT;

	if (WARN_ON(offset >= bo->base.size || !IS_ALIGNED(offset, SZ_4K))) {
		if (contig)
			*contig = 0;
		return 0;
	}

	if (bo->flags & DRM_GPSVM_GEM_VRAM) {
		if (contig)
			*contig = bo->base.size - offset;
		return bo->vram.start + offset;
	}

	i = offset >> PAGE_SHIFT;
	if (contig) {
		for (j = i + 1; j < count; j++)
			if (bo->dma[j] != bo->dma[j - 1] + PAGE_SIZE)
				break;
		*contig = (u64)(j - i) << PAGE_SHIFT;
	}
	return bo->dma[i];
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_bo_addr);

/**
 * gpsvm_ioctl_gem_create() - DRM_IOCTL_GPSVM_GEM_CREATE
 * @drm: the device
 * @data: &struct drm_gpsvm_gem_create
 * @file: the file that gets the handle
 *
 * Context: process; sleeps.
 * Return: 0, -ENODEV once the device is gone, or an error of
 * gpsvm_bo_create() or drm_gem_handle_create().
 */
int gpsvm_ioctl_gem_create(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct drm_gpsvm_gem_create *args = data;
	struct gpsvm_bo *bo;
	u32 handle;
	int idx, ret;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	bo = gpsvm_bo_create(to_gpsvm(drm), args->size, args->flags);
	if (IS_ERR(bo)) {
		ret = PTR_ERR(bo);
		goto out;
	}
	ret = drm_gem_handle_create(file, &bo->base, &handle);
	/* The handle holds the object now, or nothing does. */
	drm_gem_object_put(&bo->base);
	if (!ret)
		args->handle = handle;
out:
	drm_dev_exit(idx);
	return ret;
}

/**
 * gpsvm_ioctl_gem_mmap_offset() - DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET
 * @drm: the device
 * @data: &struct drm_gpsvm_gem_mmap_offset
 * @file: the file holding the handle
 *
 * Context: process.
 * Return: 0, -EINVAL for a non-zero pad, -ENOENT for a bad handle, or
 * -ENODEV once the device is gone.
 */
int gpsvm_ioctl_gem_mmap_offset(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_gpsvm_gem_mmap_offset *args = data;
	struct drm_gem_object *obj;
	int idx, ret = 0;

	if (args->pad)
		return -EINVAL;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj) {
		ret = -ENOENT;
		goto out;
	}
	args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
out:
	drm_dev_exit(idx);
	return ret;
}
