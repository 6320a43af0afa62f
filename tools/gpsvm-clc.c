// SPDX-License-Identifier: MIT
/*
 * gpsvm-clc: compile OpenCL C for the gpsvm GPU.
 *
 *   gpsvm-clc [options] k.cl [-o k.bin]     a program binary
 *   gpsvm-clc -S [options] k.cl [-o k.s]    the assembly
 *
 * Every other option is a clBuildProgram option (-D, -I, -cl-std=,
 * -O0..-O3, -cl-opt-disable, -w, -Werror, ...).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_clc.h"

static char *read_file(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t len = 0, cap = 4096, n;
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(cap + 1);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	buf[len] = 0;
	if (f != stdin)
		fclose(f);
	return buf;
}

static int usage(FILE *f, int ret)
{
	fprintf(f, "usage: gpsvm-clc [-S] [clBuildProgram options] file.cl [-o out]\n"
		"  -S         write the assembly instead of the program binary\n"
		"  -o FILE    output (default: file.bin, or file.s with -S; - is stdout)\n");
	return ret;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct gpsvm_clc_program *prog;
	char *opts = calloc(1, 1), *src, *log, defout[4096];
	size_t optlen = 0;
	bool asm_out = false;
	void *bin;
	size_t size;
	FILE *f;
	int i, ret;

	for (i = 1; i < argc; i++) {
		size_t n;

		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout, 0);
		if (!strcmp(argv[i], "-S")) {
			asm_out = true;
			continue;
		}
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc)
				return usage(stderr, 2);
			out = argv[i];
			continue;
		}
		if (argv[i][0] != '-' || !strcmp(argv[i], "-")) {
			if (in)
				return usage(stderr, 2);
			in = argv[i];
			continue;
		}
		/* a build option; -D X and -I X take the next word */
		n = strlen(argv[i]);
		opts = realloc(opts, optlen + n + 4);
		optlen += sprintf(opts + optlen, "%s'%s'", optlen ? " " : "",
				  argv[i]);
		if ((!strcmp(argv[i], "-D") || !strcmp(argv[i], "-I")) &&
		    i + 1 < argc) {
			n = strlen(argv[++i]);
			opts = realloc(opts, optlen + n + 4);
			optlen += sprintf(opts + optlen, " '%s'", argv[i]);
		}
	}
	if (!in)
		return usage(stderr, 2);
	src = read_file(in);
	if (!src) {
		fprintf(stderr, "gpsvm-clc: %s: %s\n", in, strerror(errno));
		return 1;
	}
	ret = gpsvm_clc_build_named(src, strcmp(in, "-") ? in : "stdin.cl",
				    opts, &prog, &log);
	fputs(log, stderr);
	free(log);
	free(src);
	free(opts);
	if (ret)
		return 1;
	if (!out) {
		const char *dot = strrchr(in, '.');
		int stem = dot && !strchr(dot, '/') ? (int)(dot - in) :
						      (int)strlen(in);

		snprintf(defout, sizeof(defout), "%.*s.%s", stem, in,
			 asm_out ? "s" : "bin");
		out = defout;
	}
	f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "gpsvm-clc: %s: %s\n", out, strerror(errno));
		gpsvm_clc_program_free(prog);
		return 1;
	}
	if (asm_out) {
		fputs(prog->assembly, f);
	} else if (gpsvm_clc_program_write(prog, &bin, &size) ||
		   fwrite(bin, 1, size, f) != size) {
		fprintf(stderr, "gpsvm-clc: %s: write failed\n", out);
		ret = 1;
	} else {
		free(bin);
	}
	if (f != stdout && fclose(f))
		ret = 1;
	gpsvm_clc_program_free(prog);
	return ret ? 1 : 0;
}
