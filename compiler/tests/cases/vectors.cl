// Vector types, element by element.
#ifndef CLC_HOST
#define VEC(T, n) (T##n)
#endif
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

__kernel void vec_int(__global ulong *out, __global const ulong *in, uint n)
{
	int4 a = VEC(int, 4)((int)in[I], (int)in[I + 1], (int)in[I + 2], (int)in[I + 3]);
	int4 b = VEC(int, 4)((int)in[I + 4] % 100, 3, -7, (int)in[I + 5] % 1000);
	int4 c = a * b + VEC(int, 4)(1, 2, 3, 4);
	int4 d = a > b;
	uint8 e = VEC(uint, 8)((uint)in[I], 1, 2, 3, 4, 5, 6, (uint)in[I + 6]);

	OUT(0) = (uint)c.x | (ulong)(uint)c.y << 32;
	OUT(1) = (uint)c.z | (ulong)(uint)c.w << 32;
	OUT(2) = (uint)d.x | (ulong)(uint)d.w << 32;
	OUT(3) = (uint)c.wzyx.y;
	e = e * 3 + e.s76543210;
	OUT(4) = e.s0 + e.s1 * 10 + e.s7 * 100;
	OUT(5) = (uint)(a.xy + b.zw).y;
	OUT(6) = (uint)a[in[I + 7] % 4];
	c[in[I + 8] % 4] = 77;
	OUT(7) = (uint)c.x ^ (uint)c.y ^ (uint)c.z ^ (uint)c.w;
	OUT(8) = (uint)(c.x + c.y + c.z + c.w);
}

__kernel void vec_float(__global ulong *out, __global const ulong *in, uint n)
{
	float4 a = VEC(float, 4)((int)in[I] % 1000, (int)in[I + 1] % 1000, 2.5f, -1.0f);
	float4 b = a * 0.5f + (float4)(1.0f);
	float4 c = fabs(b - a);

	OUT(0) = as_uint(b.x) | (ulong)as_uint(b.y) << 32;
	OUT(1) = as_uint(c.z) | (ulong)as_uint(c.w) << 32;
	OUT(2) = as_uint(a.x + a.y + a.z + a.w);
}

__kernel void vec_mem(__global ulong *out, __global const ulong *in, uint n)
{
	__global float *o = (__global float *)&OUT(0);
	__global const short *h = (__global const short *)in;
	float f[12];
	float4 v;
	float3 w;

	/* floats from integers: no NaN, whose payload the host keeps */
	for (int k = 0; k < 12; k++)
		f[k] = (float)(int)in[I + k];
	v = vload4(1, f);
	w = vload3(2, f);
	short8 s = vload8(0, h + I * 3);

	vstore4(v * 2.0f, 0, o);
	vstore3(w + w.zxy, 2, o);
	OUT(6) = (ushort)s.s0 | (ulong)(ushort)s.s7 << 16 | (ulong)(ushort)(s.s3 + s.s4) << 32;
}
