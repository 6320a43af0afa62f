// SPDX-License-Identifier: MIT
/*
 * gpsvm OpenCL C compiler: instruction selection, LLVM IR (after the
 * driver's passes: everything inlined, no switch, no critical edge) to
 * machine instructions on virtual registers.
 *
 * Every LLVM value of a first-class type gets one virtual register per
 * lane (scalars have one lane, vectors are done lane by lane). Integers
 * narrower than 64 bits live in the low bits of their register with the
 * bits above unspecified, except i1, which is always 0 or 1; an operation
 * whose result depends on those bits (compare, divide, right shift,
 * extension) extends its operands first. Floats are binary32 in the low
 * 32 bits. Pointers of every address space are 64-bit addresses: the ISA's
 * shared and private windows make a __local or private address a plain
 * address, so generic pointers need no conversion.
 *
 * Some values are not computed where they are defined but at each use:
 * addresses that are a register plus a constant (folded into the offset
 * of a load or store) and compares whose only user is a branch or select
 * in the same block (the predicate is set right before it).
 *
 * Blocks are selected in reverse post-order, so a value is selected
 * before its uses; phis become copies, in the predecessor when it has one
 * successor, else at the top of the block (break-crit-edges guarantees
 * one of the two).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>

#include "gpsvm_clc_internal.h"
#include "gpsvm_clc_isel.h"

enum vkind { VK_REGS, VK_ADDR, VK_ADDRX, VK_CMP };

struct vinfo {
	LLVMValueRef v;
	uint8_t kind;
	int reg;		/* VK_REGS: first of n; VK_ADDR(X): base (RZ ok) */
	int n;
	int64_t off;		/* VK_ADDR: base + off */
	int idx;		/* VK_ADDRX: base + idx */
};

struct isel {
	LLVMModuleRef mod;
	LLVMTargetDataRef td;
	LLVMValueRef fn;
	struct mfunc *mf;
	struct clc_log *log;
	struct clc_isel_module *mstate;
	struct vinfo *map;
	size_t mapcap, mapn;
	LLVMBasicBlockRef *bbs;	/* block index -> LLVM block */
	int *npred;		/* block index -> predecessors */
	int cur;		/* block being selected */
	/* scaled GEP indices of the current block: (index, scale) -> reg */
	struct { LLVMValueRef v; uint64_t scale; int reg; } scaled[16];
	int nscaled;
	int data_reg;		/* the data image's address, in this block */
	unsigned int line;
	bool failed;
};

/* ---- value map (open addressing on the LLVMValueRef) ---- */

static size_t hash_ptr(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0xed5ad4bbU;
	x ^= x >> 11;
	return x & (cap - 1);
}

static struct vinfo *map_find(struct isel *s, LLVMValueRef v)
{
	size_t i;

	if (!s->mapn)
		return NULL;
	i = hash_ptr(v, s->mapcap);
	while (s->map[i].v) {
		if (s->map[i].v == v)
			return &s->map[i];
		i = (i + 1) & (s->mapcap - 1);
	}
	return NULL;
}

static struct vinfo *map_add(struct isel *s, LLVMValueRef v)
{
	size_t i;

	if (2 * (s->mapn + 1) > s->mapcap) {
		struct vinfo *old = s->map;
		size_t oldcap = s->mapcap, j;

		s->mapcap = s->mapcap ? 2 * s->mapcap : 256;
		s->map = calloc(s->mapcap, sizeof(*s->map));
		for (j = 0; j < oldcap; j++) {
			if (!old[j].v)
				continue;
			i = hash_ptr(old[j].v, s->mapcap);
			while (s->map[i].v)
				i = (i + 1) & (s->mapcap - 1);
			s->map[i] = old[j];
		}
		free(old);
	}
	i = hash_ptr(v, s->mapcap);
	while (s->map[i].v && s->map[i].v != v)
		i = (i + 1) & (s->mapcap - 1);
	if (!s->map[i].v)
		s->mapn++;
	memset(&s->map[i], 0, sizeof(s->map[i]));
	s->map[i].v = v;
	return &s->map[i];
}

/* ---- diagnostics ---- */

static void fail(struct isel *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct isel *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (s->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s->line)
		clc_log(s->log, "%s:%u: error: %s (in kernel '%s')\n",
			s->mstate->source_name, s->line, msg, s->mf->name);
	else
		clc_log(s->log, "%s: error: %s (in kernel '%s')\n",
			s->mstate->source_name, msg, s->mf->name);
	s->log->errors++;
	s->failed = true;
}

static const char *value_name(LLVMValueRef v)
{
	size_t len;
	const char *n = LLVMGetValueName2(v, &len);

	return len ? n : "<unnamed>";
}

/* ---- emission ---- */

static struct minst *emit(struct isel *s, const char *op, enum mfmt fmt)
{
	struct mblock *b = &s->mf->blocks[s->cur];
	struct minst *mi;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->insts = realloc(b->insts, b->cap * sizeof(*b->insts));
	}
	mi = &b->insts[b->n++];
	memset(mi, 0, sizeof(*mi));
	snprintf(mi->op, sizeof(mi->op), "%s", op);
	mi->fmt = fmt;
	mi->gp = 7;
	mi->d = mi->a = mi->b = mi->c = NO_REG;
	mi->ps = 7;
	mi->line = s->line;
	return mi;
}

static int new_vreg(struct isel *s, int n)
{
	int r = VREG0 + s->mf->nvregs;

	s->mf->nvregs += n;
	return r;
}

/* Operand B: a register or an immediate. */
struct opnd {
	bool imm;
	int reg;
	int64_t val;
};

static struct opnd oreg(int r)
{
	return (struct opnd){ .reg = r };
}

static struct opnd oimm(int64_t v)
{
	return (struct opnd){ .imm = true, .reg = NO_REG, .val = v };
}

static void set_b(struct minst *mi, struct opnd b)
{
	if (b.imm) {
		mi->bimm = true;
		mi->imm = b.val;
	} else {
		mi->b = b.reg;
	}
}

static void e_rab(struct isel *s, const char *op, int d, int a, struct opnd b)
{
	struct minst *mi = emit(s, op, MF_RAB);

	mi->d = d;
	mi->a = a;
	set_b(mi, b);
	mi->f32imm = strstr(op, ".f32") != NULL;
}

static void e_rb(struct isel *s, const char *op, int d, struct opnd b)
{
	struct minst *mi = emit(s, op, MF_RB);

	mi->d = d;
	set_b(mi, b);
	mi->f32imm = strstr(op, ".f32") != NULL && strncmp(op, "cvt", 3);
}

static void e_mov(struct isel *s, int d, int src)
{
	if (d != src)
		e_rb(s, "mov.64", d, oreg(src));
}

static void e_li(struct isel *s, int d, uint64_t k)
{
	if ((int64_t)k == (int32_t)k) {
		e_rb(s, "mov.64", d, oimm((int64_t)k));
	} else if (k <= 0xffffffffull) {
		e_rb(s, "mov.32", d, oimm((int32_t)(uint32_t)k));
	} else {
		e_rb(s, "mov.32", d, oimm((int32_t)(uint32_t)k));
		e_rab(s, "movhi", d, d, oimm((int32_t)(uint32_t)(k >> 32)));
	}
}

/* setp.<cond>.<type> p, a, b */
static void e_setp(struct isel *s, const char *cond, const char *type, int p,
		   int a, struct opnd b)
{
	char op[24];
	struct minst *mi;

	snprintf(op, sizeof(op), "setp.%s.%s", cond, type);
	mi = emit(s, op, MF_SETP);
	mi->pd = p;
	mi->a = a;
	set_b(mi, b);
	mi->f32imm = !strcmp(type, "f32");
}

static void e_sel(struct isel *s, const char *op, int d, int a, struct opnd b,
		  int p, bool neg)
{
	struct minst *mi = emit(s, op, MF_SEL);

	mi->d = d;
	mi->a = a;
	set_b(mi, b);
	mi->ps = p;
	mi->psn = neg;
	mi->f32imm = false;
}

/* ---- types ---- */

static int lanes_of(LLVMTypeRef t)
{
	LLVMTypeKind k = LLVMGetTypeKind(t);

	if (k == LLVMVectorTypeKind)
		return LLVMGetVectorSize(t);
	/* {iN, i1} of the *.with.overflow intrinsics: a register each */
	if (k == LLVMStructTypeKind)
		return LLVMCountStructElementTypes(t);
	return 1;
}

static LLVMTypeRef elem_of(LLVMTypeRef t)
{
	if (LLVMGetTypeKind(t) == LLVMVectorTypeKind)
		return LLVMGetElementType(t);
	return t;
}

/* Bits of a scalar integer, float (32) or pointer (64); 0 otherwise. */
static unsigned int bits_of(LLVMTypeRef t)
{
	switch (LLVMGetTypeKind(t)) {
	case LLVMIntegerTypeKind:
		return LLVMGetIntTypeWidth(t);
	case LLVMFloatTypeKind:
		return 32;
	case LLVMPointerTypeKind:
		return 64;
	default:
		return 0;
	}
}

static bool is_float(LLVMTypeRef t)
{
	return LLVMGetTypeKind(elem_of(t)) == LLVMFloatTypeKind;
}

static bool type_ok(struct isel *s, LLVMTypeRef t)
{
	LLVMTypeRef e = elem_of(t);
	unsigned int w = bits_of(e);

	if (LLVMGetTypeKind(e) == LLVMDoubleTypeKind ||
	    LLVMGetTypeKind(e) == LLVMHalfTypeKind) {
		fail(s, "type 'double' and 'half' arithmetic is not supported");
		return false;
	}
	if (!w || w > 64) {
		char *str = LLVMPrintTypeToString(t);

		fail(s, "values of type '%s' are not supported", str);
		LLVMDisposeMessage(str);
		return false;
	}
	return true;
}

/* ---- constants and values ---- */

static LLVMValueRef const_lane(LLVMValueRef c, int lane)
{
	if (LLVMGetTypeKind(LLVMTypeOf(c)) != LLVMVectorTypeKind)
		return c;
	return LLVMGetAggregateElement(c, lane);
}

/*
 * The bits of a constant scalar (lane of a vector constant); false if it
 * is not a plain constant (a global's address, a constant expression).
 */
static bool const_bits(LLVMValueRef c, int lane, uint64_t *bits)
{
	LLVMValueRef e;

	if (LLVMIsUndef(c) || LLVMIsPoison(c) || LLVMIsNull(c)) {
		*bits = 0;
		return true;
	}
	e = const_lane(c, lane);
	if (!e) {
		*bits = 0;
		return LLVMIsAConstantAggregateZero(c) != NULL;
	}
	if (LLVMIsUndef(e) || LLVMIsPoison(e) || LLVMIsNull(e)) {
		*bits = 0;
		return true;
	}
	if (LLVMIsAConstantInt(e)) {
		*bits = LLVMConstIntGetZExtValue(e);
		return true;
	}
	if (LLVMIsAConstantFP(e)) {
		/* the bits themselves: through a double, a NaN would be quietened */
		LLVMTypeRef i32 = LLVMInt32TypeInContext(LLVMGetTypeContext(LLVMTypeOf(e)));

		*bits = LLVMConstIntGetZExtValue(LLVMConstBitCast(e, i32));
		return true;
	}
	return false;
}

static int get_reg(struct isel *s, LLVMValueRef v, int lane);

static int global_addr(struct isel *s, LLVMValueRef g, int64_t *off)
{
	const struct clc_global *cg = clc_isel_global(s->mstate, g);
	struct minst *mi;
	int r;

	if (!cg) {
		fail(s, "the address of '%s' is not supported", value_name(g));
		return RZ;
	}
	if (cg->shared) {
		*off = SHARED_BASE + cg->offset;
		return RZ;
	}
	*off = cg->offset;
	if (s->data_reg != NO_REG)
		return s->data_reg;
	r = new_vreg(s, 1);
	mi = emit(s, "ldarg.64", MF_LD);
	mi->d = r;
	mi->a = RZ;
	mi->bimm = true;
	mi->imm = ARG_DATA_BASE;
	s->data_reg = r;
	return r;
}

static bool const_addr(struct isel *s, LLVMValueRef c, int *base, int64_t *off);

static int64_t gep_const_offset(struct isel *s, LLVMTypeRef srcty,
				LLVMValueRef gep, unsigned int first,
				unsigned int nops, bool *ok);

/*
 * An address as base register + offset, for a global, a constant
 * expression on one, or a VK_ADDR value.
 */
static bool addr_of(struct isel *s, LLVMValueRef v, int *base, int64_t *off)
{
	struct vinfo *vi;

	if (LLVMIsAGlobalVariable(v) || LLVMIsAConstantExpr(v))
		return const_addr(s, v, base, off);
	vi = map_find(s, v);
	if (vi && vi->kind == VK_ADDR) {
		*base = vi->reg;
		*off = vi->off;
		return true;
	}
	return false;
}

static bool const_addr(struct isel *s, LLVMValueRef c, int *base, int64_t *off)
{
	if (LLVMIsAGlobalVariable(c)) {
		*base = global_addr(s, c, off);
		return true;
	}
	if (LLVMIsAConstantExpr(c)) {
		LLVMOpcode op = LLVMGetConstOpcode(c);

		if (op == LLVMBitCast || op == LLVMAddrSpaceCast)
			return addr_of(s, LLVMGetOperand(c, 0), base, off);
		if (op == LLVMGetElementPtr) {
			bool ok = true;
			int64_t o = gep_const_offset(s,
				LLVMGetGEPSourceElementType(c), c, 1,
				LLVMGetNumOperands(c), &ok);

			if (!ok || !addr_of(s, LLVMGetOperand(c, 0), base, off))
				return false;
			*off += o;
			return true;
		}
	}
	return false;
}

/* Materialise a constant lane into a new register. */
static int const_reg(struct isel *s, LLVMValueRef c, int lane)
{
	uint64_t bits;
	int base, r;
	int64_t off;

	if (const_bits(c, lane, &bits)) {
		if (!bits)
			return RZ;
		r = new_vreg(s, 1);
		e_li(s, r, bits);
		return r;
	}
	if (addr_of(s, c, &base, &off)) {
		r = new_vreg(s, 1);
		if (base == RZ)
			e_li(s, r, (uint64_t)off);
		else if (off == (int32_t)off)
			e_rab(s, "add.64", r, base, oimm(off));
		else
			fail(s, "address offset too large");
		return r;
	}
	if (LLVMIsAConstantExpr(c)) {
		LLVMOpcode op = LLVMGetConstOpcode(c);

		if (op == LLVMPtrToInt || op == LLVMIntToPtr ||
		    op == LLVMBitCast || op == LLVMAddrSpaceCast)
			return get_reg(s, LLVMGetOperand(c, 0), lane);
	}
	if (LLVMIsAFunction(c))
		fail(s, "function pointers are not supported");
	else
		fail(s, "unsupported constant '%s'", value_name(c));
	return RZ;
}

static void cmp_materialise(struct isel *s, LLVMValueRef cmp, int d);

/* The register holding lane of v (materialising it if needed). */
static int get_reg(struct isel *s, LLVMValueRef v, int lane)
{
	struct vinfo *vi;
	int r;

	if (LLVMIsConstant(v))
		return const_reg(s, v, lane);
	vi = map_find(s, v);
	if (!vi) {
		fail(s, "value '%s' used before it is defined",
		     value_name(v));
		return RZ;
	}
	switch (vi->kind) {
	case VK_REGS:
		return vi->reg + (lane < vi->n ? lane : 0);
	case VK_ADDR:
		r = new_vreg(s, 1);
		if (vi->reg == RZ)
			e_li(s, r, (uint64_t)vi->off);
		else
			e_rab(s, "add.64", r, vi->reg, oimm(vi->off));
		return r;
	case VK_ADDRX:
		r = new_vreg(s, 1);
		e_rab(s, "add.64", r, vi->reg, oreg(vi->idx));
		return r;
	case VK_CMP:
		r = new_vreg(s, 1);
		cmp_materialise(s, v, r);
		return r;
	}
	return RZ;
}

/*
 * Operand B for an operation of width w (32 or 64; float ops pass 32):
 * an immediate when the constant fits.
 */
static struct opnd get_b(struct isel *s, LLVMValueRef v, int lane, int w)
{
	uint64_t bits;

	if (LLVMIsConstant(v) && const_bits(v, lane, &bits)) {
		if (w <= 32)
			return oimm((int32_t)(uint32_t)bits);
		if ((int64_t)bits == (int32_t)bits)
			return oimm((int64_t)bits);
	}
	return oreg(get_reg(s, v, lane));
}

/* Destination registers of an instruction (allocated on first use). */
static int def_regs(struct isel *s, LLVMValueRef v)
{
	struct vinfo *vi = map_find(s, v);

	if (vi)
		return vi->reg;
	vi = map_add(s, v);
	vi->kind = VK_REGS;
	vi->n = lanes_of(LLVMTypeOf(v));
	vi->reg = new_vreg(s, vi->n);
	return vi->reg;
}

/*
 * An integer lane extended from w bits to the width of the operation
 * (32 if w <= 32, else 64), signed or not. Constants as immediates.
 */
static struct opnd ext_b(struct isel *s, LLVMValueRef v, int lane,
			 unsigned int w, bool sign)
{
	unsigned int ow = w <= 32 ? 32 : 64;
	uint64_t bits;
	int r, d;

	if (LLVMIsConstant(v) && const_bits(v, lane, &bits)) {
		if (w < 64) {
			bits &= (1ull << w) - 1;
			if (sign && (bits >> (w - 1)) & 1)
				bits |= ~0ull << w;
		}
		if (ow == 32)
			return oimm((int32_t)(uint32_t)bits);
		if ((int64_t)bits == (int32_t)bits)
			return oimm((int64_t)bits);
		return oreg(const_reg(s, v, lane));
	}
	r = get_reg(s, v, lane);
	if (w == 32 || w == 64 || (w == 1 && !sign))
		return oreg(r);
	d = new_vreg(s, 1);
	if (w == 8 || w == 16) {
		char op[16];

		snprintf(op, sizeof(op), "%cext%u.%u", sign ? 's' : 'z', w, ow);
		e_rb(s, op, d, oreg(r));
	} else {
		e_rab(s, "shl.64", d, r, oimm(64 - w));
		e_rab(s, sign ? "sar.64" : "shr.64", d, d, oimm(64 - w));
	}
	return oreg(d);
}

static int ext_reg(struct isel *s, LLVMValueRef v, int lane, unsigned int w,
		   bool sign)
{
	struct opnd o = ext_b(s, v, lane, w, sign);
	int r;

	if (!o.imm)
		return o.reg;
	if (!o.val)
		return RZ;
	r = new_vreg(s, 1);
	e_rb(s, w <= 32 ? "mov.32" : "mov.64", r, o);
	return r;
}

/* A lane extended from w bits to all 64 bits, for 64-bit operations. */
static int ext64(struct isel *s, LLVMValueRef v, int lane, unsigned int w,
		 bool sign)
{
	uint64_t bits;
	int r, d;

	if (LLVMIsConstant(v) && const_bits(v, lane, &bits)) {
		if (w < 64) {
			bits &= (1ull << w) - 1;
			if (sign && (bits >> (w - 1)) & 1)
				bits |= ~0ull << w;
		}
		if (!bits)
			return RZ;
		d = new_vreg(s, 1);
		e_li(s, d, bits);
		return d;
	}
	r = get_reg(s, v, lane);
	if (w == 64 || (w == 1 && !sign))
		return r;
	d = new_vreg(s, 1);
	if (w == 1) {
		e_rab(s, "sub.64", d, RZ, oreg(r));
	} else if (w == 8 || w == 16 || w == 32) {
		char op[16];

		snprintf(op, sizeof(op), "%cext%u.64", sign ? 's' : 'z', w);
		e_rb(s, op, d, oreg(r));
	} else {
		e_rab(s, "shl.64", d, r, oimm(64 - w));
		e_rab(s, sign ? "sar.64" : "shr.64", d, d, oimm(64 - w));
	}
	return d;
}

/* ---- compares ---- */

static const char *icmp_cond(LLVMIntPredicate p, bool *sign)
{
	*sign = false;
	switch (p) {
	case LLVMIntEQ: return "eq";
	case LLVMIntNE: return "ne";
	case LLVMIntUGT: return "gt";
	case LLVMIntUGE: return "ge";
	case LLVMIntULT: return "lt";
	case LLVMIntULE: return "le";
	case LLVMIntSGT: *sign = true; return "gt";
	case LLVMIntSGE: *sign = true; return "ge";
	case LLVMIntSLT: *sign = true; return "lt";
	case LLVMIntSLE: *sign = true; return "le";
	}
	return "eq";
}

static const char *fcmp_cond(LLVMRealPredicate p)
{
	static const char *const names[] = {
		[LLVMRealPredicateFalse] = "f", [LLVMRealOEQ] = "eq",
		[LLVMRealOGT] = "gt", [LLVMRealOGE] = "ge",
		[LLVMRealOLT] = "lt", [LLVMRealOLE] = "le",
		[LLVMRealONE] = "ne", [LLVMRealORD] = "num",
		[LLVMRealUNO] = "nan", [LLVMRealUEQ] = "equ",
		[LLVMRealUGT] = "gtu", [LLVMRealUGE] = "geu",
		[LLVMRealULT] = "ltu", [LLVMRealULE] = "leu",
		[LLVMRealUNE] = "neu", [LLVMRealPredicateTrue] = "t",
	};

	return names[p];
}

/* Set predicate p to lane of compare instruction cmp. */
static void cmp_setp(struct isel *s, LLVMValueRef cmp, int lane, int p)
{
	LLVMValueRef a = LLVMGetOperand(cmp, 0), b = LLVMGetOperand(cmp, 1);
	LLVMTypeRef t = elem_of(LLVMTypeOf(a));

	if (LLVMGetInstructionOpcode(cmp) == LLVMFCmp) {
		e_setp(s, fcmp_cond(LLVMGetFCmpPredicate(cmp)), "f32", p,
		       get_reg(s, a, lane), get_b(s, b, lane, 32));
	} else {
		unsigned int w = bits_of(t);
		bool sign;
		const char *cond = icmp_cond(LLVMGetICmpPredicate(cmp), &sign);
		char type[8];

		snprintf(type, sizeof(type), "%c%u", sign ? 's' : 'u',
			 w <= 32 ? 32 : 64);
		e_setp(s, cond, type, p, ext_reg(s, a, lane, w, sign),
		       ext_b(s, b, lane, w, sign));
	}
}

static void cmp_materialise(struct isel *s, LLVMValueRef cmp, int d)
{
	cmp_setp(s, cmp, 0, 0);
	e_sel(s, "sel.32", d, RZ, oimm(1), 0, true);
}

/* Set predicate p from lane of an i1 value (compare folded when it can). */
static void bool_to_pred(struct isel *s, LLVMValueRef c, int lane, int p)
{
	struct vinfo *vi = LLVMIsConstant(c) ? NULL : map_find(s, c);

	if (vi && vi->kind == VK_CMP) {
		cmp_setp(s, c, lane, p);
		return;
	}
	e_setp(s, "ne", "u32", p, get_reg(s, c, lane), oimm(0));
}

/* A compare whose only user is a branch or scalar select in its block. */
static bool cmp_foldable(LLVMValueRef cmp)
{
	LLVMUseRef u = LLVMGetFirstUse(cmp);
	LLVMValueRef user;
	LLVMOpcode op;

	if (!u || LLVMGetNextUse(u) ||
	    LLVMGetTypeKind(LLVMTypeOf(cmp)) == LLVMVectorTypeKind)
		return false;
	user = LLVMGetUser(u);
	if (!LLVMIsAInstruction(user) ||
	    LLVMGetInstructionParent(user) != LLVMGetInstructionParent(cmp))
		return false;
	op = LLVMGetInstructionOpcode(user);
	if (op == LLVMBr)
		return true;
	return op == LLVMSelect && LLVMGetOperand(user, 0) == cmp;
}

/* ---- GEP ---- */

/*
 * The constant part of GEP indices first..nops-1 on srcty; *ok is
 * cleared if an index is not constant.
 */
static int64_t gep_const_offset(struct isel *s, LLVMTypeRef srcty,
				LLVMValueRef gep, unsigned int first,
				unsigned int nops, bool *ok)
{
	LLVMTypeRef t = srcty;
	int64_t off = 0;
	unsigned int i;

	for (i = first; i < nops; i++) {
		LLVMValueRef idx = LLVMGetOperand(gep, i);
		uint64_t bits;

		if (!LLVMIsAConstantInt(idx) || !const_bits(idx, 0, &bits)) {
			*ok = false;
			return 0;
		}
		if (i == first) {
			off += LLVMConstIntGetSExtValue(idx) *
			       (int64_t)LLVMABISizeOfType(s->td, t);
			continue;
		}
		if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
			off += LLVMOffsetOfElement(s->td, t, (unsigned)bits);
			t = LLVMStructGetTypeAtIndex(t, (unsigned)bits);
		} else {
			t = LLVMGetElementType(t);
			off += LLVMConstIntGetSExtValue(idx) *
			       (int64_t)LLVMABISizeOfType(s->td, t);
		}
	}
	return off;
}

/*
 * A GEP index times its element size, sign-extended to 64 bits; shared by
 * the GEPs of a block that scale the same index the same way.
 */
static int scaled_index(struct isel *s, LLVMValueRef idx, uint64_t size)
{
	unsigned int w = bits_of(LLVMTypeOf(idx));
	int x, sc, k;

	for (k = 0; k < s->nscaled; k++)
		if (s->scaled[k].v == idx && s->scaled[k].scale == size)
			return s->scaled[k].reg;
	x = ext64(s, idx, 0, w, true);
	if (size == 1) {
		sc = x;
	} else {
		sc = new_vreg(s, 1);
		if (!(size & (size - 1)))
			e_rab(s, "shl.64", sc, x, oimm(__builtin_ctzll(size)));
		else
			e_rab(s, "mul.64", sc, x, oimm((int64_t)size));
	}
	if (s->nscaled < 16) {
		s->scaled[s->nscaled].v = idx;
		s->scaled[s->nscaled].scale = size;
		s->scaled[s->nscaled++].reg = sc;
	}
	return sc;
}

static void isel_gep(struct isel *s, LLVMValueRef in)
{
	unsigned int nops = LLVMGetNumOperands(in), i;
	LLVMTypeRef t = LLVMGetGEPSourceElementType(in);
	LLVMValueRef ptr = LLVMGetOperand(in, 0);
	bool ok = true;
	int64_t off = gep_const_offset(s, t, in, 1, nops, &ok);
	int base, acc;
	int64_t boff;
	struct vinfo *vi;

	if (LLVMGetTypeKind(LLVMTypeOf(in)) == LLVMVectorTypeKind) {
		fail(s, "vector getelementptr is not supported");
		return;
	}
	if (ok) {
		if (!addr_of(s, ptr, &base, &boff)) {
			base = get_reg(s, ptr, 0);
			boff = 0;
		}
		if (boff + off == (int32_t)(boff + off) || base == RZ) {
			vi = map_add(s, in);
			vi->kind = VK_ADDR;
			vi->reg = base;
			vi->off = boff + off;
			return;
		}
	}
	/* base + sum of index * size, then the constant part */
	acc = NO_REG;
	off = 0;
	for (i = 1; i < nops; i++) {
		LLVMValueRef idx = LLVMGetOperand(in, i);
		uint64_t size;
		int sc;

		if (i > 1 && LLVMGetTypeKind(t) == LLVMStructTypeKind) {
			unsigned int f = (unsigned)LLVMConstIntGetZExtValue(idx);

			off += LLVMOffsetOfElement(s->td, t, f);
			t = LLVMStructGetTypeAtIndex(t, f);
			continue;
		}
		if (i > 1)
			t = LLVMGetElementType(t);
		size = LLVMABISizeOfType(s->td, t);
		if (LLVMIsAConstantInt(idx)) {
			off += LLVMConstIntGetSExtValue(idx) * (int64_t)size;
			continue;
		}
		sc = scaled_index(s, idx, size);
		if (acc == NO_REG) {
			acc = sc;	/* the first term is the index itself */
		} else {
			/* a new register: sc may be shared (scaled_index) */
			int sum = new_vreg(s, 1);

			e_rab(s, "add.64", sum, acc, oreg(sc));
			acc = sum;
		}
	}
	base = get_reg(s, ptr, 0);
	if (acc == NO_REG) {
		/* constant indices but an offset beyond 32 bits */
		acc = def_regs(s, in);
		e_li(s, acc, (uint64_t)off);
		e_rab(s, "add.64", acc, acc, oreg(base));
		return;
	}
	if (!off) {
		/* base + index: [ra + rb] for loads and stores */
		vi = map_add(s, in);
		vi->kind = VK_ADDRX;
		vi->reg = base;
		vi->idx = acc;
		return;
	}
	{
		int d = def_regs(s, in);

		e_rab(s, "add.64", d, base, oreg(acc));
		if (off == (int32_t)off) {
			e_rab(s, "add.64", d, d, oimm(off));
		} else {
			int k = new_vreg(s, 1);

			e_li(s, k, (uint64_t)off);
			e_rab(s, "add.64", d, d, oreg(k));
		}
	}
}

/* ---- memory ---- */

/*
 * [base + off] for a pointer operand; with idx (not NULL), [base + *idx]
 * when *idx is not NO_REG (only for a single access: no lane offsets).
 */
static void mem_addr_x(struct isel *s, LLVMValueRef ptr, int *base,
		       int64_t *off, int *idx)
{
	struct vinfo *vi = LLVMIsConstant(ptr) ? NULL : map_find(s, ptr);

	if (idx)
		*idx = NO_REG;
	if (idx && vi && vi->kind == VK_ADDRX) {
		*base = vi->reg;
		*idx = vi->idx;
		*off = 0;
		return;
	}
	if (addr_of(s, ptr, base, off) && *off == (int32_t)*off)
		return;
	*base = get_reg(s, ptr, 0);
	*off = 0;
}

static void mem_addr(struct isel *s, LLVMValueRef ptr, int *base, int64_t *off)
{
	mem_addr_x(s, ptr, base, off, NULL);
}

static void set_addr(struct minst *mi, int base, int64_t off, int idx)
{
	mi->a = base;
	if (idx != NO_REG) {
		mi->b = idx;
	} else {
		mi->bimm = true;
		mi->imm = off;
	}
}

static const char *ld_op(unsigned int bytes)
{
	switch (bytes) {
	case 1: return "ld.u8";
	case 2: return "ld.u16";
	case 4: return "ld.u32";
	default: return "ld.64";
	}
}

static const char *st_op(unsigned int bytes)
{
	switch (bytes) {
	case 1: return "st.8";
	case 2: return "st.16";
	case 4: return "st.32";
	default: return "st.64";
	}
}

static unsigned int store_bytes(struct isel *s, LLVMTypeRef t)
{
	return (unsigned int)LLVMStoreSizeOfType(s->td, t);
}

static void isel_load(struct isel *s, LLVMValueRef in)
{
	LLVMTypeRef t = LLVMTypeOf(in), e = elem_of(t);
	unsigned int n = lanes_of(t), eb, i;
	int d, base, idx = NO_REG;
	int64_t off;

	if (!type_ok(s, t))
		return;
	eb = store_bytes(s, e);
	if (n > 1 && (unsigned int)LLVMABISizeOfType(s->td, e) != eb) {
		fail(s, "loads of vectors of this element type are not supported");
		return;
	}
	d = def_regs(s, in);
	mem_addr_x(s, LLVMGetOperand(in, 0), &base, &off, n == 1 ? &idx : NULL);
	for (i = 0; i < n; i++) {
		struct minst *mi = emit(s, ld_op(eb), MF_LD);

		mi->d = d + i;
		set_addr(mi, base, off + i * eb, n == 1 ? idx : NO_REG);
	}
	if (bits_of(e) == 1)
		for (i = 0; i < n; i++)
			e_rab(s, "and.32", d + i, d + i, oimm(1));
}

static void isel_store(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef val = LLVMGetOperand(in, 0);
	LLVMTypeRef t = LLVMTypeOf(val), e = elem_of(t);
	unsigned int n = lanes_of(t), eb, i;
	int base, idx = NO_REG;
	int64_t off;

	if (!type_ok(s, t))
		return;
	eb = store_bytes(s, e);
	if (n > 1 && (unsigned int)LLVMABISizeOfType(s->td, e) != eb) {
		fail(s, "stores of vectors of this element type are not supported");
		return;
	}
	mem_addr_x(s, LLVMGetOperand(in, 1), &base, &off, n == 1 ? &idx : NULL);
	for (i = 0; i < n; i++) {
		int r = get_reg(s, val, i);
		struct minst *mi = emit(s, st_op(eb), MF_ST);

		set_addr(mi, base, off + i * eb, n == 1 ? idx : NO_REG);
		mi->c = r;
	}
}

static void isel_alloca(struct isel *s, LLVMValueRef in)
{
	LLVMTypeRef t = LLVMGetAllocatedType(in);
	uint64_t size = LLVMABISizeOfType(s->td, t);
	unsigned int align = LLVMGetAlignment(in);
	struct vinfo *vi;

	if (!LLVMIsAConstantInt(LLVMGetOperand(in, 0)) ||
	    LLVMConstIntGetZExtValue(LLVMGetOperand(in, 0)) != 1) {
		fail(s, "variable-length private arrays are not supported");
		return;
	}
	if (align < 1)
		align = 1;
	s->mf->frame = (s->mf->frame + align - 1) & ~(align - 1);
	vi = map_add(s, in);
	vi->kind = VK_ADDR;
	vi->reg = RZ;
	vi->off = PRIV_BASE + s->mf->frame;
	s->mf->frame += (uint32_t)size;
	if (s->mf->frame > GPSVM_CLC_PRIVATE_MAX)
		fail(s, "private memory of this kernel exceeds %u bytes",
		     GPSVM_CLC_PRIVATE_MAX);
}

/* ---- integer and float operations ---- */

static void isel_binop(struct isel *s, LLVMValueRef in, LLVMOpcode op)
{
	LLVMValueRef a = LLVMGetOperand(in, 0), b = LLVMGetOperand(in, 1);
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int n = lanes_of(t), w = bits_of(elem_of(t)), i;
	unsigned int ow = w <= 32 ? 32 : 64;
	const char *name = NULL;
	bool sign = false, ext = false, fl = is_float(t);
	char opn[24];
	int d;

	if (!type_ok(s, t))
		return;
	switch (op) {
	case LLVMAdd: name = "add"; break;
	case LLVMSub: name = "sub"; break;
	case LLVMMul: name = "mul"; break;
	case LLVMAnd: name = "and"; break;
	case LLVMOr: name = "or"; break;
	case LLVMXor: name = "xor"; break;
	case LLVMShl: name = "shl"; break;
	case LLVMUDiv: name = "div.u"; ext = true; break;
	case LLVMSDiv: name = "div.s"; ext = sign = true; break;
	case LLVMURem: name = "rem.u"; ext = true; break;
	case LLVMSRem: name = "rem.s"; ext = sign = true; break;
	case LLVMLShr: name = "shr"; ext = true; break;
	case LLVMAShr: name = "sar"; ext = sign = true; break;
	case LLVMFAdd: name = "add"; break;
	case LLVMFSub: name = "sub"; break;
	case LLVMFMul: name = "mul"; break;
	case LLVMFDiv: name = "div"; break;
	default: {
		char *str = LLVMPrintValueToString(in);

		fail(s, "unsupported operation '%s'", str);
		LLVMDisposeMessage(str);
		return;
	}
	}
	if (fl)
		snprintf(opn, sizeof(opn), "%s.f32", name);
	else if (strchr(name, '.'))
		snprintf(opn, sizeof(opn), "%s%u", name, ow);
	else
		snprintf(opn, sizeof(opn), "%s.%u", name, ow);
	d = def_regs(s, in);
	for (i = 0; i < n; i++) {
		int ra;
		struct opnd ob;
		bool shift = op == LLVMShl || op == LLVMLShr || op == LLVMAShr;

		if (fl) {
			ra = get_reg(s, a, i);
			ob = get_b(s, b, i, 32);
		} else if (ext) {
			ra = ext_reg(s, a, i, w, sign);
			/* the shift amount's bits above w never matter */
			ob = shift ? get_b(s, b, i, ow) : ext_b(s, b, i, w, sign);
		} else {
			ra = get_reg(s, a, i);
			ob = get_b(s, b, i, ow);
		}
		/* x & 0xff, 0xffff, 0xffffffff: one zero-extension */
		if (op == LLVMAnd && !fl && !ext && LLVMIsConstant(b)) {
			uint64_t m;

			if (const_bits(b, i, &m) && w > 8 &&
			    (m == 0xff || m == 0xffff || (m == 0xffffffff && w > 32))) {
				char zx[16];

				snprintf(zx, sizeof(zx), "zext%u.%u",
					 m == 0xff ? 8 : m == 0xffff ? 16 : 32, ow);
				e_rb(s, zx, d + i, oreg(ra));
				continue;
			}
		}
		e_rab(s, opn, d + i, ra, ob);
		/* i1 stays 0 or 1; other widths may carry bits above w */
		if (w == 1 && op != LLVMAnd && op != LLVMOr && op != LLVMXor)
			e_rab(s, "and.32", d + i, d + i, oimm(1));
	}
}

/*
 * A bitcast that changes the number of lanes (<8 x i8> to i64, ...):
 * through a private scratch slot, stored lane by lane and loaded back.
 */
static void isel_repack(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef a = LLVMGetOperand(in, 0);
	LLVMTypeRef st = LLVMTypeOf(a), dt = LLVMTypeOf(in);
	unsigned int sn = lanes_of(st), dn = lanes_of(dt), i;
	unsigned int sb = bits_of(elem_of(st)), db = bits_of(elem_of(dt));
	int64_t base;
	int d;

	if (sb % 8 || db % 8) {
		/* <8 x i1> and the like: packed in one register by shifts */
		int acc = new_vreg(s, 1);

		if (sn * sb > 64) {
			fail(s, "bitcasts of more than 64 bits of non-byte elements are not supported");
			return;
		}
		e_mov(s, acc, RZ);
		for (i = 0; i < sn; i++) {
			int t = new_vreg(s, 1);

			e_rab(s, "shl.64", t, ext64(s, a, i, sb, false),
			      oimm(i * sb));
			e_rab(s, "or.64", acc, acc, oreg(t));
		}
		d = def_regs(s, in);
		for (i = 0; i < dn; i++) {
			e_rab(s, "shr.64", d + i, acc, oimm(i * db));
			if (db == 1)
				e_rab(s, "and.32", d + i, d + i, oimm(1));
		}
		return;
	}
	s->mf->frame = (s->mf->frame + 7) & ~7u;
	base = PRIV_BASE + s->mf->frame;
	s->mf->frame += (sn * sb / 8 + 7) & ~7u;
	for (i = 0; i < sn; i++) {
		int r = get_reg(s, a, i);
		struct minst *mi = emit(s, st_op(sb / 8), MF_ST);

		mi->a = RZ;
		mi->bimm = true;
		mi->imm = base + i * (sb / 8);
		mi->c = r;
	}
	d = def_regs(s, in);
	for (i = 0; i < dn; i++) {
		struct minst *mi = emit(s, ld_op(db / 8), MF_LD);

		mi->d = d + i;
		mi->a = RZ;
		mi->bimm = true;
		mi->imm = base + i * (db / 8);
	}
}

static void isel_cast(struct isel *s, LLVMValueRef in, LLVMOpcode op)
{
	LLVMValueRef a = LLVMGetOperand(in, 0);
	LLVMTypeRef st = LLVMTypeOf(a), dt = LLVMTypeOf(in);
	unsigned int n = lanes_of(dt), sw, dw, i;
	int d;

	if (!type_ok(s, dt) || !type_ok(s, st))
		return;
	if (lanes_of(st) != (int)n) {
		if (op == LLVMBitCast)
			isel_repack(s, in);
		else
			fail(s, "vector conversions between different lengths are not supported");
		return;
	}
	sw = bits_of(elem_of(st));
	dw = bits_of(elem_of(dt));
	d = def_regs(s, in);
	for (i = 0; i < n; i++) {
		switch (op) {
		case LLVMZExt:
		case LLVMSExt: {
			bool sign = op == LLVMSExt;
			struct opnd o;

			if (sw == 1 && sign) {
				e_rab(s, "sub.64", d + i, RZ,
				      oreg(get_reg(s, a, i)));
				break;
			}
			o = ext_b(s, a, i, sw, sign);
			if (dw > 32 && sw <= 32 && !(sw == 1 && !sign)) {
				/* ext_b gave 32 bits; widen them */
				e_rb(s, sign ? "sext32.64" : "zext32.64", d + i,
				     o);
			} else {
				e_rb(s, "mov.64", d + i, o);
			}
			break;
		}
		case LLVMTrunc:
			if (dw == 1)
				e_rab(s, "and.32", d + i, get_reg(s, a, i),
				      oimm(1));
			else
				e_mov(s, d + i, get_reg(s, a, i));
			break;
		case LLVMBitCast:
		case LLVMPtrToInt:
		case LLVMIntToPtr:
		case LLVMAddrSpaceCast:
			e_mov(s, d + i, get_reg(s, a, i));
			break;
		case LLVMFPToSI:
		case LLVMFPToUI: {
			bool sign = op == LLVMFPToSI;
			char opn[24];

			snprintf(opn, sizeof(opn), "cvt.%c%u.f32",
				 sign ? 's' : 'u', dw <= 32 ? 32 : 64);
			e_rb(s, opn, d + i, oreg(get_reg(s, a, i)));
			break;
		}
		case LLVMSIToFP:
		case LLVMUIToFP: {
			bool sign = op == LLVMSIToFP;
			char opn[24];

			snprintf(opn, sizeof(opn), "cvt.f32.%c%u",
				 sign ? 's' : 'u', sw <= 32 ? 32 : 64);
			e_rb(s, opn, d + i, ext_b(s, a, i, sw, sign));
			break;
		}
		default:
			fail(s, "unsupported conversion");
			return;
		}
	}
}

static void isel_cmp(struct isel *s, LLVMValueRef in)
{
	unsigned int n = lanes_of(LLVMTypeOf(in)), i;
	struct vinfo *vi;
	int d;

	if (!type_ok(s, LLVMTypeOf(LLVMGetOperand(in, 0))))
		return;
	if (cmp_foldable(in)) {
		vi = map_add(s, in);
		vi->kind = VK_CMP;
		vi->reg = NO_REG;
		return;
	}
	d = def_regs(s, in);
	for (i = 0; i < n; i++) {
		cmp_setp(s, in, i, 0);
		e_sel(s, "sel.32", d + i, RZ, oimm(1), 0, true);
	}
}

static void isel_select(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef c = LLVMGetOperand(in, 0);
	LLVMValueRef a = LLVMGetOperand(in, 1), b = LLVMGetOperand(in, 2);
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int n = lanes_of(t), i;
	bool vcond = LLVMGetTypeKind(LLVMTypeOf(c)) == LLVMVectorTypeKind;
	int d;

	if (!type_ok(s, t))
		return;
	d = def_regs(s, in);
	for (i = 0; i < n; i++) {
		int ra = get_reg(s, a, i);
		struct opnd ob = get_b(s, b, i, 64);

		if (i == 0 || vcond)
			bool_to_pred(s, c, vcond ? i : 0, 0);
		e_sel(s, "sel.64", d + i, ra, ob, 0, false);
	}
}

/* ---- vectors and aggregates ---- */

static void isel_extractelement(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef v = LLVMGetOperand(in, 0), idx = LLVMGetOperand(in, 1);
	int n = lanes_of(LLVMTypeOf(v)), d = def_regs(s, in), i;

	if (LLVMIsAConstantInt(idx)) {
		int k = (int)LLVMConstIntGetZExtValue(idx);

		e_mov(s, d, k < n ? get_reg(s, v, k) : RZ);
		return;
	}
	/* d = v[idx]: a chain of selects */
	e_mov(s, d, get_reg(s, v, 0));
	for (i = 1; i < n; i++) {
		e_setp(s, "eq", "u64", 0,
		       ext64(s, idx, 0, bits_of(LLVMTypeOf(idx)), false),
		       oimm(i));
		e_sel(s, "sel.64", d, get_reg(s, v, i), oreg(d), 0, false);
	}
}

static void isel_insertelement(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef v = LLVMGetOperand(in, 0), e = LLVMGetOperand(in, 1);
	LLVMValueRef idx = LLVMGetOperand(in, 2);
	int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), i;
	int er = get_reg(s, e, 0);

	for (i = 0; i < n; i++) {
		if (LLVMIsAConstantInt(idx)) {
			int k = (int)LLVMConstIntGetZExtValue(idx);

			e_mov(s, d + i, i == k ? er : get_reg(s, v, i));
			continue;
		}
		e_setp(s, "eq", "u64", 0,
		       ext64(s, idx, 0, bits_of(LLVMTypeOf(idx)), false),
		       oimm(i));
		e_sel(s, "sel.64", d + i, er, oreg(get_reg(s, v, i)), 0, false);
	}
}

static void isel_shufflevector(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef a = LLVMGetOperand(in, 0), b = LLVMGetOperand(in, 1);
	int na = lanes_of(LLVMTypeOf(a)), d = def_regs(s, in), i;
	int n = (int)LLVMGetNumMaskElements(in);

	for (i = 0; i < n; i++) {
		int m = LLVMGetMaskValue(in, i);

		if (m == LLVMGetUndefMaskElem())
			continue;
		e_mov(s, d + i, m < na ? get_reg(s, a, m) :
			       get_reg(s, b, m - na));
	}
}

/* ---- calls: the builtin library's primitives and LLVM intrinsics ---- */

static int const_arg(struct isel *s, LLVMValueRef in, unsigned int i)
{
	LLVMValueRef a = LLVMGetOperand(in, i);

	if (!LLVMIsAConstantInt(a)) {
		fail(s, "internal: '%s' needs a constant argument",
		     value_name(LLVMGetCalledValue(in)));
		return 0;
	}
	return (int)LLVMConstIntGetSExtValue(a);
}

static const char *const sreg_names[] = {
	[0] = "tid.x", [1] = "tid.y", [2] = "tid.z",
	[4] = "ntid.x", [5] = "ntid.y", [6] = "ntid.z",
	[8] = "ctaid.x", [9] = "ctaid.y", [10] = "ctaid.z",
	[12] = "nctaid.x", [13] = "nctaid.y", [14] = "nctaid.z",
	[16] = "clock",
};

static bool isel_gpsvm_call(struct isel *s, LLVMValueRef in, const char *name)
{
	unsigned int nargs = LLVMGetNumArgOperands(in);
	struct minst *mi;
	struct opnd b;
	int a, c, d;
	char op[24];

	if (!strcmp(name, "s2r")) {
		int sr = const_arg(s, in, 0);

		if (sr < 0 || sr > 16 || !sreg_names[sr]) {
			fail(s, "internal: bad special register %d", sr);
			return true;
		}
		mi = emit(s, "s2r", MF_S2R);
		mi->d = def_regs(s, in);
		mi->sr = sreg_names[sr];
		return true;
	}
	if (!strcmp(name, "ldarg32") || !strcmp(name, "ldarg64")) {
		mi = emit(s, name[5] == '3' ? "ldarg.u32" : "ldarg.64", MF_LD);
		mi->a = RZ;
		mi->bimm = true;
		mi->imm = const_arg(s, in, 0);
		mi->d = def_regs(s, in);
		return true;
	}
	if (!strcmp(name, "mulhi_s64") || !strcmp(name, "mulhi_u64")) {
		snprintf(op, sizeof(op), "mulhi.%c64", name[6]);
		e_rab(s, op, def_regs(s, in), get_reg(s, LLVMGetOperand(in, 0), 0),
		      get_b(s, LLVMGetOperand(in, 1), 0, 64));
		return true;
	}
	if (!strcmp(name, "bar")) {
		emit(s, "bar", MF_NONE);
		return true;
	}
	if (!strcmp(name, "membar_cta") || !strcmp(name, "membar_gpu") ||
	    !strcmp(name, "membar_sys")) {
		snprintf(op, sizeof(op), "membar.%s", name + 7);
		emit(s, op, MF_NONE);
		return true;
	}
	if (!strcmp(name, "trap")) {
		mi = emit(s, "trap", MF_TRAP);
		mi->bimm = true;
		mi->imm = const_arg(s, in, 0);
		return true;
	}
	if (!strncmp(name, "atom_", 5)) {
		/* __gpsvm_atom_<op>_<32|64>(p, b[, c]) */
		const char *w = strrchr(name, '_');
		char opn[32];

		snprintf(opn, sizeof(opn), "atom.%.*s.%s",
			 (int)(w - name - 5), name + 5, w + 1);
		/* the ISA spells signedness only where it matters */
		if (!strncmp(opn, "atom.min_", 9) ||
		    !strncmp(opn, "atom.max_", 9))
			opn[8] = '.';
		if (!strncmp(opn, "atom.inc.", 9) || !strncmp(opn, "atom.dec.", 9))
			snprintf(opn, sizeof(opn), "atom.%.3s.u%s", name + 5,
				 w + 1);
		if (!strncmp(opn, "atom.min.", 9) || !strncmp(opn, "atom.max.", 9)) {
			char tmp[32];

			/* atom.min.s.32 -> atom.min.s32 */
			snprintf(tmp, sizeof(tmp), "%.10s%s", opn, opn + 11);
			memcpy(opn, tmp, sizeof(tmp));
		}
		/* operands first: materialising one may emit instructions */
		a = get_reg(s, LLVMGetOperand(in, 0), 0);
		b = get_b(s, LLVMGetOperand(in, 1), 0,
			  !strcmp(w + 1, "32") ? 32 : 64);
		c = nargs == 3 ? get_reg(s, LLVMGetOperand(in, 2), 0) : NO_REG;
		d = def_regs(s, in);
		mi = emit(s, opn, nargs == 3 ? MF_CAS : MF_ATOM);
		mi->a = a;
		set_b(mi, b);
		mi->c = c;
		mi->d = d;
		return true;
	}
	return false;
}

static void unop_f32(struct isel *s, LLVMValueRef in, const char *op)
{
	int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), i;

	for (i = 0; i < n; i++)
		e_rb(s, op, d + i, oreg(get_reg(s, LLVMGetOperand(in, 0), i)));
}

static void binop_lanes(struct isel *s, LLVMValueRef in, const char *op32,
			bool sign, bool ext)
{
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int w = bits_of(elem_of(t));
	int n = lanes_of(t), d = def_regs(s, in), i;
	char op[24];

	snprintf(op, sizeof(op), "%s%u", op32, w <= 32 ? 32 : 64);
	for (i = 0; i < n; i++) {
		LLVMValueRef a = LLVMGetOperand(in, 0), b = LLVMGetOperand(in, 1);

		if (ext)
			e_rab(s, op, d + i, ext_reg(s, a, i, w, sign),
			      ext_b(s, b, i, w, sign));
		else
			e_rab(s, op, d + i, get_reg(s, a, i),
			      get_b(s, b, i, 32));
	}
}

/* popc, clz, brev on w-bit lanes (w < 32 through the 32-bit op). */
static void bitop_lanes(struct isel *s, LLVMValueRef in, const char *name)
{
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int w = bits_of(elem_of(t)), ow = w <= 32 ? 32 : 64;
	int n = lanes_of(t), d = def_regs(s, in), i;
	char op[24];

	snprintf(op, sizeof(op), "%s.%u", name, ow);
	for (i = 0; i < n; i++) {
		int x = ext_reg(s, LLVMGetOperand(in, 0), i, w, false);

		if (!strcmp(name, "cttz")) {
			/* ctz(x) = clz(brev(x)); for w < 32 cap at w */
			int t2 = new_vreg(s, 1);

			snprintf(op, sizeof(op), "brev.%u", ow);
			e_rb(s, op, t2, oreg(x));
			snprintf(op, sizeof(op), "clz.%u", ow);
			e_rb(s, op, d + i, oreg(t2));
			if (w < ow)
				e_rab(s, "min.u32", d + i, d + i, oimm(w));
			continue;
		}
		e_rb(s, op, d + i, oreg(x));
		if (!strcmp(name, "clz") && w < ow)
			e_rab(s, "sub.32", d + i, d + i, oimm(ow - w));
		if (!strcmp(name, "brev") && w < ow)
			e_rab(s, "shr.32", d + i, d + i, oimm(ow - w));
	}
}

/* llvm.fshl/fshr: funnel shifts (rotate when both inputs are one). */
static void isel_funnel(struct isel *s, LLVMValueRef in, bool left)
{
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int w = bits_of(elem_of(t));
	int n = lanes_of(t), d = def_regs(s, in), i;
	char sh[16], shr[16];

	if (w < 64) {
		/* hi:lo in one 64-bit register, shifted, the w bits taken */
		for (i = 0; i < n; i++) {
			int hi = ext64(s, LLVMGetOperand(in, 0), i, w, false);
			int lo = ext64(s, LLVMGetOperand(in, 1), i, w, false);
			int amt = get_reg(s, LLVMGetOperand(in, 2), i);
			int cat = new_vreg(s, 1), m = new_vreg(s, 1);

			e_rab(s, "shl.64", cat, hi, oimm(w));
			e_rab(s, "or.64", cat, cat, oreg(lo));
			if (w & (w - 1)) {
				int z = ext64(s, LLVMGetOperand(in, 2), i, w, false);

				e_rab(s, "rem.u64", m, z, oimm(w));
			} else {
				e_rab(s, "and.32", m, amt, oimm(w - 1));
			}
			if (left) {
				e_rab(s, "shl.64", d + i, cat, oreg(m));
				e_rab(s, "shr.64", d + i, d + i, oimm(w));
			} else {
				e_rab(s, "shr.64", d + i, cat, oreg(m));
			}
		}
		return;
	}
	snprintf(sh, sizeof(sh), "shl.%u", w);
	snprintf(shr, sizeof(shr), "shr.%u", w);
	for (i = 0; i < n; i++) {
		int hi = get_reg(s, LLVMGetOperand(in, 0), i);
		int lo = get_reg(s, LLVMGetOperand(in, 1), i);
		int amt = get_reg(s, LLVMGetOperand(in, 2), i);
		int x = new_vreg(s, 1), y = new_vreg(s, 1), inv = new_vreg(s, 1);
		int m = new_vreg(s, 1);

		/* fshl: hi << k | lo >> (w - k), k = amt mod w; k = 0: hi */
		e_rab(s, "and.32", m, amt, oimm(w - 1));
		e_rab(s, "sub.32", inv, RZ, oreg(m));	/* (w - k) mod w */
		if (left) {
			e_rab(s, sh, x, hi, oreg(m));
			e_rab(s, shr, y, lo, oreg(inv));
		} else {
			e_rab(s, shr, x, lo, oreg(m));
			e_rab(s, sh, y, hi, oreg(inv));
		}
		e_setp(s, "eq", "u32", 0, m, oimm(0));
		e_rab(s, w == 32 ? "or.32" : "or.64", d + i, x, oreg(y));
		e_sel(s, "sel.64", d + i, left ? hi : lo, oreg(d + i), 0,
		      false);
	}
}

/* The alignment a call site promises for pointer argument i (1 if none). */
static unsigned int call_param_align(LLVMValueRef in, unsigned int i)
{
	unsigned int kind = LLVMGetEnumAttributeKindForName("align", 5);
	LLVMAttributeRef a = LLVMGetCallSiteEnumAttribute(in, i + 1, kind);
	uint64_t v = a ? LLVMGetEnumAttributeValue(a) : 1;

	return v > 8 ? 8 : (unsigned int)(v ? v : 1);
}

/*
 * memcpy/memmove/memset with a constant length: unrolled, widest aligned
 * units. A memmove loads everything before it stores when that fits in
 * 32 registers, else copies in the direction that is safe when both
 * addresses are offsets of one base, else is refused.
 */
static void isel_memop(struct isel *s, LLVMValueRef in, bool set, bool move)
{
	LLVMValueRef len = LLVMGetOperand(in, 2);
	uint64_t n, done = 0;
	int db, sb = RZ, val = RZ;
	int64_t doff, soff = 0;
	unsigned int unit;

	if (!LLVMIsAConstantInt(len)) {
		fail(s, "memcpy/memset of a variable length is not supported");
		return;
	}
	n = LLVMConstIntGetZExtValue(len);
	if (n > 4096) {
		fail(s, "memcpy/memset of more than 4096 bytes is not supported");
		return;
	}
	mem_addr(s, LLVMGetOperand(in, 0), &db, &doff);
	if (set) {
		int b = ext_reg(s, LLVMGetOperand(in, 1), 0, 8, false);

		if (b != RZ) {
			val = new_vreg(s, 1);
			e_rab(s, "mul.64", val, b, oimm(0x01010101));
			e_rab(s, "movhi", val, val, oreg(val));
		}
	} else {
		mem_addr(s, LLVMGetOperand(in, 1), &sb, &soff);
	}
	/* the parameter alignments are not in the C API: use the offsets */
	unit = 8;
	while (unit > 1 && ((doff | (set ? 0 : soff)) & (unit - 1)))
		unit >>= 1;
	if (call_param_align(in, 0) < unit)
		unit = call_param_align(in, 0);
	if (!set && call_param_align(in, 1) < unit)
		unit = call_param_align(in, 1);
	if (move && n > 32 * (uint64_t)unit && !(sb == db && doff <= soff)) {
		if (sb != db) {
			fail(s, "memmove of more than %u bytes between addresses not known to be apart is not supported",
			     32 * unit);
			return;
		}
		/* the destination above the source: copy from the end */
		while (done < n) {
			struct minst *mi;
			int r = new_vreg(s, 1);
			uint64_t at = n - done - unit;

			mi = emit(s, ld_op(unit), MF_LD);
			mi->d = r;
			mi->a = sb;
			mi->bimm = true;
			mi->imm = soff + (int64_t)at;
			mi = emit(s, st_op(unit), MF_ST);
			mi->a = db;
			mi->bimm = true;
			mi->imm = doff + (int64_t)at;
			mi->c = r;
			done += unit;
		}
		return;
	}
	if (move) {
		int *regs = calloc(n / unit + 1, sizeof(int)), k = 0;

		/* n is a multiple of unit here: unit divides both offsets */
		for (done = 0; done + unit <= n; done += unit) {
			struct minst *mi = emit(s, ld_op(unit), MF_LD);

			regs[k] = new_vreg(s, 1);
			mi->d = regs[k++];
			mi->a = sb;
			mi->bimm = true;
			mi->imm = soff + (int64_t)done;
		}
		for (k = 0, done = 0; done + unit <= n; done += unit) {
			struct minst *mi = emit(s, st_op(unit), MF_ST);

			mi->a = db;
			mi->bimm = true;
			mi->imm = doff + (int64_t)done;
			mi->c = regs[k++];
		}
		free(regs);
		if (done == n)
			return;
		/* a tail of smaller units: after the rest, it does not overlap */
	}
	while (done < n) {
		struct minst *mi;
		int r;

		while (unit > n - done)
			unit >>= 1;
		if (set) {
			r = val;
		} else {
			r = new_vreg(s, 1);
			mi = emit(s, ld_op(unit), MF_LD);
			mi->d = r;
			mi->a = sb;
			mi->bimm = true;
			mi->imm = soff + (int64_t)done;
		}
		mi = emit(s, st_op(unit), MF_ST);
		mi->a = db;
		mi->bimm = true;
		mi->imm = doff + (int64_t)done;
		mi->c = r;
		done += unit;
	}
}

/* llvm.vector.reduce.<op>: a chain over the lanes of the integer vector */
static void isel_reduce(struct isel *s, LLVMValueRef in, const char *what)
{
	static const struct { const char *name, *op; bool ext, sign; } ops[] = {
		{ "add", "add.", false, false }, { "mul", "mul.", false, false },
		{ "and", "and.", false, false }, { "or", "or.", false, false },
		{ "xor", "xor.", false, false },
		{ "smin", "min.s", true, true }, { "smax", "max.s", true, true },
		{ "umin", "min.u", true, false }, { "umax", "max.u", true, false },
	};
	LLVMValueRef v = LLVMGetOperand(in, 0);
	unsigned int w = bits_of(elem_of(LLVMTypeOf(v))), i, k;
	int n = lanes_of(LLVMTypeOf(v)), d, l;
	char op[24];

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(what, ops[i].name, strlen(ops[i].name)) &&
		    what[strlen(ops[i].name)] == '.')
			break;
	if (i == sizeof(ops) / sizeof(ops[0]) || !w || is_float(LLVMTypeOf(v))) {
		fail(s, "unsupported operation 'llvm.vector.reduce.%s'", what);
		return;
	}
	k = w <= 32 ? 32 : 64;
	snprintf(op, sizeof(op), "%s%u", ops[i].op, k);
	d = def_regs(s, in);
	e_mov(s, d, ops[i].ext ? ext_reg(s, v, 0, w, ops[i].sign) :
				 get_reg(s, v, 0));
	for (l = 1; l < n; l++)
		e_rab(s, op, d, d, ops[i].ext ? ext_b(s, v, l, w, ops[i].sign) :
						oreg(get_reg(s, v, l)));
}

/*
 * llvm.{s,u}{add,sub,mul}.with.overflow: {result, overflow} in two
 * registers; extractvalue picks one.
 */
static void isel_overflow(struct isel *s, LLVMValueRef in, const char *what)
{
	LLVMValueRef a = LLVMGetOperand(in, 0), b = LLVMGetOperand(in, 1);
	unsigned int w = bits_of(LLVMTypeOf(a));
	bool sign = what[0] == 's';
	char op = what[1];	/* a, s, m */
	int d = def_regs(s, in), x, y, t = new_vreg(s, 1), u = new_vreg(s, 1);

	if (LLVMGetTypeKind(LLVMTypeOf(a)) == LLVMVectorTypeKind) {
		fail(s, "vector overflow intrinsics are not supported");
		return;
	}
	x = ext64(s, a, 0, w, sign);
	y = ext64(s, b, 0, w, sign);
	if (w < 64) {
		/* exact in 64 bits; overflow if it does not fit in w bits */
		e_rab(s, op == 'a' ? "add.64" : op == 's' ? "sub.64" : "mul.64",
		      t, x, oreg(y));
		e_mov(s, d, t);
		e_rab(s, "shl.64", u, t, oimm(64 - w));
		e_rab(s, sign ? "sar.64" : "shr.64", u, u, oimm(64 - w));
		e_setp(s, "ne", "u64", 0, u, oreg(t));
		e_sel(s, "sel.32", d + 1, RZ, oimm(1), 0, true);
		return;
	}
	switch (op) {
	case 'a':
		e_rab(s, "add.64", d, x, oreg(y));
		if (sign) {
			/* the sign of (a ^ r) & (b ^ r) */
			e_rab(s, "xor.64", t, x, oreg(d));
			e_rab(s, "xor.64", u, y, oreg(d));
			e_rab(s, "and.64", t, t, oreg(u));
			e_setp(s, "lt", "s64", 0, t, oimm(0));
		} else {
			e_setp(s, "lt", "u64", 0, d, oreg(x));
		}
		break;
	case 's':
		e_rab(s, "sub.64", d, x, oreg(y));
		if (sign) {
			e_rab(s, "xor.64", t, x, oreg(y));
			e_rab(s, "xor.64", u, x, oreg(d));
			e_rab(s, "and.64", t, t, oreg(u));
			e_setp(s, "lt", "s64", 0, t, oimm(0));
		} else {
			e_setp(s, "lt", "u64", 0, x, oreg(y));
		}
		break;
	default:
		e_rab(s, "mul.64", d, x, oreg(y));
		if (sign) {
			e_rab(s, "mulhi.s64", t, x, oreg(y));
			e_rab(s, "sar.64", u, d, oimm(63));
			e_setp(s, "ne", "u64", 0, t, oreg(u));
		} else {
			e_rab(s, "mulhi.u64", t, x, oreg(y));
			e_setp(s, "ne", "u64", 0, t, oimm(0));
		}
		break;
	}
	e_sel(s, "sel.32", d + 1, RZ, oimm(1), 0, true);
}

/* llvm.{u,s}{add,sub}.sat */
static void isel_sat(struct isel *s, LLVMValueRef in, const char *what)
{
	LLVMTypeRef ty = LLVMTypeOf(in);
	unsigned int w = bits_of(elem_of(ty));
	bool sign = what[0] == 's', add = what[1] == 'a';
	int n = lanes_of(ty), d = def_regs(s, in), l;
	uint64_t umax = w == 64 ? ~0ull : (1ull << w) - 1;
	int64_t smax = (int64_t)(umax >> 1), smin = -smax - 1;

	for (l = 0; l < n; l++) {
		int x = ext64(s, LLVMGetOperand(in, 0), l, w, sign);
		int y = ext64(s, LLVMGetOperand(in, 1), l, w, sign);
		int t = new_vreg(s, 1), k = new_vreg(s, 1), bound;

		if (!sign && !add) {
			/* max(a, b) - b */
			e_rab(s, "max.u64", t, x, oreg(y));
			e_rab(s, "sub.64", d + l, t, oreg(y));
			continue;
		}
		if (w < 64) {
			/* exact in 64 bits, then clamped */
			e_rab(s, add ? "add.64" : "sub.64", t, x, oreg(y));
			e_li(s, k, sign ? (uint64_t)smax : umax);
			e_rab(s, sign ? "min.s64" : "min.u64", t, t, oreg(k));
			if (sign) {
				e_li(s, k, (uint64_t)smin);
				e_rab(s, "max.s64", t, t, oreg(k));
			}
			e_mov(s, d + l, t);
			continue;
		}
		e_rab(s, add ? "add.64" : "sub.64", d + l, x, oreg(y));
		if (!sign) {
			/* unsigned add wrapped iff r < a */
			e_setp(s, "lt", "u64", 0, d + l, oreg(x));
			e_li(s, k, ~0ull);
			e_sel(s, "sel.64", d + l, k, oreg(d + l), 0, false);
			continue;
		}
		/* signed: overflow as in isel_overflow; the bound by a's sign */
		if (add)
			e_rab(s, "xor.64", t, y, oreg(d + l));
		else
			e_rab(s, "xor.64", t, x, oreg(y));
		e_rab(s, "xor.64", k, x, oreg(d + l));
		e_rab(s, "and.64", t, t, oreg(k));
		e_rab(s, "sar.64", k, x, oimm(63));
		bound = new_vreg(s, 1);
		e_li(s, bound, (uint64_t)smax);
		e_rab(s, "xor.64", k, k, oreg(bound));	/* a < 0 ? min : max */
		e_setp(s, "lt", "s64", 0, t, oimm(0));
		e_sel(s, "sel.64", d + l, k, oreg(d + l), 0, false);
	}
}

/* llvm.bswap: each byte shifted to its mirrored place */
static void isel_bswap(struct isel *s, LLVMValueRef in)
{
	LLVMTypeRef t = LLVMTypeOf(in);
	unsigned int w = bits_of(elem_of(t)), k;
	int n = lanes_of(t), d = def_regs(s, in), l;

	if (w % 16) {
		fail(s, "byte swaps of %u-bit values are not supported", w);
		return;
	}
	for (l = 0; l < n; l++) {
		int x = get_reg(s, LLVMGetOperand(in, 0), l);

		e_mov(s, d + l, RZ);
		for (k = 0; k < w / 8; k++) {
			int b = new_vreg(s, 1);

			e_rab(s, "shr.64", b, x, oimm(8 * k));
			e_rb(s, "zext8.64", b, oreg(b));
			e_rab(s, "shl.64", b, b, oimm(w - 8 - 8 * k));
			e_rab(s, "or.64", d + l, d + l, oreg(b));
		}
	}
}

static bool intrinsic_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '.' || !name[n]);
}

static void isel_intrinsic(struct isel *s, LLVMValueRef in, const char *name)
{
	static const struct { const char *name, *op; } f1[] = {
		{ "llvm.sqrt", "sqrt.f32" }, { "llvm.fabs", "abs.f32" },
		{ "llvm.floor", "frnd.rm.f32" }, { "llvm.ceil", "frnd.rp.f32" },
		{ "llvm.trunc", "frnd.rz.f32" }, { "llvm.rint", "frnd.rn.f32" },
		{ "llvm.nearbyint", "frnd.rn.f32" },
		{ "llvm.roundeven", "frnd.rn.f32" },
	};
	unsigned int i;

	if (intrinsic_is(name, "llvm.lifetime.start") ||
	    intrinsic_is(name, "llvm.lifetime.end") ||
	    !strncmp(name, "llvm.dbg.", 9) || intrinsic_is(name, "llvm.assume") ||
	    intrinsic_is(name, "llvm.experimental.noalias.scope.decl"))
		return;
	for (i = 0; i < sizeof(f1) / sizeof(f1[0]); i++) {
		if (intrinsic_is(name, f1[i].name)) {
			if (!is_float(LLVMTypeOf(in)))
				break;
			unop_f32(s, in, f1[i].op);
			return;
		}
	}
	if ((intrinsic_is(name, "llvm.fma") ||
	     intrinsic_is(name, "llvm.fmuladd")) && is_float(LLVMTypeOf(in))) {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;

		for (l = 0; l < n; l++) {
			int a = get_reg(s, LLVMGetOperand(in, 0), l);
			struct opnd b = get_b(s, LLVMGetOperand(in, 1), l, 32);
			int c = get_reg(s, LLVMGetOperand(in, 2), l);
			struct minst *mi = emit(s, "fma.f32", MF_FMA);

			mi->d = d + l;
			mi->a = a;
			set_b(mi, b);
			mi->f32imm = true;
			mi->c = c;
		}
		return;
	}
	if (intrinsic_is(name, "llvm.minnum") || intrinsic_is(name, "llvm.maxnum")) {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;

		for (l = 0; l < n; l++)
			e_rab(s, name[6] == 'i' ? "min.f32" : "max.f32", d + l,
			      get_reg(s, LLVMGetOperand(in, 0), l),
			      get_b(s, LLVMGetOperand(in, 1), l, 32));
		return;
	}
	if (intrinsic_is(name, "llvm.copysign")) {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;

		for (l = 0; l < n; l++) {
			int m = new_vreg(s, 1), g = new_vreg(s, 1);

			e_rab(s, "and.32", m, get_reg(s, LLVMGetOperand(in, 0), l),
			      oimm(0x7fffffff));
			e_rab(s, "and.32", g, get_reg(s, LLVMGetOperand(in, 1), l),
			      oimm((int32_t)0x80000000));
			e_rab(s, "or.32", d + l, m, oreg(g));
		}
		return;
	}
	if (intrinsic_is(name, "llvm.smin")) {
		binop_lanes(s, in, "min.s", true, true);
		return;
	}
	if (intrinsic_is(name, "llvm.smax")) {
		binop_lanes(s, in, "max.s", true, true);
		return;
	}
	if (intrinsic_is(name, "llvm.umin")) {
		binop_lanes(s, in, "min.u", false, true);
		return;
	}
	if (intrinsic_is(name, "llvm.umax")) {
		binop_lanes(s, in, "max.u", false, true);
		return;
	}
	if (intrinsic_is(name, "llvm.abs")) {
		LLVMTypeRef t = LLVMTypeOf(in);
		unsigned int w = bits_of(elem_of(t));
		int n = lanes_of(t), d = def_regs(s, in), l;
		const char *sub = w <= 32 ? "sub.32" : "sub.64";
		const char *mx = w <= 32 ? "max.s32" : "max.s64";

		for (l = 0; l < n; l++) {
			int x = ext_reg(s, LLVMGetOperand(in, 0), l, w, true);
			int neg = new_vreg(s, 1);

			e_rab(s, sub, neg, RZ, oreg(x));
			e_rab(s, mx, d + l, x, oreg(neg));
		}
		return;
	}
	if (intrinsic_is(name, "llvm.ctpop")) {
		bitop_lanes(s, in, "popc");
		return;
	}
	if (intrinsic_is(name, "llvm.ctlz")) {
		bitop_lanes(s, in, "clz");
		return;
	}
	if (intrinsic_is(name, "llvm.cttz")) {
		bitop_lanes(s, in, "cttz");
		return;
	}
	if (intrinsic_is(name, "llvm.bitreverse")) {
		bitop_lanes(s, in, "brev");
		return;
	}
	if (intrinsic_is(name, "llvm.fshl") || intrinsic_is(name, "llvm.fshr")) {
		isel_funnel(s, in, name[8] == 'l');
		return;
	}
	if (intrinsic_is(name, "llvm.memcpy")) {
		isel_memop(s, in, false, false);
		return;
	}
	if (intrinsic_is(name, "llvm.memmove")) {
		isel_memop(s, in, false, true);
		return;
	}
	if (intrinsic_is(name, "llvm.memset")) {
		isel_memop(s, in, true, false);
		return;
	}
	if (intrinsic_is(name, "llvm.bswap")) {
		isel_bswap(s, in);
		return;
	}
	if (intrinsic_is(name, "llvm.trap") || intrinsic_is(name, "llvm.debugtrap")) {
		struct minst *mi = emit(s, "trap", MF_TRAP);

		mi->bimm = true;
		mi->imm = GPSVM_CLC_TRAP_BUILTIN;
		return;
	}
	if (strstr(name, ".with.overflow.") && name[5] && name[6]) {
		isel_overflow(s, in, name + 5);
		return;
	}
	if (intrinsic_is(name, "llvm.uadd.sat") || intrinsic_is(name, "llvm.usub.sat") ||
	    intrinsic_is(name, "llvm.sadd.sat") || intrinsic_is(name, "llvm.ssub.sat")) {
		isel_sat(s, in, name + 5);
		return;
	}
	if (!strncmp(name, "llvm.vector.reduce.", 19)) {
		isel_reduce(s, in, name + 19);
		return;
	}
	if (intrinsic_is(name, "llvm.expect")) {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;

		for (l = 0; l < n; l++)
			e_mov(s, d + l, get_reg(s, LLVMGetOperand(in, 0), l));
		return;
	}
	fail(s, "unsupported operation '%s'", name);
}

static void isel_call(struct isel *s, LLVMValueRef in)
{
	LLVMValueRef callee = LLVMGetCalledValue(in);
	const char *name;
	size_t len;

	if (!LLVMIsAFunction(callee)) {
		fail(s, "indirect calls are not supported");
		return;
	}
	name = LLVMGetValueName2(callee, &len);
	if (!strncmp(name, "llvm.", 5)) {
		isel_intrinsic(s, in, name);
		return;
	}
	if (!strncmp(name, "__gpsvm_", 8) && isel_gpsvm_call(s, in, name + 8))
		return;
	if (LLVMIsDeclaration(callee))
		fail(s, "call to undefined function '%s'",
		     clc_demangle_name(name));
	else
		fail(s, "call to '%s' was not inlined (recursion?)",
		     clc_demangle_name(name));
}

/* ---- control flow ---- */

static int block_index(struct isel *s, LLVMBasicBlockRef bb)
{
	int i;

	for (i = 0; i < s->mf->nblocks; i++)
		if (s->bbs[i] == bb)
			return i;
	return -1;
}

static bool is_phi(LLVMValueRef in)
{
	return in && LLVMGetInstructionOpcode(in) == LLVMPHI;
}

/*
 * The parallel copy phis(S) := incoming values from the current block:
 * read every source into a temporary before writing any phi register.
 */
static void phi_copies(struct isel *s, LLVMBasicBlockRef succ)
{
	LLVMBasicBlockRef me = s->bbs[s->cur];
	LLVMValueRef in;
	int ntmp = 0, cap = 0, *tmp = NULL, *dst = NULL, *src = NULL;
	int t, u;
	bool overlap = false;

	if (s->npred[block_index(s, succ)] == 1)
		return;		/* isel_single_pred_phis */
	for (in = LLVMGetFirstInstruction(succ); is_phi(in);
	     in = LLVMGetNextInstruction(in)) {
		unsigned int k, nin = LLVMCountIncoming(in);
		int n = lanes_of(LLVMTypeOf(in)), l;
		int d = def_regs(s, in);

		for (k = 0; k < nin; k++) {
			LLVMValueRef v;

			if (LLVMGetIncomingBlock(in, k) != me)
				continue;
			v = LLVMGetIncomingValue(in, k);
			for (l = 0; l < n; l++) {
				if (ntmp == cap) {
					cap = cap ? 2 * cap : 64;
					tmp = realloc(tmp, cap * sizeof(int));
					dst = realloc(dst, cap * sizeof(int));
					src = realloc(src, cap * sizeof(int));
				}
				src[ntmp] = get_reg(s, v, l);
				dst[ntmp++] = d + l;
			}
			break;
		}
	}
	/* through temporaries only if a source is also a destination */
	for (t = 0; t < ntmp; t++)
		for (u = 0; u < ntmp; u++)
			overlap |= src[t] == dst[u] && t != u;
	for (t = 0; t < ntmp; t++) {
		tmp[t] = src[t];
		if (overlap) {
			tmp[t] = new_vreg(s, 1);
			e_mov(s, tmp[t], src[t]);
		}
	}
	for (t = 0; t < ntmp; t++)
		e_mov(s, dst[t], tmp[t]);
	free(tmp);
	free(dst);
	free(src);
}

static void e_bra(struct isel *s, int target, int p, bool neg)
{
	struct minst *mi = emit(s, "bra", MF_BRA);

	mi->target = target;
	mi->bimm = true;
	if (p >= 0) {
		mi->gp = p;
		mi->gn = neg;
	}
	s->mf->blocks[s->cur].succ[s->mf->blocks[s->cur].nsucc++] = target;
}

static void isel_br(struct isel *s, LLVMValueRef in)
{
	unsigned int i;

	if (!LLVMIsConditional(in)) {
		LLVMBasicBlockRef t = LLVMGetSuccessor(in, 0);

		phi_copies(s, t);
		e_bra(s, block_index(s, t), -1, false);
		return;
	}
	for (i = 0; i < 2; i++) {
		LLVMBasicBlockRef t = LLVMGetSuccessor(in, i);

		if (is_phi(LLVMGetFirstInstruction(t)) &&
		    s->npred[block_index(s, t)] > 1)
			fail(s, "internal: critical edge to a block with phis");
	}
	bool_to_pred(s, LLVMGetCondition(in), 0, 0);
	e_bra(s, block_index(s, LLVMGetSuccessor(in, 0)), 0, false);
	e_bra(s, block_index(s, LLVMGetSuccessor(in, 1)), -1, false);
}

/* Phis of a block with one predecessor: copies at its top. */
static void isel_single_pred_phis(struct isel *s, LLVMBasicBlockRef bb)
{
	LLVMValueRef in = LLVMGetFirstInstruction(bb);

	for (; is_phi(in); in = LLVMGetNextInstruction(in)) {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;
		unsigned int k = 0;

		/* the incoming value of the one reachable predecessor */
		while (k + 1 < LLVMCountIncoming(in) &&
		       block_index(s, LLVMGetIncomingBlock(in, k)) < 0)
			k++;
		for (l = 0; l < n; l++)
			e_mov(s, d + l, get_reg(s, LLVMGetIncomingValue(in, k), l));
	}
}

static void isel_inst(struct isel *s, LLVMValueRef in)
{
	LLVMOpcode op = LLVMGetInstructionOpcode(in);
	unsigned int line = LLVMGetDebugLocLine(in);

	if (line)
		s->line = line;
	switch (op) {
	case LLVMPHI:
		return;		/* phi_copies / isel_single_pred_phis */
	case LLVMRet:
		emit(s, "exit", MF_NONE);
		return;
	case LLVMBr:
		isel_br(s, in);
		return;
	case LLVMUnreachable: {
		struct minst *mi = emit(s, "trap", MF_TRAP);

		mi->bimm = true;
		mi->imm = GPSVM_CLC_TRAP_UNREACHABLE;
		return;
	}
	case LLVMAdd: case LLVMSub: case LLVMMul: case LLVMUDiv:
	case LLVMSDiv: case LLVMURem: case LLVMSRem: case LLVMShl:
	case LLVMLShr: case LLVMAShr: case LLVMAnd: case LLVMOr: case LLVMXor:
	case LLVMFAdd: case LLVMFSub: case LLVMFMul: case LLVMFDiv:
		isel_binop(s, in, op);
		return;
	case LLVMFNeg:
		if (type_ok(s, LLVMTypeOf(in)))
			unop_f32(s, in, "neg.f32");
		return;
	case LLVMFRem:
		fail(s, "float remainder is not supported (use fmod)");
		return;
	case LLVMTrunc: case LLVMZExt: case LLVMSExt: case LLVMFPToUI:
	case LLVMFPToSI: case LLVMUIToFP: case LLVMSIToFP: case LLVMPtrToInt:
	case LLVMIntToPtr: case LLVMBitCast: case LLVMAddrSpaceCast:
		isel_cast(s, in, op);
		return;
	case LLVMFPTrunc: case LLVMFPExt:
		fail(s, "'double' and 'half' conversions are not supported");
		return;
	case LLVMICmp: case LLVMFCmp:
		isel_cmp(s, in);
		return;
	case LLVMSelect:
		isel_select(s, in);
		return;
	case LLVMFreeze: {
		int n = lanes_of(LLVMTypeOf(in)), d = def_regs(s, in), l;

		for (l = 0; l < n; l++)
			e_mov(s, d + l, get_reg(s, LLVMGetOperand(in, 0), l));
		return;
	}
	case LLVMAlloca:
		isel_alloca(s, in);
		return;
	case LLVMLoad:
		if (LLVMGetOrdering(in) != LLVMAtomicOrderingNotAtomic) {
			fail(s, "atomic load instructions are not supported");
			return;
		}
		isel_load(s, in);
		return;
	case LLVMStore:
		if (LLVMGetOrdering(in) != LLVMAtomicOrderingNotAtomic) {
			fail(s, "atomic store instructions are not supported");
			return;
		}
		isel_store(s, in);
		return;
	case LLVMGetElementPtr:
		isel_gep(s, in);
		return;
	case LLVMExtractElement:
		isel_extractelement(s, in);
		return;
	case LLVMInsertElement:
		isel_insertelement(s, in);
		return;
	case LLVMExtractValue: {
		LLVMValueRef agg = LLVMGetOperand(in, 0);

		if (LLVMGetNumIndices(in) != 1 ||
		    LLVMGetTypeKind(LLVMTypeOf(agg)) != LLVMStructTypeKind) {
			fail(s, "aggregate values are not supported");
			return;
		}
		e_mov(s, def_regs(s, in),
		      get_reg(s, agg, (int)LLVMGetIndices(in)[0]));
		return;
	}
	case LLVMShuffleVector:
		isel_shufflevector(s, in);
		return;
	case LLVMCall:
		isel_call(s, in);
		return;
	default: {
		char *str = LLVMPrintValueToString(in);

		fail(s, "unsupported instruction '%s'", str);
		LLVMDisposeMessage(str);
		return;
	}
	}
}

/* ---- kernel arguments ---- */

/*
 * Load lane values of argument p from the argument block at off. Values
 * narrower than 4 bytes share a 4-byte word with their neighbours.
 */
static void load_arg(struct isel *s, LLVMValueRef p, uint32_t off)
{
	LLVMTypeRef t = LLVMTypeOf(p), e = elem_of(t);
	int n = lanes_of(t), d = def_regs(s, p), l;
	unsigned int eb = (unsigned int)LLVMABISizeOfType(s->td, e);

	for (l = 0; l < n; l++) {
		uint32_t o = off + l * eb;
		struct minst *mi;

		mi = emit(s, eb == 8 ? "ldarg.64" : "ldarg.u32", MF_LD);
		mi->d = d + l;
		mi->a = RZ;
		mi->bimm = true;
		mi->imm = o & ~3u;
		if (eb < 4 && (o & 3))
			e_rab(s, "shr.32", d + l, d + l, oimm(8 * (o & 3)));
	}
}

/* A struct by value: copied to private memory, the parameter its address. */
static void load_byval(struct isel *s, LLVMValueRef p, LLVMTypeRef t,
		       uint32_t off, uint32_t size)
{
	struct vinfo *vi;
	uint32_t align = LLVMABIAlignmentOfType(s->td, t), i;

	if (align < 8)
		align = 8;
	s->mf->frame = (s->mf->frame + align - 1) & ~(align - 1);
	for (i = 0; i < size; i += 8) {
		int r = new_vreg(s, 1);
		struct minst *mi = emit(s, "ldarg.64", MF_LD);

		mi->d = r;
		mi->a = RZ;
		mi->bimm = true;
		mi->imm = off + i;
		mi = emit(s, "st.64", MF_ST);
		mi->a = RZ;
		mi->bimm = true;
		mi->imm = PRIV_BASE + s->mf->frame + i;
		mi->c = r;
	}
	vi = map_add(s, p);
	vi->kind = VK_ADDR;
	vi->reg = RZ;
	vi->off = PRIV_BASE + s->mf->frame;
	s->mf->frame += size;
}

static void isel_args(struct isel *s, const struct gpsvm_clc_kernel *k)
{
	unsigned int i;
	unsigned int byval = LLVMGetEnumAttributeKindForName("byval", 5);

	for (i = 0; i < k->nargs; i++) {
		LLVMValueRef p = LLVMGetParam(s->fn, i);
		const struct gpsvm_clc_arg *a = &k->args[i];

		if (a->kind == GPSVM_CLC_ARG_STRUCT) {
			LLVMAttributeRef at = LLVMGetEnumAttributeAtIndex(s->fn,
								i + 1, byval);

			load_byval(s, p, LLVMGetTypeAttributeValue(at),
				   a->offset, (a->size + 7) & ~7u);
			continue;
		}
		if (!LLVMGetFirstUse(p))
			continue;
		if (!type_ok(s, LLVMTypeOf(p)))
			return;
		load_arg(s, p, a->offset);
	}
}

/* ---- driver ---- */

static void rpo_visit(LLVMBasicBlockRef bb, LLVMBasicBlockRef *all, int n,
		      bool *seen, LLVMBasicBlockRef *out, int *nout)
{
	LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
	unsigned int i, ns = term ? LLVMGetNumSuccessors(term) : 0;
	int k;

	for (k = 0; k < n; k++)
		if (all[k] == bb)
			break;
	if (seen[k])
		return;
	seen[k] = true;
	for (i = ns; i-- > 0;)
		rpo_visit(LLVMGetSuccessor(term, i), all, n, seen, out, nout);
	out[(*nout)++] = bb;
}

int clc_isel_function(struct clc_isel_module *ms, LLVMValueRef fn,
		      const struct gpsvm_clc_kernel *k, struct mfunc *mf)
{
	struct isel s = {
		.mod = ms->mod, .td = ms->td, .fn = fn, .mf = mf,
		.log = ms->log, .mstate = ms,
	};
	int nbb = (int)LLVMCountBasicBlocks(fn), nrpo = 0, i, j;
	LLVMBasicBlockRef *all = calloc(nbb, sizeof(*all));
	LLVMBasicBlockRef *rpo = calloc(nbb, sizeof(*rpo));
	bool *seen = calloc(nbb, sizeof(*seen));
	LLVMBasicBlockRef bb;

	i = 0;
	for (bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		all[i++] = bb;
	rpo_visit(all[0], all, nbb, seen, rpo, &nrpo);
	/* layout: LLVM's order, reachable blocks only */
	s.bbs = calloc(nrpo, sizeof(*s.bbs));
	mf->blocks = calloc(nrpo, sizeof(*mf->blocks));
	mf->nblocks = 0;
	for (i = 0; i < nbb; i++) {
		for (j = 0; j < nrpo; j++)
			if (rpo[j] == all[i])
				break;
		if (j < nrpo)
			s.bbs[mf->nblocks++] = all[i];
	}
	s.npred = calloc(mf->nblocks, sizeof(*s.npred));
	for (i = 0; i < mf->nblocks; i++) {
		LLVMValueRef t = LLVMGetBasicBlockTerminator(s.bbs[i]);
		unsigned int k;

		for (k = 0; t && k < LLVMGetNumSuccessors(t); k++)
			s.npred[block_index(&s, LLVMGetSuccessor(t, k))]++;
	}
	/* phi registers exist before any predecessor copies into them */
	for (i = 0; i < mf->nblocks; i++) {
		LLVMValueRef in = LLVMGetFirstInstruction(s.bbs[i]);

		for (; is_phi(in); in = LLVMGetNextInstruction(in))
			def_regs(&s, in);
	}
	for (j = nrpo; j-- > 0 && !s.failed;) {
		LLVMValueRef in;

		s.cur = block_index(&s, rpo[j]);
		s.nscaled = 0;
		s.data_reg = NO_REG;
		if (s.cur == 0)
			isel_args(&s, k);
		if (s.npred[s.cur] == 1)
			isel_single_pred_phis(&s, rpo[j]);
		for (in = LLVMGetFirstInstruction(rpo[j]); in && !s.failed;
		     in = LLVMGetNextInstruction(in))
			isel_inst(&s, in);
	}
	free(all);
	free(rpo);
	free(seen);
	free(s.bbs);
	free(s.npred);
	free(s.map);
	return s.failed ? -EINVAL : 0;
}
