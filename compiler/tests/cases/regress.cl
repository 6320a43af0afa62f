// Cases the random tests found; each failed before its fix.
// rotate of a uint by a uchar: a 64-bit shift read the unspecified upper bits.
__kernel void rotate_by_uchar(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	uint x = (uint)in[id], y = (uint)in[id + 1];
	uchar c = (uchar)in[id + 2];

	out[16 * id] = rotate(x, (uint)c);
	out[16 * id + 1] = rotate(x, y);
	out[16 * id + 2] = rotate(x, (uint)(uchar)y);
}
