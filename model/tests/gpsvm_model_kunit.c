// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the gpsvm GPU model: the register file and the interrupt
 * line, on GPUs the tests power up themselves.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/smp.h>

#include "../gpsvm_model.h"

struct gpsvm_model_test {
	struct gpsvm_model *gpu;
	struct completion irq_done;
	atomic_t irq_count;
	u32 irq_status;
	atomic_t held;
	atomic_t release;
	int held_cpu;
	bool irq_requested;
};

static int gpsvm_model_test_init(struct kunit *test)
{
	struct gpsvm_model_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->gpu = gpsvm_model_create(0, SZ_16M, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->gpu));
	init_completion(&t->irq_done);
	test->priv = t;
	return 0;
}

static void gpsvm_model_test_exit(struct kunit *test)
{
	struct gpsvm_model_test *t = test->priv;

	/* A failed assertion returns with the handler installed. */
	if (t->irq_requested) {
		atomic_set(&t->release, 1);
		t->gpu->bus.wr32(t->gpu->bus.ctx, GPSVM_PMC_INTR_EN, 0);
		free_irq(t->gpu->irq, t);
	}
	gpsvm_model_destroy(t->gpu);
}

static void request_test_irq(struct kunit *test, irq_handler_t handler)
{
	struct gpsvm_model_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, request_irq(t->gpu->irq, handler, 0,
					  "gpsvm-test", t), 0);
	t->irq_requested = true;
}

static u32 rd(struct kunit *test, u32 reg)
{
	struct gpsvm_model_test *t = test->priv;

	return t->gpu->bus.rd32(t->gpu->bus.ctx, reg);
}

static void wr(struct kunit *test, u32 reg, u32 val)
{
	struct gpsvm_model_test *t = test->priv;

	t->gpu->bus.wr32(t->gpu->bus.ctx, reg, val);
}

static void gpsvm_model_test_identity(struct kunit *test)
{
	u32 boot0 = rd(test, GPSVM_PMC_BOOT_0);

	KUNIT_EXPECT_EQ(test, FIELD_GET(GPSVM_PMC_BOOT_0_CHIP, boot0),
			GPSVM_CHIP_GP100);
	KUNIT_EXPECT_NE(test, FIELD_GET(GPSVM_PMC_BOOT_0_REV, boot0), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_VRAM_SIZE_MB), 16);

	/* Read-only registers ignore writes. */
	wr(test, GPSVM_PMC_BOOT_0, 0);
	wr(test, GPSVM_PFB_VRAM_SIZE_MB, 1);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_BOOT_0), boot0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PFB_VRAM_SIZE_MB), 16);
}

static void gpsvm_model_test_scratch(struct kunit *test)
{
	int i;

	for (i = 0; i < GPSVM_PBUS_SCRATCH_COUNT; i++)
		KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(i)), 0);
	for (i = 0; i < GPSVM_PBUS_SCRATCH_COUNT; i++)
		wr(test, GPSVM_PBUS_SCRATCH(i), 0x5a5a0000 | i);
	for (i = 0; i < GPSVM_PBUS_SCRATCH_COUNT; i++)
		KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(i)),
				0x5a5a0000 | i);
}

static void gpsvm_model_test_scratch_per_gpu(struct kunit *test)
{
	struct gpsvm_model *other = gpsvm_model_create(1, SZ_1M, 2);

	KUNIT_ASSERT_FALSE(test, IS_ERR(other));
	wr(test, GPSVM_PBUS_SCRATCH(3), 0xdeadbeef);
	other->bus.wr32(other->bus.ctx, GPSVM_PBUS_SCRATCH(3), 0x12345678);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(3)), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, other->bus.rd32(other->bus.ctx,
					      GPSVM_PBUS_SCRATCH(3)),
			0x12345678);
	KUNIT_EXPECT_EQ(test, other->bus.rd32(other->bus.ctx,
					      GPSVM_PFB_VRAM_SIZE_MB), 1);
	gpsvm_model_destroy(other);
}

static void gpsvm_model_test_unknown_register(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, rd(test, 0x7ffffc), GPSVM_PRI_ERROR);
	/* Unaligned scratch access decodes to no register. */
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(0) + 1),
			GPSVM_PRI_ERROR);
	wr(test, GPSVM_PBUS_SCRATCH(0) + 1, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(0)), 0);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PBUS_SCRATCH(1)), 0);
}

static void gpsvm_model_test_bad_create(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_model_create(2, 0, 2)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_model_create(2, SZ_1M, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_model_create(2, SZ_1M,
							 GPSVM_MODEL_MAX_SMS + 1)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(gpsvm_model_create(2, SZ_1M + 4096, 2)),
			-EINVAL);
}

static irqreturn_t gpsvm_model_test_irq(int irq, void *data)
{
	struct gpsvm_model_test *t = data;
	u32 status = t->gpu->bus.rd32(t->gpu->bus.ctx, GPSVM_PMC_INTR);

	if (!status)
		return IRQ_NONE;
	t->gpu->bus.wr32(t->gpu->bus.ctx, GPSVM_PMC_INTR, status);
	t->irq_status = status;
	atomic_inc(&t->irq_count);
	complete(&t->irq_done);
	return IRQ_HANDLED;
}

static void gpsvm_model_test_intr_line(struct kunit *test)
{
	struct gpsvm_model_test *t = test->priv;

	request_test_irq(test, gpsvm_model_test_irq);

	/* Masked: status latches, the line stays quiet. */
	wr(test, GPSVM_PMC_INTR_TRIGGER, GPSVM_PMC_INTR_SOFTWARE);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), GPSVM_PMC_INTR_SOFTWARE);
	KUNIT_EXPECT_FALSE(test, wait_for_completion_timeout(&t->irq_done,
							     HZ / 10));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irq_count), 0);

	/* Unmasking a pending interrupt delivers it; the handler acks it. */
	wr(test, GPSVM_PMC_INTR_EN, GPSVM_PMC_INTR_SOFTWARE);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&t->irq_done,
							    5 * HZ));
	KUNIT_EXPECT_EQ(test, t->irq_status, GPSVM_PMC_INTR_SOFTWARE);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), 0);

	/* Enabled: each trigger is one interrupt. */
	reinit_completion(&t->irq_done);
	gpsvm_model_intr_raise(t->gpu, GPSVM_PMC_INTR_SOFTWARE);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&t->irq_done,
							    5 * HZ));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irq_count), 2);

	/* Only implemented bits can be enabled. */
	wr(test, GPSVM_PMC_INTR_EN, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR_EN), GPSVM_PMC_INTR_VALID);
}

/* The first interrupt stays in its handler until the test releases it. */
static irqreturn_t gpsvm_model_test_irq_hold(int irq, void *data)
{
	struct gpsvm_model_test *t = data;
	u32 status = t->gpu->bus.rd32(t->gpu->bus.ctx, GPSVM_PMC_INTR);
	unsigned int i;

	if (!status)
		return IRQ_NONE;
	t->gpu->bus.wr32(t->gpu->bus.ctx, GPSVM_PMC_INTR, status);
	if (atomic_inc_return(&t->irq_count) == 1) {
		t->held_cpu = smp_processor_id();
		atomic_set_release(&t->held, 1);
		for (i = 0; i < 1000 && !atomic_read(&t->release); i++)
			mdelay(1);
		atomic_set(&t->held, 2);
	}
	return IRQ_HANDLED;
}

static void gpsvm_model_test_raise(void *data)
{
	gpsvm_model_intr_raise(data, GPSVM_PMC_INTR_SOFTWARE);
}

/*
 * One try: an interrupt raised on @other is held in its handler while this
 * CPU raises another. Returns whether the second one was raised while the
 * first handler still ran: a vCPU starved for longer than the hold misses
 * it, and the try says nothing.
 */
static bool intr_while_handled_once(struct kunit *test, unsigned int other)
{
	struct gpsvm_model_test *t = test->priv;
	bool overlapped;
	unsigned int i;

	atomic_set(&t->irq_count, 0);
	atomic_set(&t->held, 0);
	atomic_set(&t->release, 0);
	smp_call_function_single(other, gpsvm_model_test_raise, t->gpu, 1);
	for (i = 0; i < 250 && !atomic_read_acquire(&t->held); i++)
		msleep(20);
	KUNIT_ASSERT_NE(test, atomic_read_acquire(&t->held), 0);
	KUNIT_ASSERT_EQ(test, t->held_cpu, other);

	gpsvm_model_intr_raise(t->gpu, GPSVM_PMC_INTR_SOFTWARE);
	msleep(20);
	overlapped = atomic_read(&t->held) == 1;
	atomic_set(&t->release, 1);
	for (i = 0; i < 250 && atomic_read(&t->irq_count) < 2; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->held), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->irq_count), 2);
	KUNIT_EXPECT_EQ(test, rd(test, GPSVM_PMC_INTR), 0);
	return overlapped;
}

/*
 * The line is level triggered: a source that fires while the handler runs
 * on another CPU, after it has acknowledged PMC_INTR, interrupts again
 * once the handler returns.
 */
static void gpsvm_model_test_intr_while_handled(struct kunit *test)
{
	unsigned int me, other, try;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	me = cpumask_last(cpu_online_mask);
	other = cpumask_first(cpu_online_mask);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(me)),
			0);
	request_test_irq(test, gpsvm_model_test_irq_hold);
	wr(test, GPSVM_PMC_INTR_EN, GPSVM_PMC_INTR_SOFTWARE);

	for (try = 0; try < 5; try++)
		if (intr_while_handled_once(test, other))
			return;
	kunit_skip(test, "no try raised while the handler ran");
}

static struct kunit_case gpsvm_model_regs_cases[] = {
	KUNIT_CASE(gpsvm_model_test_identity),
	KUNIT_CASE(gpsvm_model_test_scratch),
	KUNIT_CASE(gpsvm_model_test_scratch_per_gpu),
	KUNIT_CASE(gpsvm_model_test_unknown_register),
	KUNIT_CASE(gpsvm_model_test_bad_create),
	KUNIT_CASE(gpsvm_model_test_intr_line),
	KUNIT_CASE(gpsvm_model_test_intr_while_handled),
	{}
};

static struct kunit_suite gpsvm_model_regs_suite = {
	.name = "gpsvm_model_regs",
	.init = gpsvm_model_test_init,
	.exit = gpsvm_model_test_exit,
	.test_cases = gpsvm_model_regs_cases,
};

kunit_test_suites(&gpsvm_model_regs_suite);

MODULE_DESCRIPTION("KUnit tests for the gpsvm GPU model");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
