// SPDX-License-Identifier: MIT
/*
 * gpsvm_basic: the device comes up, answers GETPARAM with what the GPU
 * model was loaded with, rejects bad ioctls, and survives unbind/rebind.
 */

#include "igt.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "gpsvm_drm.h"
#include "gpsvm_igt.h"

IGT_TEST_DESCRIPTION("Basic gpsvm device tests: probe, GETPARAM, bad ioctls, unbind.");

#define MAX_GPUS 8
#define DRIVER_DIR "/sys/bus/platform/drivers/gpsvm"

struct gpu {
	int fd;
	char node[32];		/* renderD128 */
	char device[64];	/* gpsvm-model.0 */
};

static unsigned int read_param(const char *name)
{
	char path[128];
	unsigned int val = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/gpsvm_model/parameters/%s",
		 name);
	f = fopen(path, "r");
	igt_require_f(f, "gpsvm_model is not loaded\n");
	igt_assert_eq(fscanf(f, "%u", &val), 1);
	fclose(f);
	return val;
}

static bool is_gpsvm(int fd)
{
	drmVersionPtr ver = drmGetVersion(fd);
	bool ret = ver && !strcmp(ver->name, "gpsvm");

	drmFreeVersion(ver);
	return ret;
}

/* Open every gpsvm render node, in node order. */
static int open_gpus(struct gpu *gpus)
{
	struct dirent **ents;
	int i, n, count = 0;

	n = scandir("/dev/dri", &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		char path[PATH_MAX], link[PATH_MAX];
		struct gpu *g = &gpus[count];
		ssize_t len;
		int fd;

		if (strncmp(ents[i]->d_name, "renderD", 7) || count == MAX_GPUS)
			goto next;
		snprintf(path, sizeof(path), "/dev/dri/%s", ents[i]->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			goto next;
		if (!is_gpsvm(fd)) {
			close(fd);
			goto next;
		}
		g->fd = fd;
		snprintf(g->node, sizeof(g->node), "%.31s", ents[i]->d_name);
		snprintf(path, sizeof(path), "/sys/class/drm/%s/device",
			 g->node);
		len = readlink(path, link, sizeof(link) - 1);
		igt_assert(len > 0);
		link[len] = '\0';
		snprintf(g->device, sizeof(g->device), "%.63s",
			 strrchr(link, '/') + 1);
		count++;
next:
		free(ents[i]);
	}
	free(ents);
	return count;
}

static void close_gpus(struct gpu *gpus, int count)
{
	while (count--)
		close(gpus[count].fd);
}

static int getparam(int fd, struct drm_gpsvm_getparam *gp)
{
	return igt_ioctl(fd, DRM_IOCTL_GPSVM_GETPARAM, gp) ? -errno : 0;
}

static uint64_t getparam_ok(int fd, uint32_t param)
{
	struct drm_gpsvm_getparam gp = { .param = param };

	igt_assert_eq(getparam(fd, &gp), 0);
	return gp.value;
}

static void test_unbind_rebind(struct gpu *g)
{
	struct gpu again[MAX_GPUS];
	char path[PATH_MAX];
	int i, n;

	igt_require(access(DRIVER_DIR "/unbind", W_OK) == 0);

	gpsvm_sysfs_write(DRIVER_DIR "/unbind", g->device);
	snprintf(path, sizeof(path), DRIVER_DIR "/%s", g->device);
	igt_assert(access(path, F_OK) != 0);

	/* The open file outlives the device; it only gets -ENODEV. */
	{
		struct drm_gpsvm_getparam gp = {
			.param = DRM_GPSVM_PARAM_CHIP_ID, .value = 77,
		};

		igt_assert_eq(getparam(g->fd, &gp), -ENODEV);
		igt_assert_eq_u64(gp.value, 77);
	}

	gpsvm_sysfs_write(DRIVER_DIR "/bind", g->device);
	igt_assert(access(path, F_OK) == 0);

	n = open_gpus(again);
	for (i = 0; i < n; i++)
		if (!strcmp(again[i].device, g->device))
			break;
	igt_assert_f(i < n, "%s has no render node after rebind\n",
		     g->device);
	igt_assert_eq_u64(getparam_ok(again[i].fd, DRM_GPSVM_PARAM_CHIP_ID),
			  0x130);
	close_gpus(again, n);
}

igt_main
{
	struct gpu gpus[MAX_GPUS];
	int ngpus = 0;

	igt_fixture {
		ngpus = open_gpus(gpus);
		igt_require_f(ngpus > 0, "no gpsvm device\n");
	}

	igt_describe("One render node per modelled GPU, each its own device.");
	igt_subtest("render-nodes") {
		int i, j;

		igt_assert_eq(ngpus, (int)read_param("ngpus"));
		for (i = 0; i < ngpus; i++)
			for (j = i + 1; j < ngpus; j++)
				igt_assert_neq(strcmp(gpus[i].device,
						      gpus[j].device), 0);
	}

	igt_describe("GETPARAM reports the chip, the model's VRAM size, the ISA version and the SM count.");
	igt_subtest_with_dynamic("getparam") {
		uint64_t vram = (uint64_t)read_param("vram_mb") << 20;
		int i;

		for (i = 0; i < ngpus; i++) {
			igt_dynamic(gpus[i].node) {
				int fd = gpus[i].fd;

				igt_assert_eq_u64(getparam_ok(fd, DRM_GPSVM_PARAM_CHIP_ID),
						  0x130);
				igt_assert_neq_u64(getparam_ok(fd, DRM_GPSVM_PARAM_CHIP_REV),
						   0);
				igt_assert_eq_u64(getparam_ok(fd, DRM_GPSVM_PARAM_VRAM_SIZE),
						  vram);
				igt_assert_eq_u64(getparam_ok(fd, DRM_GPSVM_PARAM_ISA_VERSION),
						  2);
				igt_assert_eq_u64(getparam_ok(fd, DRM_GPSVM_PARAM_SM_COUNT),
						  read_param("nsm"));
			}
		}
	}

	igt_describe("Unknown parameters and a non-zero pad get EINVAL and change nothing.");
	igt_subtest("getparam-invalid") {
		static const uint32_t bad[] = { 0, 6, 0x100, 0x80000000, ~0u };
		struct drm_gpsvm_getparam gp;
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			gp = (struct drm_gpsvm_getparam){
				.param = bad[i], .value = 0xdead,
			};
			igt_assert_eq(getparam(gpus[0].fd, &gp), -EINVAL);
			igt_assert_eq_u64(gp.value, 0xdead);
		}
		gp = (struct drm_gpsvm_getparam){
			.param = DRM_GPSVM_PARAM_VRAM_SIZE, .pad = 1,
			.value = 0xdead,
		};
		igt_assert_eq(getparam(gpus[0].fd, &gp), -EINVAL);
		igt_assert_eq_u64(gp.value, 0xdead);
	}

	igt_describe("Driver ioctl numbers the driver does not have get EINVAL.");
	igt_subtest("invalid-ioctl") {
		struct drm_gpsvm_getparam gp = {
			.param = DRM_GPSVM_PARAM_CHIP_ID,
		};
		unsigned int nr;

		for (nr = DRM_GPSVM_EXEC + 1; nr < 0x40; nr++)
			do_ioctl_err(gpus[0].fd,
				     DRM_IOWR(DRM_COMMAND_BASE + nr,
					      struct drm_gpsvm_getparam),
				     &gp, EINVAL);
		/* Without the IN direction the kernel sees param 0. */
		do_ioctl_err(gpus[0].fd,
			     DRM_IOR(DRM_COMMAND_BASE + DRM_GPSVM_GETPARAM,
				     struct drm_gpsvm_getparam),
			     &gp, EINVAL);
		/* A bad pointer is EFAULT. */
		do_ioctl_err(gpus[0].fd, DRM_IOCTL_GPSVM_GETPARAM,
			     (void *)8, EFAULT);
	}

	igt_describe("Unbinding with a file open leaves it returning ENODEV; rebinding brings the GPU back.");
	igt_subtest("unbind-rebind")
		test_unbind_rebind(&gpus[ngpus - 1]);

	igt_fixture
		close_gpus(gpus, ngpus);
}
