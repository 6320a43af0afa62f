// reduce, by hand: the sum of n uints, a tree in shared memory per block,
// one atomic per block (compiler/corpus/reduce.cl is the same in OpenCL C).
// Arguments: in (u64) at 0, n (u32) at 8, sum (u64) at 16; shared memory
// 4 bytes a thread.
	s2r	r0, tid.x
	s2r	r1, ctaid.x
	s2r	r2, ntid.x
	mul.32	r3, r1, r2
	add.32	r3, r3, r0		// i
	ldarg.u32 r4, [8]
	mov.32	r5, 0
	setp.ge.u32 p0, r3, r4
	@p0 bra	store
	ldarg.64 r6, [0]
	shl.64	r7, r3, 2
	ld.u32	r5, [r6 + r7]
store:
	li	r8, 0xffffffff80000000	// the shared window
	shl.64	r9, r0, 2
	add.64	r9, r9, r8		// &tmp[l]
	st.32	[r9], r5
	bar
	shr.32	r10, r2, 1		// s
loop:
	setp.ge.u32 p1, r0, r10
	@p1 bra	skip
	shl.64	r11, r10, 2
	ld.u32	r12, [r9 + r11]
	ld.u32	r13, [r9]
	add.32	r13, r13, r12
	st.32	[r9], r13
skip:
	bar
	shr.32	r10, r10, 1
	setp.ne.u32 p2, r10, 0
	@p2 bra	loop
	setp.ne.u32 p3, r0, 0
	@p3 exit
	ld.u32	r14, [r8]
	ldarg.64 r15, [16]
	atom.add.32 rz, [r15], r14
	exit
