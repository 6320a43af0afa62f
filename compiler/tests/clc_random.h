/* SPDX-License-Identifier: MIT */
#ifndef CLC_RANDOM_H
#define CLC_RANDOM_H

#include <stdint.h>

/* nkernels random kernels r0, r1, ... (malloc'd source). */
char *clc_random_program(uint64_t seed, unsigned int nkernels);

#endif
