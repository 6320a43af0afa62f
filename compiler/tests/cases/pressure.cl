// More live values than registers: spills.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

__kernel void spills(__global ulong *out, __global const ulong *in, uint n)
{
	ulong v[80];
	ulong s = 0, t = 1;
	uint k;

#define L(j) ulong x##j = in[I + j] * (j + 1);
#define U(j) s += x##j * (t + j); t ^= x##j;
#define X10(M, b) M(b##0) M(b##1) M(b##2) M(b##3) M(b##4) M(b##5) M(b##6) M(b##7) M(b##8) M(b##9)
	X10(L, 1) X10(L, 2) X10(L, 3) X10(L, 4) X10(L, 5) X10(L, 6) X10(L, 7)
	for (k = 0; k < 80; k++)
		v[k] = in[I + k] + k;
	X10(U, 1) X10(U, 2) X10(U, 3) X10(U, 4) X10(U, 5) X10(U, 6) X10(U, 7)
	OUT(0) = s;
	OUT(1) = t;
	for (k = 0; k < 80; k++)
		s += v[k] * (k | 1);
	OUT(2) = s;
}
