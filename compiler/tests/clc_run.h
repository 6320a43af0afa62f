/* SPDX-License-Identifier: MIT */
/*
 * Compiler tests: run compiled kernels on the host build of the model's
 * ISA interpreter (model/gpsvm_model_isa.c), and the same OpenCL C
 * compiled for the host by clang-15 (clc_host.h) as the reference.
 */
#ifndef CLC_RUN_H
#define CLC_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gpsvm_clc.h"

extern unsigned int clc_passed, clc_failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			clc_passed++;					\
		} else {						\
			clc_failed++;					\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

/* Compile; on failure print the log and return NULL. */
struct gpsvm_clc_program *clc_build(const char *src, const char *opts,
				    char **log);

struct clc_launch {
	uint32_t dims;
	uint32_t gsize[3], lsize[3];
	uint8_t args[4096];
	uint32_t local_size;	/* bytes for __local arguments */
	/* after the run: the error, if any */
	uint32_t err;
	uint64_t err_info, err_pc;
	uint64_t steps;
};

void clc_launch_init(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
		     uint32_t dims, const uint32_t *gsize,
		     const uint32_t *lsize);
void clc_arg(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
	     unsigned int idx, size_t size, const void *value);
/* A __local argument of size bytes: placed after the kernel's own. */
void clc_arg_local(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
		   unsigned int idx, size_t size);
/* Run on the interpreter; 0, or the ISA error (l->err). */
int clc_run(const struct gpsvm_clc_program *p,
	    const struct gpsvm_clc_kernel *k, struct clc_launch *l);

/* Host reference: compile src with clang-15 as C; NULL on failure. */
void *clc_host_build(const char *src, const char *tag);
typedef void (*clc_host_fn)(uint64_t *out, const uint64_t *in, uint32_t n);
void clc_host_run(clc_host_fn fn, uint64_t *out, const uint64_t *in,
		  uint32_t n);

char *clc_read_file(const char *path);

#endif /* CLC_RUN_H */
