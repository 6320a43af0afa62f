// SPDX-License-Identifier: MIT
/*
 * gpsvm OpenCL C compiler: register allocation and assembly output.
 *
 * Liveness is the usual backward dataflow over blocks. Each virtual
 * register gets one interval, from the first point where it is live to
 * the last (a safe over-approximation, also for phi registers, which
 * have a definition in each predecessor). Linear scan (Poletto and
 * Sarkar) hands out r0..r58; when none is free the interval that ends
 * last is spilled to an 8-byte slot of the work-item's private memory,
 * after the function's own private data. Spilled operands are reloaded
 * into r59..r61 right before their instruction and a spilled result is
 * written through r62 right after it; no spill code touches a
 * predicate, so a predicate set by one instruction for the next survives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_clc_internal.h"

bool clc_minst_defs(const struct minst *mi, int *d)
{
	switch (mi->fmt) {
	case MF_RAB: case MF_RB: case MF_FMA: case MF_SEL: case MF_LD:
	case MF_ATOM: case MF_CAS: case MF_S2R:
		*d = mi->d;
		return mi->d != NO_REG;
	default:
		return false;
	}
}

int clc_minst_uses(const struct minst *mi, int uses[4])
{
	int n = 0, d;

	if (mi->fmt != MF_S2R && mi->fmt != MF_BRA && mi->fmt != MF_TRAP &&
	    mi->fmt != MF_NONE && mi->fmt != MF_PLOP) {
		if (mi->a != NO_REG)
			uses[n++] = mi->a;
		if (!mi->bimm && mi->b != NO_REG)
			uses[n++] = mi->b;
		if (mi->c != NO_REG)
			uses[n++] = mi->c;
	}
	/* a guarded definition keeps the old value when the guard is false */
	if (mi->gp != 7 && clc_minst_defs(mi, &d))
		uses[n++] = d;
	return n;
}

struct bitset {
	uint64_t *w;
};

static bool bs_get(const struct bitset *b, int i)
{
	return b->w[i >> 6] >> (i & 63) & 1;
}

static void bs_set(struct bitset *b, int i)
{
	b->w[i >> 6] |= 1ull << (i & 63);
}

struct interval {
	int vreg;
	int start, end;
	int reg;	/* physical register, or -1 when spilled */
	int slot;
};

static int cmp_start(const void *a, const void *b)
{
	const struct interval *x = *(struct interval *const *)a;
	const struct interval *y = *(struct interval *const *)b;

	return x->start != y->start ? x->start - y->start : x->vreg - y->vreg;
}

int clc_regalloc(struct mfunc *f, struct clc_log *log)
{
	int nv = f->nvregs, words = (nv + 63) / 64, nb = f->nblocks;
	struct bitset *use = calloc(nb, sizeof(*use));
	struct bitset *def = calloc(nb, sizeof(*def));
	struct bitset *in = calloc(nb, sizeof(*in));
	struct bitset *out = calloc(nb, sizeof(*out));
	int *bstart = calloc(nb + 1, sizeof(int));
	struct interval *iv = calloc(nv ? nv : 1, sizeof(*iv));
	struct interval **order = calloc(nv ? nv : 1, sizeof(*order));
	struct interval **active = calloc(RA_NREGS, sizeof(*active));
	int *hint = malloc((nv ? nv : 1) * sizeof(int));
	bool freereg[RA_NREGS];
	int nactive = 0, nslots = 0, i, j, k, pos;
	bool changed;
	uint32_t spill_base;

	(void)log;
	for (i = 0; i < nb; i++) {
		use[i].w = calloc(words + 1, 8);
		def[i].w = calloc(words + 1, 8);
		in[i].w = calloc(words + 1, 8);
		out[i].w = calloc(words + 1, 8);
	}
	for (i = 0; i < nv; i++) {
		iv[i].vreg = VREG0 + i;
		iv[i].start = -1;
		iv[i].reg = -1;
		iv[i].slot = -1;
		hint[i] = -1;
	}
	/* copies: the two sides would like the same register */
	for (i = 0; i < nb; i++)
		for (j = 0; j < f->blocks[i].n; j++) {
			const struct minst *mi = &f->blocks[i].insts[j];

			if (mi->fmt != MF_RB || mi->bimm || mi->gp != 7 ||
			    strcmp(mi->op, "mov.64") || mi->d < VREG0 ||
			    mi->b < VREG0)
				continue;
			hint[mi->d - VREG0] = mi->b - VREG0;
			if (hint[mi->b - VREG0] < 0)
				hint[mi->b - VREG0] = mi->d - VREG0;
		}

	/* per-block use (before any def) and def sets; positions */
	pos = 0;
	for (i = 0; i < nb; i++) {
		struct mblock *b = &f->blocks[i];

		bstart[i] = pos;
		for (j = 0; j < b->n; j++, pos += 2) {
			int u[4], nu = clc_minst_uses(&b->insts[j], u), d;

			for (k = 0; k < nu; k++)
				if (u[k] >= VREG0 && !bs_get(&def[i], u[k] - VREG0))
					bs_set(&use[i], u[k] - VREG0);
			if (clc_minst_defs(&b->insts[j], &d) && d >= VREG0)
				bs_set(&def[i], d - VREG0);
		}
	}
	bstart[nb] = pos;

	do {
		changed = false;
		for (i = nb; i-- > 0;) {
			struct mblock *b = &f->blocks[i];

			for (k = 0; k < b->nsucc; k++)
				for (j = 0; j < words; j++)
					out[i].w[j] |= in[b->succ[k]].w[j];
			for (j = 0; j < words; j++) {
				uint64_t n = use[i].w[j] |
					     (out[i].w[j] & ~def[i].w[j]);

				if (n != in[i].w[j]) {
					in[i].w[j] = n;
					changed = true;
				}
			}
		}
	} while (changed);

	/* intervals */
#define EXTEND(v, p) do { \
		struct interval *x_ = &iv[(v) - VREG0]; \
		if (x_->start < 0 || (p) < x_->start) \
			x_->start = (p); \
		if ((p) > x_->end) \
			x_->end = (p); \
	} while (0)
	for (i = 0; i < nb; i++) {
		struct mblock *b = &f->blocks[i];

		for (k = 0; k < nv; k++) {
			if (bs_get(&in[i], k))
				EXTEND(VREG0 + k, bstart[i]);
			if (bs_get(&out[i], k))
				EXTEND(VREG0 + k, bstart[i + 1] - 1);
		}
		for (j = 0; j < b->n; j++) {
			int u[4], nu = clc_minst_uses(&b->insts[j], u), d;
			int p = bstart[i] + 2 * j;

			for (k = 0; k < nu; k++)
				if (u[k] >= VREG0)
					EXTEND(u[k], p);
			if (clc_minst_defs(&b->insts[j], &d) && d >= VREG0)
				EXTEND(d, p + 1);
		}
	}
#undef EXTEND

	/* linear scan */
	k = 0;
	for (i = 0; i < nv; i++)
		if (iv[i].start >= 0)
			order[k++] = &iv[i];
	qsort(order, k, sizeof(*order), cmp_start);
	for (i = 0; i < RA_NREGS; i++)
		freereg[i] = true;
	for (i = 0; i < k; i++) {
		struct interval *cur = order[i];
		int r;

		/* expire */
		for (j = 0; j < nactive;) {
			if (active[j]->end < cur->start) {
				freereg[active[j]->reg] = true;
				active[j] = active[--nactive];
			} else {
				j++;
			}
		}
		r = hint[cur->vreg - VREG0];
		if (r >= 0 && iv[r].reg >= 0 && freereg[iv[r].reg])
			r = iv[r].reg;
		else
			for (r = 0; r < RA_NREGS && !freereg[r]; r++)
				;
		if (r < RA_NREGS) {
			freereg[r] = false;
			cur->reg = r;
			active[nactive++] = cur;
			continue;
		}
		/* spill whichever of cur and the active ends last */
		for (j = 0, r = 0; j < nactive; j++)
			if (active[j]->end > active[r]->end)
				r = j;
		if (active[r]->end > cur->end) {
			cur->reg = active[r]->reg;
			active[r]->reg = -1;
			active[r]->slot = nslots++;
			active[r] = cur;
		} else {
			cur->slot = nslots++;
		}
	}

	/* rewrite */
	spill_base = (f->frame + 7) & ~7u;
	f->private_size = spill_base + 8 * nslots;
	for (i = 0; i < nb; i++) {
		struct mblock *b = &f->blocks[i];
		/* at most 3 reloads, a guarded reload, the instruction, a store */
		struct minst *ni = calloc(6 * b->n + 1, sizeof(*ni));
		int n = 0;

		for (j = 0; j < b->n; j++) {
			struct minst mi = b->insts[j];
			int *ops[3] = { &mi.a, mi.bimm ? NULL : &mi.b, &mi.c };
			int d, s, spill_d = -1;
			bool guarded_def = mi.gp != 7 && clc_minst_defs(&mi, &d);

			for (s = 0; s < 3; s++) {
				struct interval *x;

				if (!ops[s] || *ops[s] < VREG0 ||
				    mi.fmt == MF_S2R || mi.fmt == MF_BRA ||
				    mi.fmt == MF_TRAP || mi.fmt == MF_NONE)
					continue;
				x = &iv[*ops[s] - VREG0];
				if (x->reg >= 0) {
					*ops[s] = x->reg;
					continue;
				}
				memset(&ni[n], 0, sizeof(ni[n]));
				strcpy(ni[n].op, "ld.64");
				ni[n].fmt = MF_LD;
				ni[n].gp = 7;
				ni[n].d = RA_SCRATCH0 + s;
				ni[n].a = RZ;
				ni[n].bimm = true;
				ni[n].imm = PRIV_BASE + spill_base + 8 * x->slot;
				ni[n].line = mi.line;
				n++;
				*ops[s] = RA_SCRATCH0 + s;
			}
			if (clc_minst_defs(&mi, &d) && d >= VREG0) {
				struct interval *x = &iv[d - VREG0];

				if (x->start < 0) {
					mi.d = RZ;	/* never read */
				} else if (x->reg >= 0) {
					mi.d = x->reg;
				} else {
					spill_d = x->slot;
					mi.d = RA_SCRATCH_D;
					if (guarded_def) {
						memset(&ni[n], 0, sizeof(ni[n]));
						strcpy(ni[n].op, "ld.64");
						ni[n].fmt = MF_LD;
						ni[n].gp = 7;
						ni[n].d = RA_SCRATCH_D;
						ni[n].a = RZ;
						ni[n].bimm = true;
						ni[n].imm = PRIV_BASE + spill_base +
							    8 * x->slot;
						n++;
					}
				}
			}
			ni[n++] = mi;
			if (spill_d >= 0) {
				memset(&ni[n], 0, sizeof(ni[n]));
				strcpy(ni[n].op, "st.64");
				ni[n].fmt = MF_ST;
				ni[n].gp = 7;
				ni[n].a = RZ;
				ni[n].bimm = true;
				ni[n].imm = PRIV_BASE + spill_base + 8 * spill_d;
				ni[n].c = RA_SCRATCH_D;
				ni[n].d = ni[n].b = NO_REG;
				ni[n].line = mi.line;
				n++;
			}
		}
		free(b->insts);
		b->insts = ni;
		b->n = n;
		b->cap = 6 * b->n + 1;
	}

	for (i = 0; i < nb; i++) {
		free(use[i].w);
		free(def[i].w);
		free(in[i].w);
		free(out[i].w);
	}
	free(use);
	free(def);
	free(in);
	free(out);
	free(bstart);
	free(iv);
	free(order);
	free(active);
	free(hint);
	return 0;
}

/* ---- assembly output ---- */

static const char *reg(int r, char *buf)
{
	if (r == RZ)
		return "rz";
	sprintf(buf, "r%d", r);
	return buf;
}

static void print_b(const struct minst *mi, char *out, size_t size)
{
	char rb[8];

	if (!mi->bimm)
		snprintf(out, size, "%s", reg(mi->b, rb));
	else if (mi->f32imm)
		snprintf(out, size, "0x%08x", (uint32_t)mi->imm);
	else
		snprintf(out, size, "%lld", (long long)mi->imm);
}

static void print_addr(const struct minst *mi, char *out, size_t size)
{
	char ra[8], rb[8];

	if (!mi->bimm)
		snprintf(out, size, "[%s + %s]", reg(mi->a, ra), reg(mi->b, rb));
	else if (mi->imm < 0)
		snprintf(out, size, "[%s - %lld]", reg(mi->a, ra),
			 -(long long)mi->imm);
	else
		snprintf(out, size, "[%s + %lld]", reg(mi->a, ra),
			 (long long)mi->imm);
}

/* One instruction; fnid and the target block make branch labels. */
static void print_minst(const struct minst *mi, int fnid, bool invert,
			struct clc_log *out)
{
	char g[8] = "", b[48], ad[64], r1[8], r2[8], r3[8];
	bool gn = mi->gn ^ invert;

	if (mi->gp != 7 || gn)
		snprintf(g, sizeof(g), "@%sp%d ", gn ? "!" : "", mi->gp);
	print_b(mi, b, sizeof(b));
	switch (mi->fmt) {
	case MF_NONE:
		clc_log(out, "\t%s%s\n", g, mi->op);
		break;
	case MF_RAB:
		clc_log(out, "\t%s%s %s, %s, %s\n", g, mi->op, reg(mi->d, r1),
			reg(mi->a, r2), b);
		break;
	case MF_RB:
		clc_log(out, "\t%s%s %s, %s\n", g, mi->op, reg(mi->d, r1), b);
		break;
	case MF_FMA:
		clc_log(out, "\t%s%s %s, %s, %s, %s\n", g, mi->op,
			reg(mi->d, r1), reg(mi->a, r2), b, reg(mi->c, r3));
		break;
	case MF_SEL:
		clc_log(out, "\t%s%s %s, %s, %s, %sp%d\n", g, mi->op,
			reg(mi->d, r1), reg(mi->a, r2), b, mi->psn ? "!" : "",
			mi->ps);
		break;
	case MF_SETP:
		clc_log(out, "\t%s%s p%d, %s, %s\n", g, mi->op, mi->pd,
			reg(mi->a, r2), b);
		break;
	case MF_LD:
		print_addr(mi, ad, sizeof(ad));
		clc_log(out, "\t%s%s %s, %s\n", g, mi->op, reg(mi->d, r1), ad);
		break;
	case MF_ST:
		print_addr(mi, ad, sizeof(ad));
		clc_log(out, "\t%s%s %s, %s\n", g, mi->op, ad, reg(mi->c, r3));
		break;
	case MF_ATOM:
		clc_log(out, "\t%s%s %s, [%s], %s\n", g, mi->op, reg(mi->d, r1),
			reg(mi->a, r2), b);
		break;
	case MF_CAS:
		clc_log(out, "\t%s%s %s, [%s], %s, %s\n", g, mi->op,
			reg(mi->d, r1), reg(mi->a, r2), b, reg(mi->c, r3));
		break;
	case MF_BRA:
		clc_log(out, "\t%s%s .L%d_%d\n", g, mi->op, fnid, mi->target);
		break;
	case MF_TRAP:
		clc_log(out, "\t%s%s 0x%x\n", g, mi->op, (uint32_t)mi->imm);
		break;
	case MF_S2R:
		clc_log(out, "\t%s%s %s, %s\n", g, mi->op, reg(mi->d, r1),
			mi->sr);
		break;
	case MF_PLOP:
		clc_log(out, "\t%s%s p%d, %sp%d, %sp%d\n", g, mi->op, mi->pd,
			mi->pan ? "!" : "", mi->pa, mi->psn ? "!" : "", mi->ps);
		break;
	}
}

static bool is_jump(const struct minst *mi)
{
	return mi->fmt == MF_BRA && mi->gp == 7 && !mi->gn;
}

static bool is_nop_mov(const struct minst *mi)
{
	return mi->fmt == MF_RB && !mi->bimm && mi->d == mi->b &&
	       mi->gp == 7 && (!strcmp(mi->op, "mov.64"));
}

static bool ends_block(const struct minst *mi)
{
	return mi->gp == 7 && !mi->gn &&
	       (mi->fmt == MF_BRA || mi->fmt == MF_TRAP ||
		!strcmp(mi->op, "exit"));
}

/*
 * Blocks are emitted in order, but a block that is only a jump (split
 * edges, empty branches) is left out when nothing falls into it, and
 * every branch goes straight to where such chains lead; a jump to the
 * next emitted block falls through.
 */
int clc_emit_asm(const struct mfunc *f, int fnid, struct clc_log *out)
{
	int nb = f->nblocks, i, j, words = 0, prev = -1;
	int *to = calloc(nb, sizeof(int)), *next = calloc(nb + 1, sizeof(int));
	bool *skip = calloc(nb, sizeof(bool));

	/* where each block's jump chain ends */
	for (i = 0; i < nb; i++) {
		int t = i, hops;

		for (hops = 0; hops < nb; hops++) {
			const struct mblock *b = &f->blocks[t];

			if (b->n != 1 || !is_jump(&b->insts[0]))
				break;
			t = b->insts[0].target;
		}
		to[i] = hops < nb ? t : i;
	}
	for (i = 0; i < nb; i++) {
		const struct mblock *pb = prev >= 0 ? &f->blocks[prev] : NULL;

		skip[i] = i > 0 && to[i] != i && pb && pb->n &&
			  ends_block(&pb->insts[pb->n - 1]);
		if (!skip[i])
			prev = i;
	}
	next[nb] = -1;
	for (i = nb; i-- > 0;)
		next[i] = i + 1 < nb ? (skip[i + 1] ? next[i + 1] : i + 1) : -1;

	for (i = 0; i < nb; i++) {
		const struct mblock *b = &f->blocks[i];
		int n = b->n;

		if (skip[i])
			continue;
		clc_log(out, ".L%d_%d:\n", fnid, i);
		/* a jump to the next emitted block falls through */
		if (n && is_jump(&b->insts[n - 1]) &&
		    to[b->insts[n - 1].target] == next[i])
			n--;
		for (j = 0; j < n; j++) {
			struct minst mi = b->insts[j];

			if (is_nop_mov(&mi))
				continue;
			if (mi.fmt == MF_BRA)
				mi.target = to[mi.target];
			/* @p bra next; bra F  ->  @!p bra F */
			if (j == n - 2 && mi.fmt == MF_BRA && !is_jump(&mi) &&
			    mi.target == next[i] && is_jump(&b->insts[j + 1])) {
				struct minst inv = b->insts[j + 1];

				inv.target = to[inv.target];
				inv.gp = mi.gp;
				inv.gn = mi.gn;
				print_minst(&inv, fnid, true, out);
				words++;
				break;
			}
			print_minst(&mi, fnid, false, out);
			words++;
		}
	}
	free(to);
	free(next);
	free(skip);
	return words;
}

void clc_mfunc_free(struct mfunc *f)
{
	int i;

	for (i = 0; i < f->nblocks; i++)
		free(f->blocks[i].insts);
	free(f->blocks);
	free(f->name);
	memset(f, 0, sizeof(*f));
}
