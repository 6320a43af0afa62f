// SPDX-License-Identifier: MIT
/*
 * libgpsvm: device discovery and ioctl wrappers.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/sync_file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <xf86drm.h>

#include "gpsvm.h"

static int is_gpsvm(int fd)
{
	drmVersionPtr ver = drmGetVersion(fd);
	int ret = ver && !strcmp(ver->name, "gpsvm");

	drmFreeVersion(ver);
	return ret;
}

int gpsvm_open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (!is_gpsvm(fd)) {
		close(fd);
		return -ENODEV;
	}
	return fd;
}

static int render_first(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int gpsvm_enumerate(struct gpsvm_device_info *devs, int max)
{
	struct dirent **ents;
	int i, n, count = 0;

	n = scandir("/dev/dri", &ents, NULL, render_first);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		char path[PATH_MAX], link[PATH_MAX];
		const char *base;
		ssize_t len;
		int fd;

		if (strncmp(ents[i]->d_name, "renderD", 7))
			continue;
		snprintf(path, sizeof(path), "/dev/dri/%s", ents[i]->d_name);
		fd = gpsvm_open_node(path);
		if (fd < 0)
			continue;
		close(fd);
		if (count < max) {
			snprintf(devs[count].node, sizeof(devs[count].node),
				 "%.63s", path);
			snprintf(path, sizeof(path), "/sys/class/drm/%s/device",
				 ents[i]->d_name);
			len = readlink(path, link, sizeof(link) - 1);
			link[len > 0 ? len : 0] = '\0';
			base = strrchr(link, '/');
			snprintf(devs[count].device,
				 sizeof(devs[count].device), "%.63s",
				 base ? base + 1 : link);
		}
		count++;
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return count;
}

int gpsvm_open(int index)
{
	struct gpsvm_device_info devs[GPSVM_MAX_DEVICES];
	int n = gpsvm_enumerate(devs, GPSVM_MAX_DEVICES);

	if (n < 0)
		return n;
	if (index < 0 || index >= n || index >= GPSVM_MAX_DEVICES)
		return -ENODEV;
	return gpsvm_open_node(devs[index].node);
}

int gpsvm_get_param(int fd, uint32_t param, uint64_t *value)
{
	struct drm_gpsvm_getparam gp = { .param = param };

	if (drmIoctl(fd, DRM_IOCTL_GPSVM_GETPARAM, &gp))
		return -errno;
	*value = gp.value;
	return 0;
}

static int gpsvm_ioctl(int fd, unsigned long request, void *arg)
{
	return drmIoctl(fd, request, arg) ? -errno : 0;
}

int gpsvm_bo_create(int fd, uint64_t size, uint32_t flags, uint32_t *handle)
{
	struct drm_gpsvm_gem_create gc = { .size = size, .flags = flags };
	int ret = gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_GEM_CREATE, &gc);

	if (!ret)
		*handle = gc.handle;
	return ret;
}

int gpsvm_bo_mmap(int fd, uint32_t handle, uint64_t size, void **ptr)
{
	struct drm_gpsvm_gem_mmap_offset mo = { .handle = handle };
	void *p;
	int ret;

	ret = gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET, &mo);
	if (ret)
		return ret;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)mo.offset);
	if (p == MAP_FAILED)
		return -errno;
	*ptr = p;
	return 0;
}

int gpsvm_bo_close(int fd, uint32_t handle)
{
	struct drm_gem_close gc = { .handle = handle };

	return gpsvm_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc);
}

static int gpsvm_vm_bind_one(int fd, const struct drm_gpsvm_vm_bind_op *op)
{
	struct drm_gpsvm_vm_bind vb = {
		.num_ops = 1, .ops = (uintptr_t)op,
	};

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_VM_BIND, &vb);
}

int gpsvm_vm_map(int fd, uint32_t handle, uint64_t bo_offset, uint64_t va,
		 uint64_t range, uint32_t flags)
{
	struct drm_gpsvm_vm_bind_op op = {
		.op = DRM_GPSVM_VM_BIND_OP_MAP, .flags = flags,
		.handle = handle, .bo_offset = bo_offset, .addr = va,
		.range = range,
	};

	return gpsvm_vm_bind_one(fd, &op);
}

int gpsvm_vm_unmap(int fd, uint64_t va, uint64_t range)
{
	struct drm_gpsvm_vm_bind_op op = {
		.op = DRM_GPSVM_VM_BIND_OP_UNMAP, .addr = va, .range = range,
	};

	return gpsvm_vm_bind_one(fd, &op);
}

int gpsvm_svm_init(int fd, uint64_t unmanaged_addr, uint64_t unmanaged_size)
{
	struct drm_gpsvm_svm_init si = {
		.unmanaged_addr = unmanaged_addr,
		.unmanaged_size = unmanaged_size,
	};

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_SVM_INIT, &si);
}

int gpsvm_svm_bind(int fd, const void *addr, uint64_t size, uint32_t flags)
{
	struct drm_gpsvm_svm_bind sb = {
		.addr = (uintptr_t)addr, .size = size, .flags = flags,
	};

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_SVM_BIND, &sb);
}

int gpsvm_svm_migrate(int fd, const void *addr, uint64_t size, uint32_t to,
		      uint64_t *moved, uint64_t *stayed)
{
	struct drm_gpsvm_svm_migrate sm = {
		.addr = (uintptr_t)addr, .size = size, .to = to,
	};
	int ret = gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_SVM_MIGRATE, &sm);

	if (!ret && moved)
		*moved = sm.moved;
	if (!ret && stayed)
		*stayed = sm.stayed;
	return ret;
}

int gpsvm_svm_advise(int fd, const void *addr, uint64_t size,
		     uint32_t preferred_loc)
{
	struct drm_gpsvm_svm_advise sa = {
		.addr = (uintptr_t)addr, .size = size,
		.preferred_loc = preferred_loc,
	};

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_SVM_ADVISE, &sa);
}

int gpsvm_channel_create(int fd, uint32_t *handle)
{
	struct drm_gpsvm_channel_create cc = {};
	int ret = gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_CREATE, &cc);

	if (!ret)
		*handle = cc.handle;
	return ret;
}

int gpsvm_channel_destroy(int fd, uint32_t handle)
{
	struct drm_gpsvm_channel_destroy cd = { .handle = handle };

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_DESTROY, &cd);
}

int gpsvm_channel_info(int fd, uint32_t handle,
		       struct drm_gpsvm_channel_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_CHANNEL_INFO, info);
}

int gpsvm_exec(int fd, const struct drm_gpsvm_exec *exec)
{
	struct drm_gpsvm_exec e = *exec;

	return gpsvm_ioctl(fd, DRM_IOCTL_GPSVM_EXEC, &e);
}

int gpsvm_syncobj_wait(int fd, uint32_t syncobj, int64_t timeout_ns)
{
	struct sync_file_info info = {};
	struct timespec now;
	int64_t abs_ns;
	int ret, sync_fd;

	clock_gettime(CLOCK_MONOTONIC, &now);
	abs_ns = now.tv_sec * 1000000000ll + now.tv_nsec + timeout_ns;
	if (drmSyncobjWait(fd, &syncobj, 1, abs_ns, 0, NULL))
		return -errno;

	/* Signalled: its status says whether the job failed. */
	ret = drmSyncobjExportSyncFile(fd, syncobj, &sync_fd);
	if (ret)
		return -errno;
	if (ioctl(sync_fd, SYNC_IOC_FILE_INFO, &info))
		ret = -errno;
	else
		ret = info.status < 0 ? info.status : 0;
	close(sync_fd);
	return ret;
}
