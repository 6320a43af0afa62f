// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host test of the model's ISA interpreter (model/gpsvm_model_isa.c):
 * programs assembled with lib/isa run on a fake GPU address space (a host
 * buffer at a fixed VA, with injectable translation faults), and their
 * registers, predicates, memory and errors are checked against
 * firmware-notes/isa.md.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_model_isa.h"
#include "gpsvm_asm.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned int passed, failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			passed++;					\
		} else {						\
			failed++;					\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

/* The fake address space: MEM_SIZE bytes at VA_BASE, 4 KiB pages. */
#define PAGE		4096ULL
#define VA_BASE		0x7f0000000000ULL
#define MEM_SIZE	(64 * PAGE)

struct fmem {
	u8 *buf;
	u64 fault_page;	/* VA of a page that faults ... */
	int fault_count;	/* ... this many more times (-EAGAIN) */
	unsigned int maps, unmaps, prefetches, bad_calls;
	unsigned int last_access;
	u64 last_va;
};

/* u64 elements: 8-byte alignment for the 64-bit atomics. */
static u64 membuf64[MEM_SIZE / 8];
#define membuf ((u8 *)membuf64)
static struct fmem mem = { .buf = membuf };

static int fmem_map(void *ctx, u64 va, unsigned int size, unsigned int access,
		    void **ptr)
{
	struct fmem *m = ctx;

	m->last_va = va;
	m->last_access = access;
	if (access == GPSVM_ISA_ACCESS_PREFETCH)
		m->prefetches++;
	/* The interface's contract: natural alignment, within one page. */
	if ((va & (size - 1)) || (va % PAGE) + size > PAGE ||
	    (size != 1 && size != 2 && size != 4 && size != 8))
		m->bad_calls++;
	if (m->fault_count > 0 && (va & ~(PAGE - 1)) == m->fault_page) {
		m->fault_count--;
		return -EAGAIN;
	}
	if (va < VA_BASE || va - VA_BASE + size > MEM_SIZE)
		return -EFAULT;
	m->maps++;
	*ptr = m->buf + (va - VA_BASE);
	return 0;
}

static void fmem_unmap(void *ctx, void *ptr)
{
	struct fmem *m = ctx;

	(void)ptr;
	m->unmaps++;
}

static const struct gpsvm_isa_mem_ops fops = {
	.map = fmem_map,
	.unmap = fmem_unmap,
};

static u64 *assemble(const char *src, u64 *n)
{
	struct gpsvm_asm_result res;
	u64 *code;
	size_t i;

	if (gpsvm_asm(src, &res)) {
		for (i = 0; i < res.ndiags; i++)
			printf("asm:%u: %s\n", res.diags[i].line,
			       res.diags[i].msg);
		printf("--- source:\n%s\n", src);
		exit(2);
	}
	*n = res.nwords;
	code = malloc((res.nwords + 1) * sizeof(*code));
	for (i = 0; i < res.nwords; i++)
		code[i] = res.words[i];
	gpsvm_asm_free(&res);
	return code;
}

static u8 args[GPSVM_ISA_ARG_MAX];
static u32 arg_size;
static const u32 zero3[3];

static void launch_init(struct gpsvm_isa_launch *l, u32 ntid)
{
	memset(l, 0, sizeof(*l));
	l->args = args;
	l->arg_size = arg_size;
	l->ntid[0] = ntid;
	l->ntid[1] = 1;
	l->ntid[2] = 1;
	l->nctaid[0] = 1;
	l->nctaid[1] = 1;
	l->nctaid[2] = 1;
}

/* Run a one-thread program (printf format) to its end; the run status. */
static int run1(struct gpsvm_isa_thread *t, const char *fmt, ...)
{
	struct gpsvm_isa_launch l;
	unsigned long budget = 1000000;
	unsigned int next = 0;
	char src[8192];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(src, sizeof(src), fmt, ap);
	va_end(ap);
	launch_init(&l, 1);
	l.code = assemble(src, &l.ncode);
	gpsvm_isa_block_init(t, &l, zero3);
	ret = gpsvm_isa_run_block(t, 1, &l, &fops, &mem, &budget, &next);
	free((void *)l.code);
	return ret;
}

static void put64(u64 va, u64 v)
{
	memcpy(membuf + (va - VA_BASE), &v, 8);
}

static u64 get64(u64 va)
{
	u64 v;

	memcpy(&v, membuf + (va - VA_BASE), 8);
	return v;
}

/* ---- integer, float and conversion ops, one table ---- */

struct alu_case {
	const char *op;
	int rb;		/* RB format: op rd, b */
	u64 a, b, want;
};

#define G 0xdead000000000000ULL	/* garbage in bits 63:32 */

static const struct alu_case alu_cases[] = {
	{ "add.32", 0, G | 5, G | 0xfffffffe, 3 },
	{ "sub.32", 0, G, 1, 0xffffffff },
	{ "mul.32", 0, 0x10000, 0x10001, 0x10000 },
	{ "mulhi.s32", 0, 0xfffffffe, 3, 0xffffffff },
	{ "mulhi.s32", 0, 0x80000000, 0x80000000, 0x40000000 },
	{ "mulhi.u32", 0, 0xfffffffe, 3, 2 },
	{ "div.s32", 0, (u32)-7, 2, (u32)-3 },
	{ "div.s32", 0, 7, (u32)-2, (u32)-3 },
	{ "div.s32", 0, 1234, G, 0xffffffff },
	{ "div.s32", 0, 0x80000000, 0xffffffff, 0x80000000 },
	{ "div.u32", 0, 7, 0, 0xffffffff },
	{ "div.u32", 0, 0xffffffff, 2, 0x7fffffff },
	{ "rem.s32", 0, (u32)-7, 2, 0xffffffff },
	{ "rem.s32", 0, 7, (u32)-2, 1 },
	{ "rem.s32", 0, G | 5, 0, 5 },
	{ "rem.s32", 0, 0x80000000, 0xffffffff, 0 },
	{ "rem.u32", 0, 7, 0, 7 },
	{ "rem.u32", 0, 0xffffffff, 10, 5 },
	{ "and.32", 0, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0x0f000f00 },
	{ "or.32", 0, G | 0xf0, 0x0f, 0xff },
	{ "xor.32", 0, 0xffff0000, 0xff00ff00, 0x00ffff00 },
	{ "not.32", 1, 0, 0x0f0f0f0f, 0xf0f0f0f0 },
	{ "shl.32", 0, 1, 33, 2 },
	{ "shl.32", 0, 0x80000001, 1, 2 },
	{ "shr.32", 0, 0x80000000, 31, 1 },
	{ "shr.32", 0, 0x80000000, 32, 0x80000000 },
	{ "shr.32", 0, G | 0x80000000, 4, 0x08000000 },
	{ "sar.32", 0, 0x80000000, 4, 0xf8000000 },
	{ "sar.32", 0, 0x80000000, 63, 0xffffffff },
	{ "sar.32", 0, 0x140000000ULL, 1, 0x20000000 },
	{ "min.s32", 0, 0xffffffff, 1, 0xffffffff },
	{ "min.u32", 0, 0xffffffff, 1, 1 },
	{ "max.s32", 0, 0xffffffff, 1, 1 },
	{ "max.u32", 0, 0xffffffff, G | 1, 0xffffffff },
	{ "mov.32", 1, 0, 0xaaaaaaaa12345678ULL, 0x12345678 },
	{ "sext8.32", 1, 0, 0x180, 0xffffff80 },
	{ "sext16.32", 1, 0, 0x18000, 0xffff8000 },
	{ "sext32.32", 1, 0, G | 0x80000000, 0x80000000 },
	{ "zext8.32", 1, 0, 0x1ff, 0xff },
	{ "zext16.32", 1, 0, 0xfffff, 0xffff },
	{ "zext32.32", 1, 0, G | 0x87654321, 0x87654321 },
	{ "popc.32", 1, 0, G | 0x80000001, 2 },
	{ "popc.32", 1, 0, 0xffffffff, 32 },
	{ "clz.32", 1, 0, G, 32 },
	{ "clz.32", 1, 0, G | 0x00010000, 15 },
	{ "clz.32", 1, 0, 0x80000000, 0 },
	{ "brev.32", 1, 0, G | 0x00000001, 0x80000000 },
	{ "brev.32", 1, 0, 0x12345678, 0x1e6a2c48 },
	{ "add.64", 0, ~0ULL, 2, 1 },
	{ "sub.64", 0, 0, 1, ~0ULL },
	{ "mul.64", 0, 1ULL << 32, 1ULL << 32, 0 },
	{ "mul.64", 0, 0x123456789ULL, 0x10, 0x1234567890ULL },
	{ "mulhi.s64", 0, ~0ULL, ~0ULL, 0 },
	{ "mulhi.s64", 0, 1ULL << 63, 2, ~0ULL },
	{ "mulhi.s64", 0, 0x7fffffffffffffffULL, 0x7fffffffffffffffULL,
	  0x3fffffffffffffffULL },
	{ "mulhi.s64", 0, ~0ULL, 5, ~0ULL },
	{ "mulhi.u64", 0, ~0ULL, ~0ULL, 0xfffffffffffffffeULL },
	{ "mulhi.u64", 0, 0x123456789abcdefULL, 0xfedcba9876543210ULL,
	  0x121fa00ad77d742ULL },
	{ "div.s64", 0, 1ULL << 63, ~0ULL, 1ULL << 63 },
	{ "div.s64", 0, 5, 0, ~0ULL },
	{ "div.s64", 0, (u64)-7, 2, (u64)-3 },
	{ "div.u64", 0, 0, 0, ~0ULL },
	{ "div.u64", 0, ~0ULL, 3, 0x5555555555555555ULL },
	{ "rem.s64", 0, 1ULL << 63, ~0ULL, 0 },
	{ "rem.s64", 0, (u64)-7, 0, (u64)-7 },
	{ "rem.s64", 0, (u64)-7, 2, ~0ULL },
	{ "rem.u64", 0, ~0ULL, 10, 5 },
	{ "rem.u64", 0, 9, 0, 9 },
	{ "and.64", 0, ~0ULL, 0x8000000000000001ULL, 0x8000000000000001ULL },
	{ "or.64", 0, 1ULL << 63, 1, 0x8000000000000001ULL },
	{ "xor.64", 0, ~0ULL, 1, ~1ULL },
	{ "not.64", 1, 0, 1, ~1ULL },
	{ "shl.64", 0, 1, 63, 1ULL << 63 },
	{ "shl.64", 0, 1, 64, 1 },
	{ "shr.64", 0, 1ULL << 63, 65, 1ULL << 62 },
	{ "sar.64", 0, 1ULL << 63, 63, ~0ULL },
	{ "sar.64", 0, 1ULL << 62, 62, 1 },
	{ "min.s64", 0, ~0ULL, 1, ~0ULL },
	{ "min.u64", 0, ~0ULL, 1, 1 },
	{ "max.s64", 0, ~0ULL, 1, 1 },
	{ "max.u64", 0, ~0ULL, 1, ~0ULL },
	{ "mov.64", 1, 0, 0xaaaaaaaa12345678ULL, 0xaaaaaaaa12345678ULL },
	{ "sext8.64", 1, 0, 0x180, 0xffffffffffffff80ULL },
	{ "sext16.64", 1, 0, 0x8000, 0xffffffffffff8000ULL },
	{ "sext32.64", 1, 0, G | 0x80000000, 0xffffffff80000000ULL },
	{ "zext8.64", 1, 0, ~0ULL, 0xff },
	{ "zext16.64", 1, 0, ~0ULL, 0xffff },
	{ "zext32.64", 1, 0, ~0ULL, 0xffffffff },
	{ "movhi", 0, 0xaaaaaaaa11111111ULL, G | 0x22222222,
	  0x2222222211111111ULL },
	{ "popc.64", 1, 0, ~0ULL, 64 },
	{ "popc.64", 1, 0, G, 11 },
	{ "clz.64", 1, 0, 0, 64 },
	{ "clz.64", 1, 0, 0x80000000, 32 },
	{ "clz.64", 1, 0, ~0ULL, 0 },
	{ "brev.64", 1, 0, 1, 1ULL << 63 },
	{ "brev.64", 1, 0, 0x0123456789abcdefULL, 0xf7b3d591e6a2c480ULL },
	/* binary32 in the low half; results zero-extended */
	{ "add.f32", 0, G | 0x3f800000, 0x40000000, 0x40400000 },
	{ "sub.f32", 0, 0x3f800000, 0x3f800000, 0 },
	{ "mul.f32", 0, 0x40000000, 0xc0400000, 0xc0c00000 },
	{ "div.f32", 0, 0x3f800000, 0x80000000, 0xff800000 },
	{ "div.f32", 0, 0, 0, 0x7fc00000 },
	{ "min.f32", 0, 0, 0x80000000, 0x80000000 },
	{ "min.f32", 0, 0x7fc12345, 0x40000000, 0x40000000 },
	{ "max.f32", 0, 0x80000000, 0, 0 },
	{ "max.f32", 0, 0xffc00001, 0x7f800001, 0x7fc00000 },
	{ "neg.f32", 1, 0, G | 0x7fc00001, 0xffc00001 },
	{ "abs.f32", 1, 0, 0xffc00001, 0x7fc00001 },
	{ "sqrt.f32", 1, 0, 0x40800000, 0x40000000 },
	{ "sqrt.f32", 1, 0, 0xbf800000, 0x7fc00000 },
	{ "frnd.rn.f32", 1, 0, G | 0x40200000, 0x40000000 },	/* 2.5 */
	{ "frnd.rn.f32", 1, 0, 0xbfc00000, 0xc0000000 },	/* -1.5 */
	{ "frnd.rz.f32", 1, 0, 0xbfe00000, 0xbf800000 },	/* -1.75 */
	{ "frnd.rm.f32", 1, 0, 0xbe800000, 0xbf800000 },	/* -0.25 */
	{ "frnd.rm.f32", 1, 0, 0x3f7fffff, 0 },
	{ "frnd.rp.f32", 1, 0, 0xbf000000, 0x80000000 },	/* -0.5 */
	{ "frnd.rp.f32", 1, 0, 0x4afffffd, 0x4afffffe },	/* 2^23 - 1.5 */
	{ "frnd.rn.f32", 1, 0, 0x7f800001, 0x7fc00000 },
	{ "cvt.f32.s32", 1, 0, G | 0xffffffff, 0xbf800000 },
	{ "cvt.f32.u32", 1, 0, G | 0xffffffff, 0x4f800000 },
	{ "cvt.f32.s64", 1, 0, ~0ULL, 0xbf800000 },
	{ "cvt.f32.u64", 1, 0, ~0ULL, 0x5f800000 },
	{ "cvt.s32.f32", 1, 0, 0xff800000, 0x80000000 },
	{ "cvt.s32.f32", 1, 0, 0x7fc00000, 0 },
	{ "cvt.u32.f32", 1, 0, 0xbfc00000, 0 },
	{ "cvt.u32.f32", 1, 0, 0x4f9502f9, 0xffffffff },
	{ "cvt.s64.f32", 1, 0, 0xbfc00000, ~0ULL },
	{ "cvt.s64.f32", 1, 0, 0x7f800000, 0x7fffffffffffffffULL },
	{ "cvt.u64.f32", 1, 0, 0x5f800000, ~0ULL },
	{ "cvt.u64.f32", 1, 0, 0x4b000001, 0x800001 },
};

static void test_alu(void)
{
	struct gpsvm_isa_thread t;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];

		if (c->rb)
			ret = run1(&t, "li r1, %llu\nli r2, %llu\nli r3, -1\n"
				   "%s r3, r2\nexit\n", (unsigned long long)c->a,
				   (unsigned long long)c->b, c->op);
		else
			ret = run1(&t, "li r1, %llu\nli r2, %llu\nli r3, -1\n"
				   "%s r3, r1, r2\nexit\n",
				   (unsigned long long)c->a,
				   (unsigned long long)c->b, c->op);
		CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[3] == c->want &&
		      t.r[1] == c->a && t.r[2] == c->b,
		      "%s a=0x%llx b=0x%llx: got 0x%llx want 0x%llx (run %d)",
		      c->op, (unsigned long long)c->a,
		      (unsigned long long)c->b, (unsigned long long)t.r[3],
		      (unsigned long long)c->want, ret);
	}

	/* Destination equal to a source; immediates (sign-extension). */
	ret = run1(&t, "li r1, 5\nadd.64 r1, r1, r1\nadd.64 r2, r1, -1\n"
		   "add.32 r3, r1, 0xffffffff\nmov.64 r4, -2\nmov.32 r5, -2\n"
		   "add.f32 r6, rz, 1.5\nfma.f32 r7, r6, 2, r6\n"
		   "li r8, 0x123456789abcdef0\nexit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[1] == 10 && t.r[2] == 9 &&
	      t.r[3] == 9 && t.r[4] == ~1ULL && t.r[5] == 0xfffffffe &&
	      t.r[6] == 0x3fc00000 && t.r[7] == 0x40900000 &&
	      t.r[8] == 0x123456789abcdef0ULL, "immediates");

	/* fma rounds once: (1 + 2^-23) * (1 - 2^-24) - 1 = 2^-24 - 2^-47. */
	ret = run1(&t, "li r1, 0x3f800001\nli r2, 0x3f7fffff\n"
		   "li r3, 0xbf800000\nfma.f32 r4, r1, r2, r3\n"
		   "mul.f32 r5, r1, r2\nadd.f32 r5, r5, r3\n"
		   "fma.f32 r6, rz, 0x7f800000, r1\nexit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[4] == 0x337ffffe &&
	      t.r[5] == 0 && t.r[6] == 0x7fc00000,
	      "fma single rounding: 0x%llx 0x%llx 0x%llx",
	      (unsigned long long)t.r[4], (unsigned long long)t.r[5],
	      (unsigned long long)t.r[6]);
}

/* ---- predicates ---- */

static void test_predicates(void)
{
	struct gpsvm_isa_thread t;
	int ret;

	ret = run1(&t,
		   "li r1, -1\nli r2, 1\n"
		   "setp.lt.s32 p0, r1, r2\n"		/* 1 */
		   "setp.lt.u32 p1, r1, r2\n"		/* 0 */
		   "setp.gt.u64 p2, r1, r2\n"		/* 1 */
		   "setp.lt.s64 p3, r1, r2\n"		/* 1 */
		   "setp.eq.s32 p4, r1, 0xffffffff\n"	/* 1 */
		   "setp.ne.s64 p5, r1, -1\n"		/* 0 */
		   "setp.t.u32 p6, r1, r2\n"		/* 1 */
		   "exit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.p == 0x5d, "setp int: p=0x%x",
	      t.p);

	/* 32-bit compares ignore bits 63:32. */
	ret = run1(&t, "li r1, 0x100000005\nli r2, 5\n"
		   "setp.eq.u32 p0, r1, r2\nsetp.eq.u64 p1, r1, r2\n"
		   "setp.ge.s32 p2, r1, r2\nsetp.gt.u64 p3, r1, r2\nexit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.p == 0xd, "setp width: p=0x%x",
	      t.p);

	ret = run1(&t,
		   "li r1, 0x7fc00000\nli r2, 0x3f800000\nli r3, 0xbf800000\n"
		   "setp.ne.f32 p0, r1, r2\n"		/* 0 */
		   "setp.neu.f32 p1, r1, r2\n"		/* 1 */
		   "setp.eq.f32 p2, rz, 0x80000000\n"	/* 1: -0 == +0 */
		   "setp.nan.f32 p3, r1, r1\n"		/* 1 */
		   "setp.lt.f32 p4, r3, r2\n"		/* 1 */
		   "setp.num.f32 p5, r2, r3\n"		/* 1 */
		   "setp.geu.f32 p6, r3, r2\n"		/* 0 */
		   "exit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.p == 0x3e, "setp f32: p=0x%x",
	      t.p);

	/* COMB with a source predicate; PLOP; p7 writes discarded. */
	ret = run1(&t,
		   "li r1, 1\n"
		   "setp.eq.s32 p0, r1, 1\n"		/* p0 = 1 */
		   "setp.eq.s32.and p1, r1, 1, !p0\n"	/* 1 & 0 = 0 */
		   "setp.eq.s32.or p2, r1, 2, p0\n"	/* 0 | 1 = 1 */
		   "setp.eq.s32.xor p3, r1, 1, p0\n"	/* 1 ^ 1 = 0 */
		   "plop.and p4, !p1, p2\n"		/* 1 */
		   "plop.or p5, p1, !p2\n"		/* 0 */
		   "plop.xor p6, p0, !p3\n"		/* 1 ^ 1 = 0 */
		   "setp.f.s32 pt, r1, r1\n"		/* discarded */
		   "plop.xor pt, pt, pt\n"		/* discarded */
		   "@pt li r9, 77\n"
		   "exit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.p == 0x15 && t.r[9] == 77,
	      "comb/plop: p=0x%x r9=%llu", t.p, (unsigned long long)t.r[9]);

	/* sel, and predicate/integer round trips of isa.md 7.2 */
	ret = run1(&t, "li r1, 11\nli r2, 22\nsetp.ne.u32 p1, r1, 0\n"
		   "sel.32 r3, r1, r2, p1\nsel.64 r4, r1, r2, !p1\n"
		   "sel.32 r5, rz, 1, !p1\nexit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[3] == 11 && t.r[4] == 22 &&
	      t.r[5] == 1, "sel");
}

/* ---- control flow, guards, r63 ---- */

static void test_control(void)
{
	struct gpsvm_isa_thread t;
	int ret;

	ret = run1(&t,
		   "	li r1, 0\n"
		   "	call func\n"		/* pc 8: lr = 16 */
		   "	add.64 r1, r1, 100\n"
		   "	bra skip\n"
		   "	trap 1\n"
		   "skip:	call r10, func2\n"
		   "	li r2, 5\n"
		   "loop:	add.64 r3, r3, 2\n"
		   "	sub.32 r2, r2, 1\n"
		   "	setp.ne.u32 p0, r2, 0\n"
		   "	@p0 bra loop\n"
		   "	bra +1\n"
		   "	exit\n"
		   "func:	add.64 r1, r1, 1\n"
		   "	ret\n"
		   "func2:	add.64 r1, r1, 10\n"
		   "	ret r10\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[1] == 111 && t.r[62] == 16 &&
	      t.r[10] == 48 && t.r[3] == 10 && t.pc == 12 * 8,
	      "call/ret/bra: r1=%llu lr=%llu r10=%llu r3=%llu pc=%llu",
	      (unsigned long long)t.r[1], (unsigned long long)t.r[62],
	      (unsigned long long)t.r[10], (unsigned long long)t.r[3],
	      (unsigned long long)t.pc);

	/* Guards: a false guard skips everything, even a bad access. */
	ret = run1(&t,
		   "li r1, 7\n"
		   "@p0 li r2, 5\n"
		   "@!p0 li r3, 6\n"
		   "@!pt trap 3\n"
		   "@p0 ld.64 r4, [rz + 1]\n"
		   "@p1 ldarg.64 r5, [4092]\n"
		   "mov.64 rz, 5\n"
		   "add.64 r6, rz, 7\n"
		   "call rz, +2\n"
		   "trap 4\n"
		   "membar.cta\nmembar.gpu\nmembar.sys\nnop\n"
		   "exit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[2] == 0 && t.r[3] == 6 &&
	      t.r[4] == 0 && t.r[6] == 7 && t.r[63] == 0,
	      "guards/rz: ret %d err %u", ret, t.err);

	/* A negative branch back to itself: budget runs out. */
	{
		struct gpsvm_isa_launch l;
		unsigned long budget = 1000;
		unsigned int next = 0;

		launch_init(&l, 1);
		l.code = assemble("nop\nself: bra self\n", &l.ncode);
		gpsvm_isa_block_init(&t, &l, zero3);
		ret = gpsvm_isa_run_block(&t, 1, &l, &fops, &mem, &budget, &next);
		CHECK(ret == GPSVM_ISA_RUN_BUDGET && budget == 0 && t.pc == 8,
		      "budget: ret %d", ret);
		free((void *)l.code);
	}

	/* Budgets below a thread's turn: the round still goes round. */
	{
		struct gpsvm_isa_thread th[4];
		struct gpsvm_isa_launch l;
		unsigned long budget;
		unsigned int next = 0, i, k;

		launch_init(&l, 4);
		l.code = assemble("loop: add.64 r1, r1, 1\nbra loop\n",
				  &l.ncode);
		gpsvm_isa_block_init(th, &l, zero3);
		for (k = 0; k < 100; k++) {
			budget = 10;
			ret = gpsvm_isa_run_block(th, 4, &l, &fops, &mem,
						  &budget, &next);
		}
		for (i = 0, k = 0; i < 4; i++)
			k += th[i].r[1] > 0;
		CHECK(ret == GPSVM_ISA_RUN_BUDGET && k == 4 && next < 4,
		      "small budgets: %u of 4 threads ran", k);
		free((void *)l.code);
	}
}

/* ---- errors ---- */

struct err_case {
	const char *src;
	u32 err;
	u64 info;
	u64 pc;
};

static const struct err_case err_cases[] = {
	{ "nop\n", GPSVM_ISA_ERR_PC, 8, 8 },
	{ "li r1, 4\nret r1\n", GPSVM_ISA_ERR_PC, 4, 4 },
	{ "li r1, -8\nret r1\n", GPSVM_ISA_ERR_PC, ~7ULL, ~7ULL },
	{ "bra -1\n", GPSVM_ISA_ERR_PC, ~7ULL, ~7ULL },
	{ ".word 0\n", GPSVM_ISA_ERR_OPCODE, 0, 0 },
	{ "nop\n.word 0x7ff\n", GPSVM_ISA_ERR_OPCODE, 0x7ff, 8 },
	{ ".word 0x70b\n", GPSVM_ISA_ERR_OPCODE, 0x70b, 0 },
	{ ".word 0x1701\n", GPSVM_ISA_ERR_ENCODING, 0x1701, 0 },
	/* reserved bit under a false guard is still invalid */
	{ ".word 0x0000000000001001\n", GPSVM_ISA_ERR_ENCODING, 0x1001, 0 },
	{ ".word 0x0000004000000720\n", GPSVM_ISA_ERR_ENCODING,
	  0x0000004000000720ULL, 0 },
	{ ".word 0x0000000000000703\n", GPSVM_ISA_ERR_ENCODING, 0x703, 0 },
	{ ".word 0x00000000007c0710\n", GPSVM_ISA_ERR_ENCODING, 0x7c0710, 0 },
	{ ".word 0x800000000000071a\n", GPSVM_ISA_ERR_ENCODING,
	  0x800000000000071aULL, 0 },
	{ "trap 0xdeadbeef\n", GPSVM_ISA_ERR_TRAP, 0xdeadbeef, 0 },
	{ "nop\ntrap\n", GPSVM_ISA_ERR_TRAP, 0, 8 },
	{ "ldarg.u32 r1, [2]\n", GPSVM_ISA_ERR_MISALIGNED, 2, 0 },
	{ "ldarg.64 r1, [4]\n", GPSVM_ISA_ERR_MISALIGNED, 4, 0 },
	{ "ldarg.u32 r1, [16]\n", GPSVM_ISA_ERR_ARG_RANGE, 16, 0 },
	{ "ldarg.64 r1, [12]\n", GPSVM_ISA_ERR_MISALIGNED, 12, 0 },
	{ "ldarg.64 r1, [8]\nldarg.64 r1, [16]\n", GPSVM_ISA_ERR_ARG_RANGE,
	  16, 8 },
	{ "li r2, -4\nldarg.u32 r1, [r2]\n", GPSVM_ISA_ERR_ARG_RANGE, ~3ULL,
	  8 },
};

static void test_errors(void)
{
	struct gpsvm_isa_thread t;
	size_t i;
	int ret;

	arg_size = 16;
	for (i = 0; i < ARRAY_SIZE(err_cases); i++) {
		const struct err_case *c = &err_cases[i];

		ret = run1(&t, "%s", c->src);
		CHECK(ret == GPSVM_ISA_RUN_ERROR &&
		      t.state == GPSVM_ISA_THREAD_FAILED && t.err == c->err &&
		      t.err_info == c->info && t.pc == c->pc,
		      "error case %zu (%s): ret %d err %u info 0x%llx pc 0x%llx",
		      i, c->src, ret, t.err, (unsigned long long)t.err_info,
		      (unsigned long long)t.pc);
	}
	/* -8 + 8 wraps to offset 0: in range. */
	ret = run1(&t, "li r2, -8\nldarg.64 r1, [r2 + 8]\nexit\n");
	CHECK(ret == GPSVM_ISA_RUN_DONE, "ldarg offset wraps mod 2^64");

	/* A failing instruction changes nothing; step keeps reporting it. */
	{
		struct gpsvm_isa_launch l;
		u64 va = VA_BASE + 64;

		launch_init(&l, 1);
		l.code = assemble("li r1, 9\nli r3, 0x7f0000000040\n"
				  "ldarg.u32 r1, [64]\n", &l.ncode);
		gpsvm_isa_block_init(&t, &l, zero3);
		CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) ==
		      GPSVM_ISA_STEP_EXECUTED, "step executes");
		gpsvm_isa_step(&t, &l, &fops, &mem);
		gpsvm_isa_step(&t, &l, &fops, &mem);
		gpsvm_isa_step(&t, &l, &fops, &mem);
		CHECK(t.err == GPSVM_ISA_ERR_ARG_RANGE && t.r[1] == 9 &&
		      t.r[3] == va && t.pc == 24 &&
		      gpsvm_isa_step(&t, &l, &fops, &mem) ==
		      GPSVM_ISA_STEP_ERROR, "failed ldarg has no effect");
		free((void *)l.code);
	}
	arg_size = 0;
}

/* ---- memory: loads, stores, alignment, MMU errors, PREFETCH ---- */

static void test_memory(void)
{
	struct gpsvm_isa_thread t;
	u64 a = VA_BASE + 0x100;
	unsigned int maps;
	int ret;

	memset(membuf, 0, MEM_SIZE);
	put64(a, 0x8182838485868788ULL);
	ret = run1(&t,
		   "li r1, %llu\n"
		   "ld.u8 r2, [r1]\nld.s8 r3, [r1 + 1]\n"
		   "ld.u16 r4, [r1 + 2]\nld.s16 r5, [r1 + 6]\n"
		   "ld.u32 r6, [r1 + 4]\nld.s32 r7, [r1]\n"
		   "ld.64 r8, [r1]\n"
		   "li r9, 8\nld.64 r10, [r1 + r9]\n"
		   "li r11, 0x1122334455667788\n"
		   "st.8 [r1 + 16], r11\nst.16 [r1 + 18], r11\n"
		   "st.32 [r1 + 20], r11\nst.64 [r1 + 24], r11\n"
		   "st.64 [r1 - 8], r11\n"
		   "exit\n", (unsigned long long)a);
	CHECK(ret == GPSVM_ISA_RUN_DONE && t.r[2] == 0x88 &&
	      t.r[3] == 0xffffffffffffff87ULL && t.r[4] == 0x8586 &&
	      t.r[5] == 0xffffffffffff8182ULL && t.r[6] == 0x81828384 &&
	      t.r[7] == 0xffffffff85868788ULL &&
	      t.r[8] == 0x8182838485868788ULL && t.r[10] == 0,
	      "loads: ret %d", ret);
	CHECK(get64(a + 16) == 0x5566778877880088ULL &&
	      get64(a + 24) == 0x1122334455667788ULL &&
	      get64(a - 8) == 0x1122334455667788ULL && get64(a + 32) == 0,
	      "stores: 0x%llx", (unsigned long long)get64(a + 16));
	CHECK(mem.maps == mem.unmaps && !mem.bad_calls, "map/unmap balanced");

	/* Misaligned: fails before reaching the MMU, info the address. */
	maps = mem.maps;
	ret = run1(&t, "li r1, %llu\nld.u16 r2, [r1 + 1]\n",
		   (unsigned long long)a);
	CHECK(ret == GPSVM_ISA_RUN_ERROR && t.err == GPSVM_ISA_ERR_MISALIGNED &&
	      t.err_info == a + 1 && mem.maps == maps && t.r[2] == 0,
	      "misaligned load");
	ret = run1(&t, "li r1, %llu\nst.64 [r1 + 4], r1\n",
		   (unsigned long long)a);
	CHECK(ret == GPSVM_ISA_RUN_ERROR && t.err == GPSVM_ISA_ERR_MISALIGNED &&
	      t.err_info == a + 4 && get64(a) == 0x8182838485868788ULL,
	      "misaligned store");
	ret = run1(&t, "li r1, %llu\natom.add.64 r2, [r1], 1\n",
		   (unsigned long long)a + 4);
	CHECK(ret == GPSVM_ISA_RUN_ERROR && t.err == GPSVM_ISA_ERR_MISALIGNED &&
	      t.err_info == a + 4, "misaligned atomic");

	/* A fatal translation: ERR_MMU with the address; nothing written. */
	ret = run1(&t, "li r1, 0x1000\nli r2, 3\nst.32 [r1 + 8], r2\n");
	CHECK(ret == GPSVM_ISA_RUN_ERROR && t.err == GPSVM_ISA_ERR_MMU &&
	      t.err_info == 0x1008 && t.pc == 16, "fatal store");
	ret = run1(&t, "li r1, %llu\nld.64 r1, [r1]\n",
		   (unsigned long long)VA_BASE + MEM_SIZE);
	CHECK(ret == GPSVM_ISA_RUN_ERROR && t.err == GPSVM_ISA_ERR_MMU &&
	      t.r[1] == VA_BASE + MEM_SIZE, "fatal load keeps rd");

	/* Access types as the MMU sees them. */
	run1(&t, "li r1, %llu\nld.u8 r2, [r1]\nexit\n", (unsigned long long)a);
	CHECK(mem.last_access == GPSVM_ISA_ACCESS_READ && mem.last_va == a,
	      "read access");
	run1(&t, "li r1, %llu\nst.8 [r1], r2\nexit\n", (unsigned long long)a);
	CHECK(mem.last_access == GPSVM_ISA_ACCESS_WRITE, "write access");
	run1(&t, "li r1, %llu\natom.cas.32 r2, [r1], r3, r3\nexit\n",
	     (unsigned long long)a + 4);
	CHECK(mem.last_access == GPSVM_ISA_ACCESS_ATOMIC &&
	      mem.last_va == a + 4, "atomic access (failing CAS)");

	/* PREFETCH: any address, never stalls, never fails. */
	mem.prefetches = 0;
	mem.fault_page = VA_BASE;
	mem.fault_count = 100;
	ret = run1(&t, "li r1, %llu\nprefetch [r1 + 3]\nprefetch [rz + 16]\n"
		   "prefetch [r1]\nli r2, 1\nexit\n",
		   (unsigned long long)VA_BASE);
	CHECK(ret == GPSVM_ISA_RUN_DONE && mem.prefetches == 3 &&
	      t.r[2] == 1 && mem.last_va == VA_BASE &&
	      mem.last_access == GPSVM_ISA_ACCESS_PREFETCH,
	      "prefetch: ret %d n %u", ret, mem.prefetches);
	mem.fault_count = 0;
	CHECK(mem.maps == mem.unmaps && !mem.bad_calls, "map/unmap balanced");
}

/* ---- translation faults: stall, retry, same result ---- */

static void test_stall(void)
{
	static const char src[] =
		"li r1, 0x7f0000001000\n"
		"ld.64 r2, [r1]\n"
		"add.64 r2, r2, 1\n"
		"st.64 [r1 + 8], r2\n"
		"atom.add.32 r3, [r1], 5\n"
		"exit\n";
	struct gpsvm_isa_thread t;
	struct gpsvm_isa_launch l;
	u64 va = VA_BASE + 0x1000, want_mem[2], want_r[4];
	unsigned long budget = 1000;
	unsigned int next = 0;
	int ret, i;

	/* Reference run without faults. */
	put64(va, 41);
	put64(va + 8, 0);
	ret = run1(&t, src);
	want_mem[0] = get64(va);
	want_mem[1] = get64(va + 8);
	for (i = 0; i < 4; i++)
		want_r[i] = t.r[i];
	CHECK(ret == GPSVM_ISA_RUN_DONE && want_mem[1] == 42 &&
	      want_mem[0] == 46 && t.r[3] == 41, "reference run");

	put64(va, 41);
	put64(va + 8, 0);
	launch_init(&l, 1);
	l.code = assemble(src, &l.ncode);
	gpsvm_isa_block_init(&t, &l, zero3);
	mem.fault_page = va;
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_EXECUTED &&
	      gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_EXECUTED,
	      "li");
	mem.fault_count = 2;
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_STALLED &&
	      t.pc == 16 && t.r[2] == 0 && t.fault_va == va &&
	      t.fault_access == GPSVM_ISA_ACCESS_READ &&
	      t.state == GPSVM_ISA_THREAD_RUNNING, "load stalls");
	ret = gpsvm_isa_run_block(&t, 1, &l, &fops, &mem, &budget, &next);
	CHECK(ret == GPSVM_ISA_RUN_STALLED && t.pc == 16 && budget == 999,
	      "run_block reports the stall: %d", ret);
	mem.fault_count = 1;
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_STALLED &&
	      t.pc == 16, "still stalled");
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_EXECUTED &&
	      gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_EXECUTED &&
	      t.r[2] == 42, "load retried");
	/* The store, then the atomic, fault too. */
	mem.fault_count = 1;
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_STALLED &&
	      t.fault_access == GPSVM_ISA_ACCESS_WRITE &&
	      t.fault_va == va + 8 && get64(va + 8) == 0, "store stalls");
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_EXECUTED,
	      "store retried");
	mem.fault_count = 1;
	CHECK(gpsvm_isa_step(&t, &l, &fops, &mem) == GPSVM_ISA_STEP_STALLED &&
	      t.fault_access == GPSVM_ISA_ACCESS_ATOMIC &&
	      get64(va) == 41 && t.r[3] == 0, "atomic stalls");
	ret = gpsvm_isa_run_block(&t, 1, &l, &fops, &mem, &budget, &next);
	CHECK(ret == GPSVM_ISA_RUN_DONE && get64(va) == want_mem[0] &&
	      get64(va + 8) == want_mem[1] && t.r[1] == want_r[1] &&
	      t.r[2] == want_r[2] && t.r[3] == want_r[3],
	      "retried run gives the same result");
	free((void *)l.code);
	mem.fault_count = 0;
}

/* ---- atomics ---- */

struct atom_case {
	const char *op;
	u64 old, b, c, want_new;
};

static const struct atom_case atom_cases[] = {
	{ "add.32", 0xffffffff, 2, 0, 1 },
	{ "sub.32", 0, 1, 0, 0xffffffff },
	{ "inc.u32", 5, 5, 0, 0 },
	{ "inc.u32", 4, 5, 0, 5 },
	{ "inc.u32", 9, 5, 0, 0 },
	{ "dec.u32", 0, 7, 0, 7 },
	{ "dec.u32", 9, 7, 0, 7 },
	{ "dec.u32", 5, 7, 0, 4 },
	{ "min.s32", 0xffffffff, 1, 0, 0xffffffff },
	{ "min.u32", 0xffffffff, 1, 0, 1 },
	{ "max.s32", 0xffffffff, 1, 0, 1 },
	{ "max.u32", 0xffffffff, 1, 0, 0xffffffff },
	{ "and.32", 0xf0f0f0f0, 0xff00ff00, 0, 0xf000f000 },
	{ "or.32", 0xf0f0f0f0, 0x0f, 0, 0xf0f0f0ff },
	{ "xor.32", 0xffffffff, 0x0f0f0f0f, 0, 0xf0f0f0f0 },
	{ "exch.32", 0x12345678, 0x9abcdef0, 0, 0x9abcdef0 },
	{ "cas.32", 5, 5, 9, 9 },
	{ "cas.32", 5, 6, 9, 5 },
	{ "cas.32", 5, 0x100000005ULL, 9, 9 },	/* b_32 compared */
	{ "add.64", ~0ULL, 2, 0, 1 },
	{ "sub.64", 0, 1, 0, ~0ULL },
	{ "inc.u64", 5, 5, 0, 0 },
	{ "inc.u64", 1ULL << 40, ~0ULL, 0, (1ULL << 40) + 1 },
	{ "dec.u64", 0, 7, 0, 7 },
	{ "dec.u64", 8, 7, 0, 7 },
	{ "dec.u64", 1ULL << 40, ~0ULL, 0, (1ULL << 40) - 1 },
	{ "min.s64", ~0ULL, 1, 0, ~0ULL },
	{ "min.u64", ~0ULL, 1, 0, 1 },
	{ "max.s64", ~0ULL, 1, 0, 1 },
	{ "max.u64", ~0ULL, 1, 0, ~0ULL },
	{ "and.64", ~0ULL, 1ULL << 63, 0, 1ULL << 63 },
	{ "or.64", 1, 1ULL << 63, 0, 0x8000000000000001ULL },
	{ "xor.64", ~0ULL, 1, 0, ~1ULL },
	{ "exch.64", 1, 0x123456789abcdef0ULL, 0, 0x123456789abcdef0ULL },
	{ "cas.64", 1ULL << 40, 1ULL << 40, 3, 3 },
	{ "cas.64", 1ULL << 40, 1, 3, 1ULL << 40 },
};

static void test_atomics(void)
{
	struct gpsvm_isa_thread t;
	u64 va = VA_BASE + 0x2000;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(atom_cases); i++) {
		const struct atom_case *c = &atom_cases[i];
		int w64 = !!strstr(c->op, "64");
		u64 m, got_old;

		put64(va, c->old | (w64 ? 0 : 0xabcdef0000000000ULL));
		put64(va + 8, 0x5555555555555555ULL);
		ret = run1(&t, "li r1, %llu\nli r2, %llu\nli r3, %llu\n"
			   "li r4, -1\natom.%s r4, [r1], r2%s\nexit\n",
			   (unsigned long long)va, (unsigned long long)c->b,
			   (unsigned long long)c->c, c->op,
			   strstr(c->op, "cas") ? ", r3" : "");
		m = get64(va);
		got_old = t.r[4];
		if (!w64) {
			CHECK(m >> 32 == 0xabcdef00, "%s: neighbour bytes",
			      c->op);
			m &= 0xffffffff;
		}
		CHECK(ret == GPSVM_ISA_RUN_DONE && got_old == c->old &&
		      m == c->want_new &&
		      get64(va + 8) == 0x5555555555555555ULL,
		      "atom.%s old 0x%llx b 0x%llx: d 0x%llx mem 0x%llx",
		      c->op, (unsigned long long)c->old,
		      (unsigned long long)c->b, (unsigned long long)got_old,
		      (unsigned long long)m);
	}
	/* rz discards the old value; the memory still changes. */
	put64(va, 10);
	ret = run1(&t, "li r1, %llu\natom.add.64 rz, [r1], -3\nexit\n",
		   (unsigned long long)va);
	CHECK(ret == GPSVM_ISA_RUN_DONE && get64(va) == 7 && t.r[63] == 0,
	      "atom to rz");
}

/* Two host threads add to the same words through the interpreter. */
#define STRESS_ITERS	200000

struct stress {
	struct fmem m;
	int ret;
};

static void *stress_thread(void *arg)
{
	struct stress *s = arg;
	struct gpsvm_isa_thread t;
	struct gpsvm_isa_launch l;
	unsigned long budget = ~0UL;
	unsigned int next = 0;

	launch_init(&l, 1);
	l.code = assemble("li r1, 0x7f0000003000\nadd.64 r2, r1, 8\n"
			  "li r3, 200000\n"
			  "loop: atom.add.32 rz, [r1], 1\n"
			  "atom.add.64 rz, [r2], 3\n"
			  "atom.sub.64 rz, [r2], 1\n"
			  "sub.32 r3, r3, 1\n"
			  "setp.ne.u32 p0, r3, 0\n"
			  "@p0 bra loop\nexit\n", &l.ncode);
	gpsvm_isa_block_init(&t, &l, zero3);
	s->ret = gpsvm_isa_run_block(&t, 1, &l, &fops, &s->m, &budget, &next);
	free((void *)l.code);
	return NULL;
}

static void test_atomic_stress(void)
{
	struct stress s[2] = { { .m = { .buf = membuf } },
			       { .m = { .buf = membuf } } };
	u64 va = VA_BASE + 0x3000;
	pthread_t th[2];
	int i;

	put64(va, 0);
	put64(va + 8, 0);
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, stress_thread, &s[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK(s[0].ret == GPSVM_ISA_RUN_DONE && s[1].ret == GPSVM_ISA_RUN_DONE &&
	      get64(va) == 2 * STRESS_ITERS &&
	      get64(va + 8) == 4ULL * STRESS_ITERS,
	      "2-thread atomic stress: %llu %llu",
	      (unsigned long long)get64(va),
	      (unsigned long long)get64(va + 8));
}

/* ---- S2R, LDARG ---- */

static void test_s2r_ldarg(void)
{
	struct gpsvm_isa_thread th[6];
	struct gpsvm_isa_launch l;
	static const u32 ctaid[3] = { 3, 4, 5 };
	unsigned long budget = 10000;
	unsigned int next = 0;
	int ret;

	memset(args, 0, sizeof(args));
	args[0] = 0x01;
	args[3] = 0x80;
	memcpy(args + 8, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	arg_size = 16;
	launch_init(&l, 3);
	l.ntid[1] = 2;
	l.nctaid[0] = 7;
	l.nctaid[1] = 8;
	l.nctaid[2] = 9;
	l.code = assemble("s2r r1, tid.x\ns2r r2, tid.y\ns2r r3, tid.z\n"
			  "s2r r4, ntid.x\ns2r r5, ntid.y\ns2r r6, ntid.z\n"
			  "s2r r7, ctaid.x\ns2r r8, ctaid.y\ns2r r9, ctaid.z\n"
			  "s2r r10, nctaid.x\ns2r r11, nctaid.y\n"
			  "s2r r12, nctaid.z\ns2r r13, clock\ns2r r14, clock\n"
			  "ldarg.u32 r15, [0]\nldarg.s32 r16, [rz + 0]\n"
			  "li r20, 4\nldarg.64 r17, [r20 + 4]\n"
			  "ldarg.u32 r18, [12]\n"
			  "exit\n", &l.ncode);
	gpsvm_isa_block_init(th, &l, ctaid);
	ret = gpsvm_isa_run_block(th, 6, &l, &fops, &mem, &budget, &next);
	CHECK(ret == GPSVM_ISA_RUN_DONE, "s2r run");
	CHECK(th[5].r[1] == 2 && th[5].r[2] == 1 && th[5].r[3] == 0 &&
	      th[1].r[1] == 1 && th[1].r[2] == 0 &&
	      th[5].r[4] == 3 && th[5].r[5] == 2 && th[5].r[6] == 1 &&
	      th[5].r[7] == 3 && th[5].r[8] == 4 && th[5].r[9] == 5 &&
	      th[5].r[10] == 7 && th[5].r[11] == 8 && th[5].r[12] == 9,
	      "s2r ids");
	CHECK(th[0].r[13] != 0 && th[0].r[14] >= th[0].r[13], "s2r clock");
	CHECK(th[2].r[15] == 0x80000001 &&
	      th[2].r[16] == 0xffffffff80000001ULL &&
	      th[2].r[17] == 0x1122334455667788ULL &&
	      th[2].r[18] == 0x11223344, "ldarg values");
	free((void *)l.code);
	arg_size = 0;
}

/* ---- v2 windows: shared and private memory ---- */

static void test_windows(void)
{
	struct gpsvm_isa_thread th[4];
	struct gpsvm_isa_launch l;
	unsigned long budget = 100000;
	unsigned int next = 0, maps, i, ok = 1;
	u64 blk[(64 + 4 * 32) / 8];
	int ret;

	/*
	 * Each thread: private[0] = tid * 3, private[8] = its shared atomic's
	 * old value; shared[8 + 8 * tid] = private[0] + 1; after BAR, the
	 * neighbour's shared word, and the atomic count, go to private.
	 * [rz + imm] reaches both windows; a prefetch there maps nothing.
	 */
	launch_init(&l, 4);
	l.shared_size = 64;
	l.private_size = 32;
	CHECK(gpsvm_isa_block_mem_size(&l) == sizeof(blk), "block mem size");
	memset(blk, 0, sizeof(blk));
	l.code = assemble("	s2r	r0, tid.x\n"
		"	mul.32	r1, r0, 3\n"
		"	st.64	[rz - 0x40000000], r1\n"
		"	li	r2, 0xffffffff80000000\n"
		"	atom.add.64 r3, [r2], 1\n"
		"	st.64	[rz - 0x3ffffff8], r3\n"
		"	ld.64	r4, [rz - 0x40000000]\n"
		"	add.64	r4, r4, 1\n"
		"	shl.64	r5, r0, 3\n"
		"	add.64	r6, r2, r5\n"
		"	st.64	[r6 + 8], r4\n"
		"	prefetch [r6]\n"
		"	bar\n"
		"	add.32	r7, r0, 1\n"
		"	and.32	r7, r7, 3\n"
		"	shl.64	r7, r7, 3\n"
		"	add.64	r7, r7, r2\n"
		"	ld.64	r8, [r7 + 8]\n"
		"	st.64	[rz - 0x3ffffff0], r8\n"	/* private[16] */
		"	ld.64	r9, [r2]\n"
		"	st.64	[rz - 0x3fffffe8], r9\n"	/* private[24] */
		"	exit\n", &l.ncode);
	gpsvm_isa_block_init(th, &l, zero3);
	gpsvm_isa_block_set_mem(th, &l, (u8 *)blk);
	maps = mem.maps;
	ret = gpsvm_isa_run_block(th, 4, &l, &fops, &mem, &budget, &next);
	for (i = 0; i < 4; i++) {
		const u64 *priv = blk + 8 + 4 * i;

		if (priv[0] != i * 3 || priv[2] != ((i + 1) % 4) * 3 + 1 ||
		    priv[3] != 4 || blk[1 + i] != i * 3 + 1)
			ok = 0;
	}
	CHECK(ret == GPSVM_ISA_RUN_DONE && ok && blk[0] == 4 &&
	      mem.maps == maps,
	      "windows: ret %d ok %u count %llu maps %u", ret, ok,
	      (unsigned long long)blk[0], mem.maps - maps);
	/* Each thread saw a different old value of the shared counter. */
	CHECK((1U << blk[8 + 1]) + (1U << blk[12 + 1]) + (1U << blk[16 + 1]) +
	      (1U << blk[20 + 1]) == 0xf, "shared atomic old values");
	free((void *)l.code);

	/* Past a window's size, or with no window: ERR_WINDOW. */
	{
		static const struct {
			const char *src;
			u32 shared, priv, err;
			u64 info;
		} bad[] = {
			{ "ld.64 r1, [rz - 0x80000000]\n", 0, 8,
			  GPSVM_ISA_ERR_WINDOW, 0xffffffff80000000ULL },
			{ "st.32 [rz - 0x7fffffc0], r1\n", 64, 0,
			  GPSVM_ISA_ERR_WINDOW, 0xffffffff80000040ULL },
			{ "st.8 [rz - 0x3ffffff8], r1\n", 64, 8,
			  GPSVM_ISA_ERR_WINDOW, 0xffffffffc0000008ULL },
			{ "li r2, -8\natom.add.64 r1, [r2], 1\n", 64, 64,
			  GPSVM_ISA_ERR_WINDOW, 0xfffffffffffffff8ULL },
			{ "ld.u32 r1, [rz - 0x7ffffffe]\n", 64, 64,
			  GPSVM_ISA_ERR_MISALIGNED, 0xffffffff80000002ULL },
			/* Alignment first, also out of the window. */
			{ "ld.u32 r1, [rz - 0x3ffffffe]\n", 0, 0,
			  GPSVM_ISA_ERR_MISALIGNED, 0xffffffffc0000002ULL },
		};
		struct gpsvm_isa_thread t;
		u64 wmem[32];

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			char src[128];

			budget = 1000;
			next = 0;
			launch_init(&l, 1);
			l.shared_size = bad[i].shared;
			l.private_size = bad[i].priv;
			snprintf(src, sizeof(src), "%sexit\n", bad[i].src);
			l.code = assemble(src, &l.ncode);
			gpsvm_isa_block_init(&t, &l, zero3);
			gpsvm_isa_block_set_mem(&t, &l, (u8 *)wmem);
			maps = mem.maps;
			ret = gpsvm_isa_run_block(&t, 1, &l, &fops, &mem,
						  &budget, &next);
			CHECK(ret == GPSVM_ISA_RUN_ERROR &&
			      t.err == bad[i].err &&
			      t.err_info == bad[i].info && mem.maps == maps,
			      "window error %u: ret %d err %u info 0x%llx", i,
			      ret, t.err, (unsigned long long)t.err_info);
			free((void *)l.code);
		}
	}
}

/* ---- BAR ---- */

static void test_barrier(void)
{
	struct gpsvm_isa_thread th[8];
	struct gpsvm_isa_launch l;
	u64 base = VA_BASE + 0x4000;
	unsigned long budget = 100000;
	unsigned int next = 0;
	int i, ok = 1, ret;

	memset(membuf + 0x4000, 0, 0x1000);
	memcpy(args, &base, 8);
	arg_size = 8;
	launch_init(&l, 8);
	/*
	 * out[i] = in[(i + 1) % 8], written by the neighbour before BAR. The
	 * scheduler runs each thread up to BAR before the next, so without
	 * the barrier thread 0 would read in[1] before thread 1 wrote it.
	 */
	l.code = assemble("	s2r	r0, tid.x\n"
		"	ldarg.64 r1, [0]\n"
		"	shl.64	r2, r0, 3\n"
		"	add.64	r3, r1, r2\n"
		"	add.64	r4, r0, 100\n"
		"	st.64	[r3], r4\n"
		"	@!pt bar\n"			/* never arrives */
		"	bar\n"
		"	add.32	r5, r0, 1\n"
		"	rem.u32	r5, r5, 8\n"
		"	shl.64	r5, r5, 3\n"
		"	ld.64	r6, [r1 + r5]\n"
		"	st.64	[r3 + 64], r6\n"
		/* thread 7 ends; the others meet at a second barrier */
		"	setp.eq.u32 p0, r0, 7\n"
		"	@p0 exit\n"
		"	st.64	[r3 + 192], r0\n"
		"	bar\n"
		"	add.64	r8, r1, 192\n"
		"	ld.64	r7, [r8 + r5]\n"
		"	st.64	[r3 + 128], r7\n"
		"	exit\n", &l.ncode);
	gpsvm_isa_block_init(th, &l, zero3);
	ret = gpsvm_isa_run_block(th, 8, &l, &fops, &mem, &budget, &next);
	for (i = 0; i < 8; i++) {
		u64 want2 = i == 6 ? 0 : (u64)i + 1;

		if (get64(base + 64 + 8 * i) != 100 + (u64)(i + 1) % 8 ||
		    (i != 7 && get64(base + 128 + 8 * i) != want2))
			ok = 0;
	}
	CHECK(ret == GPSVM_ISA_RUN_DONE && ok, "barrier: ret %d", ret);
	if (!ok)
		for (i = 0; i < 8; i++)
			printf("  %d: 0x%llx 0x%llx\n", i,
			       (unsigned long long)get64(base + 64 + 8 * i),
			       (unsigned long long)get64(base + 128 + 8 * i));

	/* Without release, threads wait: step says BARRIER. */
	gpsvm_isa_block_init(th, &l, zero3);
	for (i = 0; i < 8; i++)
		gpsvm_isa_step(&th[0], &l, &fops, &mem);
	CHECK(th[0].state == GPSVM_ISA_THREAD_AT_BARRIER &&
	      gpsvm_isa_step(&th[0], &l, &fops, &mem) ==
	      GPSVM_ISA_STEP_BARRIER && th[0].pc == 8 * 8 &&
	      !gpsvm_isa_block_release(th, 8), "barrier waits");
	free((void *)l.code);
	arg_size = 0;
}

/* ---- the vector add of isa.md section 12 ---- */

static const char vadd_src[] =
	".equ ARG_A, 0\n.equ ARG_B, 8\n.equ ARG_C, 16\n.equ ARG_N, 24\n"
	"	s2r	r0, tid.x\n"
	"	s2r	r1, ctaid.x\n"
	"	s2r	r2, ntid.x\n"
	"	mul.32	r1, r1, r2\n"
	"	add.32	r0, r0, r1\n"
	"	s2r	r1, nctaid.x\n"
	"	mul.32	r2, r2, r1\n"
	"	ldarg.u32 r3, [ARG_N]\n"
	"	ldarg.64 r4, [ARG_A]\n"
	"	ldarg.64 r5, [ARG_B]\n"
	"	ldarg.64 r6, [ARG_C]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"loop:\n"
	"	shl.64	r7, r0, 2\n"
	"	ld.u32	r8, [r4 + r7]\n"
	"	ld.u32	r9, [r5 + r7]\n"
	"	add.f32	r8, r8, r9\n"
	"	st.32	[r6 + r7], r8\n"
	"	add.32	r0, r0, r2\n"
	"	setp.lt.u32 p0, r0, r3\n"
	"	@p0 bra	loop\n"
	"	exit\n";

static void test_vadd(void)
{
	enum { N = 3000, NTID = 64, NCTA = 5 };
	static struct gpsvm_isa_thread th[NTID];
	u64 a = VA_BASE + 0x10000, b = a + 4 * N, c = b + 4 * N;
	struct gpsvm_isa_launch l;
	unsigned long budget = 10000000;
	unsigned int next = 0;
	u32 n = N, bad = 0;
	u32 cta[3] = { 0, 0, 0 };
	int i, ret = 0;

	for (i = 0; i < N; i++) {
		float fa = (float)i * 0.37f - 100.0f, fb = 1.0f / (float)(i + 1);

		memcpy(membuf + (a - VA_BASE) + 4 * i, &fa, 4);
		memcpy(membuf + (b - VA_BASE) + 4 * i, &fb, 4);
	}
	memset(membuf + (c - VA_BASE), 0xee, 4 * N);
	memcpy(args, &a, 8);
	memcpy(args + 8, &b, 8);
	memcpy(args + 16, &c, 8);
	memcpy(args + 24, &n, 4);
	arg_size = 28;
	launch_init(&l, NTID);
	l.nctaid[0] = NCTA;
	l.code = assemble(vadd_src, &l.ncode);
	/* Blocks in reverse order: any order is allowed. */
	for (i = NCTA - 1; i >= 0 && !ret; i--) {
		cta[0] = i;
		gpsvm_isa_block_init(th, &l, cta);
		ret = gpsvm_isa_run_block(th, NTID, &l, &fops, &mem, &budget, &next);
	}
	for (i = 0; i < N; i++) {
		float fa, fb, fc, want;

		memcpy(&fa, membuf + (a - VA_BASE) + 4 * i, 4);
		memcpy(&fb, membuf + (b - VA_BASE) + 4 * i, 4);
		memcpy(&fc, membuf + (c - VA_BASE) + 4 * i, 4);
		want = fa + fb;
		if (memcmp(&fc, &want, 4))
			bad++;
	}
	CHECK(ret == GPSVM_ISA_RUN_DONE && !bad, "vadd: ret %d, %u wrong",
	      ret, bad);
	free((void *)l.code);
	arg_size = 0;
}

int main(void)
{
	test_alu();
	test_predicates();
	test_control();
	test_errors();
	test_memory();
	test_stall();
	test_atomics();
	test_atomic_stress();
	test_s2r_ldarg();
	test_barrier();
	test_windows();
	test_vadd();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
