// SPDX-License-Identifier: MIT
/*
 * gpsvm_vm: VM_BIND maps and unmaps buffer objects in a file's GPU VA
 * space; every malformed request is refused with its errno and changes
 * nothing.
 */

#include "igt.h"

#include <fcntl.h>

#include "gpsvm.h"

IGT_TEST_DESCRIPTION("gpsvm VM_BIND: mapping buffer objects at GPU VAs, and its argument checks.");

#define VA	0x40000000ull

static uint32_t bo_create(int fd, uint64_t size, uint32_t flags)
{
	struct drm_gpsvm_gem_create gc = { .size = size, .flags = flags };

	do_ioctl(fd, DRM_IOCTL_GPSVM_GEM_CREATE, &gc);
	return gc.handle;
}

static int bind(int fd, const struct drm_gpsvm_vm_bind_op *ops, uint32_t n)
{
	struct drm_gpsvm_vm_bind vb = {
		.num_ops = n, .ops = to_user_pointer(ops),
	};

	return igt_ioctl(fd, DRM_IOCTL_GPSVM_VM_BIND, &vb) ? -errno : 0;
}

static struct drm_gpsvm_vm_bind_op map_op(uint32_t handle, uint64_t offset,
					  uint64_t addr, uint64_t range)
{
	return (struct drm_gpsvm_vm_bind_op){
		.op = DRM_GPSVM_VM_BIND_OP_MAP, .handle = handle,
		.bo_offset = offset, .addr = addr, .range = range,
	};
}

static struct drm_gpsvm_vm_bind_op unmap_op(uint64_t addr, uint64_t range)
{
	return (struct drm_gpsvm_vm_bind_op){
		.op = DRM_GPSVM_VM_BIND_OP_UNMAP, .addr = addr, .range = range,
	};
}

/* Is [addr, addr + range) free? Mapping and unmapping it tells. */
static bool va_free(int fd, uint32_t handle, uint64_t addr, uint64_t range)
{
	struct drm_gpsvm_vm_bind_op op = map_op(handle, 0, addr, range);

	if (bind(fd, &op, 1))
		return false;
	op = unmap_op(addr, range);
	igt_assert_eq(bind(fd, &op, 1), 0);
	return true;
}

igt_main
{
	uint32_t bo = 0, vram = 0;
	int fd = -1;

	igt_fixture {
		fd = gpsvm_open(0);
		igt_require_f(fd >= 0, "no gpsvm device\n");
		bo = bo_create(fd, 4 << 20, 0);
		vram = bo_create(fd, 4 << 20, DRM_GPSVM_GEM_VRAM);
	}

	igt_describe("Map and unmap system and VRAM objects at 4 KiB, 64 KiB and 2 MiB alignments.");
	igt_subtest("map-unmap") {
		static const uint64_t sizes[] = { 4096, 64 << 10, 2 << 20 };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct drm_gpsvm_vm_bind_op ops[2] = {
				map_op(bo, 0, VA, sizes[i]),
				map_op(vram, sizes[i], VA + (8 << 20), sizes[i]),
			};

			igt_assert_eq(bind(fd, ops, 2), 0);
			/* Mapped now: the same range cannot be mapped again. */
			igt_assert(!va_free(fd, bo, VA, 4096));
			igt_assert(!va_free(fd, bo, VA + (8 << 20), 4096));
			ops[0] = unmap_op(VA, sizes[i]);
			ops[1] = unmap_op(VA + (8 << 20), sizes[i]);
			igt_assert_eq(bind(fd, ops, 2), 0);
			igt_assert(va_free(fd, bo, VA, sizes[i]));
		}
	}

	igt_describe("Unmapping the middle of a mapping keeps both ends mapped.");
	igt_subtest("partial-unmap") {
		struct drm_gpsvm_vm_bind_op op = map_op(bo, 0, VA, 4 << 20);

		igt_assert_eq(bind(fd, &op, 1), 0);
		op = unmap_op(VA + (1 << 20), 64 << 10);
		igt_assert_eq(bind(fd, &op, 1), 0);
		igt_assert(va_free(fd, bo, VA + (1 << 20), 64 << 10));
		igt_assert(!va_free(fd, bo, VA + (1 << 20) - 4096, 4096));
		igt_assert(!va_free(fd, bo, VA + (1 << 20) + (64 << 10), 4096));
		op = unmap_op(VA, 4 << 20);
		igt_assert_eq(bind(fd, &op, 1), 0);
		igt_assert(va_free(fd, bo, VA, 4 << 20));
	}

	igt_describe("Every malformed operation gets EINVAL, ENOENT or EFAULT, and maps nothing.");
	igt_subtest("bad-args") {
		const struct {
			struct drm_gpsvm_vm_bind_op op;
			int err;
		} bad[] = {
			{ map_op(bo, 0, VA + 8, 4096), -EINVAL },
			{ map_op(bo, 0, VA, 4095), -EINVAL },
			{ map_op(bo, 0, VA, 0), -EINVAL },
			{ map_op(bo, 8, VA, 4096), -EINVAL },
			{ map_op(bo, 4 << 20, VA, 4096), -EINVAL },
			{ map_op(bo, 0, VA, 8 << 20), -EINVAL },
			{ map_op(bo, 0, 0, 4096), -EINVAL },
			{ map_op(bo, 0, DRM_GPSVM_VA_END - 4096, 8192), -EINVAL },
			{ map_op(bo, 0, -4096ull, 4096), -EINVAL },
			{ map_op(0x7fffffff, 0, VA, 4096), -ENOENT },
			{ { .op = 3, .handle = bo, .addr = VA, .range = 4096 },
			  -EINVAL },
			{ { .op = DRM_GPSVM_VM_BIND_OP_MAP, .flags = 1 << 7,
			    .handle = bo, .addr = VA, .range = 4096 }, -EINVAL },
			{ { .op = DRM_GPSVM_VM_BIND_OP_MAP, .pad = 1,
			    .handle = bo, .addr = VA, .range = 4096 }, -EINVAL },
			{ { .op = DRM_GPSVM_VM_BIND_OP_UNMAP, .handle = bo,
			    .addr = VA, .range = 4096 }, -EINVAL },
		};
		struct drm_gpsvm_vm_bind_op two[2] = {
			map_op(bo, 0, VA, 8192), map_op(bo, 0, VA + 4096, 4096),
		};
		struct drm_gpsvm_vm_bind vb = { .num_ops = 1 };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			igt_debug("case %u\n", i);
			igt_assert_eq(bind(fd, &bad[i].op, 1), bad[i].err);
		}
		/* Overlapping MAPs in one call: neither is applied. */
		igt_assert_eq(bind(fd, two, 2), -EINVAL);
		/* A bad second op leaves the good first one unapplied. */
		two[1] = map_op(0x7fffffff, 0, VA + (1 << 20), 4096);
		igt_assert_eq(bind(fd, two, 2), -ENOENT);
		igt_assert(va_free(fd, bo, VA, 8192));

		igt_assert_eq(bind(fd, two, 0), -EINVAL);
		igt_assert_eq(bind(fd, two, 257), -EINVAL);
		vb.ops = 8;
		do_ioctl_err(fd, DRM_IOCTL_GPSVM_VM_BIND, &vb, EFAULT);
		vb.ops = to_user_pointer(two);
		vb.flags = 1;
		do_ioctl_err(fd, DRM_IOCTL_GPSVM_VM_BIND, &vb, EINVAL);
		igt_assert(va_free(fd, bo, VA, 4 << 20));
	}

	igt_describe("A mapping keeps its object alive after the handle is closed.");
	igt_subtest("close-mapped") {
		uint32_t tmp = bo_create(fd, 1 << 20, 0);
		struct drm_gpsvm_vm_bind_op op = map_op(tmp, 0, VA, 1 << 20);
		struct drm_gem_close gc = { .handle = tmp };

		igt_assert_eq(bind(fd, &op, 1), 0);
		do_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc);
		igt_assert(!va_free(fd, bo, VA, 4096));
		op = unmap_op(VA, 1 << 20);
		igt_assert_eq(bind(fd, &op, 1), 0);
	}

	igt_describe("Each file has a VA space of its own.");
	igt_subtest("per-file") {
		struct drm_gpsvm_vm_bind_op op = map_op(bo, 0, VA, 4096);
		int fd2 = gpsvm_open(0);
		uint32_t bo2;

		igt_assert_fd(fd2);
		bo2 = bo_create(fd2, 4096, 0);
		igt_assert_eq(bind(fd, &op, 1), 0);
		igt_assert(va_free(fd2, bo2, VA, 4096));
		close(fd2);
		op = unmap_op(VA, 4096);
		igt_assert_eq(bind(fd, &op, 1), 0);
	}

	igt_fixture
		close(fd);
}
