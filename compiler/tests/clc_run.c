// SPDX-License-Identifier: MIT
/*
 * Compiler tests: the kernel runner on the host interpreter, and the host
 * reference built with clang-15 (clc_run.h).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpsvm_model_isa.h"
#include "clc_run.h"

unsigned int clc_passed, clc_failed;
__thread size_t clc_host_gid[3], clc_host_gsize[3];

struct gpsvm_clc_program *clc_build(const char *src, const char *opts,
				    char **logp)
{
	struct gpsvm_clc_program *p;
	char *log;
	int ret = gpsvm_clc_build(src, opts, &p, &log);

	if (ret) {
		if (!logp)
			printf("build failed (%d) with '%s':\n%s", ret, opts, log);
		p = NULL;
	}
	if (logp)
		*logp = log;
	else
		free(log);
	return p;
}

/* The GPU's address space is the process's: SVM with no MMU. */
static int host_map(void *ctx, u64 va, unsigned int size,
		    unsigned int access, void **ptr)
{
	(void)ctx;
	(void)size;
	(void)access;
	if (va < 4096)
		return -EFAULT;	/* NULL pointers fault, as on the GPU */
	*ptr = (void *)(uintptr_t)va;
	return 0;
}

static void host_unmap(void *ctx, void *ptr)
{
	(void)ctx;
	(void)ptr;
}

static const struct gpsvm_isa_mem_ops host_mem = {
	.map = host_map,
	.unmap = host_unmap,
};

void clc_launch_init(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
		     uint32_t dims, const uint32_t *gsize,
		     const uint32_t *lsize)
{
	static const uint64_t zero[3];
	uint32_t d;

	memset(l, 0, sizeof(*l));
	l->dims = dims;
	for (d = 0; d < 3; d++) {
		l->gsize[d] = d < dims ? gsize[d] : 1;
		l->lsize[d] = d < dims ? lsize[d] : 1;
	}
	gpsvm_clc_args_hidden(k, l->args, dims, zero, 0);
}

void clc_arg(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
	     unsigned int idx, size_t size, const void *value)
{
	if (gpsvm_clc_arg_set(k, l->args, idx, size, value)) {
		printf("bad argument %u (size %zu) for %s\n", idx, size,
		       k->name);
		exit(2);
	}
}

void clc_arg_local(struct clc_launch *l, const struct gpsvm_clc_kernel *k,
		   unsigned int idx, size_t size)
{
	uint64_t addr = GPSVM_CLC_SHARED_ADDR(k->shared_size + l->local_size);

	clc_arg(l, k, idx, 8, &addr);
	l->local_size += (size + 7) & ~7ul;
}

int clc_run(const struct gpsvm_clc_program *p,
	    const struct gpsvm_clc_kernel *k, struct clc_launch *l)
{
	struct gpsvm_isa_launch il = {
		.code = (const u64 *)p->code, .ncode = p->ncode,
		.entry = k->entry,
		.args = l->args, .arg_size = k->arg_size,
		.shared_size = k->shared_size + l->local_size,
		.private_size = k->private_size,
	};
	struct gpsvm_isa_thread *th;
	unsigned int nth, i;
	uint32_t c[3], d;
	uint64_t data;
	u8 *mem;
	int ret = 0;

	/* the program's data lives in this process, like any SVM memory */
	data = (uintptr_t)p->data;
	memcpy(l->args + 32, &data, 8);
	for (d = 0; d < 3; d++) {
		il.ntid[d] = l->lsize[d];
		il.nctaid[d] = l->gsize[d] / l->lsize[d];
	}
	nth = gpsvm_isa_block_threads(&il);
	th = calloc(nth, sizeof(*th));
	mem = malloc(gpsvm_isa_block_mem_size(&il) + 8);
	for (c[2] = 0; c[2] < il.nctaid[2] && !ret; c[2]++)
	for (c[1] = 0; c[1] < il.nctaid[1] && !ret; c[1]++)
	for (c[0] = 0; c[0] < il.nctaid[0] && !ret; c[0]++) {
		unsigned long budget;
		unsigned int next = 0;
		int st;

		gpsvm_isa_block_init(th, &il, c);
		memset(mem, 0, gpsvm_isa_block_mem_size(&il));
		gpsvm_isa_block_set_mem(th, &il, mem);
		do {
			budget = 1000000;
			st = gpsvm_isa_run_block(th, nth, &il, &host_mem, NULL,
						 &budget, &next);
			l->steps += 1000000 - budget;
		} while (st == GPSVM_ISA_RUN_BUDGET && l->steps < 4000000000ull);
		if (st == GPSVM_ISA_RUN_DONE)
			continue;
		ret = -1;
		l->err = 0xffffffff;	/* a hang or a stall */
		for (i = 0; i < nth; i++) {
			if (th[i].state != GPSVM_ISA_THREAD_FAILED)
				continue;
			l->err = th[i].err;
			l->err_info = th[i].err_info;
			l->err_pc = th[i].pc;
			break;
		}
	}
	free(th);
	free(mem);
	return ret;
}

char *clc_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
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
	fclose(f);
	return buf;
}

void *clc_host_build(const char *src, const char *tag)
{
	char dir[] = "/tmp/gpsvm-clc-host-XXXXXX", cpath[4200], sopath[4200];
	char cmd[16384];
	FILE *f;
	void *h = NULL;

	if (!mkdtemp(dir))
		return NULL;
	snprintf(cpath, sizeof(cpath), "%s/%s.c", dir, tag);
	snprintf(sopath, sizeof(sopath), "%s/%s.so", dir, tag);
	f = fopen(cpath, "w");
	if (f) {
		fputs(src, f);
		fclose(f);
		snprintf(cmd, sizeof(cmd),
			 "clang-15 -x c -std=gnu11 -O1 -ffp-contract=off -fPIC -shared "
			 "-w -include %s/compiler/tests/clc_host.h -o %s %s -lm",
			 getenv("GPSVM_TOP") ? getenv("GPSVM_TOP") : ".",
			 sopath, cpath);
		if (!system(cmd))
			h = dlopen(sopath, RTLD_NOW | RTLD_LOCAL);
		if (!h)
			printf("host build of %s failed: %s\n", tag, dlerror());
	}
	unlink(cpath);
	unlink(sopath);
	rmdir(dir);
	return h;
}

void clc_host_run(clc_host_fn fn, uint64_t *out, const uint64_t *in,
		  uint32_t n)
{
	uint32_t i;

	clc_host_gsize[0] = n;
	clc_host_gsize[1] = clc_host_gsize[2] = 1;
	for (i = 0; i < n; i++) {
		clc_host_gid[0] = i;
		fn(out, in, n);
	}
}
