// SAXPY: y[i] = a * x[i] + y[i], a grid-stride loop.
__kernel void saxpy(float a, __global const float *x, __global float *y,
		    uint n)
{
	for (size_t i = get_global_id(0); i < n; i += get_global_size(0))
		y[i] = a * x[i] + y[i];
}
