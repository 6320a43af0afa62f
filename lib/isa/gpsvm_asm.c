// SPDX-License-Identifier: MIT
/*
 * gpsvm assembler and disassembler. The syntax is in firmware-notes/isa.md
 * ("Assembly syntax"); every encoding goes through gpsvm_isa_encode() and
 * gpsvm_isa_decode() of model/include/gpsvm_isa.h, the same code the
 * model's interpreter uses.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_isa.h"
#include "gpsvm_asm.h"

/* Type of operand B (and of the immediate of BRA/CALL/TRAP). */
enum btype {
	BT_NONE,
	BT_I32,		/* low 32 bits used: -2^31 .. 2^32 - 1 */
	BT_I64,		/* sign-extended: -2^31 .. 2^31 - 1 */
	BT_F32,		/* binary32: float literal or 0x bit pattern */
};

struct opinfo {
	const char *name;
	uint8_t op;
	uint8_t bt;
};

/*
 * Every opcode and its mnemonic. For SETP the name is "setp.<type>" and
 * the condition goes between (setp.lt.s32); PLOP takes its combine op as a
 * suffix (plop.and).
 */
static const struct opinfo optab[] = {
	{ "nop",		GPSVM_OP_NOP,		BT_NONE },
	{ "exit",		GPSVM_OP_EXIT,		BT_NONE },
	{ "bra",		GPSVM_OP_BRA,		BT_NONE },
	{ "call",		GPSVM_OP_CALL,		BT_NONE },
	{ "ret",		GPSVM_OP_RET,		BT_NONE },
	{ "trap",		GPSVM_OP_TRAP,		BT_I32 },
	{ "bar",		GPSVM_OP_BAR,		BT_NONE },
	{ "membar.cta",		GPSVM_OP_MEMBAR_CTA,	BT_NONE },
	{ "membar.gpu",		GPSVM_OP_MEMBAR_GPU,	BT_NONE },
	{ "membar.sys",		GPSVM_OP_MEMBAR_SYS,	BT_NONE },
	{ "s2r",		GPSVM_OP_S2R,		BT_NONE },
	{ "ldarg.u32",		GPSVM_OP_LDARG_U32,	BT_I64 },
	{ "ldarg.s32",		GPSVM_OP_LDARG_S32,	BT_I64 },
	{ "ldarg.64",		GPSVM_OP_LDARG_64,	BT_I64 },
	{ "setp.s32",		GPSVM_OP_SETP_S32,	BT_I32 },
	{ "setp.u32",		GPSVM_OP_SETP_U32,	BT_I32 },
	{ "setp.s64",		GPSVM_OP_SETP_S64,	BT_I64 },
	{ "setp.u64",		GPSVM_OP_SETP_U64,	BT_I64 },
	{ "setp.f32",		GPSVM_OP_SETP_F32,	BT_F32 },
	{ "plop",		GPSVM_OP_PLOP,		BT_NONE },
	{ "add.32",		GPSVM_OP_ADD_32,	BT_I32 },
	{ "sub.32",		GPSVM_OP_SUB_32,	BT_I32 },
	{ "mul.32",		GPSVM_OP_MUL_32,	BT_I32 },
	{ "mulhi.s32",		GPSVM_OP_MULHI_S32,	BT_I32 },
	{ "mulhi.u32",		GPSVM_OP_MULHI_U32,	BT_I32 },
	{ "div.s32",		GPSVM_OP_DIV_S32,	BT_I32 },
	{ "div.u32",		GPSVM_OP_DIV_U32,	BT_I32 },
	{ "rem.s32",		GPSVM_OP_REM_S32,	BT_I32 },
	{ "rem.u32",		GPSVM_OP_REM_U32,	BT_I32 },
	{ "and.32",		GPSVM_OP_AND_32,	BT_I32 },
	{ "or.32",		GPSVM_OP_OR_32,		BT_I32 },
	{ "xor.32",		GPSVM_OP_XOR_32,	BT_I32 },
	{ "not.32",		GPSVM_OP_NOT_32,	BT_I32 },
	{ "shl.32",		GPSVM_OP_SHL_32,	BT_I32 },
	{ "shr.32",		GPSVM_OP_SHR_32,	BT_I32 },
	{ "sar.32",		GPSVM_OP_SAR_32,	BT_I32 },
	{ "min.s32",		GPSVM_OP_MIN_S32,	BT_I32 },
	{ "min.u32",		GPSVM_OP_MIN_U32,	BT_I32 },
	{ "max.s32",		GPSVM_OP_MAX_S32,	BT_I32 },
	{ "max.u32",		GPSVM_OP_MAX_U32,	BT_I32 },
	{ "mov.32",		GPSVM_OP_MOV_32,	BT_I32 },
	{ "sel.32",		GPSVM_OP_SEL_32,	BT_I32 },
	{ "sext8.32",		GPSVM_OP_SEXT8_32,	BT_I32 },
	{ "sext16.32",		GPSVM_OP_SEXT16_32,	BT_I32 },
	{ "sext32.32",		GPSVM_OP_SEXT32_32,	BT_I32 },
	{ "zext8.32",		GPSVM_OP_ZEXT8_32,	BT_I32 },
	{ "zext16.32",		GPSVM_OP_ZEXT16_32,	BT_I32 },
	{ "zext32.32",		GPSVM_OP_ZEXT32_32,	BT_I32 },
	{ "popc.32",		GPSVM_OP_POPC_32,	BT_I32 },
	{ "clz.32",		GPSVM_OP_CLZ_32,	BT_I32 },
	{ "brev.32",		GPSVM_OP_BREV_32,	BT_I32 },
	{ "add.64",		GPSVM_OP_ADD_64,	BT_I64 },
	{ "sub.64",		GPSVM_OP_SUB_64,	BT_I64 },
	{ "mul.64",		GPSVM_OP_MUL_64,	BT_I64 },
	{ "mulhi.s64",		GPSVM_OP_MULHI_S64,	BT_I64 },
	{ "mulhi.u64",		GPSVM_OP_MULHI_U64,	BT_I64 },
	{ "div.s64",		GPSVM_OP_DIV_S64,	BT_I64 },
	{ "div.u64",		GPSVM_OP_DIV_U64,	BT_I64 },
	{ "rem.s64",		GPSVM_OP_REM_S64,	BT_I64 },
	{ "rem.u64",		GPSVM_OP_REM_U64,	BT_I64 },
	{ "and.64",		GPSVM_OP_AND_64,	BT_I64 },
	{ "or.64",		GPSVM_OP_OR_64,		BT_I64 },
	{ "xor.64",		GPSVM_OP_XOR_64,	BT_I64 },
	{ "not.64",		GPSVM_OP_NOT_64,	BT_I64 },
	{ "shl.64",		GPSVM_OP_SHL_64,	BT_I64 },
	{ "shr.64",		GPSVM_OP_SHR_64,	BT_I64 },
	{ "sar.64",		GPSVM_OP_SAR_64,	BT_I64 },
	{ "min.s64",		GPSVM_OP_MIN_S64,	BT_I64 },
	{ "min.u64",		GPSVM_OP_MIN_U64,	BT_I64 },
	{ "max.s64",		GPSVM_OP_MAX_S64,	BT_I64 },
	{ "max.u64",		GPSVM_OP_MAX_U64,	BT_I64 },
	{ "mov.64",		GPSVM_OP_MOV_64,	BT_I64 },
	{ "sel.64",		GPSVM_OP_SEL_64,	BT_I64 },
	{ "sext8.64",		GPSVM_OP_SEXT8_64,	BT_I64 },
	{ "sext16.64",		GPSVM_OP_SEXT16_64,	BT_I64 },
	{ "sext32.64",		GPSVM_OP_SEXT32_64,	BT_I64 },
	{ "zext8.64",		GPSVM_OP_ZEXT8_64,	BT_I64 },
	{ "zext16.64",		GPSVM_OP_ZEXT16_64,	BT_I64 },
	{ "zext32.64",		GPSVM_OP_ZEXT32_64,	BT_I64 },
	{ "movhi",		GPSVM_OP_MOVHI,		BT_I32 },
	{ "popc.64",		GPSVM_OP_POPC_64,	BT_I64 },
	{ "clz.64",		GPSVM_OP_CLZ_64,	BT_I64 },
	{ "brev.64",		GPSVM_OP_BREV_64,	BT_I64 },
	{ "add.f32",		GPSVM_OP_ADD_F32,	BT_F32 },
	{ "sub.f32",		GPSVM_OP_SUB_F32,	BT_F32 },
	{ "mul.f32",		GPSVM_OP_MUL_F32,	BT_F32 },
	{ "fma.f32",		GPSVM_OP_FMA_F32,	BT_F32 },
	{ "div.f32",		GPSVM_OP_DIV_F32,	BT_F32 },
	{ "min.f32",		GPSVM_OP_MIN_F32,	BT_F32 },
	{ "max.f32",		GPSVM_OP_MAX_F32,	BT_F32 },
	{ "neg.f32",		GPSVM_OP_NEG_F32,	BT_F32 },
	{ "abs.f32",		GPSVM_OP_ABS_F32,	BT_F32 },
	{ "sqrt.f32",		GPSVM_OP_SQRT_F32,	BT_F32 },
	{ "frnd.rn.f32",	GPSVM_OP_FRND_RN_F32,	BT_F32 },
	{ "frnd.rz.f32",	GPSVM_OP_FRND_RZ_F32,	BT_F32 },
	{ "frnd.rm.f32",	GPSVM_OP_FRND_RM_F32,	BT_F32 },
	{ "frnd.rp.f32",	GPSVM_OP_FRND_RP_F32,	BT_F32 },
	{ "cvt.f32.s32",	GPSVM_OP_CVT_F32_S32,	BT_I32 },
	{ "cvt.f32.u32",	GPSVM_OP_CVT_F32_U32,	BT_I32 },
	{ "cvt.f32.s64",	GPSVM_OP_CVT_F32_S64,	BT_I64 },
	{ "cvt.f32.u64",	GPSVM_OP_CVT_F32_U64,	BT_I64 },
	{ "cvt.s32.f32",	GPSVM_OP_CVT_S32_F32,	BT_F32 },
	{ "cvt.u32.f32",	GPSVM_OP_CVT_U32_F32,	BT_F32 },
	{ "cvt.s64.f32",	GPSVM_OP_CVT_S64_F32,	BT_F32 },
	{ "cvt.u64.f32",	GPSVM_OP_CVT_U64_F32,	BT_F32 },
	{ "ld.u8",		GPSVM_OP_LD_U8,		BT_I64 },
	{ "ld.s8",		GPSVM_OP_LD_S8,		BT_I64 },
	{ "ld.u16",		GPSVM_OP_LD_U16,	BT_I64 },
	{ "ld.s16",		GPSVM_OP_LD_S16,	BT_I64 },
	{ "ld.u32",		GPSVM_OP_LD_U32,	BT_I64 },
	{ "ld.s32",		GPSVM_OP_LD_S32,	BT_I64 },
	{ "ld.64",		GPSVM_OP_LD_64,		BT_I64 },
	{ "st.8",		GPSVM_OP_ST_8,		BT_I64 },
	{ "st.16",		GPSVM_OP_ST_16,		BT_I64 },
	{ "st.32",		GPSVM_OP_ST_32,		BT_I64 },
	{ "st.64",		GPSVM_OP_ST_64,		BT_I64 },
	{ "prefetch",		GPSVM_OP_PREFETCH,	BT_I64 },
	{ "atom.add.32",	GPSVM_OP_ATOM_ADD_32,	BT_I32 },
	{ "atom.sub.32",	GPSVM_OP_ATOM_SUB_32,	BT_I32 },
	{ "atom.inc.u32",	GPSVM_OP_ATOM_INC_U32,	BT_I32 },
	{ "atom.dec.u32",	GPSVM_OP_ATOM_DEC_U32,	BT_I32 },
	{ "atom.min.s32",	GPSVM_OP_ATOM_MIN_S32,	BT_I32 },
	{ "atom.min.u32",	GPSVM_OP_ATOM_MIN_U32,	BT_I32 },
	{ "atom.max.s32",	GPSVM_OP_ATOM_MAX_S32,	BT_I32 },
	{ "atom.max.u32",	GPSVM_OP_ATOM_MAX_U32,	BT_I32 },
	{ "atom.and.32",	GPSVM_OP_ATOM_AND_32,	BT_I32 },
	{ "atom.or.32",		GPSVM_OP_ATOM_OR_32,	BT_I32 },
	{ "atom.xor.32",	GPSVM_OP_ATOM_XOR_32,	BT_I32 },
	{ "atom.exch.32",	GPSVM_OP_ATOM_EXCH_32,	BT_I32 },
	{ "atom.cas.32",	GPSVM_OP_ATOM_CAS_32,	BT_I32 },
	{ "atom.add.64",	GPSVM_OP_ATOM_ADD_64,	BT_I64 },
	{ "atom.sub.64",	GPSVM_OP_ATOM_SUB_64,	BT_I64 },
	{ "atom.inc.u64",	GPSVM_OP_ATOM_INC_U64,	BT_I64 },
	{ "atom.dec.u64",	GPSVM_OP_ATOM_DEC_U64,	BT_I64 },
	{ "atom.min.s64",	GPSVM_OP_ATOM_MIN_S64,	BT_I64 },
	{ "atom.min.u64",	GPSVM_OP_ATOM_MIN_U64,	BT_I64 },
	{ "atom.max.s64",	GPSVM_OP_ATOM_MAX_S64,	BT_I64 },
	{ "atom.max.u64",	GPSVM_OP_ATOM_MAX_U64,	BT_I64 },
	{ "atom.and.64",	GPSVM_OP_ATOM_AND_64,	BT_I64 },
	{ "atom.or.64",		GPSVM_OP_ATOM_OR_64,	BT_I64 },
	{ "atom.xor.64",	GPSVM_OP_ATOM_XOR_64,	BT_I64 },
	{ "atom.exch.64",	GPSVM_OP_ATOM_EXCH_64,	BT_I64 },
	{ "atom.cas.64",	GPSVM_OP_ATOM_CAS_64,	BT_I64 },
};

#define NOPS (sizeof(optab) / sizeof(optab[0]))

static const char *const cmp_names[16] = {
	"f", "lt", "eq", "le", "gt", "ne", "ge", "num",
	"nan", "ltu", "equ", "leu", "gtu", "neu", "geu", "t",
};

static const char *const comb_names[3] = { "and", "or", "xor" };

static const struct {
	const char *name;
	unsigned int sr;
} sr_names[] = {
	{ "tid.x", GPSVM_SR_TID_X },	 { "tid.y", GPSVM_SR_TID_Y },
	{ "tid.z", GPSVM_SR_TID_Z },	 { "ntid.x", GPSVM_SR_NTID_X },
	{ "ntid.y", GPSVM_SR_NTID_Y },	 { "ntid.z", GPSVM_SR_NTID_Z },
	{ "ctaid.x", GPSVM_SR_CTAID_X }, { "ctaid.y", GPSVM_SR_CTAID_Y },
	{ "ctaid.z", GPSVM_SR_CTAID_Z }, { "nctaid.x", GPSVM_SR_NCTAID_X },
	{ "nctaid.y", GPSVM_SR_NCTAID_Y }, { "nctaid.z", GPSVM_SR_NCTAID_Z },
	{ "clock", GPSVM_SR_CLOCK },
};

#define NSRS (sizeof(sr_names) / sizeof(sr_names[0]))

static const struct opinfo *op_by_code(unsigned int op)
{
	for (size_t i = 0; i < NOPS; i++)
		if (optab[i].op == op)
			return &optab[i];
	return NULL;
}

static const struct opinfo *op_by_name(const char *name)
{
	for (size_t i = 0; i < NOPS; i++)
		if (!strcmp(optab[i].name, name))
			return &optab[i];
	return NULL;
}

const char *gpsvm_isa_err_name(int err)
{
	switch (err < 0 ? -err : err) {
	case GPSVM_ISA_ERR_NONE:	return "none";
	case GPSVM_ISA_ERR_OPCODE:	return "invalid opcode";
	case GPSVM_ISA_ERR_ENCODING:	return "invalid encoding";
	case GPSVM_ISA_ERR_PC:		return "PC out of range";
	case GPSVM_ISA_ERR_MISALIGNED:	return "misaligned access";
	case GPSVM_ISA_ERR_ARG_RANGE:	return "argument offset out of range";
	case GPSVM_ISA_ERR_TRAP:	return "trap";
	case GPSVM_ISA_ERR_MMU:		return "memory fault";
	case GPSVM_ISA_ERR_WINDOW:	return "past a window's size";
	default:			return "unknown error";
	}
}

/* ---------------------------------------------------------------------- */
/* Disassembler */

struct sbuf {
	char *p;
	size_t size, len;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->len >= sb->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->p + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb->len += (size_t)n;
	if (sb->len >= sb->size)
		sb->len = sb->size - 1;
}

static void print_reg(struct sbuf *sb, unsigned int r)
{
	if (r == GPSVM_ISA_RZ)
		sb_printf(sb, "rz");
	else
		sb_printf(sb, "r%u", r);
}

static void print_pred(struct sbuf *sb, unsigned int p, unsigned int neg)
{
	sb_printf(sb, "%s", neg ? "!" : "");
	if (p == GPSVM_ISA_PT)
		sb_printf(sb, "pt");
	else
		sb_printf(sb, "p%u", p);
}

/* A signed value: decimal when small, else sign and hex magnitude. */
static void print_signed(struct sbuf *sb, int64_t v)
{
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;

	if (mag < 4096)
		sb_printf(sb, "%s%" PRIu64, v < 0 ? "-" : "", mag);
	else
		sb_printf(sb, "%s0x%" PRIx64, v < 0 ? "-" : "", mag);
}

static void print_imm(struct sbuf *sb, int32_t imm, enum btype bt)
{
	uint32_t bits = (uint32_t)imm;
	float f;

	switch (bt) {
	case BT_F32:
		memcpy(&f, &bits, sizeof(f));
		if (isnan(f) || isinf(f))
			sb_printf(sb, "0x%08" PRIx32, bits);
		else
			sb_printf(sb, "%.9g", (double)f);
		break;
	case BT_I32:
		if (imm > -4096 && imm < 4096)
			sb_printf(sb, "%" PRId32, imm);
		else
			sb_printf(sb, "0x%" PRIx32, bits);
		break;
	default:
		print_signed(sb, imm);
		break;
	}
}

static void print_b(struct sbuf *sb, const struct gpsvm_isa_insn *in,
		    enum btype bt)
{
	if (in->bi)
		print_imm(sb, in->imm, bt);
	else
		print_reg(sb, in->rb);
}

static void print_addr(struct sbuf *sb, const struct gpsvm_isa_insn *in)
{
	sb_printf(sb, "[");
	if (!in->bi) {
		print_reg(sb, in->ra);
		sb_printf(sb, " + ");
		print_reg(sb, in->rb);
	} else if (in->ra == GPSVM_ISA_RZ) {
		print_signed(sb, in->imm);
	} else {
		print_reg(sb, in->ra);
		if (in->imm) {
			sb_printf(sb, " %c ", in->imm < 0 ? '-' : '+');
			print_signed(sb, in->imm < 0 ? -(int64_t)in->imm :
				     in->imm);
		}
	}
	sb_printf(sb, "]");
}

static int disasm(uint64_t word, int with_pc, uint64_t pc, char *buf,
		  size_t size)
{
	struct sbuf sb = { buf, size, 0 };
	struct gpsvm_isa_insn in;
	const struct opinfo *oi;
	enum btype bt;
	int err;

	if (!size)
		return -1;
	buf[0] = '\0';
	err = gpsvm_isa_decode(word, &in);
	oi = op_by_code(in.op);
	if (err || !oi) {
		sb_printf(&sb, ".word 0x%016" PRIx64, word);
		return err ? err : -GPSVM_ISA_ERR_OPCODE;
	}
	bt = (enum btype)oi->bt;
	if (in.gp != GPSVM_ISA_PT || in.gn) {
		sb_printf(&sb, "@");
		print_pred(&sb, in.gp, in.gn);
		sb_printf(&sb, " ");
	}

	switch (in.fmt) {
	case GPSVM_FMT_SETP: {
		int is_f = in.op == GPSVM_OP_SETP_F32;
		const char *cn = cmp_names[in.cmp];

		if (!is_f && in.cmp == GPSVM_CMP_NUM)
			cn = "t";
		sb_printf(&sb, "setp.%s.%s", cn, oi->name + 5);
		if (in.comb != GPSVM_COMB_AND || in.ps != GPSVM_ISA_PT ||
		    in.psn)
			sb_printf(&sb, ".%s", comb_names[in.comb]);
		sb_printf(&sb, " ");
		print_pred(&sb, in.pd, 0);
		sb_printf(&sb, ", ");
		print_reg(&sb, in.ra);
		sb_printf(&sb, ", ");
		print_b(&sb, &in, bt);
		if (in.comb != GPSVM_COMB_AND || in.ps != GPSVM_ISA_PT ||
		    in.psn) {
			sb_printf(&sb, ", ");
			print_pred(&sb, in.ps, in.psn);
		}
		return 0;
	}
	case GPSVM_FMT_PLOP:
		sb_printf(&sb, "plop.%s ", comb_names[in.comb]);
		print_pred(&sb, in.pd, 0);
		sb_printf(&sb, ", ");
		print_pred(&sb, in.pa, in.pan);
		sb_printf(&sb, ", ");
		print_pred(&sb, in.ps, in.psn);
		return 0;
	default:
		break;
	}

	sb_printf(&sb, "%s", oi->name);
	switch (in.fmt) {
	case GPSVM_FMT_NONE:
		break;
	case GPSVM_FMT_RAB:
	case GPSVM_FMT_FMA:
	case GPSVM_FMT_SEL:
		sb_printf(&sb, " ");
		print_reg(&sb, in.rd);
		sb_printf(&sb, ", ");
		print_reg(&sb, in.ra);
		sb_printf(&sb, ", ");
		print_b(&sb, &in, bt);
		if (in.fmt == GPSVM_FMT_FMA) {
			sb_printf(&sb, ", ");
			print_reg(&sb, in.rc);
		} else if (in.fmt == GPSVM_FMT_SEL) {
			sb_printf(&sb, ", ");
			print_pred(&sb, in.ps, in.psn);
		}
		break;
	case GPSVM_FMT_RB:
		sb_printf(&sb, " ");
		print_reg(&sb, in.rd);
		sb_printf(&sb, ", ");
		print_b(&sb, &in, bt);
		break;
	case GPSVM_FMT_LD:
		sb_printf(&sb, " ");
		print_reg(&sb, in.rd);
		sb_printf(&sb, ", ");
		print_addr(&sb, &in);
		break;
	case GPSVM_FMT_ST:
		sb_printf(&sb, " ");
		print_addr(&sb, &in);
		sb_printf(&sb, ", ");
		print_reg(&sb, in.rc);
		break;
	case GPSVM_FMT_PF:
		sb_printf(&sb, " ");
		print_addr(&sb, &in);
		break;
	case GPSVM_FMT_ATOM:
	case GPSVM_FMT_CAS:
		sb_printf(&sb, " ");
		print_reg(&sb, in.rd);
		sb_printf(&sb, ", [");
		print_reg(&sb, in.ra);
		sb_printf(&sb, "], ");
		print_b(&sb, &in, bt);
		if (in.fmt == GPSVM_FMT_CAS) {
			sb_printf(&sb, ", ");
			print_reg(&sb, in.rc);
		}
		break;
	case GPSVM_FMT_BRA:
	case GPSVM_FMT_CALL:
		sb_printf(&sb, " ");
		if (in.fmt == GPSVM_FMT_CALL) {
			print_reg(&sb, in.rd);
			sb_printf(&sb, ", ");
		}
		sb_printf(&sb, "%s%" PRId32, in.imm < 0 ? "" : "+", in.imm);
		if (with_pc)
			sb_printf(&sb, "  // -> 0x%04" PRIx64,
				  pc + (uint64_t)((int64_t)in.imm * 8));
		break;
	case GPSVM_FMT_RET:
		sb_printf(&sb, " ");
		print_reg(&sb, in.ra);
		break;
	case GPSVM_FMT_TRAP:
		sb_printf(&sb, " ");
		print_imm(&sb, in.imm, BT_I32);
		break;
	case GPSVM_FMT_S2R:
		sb_printf(&sb, " ");
		print_reg(&sb, in.rd);
		for (size_t i = 0; i < NSRS; i++)
			if (sr_names[i].sr == in.sr)
				sb_printf(&sb, ", %s", sr_names[i].name);
		break;
	default:
		break;
	}
	return 0;
}

int gpsvm_disasm(uint64_t word, char *buf, size_t size)
{
	return disasm(word, 0, 0, buf, size);
}

int gpsvm_disasm_at(uint64_t word, uint64_t pc, char *buf, size_t size)
{
	return disasm(word, 1, pc, buf, size);
}

/* ---------------------------------------------------------------------- */
/* Assembler */

enum symkind { SYM_LABEL, SYM_EQU, SYM_REG, SYM_PRED };

struct sym {
	char *name;
	enum symkind kind;
	unsigned int line;
	uint64_t value;		/* label: word index; reg, pred: number */
	int neg;		/* equ: leading minus */
	char *text;		/* equ: the literal, without sign */
};

struct fixup {
	size_t idx;
	unsigned int line;
	char *label;
};

struct actx {
	struct gpsvm_asm_result *res;
	size_t wcap, lcap;
	struct sym *syms;
	size_t nsyms, symcap;
	struct fixup *fix;
	size_t nfix, fixcap;
	size_t dcap;
	unsigned int line;
	int line_failed;	/* an error was reported for this line */
	char mn[64];		/* mnemonic of the line, for messages */
	int oom;
};

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static void *grow(void *p, size_t *cap, size_t need, size_t elem, int *oom)
{
	size_t ncap = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return p;
	while (ncap < need)
		ncap *= 2;
	np = realloc(p, ncap * elem);
	if (!np) {
		*oom = 1;
		return NULL;
	}
	*cap = ncap;
	return np;
}

static void diag_at(struct actx *c, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void diag_at(struct actx *c, unsigned int line, const char *fmt, ...)
{
	struct gpsvm_asm_result *r = c->res;
	struct gpsvm_asm_diag *d;
	va_list ap;

	if (r->ndiags >= GPSVM_ASM_MAX_DIAGS)
		return;
	d = grow(r->diags, &c->dcap, r->ndiags + 1, sizeof(*d), &c->oom);
	if (!d)
		return;
	r->diags = d;
	d = &r->diags[r->ndiags++];
	d->line = line;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

/* Report an error on the current line; only its first error is kept. */
#define ERR(c, ...)						\
	do {							\
		if (!(c)->line_failed)				\
			diag_at((c), (c)->line, __VA_ARGS__);	\
		(c)->line_failed = 1;				\
	} while (0)

static void emit(struct actx *c, uint64_t w)
{
	struct gpsvm_asm_result *r = c->res;
	uint64_t *nw;
	unsigned int *nl;

	nw = grow(r->words, &c->wcap, r->nwords + 1, sizeof(*nw), &c->oom);
	if (!nw)
		return;
	r->words = nw;
	nl = grow(r->lines, &c->lcap, r->nwords + 1, sizeof(*nl), &c->oom);
	if (!nl)
		return;
	r->lines = nl;
	r->words[r->nwords] = w;
	r->lines[r->nwords] = c->line;
	r->nwords++;
}

static struct sym *sym_find(struct actx *c, const char *name)
{
	for (size_t i = 0; i < c->nsyms; i++)
		if (!strcmp(c->syms[i].name, name))
			return &c->syms[i];
	return NULL;
}

static struct sym *sym_add(struct actx *c, const char *name,
			   enum symkind kind)
{
	struct sym *s = sym_find(c, name), *ns;

	if (s) {
		if (s->kind == SYM_LABEL && kind == SYM_LABEL)
			ERR(c, "duplicate label '%s' (first defined at line %u)",
			    name, s->line);
		else
			ERR(c, "duplicate symbol '%s' (first defined at line %u)",
			    name, s->line);
		return NULL;
	}
	ns = grow(c->syms, &c->symcap, c->nsyms + 1, sizeof(*ns), &c->oom);
	if (!ns)
		return NULL;
	c->syms = ns;
	s = &c->syms[c->nsyms];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	if (!s->name) {
		c->oom = 1;
		return NULL;
	}
	c->nsyms++;
	s->kind = kind;
	s->line = c->line;
	return s;
}

/* Scanning one line. */

struct cur {
	const char *p;
	struct actx *c;
};

static void skip_ws(struct cur *k)
{
	while (*k->p == ' ' || *k->p == '\t' || *k->p == '\r' ||
	       *k->p == '\v' || *k->p == '\f')
		k->p++;
}

static int is_id0(char ch)
{
	return isalpha((unsigned char)ch) || ch == '_' || ch == '.' ||
	       ch == '$';
}

static int is_id(char ch)
{
	return is_id0(ch) || isdigit((unsigned char)ch);
}

/* Read an identifier into buf; 0 if there is none. */
static size_t read_id(struct cur *k, char *buf, size_t size)
{
	size_t n = 0;

	if (!is_id0(*k->p))
		return 0;
	while (is_id(*k->p)) {
		if (n + 1 < size)
			buf[n++] = *k->p;
		else if (!k->c->line_failed)
			ERR(k->c, "name '%.20s...' too long (at most %zu characters)",
			    buf, size - 1);
		k->p++;
	}
	buf[n] = '\0';
	return n;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* A short quote of what follows, for messages. */
static const char *rest(const struct cur *k, char *buf, size_t size)
{
	size_t n = 0;
	const char *p = k->p;

	while (*p && *p != ',' && n + 1 < size && n < 24)
		buf[n++] = *p++;
	while (n && isspace((unsigned char)buf[n - 1]))
		n--;
	buf[n] = '\0';
	return n ? buf : "end of line";
}

static int expect(struct cur *k, char ch, const char *what)
{
	char q[32];

	skip_ws(k);
	if (*k->p == ch) {
		k->p++;
		return 0;
	}
	if (!*k->p)
		ERR(k->c, "missing %s", what);
	else
		ERR(k->c, "expected '%c' before '%s'", ch, rest(k, q, sizeof(q)));
	return -1;
}

static int comma(struct cur *k)
{
	return expect(k, ',', "operand");
}

static int expect_end(struct cur *k)
{
	char q[32];

	skip_ws(k);
	if (!*k->p)
		return 0;
	ERR(k->c, "unexpected '%s' after the operands", rest(k, q, sizeof(q)));
	return -1;
}

/*
 * A numbered name: <letter>N with N < count, a fixed alias, or a .reg/.pred
 * symbol of the given kind. Returns the number, -1 if name is not one.
 */
static int numbered_name(struct actx *c, const char *name, char letter,
			 int count, const char *const *aliases,
			 const int *alias_values, enum symkind kind,
			 int *bad_range)
{
	char l[64];
	struct sym *s;
	char *end;
	long v;
	int i;

	*bad_range = 0;
	snprintf(l, sizeof(l), "%s", name);
	lower(l);
	for (i = 0; aliases[i]; i++)
		if (!strcmp(l, aliases[i]))
			return alias_values[i];
	if (l[0] == letter && isdigit((unsigned char)l[1])) {
		errno = 0;
		v = strtol(l + 1, &end, 10);
		if (!*end) {
			if (v < 0 || v >= count || errno) {
				*bad_range = 1;
				return -1;
			}
			return (int)v;
		}
	}
	s = sym_find(c, name);
	if (s && s->kind == kind)
		return (int)s->value;
	return -1;
}

/* rN, rz, lr or a .reg alias: register number, -1 if name is not one. */
static int reg_number(struct actx *c, const char *name, int *bad_range)
{
	static const char *const aliases[] = { "rz", "lr", NULL };
	static const int values[] = { GPSVM_ISA_RZ, GPSVM_ISA_LR };

	return numbered_name(c, name, 'r', GPSVM_ISA_NUM_REGS, aliases, values,
			     SYM_REG, bad_range);
}

/* pN, pt or a predicate alias: predicate number, -1 if name is not one. */
static int pred_number(struct actx *c, const char *name, int *bad_range)
{
	static const char *const aliases[] = { "pt", NULL };
	static const int values[] = { GPSVM_ISA_PT };

	return numbered_name(c, name, 'p', GPSVM_ISA_NUM_PREDS, aliases, values,
			     SYM_PRED, bad_range);
}

/* Is name a register, predicate or special name (not usable as a label)? */
static int reserved_name(struct actx *c, const char *name)
{
	int br;

	return (reg_number(c, name, &br) >= 0 || br ||
		pred_number(c, name, &br) >= 0 || br);
}

static int parse_reg(struct cur *k, unsigned int *r, const char *what)
{
	char id[64], q[32];
	const char *start;
	int n, br;

	skip_ws(k);
	start = k->p;
	if (!*k->p) {
		ERR(k->c, "missing %s", what);
		return -1;
	}
	if (!read_id(k, id, sizeof(id))) {
		ERR(k->c, "bad register '%s': expected %s",
		    rest(k, q, sizeof(q)), what);
		return -1;
	}
	n = reg_number(k->c, id, &br);
	if (n < 0) {
		k->p = start;
		if (br)
			ERR(k->c, "bad register '%s': registers are r0..r63",
			    id);
		else
			ERR(k->c, "bad register '%s': expected %s", id, what);
		return -1;
	}
	*r = (unsigned int)n;
	return 0;
}

static int parse_pred(struct cur *k, unsigned int *p, unsigned int *neg,
		      const char *what)
{
	char id[64], q[32];
	int n, br;

	skip_ws(k);
	if (neg) {
		*neg = 0;
		if (*k->p == '!') {
			*neg = 1;
			k->p++;
			skip_ws(k);
		}
	}
	if (!*k->p) {
		ERR(k->c, "missing %s", what);
		return -1;
	}
	if (*k->p == '!') {
		ERR(k->c, "%s cannot be negated", what);
		return -1;
	}
	if (!read_id(k, id, sizeof(id))) {
		ERR(k->c, "bad predicate '%s': expected %s",
		    rest(k, q, sizeof(q)), what);
		return -1;
	}
	n = pred_number(k->c, id, &br);
	if (n < 0) {
		if (br)
			ERR(k->c, "bad predicate '%s': predicates are p0..p7",
			    id);
		else
			ERR(k->c, "bad predicate '%s': expected %s", id, what);
		return -1;
	}
	*p = (unsigned int)n;
	return 0;
}

/* A number token: 0x.., 0b.., decimal, or a float literal. */
static size_t read_num(const char *p, char *buf, size_t size)
{
	const char *s = p;
	size_t n;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X' || p[1] == 'b' ||
			    p[1] == 'B')) {
		p += 2;
		while (isalnum((unsigned char)*p))
			p++;
	} else if (isdigit((unsigned char)*p) || *p == '.') {
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
		if (*p == 'e' || *p == 'E') {
			p++;
			if (*p == '+' || *p == '-')
				p++;
		}
		while (isalnum((unsigned char)*p))
			p++;
	} else {
		return 0;
	}
	n = (size_t)(p - s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (size_t)(p - s);
}

/* Parse an unsigned integer literal; -1 if malformed, -2 on overflow. */
static int parse_uint(const char *t, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = t;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
		base = 2;
		p += 2;
	}
	if (!*p)
		return -1;
	for (; *p; p++) {
		unsigned int d;

		if (isdigit((unsigned char)*p))
			d = (unsigned int)(*p - '0');
		else if (isxdigit((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' + 10);
		else
			return -1;
		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -2;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* A literal value: sign and text (after .equ substitution). */
struct lit {
	int neg;
	char text[64];
	char shown[80];		/* as written, for messages */
};

/*
 * Read an immediate operand: [+|-] (number | .equ symbol). Returns 0, -1
 * after reporting an error.
 */
static int read_lit(struct cur *k, struct lit *l, const char *what)
{
	char id[64], q[32];
	const char *start;
	struct sym *s;
	size_t n;

	skip_ws(k);
	start = k->p;
	l->neg = 0;
	if (*k->p == '-' || *k->p == '+') {
		l->neg = *k->p == '-';
		k->p++;
		skip_ws(k);
	}
	if (!*k->p) {
		ERR(k->c, "missing %s", what);
		return -1;
	}
	n = read_num(k->p, l->text, sizeof(l->text));
	if (n >= sizeof(l->text)) {
		ERR(k->c, "number '%.20s...' too long", l->text);
		return -1;
	}
	if (n) {
		k->p += n;
	} else if (read_id(k, id, sizeof(id))) {
		char lw[64];

		s = sym_find(k->c, id);
		snprintf(lw, sizeof(lw), "%s", id);
		lower(lw);
		if (s && s->kind == SYM_EQU) {
			l->neg ^= s->neg;
			snprintf(l->text, sizeof(l->text), "%s", s->text);
		} else if (!strcmp(lw, "inf") || !strcmp(lw, "nan")) {
			snprintf(l->text, sizeof(l->text), "%s", lw);
		} else if (s && s->kind == SYM_LABEL) {
			ERR(k->c, "label '%s' used as a value (only bra and call take labels)",
			    id);
			return -1;
		} else {
			ERR(k->c, "undefined symbol '%s' (expected %s)", id,
			    what);
			return -1;
		}
	} else {
		ERR(k->c, "bad %s '%s'", what, rest(k, q, sizeof(q)));
		return -1;
	}
	n = (size_t)(k->p - start);
	if (n >= sizeof(l->shown))
		n = sizeof(l->shown) - 1;
	memcpy(l->shown, start, n);
	l->shown[n] = '\0';
	return 0;
}

/*
 * Check an integer literal against [lo, hi] (lo <= 0, as int64; hi as
 * uint64) and return it as a 64-bit two's complement value.
 */
static int lit_int(struct cur *k, const struct lit *l, int64_t lo,
		   uint64_t hi, const char *what, uint64_t *out)
{
	uint64_t mag;
	int r = parse_uint(l->text, &mag);

	if (r == -1) {
		ERR(k->c, "bad %s '%s'", what, l->shown);
		return -1;
	}
	if (r == -2 || (!l->neg && mag > hi) ||
	    (l->neg && mag > -(uint64_t)lo)) {
		ERR(k->c, "%s %s out of range%s%s (%" PRId64 "..%" PRIu64 ")",
		    what, l->shown, k->c->mn[0] ? " for " : "", k->c->mn, lo,
		    hi);
		return -1;
	}
	*out = l->neg ? -mag : mag;
	return 0;
}

static int lit_f32(struct cur *k, const struct lit *l, uint32_t *bits)
{
	uint64_t v;
	char *end;
	float f;

	if (l->text[0] == '0' && (l->text[1] == 'x' || l->text[1] == 'X')) {
		if (l->neg) {
			ERR(k->c, "bad float '%s': a 0x bit pattern takes no sign",
			    l->shown);
			return -1;
		}
		if (lit_int(k, l, 0, UINT32_MAX, "float bit pattern", &v))
			return -1;
		*bits = (uint32_t)v;
		return 0;
	}
	if (!strcmp(l->text, "inf")) {
		f = INFINITY;
	} else if (!strcmp(l->text, "nan")) {
		*bits = GPSVM_ISA_CANONICAL_NAN | (l->neg ? 0x80000000U : 0);
		return 0;
	} else {
		errno = 0;
		f = strtof(l->text, &end);
		if (*end || end == l->text) {
			ERR(k->c, "bad float '%s'", l->shown);
			return -1;
		}
		if (isinf(f)) {
			ERR(k->c, "float %s out of range", l->shown);
			return -1;
		}
	}
	if (l->neg)
		f = -f;
	memcpy(bits, &f, sizeof(*bits));
	return 0;
}

/* An immediate of type bt, as the IMM32 field. */
static int parse_imm(struct cur *k, enum btype bt, const char *what,
		     int32_t *imm)
{
	struct lit l;
	uint32_t bits;
	uint64_t v;

	if (read_lit(k, &l, what))
		return -1;
	switch (bt) {
	case BT_F32:
		if (lit_f32(k, &l, &bits))
			return -1;
		*imm = (int32_t)bits;
		return 0;
	case BT_I32:
		if (lit_int(k, &l, INT32_MIN, UINT32_MAX, what, &v))
			return -1;
		break;
	default:
		if (lit_int(k, &l, INT32_MIN, INT32_MAX, what, &v))
			return -1;
		break;
	}
	*imm = (int32_t)(uint32_t)v;
	return 0;
}

/* Does a register (or alias) come next? */
static int next_is_reg(struct cur *k)
{
	struct cur t = *k;
	char id[64];
	int br;

	skip_ws(&t);
	if (!read_id(&t, id, sizeof(id)))
		return 0;
	return reg_number(k->c, id, &br) >= 0 || br;
}

/* Operand B: a register or an immediate of type bt. */
static int parse_b(struct cur *k, struct gpsvm_isa_insn *in, enum btype bt)
{
	struct cur t = *k;
	char id[64];
	int br;

	skip_ws(&t);
	if (read_id(&t, id, sizeof(id)) &&
	    (pred_number(k->c, id, &br) >= 0 || br)) {
		ERR(k->c, "bad register '%s': expected a register or immediate",
		    id);
		return -1;
	}
	if (next_is_reg(k)) {
		in->bi = 0;
		return parse_reg(k, &in->rb, "register or immediate");
	}
	in->bi = 1;
	return parse_imm(k, bt, "immediate", &in->imm);
}

/*
 * An address: [ra], [ra + imm], [ra - imm], [ra + rb] or [imm]. With
 * plain set, only [ra] is accepted (atomics).
 */
static int parse_addr(struct cur *k, struct gpsvm_isa_insn *in, int plain)
{
	char q[32];

	if (expect(k, '[', "address"))
		return -1;
	skip_ws(k);
	if (!next_is_reg(k)) {
		if (plain) {
			ERR(k->c, "expected [register]: atomics take no address offset");
			return -1;
		}
		in->ra = GPSVM_ISA_RZ;
		in->bi = 1;
		if (parse_imm(k, BT_I64, "address offset", &in->imm))
			return -1;
		return expect(k, ']', "']'");
	}
	if (parse_reg(k, &in->ra, "address register"))
		return -1;
	skip_ws(k);
	in->bi = 1;
	in->imm = 0;
	if (*k->p == ']') {
		k->p++;
		return 0;
	}
	if (plain) {
		ERR(k->c, "expected ']': atomics take no address offset");
		return -1;
	}
	if (!*k->p) {
		ERR(k->c, "missing ']'");
		return -1;
	}
	if (*k->p != '+' && *k->p != '-') {
		ERR(k->c, "expected '+', '-' or ']' before '%s'",
		    rest(k, q, sizeof(q)));
		return -1;
	}
	if (*k->p == '+') {
		k->p++;
		if (next_is_reg(k)) {
			in->bi = 0;
			if (parse_reg(k, &in->rb, "offset register"))
				return -1;
			return expect(k, ']', "']'");
		}
	} else {
		struct cur t = *k;

		t.p++;
		if (next_is_reg(&t)) {
			ERR(k->c, "a register offset cannot be subtracted");
			return -1;
		}
	}
	/* The sign belongs to the offset: read it with the number. */
	if (parse_imm(k, BT_I64, "address offset", &in->imm))
		return -1;
	return expect(k, ']', "']'");
}

/* A branch target: label, or +N / -N instructions. */
static int parse_target(struct cur *k, struct gpsvm_isa_insn *in)
{
	char id[64], q[32];

	skip_ws(k);
	in->bi = 1;
	if (*k->p == '+' || *k->p == '-')
		return parse_imm(k, BT_I64, "branch offset", &in->imm);
	if (!*k->p) {
		ERR(k->c, "missing branch target");
		return -1;
	}
	if (!read_id(k, id, sizeof(id))) {
		ERR(k->c, "bad branch target '%s'", rest(k, q, sizeof(q)));
		return -1;
	}
	{
		struct actx *c = k->c;
		struct fixup *f;

		f = grow(c->fix, &c->fixcap, c->nfix + 1, sizeof(*f), &c->oom);
		if (!f)
			return -1;
		c->fix = f;
		f = &c->fix[c->nfix];
		f->idx = c->res->nwords;
		f->line = c->line;
		f->label = xstrdup(id);
		if (!f->label) {
			c->oom = 1;
			return -1;
		}
		c->nfix++;
	}
	in->imm = 0;
	return 0;
}

static int parse_sr(struct cur *k, unsigned int *sr)
{
	char id[64], q[32];

	skip_ws(k);
	if (!read_id(k, id, sizeof(id))) {
		ERR(k->c, "missing special register (tid.x .. nctaid.z, clock), found '%s'",
		    rest(k, q, sizeof(q)));
		return -1;
	}
	lower(id);
	for (size_t i = 0; i < NSRS; i++) {
		if (!strcmp(sr_names[i].name, id)) {
			*sr = sr_names[i].sr;
			return 0;
		}
	}
	ERR(k->c, "unknown special register '%s'", id);
	return -1;
}

/* setp.<cmp>.<type>[.<comb>] */
static const struct opinfo *parse_setp_name(struct cur *k, const char *mn,
					    struct gpsvm_isa_insn *in,
					    int *has_comb)
{
	char parts[4][16], tname[24];
	const struct opinfo *oi;
	int np = 0, is_f;
	const char *p = mn;

	for (;;) {
		size_t n = strcspn(p, ".");

		if (np == 4 || !n || n >= sizeof(parts[0]))
			goto bad;
		memcpy(parts[np], p, n);
		parts[np][n] = '\0';
		np++;
		p += n;
		if (!*p)
			break;
		p++;
	}
	if (np < 3)
		goto bad;
	snprintf(tname, sizeof(tname), "setp.%s", parts[2]);
	oi = op_by_name(tname);
	if (!oi) {
		ERR(k->c, "unknown opcode '%s': setp type must be s32, u32, s64, u64 or f32",
		    mn);
		return NULL;
	}
	is_f = oi->op == GPSVM_OP_SETP_F32;
	in->cmp = 16;
	for (unsigned int i = 0; i < 16; i++)
		if (!strcmp(cmp_names[i], parts[1]))
			in->cmp = i;
	if (!is_f && !strcmp(parts[1], "t"))
		in->cmp = GPSVM_CMP_NUM;
	else if (!is_f && in->cmp >= GPSVM_CMP_NUM)
		in->cmp = 16;
	if (in->cmp >= 16) {
		ERR(k->c, "unknown opcode '%s': bad %s condition '%s'", mn,
		    is_f ? "float" : "integer", parts[1]);
		return NULL;
	}
	in->comb = GPSVM_COMB_AND;
	*has_comb = np == 4;
	if (np == 4) {
		in->comb = 3;
		for (unsigned int i = 0; i < 3; i++)
			if (!strcmp(comb_names[i], parts[3]))
				in->comb = i;
		if (in->comb == 3) {
			ERR(k->c, "unknown opcode '%s': combine op must be and, or or xor",
			    mn);
			return NULL;
		}
	}
	return oi;
bad:
	ERR(k->c, "unknown opcode '%s' (setp.<cond>.<type>[.<and|or|xor>])",
	    mn);
	return NULL;
}

/*
 * " (did you mean: a, b)": the mnemonics that share all but the last
 * suffix of mn, or else its first component.
 */
static void similar(const char *mn, char *hint, size_t size)
{
	const char *dot = strrchr(mn, '.');
	size_t base = dot ? (size_t)(dot - mn) : strlen(mn);
	int n = 0;

	for (int pass = 0; pass < 2 && !n; pass++) {
		struct sbuf sb = { hint, size, 0 };

		if (pass)
			base = strcspn(mn, ".");
		hint[0] = '\0';
		for (size_t i = 0; i < NOPS; i++) {
			const char *name = optab[i].name;

			if (strncmp(name, mn, base) ||
			    (name[base] != '.' && name[base] != '\0'))
				continue;
			if (optab[i].op == GPSVM_OP_PLOP)
				name = "plop.<and|or|xor>";
			else if (gpsvm_isa_op_fmt(optab[i].op) ==
				 GPSVM_FMT_SETP)
				name = n ? NULL :
				       "setp.<cond>.<s32|u32|s64|u64|f32>";
			if (!name)
				continue;
			sb_printf(&sb, "%s%s", n++ ? ", " : " (did you mean: ",
				  name);
		}
		if (n)
			sb_printf(&sb, ")");
	}
}

static void directive(struct cur *k, const char *name)
{
	struct actx *c = k->c;
	char id[64], q[32];
	struct sym *s;

	if (!strcmp(name, ".word")) {
		struct lit l;
		uint64_t v;

		if (read_lit(k, &l, "value") ||
		    lit_int(k, &l, INT64_MIN, UINT64_MAX, "value", &v) ||
		    expect_end(k)) {
			emit(c, 0);
			return;
		}
		emit(c, v);
		return;
	}
	if (strcmp(name, ".reg") && strcmp(name, ".equ")) {
		ERR(c, "unknown directive '%s'", name);
		return;
	}
	skip_ws(k);
	if (!read_id(k, id, sizeof(id))) {
		ERR(c, "%s: expected a name, found '%s'", name,
		    rest(k, q, sizeof(q)));
		return;
	}
	if (reserved_name(c, id)) {
		ERR(c, "%s: '%s' is a register or predicate name", name, id);
		return;
	}
	if (comma(k))
		return;
	if (!strcmp(name, ".equ")) {
		struct lit l;

		if (read_lit(k, &l, "value") || expect_end(k))
			return;
		s = sym_add(c, id, SYM_EQU);
		if (!s)
			return;
		s->neg = l.neg;
		s->text = xstrdup(l.text);
		if (!s->text)
			c->oom = 1;
		return;
	}
	/* .reg name, rN | pN */
	{
		struct cur t = *k;
		char rid[64];
		int n, br;

		skip_ws(&t);
		if (!read_id(&t, rid, sizeof(rid))) {
			ERR(c, ".reg: expected a register or predicate, found '%s'",
			    rest(k, q, sizeof(q)));
			return;
		}
		n = reg_number(c, rid, &br);
		if (n >= 0) {
			k->p = t.p;
			if (expect_end(k))
				return;
			s = sym_add(c, id, SYM_REG);
		} else {
			n = pred_number(c, rid, &br);
			if (n < 0) {
				ERR(c, ".reg: bad register '%s'", rid);
				return;
			}
			k->p = t.p;
			if (expect_end(k))
				return;
			s = sym_add(c, id, SYM_PRED);
		}
		if (s)
			s->value = (uint64_t)n;
	}
}

/* li rd, imm64: one or two instructions. */
static void pseudo_li(struct cur *k, struct gpsvm_isa_insn *in)
{
	struct actx *c = k->c;
	struct lit l;
	uint64_t v;

	if (parse_reg(k, &in->rd, "destination register") || comma(k) ||
	    read_lit(k, &l, "immediate") ||
	    lit_int(k, &l, INT64_MIN, UINT64_MAX, "immediate", &v) ||
	    expect_end(k)) {
		emit(c, 0);
		return;
	}
	in->bi = 1;
	if ((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX) {
		in->op = GPSVM_OP_MOV_64;
		in->imm = (int32_t)(int64_t)v;
		emit(c, gpsvm_isa_encode(in));
		return;
	}
	in->op = GPSVM_OP_MOV_32;
	in->imm = (int32_t)(uint32_t)v;
	emit(c, gpsvm_isa_encode(in));
	if (v <= UINT32_MAX)
		return;
	in->op = GPSVM_OP_MOVHI;
	in->ra = in->rd;
	in->imm = (int32_t)(uint32_t)(v >> 32);
	emit(c, gpsvm_isa_encode(in));
}

static int parse_operands(struct cur *k, struct gpsvm_isa_insn *in,
			  const struct opinfo *oi, int has_comb)
{
	enum btype bt = (enum btype)oi->bt;

	switch (gpsvm_isa_op_fmt(oi->op)) {
	case GPSVM_FMT_NONE:
		return expect_end(k);
	case GPSVM_FMT_RAB:
	case GPSVM_FMT_FMA:
	case GPSVM_FMT_SEL:
		if (parse_reg(k, &in->rd, "destination register") ||
		    comma(k) || parse_reg(k, &in->ra, "source register") ||
		    comma(k) || parse_b(k, in, bt))
			return -1;
		if (in->op == GPSVM_OP_FMA_F32 &&
		    (comma(k) || parse_reg(k, &in->rc, "addend register")))
			return -1;
		if ((in->op == GPSVM_OP_SEL_32 || in->op == GPSVM_OP_SEL_64) &&
		    (comma(k) ||
		     parse_pred(k, &in->ps, &in->psn, "select predicate")))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_RB:
		if (parse_reg(k, &in->rd, "destination register") ||
		    comma(k) || parse_b(k, in, bt))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_SETP:
		in->ps = GPSVM_ISA_PT;
		if (parse_pred(k, &in->pd, NULL, "destination predicate") ||
		    comma(k) || parse_reg(k, &in->ra, "source register") ||
		    comma(k) || parse_b(k, in, bt))
			return -1;
		skip_ws(k);
		if (*k->p == ',') {
			k->p++;
			if (parse_pred(k, &in->ps, &in->psn,
				       "combine predicate"))
				return -1;
		} else if (has_comb) {
			ERR(k->c, "missing combine predicate");
			return -1;
		}
		return expect_end(k);
	case GPSVM_FMT_PLOP:
		if (parse_pred(k, &in->pd, NULL, "destination predicate") ||
		    comma(k) ||
		    parse_pred(k, &in->pa, &in->pan, "source predicate") ||
		    comma(k) ||
		    parse_pred(k, &in->ps, &in->psn, "source predicate"))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_LD:
		if (parse_reg(k, &in->rd, "destination register") ||
		    comma(k) || parse_addr(k, in, 0))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_ST:
		if (parse_addr(k, in, 0) || comma(k) ||
		    parse_reg(k, &in->rc, "data register"))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_PF:
		if (parse_addr(k, in, 0))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_ATOM:
	case GPSVM_FMT_CAS:
		if (parse_reg(k, &in->rd, "destination register") ||
		    comma(k) || parse_addr(k, in, 1) || comma(k) ||
		    parse_b(k, in, bt))
			return -1;
		if (in->op == GPSVM_OP_ATOM_CAS_32 ||
		    in->op == GPSVM_OP_ATOM_CAS_64) {
			if (comma(k) ||
			    parse_reg(k, &in->rc, "new-value register"))
				return -1;
		}
		return expect_end(k);
	case GPSVM_FMT_BRA:
		if (parse_target(k, in))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_CALL:
		in->rd = GPSVM_ISA_LR;
		if (next_is_reg(k) &&
		    (parse_reg(k, &in->rd, "link register") || comma(k)))
			return -1;
		if (parse_target(k, in))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_RET:
		in->ra = GPSVM_ISA_LR;
		skip_ws(k);
		if (*k->p && parse_reg(k, &in->ra, "return address register"))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_TRAP:
		in->bi = 1;
		in->imm = 0;
		skip_ws(k);
		if (*k->p && parse_imm(k, BT_I32, "trap code", &in->imm))
			return -1;
		return expect_end(k);
	case GPSVM_FMT_S2R:
		if (parse_reg(k, &in->rd, "destination register") ||
		    comma(k) || parse_sr(k, &in->sr))
			return -1;
		return expect_end(k);
	default:
		ERR(k->c, "internal error: opcode 0x%02x has no format",
		    oi->op);
		return -1;
	}
}

static void assemble_line(struct actx *c, char *text)
{
	struct gpsvm_isa_insn in = { 0 };
	struct cur k = { text, c };
	const struct opinfo *oi;
	char mn[64], q[32];
	int has_comb = 0;
	const char *start;

	/* Labels: name ':' (several may precede one instruction). */
	for (;;) {
		char id[64];
		struct cur t;

		skip_ws(&k);
		t = k;
		if (!read_id(&t, id, sizeof(id)))
			break;
		skip_ws(&t);
		if (*t.p != ':')
			break;
		k.p = t.p + 1;
		if (reserved_name(c, id)) {
			ERR(c, "bad label '%s': it is a register or predicate name",
			    id);
			continue;
		}
		if (id[0] == '.' && !strcmp(id, ".")) {
			ERR(c, "bad label '.'");
			continue;
		}
		{
			struct sym *s = sym_find(c, id);

			if (s && s->kind == SYM_LABEL) {
				ERR(c, "duplicate label '%s' (first defined at line %u)",
				    id, s->line);
				continue;
			}
			s = sym_add(c, id, SYM_LABEL);
			if (s)
				s->value = c->res->nwords;
		}
	}

	skip_ws(&k);
	if (!*k.p)
		return;

	in.gp = GPSVM_ISA_PT;
	if (*k.p == '@') {
		k.p++;
		if (parse_pred(&k, &in.gp, &in.gn, "guard predicate")) {
			emit(c, 0);
			return;
		}
		skip_ws(&k);
		if (!*k.p) {
			ERR(c, "guard without an instruction");
			return;
		}
	}

	start = k.p;
	if (!read_id(&k, mn, sizeof(mn)) || isdigit((unsigned char)mn[0])) {
		ERR(c, "expected an instruction, found '%s'",
		    rest(&k, q, sizeof(q)));
		emit(c, 0);
		return;
	}
	if (*k.p && !isspace((unsigned char)*k.p)) {
		k.p = start;
		ERR(c, "expected an instruction, found '%s'",
		    rest(&k, q, sizeof(q)));
		emit(c, 0);
		return;
	}

	if (mn[0] == '.') {
		if (in.gp != GPSVM_ISA_PT || in.gn) {
			ERR(c, "a directive takes no guard");
			return;
		}
		directive(&k, mn);
		return;
	}

	lower(mn);
	snprintf(c->mn, sizeof(c->mn), "%s", mn);
	if (!strcmp(mn, "li")) {
		pseudo_li(&k, &in);
		return;
	}
	if (!strncmp(mn, "setp.", 5)) {
		oi = parse_setp_name(&k, mn, &in, &has_comb);
	} else if (!strncmp(mn, "plop.", 5)) {
		oi = op_by_name("plop");
		in.comb = 3;
		for (unsigned int i = 0; i < 3; i++)
			if (!strcmp(comb_names[i], mn + 5))
				in.comb = i;
		if (in.comb == 3) {
			ERR(c, "unknown opcode '%s' (plop.and, plop.or, plop.xor)",
			    mn);
			oi = NULL;
		}
	} else {
		oi = op_by_name(mn);
		if (!oi || oi->op == GPSVM_OP_PLOP ||
		    gpsvm_isa_op_fmt(oi->op) == GPSVM_FMT_SETP) {
			char hint[160];

			similar(mn, hint, sizeof(hint));
			ERR(c, "unknown opcode '%s'%s", mn, hint);
			oi = NULL;
		}
	}
	if (!oi) {
		emit(c, 0);
		return;
	}
	in.op = oi->op;
	if (parse_operands(&k, &in, oi, has_comb)) {
		emit(c, 0);
		return;
	}
	emit(c, gpsvm_isa_encode(&in));
}

/* Cut a comment (# or //) off a line. */
static void strip_comment(char *s)
{
	for (; *s; s++) {
		if (*s == '#' || (s[0] == '/' && s[1] == '/')) {
			*s = '\0';
			return;
		}
	}
}

static void resolve(struct actx *c)
{
	struct gpsvm_asm_result *r = c->res;

	for (size_t i = 0; i < c->nfix; i++) {
		struct fixup *f = &c->fix[i];
		struct sym *s = sym_find(c, f->label);
		int64_t off;

		if (!s || s->kind != SYM_LABEL) {
			diag_at(c, f->line, s ? "'%s' is not a label" :
				"undefined label '%s'", f->label);
			continue;
		}
		off = (int64_t)s->value - (int64_t)f->idx;
		if (off < INT32_MIN || off > INT32_MAX) {
			diag_at(c, f->line, "branch to '%s' out of range",
				f->label);
			continue;
		}
		r->words[f->idx] &= ~((uint64_t)GPSVM_ISA_IMM_MASK <<
				      GPSVM_ISA_IMM_SHIFT);
		r->words[f->idx] |= (uint64_t)(uint32_t)(int32_t)off <<
				    GPSVM_ISA_IMM_SHIFT;
	}
}

/* Stable insertion sort by line: fixup errors were appended last. */
static void sort_diags(struct gpsvm_asm_diag *d, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct gpsvm_asm_diag t = d[i];
		size_t j = i;

		for (; j > 0 && d[j - 1].line > t.line; j--)
			d[j] = d[j - 1];
		d[j] = t;
	}
}

int gpsvm_asm(const char *src, struct gpsvm_asm_result *res)
{
	struct actx c = { 0 };
	char *copy, *line, *next;

	memset(res, 0, sizeof(*res));
	c.res = res;
	copy = xstrdup(src);
	if (!copy)
		c.oom = 1;
	for (line = copy; line && !c.oom; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		c.line++;
		c.line_failed = 0;
		c.mn[0] = '\0';
		strip_comment(line);
		assemble_line(&c, line);
	}
	if (!c.oom)
		resolve(&c);
	if (c.oom) {
		c.line = 0;
		c.line_failed = 0;
		ERR(&c, "out of memory");
	}
	sort_diags(res->diags, res->ndiags);

	free(copy);
	for (size_t i = 0; i < c.nsyms; i++) {
		free(c.syms[i].name);
		free(c.syms[i].text);
	}
	free(c.syms);
	for (size_t i = 0; i < c.nfix; i++)
		free(c.fix[i].label);
	free(c.fix);
	return res->ndiags ? -1 : 0;
}

void gpsvm_asm_free(struct gpsvm_asm_result *res)
{
	free(res->words);
	free(res->lines);
	free(res->diags);
	memset(res, 0, sizeof(*res));
}
