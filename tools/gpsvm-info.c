// SPDX-License-Identifier: MIT
/*
 * gpsvm-info: list the gpsvm GPUs and their parameters.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xf86drm.h>

#include "gpsvm_drm.h"

static int getparam(int fd, uint32_t param, uint64_t *value)
{
	struct drm_gpsvm_getparam gp = { .param = param };

	if (drmIoctl(fd, DRM_IOCTL_GPSVM_GETPARAM, &gp))
		return -errno;
	*value = gp.value;
	return 0;
}

static int show(const char *node)
{
	uint64_t chip = 0, rev = 0, vram = 0;
	drmVersionPtr ver;
	char path[300];
	char dev[256] = "?";
	const char *base;
	ssize_t n;
	int fd, ret;

	snprintf(path, sizeof(path), "/dev/dri/%s", node);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ver = drmGetVersion(fd);
	if (!ver || strcmp(ver->name, "gpsvm")) {
		drmFreeVersion(ver);
		close(fd);
		return 0;
	}
	drmFreeVersion(ver);

	ret = getparam(fd, DRM_GPSVM_PARAM_CHIP_ID, &chip);
	if (!ret)
		ret = getparam(fd, DRM_GPSVM_PARAM_CHIP_REV, &rev);
	if (!ret)
		ret = getparam(fd, DRM_GPSVM_PARAM_VRAM_SIZE, &vram);
	close(fd);
	if (ret) {
		fprintf(stderr, "%s: GETPARAM: %s\n", path, strerror(-ret));
		return -1;
	}

	snprintf(path, sizeof(path), "/sys/class/drm/%s/device", node);
	n = readlink(path, dev, sizeof(dev) - 1);
	if (n > 0)
		dev[n] = '\0';
	base = strrchr(dev, '/');
	printf("%s: device %s, chip 0x%" PRIx64 " rev 0x%02" PRIx64
	       ", VRAM %" PRIu64 " MiB\n", node, base ? base + 1 : dev, chip,
	       rev, vram >> 20);
	return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(void)
{
	struct dirent **nodes;
	int i, n, found = 0, ret = 0;

	n = scandir("/dev/dri", &nodes, NULL, by_name);
	for (i = 0; i < n; i++) {
		if (!strncmp(nodes[i]->d_name, "renderD", 7)) {
			int r = show(nodes[i]->d_name);

			if (r < 0)
				ret = 1;
			else
				found += r;
		}
		free(nodes[i]);
	}
	if (n > 0)
		free(nodes);
	printf("%d gpsvm GPU(s)\n", found);
	return found ? ret : 1;
}
