/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the model's channel-level KUnit tests share: they act as a small
 * driver of a private GPU, with page tables and rings in its VRAM.
 *
 * A test's priv struct starts with a &struct gpsvm_model_test_gpu, so the
 * helpers below find it from the &struct kunit alone.
 */
#ifndef __GPSVM_MODEL_TEST_H__
#define __GPSVM_MODEL_TEST_H__

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "../gpsvm_model.h"

/* Ring entries per channel: CHAN_RING_SIZE 6. */
#define GPSVM_MODEL_TEST_NRING	64

/**
 * struct gpsvm_model_test_gpu - the GPU a test drives
 * @gpu: the private model GPU
 * @vram_next: next free VRAM page for tables and rings
 * @ring: VRAM address of each channel's ring
 * @put: each channel's next ring entry
 */
struct gpsvm_model_test_gpu {
	struct gpsvm_model *gpu;
	u64 vram_next;
	u64 ring[GPSVM_CHAN_COUNT];
	u32 put[GPSVM_CHAN_COUNT];
};

static inline struct gpsvm_model_test_gpu *tgpu(struct kunit *test)
{
	return test->priv;
}

static inline void *vram(struct kunit *test, u64 addr)
{
	return tgpu(test)->gpu->vram + addr;
}

static inline void wr64(struct kunit *test, u64 addr, u64 val)
{
	WRITE_ONCE(*(u64 *)vram(test, addr), val);
}

static inline u64 alloc_vram(struct kunit *test)
{
	u64 a = tgpu(test)->vram_next;

	tgpu(test)->vram_next += SZ_4K;
	return a;
}

static inline void wr(struct kunit *test, u32 reg, u32 val)
{
	struct gpsvm_model *gpu = tgpu(test)->gpu;

	gpu->bus.wr32(gpu->bus.ctx, reg, val);
}

static inline u32 rd(struct kunit *test, u32 reg)
{
	struct gpsvm_model *gpu = tgpu(test)->gpu;

	return gpu->bus.rd32(gpu->bus.ctx, reg);
}

static inline u32 crd(struct kunit *test, unsigned int c, u32 reg)
{
	return rd(test, GPSVM_CHAN(c, reg));
}

static inline void cwr(struct kunit *test, unsigned int c, u32 reg, u32 val)
{
	wr(test, GPSVM_CHAN(c, reg), val);
}

/* A PDE pointing at a table in VRAM. */
static inline u64 pde(u64 addr)
{
	return FIELD_PREP(GP100_PDE_APERTURE, GP100_PDE_APERTURE_VIDEO) |
	       (addr >> 4);
}

/* Append one command to channel c's ring and ring the doorbell. */
static inline void submit(struct kunit *test, unsigned int c, const u8 *cmd)
{
	struct gpsvm_model_test_gpu *t = tgpu(test);

	memcpy(vram(test, t->ring[c] + t->put[c] * GPSVM_CMD_SIZE), cmd,
	       GPSVM_CMD_SIZE);
	t->put[c] = (t->put[c] + 1) % GPSVM_MODEL_TEST_NRING;
	wmb(); /* the entry before the doorbell */
	cwr(test, c, GPSVM_CHAN_PUT, t->put[c]);
}

/* Wait until channel c has run all it was given, or failed. */
static inline u32 chan_wait(struct kunit *test, unsigned int c,
			    unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	u32 st;

	do {
		st = crd(test, c, GPSVM_CHAN_STATUS);
		if (st == GPSVM_CHAN_STATE_ERROR ||
		    (st == GPSVM_CHAN_STATE_IDLE &&
		     crd(test, c, GPSVM_CHAN_GET) == tgpu(test)->put[c]))
			return st;
		usleep_range(500, 1000);
	} while (time_before(jiffies, end));
	return st;
}

#endif /* __GPSVM_MODEL_TEST_H__ */
