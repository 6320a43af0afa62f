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

// The independent review's findings, each failing before its fix.

// sub_sat/add_sat of unsigned types wrapped through the unsigned wide type.
__kernel void sat_unsigned(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	uchar a = (uchar)in[id] | 1;
	ushort b = (ushort)in[id + 1] | 1;
	uint c = (uint)in[id + 2];
	ulong d = in[id + 3];
	long e = (long)in[id + 4];

	out[16 * id] = sub_sat((uchar)(a & 3), (uchar)(a | 4));
	out[16 * id + 1] = sub_sat((ushort)(b & 3), (ushort)(b | 4));
	out[16 * id + 2] = sub_sat(c & 3, c | 4);
	out[16 * id + 3] = add_sat(c, 0xfffffff0u);
	out[16 * id + 4] = add_sat(d, d) + sub_sat(d >> 1, d);
	out[16 * id + 5] = (ulong)add_sat(e, e) ^ (ulong)sub_sat(-e, e);
}

// memmove of overlapping memory, the destination above the source.
__kernel void memmove_up(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	uint a[16];

	for (int k = 0; k < 16; k++)
		a[k] = (uint)in[id + k];
	__builtin_memmove(&a[1], &a[0], 14 * sizeof(uint));
	for (int k = 0; k < 8; k++)
		out[16 * id + k] = a[k] | (ulong)a[k + 8] << 32;
	for (int k = 0; k < 7; k++)
		out[16 * id + 8 + k] = in[id + k];
	__builtin_memmove(&out[16 * id + 9], &out[16 * id + 8], 6 * sizeof(ulong));
}

// Signalling-NaN constants keep their bits.
__kernel void snan_const(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	__global float *o = (__global float *)&out[16 * id];

	o[0] = as_float(0x7f800001u);
	o[1] = as_float(0xffa00000u);
	o[2] = in[id] & 1 ? as_float(0x7f800001u) : 1.0f;
}

// A phi whose first incoming block is unreachable.
__kernel void unreachable_pred(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	ulong a = in[id] & 1, y = in[id + 1];
	ulong r = a ? ({ goto out; 5ul; }) : y;

	out[16 * id] = r;
	return;
out:
	out[16 * id + 1] = 7;
}

// The byte-swap idiom (llvm.bswap at -O1 and above).
__kernel void bswap_idiom(__global ulong *out, __global const ulong *in, uint n)
{
	size_t id = get_global_id(0);
	uint x = (uint)in[id];
	ushort h = (ushort)in[id + 1];
	ulong y = in[id + 2];

	out[16 * id] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) |
		       ((x >> 8) & 0xff00) | (x >> 24);
	out[16 * id + 1] = (ushort)((h << 8) | (h >> 8));
	out[16 * id + 2] = __builtin_bswap64(y);
}
