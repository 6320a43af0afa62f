/* SPDX-License-Identifier: MIT */
/*
 * OpenCL C on the host: what the compiler tests need to compile a kernel
 * source as C with the host's clang-15 (-include this file), so that
 * the same source gives the reference results. One work-item at a time:
 * no barriers here, and atomics are the host's.
 */
#ifndef CLC_HOST_H
#define CLC_HOST_H

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __kernel
#define kernel
#define __global
#define global
#define __constant const
#define constant const
#define __private
#define __generic
/*
 * C has no vector literals: cases write VEC(type, n)(elements...), which
 * is (typen)(elements...) in OpenCL C and a compound literal here.
 */
#define CLC_HOST 1
#define VEC(T, n) (T##n)__VEC_INIT
#define __VEC_INIT(...) {__VA_ARGS__}

#define OVL static inline __attribute__((overloadable, unused))

typedef unsigned char uchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;

#define VECS(T) \
	typedef T T##2 __attribute__((ext_vector_type(2))); \
	typedef T T##3 __attribute__((ext_vector_type(3))); \
	typedef T T##4 __attribute__((ext_vector_type(4))); \
	typedef T T##8 __attribute__((ext_vector_type(8))); \
	typedef T T##16 __attribute__((ext_vector_type(16)));
VECS(char)
VECS(uchar)
VECS(short)
VECS(ushort)
VECS(int)
VECS(uint)
VECS(long)
VECS(ulong)
VECS(float)

/* the work-item the harness is running */
extern __thread size_t clc_host_gid[3], clc_host_gsize[3];

OVL size_t get_global_id(uint d) { return d < 3 ? clc_host_gid[d] : 0; }
OVL size_t get_global_size(uint d) { return d < 3 ? clc_host_gsize[d] : 1; }

#define HOST_INT(T, U, W) \
OVL T min(T a, T b) { return a < b ? a : b; } \
OVL T max(T a, T b) { return a > b ? a : b; } \
OVL T clamp(T x, T lo, T hi) { return min(max(x, lo), hi); } \
OVL U abs(T x) { return x < (T)0 ? (U)-x : (U)x; } \
OVL U abs_diff(T x, T y) { return x > y ? (U)x - (U)y : (U)y - (U)x; } \
OVL T popcount(T x) { return (T)__builtin_popcountll((ulong)(U)x); } \
OVL T clz(T x) \
{ \
	return x ? (T)(__builtin_clzll((ulong)(U)x) - (64 - 8 * sizeof(T))) : \
		   (T)(8 * sizeof(T)); \
} \
OVL T ctz(T x) { return x ? (T)__builtin_ctzll((ulong)(U)x) : (T)(8 * sizeof(T)); } \
OVL T rotate(T x, T n) \
{ \
	uint k = (uint)(U)n & (8 * sizeof(T) - 1); \
	return k ? (T)(((U)x << k) | ((U)x >> (8 * sizeof(T) - k))) : x; \
} \
OVL T mul_hi(T x, T y) { return (T)(((W)x * (W)y) >> (8 * sizeof(T))); } \
OVL T add_sat(T x, T y) \
{ \
	T r; \
	if (!__builtin_add_overflow(x, y, &r)) \
		return r; \
	return (T)-1 > 0 || x > 0 ? (T)((U)~(U)0 >> ((T)-1 < 0)) : \
	       (T)~(U)((U)~(U)0 >> 1); \
} \
OVL T sub_sat(T x, T y) \
{ \
	T r; \
	if (!__builtin_sub_overflow(x, y, &r)) \
		return r; \
	if ((T)-1 > 0) \
		return 0; \
	return x >= 0 ? (T)((U)~(U)0 >> 1) : (T)~(U)((U)~(U)0 >> 1); \
} \
OVL T hadd(T x, T y) { return (x >> 1) + (y >> 1) + (x & y & 1); } \
OVL T rhadd(T x, T y) { return (x >> 1) + (y >> 1) + ((x | y) & 1); }

HOST_INT(char, uchar, short)
HOST_INT(uchar, uchar, ushort)
HOST_INT(short, ushort, int)
HOST_INT(ushort, ushort, uint)
HOST_INT(int, uint, long)
HOST_INT(uint, uint, ulong)
HOST_INT(long, ulong, __int128)
HOST_INT(ulong, ulong, unsigned __int128)

OVL float min(float a, float b) { return fminf(a, b); }
OVL float max(float a, float b) { return fmaxf(a, b); }
OVL float clamp(float x, float lo, float hi) { return fminf(fmaxf(x, lo), hi); }
OVL float mad(float a, float b, float c) { return fmaf(a, b, c); }
OVL float4 fabs(float4 x) { return (float4){ fabsf(x.x), fabsf(x.y), fabsf(x.z), fabsf(x.w) }; }
OVL float fabs(float x) { return fabsf(x); }
OVL float floor(float x) { return floorf(x); }
OVL float ceil(float x) { return ceilf(x); }
OVL float trunc(float x) { return truncf(x); }
OVL float rint(float x) { return rintf(x); }
OVL float round(float x) { return roundf(x); }
OVL float sqrt(float x) { return sqrtf(x); }
OVL float fma(float a, float b, float c) { return fmaf(a, b, c); }
OVL float fmin(float a, float b) { return fminf(a, b); }
OVL float fmax(float a, float b) { return fmaxf(a, b); }
OVL float copysign(float a, float b) { return copysignf(a, b); }
#undef isnan
#undef isinf
#undef signbit
OVL int isnan(float x) { return x != x; }
OVL int isinf(float x) { return fabsf(x) == INFINITY; }
OVL int signbit(float x) { return __builtin_signbitf(x) != 0; }
OVL int as_int(float x) { union { float f; int i; } u = { .f = x }; return u.i; }
OVL uint as_uint(float x) { union { float f; uint i; } u = { .f = x }; return u.i; }
OVL float as_float(uint x) { union { uint i; float f; } u = { .i = x }; return u.f; }

#define VLOADSTORE(T) \
OVL T##3 vload3(size_t i, const T *p) { p += 3 * i; return (T##3){ p[0], p[1], p[2] }; } \
OVL T##4 vload4(size_t i, const T *p) { p += 4 * i; return (T##4){ p[0], p[1], p[2], p[3] }; } \
OVL T##8 vload8(size_t i, const T *p) \
{ \
	p += 8 * i; \
	return (T##8){ p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7] }; \
} \
OVL void vstore3(T##3 v, size_t i, T *p) { p += 3 * i; p[0] = v.x; p[1] = v.y; p[2] = v.z; } \
OVL void vstore4(T##4 v, size_t i, T *p) \
{ \
	p += 4 * i; p[0] = v.x; p[1] = v.y; p[2] = v.z; p[3] = v.w; \
}
VLOADSTORE(short)
VLOADSTORE(int)
VLOADSTORE(float)

/* 1.x atomics, one work-item at a time */
#define HOST_ATOM(T) \
OVL T atomic_add(volatile T *p, T v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_sub(volatile T *p, T v) { return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_inc(volatile T *p) { return __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); } \
OVL T atomic_dec(volatile T *p) { return __atomic_fetch_sub(p, 1, __ATOMIC_SEQ_CST); } \
OVL T atomic_xchg(volatile T *p, T v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_and(volatile T *p, T v) { return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_or(volatile T *p, T v) { return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_xor(volatile T *p, T v) { return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); } \
OVL T atomic_min(volatile T *p, T v) { T o = *p; if (v < o) *p = v; return o; } \
OVL T atomic_max(volatile T *p, T v) { T o = *p; if (v > o) *p = v; return o; } \
OVL T atomic_cmpxchg(volatile T *p, T c, T v) \
{ \
	__atomic_compare_exchange_n(p, &c, v, false, __ATOMIC_SEQ_CST, \
				    __ATOMIC_SEQ_CST); \
	return c; \
}
HOST_ATOM(int)
HOST_ATOM(uint)
#define atom_add atomic_add
#define atom_min atomic_min
#define atom_max atomic_max
HOST_ATOM(long)
HOST_ATOM(ulong)

#endif /* CLC_HOST_H */
