// SPDX-License-Identifier: MIT
/*
 * Random OpenCL C programs (in the spirit of csmith/CLsmith) for
 * differential testing of the compiler: integer kernels with variables
 * of every integer type, nested ifs and loops with constant trip counts,
 * private arrays, builtins and mixed-type arithmetic, free of undefined
 * behaviour (no signed overflow: arithmetic goes through unsigned types;
 * no division by zero or INT_MIN / -1; shift counts masked; array
 * indices reduced), so that any difference from the host's result is a
 * compiler bug. Every kernel has test_clc's differential signature.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clc_random.h"

struct gen {
	uint64_t s;
	char *buf;
	size_t len, cap;
	int depth;
	int loops;		/* loop variables in scope */
	int nvars;
};

static const struct {
	const char *name, *utype;
	int bits;
	bool sign;
} types[] = {
	{ "char", "uchar", 8, true }, { "uchar", "uchar", 8, false },
	{ "short", "ushort", 16, true }, { "ushort", "ushort", 16, false },
	{ "int", "uint", 32, true }, { "uint", "uint", 32, false },
	{ "long", "ulong", 64, true }, { "ulong", "ulong", 64, false },
};
#define NTYPES (int)(sizeof(types) / sizeof(types[0]))
#define NVARS 12
#define ARR 8

static uint64_t rnd(struct gen *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int pick(struct gen *g, int n)
{
	return (int)(rnd(g) % (uint64_t)n);
}

static void out(struct gen *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < g->cap - g->len)
			break;
		g->cap = 2 * g->cap + n;
		g->buf = realloc(g->buf, g->cap);
	}
	g->len += n;
}

static void indent(struct gen *g)
{
	int i;

	for (i = 0; i < g->depth + 1; i++)
		out(g, "\t");
}

/* The type of variable v (fixed per kernel: v % NTYPES). */
static int vtype(int v)
{
	return v % NTYPES;
}

static void expr(struct gen *g, int t, int depth);

/* A leaf of type t: a variable, a constant, an input or a loop index. */
static void leaf(struct gen *g, int t)
{
	switch (pick(g, 6)) {
	case 0:
	case 1:
		out(g, "(%s)v%d", types[t].name, pick(g, g->nvars));
		break;
	case 2: {
		static const int64_t edge[] = { 0, 1, -1, 2, 7, 127, 128, 255,
			-128, 32767, -32768, 65535, 2147483647, -2147483647 - 1,
			0x7fffffffffffffff };
		int64_t k = pick(g, 2) ? edge[pick(g, sizeof(edge) / 8)] :
					 (int64_t)rnd(g);

		/* a constant's value converted as C converts it */
		out(g, "(%s)%lluUL", types[t].name, (unsigned long long)k);
		break;
	}
	case 3:
		out(g, "(%s)in[(id + %d) %% 4096]", types[t].name, pick(g, 4000));
		break;
	case 4:
		if (g->loops) {
			out(g, "(%s)i%d", types[t].name, pick(g, g->loops));
			break;
		}
		/* fall through */
	default:
		out(g, "(%s)a[%d]", types[t].name, pick(g, ARR));
		break;
	}
}

static void binop(struct gen *g, int t, int depth)
{
	const char *u = types[t].utype, *n = types[t].name;
	int w = types[t].bits < 32 ? 32 : types[t].bits;

	switch (pick(g, 13)) {
	case 0: case 1: case 2: {
		static const char *const ops[] = { "+", "-", "*" };

		/* wrapping: through the unsigned type of at least int's width */
		out(g, "(%s)((%s)(", n, w == 64 ? "ulong" : "uint");
		expr(g, t, depth + 1);
		out(g, ") %s (%s)(", ops[pick(g, 3)], w == 64 ? "ulong" : "uint");
		expr(g, t, depth + 1);
		out(g, "))");
		break;
	}
	case 3: case 4: {
		static const char *const ops[] = { "&", "|", "^" };

		out(g, "(%s)((", n);
		expr(g, t, depth + 1);
		out(g, ") %s (", ops[pick(g, 3)]);
		expr(g, t, depth + 1);
		out(g, "))");
		break;
	}
	case 5:
		/* division and remainder by a positive divisor */
		out(g, "(%s)((", n);
		expr(g, t, depth + 1);
		out(g, ") %s (%s)(((%s)(", pick(g, 2) ? "/" : "%", n, u);
		expr(g, t, depth + 1);
		out(g, ") & 0x3f) + 1))");
		break;
	case 6:
		out(g, "(%s)((%s)(%s)(", n, u, u);
		expr(g, t, depth + 1);
		out(g, ") << ((");
		expr(g, 5, depth + 1);
		out(g, ") & %d))", types[t].bits - 1);
		break;
	case 7:
		out(g, "(%s)((", n);
		expr(g, t, depth + 1);
		out(g, ") >> ((");
		expr(g, 5, depth + 1);
		out(g, ") & %d))", types[t].bits - 1);
		break;
	case 8: {
		static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
		int t2 = pick(g, NTYPES);

		out(g, "(%s)((", n);
		expr(g, t2, depth + 1);
		out(g, ") %s (", ops[pick(g, 6)]);
		expr(g, t2, depth + 1);
		out(g, "))");
		break;
	}
	case 9:
		out(g, "((");
		expr(g, pick(g, NTYPES), depth + 1);
		out(g, ") %s (", pick(g, 2) ? "&&" : "||");
		expr(g, pick(g, NTYPES), depth + 1);
		out(g, ") ? (");
		expr(g, t, depth + 1);
		out(g, ") : (");
		expr(g, t, depth + 1);
		out(g, "))");
		break;
	case 10: {
		static const char *const fns[] = { "min", "max", "rotate",
			"mul_hi", "hadd", "rhadd" };

		out(g, "%s((%s)(", fns[pick(g, 6)], n);
		expr(g, t, depth + 1);
		out(g, "), (%s)(", n);
		expr(g, t, depth + 1);
		out(g, "))");
		break;
	}
	case 11: {
		static const char *const fns[] = { "popcount", "clz", "ctz" };

		out(g, "%s((%s)(", fns[pick(g, 3)], n);
		expr(g, t, depth + 1);
		out(g, "))");
		break;
	}
	default:
		/* conversion from another type */
		out(g, "(%s)(", n);
		expr(g, pick(g, NTYPES), depth + 1);
		out(g, ")");
		break;
	}
}

static void expr(struct gen *g, int t, int depth)
{
	if (depth > 3 || pick(g, 3) == 0)
		leaf(g, t);
	else
		binop(g, t, depth);
}

static void block(struct gen *g, int n);

static void stmt(struct gen *g)
{
	int v = pick(g, g->nvars), t = vtype(v);

	switch (g->depth < 3 ? pick(g, 8) : pick(g, 4)) {
	case 0: case 1: case 2:
		indent(g);
		out(g, "v%d = ", v);
		expr(g, t, 0);
		out(g, ";\n");
		break;
	case 3:
		indent(g);
		out(g, "a[(");
		expr(g, 5, 1);
		out(g, ") %% %d] ^= (ulong)(", ARR);
		expr(g, pick(g, NTYPES), 1);
		out(g, ");\n");
		break;
	case 4: case 5:
		indent(g);
		out(g, "if (");
		expr(g, pick(g, NTYPES), 1);
		out(g, ") {\n");
		g->depth++;
		block(g, 1 + pick(g, 3));
		g->depth--;
		indent(g);
		if (pick(g, 2)) {
			out(g, "} else {\n");
			g->depth++;
			block(g, 1 + pick(g, 3));
			g->depth--;
			indent(g);
		}
		out(g, "}\n");
		break;
	default: {
		int l = g->loops++;

		indent(g);
		out(g, "for (uint i%d = 0; i%d < %d; i%d++) {\n", l, l,
		    1 + pick(g, 6), l);
		g->depth++;
		block(g, 1 + pick(g, 3));
		if (pick(g, 4) == 0) {
			indent(g);
			out(g, "if ((v%d & 7) == 3)\n", pick(g, g->nvars));
			indent(g);
			out(g, "\t%s;\n", pick(g, 2) ? "break" : "continue");
		}
		g->depth--;
		g->loops--;
		indent(g);
		out(g, "}\n");
		break;
	}
	}
}

static void block(struct gen *g, int n)
{
	while (n--)
		stmt(g);
}

char *clc_random_program(uint64_t seed, unsigned int nkernels)
{
	struct gen g = { .s = seed, .cap = 65536 };
	unsigned int k;
	int v;

	g.buf = malloc(g.cap);
	g.buf[0] = 0;
	out(&g, "// random program, seed %llu\n", (unsigned long long)seed);
	for (k = 0; k < nkernels; k++) {
		g.nvars = NVARS;
		out(&g, "\n__kernel void r%u(__global ulong *out, __global const ulong *in, uint n)\n{\n", k);
		out(&g, "\tsize_t id = get_global_id(0);\n\tulong a[%d];\n", ARR);
		for (v = 0; v < ARR; v++)
			out(&g, "\ta[%d] = in[(id * %d + %d) %% 4096];\n", v,
			    1 + pick(&g, 9), pick(&g, 4096));
		for (v = 0; v < NVARS; v++)
			out(&g, "\t%s v%d = (%s)in[(id * %d + %d) %% 4096];\n",
			    types[vtype(v)].name, v, types[vtype(v)].name,
			    1 + pick(&g, 9), pick(&g, 4096));
		g.depth = 0;
		g.loops = 0;
		block(&g, 4 + pick(&g, 10));
		for (v = 0; v < NVARS; v++)
			out(&g, "\tout[16 * id + %d] = (ulong)v%d;\n", v, v);
		for (v = 0; v < 4; v++)
			out(&g, "\tout[16 * id + %d] = a[%d];\n", NVARS + v, v * 2);
		out(&g, "}\n");
	}
	return g.buf;
}
