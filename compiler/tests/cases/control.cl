// Loops, branches, switch, early exits.
#define I (get_global_id(0))
#define OUT(k) out[16 * I + (k)]

__kernel void loops(__global ulong *out, __global const ulong *in, uint n)
{
	uint m = in[I] % 37, s = 0, t = 1, i, j;

	for (i = 0; i < m; i++)
		s += i * i;
	OUT(0) = s;
	for (i = 0; i < 10; i++) {
		if (i == (in[I + 1] % 12))
			break;
		if (i & 1)
			continue;
		t *= 3;
	}
	OUT(1) = t;
	OUT(2) = i;
	s = 0;
	for (i = 0; i < 8; i++)
		for (j = i; j < 8; j++)
			s += (i ^ j) * (uint)in[I + i];
	OUT(3) = s;
	i = 0;
	do {
		i += 3;
	} while (i < m);
	OUT(4) = i;
	while (m > 1)
		m = (m & 1) ? 3 * m + 1 : m / 2;
	OUT(5) = m;
}

static uint classify(ulong x)
{
	switch (x % 11) {
	case 0: return 10;
	case 1: return 20;
	case 2:
	case 3: return 30;
	case 5: return 50;
	case 7: return 70;
	case 10: return 100;
	default: return (uint)x & 0xff;
	}
}

__kernel void switches(__global ulong *out, __global const ulong *in, uint n)
{
	uint k;

	for (k = 0; k < 16; k++)
		OUT(k) = classify(in[I * 16 + k]);
}

static ulong early(ulong a, ulong b)
{
	if (a == 0)
		return 1;
	if (a > b)
		return a - b;
	for (ulong i = 0; i < 100; i++)
		if ((a * i) % 7 == b % 7)
			return i;
	return 99;
}

__kernel void returns(__global ulong *out, __global const ulong *in, uint n)
{
	if (in[I] % 5 == 0)
		return;
	for (uint k = 0; k < 16; k++)
		OUT(k) = early(in[I + k] % 50, in[I + k + 1] % 60);
}

/* phis that swap: a parallel copy on the back edge */
__kernel void swaps(__global ulong *out, __global const ulong *in, uint n)
{
	ulong a = in[I], b = in[I + 1], c = in[I + 2];
	uint m = in[I + 3] % 20;

	for (uint i = 0; i < m; i++) {
		ulong t = a;

		a = b;
		b = c;
		c = t + i;
	}
	OUT(0) = a;
	OUT(1) = b;
	OUT(2) = c;
}
