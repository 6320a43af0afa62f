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
