// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host test of the model's soft float (model/gpsvm_model_softfloat.c):
 * every operation against the host FPU (x86-64 SSE, round to nearest even,
 * no flush to zero; fmaf and sqrtf correctly rounded) over random and
 * special inputs. NaN results must be exactly 0x7fc00000.
 *
 * Usage: test_softfloat [samples per op, default 2000000]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_model_softfloat.h"

#define CANON_NAN	0x7fc00000U
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned int passed, failed;
static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd64(void)
{
	u64 x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static u32 rnd32(void)
{
	return (u32)(rnd64() >> 32);
}

static float f_of(u32 u)
{
	float f;

	memcpy(&f, &u, sizeof(f));
	return f;
}

static u32 u_of(float f)
{
	u32 u;

	memcpy(&u, &f, sizeof(u));
	return u;
}

/* The host result, NaNs canonical. */
static u32 canon(float f)
{
	return isnan(f) ? CANON_NAN : u_of(f);
}

static const u32 specials[] = {
	0x00000000, 0x80000000, 0x7f800000, 0xff800000,	/* +-0, +-inf */
	0x7fc00000, 0xffc00000, 0x7f800001, 0xff812345,	/* qNaN, sNaN */
	0x7fffffff, 0x00000001, 0x80000001, 0x007fffff,	/* denormals */
	0x807fffff, 0x00400000, 0x00800000, 0x80800000,	/* min normal */
	0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000,	/* max, +-1 */
	0x3f800001, 0x3f7fffff, 0x4b000000, 0x4b800000,	/* 1+ulp, 2^23 */
	0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001,	/* near 2^31 */
	0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000,	/* 2^32, 2^63 */
	0xdf000000, 0xdf000001, 0x5f800000, 0x5f7fffff,	/* -2^63, 2^64 */
	0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000,	/* 0.5, 1.5 */
	0x34000000, 0x33800000, 0x33800001, 0x0c000000,	/* ulp, tiny */
	0x73000000, 0x7e800000, 0x01000000, 0x00c00000,
};

#define NSPECIALS ARRAY_SIZE(specials)

/* A random binary32 pattern, weighted towards interesting values. */
static u32 gen(void)
{
	u32 r = rnd32(), s = rnd32() & 0x80000000U;

	switch (rnd32() % 10) {
	case 0:
		return specials[rnd32() % NSPECIALS];
	case 1:
		return s | (r & 0x007fffffU);			/* denormal */
	case 2:	/* significand ends in many zeros or ones: rounding ties */
		r &= ~0x7fU << (rnd32() % 20);
		return s | (rnd32() & 1 ? r : r | 0x7f) | 0x3f000000U;
	case 3:	/* near the bottom or top of the exponent range */
		return s | (r & 0x01ffffffU) | (rnd32() & 1 ? 0 : 0x7e000000U);
	case 4:
	case 5:	/* moderate exponents: results stay in range */
		return s | ((r & 0x0fffffffU) + 0x38000000U);
	default:
		return r;
	}
}

/* A second operand related to @a: close exponent, or a few ulps away. */
static u32 gen_near(u32 a)
{
	u32 r = rnd32();

	switch (rnd32() % 4) {
	case 0:
		return gen();
	case 1:
		return (a ^ (r & 0x80000000U)) + (s32)(r % 9) - 4;
	default:
		return (a & 0xff800000U) + ((r % 5) << 23) - (2U << 23) +
		       (rnd32() & 0x007fffffU) + (r & 0x80000000U);
	}
}

static void report(const char *name, unsigned long n, unsigned long bad)
{
	if (bad) {
		failed++;
		printf("FAIL %s: %lu of %lu samples wrong\n", name, bad, n);
	} else {
		passed++;
		printf("ok   %s: %lu samples\n", name, n);
	}
}

static int show(unsigned long *bad)
{
	return ++*bad <= 5;
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX, OP_CMP, OP_NOPS };

static const char *const op_names[] = {
	"add", "sub", "mul", "div", "min", "max", "cmp",
};

static u32 ref_minmax(u32 a, u32 b, int max)
{
	float fa = f_of(a), fb = f_of(b);

	if (isnan(fa))
		return isnan(fb) ? CANON_NAN : b;
	if (isnan(fb))
		return a;
	if (fa == 0 && fb == 0)
		return max ? (a & b) : (a | b);
	if (max)
		return fa > fb ? a : b;
	return fa < fb ? a : b;
}

static u32 ref_cmp(u32 a, u32 b)
{
	float fa = f_of(a), fb = f_of(b);

	if (isnan(fa) || isnan(fb))
		return GPSVM_F32_UNORDERED;
	if (fa < fb)
		return GPSVM_F32_LT;
	return fa == fb ? GPSVM_F32_EQ : GPSVM_F32_GT;
}

static void test_binary(int op, unsigned long n)
{
	unsigned long i, bad = 0;

	for (i = 0; i < n; i++) {
		u32 a, b, got, exp;
		float fa, fb;

		if (i < NSPECIALS * NSPECIALS) {
			a = specials[i / NSPECIALS];
			b = specials[i % NSPECIALS];
		} else {
			a = gen();
			b = gen_near(a);
			if (rnd32() & 1) {
				u32 t = a;

				a = b;
				b = t;
			}
		}
		fa = f_of(a);
		fb = f_of(b);
		switch (op) {
		case OP_ADD:
			got = gpsvm_f32_add(a, b);
			exp = canon(fa + fb);
			break;
		case OP_SUB:
			got = gpsvm_f32_sub(a, b);
			exp = canon(fa - fb);
			break;
		case OP_MUL:
			got = gpsvm_f32_mul(a, b);
			exp = canon(fa * fb);
			break;
		case OP_DIV:
			got = gpsvm_f32_div(a, b);
			exp = canon(fa / fb);
			break;
		case OP_MIN:
			got = gpsvm_f32_min(a, b);
			exp = ref_minmax(a, b, 0);
			break;
		case OP_MAX:
			got = gpsvm_f32_max(a, b);
			exp = ref_minmax(a, b, 1);
			break;
		default:
			got = gpsvm_f32_cmp(a, b);
			exp = ref_cmp(a, b);
			break;
		}
		if (got != exp && show(&bad))
			printf("  %s(0x%08x, 0x%08x) = 0x%08x, want 0x%08x\n",
			       op_names[op], a, b, got, exp);
	}
	report(op_names[op], n, bad);
}

static void test_fma(unsigned long n)
{
	unsigned long i, bad = 0;

	for (i = 0; i < n; i++) {
		u32 a = gen(), b = gen(), c, got, exp;
		u64 p;

		switch (rnd32() % 3) {
		case 0:
			c = gen();
			break;
		case 1:	/* c close to -(a * b): cancellation */
			c = canon(f_of(a) * f_of(b)) ^ 0x80000000U;
			c += (s32)(rnd32() % 5) - 2;
			break;
		default: /* exact product of short significands, tie hunting */
			a = (a & 0xff800000U) | (rnd32() & 0x007ff000U);
			b = (b & 0xff800000U) | (rnd32() & 0x007ff000U);
			p = (u64)rnd32();
			c = gen_near(a) ^ (u32)(p & 0x80000000U);
			break;
		}
		if (i < NSPECIALS * NSPECIALS * 4) {
			a = specials[(i / NSPECIALS) % NSPECIALS];
			b = specials[i % NSPECIALS];
			c = specials[(i / (NSPECIALS * NSPECIALS)) % NSPECIALS];
		}
		got = gpsvm_f32_fma(a, b, c);
		exp = canon(fmaf(f_of(a), f_of(b), f_of(c)));
		if (got != exp && show(&bad))
			printf("  fma(0x%08x, 0x%08x, 0x%08x) = 0x%08x, want 0x%08x\n",
			       a, b, c, got, exp);
	}
	report("fma", n, bad);
}

static void test_sqrt(unsigned long n)
{
	unsigned long i, bad = 0;

	for (i = 0; i < n; i++) {
		u32 a = i < NSPECIALS ? specials[i] : gen(), got, exp;

		if (i >= NSPECIALS && (rnd32() & 1))
			a &= 0x7fffffffU;
		got = gpsvm_f32_sqrt(a);
		exp = canon(sqrtf(f_of(a)));
		if (got != exp && show(&bad))
			printf("  sqrt(0x%08x) = 0x%08x, want 0x%08x\n", a, got,
			       exp);
	}
	/* Every positive float with a short exhaustive sweep of one binade. */
	for (i = 0x3f800000; i < 0x40000000 && i < 0x3f800000 + n; i++)
		if (gpsvm_f32_sqrt((u32)i) != canon(sqrtf(f_of(i))) &&
		    show(&bad))
			printf("  sqrt(0x%08lx) wrong\n", i);
	report("sqrt", n, bad);
}

static u32 ref_round(u32 a, unsigned int mode)
{
	float f = f_of(a);

	switch (mode) {
	case GPSVM_F32_RN:
		return canon(rintf(f));	/* the host rounds to nearest even */
	case GPSVM_F32_RZ:
		return canon(truncf(f));
	case GPSVM_F32_RM:
		return canon(floorf(f));
	default:
		return canon(ceilf(f));
	}
}

/*
 * frnd: random and special values, the halfway cases and their
 * neighbours, and a sweep across the binades that have a fraction.
 */
static void test_round(unsigned long n)
{
	static const char *const names[] = {
		"frnd.rn", "frnd.rz", "frnd.rm", "frnd.rp",
	};
	unsigned long i, bad;
	unsigned int mode;
	u32 a, got, exp;

	for (mode = GPSVM_F32_RN; mode <= GPSVM_F32_RP; mode++) {
		bad = 0;
		for (i = 0; i < n; i++) {
			if (i < NSPECIALS)
				a = specials[i];
			else if (i % 4 == 0)	/* k + 0.5, k < 2^23, +-1 ulp */
				a = u_of((float)(rnd32() >> (9 + rnd32() % 23)) +
					 0.5f) + rnd32() % 3 - 1;
			else if (i % 4 == 1)	/* 0.25 .. 2^23, evenly */
				a = 0x3e800000U + (u32)((u64)i * 0x0d000000U / n);
			else
				a = gen();
			if (i >= NSPECIALS && (rnd32() & 1))
				a ^= 0x80000000U;
			got = gpsvm_f32_round(a, mode);
			exp = ref_round(a, mode);
			if (got != exp && show(&bad))
				printf("  %s(0x%08x) = 0x%08x, want 0x%08x\n",
				       names[mode], a, got, exp);
		}
		report(names[mode], n, bad);
	}
}

static u64 gen_int(void)
{
	u64 v = rnd64();

	switch (rnd32() % 6) {
	case 0:
		return v >> (rnd32() % 64);
	case 1:	/* ties: a few significant bits followed by a half */
		v = (v | 1) << (rnd32() % 40);
		return v;
	case 2:
		return (u64)(s64)(s32)(u32)v;
	case 3:
		return (v & ~0xffULL) | (rnd32() & 1 ? 0x80 : 0x7f);
	default:
		return v;
	}
}

static const u64 int_specials[] = {
	0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
	0x1000001, 0x1000003, 0x2000005, 0xffffff7fffffffffULL,
	0x8000008000000000ULL, 0x8000018000000000ULL, 0xfffffff0, 0xffffff80,
};

#define NINT_SPECIALS ARRAY_SIZE(int_specials)

static void test_from_int(unsigned long n)
{
	unsigned long i, bad[4] = { 0 };

	for (i = 0; i < n; i++) {
		u64 v = i < NINT_SPECIALS ? int_specials[i] : gen_int();
		u32 g[4], e[4];
		int k;

		g[0] = gpsvm_f32_from_s32((s32)(u32)v);
		e[0] = u_of((float)(s32)(u32)v);
		g[1] = gpsvm_f32_from_u32((u32)v);
		e[1] = u_of((float)(u32)v);
		g[2] = gpsvm_f32_from_s64((s64)v);
		e[2] = u_of((float)(s64)v);
		g[3] = gpsvm_f32_from_u64(v);
		e[3] = u_of((float)v);
		for (k = 0; k < 4; k++)
			if (g[k] != e[k] && show(&bad[k]))
				printf("  cvt.f32 #%d (0x%016llx) = 0x%08x, want 0x%08x\n",
				       k, (unsigned long long)v, g[k], e[k]);
	}
	report("cvt.f32.s32", n, bad[0]);
	report("cvt.f32.u32", n, bad[1]);
	report("cvt.f32.s64", n, bad[2]);
	report("cvt.f32.u64", n, bad[3]);
}

/* The ISA's saturating conversions, from the host's float compares. */
static s32 ref_s32(float f)
{
	if (isnan(f))
		return 0;
	if (f >= 2147483648.0f)
		return INT32_MAX;
	if (f <= -2147483648.0f)
		return INT32_MIN;
	return (s32)f;
}

static u32 ref_u32(float f)
{
	if (isnan(f) || f <= -1.0f)
		return 0;
	if (f >= 4294967296.0f)
		return UINT32_MAX;
	return (u32)f;
}

static s64 ref_s64(float f)
{
	if (isnan(f))
		return 0;
	if (f >= 9223372036854775808.0f)
		return INT64_MAX;
	if (f <= -9223372036854775808.0f)
		return INT64_MIN;
	return (s64)f;
}

static u64 ref_u64(float f)
{
	if (isnan(f) || f <= -1.0f)
		return 0;
	if (f >= 18446744073709551616.0f)
		return UINT64_MAX;
	return (u64)f;
}

static void test_to_int(unsigned long n)
{
	unsigned long i, bad[4] = { 0 };

	for (i = 0; i < n; i++) {
		u32 a = i < NSPECIALS ? specials[i] : gen();
		u64 g[4], e[4];
		float f;
		int k;

		if (i >= NSPECIALS && (rnd32() & 1))	/* |a| in [2^-2, 2^66) */
			a = (a & 0x807fffffU) | ((0x7d + rnd32() % 68) << 23);
		f = f_of(a);
		g[0] = (u64)(s64)gpsvm_f32_to_s32(a);
		e[0] = (u64)(s64)ref_s32(f);
		g[1] = gpsvm_f32_to_u32(a);
		e[1] = ref_u32(f);
		g[2] = (u64)gpsvm_f32_to_s64(a);
		e[2] = (u64)ref_s64(f);
		g[3] = gpsvm_f32_to_u64(a);
		e[3] = ref_u64(f);
		for (k = 0; k < 4; k++)
			if (g[k] != e[k] && show(&bad[k]))
				printf("  cvt #%d (0x%08x) = 0x%llx, want 0x%llx\n",
				       k, a, (unsigned long long)g[k],
				       (unsigned long long)e[k]);
	}
	report("cvt.s32.f32", n, bad[0]);
	report("cvt.u32.f32", n, bad[1]);
	report("cvt.s64.f32", n, bad[2]);
	report("cvt.u64.f32", n, bad[3]);
}

static void check(int ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s\n", what);
	}
}

/* The examples isa.md spells out. */
static void test_directed(void)
{
	check(gpsvm_f32_add(0x3f800000, 0xbf800000) == 0, "1 + -1 = +0");
	check(gpsvm_f32_add(0x80000000, 0x80000000) == 0x80000000,
	      "-0 + -0 = -0");
	check(gpsvm_f32_sqrt(0x80000000) == 0x80000000, "sqrt(-0) = -0");
	check(gpsvm_f32_sqrt(0x7f800000) == 0x7f800000, "sqrt(inf) = inf");
	check(gpsvm_f32_sqrt(0xbf800000) == CANON_NAN, "sqrt(-1) = NaN");
	check(gpsvm_f32_fma(0, 0x7f800000, 0x7fc00001) == CANON_NAN,
	      "0 * inf + NaN = canonical NaN");
	check(gpsvm_f32_mul(0xffc00001, 0x3f800000) == CANON_NAN,
	      "NaN payload dropped");
	check(gpsvm_f32_min(0x00000000, 0x80000000) == 0x80000000,
	      "min(+0, -0) = -0");
	check(gpsvm_f32_max(0x80000000, 0x00000000) == 0,
	      "max(-0, +0) = +0");
	check(gpsvm_f32_min(0x7f800001, 0x3f800000) == 0x3f800000,
	      "min(sNaN, 1) = 1");
	check(gpsvm_f32_max(0xffc00001, 0xffc00002) == CANON_NAN,
	      "max(NaN, NaN) = canonical NaN");
	check(gpsvm_f32_to_u32(0xbfc00000) == 0, "cvt.u32 -1.5 = 0");
	check(gpsvm_f32_to_u32(0x4f9502f9) == 0xffffffffU, "cvt.u32 5e9");
	check(gpsvm_f32_to_s32(0xff800000) == INT32_MIN, "cvt.s32 -inf");
	check(gpsvm_f32_to_s32(0x7fc00000) == 0, "cvt.s32 NaN = 0");
	check(gpsvm_f32_div(0x3f800000, 0x80000000) == 0xff800000,
	      "1 / -0 = -inf");
	check(gpsvm_f32_cmp(0x80000000, 0) == GPSVM_F32_EQ, "-0 == +0");
	check(gpsvm_f32_mul(0x00000001, 0x3f000000) == 0,
	      "min denormal * 0.5 rounds to even 0");
	check(gpsvm_f32_mul(0x00000003, 0x3f000000) == 2,
	      "3 * 2^-149 * 0.5 rounds to 2");
	check(gpsvm_f32_round(0x3fc00000, GPSVM_F32_RN) == 0x40000000,
	      "frnd.rn 1.5 = 2");
	check(gpsvm_f32_round(0x40200000, GPSVM_F32_RN) == 0x40000000,
	      "frnd.rn 2.5 = 2");
	check(gpsvm_f32_round(0xbf000000, GPSVM_F32_RN) == 0x80000000,
	      "frnd.rn -0.5 = -0");
	check(gpsvm_f32_round(0xbf000000, GPSVM_F32_RP) == 0x80000000,
	      "frnd.rp -0.5 = -0");
	check(gpsvm_f32_round(0x3e800000, GPSVM_F32_RP) == 0x3f800000,
	      "frnd.rp 0.25 = 1");
	check(gpsvm_f32_round(0xffc00001, GPSVM_F32_RZ) == CANON_NAN,
	      "frnd NaN = canonical NaN");
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 2000000;
	int op;

	test_directed();
	for (op = 0; op < OP_NOPS; op++)
		test_binary(op, n);
	test_fma(n);
	test_sqrt(n);
	test_round(n);
	test_from_int(n);
	test_to_int(n);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
