// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: channels (PFIFO). Register windows, states, the ring,
 * command decode and in-order execution; the copy engine is in
 * gpsvm_model_ce.c, the compute engine in gpsvm_model_gr.c.
 * firmware-notes/channels.md.
 */

#include <linux/bitfield.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/unaligned.h>
#include <linux/workqueue.h>

#include "gpsvm_model.h"

/**
 * DOC: gpsvm model fifo locking
 *
 * Channel registers live in &struct gpsvm_model_chan and are protected by
 * &gpsvm_model.lock, like every register. Register accesses come from any
 * context, hard interrupt included: under the lock they only change that
 * state, queue the channel's worker (queue_work() never sleeps) and wake
 * it; they never wait. CHAN_CTRL.RESET sets &gpsvm_model_chan.abort and,
 * when the worker runs, &gpsvm_model_chan.resetting: RESET reads 1 until
 * the worker has stopped and finished the reset; software polls.
 *
 * Each channel has one work item, &gpsvm_model_chan.work, on the GPU's
 * unbound workqueue &gpsvm_model.fifo_wq. It runs while PUT != GET, one
 * command at a time, in process context: it may sleep (waiting for a
 * launch's blocks, SEM_ACQUIRE polling) but holds no spinlock while it
 * does. It takes &gpsvm_model.lock only to snapshot registers and to
 * publish GET, the state, errors and interrupts. &gpsvm_model_chan.running
 * (under the lock) says the worker is queued or running and has not yet
 * decided to stop: the lock orders that decision against PUT writes and
 * RESET.
 *
 * The copy engine runs in the channel's worker. It translates through one
 * TLB, &gpsvm_model.ce_tlb, holding the TLB lock over a translation and
 * the access that uses it, and nothing else (see "gpsvm model MMU
 * locking"); it sleeps only with no lock held.
 *
 * The compute engine has &gpsvm_model_gr.nsm SMs, each a kthread with its
 * own TLB. A LAUNCH copies the code and arguments in the channel's worker,
 * then puts a &struct gpsvm_model_launch on &gpsvm_model_gr.launches;
 * SMs take blocks from it under &gpsvm_model_gr.lock, which protects the
 * list, the run groups' turns and each launch's block counters, first
 * error and switched-out blocks. An SM that switches a block out (its
 * slice is over and another group waits) saves the block's threads on
 * its launch under that lock and puts the launch back on the list, unless
 * the launch was aborted: then the block counts as finished. Contexts are
 * allocated and freed with no spinlock held. An SM holds its
 * TLB lock from the interpreter's map() to its unmap(), around one access.
 * The worker waits on &gpsvm_model_chan.wq until every block handed out
 * has finished, then frees the launch: an SM never touches a launch after
 * counting its block finished. Reset and the first error set the launch's
 * abort, which SMs check between budget slices. An SM whose block is
 * stalled on replayable faults sleeps on &gpsvm_model.fault_wq; whoever
 * sets a launch's abort (the worker on reset or timeout, an SM on an
 * error) wakes that queue too (see "gpsvm model replayable faults").
 *
 * Lock order: &gpsvm_model.lock, then wait-queue locks (wake_up() under
 * it). &gpsvm_model_gr.lock and the TLB locks are never held together with
 * &gpsvm_model.lock, nor with each other.
 *
 * Lifetimes: channels, the CE TLB and SMs live as long as the GPU.
 * gpsvm_model_destroy() stops everything first: it aborts every channel,
 * destroys the workqueue (which waits for the workers, which wait for
 * their blocks) and then stops the SM kthreads.
 */

#define CHAN_WINDOW_END	(GPSVM_CHAN_BASE + GPSVM_CHAN_COUNT * GPSVM_CHAN_STRIDE)

static u32 rd32le(const u8 *cmd, unsigned int off)
{
	return get_unaligned_le32(cmd + off);
}

/* Summaries of the channels' interrupts: PFIFO_INTR_0/1 and PMC bit 1. */
static u32 gpsvm_model_pfifo_intr(struct gpsvm_model *gpu, unsigned int half)
{
	u32 val = 0;
	unsigned int i;

	lockdep_assert_held(&gpu->lock);

	for (i = 0; i < 32; i++) {
		struct gpsvm_model_chan *chan = &gpu->chans[half * 32 + i];

		if (chan->intr & chan->intr_en)
			val |= BIT(i);
	}
	return val;
}

static void gpsvm_model_fifo_intr_update(struct gpsvm_model *gpu)
{
	lockdep_assert_held(&gpu->lock);

	if (gpsvm_model_pfifo_intr(gpu, 0) || gpsvm_model_pfifo_intr(gpu, 1))
		gpu->intr |= GPSVM_PMC_INTR_FIFO;
	else
		gpu->intr &= ~GPSVM_PMC_INTR_FIFO;
	gpsvm_model_intr_update(gpu);
}

/* Start the worker unless it runs. */
static void gpsvm_model_chan_kick(struct gpsvm_model_chan *chan)
{
	struct gpsvm_model *gpu = chan->gpu;

	lockdep_assert_held(&gpu->lock);

	if (chan->running || !gpu->fifo_wq)
		return;
	if (chan->state != GPSVM_CHAN_STATE_IDLE || chan->put == chan->get)
		return;
	chan->running = true;
	queue_work(gpu->fifo_wq, &chan->work);
}

/* What RESET clears; the channel must not run. */
static void gpsvm_model_chan_clear(struct gpsvm_model_chan *chan)
{
	lockdep_assert_held(&chan->gpu->lock);

	chan->get = 0;
	chan->put = 0;
	chan->ctrl = 0;
	chan->state = GPSVM_CHAN_STATE_DISABLED;
	chan->intr = 0;
	chan->err = 0;
	chan->err_addr = 0;
	chan->err_info = 0;
	chan->err_block = 0;
	chan->err_thread = 0;
	WRITE_ONCE(chan->abort, false);
	chan->resetting = false;
	gpsvm_model_fifo_intr_update(chan->gpu);
}

/* Enter ERROR with @err. */
static void gpsvm_model_chan_fail(struct gpsvm_model_chan *chan,
				  const struct gpsvm_model_cmd_err *err)
{
	lockdep_assert_held(&chan->gpu->lock);

	chan->state = GPSVM_CHAN_STATE_ERROR;
	chan->err = FIELD_PREP(GPSVM_CHAN_ERR_CLASS, err->cls) |
		    FIELD_PREP(GPSVM_CHAN_ERR_DETAIL, err->detail) |
		    FIELD_PREP(GPSVM_CHAN_ERR_ACCESS, err->access);
	chan->err_addr = err->addr;
	chan->err_info = err->info;
	chan->err_block = err->block;
	chan->err_thread = err->thread;
	chan->intr |= GPSVM_CHAN_INTR_ERROR;
	gpsvm_model_fifo_intr_update(chan->gpu);
}

/**
 * gpsvm_model_mmu_err() - describe a translation fault as a channel error
 * @err: filled in: class MMU_FAULT
 * @fault_type: GP100_FAULT_*
 * @access: GP100_ACCESS_*
 * @addr: the faulting address
 */
void gpsvm_model_mmu_err(struct gpsvm_model_cmd_err *err, u8 fault_type,
			 unsigned int access, u64 addr)
{
	memset(err, 0, sizeof(*err));
	err->cls = GPSVM_CHAN_ERR_MMU_FAULT;
	err->detail = fault_type;
	err->access = access & GPSVM_MODEL_ACCESS_TYPE;
	err->addr = addr;
}

/**
 * gpsvm_model_chan_stop() - must the command in flight stop?
 * @chan: the channel
 * @deadline: ktime_get_ns() value at which the command times out; 0: none
 *
 * Context: any.
 * Return: 0 to go on, -ECANCELED on a reset, -ETIMEDOUT past @deadline.
 */
int gpsvm_model_chan_stop(struct gpsvm_model_chan *chan, u64 deadline)
{
	if (READ_ONCE(chan->abort))
		return -ECANCELED;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	return 0;
}

static int gpsvm_model_cmd_nop(const u8 *cmd)
{
	unsigned int i;

	for (i = 4; i < GPSVM_CMD_SIZE; i++)
		if (cmd[i])
			return -EINVAL;
	return 0;
}

/* Run one command; see GPSVM_MODEL_CMD_ERROR for the result. */
static int gpsvm_model_chan_exec(struct gpsvm_model_chan *chan, const u8 *cmd,
				 u64 deadline, struct gpsvm_model_cmd_err *err)
{
	u32 hdr = rd32le(cmd, 0);
	int ret;

	if (hdr & GPSVM_CMD_RESERVED) {
		ret = -EINVAL;
		goto bad;
	}
	switch (FIELD_GET(GPSVM_CMD_OPCODE, hdr)) {
	case GPSVM_CMD_NOP:
		ret = gpsvm_model_cmd_nop(cmd);
		break;
	case GPSVM_CMD_LAUNCH:
		ret = gpsvm_model_gr_launch(chan, cmd, deadline, err);
		break;
	case GPSVM_CMD_COPY:
		ret = gpsvm_model_ce_copy(chan, cmd, deadline, err);
		break;
	case GPSVM_CMD_FILL:
		ret = gpsvm_model_ce_fill(chan, cmd, deadline, err);
		break;
	case GPSVM_CMD_SEM_RELEASE:
		ret = gpsvm_model_ce_sem(chan, cmd, false, deadline, err);
		break;
	case GPSVM_CMD_SEM_ACQUIRE:
		ret = gpsvm_model_ce_sem(chan, cmd, true, deadline, err);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (ret != -EINVAL && ret != -ENOMEM)
		return ret;
bad:
	memset(err, 0, sizeof(*err));
	err->cls = GPSVM_CHAN_ERR_BAD_COMMAND;
	err->detail = FIELD_GET(GPSVM_CMD_OPCODE, hdr);
	err->info = hdr;
	return GPSVM_MODEL_CMD_ERROR;
}

/* Fetch ring entry @idx into @cmd. */
static bool gpsvm_model_chan_fetch(struct gpsvm_model_chan *chan, u64 ring,
				   u32 idx, u8 *cmd)
{
	unsigned int aper = ring & GPSVM_CHAN_APERTURE;
	u64 addr = (ring & ~(u64)GPSVM_CHAN_APERTURE) +
		   (u64)idx * GPSVM_CMD_SIZE;
	void *p = gpsvm_model_mem_map(chan->gpu, aper, addr, GPSVM_CMD_SIZE);

	if (!p)
		return false;
	memcpy(cmd, p, GPSVM_CMD_SIZE);
	gpsvm_model_mem_unmap(aper, p);
	/* Commands see what software wrote before the doorbell. */
	smp_rmb();
	return true;
}

static void gpsvm_model_chan_work(struct work_struct *work)
{
	struct gpsvm_model_chan *chan =
		container_of(work, struct gpsvm_model_chan, work);
	struct gpsvm_model *gpu = chan->gpu;
	struct gpsvm_model_cmd_err err;
	u8 cmd[GPSVM_CMD_SIZE];
	unsigned long flags;
	u64 ring, deadline;
	u32 idx, size, tmo;
	int ret;

	for (;;) {
		spin_lock_irqsave(&gpu->lock, flags);
		if (chan->abort) {
			chan->running = false;
			gpsvm_model_chan_clear(chan);
			spin_unlock_irqrestore(&gpu->lock, flags);
			return;
		}
		if (chan->state == GPSVM_CHAN_STATE_BUSY ||
		    chan->state == GPSVM_CHAN_STATE_IDLE) {
			if (!(chan->ctrl & GPSVM_CHAN_CTRL_ENABLE))
				chan->state = GPSVM_CHAN_STATE_DISABLED;
			else if (chan->put == chan->get)
				chan->state = GPSVM_CHAN_STATE_IDLE;
		}
		if (chan->state != GPSVM_CHAN_STATE_BUSY &&
		    (chan->state != GPSVM_CHAN_STATE_IDLE ||
		     chan->put == chan->get)) {
			chan->running = false;
			spin_unlock_irqrestore(&gpu->lock, flags);
			return;
		}
		chan->state = GPSVM_CHAN_STATE_BUSY;
		idx = chan->get;
		ring = chan->ring;
		size = chan->ring_size;
		tmo = chan->timeout_ms;
		chan->cmd_group = chan->group;
		chan->cmd_timeslice_us = chan->timeslice_us;
		spin_unlock_irqrestore(&gpu->lock, flags);

		deadline = tmo ? ktime_get_ns() + (u64)tmo * NSEC_PER_MSEC : 0;
		if (!gpsvm_model_chan_fetch(chan, ring, idx, cmd)) {
			gpsvm_model_mmu_err(&err, GP100_FAULT_REGION,
					    GP100_ACCESS_READ,
					    (ring & ~(u64)GPSVM_CHAN_APERTURE) +
					    (u64)idx * GPSVM_CMD_SIZE);
			ret = GPSVM_MODEL_CMD_ERROR;
		} else {
			ret = gpsvm_model_chan_exec(chan, cmd, deadline, &err);
		}
		if (ret == -ETIMEDOUT) {
			memset(&err, 0, sizeof(err));
			err.cls = GPSVM_CHAN_ERR_TIMEOUT;
			ret = GPSVM_MODEL_CMD_ERROR;
		}
		if (ret == GPSVM_MODEL_CMD_ERROR &&
		    (err.cls == GPSVM_CHAN_ERR_BAD_COMMAND ||
		     err.cls == GPSVM_CHAN_ERR_TIMEOUT))
			err.addr = idx;

		spin_lock_irqsave(&gpu->lock, flags);
		if (chan->abort) {
			spin_unlock_irqrestore(&gpu->lock, flags);
			continue;
		}
		if (ret) {
			gpsvm_model_chan_fail(chan, &err);
		} else {
			chan->get = (idx + 1) & (BIT(size) - 1);
			if (rd32le(cmd, 0) & GPSVM_CMD_INTR) {
				chan->intr |= GPSVM_CHAN_INTR_NOTIFY;
				gpsvm_model_fifo_intr_update(gpu);
			}
		}
		spin_unlock_irqrestore(&gpu->lock, flags);
		cond_resched();
	}
}

/* CHAN_CTRL written. */
static void gpsvm_model_chan_ctrl(struct gpsvm_model_chan *chan, u32 val)
{
	struct gpsvm_model *gpu = chan->gpu;
	u8 fault = 0;
	int ret;

	lockdep_assert_held(&gpu->lock);

	if (chan->resetting)
		return;
	if (val & GPSVM_CHAN_CTRL_RESET) {
		chan->ctrl = 0;
		if (chan->running) {
			WRITE_ONCE(chan->abort, true);
			chan->resetting = true;
			wake_up(&chan->wq);
		} else {
			gpsvm_model_chan_clear(chan);
		}
		return;
	}
	if (!(val & GPSVM_CHAN_CTRL_ENABLE)) {
		chan->ctrl = 0;
		/* A running worker stops after its command. */
		if (!chan->running && chan->state == GPSVM_CHAN_STATE_IDLE)
			chan->state = GPSVM_CHAN_STATE_DISABLED;
		return;
	}
	if (chan->ctrl & GPSVM_CHAN_CTRL_ENABLE)
		return;
	chan->ctrl = GPSVM_CHAN_CTRL_ENABLE;
	if (chan->state != GPSVM_CHAN_STATE_DISABLED)
		return;	/* still stopping, or ERROR */
	ret = gpsvm_model_vas_from_inst(gpu, chan->inst & GPSVM_CHAN_APERTURE,
					chan->inst & ~(u64)GPSVM_CHAN_APERTURE,
					&chan->vas, &fault);
	if (ret) {
		struct gpsvm_model_cmd_err err = {
			.cls = GPSVM_CHAN_ERR_UNBOUND_INST,
			.detail = fault,
			.addr = chan->inst & ~(u64)GPSVM_CHAN_APERTURE,
		};

		gpsvm_model_chan_fail(chan, &err);
		return;
	}
	chan->state = GPSVM_CHAN_STATE_IDLE;
	gpsvm_model_chan_kick(chan);
}

static bool gpsvm_model_chan_rd32(struct gpsvm_model_chan *chan, u32 off,
				  u32 *val)
{
	lockdep_assert_held(&chan->gpu->lock);

	switch (off) {
	case GPSVM_CHAN_INST:
		*val = lower_32_bits(chan->inst);
		break;
	case GPSVM_CHAN_INST_HI:
		*val = upper_32_bits(chan->inst);
		break;
	case GPSVM_CHAN_RING:
		*val = lower_32_bits(chan->ring);
		break;
	case GPSVM_CHAN_RING_HI:
		*val = upper_32_bits(chan->ring);
		break;
	case GPSVM_CHAN_RING_SIZE:
		*val = chan->ring_size;
		break;
	case GPSVM_CHAN_PUT:
		*val = chan->put;
		break;
	case GPSVM_CHAN_GET:
		*val = chan->get;
		break;
	case GPSVM_CHAN_CTRL:
		*val = chan->ctrl |
		       (chan->resetting ? GPSVM_CHAN_CTRL_RESET : 0);
		break;
	case GPSVM_CHAN_STATUS:
		*val = chan->state;
		break;
	case GPSVM_CHAN_INTR:
		*val = chan->intr;
		break;
	case GPSVM_CHAN_INTR_EN:
		*val = chan->intr_en;
		break;
	case GPSVM_CHAN_TIMEOUT_MS:
		*val = chan->timeout_ms;
		break;
	case GPSVM_CHAN_GROUP:
		*val = chan->group;
		break;
	case GPSVM_CHAN_TIMESLICE_US:
		*val = chan->timeslice_us;
		break;
	case GPSVM_CHAN_ERR:
		*val = chan->err;
		break;
	case GPSVM_CHAN_ERR_ADDR:
		*val = lower_32_bits(chan->err_addr);
		break;
	case GPSVM_CHAN_ERR_ADDR_HI:
		*val = upper_32_bits(chan->err_addr);
		break;
	case GPSVM_CHAN_ERR_INFO:
		*val = lower_32_bits(chan->err_info);
		break;
	case GPSVM_CHAN_ERR_INFO_HI:
		*val = upper_32_bits(chan->err_info);
		break;
	case GPSVM_CHAN_ERR_BLOCK:
		*val = chan->err_block;
		break;
	case GPSVM_CHAN_ERR_THREAD:
		*val = chan->err_thread;
		break;
	default:
		return false;
	}
	return true;
}

static void gpsvm_model_chan_wr32(struct gpsvm_model_chan *chan, u32 off,
				  u32 val)
{
	bool cfg = chan->state == GPSVM_CHAN_STATE_DISABLED &&
		   !chan->running && !chan->resetting;
	u32 lo = val & (GPSVM_CHAN_ADDR_LO | GPSVM_CHAN_APERTURE);

	lockdep_assert_held(&chan->gpu->lock);

	switch (off) {
	case GPSVM_CHAN_INST:
		if (cfg)
			chan->inst = (chan->inst & ~(u64)U32_MAX) | lo;
		break;
	case GPSVM_CHAN_INST_HI:
		if (cfg)
			chan->inst = (u64)val << 32 | lower_32_bits(chan->inst);
		break;
	case GPSVM_CHAN_RING:
		if (cfg)
			chan->ring = (chan->ring & ~(u64)U32_MAX) | lo;
		break;
	case GPSVM_CHAN_RING_HI:
		if (cfg)
			chan->ring = (u64)val << 32 | lower_32_bits(chan->ring);
		break;
	case GPSVM_CHAN_RING_SIZE:
		if (cfg && val >= GPSVM_CHAN_RING_SIZE_MIN &&
		    val <= GPSVM_CHAN_RING_SIZE_MAX) {
			chan->ring_size = val;
			chan->put &= BIT(val) - 1;
			chan->get &= BIT(val) - 1;
		}
		break;
	case GPSVM_CHAN_PUT:
		if (chan->resetting)
			break;
		chan->put = val & (BIT(chan->ring_size) - 1);
		gpsvm_model_chan_kick(chan);
		break;
	case GPSVM_CHAN_CTRL:
		gpsvm_model_chan_ctrl(chan, val);
		break;
	case GPSVM_CHAN_INTR:
		chan->intr &= ~val;
		gpsvm_model_fifo_intr_update(chan->gpu);
		break;
	case GPSVM_CHAN_INTR_EN:
		chan->intr_en = val & (GPSVM_CHAN_INTR_NOTIFY |
				       GPSVM_CHAN_INTR_ERROR);
		gpsvm_model_fifo_intr_update(chan->gpu);
		break;
	case GPSVM_CHAN_TIMEOUT_MS:
		chan->timeout_ms = val;
		break;
	case GPSVM_CHAN_GROUP:
		chan->group = val & GPSVM_CHAN_GROUP_ID;
		break;
	case GPSVM_CHAN_TIMESLICE_US:
		chan->timeslice_us = val;
		break;
	default:
		break;
	}
}

/**
 * gpsvm_model_fifo_rd32() - read a PFIFO, PGRAPH or channel register
 * @gpu: the GPU
 * @reg: the register
 * @val: its value
 *
 * Context: any; &gpsvm_model.lock held.
 * Return: false if @reg is none of them.
 */
bool gpsvm_model_fifo_rd32(struct gpsvm_model *gpu, u32 reg, u32 *val)
{
	lockdep_assert_held(&gpu->lock);

	switch (reg) {
	case GPSVM_PFIFO_INTR_0:
		*val = gpsvm_model_pfifo_intr(gpu, 0);
		return true;
	case GPSVM_PFIFO_INTR_1:
		*val = gpsvm_model_pfifo_intr(gpu, 1);
		return true;
	case GPSVM_PGRAPH_SM_COUNT:
		*val = gpu->gr.nsm;
		return true;
	case GPSVM_PGRAPH_ISA_VERSION:
		*val = GPSVM_ISA_VERSION;
		return true;
	case GPSVM_CHAN_BASE ... CHAN_WINDOW_END - 1:
		if (reg & 3)
			return false;
		reg -= GPSVM_CHAN_BASE;
		return gpsvm_model_chan_rd32(&gpu->chans[reg / GPSVM_CHAN_STRIDE],
					     reg % GPSVM_CHAN_STRIDE, val);
	default:
		return false;
	}
}

/**
 * gpsvm_model_fifo_wr32() - write a PFIFO, PGRAPH or channel register
 * @gpu: the GPU
 * @reg: the register
 * @val: the value
 *
 * Read-only registers and unused offsets of a channel window drop the
 * write. Never waits: a RESET is finished by the channel's worker.
 *
 * Context: any; &gpsvm_model.lock held.
 * Return: false if @reg is none of them.
 */
bool gpsvm_model_fifo_wr32(struct gpsvm_model *gpu, u32 reg, u32 val)
{
	lockdep_assert_held(&gpu->lock);

	switch (reg) {
	case GPSVM_PFIFO_INTR_0:
	case GPSVM_PFIFO_INTR_1:
	case GPSVM_PGRAPH_SM_COUNT:
	case GPSVM_PGRAPH_ISA_VERSION:
		return true;
	case GPSVM_CHAN_BASE ... CHAN_WINDOW_END - 1:
		if (reg & 3)
			return false;
		reg -= GPSVM_CHAN_BASE;
		gpsvm_model_chan_wr32(&gpu->chans[reg / GPSVM_CHAN_STRIDE],
				      reg % GPSVM_CHAN_STRIDE, val);
		return true;
	default:
		return false;
	}
}

/**
 * gpsvm_model_fifo_init() - set up the channels and engines of a new GPU
 * @gpu: the GPU
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno.
 */
int gpsvm_model_fifo_init(struct gpsvm_model *gpu)
{
	unsigned int i;
	int ret;

	for (i = 0; i < GPSVM_CHAN_COUNT; i++) {
		struct gpsvm_model_chan *chan = &gpu->chans[i];

		chan->gpu = gpu;
		chan->id = i;
		chan->ring_size = GPSVM_CHAN_RING_SIZE_MIN;
		chan->group = i;
		chan->timeslice_us = GPSVM_CHAN_TIMESLICE_DEFAULT;
		INIT_WORK(&chan->work, gpsvm_model_chan_work);
		init_waitqueue_head(&chan->wq);
	}
	gpsvm_model_tlb_register(gpu, &gpu->ce_tlb);
	ret = gpsvm_model_gr_init(gpu, gpu->nsm);
	if (ret)
		goto err_tlb;
	gpu->fifo_wq = alloc_workqueue("gpsvm%u-fifo", WQ_UNBOUND, 0,
				       gpu->index);
	if (!gpu->fifo_wq) {
		ret = -ENOMEM;
		goto err_gr;
	}
	return 0;

err_gr:
	gpsvm_model_gr_fini(gpu);
err_tlb:
	gpsvm_model_tlb_unregister(&gpu->ce_tlb);
	return ret;
}

/**
 * gpsvm_model_fifo_fini() - stop all channels and engines
 * @gpu: the GPU
 *
 * Context: process; sleeps until every worker and SM has stopped.
 */
void gpsvm_model_fifo_fini(struct gpsvm_model *gpu)
{
	struct workqueue_struct *wq;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&gpu->lock, flags);
	wq = gpu->fifo_wq;
	gpu->fifo_wq = NULL;	/* nothing queues work any more */
	for (i = 0; i < GPSVM_CHAN_COUNT; i++) {
		WRITE_ONCE(gpu->chans[i].abort, true);
		wake_up(&gpu->chans[i].wq);
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
	destroy_workqueue(wq);
	gpsvm_model_gr_fini(gpu);
	gpsvm_model_tlb_unregister(&gpu->ce_tlb);
}
