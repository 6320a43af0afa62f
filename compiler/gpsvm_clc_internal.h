/* SPDX-License-Identifier: MIT */
/*
 * gpsvm OpenCL C compiler: the back end's machine IR, shared by
 * instruction selection (gpsvm_clc_isel.c) and register allocation and
 * emission (gpsvm_clc_ra.c).
 *
 * Machine instructions are the ISA's (firmware-notes/isa.md), one word
 * each, on registers that are physical (0..63, 63 = rz) or virtual (from
 * VREG0 on). Predicates are not allocated: instruction selection uses p0
 * and p1 only between the instruction that sets them and the one that
 * reads them, and no spill code touches a predicate.
 */
#ifndef GPSVM_CLC_INTERNAL_H
#define GPSVM_CLC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gpsvm_clc.h"

#define RZ		63
#define VREG0		64
#define NO_REG		(-1)

/* Registers the allocator hands out; the rest are spill scratch. */
#define RA_NREGS	59
#define RA_SCRATCH0	59	/* r59, r60, r61: reloads of a, b, c */
#define RA_SCRATCH_D	62	/* r62: a spilled destination */

/* Private window base, as the sign-extended imm32 of [rz + imm]. */
#define PRIV_BASE	(-0x40000000LL)
#define SHARED_BASE	(-0x80000000LL)

/* The hidden header of every argument block; user arguments follow. */
#define ARG_GLOBAL_OFFSET	0	/* 3 x u64 */
#define ARG_WORK_DIM		24	/* u32 */
#define ARG_DATA_BASE		32	/* u64: the program's global data */
#define ARG_HIDDEN_SIZE		64

enum mfmt {
	MF_NONE,	/* op */
	MF_RAB,		/* op d, a, b */
	MF_RB,		/* op d, b */
	MF_FMA,		/* op d, a, b, c */
	MF_SEL,		/* op d, a, b, [!]ps */
	MF_SETP,	/* op pd, a, b[, [!]ps] */
	MF_PLOP,	/* op pd, [!]pa, [!]ps */
	MF_LD,		/* op d, [a + b] */
	MF_ST,		/* op [a + b], c */
	MF_ATOM,	/* op d, [a], b */
	MF_CAS,		/* op d, [a], b, c */
	MF_BRA,		/* op target (a block) */
	MF_TRAP,	/* op imm */
	MF_S2R,		/* op d, sr */
};

struct minst {
	char op[24];
	uint8_t fmt;
	uint8_t gp;		/* guard predicate; 7 = always */
	bool gn;
	bool bimm;		/* operand B is imm */
	bool f32imm;		/* print imm as a raw binary32 pattern */
	int d, a, b, c;
	int64_t imm;
	uint8_t pd, pa, ps;
	bool pan, psn;
	int target;		/* MF_BRA: block index */
	const char *sr;		/* MF_S2R: special register name */
	unsigned int line;	/* source line, 0 if unknown */
};

struct mblock {
	struct minst *insts;
	int n, cap;
	int succ[2];
	int nsucc;
};

struct mfunc {
	char *name;
	struct mblock *blocks;
	int nblocks;
	int nvregs;		/* virtual registers are VREG0 .. VREG0+nvregs-1 */
	uint32_t frame;		/* private bytes used before spills */
	uint32_t private_size;	/* after register allocation */
};

/* Diagnostics: the compiler's build log. */
struct clc_log {
	char *buf;
	size_t len, cap;
	int errors;
};

void clc_log(struct clc_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Register allocation, then the function as assembly text appended to
 * out, its labels made unique with fnid; returns the words emitted.
 */
int clc_regalloc(struct mfunc *f, struct clc_log *log);
int clc_emit_asm(const struct mfunc *f, int fnid, struct clc_log *out);
void clc_mfunc_free(struct mfunc *f);
bool clc_minst_defs(const struct minst *mi, int *d);
int clc_minst_uses(const struct minst *mi, int uses[4]);

#endif /* GPSVM_CLC_INTERNAL_H */
