// SPDX-License-Identifier: MIT
/*
 * Host unit tests of the gpsvm assembler/disassembler (lib/isa) and of the
 * encoding helpers of model/include/gpsvm_isa.h, checked against the spec,
 * firmware-notes/isa.md: its opcode map, its format masks and its worked
 * example are read from the document itself.
 *
 * Usage: test_asm [path/to/isa.md]. Prints "N passed, N failed" last and
 * exits non-zero on any failure.
 */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_isa.h"
#include "gpsvm_asm.h"

static int npass, nfail;

static void check(int ok, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(int ok, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		npass++;
		return;
	}
	nfail++;
	printf("FAIL (test_asm.c:%d): ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define CHECK(cond, ...) check(!!(cond), __LINE__, __VA_ARGS__)

/* Assemble src; on success return the word count, else -1 (diag in err). */
static long assemble(const char *src, uint64_t *words, size_t max,
		     char *err, size_t errsize)
{
	struct gpsvm_asm_result r;
	long n = -1;

	err[0] = '\0';
	if (gpsvm_asm(src, &r)) {
		snprintf(err, errsize, "line %u: %s",
			 r.ndiags ? r.diags[0].line : 0,
			 r.ndiags ? r.diags[0].msg : "?");
	} else {
		n = (long)r.nwords;
		for (size_t i = 0; i < r.nwords && i < max; i++)
			words[i] = r.words[i];
	}
	gpsvm_asm_free(&r);
	return n;
}

/* Assemble one instruction; 0 and *w on success. */
static int asm1(const char *src, uint64_t *w, char *err, size_t errsize)
{
	long n = assemble(src, w, 1, err, errsize);

	if (n == 1)
		return 0;
	if (n >= 0)
		snprintf(err, errsize, "%ld words, expected 1", n);
	return -1;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* word -> text -> word; 0 when it comes back the same. */
static int roundtrip(uint64_t w, char *text, size_t size, char *err,
		     size_t errsize)
{
	uint64_t w2 = 0;

	gpsvm_disasm(w, text, size);
	if (asm1(text, &w2, err, errsize))
		return -1;
	if (w2 != w) {
		snprintf(err, errsize, "reassembled as 0x%016" PRIx64, w2);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Words computed by hand from the field table of isa.md section 4.1. */

static const struct {
	const char *text;	/* canonical: also what the disassembler prints */
	uint64_t word;
} known[] = {
	{ "nop", 0x0000000000000701ULL },
	{ "exit", 0x0000000000000702ULL },
	{ "@!p3 exit", 0x0000000000000b02ULL },
	{ "bar", 0x0000000000000707ULL },
	{ "membar.sys", 0x000000000000070aULL },
	{ "add.32 r1, r2, r3", 0x0000000300081720ULL },
	{ "add.64 r1, r2, -5", 0xfffffffb01081740ULL },
	{ "sub.32 r10, r20, -1", 0xffffffff0150a721ULL },
	{ "mulhi.u64 r62, rz, r61", 0x0000003d00ffe744ULL },
	{ "div.s32 r0, r1, r2", 0x0000000200040725ULL },
	{ "not.64 r5, r6", 0x000000060000574cULL },
	{ "mov.64 r5, -1", 0xffffffff01005754ULL },
	{ "@p2 mov.32 r5, 0x80000000", 0x8000000001005234ULL },
	{ "sel.32 r1, r2, r3, !p4", 0x0000000318081735ULL },
	{ "sel.64 r1, r2, 9, p0", 0x0000000901081755ULL },
	{ "sext16.64 r7, r8", 0x0000000800007757ULL },
	{ "movhi r7, r7, 0x12345678", 0x12345678011c775cULL },
	{ "add.f32 r1, r2, 1.5", 0x3fc0000001081760ULL },
	{ "fma.f32 r1, r2, r3, r4", 0x0000000308081763ULL },
	{ "fma.f32 r1, r2, -2, r4", 0xc000000009081763ULL },
	{ "neg.f32 r1, r2", 0x0000000200001767ULL },
	{ "cvt.s32.f32 r3, r4", 0x0000000400003774ULL },
	{ "cvt.f32.u64 r3, r4", 0x0000000400003773ULL },
	{ "setp.lt.s32 p1, r2, r3", 0x000000030e089718ULL },
	{ "setp.ge.u64.or p2, r4, 100, !p1", 0x000000643313271bULL },
	{ "setp.neu.f32 p3, r5, r6", 0x000000068e16b71cULL },
	{ "setp.nan.f32.xor p0, r5, r5, p6", 0x00000005cc14071cULL },
	{ "plop.or p1, !p2, p3", 0x000000002628171dULL },
	{ "s2r r9, ctaid.z", 0x0000000000289710ULL },
	{ "s2r r9, clock", 0x0000000000409710ULL },
	{ "ldarg.64 r4, [8]", 0x0000000801fc4713ULL },
	{ "ldarg.s32 r4, [r2 + r3]", 0x0000000300084712ULL },
	{ "ld.s8 r1, [r2 - 4]", 0xfffffffc01081781ULL },
	{ "ld.64 r1, [r2]", 0x0000000001081786ULL },
	{ "ld.u16 r1, [r2 + r3]", 0x0000000300081782ULL },
	{ "st.16 [r2 + 256], r9", 0x0000010013080789ULL },
	{ "st.64 [r2 + r3], r9", 0x000000031208078bULL },
	{ "prefetch [r2 + 0x1000]", 0x000010000108078cULL },
	{ "atom.add.32 rz, [r2], 1", 0x00000001010bf790ULL },
	{ "atom.inc.u64 r1, [r2], r3", 0x00000003000817a2ULL },
	{ "atom.cas.64 r1, [r2], r3, r4", 0x00000003080817acULL },
	{ "bra +0", 0x0000000001000703ULL },
	{ "@p1 bra -3", 0xfffffffd01000103ULL },
	{ "call r62, +5", 0x000000050103e704ULL },
	{ "ret r62", 0x0000000000f80705ULL },
	{ "trap 0xdeadbeef", 0xdeadbeef01000706ULL },
};

/* Other spellings of some of the above. */
static const struct {
	const char *text;
	uint64_t word;
} aliases[] = {
	{ "sub.32 r10, r20, 0xffffffff", 0xffffffff0150a721ULL },
	{ "SUB.32 R10, R20, 4294967295", 0xffffffff0150a721ULL },
	{ "st.16 [r2 + 0x100], r9", 0x0000010013080789ULL },
	{ "prefetch [r2+4096]", 0x000010000108078cULL },
	{ "call +5", 0x000000050103e704ULL },
	{ "call lr, +5", 0x000000050103e704ULL },
	{ "ret", 0x0000000000f80705ULL },
	{ "ret lr", 0x0000000000f80705ULL },
	{ "@pt nop", 0x0000000000000701ULL },
	{ "@p7 nop", 0x0000000000000701ULL },
	{ "mulhi.u64 r62, r63, r61", 0x0000003d00ffe744ULL },
	{ "setp.lt.s32.and p1, r2, r3, pt", 0x000000030e089718ULL },
	{ "setp.lt.s32 p1, r2, r3, p7", 0x000000030e089718ULL },
	{ "ld.64 r1, [r2 + 0]", 0x0000000001081786ULL },
	{ "ld.64 r1, [r2 - 0]", 0x0000000001081786ULL },
	{ "ldarg.64 r4, [rz + 8]", 0x0000000801fc4713ULL },
	{ "add.f32 r1, r2, 0x3fc00000", 0x3fc0000001081760ULL },
	{ "add.f32 r1, r2, 15e-1", 0x3fc0000001081760ULL },
	{ "fma.f32 r1, r2, -2.0, r4", 0xc000000009081763ULL },
	{ "trap 3735928559", 0xdeadbeef01000706ULL },
	{ "trap -559038737", 0xdeadbeef01000706ULL },
	{ "  nop   // comment", 0x0000000000000701ULL },
	{ "nop # comment", 0x0000000000000701ULL },
	{ "\tadd.32\tr1,r2,r3", 0x0000000300081720ULL },
};

static void test_known_words(void)
{
	char err[300], text[160];
	uint64_t w;
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct gpsvm_isa_insn in;

		w = 0;
		CHECK(!asm1(known[i].text, &w, err, sizeof(err)) &&
		      w == known[i].word,
		      "'%s' assembled to 0x%016" PRIx64 ", spec says 0x%016"
		      PRIx64 " %s", known[i].text, w, known[i].word, err);
		CHECK(gpsvm_isa_decode(known[i].word, &in) == 0 &&
		      gpsvm_isa_encode(&in) == known[i].word,
		      "0x%016" PRIx64 " does not decode/encode back",
		      known[i].word);
		CHECK(gpsvm_disasm(known[i].word, text, sizeof(text)) == 0 &&
		      !strcmp(text, known[i].text),
		      "0x%016" PRIx64 " disassembled as '%s', expected '%s'",
		      known[i].word, text, known[i].text);
	}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		w = 0;
		CHECK(!asm1(aliases[i].text, &w, err, sizeof(err)) &&
		      w == aliases[i].word,
		      "'%s' assembled to 0x%016" PRIx64 ", expected 0x%016"
		      PRIx64 " %s", aliases[i].text, w, aliases[i].word, err);
	}
}

/* Decoded fields of a few words, field by field. */
static void test_decode_fields(void)
{
	struct gpsvm_isa_insn in;

	CHECK(gpsvm_isa_decode(0x000000643313271bULL, &in) == 0 &&
	      in.op == GPSVM_OP_SETP_U64 && in.fmt == GPSVM_FMT_SETP &&
	      in.pd == 2 && in.cmp == GPSVM_CMP_GE && in.ra == 4 &&
	      in.bi == 1 && in.imm == 100 && in.ps == 1 && in.psn == 1 &&
	      in.comb == GPSVM_COMB_OR && in.gp == 7 && in.gn == 0 &&
	      in.rd == 0, "setp.ge.u64.or fields");
	CHECK(gpsvm_isa_decode(0x00000003080817acULL, &in) == 0 &&
	      in.op == GPSVM_OP_ATOM_CAS_64 && in.fmt == GPSVM_FMT_CAS &&
	      in.rd == 1 && in.ra == 2 && in.bi == 0 && in.rb == 3 &&
	      in.rc == 4, "atom.cas.64 fields");
	CHECK(gpsvm_isa_decode(0x000000068e16b71cULL, &in) == 0 &&
	      in.cmp == GPSVM_CMP_NEU, "setp.neu.f32 code 0xd");
	CHECK(gpsvm_isa_decode(0x0000000000409710ULL, &in) == 0 &&
	      in.sr == GPSVM_SR_CLOCK && in.rd == 9 && in.ra == 0,
	      "s2r clock fields");
	CHECK(gpsvm_isa_decode(0x000000002628171dULL, &in) == 0 &&
	      in.pd == 1 && in.pa == 2 && in.pan == 1 && in.ps == 3 &&
	      in.psn == 0 && in.comb == GPSVM_COMB_OR, "plop.or fields");
	CHECK(gpsvm_isa_decode(0xfffffffd01000103ULL, &in) == 0 &&
	      in.gp == 1 && in.gn == 0 && in.bi == 1 && in.imm == -3,
	      "@p1 bra -3 fields");
}

/* Words that must not decode, each with the reason from section 4.4. */
static void test_invalid_words(void)
{
	static const struct {
		uint64_t word;
		int err;
		const char *why;
	} bad[] = {
		{ 0x0000000000000000ULL, GPSVM_ISA_ERR_OPCODE, "opcode 0" },
		{ 0x0000000000000700ULL, GPSVM_ISA_ERR_OPCODE, "opcode 0 @pt" },
		{ 0x000000000000070bULL, GPSVM_ISA_ERR_OPCODE, "opcode 0x0b" },
		{ 0x000000000000073cULL, GPSVM_ISA_ERR_OPCODE, "opcode 0x3c" },
		{ 0x00000000000007adULL, GPSVM_ISA_ERR_OPCODE, "opcode 0xad" },
		{ 0x00000000000007ffULL, GPSVM_ISA_ERR_OPCODE, "opcode 0xff" },
		{ 0x0000000000001701ULL, GPSVM_ISA_ERR_ENCODING, "nop with RD" },
		{ 0x0000000001000701ULL, GPSVM_ISA_ERR_ENCODING, "nop with BI" },
		{ 0x0000000100000701ULL, GPSVM_ISA_ERR_ENCODING, "nop, bit 32" },
		{ 0x0000000380081720ULL, GPSVM_ISA_ERR_ENCODING, "add, bit 31" },
		{ 0x0000004300081720ULL, GPSVM_ISA_ERR_ENCODING, "add, bit 38 with BI 0" },
		{ 0x8000000300081720ULL, GPSVM_ISA_ERR_ENCODING, "add, bit 63 with BI 0" },
		{ 0x0000000302081720ULL, GPSVM_ISA_ERR_ENCODING, "add with RC" },
		{ 0x0000000200041767ULL, GPSVM_ISA_ERR_ENCODING, "neg.f32 with RA" },
		{ 0x0000000000000703ULL, GPSVM_ISA_ERR_ENCODING, "bra with BI 0" },
		{ 0x0000000000000706ULL, GPSVM_ISA_ERR_ENCODING, "trap with BI 0" },
		{ 0x000000050003e704ULL, GPSVM_ISA_ERR_ENCODING, "call with BI 0" },
		{ 0x0000000001f80705ULL, GPSVM_ISA_ERR_ENCODING, "ret with BI" },
		{ 0x0000000000f81705ULL, GPSVM_ISA_ERR_ENCODING, "ret with RD" },
		{ 0x000000038e089718ULL, GPSVM_ISA_ERR_ENCODING, "setp.s32 with U" },
		{ 0x000000036e089718ULL, GPSVM_ISA_ERR_ENCODING, "setp COMB 3" },
		{ 0x000000006628171dULL, GPSVM_ISA_ERR_ENCODING, "plop COMB 3" },
		{ 0x000000002668171dULL, GPSVM_ISA_ERR_ENCODING, "plop bit 22" },
		{ 0x000000002628171fULL, GPSVM_ISA_ERR_OPCODE, "opcode 0x1f" },
		{ 0x00000000000c9710ULL, GPSVM_ISA_ERR_ENCODING, "s2r SR 3" },
		{ 0x0000000000449710ULL, GPSVM_ISA_ERR_ENCODING, "s2r SR 0x11" },
		{ 0x0000000001289710ULL, GPSVM_ISA_ERR_ENCODING, "s2r with BI" },
		{ 0x0000000300081780ULL | (1ULL << 31), GPSVM_ISA_ERR_ENCODING, "ld bit 31" },
		{ 0x0000000312081780ULL, GPSVM_ISA_ERR_ENCODING, "ld with RC" },
		{ 0x000000031208178bULL, GPSVM_ISA_ERR_ENCODING, "st with RD" },
		{ 0x0000000308081790ULL, GPSVM_ISA_ERR_ENCODING, "atom.add with RC" },
		{ 0x000000030e089718ULL | (1ULL << 38), GPSVM_ISA_ERR_ENCODING, "setp bit 38, BI 0" },
	};
	struct gpsvm_isa_insn in;
	char text[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = gpsvm_isa_decode(bad[i].word, &in);

		CHECK(r == -bad[i].err, "%s: 0x%016" PRIx64
		      " decoded to %d, expected %d", bad[i].why, bad[i].word,
		      r, -bad[i].err);
		CHECK(gpsvm_disasm(bad[i].word, text, sizeof(text)) ==
		      -bad[i].err && !strncmp(text, ".word 0x", 8),
		      "%s: disassembled as '%s'", bad[i].why, text);
	}
	/* Controls: RC is a field of CAS; setp.f32 may set U; @!pt. */
	CHECK(gpsvm_isa_decode(0x000000030808179cULL, &in) == 0 &&
	      in.rc == 4, "atom.cas.32 r1, [r2], r3, r4 valid");
	CHECK(gpsvm_isa_decode(0x000000038e08971cULL, &in) == 0 &&
	      in.cmp == GPSVM_CMP_LTU, "setp.ltu.f32 valid");
	CHECK(gpsvm_isa_decode(0x0000000000000f01ULL, &in) == 0 &&
	      in.gp == 7 && in.gn == 1, "@!pt nop valid");
}

/* ---------------------------------------------------------------------- */
/* The opcode map and the format masks of isa.md. */

static const char *const fmt_names[GPSVM_FMT_COUNT] = {
	[GPSVM_FMT_NONE] = "NONE", [GPSVM_FMT_RAB] = "RAB",
	[GPSVM_FMT_RB] = "RB", [GPSVM_FMT_FMA] = "FMA",
	[GPSVM_FMT_SEL] = "SEL", [GPSVM_FMT_SETP] = "SETP",
	[GPSVM_FMT_PLOP] = "PLOP", [GPSVM_FMT_LD] = "LD",
	[GPSVM_FMT_ST] = "ST", [GPSVM_FMT_PF] = "PF",
	[GPSVM_FMT_ATOM] = "ATOM", [GPSVM_FMT_CAS] = "CAS",
	[GPSVM_FMT_BRA] = "BRA", [GPSVM_FMT_CALL] = "CALL",
	[GPSVM_FMT_RET] = "RET", [GPSVM_FMT_TRAP] = "TRAP",
	[GPSVM_FMT_S2R] = "S2R",
};

static int fmt_by_name(const char *s)
{
	for (int i = 1; i < GPSVM_FMT_COUNT; i++)
		if (fmt_names[i] && !strcmp(fmt_names[i], s))
			return i;
	return 0;
}

static char *doc;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	char *s;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

/* Split a markdown table row into trimmed cells; returns their number. */
static int cells(const char *line, char out[][64], int max)
{
	int n = 0;
	const char *p = line;

	if (*p != '|')
		return 0;
	p++;
	while (*p && *p != '\n' && n < max) {
		const char *e = p;
		size_t len;

		while (*e && *e != '|' && *e != '\n')
			e++;
		if (*e != '|')
			break;
		while (p < e && *p == ' ')
			p++;
		len = (size_t)(e - p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len >= 64)
			len = 63;
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		n++;
		p = e + 1;
	}
	return n;
}

/* The instruction texts that exercise every addressing form of a format. */
static int variants(const char *mn, int fmt, char out[][96])
{
	int n = 0;

#define V(...) snprintf(out[n++], 96, __VA_ARGS__)
	switch (fmt) {
	case GPSVM_FMT_NONE:
		V("%s", mn);
		break;
	case GPSVM_FMT_RAB:
		V("%s r1, r2, r3", mn);
		V("%s r61, rz, 7", mn);
		V("%s r0, r62, -1", mn);
		break;
	case GPSVM_FMT_RB:
		V("%s r1, r3", mn);
		V("%s r1, 5", mn);
		V("%s rz, -100", mn);
		break;
	case GPSVM_FMT_FMA:
		V("%s r1, r2, r3, r4", mn);
		V("%s r1, r2, 2.5, r4", mn);
		break;
	case GPSVM_FMT_SEL:
		V("%s r1, r2, r3, p1", mn);
		V("%s r1, r2, -7, !p6", mn);
		break;
	case GPSVM_FMT_LD:
		V("%s r1, [r2]", mn);
		V("%s r1, [r2 + 8]", mn);
		V("%s r1, [r2 - 0x2000]", mn);
		V("%s r1, [r2 + r3]", mn);
		V("%s r1, [64]", mn);
		V("%s r1, [-8]", mn);
		break;
	case GPSVM_FMT_ST:
		V("%s [r2], r1", mn);
		V("%s [r2 + 8], r1", mn);
		V("%s [r2 - 16], r1", mn);
		V("%s [r2 + r3], r1", mn);
		V("%s [4096], r1", mn);
		break;
	case GPSVM_FMT_PF:
		V("%s [r2]", mn);
		V("%s [r2 + 4096]", mn);
		V("%s [r2 + r3]", mn);
		V("%s [0x10000]", mn);
		break;
	case GPSVM_FMT_ATOM:
		V("%s r1, [r2], r3", mn);
		V("%s rz, [r2], 1", mn);
		V("%s r1, [r2], -2", mn);
		break;
	case GPSVM_FMT_CAS:
		V("%s r1, [r2], r3, r4", mn);
		V("%s r1, [r2], 0, r4", mn);
		break;
	case GPSVM_FMT_BRA:
		V("%s +3", mn);
		V("%s -1", mn);
		V("%s +0", mn);
		break;
	case GPSVM_FMT_CALL:
		V("%s r62, +3", mn);
		V("%s r5, -10", mn);
		break;
	case GPSVM_FMT_RET:
		V("%s r62", mn);
		V("%s r0", mn);
		break;
	case GPSVM_FMT_TRAP:
		V("%s 0", mn);
		V("%s 0x1234", mn);
		break;
	case GPSVM_FMT_S2R:
		V("%s r1, tid.x", mn);
		V("%s r2, ntid.z", mn);
		V("%s r3, nctaid.y", mn);
		V("%s r4, clock", mn);
		break;
	default:
		break;
	}
#undef V
	return n;
}

static const char *const int_conds[] = {
	"f", "lt", "eq", "le", "gt", "ne", "ge", "t",
};

static const char *const f_conds[] = {
	"f", "lt", "eq", "le", "gt", "ne", "ge", "num",
	"nan", "ltu", "equ", "leu", "gtu", "neu", "geu", "t",
};

/* Assemble each text; check opcode, format, fields and the round trip. */
static void check_texts(unsigned int op, int fmt, char texts[][96], int n)
{
	static const char *const guards[] = { "", "@p3 ", "@!p0 ", "@!pt " };
	char err[300], text[160], src[160];

	for (int i = 0; i < n; i++) {
		for (size_t g = 0; g < 4; g++) {
			struct gpsvm_isa_insn in;
			uint64_t w = 0;
			int ok;

			snprintf(src, sizeof(src), "%s%s", guards[g], texts[i]);
			ok = !asm1(src, &w, err, sizeof(err));
			CHECK(ok, "'%s' does not assemble: %s", src, err);
			if (!ok)
				continue;
			CHECK((w & 0xff) == op && gpsvm_isa_decode(w, &in) == 0 &&
			      (int)in.fmt == fmt,
			      "'%s' -> 0x%016" PRIx64 ": opcode or format is not 0x%02x %s",
			      src, w, op, fmt_names[fmt]);
			CHECK(!roundtrip(w, text, sizeof(text), err, sizeof(err)),
			      "'%s' -> 0x%016" PRIx64 " -> '%s': %s", src, w,
			      text, err);
		}
	}
}

static void test_doc_opcode_map(void)
{
	int documented[256] = { 0 };
	int rows = 0, masks = 0, fmt_seen[GPSVM_FMT_COUNT] = { 0 };
	const char *p;

	CHECK(doc != NULL, "firmware-notes/isa.md not found (pass its path)");
	if (!doc)
		return;
	for (p = doc; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char c[8][64], texts[64][96], mn[64];
		unsigned int op;
		int fmt, n;

		n = cells(p, c, 8);
		/* Section 4.3 mask table: | FMT[, FMT] | 0x........ | BI | */
		if (n == 3 && !strncmp(c[1], "0x", 2) && strlen(c[1]) == 10) {
			uint32_t mask = (uint32_t)strtoul(c[1], NULL, 16);
			char *tok;

			for (tok = strtok(c[0], ", "); tok;
			     tok = strtok(NULL, ", ")) {
				fmt = fmt_by_name(tok);
				CHECK(fmt, "mask table: unknown format '%s'", tok);
				if (!fmt)
					continue;
				fmt_seen[fmt]++;
				masks++;
				CHECK(gpsvm_isa_lo_mask(gpsvm_isa_fmt_fields(fmt)) ==
				      mask, "format %s: header mask 0x%08x, spec 0x%08x",
				      tok, gpsvm_isa_lo_mask(gpsvm_isa_fmt_fields(fmt)),
				      mask);
			}
			continue;
		}
		/* Section 5: | 0xNN | `mnemonic` | FORMAT | operation | */
		if (n < 4 || strncmp(c[0], "0x", 2) || strlen(c[0]) != 4 ||
		    c[1][0] != '`')
			continue;
		op = (unsigned int)strtoul(c[0], NULL, 16);
		snprintf(mn, sizeof(mn), "%.*s", (int)strlen(c[1]) - 2,
			 c[1] + 1);
		fmt = fmt_by_name(c[2]);
		rows++;
		CHECK(!documented[op], "opcode 0x%02x documented twice", op);
		documented[op] = 1;
		CHECK(fmt && (int)gpsvm_isa_op_fmt(op) == fmt,
		      "opcode 0x%02x (%s): spec format %s, header format %d",
		      op, mn, c[2], gpsvm_isa_op_fmt(op));
		if (!fmt)
			continue;
		if (fmt == GPSVM_FMT_SETP) {
			int is_f = strstr(mn, ".f32") != NULL;
			const char *type = strrchr(mn, '.') + 1;
			int nc = is_f ? 16 : 8;

			n = 0;
			for (int i = 0; i < nc; i++) {
				const char *cn = is_f ? f_conds[i] : int_conds[i];

				snprintf(texts[n++], 96, "setp.%s.%s p1, r2, r3",
					 cn, type);
				snprintf(texts[n++], 96,
					 "setp.%s.%s.or p0, r2, %s, !p5", cn,
					 type, is_f ? "-0.25" : "-9");
			}
			snprintf(texts[n++], 96, "setp.lt.%s.xor p6, rz, r3, p2",
				 type);
			snprintf(texts[n++], 96, "setp.lt.%s.and pt, r1, 0, p2",
				 type);
			check_texts(op, fmt, texts, n);
			continue;
		}
		if (fmt == GPSVM_FMT_PLOP) {
			n = 0;
			for (int i = 0; i < 3; i++) {
				static const char *const cb[] = { "and", "or", "xor" };

				snprintf(texts[n++], 96, "plop.%s p1, p2, p3", cb[i]);
				snprintf(texts[n++], 96, "plop.%s p0, !pt, !p6", cb[i]);
			}
			check_texts(op, fmt, texts, n);
			continue;
		}
		n = variants(mn, fmt, texts);
		CHECK(n > 0, "no test variants for %s", mn);
		check_texts(op, fmt, texts, n);
	}
	CHECK(rows > 100, "only %d opcode rows found in isa.md", rows);
	CHECK(masks == GPSVM_FMT_COUNT - 1,
	      "mask table covers %d formats, expected %d", masks,
	      GPSVM_FMT_COUNT - 1);
	for (int f = 1; f < GPSVM_FMT_COUNT; f++)
		CHECK(fmt_seen[f] == 1, "format %s in the mask table %d times",
		      fmt_names[f], fmt_seen[f]);
	for (unsigned int op = 0; op < 256; op++)
		CHECK(documented[op] ==
		      (gpsvm_isa_op_fmt(op) != GPSVM_FMT_INVALID),
		      "opcode 0x%02x: documented %d, defined in header %d", op,
		      documented[op], gpsvm_isa_op_fmt(op) != GPSVM_FMT_INVALID);
}

/* The worked example of section 12: source, words and disassembly. */
static void test_doc_example(void)
{
	const char *src, *enc, *e;
	char *code, err[300];
	uint64_t words[64];
	long n;
	int lines = 0;

	if (!doc)
		return;
	src = strstr(doc, "<!-- example:vadd:source -->");
	enc = strstr(doc, "<!-- example:vadd:encoding -->");
	CHECK(src && enc, "worked example markers missing in isa.md");
	if (!src || !enc)
		return;
	src = strstr(src, "```\n") + 4;
	e = strstr(src, "```");
	code = malloc((size_t)(e - src) + 1);
	memcpy(code, src, (size_t)(e - src));
	code[e - src] = '\0';
	n = assemble(code, words, 64, err, sizeof(err));
	free(code);
	CHECK(n > 0, "worked example does not assemble: %s", err);

	enc = strstr(enc, "```\n") + 4;
	e = strstr(enc, "```");
	while (enc < e) {
		unsigned int pc;
		uint64_t w;
		char text[160], dis[160];
		int off = 0;

		if (sscanf(enc, "%x %" SCNx64 " %n", &pc, &w, &off) != 2) {
			CHECK(0, "bad encoding line in isa.md: %.30s", enc);
			break;
		}
		snprintf(text, sizeof(text), "%.*s",
			 (int)strcspn(enc + off, "\n"), enc + off);
		CHECK(pc == 8u * (unsigned int)lines && lines < n &&
		      words[lines] == w,
		      "example at 0x%04x: spec 0x%016" PRIx64 ", assembler 0x%016"
		      PRIx64, pc, w, lines < n ? words[lines] : 0);
		gpsvm_disasm(w, dis, sizeof(dis));
		CHECK(!strcmp(dis, text), "example at 0x%04x: spec '%s', disassembler '%s'",
		      pc, text, dis);
		lines++;
		enc = strchr(enc, '\n') + 1;
	}
	CHECK(lines == n, "example: %d encoded lines, %ld words", lines, n);
}

/* ---------------------------------------------------------------------- */

static void test_labels(void)
{
	static const char src[] =
		"top:\n"			/* 1 */
		"  nop\n"			/* 2: word 0 */
		"  bra fwd        // forward\n"	/* 3: word 1 -> 4 */
		"  @p0 bra top    // backward\n"	/* 4: word 2 -> 0 */
		"  call fn\n"			/* 5: word 3 -> 5 */
		"fwd: bra fwd\n"		/* 6: word 4 -> 4 */
		"fn: a2: ret\n"			/* 7: word 5 */
		"  bra a2\n"			/* 8: word 6 -> 5 */
		"  bra end\n"			/* 9: word 7 -> 8 */
		"end:\n";			/* 10 */
	static const int32_t want[] = { 0, 3, -2, 2, 0, 0, -1, 1 };
	struct gpsvm_asm_result r;
	int ok = !gpsvm_asm(src, &r);

	CHECK(ok && r.nwords == 8, "label program: %zu words", r.nwords);
	for (size_t i = 0; ok && i < 8 && i < r.nwords; i++) {
		struct gpsvm_isa_insn in;

		gpsvm_isa_decode(r.words[i], &in);
		if (in.fmt == GPSVM_FMT_BRA || in.fmt == GPSVM_FMT_CALL)
			CHECK(in.imm == want[i], "word %zu: offset %d, expected %d",
			      i, in.imm, want[i]);
	}
	CHECK(ok && r.lines[5] == 7 && r.lines[0] == 2,
	      "source lines of words");
	CHECK(ok && r.words[2] == 0xfffffffe01000003ULL,
	      "@p0 bra top = 0x%016" PRIx64, ok ? r.words[2] : 0);
	CHECK(ok && r.words[3] == 0x000000020103e704ULL, "call fn");
	gpsvm_asm_free(&r);
}

static void test_li(void)
{
	static const struct {
		const char *src;
		uint64_t value;
		size_t words;
	} cases[] = {
		{ "li r1, 5", 5, 1 },
		{ "li r1, -5", (uint64_t)-5, 1 },
		{ "li r1, 0x7fffffff", 0x7fffffff, 1 },
		{ "li r1, -0x80000000", 0xffffffff80000000ULL, 1 },
		{ "li r1, 0x80000000", 0x80000000ULL, 1 },
		{ "li r1, 0xffffffff", 0xffffffffULL, 1 },
		{ "li r1, 0x100000000", 0x100000000ULL, 2 },
		{ "li r1, 0x123456789abcdef0", 0x123456789abcdef0ULL, 2 },
		{ "li r1, -0x123456789", (uint64_t)-0x123456789LL, 2 },
		{ "li r1, 0xffffffffffffffff", UINT64_MAX, 1 },
		{ "li r1, -0x8000000000000000", 0x8000000000000000ULL, 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t w[2] = { 0, 0 }, v = 0x5555555555555555ULL;
		char err[300];
		long n = assemble(cases[i].src, w, 2, err, sizeof(err));
		int good = n == (long)cases[i].words;

		/* Execute the words per section 6 on r1. */
		for (long j = 0; good && j < n; j++) {
			struct gpsvm_isa_insn in;
			uint64_t b;

			good = !gpsvm_isa_decode(w[j], &in) && in.rd == 1 && in.bi;
			b = (uint64_t)(int64_t)in.imm;
			if (in.op == GPSVM_OP_MOV_64)
				v = b;
			else if (in.op == GPSVM_OP_MOV_32)
				v = (uint32_t)b;
			else if (in.op == GPSVM_OP_MOVHI && in.ra == 1)
				v = (uint32_t)v | (b << 32);
			else
				good = 0;
		}
		CHECK(good && v == cases[i].value,
		      "'%s': %ld words, value 0x%016" PRIx64 " %s", cases[i].src,
		      n, v, err);
	}
}

static void test_float_imm(void)
{
	static const struct {
		const char *imm;
		uint32_t bits;
	} cases[] = {
		{ "1", 0x3f800000 },	 { "-3", 0xc0400000 },
		{ "0.1", 0x3dcccccd },	 { "-0", 0x80000000 },
		{ "0", 0x00000000 },	 { "1e-45", 0x00000001 },
		{ "1.17549435e-38", 0x00800000 },
		{ "3.40282347e38", 0x7f7fffff },
		{ "inf", 0x7f800000 },	 { "-inf", 0xff800000 },
		{ "nan", 0x7fc00000 },	 { "0x7f800001", 0x7f800001 },
		{ ".5", 0x3f000000 },	 { "2.5E+2", 0x437a0000 },
	};
	char src[96], err[300], text[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t w = 0;

		snprintf(src, sizeof(src), "mul.f32 r1, r2, %s", cases[i].imm);
		CHECK(!asm1(src, &w, err, sizeof(err)) &&
		      (uint32_t)(w >> 32) == cases[i].bits,
		      "'%s': bits 0x%08x, expected 0x%08x %s", src,
		      (uint32_t)(w >> 32), cases[i].bits, err);
		CHECK(!roundtrip(w, text, sizeof(text), err, sizeof(err)),
		      "'%s' round trip via '%s': %s", src, text, err);
	}
}

static void test_symbols(void)
{
	static const char src[] =
		".equ N, 16\n"
		".equ NEG, -4\n"
		".equ HALF, 0.5\n"
		".equ BIG, 0x123456789\n"
		".reg idx, r5\n"
		".reg cond, p3\n"
		"ldarg.u32 idx, [N]\n"
		"add.64 idx, idx, -NEG\n"
		"setp.lt.s32 cond, idx, N\n"
		"@!cond mul.f32 r1, r1, HALF\n"
		"li r2, BIG\n"
		"ld.64 r3, [idx + NEG]\n";
	static const char *const want[] = {
		"ldarg.u32 r5, [16]",
		"add.64 r5, r5, 4",
		"setp.lt.s32 p3, r5, 16",
		"@!p3 mul.f32 r1, r1, 0.5",
		"mov.32 r2, 0x23456789",
		"movhi r2, r2, 1",
		"ld.64 r3, [r5 - 4]",
	};
	struct gpsvm_asm_result r;
	char text[160];
	int ok = !gpsvm_asm(src, &r);

	CHECK(ok && r.nwords == 7, ".equ/.reg program: %zu words, %s",
	      r.nwords, r.ndiags ? r.diags[0].msg : "");
	for (size_t i = 0; ok && i < r.nwords && i < 7; i++) {
		gpsvm_disasm(r.words[i], text, sizeof(text));
		CHECK(!strcmp(text, want[i]), "word %zu: '%s', expected '%s'",
		      i, text, want[i]);
	}
	gpsvm_asm_free(&r);
}

/* .word: any value, also an invalid instruction; and its disassembly. */
static void test_word_directive(void)
{
	uint64_t w[3];
	char err[300];
	long n = assemble("  .word 0x00000000000007ff\n.word -1\n.word 0x701\n",
			  w, 3, err, sizeof(err));

	CHECK(n == 3 && w[0] == 0x7ff && w[1] == UINT64_MAX && w[2] == 0x701,
	      ".word: %ld words %s", n, err);
}

/* Every error, with its line number. */
static void test_errors(void)
{
	static const struct {
		const char *src;
		unsigned int line;
		const char *msg;
	} cases[] = {
		{ "nop\n  frob r1, r2\n", 2, "unknown opcode 'frob'" },
		{ "nop\nnop\nadd r1, r2, r3\n", 3, "unknown opcode 'add'" },
		{ "ld.32 r1, [r2]\n", 1, "did you mean" },
		{ "setp.ltu.s32 p0, r1, r2\n", 1, "bad integer condition" },
		{ "setp.lt.s16 p0, r1, r2\n", 1, "setp type" },
		{ "setp.lt.s32.nand p0, r1, r2, p1\n", 1, "combine op" },
		{ "plop.nor p0, p1, p2\n", 1, "unknown opcode" },
		{ "\n\nadd.32 r64, r1, r2\n", 3, "bad register 'r64'" },
		{ "add.32 r1, x5, r2\n", 1, "bad register 'x5'" },
		{ "add.32 r1, r2, p3\n", 1, "bad register 'p3'" },
		{ "mov.64 r1\n", 1, "missing" },
		{ "add.32 r1, r2, r3, r4\n", 1, "unexpected" },
		{ "@p8 nop\n", 1, "bad predicate 'p8'" },
		{ "@r1 nop\n", 1, "bad predicate" },
		{ "setp.lt.s32 !p1, r2, r3\n", 1, "cannot be negated" },
		{ "add.64 r1, r2, 0x80000000\n", 1, "out of range" },
		{ "add.64 r1, r2, -0x80000001\n", 1, "out of range" },
		{ "add.32 r1, r2, 0x100000000\n", 1, "out of range" },
		{ "add.32 r1, r2, -0x80000001\n", 1, "out of range" },
		{ "ld.u32 r1, [r2 + 0x80000000]\n", 1, "out of range" },
		{ "nop\nli r1, 0x10000000000000000\n", 2, "out of range" },
		{ "trap 0x100000000\n", 1, "out of range" },
		{ "bra +0x80000000\n", 1, "out of range" },
		{ "add.f32 r1, r2, 1e39\n", 1, "out of range" },
		{ "add.f32 r1, r2, 1.5.5\n", 1, "bad float" },
		{ "add.f32 r1, r2, -0x1\n", 1, "takes no sign" },
		{ "add.32 r1, r2, 12abc\n", 1, "bad immediate" },
		{ "add.32 r1, r2, UNDEF\n", 1, "undefined symbol 'UNDEF'" },
		{ "nop\nnop\n  bra nowhere\nnop\n", 3, "undefined label 'nowhere'" },
		{ "x: nop\ncall r5, y\n", 2, "undefined label 'y'" },
		{ "a: nop\nb: nop\na: nop\n", 3, "duplicate label 'a' (first defined at line 1)" },
		{ "a:\na:\n", 2, "duplicate label 'a'" },
		{ ".equ X, 1\n.equ X, 2\n", 2, "duplicate symbol 'X'" },
		{ "r5: nop\n", 1, "bad label 'r5'" },
		{ "lab: nop\nmov.64 r1, lab\n", 2, "label 'lab' used as a value" },
		{ "atom.add.32 r1, [r2 + 4], r3\n", 1, "no address offset" },
		{ "ld.u32 r1, [r2 - r3]\n", 1, "cannot be subtracted" },
		{ "ld.u32 r1, r2\n", 1, "expected '['" },
		{ "ld.u32 r1, [r2\n", 1, "missing" },
		{ "s2r r1, laneid\n", 1, "unknown special register 'laneid'" },
		{ ".foo 1\n", 1, "unknown directive '.foo'" },
		{ "@p0 .word 1\n", 1, "directive takes no guard" },
		{ ".reg x, r99\n", 1, ".reg" },
		{ "@p0\n", 1, "guard without an instruction" },
		{ "5 nop\n", 1, "expected an instruction" },
		{ "setp.lt.s32.or p0, r1, r2\n", 1, "missing combine predicate" },
		{ "nop\nL123456789012345678901234567890123456789012345678901234567890123: nop\n",
		  2, "too long" },
		{ "add.f32 r1, r2, 0.00000000000000000000000000000000000000000000000000000000000000001\n",
		  1, "too long" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gpsvm_asm_result r;
		int failed = gpsvm_asm(cases[i].src, &r) != 0;

		CHECK(failed && r.ndiags == 1 &&
		      r.diags[0].line == cases[i].line &&
		      strstr(r.diags[0].msg, cases[i].msg),
		      "source %zu: expected line %u '%s', got %zu diag(s): line %u '%s'",
		      i, cases[i].line, cases[i].msg, r.ndiags,
		      r.ndiags ? r.diags[0].line : 0,
		      r.ndiags ? r.diags[0].msg : "");
		gpsvm_asm_free(&r);
	}
}

/* Several errors: all reported, in line order, one per line. */
static void test_many_errors(void)
{
	static const char src[] =
		"start: nop\n"			/* 1 */
		"  bra missing\n"		/* 2: undefined label */
		"  nop\n"			/* 3 */
		"  bogus r1\n"			/* 4: unknown opcode */
		"  add.32 r1, r99, r2, r3\n"	/* 5: bad register (once) */
		"start: nop\n"			/* 6: duplicate label */
		"  add.64 r1, r2, 0x80000000\n"	/* 7: out of range */
		"  exit\n";			/* 8 */
	static const unsigned int lines[] = { 2, 4, 5, 6, 7 };
	struct gpsvm_asm_result r;
	int failed = gpsvm_asm(src, &r) != 0;

	CHECK(failed && r.ndiags == 5, "%zu diagnostics, expected 5",
	      r.ndiags);
	for (size_t i = 0; i < r.ndiags && i < 5; i++)
		CHECK(r.diags[i].line == lines[i],
		      "diagnostic %zu at line %u, expected %u (%s)", i,
		      r.diags[i].line, lines[i], r.diags[i].msg);
	/* A failing line still takes its word: later addresses stay put. */
	CHECK(r.nwords == 8, "%zu words after errors, expected 8", r.nwords);
	gpsvm_asm_free(&r);
}

/* The builders of gpsvm_isa.h agree with the assembler. */
static void test_header_helpers(void)
{
	char err[300];
	uint64_t w = 0;

	CHECK(!asm1("add.32 r1, r2, r3", &w, err, sizeof(err)) &&
	      gpsvm_isa_rrr(GPSVM_OP_ADD_32, 1, 2, 3) == w, "gpsvm_isa_rrr");
	CHECK(!asm1("ld.64 r4, [r5 - 8]", &w, err, sizeof(err)) &&
	      gpsvm_isa_rri(GPSVM_OP_LD_64, 4, 5, -8) == w, "gpsvm_isa_rri");
	CHECK(!asm1("@!p2 sub.64 r1, r2, 7", &w, err, sizeof(err)) &&
	      gpsvm_isa_guard(gpsvm_isa_rri(GPSVM_OP_SUB_64, 1, 2, 7), 2,
			      1) == w, "gpsvm_isa_guard");
	CHECK(gpsvm_isa_access_size(GPSVM_OP_LD_S8) == 1 &&
	      gpsvm_isa_access_size(GPSVM_OP_ST_16) == 2 &&
	      gpsvm_isa_access_size(GPSVM_OP_LD_S32) == 4 &&
	      gpsvm_isa_access_size(GPSVM_OP_LDARG_64) == 8 &&
	      gpsvm_isa_access_size(GPSVM_OP_ATOM_CAS_32) == 4 &&
	      gpsvm_isa_access_size(GPSVM_OP_ATOM_INC_U64) == 8 &&
	      gpsvm_isa_access_size(GPSVM_OP_PREFETCH) == 0 &&
	      gpsvm_isa_access_size(GPSVM_OP_ADD_64) == 0, "access sizes");
	CHECK(gpsvm_isa_sr_valid(GPSVM_SR_NCTAID_Z) &&
	      !gpsvm_isa_sr_valid(0x0f) && !gpsvm_isa_sr_valid(0x11),
	      "special register numbers");
}

/*
 * Random words: every word disassembles to text that assembles back to it
 * (.word for invalid ones), and every valid word is the encoding of its
 * decoding (no bit outside the decoded fields).
 */
static void test_fuzz(void)
{
	unsigned int defined[256], ndef = 0;
	long bad_rt = 0, bad_canon = 0, valid = 0, bad_struct = 0;
	char text[160], err[300], first[600] = "";

	for (unsigned int op = 0; op < 256; op++)
		if (gpsvm_isa_op_fmt(op) != GPSVM_FMT_INVALID)
			defined[ndef++] = op;

	for (long i = 0; i < 60000; i++) {
		uint64_t w = rnd();
		struct gpsvm_isa_insn in;
		int r;

		/* Mostly defined opcodes, often with sparse other bits. */
		if (i % 4 != 0)
			w = (w & ~0xffULL) | defined[rnd() % ndef];
		if (i % 4 == 2)
			w &= rnd() | 0xffULL;
		if (i % 4 == 3) {
			/* Within the format's fields: mostly valid. */
			uint32_t f = gpsvm_isa_fmt_fields(
				gpsvm_isa_op_fmt((uint32_t)w & 0xff));
			uint64_t m = gpsvm_isa_lo_mask(f);

			if (!((w >> 24) & 1) && rnd() % 8)
				m |= 0x3fULL << 32;
			else if ((w >> 24) & 1)
				m |= 0xffffffff00000000ULL;
			w &= m;
		}
		r = gpsvm_isa_decode(w, &in);
		if (!r) {
			valid++;
			if (gpsvm_isa_encode(&in) != w)
				bad_canon++;
		}
		if (roundtrip(w, text, sizeof(text), err, sizeof(err))) {
			if (!bad_rt++)
				snprintf(first, sizeof(first),
					 "0x%016" PRIx64 " '%s': %s", w, text,
					 err);
		}
	}
	CHECK(!bad_rt, "%ld random words do not round-trip, first: %s",
	      bad_rt, first);
	CHECK(!bad_canon, "%ld valid words are not encode(decode(w))",
	      bad_canon);
	CHECK(valid > 5000, "only %ld of the random words were valid", valid);

	/* Random field values through gpsvm_isa_encode(). */
	for (long i = 0; i < 30000; i++) {
		struct gpsvm_isa_insn in = { 0 }, out;
		unsigned int op = defined[rnd() % ndef];
		uint64_t w;

		in.op = op;
		in.gp = rnd() % 8;
		in.gn = rnd() % 2;
		in.rd = rnd() % 64;
		in.ra = rnd() % 64;
		in.rb = rnd() % 64;
		in.rc = rnd() % 64;
		in.bi = rnd() % 2;
		in.imm = (int32_t)rnd();
		in.pd = rnd() % 8;
		in.pa = rnd() % 8;
		in.pan = rnd() % 2;
		in.ps = rnd() % 8;
		in.psn = rnd() % 2;
		in.comb = rnd() % 3;
		in.cmp = rnd() % (op == GPSVM_OP_SETP_F32 ? 16 : 8);
		in.sr = (unsigned int[]){ 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13,
					  14, 16 }[rnd() % 13];
		w = gpsvm_isa_encode(&in);
		if (gpsvm_isa_decode(w, &out) || out.op != op ||
		    gpsvm_isa_encode(&out) != w ||
		    roundtrip(w, text, sizeof(text), err, sizeof(err))) {
			if (!bad_struct++)
				snprintf(first, sizeof(first),
					 "op 0x%02x -> 0x%016" PRIx64 " '%s' %s",
					 op, w, text, err);
		}
	}
	CHECK(!bad_struct, "%ld encoded instructions fail, first: %s",
	      bad_struct, first);
}

static char *find_doc(int argc, char **argv)
{
	static const char *const up[] = { "/..", "/../..", "/../../.." };
	const char *file = __FILE__, *tail = "lib/isa/tests/test_asm.c";
	size_t n = strlen(file), t = strlen(tail);
	const char *slash = strrchr(argv[0], '/');
	char path[4096];
	char *s;

	if (argc > 1)
		return read_file(argv[1]);
	/* The source tree this was compiled from, then the working dir. */
	if (n >= t && !strcmp(file + n - t, tail)) {
		snprintf(path, sizeof(path), "%.*sfirmware-notes/isa.md",
			 (int)(n - t), file);
		s = read_file(path);
		if (s)
			return s;
	}
	/* Then relative to the binary (e.g. out/isa/test_asm). */
	for (size_t i = 0; slash && i < 3; i++) {
		snprintf(path, sizeof(path), "%.*s%s/firmware-notes/isa.md",
			 (int)(slash - argv[0]), argv[0], up[i]);
		s = read_file(path);
		if (s)
			return s;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	doc = find_doc(argc, argv);

	test_known_words();
	test_decode_fields();
	test_invalid_words();
	test_doc_opcode_map();
	test_doc_example();
	test_labels();
	test_li();
	test_float_imm();
	test_symbols();
	test_word_directive();
	test_errors();
	test_many_errors();
	test_header_helpers();
	test_fuzz();

	free(doc);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
