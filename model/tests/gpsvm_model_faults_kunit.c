// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm GPU model's replayable page faults
 * (firmware-notes/faults.md). Each test acts as a small driver: GP100 page
 * tables and an instance block with FAULT_REPLAY_TEX | _GCC in VRAM, a
 * fault buffer in system memory; it services fault entries, fixes the page
 * tables and replays or cancels through PFB_MMU_INVALIDATE.
 *
 * The programs were assembled offline with out/bin/gpsvm-as -C; their
 * source is in the comments.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/unaligned.h>

#include "../gpsvm_model.h"
#include "gpsvm_model_test.h"

/* Every level's index is non-zero: PD3 3, PD2 0x48, PD1 0x1a2. */
#define VA_BASE		0x1923440000000ULL
/* VA_BASE + x maps VRAM DATA_PHYS + x for x < DATA_SIZE (4 KiB pages). */
#define DATA_PHYS	SZ_1M
#define DATA_SIZE	SZ_2M
#define TABLES_PHYS	(8 * SZ_1M)

/* Offsets in the data area. */
#define CODE_OFF	0x0
#define ARGS_OFF	0x8000
#define OK_OFF		0x9000		/* always mapped */
#define OUT_OFF		0x10000		/* the tests unmap from here */

#define FB_ENTRIES	128		/* one page */

struct faults_test {
	struct gpsvm_model_test_gpu base;	/* first: see gpsvm_model_test.h */
	u64 pd3, pd0, spt;
	u64 inst;		/* replayable */
	u64 inst_plain;		/* not replayable */
	struct page *fb;
};

static struct faults_test *ft(struct kunit *test)
{
	return test->priv;
}

static void *data(struct kunit *test, u64 off)
{
	return vram(test, DATA_PHYS + off);
}

/* Set the small PTE of data offset @off (0: unmapped, PTE fault). */
static void put_pte(struct kunit *test, u64 off, u64 pte)
{
	wr64(test, ft(test)->spt + FIELD_GET(GP100_MMU_SPT_VA, off) * 8, pte);
}

static void map_page(struct kunit *test, u64 off, u64 flags)
{
	put_pte(test, off, ((DATA_PHYS + off) >> 4) | GP100_PTE_VALID | flags);
}

static u64 make_inst_pd3(struct kunit *test, u64 pd3, u32 flags, u64 limit)
{
	u64 inst = alloc_vram(test);

	wr64(test, inst + GP100_RAMIN_PDB_LO, pd3 | GP100_RAMIN_PDB_VER2 |
	     GP100_RAMIN_PDB_BIG_64K | flags);
	wr64(test, inst + GP100_RAMIN_LIMIT_LO, limit);
	return inst;
}

static u64 make_inst(struct kunit *test, u32 flags, u64 limit)
{
	return make_inst_pd3(test, ft(test)->pd3, flags, limit);
}

/*
 * A replayable instance in another address space that maps the same
 * pages: its own PD3, whose one entry is the first's.
 */
static u64 make_inst_other(struct kunit *test)
{
	u64 off = FIELD_GET(GP100_MMU_PD3_VA, VA_BASE) * 8;
	u64 pd3 = alloc_vram(test);

	wr64(test, pd3 + off, *(u64 *)vram(test, ft(test)->pd3 + off));
	return make_inst_pd3(test, pd3, GP100_RAMIN_PDB_REPLAY_TEX |
			     GP100_RAMIN_PDB_REPLAY_GCC, BIT_ULL(49) - 1);
}

/* The address space: VA_BASE's first 2 MiB, 4 KiB pages, in VRAM. */
static void as_init(struct kunit *test)
{
	struct faults_test *t = ft(test);
	u64 pd2, pd1, off;

	t->pd3 = alloc_vram(test);
	pd2 = alloc_vram(test);
	pd1 = alloc_vram(test);
	t->pd0 = alloc_vram(test);
	wr64(test, t->pd3 + FIELD_GET(GP100_MMU_PD3_VA, VA_BASE) * 8, pde(pd2));
	wr64(test, pd2 + FIELD_GET(GP100_MMU_PD2_VA, VA_BASE) * 8, pde(pd1));
	wr64(test, pd1 + FIELD_GET(GP100_MMU_PD1_VA, VA_BASE) * 8,
	     pde(t->pd0));
	t->spt = alloc_vram(test);
	wr64(test, t->pd0 + FIELD_GET(GP100_MMU_PD0_VA, VA_BASE) *
	     GP100_MMU_PD0_ENTRY_SIZE + 8, pde(t->spt));
	for (off = 0; off < OUT_OFF; off += SZ_4K)
		map_page(test, off, 0);

	t->inst = make_inst(test, GP100_RAMIN_PDB_REPLAY_TEX |
			    GP100_RAMIN_PDB_REPLAY_GCC, BIT_ULL(49) - 1);
	t->inst_plain = make_inst(test, 0, BIT_ULL(49) - 1);
}

/* The fault buffer: @n entries in system memory, coherent. */
static void fb_setup(struct kunit *test, u32 n)
{
	u64 addr = page_to_phys(ft(test)->fb);

	wr(test, GPSVM_FAULT_BUFFER_LO, 0);
	wr(test, GPSVM_FAULT_BUFFER_HI, upper_32_bits(addr));
	wr(test, GPSVM_FAULT_BUFFER_SIZE, n);
	wr(test, GPSVM_FAULT_BUFFER_LO, lower_32_bits(addr) |
	   FIELD_PREP(GPSVM_FAULT_BUFFER_LO_APERTURE, GPSVM_MODEL_APER_SYS_COH) |
	   GPSVM_FAULT_BUFFER_LO_ENABLE);
}

static u32 *fb_entry(struct kunit *test, u32 i)
{
	return (u32 *)page_address(ft(test)->fb) + i * 8;
}

/* The new GPU's address space and fault buffer. */
static void gpu_setup(struct kunit *test)
{
	ft(test)->base.vram_next = TABLES_PHYS;
	as_init(test);
	fb_setup(test, FB_ENTRIES);
}

static int faults_test_init(struct kunit *test)
{
	struct faults_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->fb = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, t->fb);
	t->base.gpu = gpsvm_model_create(0, SZ_16M, 2);
	if (IS_ERR(t->base.gpu)) {
		__free_page(t->fb);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t->base.gpu));
	}
	gpu_setup(test);
	return 0;
}

static void faults_test_exit(struct kunit *test)
{
	struct faults_test *t = ft(test);

	/* A test that makes a GPU of its own may have failed to. */
	if (!IS_ERR(t->base.gpu))
		gpsvm_model_destroy(t->base.gpu);
	__free_page(t->fb);
}

static void chan_setup_inst(struct kunit *test, unsigned int c, u64 inst)
{
	struct faults_test *t = ft(test);

	if (!t->base.ring[c])
		t->base.ring[c] = alloc_vram(test);
	t->base.put[c] = 0;
	cwr(test, c, GPSVM_CHAN_INST, lower_32_bits(inst));
	cwr(test, c, GPSVM_CHAN_INST_HI, upper_32_bits(inst));
	cwr(test, c, GPSVM_CHAN_RING, lower_32_bits(t->base.ring[c]));
	cwr(test, c, GPSVM_CHAN_RING_HI, upper_32_bits(t->base.ring[c]));
	cwr(test, c, GPSVM_CHAN_RING_SIZE, ilog2(GPSVM_MODEL_TEST_NRING));
	cwr(test, c, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_ENABLE);
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_IDLE);
}

/* Is the channel in ERROR, or IDLE with no more work? */
static bool chan_done(struct kunit *test, unsigned int c)
{
	u32 st = crd(test, c, GPSVM_CHAN_STATUS);

	return st == GPSVM_CHAN_STATE_ERROR ||
	       (st == GPSVM_CHAN_STATE_IDLE &&
		crd(test, c, GPSVM_CHAN_GET) == ft(test)->base.put[c]);
}

/* Wait until the channel is neither BUSY nor with work; its state. */
/* Wait until PUT has moved @n entries past GET; false if not within 2 s. */
static bool fb_wait(struct kunit *test, u32 n, u32 size)
{
	unsigned long end = jiffies + msecs_to_jiffies(2000);

	do {
		u32 put = rd(test, GPSVM_FAULT_BUFFER_PUT);
		u32 get = rd(test, GPSVM_FAULT_BUFFER_GET);

		if ((put + size - get) % size >= n)
			return true;
		usleep_range(500, 1000);
	} while (time_before(jiffies, end));
	return false;
}

/* Consume the entries from GET to PUT: clear VALID, write GET. */
static u32 fb_consume(struct kunit *test, u32 size)
{
	u32 put = rd(test, GPSVM_FAULT_BUFFER_PUT);
	u32 get = rd(test, GPSVM_FAULT_BUFFER_GET);
	u32 n = 0;

	for (; get != put; get = (get + 1) % size, n++) {
		u32 *e = fb_entry(test, get);

		KUNIT_EXPECT_TRUE(test, READ_ONCE(e[7]) &
				  GP100_FAULT_ENTRY_W7_VALID);
		WRITE_ONCE(e[7], 0);
	}
	wr(test, GPSVM_FAULT_BUFFER_GET, get);
	return n;
}

static void mmu_inval(struct kunit *test, u32 replay, u32 extra)
{
	wr(test, GPSVM_PFB_MMU_INVALIDATE, GPSVM_PFB_MMU_INVALIDATE_ALL_VA |
	   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB |
	   FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY, replay) | extra |
	   GPSVM_PFB_MMU_INVALIDATE_TRIGGER);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_MMU_INVALIDATE) &
			GPSVM_PFB_MMU_INVALIDATE_TRIGGER, 0);
}

/*
 * CANCEL_TARGETED in the VRAM address space at @pdb only, of the client
 * @target: CANCEL_CLIENT_ID, _GPC_ID and _CLIENT_TYPE.
 */
static void cancel_target(struct kunit *test, u64 pdb, u32 target)
{
	u64 reg = (pdb >> 12) << 4;

	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB, lower_32_bits(reg));
	wr(test, GPSVM_PFB_MMU_INVALIDATE_PDB_HI, upper_32_bits(reg));
	wr(test, GPSVM_PFB_MMU_INVALIDATE_VA_PAGES, 0);
	wr(test, GPSVM_PFB_MMU_INVALIDATE,
	   FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_REPLAY,
		      GPSVM_REPLAY_CANCEL_TARGETED) | target |
	   GPSVM_PFB_MMU_INVALIDATE_TRIGGER);
}

/* CANCEL_TARGETED of @client of GPC 0 in the address space at @pdb. */
static void cancel_in(struct kunit *test, u64 pdb, u32 client)
{
	cancel_target(test, pdb,
		      FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID,
				 client));
}

static u32 target(u32 gpc, u32 client)
{
	return FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID, gpc) |
	       FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID, client);
}

static void cmd_launch(u8 *cmd, const u64 *code, u32 nwords, u32 arg_size,
		       u32 nblocks, u32 nthreads)
{
	unsigned int i;

	memset(cmd, 0, GPSVM_CMD_SIZE);
	put_unaligned_le32(GPSVM_CMD_LAUNCH, cmd);
	put_unaligned_le64(VA_BASE + CODE_OFF, cmd + 0x08);
	put_unaligned_le32(nwords, cmd + 0x10);
	put_unaligned_le32(arg_size, cmd + 0x14);
	put_unaligned_le64(VA_BASE + ARGS_OFF, cmd + 0x18);
	for (i = 0; i < 3; i++) {
		put_unaligned_le32(i ? 1 : nblocks, cmd + 0x20 + 4 * i);
		put_unaligned_le32(i ? 1 : nthreads, cmd + 0x2c + 4 * i);
	}
}

static void submit_prog(struct kunit *test, unsigned int c, const u64 *code,
			unsigned int n, const u64 *args, unsigned int nargs,
			u32 nblocks, u32 nthreads)
{
	u8 cmd[GPSVM_CMD_SIZE];
	unsigned int i;

	for (i = 0; i < n; i++)
		put_unaligned_le64(code[i], data(test, CODE_OFF + 8 * i));
	for (i = 0; i < nargs; i++)
		put_unaligned_le64(args[i], data(test, ARGS_OFF + 8 * i));
	cmd_launch(cmd, code, n, nargs * 8, nblocks, nthreads);
	submit(test, c, cmd);
}

/* out[lin] = lin * 0x10001 + 7, lin = ctaid.x * ntid.x + tid.x */
static const u64 prog_lin[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000000102710ULL,	/* s2r r2, ntid.x */
	0x0000000000204710ULL,	/* s2r r4, ctaid.x */
	0x0000000200104722ULL,	/* mul.32 r4, r4, r2 */
	0x0000000400000720ULL,	/* add.32 r0, r0, r4 */
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x000000020100874dULL,	/* shl.64 r8, r0, 2 */
	0x0001000101009722ULL,	/* mul.32 r9, r0, 0x10001 */
	0x0000000701249720ULL,	/* add.32 r9, r9, 7 */
	0x00000008121c078aULL,	/* st.32 [r7 + r8], r9 */
	0x0000000000000702ULL,	/* exit */
};

/* Thread t writes t * 0x10001 + 7 at out + t * 4096: a page each. */
static const u64 prog_pages[] = {
	0x0000000000000710ULL,	/* s2r r0, tid.x */
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x0000000c0100874dULL,	/* shl.64 r8, r0, 12 */
	0x0001000101009722ULL,	/* mul.32 r9, r0, 0x10001 */
	0x0000000701249720ULL,	/* add.32 r9, r9, 7 */
	0x00000008121c078aULL,	/* st.32 [r7 + r8], r9 */
	0x0000000000000702ULL,	/* exit */
};

/* Block b writes b * 0x10001 + 7 at out + b * 4096: a page each. */
static const u64 prog_blocks[] = {
	0x0000000000204710ULL,	/* s2r r4, ctaid.x */
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x0000000c0110874dULL,	/* shl.64 r8, r4, 12 */
	0x0001000101109722ULL,	/* mul.32 r9, r4, 0x10001 */
	0x0000000701249720ULL,	/* add.32 r9, r9, 7 */
	0x00000008121c078aULL,	/* st.32 [r7 + r8], r9 */
	0x0000000000000702ULL,	/* exit */
};

/* PREFETCH of arg 0, then a store of arg 1 to itself. */
static const u64 prog_prefetch[] = {
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x0000000801fc8713ULL,	/* ldarg.64 r8, [8] */
	0x00000000011c078cULL,	/* prefetch [r7] */
	0x000000001120078aULL,	/* st.32 [r8], r8 */
	0x0000000000000702ULL,	/* exit */
};

/* *(u32 *)arg1 = 1, then wait until *(u32 *)arg0 != 0. */
static const u64 prog_flag_wait[] = {
	0x0000000001fc7713ULL,	/* ldarg.64 r7, [0] */
	0x0000000801fc6713ULL,	/* ldarg.64 r6, [8] */
	0x0000000101005734ULL,	/* mov.32 r5, 1 */
	0x000000000b18078aULL,	/* st.32 [r6], r5 */
	0x00000000011c8784ULL,	/* ld.u32 r8, [r7] */
	0x000000000f210719ULL,	/* setp.eq.u32 p0, r8, 0 */
	0xfffffffe01000003ULL,	/* @p0 bra -2 */
	0x0000000000000702ULL,	/* exit */
};

static void submit_lin(struct kunit *test, unsigned int c, u64 out_off,
		       u32 nblocks, u32 nthreads)
{
	u64 arg = VA_BASE + out_off;

	submit_prog(test, c, prog_lin, ARRAY_SIZE(prog_lin), &arg, 1, nblocks,
		    nthreads);
}

static void check_lin(struct kunit *test, u64 out_off, unsigned int n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++)
		if (get_unaligned_le32(data(test, out_off + 4 * i)) !=
		    i * 0x10001 + 7)
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
}

/*
 * Serve channel 0's faults on the page at OUT_OFF: map it, consume the
 * entries, replay; its launch of @n prog_lin threads then completes.
 */
static void map_replay(struct kunit *test, u32 replay, unsigned int n)
{
	map_page(test, OUT_OFF, 0);
	fb_consume(test, FB_ENTRIES);
	mmu_inval(test, replay, 0);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000), GPSVM_CHAN_STATE_IDLE);
	check_lin(test, OUT_OFF, n);
}

static void expect_entry(struct kunit *test, u32 i, u64 va, u32 type,
			 u32 access)
{
	u32 *e = fb_entry(test, i);
	u32 w7 = READ_ONCE(e[7]);

	KUNIT_EXPECT_EQ(test, e[0], lower_32_bits(ft(test)->inst) |
			FIELD_PREP(GP100_FAULT_ENTRY_W0_INST_APERTURE,
				   GPSVM_MODEL_APER_VIDEO));
	KUNIT_EXPECT_EQ(test, e[1], upper_32_bits(ft(test)->inst));
	KUNIT_EXPECT_EQ(test, e[2], lower_32_bits(va));
	KUNIT_EXPECT_EQ(test, e[3], upper_32_bits(va));
	KUNIT_EXPECT_EQ(test, e[6], 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GP100_FAULT_ENTRY_W7_FAULT_TYPE, w7),
			type);
	KUNIT_EXPECT_LT(test, FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT, w7), 2);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GP100_FAULT_ENTRY_W7_ACCESS_TYPE, w7),
			access);
	KUNIT_EXPECT_EQ(test, w7 & GP100_FAULT_ENTRY_W7_CLIENT_TYPE, 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GP100_FAULT_ENTRY_W7_GPC_ID, w7), 0);
	KUNIT_EXPECT_TRUE(test, w7 & GP100_FAULT_ENTRY_W7_VALID);
	/* Bits 7:5, 15, 19, 23:21, 30:29 are 0. */
	KUNIT_EXPECT_EQ(test, w7 & 0x60e880e0, 0);
}

static void expect_err(struct kunit *test, unsigned int c, u32 detail,
		       u32 access, u64 addr)
{
	u32 err = crd(test, c, GPSVM_CHAN_ERR);

	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_ERROR);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_CLASS, err),
			GPSVM_CHAN_ERR_MMU_FAULT);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_DETAIL, err), detail);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_CHAN_ERR_ACCESS, err), access);
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_ERR_ADDR),
			lower_32_bits(addr));
	KUNIT_EXPECT_EQ(test, crd(test, c, GPSVM_CHAN_ERR_ADDR_HI),
			upper_32_bits(addr));
}

static void faults_test_regs(struct kunit *test)
{
	u64 addr = page_to_phys(ft(test)->fb);

	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_LO),
			lower_32_bits(addr) | 0x5);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_HI),
			upper_32_bits(addr));
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_SIZE), FB_ENTRIES);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 0);
	wr(test, GPSVM_FAULT_BUFFER_PUT, 5);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 0);
	wr(test, GPSVM_FAULT_BUFFER_GET, 7);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_GET), 7);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_INFO), 0);
	wr(test, GPSVM_PMC_INTR_EN, U32_MAX);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR_EN), 0x7);
	wr(test, GPSVM_PMC_INTR_EN, 0);
}

/* One faulting store: one exact entry; map, replay, done. */
static void faults_test_basic(struct kunit *test)
{
	u64 va = VA_BASE + OUT_OFF;
	u64 t0 = ktime_get_ns(), ts;
	u32 *e = fb_entry(test, 0);

	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF + 0x40, 1, 1);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	msleep(50);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 1);
	expect_entry(test, 0, va, GP100_FAULT_PTE, GP100_ACCESS_WRITE);
	ts = (u64)e[5] << 32 | e[4];
	KUNIT_EXPECT_GE(test, ts, t0);
	KUNIT_EXPECT_LE(test, ts, ktime_get_ns());
	KUNIT_EXPECT_TRUE(test, rd(test, GPSVM_PMC_INTR) &
			  GPSVM_PMC_INTR_REPLAYABLE_FAULT);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_INFO), 0);

	wr(test, GPSVM_PMC_INTR, GPSVM_PMC_INTR_REPLAYABLE_FAULT);
	KUNIT_EXPECT_FALSE(test, rd(test, GPSVM_PMC_INTR) &
			   GPSVM_PMC_INTR_REPLAYABLE_FAULT);
	/* Nothing retries before the replay: still BUSY, no new entry. */
	map_page(test, OUT_OFF, 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	KUNIT_EXPECT_EQ(test, fb_consume(test, FB_ENTRIES), 1);
	mmu_inval(test, GPSVM_REPLAY_START, 0);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000), GPSVM_CHAN_STATE_IDLE);
	check_lin(test, OUT_OFF + 0x40, 1);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 1);
	KUNIT_EXPECT_FALSE(test, rd(test, GPSVM_PMC_INTR) &
			   GPSVM_PMC_INTR_REPLAYABLE_FAULT);
}

/* Many threads, two blocks, one page: entries for that page, one replay. */
static void faults_test_many_threads(struct kunit *test)
{
	u64 va = VA_BASE + OUT_OFF;
	u32 n, i;

	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF, 2, 256);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	msleep(50);
	n = rd(test, GPSVM_FAULT_BUFFER_PUT);
	KUNIT_EXPECT_GE(test, n, 1);
	KUNIT_EXPECT_LE(test, n, 2);	/* one a stalled SM */
	for (i = 0; i < n; i++)
		expect_entry(test, i, va, GP100_FAULT_PTE, GP100_ACCESS_WRITE);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	map_replay(test, GPSVM_REPLAY_START_ACK_ALL, 512);
}

/* A store to a read-only page: RO_VIOLATION; make it writable, replay. */
static void faults_test_read_only(struct kunit *test)
{
	u64 va = VA_BASE + OUT_OFF;

	map_page(test, OUT_OFF, GP100_PTE_READ_ONLY);
	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF, 1, 4);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	msleep(20);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 1);
	expect_entry(test, 0, va, GP100_FAULT_RO_VIOLATION,
		     GP100_ACCESS_WRITE);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	map_page(test, OUT_OFF, 0);
	fb_consume(test, FB_ENTRIES);
	/* The SM's TLB holds the read-only PTE: invalidate, then replay. */
	mmu_inval(test, GPSVM_REPLAY_NONE, 0);
	mmu_inval(test, GPSVM_REPLAY_START, 0);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000), GPSVM_CHAN_STATE_IDLE);
	check_lin(test, OUT_OFF, 4);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 1);
}

static void faults_test_cancel(struct kunit *test, bool global)
{
	u64 va = VA_BASE + OUT_OFF + 0x80;
	u32 client;

	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF + 0x80, 1, 1);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	client = FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT, fb_entry(test, 0)[7]);
	fb_consume(test, FB_ENTRIES);

	/* Another client, or another GPC: nothing happens. */
	mmu_inval(test, GPSVM_REPLAY_CANCEL_TARGETED,
		  FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID,
			     client ^ 1));
	mmu_inval(test, GPSVM_REPLAY_CANCEL_TARGETED,
		  FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID,
			     client) |
		  FIELD_PREP(GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID, 1));
	/* The right SM in another address space: nothing either. */
	cancel_in(test, ft(test)->pd3 + SZ_4K, client);
	msleep(30);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);

	if (global)
		mmu_inval(test, GPSVM_REPLAY_CANCEL_GLOBAL, 0);
	else
		cancel_in(test, ft(test)->pd3, client);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 0, GP100_FAULT_PTE, GP100_ACCESS_WRITE, va);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_ERR_BLOCK), 0);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_ERR_THREAD), 0);
}

static void faults_test_cancel_targeted(struct kunit *test)
{
	faults_test_cancel(test, false);
}

static void faults_test_cancel_global(struct kunit *test)
{
	faults_test_cancel(test, true);
}

/*
 * Sixteen SMs, two to a GPC, each stalled on its own page: each entry
 * names its SM's GPC and client; a targeted cancel of (GPC 3, client 1)
 * fails only that SM's block.
 */
static void faults_test_gpcs(struct kunit *test)
{
	struct faults_test *t = ft(test);
	unsigned int block_of[GPSVM_MODEL_MAX_SMS];
	u32 sms = 0, blocks = 0, i, b, sm;
	u64 arg = VA_BASE + OUT_OFF, va;

	gpsvm_model_destroy(t->base.gpu);
	t->base.gpu = gpsvm_model_create(0, SZ_16M, GPSVM_MODEL_MAX_SMS);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->base.gpu));
	gpu_setup(test);
	chan_setup_inst(test, 0, t->inst);
	/* A stalled SM takes no other block: one block each. */
	submit_prog(test, 0, prog_blocks, ARRAY_SIZE(prog_blocks), &arg, 1,
		    GPSVM_MODEL_MAX_SMS, 1);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, GPSVM_MODEL_MAX_SMS,
					FB_ENTRIES));
	msleep(50);
	KUNIT_ASSERT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT),
			GPSVM_MODEL_MAX_SMS);
	for (i = 0; i < GPSVM_MODEL_MAX_SMS; i++) {
		u32 *e = fb_entry(test, i);
		u32 gpc = FIELD_GET(GP100_FAULT_ENTRY_W7_GPC_ID, e[7]);
		u32 client = FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT, e[7]);

		va = (u64)e[3] << 32 | e[2];
		b = (va - VA_BASE - OUT_OFF) / SZ_4K;
		KUNIT_ASSERT_LT(test, b, GPSVM_MODEL_MAX_SMS);
		KUNIT_EXPECT_EQ(test, va, VA_BASE + OUT_OFF + b * SZ_4K);
		KUNIT_EXPECT_EQ(test, e[7] & GP100_FAULT_ENTRY_W7_CLIENT_TYPE,
				0);
		KUNIT_ASSERT_LT(test, gpc, GPSVM_MODEL_MAX_SMS /
				GPSVM_MODEL_GPC_SMS);
		KUNIT_ASSERT_LT(test, client, GPSVM_MODEL_GPC_SMS);
		sm = gpc * GPSVM_MODEL_GPC_SMS + client;
		sms |= BIT(sm);
		blocks |= BIT(b);
		block_of[sm] = b;
	}
	/* Every SM once, every block once. */
	KUNIT_EXPECT_EQ(test, sms, GENMASK(GPSVM_MODEL_MAX_SMS - 1, 0));
	KUNIT_EXPECT_EQ(test, blocks, GENMASK(GPSVM_MODEL_MAX_SMS - 1, 0));
	fb_consume(test, FB_ENTRIES);

	/*
	 * A client GPC 3 does not have, a GPC beyond the last, a HUB
	 * client, another address space: nothing happens.
	 */
	cancel_target(test, t->pd3, target(3, GPSVM_MODEL_GPC_SMS));
	cancel_target(test, t->pd3, target(GPSVM_MODEL_MAX_SMS /
					   GPSVM_MODEL_GPC_SMS, 1));
	cancel_target(test, t->pd3, target(3, 1) |
		      GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_TYPE);
	cancel_target(test, t->pd3 + SZ_4K, target(3, 1));
	msleep(30);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);

	/* SM 7 is client 1 of GPC 3: its block, and only it, fails. */
	b = block_of[3 * GPSVM_MODEL_GPC_SMS + 1];
	cancel_target(test, t->pd3, target(3, 1));
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 0, GP100_FAULT_PTE, GP100_ACCESS_WRITE,
		   VA_BASE + OUT_OFF + b * SZ_4K);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_ERR_BLOCK), b);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_ERR_THREAD), 0);
}

/* Without the replay bits a fault fails the launch at once. */
static void faults_test_not_replayable(struct kunit *test)
{
	chan_setup_inst(test, 0, ft(test)->inst_plain);
	submit_lin(test, 0, OUT_OFF, 1, 1);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 0, GP100_FAULT_PTE, GP100_ACCESS_WRITE,
		   VA_BASE + OUT_OFF);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 0);
	KUNIT_EXPECT_FALSE(test, rd(test, GPSVM_PMC_INTR) &
			   GPSVM_PMC_INTR_REPLAYABLE_FAULT);
}

/* Fatal fault types stay fatal in a replayable address space. */
static void faults_test_fatal_types(struct kunit *test)
{
	u64 limit = VA_BASE + OUT_OFF + SZ_4K - 1;

	/* A peer-aperture PTE: UNSUPPORTED_APERTURE. */
	put_pte(test, OUT_OFF, ((DATA_PHYS + OUT_OFF) >> 4) | GP100_PTE_VALID |
		FIELD_PREP(GP100_PTE_APERTURE, GP100_PTE_APERTURE_PEER));
	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF, 1, 1);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 0, GP100_FAULT_UNSUPPORTED_APERTURE,
		   GP100_ACCESS_WRITE, VA_BASE + OUT_OFF);

	/* Above the VA limit: VA_LIMIT. */
	chan_setup_inst(test, 1, make_inst(test, GP100_RAMIN_PDB_REPLAY_TEX,
					   limit));
	submit_lin(test, 1, OUT_OFF + SZ_4K, 1, 1);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 1, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 1, GP100_FAULT_VA_LIMIT, GP100_ACCESS_WRITE,
		   VA_BASE + OUT_OFF + SZ_4K);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 0);
}

/* A buffer of 4 entries (3 usable) and 16 faulting pages. */
static void faults_test_overflow(struct kunit *test)
{
	u64 arg = VA_BASE + OUT_OFF;
	bool overflowed = false, done = false;
	unsigned int iter, i, bad = 0;

	fb_setup(test, 4);
	chan_setup_inst(test, 0, ft(test)->inst);
	submit_prog(test, 0, prog_pages, ARRAY_SIZE(prog_pages), &arg, 1, 1,
		    16);
	for (iter = 0; iter < 40; iter++) {
		unsigned long end = jiffies + msecs_to_jiffies(2000);
		u32 put, get;

		do {
			done = chan_done(test, 0);
			if (done || rd(test, GPSVM_FAULT_BUFFER_PUT) !=
			    rd(test, GPSVM_FAULT_BUFFER_GET))
				break;
			usleep_range(500, 1000);
		} while (time_before(jiffies, end));
		if (done)
			break;
		msleep(20);	/* let the block stall */
		put = rd(test, GPSVM_FAULT_BUFFER_PUT);
		get = rd(test, GPSVM_FAULT_BUFFER_GET);
		if (!iter) {
			KUNIT_EXPECT_EQ(test, (put + 4 - get) % 4, 3);
			KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_INFO),
					GPSVM_FAULT_BUFFER_INFO_OVERFLOW);
		}
		for (; get != put; get = (get + 1) % 4) {
			u32 *e = fb_entry(test, get);
			u64 va = (u64)e[3] << 32 | e[2];

			KUNIT_EXPECT_EQ(test,
					FIELD_GET(GP100_FAULT_ENTRY_W7_FAULT_TYPE,
						  e[7]), GP100_FAULT_PTE);
			if (va >= VA_BASE + OUT_OFF &&
			    va < VA_BASE + OUT_OFF + 16 * SZ_4K)
				map_page(test, va - VA_BASE, 0);
			else
				bad++;
		}
		fb_consume(test, 4);
		if (rd(test, GPSVM_FAULT_BUFFER_INFO) &
		    GPSVM_FAULT_BUFFER_INFO_OVERFLOW) {
			overflowed = true;
			wr(test, GPSVM_FAULT_BUFFER_INFO,
			   GPSVM_FAULT_BUFFER_INFO_OVERFLOW);
			KUNIT_EXPECT_EQ(test,
					rd(test, GPSVM_FAULT_BUFFER_INFO), 0);
		}
		mmu_inval(test, GPSVM_REPLAY_START, 0);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_TRUE(test, overflowed);
	KUNIT_EXPECT_GE(test, iter, 6);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000), GPSVM_CHAN_STATE_IDLE);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test,
				get_unaligned_le32(data(test, OUT_OFF +
							i * SZ_4K)),
				i * 0x10001 + 7);
}

/* PREFETCH of an unmapped page: an entry, no stall, no replay. */
static void faults_test_prefetch(struct kunit *test)
{
	u64 args[2] = { VA_BASE + OUT_OFF + 0x123, VA_BASE + OK_OFF };

	chan_setup_inst(test, 0, ft(test)->inst);
	submit_prog(test, 0, prog_prefetch, ARRAY_SIZE(prog_prefetch), args, 2,
		    1, 1);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000), GPSVM_CHAN_STATE_IDLE);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(data(test, OK_OFF)),
			lower_32_bits(VA_BASE + OK_OFF));
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_FAULT_BUFFER_PUT), 1);
	expect_entry(test, 0, VA_BASE + OUT_OFF, GP100_FAULT_PTE,
		     GP100_ACCESS_PREFETCH);
	KUNIT_EXPECT_TRUE(test, rd(test, GPSVM_PMC_INTR) &
			  GPSVM_PMC_INTR_REPLAYABLE_FAULT);
}

/* A reset of a channel whose launch waits for a replay. */
static void faults_test_reset_stalled(struct kunit *test)
{
	unsigned long end;

	chan_setup_inst(test, 0, ft(test)->inst);
	submit_lin(test, 0, OUT_OFF, 2, 8);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	cwr(test, 0, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_RESET);
	end = jiffies + msecs_to_jiffies(2000);
	while ((crd(test, 0, GPSVM_CHAN_CTRL) & GPSVM_CHAN_CTRL_RESET) &&
	       time_before(jiffies, end))
		usleep_range(500, 1000);
	KUNIT_EXPECT_FALSE(test, crd(test, 0, GPSVM_CHAN_CTRL) &
			   GPSVM_CHAN_CTRL_RESET);
	/* The SMs are free again: a launch on another channel runs. */
	map_page(test, OUT_OFF, 0);
	chan_setup_inst(test, 1, ft(test)->inst);
	submit_lin(test, 1, OUT_OFF, 2, 8);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 1, 2000), GPSVM_CHAN_STATE_IDLE);
	check_lin(test, OUT_OFF, 16);
}

/* Has channel 1's waiting block started within @ms? */
static bool waiter_started(struct kunit *test, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (!get_unaligned_le32(data(test, OK_OFF + 8)) &&
	       time_before(jiffies, end))
		usleep_range(500, 1000);
	return get_unaligned_le32(data(test, OK_OFF + 8));
}

/*
 * One SM. Channel 0's one-thread launch stalls on a fault; channel 1, of
 * another run group (in instance @inst1) and never switched out itself,
 * launches a block that waits for the test. The stalled block is
 * switched out for it when its slice ends. Returns the client of channel
 * 0's fault entry, consumed.
 */
static u32 switch_out_stalled(struct kunit *test, u64 inst1)
{
	u64 args[2] = { VA_BASE + OK_OFF, VA_BASE + OK_OFF + 8 };
	struct faults_test *t = ft(test);
	u8 cmd[GPSVM_CMD_SIZE];
	u32 client;
	unsigned int i;

	gpsvm_model_destroy(t->base.gpu);
	t->base.gpu = gpsvm_model_create(0, SZ_16M, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->base.gpu));
	gpu_setup(test);
	chan_setup_inst(test, 0, t->inst);
	submit_lin(test, 0, OUT_OFF, 1, 1);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	client = FIELD_GET(GP100_FAULT_ENTRY_W7_CLIENT, fb_entry(test, 0)[7]);
	KUNIT_EXPECT_EQ(test, fb_consume(test, FB_ENTRIES), 1);

	chan_setup_inst(test, 1, inst1 ?: make_inst_other(test));
	cwr(test, 1, GPSVM_CHAN_TIMESLICE_US, 0);
	put_unaligned_le64(0, data(test, OK_OFF));
	put_unaligned_le64(0, data(test, OK_OFF + 8));
	/* Code and arguments after channel 0's: its launch has copied them. */
	for (i = 0; i < ARRAY_SIZE(prog_flag_wait); i++)
		put_unaligned_le64(prog_flag_wait[i],
				   data(test, CODE_OFF + 0x400 + 8 * i));
	for (i = 0; i < 2; i++)
		put_unaligned_le64(args[i], data(test, ARGS_OFF + 0x400 + 8 * i));
	cmd_launch(cmd, prog_flag_wait, ARRAY_SIZE(prog_flag_wait), 16, 1, 1);
	put_unaligned_le64(VA_BASE + CODE_OFF + 0x400, cmd + 0x08);
	put_unaligned_le64(VA_BASE + ARGS_OFF + 0x400, cmd + 0x18);
	submit(test, 1, cmd);
	return client;
}

/* Let channel 1's launch end; channel 0's block resumes. */
static void release_waiter(struct kunit *test)
{
	put_unaligned_le32(1, data(test, OK_OFF));
	KUNIT_EXPECT_EQ(test, chan_wait(test, 1, 2000), GPSVM_CHAN_STATE_IDLE);
}

/*
 * A block switched out while it waits on a fault: a cancel in another
 * address space, or one after the replay that answered its stall, leaves
 * it alone; it retries when it resumes, faults again and completes once
 * the page is mapped.
 */
static void faults_test_switched_out_stalled(struct kunit *test)
{
	u32 client = switch_out_stalled(test, 0);

	KUNIT_EXPECT_TRUE(test, waiter_started(test, 2000));

	cancel_in(test, ft(test)->pd3 + SZ_4K, client);
	mmu_inval(test, GPSVM_REPLAY_START, 0);
	cancel_in(test, ft(test)->pd3, client);
	release_waiter(test);
	KUNIT_ASSERT_TRUE(test, fb_wait(test, 1, FB_ENTRIES));
	msleep(20);
	KUNIT_EXPECT_EQ(test, crd(test, 0, GPSVM_CHAN_STATUS),
			GPSVM_CHAN_STATE_BUSY);
	expect_entry(test, 1, VA_BASE + OUT_OFF, GP100_FAULT_PTE,
		     GP100_ACCESS_WRITE);
	map_replay(test, GPSVM_REPLAY_START, 1);
}

/*
 * A targeted cancel that names the SM and the address space of a block
 * it switched out before the replay reaches that block: it fails when it
 * resumes and faults again. As a driver does, the replay follows.
 */
static void faults_test_cancel_switched_out(struct kunit *test)
{
	u32 client = switch_out_stalled(test, 0);

	KUNIT_EXPECT_TRUE(test, waiter_started(test, 2000));
	cancel_in(test, ft(test)->pd3, client);
	mmu_inval(test, GPSVM_REPLAY_START, 0);
	release_waiter(test);
	KUNIT_EXPECT_EQ(test, chan_wait(test, 0, 2000),
			GPSVM_CHAN_STATE_ERROR);
	expect_err(test, 0, GP100_FAULT_PTE, GP100_ACCESS_WRITE,
		   VA_BASE + OUT_OFF);
}

/*
 * The SM a stalled block left takes no block of the same address space
 * until the replay, so that a cancel of the SM and that address space
 * names the block that left and no other: channel 1's launch, in channel
 * 0's address space, starts only after the replay.
 */
static void faults_test_switched_out_same_as(struct kunit *test)
{
	switch_out_stalled(test, ft(test)->inst);
	KUNIT_EXPECT_FALSE(test, waiter_started(test, 200));
	mmu_inval(test, GPSVM_REPLAY_START, 0);
	KUNIT_EXPECT_TRUE(test, waiter_started(test, 2000));
	release_waiter(test);
	map_replay(test, GPSVM_REPLAY_START, 1);
}

static struct kunit_case gpsvm_model_faults_cases[] = {
	KUNIT_CASE(faults_test_regs),
	KUNIT_CASE(faults_test_basic),
	KUNIT_CASE(faults_test_many_threads),
	KUNIT_CASE(faults_test_read_only),
	KUNIT_CASE(faults_test_cancel_targeted),
	KUNIT_CASE(faults_test_cancel_global),
	KUNIT_CASE(faults_test_gpcs),
	KUNIT_CASE(faults_test_not_replayable),
	KUNIT_CASE(faults_test_fatal_types),
	KUNIT_CASE(faults_test_overflow),
	KUNIT_CASE(faults_test_prefetch),
	KUNIT_CASE(faults_test_reset_stalled),
	KUNIT_CASE(faults_test_switched_out_stalled),
	KUNIT_CASE(faults_test_cancel_switched_out),
	KUNIT_CASE(faults_test_switched_out_same_as),
	{}
};

static struct kunit_suite gpsvm_model_faults_suite = {
	.name = "gpsvm_model_faults",
	.init = faults_test_init,
	.exit = faults_test_exit,
	.test_cases = gpsvm_model_faults_cases,
};

kunit_test_suites(&gpsvm_model_faults_suite);

MODULE_DESCRIPTION("KUnit tests for the gpsvm GPU model's replayable faults");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
