/* SPDX-License-Identifier: MIT */
/*
 * What gpsvm's IGT tests share: the thread-index prelude of their GPU
 * programs and a look at /proc/self/smaps.
 */
#ifndef GPSVM_IGT_COMMON_H
#define GPSVM_IGT_COMMON_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "igt.h"

/* r0 = the thread's index in the grid: ctaid.x * ntid.x + tid.x. */
#define GID \
	"	s2r	r0, tid.x\n" \
	"	s2r	r1, ctaid.x\n" \
	"	s2r	r2, ntid.x\n" \
	"	mul.32	r1, r1, r2\n" \
	"	add.32	r0, r0, r1\n"

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

#endif /* GPSVM_IGT_COMMON_H */
