// A 64-bin histogram of bytes: per-group counts in __local memory with
// local atomics, merged into the global one with global atomics.
#define BINS 64

__kernel void histogram(__global const uchar *data, uint n,
			__global uint *hist)
{
	__local uint h[BINS];
	uint l = get_local_id(0);

	for (uint b = l; b < BINS; b += get_local_size(0))
		h[b] = 0;
	barrier(CLK_LOCAL_MEM_FENCE);
	for (size_t i = get_global_id(0); i < n; i += get_global_size(0))
		atomic_inc(&h[data[i] % BINS]);
	barrier(CLK_LOCAL_MEM_FENCE);
	for (uint b = l; b < BINS; b += get_local_size(0))
		if (h[b])
			atomic_add(&hist[b], h[b]);
}
