// SPDX-License-Identifier: MIT
/*
 * Directed compiler tests (test_clc.c runs them): what a differential
 * test against one host work-item at a time cannot check.
 */
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clc_run.h"
#include "clc_ulp.h"
#include "test_clc.h"

static uint64_t splitmix_d(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char *const levels[] = { "-cl-std=CL3.0 -O0", "-cl-std=CL3.0 -O2" };

static const struct gpsvm_clc_kernel *kernel(const struct gpsvm_clc_program *p,
					     const char *name)
{
	const struct gpsvm_clc_kernel *k = p ? gpsvm_clc_program_kernel(p, name) : NULL;

	CHECK(k, "kernel %s in the program", name);
	return k;
}

static bool run_ok(const struct gpsvm_clc_program *p,
		   const struct gpsvm_clc_kernel *k, struct clc_launch *l,
		   const char *what)
{
	int ret = clc_run(p, k, l);

	CHECK(!ret, "%s: launch failed: error %u info 0x%llx pc 0x%llx", what,
	      l->err, (unsigned long long)l->err_info,
	      (unsigned long long)l->err_pc);
	return !ret;
}

/* __local memory and barriers: a tree reduction per work-group. */
static void test_reduction(void)
{
	static const char src[] =
		"__kernel void reduce(__global const uint *in, __global uint *out,\n"
		"		      __local uint *tmp)\n"
		"{\n"
		"	uint l = get_local_id(0), n = get_local_size(0);\n"
		"\n"
		"	tmp[l] = in[get_global_id(0)];\n"
		"	barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	for (uint s = n / 2; s > 0; s /= 2) {\n"
		"		if (l < s)\n"
		"			tmp[l] += tmp[l + s];\n"
		"		barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	}\n"
		"	if (l == 0)\n"
		"		out[get_group_id(0)] = tmp[0];\n"
		"}\n"
		"__kernel void reduce_static(__global const uint *in, __global uint *out)\n"
		"{\n"
		"	__local uint tmp[64];\n"
		"	__local uint total;\n"
		"	uint l = get_local_id(0);\n"
		"\n"
		"	if (l == 0)\n"
		"		total = 0;\n"
		"	tmp[l] = in[get_global_id(0)] * 3;\n"
		"	barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	atomic_add(&total, tmp[63 - l]);\n"
		"	barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	if (l == 0)\n"
		"		out[get_group_id(0)] = total;\n"
		"}\n";
	uint32_t in[256], out[4], g = 256, ls = 64, i, j, o;

	for (i = 0; i < 256; i++)
		in[i] = i * 2654435761u;
	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "reduce");
		const struct gpsvm_clc_kernel *ks = kernel(p, "reduce_static");
		struct clc_launch l;
		uint32_t *pin = in, *pout = out;

		if (!k || !ks)
			continue;
		CHECK(ks->shared_size == 264, "static __local size %u", ks->shared_size);
		clc_launch_init(&l, k, 1, &g, &ls);
		clc_arg(&l, k, 0, 8, &pin);
		clc_arg(&l, k, 1, 8, &pout);
		clc_arg_local(&l, k, 2, 64 * 4);
		memset(out, 0, sizeof(out));
		if (run_ok(p, k, &l, "reduce"))
			for (i = 0; i < 4; i++) {
				uint32_t s = 0;

				for (j = 0; j < 64; j++)
					s += in[64 * i + j];
				CHECK(out[i] == s, "reduce %s group %u: %u, want %u",
				      levels[o], i, out[i], s);
			}
		clc_launch_init(&l, ks, 1, &g, &ls);
		clc_arg(&l, ks, 0, 8, &pin);
		clc_arg(&l, ks, 1, 8, &pout);
		memset(out, 0, sizeof(out));
		if (run_ok(p, ks, &l, "reduce_static"))
			for (i = 0; i < 4; i++) {
				uint32_t s = 0;

				for (j = 0; j < 64; j++)
					s += 3 * in[64 * i + j];
				CHECK(out[i] == s, "reduce_static %s group %u: %u, want %u",
				      levels[o], i, out[i], s);
			}
		gpsvm_clc_program_free(p);
	}
}

/* Every kind of kernel argument, and the layout the runtime follows. */
static void test_args(void)
{
	static const char src[] =
		"struct S { char c; int i; float f; short s[3]; long l; };\n"
		"__kernel void args(__global ulong *out, char c, uchar uc, short s,\n"
		"		    ushort us, int i, float f, long l, float4 v,\n"
		"		    struct S st, __local int *lp, __constant int *cp,\n"
		"		    int3 i3, char2 c2, uchar3 c3)\n"
		"{\n"
		"	lp[get_local_id(0)] = i + 1;\n"
		"	out[0] = (ulong)(long)c;\n"
		"	out[1] = uc;\n"
		"	out[2] = (ulong)(long)s;\n"
		"	out[3] = us;\n"
		"	out[4] = (ulong)(long)i;\n"
		"	out[5] = as_uint(f);\n"
		"	out[6] = (ulong)l;\n"
		"	out[7] = as_uint(v.x) | (ulong)as_uint(v.w) << 32;\n"
		"	out[8] = (ulong)(long)st.c;\n"
		"	out[9] = (ulong)(long)st.i;\n"
		"	out[10] = as_uint(st.f);\n"
		"	out[11] = (ushort)st.s[0] | (ulong)(ushort)st.s[2] << 16;\n"
		"	out[12] = (ulong)st.l;\n"
		"	out[13] = (ulong)(long)lp[0];\n"
		"	out[14] = (ulong)(long)cp[1];\n"
		"	out[15] = (uint)i3.x | (ulong)(uint)i3.z << 32;\n"
		"	out[16] = (uchar)c2.x | (uchar)c2.y << 8 | c3.x << 16 | c3.z << 24;\n"
		"}\n";
	struct S { int8_t c; int32_t i; float f; int16_t s[3]; int64_t l; } st = {
		-5, -123456, 2.5f, { -1, 2, -3 }, -0x123456789ab };
	int8_t c = -7, c2[2] = { -1, 9 };
	uint8_t uc = 250, c3[4] = { 7, 8, 9, 0 };
	int16_t s = -300;
	uint16_t us = 65000;
	int32_t i = -99999, cp[4] = { 10, 20, 30, 40 }, i3[4] = { -1, 5, -6, 0 };
	float f = -1.75f, v[4] = { 1.0f, 2.0f, 3.0f, -4.0f };
	int64_t lv = -0x1122334455667788;
	uint64_t out[17], want[17];
	uint32_t g = 1, o, k;
	uint32_t fb, sb;

	memcpy(&fb, &f, 4);
	memcpy(&sb, &st.f, 4);
	want[0] = (uint64_t)(int64_t)c;
	want[1] = uc;
	want[2] = (uint64_t)(int64_t)s;
	want[3] = us;
	want[4] = (uint64_t)(int64_t)i;
	want[5] = fb;
	want[6] = (uint64_t)lv;
	want[7] = 0x3f800000ull | (uint64_t)0xc0800000 << 32;
	want[8] = (uint64_t)(int64_t)st.c;
	want[9] = (uint64_t)(int64_t)st.i;
	want[10] = sb;
	want[11] = 0xffffull | (uint64_t)0xfffd << 16;
	want[12] = (uint64_t)st.l;
	want[13] = (uint64_t)(int64_t)(i + 1);
	want[14] = 20;
	want[15] = 0xffffffffull | (uint64_t)0xfffffffa << 32;
	want[16] = 0xff | 9 << 8 | 7 << 16 | 9 << 24;
	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *kn = kernel(p, "args");
		struct clc_launch l;
		void *po = out, *pc = cp;

		if (!kn)
			continue;
		CHECK(kn->nargs == 15, "15 arguments: %u", kn->nargs);
		CHECK(kn->args[10].kind == GPSVM_CLC_ARG_LOCAL &&
		      kn->args[10].addr == GPSVM_CLC_ADDR_LOCAL &&
		      kn->args[11].kind == GPSVM_CLC_ARG_POINTER &&
		      kn->args[11].addr == GPSVM_CLC_ADDR_CONSTANT &&
		      kn->args[9].kind == GPSVM_CLC_ARG_STRUCT &&
		      kn->args[9].size == sizeof(st) &&
		      kn->args[8].size == 16 && kn->args[12].size == 16 &&
		      kn->args[13].size == 2 && kn->args[14].size == 4,
		      "argument kinds and sizes");
		CHECK(!strcmp(kn->args[1].name, "c") &&
		      !strcmp(kn->args[1].type_name, "char") &&
		      !strcmp(kn->args[8].type_name, "float4") &&
		      !strcmp(kn->args[11].type_name, "int*") &&
		      kn->args[11].type_qual == GPSVM_CLC_TYPE_CONST &&
		      !strcmp(kn->args[9].type_name, "struct S"),
		      "argument info: %s %s %s %s %u", kn->args[1].name,
		      kn->args[1].type_name, kn->args[8].type_name,
		      kn->args[9].type_name, kn->args[11].type_qual);
		clc_launch_init(&l, kn, 1, &g, &g);
		clc_arg(&l, kn, 0, 8, &po);
		clc_arg(&l, kn, 1, 1, &c);
		clc_arg(&l, kn, 2, 1, &uc);
		clc_arg(&l, kn, 3, 2, &s);
		clc_arg(&l, kn, 4, 2, &us);
		clc_arg(&l, kn, 5, 4, &i);
		clc_arg(&l, kn, 6, 4, &f);
		clc_arg(&l, kn, 7, 8, &lv);
		clc_arg(&l, kn, 8, 16, v);
		clc_arg(&l, kn, 9, sizeof(st), &st);
		clc_arg_local(&l, kn, 10, 64);
		clc_arg(&l, kn, 11, 8, &pc);
		clc_arg(&l, kn, 12, 16, i3);
		clc_arg(&l, kn, 13, 2, c2);
		clc_arg(&l, kn, 14, 4, c3);
		memset(out, 0, sizeof(out));
		if (run_ok(p, kn, &l, "args"))
			for (k = 0; k < 17; k++)
				CHECK(out[k] == want[k], "args %s: out[%u] = 0x%llx, want 0x%llx",
				      levels[o], k, (unsigned long long)out[k],
				      (unsigned long long)want[k]);
		CHECK(gpsvm_clc_arg_set(kn, l.args, 5, 8, &lv) == -EINVAL &&
		      gpsvm_clc_arg_set(kn, l.args, 15, 4, &i) == -EINVAL,
		      "a bad argument size or index is refused");
		gpsvm_clc_program_free(p);
	}
}

/*
 * Every C11 atomic with every order and scope, and the 1.x functions, on
 * global and local memory, by 4 groups of 32 contending work-items.
 */
static void test_atomics(void)
{
	static const char *const orders[] = {
		"memory_order_relaxed", "memory_order_acquire",
		"memory_order_release", "memory_order_acq_rel",
		"memory_order_seq_cst",
	};
	static const char *const scopes[] = {
		"memory_scope_work_item", "memory_scope_work_group",
		"memory_scope_device", "memory_scope_all_svm_devices",
	};
	static const char body[] =
		"__kernel void atoms(volatile __global atomic_int *gi,\n"
		"		     volatile __global atomic_ulong *gl,\n"
		"		     __global int *old)\n"
		"{\n"
		"	__local atomic_int li[4];\n"
		"	int id = (int)get_global_id(0), l = (int)get_local_id(0);\n"
		"	int e;\n"
		"\n"
		"	if (l == 0)\n"
		"		for (int k = 0; k < 4; k++)\n"
		"			atomic_init(&li[k], 0);\n"
		"	barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	atomic_fetch_add_explicit(&gi[0], id, ORD, SCOPE);\n"
		"	atomic_fetch_sub_explicit(&gi[1], id, ORD, SCOPE);\n"
		"	atomic_fetch_or_explicit(&gi[2], 1 << (id % 31), ORD, SCOPE);\n"
		"	atomic_fetch_xor_explicit(&gi[3], id * 0x01010101, ORD, SCOPE);\n"
		"	atomic_fetch_and_explicit(&gi[4], ~(1 << (id % 29)), ORD, SCOPE);\n"
		"	atomic_fetch_min_explicit(&gi[5], 1000 - id, ORD, SCOPE);\n"
		"	atomic_fetch_max_explicit(&gi[6], id - 1000, ORD, SCOPE);\n"
		"	old[id] = atomic_exchange_explicit(&gi[7], id, ORD, SCOPE);\n"
		"	e = atomic_load_explicit(&gi[8], LOAD_ORD, SCOPE);\n"
		"	while (!atomic_compare_exchange_weak_explicit(&gi[8], &e, e + 2,\n"
		"			ORD, memory_order_relaxed, SCOPE))\n"
		"		;\n"
		"	atomic_fetch_add_explicit(&gl[0], (ulong)id << 33, ORD, SCOPE);\n"
		"	atomic_fetch_max_explicit(&gl[1], (ulong)id << 40, ORD, SCOPE);\n"
		"	atomic_fetch_add_explicit(&li[0], 1, ORD, SCOPE);\n"
		"	atomic_fetch_max_explicit(&li[1], id, ORD, SCOPE);\n"
		"	atomic_store_explicit(&li[2], 7, STORE_ORD, SCOPE);\n"
		"	atomic_add((volatile __global int *)&gi[9], 3);\n"
		"	atomic_inc((volatile __global int *)&gi[10]);\n"
		"	atomic_dec((volatile __global int *)&gi[10]);\n"
		"	atomic_dec((volatile __global int *)&gi[10]);\n"
		"	atomic_min((volatile __global uint *)&gi[11], (uint)id + 5);\n"
		"	atom_add((volatile __global long *)&gl[2], -1L);\n"
		"	atomic_cmpxchg((volatile __global int *)&gi[12], id - 1, id);\n"
		"	barrier(CLK_LOCAL_MEM_FENCE);\n"
		"	if (l == 0) {\n"
		"		atomic_fetch_add(&gi[13], atomic_load(&li[0]));\n"
		"		atomic_fetch_max(&gi[14], atomic_load(&li[1]));\n"
		"		atomic_fetch_add(&gi[15], atomic_load(&li[2]));\n"
		"	}\n"
		"}\n";
	unsigned int o, sc, lv;
	uint32_t g = 128, ls = 32;

	for (lv = 0; lv < 2; lv++)
	for (o = 0; o < 5; o++)
	for (sc = 0; sc < 4; sc++) {
		char opts[512];
		struct gpsvm_clc_program *p;
		const struct gpsvm_clc_kernel *k;
		struct clc_launch l;
		int32_t gi[16], old[128], i, want;
		uint64_t gl[3];
		void *pgi = gi, *pgl = gl, *pold = old;
		bool seen[129] = { false };

		/* one order per (lv, o), scopes for each at -O2 only */
		if (lv == 0 && sc != 2)
			continue;
		snprintf(opts, sizeof(opts),
			 "%s -DORD=%s -DSCOPE=%s -DLOAD_ORD=%s -DSTORE_ORD=%s",
			 levels[lv], orders[o], scopes[sc],
			 o == 2 || o == 3 ? "memory_order_acquire" : orders[o],
			 o == 1 || o == 3 ? "memory_order_release" : orders[o]);
		p = clc_build(body, opts, NULL);
		k = kernel(p, "atoms");
		if (!k)
			continue;
		memset(gi, 0, sizeof(gi));
		gi[4] = -1;
		gi[5] = 1 << 30;
		gi[6] = -(1 << 30);
		gi[7] = -1;
		gi[11] = 0xffffffff;
		gi[12] = -1;
		gl[0] = gl[1] = 0;
		gl[2] = 1000;
		clc_launch_init(&l, k, 1, &g, &ls);
		clc_arg(&l, k, 0, 8, &pgi);
		clc_arg(&l, k, 1, 8, &pgl);
		clc_arg(&l, k, 2, 8, &pold);
		if (!run_ok(p, k, &l, opts)) {
			gpsvm_clc_program_free(p);
			continue;
		}
		want = 0;
		for (i = 0; i < 128; i++)
			want += i;
		CHECK(gi[0] == want && gi[1] == -want, "%s: add/sub %d %d", opts,
		      gi[0], gi[1]);
		CHECK(gi[2] == 0x7fffffff, "%s: or 0x%x", opts, gi[2]);
		want = 0;
		for (i = 0; i < 128; i++)
			want ^= i * 0x01010101;
		CHECK(gi[3] == want, "%s: xor 0x%x", opts, gi[3]);
		CHECK(gi[4] == (int32_t)0xe0000000, "%s: and 0x%x", opts, gi[4]);
		CHECK(gi[5] == 1000 - 127 && gi[6] == 127 - 1000, "%s: min/max %d %d",
		      opts, gi[5], gi[6]);
		/* exchange: a chain through every id, from -1 */
		for (i = 0; i < 128; i++)
			if (old[i] >= -1 && old[i] < 128)
				seen[old[i] + 1] = true;
		for (i = 0; i < 129 && seen[i] == (i != gi[7] + 1); i++)
			;
		CHECK(i == 129, "%s: exchange chain (last %d)", opts, gi[7]);
		CHECK(gi[8] == 256, "%s: compare-exchange loop %d", opts, gi[8]);
		CHECK(gl[0] == (uint64_t)8128 << 33 && gl[1] == (uint64_t)127 << 40,
		      "%s: 64-bit 0x%llx 0x%llx", opts, (unsigned long long)gl[0],
		      (unsigned long long)gl[1]);
		CHECK(gi[9] == 384 && gi[10] == -128 && gi[11] == 5 &&
		      gl[2] == 1000 - 128 && gi[12] == 127,
		      "%s: 1.x atomics %d %d %d %lld %d", opts, gi[9], gi[10],
		      gi[11], (long long)gl[2], gi[12]);
		CHECK(gi[13] == 128 && gi[14] == 127 && gi[15] == 28,
		      "%s: local atomics %d %d %d", opts, gi[13], gi[14], gi[15]);
		gpsvm_clc_program_free(p);
	}
}

/* A mutex from compare-exchange, held by one work-item at a time. */
static void test_mutex(void)
{
	static const char src[] =
		"__kernel void locked(volatile __global atomic_int *lock,\n"
		"		      __global int *counter, __global int *inside)\n"
		"{\n"
		"	int e = 0;\n"
		"\n"
		"	for (int k = 0; k < 3; k++) {\n"
		"		while (!atomic_compare_exchange_strong_explicit(lock, &e, 1,\n"
		"				memory_order_acquire, memory_order_relaxed,\n"
		"				memory_scope_device))\n"
		"			e = 0;\n"
		"		if (++*inside != 1)\n"
		"			counter[1]++;\n"
		"		counter[0] = counter[0] + 1;\n"
		"		--*inside;\n"
		"		atomic_store_explicit(lock, 0, memory_order_release,\n"
		"				      memory_scope_device);\n"
		"	}\n"
		"}\n";
	unsigned int o;
	uint32_t g = 64, ls = 64;

	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "locked");
		int32_t lock = 0, counter[2] = { 0, 0 }, inside = 0;
		void *a = &lock, *b = counter, *c = &inside;
		struct clc_launch l;

		if (!k)
			continue;
		clc_launch_init(&l, k, 1, &g, &ls);
		clc_arg(&l, k, 0, 8, &a);
		clc_arg(&l, k, 1, 8, &b);
		clc_arg(&l, k, 2, 8, &c);
		if (run_ok(p, k, &l, "mutex"))
			CHECK(counter[0] == 192 && counter[1] == 0 && lock == 0,
			      "mutex %s: count %d, overlaps %d", levels[o],
			      counter[0], counter[1]);
		gpsvm_clc_program_free(p);
	}
}

/* Three dimensions, global offsets, and the work-item functions. */
static void test_ndrange(void)
{
	static const char src[] =
		"__kernel void ids(__global uint *out)\n"
		"{\n"
		"	size_t i = get_global_linear_id();\n"
		"\n"
		"	out[8 * i + 0] = get_global_id(0) | get_global_id(1) << 8 |\n"
		"			 get_global_id(2) << 16;\n"
		"	out[8 * i + 1] = get_local_id(0) | get_local_id(1) << 8 |\n"
		"			 get_local_id(2) << 16;\n"
		"	out[8 * i + 2] = get_group_id(0) | get_group_id(1) << 8 |\n"
		"			 get_group_id(2) << 16;\n"
		"	out[8 * i + 3] = get_num_groups(0) | get_num_groups(1) << 8 |\n"
		"			 get_num_groups(2) << 16 | get_work_dim() << 24;\n"
		"	out[8 * i + 4] = get_global_size(0) | get_global_size(1) << 8 |\n"
		"			 get_global_size(2) << 16;\n"
		"	out[8 * i + 5] = get_global_offset(0) | get_global_offset(1) << 8 |\n"
		"			 get_global_offset(2) << 16;\n"
		"	out[8 * i + 6] = get_local_linear_id();\n"
		"	out[8 * i + 7] = get_local_size(3) + get_global_id(7);\n"
		"}\n";
	uint32_t gs[3] = { 8, 6, 4 }, lsz[3] = { 4, 3, 2 }, x, y, z, o;
	uint64_t off[3] = { 10, 20, 30 };
	uint32_t out[8 * 192];

	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "ids");
		struct clc_launch l;
		void *po = out;
		unsigned int bad = 0;

		if (!k)
			continue;
		clc_launch_init(&l, k, 3, gs, lsz);
		gpsvm_clc_args_hidden(k, l.args, 3, off, 0);
		clc_arg(&l, k, 0, 8, &po);
		memset(out, 0xff, sizeof(out));
		if (!run_ok(p, k, &l, "ndrange"))
			continue;
		for (z = 0; z < 4; z++)
		for (y = 0; y < 6; y++)
		for (x = 0; x < 8; x++) {
			uint32_t *r = &out[8 * ((z * 6 + y) * 8 + x)];
			uint32_t lx = x % 4, ly = y % 3, lz = z % 2;

			bad += r[0] != ((x + 10) | (y + 20) << 8 | (z + 30) << 16);
			bad += r[1] != (lx | ly << 8 | lz << 16);
			bad += r[2] != (x / 4 | (y / 3) << 8 | (z / 2) << 16);
			bad += r[3] != (2 | 2 << 8 | 2 << 16 | 3 << 24);
			bad += r[4] != (8 | 6 << 8 | 4 << 16);
			bad += r[5] != (10 | 20 << 8 | 30 << 16);
			bad += r[6] != (lz * 3 + ly) * 4 + lx;
			bad += r[7] != 1;
		}
		CHECK(!bad, "ndrange %s: %u wrong values", levels[o], bad);
		gpsvm_clc_program_free(p);
	}
}

/* __constant tables and program-scope __global variables: the data image. */
static void test_data(void)
{
	static const char src[] =
		"__constant int table[5] = { 3, -1, 4, 1, -5 };\n"
		"__constant float scale = 0.5f;\n"
		"__global int counter = 100;\n"
		"__global struct { short a; long b; } pair = { -2, 1L << 40 };\n"
		"__kernel void data(__global long *out)\n"
		"{\n"
		"	int i = get_global_id(0);\n"
		"\n"
		"	out[i] = table[i % 5] * (long)(scale * 4.0f);\n"
		"	atomic_add(&counter, i);\n"
		"	if (i == 0)\n"
		"		out[8] = pair.a + pair.b;\n"
		"}\n"
		"__kernel void read_counter(__global long *out)\n"
		"{\n"
		"	out[9] = counter;\n"
		"}\n";
	uint32_t g = 8, o, i;

	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "data");
		const struct gpsvm_clc_kernel *k2 = kernel(p, "read_counter");
		static const int t[5] = { 3, -1, 4, 1, -5 };
		int64_t out[10] = { 0 };
		void *po = out;
		struct clc_launch l;

		if (!k || !k2)
			continue;
		clc_launch_init(&l, k, 1, &g, &g);
		clc_arg(&l, k, 0, 8, &po);
		if (!run_ok(p, k, &l, "data"))
			continue;
		clc_launch_init(&l, k2, 1, &g, &g);
		clc_arg(&l, k2, 0, 8, &po);
		if (!run_ok(p, k2, &l, "read_counter"))
			continue;
		for (i = 0; i < 8; i++)
			CHECK(out[i] == t[i % 5] * 2, "data %s: out[%u] = %lld",
			      levels[o], i, (long long)out[i]);
		CHECK(out[8] == (1LL << 40) - 2 && out[9] == 128,
		      "data %s: struct %lld, counter %lld", levels[o],
		      (long long)out[8], (long long)out[9]);
		gpsvm_clc_program_free(p);
	}
}

/* The binary: a round trip, and every truncation refused. */
static void test_binary(void)
{
	static const char src[] =
		"__constant int k[3] = { 1, 2, 3 };\n"
		"__kernel void a(__global int *x, float4 f, __local int *l) { x[0] = k[x[1]] + (int)f.y; }\n"
		"__kernel __attribute__((reqd_work_group_size(8, 2, 1)))\n"
		"void b(__global const volatile int *restrict y) { }\n";
	struct gpsvm_clc_program *p = clc_build(src, "-cl-std=CL3.0", NULL), *q;
	void *buf, *buf2;
	size_t size, size2, n;
	unsigned int bad = 0;

	if (!p) {
		CHECK(0, "binary: build");
		return;
	}
	CHECK(!gpsvm_clc_program_write(p, &buf, &size), "binary: write");
	CHECK(!gpsvm_clc_program_read(buf, size, &q), "binary: read");
	if (q) {
		CHECK(q->ncode == p->ncode && !memcmp(q->code, p->code, 8 * p->ncode) &&
		      q->data_size == 12 && !memcmp(q->data, p->data, 12),
		      "binary: code %u data %u", q->ncode, q->data_size);
		CHECK(q->nkernels == 2 && !strcmp(q->kernels[1].name, "b") &&
		      q->kernels[1].reqd_work_group_size[0] == 8 &&
		      q->kernels[1].reqd_work_group_size[1] == 2 &&
		      q->kernels[1].args[0].type_qual == (GPSVM_CLC_TYPE_CONST |
			GPSVM_CLC_TYPE_VOLATILE | GPSVM_CLC_TYPE_RESTRICT) &&
		      q->kernels[0].args[2].kind == GPSVM_CLC_ARG_LOCAL &&
		      !strcmp(q->compiler, p->compiler),
		      "binary: the round trip keeps everything");
		CHECK(!gpsvm_clc_program_write(q, &buf2, &size2) &&
		      size2 == size && !memcmp(buf, buf2, size),
		      "binary: written again, the same bytes");
		free(buf2);
		gpsvm_clc_program_free(q);
	}
	for (n = 0; n < size; n++) {
		if (!gpsvm_clc_program_read(buf, n, &q)) {
			bad++;
			gpsvm_clc_program_free(q);
		}
	}
	CHECK(!bad, "binary: %u truncations accepted", bad);
	((uint8_t *)buf)[0] ^= 1;
	CHECK(gpsvm_clc_program_read(buf, size, &q) == -EINVAL,
	      "binary: a bad magic is refused");
	/* well-formed binaries that describe what a runtime must not do */
	for (n = 0; n < 5; n++) {
		struct gpsvm_clc_arg save = p->kernels[0].args[2];
		uint32_t isa = p->isa_version;
		char *name = p->kernels[1].name;

		switch (n) {
		case 0:	/* over the hidden header */
			p->kernels[0].args[2].offset = 0;
			break;
		case 1:	/* a __local argument past the block's end */
			p->kernels[0].args[2].offset = p->kernels[0].arg_size;
			p->kernels[0].args[2].size = 0;
			break;
		case 2:	/* a pointer of 3 bytes, misaligned */
			p->kernels[0].args[2].kind = GPSVM_CLC_ARG_POINTER;
			p->kernels[0].args[2].size = 3;
			p->kernels[0].args[2].offset += 1;
			break;
		case 3:	/* an ISA this code cannot know */
			p->isa_version = 99;
			break;
		default: /* two kernels of one name */
			p->kernels[1].name = p->kernels[0].name;
		}
		CHECK(!gpsvm_clc_program_write(p, &buf2, &size2) &&
		      gpsvm_clc_program_read(buf2, size2, &q) == -EINVAL,
		      "binary: bad case %zu is refused", n);
		free(buf2);
		p->kernels[0].args[2] = save;
		p->isa_version = isa;
		p->kernels[1].name = name;
	}
	free(buf);
	gpsvm_clc_program_free(p);
}

/* Bad programs: an error naming the line, never a crash. */
static void test_diagnostics(void)
{
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "__kernel void f(__global int *x)\n{\n\tx[0] = y;\n}\n",
		  "program.cl:3:9: error: use of undeclared identifier 'y'" },
		{ "__kernel void f(__global float *x)\n{\n\n\tprintf(\"%f\", x[1]);\n}\n",
		  "program.cl:4: error: call to undefined function 'printf'" },
		{ "int g(int n) { return n ? n * g(n - 1) : 1; }\n"
		  "__kernel void f(__global int *x)\n{\n\tx[0] = g(x[1]);\n}\n",
		  "error: call to" },
		{ "__kernel void f(__global int *x)\n{\n\tint a[20000];\n"
		  "\ta[x[0]] = 1;\n\tx[1] = a[x[2]];\n}\n",
		  "private memory" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gpsvm_clc_program *p;
		char *log;

		p = clc_build(cases[i].src, "-cl-std=CL3.0 -O0", &log);
		CHECK(!p && strstr(log, cases[i].want),
		      "diagnostic %u: want '%s' in:\n%s", i, cases[i].want, log);
		free(log);
		gpsvm_clc_program_free(p);
	}
}

/*
 * The math built-ins against the host's libm (in double, or long double
 * for the pi functions) within OpenCL's ULP limits for float.
 */
struct mathfn {
	const char *name;
	int args;
	double ulp;
	double (*ref1)(double);
	double (*ref2)(double, double);
};

static double ref_exp10(double x) { return pow(10.0, x); }
static double ref_rsqrt(double x) { return 1.0 / sqrt(x); }
static double ref_asinpi(double x) { return asin(x) / M_PI; }
static double ref_acospi(double x) { return acos(x) / M_PI; }
static double ref_atanpi(double x) { return atan(x) / M_PI; }
static double ref_atan2pi(double y, double x) { return atan2(y, x) / M_PI; }
/* powr: pow for x >= 0, with OpenCL's own special cases */
static double ref_powr(double x, double y)
{
	if (x < 0 || isnan(x) || isnan(y) || (x == 0 && y == 0) ||
	    (isinf(x) && y == 0) || (x == 1 && isinf(y)))
		return NAN;
	if (x == 0)		/* either zero: +inf or +0 */
		return y < 0 ? INFINITY : 0.0;
	return pow(x, y);
}
static double ref_fdim(double x, double y) { return fdim(x, y); }
/*
 * sinpi, cospi: x reduced exactly to r in [-1, 1], the exact zeros and
 * ones where OpenCL defines them, else long double.
 */
#define PI_L 3.14159265358979323846264338327950288L
static double ref_sinpi(double x)
{
	double r = x - 2.0 * rint(x / 2.0);

	if (isinf(x) || isnan(x))
		return NAN;
	if (r == rint(r))	/* sinpi(n): +0 for n > 0, -0 for n < 0 */
		return copysign(0.0, x);
	if (fabs(r) == 0.5)
		return r > 0 ? 1.0 : -1.0;
	return (double)sinl(r * PI_L);
}
static double ref_cospi(double x)
{
	double r = fabs(x - 2.0 * rint(x / 2.0));

	if (isinf(x) || isnan(x))
		return NAN;
	if (r == 0.5)		/* cospi(n + 0.5) is +0 */
		return 0.0;
	if (r == 0 || r == 1)
		return r == 0 ? 1.0 : -1.0;
	return (double)cosl(r * PI_L);
}

#define M1(n, u, f) { .name = n, .args = 1, .ulp = u, .ref1 = f }
#define M2(n, u, f) { .name = n, .args = 2, .ulp = u, .ref2 = f }
static const struct mathfn mathfns[] = {
	M1("sin", 4, sin),
	M1("cos", 4, cos),
	M1("tan", 5, tan),
	M1("asin", 4, asin),
	M1("acos", 4, acos),
	M1("atan", 5, atan),
	M1("sinh", 4, sinh),
	M1("cosh", 4, cosh),
	M1("tanh", 5, tanh),
	M1("asinh", 4, asinh),
	M1("acosh", 4, acosh),
	M1("atanh", 5, atanh),
	M1("exp", 3, exp),
	M1("exp2", 3, exp2),
	M1("exp10", 3, ref_exp10),
	M1("expm1", 3, expm1),
	M1("log", 3, log),
	M1("log2", 3, log2),
	M1("log10", 3, log10),
	M1("log1p", 2, log1p),
	M1("cbrt", 2, cbrt),
	M1("rsqrt", 2, ref_rsqrt),
	M1("erf", 16, erf),
	M1("erfc", 16, erfc),
	M1("tgamma", 16, tgamma),
	M1("sinpi", 4, ref_sinpi),
	M1("cospi", 4, ref_cospi),
	M1("asinpi", 5, ref_asinpi),
	M1("acospi", 5, ref_acospi),
	M1("atanpi", 5, ref_atanpi),
	M1("logb", 0, logb),
	M1("sqrt", 0, sqrt),
	M2("pow", 16, pow),
	M2("powr", 16, ref_powr),
	M2("atan2", 6, atan2),
	M2("atan2pi", 6, ref_atan2pi),
	M2("hypot", 4, hypot),
	M2("fmod", 0, fmod),
	M2("remainder", 0, remainder),
	M2("nextafter", 0, NULL),
	M2("fdim", 0, ref_fdim),
};
#define NMATH (sizeof(mathfns) / sizeof(mathfns[0]))

static void test_math_ulp(void)
{
	const uint32_t n = 2048, ls = 64;
	float *x = malloc(4 * n), *y = malloc(4 * n);
	float *o = calloc((size_t)n * NMATH, 4);
	static const float special[] = { 0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 2.0f,
		INFINITY, -INFINITY, NAN, 0x1p-149f, 0x1p-126f, FLT_MAX, 3.14159265f,
		100.0f, -100.0f, 1e-7f };
	struct gpsvm_clc_program *p;
	const struct gpsvm_clc_kernel *k;
	struct clc_launch l;
	char src[8192];
	size_t len = 0;
	uint64_t seed = 99;
	unsigned int i, f;
	void *px = x, *py = y, *po = o;

	len += snprintf(src + len, sizeof(src) - len,
		"__kernel void m(__global float *o, __global const float *x,\n"
		"		__global const float *y)\n{\n"
		"	size_t i = get_global_id(0);\n"
		"	__global float *r = o + i * %zu;\n"
		"	float a = x[i], b = y[i];\n", NMATH);
	for (f = 0; f < NMATH; f++)
		len += snprintf(src + len, sizeof(src) - len,
				mathfns[f].args == 1 ? "	r[%u] = %s(a);\n" :
				"	r[%u] = %s(a, b);\n", f, mathfns[f].name);
	snprintf(src + len, sizeof(src) - len, "}\n");
	for (i = 0; i < n; i++) {
		uint64_t r = splitmix_d(&seed);
		float v;

		if (i < 256) {
			x[i] = special[i % 16];
			y[i] = special[i / 16];
			continue;
		}
		switch (i % 4) {
		case 0:	/* any float */
			memcpy(&v, &r, 4);
			x[i] = v;
			r >>= 32;
			memcpy(&y[i], &r, 4);
			break;
		case 1:	/* the usual range */
			x[i] = (float)((int64_t)(r % 2000001) - 1000000) / 1e5f;
			y[i] = (float)((int64_t)((r >> 24) % 2001) - 1000) / 100.0f;
			break;
		case 2:	/* [-1, 1] */
			x[i] = (float)((int64_t)(r % 2000001) - 1000000) / 1e6f;
			y[i] = (float)((r >> 24) % 1000) / 37.0f;
			break;
		default:	/* large */
			x[i] = (float)((int64_t)(r % 2000001) - 1000000) * 117.0f;
			y[i] = (float)((int64_t)((r >> 24) % 201) - 100) / 8.0f;
		}
	}
	p = clc_build(src, "-cl-std=CL3.0 -O2", NULL);
	k = kernel(p, "m");
	if (!k)
		goto out;
	clc_launch_init(&l, k, 1, &n, &ls);
	clc_arg(&l, k, 0, 8, &po);
	clc_arg(&l, k, 1, 8, &px);
	clc_arg(&l, k, 2, 8, &py);
	if (!run_ok(p, k, &l, "math"))
		goto out;
	for (f = 0; f < NMATH; f++) {
		const struct mathfn *m = &mathfns[f];
		double worst = 0;
		unsigned int bad = 0, wi = 0;

		for (i = 0; i < n; i++) {
			float got = o[(size_t)i * NMATH + f];
			double ref, err;

			if (m->ref1)
				ref = m->ref1(x[i]);
			else if (m->ref2)
				ref = m->ref2(x[i], y[i]);
			else
				ref = nextafterf(x[i], y[i]);
			err = clc_ulp_error(got, ref);
			/* "0 ulp" is correctly rounded: within half an ulp */
			if (err > (m->ulp > 0.5 ? m->ulp : 0.5) && bad++ < 5)
				printf("  %s(%a, %a) = %a, libm %a: %g ulp\n",
				       m->name, x[i], y[i], got, ref, err);
			if (err > worst) {
				worst = err;
				wi = i;
			}
		}
		CHECK(!bad, "math %s: %u of %u results beyond %g ulp; worst %g ulp at %a, %a: %a, libm %a",
		      m->name, bad, n, m->ulp, worst, x[wi], y[wi],
		      o[(size_t)wi * NMATH + f],
		      m->ref1 ? m->ref1(x[wi]) : m->ref2 ? m->ref2(x[wi], y[wi]) :
		      nextafterf(x[wi], y[wi]));
	}
out:
	gpsvm_clc_program_free(p);
	free(x);
	free(y);
	free(o);
}

/* convert_*: every rounding mode and _sat, against C with fesetround. */
static void test_convert(void)
{
	static const char src[] =
		"__kernel void cv(__global const float *f, __global const long *l,\n"
		"		 __global const ulong *u, __global int *oi,\n"
		"		 __global float *of, __global uchar *ob)\n"
		"{\n"
		"	size_t i = get_global_id(0);\n"
		"	float4 v = (float4)(f[i], f[i], f[i], f[i]);\n"
		"	int4 r = (int4)(convert_int_rte(f[i]), convert_int_rtz(f[i]),\n"
		"			convert_int_rtp(f[i]), convert_int_rtn(f[i]));\n"
		"	int4 s = convert_int4_sat_rte(v);\n"
		"\n"
		"	vstore4(r, i, oi);\n"
		"	oi[4 * 64 + i] = s.x;\n"
		"	oi[5 * 64 + i] = convert_int_sat(f[i]);\n"
		"	oi[6 * 64 + i] = (int)convert_uint_sat_rtn(f[i]);\n"
		"	of[4 * i + 0] = convert_float_rtz(l[i]);\n"
		"	of[4 * i + 1] = convert_float_rtp(l[i]);\n"
		"	of[4 * i + 2] = convert_float_rtn(u[i]);\n"
		"	of[4 * i + 3] = convert_float(u[i]);\n"
		"	ob[2 * i] = convert_uchar_sat(l[i]);\n"
		"	ob[2 * i + 1] = (uchar)convert_char_sat(convert_short(l[i]));\n"
		"}\n";
	static const float fs[] = { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f,
		2147483520.0f, 2147483648.0f, -2147483648.0f, -3e9f, 3e9f,
		NAN, INFINITY, -INFINITY, 1e-30f, -7.75f, 4294967040.0f, 0.0f };
	float f[64], of[256];
	int64_t lv[64];
	uint64_t uv[64], seed = 5;
	int32_t oi[7 * 64];
	uint8_t ob[128];
	uint32_t g = 64, o, i;

	for (i = 0; i < 64; i++) {
		f[i] = i < 18 ? fs[i] : (float)((int64_t)(splitmix_d(&seed) % 20001) - 10000) / 7.0f;
		lv[i] = (int64_t)splitmix_d(&seed) >> (i % 40);
		uv[i] = splitmix_d(&seed) >> (i % 50);
	}
	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src, levels[o], NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "cv");
		void *a[6] = { f, lv, uv, oi, of, ob };
		struct clc_launch l;
		unsigned int bad = 0;

		if (!k)
			continue;
		clc_launch_init(&l, k, 1, &g, &g);
		for (i = 0; i < 6; i++)
			clc_arg(&l, k, i, 8, &a[i]);
		if (!run_ok(p, k, &l, "convert")) {
			gpsvm_clc_program_free(p);
			continue;
		}
		for (i = 0; i < 64; i++) {
			volatile int64_t vl = lv[i];
			volatile uint64_t vu = uv[i];
			float x = f[i], w[4];
			int64_t sat;
			bool inr = x > -2147483649.0f && x < 2147483648.0f;

			/* the plain conversions of an out-of-range float are undefined */
			if (inr && x == x &&
			    (oi[4 * i] != (int)rintf(x) || oi[4 * i + 1] != (int)truncf(x) ||
			     oi[4 * i + 2] != (int)ceilf(x) || oi[4 * i + 3] != (int)floorf(x)))
				bad++, printf("  convert_int_* of %a: %d %d %d %d\n", x,
					      oi[4 * i], oi[4 * i + 1], oi[4 * i + 2], oi[4 * i + 3]);
			sat = x != x ? 0 : x <= -2147483648.0f ? INT32_MIN :
			      x >= 2147483648.0f ? INT32_MAX : (int64_t)rintf(x);
			if (oi[4 * 64 + i] != sat)
				bad++, printf("  convert_int4_sat_rte of %a: %d\n", x, oi[4 * 64 + i]);
			sat = x != x ? 0 : x <= -2147483648.0f ? INT32_MIN :
			      x >= 2147483648.0f ? INT32_MAX : (int64_t)truncf(x);
			if (oi[5 * 64 + i] != sat)
				bad++, printf("  convert_int_sat of %a: %d\n", x, oi[5 * 64 + i]);
			sat = x != x || x <= 0 ? 0 : x >= 4294967296.0f ? UINT32_MAX :
			      (int64_t)floorf(x);
			if ((uint32_t)oi[6 * 64 + i] != (uint32_t)sat)
				bad++, printf("  convert_uint_sat_rtn of %a: %u\n", x,
					      (uint32_t)oi[6 * 64 + i]);
			fesetround(FE_TOWARDZERO);
			w[0] = (float)vl;
			fesetround(FE_UPWARD);
			w[1] = (float)vl;
			fesetround(FE_DOWNWARD);
			w[2] = (float)vu;
			fesetround(FE_TONEAREST);
			w[3] = (float)vu;
			if (memcmp(&of[4 * i], w, sizeof(w)))
				bad++, printf("  convert_float_* of %lld/%llu: %a %a %a %a, want %a %a %a %a\n",
					      (long long)lv[i], (unsigned long long)uv[i],
					      of[4 * i], of[4 * i + 1], of[4 * i + 2],
					      of[4 * i + 3], w[0], w[1], w[2], w[3]);
			if (ob[2 * i] != (lv[i] < 0 ? 0 : lv[i] > 255 ? 255 : lv[i]) ||
			    (int8_t)ob[2 * i + 1] != ((int16_t)lv[i] < -128 ? -128 :
				(int16_t)lv[i] > 127 ? 127 : (int16_t)lv[i]))
				bad++, printf("  integer _sat of %lld: %u %d\n",
					      (long long)lv[i], ob[2 * i], (int8_t)ob[2 * i + 1]);
		}
		CHECK(!bad, "convert %s: %u wrong", levels[o], bad);
		gpsvm_clc_program_free(p);
	}
}

/*
 * More live values than registers, used by instructions of four register
 * operands: every operand and the result spilled (the review found the
 * rewrite's buffer too short for that).
 */
static void test_spill_heavy(void)
{
	enum { NV = 200, NF = 150 };
	char *src = malloc(65536);
	size_t len = 0;
	float in[NV], w[NF], out[2], s = 0, t = 0;
	uint32_t one = 1, i, o;

	/* w_i = fma(v_(i+2), v_(i+1), v_i): three spilled sources each */
	len += sprintf(src + len, "__kernel void k(__global const float *in, __global float *out)\n{\n");
	for (i = 0; i < NV; i++)
		len += sprintf(src + len, "\tfloat v%u = in[%u];\n", i, i);
	len += sprintf(src + len, "\tfloat s = 0.0f, t = 0.0f;\n");
	for (i = 0; i < NF; i++)
		len += sprintf(src + len, "\tfloat w%u = fma(v%u, v%u, v%u);\n",
			       i, i + 2, i + 1, i);
	for (i = 0; i < NF; i++)
		len += sprintf(src + len, "\ts = s * 0.5f + w%u;\n", i);
	for (i = 0; i < NV; i++)
		len += sprintf(src + len, "\tt = t * 0.5f + v%u;\n", i);
	sprintf(src + len, "\tout[0] = s;\n\tout[1] = t;\n}\n");
	for (i = 0; i < NV; i++)
		in[i] = (float)((int)(i * 37 % 101) - 50) / 8.0f;
	for (i = 0; i < NF; i++)
		w[i] = fmaf(in[i + 2], in[i + 1], in[i]);
	for (i = 0; i < NF; i++)
		s = s * 0.5f + w[i];
	for (i = 0; i < NV; i++)
		t = t * 0.5f + in[i];
	for (o = 0; o < 2; o++) {
		struct gpsvm_clc_program *p = clc_build(src,
			o ? "-cl-std=CL3.0 -O2 -ffp-contract=off" :
			    "-cl-std=CL3.0 -O0 -ffp-contract=off", NULL);
		const struct gpsvm_clc_kernel *k = kernel(p, "k");
		void *pi = in, *po = out;
		struct clc_launch l;

		if (!k)
			continue;
		clc_launch_init(&l, k, 1, &one, &one);
		clc_arg(&l, k, 0, 8, &pi);
		clc_arg(&l, k, 1, 8, &po);
		out[0] = out[1] = -1;
		if (run_ok(p, k, &l, "spill heavy"))
			CHECK(out[0] == s && out[1] == t,
			      "spill heavy -O%u: %a %a, want %a %a", 2 * o,
			      out[0], out[1], s, t);
		gpsvm_clc_program_free(p);
	}
	free(src);
	src = clc_read_file("compiler/tests/data/spill_fma.cl");
	CHECK(src, "compiler/tests/data/spill_fma.cl");
	if (src) {
		struct gpsvm_clc_program *p = clc_build(src, "-cl-std=CL3.0 -O2", NULL);

		CHECK(p && p->nkernels == 1 && p->kernels[0].private_size > 8 * 100,
		      "spill_fma.cl compiles, with its spills in private memory");
		gpsvm_clc_program_free(p);
		free(src);
	}
}

void clc_directed_tests(void)
{
	test_spill_heavy();
	test_convert();
	test_math_ulp();
	test_reduction();
	test_args();
	test_atomics();
	test_mutex();
	test_ndrange();
	test_data();
	test_binary();
	test_diagnostics();
}
