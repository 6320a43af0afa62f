/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm ISA: the instruction encoding of the compute engine of the
 * GP100-class GPU that gpsvm_model.ko implements. firmware-notes/isa.md is
 * the prose form of this file and gives the semantics; a difference between
 * the two is a bug.
 *
 * This header is shared, unchanged, by the model's interpreter (kernel C)
 * and by the user-space assembler (lib/isa/), so it uses only the types of
 * <linux/types.h> and plain C.
 *
 * An instruction is one little-endian 64-bit word:
 *
 *   63            32 31 30    25 24 23  18 17  12 11 10  8 7      0
 *  +----------------+--+--------+--+------+------+--+-----+--------+
 *  | IMM32 or RB    |U |   RC   |BI|  RA  |  RD  |GN| GP  |   OP   |
 *  +----------------+--+--------+--+------+------+--+-----+--------+
 *
 * BI = 1: bits 63:32 are IMM32, a signed 32-bit immediate.
 * BI = 0: bits 37:32 are RB and bits 63:38 must be zero.
 * Predicate formats reuse RD, RA and RC for predicate fields (below).
 */
#ifndef __GPSVM_ISA_H__
#define __GPSVM_ISA_H__

#include <linux/types.h>

#define GPSVM_ISA_INSN_SIZE		8	/* bytes per instruction */
#define GPSVM_ISA_NUM_REGS		64
#define GPSVM_ISA_RZ			63	/* reads 0, writes dropped */
#define GPSVM_ISA_LR			62	/* link register by convention */
#define GPSVM_ISA_NUM_PREDS		8
#define GPSVM_ISA_PT			7	/* reads 1, writes dropped */
#define GPSVM_ISA_ARG_MAX		4096	/* argument block, bytes */
#define GPSVM_ISA_CANONICAL_NAN		0x7fc00000U

/*
 * v2: the top 2 GiB of every thread's addresses are two windows that no
 * access reaches the MMU through: its block's shared memory and its own
 * private memory, sized by the launch. Both bases are sign-extended
 * 32-bit immediates: [rz + imm] reaches either in one instruction.
 */
#define GPSVM_ISA_SHARED_BASE		0xffffffff80000000ULL
#define GPSVM_ISA_PRIVATE_BASE		0xffffffffc0000000ULL
#define GPSVM_ISA_SHARED_MAX		0x10000U	/* bytes a block */
#define GPSVM_ISA_PRIVATE_MAX		0x10000U	/* bytes a thread */

/*
 * Fields: GPSVM_ISA_<F>_SHIFT is the position of the lowest bit,
 * GPSVM_ISA_<F>_MASK the mask of the field after shifting it down.
 */
#define GPSVM_ISA_OP_SHIFT		0	/* opcode */
#define GPSVM_ISA_OP_MASK		0xffU
#define GPSVM_ISA_GP_SHIFT		8	/* guard predicate */
#define GPSVM_ISA_GP_MASK		0x7U
#define GPSVM_ISA_GN_SHIFT		11	/* guard negate */
#define GPSVM_ISA_GN_MASK		0x1U
#define GPSVM_ISA_RD_SHIFT		12	/* destination register */
#define GPSVM_ISA_RD_MASK		0x3fU
#define GPSVM_ISA_RA_SHIFT		18	/* source register A */
#define GPSVM_ISA_RA_MASK		0x3fU
#define GPSVM_ISA_BI_SHIFT		24	/* operand B is IMM32 */
#define GPSVM_ISA_BI_MASK		0x1U
#define GPSVM_ISA_RC_SHIFT		25	/* source register C */
#define GPSVM_ISA_RC_MASK		0x3fU
#define GPSVM_ISA_U_SHIFT		31	/* SETP.F32: unordered result */
#define GPSVM_ISA_U_MASK		0x1U
#define GPSVM_ISA_IMM_SHIFT		32	/* IMM32, when BI = 1 */
#define GPSVM_ISA_IMM_MASK		0xffffffffU
#define GPSVM_ISA_RB_SHIFT		32	/* source register B, BI = 0 */
#define GPSVM_ISA_RB_MASK		0x3fU

/* Predicate formats (SETP, PLOP, SEL) and S2R. */
#define GPSVM_ISA_PD_SHIFT		12	/* destination predicate */
#define GPSVM_ISA_PD_MASK		0x7U
#define GPSVM_ISA_CMP_SHIFT		15	/* SETP relation mask */
#define GPSVM_ISA_CMP_MASK		0x7U
#define GPSVM_ISA_PA_SHIFT		18	/* PLOP source predicate A */
#define GPSVM_ISA_PA_MASK		0x7U
#define GPSVM_ISA_PAN_SHIFT		21	/* PLOP: negate PA */
#define GPSVM_ISA_PAN_MASK		0x1U
#define GPSVM_ISA_PS_SHIFT		25	/* source predicate S */
#define GPSVM_ISA_PS_MASK		0x7U
#define GPSVM_ISA_PSN_SHIFT		28	/* negate PS */
#define GPSVM_ISA_PSN_MASK		0x1U
#define GPSVM_ISA_COMB_SHIFT		29	/* SETP, PLOP: combine op */
#define GPSVM_ISA_COMB_MASK		0x3U
#define GPSVM_ISA_SR_SHIFT		18	/* S2R special register */
#define GPSVM_ISA_SR_MASK		0x3fU

/* Guard of an instruction that always executes: @p7. */
#define GPSVM_ISA_GUARD_ALWAYS		GPSVM_ISA_PT

/*
 * Opcodes. The name is the mnemonic in upper case with '.' as '_':
 * GPSVM_OP_ADD_32 is "add.32". Values not listed are invalid (reserved for
 * later instructions); so is 0x00, so that zeroed memory never executes.
 * Integer ALU ops come in pairs: the 32-bit op is GPSVM_OP_INT32_BASE + n,
 * the 64-bit op GPSVM_OP_INT64_BASE + n.
 */
#define GPSVM_OP_INT32_BASE		0x20
#define GPSVM_OP_INT64_BASE		0x40
#define GPSVM_OP_ATOM32_BASE		0x90
#define GPSVM_OP_ATOM64_BASE		0xa0

enum gpsvm_isa_op {
	/* control */
	GPSVM_OP_NOP		= 0x01,
	GPSVM_OP_EXIT		= 0x02,
	GPSVM_OP_BRA		= 0x03,
	GPSVM_OP_CALL		= 0x04,
	GPSVM_OP_RET		= 0x05,
	GPSVM_OP_TRAP		= 0x06,
	GPSVM_OP_BAR		= 0x07,
	GPSVM_OP_MEMBAR_CTA	= 0x08,
	GPSVM_OP_MEMBAR_GPU	= 0x09,
	GPSVM_OP_MEMBAR_SYS	= 0x0a,
	/* special registers, kernel arguments */
	GPSVM_OP_S2R		= 0x10,
	GPSVM_OP_LDARG_U32	= 0x11,
	GPSVM_OP_LDARG_S32	= 0x12,
	GPSVM_OP_LDARG_64	= 0x13,
	/* compares, predicate logic */
	GPSVM_OP_SETP_S32	= 0x18,
	GPSVM_OP_SETP_U32	= 0x19,
	GPSVM_OP_SETP_S64	= 0x1a,
	GPSVM_OP_SETP_U64	= 0x1b,
	GPSVM_OP_SETP_F32	= 0x1c,
	GPSVM_OP_PLOP		= 0x1d,
	/* integer ALU, 32-bit */
	GPSVM_OP_ADD_32		= 0x20,
	GPSVM_OP_SUB_32		= 0x21,
	GPSVM_OP_MUL_32		= 0x22,
	GPSVM_OP_MULHI_S32	= 0x23,
	GPSVM_OP_MULHI_U32	= 0x24,
	GPSVM_OP_DIV_S32	= 0x25,
	GPSVM_OP_DIV_U32	= 0x26,
	GPSVM_OP_REM_S32	= 0x27,
	GPSVM_OP_REM_U32	= 0x28,
	GPSVM_OP_AND_32		= 0x29,
	GPSVM_OP_OR_32		= 0x2a,
	GPSVM_OP_XOR_32		= 0x2b,
	GPSVM_OP_NOT_32		= 0x2c,
	GPSVM_OP_SHL_32		= 0x2d,
	GPSVM_OP_SHR_32		= 0x2e,
	GPSVM_OP_SAR_32		= 0x2f,
	GPSVM_OP_MIN_S32	= 0x30,
	GPSVM_OP_MIN_U32	= 0x31,
	GPSVM_OP_MAX_S32	= 0x32,
	GPSVM_OP_MAX_U32	= 0x33,
	GPSVM_OP_MOV_32		= 0x34,
	GPSVM_OP_SEL_32		= 0x35,
	GPSVM_OP_SEXT8_32	= 0x36,
	GPSVM_OP_SEXT16_32	= 0x37,
	GPSVM_OP_SEXT32_32	= 0x38,
	GPSVM_OP_ZEXT8_32	= 0x39,
	GPSVM_OP_ZEXT16_32	= 0x3a,
	GPSVM_OP_ZEXT32_32	= 0x3b,
	/* 0x3c: reserved, the 32-bit place of movhi */
	GPSVM_OP_POPC_32	= 0x3d,	/* v2 */
	GPSVM_OP_CLZ_32		= 0x3e,	/* v2 */
	GPSVM_OP_BREV_32	= 0x3f,	/* v2 */
	/* integer ALU, 64-bit */
	GPSVM_OP_ADD_64		= 0x40,
	GPSVM_OP_SUB_64		= 0x41,
	GPSVM_OP_MUL_64		= 0x42,
	GPSVM_OP_MULHI_S64	= 0x43,
	GPSVM_OP_MULHI_U64	= 0x44,
	GPSVM_OP_DIV_S64	= 0x45,
	GPSVM_OP_DIV_U64	= 0x46,
	GPSVM_OP_REM_S64	= 0x47,
	GPSVM_OP_REM_U64	= 0x48,
	GPSVM_OP_AND_64		= 0x49,
	GPSVM_OP_OR_64		= 0x4a,
	GPSVM_OP_XOR_64		= 0x4b,
	GPSVM_OP_NOT_64		= 0x4c,
	GPSVM_OP_SHL_64		= 0x4d,
	GPSVM_OP_SHR_64		= 0x4e,
	GPSVM_OP_SAR_64		= 0x4f,
	GPSVM_OP_MIN_S64	= 0x50,
	GPSVM_OP_MIN_U64	= 0x51,
	GPSVM_OP_MAX_S64	= 0x52,
	GPSVM_OP_MAX_U64	= 0x53,
	GPSVM_OP_MOV_64		= 0x54,
	GPSVM_OP_SEL_64		= 0x55,
	GPSVM_OP_SEXT8_64	= 0x56,
	GPSVM_OP_SEXT16_64	= 0x57,
	GPSVM_OP_SEXT32_64	= 0x58,
	GPSVM_OP_ZEXT8_64	= 0x59,
	GPSVM_OP_ZEXT16_64	= 0x5a,
	GPSVM_OP_ZEXT32_64	= 0x5b,
	GPSVM_OP_MOVHI		= 0x5c,
	GPSVM_OP_POPC_64	= 0x5d,	/* v2 */
	GPSVM_OP_CLZ_64		= 0x5e,	/* v2 */
	GPSVM_OP_BREV_64	= 0x5f,	/* v2 */
	/* binary32 floating point */
	GPSVM_OP_ADD_F32	= 0x60,
	GPSVM_OP_SUB_F32	= 0x61,
	GPSVM_OP_MUL_F32	= 0x62,
	GPSVM_OP_FMA_F32	= 0x63,
	GPSVM_OP_DIV_F32	= 0x64,
	GPSVM_OP_MIN_F32	= 0x65,
	GPSVM_OP_MAX_F32	= 0x66,
	GPSVM_OP_NEG_F32	= 0x67,
	GPSVM_OP_ABS_F32	= 0x68,
	GPSVM_OP_SQRT_F32	= 0x69,
	GPSVM_OP_FRND_RN_F32	= 0x6a,	/* v2 */
	GPSVM_OP_FRND_RZ_F32	= 0x6b,	/* v2 */
	GPSVM_OP_FRND_RM_F32	= 0x6c,	/* v2 */
	GPSVM_OP_FRND_RP_F32	= 0x6d,	/* v2 */
	/* conversions */
	GPSVM_OP_CVT_F32_S32	= 0x70,
	GPSVM_OP_CVT_F32_U32	= 0x71,
	GPSVM_OP_CVT_F32_S64	= 0x72,
	GPSVM_OP_CVT_F32_U64	= 0x73,
	GPSVM_OP_CVT_S32_F32	= 0x74,
	GPSVM_OP_CVT_U32_F32	= 0x75,
	GPSVM_OP_CVT_S64_F32	= 0x76,
	GPSVM_OP_CVT_U64_F32	= 0x77,
	/* memory */
	GPSVM_OP_LD_U8		= 0x80,
	GPSVM_OP_LD_S8		= 0x81,
	GPSVM_OP_LD_U16		= 0x82,
	GPSVM_OP_LD_S16		= 0x83,
	GPSVM_OP_LD_U32		= 0x84,
	GPSVM_OP_LD_S32		= 0x85,
	GPSVM_OP_LD_64		= 0x86,
	GPSVM_OP_ST_8		= 0x88,
	GPSVM_OP_ST_16		= 0x89,
	GPSVM_OP_ST_32		= 0x8a,
	GPSVM_OP_ST_64		= 0x8b,
	GPSVM_OP_PREFETCH	= 0x8c,
	/* atomics, 32-bit */
	GPSVM_OP_ATOM_ADD_32	= 0x90,
	GPSVM_OP_ATOM_SUB_32	= 0x91,
	GPSVM_OP_ATOM_INC_U32	= 0x92,
	GPSVM_OP_ATOM_DEC_U32	= 0x93,
	GPSVM_OP_ATOM_MIN_S32	= 0x94,
	GPSVM_OP_ATOM_MIN_U32	= 0x95,
	GPSVM_OP_ATOM_MAX_S32	= 0x96,
	GPSVM_OP_ATOM_MAX_U32	= 0x97,
	GPSVM_OP_ATOM_AND_32	= 0x98,
	GPSVM_OP_ATOM_OR_32	= 0x99,
	GPSVM_OP_ATOM_XOR_32	= 0x9a,
	GPSVM_OP_ATOM_EXCH_32	= 0x9b,
	GPSVM_OP_ATOM_CAS_32	= 0x9c,
	/* atomics, 64-bit */
	GPSVM_OP_ATOM_ADD_64	= 0xa0,
	GPSVM_OP_ATOM_SUB_64	= 0xa1,
	GPSVM_OP_ATOM_INC_U64	= 0xa2,
	GPSVM_OP_ATOM_DEC_U64	= 0xa3,
	GPSVM_OP_ATOM_MIN_S64	= 0xa4,
	GPSVM_OP_ATOM_MIN_U64	= 0xa5,
	GPSVM_OP_ATOM_MAX_S64	= 0xa6,
	GPSVM_OP_ATOM_MAX_U64	= 0xa7,
	GPSVM_OP_ATOM_AND_64	= 0xa8,
	GPSVM_OP_ATOM_OR_64	= 0xa9,
	GPSVM_OP_ATOM_XOR_64	= 0xaa,
	GPSVM_OP_ATOM_EXCH_64	= 0xab,
	GPSVM_OP_ATOM_CAS_64	= 0xac,
};

/*
 * Instruction formats: which fields an opcode uses. Every bit outside the
 * fields of the format must be zero, or the word is invalid.
 */
enum gpsvm_isa_fmt {
	GPSVM_FMT_INVALID = 0,	/* undefined opcode */
	GPSVM_FMT_NONE,		/* no operands */
	GPSVM_FMT_RAB,		/* RD, RA, B */
	GPSVM_FMT_RB,		/* RD, B */
	GPSVM_FMT_FMA,		/* RD, RA, B, RC */
	GPSVM_FMT_SEL,		/* RD, RA, B, PS, PSN */
	GPSVM_FMT_SETP,		/* PD, CMP, RA, B, PS, PSN, COMB, U */
	GPSVM_FMT_PLOP,		/* PD, PA, PAN, PS, PSN, COMB */
	GPSVM_FMT_LD,		/* RD, [RA + B] */
	GPSVM_FMT_ST,		/* [RA + B], RC */
	GPSVM_FMT_PF,		/* [RA + B] */
	GPSVM_FMT_ATOM,		/* RD, [RA], B */
	GPSVM_FMT_CAS,		/* RD, [RA], B, RC */
	GPSVM_FMT_BRA,		/* IMM32 (BI = 1) */
	GPSVM_FMT_CALL,		/* RD, IMM32 (BI = 1) */
	GPSVM_FMT_RET,		/* RA */
	GPSVM_FMT_TRAP,		/* IMM32 (BI = 1) */
	GPSVM_FMT_S2R,		/* RD, SR */
	GPSVM_FMT_COUNT
};

/*
 * SETP relation mask (CMP, bits 17:15) and U (bit 31). The relation of A
 * to B is one of LT, EQ, GT or, for SETP.F32 only, unordered (either is
 * NaN). The result is CMP bit LT/EQ/GT for an ordered relation, U for
 * unordered. The 4-bit code (U << 3 | CMP) names the condition.
 */
#define GPSVM_CMP_LT_BIT		0x1U
#define GPSVM_CMP_EQ_BIT		0x2U
#define GPSVM_CMP_GT_BIT		0x4U
#define GPSVM_CMP_U_BIT			0x8U

enum gpsvm_isa_cmp {
	GPSVM_CMP_F	= 0x0,	/* false */
	GPSVM_CMP_LT	= 0x1,
	GPSVM_CMP_EQ	= 0x2,
	GPSVM_CMP_LE	= 0x3,
	GPSVM_CMP_GT	= 0x4,
	GPSVM_CMP_NE	= 0x5,	/* ordered: false on NaN */
	GPSVM_CMP_GE	= 0x6,
	GPSVM_CMP_NUM	= 0x7,	/* integer: "t", always true */
	GPSVM_CMP_NAN	= 0x8,	/* F32 only from here on */
	GPSVM_CMP_LTU	= 0x9,
	GPSVM_CMP_EQU	= 0xa,
	GPSVM_CMP_LEU	= 0xb,
	GPSVM_CMP_GTU	= 0xc,
	GPSVM_CMP_NEU	= 0xd,	/* C's != on floats */
	GPSVM_CMP_GEU	= 0xe,
	GPSVM_CMP_T	= 0xf,	/* true */
};

/* SETP and PLOP: how the result combines with the source predicate. */
enum gpsvm_isa_comb {
	GPSVM_COMB_AND	= 0,
	GPSVM_COMB_OR	= 1,
	GPSVM_COMB_XOR	= 2,
	/* 3 is invalid */
};

/* S2R special registers. Numbers not listed are invalid. */
enum gpsvm_isa_sr {
	GPSVM_SR_TID_X		= 0x00,
	GPSVM_SR_TID_Y		= 0x01,
	GPSVM_SR_TID_Z		= 0x02,
	GPSVM_SR_NTID_X		= 0x04,
	GPSVM_SR_NTID_Y		= 0x05,
	GPSVM_SR_NTID_Z		= 0x06,
	GPSVM_SR_CTAID_X	= 0x08,
	GPSVM_SR_CTAID_Y	= 0x09,
	GPSVM_SR_CTAID_Z	= 0x0a,
	GPSVM_SR_NCTAID_X	= 0x0c,
	GPSVM_SR_NCTAID_Y	= 0x0d,
	GPSVM_SR_NCTAID_Z	= 0x0e,
	GPSVM_SR_CLOCK		= 0x10,
};

/*
 * Errors that stop a launch and fail the channel's job. The decoder returns
 * the first two, negated; the engine reports all of them.
 */
enum gpsvm_isa_err {
	GPSVM_ISA_ERR_NONE		= 0,
	GPSVM_ISA_ERR_OPCODE		= 1,	/* undefined opcode */
	GPSVM_ISA_ERR_ENCODING		= 2,	/* bad field or reserved bit */
	GPSVM_ISA_ERR_PC		= 3,	/* PC misaligned/outside code */
	GPSVM_ISA_ERR_MISALIGNED	= 4,	/* load/store/atomic/ldarg */
	GPSVM_ISA_ERR_ARG_RANGE		= 5,	/* ldarg past the arguments */
	GPSVM_ISA_ERR_TRAP		= 6,	/* TRAP executed */
	GPSVM_ISA_ERR_MMU		= 7,	/* translation fault cancelled */
	GPSVM_ISA_ERR_WINDOW		= 8,	/* v2: past a window's size */
};

/**
 * struct gpsvm_isa_insn - a decoded instruction
 * @op: opcode (enum gpsvm_isa_op)
 * @fmt: its format (enum gpsvm_isa_fmt)
 * @gp: guard predicate
 * @gn: guard negated: executes when p[@gp] is false
 * @rd: destination register
 * @ra: source register A
 * @bi: operand B is @imm, else register @rb
 * @rb: source register B
 * @imm: IMM32 (also the branch offset and the trap code)
 * @rc: source register C
 * @pd: destination predicate
 * @pa: PLOP source predicate A
 * @pan: PLOP: negate @pa
 * @ps: source predicate S
 * @psn: negate @ps
 * @cmp: SETP condition, enum gpsvm_isa_cmp (CMP | U << 3)
 * @comb: SETP, PLOP combine op, enum gpsvm_isa_comb
 * @sr: S2R special register, enum gpsvm_isa_sr
 *
 * gpsvm_isa_decode() sets the fields of the instruction's format and zeroes
 * the others; gpsvm_isa_encode() reads only the fields of the format.
 */
struct gpsvm_isa_insn {
	__u32 op;
	__u32 fmt;
	__u32 gp;
	__u32 gn;
	__u32 rd;
	__u32 ra;
	__u32 bi;
	__u32 rb;
	__s32 imm;
	__u32 rc;
	__u32 pd;
	__u32 pa;
	__u32 pan;
	__u32 ps;
	__u32 psn;
	__u32 cmp;
	__u32 comb;
	__u32 sr;
};

/* The format of an opcode; GPSVM_FMT_INVALID when it is undefined. */
static inline enum gpsvm_isa_fmt gpsvm_isa_op_fmt(__u32 op)
{
	switch (op) {
	case GPSVM_OP_NOP:
	case GPSVM_OP_EXIT:
	case GPSVM_OP_BAR:
	case GPSVM_OP_MEMBAR_CTA:
	case GPSVM_OP_MEMBAR_GPU:
	case GPSVM_OP_MEMBAR_SYS:
		return GPSVM_FMT_NONE;
	case GPSVM_OP_BRA:
		return GPSVM_FMT_BRA;
	case GPSVM_OP_CALL:
		return GPSVM_FMT_CALL;
	case GPSVM_OP_RET:
		return GPSVM_FMT_RET;
	case GPSVM_OP_TRAP:
		return GPSVM_FMT_TRAP;
	case GPSVM_OP_S2R:
		return GPSVM_FMT_S2R;
	case GPSVM_OP_LDARG_U32:
	case GPSVM_OP_LDARG_S32:
	case GPSVM_OP_LDARG_64:
		return GPSVM_FMT_LD;
	case GPSVM_OP_SETP_S32:
	case GPSVM_OP_SETP_U32:
	case GPSVM_OP_SETP_S64:
	case GPSVM_OP_SETP_U64:
	case GPSVM_OP_SETP_F32:
		return GPSVM_FMT_SETP;
	case GPSVM_OP_PLOP:
		return GPSVM_FMT_PLOP;
	case GPSVM_OP_MOVHI:
		return GPSVM_FMT_RAB;
	case GPSVM_OP_ADD_F32:
	case GPSVM_OP_SUB_F32:
	case GPSVM_OP_MUL_F32:
	case GPSVM_OP_DIV_F32:
	case GPSVM_OP_MIN_F32:
	case GPSVM_OP_MAX_F32:
		return GPSVM_FMT_RAB;
	case GPSVM_OP_FMA_F32:
		return GPSVM_FMT_FMA;
	case GPSVM_OP_NEG_F32:
	case GPSVM_OP_ABS_F32:
	case GPSVM_OP_SQRT_F32:
	case GPSVM_OP_FRND_RN_F32:
	case GPSVM_OP_FRND_RZ_F32:
	case GPSVM_OP_FRND_RM_F32:
	case GPSVM_OP_FRND_RP_F32:
		return GPSVM_FMT_RB;
	case GPSVM_OP_LD_U8:
	case GPSVM_OP_LD_S8:
	case GPSVM_OP_LD_U16:
	case GPSVM_OP_LD_S16:
	case GPSVM_OP_LD_U32:
	case GPSVM_OP_LD_S32:
	case GPSVM_OP_LD_64:
		return GPSVM_FMT_LD;
	case GPSVM_OP_ST_8:
	case GPSVM_OP_ST_16:
	case GPSVM_OP_ST_32:
	case GPSVM_OP_ST_64:
		return GPSVM_FMT_ST;
	case GPSVM_OP_PREFETCH:
		return GPSVM_FMT_PF;
	case GPSVM_OP_ATOM_CAS_32:
	case GPSVM_OP_ATOM_CAS_64:
		return GPSVM_FMT_CAS;
	default:
		break;
	}
	if (op >= GPSVM_OP_CVT_F32_S32 && op <= GPSVM_OP_CVT_U64_F32)
		return GPSVM_FMT_RB;
	if ((op >= GPSVM_OP_ATOM32_BASE && op < GPSVM_OP_ATOM_CAS_32) ||
	    (op >= GPSVM_OP_ATOM64_BASE && op < GPSVM_OP_ATOM_CAS_64))
		return GPSVM_FMT_ATOM;
	if ((op >= GPSVM_OP_ADD_32 && op <= GPSVM_OP_BREV_32 &&
	     op != GPSVM_OP_MOVHI - GPSVM_OP_INT64_BASE + GPSVM_OP_INT32_BASE) ||
	    (op >= GPSVM_OP_ADD_64 && op <= GPSVM_OP_BREV_64)) {
		switch (op & 0x1f) {
		case GPSVM_OP_NOT_32 & 0x1f:
		case GPSVM_OP_MOV_32 & 0x1f:
			return GPSVM_FMT_RB;
		case GPSVM_OP_SEL_32 & 0x1f:
			return GPSVM_FMT_SEL;
		default:
			if ((op & 0x1f) >= (GPSVM_OP_SEXT8_32 & 0x1f))
				return GPSVM_FMT_RB;
			return GPSVM_FMT_RAB;
		}
	}
	return GPSVM_FMT_INVALID;
}

/*
 * The operands of each format, as a set of GPSVM_ISA_F_* flags. The bits of
 * the low word that may be non-zero are OP, GP, GN and those of the fields
 * in the set (gpsvm_isa_lo_mask()). F_B: BI may be 0 (RB) or 1 (IMM32);
 * F_IMM: BI must be 1. Without either, BI and bits 63:32 must be zero; with
 * BI = 0, bits 63:38 must be zero.
 */
#define GPSVM_ISA_F_RD			0x0001U	/* bits 17:12 */
#define GPSVM_ISA_F_RA			0x0002U	/* bits 23:18 */
#define GPSVM_ISA_F_B			0x0004U	/* bit 24, bits 63:32 */
#define GPSVM_ISA_F_IMM			0x0008U	/* bit 24 = 1, bits 63:32 */
#define GPSVM_ISA_F_RC			0x0010U	/* bits 30:25 */
#define GPSVM_ISA_F_PD			0x0020U	/* bits 14:12 */
#define GPSVM_ISA_F_CMP			0x0040U	/* bits 17:15, bit 31 (U) */
#define GPSVM_ISA_F_PA			0x0080U	/* bits 21:18 (PA, PAN) */
#define GPSVM_ISA_F_PS			0x0100U	/* bits 28:25 (PS, PSN) */
#define GPSVM_ISA_F_COMB		0x0200U	/* bits 30:29 */
#define GPSVM_ISA_F_SR			0x0400U	/* bits 23:18 */

static inline __u32 gpsvm_isa_fmt_fields(enum gpsvm_isa_fmt fmt)
{
	switch (fmt) {
	case GPSVM_FMT_RAB:
	case GPSVM_FMT_LD:
	case GPSVM_FMT_ATOM:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_RA | GPSVM_ISA_F_B;
	case GPSVM_FMT_RB:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_B;
	case GPSVM_FMT_FMA:
	case GPSVM_FMT_CAS:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_RA | GPSVM_ISA_F_B |
		       GPSVM_ISA_F_RC;
	case GPSVM_FMT_SEL:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_RA | GPSVM_ISA_F_B |
		       GPSVM_ISA_F_PS;
	case GPSVM_FMT_SETP:
		return GPSVM_ISA_F_PD | GPSVM_ISA_F_CMP | GPSVM_ISA_F_RA |
		       GPSVM_ISA_F_B | GPSVM_ISA_F_PS | GPSVM_ISA_F_COMB;
	case GPSVM_FMT_PLOP:
		return GPSVM_ISA_F_PD | GPSVM_ISA_F_PA | GPSVM_ISA_F_PS |
		       GPSVM_ISA_F_COMB;
	case GPSVM_FMT_ST:
		return GPSVM_ISA_F_RA | GPSVM_ISA_F_B | GPSVM_ISA_F_RC;
	case GPSVM_FMT_PF:
		return GPSVM_ISA_F_RA | GPSVM_ISA_F_B;
	case GPSVM_FMT_BRA:
	case GPSVM_FMT_TRAP:
		return GPSVM_ISA_F_IMM;
	case GPSVM_FMT_CALL:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_IMM;
	case GPSVM_FMT_RET:
		return GPSVM_ISA_F_RA;
	case GPSVM_FMT_S2R:
		return GPSVM_ISA_F_RD | GPSVM_ISA_F_SR;
	default:
		return 0;
	}
}

/* The bits of the low word (31:0) that the fields @f may set. */
static inline __u32 gpsvm_isa_lo_mask(__u32 f)
{
	__u32 m = 0x00000fffU;				/* OP, GP, GN */

	if (f & GPSVM_ISA_F_RD)
		m |= 0x0003f000U;
	if (f & (GPSVM_ISA_F_RA | GPSVM_ISA_F_SR))
		m |= 0x00fc0000U;
	if (f & (GPSVM_ISA_F_B | GPSVM_ISA_F_IMM))
		m |= 0x01000000U;
	if (f & GPSVM_ISA_F_RC)
		m |= 0x7e000000U;
	if (f & GPSVM_ISA_F_PD)
		m |= 0x00007000U;
	if (f & GPSVM_ISA_F_CMP)
		m |= 0x80038000U;
	if (f & GPSVM_ISA_F_PA)
		m |= 0x003c0000U;
	if (f & GPSVM_ISA_F_PS)
		m |= 0x1e000000U;
	if (f & GPSVM_ISA_F_COMB)
		m |= 0x60000000U;
	return m;
}

static inline int gpsvm_isa_sr_valid(__u32 sr)
{
	return sr == GPSVM_SR_CLOCK || (sr < 0x10 && (sr & 3) != 3);
}

static inline __u32 gpsvm_isa_get(__u64 w, unsigned int shift, __u32 mask)
{
	return (__u32)(w >> shift) & mask;
}

/**
 * gpsvm_isa_decode - decode and validate one instruction word
 * @w: the word
 * @in: the decoded instruction (all zero on failure)
 *
 * Return: 0, -GPSVM_ISA_ERR_OPCODE for an undefined opcode, or
 * -GPSVM_ISA_ERR_ENCODING when a bit outside the fields of the format is
 * set, BI is not allowed, or a field holds an undefined value (COMB 3, U
 * in an integer SETP, an undefined special register).
 */
static inline int gpsvm_isa_decode(__u64 w, struct gpsvm_isa_insn *in)
{
	__u32 op = gpsvm_isa_get(w, GPSVM_ISA_OP_SHIFT, GPSVM_ISA_OP_MASK);
	enum gpsvm_isa_fmt fmt = gpsvm_isa_op_fmt(op);
	__u32 f = gpsvm_isa_fmt_fields(fmt);
	__u32 hi = (__u32)(w >> 32);
	__u32 bi = gpsvm_isa_get(w, GPSVM_ISA_BI_SHIFT, GPSVM_ISA_BI_MASK);
	struct gpsvm_isa_insn d = { 0 };

	*in = d;
	if (fmt == GPSVM_FMT_INVALID)
		return -GPSVM_ISA_ERR_OPCODE;
	if ((__u32)w & ~gpsvm_isa_lo_mask(f))
		return -GPSVM_ISA_ERR_ENCODING;
	if ((f & GPSVM_ISA_F_IMM) && !bi)
		return -GPSVM_ISA_ERR_ENCODING;
	if (!bi && (hi & ~((f & GPSVM_ISA_F_B) ? GPSVM_ISA_RB_MASK : 0U)))
		return -GPSVM_ISA_ERR_ENCODING;

	d.op = op;
	d.fmt = fmt;
	d.gp = gpsvm_isa_get(w, GPSVM_ISA_GP_SHIFT, GPSVM_ISA_GP_MASK);
	d.gn = gpsvm_isa_get(w, GPSVM_ISA_GN_SHIFT, GPSVM_ISA_GN_MASK);
	d.bi = bi;
	if (bi)
		d.imm = (__s32)hi;
	else
		d.rb = hi;
	if (f & GPSVM_ISA_F_RD)
		d.rd = gpsvm_isa_get(w, GPSVM_ISA_RD_SHIFT, GPSVM_ISA_RD_MASK);
	if (f & GPSVM_ISA_F_RA)
		d.ra = gpsvm_isa_get(w, GPSVM_ISA_RA_SHIFT, GPSVM_ISA_RA_MASK);
	if (f & GPSVM_ISA_F_RC)
		d.rc = gpsvm_isa_get(w, GPSVM_ISA_RC_SHIFT, GPSVM_ISA_RC_MASK);
	if (f & GPSVM_ISA_F_PD)
		d.pd = gpsvm_isa_get(w, GPSVM_ISA_PD_SHIFT, GPSVM_ISA_PD_MASK);
	if (f & GPSVM_ISA_F_CMP) {
		d.cmp = gpsvm_isa_get(w, GPSVM_ISA_CMP_SHIFT,
				      GPSVM_ISA_CMP_MASK) |
			gpsvm_isa_get(w, GPSVM_ISA_U_SHIFT,
				      GPSVM_ISA_U_MASK) << 3;
		if (op != GPSVM_OP_SETP_F32 && (d.cmp & GPSVM_CMP_U_BIT))
			return -GPSVM_ISA_ERR_ENCODING;
	}
	if (f & GPSVM_ISA_F_PA) {
		d.pa = gpsvm_isa_get(w, GPSVM_ISA_PA_SHIFT, GPSVM_ISA_PA_MASK);
		d.pan = gpsvm_isa_get(w, GPSVM_ISA_PAN_SHIFT,
				      GPSVM_ISA_PAN_MASK);
	}
	if (f & GPSVM_ISA_F_PS) {
		d.ps = gpsvm_isa_get(w, GPSVM_ISA_PS_SHIFT, GPSVM_ISA_PS_MASK);
		d.psn = gpsvm_isa_get(w, GPSVM_ISA_PSN_SHIFT,
				      GPSVM_ISA_PSN_MASK);
	}
	if (f & GPSVM_ISA_F_COMB) {
		d.comb = gpsvm_isa_get(w, GPSVM_ISA_COMB_SHIFT,
				       GPSVM_ISA_COMB_MASK);
		if (d.comb > GPSVM_COMB_XOR)
			return -GPSVM_ISA_ERR_ENCODING;
	}
	if (f & GPSVM_ISA_F_SR) {
		d.sr = gpsvm_isa_get(w, GPSVM_ISA_SR_SHIFT, GPSVM_ISA_SR_MASK);
		if (!gpsvm_isa_sr_valid(d.sr))
			return -GPSVM_ISA_ERR_ENCODING;
	}
	*in = d;
	return 0;
}

static inline __u64 gpsvm_isa_put(__u32 v, unsigned int shift, __u32 mask)
{
	return (__u64)(v & mask) << shift;
}

/**
 * gpsvm_isa_encode - encode an instruction
 * @in: the instruction; only @op and the fields of its format are read
 *	(@fmt is ignored), each masked to its width; @bi is implied for
 *	formats that have IMM32 but no register B
 *
 * Return: the word. It decodes back to @in when @op is defined and the
 * field values are valid.
 */
static inline __u64 gpsvm_isa_encode(const struct gpsvm_isa_insn *in)
{
	__u32 f = gpsvm_isa_fmt_fields(gpsvm_isa_op_fmt(in->op));
	__u64 w;

	w = gpsvm_isa_put(in->op, GPSVM_ISA_OP_SHIFT, GPSVM_ISA_OP_MASK) |
	    gpsvm_isa_put(in->gp, GPSVM_ISA_GP_SHIFT, GPSVM_ISA_GP_MASK) |
	    gpsvm_isa_put(in->gn, GPSVM_ISA_GN_SHIFT, GPSVM_ISA_GN_MASK);
	if ((f & GPSVM_ISA_F_IMM) || ((f & GPSVM_ISA_F_B) && in->bi))
		w |= gpsvm_isa_put(1, GPSVM_ISA_BI_SHIFT, GPSVM_ISA_BI_MASK) |
		     gpsvm_isa_put((__u32)in->imm, GPSVM_ISA_IMM_SHIFT,
				   GPSVM_ISA_IMM_MASK);
	else if (f & GPSVM_ISA_F_B)
		w |= gpsvm_isa_put(in->rb, GPSVM_ISA_RB_SHIFT,
				   GPSVM_ISA_RB_MASK);
	if (f & GPSVM_ISA_F_RD)
		w |= gpsvm_isa_put(in->rd, GPSVM_ISA_RD_SHIFT,
				   GPSVM_ISA_RD_MASK);
	if (f & GPSVM_ISA_F_RA)
		w |= gpsvm_isa_put(in->ra, GPSVM_ISA_RA_SHIFT,
				   GPSVM_ISA_RA_MASK);
	if (f & GPSVM_ISA_F_RC)
		w |= gpsvm_isa_put(in->rc, GPSVM_ISA_RC_SHIFT,
				   GPSVM_ISA_RC_MASK);
	if (f & GPSVM_ISA_F_PD)
		w |= gpsvm_isa_put(in->pd, GPSVM_ISA_PD_SHIFT,
				   GPSVM_ISA_PD_MASK);
	if (f & GPSVM_ISA_F_CMP)
		w |= gpsvm_isa_put(in->cmp, GPSVM_ISA_CMP_SHIFT,
				   GPSVM_ISA_CMP_MASK) |
		     gpsvm_isa_put(in->cmp >> 3, GPSVM_ISA_U_SHIFT,
				   GPSVM_ISA_U_MASK);
	if (f & GPSVM_ISA_F_PA)
		w |= gpsvm_isa_put(in->pa, GPSVM_ISA_PA_SHIFT,
				   GPSVM_ISA_PA_MASK) |
		     gpsvm_isa_put(in->pan, GPSVM_ISA_PAN_SHIFT,
				   GPSVM_ISA_PAN_MASK);
	if (f & GPSVM_ISA_F_PS)
		w |= gpsvm_isa_put(in->ps, GPSVM_ISA_PS_SHIFT,
				   GPSVM_ISA_PS_MASK) |
		     gpsvm_isa_put(in->psn, GPSVM_ISA_PSN_SHIFT,
				   GPSVM_ISA_PSN_MASK);
	if (f & GPSVM_ISA_F_COMB)
		w |= gpsvm_isa_put(in->comb, GPSVM_ISA_COMB_SHIFT,
				   GPSVM_ISA_COMB_MASK);
	if (f & GPSVM_ISA_F_SR)
		w |= gpsvm_isa_put(in->sr, GPSVM_ISA_SR_SHIFT,
				   GPSVM_ISA_SR_MASK);
	return w;
}

/*
 * Builders for hand-written code (tests): the guard is @p7, and
 * gpsvm_isa_guard() replaces it.
 */
static inline __u64 gpsvm_isa_rrr(__u32 op, __u32 rd, __u32 ra, __u32 rb)
{
	struct gpsvm_isa_insn in = {
		.op = op, .gp = GPSVM_ISA_PT, .rd = rd, .ra = ra, .rb = rb,
	};

	return gpsvm_isa_encode(&in);
}

static inline __u64 gpsvm_isa_rri(__u32 op, __u32 rd, __u32 ra, __s32 imm)
{
	struct gpsvm_isa_insn in = {
		.op = op, .gp = GPSVM_ISA_PT, .rd = rd, .ra = ra, .bi = 1,
		.imm = imm,
	};

	return gpsvm_isa_encode(&in);
}

static inline __u64 gpsvm_isa_guard(__u64 w, __u32 gp, __u32 gn)
{
	__u64 g = ((__u64)GPSVM_ISA_GP_MASK << GPSVM_ISA_GP_SHIFT) |
		  ((__u64)GPSVM_ISA_GN_MASK << GPSVM_ISA_GN_SHIFT);

	return (w & ~g) | gpsvm_isa_put(gp, GPSVM_ISA_GP_SHIFT,
					GPSVM_ISA_GP_MASK) |
	       gpsvm_isa_put(gn, GPSVM_ISA_GN_SHIFT, GPSVM_ISA_GN_MASK);
}

/* Width in bytes of the memory access of a load, store or atomic; else 0. */
static inline unsigned int gpsvm_isa_access_size(__u32 op)
{
	switch (op) {
	case GPSVM_OP_LD_U8:
	case GPSVM_OP_LD_S8:
	case GPSVM_OP_ST_8:
		return 1;
	case GPSVM_OP_LD_U16:
	case GPSVM_OP_LD_S16:
	case GPSVM_OP_ST_16:
		return 2;
	case GPSVM_OP_LD_U32:
	case GPSVM_OP_LD_S32:
	case GPSVM_OP_ST_32:
	case GPSVM_OP_LDARG_U32:
	case GPSVM_OP_LDARG_S32:
		return 4;
	case GPSVM_OP_LD_64:
	case GPSVM_OP_ST_64:
	case GPSVM_OP_LDARG_64:
		return 8;
	default:
		break;
	}
	if (op >= GPSVM_OP_ATOM32_BASE && op <= GPSVM_OP_ATOM_CAS_32)
		return 4;
	if (op >= GPSVM_OP_ATOM64_BASE && op <= GPSVM_OP_ATOM_CAS_64)
		return 8;
	return 0;
}

#endif /* __GPSVM_ISA_H__ */
