// float arithmetic, compares and conversions; NaNs made canonical first.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

static uint bits(float x)
{
	return x != x ? 0x7fc00000 : as_uint(x);
}

__kernel void farith(__global ulong *out, __global const ulong *in, uint n)
{
	float a = as_float((uint)in[2 * I]), b = as_float((uint)in[2 * I + 1]);
	float c = (float)(int)in[I + 100] * 0.25f;

	OUT(0) = bits(a + b);
	OUT(1) = bits(a - b);
	OUT(2) = bits(a * b);
	OUT(3) = bits(a / b);
	OUT(4) = bits(-a);
	OUT(5) = bits(a * c + b);
	OUT(6) = (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 |
		 (a == b) << 4 | (a != b) << 5 | (a == a) << 6;
	OUT(7) = bits(c);
	OUT(8) = bits((float)(long)in[I]);
	OUT(9) = bits((float)in[I]);
	OUT(10) = bits((float)(uint)in[I]);
	OUT(11) = bits(a < b ? a : c);
	OUT(12) = (c > -1e9f && c < 1e9f) ? (ulong)(long)(int)c : 1;
	OUT(13) = (c >= 0.0f && c < 4e9f) ? (ulong)(uint)c : 2;
	OUT(14) = bits(c / 3.0f + 1.5f);
	OUT(15) = bits(fabs(a) * 2.0f);
}

__kernel void fmath(__global ulong *out, __global const ulong *in, uint n)
{
	float a = as_float((uint)in[2 * I]), b = as_float((uint)in[2 * I + 1]);
	float c = (float)(int)in[I + 100] * 0.25f;

	OUT(0) = bits(sqrt(fabs(a)));
	OUT(1) = bits(floor(c));
	OUT(2) = bits(ceil(c));
	OUT(3) = bits(trunc(c));
	OUT(4) = bits(rint(c));
	OUT(5) = bits(round(c));
	OUT(6) = bits(fmin(a, b));
	OUT(7) = bits(fmax(a, b));
	OUT(8) = bits(fma(a, b, c));
	OUT(9) = bits(copysign(c, a));
	OUT(10) = isnan(a) | isinf(a) << 1 | signbit(a) << 2;
	OUT(11) = bits(floor(a));
	OUT(12) = bits(round(a));
	OUT(13) = bits(mad(c, c, c));
}
