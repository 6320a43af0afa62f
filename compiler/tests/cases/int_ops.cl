// Integer operations of every width. Each work-item writes out[16 * i + k].
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

__kernel void int32_ops(__global ulong *out, __global const ulong *in, uint n)
{
	int a = (int)in[2 * I], b = (int)in[2 * I + 1];
	uint ua = (uint)a, ub = (uint)b;

	OUT(0) = (uint)(a + b);
	OUT(1) = (uint)(ua - ub);
	OUT(2) = ua * ub;
	OUT(3) = ub ? ua / ub : 7;
	OUT(4) = ub ? ua % ub : 9;
	OUT(5) = (b && !(a == INT_MIN && b == -1)) ? (uint)(a / b) : 11;
	OUT(6) = (b && !(a == INT_MIN && b == -1)) ? (uint)(a % b) : 13;
	OUT(7) = (ua & ub) ^ (ua | ~ub);
	OUT(8) = ua << (ub & 31);
	OUT(9) = ua >> (ub & 31);
	OUT(10) = (uint)(a >> (ub & 31));
	OUT(11) = (a < b) | (ua < ub) << 1 | (a <= b) << 2 | (ua >= ub) << 3 |
		  (a == b) << 4 | (a != b) << 5 | (a > b) << 6 | (ua > ub) << 7;
	OUT(12) = (ulong)(long)a;
	OUT(13) = (ulong)ua;
	OUT(14) = a < b ? ua : ub + 5;
	OUT(15) = (uint)-a;
}

__kernel void int64_ops(__global ulong *out, __global const ulong *in, uint n)
{
	long a = (long)in[2 * I], b = (long)in[2 * I + 1];
	ulong ua = (ulong)a, ub = (ulong)b;

	OUT(0) = (ulong)(ua + ub);
	OUT(1) = ua - ub;
	OUT(2) = ua * ub;
	OUT(3) = ub ? ua / ub : 7;
	OUT(4) = ub ? ua % ub : 9;
	OUT(5) = (b && !(a == LONG_MIN && b == -1)) ? (ulong)(a / b) : 11;
	OUT(6) = (b && !(a == LONG_MIN && b == -1)) ? (ulong)(a % b) : 13;
	OUT(7) = (ua & ub) ^ (ua | ~ub);
	OUT(8) = ua << (ub & 63);
	OUT(9) = ua >> (ub & 63);
	OUT(10) = (ulong)(a >> (ub & 63));
	OUT(11) = (a < b) | (ua < ub) << 1 | (a <= b) << 2 | (ua >= ub) << 3 |
		  (a == b) << 4 | (a != b) << 5 | (a > b) << 6 | (ua > ub) << 7;
	OUT(12) = (ulong)(int)a;
	OUT(13) = (uint)ua;
	OUT(14) = a < b ? ua : ub + 5;
	OUT(15) = ua * 0x123456789abcdefUL + 0xfedcba9876543210UL;
}

__kernel void small_ops(__global ulong *out, __global const ulong *in, uint n)
{
	char a = (char)in[2 * I], b = (char)in[2 * I + 1];
	uchar ua = (uchar)a, ub = (uchar)b;
	short c = (short)in[2 * I + 64], d = (short)in[2 * I + 65];
	ushort uc = (ushort)c, ud = (ushort)d;

	OUT(0) = (uchar)(a + b);
	OUT(1) = (uchar)(ua * ub);
	OUT(2) = ub ? (uchar)(ua / ub) : 3;
	OUT(3) = (b && !(a == -128 && b == -1)) ? (uchar)(a / b) : 5;
	OUT(4) = (uchar)(a >> (ub & 7));
	OUT(5) = (uchar)(ua >> (ub & 7));
	OUT(6) = (a < b) | (ua < ub) << 1 | (c < d) << 2 | (uc < ud) << 3;
	OUT(7) = (ulong)(long)a;
	OUT(8) = (ulong)ua;
	OUT(9) = (ulong)(long)c;
	OUT(10) = (ulong)uc;
	OUT(11) = (ushort)(c * d);
	OUT(12) = ud ? (ushort)(uc % ud) : 17;
	OUT(13) = (d && !(c == -32768 && d == -1)) ? (ushort)(c % d) : 19;
	OUT(14) = (ushort)(c >> (ud & 15));
	OUT(15) = (ushort)((short)(c << 3) >> 2);
}

__kernel void bool_ops(__global ulong *out, __global const ulong *in, uint n)
{
	ulong a = in[I], b = in[I + 1], c = in[I + 2];
	bool p = a > b, q = (b & 1) != 0, r = c == 0;

	OUT(0) = p && q;
	OUT(1) = p || r;
	OUT(2) = p ^ q ^ r;
	OUT(3) = !p + q + r;
	OUT(4) = (p ? a : b) + (q ? 3 : c);
	OUT(5) = (a > b && b > c) ? 1 : (a < c || b == 5) ? 2 : 3;
	OUT(6) = -(long)p;
	OUT(7) = (uint)(int)(char)(p - q);
}
