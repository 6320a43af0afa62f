// reduce in OpenCL C: compiler/bench/reduce.s by hand.
__kernel void reduce(__global const uint *in, uint n, __global uint *sum,
		     __local uint *tmp)
{
	uint l = get_local_id(0);
	size_t i = get_global_id(0);

	tmp[l] = i < n ? in[i] : 0;
	barrier(CLK_LOCAL_MEM_FENCE);
	for (uint s = get_local_size(0) / 2; s > 0; s >>= 1) {
		if (l < s)
			tmp[l] += tmp[l + s];
		barrier(CLK_LOCAL_MEM_FENCE);
	}
	if (l == 0)
		atomic_add(sum, tmp[0]);
}
