// Integer builtins.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

__kernel void ibuiltins(__global ulong *out, __global const ulong *in, uint n)
{
	uint a = (uint)in[2 * I], b = (uint)in[2 * I + 1];
	ulong c = in[I + 200], d = in[I + 201];
	int sa = (int)a, sb = (int)b;

	OUT(0) = popcount(a) | (ulong)popcount(c) << 32;
	OUT(1) = clz(a) | (ulong)clz(c) << 32;
	OUT(2) = ctz(a) | (ulong)ctz(c) << 32;
	OUT(3) = rotate(a, b);
	OUT(4) = rotate(c, d);
	OUT(5) = mul_hi(a, b);
	OUT(6) = (uint)mul_hi(sa, sb);
	OUT(7) = mul_hi(c, d);
	OUT(8) = (ulong)mul_hi((long)c, (long)d);
	OUT(9) = (uint)min(sa, sb) | (ulong)max(a, b) << 32;
	OUT(10) = (uint)clamp(sa, -100, 100);
	OUT(11) = abs(sa) | (ulong)abs_diff(sa, sb) << 32;
	OUT(12) = hadd(a, b) | (ulong)rhadd(a, b) << 32;
	OUT(13) = popcount((uchar)a) | clz((ushort)b) << 8 | ctz((uchar)b) << 16;
	OUT(14) = (uchar)rotate((uchar)a, (uchar)b) | (ushort)rotate((ushort)a, (ushort)b) << 8;
	OUT(15) = max(c, d) - min((long)c, (long)d);
}
