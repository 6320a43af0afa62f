// SPDX-License-Identifier: MIT
/*
 * Back-end tests of the OpenCL C compiler, on the host.
 *
 * 1. Differential: every kernel of compiler/tests/cases/ has the
 *    signature (__global ulong *out, __global const ulong *in, uint n); it
 *    is compiled at -O0 to -O3, run on the host build of the ISA
 *    interpreter, and compared word for word with the same source
 *    compiled for the host by clang-15.
 * 2. Directed: what the differential form cannot express (__local memory
 *    and barriers, kernel arguments of every kind, atomics under
 *    contention, the binary format, diagnostics), with expected values.
 *
 * 3. Random: test_clc --random COUNT [SEED] generates COUNT integer
 *    kernels (clc_random.c) and runs them differentially.
 * 4. test_clc --speed: compiled code against hand-written (clc_speed.c).
 *
 * Usage: test_clc [case.cl ...] (default: every case and the directed
 * tests); run from the top of the tree or with GPSVM_TOP set.
 */
#include <glob.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clc_run.h"
#include "clc_random.h"
#include "test_clc.h"

#define NIN	4096
#define NOUT	4096
#define NITEMS	64

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Inputs: random words, small numbers and edge values, mixed. */
static void fill_inputs(uint64_t *in, uint64_t seed)
{
	static const uint64_t edge[] = {
		0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 127, 128, 255, 256,
		0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
		0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
		0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
		0x00000001, 0x80000001, 0x4b000000, 0x3effffff,
	};
	unsigned int i;

	for (i = 0; i < NIN; i++) {
		uint64_t r = splitmix(&seed);

		switch (r % 4) {
		case 0:
			in[i] = splitmix(&seed);
			break;
		case 1:
			in[i] = splitmix(&seed) % 100;
			break;
		case 2:
			in[i] = edge[splitmix(&seed) % (sizeof(edge) / 8)];
			break;
		default:
			in[i] = (uint64_t)(int64_t)(int32_t)(splitmix(&seed) % 2001 - 1000);
		}
	}
}

/*
 * Compile src with each of opts and compare every kernel with the host;
 * returns the number of kernels that differ.
 */
static unsigned int diff_source(const char *src, const char *tag,
				const char *const *opts, unsigned int nopts)
{
	uint64_t *in = malloc(NIN * 8), *ref = malloc(NOUT * 8);
	uint64_t *out = malloc(NOUT * 8);
	unsigned int o, k, bad = 0;
	void *host = clc_host_build(src, "case");

	CHECK(host, "%s: host build", tag);
	bad += !host;
	for (o = 0; host && o < nopts; o++) {
		struct gpsvm_clc_program *p = clc_build(src, opts[o], NULL);

		CHECK(p, "%s: build %s", tag, opts[o]);
		bad += !p;
		for (k = 0; p && k < p->nkernels; k++) {
			const struct gpsvm_clc_kernel *kn = &p->kernels[k];
			clc_host_fn fn = (clc_host_fn)dlsym(host, kn->name);
			struct clc_launch l;
			uint32_t g = NITEMS, ls = 16, n = NITEMS;
			unsigned int i;
			int ret;

			if (!fn) {
				CHECK(0, "%s: %s not in the host build", tag,
				      kn->name);
				bad++;
				continue;
			}
			fill_inputs(in, k * 1000 + 1);
			memset(out, 0, NOUT * 8);
			memset(ref, 0, NOUT * 8);
			clc_launch_init(&l, kn, 1, &g, &ls);
			clc_arg(&l, kn, 0, 8, &out);
			clc_arg(&l, kn, 1, 8, &in);
			clc_arg(&l, kn, 2, 4, &n);
			ret = clc_run(p, kn, &l);
			clc_host_run(fn, ref, in, n);
			CHECK(!ret, "%s %s %s: launch failed: error %u info 0x%llx pc 0x%llx",
			      tag, kn->name, opts[o], l.err,
			      (unsigned long long)l.err_info,
			      (unsigned long long)l.err_pc);
			for (i = 0; !ret && i < NOUT; i++)
				if (out[i] != ref[i])
					break;
			CHECK(ret || i == NOUT,
			      "%s %s %s: out[%u] = 0x%llx, host 0x%llx", tag,
			      kn->name, opts[o], i,
			      (unsigned long long)out[i < NOUT ? i : 0],
			      (unsigned long long)ref[i < NOUT ? i : 0]);
			bad += ret || i != NOUT;
		}
		gpsvm_clc_program_free(p);
	}
	if (host)
		dlclose(host);
	free(in);
	free(out);
	free(ref);
	return bad;
}

static void diff_case(const char *path)
{
	static const char *const opts[] = {
		"-cl-std=CL3.0 -ffp-contract=off -O0",
		"-cl-std=CL3.0 -ffp-contract=off -O1",
		"-cl-std=CL3.0 -ffp-contract=off -O2",
		"-cl-std=CL3.0 -ffp-contract=off -O3",
	};
	const char *tag = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *src = clc_read_file(path);

	if (!src) {
		CHECK(0, "%s: %s", path, strerror(errno));
		return;
	}
	diff_source(src, tag, opts, 4);
	free(src);
}

/*
 * Random programs: count kernels in programs of RANDOM_BATCH, each
 * program at -O0 and -O2. A program that differs is kept in
 * out/clc-random-<seed>.cl to reproduce with test_clc that file.
 */
#define RANDOM_BATCH 50

static void random_tests(unsigned int count, uint64_t seed)
{
	static const char *const opts[] = {
		"-cl-std=CL3.0 -w -O0", "-cl-std=CL3.0 -w -O2",
	};
	unsigned int b, kernels = 0;

	for (b = 0; kernels < count; b++) {
		unsigned int n = count - kernels < RANDOM_BATCH ?
				 count - kernels : RANDOM_BATCH;
		char *src = clc_random_program(seed + b, n);
		char tag[64];

		snprintf(tag, sizeof(tag), "random seed %llu",
			 (unsigned long long)(seed + b));
		if (diff_source(src, tag, opts, 2)) {
			char path[128];
			FILE *f;

			snprintf(path, sizeof(path), "out/clc-random-%llu.cl",
				 (unsigned long long)(seed + b));
			f = fopen(path, "w");
			if (f) {
				fputs(src, f);
				fclose(f);
				printf("kept as %s\n", path);
			}
		}
		free(src);
		kernels += n;
	}
	printf("%u random kernels from seed %llu\n", kernels,
	       (unsigned long long)seed);
}

int main(int argc, char **argv)
{
	glob_t g;
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "--speed")) {
		clc_speed();
	} else if (argc > 2 && !strcmp(argv[1], "--random")) {
		random_tests((unsigned int)strtoul(argv[2], NULL, 0),
			     argc > 3 ? strtoull(argv[3], NULL, 0) : 1);
	} else if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++)
			diff_case(argv[i]);
	} else {
		if (glob("compiler/tests/cases/*.cl", 0, NULL, &g)) {
			printf("no cases: run from the top of the tree\n");
			return 2;
		}
		for (i = 0; i < g.gl_pathc; i++)
			diff_case(g.gl_pathv[i]);
		globfree(&g);
		clc_directed_tests();
	}
	printf("%u passed, %u failed\n", clc_passed, clc_failed);
	return clc_failed ? 1 : 0;
}
