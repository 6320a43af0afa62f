// SPDX-License-Identifier: MIT
/*
 * gpsvm_clc: OpenCL C kernels compiled by gpsvm-clc (compiler/corpus/,
 * built at -O0 and -O2 into out/clc-corpus/) run on the GPU, every
 * buffer a plain process pointer (SVM), and their results checked
 * against the same computation on the CPU.
 *
 * The code and the argument blocks are buffer objects in the unmanaged
 * window, as a runtime places them; __constant data is malloc'd.
 */

#include "igt.h"

#include <limits.h>
#include <math.h>

#include "gpsvm.h"
#include "gpsvm_clc.h"
#include "clc_ulp.h"
#include "gpsvm_igt.h"

IGT_TEST_DESCRIPTION("Compiled OpenCL C kernels on the GPU, checked against the CPU.");

#define SEC		1000000000ll
#define JOB_WAIT	(60 * SEC)
#define WINDOW_SIZE	(64ull << 20)
#define CODE_SIZE	(1ull << 20)
#define ARGS_OFF	(2ull << 20)
#define ARGS_SIZE	(64ull << 10)

struct gpu {
	int fd;
	void *window;
	uint32_t code_bo, args_bo, chan, sync;
	void *code, *args;
};

struct prog {
	struct gpsvm_clc_program *p;
	void *data;		/* the program's data image, in process memory */
	const char *level;
};

static struct gpu gpu;
static const char *const levels[] = { "O0", "O2" };

static void gpu_open(struct gpu *g)
{
	g->fd = gpsvm_open(0);
	igt_require_f(g->fd >= 0, "no gpsvm device\n");
	g->window = mmap(NULL, WINDOW_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	igt_assert(g->window != MAP_FAILED);
	igt_assert_eq(gpsvm_svm_init(g->fd, to_user_pointer(g->window),
				     WINDOW_SIZE), 0);
	igt_assert_eq(gpsvm_bo_create(g->fd, CODE_SIZE, 0, &g->code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(g->fd, g->code_bo, CODE_SIZE, &g->code), 0);
	igt_assert_eq(gpsvm_vm_map(g->fd, g->code_bo, 0,
				   to_user_pointer(g->window), CODE_SIZE, 0), 0);
	igt_assert_eq(gpsvm_bo_create(g->fd, ARGS_SIZE, 0, &g->args_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(g->fd, g->args_bo, ARGS_SIZE, &g->args), 0);
	igt_assert_eq(gpsvm_vm_map(g->fd, g->args_bo, 0,
				   to_user_pointer(g->window) + ARGS_OFF,
				   ARGS_SIZE, 0), 0);
	igt_assert_eq(gpsvm_channel_create(g->fd, &g->chan), 0);
	igt_assert_eq(drmSyncobjCreate(g->fd, 0, &g->sync), 0);
}

static void gpu_close(struct gpu *g)
{
	gpsvm_channel_destroy(g->fd, g->chan);
	munmap(g->code, CODE_SIZE);
	munmap(g->args, ARGS_SIZE);
	close(g->fd);
	munmap(g->window, WINDOW_SIZE);
}

/* out/clc-corpus/<name>-<level>.bin, beside out/igt/ where we run from. */
static void prog_load(struct prog *pr, const char *name, const char *level)
{
	char self[PATH_MAX], path[PATH_MAX + 64], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	void *buf;
	FILE *f;
	long size;

	igt_assert(n > 0);
	self[n] = 0;
	slash = strrchr(self, '/');
	igt_assert(slash);
	*slash = 0;
	snprintf(path, sizeof(path), "%s/../clc-corpus/%s-%s.bin", self, name,
		 level);
	f = fopen(path, "rb");
	igt_assert_f(f, "%s: %m\n", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size);
	igt_assert(fread(buf, 1, size, f) == (size_t)size);
	fclose(f);
	igt_assert_eq(gpsvm_clc_program_read(buf, size, &pr->p), 0);
	free(buf);
	igt_assert(pr->p->ncode * 8 <= CODE_SIZE);
	memcpy(gpu.code, pr->p->code, pr->p->ncode * 8);
	pr->data = malloc(pr->p->data_size + 8);
	memcpy(pr->data, pr->p->data, pr->p->data_size);
	pr->level = level;
}

static void prog_free(struct prog *pr)
{
	gpsvm_clc_program_free(pr->p);
	free(pr->data);
}

/* A launch being put together: its kernel, argument block and sizes. */
struct launch {
	const struct gpsvm_clc_kernel *k;
	struct prog *pr;
	uint8_t *args;
	uint32_t local;		/* __local argument bytes so far */
};

static void launch_init(struct launch *l, struct prog *pr, const char *kernel)
{
	static const uint64_t zero[3];

	l->pr = pr;
	l->k = gpsvm_clc_program_kernel(pr->p, kernel);
	igt_assert_f(l->k, "no kernel %s\n", kernel);
	l->args = gpu.args;
	l->local = 0;
	memset(l->args, 0, l->k->arg_size);
	gpsvm_clc_args_hidden(l->k, l->args, 1, zero,
			      to_user_pointer(pr->data));
}

static void arg(struct launch *l, unsigned int i, size_t size, const void *v)
{
	igt_assert_eq(gpsvm_clc_arg_set(l->k, l->args, i, size, v), 0);
}

static void arg_ptr(struct launch *l, unsigned int i, const void *p)
{
	uint64_t va = to_user_pointer(p);

	arg(l, i, 8, &va);
}

static void arg_local(struct launch *l, unsigned int i, uint32_t size)
{
	uint64_t va = GPSVM_CLC_SHARED_ADDR(l->k->shared_size + l->local);

	arg(l, i, 8, &va);
	l->local += (size + 7) & ~7u;
}

/* Run over dims dimensions; 0 or the job's error. */
static int run(struct launch *l, unsigned int dims, const uint32_t *gsize,
	       const uint32_t *lsize)
{
	struct drm_gpsvm_exec e = {
		.channel = gpu.chan,
		.code_va = to_user_pointer(gpu.window),
		.code_words = l->pr->p->ncode,
		.entry = (uint32_t)l->k->entry,
		.args_va = to_user_pointer(gpu.window) + ARGS_OFF,
		.arg_size = l->k->arg_size,
		.grid = { 1, 1, 1 },
		.block = { 1, 1, 1 },
		.out_syncobj = gpu.sync,
		.shared_size = l->k->shared_size + l->local,
		.private_size = l->k->private_size,
	};
	unsigned int d;

	igt_assert(dims >= 1 && dims <= 3);
	l->args[24] = dims;	/* the hidden work_dim */
	for (d = 0; d < dims; d++) {
		igt_assert(gsize[d] % lsize[d] == 0);
		e.grid[d] = gsize[d] / lsize[d];
		e.block[d] = lsize[d];
	}
	igt_assert_eq(gpsvm_exec(gpu.fd, &e), 0);
	return gpsvm_syncobj_wait(gpu.fd, gpu.sync, JOB_WAIT);
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static float randf(uint32_t *s)
{
	return (float)(int)(lcg(s) % 20001 - 10000) / 64.0f;
}

static void test_vadd(const char *level)
{
	const uint32_t n = 1000, g = 1024, ls = 128;
	float *a = malloc(4 * n), *b = malloc(4 * n), *c = calloc(n, 4);
	struct prog pr;
	struct launch l;
	uint32_t s = 1, i, nn = n;

	for (i = 0; i < n; i++) {
		a[i] = randf(&s);
		b[i] = randf(&s);
	}
	prog_load(&pr, "vadd", level);
	launch_init(&l, &pr, "vadd");
	arg_ptr(&l, 0, a);
	arg_ptr(&l, 1, b);
	arg_ptr(&l, 2, c);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	for (i = 0; i < n; i++)
		igt_assert_f(c[i] == a[i] + b[i], "vadd %s: c[%u] = %g, want %g\n",
			     level, i, c[i], a[i] + b[i]);
	prog_free(&pr);
	free(a);
	free(b);
	free(c);
}

static void test_saxpy(const char *level)
{
	const uint32_t n = 3000, g = 512, ls = 64;
	float *x = malloc(4 * n), *y = malloc(4 * n), *y0 = malloc(4 * n);
	float *want = malloc(4 * n), a = 2.5f;
	struct prog pr;
	struct launch l;
	uint32_t s = 2, i, nn = n;

	for (i = 0; i < n; i++) {
		x[i] = randf(&s);
		y0[i] = y[i] = randf(&s);
		want[i] = a * x[i] + y[i];
	}
	prog_load(&pr, "saxpy", level);
	launch_init(&l, &pr, "saxpy");
	arg(&l, 0, 4, &a);
	arg_ptr(&l, 1, x);
	arg_ptr(&l, 2, y);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	/* OpenCL lets the compiler fuse a * x + y */
	for (i = 0; i < n; i++)
		igt_assert_f(y[i] == want[i] || y[i] == fmaf(a, x[i], y0[i]),
			     "saxpy %s: y[%u] = %a, want %a\n", level, i, y[i],
			     want[i]);
	prog_free(&pr);
	free(x);
	free(y);
	free(y0);
	free(want);
}

static void test_reduce(const char *level)
{
	const uint32_t n = 5000, ls = 128, g = (n + ls - 1) / ls * ls;
	uint32_t *in = malloc(4 * n), sum = 0, want = 0, s = 3, i, nn = n;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n; i++) {
		in[i] = lcg(&s);
		want += in[i];
	}
	prog_load(&pr, "reduce", level);
	launch_init(&l, &pr, "reduce");
	arg_ptr(&l, 0, in);
	arg(&l, 1, 4, &nn);
	arg_ptr(&l, 2, &sum);
	arg_local(&l, 3, 4 * ls);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	igt_assert_f(sum == want, "reduce %s: %u, want %u\n", level, sum, want);
	prog_free(&pr);
	free(in);
}

static void test_scan(const char *level)
{
	const uint32_t n = 1000, ls = 128, g = (n + ls - 1) / ls * ls;
	const uint32_t groups = g / ls, one = 1;
	int32_t *in = malloc(4 * n), *out = calloc(n, 4), *totals = calloc(groups, 4);
	int32_t want = 0;
	uint32_t s = 4, i, nn = n;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n; i++)
		in[i] = (int32_t)(lcg(&s) % 2001) - 1000;
	prog_load(&pr, "scan", level);
	launch_init(&l, &pr, "scan_blocks");
	arg_ptr(&l, 0, in);
	arg_ptr(&l, 1, out);
	arg_ptr(&l, 2, totals);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	launch_init(&l, &pr, "scan_totals");
	arg_ptr(&l, 0, totals);
	arg(&l, 1, 4, &groups);
	igt_assert_eq(run(&l, 1, &one, &one), 0);
	launch_init(&l, &pr, "scan_add");
	arg_ptr(&l, 0, out);
	arg_ptr(&l, 1, totals);
	arg(&l, 2, 4, &nn);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	for (i = 0; i < n; i++) {
		want += in[i];
		igt_assert_f(out[i] == want, "scan %s: out[%u] = %d, want %d\n",
			     level, i, out[i], want);
	}
	prog_free(&pr);
	free(in);
	free(out);
	free(totals);
}

static void test_matmul(const char *level)
{
	const uint32_t n = 32, gs[2] = { n, n }, lsz[2] = { 8, 8 };
	float *a = malloc(4 * n * n), *b = malloc(4 * n * n), *c = calloc(n * n, 4);
	uint32_t s = 5, i, j, k, nn = n;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n * n; i++) {
		a[i] = (float)(int)(lcg(&s) % 17 - 8);
		b[i] = (float)(int)(lcg(&s) % 17 - 8);
	}
	prog_load(&pr, "matmul", level);
	launch_init(&l, &pr, "matmul");
	arg_ptr(&l, 0, a);
	arg_ptr(&l, 1, b);
	arg_ptr(&l, 2, c);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 2, gs, lsz), 0);
	/* small integers: every sum is exact in any order */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			float want = 0;

			for (k = 0; k < n; k++)
				want += a[i * n + k] * b[k * n + j];
			igt_assert_f(c[i * n + j] == want,
				     "matmul %s: c[%u][%u] = %g, want %g\n",
				     level, i, j, c[i * n + j], want);
		}
	prog_free(&pr);
	free(a);
	free(b);
	free(c);
}

static void test_histogram(const char *level)
{
	const uint32_t n = 20000, g = 1024, ls = 256;
	uint8_t *data = malloc(n);
	uint32_t hist[64] = { 0 }, want[64] = { 0 }, s = 6, i, nn = n;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n; i++) {
		data[i] = lcg(&s) & 0xff;
		want[data[i] % 64]++;
	}
	prog_load(&pr, "histogram", level);
	launch_init(&l, &pr, "histogram");
	arg_ptr(&l, 0, data);
	arg(&l, 1, 4, &nn);
	arg_ptr(&l, 2, hist);
	igt_assert_eq(run(&l, 1, &g, &ls), 0);
	for (i = 0; i < 64; i++)
		igt_assert_f(hist[i] == want[i], "histogram %s: bin %u = %u, want %u\n",
			     level, i, hist[i], want[i]);
	prog_free(&pr);
	free(data);
}

struct node {
	struct node *next;
	int64_t value;
};

static void test_list(const char *level)
{
	const uint32_t nl = 64, ls = 32;
	struct node **heads = calloc(nl, sizeof(*heads));
	int64_t *sums = calloc(nl, 8), want[64];
	uint32_t *lengths = calloc(nl, 4), s = 7, i, k;
	struct prog pr;
	struct launch l;

	/* lists of 0 to 99 nodes, each malloc'd on its own */
	for (i = 0; i < nl; i++) {
		uint32_t len = lcg(&s) % 100;

		want[i] = 0;
		for (k = 0; k < len; k++) {
			struct node *nd = malloc(sizeof(*nd));

			nd->value = (int64_t)lcg(&s) << 20;
			nd->next = heads[i];
			heads[i] = nd;
			want[i] += nd->value;
		}
	}
	prog_load(&pr, "list", level);
	launch_init(&l, &pr, "walk");
	arg_ptr(&l, 0, heads);
	arg_ptr(&l, 1, sums);
	arg_ptr(&l, 2, lengths);
	igt_assert_eq(run(&l, 1, &nl, &ls), 0);
	for (i = 0; i < nl; i++) {
		struct node *p;

		k = 0;
		for (p = heads[i]; p; p = p->next)
			k++;
		igt_assert_f(sums[i] == want[i] && lengths[i] == k,
			     "list %s %u: sum %" PRId64 " length %u, want %" PRId64 " %u\n",
			     level, i, sums[i], lengths[i], want[i], k);
		while (heads[i]) {
			p = heads[i]->next;
			free(heads[i]);
			heads[i] = p;
		}
	}
	prog_free(&pr);
	free(heads);
	free(sums);
	free(lengths);
}

static void test_mutex(const char *level)
{
	const uint32_t g = 128, rounds = 4;
	int32_t lock = 0;
	uint32_t count[2] = { 0, 0 }, overlap = 0;
	struct prog pr;
	struct launch l;

	prog_load(&pr, "mutex", level);
	launch_init(&l, &pr, "mutex");
	arg_ptr(&l, 0, &lock);
	arg_ptr(&l, 1, count);
	arg_ptr(&l, 2, &overlap);
	arg(&l, 3, 4, &rounds);
	/* one group: fair scheduling within it lets every waiter through */
	igt_assert_eq(run(&l, 1, &g, &g), 0);
	igt_assert_f(count[0] == g * rounds && count[1] == 0 && !overlap &&
		     !lock, "mutex %s: count %u/%u overlaps %u lock %d\n",
		     level, count[0], count[1], overlap, lock);
	prog_free(&pr);
}

static uint32_t fbits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static bool same(float got, float want)
{
	return (isnan(got) && isnan(want)) || fbits(got) == fbits(want);
}

static void test_math(const char *level)
{
	const uint32_t n = 1024, ls = 64;
	float *x = malloc(4 * n), *y = malloc(4 * n), *o = calloc(12 * n, 4);
	static const float special[] = { 0.0f, -0.0f, 0.5f, -0.5f, 1.5f, -2.5f,
		INFINITY, -INFINITY, NAN, 0x1p-149f, -0x1p-126f, 0x1.fffffep127f,
		8388607.5f, -8388608.0f, 0.49999997f };
	uint32_t s = 8, i, nn = n, bad = 0;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n; i++) {
		uint32_t r = lcg(&s) << 8 | (lcg(&s) & 0xff);

		if (i < 15 * 15) {
			x[i] = special[i % 15];
			y[i] = special[i / 15];
		} else {
			memcpy(&x[i], &r, 4);
			y[i] = randf(&s);
		}
	}
	prog_load(&pr, "math", level);
	launch_init(&l, &pr, "math");
	arg_ptr(&l, 0, x);
	arg_ptr(&l, 1, y);
	arg_ptr(&l, 2, o);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 1, &n, &ls), 0);
	for (i = 0; i < n; i++) {
		float a = x[i], b = y[i];
		const float want[12] = {
			sqrtf(a), fmaf(a, b, a), floorf(a), ceilf(a), truncf(a),
			rintf(a), roundf(a), fabsf(a), fminf(a, b), fmaxf(a, b),
			copysignf(a, b), a / b,
		};
		unsigned int k;

		for (k = 0; k < 12; k++) {
			float got = o[12 * i + k];

			if (same(got, want[k]))
				continue;
			/*
			 * fmin and fmax as OpenCL defines them: a NaN argument
			 * gives the other one (glibc gives NaN for a signalling
			 * one); zeros of either sign are equal.
			 */
			if ((k == 8 || k == 9) &&
			    ((isnan(a) && same(got, b)) || (isnan(b) && same(got, a)) ||
			     (a == 0 && b == 0 && got == 0)))
				continue;
			if (bad++ < 10)
				igt_info("math %s: function %u of %a, %a: %a, want %a\n",
					 level, k, a, b, o[12 * i + k], want[k]);
		}
	}
	igt_assert_f(!bad, "math %s: %u results differ from libm\n", level, bad);
	prog_free(&pr);
	free(x);
	free(y);
	free(o);
}

static void test_transcendental(const char *level)
{
	static const struct {
		const char *name;
		double ulp;
	} fns[12] = {
		{ "sin", 4 }, { "cos", 4 }, { "tan", 5 }, { "exp", 3 },
		{ "log", 3 }, { "pow", 16 }, { "atan2", 6 }, { "tanh", 5 },
		{ "erf", 16 }, { "cbrt", 2 }, { "tgamma", 16 }, { "hypot", 4 },
	};
	const uint32_t n = 1024, ls = 64;
	float *x = malloc(4 * n), *y = malloc(4 * n), *o = calloc(12 * n, 4);
	uint32_t s = 9, i, nn = n, bad = 0;
	struct prog pr;
	struct launch l;

	for (i = 0; i < n; i++) {
		x[i] = (i & 1) ? randf(&s) / 20.0f : randf(&s) / 500.0f + 2.0f;
		y[i] = randf(&s) / 40.0f;
	}
	prog_load(&pr, "math", level);
	launch_init(&l, &pr, "transcendental");
	arg_ptr(&l, 0, x);
	arg_ptr(&l, 1, y);
	arg_ptr(&l, 2, o);
	arg(&l, 3, 4, &nn);
	igt_assert_eq(run(&l, 1, &n, &ls), 0);
	for (i = 0; i < n; i++) {
		double a = x[i], b = y[i];
		const double want[12] = {
			sin(a), cos(a), tan(a), exp(a), log(a), pow(a, b),
			atan2(a, b), tanh(a), erf(a), cbrt(a), tgamma(a),
			hypot(a, b),
		};
		unsigned int k;

		for (k = 0; k < 12; k++) {
			double err = clc_ulp_error(o[12 * i + k], want[k]);

			if (err <= fns[k].ulp)
				continue;
			if (bad++ < 10)
				igt_info("%s %s(%a, %a) = %a, libm %a: %g ulp\n",
					 level, fns[k].name, x[i], y[i],
					 o[12 * i + k], want[k], err);
		}
	}
	igt_assert_f(!bad, "transcendental %s: %u results beyond OpenCL's limits\n",
		     level, bad);
	prog_free(&pr);
	free(x);
	free(y);
	free(o);
}

static const struct {
	const char *name, *desc;
	void (*fn)(const char *level);
} corpus[] = {
	{ "vadd", "Vector add.", test_vadd },
	{ "saxpy", "SAXPY with a grid-stride loop.", test_saxpy },
	{ "reduce", "A reduction in __local memory with barriers, one atomic per group.", test_reduce },
	{ "scan", "A three-pass prefix sum.", test_scan },
	{ "matmul", "Matrix multiply tiled in __local memory, two dimensions.", test_matmul },
	{ "histogram", "A histogram with local and global atomics.", test_histogram },
	{ "list", "Linked lists built with malloc, walked through SVM pointers.", test_list },
	{ "mutex", "A mutex from compare-exchange.", test_mutex },
	{ "math", "The exact math built-ins against libm, special values included.", test_math },
	{ "transcendental", "Library math within OpenCL's ULP limits of libm.", test_transcendental },
};

igt_main
{
	unsigned int i, o;

	igt_fixture
		gpu_open(&gpu);

	for (i = 0; i < ARRAY_SIZE(corpus); i++) {
		igt_describe(corpus[i].desc);
		igt_subtest(corpus[i].name)
			for (o = 0; o < ARRAY_SIZE(levels); o++)
				corpus[i].fn(levels[o]);
	}

	igt_fixture
		gpu_close(&gpu);
}
