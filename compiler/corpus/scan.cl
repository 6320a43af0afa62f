// Inclusive prefix sum of n ints in three passes: each work-group scans
// its block in __local memory (Hillis-Steele) and writes its total; one
// group scans the totals; each block adds its predecessors' sum.
#define B 128

__kernel void scan_blocks(__global const int *in, __global int *out,
			  __global int *totals, uint n)
{
	__local int t[2][B];
	uint l = get_local_id(0), g = get_group_id(0), p = 0;
	size_t i = get_global_id(0);

	t[0][l] = i < n ? in[i] : 0;
	barrier(CLK_LOCAL_MEM_FENCE);
	for (uint d = 1; d < B; d <<= 1) {
		t[p ^ 1][l] = t[p][l] + (l >= d ? t[p][l - d] : 0);
		p ^= 1;
		barrier(CLK_LOCAL_MEM_FENCE);
	}
	if (i < n)
		out[i] = t[p][l];
	if (l == B - 1)
		totals[g] = t[p][l];
}

__kernel void scan_totals(__global int *totals, uint groups)
{
	if (get_global_id(0) == 0)
		for (uint g = 1; g < groups; g++)
			totals[g] += totals[g - 1];
}

__kernel void scan_add(__global int *out, __global const int *totals, uint n)
{
	uint g = get_group_id(0);
	size_t i = get_global_id(0);

	if (g > 0 && i < n)
		out[i] += totals[g - 1];
}
