// Builtins and operators on char and short, whose registers carry
// unspecified bits above the value.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

#define ALL(T, base) \
	OUT(base + 0) = (ulong)popcount((T)(a + b)) | (ulong)clz((T)(a * b)) << 8 | \
			(ulong)ctz((T)(a - b)) << 16; \
	OUT(base + 1) = (ulong)(T)rotate((T)(a + 3), (T)b) | (ulong)(T)mul_hi((T)a, (T)(b * 5)) << 16; \
	OUT(base + 2) = (ulong)(T)hadd((T)(a * 7), (T)b) | (ulong)(T)rhadd((T)(a * 7), (T)b) << 16 | \
			(ulong)(T)min((T)(a * 3), (T)b) << 32 | (ulong)(T)max((T)(a * 3), (T)b) << 48; \
	OUT(base + 3) = (ulong)(T)((T)(a * 9) / (T)((b & 0x3f) + 1)) | \
			(ulong)(T)((T)(a * 9) % (T)((b & 0x3f) + 1)) << 16 | \
			(ulong)(T)((T)(a * 9) >> (b & 7)) << 32 | (ulong)((T)(a * 3) < (T)(b * 5)) << 48;

__kernel void narrow_char(__global ulong *out, __global const ulong *in, uint n)
{
	uint a = (uint)in[I], b = (uint)in[I + 1];

	ALL(char, 0)
	ALL(uchar, 4)
}

__kernel void narrow_short(__global ulong *out, __global const ulong *in, uint n)
{
	uint a = (uint)in[I], b = (uint)in[I + 1];

	ALL(short, 0)
	ALL(ushort, 4)
}
