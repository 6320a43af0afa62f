// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm model: IEEE 754 binary32 arithmetic in integer C for the compute
 * engine (firmware-notes/isa.md sections 6.3, 6.4, 7.1). Kernel code may
 * not use the FPU, so every operation works on bit patterns.
 *
 * A finite non-zero value is handled as m * 2^e with an integer m. Each
 * operation computes its exact result, or one that differs from it only
 * below a "sticky" bit well under the rounding position, and
 * f32_round_pack() rounds that once to nearest even.
 */

#include "gpsvm_model_softfloat.h"

#define F32_SIGN	0x80000000U
#define F32_ABS		0x7fffffffU
#define F32_FRAC	0x007fffffU
#define F32_HIDDEN	0x00800000U
#define F32_INF		0x7f800000U
#define F32_NAN		0x7fc00000U

static bool f32_is_nan(u32 a)
{
	return (a & F32_ABS) > F32_INF;
}

static bool f32_is_inf(u32 a)
{
	return (a & F32_ABS) == F32_INF;
}

static bool f32_is_zero(u32 a)
{
	return !(a & F32_ABS);
}

/* m >> n, with the bits shifted out ORed into bit 0 (sticky). */
static u64 shr_jam(u64 m, unsigned int n)
{
	if (!n)
		return m;
	if (n >= 64)
		return m != 0;
	return (m >> n) | ((m & ((1ULL << n) - 1)) != 0);
}

/* A finite non-zero @a as *m * 2^*e, *m < 2^24. */
static void f32_unpack(u32 a, u64 *m, int *e)
{
	u32 ex = (a >> 23) & 0xff;

	if (ex) {
		*m = (a & F32_FRAC) | F32_HIDDEN;
		*e = (int)ex - 150;
	} else {
		*m = a & F32_FRAC;
		*e = -149;
	}
}

/* As f32_unpack(), with *m in [2^23, 2^24) also for subnormals. */
static void f32_unpack_norm(u32 a, u64 *m, int *e)
{
	int sh;

	f32_unpack(a, m, e);
	sh = __builtin_clzll(*m) - 40;
	*m <<= sh;
	*e -= sh;
}

/*
 * Round sign * m * 2^e (m != 0) to binary32, nearest even. m may carry a
 * sticky bit: it must lie at least two bits below the 24th significant bit.
 */
static u32 f32_round_pack(u32 sign, int e, u64 m)
{
	int sh = __builtin_clzll(m);
	u64 sig, rem;
	int be;

	m <<= sh;
	e -= sh;
	/* m in [2^63, 2^64): the biased exponent of the value is e + 190. */
	be = e + 190;
	if (be >= 255)
		return sign | F32_INF;
	if (be < 1) {
		m = shr_jam(m, (unsigned int)(1 - be));
		be = 1;
	}
	sig = m >> 40;
	rem = m & ((1ULL << 40) - 1);
	if (rem > (1ULL << 39) || (rem == (1ULL << 39) && (sig & 1)))
		sig++;
	/* A carry out of the significand increments the exponent. */
	return sign | (((u32)(be - 1) << 23) + (u32)sig);
}

/**
 * gpsvm_f32_add() - binary32 addition
 * @a: first operand
 * @b: second operand
 *
 * Return: a + b, correctly rounded; NaN results are 0x7fc00000.
 */
u32 gpsvm_f32_add(u32 a, u32 b)
{
	u32 sa = a & F32_SIGN, sb = b & F32_SIGN, st;
	u64 ma, mb, mt, m;
	int ea, eb, et;

	if (f32_is_nan(a) || f32_is_nan(b))
		return F32_NAN;
	if (f32_is_inf(a))
		return (f32_is_inf(b) && sa != sb) ? F32_NAN : a;
	if (f32_is_inf(b))
		return b;
	if (f32_is_zero(a))
		return f32_is_zero(b) ? (sa & sb) : b;
	if (f32_is_zero(b))
		return a;

	f32_unpack(a, &ma, &ea);
	f32_unpack(b, &mb, &eb);
	ma <<= 38;
	mb <<= 38;
	if (ea < eb || (ea == eb && ma < mb)) {
		st = sa; sa = sb; sb = st;
		mt = ma; ma = mb; mb = mt;
		et = ea; ea = eb; eb = et;
	}
	mb = shr_jam(mb, (unsigned int)(ea - eb));
	m = sa == sb ? ma + mb : ma - mb;
	if (!m)
		return 0;
	return f32_round_pack(sa, ea - 38, m);
}

/**
 * gpsvm_f32_sub() - binary32 subtraction
 * @a: first operand
 * @b: second operand
 *
 * Return: a - b, correctly rounded; NaN results are 0x7fc00000.
 */
u32 gpsvm_f32_sub(u32 a, u32 b)
{
	return gpsvm_f32_add(a, b ^ F32_SIGN);
}

/**
 * gpsvm_f32_mul() - binary32 multiplication
 * @a: first operand
 * @b: second operand
 *
 * Return: a * b, correctly rounded; NaN results are 0x7fc00000.
 */
u32 gpsvm_f32_mul(u32 a, u32 b)
{
	u32 sign = (a ^ b) & F32_SIGN;
	u64 ma, mb;
	int ea, eb;

	if (f32_is_nan(a) || f32_is_nan(b))
		return F32_NAN;
	if (f32_is_inf(a) || f32_is_inf(b)) {
		if (f32_is_zero(a) || f32_is_zero(b))
			return F32_NAN;
		return sign | F32_INF;
	}
	if (f32_is_zero(a) || f32_is_zero(b))
		return sign;
	f32_unpack(a, &ma, &ea);
	f32_unpack(b, &mb, &eb);
	return f32_round_pack(sign, ea + eb, ma * mb);
}

/**
 * gpsvm_f32_div() - binary32 division
 * @a: dividend
 * @b: divisor
 *
 * Return: a / b, correctly rounded; a finite non-zero @a over zero gives a
 * signed infinity; NaN results are 0x7fc00000.
 */
u32 gpsvm_f32_div(u32 a, u32 b)
{
	u32 sign = (a ^ b) & F32_SIGN;
	u64 ma, mb, q;
	int ea, eb;

	if (f32_is_nan(a) || f32_is_nan(b))
		return F32_NAN;
	if (f32_is_inf(a))
		return f32_is_inf(b) ? F32_NAN : sign | F32_INF;
	if (f32_is_inf(b))
		return sign;
	if (f32_is_zero(b))
		return f32_is_zero(a) ? F32_NAN : sign | F32_INF;
	if (f32_is_zero(a))
		return sign;
	f32_unpack_norm(a, &ma, &ea);
	f32_unpack_norm(b, &mb, &eb);
	/* Quotient in (2^39, 2^41): 40 bits or more, plus a sticky bit. */
	q = (ma << 40) / mb;
	q |= q * mb != ma << 40;
	return f32_round_pack(sign, ea - eb - 40, q);
}

/**
 * gpsvm_f32_fma() - binary32 fused multiply-add
 * @a: first factor
 * @b: second factor
 * @c: addend
 *
 * Return: a * b + c computed exactly and rounded once; NaN results are
 * 0x7fc00000 (0 * inf + c is NaN whatever @c).
 */
u32 gpsvm_f32_fma(u32 a, u32 b, u32 c)
{
	u32 sp = (a ^ b) & F32_SIGN, sc = c & F32_SIGN, st;
	u64 ma, mb, mp, mc, mt, m;
	int ea, eb, ep, ec, et, sh;

	if (f32_is_nan(a) || f32_is_nan(b) || f32_is_nan(c))
		return F32_NAN;
	if (f32_is_inf(a) || f32_is_inf(b)) {
		if (f32_is_zero(a) || f32_is_zero(b))
			return F32_NAN;
		if (f32_is_inf(c) && sc != sp)
			return F32_NAN;
		return sp | F32_INF;
	}
	if (f32_is_inf(c))
		return c;
	if (f32_is_zero(a) || f32_is_zero(b)) {
		if (f32_is_zero(c))
			return sp == sc ? sp : 0;
		return c;
	}
	f32_unpack(a, &ma, &ea);
	f32_unpack(b, &mb, &eb);
	mp = ma * mb;
	ep = ea + eb;
	if (f32_is_zero(c))
		return f32_round_pack(sp, ep, mp);
	f32_unpack(c, &mc, &ec);

	/* Both terms with their top bit at bit 61, exactly. */
	sh = __builtin_clzll(mp) - 2;
	mp <<= sh;
	ep -= sh;
	sh = __builtin_clzll(mc) - 2;
	mc <<= sh;
	ec -= sh;
	if (ep < ec || (ep == ec && mp < mc)) {
		st = sp; sp = sc; sc = st;
		mt = mp; mp = mc; mc = mt;
		et = ep; ep = ec; ec = et;
	}
	mc = shr_jam(mc, (unsigned int)(ep - ec));
	m = sp == sc ? mp + mc : mp - mc;
	if (!m)
		return 0;
	return f32_round_pack(sp, ep, m);
}

/* Integer square root of @x; *rem = x - root^2. */
static u64 isqrt64(u64 x, u64 *rem)
{
	u64 res = 0, bit = 1ULL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= res + bit) {
			x -= res + bit;
			res = (res >> 1) + bit;
		} else {
			res >>= 1;
		}
		bit >>= 2;
	}
	*rem = x;
	return res;
}

/**
 * gpsvm_f32_sqrt() - binary32 square root
 * @a: operand
 *
 * Return: the correctly rounded square root of @a; sqrt(-0) = -0,
 * sqrt(+inf) = +inf, NaN for @a < 0 (NaN results are 0x7fc00000).
 */
u32 gpsvm_f32_sqrt(u32 a)
{
	u64 m, r, rem;
	int e;

	if (f32_is_nan(a))
		return F32_NAN;
	if (f32_is_zero(a))
		return a;
	if (a & F32_SIGN)
		return F32_NAN;
	if (f32_is_inf(a))
		return a;
	f32_unpack_norm(a, &m, &e);
	if (e & 1) {
		m <<= 1;
		e -= 1;
	}
	/* m << 38 < 2^63: a root of 31 bits or more, plus a sticky bit. */
	r = isqrt64(m << 38, &rem);
	r |= rem != 0;
	return f32_round_pack(0, (e - 38) / 2, r);
}

/* Compare @x with @half: -1 below it, 0 equal, 1 above. */
static int f32_cmp_half(u32 x, u32 half)
{
	return x > half ? 1 : x == half ? 0 : -1;
}

/*
 * Whether a value of sign @sign with a non-zero fraction goes to the
 * integer above its magnitude: @half is how the fraction compares with
 * one half, @odd whether the integer below is odd.
 */
static bool f32_round_up(unsigned int mode, u32 sign, int half, bool odd)
{
	switch (mode) {
	case GPSVM_F32_RN:
		return half > 0 || (!half && odd);
	case GPSVM_F32_RM:
		return sign;
	case GPSVM_F32_RP:
		return !sign;
	default:	/* GPSVM_F32_RZ */
		return false;
	}
}

/**
 * gpsvm_f32_round() - round binary32 to an integral value
 * @a: operand
 * @mode: GPSVM_F32_RN, _RZ, _RM or _RP
 *
 * Return: @a rounded to an integer in binary32, as IEEE 754
 * roundToIntegral: infinities, zeros and values of 2^23 and above are
 * returned unchanged, a result of zero keeps the sign of @a (-0.25 gives
 * -0), NaN gives 0x7fc00000.
 */
u32 gpsvm_f32_round(u32 a, unsigned int mode)
{
	u32 sign = a & F32_SIGN, mag = a & F32_ABS, unit, rem;
	int e = (int)(mag >> 23) - 127;

	if (f32_is_nan(a))
		return F32_NAN;
	if (e >= 23 || f32_is_zero(a))
		return a;
	if (e < 0) {
		/* 0 < |a| < 1: zero (even) or one; 126 << 23 is 0.5. */
		if (f32_round_up(mode, sign, f32_cmp_half(mag, 126U << 23),
				 false))
			return sign | 127U << 23;
		return sign;
	}
	unit = F32_HIDDEN >> e;
	rem = mag & (unit - 1);
	if (!rem)
		return a;
	mag -= rem;
	/* The carry may reach the exponent: 1.5 rounds up to 2.0. */
	if (f32_round_up(mode, sign, f32_cmp_half(rem, unit / 2), mag & unit))
		mag += unit;
	return sign | mag;
}

/**
 * gpsvm_f32_min() - binary32 minimumNumber
 * @a: first operand
 * @b: second operand
 *
 * Return: the smaller of @a and @b; -0 for zeros of opposite sign; the
 * other operand, unchanged, when one is NaN; 0x7fc00000 when both are.
 */
u32 gpsvm_f32_min(u32 a, u32 b)
{
	if (f32_is_nan(a))
		return f32_is_nan(b) ? F32_NAN : b;
	if (f32_is_nan(b))
		return a;
	if (f32_is_zero(a) && f32_is_zero(b))
		return a | b;
	return gpsvm_f32_cmp(a, b) == GPSVM_F32_LT ? a : b;
}

/**
 * gpsvm_f32_max() - binary32 maximumNumber
 * @a: first operand
 * @b: second operand
 *
 * Return: the larger of @a and @b; +0 for zeros of opposite sign; the
 * other operand, unchanged, when one is NaN; 0x7fc00000 when both are.
 */
u32 gpsvm_f32_max(u32 a, u32 b)
{
	if (f32_is_nan(a))
		return f32_is_nan(b) ? F32_NAN : b;
	if (f32_is_nan(b))
		return a;
	if (f32_is_zero(a) && f32_is_zero(b))
		return a & b;
	return gpsvm_f32_cmp(a, b) == GPSVM_F32_GT ? a : b;
}

/* A non-NaN value as an integer of the same order (-0 and +0 are 0). */
static s32 f32_order_key(u32 a)
{
	return (a & F32_SIGN) ? -(s32)(a & F32_ABS) : (s32)a;
}

/**
 * gpsvm_f32_cmp() - relation of two binary32 values
 * @a: first operand
 * @b: second operand
 *
 * Return: GPSVM_F32_LT, GPSVM_F32_EQ or GPSVM_F32_GT for a compared to b
 * (-0 equals +0), GPSVM_F32_UNORDERED when either is NaN.
 */
u32 gpsvm_f32_cmp(u32 a, u32 b)
{
	s32 ka, kb;

	if (f32_is_nan(a) || f32_is_nan(b))
		return GPSVM_F32_UNORDERED;
	ka = f32_order_key(a);
	kb = f32_order_key(b);
	if (ka < kb)
		return GPSVM_F32_LT;
	return ka > kb ? GPSVM_F32_GT : GPSVM_F32_EQ;
}

/**
 * gpsvm_f32_from_u64() - convert an unsigned 64-bit integer to binary32
 * @v: the integer
 *
 * Return: @v rounded to nearest even.
 */
u32 gpsvm_f32_from_u64(u64 v)
{
	return v ? f32_round_pack(0, 0, v) : 0;
}

/**
 * gpsvm_f32_from_s64() - convert a signed 64-bit integer to binary32
 * @v: the integer
 *
 * Return: @v rounded to nearest even.
 */
u32 gpsvm_f32_from_s64(s64 v)
{
	if (v < 0)
		return f32_round_pack(F32_SIGN, 0, 0 - (u64)v);
	return gpsvm_f32_from_u64((u64)v);
}

/**
 * gpsvm_f32_from_u32() - convert an unsigned 32-bit integer to binary32
 * @v: the integer
 *
 * Return: @v rounded to nearest even.
 */
u32 gpsvm_f32_from_u32(u32 v)
{
	return gpsvm_f32_from_u64(v);
}

/**
 * gpsvm_f32_from_s32() - convert a signed 32-bit integer to binary32
 * @v: the integer
 *
 * Return: @v rounded to nearest even.
 */
u32 gpsvm_f32_from_s32(s32 v)
{
	return gpsvm_f32_from_s64(v);
}

/*
 * |a| rounded toward zero, for a non-NaN @a; *big is set instead when that
 * is 2^64 or more (infinities included).
 */
static u64 f32_trunc_mag(u32 a, bool *big)
{
	u64 m;
	int e;

	*big = false;
	if (f32_is_inf(a)) {
		*big = true;
		return 0;
	}
	if (f32_is_zero(a))
		return 0;
	f32_unpack(a, &m, &e);
	if (e >= 0) {
		if (e > 40) {
			*big = true;
			return 0;
		}
		return m << e;
	}
	return e <= -24 ? 0 : m >> -e;
}

/*
 * Round toward zero and saturate: to [0, pos_max] for a positive value,
 * to [-neg_max, 0] for a negative one (as two's complement); NaN is 0.
 */
static u64 f32_to_int(u32 a, u64 pos_max, u64 neg_max)
{
	bool big;
	u64 mag;

	if (f32_is_nan(a))
		return 0;
	mag = f32_trunc_mag(a, &big);
	if (a & F32_SIGN)
		return 0 - ((big || mag > neg_max) ? neg_max : mag);
	return (big || mag > pos_max) ? pos_max : mag;
}

/**
 * gpsvm_f32_to_s32() - convert binary32 to a signed 32-bit integer
 * @a: the value
 *
 * Return: @a rounded toward zero, saturated to [S32_MIN, S32_MAX]; 0 for
 * NaN.
 */
s32 gpsvm_f32_to_s32(u32 a)
{
	return (s32)f32_to_int(a, S32_MAX, 1ULL << 31);
}

/**
 * gpsvm_f32_to_u32() - convert binary32 to an unsigned 32-bit integer
 * @a: the value
 *
 * Return: @a rounded toward zero, saturated to [0, U32_MAX]; 0 for NaN.
 */
u32 gpsvm_f32_to_u32(u32 a)
{
	return (u32)f32_to_int(a, U32_MAX, 0);
}

/**
 * gpsvm_f32_to_s64() - convert binary32 to a signed 64-bit integer
 * @a: the value
 *
 * Return: @a rounded toward zero, saturated to [S64_MIN, S64_MAX]; 0 for
 * NaN.
 */
s64 gpsvm_f32_to_s64(u32 a)
{
	return (s64)f32_to_int(a, S64_MAX, 1ULL << 63);
}

/**
 * gpsvm_f32_to_u64() - convert binary32 to an unsigned 64-bit integer
 * @a: the value
 *
 * Return: @a rounded toward zero, saturated to [0, U64_MAX]; 0 for NaN.
 */
u64 gpsvm_f32_to_u64(u32 a)
{
	return f32_to_int(a, U64_MAX, 0);
}

#ifdef __KERNEL__
#include <linux/export.h>
#include <kunit/visibility.h>
/* The channel tests compute expected results with it. */
EXPORT_SYMBOL_IF_KUNIT(gpsvm_f32_add);
#endif
