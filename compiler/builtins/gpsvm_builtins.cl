// SPDX-License-Identifier: MIT
/*
 * gpsvm OpenCL C builtin library: what OpenCL C's builtins are on the
 * gpsvm ISA. Compiled once by clang-15 (the same target and feature
 * macros as user programs) and linked into every program before LLVM
 * optimises it; every function is always_inline, so at any -O level a
 * builtin is a few instructions in place.
 *
 * The __gpsvm_* functions declared here are the back end's primitives:
 * one ISA instruction each (gpsvm_clc_isel.c, isel_gpsvm_call()).
 */

#define OVL __attribute__((overloadable, always_inline))
#define PRIM __attribute__((const))

/* ---- primitives ---- */

PRIM ulong __gpsvm_s2r(uint sr);
ulong __gpsvm_clock(void);
PRIM uint __gpsvm_ldarg32(uint off);
PRIM ulong __gpsvm_ldarg64(uint off);
void __gpsvm_bar(void);
void __gpsvm_membar_cta(void);
void __gpsvm_membar_gpu(void);
void __gpsvm_membar_sys(void);
void __gpsvm_trap(uint code);
PRIM long __gpsvm_mulhi_s64(long a, long b);
PRIM ulong __gpsvm_mulhi_u64(ulong a, ulong b);

#define ATOM_PRIM(op) \
	uint __gpsvm_atom_##op##_32(volatile __generic void *p, uint v); \
	ulong __gpsvm_atom_##op##_64(volatile __generic void *p, ulong v);
ATOM_PRIM(add)
ATOM_PRIM(sub)
ATOM_PRIM(inc)
ATOM_PRIM(dec)
ATOM_PRIM(min_s)
ATOM_PRIM(min_u)
ATOM_PRIM(max_s)
ATOM_PRIM(max_u)
ATOM_PRIM(and)
ATOM_PRIM(or)
ATOM_PRIM(xor)
ATOM_PRIM(exch)
uint __gpsvm_atom_cas_32(volatile __generic void *p, uint cmp, uint v);
ulong __gpsvm_atom_cas_64(volatile __generic void *p, ulong cmp, ulong v);

/* Special registers (firmware-notes/isa.md 8.4) and the hidden arguments
 * (compiler/README.md). */
#define SR_TID		0
#define SR_NTID		4
#define SR_CTAID	8
#define SR_NCTAID	12
#define ARG_GLOBAL_OFFSET 0
#define ARG_WORK_DIM	24

/* ---- work-item functions ---- */

#define PER_DIM(base, d, other) \
	((d) == 0 ? __gpsvm_s2r((base) + 0) : \
	 (d) == 1 ? __gpsvm_s2r((base) + 1) : \
	 (d) == 2 ? __gpsvm_s2r((base) + 2) : (other))

OVL uint get_work_dim(void)
{
	return __gpsvm_ldarg32(ARG_WORK_DIM);
}

OVL size_t get_local_id(uint d)
{
	return PER_DIM(SR_TID, d, 0);
}

OVL size_t get_local_size(uint d)
{
	return PER_DIM(SR_NTID, d, 1);
}

OVL size_t get_enqueued_local_size(uint d)
{
	return PER_DIM(SR_NTID, d, 1);
}

OVL size_t get_group_id(uint d)
{
	return PER_DIM(SR_CTAID, d, 0);
}

OVL size_t get_num_groups(uint d)
{
	return PER_DIM(SR_NCTAID, d, 1);
}

OVL size_t get_global_size(uint d)
{
	return get_local_size(d) * get_num_groups(d);
}

OVL size_t get_global_offset(uint d)
{
	return d == 0 ? __gpsvm_ldarg64(ARG_GLOBAL_OFFSET) :
	       d == 1 ? __gpsvm_ldarg64(ARG_GLOBAL_OFFSET + 8) :
	       d == 2 ? __gpsvm_ldarg64(ARG_GLOBAL_OFFSET + 16) : 0;
}

OVL size_t get_global_id(uint d)
{
	return get_group_id(d) * get_local_size(d) + get_local_id(d) +
	       get_global_offset(d);
}

OVL size_t get_global_linear_id(void)
{
	return ((get_global_id(2) - get_global_offset(2)) * get_global_size(1) +
		(get_global_id(1) - get_global_offset(1))) * get_global_size(0) +
	       (get_global_id(0) - get_global_offset(0));
}

OVL size_t get_local_linear_id(void)
{
	return (get_local_id(2) * get_local_size(1) + get_local_id(1)) *
	       get_local_size(0) + get_local_id(0);
}

/* ---- synchronisation ---- */

static __attribute__((always_inline)) void membar_scope(memory_scope s)
{
	if (s == memory_scope_work_item)
		return;
	if (s == memory_scope_work_group)
		__gpsvm_membar_cta();
	else if (s == memory_scope_device)
		__gpsvm_membar_gpu();
	else
		__gpsvm_membar_sys();
}

/* BAR includes membar.cta: enough for local and, within the group, global
 * memory; a wider scope needs its own fence. */
OVL void work_group_barrier(cl_mem_fence_flags flags, memory_scope scope)
{
	if (scope == memory_scope_device || scope == memory_scope_all_svm_devices)
		membar_scope(scope);
	__gpsvm_bar();
}

OVL void work_group_barrier(cl_mem_fence_flags flags)
{
	__gpsvm_bar();
}

OVL void barrier(cl_mem_fence_flags flags)
{
	__gpsvm_bar();
}

OVL void mem_fence(cl_mem_fence_flags flags)
{
	__gpsvm_membar_cta();
}

OVL void read_mem_fence(cl_mem_fence_flags flags)
{
	__gpsvm_membar_cta();
}

OVL void write_mem_fence(cl_mem_fence_flags flags)
{
	__gpsvm_membar_cta();
}

OVL void atomic_work_item_fence(cl_mem_fence_flags flags, memory_order order,
				memory_scope scope)
{
	if (order != memory_order_relaxed)
		membar_scope(scope);
}

/* ---- C11 atomics ---- */

static __attribute__((always_inline)) void
fence_before(memory_order o, memory_scope s)
{
	if (o == memory_order_release || o == memory_order_acq_rel ||
	    o == memory_order_seq_cst)
		membar_scope(s);
}

static __attribute__((always_inline)) void
fence_after(memory_order o, memory_scope s)
{
	if (o == memory_order_acquire || o == memory_order_acq_rel ||
	    o == memory_order_seq_cst)
		membar_scope(s);
}

#define DEF_ORDER memory_order_seq_cst
#define DEF_SCOPE memory_scope_device

/* load, store, exchange, compare-exchange on an atomic type A of value
 * type C, through the W-bit primitives on bits type U */
#define ATOMIC_BASIC(A, C, U, W) \
OVL void atomic_init(volatile __generic A *p, C v) \
{ \
	*(volatile __generic C *)p = v; \
} \
OVL void atomic_store_explicit(volatile __generic A *p, C v, \
			       memory_order o, memory_scope s) \
{ \
	fence_before(o, s); \
	*(volatile __generic C *)p = v; \
	if (o == memory_order_seq_cst) \
		membar_scope(s); \
} \
OVL void atomic_store_explicit(volatile __generic A *p, C v, memory_order o) \
{ \
	atomic_store_explicit(p, v, o, DEF_SCOPE); \
} \
OVL void atomic_store(volatile __generic A *p, C v) \
{ \
	atomic_store_explicit(p, v, DEF_ORDER, DEF_SCOPE); \
} \
OVL C atomic_load_explicit(volatile __generic A *p, memory_order o, \
			   memory_scope s) \
{ \
	C v; \
	if (o == memory_order_seq_cst) \
		membar_scope(s); \
	v = *(volatile __generic C *)p; \
	fence_after(o, s); \
	return v; \
} \
OVL C atomic_load_explicit(volatile __generic A *p, memory_order o) \
{ \
	return atomic_load_explicit(p, o, DEF_SCOPE); \
} \
OVL C atomic_load(volatile __generic A *p) \
{ \
	return atomic_load_explicit(p, DEF_ORDER, DEF_SCOPE); \
} \
OVL C atomic_exchange_explicit(volatile __generic A *p, C v, \
			       memory_order o, memory_scope s) \
{ \
	U r; \
	fence_before(o, s); \
	r = __gpsvm_atom_exch_##W(p, as_##U(v)); \
	fence_after(o, s); \
	return as_##C(r); \
} \
OVL C atomic_exchange_explicit(volatile __generic A *p, C v, memory_order o) \
{ \
	return atomic_exchange_explicit(p, v, o, DEF_SCOPE); \
} \
OVL C atomic_exchange(volatile __generic A *p, C v) \
{ \
	return atomic_exchange_explicit(p, v, DEF_ORDER, DEF_SCOPE); \
} \
OVL bool atomic_compare_exchange_strong_explicit(volatile __generic A *p, \
		__generic C *expected, C desired, memory_order so, \
		memory_order fo, memory_scope s) \
{ \
	U e = as_##U(*expected), old; \
	fence_before(so, s); \
	old = __gpsvm_atom_cas_##W(p, e, as_##U(desired)); \
	fence_after(old == e ? so : fo, s); \
	if (old == e) \
		return true; \
	*expected = as_##C(old); \
	return false; \
} \
OVL bool atomic_compare_exchange_strong_explicit(volatile __generic A *p, \
		__generic C *expected, C desired, memory_order so, \
		memory_order fo) \
{ \
	return atomic_compare_exchange_strong_explicit(p, expected, desired, \
						       so, fo, DEF_SCOPE); \
} \
OVL bool atomic_compare_exchange_strong(volatile __generic A *p, \
		__generic C *expected, C desired) \
{ \
	return atomic_compare_exchange_strong_explicit(p, expected, desired, \
			DEF_ORDER, DEF_ORDER, DEF_SCOPE); \
} \
OVL bool atomic_compare_exchange_weak_explicit(volatile __generic A *p, \
		__generic C *expected, C desired, memory_order so, \
		memory_order fo, memory_scope s) \
{ \
	return atomic_compare_exchange_strong_explicit(p, expected, desired, \
						       so, fo, s); \
} \
OVL bool atomic_compare_exchange_weak_explicit(volatile __generic A *p, \
		__generic C *expected, C desired, memory_order so, \
		memory_order fo) \
{ \
	return atomic_compare_exchange_strong_explicit(p, expected, desired, \
						       so, fo, DEF_SCOPE); \
} \
OVL bool atomic_compare_exchange_weak(volatile __generic A *p, \
		__generic C *expected, C desired) \
{ \
	return atomic_compare_exchange_strong_explicit(p, expected, desired, \
			DEF_ORDER, DEF_ORDER, DEF_SCOPE); \
}

ATOMIC_BASIC(atomic_int, int, uint, 32)
ATOMIC_BASIC(atomic_uint, uint, uint, 32)
ATOMIC_BASIC(atomic_float, float, uint, 32)
ATOMIC_BASIC(atomic_long, long, ulong, 64)
ATOMIC_BASIC(atomic_ulong, ulong, ulong, 64)

/* fetch-and-op: OP names the primitive for A with operand type M */
#define ATOMIC_FETCH(name, A, C, M, prim, U, W) \
OVL C atomic_fetch_##name##_explicit(volatile __generic A *p, M v, \
				     memory_order o, memory_scope s) \
{ \
	U r; \
	fence_before(o, s); \
	r = __gpsvm_atom_##prim##_##W(p, (U)v); \
	fence_after(o, s); \
	return (C)r; \
} \
OVL C atomic_fetch_##name##_explicit(volatile __generic A *p, M v, \
				     memory_order o) \
{ \
	return atomic_fetch_##name##_explicit(p, v, o, DEF_SCOPE); \
} \
OVL C atomic_fetch_##name(volatile __generic A *p, M v) \
{ \
	return atomic_fetch_##name##_explicit(p, v, DEF_ORDER, DEF_SCOPE); \
}

#define ATOMIC_FETCH_ALL(A, C, U, W, S) \
	ATOMIC_FETCH(add, A, C, C, add, U, W) \
	ATOMIC_FETCH(sub, A, C, C, sub, U, W) \
	ATOMIC_FETCH(or, A, C, C, or, U, W) \
	ATOMIC_FETCH(xor, A, C, C, xor, U, W) \
	ATOMIC_FETCH(and, A, C, C, and, U, W) \
	ATOMIC_FETCH(min, A, C, C, min_##S, U, W) \
	ATOMIC_FETCH(max, A, C, C, max_##S, U, W)

ATOMIC_FETCH_ALL(atomic_int, int, uint, 32, s)
ATOMIC_FETCH_ALL(atomic_uint, uint, uint, 32, u)
ATOMIC_FETCH_ALL(atomic_long, long, ulong, 64, s)
ATOMIC_FETCH_ALL(atomic_ulong, ulong, ulong, 64, u)
/* atomic_uintptr_t += ptrdiff_t */
ATOMIC_FETCH(add, atomic_ulong, ulong, long, add, ulong, 64)
ATOMIC_FETCH(sub, atomic_ulong, ulong, long, sub, ulong, 64)

OVL bool atomic_flag_test_and_set_explicit(volatile __generic atomic_flag *p,
					   memory_order o, memory_scope s)
{
	uint r;

	fence_before(o, s);
	r = __gpsvm_atom_exch_32(p, 1);
	fence_after(o, s);
	return r != 0;
}

OVL bool atomic_flag_test_and_set_explicit(volatile __generic atomic_flag *p,
					   memory_order o)
{
	return atomic_flag_test_and_set_explicit(p, o, DEF_SCOPE);
}

OVL bool atomic_flag_test_and_set(volatile __generic atomic_flag *p)
{
	return atomic_flag_test_and_set_explicit(p, DEF_ORDER, DEF_SCOPE);
}

OVL void atomic_flag_clear_explicit(volatile __generic atomic_flag *p,
				    memory_order o, memory_scope s)
{
	atomic_store_explicit((volatile __generic atomic_int *)p, 0, o, s);
}

OVL void atomic_flag_clear_explicit(volatile __generic atomic_flag *p,
				    memory_order o)
{
	atomic_flag_clear_explicit(p, o, DEF_SCOPE);
}

OVL void atomic_flag_clear(volatile __generic atomic_flag *p)
{
	atomic_flag_clear_explicit(p, DEF_ORDER, DEF_SCOPE);
}

/* ---- OpenCL 1.x atomics (relaxed) on __global and __local ---- */

#define ATOM1(name, AS, T, prim, W, U) \
OVL T name(volatile AS T *p, T v) \
{ \
	return (T)__gpsvm_atom_##prim##_##W(p, (U)v); \
}

#define ATOM1_ALL(pre, AS, T, W, U, S) \
	ATOM1(pre##_add, AS, T, add, W, U) \
	ATOM1(pre##_sub, AS, T, sub, W, U) \
	ATOM1(pre##_xchg, AS, T, exch, W, U) \
	ATOM1(pre##_min, AS, T, min_##S, W, U) \
	ATOM1(pre##_max, AS, T, max_##S, W, U) \
	ATOM1(pre##_and, AS, T, and, W, U) \
	ATOM1(pre##_or, AS, T, or, W, U) \
	ATOM1(pre##_xor, AS, T, xor, W, U) \
OVL T pre##_inc(volatile AS T *p) \
{ \
	return (T)__gpsvm_atom_add_##W(p, 1); \
} \
OVL T pre##_dec(volatile AS T *p) \
{ \
	return (T)__gpsvm_atom_sub_##W(p, 1); \
} \
OVL T pre##_cmpxchg(volatile AS T *p, T cmp, T v) \
{ \
	return (T)__gpsvm_atom_cas_##W(p, (U)cmp, (U)v); \
}

ATOM1_ALL(atomic, __global, int, 32, uint, s)
ATOM1_ALL(atomic, __global, uint, 32, uint, u)
ATOM1_ALL(atomic, __local, int, 32, uint, s)
ATOM1_ALL(atomic, __local, uint, 32, uint, u)
ATOM1_ALL(atom, __global, int, 32, uint, s)
ATOM1_ALL(atom, __global, uint, 32, uint, u)
ATOM1_ALL(atom, __local, int, 32, uint, s)
ATOM1_ALL(atom, __local, uint, 32, uint, u)
ATOM1_ALL(atom, __global, long, 64, ulong, s)
ATOM1_ALL(atom, __global, ulong, 64, ulong, u)
ATOM1_ALL(atom, __local, long, 64, ulong, s)
ATOM1_ALL(atom, __local, ulong, 64, ulong, u)

OVL float atomic_xchg(volatile __global float *p, float v)
{
	return as_float(__gpsvm_atom_exch_32(p, as_uint(v)));
}

OVL float atomic_xchg(volatile __local float *p, float v)
{
	return as_float(__gpsvm_atom_exch_32(p, as_uint(v)));
}

/* ---- element-wise builtins: scalar definitions, vectors from them ---- */

#define V1(R, name, T, body) \
OVL R name(T x) body
#define VEC1(R, name, T) \
OVL R##2 name(T##2 x) { return (R##2)(name(x.s0), name(x.s1)); } \
OVL R##3 name(T##3 x) { return (R##3)(name(x.s0), name(x.s1), name(x.s2)); } \
OVL R##4 name(T##4 x) { return (R##4)(name(x.lo), name(x.hi)); } \
OVL R##8 name(T##8 x) { return (R##8)(name(x.lo), name(x.hi)); } \
OVL R##16 name(T##16 x) { return (R##16)(name(x.lo), name(x.hi)); }
#define VEC2(R, name, T) \
OVL R##2 name(T##2 x, T##2 y) { return (R##2)(name(x.s0, y.s0), name(x.s1, y.s1)); } \
OVL R##3 name(T##3 x, T##3 y) { return (R##3)(name(x.s0, y.s0), name(x.s1, y.s1), name(x.s2, y.s2)); } \
OVL R##4 name(T##4 x, T##4 y) { return (R##4)(name(x.lo, y.lo), name(x.hi, y.hi)); } \
OVL R##8 name(T##8 x, T##8 y) { return (R##8)(name(x.lo, y.lo), name(x.hi, y.hi)); } \
OVL R##16 name(T##16 x, T##16 y) { return (R##16)(name(x.lo, y.lo), name(x.hi, y.hi)); }
#define VEC3(R, name, T) \
OVL R##2 name(T##2 x, T##2 y, T##2 z) { return (R##2)(name(x.s0, y.s0, z.s0), name(x.s1, y.s1, z.s1)); } \
OVL R##3 name(T##3 x, T##3 y, T##3 z) { return (R##3)(name(x.s0, y.s0, z.s0), name(x.s1, y.s1, z.s1), name(x.s2, y.s2, z.s2)); } \
OVL R##4 name(T##4 x, T##4 y, T##4 z) { return (R##4)(name(x.lo, y.lo, z.lo), name(x.hi, y.hi, z.hi)); } \
OVL R##8 name(T##8 x, T##8 y, T##8 z) { return (R##8)(name(x.lo, y.lo, z.lo), name(x.hi, y.hi, z.hi)); } \
OVL R##16 name(T##16 x, T##16 y, T##16 z) { return (R##16)(name(x.lo, y.lo, z.lo), name(x.hi, y.hi, z.hi)); }
/* vector x with scalar y (min, max, clamp's bounds) */
#define VEC2S(R, name, T) \
OVL R##2 name(T##2 x, T y) { return name(x, (T##2)(y)); } \
OVL R##3 name(T##3 x, T y) { return name(x, (T##3)(y)); } \
OVL R##4 name(T##4 x, T y) { return name(x, (T##4)(y)); } \
OVL R##8 name(T##8 x, T y) { return name(x, (T##8)(y)); } \
OVL R##16 name(T##16 x, T y) { return name(x, (T##16)(y)); }
#define VEC3S(R, name, T) \
OVL R##2 name(T##2 x, T y, T z) { return name(x, (T##2)(y), (T##2)(z)); } \
OVL R##3 name(T##3 x, T y, T z) { return name(x, (T##3)(y), (T##3)(z)); } \
OVL R##4 name(T##4 x, T y, T z) { return name(x, (T##4)(y), (T##4)(z)); } \
OVL R##8 name(T##8 x, T y, T z) { return name(x, (T##8)(y), (T##8)(z)); } \
OVL R##16 name(T##16 x, T y, T z) { return name(x, (T##16)(y), (T##16)(z)); }

#define FOR_INT_TYPES(M, ...) \
	M(char, uchar, __VA_ARGS__) M(uchar, uchar, __VA_ARGS__) \
	M(short, ushort, __VA_ARGS__) M(ushort, ushort, __VA_ARGS__) \
	M(int, uint, __VA_ARGS__) M(uint, uint, __VA_ARGS__) \
	M(long, ulong, __VA_ARGS__) M(ulong, ulong, __VA_ARGS__)

/* integer functions */
#define INT_FUNCS(T, U, _) \
OVL T min(T x, T y) { return x < y ? x : y; } VEC2(T, min, T) VEC2S(T, min, T) \
OVL T max(T x, T y) { return x > y ? x : y; } VEC2(T, max, T) VEC2S(T, max, T) \
OVL T clamp(T x, T lo, T hi) { return min(max(x, lo), hi); } \
	VEC3(T, clamp, T) VEC3S(T, clamp, T) \
OVL U abs(T x) { return x < (T)0 ? (U)-x : (U)x; } VEC1(U, abs, T) \
OVL U abs_diff(T x, T y) { return x > y ? (U)x - (U)y : (U)y - (U)x; } \
	VEC2(U, abs_diff, T) \
OVL T popcount(T x) { return (T)__builtin_popcountl((ulong)(U)x); } \
	VEC1(T, popcount, T) \
OVL T clz(T x) \
{ \
	return x ? (T)(__builtin_clzl((ulong)(U)x) - (64 - 8 * sizeof(T))) : \
		   (T)(8 * sizeof(T)); \
} \
VEC1(T, clz, T) \
OVL T ctz(T x) { return x ? (T)__builtin_ctzl((ulong)(U)x) : (T)(8 * sizeof(T)); } \
	VEC1(T, ctz, T) \
OVL T rotate(T x, T n) \
{ \
	uint k = (uint)(U)n & (8 * sizeof(T) - 1); \
	return k ? (T)(((U)x << k) | ((U)x >> (8 * sizeof(T) - k))) : x; \
} \
VEC2(T, rotate, T)

FOR_INT_TYPES(INT_FUNCS, 0)

#define HI_FUNCS(T, U, W, S) \
OVL T mul_hi(T x, T y) { return (T)(((W)x * (W)y) >> (8 * sizeof(T))); } \
	VEC2(T, mul_hi, T) \
OVL T mad_hi(T x, T y, T z) { return mul_hi(x, y) + z; } VEC3(T, mad_hi, T) \
OVL T hadd(T x, T y) { return (x >> 1) + (y >> 1) + (x & y & 1); } \
	VEC2(T, hadd, T) \
OVL T rhadd(T x, T y) { return (x >> 1) + (y >> 1) + ((x | y) & 1); } \
	VEC2(T, rhadd, T) \

#define UCHAR_MIN 0
#define USHORT_MIN 0
#define UINT_MIN 0
#define USHRT_MIN 0
/* saturating add and subtract: unsigned types saturate at 0 and MAX */
#define SAT_FUNCS(T, U, _) \
OVL T add_sat(T x, T y) \
{ \
	T r; \
	if (!__builtin_add_overflow(x, y, &r)) \
		return r; \
	return (T)-1 > 0 || x > 0 ? (T)((U)~(U)0 >> ((T)-1 < 0)) : \
	       (T)~(U)((U)~(U)0 >> 1); \
} \
VEC2(T, add_sat, T) \
OVL T sub_sat(T x, T y) \
{ \
	T r; \
	if (!__builtin_sub_overflow(x, y, &r)) \
		return r; \
	if ((T)-1 > 0) \
		return 0; \
	return x >= 0 ? (T)((U)~(U)0 >> 1) : (T)~(U)((U)~(U)0 >> 1); \
} \
VEC2(T, sub_sat, T)
FOR_INT_TYPES(SAT_FUNCS, 0)

HI_FUNCS(char, uchar, short, CHAR)
HI_FUNCS(uchar, uchar, ushort, UCHAR)
HI_FUNCS(short, ushort, int, SHRT)
HI_FUNCS(ushort, ushort, uint, USHRT)
HI_FUNCS(int, uint, long, INT)
HI_FUNCS(uint, uint, ulong, UINT)

OVL long mul_hi(long x, long y)
{
	return __gpsvm_mulhi_s64(x, y);
}
VEC2(long, mul_hi, long)
OVL ulong mul_hi(ulong x, ulong y)
{
	return __gpsvm_mulhi_u64(x, y);
}
VEC2(ulong, mul_hi, ulong)
OVL long hadd(long x, long y) { return (x >> 1) + (y >> 1) + (x & y & 1); }
VEC2(long, hadd, long)
OVL ulong hadd(ulong x, ulong y) { return (x >> 1) + (y >> 1) + (x & y & 1); }
VEC2(ulong, hadd, ulong)
OVL long rhadd(long x, long y) { return (x >> 1) + (y >> 1) + ((x | y) & 1); }
VEC2(long, rhadd, long)
OVL ulong rhadd(ulong x, ulong y) { return (x >> 1) + (y >> 1) + ((x | y) & 1); }
VEC2(ulong, rhadd, ulong)
OVL long mad_hi(long x, long y, long z) { return mul_hi(x, y) + z; }
VEC3(long, mad_hi, long)
OVL ulong mad_hi(ulong x, ulong y, ulong z) { return mul_hi(x, y) + z; }
VEC3(ulong, mad_hi, ulong)

OVL int mul24(int x, int y) { return x * y; }
VEC2(int, mul24, int)
OVL uint mul24(uint x, uint y) { return x * y; }
VEC2(uint, mul24, uint)
OVL int mad24(int x, int y, int z) { return x * y + z; }
VEC3(int, mad24, int)
OVL uint mad24(uint x, uint y, uint z) { return x * y + z; }
VEC3(uint, mad24, uint)

/* ---- float: common and the math the ISA has ---- */

#define F1(name, expr) OVL float name(float x) { return expr; } VEC1(float, name, float)
#define F2(name, expr) OVL float name(float x, float y) { return expr; } VEC2(float, name, float)
#define F3(name, expr) OVL float name(float x, float y, float z) { return expr; } VEC3(float, name, float)

F1(fabs, __builtin_fabsf(x))
F1(floor, __builtin_floorf(x))
F1(ceil, __builtin_ceilf(x))
F1(trunc, __builtin_truncf(x))
F1(rint, __builtin_rintf(x))
/* halfway cases away from zero; x - trunc(x) is exact */
F1(round, __builtin_fabsf(x - __builtin_truncf(x)) >= 0.5f ?
	  __builtin_truncf(x) + __builtin_copysignf(1.0f, x) : __builtin_truncf(x))
F1(sqrt, __builtin_sqrtf(x))
F1(native_sqrt, __builtin_sqrtf(x))
F1(half_sqrt, __builtin_sqrtf(x))
F1(native_recip, 1.0f / x)
F1(half_recip, 1.0f / x)
F1(radians, x * (M_PI_F / 180.0f))
F1(degrees, x * (180.0f / M_PI_F))
F1(sign, x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x != x ? 0.0f : x)
F2(fmin, __builtin_fminf(x, y))
F2(fmax, __builtin_fmaxf(x, y))
F2(copysign, __builtin_copysignf(x, y))
F2(native_divide, x / y)
F2(half_divide, x / y)
F2(step, y < x ? 0.0f : 1.0f)
F2(fdim, x != x || y != y ? x + y : x > y ? x - y : 0.0f)
F2(maxmag, __builtin_fabsf(x) > __builtin_fabsf(y) ? x : __builtin_fabsf(y) > __builtin_fabsf(x) ? y : __builtin_fmaxf(x, y))
F2(minmag, __builtin_fabsf(x) < __builtin_fabsf(y) ? x : __builtin_fabsf(y) < __builtin_fabsf(x) ? y : __builtin_fminf(x, y))
F3(fma, __builtin_fmaf(x, y, z))
F3(mad, __builtin_fmaf(x, y, z))
F3(clamp, __builtin_fminf(__builtin_fmaxf(x, y), z))
F3(mix, x + (y - x) * z)
VEC2S(float, fmin, float)
VEC2S(float, fmax, float)
VEC3S(float, clamp, float)

OVL float min(float x, float y) { return __builtin_fminf(x, y); }
VEC2(float, min, float)
VEC2S(float, min, float)
OVL float max(float x, float y) { return __builtin_fmaxf(x, y); }
VEC2(float, max, float)
VEC2S(float, max, float)

OVL float smoothstep(float e0, float e1, float x)
{
	float t = clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);

	return t * t * (3.0f - 2.0f * t);
}
VEC3(float, smoothstep, float)

/* relational: scalar 1/0, vector -1/0 */
#define REL1(name, expr) \
OVL int name(float x) { return expr; } \
OVL int2 name(float2 x) { return -(int2)(name(x.s0), name(x.s1)); } \
OVL int3 name(float3 x) { return -(int3)(name(x.s0), name(x.s1), name(x.s2)); } \
OVL int4 name(float4 x) { return (int4)(name(x.lo), name(x.hi)); } \
OVL int8 name(float8 x) { return (int8)(name(x.lo), name(x.hi)); } \
OVL int16 name(float16 x) { return (int16)(name(x.lo), name(x.hi)); }
#define REL2(name, expr) \
OVL int name(float x, float y) { return expr; } \
OVL int2 name(float2 x, float2 y) { return -(int2)(name(x.s0, y.s0), name(x.s1, y.s1)); } \
OVL int3 name(float3 x, float3 y) { return -(int3)(name(x.s0, y.s0), name(x.s1, y.s1), name(x.s2, y.s2)); } \
OVL int4 name(float4 x, float4 y) { return (int4)(name(x.lo, y.lo), name(x.hi, y.hi)); } \
OVL int8 name(float8 x, float8 y) { return (int8)(name(x.lo, y.lo), name(x.hi, y.hi)); } \
OVL int16 name(float16 x, float16 y) { return (int16)(name(x.lo, y.lo), name(x.hi, y.hi)); }

REL1(isnan, x != x)
REL1(isinf, __builtin_fabsf(x) == INFINITY)
REL1(isfinite, __builtin_fabsf(x) < INFINITY)
REL1(isnormal, __builtin_fabsf(x) < INFINITY && __builtin_fabsf(x) >= FLT_MIN)
REL1(signbit, (int)(as_uint(x) >> 31))
REL2(isequal, x == y)
REL2(isnotequal, x != y)
REL2(isgreater, x > y)
REL2(isgreaterequal, x >= y)
REL2(isless, x < y)
REL2(islessequal, x <= y)
REL2(islessgreater, x < y || x > y)
REL2(isordered, x == x && y == y)
REL2(isunordered, x != x || y != y)

#define ANYALL(T) \
OVL int any(T x) { return x < 0; } \
OVL int all(T x) { return x < 0; } \
OVL int any(T##2 x) { return (x.s0 | x.s1) < 0; } \
OVL int all(T##2 x) { return (x.s0 & x.s1) < 0; } \
OVL int any(T##3 x) { return (x.s0 | x.s1 | x.s2) < 0; } \
OVL int all(T##3 x) { return (x.s0 & x.s1 & x.s2) < 0; } \
OVL int any(T##4 x) { return (x.s0 | x.s1 | x.s2 | x.s3) < 0; } \
OVL int all(T##4 x) { return (x.s0 & x.s1 & x.s2 & x.s3) < 0; } \
OVL int any(T##8 x) { return any(x.lo) | any(x.hi); } \
OVL int all(T##8 x) { return all(x.lo) & all(x.hi); } \
OVL int any(T##16 x) { return any(x.lo) | any(x.hi); } \
OVL int all(T##16 x) { return all(x.lo) & all(x.hi); }
ANYALL(char)
ANYALL(short)
ANYALL(int)
ANYALL(long)

/* select: scalar by any bit set, vector by the most significant bit */
#define SELECT(T, C) \
OVL T select(T a, T b, C c) { return c ? b : a; }
SELECT(char, char) SELECT(char, uchar) SELECT(uchar, char) SELECT(uchar, uchar)
SELECT(short, short) SELECT(short, ushort) SELECT(ushort, short) SELECT(ushort, ushort)
SELECT(int, int) SELECT(int, uint) SELECT(uint, int) SELECT(uint, uint)
SELECT(long, long) SELECT(long, ulong) SELECT(ulong, long) SELECT(ulong, ulong)
SELECT(float, int) SELECT(float, uint)
/* vectors: by the most significant bit of each element of c */
#define SELECT_V(T, C, S, N) \
OVL T##N select(T##N a, T##N b, C##N c) { return as_##S##N(c) < (S)0 ? b : a; }
#define SELECT_VS(T, C, S) \
	SELECT_V(T, C, S, 2) SELECT_V(T, C, S, 3) SELECT_V(T, C, S, 4) \
	SELECT_V(T, C, S, 8) SELECT_V(T, C, S, 16)
SELECT_VS(char, char, char) SELECT_VS(char, uchar, char)
SELECT_VS(uchar, char, char) SELECT_VS(uchar, uchar, char)
SELECT_VS(short, short, short) SELECT_VS(short, ushort, short)
SELECT_VS(ushort, short, short) SELECT_VS(ushort, ushort, short)
SELECT_VS(int, int, int) SELECT_VS(int, uint, int)
SELECT_VS(uint, int, int) SELECT_VS(uint, uint, int)
SELECT_VS(long, long, long) SELECT_VS(long, ulong, long)
SELECT_VS(ulong, long, long) SELECT_VS(ulong, ulong, long)
SELECT_VS(float, int, int) SELECT_VS(float, uint, int)

/* bitselect: the bits of b where c has ones, else of a */
#define BITSELECT(T) \
OVL T bitselect(T a, T b, T c) { return (a & ~c) | (b & c); } VEC3(T, bitselect, T)
BITSELECT(char) BITSELECT(uchar) BITSELECT(short) BITSELECT(ushort)
BITSELECT(int) BITSELECT(uint) BITSELECT(long) BITSELECT(ulong)
OVL float bitselect(float a, float b, float c)
{
	return as_float(bitselect(as_uint(a), as_uint(b), as_uint(c)));
}
VEC3(float, bitselect, float)

/* ---- vload / vstore, element by element (a vec3 is 3 elements in memory) ---- */

#define VLOAD(T, AS) \
OVL T##2 vload2(size_t i, const AS T *p) { p += 2 * i; return (T##2)(p[0], p[1]); } \
OVL T##3 vload3(size_t i, const AS T *p) { p += 3 * i; return (T##3)(p[0], p[1], p[2]); } \
OVL T##4 vload4(size_t i, const AS T *p) { p += 4 * i; return (T##4)(p[0], p[1], p[2], p[3]); } \
OVL T##8 vload8(size_t i, const AS T *p) { p += 8 * i; return (T##8)(vload4(0, p), vload4(1, p)); } \
OVL T##16 vload16(size_t i, const AS T *p) { p += 16 * i; return (T##16)(vload8(0, p), vload8(1, p)); }
#define VSTORE(T, AS) \
OVL void vstore2(T##2 v, size_t i, AS T *p) { p += 2 * i; p[0] = v.s0; p[1] = v.s1; } \
OVL void vstore3(T##3 v, size_t i, AS T *p) { p += 3 * i; p[0] = v.s0; p[1] = v.s1; p[2] = v.s2; } \
OVL void vstore4(T##4 v, size_t i, AS T *p) { p += 4 * i; p[0] = v.s0; p[1] = v.s1; p[2] = v.s2; p[3] = v.s3; } \
OVL void vstore8(T##8 v, size_t i, AS T *p) { p += 8 * i; vstore4(v.lo, 0, p); vstore4(v.hi, 1, p); } \
OVL void vstore16(T##16 v, size_t i, AS T *p) { p += 16 * i; vstore8(v.lo, 0, p); vstore8(v.hi, 1, p); }
/* OpenCL C 1.2 programs name the address space, 2.0 and later generic */
#define VLS_ALL(T) \
	VLOAD(T, __generic) VLOAD(T, __global) VLOAD(T, __local) \
	VLOAD(T, __private) VLOAD(T, __constant) \
	VSTORE(T, __generic) VSTORE(T, __global) VSTORE(T, __local) \
	VSTORE(T, __private)
VLS_ALL(char)
VLS_ALL(uchar)
VLS_ALL(short)
VLS_ALL(ushort)
VLS_ALL(int)
VLS_ALL(uint)
VLS_ALL(long)
VLS_ALL(ulong)
VLS_ALL(float)

/* ---- what libclc (linked after this library) leaves to us ---- */

F1(rsqrt, 1.0f / __builtin_sqrtf(x))
F1(native_rsqrt, 1.0f / __builtin_sqrtf(x))
F1(half_rsqrt, 1.0f / __builtin_sqrtf(x))

/* native_ functions: the full-precision ones (libclc's) */
#define NATIVE1(name) F1(native_##name, name(x))
NATIVE1(sin)
NATIVE1(cos)
NATIVE1(tan)
NATIVE1(exp)
NATIVE1(exp2)
NATIVE1(exp10)
NATIVE1(log)
NATIVE1(log2)
NATIVE1(log10)
F2(native_powr, powr(x, y))
/* half_ functions: the full-precision ones */
#define HALF1(name) F1(half_##name, name(x))
HALF1(cos)
HALF1(sin)
HALF1(tan)
HALF1(exp)
HALF1(exp2)
HALF1(exp10)
HALF1(log)
HALF1(log2)
HALF1(log10)
F2(half_powr, powr(x, y))

OVL float nextafter(float x, float y)
{
	int ix = as_int(x), iy = as_int(y);

	if (x != x || y != y)
		return x + y;
	if (x == y)
		return y;
	if (x == 0.0f)
		return as_float((iy & 0x80000000) | 1);
	/* away from zero when x and y - x have the same sign */
	return as_float((x < y) == (x > 0.0f) ? ix + 1 : ix - 1);
}
VEC2(float, nextafter, float)

OVL float nan(uint code)
{
	return as_float(0x7fc00000 | (code & 0x3fffff));
}

OVL ushort upsample(uchar hi, uchar lo) { return (ushort)hi << 8 | lo; }
OVL short upsample(char hi, uchar lo) { return (short)((ushort)(uchar)hi << 8 | lo); }
OVL uint upsample(ushort hi, ushort lo) { return (uint)hi << 16 | lo; }
OVL int upsample(short hi, ushort lo) { return (int)((uint)(ushort)hi << 16 | lo); }
OVL ulong upsample(uint hi, uint lo) { return (ulong)hi << 32 | lo; }
OVL long upsample(int hi, uint lo) { return (long)((ulong)(uint)hi << 32 | lo); }

/*
 * Functions with an output pointer: libclc has them for the private,
 * global and local spaces; a generic pointer goes through a private
 * temporary.
 */
#define PTR1(name, T, P) \
T __attribute__((overloadable)) name(T x, __private P *p); \
OVL T name(T x, __generic P *p) \
{ \
	P t; \
	T r = name(x, &t); \
	*p = t; \
	return r; \
}
#define PTR2(name, T, P) \
T __attribute__((overloadable)) name(T x, T y, __private P *p); \
OVL T name(T x, T y, __generic P *p) \
{ \
	P t; \
	T r = name(x, y, &t); \
	*p = t; \
	return r; \
}
#define PTR_ALL(M, name, S) \
	M(name, float, S) M(name, float2, S##2) M(name, float3, S##3) \
	M(name, float4, S##4) M(name, float8, S##8) M(name, float16, S##16)
PTR_ALL(PTR1, frexp, int)
PTR_ALL(PTR1, lgamma_r, int)
PTR_ALL(PTR1, modf, float)
PTR_ALL(PTR1, fract, float)
PTR_ALL(PTR1, sincos, float)
PTR_ALL(PTR2, remquo, int)

/*
 * tgamma: libclc's is beyond OpenCL's 16 ulp (about 35 ulp near 8, 50
 * near 0, wrong at -0), so ours replaces it. For x >= 1, Gamma(x) is
 * Gamma(1 + t) (t = x - floor(x)) times the factors x - 1, ..., t + 1,
 * each exact, multiplied in double-float; 1 / Gamma(1 + t) is the Taylor
 * series of 1 / Gamma (Abramowitz and Stegun 6.1.34). Negative x goes
 * through the reflection formula.
 */
static __attribute__((always_inline)) float rgamma1p(float t)
{
	/* sum of c[k] t^(k - 1), k = 20 .. 2, then + 1 */
	const float c[19] = {
		0.5772156649015329f, -0.6558780715202538f, -0.0420026350340952f,
		0.1665386113822915f, -0.0421977345555443f, -0.0096219715278770f,
		0.0072189432466630f, -0.0011651675918591f, -0.0002152416741149f,
		0.0001280502823882f, -0.0000201348547807f, -0.0000012504934821f,
		0.0000011330272320f, -0.0000002056338417f, 0.0000000061160950f,
		0.0000000050020075f, -0.0000000011812746f, 0.0000000001043427f,
		0.0000000000077823f,
	};
	float s = c[18];

	for (int k = 17; k >= 0; k--)
		s = __builtin_fmaf(s, t, c[k]);
	return __builtin_fmaf(s, t, 1.0f);
}

/* Gamma(x) for x >= 1 (inf past 35.04) */
static __attribute__((always_inline)) float gamma_ge1(float x)
{
	float n = __builtin_floorf(x), t = x - n, ph = 1.0f, pl = 0.0f;

	for (float f = x - 1.0f; f >= 1.0f; f -= 1.0f) {
		float h = ph * f;
		float l = __builtin_fmaf(ph, f, -h) + pl * f;

		ph = h + l;
		pl = l - (ph - h);
	}
	return (ph + pl) / rgamma1p(t);
}

OVL float tgamma(float x)
{
	float ax = __builtin_fabsf(x);

	if (x != x || x == INFINITY)
		return x;
	if (x == 0.0f)
		return __builtin_copysignf(INFINITY, x);
	if (ax < 0x1p-20f)	/* 1/x - Euler's gamma, the rest below an ulp */
		return 1.0f / x - 0.57721566f;
	if (x > 35.5f)
		return INFINITY;
	if (x >= 1.0f)
		return gamma_ge1(x);
	if (x > 0.0f)
		return 1.0f / (rgamma1p(x) * x);
	if (x == __builtin_floorf(x))
		return NAN;	/* the poles, and -inf */
	if (x < -34.0f) {
		/* |tgamma| underflows; its sign alternates between integers */
		return ((int)__builtin_floorf(x) & 1) ? -0.0f : 0.0f;
	}
	/* Gamma(x) = pi / (sinpi(x) (-x) Gamma(-x)) */
	return M_PI_F / sinpi(x) / ax / (ax >= 1.0f ? gamma_ge1(ax) :
					 1.0f / (rgamma1p(ax) * ax));
}
VEC1(float, tgamma, float)

/*
 * ---- convert_<type><n>[_sat][_rte|_rtz|_rtp|_rtn] ----
 *
 * Scalars by the rules of OpenCL 6.4.3, vectors element by element.
 * Integer to integer: C's conversion, or clamped with _sat (rounding
 * suffixes change nothing). Float to integer: rounded as the suffix says
 * (toward zero by default); _sat clamps and maps NaN to 0. Integer to
 * float: to nearest even by default, else corrected by one ulp after the
 * ISA's round-to-nearest conversion.
 */

/* the sign of f - x, exactly */
static __attribute__((always_inline)) int cmp_fl(float f, long x)
{
	ulong mf, mx;

	if (f >= 0.0f && x < 0)
		return 1;
	if (f < 0.0f && x >= 0)
		return -1;
	mf = (ulong)__builtin_fabsf(f);		/* f <= 2^63: exact */
	mx = x < 0 ? 0 - (ulong)x : (ulong)x;
	if (mf == mx)
		return 0;
	return (mf > mx) == (x >= 0) ? 1 : -1;
}

static __attribute__((always_inline)) int cmp_fu(float f, ulong x)
{
	ulong mf;

	if (f >= 0x1p64f)
		return 1;
	mf = (ulong)f;
	return mf == x ? 0 : mf > x ? 1 : -1;
}

#define ROUND_INT_TO_FLOAT(name, S, CMP, WIDE) \
static __attribute__((always_inline)) float name##_rtz(S x) \
{ \
	float f = (float)x; \
	int c = CMP(f, (WIDE)x); \
	return (c > 0 && f > 0.0f) || (c < 0 && f < 0.0f) ? \
	       nextafter(f, 0.0f) : f; \
} \
static __attribute__((always_inline)) float name##_rtp(S x) \
{ \
	float f = (float)x; \
	return CMP(f, (WIDE)x) < 0 ? nextafter(f, INFINITY) : f; \
} \
static __attribute__((always_inline)) float name##_rtn(S x) \
{ \
	float f = (float)x; \
	return CMP(f, (WIDE)x) > 0 ? nextafter(f, -INFINITY) : f; \
}
ROUND_INT_TO_FLOAT(i2f_char, char, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_uchar, uchar, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_short, short, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_ushort, ushort, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_int, int, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_uint, uint, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_long, long, cmp_fl, long)
ROUND_INT_TO_FLOAT(i2f_ulong, ulong, cmp_fu, ulong)

/* limits of each type, for _sat */
#define LIM_char_MIN CHAR_MIN
#define LIM_char_MAX CHAR_MAX
#define LIM_uchar_MIN 0
#define LIM_uchar_MAX UCHAR_MAX
#define LIM_short_MIN SHRT_MIN
#define LIM_short_MAX SHRT_MAX
#define LIM_ushort_MIN 0
#define LIM_ushort_MAX USHRT_MAX
#define LIM_int_MIN INT_MIN
#define LIM_int_MAX INT_MAX
#define LIM_uint_MIN 0
#define LIM_uint_MAX UINT_MAX
#define LIM_long_MIN LONG_MIN
#define LIM_long_MAX LONG_MAX
#define LIM_ulong_MIN 0
#define LIM_ulong_MAX ULONG_MAX
#define SIGNED_char 1
#define SIGNED_uchar 0
#define SIGNED_short 1
#define SIGNED_ushort 0
#define SIGNED_int 1
#define SIGNED_uint 0
#define SIGNED_long 1
#define SIGNED_ulong 0

/* integer D from integer S, clamped: compare in the wider signedness */
#define SAT_II(D, S) \
static __attribute__((always_inline)) D sat_##D##_##S(S x) \
{ \
	if (SIGNED_##S && x < 0) { \
		if (!SIGNED_##D) \
			return 0; \
		return (long)x < (long)LIM_##D##_MIN ? (D)LIM_##D##_MIN : (D)x; \
	} \
	return (ulong)x > (ulong)LIM_##D##_MAX ? (D)LIM_##D##_MAX : (D)x; \
}

/* the vectors of one scalar conversion function */
#define CV_VEC(D, S, SUF) \
OVL D##2 convert_##D##2##SUF(S##2 x) \
{ return (D##2)(convert_##D##SUF(x.s0), convert_##D##SUF(x.s1)); } \
OVL D##3 convert_##D##3##SUF(S##3 x) \
{ return (D##3)(convert_##D##SUF(x.s0), convert_##D##SUF(x.s1), convert_##D##SUF(x.s2)); } \
OVL D##4 convert_##D##4##SUF(S##4 x) \
{ return (D##4)(convert_##D##2##SUF(x.lo), convert_##D##2##SUF(x.hi)); } \
OVL D##8 convert_##D##8##SUF(S##8 x) \
{ return (D##8)(convert_##D##4##SUF(x.lo), convert_##D##4##SUF(x.hi)); } \
OVL D##16 convert_##D##16##SUF(S##16 x) \
{ return (D##16)(convert_##D##8##SUF(x.lo), convert_##D##8##SUF(x.hi)); }

#define CV1(D, S, SUF, EXPR) \
OVL D convert_##D##SUF(S x) { return EXPR; } \
CV_VEC(D, S, SUF)

/* integer from integer: every suffix */
#define CV_II(D, S) \
SAT_II(D, S) \
CV1(D, S, , (D)x) CV1(D, S, _rte, (D)x) CV1(D, S, _rtz, (D)x) \
CV1(D, S, _rtp, (D)x) CV1(D, S, _rtn, (D)x) \
CV1(D, S, _sat, sat_##D##_##S(x)) CV1(D, S, _sat_rte, sat_##D##_##S(x)) \
CV1(D, S, _sat_rtz, sat_##D##_##S(x)) CV1(D, S, _sat_rtp, sat_##D##_##S(x)) \
CV1(D, S, _sat_rtn, sat_##D##_##S(x))

/* integer from float: rounded, then converted (clamped with _sat) */
#define SAT_FI(D, R) \
	(x != x ? (D)0 : x <= (float)LIM_##D##_MIN ? (D)LIM_##D##_MIN : \
	 x >= (float)LIM_##D##_MAX ? (D)LIM_##D##_MAX : (D)R(x))
#define CV_FI(D) \
CV1(D, float, , (D)x) CV1(D, float, _rtz, (D)x) \
CV1(D, float, _rte, (D)__builtin_rintf(x)) \
CV1(D, float, _rtp, (D)__builtin_ceilf(x)) \
CV1(D, float, _rtn, (D)__builtin_floorf(x)) \
CV1(D, float, _sat, SAT_FI(D, __builtin_truncf)) \
CV1(D, float, _sat_rtz, SAT_FI(D, __builtin_truncf)) \
CV1(D, float, _sat_rte, SAT_FI(D, __builtin_rintf)) \
CV1(D, float, _sat_rtp, SAT_FI(D, __builtin_ceilf)) \
CV1(D, float, _sat_rtn, SAT_FI(D, __builtin_floorf))

/* float from integer */
#define CV_IF(S) \
CV1(float, S, , (float)x) CV1(float, S, _rte, (float)x) \
CV1(float, S, _rtz, i2f_##S##_rtz(x)) CV1(float, S, _rtp, i2f_##S##_rtp(x)) \
CV1(float, S, _rtn, i2f_##S##_rtn(x))

#define CV_FROM_ALL_INTS(M, D) \
M(D, char) M(D, uchar) M(D, short) M(D, ushort) \
M(D, int) M(D, uint) M(D, long) M(D, ulong)
#define CV_TO(D) CV_FROM_ALL_INTS(CV_II, D) CV_FI(D)
CV_TO(char)
CV_TO(uchar)
CV_TO(short)
CV_TO(ushort)
CV_TO(int)
CV_TO(uint)
CV_TO(long)
CV_TO(ulong)
CV_IF(char)
CV_IF(uchar)
CV_IF(short)
CV_IF(ushort)
CV_IF(int)
CV_IF(uint)
CV_IF(long)
CV_IF(ulong)
CV1(float, float, , x)
CV1(float, float, _rte, x)
CV1(float, float, _rtz, x)
CV1(float, float, _rtp, x)
CV1(float, float, _rtn, x)
