// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of a GPU removed under open files. The test puts a model
 * GPU of its own on the platform bus, the driver binds it, and the test
 * opens its render node, sets up a buffer, a mapping, a channel running a
 * job and an SVM file, then unbinds the driver as a surprise removal
 * does. Its bus accessors record what the driver does to the GPU during
 * and after removal.
 *
 * The ioctl handlers are called straight from the driver's table, with
 * the file's drm_file: that is an ioctl that passed drm_ioctl()'s check
 * of the device before the removal and runs on after it, the race that
 * the handlers' own drm_dev_enter() must close.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/platform_device.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>

#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_model.h"

/* The model's own GPUs are 0 to 7; the other suites use 9 and 10. */
#define GPU_INDEX	11
#define BO_SIZE		SZ_64K
#define CODE_VA		0x1000000ull
#define SVM_WINDOW	0x100000000ull
/* isa.md 8.1: an unguarded "bra +0", a job that runs until stopped. */
#define BRA_SELF	0x0000000001000703ull

struct gpsvm_unplug_test {
	struct gpsvm_model *gpu;
	struct platform_device *pdev;
	struct gpsvm_device *gdev;
	struct file *file;	/* a BO mapped, a channel running a job */
	struct file *svm_file;	/* after SVM_INIT */
	struct file *new_file;	/* nothing yet */
	u32 bo;
	u32 channel;
	unsigned long user;	/* a page of the test's own mm */
	bool removed;
	atomic_t late_accesses;
	atomic_t resets_plugged;
	atomic_t resets_unplugged;
};

static void note_access(struct gpsvm_unplug_test *t)
{
	if (READ_ONCE(t->removed))
		atomic_inc(&t->late_accesses);
}

static u32 unplug_rd32(void *ctx, u32 reg)
{
	struct gpsvm_unplug_test *t = ctx;

	note_access(t);
	return gpsvm_model_rd32(t->gpu, reg);
}

static bool is_chan_reset(u32 reg, u32 val)
{
	return reg >= GPSVM_CHAN(0, 0) &&
	       reg < GPSVM_CHAN(GPSVM_CHAN_COUNT, 0) &&
	       (reg - GPSVM_CHAN_BASE) % GPSVM_CHAN_STRIDE == GPSVM_CHAN_CTRL &&
	       val & GPSVM_CHAN_CTRL_RESET;
}

static void unplug_wr32(void *ctx, u32 reg, u32 val)
{
	struct gpsvm_unplug_test *t = ctx;
	struct gpsvm_device *gdev = READ_ONCE(t->gdev);

	note_access(t);
	if (gdev && is_chan_reset(reg, val))
		atomic_inc(drm_dev_is_unplugged(&gdev->drm) ?
			   &t->resets_unplugged : &t->resets_plugged);
	gpsvm_model_wr32(t->gpu, reg, val);
}

static void destroy_gpu(void *gpu)
{
	gpsvm_model_destroy(gpu);
}

static void remove_gpu(struct gpsvm_unplug_test *t)
{
	platform_device_unregister(t->pdev);
	t->pdev = NULL;
	WRITE_ONCE(t->removed, true);
}

static void unregister_pdev(void *data)
{
	struct gpsvm_unplug_test *t = data;

	if (t->pdev)
		remove_gpu(t);
}

static void put_drm(void *drm)
{
	drm_dev_put(drm);
}

static void close_file(struct file **file)
{
	if (*file)
		__fput_sync(*file);
	*file = NULL;
}

static void close_files(void *data)
{
	struct gpsvm_unplug_test *t = data;

	close_file(&t->new_file);
	close_file(&t->svm_file);
	close_file(&t->file);
}

static int call_ioctl(struct gpsvm_unplug_test *t, struct file *file,
		      unsigned int nr, void *data)
{
	return t->gdev->drm.driver->ioctls[nr].func(&t->gdev->drm, data,
						     file->private_data);
}

static struct file *open_render(struct gpsvm_unplug_test *t)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/dri/renderD%d",
		 t->gdev->drm.render->index);
	return filp_open(path, O_RDWR, 0);
}

static int gpsvm_unplug_test_init(struct kunit *test)
{
	struct gpsvm_unplug_test *t;
	struct gpsvm_hw_bus bus;
	struct resource irq;
	struct platform_device_info info = {
		.name = GPSVM_HW_DEVICE_NAME,
		.id = GPU_INDEX,
		.res = &irq,
		.num_res = 1,
		.data = &bus,
		.size_data = sizeof(bus),
	};

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->gpu = gpsvm_model_create(GPU_INDEX, SZ_16M, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->gpu));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, destroy_gpu,
							t->gpu), 0);

	bus = (struct gpsvm_hw_bus){
		.ctx = t, .rd32 = unplug_rd32, .wr32 = unplug_wr32,
		.vram = t->gpu->bus.vram,
	};
	irq = (struct resource)DEFINE_RES_IRQ_NAMED(t->gpu->irq, "gpsvm");
	t->pdev = platform_device_register_full(&info);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->pdev));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, unregister_pdev,
							t), 0);
	if (!t->pdev->dev.driver)
		kunit_skip(test, "gpsvm.ko did not bind the GPU");

	/* Open files keep the DRM device, not the GPU. */
	t->gdev = platform_get_drvdata(t->pdev);
	drm_dev_get(&t->gdev->drm);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_drm,
							&t->gdev->drm), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action(test, close_files, t), 0);
	t->file = open_render(t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->file));
	t->svm_file = open_render(t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->svm_file));
	t->new_file = open_render(t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->new_file));
	return 0;
}

/* A BO with a program that never ends, mapped; a channel running it. */
static void setup_state(struct kunit *test, struct gpsvm_unplug_test *t)
{
	struct drm_gpsvm_gem_create create = { .size = BO_SIZE };
	struct drm_gpsvm_vm_bind_op op = {
		.op = DRM_GPSVM_VM_BIND_OP_MAP, .addr = CODE_VA,
		.range = BO_SIZE,
	};
	struct drm_gpsvm_vm_bind bind = { .num_ops = 1 };
	struct drm_gpsvm_channel_create chan = {};
	struct drm_gpsvm_exec exec = {
		.code_va = CODE_VA, .code_words = 1, .args_va = CODE_VA,
		.grid = { 1, 1, 1 }, .block = { 1, 1, 1 },
	};
	struct drm_gpsvm_svm_init svm = {
		.unmanaged_addr = SVM_WINDOW, .unmanaged_size = SZ_1G,
	};
	struct drm_gem_object *obj;

	/* VM_BIND reads its operations from user memory. */
	t->user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE,
				PROT_READ | PROT_WRITE,
				MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, t->user, 0);

	KUNIT_ASSERT_EQ(test,
			call_ioctl(t, t->file, DRM_GPSVM_GEM_CREATE, &create),
			0);
	t->bo = create.handle;
	obj = drm_gem_object_lookup(t->file->private_data, t->bo);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	*(u64 *)page_address(to_gpsvm_bo(obj)->pages[0]) = BRA_SELF;
	drm_gem_object_put(obj);

	op.handle = t->bo;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)t->user, &op,
					   sizeof(op)), 0);
	bind.ops = t->user;
	KUNIT_ASSERT_EQ(test, call_ioctl(t, t->file, DRM_GPSVM_VM_BIND, &bind), 0);
	KUNIT_ASSERT_EQ(test,
			call_ioctl(t, t->file, DRM_GPSVM_CHANNEL_CREATE, &chan),
			0);
	t->channel = chan.handle;
	exec.channel = t->channel;
	KUNIT_ASSERT_EQ(test, call_ioctl(t, t->file, DRM_GPSVM_EXEC, &exec), 0);
	KUNIT_ASSERT_EQ(test,
			call_ioctl(t, t->svm_file, DRM_GPSVM_SVM_INIT, &svm),
			0);
	/* Let drm_sched hand the job to the GPU. */
	msleep(100);
}

/* Removal stops the GPU before it unplugs, and touches it no more after. */
static void gpsvm_unplug_test_stop_first(struct kunit *test)
{
	struct gpsvm_unplug_test *t = test->priv;

	setup_state(test, t);
	remove_gpu(t);
	/* The channel running the job at least. */
	KUNIT_EXPECT_GE(test, atomic_read(&t->resets_plugged), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->resets_unplugged), 0);

	/* Closing the files after removal leaves the GPU alone. */
	close_files(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->late_accesses), 0);
}

/* Every ioctl in flight over the removal fails with -ENODEV. */
static void gpsvm_unplug_test_ioctls(struct kunit *test)
{
	struct gpsvm_unplug_test *t = test->priv;
	struct drm_gpsvm_getparam param = {
		.param = DRM_GPSVM_PARAM_CHIP_ID,
	};
	struct drm_gpsvm_gem_create create = { .size = BO_SIZE };
	struct drm_gpsvm_gem_mmap_offset offset = {};
	struct drm_gpsvm_vm_bind_op op = {
		.op = DRM_GPSVM_VM_BIND_OP_UNMAP, .addr = CODE_VA,
		.range = BO_SIZE,
	};
	struct drm_gpsvm_vm_bind bind = { .num_ops = 1 };
	struct drm_gpsvm_channel_create chan = {};
	struct drm_gpsvm_channel_info info = {};
	struct drm_gpsvm_exec exec = {
		.code_va = CODE_VA, .code_words = 1, .args_va = CODE_VA,
		.grid = { 1, 1, 1 }, .block = { 1, 1, 1 },
	};
	struct drm_gpsvm_channel_destroy destroy = {};
	struct drm_gpsvm_svm_init svm_init = {
		.unmanaged_addr = SVM_WINDOW, .unmanaged_size = SZ_1G,
	};
	struct drm_gpsvm_svm_bind svm_bind = { .size = PAGE_SIZE };
	const struct {
		struct file **file;
		unsigned int nr;
		void *args;
	} calls[] = {
		{ &t->file, DRM_GPSVM_GETPARAM, &param },
		{ &t->file, DRM_GPSVM_GEM_CREATE, &create },
		{ &t->file, DRM_GPSVM_GEM_MMAP_OFFSET, &offset },
		{ &t->file, DRM_GPSVM_VM_BIND, &bind },
		{ &t->file, DRM_GPSVM_CHANNEL_CREATE, &chan },
		{ &t->file, DRM_GPSVM_CHANNEL_INFO, &info },
		{ &t->file, DRM_GPSVM_EXEC, &exec },
		{ &t->file, DRM_GPSVM_CHANNEL_DESTROY, &destroy },
		{ &t->new_file, DRM_GPSVM_SVM_INIT, &svm_init },
		{ &t->svm_file, DRM_GPSVM_SVM_BIND, &svm_bind },
	};
	unsigned int i;

	/* Every ioctl of the uapi. */
	BUILD_BUG_ON(ARRAY_SIZE(calls) != DRM_GPSVM_SVM_BIND + 1);
	setup_state(test, t);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)t->user, &op,
					   sizeof(op)), 0);
	bind.ops = t->user;
	offset.handle = t->bo;
	info.handle = t->channel;
	exec.channel = t->channel;
	destroy.handle = t->channel;
	svm_bind.addr = t->user;

	remove_gpu(t);
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		KUNIT_EXPECT_EQ_MSG(test, call_ioctl(t, *calls[i].file,
						     calls[i].nr, calls[i].args),
				    -ENODEV, "ioctl 0x%02x", calls[i].nr);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->late_accesses), 0);

	close_files(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->late_accesses), 0);
}

static struct kunit_case gpsvm_unplug_cases[] = {
	KUNIT_CASE(gpsvm_unplug_test_stop_first),
	KUNIT_CASE(gpsvm_unplug_test_ioctls),
	{}
};

static struct kunit_suite gpsvm_unplug_suite = {
	.name = "gpsvm_unplug",
	.init = gpsvm_unplug_test_init,
	.test_cases = gpsvm_unplug_cases,
};

kunit_test_suites(&gpsvm_unplug_suite);
