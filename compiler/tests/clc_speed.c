// SPDX-License-Identifier: MIT
/*
 * test_clc --speed: compiled OpenCL C against hand-written assembly on
 * the same work, counted in instructions the ISA interpreter executes
 * (the model's run time is proportional). vadd: firmware-notes/isa.md's
 * worked example against compiler/bench/vadd.cl; reduce:
 * compiler/bench/reduce.s against the corpus's reduce.cl. Both results
 * are checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_asm.h"
#include "clc_run.h"
#include "test_clc.h"

/* A hand-written program as a one-kernel program (no hidden header). */
static struct gpsvm_clc_program *hand_program(const char *src,
					      uint32_t arg_size,
					      struct gpsvm_clc_arg *args,
					      uint32_t nargs)
{
	struct gpsvm_clc_program *p = calloc(1, sizeof(*p));
	struct gpsvm_asm_result res;

	if (gpsvm_asm(src, &res)) {
		printf("hand-written program does not assemble: line %u: %s\n",
		       res.ndiags ? res.diags[0].line : 0,
		       res.ndiags ? res.diags[0].msg : "");
		gpsvm_asm_free(&res);
		free(p);
		return NULL;
	}
	p->ncode = res.nwords;
	p->code = malloc(8 * res.nwords);
	memcpy(p->code, res.words, 8 * res.nwords);
	gpsvm_asm_free(&res);
	p->nkernels = 1;
	p->kernels = calloc(1, sizeof(*p->kernels));
	p->kernels[0].name = strdup("hand");
	p->kernels[0].arg_size = arg_size;
	p->kernels[0].nargs = nargs;
	p->kernels[0].args = calloc(nargs, sizeof(*args));
	memcpy(p->kernels[0].args, args, nargs * sizeof(*args));
	return p;
}

/* The source block after marker in isa.md, between its ``` fences. */
static char *doc_example(const char *doc, const char *marker)
{
	const char *s = strstr(doc, marker), *e;

	if (!s || !(s = strstr(s, "```")) || !(s = strchr(s, '\n')) ||
	    !(e = strstr(s, "```")))
		return NULL;
	return strndup(s + 1, e - s - 1);
}

static void report(const char *name, const char *what, uint64_t hand,
		   uint64_t steps)
{
	printf("%-8s %-12s %10llu instructions  %.2fx hand-written\n", name,
	       what, (unsigned long long)steps, (double)steps / hand);
}

static void speed_vadd(void)
{
	static const char *const opts[] = { "-cl-std=CL3.0 -O2",
					    "-cl-std=CL3.0 -O0" };
	struct gpsvm_clc_arg hargs[4] = {
		{ .offset = 0, .size = 8 }, { .offset = 8, .size = 8 },
		{ .offset = 16, .size = 8 }, { .offset = 24, .size = 4 },
	};
	const uint32_t n = 16384, g = 1024, ls = 256;
	float *a = malloc(4 * n), *b = malloc(4 * n), *c = malloc(4 * n);
	char *doc = clc_read_file("firmware-notes/isa.md");
	char *hsrc = doc ? doc_example(doc, "<!-- example:vadd:source -->") : NULL;
	char *csrc = clc_read_file("compiler/bench/vadd.cl");
	struct gpsvm_clc_program *hp = hsrc ? hand_program(hsrc, 32, hargs, 4) : NULL;
	struct clc_launch l;
	uint64_t hand = 0;
	unsigned int i, o;
	void *pa = a, *pb = b, *pc = c;

	CHECK(hp && csrc, "vadd: the hand-written and OpenCL C sources");
	if (!hp || !csrc)
		goto out;
	for (i = 0; i < n; i++) {
		a[i] = (float)i;
		b[i] = 0.5f * i;
	}
	for (o = 0; o <= 2; o++) {
		struct gpsvm_clc_program *p = o ? clc_build(csrc, opts[o - 1], NULL) : hp;
		const struct gpsvm_clc_kernel *k = p ? &p->kernels[0] : NULL;
		bool ok = k != NULL;

		if (!k) {
			CHECK(0, "vadd: build");
			continue;
		}
		memset(c, 0, 4 * n);
		clc_launch_init(&l, k, 1, &g, &ls);
		if (o)
			memset(l.args, 0, 64), l.args[24] = 1;
		else
			memset(l.args, 0, 64);
		clc_arg(&l, k, 0, 8, &pa);
		clc_arg(&l, k, 1, 8, &pb);
		clc_arg(&l, k, 2, 8, &pc);
		clc_arg(&l, k, 3, 4, &n);
		ok = ok && !clc_run(p, k, &l);
		for (i = 0; ok && i < n; i++)
			ok = c[i] == 1.5f * i;
		CHECK(ok, "vadd %s: result", o ? opts[o - 1] : "hand");
		if (!o)
			hand = l.steps;
		else
			report("vadd", opts[o - 1] + 14, hand, l.steps);
		if (o)
			gpsvm_clc_program_free(p);
	}
	if (hand)
		report("vadd", "hand", hand, hand);
out:
	gpsvm_clc_program_free(hp);
	free(doc);
	free(hsrc);
	free(csrc);
	free(a);
	free(b);
	free(c);
}

static void speed_reduce(void)
{
	static const char *const opts[] = { "-cl-std=CL3.0 -O2",
					    "-cl-std=CL3.0 -O0" };
	struct gpsvm_clc_arg hargs[3] = {
		{ .offset = 0, .size = 8 }, { .offset = 8, .size = 4 },
		{ .offset = 16, .size = 8 },
	};
	const uint32_t n = 65536, ls = 256;
	uint32_t *in = malloc(4 * n), sum, want = 0, i, o;
	char *hsrc = clc_read_file("compiler/bench/reduce.s");
	char *csrc = clc_read_file("compiler/corpus/reduce.cl");
	struct gpsvm_clc_program *hp = hsrc ? hand_program(hsrc, 24, hargs, 3) : NULL;
	struct clc_launch l;
	uint64_t hand = 0;
	void *pin = in, *ps = &sum;

	CHECK(hp && csrc, "reduce: the hand-written and OpenCL C sources");
	if (!hp || !csrc)
		goto out;
	for (i = 0; i < n; i++) {
		in[i] = i * 2654435761u;
		want += in[i];
	}
	for (o = 0; o <= 2; o++) {
		struct gpsvm_clc_program *p = o ? clc_build(csrc, opts[o - 1], NULL) : hp;
		const struct gpsvm_clc_kernel *k = p ? &p->kernels[0] : NULL;
		bool ok;

		if (!k) {
			CHECK(0, "reduce: build");
			continue;
		}
		sum = 0;
		clc_launch_init(&l, k, 1, &n, &ls);
		if (!o)
			memset(l.args, 0, 64);
		clc_arg(&l, k, 0, 8, &pin);
		clc_arg(&l, k, 1, 4, &n);
		clc_arg(&l, k, 2, 8, &ps);
		if (o)
			clc_arg_local(&l, k, 3, 4 * ls);
		else
			l.local_size = 4 * ls;
		ok = !clc_run(p, k, &l) && sum == want;
		CHECK(ok, "reduce %s: %u, want %u", o ? opts[o - 1] : "hand", sum,
		      want);
		if (!o)
			hand = l.steps;
		else
			report("reduce", opts[o - 1] + 14, hand, l.steps);
		if (o)
			gpsvm_clc_program_free(p);
	}
	if (hand)
		report("reduce", "hand", hand, hand);
out:
	gpsvm_clc_program_free(hp);
	free(hsrc);
	free(csrc);
	free(in);
}

void clc_speed(void)
{
	speed_vadd();
	speed_reduce();
}
