// vadd in OpenCL C: the grid-stride loop of firmware-notes/isa.md
// section 12, written there by hand.
__kernel void vadd(__global const float *a, __global const float *b,
		   __global float *c, uint n)
{
	for (uint i = get_global_id(0); i < n; i += get_global_size(0))
		c[i] = a[i] + b[i];
}
