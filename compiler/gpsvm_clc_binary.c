// SPDX-License-Identifier: MIT
/*
 * gpsvm OpenCL C compiler: the program binary (compiler/README.md,
 * "Program binary"), and the argument block the runtime fills from it.
 *
 * All integers little endian; a string is a u32 length and its bytes.
 *
 *   "GPSVMCL\0"  u32 format (1)  u32 isa_version  str compiler
 *   u32 ncode    u64 code[ncode]
 *   u32 data_size  u8 data[data_size]
 *   u32 nkernels, then per kernel:
 *     str name  u64 entry  u32 arg_size shared_size private_size
 *     u32 reqd_work_group_size[3]  u32 nargs, then per argument:
 *       str name  str type_name  u32 offset size  u8 kind addr access type_qual
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpsvm_clc.h"

#define FORMAT 1
#define ISA_VERSION	2	/* the newest ISA a program may need */
#define HIDDEN_SIZE	64	/* the argument block's hidden header */
static const char magic[8] = "GPSVMCL";

/*
 * An argument a runtime can fill without writing outside the block or
 * over its hidden header: after the header, aligned, of a size its kind
 * allows.
 */
static bool arg_ok(const struct gpsvm_clc_kernel *k,
		   const struct gpsvm_clc_arg *a)
{
	uint32_t align = a->kind == GPSVM_CLC_ARG_VALUE ? 4 : 8;

	if (a->kind > GPSVM_CLC_ARG_STRUCT || a->addr > GPSVM_CLC_ADDR_LOCAL ||
	    a->access > GPSVM_CLC_ACCESS_READ_WRITE || !a->size ||
	    a->offset < HIDDEN_SIZE || a->offset % align ||
	    (uint64_t)a->offset + a->size > k->arg_size)
		return false;
	if (a->kind == GPSVM_CLC_ARG_POINTER || a->kind == GPSVM_CLC_ARG_LOCAL)
		return a->size == 8;
	/* a struct is copied in 8-byte words: its padding is in the block */
	return a->kind != GPSVM_CLC_ARG_STRUCT ||
	       (uint64_t)a->offset + ((a->size + 7) & ~7u) <= k->arg_size;
}

struct wbuf {
	uint8_t *p;
	size_t len, cap;
	bool oom;
};

static void put(struct wbuf *w, const void *src, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n > w->cap) {
		size_t cap = 2 * (w->cap + n);
		uint8_t *p = realloc(w->p, cap);

		if (!p) {
			w->oom = true;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	put(w, b, 4);
}

static void put64(struct wbuf *w, uint64_t v)
{
	put32(w, (uint32_t)v);
	put32(w, (uint32_t)(v >> 32));
}

static void putstr(struct wbuf *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put32(w, (uint32_t)n);
	put(w, s, n);
}

int gpsvm_clc_program_write(const struct gpsvm_clc_program *prog,
			    void **buf, size_t *size)
{
	struct wbuf w = { 0 };
	uint32_t i, j;

	put(&w, magic, 8);
	put32(&w, FORMAT);
	put32(&w, prog->isa_version);
	putstr(&w, prog->compiler);
	put32(&w, prog->ncode);
	for (i = 0; i < prog->ncode; i++)
		put64(&w, prog->code[i]);
	put32(&w, prog->data_size);
	put(&w, prog->data, prog->data_size);
	put32(&w, prog->nkernels);
	for (i = 0; i < prog->nkernels; i++) {
		const struct gpsvm_clc_kernel *k = &prog->kernels[i];

		putstr(&w, k->name);
		put64(&w, k->entry);
		put32(&w, k->arg_size);
		put32(&w, k->shared_size);
		put32(&w, k->private_size);
		for (j = 0; j < 3; j++)
			put32(&w, k->reqd_work_group_size[j]);
		put32(&w, k->nargs);
		for (j = 0; j < k->nargs; j++) {
			const struct gpsvm_clc_arg *a = &k->args[j];
			uint8_t b[4] = { a->kind, a->addr, a->access,
					 a->type_qual };

			putstr(&w, a->name);
			putstr(&w, a->type_name);
			put32(&w, a->offset);
			put32(&w, a->size);
			put(&w, b, 4);
		}
	}
	if (w.oom) {
		free(w.p);
		return -ENOMEM;
	}
	*buf = w.p;
	*size = w.len;
	return 0;
}

struct rbuf {
	const uint8_t *p;
	size_t len, pos;
	bool bad;
};

static const uint8_t *get(struct rbuf *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->pos;
	r->pos += n;
	return p;
}

static uint32_t get32(struct rbuf *r)
{
	const uint8_t *b = get(r, 4);

	return b ? b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24 : 0;
}

static uint64_t get64(struct rbuf *r)
{
	uint64_t lo = get32(r);

	return lo | (uint64_t)get32(r) << 32;
}

static char *getstr(struct rbuf *r)
{
	uint32_t n = get32(r);
	const uint8_t *p = get(r, n);

	return p ? strndup((const char *)p, n) : NULL;
}

/* Every count is checked against the bytes left before it is trusted. */
static bool room_for(struct rbuf *r, uint64_t n, size_t each)
{
	if (r->bad || n > (r->len - r->pos) / each)
		r->bad = true;
	return !r->bad;
}

int gpsvm_clc_program_read(const void *buf, size_t size,
			   struct gpsvm_clc_program **out)
{
	struct rbuf r = { .p = buf, .len = size };
	struct gpsvm_clc_program *prog;
	const uint8_t *m = get(&r, 8);
	char *compiler;
	uint32_t i, j;

	*out = NULL;
	if (!m || memcmp(m, magic, 8) || get32(&r) != FORMAT)
		return -EINVAL;
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return -ENOMEM;
	prog->isa_version = get32(&r);
	if (!prog->isa_version || prog->isa_version > ISA_VERSION)
		r.bad = true;
	compiler = getstr(&r);
	if (compiler)
		snprintf(prog->compiler, sizeof(prog->compiler), "%s", compiler);
	free(compiler);
	prog->ncode = get32(&r);
	if (room_for(&r, prog->ncode, 8)) {
		prog->code = calloc(prog->ncode + 1, 8);
		for (i = 0; i < prog->ncode; i++)
			prog->code[i] = get64(&r);
	}
	prog->data_size = get32(&r);
	if (room_for(&r, prog->data_size, 1)) {
		prog->data = malloc(prog->data_size + 1);
		memcpy(prog->data, get(&r, prog->data_size), prog->data_size);
	}
	prog->nkernels = get32(&r);
	if (room_for(&r, prog->nkernels, 40))
		prog->kernels = calloc(prog->nkernels + 1,
				       sizeof(*prog->kernels));
	for (i = 0; !r.bad && i < prog->nkernels; i++) {
		struct gpsvm_clc_kernel *k = &prog->kernels[i];

		k->name = getstr(&r);
		k->entry = get64(&r);
		k->arg_size = get32(&r);
		k->shared_size = get32(&r);
		k->private_size = get32(&r);
		for (j = 0; j < 3; j++)
			k->reqd_work_group_size[j] = get32(&r);
		k->nargs = get32(&r);
		if (!room_for(&r, k->nargs, 20))
			break;
		k->args = calloc(k->nargs + 1, sizeof(*k->args));
		for (j = 0; !r.bad && j < k->nargs; j++) {
			struct gpsvm_clc_arg *a = &k->args[j];
			const uint8_t *b;

			a->name = getstr(&r);
			a->type_name = getstr(&r);
			a->offset = get32(&r);
			a->size = get32(&r);
			b = get(&r, 4);
			if (!b)
				break;
			a->kind = b[0];
			a->addr = b[1];
			a->access = b[2];
			a->type_qual = b[3];
			if (!arg_ok(k, a))
				r.bad = true;
		}
		for (j = 0; k->name && j < i; j++)
			if (!strcmp(prog->kernels[j].name, k->name))
				r.bad = true;	/* two kernels of one name */
		if (!k->name || k->entry % 8 || k->entry / 8 >= prog->ncode ||
		    k->arg_size % 8 || k->arg_size > 4096 ||
		    k->shared_size % 8 || k->shared_size > 65536 ||
		    k->private_size % 8 || k->private_size > 65536)
			r.bad = true;
	}
	if (r.bad || r.pos != r.len) {
		gpsvm_clc_program_free(prog);
		return -EINVAL;
	}
	*out = prog;
	return 0;
}

void gpsvm_clc_program_free(struct gpsvm_clc_program *prog)
{
	uint32_t i, j;

	if (!prog)
		return;
	for (i = 0; prog->kernels && i < prog->nkernels; i++) {
		struct gpsvm_clc_kernel *k = &prog->kernels[i];

		for (j = 0; k->args && j < k->nargs; j++) {
			free(k->args[j].name);
			free(k->args[j].type_name);
		}
		free(k->args);
		free(k->name);
	}
	free(prog->kernels);
	free(prog->code);
	free(prog->data);
	free(prog->assembly);
	free(prog);
}

const struct gpsvm_clc_kernel *
gpsvm_clc_program_kernel(const struct gpsvm_clc_program *prog,
			 const char *name)
{
	uint32_t i;

	for (i = 0; i < prog->nkernels; i++)
		if (!strcmp(prog->kernels[i].name, name))
			return &prog->kernels[i];
	return NULL;
}

void gpsvm_clc_args_hidden(const struct gpsvm_clc_kernel *k, void *block,
			   unsigned int work_dim, const uint64_t offset[3],
			   uint64_t data_addr)
{
	uint8_t *b = block;
	uint32_t wd = work_dim;

	(void)k;
	memset(b, 0, 64);
	memcpy(b, offset, 24);
	memcpy(b + 24, &wd, 4);
	memcpy(b + 32, &data_addr, 8);
}

int gpsvm_clc_arg_set(const struct gpsvm_clc_kernel *k, void *block,
		      unsigned int idx, size_t size, const void *value)
{
	const struct gpsvm_clc_arg *a;
	uint8_t *b = block;

	if (idx >= k->nargs)
		return -EINVAL;
	a = &k->args[idx];
	if (a->kind == GPSVM_CLC_ARG_LOCAL) {
		if (!size || !value)
			return -EINVAL;
		memcpy(b + a->offset, value, 8);
		return 0;
	}
	if (size != a->size || !value)
		return -EINVAL;
	memcpy(b + a->offset, value, size);
	return 0;
}
