/* SPDX-License-Identifier: MIT */
/*
 * gpsvm assembler and disassembler: user-space library for the ISA of
 * firmware-notes/isa.md (encoding: model/include/gpsvm_isa.h).
 */
#ifndef GPSVM_ASM_H
#define GPSVM_ASM_H

#include <stddef.h>
#include <stdint.h>

/* One diagnostic: a 1-based source line and a message without it. */
struct gpsvm_asm_diag {
	unsigned int line;
	char msg[240];
};

/*
 * The result of gpsvm_asm(): the program, one 64-bit word per instruction
 * (word i is at PC 8 * i), the source line of each word, and diagnostics.
 * On failure words may be partial; only diags is meaningful.
 */
struct gpsvm_asm_result {
	uint64_t *words;
	unsigned int *lines;
	size_t nwords;
	struct gpsvm_asm_diag *diags;
	size_t ndiags;
};

/* At most this many diagnostics are kept; assembly goes on past errors. */
#define GPSVM_ASM_MAX_DIAGS	100

/*
 * Program text that leaves in r0 the thread's index in the grid,
 * ctaid.x * ntid.x + tid.x (r1 and r2 are clobbered).
 */
#define GPSVM_ASM_GID \
	"	s2r	r0, tid.x\n" \
	"	s2r	r1, ctaid.x\n" \
	"	s2r	r2, ntid.x\n" \
	"	mul.32	r1, r1, r2\n" \
	"	add.32	r0, r0, r1\n"

/*
 * Assemble NUL-terminated source text. Returns 0 on success, -1 when there
 * are errors (res->ndiags > 0). Always call gpsvm_asm_free() afterwards.
 */
int gpsvm_asm(const char *src, struct gpsvm_asm_result *res);
void gpsvm_asm_free(struct gpsvm_asm_result *res);

/*
 * Disassemble one word into buf (NUL terminated, truncated to size). The
 * text assembles back to the same word. Returns 0 for a valid instruction;
 * for an invalid one writes ".word 0x<hex>" and returns the negative
 * GPSVM_ISA_ERR_* of gpsvm_isa_decode().
 */
int gpsvm_disasm(uint64_t word, char *buf, size_t size);

/*
 * Like gpsvm_disasm(), and for a branch or call at byte address pc also
 * appends "  // -> 0x<target>".
 */
int gpsvm_disasm_at(uint64_t word, uint64_t pc, char *buf, size_t size);

/* Name of a GPSVM_ISA_ERR_* code (positive or negative). */
const char *gpsvm_isa_err_name(int err);

#endif /* GPSVM_ASM_H */
