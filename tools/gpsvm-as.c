// SPDX-License-Identifier: MIT
/*
 * gpsvm-as: assembler and disassembler for the gpsvm compute ISA
 * (firmware-notes/isa.md).
 *
 *   gpsvm-as [-C] in.s [-o out]   assemble; the output is the program as
 *                                 little-endian 64-bit words (-C: as a C
 *                                 initializer instead)
 *   gpsvm-as -d in.bin            disassemble to standard output
 *
 * "-" reads standard input / writes standard output.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_isa.h"
#include "gpsvm_asm.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gpsvm-as [-C] IN.s [-o OUT]   assemble (OUT defaults to IN with .bin)\n"
		"       gpsvm-as -d IN.bin            disassemble\n"
		"  -C  write a C initializer (one 0x...ULL word a line), not binary\n"
		"  -   as IN reads standard input, as OUT writes standard output\n");
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 4096, n = 0;
	char *buf;

	if (!f) {
		fprintf(stderr, "gpsvm-as: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(cap + 1);
	while (buf) {
		size_t r = fread(buf + n, 1, cap - n, f);
		char *nb;

		n += r;
		if (n < cap) {
			if (ferror(f)) {
				fprintf(stderr, "gpsvm-as: %s: read error\n",
					path);
				free(buf);
				buf = NULL;
			}
			break;
		}
		cap *= 2;
		nb = realloc(buf, cap + 1);
		if (!nb)
			free(buf);
		buf = nb;
	}
	if (f != stdin)
		fclose(f);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int disassemble(const char *path)
{
	size_t len, n;
	char *data = read_all(path, &len);
	int bad = 0;

	if (!data)
		return 1;
	if (len % 8) {
		fprintf(stderr,
			"gpsvm-as: %s: %zu bytes is not a whole number of 8-byte instructions\n",
			path, len);
		free(data);
		return 1;
	}
	n = len / 8;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *b = (const unsigned char *)data + 8 * i;
		struct gpsvm_isa_insn in;
		uint64_t w = 0;
		char text[160];
		int err;

		for (int j = 7; j >= 0; j--)
			w = w << 8 | b[j];
		err = gpsvm_disasm(w, text, sizeof(text));
		printf("\t%-40s // %04zx: %016" PRIx64, text, 8 * i, w);
		if (err) {
			bad++;
			printf("  %s", gpsvm_isa_err_name(err));
		} else if (gpsvm_isa_decode(w, &in) == 0 &&
			   (in.op == GPSVM_OP_BRA || in.op == GPSVM_OP_CALL)) {
			printf("  -> %04" PRIx64,
			       (uint64_t)(8 * i) + (uint64_t)((int64_t)in.imm * 8));
		}
		printf("\n");
	}
	free(data);
	if (bad)
		fprintf(stderr, "gpsvm-as: %s: %d invalid instruction%s\n",
			path, bad, bad == 1 ? "" : "s");
	return 0;
}

static int write_output(const char *out, const struct gpsvm_asm_result *r,
			int c_array)
{
	FILE *f = strcmp(out, "-") ? fopen(out, c_array ? "w" : "wb") : stdout;
	int ok = 1;

	if (!f) {
		fprintf(stderr, "gpsvm-as: %s: %s\n", out, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < r->nwords && ok; i++) {
		uint64_t w = r->words[i];

		if (c_array) {
			char text[160];

			gpsvm_disasm(w, text, sizeof(text));
			ok = fprintf(f, "\t0x%016" PRIx64 "ULL,\t/* %s */\n", w,
				     text) > 0;
		} else {
			unsigned char b[8];

			for (int j = 0; j < 8; j++)
				b[j] = (unsigned char)(w >> (8 * j));
			ok = fwrite(b, 1, 8, f) == 8;
		}
	}
	if (f != stdout) {
		if (fclose(f))
			ok = 0;
	} else if (fflush(f)) {
		ok = 0;
	}
	if (!ok) {
		fprintf(stderr, "gpsvm-as: %s: write error\n", out);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct gpsvm_asm_result r;
	int dis = 0, c_array = 0, ret;
	char *src, *def = NULL;
	size_t len;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d")) {
			dis = 1;
		} else if (!strcmp(argv[i], "-C")) {
			c_array = 1;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "gpsvm-as: unknown option '%s'\n",
				argv[i]);
			usage(stderr);
			return 2;
		} else if (!in) {
			in = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!in || (dis && (out || c_array))) {
		usage(stderr);
		return 2;
	}
	if (dis)
		return disassemble(in);

	src = read_all(in, &len);
	if (!src)
		return 1;
	if (strlen(src) != len) {
		fprintf(stderr, "gpsvm-as: %s: NUL byte in source\n", in);
		free(src);
		return 1;
	}
	ret = gpsvm_asm(src, &r);
	free(src);
	for (size_t i = 0; i < r.ndiags; i++)
		fprintf(stderr, "%s:%u: error: %s\n",
			strcmp(in, "-") ? in : "<stdin>", r.diags[i].line,
			r.diags[i].msg);
	if (r.ndiags >= GPSVM_ASM_MAX_DIAGS)
		fprintf(stderr, "gpsvm-as: too many errors, only the first %d shown\n",
			GPSVM_ASM_MAX_DIAGS);
	if (ret) {
		gpsvm_asm_free(&r);
		return 1;
	}
	if (!out) {
		size_t n = strlen(in);

		if (!strcmp(in, "-")) {
			out = "-";
		} else {
			def = malloc(n + 5);
			if (!def) {
				gpsvm_asm_free(&r);
				return 1;
			}
			memcpy(def, in, n + 1);
			if (n > 2 && !strcmp(def + n - 2, ".s"))
				def[n - 2] = '\0';
			strcat(def, c_array ? ".h" : ".bin");
			out = def;
		}
	}
	ret = write_output(out, &r, c_array);
	free(def);
	gpsvm_asm_free(&r);
	return ret;
}
