/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm model: IEEE 754 binary32 arithmetic in integer C, as the compute
 * engine ISA defines it (firmware-notes/isa.md sections 6.3, 6.4 and 7.1):
 * round to nearest even, subnormals preserved, every NaN result the
 * canonical 0x7fc00000, no exceptions. Values are binary32 bit patterns.
 */
#ifndef __GPSVM_MODEL_SOFTFLOAT_H__
#define __GPSVM_MODEL_SOFTFLOAT_H__

#include "gpsvm_model_isa_port.h"

/*
 * Relation of two values, as returned by gpsvm_f32_cmp(): the bits match
 * GPSVM_CMP_LT_BIT, GPSVM_CMP_EQ_BIT, GPSVM_CMP_GT_BIT and GPSVM_CMP_U_BIT
 * of gpsvm_isa.h, so a SETP condition code tests the relation with "&".
 */
#define GPSVM_F32_LT		0x1U
#define GPSVM_F32_EQ		0x2U
#define GPSVM_F32_GT		0x4U
#define GPSVM_F32_UNORDERED	0x8U

/* Rounding directions of gpsvm_f32_round(), in FRND's opcode order. */
#define GPSVM_F32_RN		0	/* to nearest, ties to even */
#define GPSVM_F32_RZ		1	/* toward zero */
#define GPSVM_F32_RM		2	/* toward -infinity */
#define GPSVM_F32_RP		3	/* toward +infinity */

u32 gpsvm_f32_add(u32 a, u32 b);
u32 gpsvm_f32_sub(u32 a, u32 b);
u32 gpsvm_f32_mul(u32 a, u32 b);
u32 gpsvm_f32_div(u32 a, u32 b);
u32 gpsvm_f32_fma(u32 a, u32 b, u32 c);
u32 gpsvm_f32_sqrt(u32 a);
u32 gpsvm_f32_round(u32 a, unsigned int mode);
u32 gpsvm_f32_min(u32 a, u32 b);
u32 gpsvm_f32_max(u32 a, u32 b);
u32 gpsvm_f32_cmp(u32 a, u32 b);
u32 gpsvm_f32_from_s32(s32 v);
u32 gpsvm_f32_from_u32(u32 v);
u32 gpsvm_f32_from_s64(s64 v);
u32 gpsvm_f32_from_u64(u64 v);
s32 gpsvm_f32_to_s32(u32 a);
u32 gpsvm_f32_to_u32(u32 a);
s64 gpsvm_f32_to_s64(u32 a);
u64 gpsvm_f32_to_u64(u32 a);

#endif /* __GPSVM_MODEL_SOFTFLOAT_H__ */
