// C = A * B for n x n floats (n a multiple of T), tiled in __local memory.
#define T 8

__kernel void matmul(__global const float *a, __global const float *b,
		     __global float *c, uint n)
{
	__local float ta[T][T], tb[T][T];
	uint lx = get_local_id(0), ly = get_local_id(1);
	uint x = get_global_id(0), y = get_global_id(1);
	float acc = 0.0f;

	for (uint k0 = 0; k0 < n; k0 += T) {
		ta[ly][lx] = a[y * n + k0 + lx];
		tb[ly][lx] = b[(k0 + ly) * n + x];
		barrier(CLK_LOCAL_MEM_FENCE);
		for (uint k = 0; k < T; k++)
			acc = fma(ta[ly][k], tb[k][lx], acc);
		barrier(CLK_LOCAL_MEM_FENCE);
	}
	c[y * n + x] = acc;
}
