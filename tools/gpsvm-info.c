// SPDX-License-Identifier: MIT
/*
 * gpsvm-info: list the gpsvm GPUs and their parameters.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gpsvm.h"

static int show(const struct gpsvm_device_info *dev)
{
	uint64_t chip = 0, rev = 0, vram = 0, isa = 0, nsm = 0;
	int fd, ret;

	fd = gpsvm_open_node(dev->node);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", dev->node, strerror(-fd));
		return -1;
	}
	ret = gpsvm_get_param(fd, DRM_GPSVM_PARAM_CHIP_ID, &chip);
	if (!ret)
		ret = gpsvm_get_param(fd, DRM_GPSVM_PARAM_CHIP_REV, &rev);
	if (!ret)
		ret = gpsvm_get_param(fd, DRM_GPSVM_PARAM_VRAM_SIZE, &vram);
	if (!ret)
		ret = gpsvm_get_param(fd, DRM_GPSVM_PARAM_ISA_VERSION, &isa);
	if (!ret)
		ret = gpsvm_get_param(fd, DRM_GPSVM_PARAM_SM_COUNT, &nsm);
	close(fd);
	if (ret) {
		fprintf(stderr, "%s: GETPARAM: %s\n", dev->node, strerror(-ret));
		return -1;
	}
	printf("%s: device %s, chip 0x%" PRIx64 " rev 0x%02" PRIx64
	       ", VRAM %" PRIu64 " MiB, ISA v%" PRIu64 ", %" PRIu64 " SMs\n",
	       strrchr(dev->node, '/') + 1, dev->device, chip, rev,
	       vram >> 20, isa, nsm);
	return 0;
}

int main(void)
{
	struct gpsvm_device_info devs[GPSVM_MAX_DEVICES];
	int i, n, ret = 0;

	n = gpsvm_enumerate(devs, GPSVM_MAX_DEVICES);
	if (n < 0) {
		fprintf(stderr, "gpsvm-info: %s\n", strerror(-n));
		return 1;
	}
	for (i = 0; i < n && i < GPSVM_MAX_DEVICES; i++)
		if (show(&devs[i]))
			ret = 1;
	printf("%d gpsvm GPU(s)\n", n);
	return n ? ret : 1;
}
