// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm VM: a file's GPU VA space. drm_gpuvm keeps the mappings and splits
 * them on unmap; this file turns its map, remap and unmap steps into page
 * tables (gpsvm_vmm) with the largest pages each mapping allows.
 */

#include <linux/dma-resv.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_hal.h"

/**
 * DOC: gpsvm VM locking
 *
 * &gpsvm_vm.lock serialises VM_BIND on a VA space, and with it every
 * change of the drm_gpuvm tree and of the page tables it describes
 * (gpsvm_vmm takes its own lock inside). A mapping holds a reference on
 * its buffer object through its &drm_gpuvm_bo; linking and unlinking a
 * mapping to the object take the object's dma-resv lock, as drm_gpuvm
 * requires.
 *
 * A mapping is only unlinked, which may free the object's pages, after
 * its PTEs are cleared and the TLB flush that covers them has completed:
 * the steps queue such mappings on a &struct gpsvm_vm_bind and
 * gpsvm_vm_bind_finish() unlinks them after gpsvm_vmm_flush().
 */

/* The state of one VM_BIND while drm_gpuvm calls the steps. */
struct gpsvm_vm_bind {
	struct gpsvm_vm *vm;
	struct gpsvm_vmm_batch batch;
	struct list_head dead;		/* &gpsvm_vma unlinked after the flush */
	u32 map_flags;			/* GPSVM_MAP_* of the MAP step */
};

/**
 * struct gpsvm_vma - one mapping of a buffer object
 * @base: the drm_gpuva
 * @map_flags: its GPSVM_MAP_* flags, but the aperture
 * @dead: on &gpsvm_vm_bind.dead once removed from the tree
 */
struct gpsvm_vma {
	struct drm_gpuva base;
	u32 map_flags;
	struct list_head dead;
};

static struct gpsvm_vma *to_gpsvm_vma(struct drm_gpuva *va)
{
	return container_of(va, struct gpsvm_vma, base);
}

static struct gpsvm_vm *to_gpsvm_vm(struct drm_gpuvm *gpuvm)
{
	return container_of(gpuvm, struct gpsvm_vm, base);
}

/* Write the PTEs of a mapping, with the largest page each part allows. */
static int gpsvm_vma_map_ptes(struct gpsvm_vm_bind *b, struct gpsvm_vma *vma)
{
	const struct gpsvm_vmm_hal *hal = b->vm->vmm.hal;
	const unsigned int shifts[] = {
		hal->huge_shift, hal->big_shift, hal->small_shift,
	};
	struct gpsvm_bo *bo = to_gpsvm_bo(vma->base.gem.obj);
	u64 va = vma->base.va.addr, end = va + vma->base.va.range;
	u64 offset = vma->base.gem.offset;
	u32 flags = vma->map_flags;
	int i, ret;

	if (bo->flags & DRM_GPSVM_GEM_VRAM)
		flags |= GPSVM_MAP_VRAM;
	while (va < end) {
		u64 contig, addr = gpsvm_bo_addr(bo, offset, &contig);
		u64 len = min(contig, end - va), page = 0;

		for (i = 0; i < ARRAY_SIZE(shifts); i++) {
			page = BIT_ULL(shifts[i]);
			if (IS_ALIGNED(va | addr, page) && len >= page)
				break;
		}
		/* Smaller pages only up to where a larger one may fit. */
		if (i)
			len = min(len, round_up(va + 1, BIT_ULL(shifts[i - 1])) - va);
		len = round_down(len, page);
		ret = gpsvm_vmm_map(&b->vm->vmm, va, len, shifts[i], addr, flags,
				    &b->batch);
		if (ret)
			return ret;
		/* shifts[] is huge first; the counters are small first. */
		atomic64_add(len >> shifts[i],
			     &b->vm->gdev->ptes_mapped[ARRAY_SIZE(shifts) - 1 - i]);
		va += len;
		offset += len;
	}
	return 0;
}

static struct gpsvm_vma *gpsvm_vma_new(u32 map_flags)
{
	struct gpsvm_vma *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (vma) {
		vma->map_flags = map_flags;
		INIT_LIST_HEAD(&vma->dead);
	}
	return vma;
}

static void gpsvm_vma_link(struct gpsvm_vma *vma, struct drm_gpuvm_bo *vm_bo)
{
	struct drm_gem_object *obj = vma->base.gem.obj;

	dma_resv_lock(obj->resv, NULL);
	drm_gpuva_link(&vma->base, vm_bo);
	dma_resv_unlock(obj->resv);
}

static int gpsvm_vm_step_map(struct drm_gpuva_op *op, void *priv)
{
	struct gpsvm_vm_bind *b = priv;
	struct drm_gem_object *obj = op->map.gem.obj;
	struct drm_gpuvm_bo *vm_bo;
	struct gpsvm_vma *vma;
	int ret;

	vma = gpsvm_vma_new(b->map_flags);
	if (!vma)
		return -ENOMEM;
	dma_resv_lock(obj->resv, NULL);
	vm_bo = drm_gpuvm_bo_obtain(&b->vm->base, obj);
	dma_resv_unlock(obj->resv);
	if (IS_ERR(vm_bo)) {
		kfree(vma);
		return PTR_ERR(vm_bo);
	}
	drm_gpuva_map(&b->vm->base, &vma->base, &op->map);
	gpsvm_vma_link(vma, vm_bo);
	drm_gpuvm_bo_put(vm_bo);
	ret = gpsvm_vma_map_ptes(b, vma);
	if (ret) {
		/* Leave no half mapping: take it out again. */
		gpsvm_vmm_unmap(&b->vm->vmm, vma->base.va.addr,
				vma->base.va.range, &b->batch);
		drm_gpuva_remove(&vma->base);
		list_add_tail(&vma->dead, &b->dead);
	}
	return ret;
}

static int gpsvm_vm_step_remap(struct drm_gpuva_op *op, void *priv)
{
	struct drm_gpuva *old = op->remap.unmap->va;
	struct gpsvm_vma *vma = to_gpsvm_vma(old), *prev = NULL, *next = NULL;
	struct gpsvm_vm_bind *b = priv;
	int ret = 0;

	if (op->remap.prev) {
		prev = gpsvm_vma_new(vma->map_flags);
		if (!prev)
			return -ENOMEM;
	}
	if (op->remap.next) {
		next = gpsvm_vma_new(vma->map_flags);
		if (!next) {
			kfree(prev);
			return -ENOMEM;
		}
	}

	/*
	 * Big and huge PTEs may straddle the cut: clear the whole old
	 * mapping and write the pieces that stay again. The GP100 TLB must
	 * drop a large page before smaller PTEs of the same VAs are valid,
	 * so flush in between.
	 */
	gpsvm_vmm_unmap(&b->vm->vmm, old->va.addr, old->va.range, &b->batch);
	if (prev || next) {
		ret = gpsvm_vmm_flush(b->vm->gdev, &b->vm->vmm, &b->batch);
		if (ret) {
			kfree(prev);
			kfree(next);
			return ret;
		}
	}
	drm_gpuva_remap(prev ? &prev->base : NULL, next ? &next->base : NULL,
			&op->remap);
	if (prev)
		gpsvm_vma_link(prev, old->vm_bo);
	if (next)
		gpsvm_vma_link(next, old->vm_bo);
	list_add_tail(&vma->dead, &b->dead);
	if (prev)
		ret = gpsvm_vma_map_ptes(b, prev);
	if (next && !ret)
		ret = gpsvm_vma_map_ptes(b, next);
	return ret;
}

static int gpsvm_vm_step_unmap(struct drm_gpuva_op *op, void *priv)
{
	struct drm_gpuva *va = op->unmap.va;
	struct gpsvm_vm_bind *b = priv;

	gpsvm_vmm_unmap(&b->vm->vmm, va->va.addr, va->va.range, &b->batch);
	drm_gpuva_unmap(&op->unmap);
	list_add_tail(&to_gpsvm_vma(va)->dead, &b->dead);
	return 0;
}

static void gpsvm_vm_free(struct drm_gpuvm *gpuvm)
{
	struct gpsvm_vm *vm = to_gpsvm_vm(gpuvm);

	gpsvm_vmm_fini(&vm->vmm);
	mutex_destroy(&vm->lock);
	kfree(vm);
}

static const struct drm_gpuvm_ops gpsvm_vm_ops = {
	.vm_free = gpsvm_vm_free,
	.sm_step_map = gpsvm_vm_step_map,
	.sm_step_remap = gpsvm_vm_step_remap,
	.sm_step_unmap = gpsvm_vm_step_unmap,
};

static void gpsvm_vm_bind_start(struct gpsvm_vm_bind *b, struct gpsvm_vm *vm)
{
	b->vm = vm;
	b->map_flags = 0;
	gpsvm_vmm_batch_init(&b->batch);
	INIT_LIST_HEAD(&b->dead);
}

/* Flush the TLBs, then let go of what the removed mappings held. */
static int gpsvm_vm_bind_finish(struct gpsvm_vm_bind *b)
{
	struct gpsvm_vma *vma, *tmp;
	int ret;

	ret = gpsvm_vmm_flush(b->vm->gdev, &b->vm->vmm, &b->batch);
	list_for_each_entry_safe(vma, tmp, &b->dead, dead) {
		struct drm_gem_object *obj = vma->base.gem.obj;

		list_del(&vma->dead);
		if (!ret && vma->base.vm_bo) {
			/* The unlink may drop the object's last reference. */
			drm_gem_object_get(obj);
			dma_resv_lock(obj->resv, NULL);
			drm_gpuva_unlink(&vma->base);
			dma_resv_unlock(obj->resv);
			drm_gem_object_put(obj);
		}
		/* On a failed flush the GPU may still use it: leak it. */
		if (!ret)
			kfree(vma);
	}
	return ret;
}

/**
 * gpsvm_vm_create() - create an empty GPU VA space
 * @gdev: the GPU
 *
 * Context: process; sleeps.
 * Return: the VA space, with one reference, or an ERR_PTR().
 */
struct gpsvm_vm *gpsvm_vm_create(struct gpsvm_device *gdev)
{
	struct drm_gem_object *resv;
	struct gpsvm_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->gdev = gdev;
	mutex_init(&vm->lock);
	ret = gpsvm_vmm_init(&vm->vmm, gdev->drm.dev, gdev->hal->vmm,
			     DRM_GPSVM_VA_END);
	if (ret)
		goto err_free;
	vm->vmm.gdev = gdev;
	resv = drm_gpuvm_resv_object_alloc(&gdev->drm);
	if (!resv) {
		ret = -ENOMEM;
		goto err_vmm;
	}
	drm_gpuvm_init(&vm->base, "gpsvm", 0, &gdev->drm, resv,
		       DRM_GPSVM_VA_START, DRM_GPSVM_VA_END - DRM_GPSVM_VA_START,
		       0, 0, &gpsvm_vm_ops);
	/* drm_gpuvm holds its own reference. */
	drm_gem_object_put(resv);
	return vm;

err_vmm:
	gpsvm_vmm_fini(&vm->vmm);
err_free:
	mutex_destroy(&vm->lock);
	kfree(vm);
	return ERR_PTR(ret);
}

/**
 * gpsvm_vm_close() - remove every mapping of a VA space
 * @vm: the VA space; its file is closing and its channels are gone
 *
 * Context: process; takes &gpsvm_vm.lock.
 */
void gpsvm_vm_close(struct gpsvm_vm *vm)
{
	struct gpsvm_vm_bind b;

	mutex_lock(&vm->lock);
	gpsvm_vm_bind_start(&b, vm);
	drm_gpuvm_sm_unmap(&vm->base, &b, DRM_GPSVM_VA_START,
			   DRM_GPSVM_VA_END - DRM_GPSVM_VA_START);
	gpsvm_vm_bind_finish(&b);
	mutex_unlock(&vm->lock);
}

/**
 * gpsvm_vm_put() - drop a reference to a VA space
 * @vm: the VA space; the last reference frees it, after gpsvm_vm_close()
 */
void gpsvm_vm_put(struct gpsvm_vm *vm)
{
	drm_gpuvm_put(&vm->base);
}

/* Everything about one operation that can be checked before applying any. */
static int gpsvm_vm_bind_check(struct gpsvm_vm *vm, struct drm_file *file,
			       const struct drm_gpsvm_vm_bind_op *op,
			       struct drm_gem_object **obj)
{
	u64 end;

	*obj = NULL;
	if (op->pad || !op->range || !IS_ALIGNED(op->addr | op->range, SZ_4K) ||
	    check_add_overflow(op->addr, op->range, &end) ||
	    op->addr < DRM_GPSVM_VA_START || end > DRM_GPSVM_VA_END)
		return -EINVAL;

	/* With SVM, the rest of the VA space is the process's. */
	if (vm->svmm && (op->addr < vm->svm_window_start ||
			 end > vm->svm_window_end))
		return -EINVAL;

	switch (op->op) {
	case DRM_GPSVM_VM_BIND_OP_UNMAP:
		return op->flags || op->handle || op->bo_offset ? -EINVAL : 0;
	case DRM_GPSVM_VM_BIND_OP_MAP:
		break;
	default:
		return -EINVAL;
	}
	if (op->flags & ~(DRM_GPSVM_VM_BIND_READ_ONLY |
			  DRM_GPSVM_VM_BIND_NO_ATOMIC) ||
	    !IS_ALIGNED(op->bo_offset, SZ_4K))
		return -EINVAL;
	*obj = drm_gem_object_lookup(file, op->handle);
	if (!*obj)
		return -ENOENT;
	if (op->bo_offset >= (*obj)->size ||
	    op->range > (*obj)->size - op->bo_offset ||
	    !drm_gpuvm_interval_empty(&vm->base, op->addr, op->range)) {
		drm_gem_object_put(*obj);
		*obj = NULL;
		return -EINVAL;
	}
	return 0;
}

static bool gpsvm_vm_bind_overlap(const struct drm_gpsvm_vm_bind_op *a,
				  const struct drm_gpsvm_vm_bind_op *b)
{
	return a->addr < b->addr + b->range && b->addr < a->addr + a->range;
}

#define GPSVM_VM_BIND_MAX_OPS	256

/**
 * gpsvm_ioctl_vm_bind() - DRM_IOCTL_GPSVM_VM_BIND
 * @drm: the device
 * @data: &struct drm_gpsvm_vm_bind
 * @file: the file whose VA space changes
 *
 * Checks every operation before applying any. A MAP must land on free
 * VA space, before the call and not overlapping another MAP of the call.
 *
 * Context: process; takes &gpsvm_vm.lock.
 * Return: 0, -ENODEV once the GPU is gone, or another negative errno (see
 * the uapi).
 */
int gpsvm_ioctl_vm_bind(struct drm_device *drm, void *data,
			struct drm_file *file)
{
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpsvm_vm_bind *args = data;
	struct drm_gpsvm_vm_bind_op *ops;
	struct drm_gem_object **objs;
	struct gpsvm_vm *vm = gfile->vm;
	struct gpsvm_vm_bind b;
	u32 i, j;
	int idx, ret, ret2;

	if (args->flags || !args->num_ops ||
	    args->num_ops > GPSVM_VM_BIND_MAX_OPS)
		return -EINVAL;
	ops = memdup_array_user(u64_to_user_ptr(args->ops), args->num_ops,
				sizeof(*ops));
	if (IS_ERR(ops))
		return PTR_ERR(ops);
	objs = kcalloc(args->num_ops, sizeof(*objs), GFP_KERNEL);
	if (!objs) {
		kfree(ops);
		return -ENOMEM;
	}
	/* After the copy: a user copy that blocks must not hold removal up. */
	if (!drm_dev_enter(drm, &idx)) {
		ret = -ENODEV;
		goto out_free;
	}

	mutex_lock(&vm->lock);
	for (i = 0, ret = 0; i < args->num_ops && !ret; i++) {
		ret = gpsvm_vm_bind_check(vm, file, &ops[i], &objs[i]);
		for (j = 0; j < i && !ret; j++)
			if (ops[i].op == DRM_GPSVM_VM_BIND_OP_MAP &&
			    ops[j].op == DRM_GPSVM_VM_BIND_OP_MAP &&
			    gpsvm_vm_bind_overlap(&ops[i], &ops[j]))
				ret = -EINVAL;
	}
	if (ret)
		goto out;

	gpsvm_vm_bind_start(&b, vm);
	for (i = 0; i < args->num_ops && !ret; i++) {
		if (ops[i].op == DRM_GPSVM_VM_BIND_OP_UNMAP) {
			ret = drm_gpuvm_sm_unmap(&vm->base, &b, ops[i].addr,
						 ops[i].range);
			continue;
		}
		b.map_flags = 0;
		if (ops[i].flags & DRM_GPSVM_VM_BIND_READ_ONLY)
			b.map_flags |= GPSVM_MAP_READ_ONLY;
		if (ops[i].flags & DRM_GPSVM_VM_BIND_NO_ATOMIC)
			b.map_flags |= GPSVM_MAP_NO_ATOMIC;
		ret = drm_gpuvm_sm_map(&vm->base, &b, ops[i].addr, ops[i].range,
				       objs[i], ops[i].bo_offset);
	}
	ret2 = gpsvm_vm_bind_finish(&b);
	ret = ret ?: ret2;
out:
	mutex_unlock(&vm->lock);
	drm_dev_exit(idx);
	for (i = 0; i < args->num_ops; i++)
		if (objs[i])
			drm_gem_object_put(objs[i]);
out_free:
	kfree(objs);
	kfree(ops);
	return ret;
}
