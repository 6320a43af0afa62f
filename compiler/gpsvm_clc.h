/* SPDX-License-Identifier: MIT */
/*
 * gpsvm OpenCL C compiler: OpenCL C 3.0 to the gpsvm ISA
 * (firmware-notes/isa.md; the calling convention and the binary:
 * compiler/README.md).
 *
 * gpsvm_clc_build() runs clang-15 as the front end, links the builtin
 * library, and translates the LLVM IR with the back end of this library.
 * The result is a program: one code image holding every kernel, each
 * kernel's entry point and argument layout, and the memory it needs. The
 * serialised form (gpsvm_clc_program_write()) is what clGetProgramInfo
 * returns as the binary and clCreateProgramWithBinary takes back.
 */
#ifndef GPSVM_CLC_H
#define GPSVM_CLC_H

#include <stddef.h>
#include <stdint.h>

/* What an argument's bytes are in the argument block. */
enum gpsvm_clc_arg_kind {
	GPSVM_CLC_ARG_VALUE,	/* a scalar or vector: its bytes */
	GPSVM_CLC_ARG_POINTER,	/* __global or __constant pointer: 8 bytes */
	GPSVM_CLC_ARG_LOCAL,	/* __local pointer: the runtime gives its size,
				 * and writes the shared-window address */
	GPSVM_CLC_ARG_STRUCT,	/* a struct by value: its bytes */
};

/* Address qualifiers, in the order of CL_KERNEL_ARG_ADDRESS_*. */
enum gpsvm_clc_addr {
	GPSVM_CLC_ADDR_PRIVATE,
	GPSVM_CLC_ADDR_GLOBAL,
	GPSVM_CLC_ADDR_CONSTANT,
	GPSVM_CLC_ADDR_LOCAL,
};

enum gpsvm_clc_access {
	GPSVM_CLC_ACCESS_NONE,
	GPSVM_CLC_ACCESS_READ_ONLY,
	GPSVM_CLC_ACCESS_WRITE_ONLY,
	GPSVM_CLC_ACCESS_READ_WRITE,
};

/* Type qualifiers: the bits of CL_KERNEL_ARG_TYPE_*. */
#define GPSVM_CLC_TYPE_CONST	(1u << 0)
#define GPSVM_CLC_TYPE_RESTRICT	(1u << 1)
#define GPSVM_CLC_TYPE_VOLATILE	(1u << 2)

struct gpsvm_clc_arg {
	char *name;		/* the parameter's name */
	char *type_name;	/* as written, e.g. "float4*" */
	uint32_t offset;	/* in the argument block */
	uint32_t size;		/* bytes clSetKernelArg must pass (LOCAL:
				 * sizeof(void *) is not asked; any size) */
	uint8_t kind;		/* enum gpsvm_clc_arg_kind */
	uint8_t addr;		/* enum gpsvm_clc_addr */
	uint8_t access;		/* enum gpsvm_clc_access */
	uint8_t type_qual;	/* GPSVM_CLC_TYPE_* */
};

struct gpsvm_clc_kernel {
	char *name;
	uint64_t entry;		/* byte offset of its first instruction */
	uint32_t arg_size;	/* argument block bytes, a multiple of 8 */
	uint32_t shared_size;	/* static __local bytes, a multiple of 8 */
	uint32_t private_size;	/* per work-item private bytes */
	uint32_t reqd_work_group_size[3];	/* 0 0 0 if not given */
	uint32_t nargs;
	struct gpsvm_clc_arg *args;
};

struct gpsvm_clc_program {
	char compiler[64];	/* "gpsvm-clc <version> (clang 15)" */
	uint32_t isa_version;	/* the ISA the code needs */
	uint64_t *code;
	uint32_t ncode;		/* words */
	uint8_t *data;		/* __constant and program-scope __global */
	uint32_t data_size;
	uint32_t nkernels;
	struct gpsvm_clc_kernel *kernels;
	char *assembly;		/* the code as assembly; not serialised */
};

/*
 * Compile OpenCL C source. options are clBuildProgram's (-D, -I,
 * -cl-std=, -O0..-O3, -cl-opt-disable, -cl-fast-relaxed-math, -w,
 * -Werror, ...). Returns 0 and sets *prog, or a negative errno
 * (-EINVAL: the source did not compile, the log says why; -ENOENT: clang
 * or the builtin library is missing). *log, if log is not NULL, receives
 * the build log (malloc'd, NUL terminated) in both cases.
 */
int gpsvm_clc_build(const char *source, const char *options,
		    struct gpsvm_clc_program **prog, char **log);

/*
 * gpsvm_clc_build() with the source's file name, for the diagnostics
 * (gpsvm-clc passes the one it was given).
 */
int gpsvm_clc_build_named(const char *source, const char *name,
			  const char *options, struct gpsvm_clc_program **prog,
			  char **log);

/* Serialise a program; *buf is malloc'd. Returns 0 or -ENOMEM. */
int gpsvm_clc_program_write(const struct gpsvm_clc_program *prog,
			    void **buf, size_t *size);

/* Parse a serialised program. Returns 0, or -EINVAL if it is not one. */
int gpsvm_clc_program_read(const void *buf, size_t size,
			   struct gpsvm_clc_program **prog);

void gpsvm_clc_program_free(struct gpsvm_clc_program *prog);

const struct gpsvm_clc_kernel *
gpsvm_clc_program_kernel(const struct gpsvm_clc_program *prog,
			 const char *name);

/*
 * Fill an argument block (k->arg_size bytes): the hidden part from the
 * launch's work dimension, global offsets and data address, and argument
 * idx from clSetKernelArg's size and value. A __local argument takes
 * the shared-window address the runtime chose (as *(uint64_t *)value).
 * Returns 0, or -EINVAL for a bad index or size.
 */
void gpsvm_clc_args_hidden(const struct gpsvm_clc_kernel *k, void *block,
			   unsigned int work_dim, const uint64_t offset[3],
			   uint64_t data_addr);
int gpsvm_clc_arg_set(const struct gpsvm_clc_kernel *k, void *block,
		      unsigned int idx, size_t size, const void *value);

/* Shared-window address of byte off of a block's shared memory. */
#define GPSVM_CLC_SHARED_ADDR(off) (0xffffffff80000000ull + (off))

#endif /* GPSVM_CLC_H */
