// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm GPU model's channels, copy engine and compute
 * engine (firmware-notes/channels.md). Each test acts as a small driver:
 * it builds GP100 page tables, an instance block and rings by hand in VRAM
 * and drives channels through their registers.
 *
 * The programs were assembled offline with out/bin/gpsvm-as -C; their
 * source is in the comments.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/unaligned.h>

#include "../gpsvm_model.h"
#include "gpsvm_model_test.h"
#include "../include/gpsvm_isa.h"
#include "../gpsvm_model_softfloat.h"

/* Every level's index is non-zero: PD3 3, PD2 0x48, PD1 0x1a2. */
#define VA_BASE		0x1923440000000ULL
/* VA_BASE + x maps VRAM DATA_PHYS + x for x < DATA_SIZE, but HOLE_OFF. */
#define DATA_PHYS	SZ_1M
#define DATA_SIZE	SZ_4M
#define HOLE_OFF	0x1ff000ULL		/* small PTE 0: PTE fault */
#define NOPDE_OFF	(5ULL * SZ_2M)		/* no page table: PDE fault */
#define TABLES_PHYS	(8 * SZ_1M)

struct fifo_test {
	struct gpsvm_model_test_gpu base;	/* first: see gpsvm_model_test.h */
	u64 pd3, pd0, spt[2];
	u64 inst;
	struct page *sys;
	struct completion irq_done;
	u32 irq_pmc, irq_pfifo0, irq_chan;
};

static struct fifo_test *ft(struct kunit *test)
{
	return test->priv;
}

static void *data(struct kunit *test, u64 off)
{
	return vram(test, DATA_PHYS + off);
}

static u64 pte_vid(u64 addr)
{
	return (addr >> 4) | GP100_PTE_VALID;
}

/* The address space: VA_BASE's first 4 MiB, 4 KiB pages, in VRAM. */
static void as_init(struct kunit *test)
{
	struct fifo_test *t = ft(test);
	u64 pd2, pd1, off;
	unsigned int i;

	t->pd3 = alloc_vram(test);
	pd2 = alloc_vram(test);
	pd1 = alloc_vram(test);
	t->pd0 = alloc_vram(test);
	wr64(test, t->pd3 + FIELD_GET(GP100_MMU_PD3_VA, VA_BASE) * 8, pde(pd2));
	wr64(test, pd2 + FIELD_GET(GP100_MMU_PD2_VA, VA_BASE) * 8, pde(pd1));
	wr64(test, pd1 + FIELD_GET(GP100_MMU_PD1_VA, VA_BASE) * 8,
	     pde(t->pd0));
	for (i = 0; i < 2; i++) {
		t->spt[i] = alloc_vram(test);
		wr64(test, t->pd0 + (FIELD_GET(GP100_MMU_PD0_VA, VA_BASE) + i) *
		     GP100_MMU_PD0_ENTRY_SIZE + 8, pde(t->spt[i]));
	}
	for (off = 0; off < DATA_SIZE; off += SZ_4K) {
		if (off == HOLE_OFF)
			continue;
		wr64(test, t->spt[off / SZ_2M] +
		     FIELD_GET(GP100_MMU_SPT_VA, off) * 8,
		     pte_vid(DATA_PHYS + off));
	}

	/* The instance block: VER2, 64 KiB big pages, PDB in VRAM. */
	t->inst = alloc_vram(test);
	wr64(test, t->inst + GP100_RAMIN_PDB_LO, t->pd3 |
	     GP100_RAMIN_PDB_VER2 | GP100_RAMIN_PDB_BIG_64K);
	wr64(test, t->inst + GP100_RAMIN_LIMIT_LO, BIT_ULL(49) - 1);
}

static int fifo_test_init(struct kunit *test)
{
	struct fifo_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->base.gpu = gpsvm_model_create(0, SZ_16M, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->base.gpu));
	t->base.vram_next = TABLES_PHYS;
	init_completion(&t->irq_done);
	as_init(test);
	return 0;
}

static void fifo_test_exit(struct kunit *test)
{
	struct fifo_test *t = ft(test);

	gpsvm_model_destroy(t->base.gpu);
	if (t->sys)
		__free_page(t->sys);
}

/* Set channel @c up on the test's address space and enable it. */
static void chan_setup_inst(struct kunit *test, unsigned int c, u64 inst)
{
	struct fifo_test *t = ft(test);

	if (!t->base.ring[c])
		t->base.ring[c] = alloc_vram(test);
	t->base.put[c] = 0;
	cwr(test, c, GPSVM_CHAN_INST, lower_32_bits(inst));
	cwr(test, c, GPSVM_CHAN_INST_HI, upper_32_bits(inst));
	cwr(test, c, GPSVM_CHAN_RING, lower_32_bits(t->base.ring[c]));
	cwr(test, c, GPSVM_CHAN_RING_HI, upper_32_bits(t->base.ring[c]));
	cwr(test, c, GPSVM_CHAN_RING_SIZE, ilog2(GPSVM_MODEL_TEST_NRING));
	cwr(test, c, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_ENABLE);
}

static void chan_setup(struct kunit *test, unsigned int c)
{
	chan_setup_inst(test, c, ft(test)->inst);
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_IDLE);
}

/* Append a command and ring the doorbell. */
/* Wait until the channel is neither BUSY nor with work; its state. */
/* RESET, polling until it reads 0; false if not within @ms. */
static bool chan_reset(struct kunit *test, unsigned int c, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	cwr(test, c, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_RESET);
	do {
		if (!(crd(test, c, GPSVM_CHAN_CTRL) & GPSVM_CHAN_CTRL_RESET))
			return true;
		usleep_range(500, 1000);
	} while (time_before(jiffies, end));
	return false;
}

static void cmd_hdr(u8 *cmd, u32 op, bool intr)
{
	memset(cmd, 0, GPSVM_CMD_SIZE);
	put_unaligned_le32(op | (intr ? GPSVM_CMD_INTR : 0), cmd);
}

static void cmd_launch(u8 *cmd, u64 code_off, u32 nwords, u64 args_off,
		       u32 arg_size, const u32 grid[3], const u32 block[3])
{
	unsigned int i;

	cmd_hdr(cmd, GPSVM_CMD_LAUNCH, false);
	put_unaligned_le32(0, cmd + 0x04);
	put_unaligned_le64(VA_BASE + code_off, cmd + 0x08);
	put_unaligned_le32(nwords, cmd + 0x10);
	put_unaligned_le32(arg_size, cmd + 0x14);
	put_unaligned_le64(VA_BASE + args_off, cmd + 0x18);
	for (i = 0; i < 3; i++) {
		put_unaligned_le32(grid[i], cmd + 0x20 + 4 * i);
		put_unaligned_le32(block[i], cmd + 0x2c + 4 * i);
	}
}

/* COPY, FILL (pattern in @src), SEM_* (payload in @dst... see callers). */
static void cmd_copy(u8 *cmd, u32 flags, u64 src, u64 dst, u64 size)
{
	cmd_hdr(cmd, GPSVM_CMD_COPY, false);
	put_unaligned_le32(flags, cmd + 0x04);
	put_unaligned_le64(src, cmd + 0x08);
	put_unaligned_le64(dst, cmd + 0x10);
	put_unaligned_le64(size, cmd + 0x18);
}

static void cmd_fill(u8 *cmd, u32 pattern, u64 dst, u64 size)
{
	cmd_hdr(cmd, GPSVM_CMD_FILL, false);
	put_unaligned_le32(pattern, cmd + 0x08);
	put_unaligned_le64(dst, cmd + 0x10);
	put_unaligned_le64(size, cmd + 0x18);
}

static void cmd_sem(u8 *cmd, u32 op, bool intr, u64 addr, u64 payload)
{
	cmd_hdr(cmd, op, intr);
	put_unaligned_le64(addr, cmd + 0x08);
	put_unaligned_le64(payload, cmd + 0x10);
}

/* Copy a program into the data area at @off. */
static void put_code(struct kunit *test, u64 off, const u64 *words,
		     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		put_unaligned_le64(words[i], data(test, off + 8 * i));
}

/* Offsets in the data area. */
#define CODE_OFF	0x0
#define ARGS_OFF	0x8000
#define OUT_OFF		0x10000

static const u64 prog_pattern[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000000041710ULL,	/* s2r r1, tid.y */
	0x0000000000102710ULL,	/* s2r r2, ntid.x */
	0x0000000200041722ULL,	/* mul.32 r1, r1, r2 */
	0x0000000100000720ULL,	/* add.32 r0, r0, r1 (t = tid.x + ntid.x * tid.y) */
	0x0000000000143710ULL,	/* s2r r3, ntid.y */
	0x0000000300082722ULL,	/* mul.32 r2, r2, r3 (threads per block) */
	0x0000000000204710ULL,	/* s2r r4, ctaid.x */
	0x0000000000245710ULL,	/* s2r r5, ctaid.y */
	0x0000000000306710ULL,	/* s2r r6, nctaid.x */
	0x0000000600145722ULL,	/* mul.32 r5, r5, r6 */
	0x0000000500104720ULL,	/* add.32 r4, r4, r5 (b = ctaid.x + nctaid.x * ctaid.y) */
	0x0000000200104722ULL,	/* mul.32 r4, r4, r2 */
	0x0000000400000720ULL,	/* add.32 r0, r0, r4 (lin = b * threads + t) */
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x000000020100874dULL,	/* shl.64 r8, r0, 2 */
	0x0001000101009722ULL,	/* mul.32 r9, r0, 0x10001 */
	0x0000000701249720ULL,	/* add.32 r9, r9, 7 */
	0x00000008121c078aULL,	/* st.32 [r7 + r8], r9 */
	0x0000000000000702ULL,	/* exit */
};

/* Submit the pattern program on @c: out[lin] = lin * 0x10001 + 7. */
static void submit_pattern(struct kunit *test, unsigned int c, u64 code_off,
			   u64 args_off, u64 out_off, const u32 grid[3],
			   const u32 block[3])
{
	u8 cmd[GPSVM_CMD_SIZE];

	put_code(test, code_off, prog_pattern, ARRAY_SIZE(prog_pattern));
	put_unaligned_le64(VA_BASE + out_off, data(test, args_off));
	cmd_launch(cmd, code_off, ARRAY_SIZE(prog_pattern), args_off, 8, grid,
		   block);
	submit(test, c, cmd);
}

static void check_pattern(struct kunit *test, u64 out_off, unsigned int n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++)
		if (get_unaligned_le32(data(test, out_off + 4 * i)) !=
		    i * 0x10001 + 7)
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static void expect_err(struct kunit *test, unsigned int c, u32 cls,
		       u32 detail, u32 access, u64 addr)
{
	u32 err = crd(test, c, GPSVM_CHAN_ERR);

	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_ERROR);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_CLASS, err), cls);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_DETAIL, err), detail);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_ACCESS, err), access);
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_ERR_ADDR),
			lower_32_bits(addr));
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_ERR_ADDR_HI),
			upper_32_bits(addr));
	KUNIT_EXPECT_TRUE(test, crd(test, c, GPSVM_CHAN_INTR) &
			  GPSVM_CHAN_INTR_ERROR);
}

static void fifo_test_regs(struct kunit *test)
{
	u8 cmd[GPSVM_CMD_SIZE];

	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PGRAPH_SM_COUNT), 2);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PGRAPH_ISA_VERSION), 2);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_0), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 5, 0x34), GPSVM_PRI_ERROR);
	KUNIT_EXPECT_EQ(test, crd(test, 63, 0x7c), GPSVM_PRI_ERROR);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_DISABLED);

	/* Configuration registers latch while DISABLED, are dropped after. */
	cwr(test, 3, GPSVM_CHAN_RING_SIZE, 17);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_RING_SIZE),
			GPSVM_CHAN_RING_SIZE_MIN);
	chan_setup(test, 3);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_CTRL),
			GPSVM_CHAN_CTRL_ENABLE);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_RING_SIZE), 6);
	cwr(test, 3, GPSVM_CHAN_RING_SIZE, 8);
	cwr(test, 3, GPSVM_CHAN_RING, 0x5000);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_RING_SIZE), 6);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_RING),
			lower_32_bits(ft(test)->base.ring[3]));

	/* NOPs: GET follows PUT, also around the end of the ring. */
	cmd_hdr(cmd, GPSVM_CMD_NOP, false);
	for (int i = 0; i < GPSVM_MODEL_TEST_NRING + 3; i++)
		submit(test, 3, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 3, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_GET), 3);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_PUT), 3);

	/* A wait keeps it BUSY with GET at the command. */
	*(u64 *)data(test, OUT_OFF) = 0;
	cmd_sem(cmd, GPSVM_CMD_SEM_ACQUIRE, false, VA_BASE + OUT_OFF, 5);
	submit(test, 3, cmd);
	msleep(50);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_GET), 3);
	WRITE_ONCE(*(u64 *)data(test, OUT_OFF), 4);
	msleep(20);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	WRITE_ONCE(*(u64 *)data(test, OUT_OFF), 6);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 3, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_GET), 4);

	/* Clearing ENABLE: DISABLED, GET kept; PUT wraps to the ring. */
	cwr(test, 3, GPSVM_CHAN_CTRL, 0);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_DISABLED);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_GET), 4);
	cwr(test, 3, GPSVM_CHAN_PUT, GPSVM_MODEL_TEST_NRING + 9);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_PUT), 9);
	KUNIT_EXPECT_TRUE(test, chan_reset(test, 3, 1000));
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_GET), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_PUT), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 3, GPSVM_CHAN_CTRL), 0);
}

/* A 2-D grid of 2-D blocks writes a pattern. */
static void fifo_test_launch_pattern(struct kunit *test)
{
	static const u32 grid[3] = { 3, 2, 1 }, block[3] = { 8, 4, 1 };
	static const u32 grid2[3] = { 5, 1, 1 }, block2[3] = { 1024, 1, 1 };

	chan_setup(test, 0);
	submit_pattern(test, 0, CODE_OFF, ARGS_OFF, OUT_OFF, grid, block);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 0, 5000), GPSVM_CHAN_STATE_IDLE);
	check_pattern(test, OUT_OFF, 3 * 2 * 8 * 4);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(data(test, OUT_OFF + 4 * 192)),
			0);

	/* The biggest blocks. */
	submit_pattern(test, 0, CODE_OFF, ARGS_OFF, OUT_OFF + SZ_64K, grid2,
		       block2);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 0, 5000), GPSVM_CHAN_STATE_IDLE);
	check_pattern(test, OUT_OFF + SZ_64K, 5 * 1024);
}

/* isa.md section 12, c[i] = a[i] + b[i]. */
static const u64 prog_vadd[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000000201710ULL,	/* s2r r1, ctaid.x */
	0x0000000000102710ULL,	/* s2r r2, ntid.x */
	0x0000000200041722ULL,	/* mul.32 r1, r1, r2 */
	0x0000000100000720ULL,	/* add.32 r0, r0, r1 */
	0x0000000000301710ULL,	/* s2r r1, nctaid.x */
	0x0000000100082722ULL,	/* mul.32 r2, r2, r1 */
	0x0000001801fc3711ULL,	/* ldarg.u32 r3, [24] */
	0x0000000001fc4713ULL,	/* ldarg.64 r4, [0] */
	0x0000000801fc5713ULL,	/* ldarg.64 r5, [8] */
	0x0000001001fc6713ULL,	/* ldarg.64 r6, [16] */
	0x000000030e030719ULL,	/* setp.ge.u32 p0, r0, r3 */
	0x0000000000000002ULL,	/* @p0 exit */
	0x000000020100774dULL,	/* loop: shl.64 r7, r0, 2 */
	0x0000000700108784ULL,	/* ld.u32 r8, [r4 + r7] */
	0x0000000700149784ULL,	/* ld.u32 r9, [r5 + r7] */
	0x0000000900208760ULL,	/* add.f32 r8, r8, r9 */
	0x000000071018078aULL,	/* st.32 [r6 + r7], r8 */
	0x0000000200000720ULL,	/* add.32 r0, r0, r2 */
	0x000000030e008719ULL,	/* setp.lt.u32 p0, r0, r3 */
	0xfffffff901000003ULL,	/* @p0 bra loop */
	0x0000000000000702ULL,	/* exit */
};

static void fifo_test_vadd(struct kunit *test)
{
	static const u32 grid[3] = { 4, 1, 1 }, block[3] = { 96, 1, 1 };
	const u64 a = 0x20000, b = 0x30000, c = 0x40000;
	const unsigned int n = 3000;
	u8 cmd[GPSVM_CMD_SIZE];
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		put_unaligned_le32(0x3f800000 + i * 1237, data(test, a + 4 * i));
		put_unaligned_le32((0xc0000000 ^ (i * 7919)) & 0xff7fffff,
				   data(test, b + 4 * i));
	}
	put_code(test, CODE_OFF, prog_vadd, ARRAY_SIZE(prog_vadd));
	put_unaligned_le64(VA_BASE + a, data(test, ARGS_OFF));
	put_unaligned_le64(VA_BASE + b, data(test, ARGS_OFF + 8));
	put_unaligned_le64(VA_BASE + c, data(test, ARGS_OFF + 16));
	put_unaligned_le32(n, data(test, ARGS_OFF + 24));
	chan_setup(test, 1);
	cmd_launch(cmd, CODE_OFF, ARRAY_SIZE(prog_vadd), ARGS_OFF, 28, grid,
		   block);
	submit(test, 1, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 1, 5000), GPSVM_CHAN_STATE_IDLE);
	for (i = 0; i < n; i++) {
		u32 x = get_unaligned_le32(data(test, a + 4 * i));
		u32 y = get_unaligned_le32(data(test, b + 4 * i));

		if (get_unaligned_le32(data(test, c + 4 * i)) !=
		    gpsvm_f32_add(x, y))
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(data(test, c + 4 * n)), 0);
}

static const u64 prog_atom[] = {
	0x0000000001fc0713ULL,	/* ldarg.64 r0, [0] */
	0x0000000a01001754ULL,	/* li r1, 10 */
	0x000000010103f790ULL,	/* loop: atom.add.32 rz, [r0], 1 */
	0x0000000101041721ULL,	/* sub.32 r1, r1, 1 */
	0x000000000f068719ULL,	/* setp.ne.u32 p0, r1, 0 */
	0xfffffffd01000003ULL,	/* @p0 bra loop */
	0x0000000000000702ULL,	/* exit */
};

static void fifo_test_atomics(struct kunit *test)
{
	static const u32 grid[3] = { 4, 2, 1 }, block[3] = { 16, 2, 2 };
	u8 cmd[GPSVM_CMD_SIZE];

	put_code(test, CODE_OFF, prog_atom, ARRAY_SIZE(prog_atom));
	put_unaligned_le64(VA_BASE + OUT_OFF, data(test, ARGS_OFF));
	put_unaligned_le32(0, data(test, OUT_OFF));
	chan_setup(test, 2);
	cmd_launch(cmd, CODE_OFF, ARRAY_SIZE(prog_atom), ARGS_OFF, 8, grid,
		   block);
	submit(test, 2, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 2, 5000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(data(test, OUT_OFF)),
			8 * 64 * 10);
}

static void fifo_test_copy_fill(struct kunit *test)
{
	struct fifo_test *t = ft(test);
	const u64 src = 0x20ff0, dst = 0x38004, n = 10000;
	u8 cmd[GPSVM_CMD_SIZE], *sp;
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++)
		*(u8 *)data(test, src + i) = i * 7 + 3;
	chan_setup(test, 4);

	/* Virtual to virtual, unaligned, across pages. */
	cmd_copy(cmd, 0, VA_BASE + src, VA_BASE + dst, n);
	submit(test, 4, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 4, 2000), GPSVM_CHAN_STATE_IDLE);
	for (i = 0; i < n; i++)
		if (*(u8 *)data(test, dst + i) != (u8)(i * 7 + 3))
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)data(test, dst + n), 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)data(test, dst - 1), 0);

	/* Physical (system memory) to virtual. */
	t->sys = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, t->sys);
	sp = page_address(t->sys);
	for (i = 0; i < 100; i++)
		sp[0x100 + i] = 0xa0 ^ i;
	cmd_copy(cmd, GPSVM_CMD_SRC_PHYS |
		 FIELD_PREP(GPSVM_CMD_SRC_APERTURE, GPSVM_MODEL_APER_SYS_COH),
		 page_to_phys(t->sys) + 0x100, VA_BASE + 0x50000, 100);
	submit(test, 4, cmd);

	/* FILL, and a virtual to physical copy back. */
	cmd_fill(cmd, 0xdeadbeef, VA_BASE + 0x51000, 4096 + 8);
	submit(test, 4, cmd);
	cmd_copy(cmd, GPSVM_CMD_DST_PHYS |
		 FIELD_PREP(GPSVM_CMD_DST_APERTURE, GPSVM_MODEL_APER_SYS_COH),
		 VA_BASE + 0x51000, page_to_phys(t->sys) + 0x800, 16);
	submit(test, 4, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 4, 2000), GPSVM_CHAN_STATE_IDLE);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, *(u8 *)data(test, 0x50000 + i),
				0xa0 ^ i);
	for (i = 0; i < (4096 + 8) / 4; i++)
		if (get_unaligned_le32(data(test, 0x51000 + 4 * i)) !=
		    0xdeadbeef)
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(data(test, 0x52008)), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(sp + 0x80c), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(sp + 0x810), 0);
}

static irqreturn_t fifo_test_irq(int irq, void *arg)
{
	struct kunit *test = arg;
	struct fifo_test *t = ft(test);
	u32 pmc = rd(test, GPSVM_PMC_INTR);

	if (!pmc)
		return IRQ_NONE;
	t->irq_pmc = pmc;
	t->irq_pfifo0 = rd(test, GPSVM_PFIFO_INTR_0);
	t->irq_chan = crd(test, 6, GPSVM_CHAN_INTR);
	/* Ack: the channel's bits; PMC FIFO follows. */
	cwr(test, 6, GPSVM_CHAN_INTR, t->irq_chan);
	complete(&t->irq_done);
	return IRQ_HANDLED;
}

/* SEM_RELEASE with INTR: the payload, then NOTIFY and the interrupt. */
static void fifo_test_sem_release_intr(struct kunit *test)
{
	struct fifo_test *t = ft(test);
	u8 cmd[GPSVM_CMD_SIZE];
	int ret;

	ret = request_irq(t->base.gpu->irq, fifo_test_irq, 0, "gpsvm-fifo-test",
			  test);
	KUNIT_ASSERT_EQ(test, ret, 0);
	chan_setup(test, 6);

	/* Not enabled: the bits latch, no summary, no interrupt. */
	cmd_sem(cmd, GPSVM_CMD_SEM_RELEASE, true, VA_BASE + OUT_OFF,
		0x1122334455667788ULL);
	submit(test, 6, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 6, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(data(test, OUT_OFF)),
			0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, crd(test, 6, GPSVM_CHAN_INTR),
			GPSVM_CHAN_INTR_NOTIFY);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_0), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), 0);
	cwr(test, 6, GPSVM_CHAN_INTR, GPSVM_CHAN_INTR_NOTIFY);
	KUNIT_EXPECT_EQ(test, crd(test, 6, GPSVM_CHAN_INTR), 0);

	/* Enabled: channel, PFIFO and PMC bits, and the line. */
	wr(test, GPSVM_PMC_INTR_EN, GPSVM_PMC_INTR_FIFO);
	cwr(test, 6, GPSVM_CHAN_INTR_EN, GPSVM_CHAN_INTR_NOTIFY |
	    GPSVM_CHAN_INTR_ERROR);
	cmd_sem(cmd, GPSVM_CMD_SEM_RELEASE, true, VA_BASE + OUT_OFF + 8, 42);
	submit(test, 6, cmd);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&t->irq_done,
							    5 * HZ));
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(data(test, OUT_OFF + 8)), 42);
	KUNIT_EXPECT_EQ(test, t->irq_pmc, GPSVM_PMC_INTR_FIFO);
	KUNIT_EXPECT_EQ(test, t->irq_pfifo0, BIT(6));
	KUNIT_EXPECT_EQ(test, t->irq_chan, GPSVM_CHAN_INTR_NOTIFY);
	/* Acked: everything reads 0; writing PMC FIFO does nothing. */
	KUNIT_EXPECT_EQ(test, crd(test, 6, GPSVM_CHAN_INTR), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_0), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), 0);
	wr(test, GPSVM_PMC_INTR_EN, 0);
	free_irq(t->base.gpu->irq, test);

	cmd_sem(cmd, GPSVM_CMD_SEM_RELEASE, true, VA_BASE + OUT_OFF + 16, 1);
	submit(test, 6, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 6, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), GPSVM_PMC_INTR_FIFO);
	wr(test, GPSVM_PMC_INTR, GPSVM_PMC_INTR_FIFO);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), GPSVM_PMC_INTR_FIFO);
	cwr(test, 6, GPSVM_CHAN_INTR, GPSVM_CHAN_INTR_NOTIFY);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), 0);
}

/* SEM_ACQUIRE on one channel, released by another. */
static void fifo_test_sem_acquire(struct kunit *test)
{
	u8 cmd[GPSVM_CMD_SIZE];

	put_unaligned_le64(0, data(test, OUT_OFF));
	put_unaligned_le64(0, data(test, OUT_OFF + 8));
	chan_setup(test, 7);
	chan_setup(test, 40);
	cmd_sem(cmd, GPSVM_CMD_SEM_ACQUIRE, false, VA_BASE + OUT_OFF,
		0x100000000ULL);
	submit(test, 7, cmd);
	cmd_sem(cmd, GPSVM_CMD_SEM_RELEASE, false, VA_BASE + OUT_OFF + 8, 9);
	submit(test, 7, cmd);
	msleep(50);
	KUNIT_EXPECT_EQ(test, crd(test, 7, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(data(test, OUT_OFF + 8)), 0);

	cmd_sem(cmd, GPSVM_CMD_SEM_RELEASE, false, VA_BASE + OUT_OFF,
		0x100000001ULL);
	submit(test, 40, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 40, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 7, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(data(test, OUT_OFF + 8)), 9);
}

static const u64 prog_ld[] = {
	0x0000000001fc0713ULL,	/* ldarg.64 r0, [0] */
	0x0000000001001784ULL,	/* ld.u32 r1, [r0] */
	0x0000000000000702ULL,	/* exit */
};

static const u64 prog_st[] = {
	0x0000000001fc0713ULL,	/* ldarg.64 r0, [0] */
	0x000000007f00078aULL,	/* st.32 [r0], rz */
	0x0000000000000702ULL,	/* exit */
};

static void fault_launch(struct kunit *test, unsigned int c, const u64 *prog,
			 unsigned int n, u64 va)
{
	static const u32 grid[3] = { 2, 1, 1 }, block[3] = { 4, 1, 1 };
	u8 cmd[GPSVM_CMD_SIZE];

	put_code(test, CODE_OFF, prog, n);
	put_unaligned_le64(va, data(test, ARGS_OFF));
	cmd_launch(cmd, CODE_OFF, n, ARGS_OFF, 8, grid, block);
	submit(test, c, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, c, 5000), GPSVM_CHAN_STATE_ERROR);
}

/* Unmapped VAs in a launch: MMU_FAULT with type, access and VA. */
static void fifo_test_mmu_fault(struct kunit *test)
{
	u8 cmd[GPSVM_CMD_SIZE];

	chan_setup(test, 8);
	cmd_hdr(cmd, GPSVM_CMD_NOP, false);
	submit(test, 8, cmd);
	fault_launch(test, 8, prog_ld, ARRAY_SIZE(prog_ld),
		     VA_BASE + HOLE_OFF + 0x24);
	expect_err(test, 8, GPSVM_CHAN_ERR_MMU_FAULT, GP100_FAULT_PTE,
		   GP100_ACCESS_READ, VA_BASE + HOLE_OFF + 0x24);
	KUNIT_EXPECT_EQ(test, crd(test, 8, GPSVM_CHAN_GET), 1);

	KUNIT_ASSERT_TRUE(test, chan_reset(test, 8, 1000));
	chan_setup(test, 8);
	fault_launch(test, 8, prog_st, ARRAY_SIZE(prog_st),
		     VA_BASE + NOPDE_OFF + 0x1230);
	expect_err(test, 8, GPSVM_CHAN_ERR_MMU_FAULT, GP100_FAULT_PDE,
		   GP100_ACCESS_WRITE, VA_BASE + NOPDE_OFF + 0x1230);
	KUNIT_EXPECT_EQ(test, crd(test, 8, GPSVM_CHAN_GET), 0);

	/* The CE too: a COPY to the hole, access WRITE. */
	KUNIT_ASSERT_TRUE(test, chan_reset(test, 8, 1000));
	chan_setup(test, 8);
	cmd_copy(cmd, 0, VA_BASE, VA_BASE + HOLE_OFF - 8, 16);
	submit(test, 8, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 8, 2000), GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 8, GPSVM_CHAN_ERR_MMU_FAULT, GP100_FAULT_PTE,
		   GP100_ACCESS_WRITE, VA_BASE + HOLE_OFF);
}

static const u64 prog_trap[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000000201710ULL,	/* s2r r1, ctaid.x */
	0x000000030f010719ULL,	/* setp.eq.u32 p0, r0, 3 */
	0x0000000101050719ULL,	/* setp.eq.u32.and p0, r1, 1, p0 */
	0x0000005501000006ULL,	/* @p0 trap 0x55 */
	0x0000000000000702ULL,	/* exit */
};

/* TRAP: class ISA, code 6, PC, info, block and thread. */
static void fifo_test_trap(struct kunit *test)
{
	static const u32 grid[3] = { 3, 1, 1 }, block[3] = { 8, 1, 1 };
	u8 cmd[GPSVM_CMD_SIZE];

	chan_setup(test, 9);
	put_code(test, CODE_OFF, prog_trap, ARRAY_SIZE(prog_trap));
	cmd_launch(cmd, CODE_OFF, ARRAY_SIZE(prog_trap), ARGS_OFF, 0, grid,
		   block);
	submit(test, 9, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 9, 5000), GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 9, GPSVM_CHAN_ERR_ISA, GPSVM_ISA_ERR_TRAP, 0, 0x20);
	KUNIT_EXPECT_EQ(test, crd(test, 9, GPSVM_CHAN_ERR_INFO), 0x55);
	KUNIT_EXPECT_EQ(test, crd(test, 9, GPSVM_CHAN_ERR_INFO_HI), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 9, GPSVM_CHAN_ERR_BLOCK), 1);
	KUNIT_EXPECT_EQ(test, crd(test, 9, GPSVM_CHAN_ERR_THREAD), 3);
}

/*
 * ISA v2 windows: each thread keeps its tid in private memory, counts
 * itself and leaves its ctaid in its block's shared memory; after BAR,
 * out[gid] = ntid + tid + 1000 * (the mirror thread's ctaid).
 */
static const u64 prog_windows[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000000201710ULL,	/* s2r r1, ctaid.x */
	0xc000000001fc078aULL,	/* st.32 [-0x40000000], r0 */
	0x8000000001002754ULL,	/* mov.64 r2, -0x80000000 */
	0x00000001010bf790ULL,	/* atom.add.32 rz, [r2], 1 */
	0x000000020100374dULL,	/* shl.64 r3, r0, 2 */
	0x00000002000c3740ULL,	/* add.64 r3, r3, r2 */
	0x00000008030c078aULL,	/* st.32 [r3 + 8], r1 */
	0x0000000000000707ULL,	/* bar */
	0x0000000001084784ULL,	/* ld.u32 r4, [r2] */
	0xc000000001fc5784ULL,	/* ld.u32 r5, [-0x40000000] */
	0x0000000500104720ULL,	/* add.32 r4, r4, r5 */
	0x0000000000106710ULL,	/* s2r r6, ntid.x */
	0x0000000101187721ULL,	/* sub.32 r7, r6, 1 */
	0x00000000001c7721ULL,	/* sub.32 r7, r7, r0 */
	0x00000002011c774dULL,	/* shl.64 r7, r7, 2 */
	0x00000002001c7740ULL,	/* add.64 r7, r7, r2 */
	0x00000008011c8784ULL,	/* ld.u32 r8, [r7 + 8] */
	0x000003e801209722ULL,	/* mul.32 r9, r8, 1000 */
	0x0000000900104720ULL,	/* add.32 r4, r4, r9 */
	0x0000000001fca713ULL,	/* ldarg.64 r10, [0] */
	0x000000060004b722ULL,	/* mul.32 r11, r1, r6 */
	0x00000000002cb720ULL,	/* add.32 r11, r11, r0 */
	0x00000002012cb74dULL,	/* shl.64 r11, r11, 2 */
	0x0000000b0828078aULL,	/* st.32 [r10 + r11], r4 */
	0x0000000000000702ULL,	/* exit */
};

static void fifo_test_windows(struct kunit *test)
{
	static const u32 grid[3] = { 4, 1, 1 }, block[3] = { 64, 1, 1 };
	u8 cmd[GPSVM_CMD_SIZE];
	unsigned int i, bad = 0;

	put_code(test, CODE_OFF, prog_windows, ARRAY_SIZE(prog_windows));
	put_unaligned_le64(VA_BASE + OUT_OFF, data(test, ARGS_OFF));
	chan_setup(test, 14);
	cmd_launch(cmd, CODE_OFF, ARRAY_SIZE(prog_windows), ARGS_OFF, 8, grid,
		   block);
	put_unaligned_le32(8 + 4 * 64, cmd + 0x38);	/* shared */
	put_unaligned_le32(8, cmd + 0x3c);		/* private */
	submit(test, 14, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 14, 5000), GPSVM_CHAN_STATE_IDLE);
	for (i = 0; i < 4 * 64; i++)
		bad += get_unaligned_le32(data(test, OUT_OFF + 4 * i)) !=
		       64 + i % 64 + 1000 * (i / 64);
	KUNIT_EXPECT_EQ(test, bad, 0);

	/* Without shared memory, the same program fails: ERR_WINDOW. */
	KUNIT_ASSERT_TRUE(test, chan_reset(test, 14, 1000));
	chan_setup(test, 14);
	put_unaligned_le32(0, cmd + 0x38);
	submit(test, 14, cmd);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 14, 5000), GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 14, GPSVM_CHAN_ERR_ISA, GPSVM_ISA_ERR_WINDOW, 0, 0x20);
	KUNIT_EXPECT_EQ(test, crd(test, 14, GPSVM_CHAN_ERR_INFO), 0x80000000);
	KUNIT_EXPECT_EQ(test, crd(test, 14, GPSVM_CHAN_ERR_INFO_HI), 0xffffffff);
}

/*
 * A 2 ms wait, for after prog_windows' barrier (its first
 * WINDOWS_BAR_WORDS words): blocks of two run groups with 100 us time
 * slices are switched out while their shared and private memory hold
 * data, and resume with it.
 */
#define WINDOWS_BAR_WORDS	9
static const u64 prog_wait_2ms[] = {
	0x0000000000414710ULL,	/* s2r r20, clock */
	0x0000000000415710ULL,	/* wait: s2r r21, clock */
	0x0000001400555741ULL,	/* sub.64 r21, r21, r20 */
	0x001e84800f54871bULL,	/* setp.lt.u64 p0, r21, 2000000 */
	0xfffffffd01000003ULL,	/* @p0 bra wait */
};

static void fifo_test_windows_switch(struct kunit *test)
{
	static const u32 grid[3] = { 4, 1, 1 }, block[3] = { 64, 1, 1 };
	struct gpsvm_model_gr *gr = &tgpu(test)->gpu->gr;
	u64 prog[ARRAY_SIZE(prog_windows) + ARRAY_SIZE(prog_wait_2ms)];
	u8 cmd[GPSVM_CMD_SIZE];
	unsigned int c, i, bad = 0;
	u64 switched;

	memcpy(prog, prog_windows, WINDOWS_BAR_WORDS * sizeof(u64));
	memcpy(prog + WINDOWS_BAR_WORDS, prog_wait_2ms, sizeof(prog_wait_2ms));
	memcpy(prog + WINDOWS_BAR_WORDS + ARRAY_SIZE(prog_wait_2ms),
	       prog_windows + WINDOWS_BAR_WORDS,
	       sizeof(prog_windows) - WINDOWS_BAR_WORDS * sizeof(u64));
	put_code(test, CODE_OFF, prog, ARRAY_SIZE(prog));
	spin_lock(&gr->lock);
	switched = gr->switched_out;
	spin_unlock(&gr->lock);
	for (c = 0; c < 2; c++) {
		put_unaligned_le64(VA_BASE + OUT_OFF + 0x1000 * c,
				   data(test, ARGS_OFF + 0x100 * c));
		chan_setup(test, 15 + c);
		cwr(test, 15 + c, GPSVM_CHAN_GROUP, 1 + c);
		cwr(test, 15 + c, GPSVM_CHAN_TIMESLICE_US, 100);
		cmd_launch(cmd, CODE_OFF, ARRAY_SIZE(prog),
			   ARGS_OFF + 0x100 * c, 8, grid, block);
		put_unaligned_le32(8 + 4 * 64, cmd + 0x38);
		put_unaligned_le32(8, cmd + 0x3c);
		submit(test, 15 + c, cmd);
	}
	for (c = 0; c < 2; c++) {
		KUNIT_ASSERT_EQ(test, chan_wait(test, 15 + c, 10000),
				GPSVM_CHAN_STATE_IDLE);
		for (i = 0; i < 4 * 64; i++)
			bad += get_unaligned_le32(data(test, OUT_OFF +
						       0x1000 * c + 4 * i)) !=
			       64 + i % 64 + 1000 * (i / 64);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	spin_lock(&gr->lock);
	switched = gr->switched_out - switched;
	spin_unlock(&gr->lock);
	KUNIT_EXPECT_GT(test, switched, 0);
}

/* Bad opcodes, reserved bits and out-of-range fields: BAD_COMMAND. */
static void fifo_test_bad_command(struct kunit *test)
{
	static const u32 grid[3] = { 1, 1, 1 }, block[3] = { 1, 1, 1 };
	static const u32 big[3] = { 64, 4, 5 }, full[3] = { 1024, 1, 1 };
	u8 cmd[GPSVM_CMD_SIZE], nop[GPSVM_CMD_SIZE];
	unsigned int i;

	cmd_hdr(nop, GPSVM_CMD_NOP, false);
	for (i = 0; i < 9; i++) {
		KUNIT_ASSERT_TRUE(test, chan_reset(test, 10, 1000));
		chan_setup(test, 10);
		submit(test, 10, nop);
		switch (i) {
		case 0:
			cmd_hdr(cmd, 0x07, true);
			break;
		case 1:
			cmd_hdr(cmd, GPSVM_CMD_NOP, false);
			cmd[1] = 1;	/* header bit 8 */
			break;
		case 2:
			cmd_hdr(cmd, GPSVM_CMD_NOP, false);
			cmd[63] = 1;
			break;
		case 3:	/* a block of 1280 threads */
			cmd_launch(cmd, CODE_OFF, 1, ARGS_OFF, 0, grid, big);
			break;
		case 4:	/* private memory not a multiple of 8 */
			cmd_launch(cmd, CODE_OFF, 1, ARGS_OFF, 0, grid, block);
			cmd[0x3c] = 1;
			break;
		case 5:	/* more shared memory than a block has */
			cmd_launch(cmd, CODE_OFF, 1, ARGS_OFF, 0, grid, block);
			put_unaligned_le32(GPSVM_ISA_SHARED_MAX + 8, cmd + 0x38);
			break;
		case 6:	/* 1024 threads' private memory over the block's */
			cmd_launch(cmd, CODE_OFF, 1, ARGS_OFF, 0, grid, full);
			put_unaligned_le32(GPSVM_CMD_LAUNCH_BLOCK_MEM_MAX / 1024 + 8,
					   cmd + 0x3c);
			break;
		case 7:	/* FILL of an unaligned size */
			cmd_fill(cmd, 0, VA_BASE, 6);
			break;
		default: /* COPY with a reserved flag */
			cmd_copy(cmd, BIT(6), VA_BASE, VA_BASE + SZ_64K, 4);
			break;
		}
		submit(test, 10, cmd);
		submit(test, 10, nop);
		KUNIT_EXPECT_EQ(test, chan_wait(test, 10, 2000),
				GPSVM_CHAN_STATE_ERROR);
		expect_err(test, 10, GPSVM_CHAN_ERR_BAD_COMMAND,
			   get_unaligned_le32(cmd) & 0xff, 0, 1);
		KUNIT_EXPECT_EQ(test, crd(test, 10, GPSVM_CHAN_ERR_INFO),
				get_unaligned_le32(cmd));
		KUNIT_EXPECT_EQ(test, crd(test, 10, GPSVM_CHAN_GET), 1);
	}
}

static const u64 prog_loop[] = {
	0x0000000001000703ULL,	/* loop: bra loop */
};

static void submit_loop(struct kunit *test, unsigned int c)
{
	static const u32 grid[3] = { 4, 1, 1 }, block[3] = { 32, 1, 1 };
	u8 cmd[GPSVM_CMD_SIZE];

	put_code(test, 0x7f00, prog_loop, ARRAY_SIZE(prog_loop));
	cmd_launch(cmd, 0x7f00, ARRAY_SIZE(prog_loop), ARGS_OFF, 0, grid,
		   block);
	submit(test, c, cmd);
}

/* An endless loop times out; RESET brings the channel back. */
static void fifo_test_timeout_reset(struct kunit *test)
{
	static const u32 grid[3] = { 2, 2, 1 }, block[3] = { 4, 2, 1 };
	u8 cmd[GPSVM_CMD_SIZE];
	ktime_t t0;

	chan_setup(test, 11);
	cwr(test, 11, GPSVM_CHAN_TIMEOUT_MS, 100);
	cmd_hdr(cmd, GPSVM_CMD_NOP, false);
	submit(test, 11, cmd);
	submit(test, 11, cmd);
	t0 = ktime_get();
	submit_loop(test, 11);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 11, 5000),
			GPSVM_CHAN_STATE_ERROR);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), t0), 100);
	expect_err(test, 11, GPSVM_CHAN_ERR_TIMEOUT, 0, 0, 2);
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_GET), 2);

	KUNIT_ASSERT_TRUE(test, chan_reset(test, 11, 1000));
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_DISABLED);
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_ERR), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_INTR), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_GET), 0);
	/* Kept: the timeout. */
	KUNIT_EXPECT_EQ(test, crd(test, 11, GPSVM_CHAN_TIMEOUT_MS), 100);
	chan_setup(test, 11);
	submit_pattern(test, 11, CODE_OFF, ARGS_OFF, OUT_OFF, grid, block);
	KUNIT_ASSERT_EQ(test, chan_wait(test, 11, 5000),
			GPSVM_CHAN_STATE_IDLE);
	check_pattern(test, OUT_OFF, 32);
}

/* RESET of a channel running an endless loop stops it. */
static void fifo_test_reset_running(struct kunit *test)
{
	chan_setup(test, 12);
	submit_loop(test, 12);
	msleep(50);
	KUNIT_EXPECT_EQ(test, crd(test, 12, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	KUNIT_EXPECT_TRUE(test, chan_reset(test, 12, 1000));
	KUNIT_EXPECT_EQ(test, crd(test, 12, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_DISABLED);
	KUNIT_EXPECT_EQ(test, crd(test, 12, GPSVM_CHAN_GET), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 12, GPSVM_CHAN_PUT), 0);
	/* The SMs are free again. */
	chan_setup(test, 12);
	submit_loop(test, 12);
	msleep(20);
	KUNIT_EXPECT_TRUE(test, chan_reset(test, 12, 1000));
}

/* An error on one channel; another's job completes correctly. */
static void fifo_test_two_channels(struct kunit *test)
{
	static const u32 grid[3] = { 6, 3, 1 }, block[3] = { 16, 8, 1 };
	u8 cmd[GPSVM_CMD_SIZE];

	chan_setup(test, 20);
	chan_setup(test, 33);
	put_code(test, 0x7000, prog_trap, ARRAY_SIZE(prog_trap));
	submit_pattern(test, 33, CODE_OFF, ARGS_OFF, OUT_OFF, grid, block);
	cmd_launch(cmd, 0x7000, ARRAY_SIZE(prog_trap), ARGS_OFF, 0, grid,
		   block);
	submit(test, 20, cmd);
	cmd_hdr(cmd, GPSVM_CMD_NOP, true);
	submit(test, 33, cmd);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 20, 5000),
			GPSVM_CHAN_STATE_ERROR);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 33, 5000),
			GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_CLASS,
					crd(test, 20, GPSVM_CHAN_ERR)),
			GPSVM_CHAN_ERR_ISA);
	KUNIT_EXPECT_EQ(test, crd(test, 33, GPSVM_CHAN_ERR), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_0), 0);
	cwr(test, 33, GPSVM_CHAN_INTR_EN, GPSVM_CHAN_INTR_ERROR);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_1), 0);
	cwr(test, 33, GPSVM_CHAN_INTR_EN, GPSVM_CHAN_INTR_NOTIFY);
	cwr(test, 20, GPSVM_CHAN_INTR_EN, GPSVM_CHAN_INTR_ERROR);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_0), BIT(20));
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFIFO_INTR_1), BIT(1));
	check_pattern(test, OUT_OFF, 6 * 3 * 16 * 8);
}

/* An instance block that binds nothing: UNBOUND_INST at ENABLE. */
static void fifo_test_unbound_inst(struct kunit *test)
{
	u64 inst = alloc_vram(test);

	chan_setup_inst(test, 13, inst);
	expect_err(test, 13, GPSVM_CHAN_ERR_UNBOUND_INST,
		   GP100_FAULT_UNBOUND_INST, 0, inst);
	KUNIT_EXPECT_TRUE(test, chan_reset(test, 13, 1000));
	chan_setup(test, 13);
}

static struct kunit_case gpsvm_model_fifo_cases[] = {
	KUNIT_CASE(fifo_test_regs),
	KUNIT_CASE(fifo_test_launch_pattern),
	KUNIT_CASE(fifo_test_vadd),
	KUNIT_CASE(fifo_test_atomics),
	KUNIT_CASE(fifo_test_copy_fill),
	KUNIT_CASE(fifo_test_sem_release_intr),
	KUNIT_CASE(fifo_test_sem_acquire),
	KUNIT_CASE(fifo_test_mmu_fault),
	KUNIT_CASE(fifo_test_trap),
	KUNIT_CASE(fifo_test_windows),
	KUNIT_CASE(fifo_test_windows_switch),
	KUNIT_CASE(fifo_test_bad_command),
	KUNIT_CASE(fifo_test_timeout_reset),
	KUNIT_CASE(fifo_test_reset_running),
	KUNIT_CASE(fifo_test_two_channels),
	KUNIT_CASE(fifo_test_unbound_inst),
	{}
};

static struct kunit_suite gpsvm_model_fifo_suite = {
	.name = "gpsvm_model_fifo",
	.init = fifo_test_init,
	.exit = fifo_test_exit,
	.test_cases = gpsvm_model_fifo_cases,
};

kunit_test_suites(&gpsvm_model_fifo_suite);

MODULE_DESCRIPTION("KUnit tests for the gpsvm GPU model's channels and engines");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
