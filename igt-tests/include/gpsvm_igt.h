/* SPDX-License-Identifier: MIT */
/*
 * What gpsvm's IGT tests share: the thread-index prelude of their GPU
 * programs, memory shared with forked children, a look at /proc/self/smaps
 * and the GPU's debugfs directory.
 */
#ifndef GPSVM_IGT_COMMON_H
#define GPSVM_IGT_COMMON_H

#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "igt.h"
#include "gpsvm.h"
#include "gpsvm_asm.h"

/* r0 = the thread's index in the grid: ctaid.x * ntid.x + tid.x. */
#define GID GPSVM_ASM_GID

/* size bytes of zeros that the test and its forked children share. */
static inline void *gpsvm_shared_zalloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* Write val to a sysfs file (bind, unbind, parameters). */
static inline void gpsvm_sysfs_write(const char *file, const char *val)
{
	int fd = open(file, O_WRONLY);

	igt_assert_fd(fd);
	igt_assert_eq(write(fd, val, strlen(val)), (int)strlen(val));
	close(fd);
}

/* kB of field (as "MemTotal") in /proc/meminfo. */
static inline uint64_t meminfo_kb(const char *field)
{
	char line[128];
	uint64_t kb = 0;
	size_t len = strlen(field);
	FILE *f = fopen("/proc/meminfo", "r");

	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':')
			sscanf(line + len + 1, " %" SCNu64, &kb);
	fclose(f);
	return kb;
}

/* kB of field (as "AnonHugePages") in the smaps entry of the VMA at p. */
static inline uint64_t smaps_kb(const void *p, const char *field)
{
	uintptr_t a = (uintptr_t)p;
	unsigned long lo, hi;
	char line[512];
	uint64_t kb = 0;
	bool in = false;
	size_t len = strlen(field);
	FILE *f = fopen("/proc/self/smaps", "r");

	igt_assert(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = lo <= a && a < hi;
			continue;
		}
		if (in && !strncmp(line, field, len) && line[len] == ':')
			sscanf(line + len + 1, " %" SCNu64, &kb);
	}
	fclose(f);
	return kb;
}

/*
 * The debugfs directory of the first GPU (the one whose "name" names its
 * device) in dir, or "" when there is none.
 */
static inline void gpsvm_debugfs_dir(char *dir, size_t len)
{
	struct gpsvm_device_info dev;
	char name[256], want[80];
	glob_t g;
	size_t i;

	dir[0] = 0;
	if (gpsvm_enumerate(&dev, 1) < 1)
		return;
	snprintf(want, sizeof(want), "dev=%s ", dev.device);
	if (glob("/sys/kernel/debug/dri/*/name", 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc && !dir[0]; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && strstr(name, want))
			snprintf(dir, len, "%.*s",
				 (int)(strlen(g.gl_pathv[i]) - 5), g.gl_pathv[i]);
		fclose(f);
	}
	globfree(&g);
}

#endif /* GPSVM_IGT_COMMON_H */
