/* SPDX-License-Identifier: MIT */
/*
 * The error of a float result in ulps of the exact one, as the compiler's
 * math tests (host and IGT) measure it against libm.
 */
#ifndef CLC_ULP_H
#define CLC_ULP_H

#include <math.h>

/* got against ref (libm in double); 0 for a correct special value. */
static inline double clc_ulp_error(float got, double ref)
{
	double a = fabs(ref);
	int e;

	if (isnan(ref))
		return isnan(got) ? 0 : INFINITY;
	if (isnan(got))
		return INFINITY;
	if ((double)got == ref || (isinf(got) && (float)ref == got))
		return 0;
	/*
	 * A subnormal result may be flushed to zero: the device does not
	 * report CL_FP_DENORM for the math library (libclc flushes).
	 */
	if (got == 0 && a < 0x1p-126 && signbit(got) == signbit(ref))
		return 0;
	frexp(a, &e);
	e -= 24;
	if (e < -149)
		e = -149;
	return fabs((double)got - ref) / ldexp(1.0, e);
}

#endif /* CLC_ULP_H */
