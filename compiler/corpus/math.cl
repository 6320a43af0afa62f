// The math built-ins the ISA computes exactly (correctly rounded: 0 ULP).
__kernel void math(__global const float *x, __global const float *y,
		   __global float *out, uint n)
{
	size_t i = get_global_id(0);
	float a = x[i], b = y[i];
	__global float *o = out + 12 * i;

	if (i >= n)
		return;
	o[0] = sqrt(a);
	o[1] = fma(a, b, a);
	o[2] = floor(a);
	o[3] = ceil(a);
	o[4] = trunc(a);
	o[5] = rint(a);
	o[6] = round(a);
	o[7] = fabs(a);
	o[8] = fmin(a, b);
	o[9] = fmax(a, b);
	o[10] = copysign(a, b);
	o[11] = a / b;
}

// Math from the library, within OpenCL's ULP limits of the CPU's libm.
__kernel void transcendental(__global const float *x, __global const float *y,
			     __global float *out, uint n)
{
	size_t i = get_global_id(0);
	float a = x[i], b = y[i];
	__global float *o = out + 12 * i;

	if (i >= n)
		return;
	o[0] = sin(a);
	o[1] = cos(a);
	o[2] = tan(a);
	o[3] = exp(a);
	o[4] = log(a);
	o[5] = pow(a, b);
	o[6] = atan2(a, b);
	o[7] = tanh(a);
	o[8] = erf(a);
	o[9] = cbrt(a);
	o[10] = tgamma(a);
	o[11] = hypot(a, b);
}
