// Private arrays, structs in private memory, pointers into them.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

struct pt {
	int x;
	short y;
	char z;
	long w;
};

static void bump(struct pt *p, int k)
{
	p->x += k;
	p->y -= (short)k;
	p->z ^= (char)k;
	p->w *= k;
}

__kernel void arrays(__global ulong *out, __global const ulong *in, uint n)
{
	uint a[24];
	struct pt p[3];
	uint k, m = in[I] % 24, s = 0;

	for (k = 0; k < 24; k++)
		a[k] = (uint)in[I + k] * k;
	for (k = 0; k < m; k++)
		a[(k * 7) % 24] += a[k];
	for (k = 0; k < 24; k++)
		s = s * 31 + a[k];
	OUT(0) = s;
	OUT(1) = a[in[I + 1] % 24];
	for (k = 0; k < 3; k++) {
		p[k].x = (int)in[I + k];
		p[k].y = (short)in[I + k + 3];
		p[k].z = (char)in[I + k + 6];
		p[k].w = (long)in[I + k + 9];
		bump(&p[k], (int)(in[I + 12] % 9) + 1);
	}
	for (k = 0; k < 3; k++) {
		OUT(2 + 4 * k) = (uint)p[k].x;
		OUT(3 + 4 * k) = (ushort)p[k].y;
		OUT(4 + 4 * k) = (uchar)p[k].z;
		OUT(5 + 4 * k) = (ulong)p[k].w;
	}
}

/* loads and stores of every width through global pointers */
__kernel void widths(__global ulong *out, __global const ulong *in, uint n)
{
	__global const uchar *b = (__global const uchar *)in;
	__global const ushort *h = (__global const ushort *)in;
	__global const uint *w = (__global const uint *)in;
	__global uchar *ob = (__global uchar *)&OUT(0);
	__global ushort *oh = (__global ushort *)&OUT(4);
	__global uint *ow = (__global uint *)&OUT(8);
	uint k;

	for (k = 0; k < 32; k++)
		ob[k] = b[I * 7 + k] + (uchar)k;
	for (k = 0; k < 16; k++)
		oh[k] = h[I * 5 + k] * 3;
	for (k = 0; k < 8; k++)
		ow[k] = w[I * 3 + k] ^ (uint)k;
	OUT(12) = (ulong)(long)((__global const char *)in)[I + 3];
	OUT(13) = (ulong)(long)((__global const short *)in)[I + 3];
	OUT(14) = (ulong)(long)((__global const int *)in)[I + 3];
}
