// Calls: a deep chain, structs by value and by pointer, out parameters.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

struct acc {
	ulong sum;
	uint count;
	short last;
};

static ulong f12(ulong x) { return x * 3 + 1; }
static ulong f11(ulong x) { return f12(x ^ 0x55) + 11; }
static ulong f10(ulong x) { return f11(x >> 1) * 5; }
static ulong f9(ulong x) { return f10(x + 9) - x; }
static ulong f8(ulong x) { return f9(x * 7) ^ f10(x); }
static ulong f7(ulong x) { return x & 1 ? f8(x) : f9(x); }
static ulong f6(ulong x) { return f7(x + 6) + f7(x - 6); }
static ulong f5(ulong x) { return f6(x) >> 3; }
static ulong f4(ulong x) { return f5(x) * f5(x + 1); }
static ulong f3(ulong x) { return f4(x) + 3; }
static ulong f2(ulong x) { return f3(x ^ (x >> 7)); }
static ulong f1(ulong x) { return f2(x) - f3(x); }

static struct acc add(struct acc a, ulong v)
{
	a.sum += v;
	a.count++;
	a.last = (short)v;
	return a;
}

static void split(ulong v, uint *hi, uint *lo)
{
	*hi = (uint)(v >> 32);
	*lo = (uint)v;
}

__kernel void chain(__global ulong *out, __global const ulong *in, uint n)
{
	struct acc a = { 0, 0, 0 };
	uint hi, lo;

	OUT(0) = f1(in[I]);
	OUT(1) = f2(in[I + 1]);
	for (uint k = 0; k < 5; k++)
		a = add(a, f12(in[I + k]));
	OUT(2) = a.sum;
	OUT(3) = a.count;
	OUT(4) = (ushort)a.last;
	split(in[I + 2], &hi, &lo);
	OUT(5) = hi;
	OUT(6) = lo;
}
