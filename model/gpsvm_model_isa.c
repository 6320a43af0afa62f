// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm model: interpreter of the compute engine ISA v2. Each call of
 * gpsvm_isa_step() runs one instruction of one thread as
 * firmware-notes/isa.md section 3 defines (fetch, decode, guard, execute);
 * gpsvm_isa_run_block() schedules the threads of one block round-robin.
 *
 * An instruction that fails the launch or stalls on a translation fault
 * changes nothing: all checks happen before the first register or memory
 * write, and each instruction writes memory at most once, last.
 */

#include "gpsvm_model_isa.h"
#include "gpsvm_model_softfloat.h"

/* Instructions one thread runs before gpsvm_isa_run_block() moves on. */
#define GPSVM_ISA_QUANTUM	64

static u64 isa_reg(const struct gpsvm_isa_thread *t, u32 r)
{
	return r == GPSVM_ISA_RZ ? 0 : t->r[r];
}

static void isa_set_reg(struct gpsvm_isa_thread *t, u32 r, u64 v)
{
	if (r != GPSVM_ISA_RZ)
		t->r[r] = v;
}

static u32 isa_pred(const struct gpsvm_isa_thread *t, u32 p)
{
	return p == GPSVM_ISA_PT ? 1 : (t->p >> p) & 1;
}

static void isa_set_pred(struct gpsvm_isa_thread *t, u32 p, u32 v)
{
	if (p != GPSVM_ISA_PT)
		t->p = (t->p & ~(1U << p)) | (v << p);
}

static int isa_fail(struct gpsvm_isa_thread *t, u32 err, u64 info)
{
	t->err = err;
	t->err_info = info;
	t->state = GPSVM_ISA_THREAD_FAILED;
	return GPSVM_ISA_STEP_ERROR;
}

/* Bits 127:64 of the product of unsigned a and b. */
static u64 isa_mulhi_u64(u64 a, u64 b)
{
	u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
	u64 lh = al * bh, hl = ah * bl;
	u64 mid = ((al * bl) >> 32) + (u32)lh + (u32)hl;

	return ah * bh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* Bits 127:64 of the product of signed a and b. */
static u64 isa_mulhi_s64(u64 a, u64 b)
{
	u64 hi = isa_mulhi_u64(a, b);

	if ((s64)a < 0)
		hi -= b;
	if ((s64)b < 0)
		hi -= a;
	return hi;
}

/* x's low @w bits (32 or 64), sign-extended. */
static s64 isa_sext(u64 x, unsigned int w)
{
	return w == 32 ? (s32)(u32)x : (s64)x;
}

/* @x's low @w bits in reverse order. */
static u64 isa_brev(u64 x, unsigned int w)
{
	u64 r = 0;
	unsigned int i;

	for (i = 0; i < w; i++)
		r |= ((x >> i) & 1) << (w - 1 - i);
	return r;
}

/*
 * Integer ALU op @n (opcode - GPSVM_OP_INT32_BASE or INT64_BASE) of width
 * @w on a and b; @s is SEL's predicate. Returns zext_w(result).
 */
static u64 isa_int_op(u32 n, unsigned int w, u64 a, u64 b, u32 s)
{
	u64 mask = w == 32 ? U32_MAX : U64_MAX;
	u64 smin = 1ULL << (w - 1);
	s64 sa, sb;
	u64 r;

	a &= mask;
	b &= mask;
	sa = isa_sext(a, w);
	sb = isa_sext(b, w);
	switch (n + GPSVM_OP_INT32_BASE) {
	case GPSVM_OP_ADD_32:
		r = a + b;
		break;
	case GPSVM_OP_SUB_32:
		r = a - b;
		break;
	case GPSVM_OP_MUL_32:
		r = a * b;
		break;
	case GPSVM_OP_MULHI_S32:
		r = w == 32 ? (u64)(sa * sb) >> 32 : isa_mulhi_s64(a, b);
		break;
	case GPSVM_OP_MULHI_U32:
		r = w == 32 ? (a * b) >> 32 : isa_mulhi_u64(a, b);
		break;
	case GPSVM_OP_DIV_S32:
		if (!b)
			r = mask;
		else if (a == smin && sb == -1)
			r = smin;
		else
			r = (u64)(sa / sb);
		break;
	case GPSVM_OP_DIV_U32:
		r = b ? a / b : mask;
		break;
	case GPSVM_OP_REM_S32:
		if (!b)
			r = a;
		else if (a == smin && sb == -1)
			r = 0;
		else
			r = (u64)(sa % sb);
		break;
	case GPSVM_OP_REM_U32:
		r = b ? a % b : a;
		break;
	case GPSVM_OP_AND_32:
		r = a & b;
		break;
	case GPSVM_OP_OR_32:
		r = a | b;
		break;
	case GPSVM_OP_XOR_32:
		r = a ^ b;
		break;
	case GPSVM_OP_NOT_32:
		r = ~b;
		break;
	case GPSVM_OP_SHL_32:
		r = a << (b & (w - 1));
		break;
	case GPSVM_OP_SHR_32:
		r = a >> (b & (w - 1));
		break;
	case GPSVM_OP_SAR_32:
		r = (u64)(sa >> (b & (w - 1)));
		break;
	case GPSVM_OP_MIN_S32:
		r = sa < sb ? a : b;
		break;
	case GPSVM_OP_MIN_U32:
		r = a < b ? a : b;
		break;
	case GPSVM_OP_MAX_S32:
		r = sa > sb ? a : b;
		break;
	case GPSVM_OP_MAX_U32:
		r = a > b ? a : b;
		break;
	case GPSVM_OP_SEL_32:
		r = s ? a : b;
		break;
	case GPSVM_OP_SEXT8_32:
		r = (u64)(s64)(s8)b;
		break;
	case GPSVM_OP_SEXT16_32:
		r = (u64)(s64)(s16)b;
		break;
	case GPSVM_OP_SEXT32_32:
		r = (u64)(s64)(s32)b;
		break;
	case GPSVM_OP_ZEXT8_32:
		r = (u8)b;
		break;
	case GPSVM_OP_ZEXT16_32:
		r = (u16)b;
		break;
	case GPSVM_OP_ZEXT32_32:
		r = (u32)b;
		break;
	case GPSVM_OP_MOVHI - GPSVM_OP_INT64_BASE + GPSVM_OP_INT32_BASE:
		r = (u32)a | b << 32;
		break;
	case GPSVM_OP_POPC_32:
		r = gpsvm_isa_port_popc64(b);
		break;
	case GPSVM_OP_CLZ_32:
		r = b ? __builtin_clzll(b) - (64 - w) : w;
		break;
	case GPSVM_OP_BREV_32:
		r = isa_brev(b, w);
		break;
	default:	/* GPSVM_OP_MOV_32 */
		r = b;
		break;
	}
	return r & mask;
}

/* Float ops (0x60-0x6d) and conversions (0x70-0x77). */
static u64 isa_float_op(u32 op, u64 a, u64 b, u64 c)
{
	switch (op) {
	case GPSVM_OP_ADD_F32:
		return gpsvm_f32_add((u32)a, (u32)b);
	case GPSVM_OP_SUB_F32:
		return gpsvm_f32_sub((u32)a, (u32)b);
	case GPSVM_OP_MUL_F32:
		return gpsvm_f32_mul((u32)a, (u32)b);
	case GPSVM_OP_FMA_F32:
		return gpsvm_f32_fma((u32)a, (u32)b, (u32)c);
	case GPSVM_OP_DIV_F32:
		return gpsvm_f32_div((u32)a, (u32)b);
	case GPSVM_OP_MIN_F32:
		return gpsvm_f32_min((u32)a, (u32)b);
	case GPSVM_OP_MAX_F32:
		return gpsvm_f32_max((u32)a, (u32)b);
	case GPSVM_OP_NEG_F32:
		return (u32)b ^ 0x80000000U;
	case GPSVM_OP_ABS_F32:
		return (u32)b & 0x7fffffffU;
	case GPSVM_OP_SQRT_F32:
		return gpsvm_f32_sqrt((u32)b);
	case GPSVM_OP_FRND_RN_F32:
	case GPSVM_OP_FRND_RZ_F32:
	case GPSVM_OP_FRND_RM_F32:
	case GPSVM_OP_FRND_RP_F32:
		return gpsvm_f32_round((u32)b, op - GPSVM_OP_FRND_RN_F32);
	case GPSVM_OP_CVT_F32_S32:
		return gpsvm_f32_from_s32((s32)(u32)b);
	case GPSVM_OP_CVT_F32_U32:
		return gpsvm_f32_from_u32((u32)b);
	case GPSVM_OP_CVT_F32_S64:
		return gpsvm_f32_from_s64((s64)b);
	case GPSVM_OP_CVT_F32_U64:
		return gpsvm_f32_from_u64(b);
	case GPSVM_OP_CVT_S32_F32:
		return (u32)gpsvm_f32_to_s32((u32)b);
	case GPSVM_OP_CVT_U32_F32:
		return gpsvm_f32_to_u32((u32)b);
	case GPSVM_OP_CVT_S64_F32:
		return (u64)gpsvm_f32_to_s64((u32)b);
	default:	/* GPSVM_OP_CVT_U64_F32 */
		return gpsvm_f32_to_u64((u32)b);
	}
}

/* SETP: the relation of a to b as GPSVM_CMP_*_BIT. */
static u32 isa_relation(u32 op, u64 a, u64 b)
{
	s64 sa, sb;

	switch (op) {
	case GPSVM_OP_SETP_F32:
		return gpsvm_f32_cmp((u32)a, (u32)b);
	case GPSVM_OP_SETP_S32:
		sa = (s32)(u32)a;
		sb = (s32)(u32)b;
		break;
	case GPSVM_OP_SETP_S64:
		sa = (s64)a;
		sb = (s64)b;
		break;
	case GPSVM_OP_SETP_U32:
		a = (u32)a;
		b = (u32)b;
		fallthrough;
	default:	/* GPSVM_OP_SETP_U64 */
		if (a == b)
			return GPSVM_CMP_EQ_BIT;
		return a < b ? GPSVM_CMP_LT_BIT : GPSVM_CMP_GT_BIT;
	}
	if (sa == sb)
		return GPSVM_CMP_EQ_BIT;
	return sa < sb ? GPSVM_CMP_LT_BIT : GPSVM_CMP_GT_BIT;
}

static u32 isa_comb(u32 comb, u32 x, u32 y)
{
	if (comb == GPSVM_COMB_AND)
		return x & y;
	return comb == GPSVM_COMB_OR ? x | y : x ^ y;
}

static u64 isa_special(const struct gpsvm_isa_thread *t,
		       const struct gpsvm_isa_launch *l, u32 sr)
{
	if (sr == GPSVM_SR_CLOCK)
		return gpsvm_isa_port_clock_ns();
	switch (sr & ~3U) {
	case GPSVM_SR_TID_X:
		return t->tid[sr & 3];
	case GPSVM_SR_NTID_X:
		return l->ntid[sr & 3];
	case GPSVM_SR_CTAID_X:
		return t->ctaid[sr & 3];
	default:	/* GPSVM_SR_NCTAID_X */
		return l->nctaid[sr & 3];
	}
}

static int isa_ldarg(struct gpsvm_isa_thread *t,
		     const struct gpsvm_isa_launch *l,
		     const struct gpsvm_isa_insn *in, u64 off)
{
	unsigned int size = gpsvm_isa_access_size(in->op), i;
	u64 v = 0;

	if (off & (size - 1))
		return isa_fail(t, GPSVM_ISA_ERR_MISALIGNED, off);
	if (off > l->arg_size || l->arg_size - off < size)
		return isa_fail(t, GPSVM_ISA_ERR_ARG_RANGE, off);
	for (i = 0; i < size; i++)
		v |= (u64)l->args[off + i] << (8 * i);
	if (in->op == GPSVM_OP_LDARG_S32)
		v = (u64)(s64)(s32)(u32)v;
	isa_set_reg(t, in->rd, v);
	return GPSVM_ISA_STEP_EXECUTED;
}

/* In the shared or the private window (v2)? Those never reach the MMU. */
static bool isa_in_window(u64 va)
{
	return va >= GPSVM_ISA_SHARED_BASE;
}

/*
 * Map an aligned access in a window: sizes are multiples of 8, so an
 * aligned access that starts below a window's size ends below it.
 */
static int isa_map_window(struct gpsvm_isa_thread *t,
			  const struct gpsvm_isa_launch *l, u64 va, void **ptr)
{
	u64 off;

	if (va < GPSVM_ISA_PRIVATE_BASE) {
		off = va - GPSVM_ISA_SHARED_BASE;
		if (off >= l->shared_size)
			return isa_fail(t, GPSVM_ISA_ERR_WINDOW, va);
		*ptr = t->shared + off;
	} else {
		off = va - GPSVM_ISA_PRIVATE_BASE;
		if (off >= l->private_size)
			return isa_fail(t, GPSVM_ISA_ERR_WINDOW, va);
		*ptr = t->priv + off;
	}
	return GPSVM_ISA_STEP_EXECUTED;
}

/* Map an aligned access; anything but GPSVM_ISA_STEP_EXECUTED ends it. */
static int isa_map(struct gpsvm_isa_thread *t,
		   const struct gpsvm_isa_launch *l,
		   const struct gpsvm_isa_mem_ops *mem, void *ctx, u64 va,
		   unsigned int size, unsigned int access, void **ptr)
{
	int ret;

	if (va & (size - 1))
		return isa_fail(t, GPSVM_ISA_ERR_MISALIGNED, va);
	if (isa_in_window(va))
		return isa_map_window(t, l, va, ptr);
	ret = mem->map(ctx, va, size, access, ptr);
	if (ret == -EAGAIN) {
		t->fault_va = va;
		t->fault_access = access;
		return GPSVM_ISA_STEP_STALLED;
	}
	if (ret)
		return isa_fail(t, GPSVM_ISA_ERR_MMU, va);
	return GPSVM_ISA_STEP_EXECUTED;
}

static void isa_unmap(const struct gpsvm_isa_mem_ops *mem, void *ctx,
		      u64 va, void *ptr)
{
	if (!isa_in_window(va))
		mem->unmap(ctx, ptr);
}

static int isa_load(struct gpsvm_isa_thread *t,
		    const struct gpsvm_isa_launch *l,
		    const struct gpsvm_isa_mem_ops *mem, void *ctx,
		    const struct gpsvm_isa_insn *in, u64 va)
{
	unsigned int size = gpsvm_isa_access_size(in->op);
	void *p;
	u64 v;
	int ret;

	ret = isa_map(t, l, mem, ctx, va, size, GPSVM_ISA_ACCESS_READ, &p);
	if (ret != GPSVM_ISA_STEP_EXECUTED)
		return ret;
	switch (in->op) {
	case GPSVM_OP_LD_U8:
		v = READ_ONCE(*(u8 *)p);
		break;
	case GPSVM_OP_LD_S8:
		v = (u64)(s64)(s8)READ_ONCE(*(u8 *)p);
		break;
	case GPSVM_OP_LD_U16:
		v = READ_ONCE(*(u16 *)p);
		break;
	case GPSVM_OP_LD_S16:
		v = (u64)(s64)(s16)READ_ONCE(*(u16 *)p);
		break;
	case GPSVM_OP_LD_U32:
		v = READ_ONCE(*(u32 *)p);
		break;
	case GPSVM_OP_LD_S32:
		v = (u64)(s64)(s32)READ_ONCE(*(u32 *)p);
		break;
	default:	/* GPSVM_OP_LD_64 */
		v = READ_ONCE(*(u64 *)p);
		break;
	}
	isa_unmap(mem, ctx, va, p);
	isa_set_reg(t, in->rd, v);
	return GPSVM_ISA_STEP_EXECUTED;
}

static int isa_store(struct gpsvm_isa_thread *t,
		     const struct gpsvm_isa_launch *l,
		     const struct gpsvm_isa_mem_ops *mem, void *ctx,
		     const struct gpsvm_isa_insn *in, u64 va, u64 c)
{
	unsigned int size = gpsvm_isa_access_size(in->op);
	void *p;
	int ret;

	ret = isa_map(t, l, mem, ctx, va, size, GPSVM_ISA_ACCESS_WRITE, &p);
	if (ret != GPSVM_ISA_STEP_EXECUTED)
		return ret;
	switch (size) {
	case 1:
		WRITE_ONCE(*(u8 *)p, (u8)c);
		break;
	case 2:
		WRITE_ONCE(*(u16 *)p, (u16)c);
		break;
	case 4:
		WRITE_ONCE(*(u32 *)p, (u32)c);
		break;
	default:
		WRITE_ONCE(*(u64 *)p, c);
		break;
	}
	isa_unmap(mem, ctx, va, p);
	return GPSVM_ISA_STEP_EXECUTED;
}

/* New value of atomic op @n (opcode - ATOM32_BASE or ATOM64_BASE). */
static u64 isa_atom_new(u32 n, unsigned int w, u64 old, u64 b)
{
	s64 so = isa_sext(old, w), sb = isa_sext(b, w);

	switch (n + GPSVM_OP_ATOM32_BASE) {
	case GPSVM_OP_ATOM_ADD_32:
		return old + b;
	case GPSVM_OP_ATOM_SUB_32:
		return old - b;
	case GPSVM_OP_ATOM_INC_U32:
		return old >= b ? 0 : old + 1;
	case GPSVM_OP_ATOM_DEC_U32:
		return (!old || old > b) ? b : old - 1;
	case GPSVM_OP_ATOM_MIN_S32:
		return so < sb ? old : b;
	case GPSVM_OP_ATOM_MIN_U32:
		return old < b ? old : b;
	case GPSVM_OP_ATOM_MAX_S32:
		return so > sb ? old : b;
	case GPSVM_OP_ATOM_MAX_U32:
		return old > b ? old : b;
	case GPSVM_OP_ATOM_AND_32:
		return old & b;
	case GPSVM_OP_ATOM_OR_32:
		return old | b;
	case GPSVM_OP_ATOM_XOR_32:
		return old ^ b;
	default:	/* GPSVM_OP_ATOM_EXCH_32 */
		return b;
	}
}

#define GPSVM_ISA_ATOM_CAS	(GPSVM_OP_ATOM_CAS_32 - GPSVM_OP_ATOM32_BASE)

/* One indivisible read-modify-write; returns the old value. */
static u32 isa_atom32(u32 *p, u32 n, u32 b, u32 c)
{
	u32 old, new;

	if (n == GPSVM_ISA_ATOM_CAS) {
		old = b;
		try_cmpxchg(p, &old, c);
		return old;
	}
	old = READ_ONCE(*p);
	do {
		new = (u32)isa_atom_new(n, 32, old, b);
	} while (!try_cmpxchg(p, &old, new));
	return old;
}

static u64 isa_atom64(u64 *p, u32 n, u64 b, u64 c)
{
	u64 old, new;

	if (n == GPSVM_ISA_ATOM_CAS) {
		old = b;
		try_cmpxchg64(p, &old, c);
		return old;
	}
	old = READ_ONCE(*p);
	do {
		new = isa_atom_new(n, 64, old, b);
	} while (!try_cmpxchg64(p, &old, new));
	return old;
}

static int isa_atomic(struct gpsvm_isa_thread *t,
		      const struct gpsvm_isa_launch *l,
		      const struct gpsvm_isa_mem_ops *mem, void *ctx,
		      const struct gpsvm_isa_insn *in, u64 a, u64 b, u64 c)
{
	unsigned int size = gpsvm_isa_access_size(in->op);
	void *p;
	u64 old;
	int ret;

	ret = isa_map(t, l, mem, ctx, a, size, GPSVM_ISA_ACCESS_ATOMIC, &p);
	if (ret != GPSVM_ISA_STEP_EXECUTED)
		return ret;
	if (size == 4)
		old = isa_atom32(p, in->op - GPSVM_OP_ATOM32_BASE, (u32)b,
				 (u32)c);
	else
		old = isa_atom64(p, in->op - GPSVM_OP_ATOM64_BASE, b, c);
	isa_unmap(mem, ctx, a, p);
	isa_set_reg(t, in->rd, old);
	return GPSVM_ISA_STEP_EXECUTED;
}

/* Execute @in, whose guard is true; *next is the PC after it. */
static int isa_exec(struct gpsvm_isa_thread *t,
		    const struct gpsvm_isa_launch *l,
		    const struct gpsvm_isa_mem_ops *mem, void *ctx,
		    const struct gpsvm_isa_insn *in, u64 a, u64 b, u64 c,
		    u64 *next)
{
	u32 op = in->op, s = isa_pred(t, in->ps) ^ in->psn;
	void *p;

	/* The decoder let no reserved opcode (0x3c) through. */
	if (op >= GPSVM_OP_ADD_32 && op <= GPSVM_OP_BREV_32) {
		isa_set_reg(t, in->rd, isa_int_op(op - GPSVM_OP_INT32_BASE,
						  32, a, b, s));
		return GPSVM_ISA_STEP_EXECUTED;
	}
	if (op >= GPSVM_OP_ADD_64 && op <= GPSVM_OP_BREV_64) {
		isa_set_reg(t, in->rd, isa_int_op(op - GPSVM_OP_INT64_BASE,
						  64, a, b, s));
		return GPSVM_ISA_STEP_EXECUTED;
	}
	if (op >= GPSVM_OP_ADD_F32 && op <= GPSVM_OP_CVT_U64_F32) {
		isa_set_reg(t, in->rd, isa_float_op(op, a, b, c));
		return GPSVM_ISA_STEP_EXECUTED;
	}
	if (op >= GPSVM_OP_LD_U8 && op <= GPSVM_OP_LD_64)
		return isa_load(t, l, mem, ctx, in, a + b);
	if (op >= GPSVM_OP_ST_8 && op <= GPSVM_OP_ST_64)
		return isa_store(t, l, mem, ctx, in, a + b, c);
	if (op >= GPSVM_OP_ATOM_ADD_32)
		return isa_atomic(t, l, mem, ctx, in, a, b, c);
	if (op >= GPSVM_OP_SETP_S32 && op <= GPSVM_OP_SETP_F32) {
		u32 r = (in->cmp & isa_relation(op, a, b)) != 0;

		isa_set_pred(t, in->pd, isa_comb(in->comb, r, s));
		return GPSVM_ISA_STEP_EXECUTED;
	}

	switch (op) {
	case GPSVM_OP_EXIT:
		t->state = GPSVM_ISA_THREAD_EXITED;
		return GPSVM_ISA_STEP_EXITED;
	case GPSVM_OP_BRA:
		*next = t->pc + ((u64)(s64)in->imm << 3);
		break;
	case GPSVM_OP_CALL:
		isa_set_reg(t, in->rd, *next);
		*next = t->pc + ((u64)(s64)in->imm << 3);
		break;
	case GPSVM_OP_RET:
		*next = a;
		break;
	case GPSVM_OP_TRAP:
		return isa_fail(t, GPSVM_ISA_ERR_TRAP, (u32)in->imm);
	case GPSVM_OP_BAR:
		/* BAR includes membar.cta; pairs with the release's. */
		smp_mb();
		t->state = GPSVM_ISA_THREAD_AT_BARRIER;
		return GPSVM_ISA_STEP_BARRIER;
	case GPSVM_OP_MEMBAR_CTA:
	case GPSVM_OP_MEMBAR_GPU:
	case GPSVM_OP_MEMBAR_SYS:
		/* Orders this thread's accesses before and after, any scope. */
		smp_mb();
		break;
	case GPSVM_OP_S2R:
		isa_set_reg(t, in->rd, isa_special(t, l, in->sr));
		break;
	case GPSVM_OP_LDARG_U32:
	case GPSVM_OP_LDARG_S32:
	case GPSVM_OP_LDARG_64:
		return isa_ldarg(t, l, in, a + b);
	case GPSVM_OP_PLOP:
		isa_set_pred(t, in->pd,
			     isa_comb(in->comb, isa_pred(t, in->pa) ^ in->pan,
				      s));
		break;
	case GPSVM_OP_PREFETCH:
		if (!isa_in_window(a + b) &&
		    !mem->map(ctx, a + b, 1, GPSVM_ISA_ACCESS_PREFETCH, &p))
			mem->unmap(ctx, p);
		break;
	default:	/* GPSVM_OP_NOP */
		break;
	}
	return GPSVM_ISA_STEP_EXECUTED;
}

/**
 * gpsvm_isa_step() - execute one instruction of a thread
 * @t: the thread
 * @l: its launch
 * @mem: the launch's address space
 * @ctx: passed to @mem's functions
 *
 * Fetches, decodes and, if its guard holds, executes the instruction at
 * @t's PC (isa.md section 3). A thread that is not RUNNING is left alone.
 * On an error nothing changes but @t's state, err and err_info.
 *
 * Context: whatever @mem's functions allow; does not sleep by itself.
 * Return: enum gpsvm_isa_step_status.
 */
int gpsvm_isa_step(struct gpsvm_isa_thread *t,
		   const struct gpsvm_isa_launch *l,
		   const struct gpsvm_isa_mem_ops *mem, void *ctx)
{
	struct gpsvm_isa_insn in;
	u64 w, a, b, c, next;
	int ret;

	switch (t->state) {
	case GPSVM_ISA_THREAD_AT_BARRIER:
		return GPSVM_ISA_STEP_BARRIER;
	case GPSVM_ISA_THREAD_EXITED:
		return GPSVM_ISA_STEP_EXITED;
	case GPSVM_ISA_THREAD_FAILED:
		return GPSVM_ISA_STEP_ERROR;
	default:
		break;
	}
	if ((t->pc & (GPSVM_ISA_INSN_SIZE - 1)) ||
	    t->pc / GPSVM_ISA_INSN_SIZE >= l->ncode)
		return isa_fail(t, GPSVM_ISA_ERR_PC, t->pc);
	w = l->code[t->pc / GPSVM_ISA_INSN_SIZE];
	ret = gpsvm_isa_decode(w, &in);
	if (ret)
		return isa_fail(t, -ret, w);
	next = t->pc + GPSVM_ISA_INSN_SIZE;
	if (isa_pred(t, in.gp) ^ in.gn) {
		a = isa_reg(t, in.ra);
		b = in.bi ? (u64)(s64)in.imm : isa_reg(t, in.rb);
		c = isa_reg(t, in.rc);
		ret = isa_exec(t, l, mem, ctx, &in, a, b, c, &next);
	} else {
		ret = GPSVM_ISA_STEP_EXECUTED;
	}
	if (ret == GPSVM_ISA_STEP_EXECUTED || ret == GPSVM_ISA_STEP_BARRIER)
		t->pc = next;
	return ret;
}

/**
 * gpsvm_isa_thread_init() - set a thread to its initial state
 * @t: the thread
 * @l: its launch
 * @tid: its index in the block
 * @ctaid: its block's index in the grid
 *
 * Registers and predicates 0, PC the launch's entry point, RUNNING.
 */
void gpsvm_isa_thread_init(struct gpsvm_isa_thread *t,
			   const struct gpsvm_isa_launch *l,
			   const u32 tid[3], const u32 ctaid[3])
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->pc = l->entry;
	t->state = GPSVM_ISA_THREAD_RUNNING;
	for (i = 0; i < 3; i++) {
		t->tid[i] = tid[i];
		t->ctaid[i] = ctaid[i];
	}
}

/**
 * gpsvm_isa_block_threads() - number of threads in a block of a launch
 * @l: the launch
 *
 * Return: ntid.x * ntid.y * ntid.z (the launch command bounds it).
 */
unsigned int gpsvm_isa_block_threads(const struct gpsvm_isa_launch *l)
{
	return l->ntid[0] * l->ntid[1] * l->ntid[2];
}

/**
 * gpsvm_isa_block_init() - set up the threads of one block
 * @threads: gpsvm_isa_block_threads(@l) threads
 * @l: the launch
 * @ctaid: the block's index in the grid
 *
 * Thread (x, y, z) is @threads[x + ntid.x * (y + ntid.y * z)].
 */
void gpsvm_isa_block_init(struct gpsvm_isa_thread *threads,
			  const struct gpsvm_isa_launch *l,
			  const u32 ctaid[3])
{
	u32 tid[3];

	for (tid[2] = 0; tid[2] < l->ntid[2]; tid[2]++)
		for (tid[1] = 0; tid[1] < l->ntid[1]; tid[1]++)
			for (tid[0] = 0; tid[0] < l->ntid[0]; tid[0]++)
				gpsvm_isa_thread_init(threads++, l, tid, ctaid);
}

/**
 * gpsvm_isa_block_mem_size() - bytes of window memory a block of a launch has
 * @l: the launch
 *
 * Return: its shared memory and every thread's private memory (v2).
 */
u64 gpsvm_isa_block_mem_size(const struct gpsvm_isa_launch *l)
{
	return l->shared_size +
	       (u64)gpsvm_isa_block_threads(l) * l->private_size;
}

/**
 * gpsvm_isa_block_set_mem() - give a block its shared and private memory
 * @threads: gpsvm_isa_block_threads(@l) threads, from gpsvm_isa_block_init()
 * @l: the launch
 * @mem: gpsvm_isa_block_mem_size(@l) bytes, zeroed; NULL if that is 0
 *
 * The shared memory comes first, then each thread's private memory in
 * thread order. The block keeps @mem, contents and all, until it ends,
 * also when it is switched out and resumed.
 */
void gpsvm_isa_block_set_mem(struct gpsvm_isa_thread *threads,
			     const struct gpsvm_isa_launch *l, u8 *mem)
{
	unsigned int i, n = gpsvm_isa_block_threads(l);

	for (i = 0; i < n; i++) {
		threads[i].shared = mem;
		threads[i].priv = mem + l->shared_size +
				  (u64)i * l->private_size;
	}
}

/**
 * gpsvm_isa_block_release() - complete the block's barrier if it can
 * @threads: the threads of one block
 * @n: their number
 *
 * When no thread of the block is RUNNING and some wait at BAR, lets those
 * continue (isa.md section 9.7).
 *
 * Return: true if threads were released.
 */
bool gpsvm_isa_block_release(struct gpsvm_isa_thread *threads,
			     unsigned int n)
{
	bool waiting = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (threads[i].state == GPSVM_ISA_THREAD_RUNNING)
			return false;
		if (threads[i].state == GPSVM_ISA_THREAD_AT_BARRIER)
			waiting = true;
	}
	if (!waiting)
		return false;
	/* The arrivals' accesses before the released threads' next ones. */
	smp_mb();
	for (i = 0; i < n; i++)
		if (threads[i].state == GPSVM_ISA_THREAD_AT_BARRIER)
			threads[i].state = GPSVM_ISA_THREAD_RUNNING;
	return true;
}

/**
 * gpsvm_isa_run_block() - run the threads of one block
 * @threads: the block's threads (gpsvm_isa_block_init())
 * @n: their number
 * @l: the launch
 * @mem: the launch's address space
 * @ctx: passed to @mem's functions
 * @budget: at most this many gpsvm_isa_step() calls; decremented
 * @next: the thread whose turn it is, less than @n (0 for a new block);
 *	updated when the budget runs out: a turn the budget cut short is
 *	over if it had a step
 *
 * Steps the threads round-robin, up to GPSVM_ISA_QUANTUM instructions
 * each in turn, and completes barriers, until every thread has exited, a
 * thread fails, the budget runs out, or no thread can go on without a
 * translation fault being serviced. Call again to resume: the round goes
 * on where the budget ran out, so that any budget keeps isa.md's fair
 * scheduling (starting each call at the first thread would let later
 * threads wait for ever while the first ones spin).
 *
 * Context: as gpsvm_isa_step().
 * Return: enum gpsvm_isa_run_status.
 */
int gpsvm_isa_run_block(struct gpsvm_isa_thread *threads, unsigned int n,
			const struct gpsvm_isa_launch *l,
			const struct gpsvm_isa_mem_ops *mem, void *ctx,
			unsigned long *budget, unsigned int *next)
{
	bool progress, done;
	struct gpsvm_isa_thread *t;
	unsigned int i, k, q;
	int ret;

	for (;;) {
		done = true;
		for (i = 0; i < n; i++) {
			if (threads[i].state == GPSVM_ISA_THREAD_FAILED)
				return GPSVM_ISA_RUN_ERROR;
			if (threads[i].state != GPSVM_ISA_THREAD_EXITED)
				done = false;
		}
		if (done)
			return GPSVM_ISA_RUN_DONE;
		if (gpsvm_isa_block_release(threads, n))
			continue;

		progress = false;
		for (k = 0; k < n; k++) {
			i = *next + k < n ? *next + k : *next + k - n;
			t = &threads[i];
			for (q = 0; q < GPSVM_ISA_QUANTUM &&
			     t->state == GPSVM_ISA_THREAD_RUNNING; q++) {
				if (!*budget) {
					/* Its turn is over if it had a step. */
					*next = q && i + 1 < n ? i + 1 :
						q ? 0 : i;
					return GPSVM_ISA_RUN_BUDGET;
				}
				--*budget;
				ret = gpsvm_isa_step(t, l, mem, ctx);
				if (ret == GPSVM_ISA_STEP_ERROR)
					return GPSVM_ISA_RUN_ERROR;
				if (ret == GPSVM_ISA_STEP_STALLED)
					break;
				progress = true;
			}
		}
		/* Nothing ran: every live thread waits on a fault. */
		if (!progress)
			return GPSVM_ISA_RUN_STALLED;
	}
}
