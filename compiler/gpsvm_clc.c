// SPDX-License-Identifier: MIT
/*
 * gpsvm OpenCL C compiler: the driver.
 *
 * 1. clang-15 compiles the source for spir64 with the builtin library
 *    (gpsvm_builtins.bc) linked in before its optimisation pipeline, with
 *    the feature macros of the device, line tables for diagnostics and the
 *    kernel-argument metadata.
 * 2. LLVM's own passes inline every call (OpenCL C has no recursion; the
 *    ISA's CALL/RET are left for later), lower switches to branches and
 *    split critical edges.
 * 3. Globals get their places: __local variables in the shared window,
 *    __constant and program-scope __global data in the data image.
 * 4. Each kernel gets its argument layout, then instruction selection,
 *    register allocation and assembly text; the assembler of lib/isa
 *    encodes the whole program.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "gpsvm_asm.h"
#include "gpsvm_clc_internal.h"
#include "gpsvm_clc_isel.h"

#ifndef GPSVM_CLC_VERSION
#define GPSVM_CLC_VERSION "0.1"
#endif
#if !defined(GPSVM_CLC_FEATURES) || !defined(GPSVM_CLC_MACROS)
#error "GPSVM_CLC_FEATURES, GPSVM_CLC_MACROS: the device's OpenCL C (Makefile)"
#endif

extern char **environ;

void clc_log(struct clc_log *log, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = log->cap - log->len;

		va_start(ap, fmt);
		n = vsnprintf(log->buf ? log->buf + log->len : NULL,
			      log->buf ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (log->buf && (size_t)n < room) {
			log->len += n;
			return;
		}
		log->cap = 2 * (log->cap + n + 64);
		log->buf = realloc(log->buf, log->cap);
	}
}

/*
 * The OpenCL C features and extensions the device reports
 * (CL_DEVICE_OPENCL_C_FEATURES, CL_DEVICE_EXTENSIONS): clang defines
 * exactly these macros. One list, in the Makefile, for the builtin
 * library and for programs.
 */
static const char clc_features[] = GPSVM_CLC_FEATURES;

/* ---- running clang ---- */

/*
 * The compiler's data: $GPSVM_CLC_LIBDIR, else lib/gpsvm next to the
 * binary or shared library this code is in (out/bin/../lib/gpsvm in the
 * build tree, PREFIX/lib/../lib/gpsvm once installed).
 */
static char *libdir_file(const char *name)
{
	const char *env = getenv("GPSVM_CLC_LIBDIR");
	char path[PATH_MAX + 64], self[PATH_MAX];
	Dl_info info;
	char *slash;

	if (env) {
		snprintf(path, sizeof(path), "%s/%s", env, name);
		return access(path, R_OK) ? NULL : strdup(path);
	}
	if (!dladdr((void *)libdir_file, &info) || !info.dli_fname ||
	    !realpath(info.dli_fname, self))
		return NULL;
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	snprintf(path, sizeof(path), "%s/../lib/gpsvm/%s", self, name);
	return access(path, R_OK) ? NULL : strdup(path);
}

/* Split clBuildProgram options into words ('...' and "..." quote). */
static int split_options(const char *opts, char ***argv)
{
	int n = 0, cap = 8;
	char **v = malloc(cap * sizeof(*v));
	const char *p = opts ? opts : "";

	for (;;) {
		char word[4096];
		size_t len = 0;
		char q = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		while (*p && (q || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (!q && (*p == '\'' || *p == '"')) {
				q = *p++;
				continue;
			}
			if (q && *p == q) {
				q = 0;
				p++;
				continue;
			}
			if (*p == '\\' && p[1] && q != '\'')
				p++;
			if (len < sizeof(word) - 1)
				word[len++] = *p;
			p++;
		}
		word[len] = 0;
		if (n + 1 >= cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
		}
		v[n++] = strdup(word);
	}
	v[n] = NULL;
	*argv = v;
	return n;
}

static void free_argv(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

/* Run argv with stdout and stderr into the log; returns the exit status. */
static int run(char **argv, const char *dir, struct clc_log *log)
{
	char outpath[4096], buf[4096];
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, fd, ret;
	ssize_t n;

	snprintf(outpath, sizeof(outpath), "%s/clang.out", dir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outpath,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	/* diagnostics name the file relative to the build directory */
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	ret = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret) {
		clc_log(log, "error: cannot run %s: %s\n", argv[0],
			strerror(ret));
		log->errors++;
		return -ENOENT;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	fd = open(outpath, O_RDONLY);
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		clc_log(log, "%s", buf);
	}
	if (fd >= 0)
		close(fd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int front_end(const char *src, const char *name, const char *options,
		     const char *dir, struct clc_log *log, bool *opt0)
{
	char srcpath[4096], bcpath[4096], ext[1024];
	char *builtins = libdir_file("gpsvm_builtins.bc");
	char **user, **argv, **macros;
	int nuser, nmacros, n = 0, i, ret, fd;
	bool std = false;
	size_t len = strlen(src);

	if (!builtins) {
		clc_log(log, "error: gpsvm_builtins.bc not found ($GPSVM_CLC_LIBDIR, or lib/gpsvm beside the compiler)\n");
		log->errors++;
		return -ENOENT;
	}
	snprintf(srcpath, sizeof(srcpath), "%s/%s", dir, name);
	snprintf(bcpath, sizeof(bcpath), "%s/out.bc", dir);
	fd = open(srcpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, src, len) != (ssize_t)len) {
		if (fd >= 0)
			close(fd);
		free(builtins);
		return -errno;
	}
	close(fd);
	snprintf(ext, sizeof(ext), "-cl-ext=%s", clc_features);
	nuser = split_options(options, &user);
	nmacros = split_options(GPSVM_CLC_MACROS, &macros);
	argv = calloc(nuser + nmacros + 40, sizeof(*argv));
	argv[n++] = getenv("GPSVM_CLANG") ? getenv("GPSVM_CLANG") : "clang-15";
	argv[n++] = "-x";
	argv[n++] = "cl";
	argv[n++] = "-target";
	argv[n++] = "spir64-unknown-unknown";
	argv[n++] = "-emit-llvm";
	argv[n++] = "-c";
	argv[n++] = "-gline-tables-only";
	argv[n++] = "-cl-kernel-arg-info";
	argv[n++] = "-fno-vectorize";
	argv[n++] = "-fno-slp-vectorize";
	argv[n++] = "-fno-color-diagnostics";
	argv[n++] = "-Xclang";
	argv[n++] = "-finclude-default-header";
	argv[n++] = "-Xclang";
	argv[n++] = ext;
	argv[n++] = "-Xclang";
	argv[n++] = "-mlink-builtin-bitcode";
	argv[n++] = "-Xclang";
	argv[n++] = builtins;
	for (i = 0; i < nmacros; i++)
		argv[n++] = macros[i];
	*opt0 = false;
	for (i = 0; i < nuser; i++) {
		if (!strncmp(user[i], "-cl-std=", 8))
			std = true;
		if (!strcmp(user[i], "-cl-opt-disable") ||
		    !strcmp(user[i], "-O0"))
			*opt0 = true;
		else if (!strncmp(user[i], "-O", 2))
			*opt0 = false;
		argv[n++] = user[i];
	}
	/* OpenCL: without -cl-std the device's highest 1.x version */
	if (!std)
		argv[n++] = "-cl-std=CL1.2";
	argv[n++] = (char *)name;
	argv[n++] = "-o";
	argv[n++] = bcpath;
	argv[n] = NULL;
	ret = run(argv, dir, log);
	if (ret > 0) {
		log->errors++;
		ret = -EINVAL;
	}
	free(argv);
	free_argv(user);
	free_argv(macros);
	free(builtins);
	return ret;
}

/* ---- the module ---- */

/* The builtin library's primitives that only read registers or arguments. */
static bool is_pure_primitive(LLVMValueRef f)
{
	static const char *const names[] = {
		"__gpsvm_s2r", "__gpsvm_ldarg32", "__gpsvm_ldarg64",
		"__gpsvm_mulhi_s64", "__gpsvm_mulhi_u64",
	};
	size_t len, i;
	const char *n;

	if (!f || !LLVMIsAFunction(f))
		return false;
	n = LLVMGetValueName2(f, &len);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

/* Everything callable is inlined: OpenCL C has no recursion. */
static void mark_inline(LLVMModuleRef mod)
{
	LLVMContextRef ctx = LLVMGetModuleContext(mod);
	unsigned int ai = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
	unsigned int ni = LLVMGetEnumAttributeKindForName("noinline", 8);
	unsigned int on = LLVMGetEnumAttributeKindForName("optnone", 7);
	unsigned int cv = LLVMGetEnumAttributeKindForName("convergent", 10);
	LLVMValueRef f;

	for (f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
		LLVMBasicBlockRef bb;

		if (LLVMIsDeclaration(f))
			continue;
		LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, ni);
		LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, on);
		LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
					LLVMCreateEnumAttribute(ctx, ai, 0));
		/*
		 * libclc's calls (from SPIR-V) carry noinline themselves; and
		 * the pure primitives are not convergent (OpenCL makes every
		 * call so), so that LICM may hoist them out of loops.
		 */
		for (bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb)) {
			LLVMValueRef in;

			for (in = LLVMGetFirstInstruction(bb); in;
			     in = LLVMGetNextInstruction(in)) {
				if (!LLVMIsACallInst(in))
					continue;
				LLVMRemoveCallSiteEnumAttribute(in,
					LLVMAttributeFunctionIndex, ni);
				if (is_pure_primitive(LLVMGetCalledValue(in)))
					LLVMRemoveCallSiteEnumAttribute(in,
						LLVMAttributeFunctionIndex, cv);
			}
		}
	}
	for (f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
		if (is_pure_primitive(f))
			LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex,
						       cv);
}

static bool is_kernel(LLVMValueRef f)
{
	return !LLVMIsDeclaration(f) && LLVMGetFunctionCallConv(f) == 76;
}

const struct clc_global *clc_isel_global(const struct clc_isel_module *ms,
					 LLVMValueRef var)
{
	unsigned int i;

	for (i = 0; i < ms->nglobals; i++)
		if (ms->globals[i].var == var)
			return &ms->globals[i];
	return NULL;
}

/* Serialise a constant initialiser into bytes; false if it has pointers. */
static bool const_bytes(LLVMTargetDataRef td, LLVMValueRef c, uint8_t *out)
{
	LLVMTypeRef t = LLVMTypeOf(c);
	LLVMTypeKind k = LLVMGetTypeKind(t);
	unsigned int i, n;

	if (LLVMIsNull(c) || LLVMIsUndef(c) || LLVMIsPoison(c))
		return true;	/* out is zeroed */
	if (LLVMIsAConstantInt(c)) {
		uint64_t v = LLVMConstIntGetZExtValue(c);

		memcpy(out, &v, LLVMStoreSizeOfType(td, t));
		return true;
	}
	if (LLVMIsAConstantFP(c)) {
		/* the bits themselves (a NaN's payload included) */
		LLVMContextRef ctx = LLVMGetTypeContext(t);
		uint64_t v;

		if (k == LLVMFloatTypeKind)
			v = LLVMConstIntGetZExtValue(LLVMConstBitCast(c,
						LLVMInt32TypeInContext(ctx)));
		else if (k == LLVMDoubleTypeKind)
			v = LLVMConstIntGetZExtValue(LLVMConstBitCast(c,
						LLVMInt64TypeInContext(ctx)));
		else
			return false;
		memcpy(out, &v, LLVMStoreSizeOfType(td, t));
		return true;
	}
	if (k == LLVMStructTypeKind) {
		n = LLVMCountStructElementTypes(t);
		for (i = 0; i < n; i++)
			if (!const_bytes(td, LLVMGetOperand(c, i),
					 out + LLVMOffsetOfElement(td, t, i)))
				return false;
		return true;
	}
	if (k == LLVMArrayTypeKind || k == LLVMVectorTypeKind) {
		LLVMTypeRef e = LLVMGetElementType(t);
		uint64_t es = LLVMABISizeOfType(td, e);

		n = k == LLVMArrayTypeKind ? LLVMGetArrayLength(t) :
					     LLVMGetVectorSize(t);
		if (k == LLVMVectorTypeKind)
			es = LLVMStoreSizeOfType(td, e);
		for (i = 0; i < n; i++) {
			LLVMValueRef el = LLVMGetAggregateElement(c, i);

			if (!const_bytes(td, el, out + i * es))
				return false;
		}
		return true;
	}
	return false;
}

static int place_globals(struct clc_isel_module *ms,
			 struct gpsvm_clc_program *prog, uint32_t *shared)
{
	LLVMValueRef g;
	uint32_t data = 0;

	*shared = 0;
	for (g = LLVMGetFirstGlobal(ms->mod); g; g = LLVMGetNextGlobal(g)) {
		LLVMTypeRef t = LLVMGlobalGetValueType(g);
		unsigned int as = LLVMGetPointerAddressSpace(LLVMTypeOf(g));
		uint32_t size = (uint32_t)LLVMABISizeOfType(ms->td, t);
		uint32_t align = LLVMGetAlignment(g);
		struct clc_global *cg;
		size_t len;

		if (!LLVMGetFirstUse(g))
			continue;
		if (align < LLVMABIAlignmentOfType(ms->td, t))
			align = LLVMABIAlignmentOfType(ms->td, t);
		ms->globals = realloc(ms->globals, (ms->nglobals + 1) *
				      sizeof(*ms->globals));
		cg = &ms->globals[ms->nglobals++];
		cg->var = g;
		cg->shared = as == 3;
		if (cg->shared) {
			*shared = (*shared + align - 1) & ~(align - 1);
			cg->offset = *shared;
			*shared += size;
			continue;
		}
		if (LLVMIsDeclaration(g)) {
			clc_log(ms->log, "%s: error: '%s' is declared but not defined\n",
				ms->source_name, LLVMGetValueName2(g, &len));
			ms->log->errors++;
			return -EINVAL;
		}
		data = (data + align - 1) & ~(align - 1);
		cg->offset = data;
		prog->data = realloc(prog->data, data + size);
		memset(prog->data + data, 0, size);
		if (!const_bytes(ms->td, LLVMGetInitializer(g), prog->data + data)) {
			clc_log(ms->log, "%s: error: the initialiser of '%s' holds addresses, which is not supported\n",
				ms->source_name, LLVMGetValueName2(g, &len));
			ms->log->errors++;
			return -EINVAL;
		}
		data += size;
	}
	prog->data_size = data;
	*shared = (*shared + 7) & ~7u;
	if (*shared > 65536) {
		clc_log(ms->log, "%s: error: __local variables need %u bytes, more than 65536\n",
			ms->source_name, *shared);
		ms->log->errors++;
		return -EINVAL;
	}
	return 0;
}

/* ---- kernel arguments ---- */

/* The operands of a function's metadata node named kind, or NULL. */
static LLVMValueRef *fn_md(LLVMValueRef f, const char *kind, unsigned int *n)
{
	LLVMContextRef ctx = LLVMGetModuleContext(LLVMGetGlobalParent(f));
	unsigned int id = LLVMGetMDKindIDInContext(ctx, kind, strlen(kind));
	size_t cnt, i;
	LLVMValueMetadataEntry *md = LLVMGlobalCopyAllMetadata(f, &cnt);
	LLVMValueRef *ops = NULL;

	for (i = 0; i < cnt; i++) {
		LLVMValueRef node;

		if (LLVMValueMetadataEntriesGetKind(md, i) != id)
			continue;
		node = LLVMMetadataAsValue(ctx,
			LLVMValueMetadataEntriesGetMetadata(md, i));
		*n = LLVMGetMDNodeNumOperands(node);
		ops = calloc(*n + 1, sizeof(*ops));
		LLVMGetMDNodeOperands(node, ops);
		break;
	}
	if (md)
		LLVMDisposeValueMetadataEntries(md);
	return ops;
}

static char *md_str(LLVMValueRef *ops, unsigned int n, unsigned int i)
{
	unsigned int len;
	const char *s;

	if (!ops || i >= n || !ops[i])
		return strdup("");
	s = LLVMGetMDString(ops[i], &len);
	return s ? strndup(s, len) : strdup("");
}

static int kernel_args(struct clc_isel_module *ms, LLVMValueRef f,
		       struct gpsvm_clc_kernel *k)
{
	unsigned int byval = LLVMGetEnumAttributeKindForName("byval", 5);
	unsigned int nn = 0, nt = 0, na = 0, nq = 0, nw = 0, i;
	LLVMValueRef *names = fn_md(f, "kernel_arg_name", &nn);
	LLVMValueRef *types = fn_md(f, "kernel_arg_type", &nt);
	LLVMValueRef *acc = fn_md(f, "kernel_arg_access_qual", &na);
	LLVMValueRef *qual = fn_md(f, "kernel_arg_type_qual", &nq);
	LLVMValueRef *wg = fn_md(f, "reqd_work_group_size", &nw);
	uint32_t off = ARG_HIDDEN_SIZE;

	k->nargs = LLVMCountParams(f);
	k->args = calloc(k->nargs + 1, sizeof(*k->args));
	for (i = 0; i < 3 && wg && i < nw; i++)
		k->reqd_work_group_size[i] =
			(uint32_t)LLVMConstIntGetZExtValue(wg[i]);
	for (i = 0; i < k->nargs; i++) {
		struct gpsvm_clc_arg *a = &k->args[i];
		LLVMTypeRef t = LLVMTypeOf(LLVMGetParam(f, i));
		LLVMAttributeRef bv = LLVMGetEnumAttributeAtIndex(f, i + 1,
								  byval);
		uint32_t align, size;
		char *s;

		a->name = md_str(names, nn, i);
		a->type_name = md_str(types, nt, i);
		s = md_str(acc, na, i);
		a->access = !strcmp(s, "read_only") ? GPSVM_CLC_ACCESS_READ_ONLY :
			    !strcmp(s, "write_only") ? GPSVM_CLC_ACCESS_WRITE_ONLY :
			    !strcmp(s, "read_write") ? GPSVM_CLC_ACCESS_READ_WRITE :
			    GPSVM_CLC_ACCESS_NONE;
		free(s);
		s = md_str(qual, nq, i);
		a->type_qual = (strstr(s, "const") ? GPSVM_CLC_TYPE_CONST : 0) |
			       (strstr(s, "restrict") ? GPSVM_CLC_TYPE_RESTRICT : 0) |
			       (strstr(s, "volatile") ? GPSVM_CLC_TYPE_VOLATILE : 0);
		free(s);
		if (bv) {
			LLVMTypeRef st = LLVMGetTypeAttributeValue(bv);

			a->kind = GPSVM_CLC_ARG_STRUCT;
			a->addr = GPSVM_CLC_ADDR_PRIVATE;
			size = (uint32_t)LLVMABISizeOfType(ms->td, st);
			a->size = size;
			align = 8;
			size = (size + 7) & ~7u;
		} else if (LLVMGetTypeKind(t) == LLVMPointerTypeKind) {
			unsigned int as = LLVMGetPointerAddressSpace(t);

			a->kind = as == 3 ? GPSVM_CLC_ARG_LOCAL :
					    GPSVM_CLC_ARG_POINTER;
			a->addr = as == 3 ? GPSVM_CLC_ADDR_LOCAL :
				  as == 2 ? GPSVM_CLC_ADDR_CONSTANT :
					    GPSVM_CLC_ADDR_GLOBAL;
			a->size = size = align = 8;
		} else {
			a->kind = GPSVM_CLC_ARG_VALUE;
			a->addr = GPSVM_CLC_ADDR_PRIVATE;
			a->size = size = (uint32_t)LLVMABISizeOfType(ms->td, t);
			align = LLVMABIAlignmentOfType(ms->td, t);
			if (align < 4)
				align = 4;
		}
		off = (off + align - 1) & ~(align - 1);
		a->offset = off;
		off += size;
	}
	k->arg_size = (off + 7) & ~7u;
	free(names);
	free(types);
	free(acc);
	free(qual);
	free(wg);
	if (k->arg_size > 4096) {
		clc_log(ms->log, "%s: error: the arguments of kernel '%s' need %u bytes, more than 4096\n",
			ms->source_name, k->name, k->arg_size);
		ms->log->errors++;
		return -EINVAL;
	}
	return 0;
}

/* ---- demangling, for diagnostics ---- */

const char *clc_demangle_name(const char *m)
{
	static char buf[256];
	unsigned long n;
	char *end;

	if (strncmp(m, "_Z", 2))
		return m;
	n = strtoul(m + 2, &end, 10);
	if (!n || n >= sizeof(buf) || strlen(end) < n)
		return m;
	memcpy(buf, end, n);
	buf[n] = 0;
	return buf;
}

/* ---- the back end ---- */

static int back_end(LLVMModuleRef mod, const char *source_name,
		    struct gpsvm_clc_program *prog, struct clc_log *log)
{
	struct clc_isel_module ms = {
		.mod = mod, .log = log, .source_name = source_name,
	};
	struct clc_log text = { 0 };
	struct gpsvm_asm_result res = { 0 };
	uint32_t shared;
	uint64_t words = 0;
	LLVMValueRef f;
	int ret, fnid = 0;
	unsigned int i;

	ms.td = LLVMCreateTargetData(LLVMGetDataLayoutStr(mod));
	ret = place_globals(&ms, prog, &shared);
	for (f = LLVMGetFirstFunction(mod); f && !ret; f = LLVMGetNextFunction(f)) {
		struct gpsvm_clc_kernel *k;
		struct mfunc mf = { 0 };
		size_t len;
		int n;

		if (!is_kernel(f))
			continue;
		prog->kernels = realloc(prog->kernels, (prog->nkernels + 1) *
					sizeof(*prog->kernels));
		k = &prog->kernels[prog->nkernels++];
		memset(k, 0, sizeof(*k));
		k->name = strdup(LLVMGetValueName2(f, &len));
		k->shared_size = shared;
		k->entry = 8 * words;
		ret = kernel_args(&ms, f, k);
		if (ret)
			break;
		mf.name = strdup(k->name);
		ret = clc_isel_function(&ms, f, k, &mf);
		if (!ret)
			ret = clc_regalloc(&mf, log);
		if (!ret && mf.private_size > GPSVM_CLC_PRIVATE_MAX) {
			clc_log(log, "%s: error: kernel '%s' needs %u bytes of private memory, more than %u\n",
				source_name, k->name, mf.private_size,
				GPSVM_CLC_PRIVATE_MAX);
			log->errors++;
			ret = -EINVAL;
		}
		if (!ret) {
			k->private_size = (mf.private_size + 7) & ~7u;
			clc_log(&text, "// kernel %s: args %u bytes, shared %u, private %u\n",
				k->name, k->arg_size, k->shared_size,
				k->private_size);
			n = clc_emit_asm(&mf, fnid++, &text);
			words += n;
		}
		clc_mfunc_free(&mf);
	}
	LLVMDisposeTargetData(ms.td);
	free(ms.globals);
	if (ret) {
		free(text.buf);
		return ret;
	}
	if (!prog->nkernels)
		clc_log(&text, "\n");
	if (gpsvm_asm(text.buf, &res)) {
		for (i = 0; i < res.ndiags; i++)
			clc_log(log, "internal error: assembly line %u: %s\n",
				res.diags[i].line, res.diags[i].msg);
		log->errors++;
		gpsvm_asm_free(&res);
		free(text.buf);
		return -EINVAL;
	}
	if (res.nwords != words) {
		clc_log(log, "internal error: %zu words assembled, %llu expected\n",
			res.nwords, (unsigned long long)words);
		log->errors++;
		gpsvm_asm_free(&res);
		free(text.buf);
		return -EINVAL;
	}
	prog->code = malloc((words ? words : 1) * 8);
	memcpy(prog->code, res.words, words * 8);
	prog->ncode = (uint32_t)words;
	prog->assembly = text.buf;
	gpsvm_asm_free(&res);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void rm_tree(const char *dir)
{
	static const char *const files[] = { "out.bc", "clang.out" };
	char path[4096];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
}

int gpsvm_clc_build(const char *source, const char *options,
		    struct gpsvm_clc_program **prog, char **log)
{
	return gpsvm_clc_build_named(source, "program.cl", options, prog, log);
}

int gpsvm_clc_build_named(const char *source, const char *name,
			  const char *options, struct gpsvm_clc_program **out,
			  char **logp)
{
	struct clc_log log = { 0 };
	struct gpsvm_clc_program *prog;
	char tmpl[] = "/tmp/gpsvm-clc-XXXXXX", bcpath[4096], srcpath[4096];
	LLVMContextRef ctx = NULL;
	LLVMMemoryBufferRef mb;
	LLVMModuleRef mod = NULL;
	LLVMPassBuilderOptionsRef po;
	LLVMErrorRef err;
	char *msg = NULL;
	bool opt0 = false;
	int ret;

	*out = NULL;
	name = base_name(name);
	if (!mkdtemp(tmpl))
		return -errno;
	ret = front_end(source, name, options, tmpl, &log, &opt0);
	snprintf(bcpath, sizeof(bcpath), "%s/out.bc", tmpl);
	snprintf(srcpath, sizeof(srcpath), "%s/%s", tmpl, name);
	if (ret)
		goto out;

	ctx = LLVMContextCreate();
	if (LLVMCreateMemoryBufferWithContentsOfFile(bcpath, &mb, &msg) ||
	    LLVMParseBitcodeInContext2(ctx, mb, &mod)) {
		clc_log(&log, "internal error: cannot read clang's output: %s\n",
			msg ? msg : "bad bitcode");
		LLVMDisposeMessage(msg);
		log.errors++;
		ret = -EINVAL;
		goto out;
	}
	LLVMDisposeMemoryBuffer(mb);
	mark_inline(mod);
	po = LLVMCreatePassBuilderOptions();
	err = LLVMRunPasses(mod, opt0 ?
		"always-inline,globaldce,function(lowerswitch,break-crit-edges)" :
		"always-inline,globaldce,function(sroa,instcombine,simplifycfg,"
		"loop-mssa(licm),lowerswitch,break-crit-edges)",
		NULL, po);
	LLVMDisposePassBuilderOptions(po);
	if (err) {
		msg = LLVMGetErrorMessage(err);
		clc_log(&log, "internal error: LLVM passes: %s\n", msg);
		LLVMDisposeErrorMessage(msg);
		log.errors++;
		ret = -EINVAL;
		goto out;
	}
	if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg)) {
		clc_log(&log, "internal error: invalid module: %s\n", msg);
		log.errors++;
		ret = -EINVAL;
	}
	LLVMDisposeMessage(msg);
	if (ret)
		goto out;

	prog = calloc(1, sizeof(*prog));
	snprintf(prog->compiler, sizeof(prog->compiler),
		 "gpsvm-clc %s (clang 15)", GPSVM_CLC_VERSION);
	prog->isa_version = 2;
	ret = back_end(mod, name, prog, &log);
	if (ret)
		gpsvm_clc_program_free(prog);
	else
		*out = prog;
out:
	if (mod)
		LLVMDisposeModule(mod);
	if (ctx)
		LLVMContextDispose(ctx);
	rm_tree(tmpl);
	unlink(srcpath);
	rmdir(tmpl);
	if (ret && !log.errors)
		clc_log(&log, "error: %s\n", strerror(-ret));
	if (logp)
		*logp = log.buf ? log.buf : strdup("");
	else
		free(log.buf);
	return ret;
}
