/* SPDX-License-Identifier: MIT */
/*
 * gpsvm OpenCL C compiler: the interface between the driver
 * (gpsvm_clc.c) and instruction selection (gpsvm_clc_isel.c).
 */
#ifndef GPSVM_CLC_ISEL_H
#define GPSVM_CLC_ISEL_H

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>

#include "gpsvm_clc_internal.h"

/* Private bytes a work-item may have: the ISA's private window limit. */
#define GPSVM_CLC_PRIVATE_MAX		65536
/* TRAP codes the compiler emits. */
#define GPSVM_CLC_TRAP_UNREACHABLE	0xc1c00001
#define GPSVM_CLC_TRAP_BUILTIN		0xc1c00002	/* __builtin_trap() */

/* Where a global variable lives. */
struct clc_global {
	LLVMValueRef var;
	bool shared;		/* __local: in the shared window */
	uint32_t offset;	/* in the shared window or the data image */
};

struct clc_isel_module {
	LLVMModuleRef mod;
	LLVMTargetDataRef td;
	struct clc_log *log;
	const char *source_name;
	struct clc_global *globals;
	unsigned int nglobals;
};

const struct clc_global *clc_isel_global(const struct clc_isel_module *ms,
					 LLVMValueRef var);
/* A mangled builtin's source name ("_Z3sinf" -> "sin"), in a static buffer. */
const char *clc_demangle_name(const char *mangled);
int clc_isel_function(struct clc_isel_module *ms, LLVMValueRef fn,
		      const struct gpsvm_clc_kernel *k, struct mfunc *mf);

#endif /* GPSVM_CLC_ISEL_H */
