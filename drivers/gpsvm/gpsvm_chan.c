// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm channels: instance block, command ring and completion fences of
 * one hardware channel (firmware-notes/channels.md).
 */

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/dma-mapping.h>
#include <linux/iopoll.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_print.h>
#include <kunit/visibility.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_hw_mmu.h"
#include "gpsvm_vmm.h"

/**
 * DOC: gpsvm channel locking
 *
 * &gpsvm_device.chan_lock, a spinlock taken with interrupts off, protects
 * the table of channels, &gpsvm_device.chans: the interrupt handler looks
 * channels up in it, so a channel is removed from it (and the handler
 * synchronised with) before it is freed.
 *
 * &gpsvm_chan.lock, also taken with interrupts off, protects a channel's
 * ring, sequence numbers, pending fences and error state. Submission
 * takes it to write the ring and ring the doorbell; the interrupt handler
 * takes it to signal fences and record errors. dma_fence_signal() runs
 * under it, so a fence callback must not take it. Fences themselves use
 * one module-wide lock, taken inside &gpsvm_chan.lock. Lock order:
 * &gpsvm_device.chan_lock, &gpsvm_chan.lock, the fence lock.
 *
 * Register writes that program a channel happen only while it is
 * disabled, from create and recover, which the caller serialises. The
 * final write that starts it happens under &gpsvm_chan.lock, after a
 * check of &gpsvm_chan.wedged: gpsvm_chan_wedge() sets that flag and
 * writes the reset under the same lock, so a wedged channel never starts
 * again. gpsvm_chan_wedge() finds the channels, and marks the address
 * space or the GPU so that no new channel starts there, under
 * &gpsvm_device.chan_lock, where create picks a channel number, counts
 * the channels of the calling process (&gpsvm_chan.owner, set there) and
 * picks its run group (&gpsvm_chan.group).
 */

/**
 * DOC: gpsvm scheduling
 *
 * The GPU time-slices its compute engine between run groups
 * (firmware-notes/channels.md): when a block has run for its channel's
 * CHAN_TIMESLICE_US while another group's launch waits, the SM switches
 * it out, and SMs take blocks from the group served longest ago. The
 * driver puts all channels of one process in one group, so a process gets
 * the same share of the GPU however many channels it opens, and a job
 * waits a time slice or so behind another process's launches that never
 * end, instead of until the channel timeout stops them.
 */

/*
 * Hardware channels one process may hold on a GPU: without a limit, one
 * process could take them all and every other user of the GPU would get
 * -EBUSY.
 */
static unsigned int channels_per_process = GPSVM_CHAN_COUNT / 4;
module_param(channels_per_process, uint, 0644);
MODULE_PARM_DESC(channels_per_process,
		 "Hardware channels one process may hold on a GPU (default 16 of 64)");

/* A block's slice on an SM before another group's work may take it. */
static unsigned int timeslice_us = 2000;
module_param(timeslice_us, uint, 0644);
MODULE_PARM_DESC(timeslice_us,
		 "Compute time slice of a channel's blocks in microseconds, for channels started afterwards (default 2000; 0: never switched out)");

#define GPSVM_CHAN_RING_ORDER	9	/* 512 entries, 32 KiB */
#define GPSVM_JOB_TIMEOUT_MS	10000
#define GPSVM_VA_LIMIT		BIT_ULL(GP100_MMU_VA_BITS)

struct gpsvm_fence {
	struct dma_fence base;
	struct list_head link;
};

/*
 * A fence's lock must outlive it, and a fence can outlive its channel and
 * its device: the fences share one lock that lives as long as the module.
 */
static DEFINE_SPINLOCK(gpsvm_fence_lock);

static const char *gpsvm_fence_driver_name(struct dma_fence *fence)
{
	return "gpsvm";
}

static const char *gpsvm_fence_timeline_name(struct dma_fence *fence)
{
	return "gpsvm-channel";
}

static const struct dma_fence_ops gpsvm_fence_ops = {
	.get_driver_name = gpsvm_fence_driver_name,
	.get_timeline_name = gpsvm_fence_timeline_name,
};

static u32 gpsvm_chan_rd32(struct gpsvm_chan *chan, u32 off)
{
	return gpsvm_rd32(chan->gdev, GPSVM_CHAN(chan->id, off));
}

static void gpsvm_chan_wr32(struct gpsvm_chan *chan, u32 off, u32 val)
{
	gpsvm_wr32(chan->gdev, GPSVM_CHAN(chan->id, off), val);
}

/* Aperture and address, as CHAN_INST and CHAN_RING take them. */
static void gpsvm_chan_wr_addr(struct gpsvm_chan *chan, u32 off,
			       dma_addr_t addr)
{
	gpsvm_chan_wr32(chan, off, lower_32_bits(addr) |
			GP100_PTE_APERTURE_SYS_COH);
	gpsvm_chan_wr32(chan, off + 4, upper_32_bits(addr));
}

static void gpsvm_cmd_set64(struct gpsvm_cmd *cmd, unsigned int byte, u64 v)
{
	cmd->w[byte / 4] = cpu_to_le32(lower_32_bits(v));
	cmd->w[byte / 4 + 1] = cpu_to_le32(upper_32_bits(v));
}

/**
 * gpsvm_cmd_launch() - a LAUNCH command
 * @cmd: the entry to fill
 * @code_va: GPU VA of the code image
 * @code_words: its length in instructions
 * @entry: PC of the first instruction
 * @args_va: GPU VA of the argument block
 * @arg_size: its size in bytes
 * @grid: blocks in x, y and z
 * @block: threads per block in x, y and z
 */
void gpsvm_cmd_launch(struct gpsvm_cmd *cmd, u64 code_va, u32 code_words,
		      u32 entry, u64 args_va, u32 arg_size,
		      const u32 grid[3], const u32 block[3])
{
	int i;

	memset(cmd, 0, sizeof(*cmd));
	cmd->w[0] = cpu_to_le32(GPSVM_CMD_LAUNCH);
	cmd->w[1] = cpu_to_le32(entry);
	gpsvm_cmd_set64(cmd, 0x08, code_va);
	cmd->w[0x10 / 4] = cpu_to_le32(code_words);
	cmd->w[0x14 / 4] = cpu_to_le32(arg_size);
	gpsvm_cmd_set64(cmd, 0x18, args_va);
	for (i = 0; i < 3; i++) {
		cmd->w[0x20 / 4 + i] = cpu_to_le32(grid[i]);
		cmd->w[0x2c / 4 + i] = cpu_to_le32(block[i]);
	}
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_cmd_launch);

/**
 * gpsvm_cmd_launch_mem() - give a LAUNCH shared and private memory
 * @cmd: a LAUNCH from gpsvm_cmd_launch()
 * @shared_size: bytes of shared memory a block has
 * @private_size: bytes of private memory a thread has
 */
void gpsvm_cmd_launch_mem(struct gpsvm_cmd *cmd, u32 shared_size,
			  u32 private_size)
{
	cmd->w[0x38 / 4] = cpu_to_le32(shared_size);
	cmd->w[0x3c / 4] = cpu_to_le32(private_size);
}

/**
 * gpsvm_cmd_copy() - a COPY command between GPU virtual addresses
 * @cmd: the entry to fill
 * @src: source VA
 * @dst: destination VA
 * @size: bytes
 */
void gpsvm_cmd_copy(struct gpsvm_cmd *cmd, u64 src, u64 dst, u64 size)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->w[0] = cpu_to_le32(GPSVM_CMD_COPY);
	gpsvm_cmd_set64(cmd, 0x08, src);
	gpsvm_cmd_set64(cmd, 0x10, dst);
	gpsvm_cmd_set64(cmd, 0x18, size);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_cmd_copy);

/**
 * gpsvm_cmd_fill() - a FILL command at a GPU virtual address
 * @cmd: the entry to fill
 * @dst: destination VA, 4-byte aligned
 * @size: bytes, a multiple of 4
 * @pattern: the 32-bit value to repeat
 */
void gpsvm_cmd_fill(struct gpsvm_cmd *cmd, u64 dst, u64 size, u32 pattern)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->w[0] = cpu_to_le32(GPSVM_CMD_FILL);
	cmd->w[0x08 / 4] = cpu_to_le32(pattern);
	gpsvm_cmd_set64(cmd, 0x10, dst);
	gpsvm_cmd_set64(cmd, 0x18, size);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_cmd_fill);

/* The aperture of a physical side: VRAM, or coherent system memory. */
static u32 gpsvm_cmd_aperture(bool vram)
{
	return vram ? GP100_PTE_APERTURE_VIDEO : GP100_PTE_APERTURE_SYS_COH;
}

/**
 * gpsvm_cmd_copy_phys() - a COPY command between physical addresses
 * @cmd: the entry to fill
 * @src_vram: @src is a VRAM offset, else a DMA address
 * @src: source
 * @dst_vram: @dst is a VRAM offset, else a DMA address
 * @dst: destination
 * @size: bytes
 */
void gpsvm_cmd_copy_phys(struct gpsvm_cmd *cmd, bool src_vram, u64 src,
			 bool dst_vram, u64 dst, u64 size)
{
	gpsvm_cmd_copy(cmd, src, dst, size);
	cmd->w[0x04 / 4] = cpu_to_le32(GPSVM_CMD_SRC_PHYS | GPSVM_CMD_DST_PHYS |
		FIELD_PREP(GPSVM_CMD_SRC_APERTURE, gpsvm_cmd_aperture(src_vram)) |
		FIELD_PREP(GPSVM_CMD_DST_APERTURE, gpsvm_cmd_aperture(dst_vram)));
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_cmd_copy_phys);

/**
 * gpsvm_cmd_fill_phys() - a FILL command at a physical address
 * @cmd: the entry to fill
 * @vram: @dst is a VRAM offset, else a DMA address
 * @dst: destination, 4-byte aligned
 * @size: bytes, a multiple of 4
 * @pattern: the 32-bit value to repeat
 */
void gpsvm_cmd_fill_phys(struct gpsvm_cmd *cmd, bool vram, u64 dst, u64 size,
			 u32 pattern)
{
	gpsvm_cmd_fill(cmd, dst, size, pattern);
	cmd->w[0x04 / 4] = cpu_to_le32(GPSVM_CMD_DST_PHYS |
		FIELD_PREP(GPSVM_CMD_DST_APERTURE, gpsvm_cmd_aperture(vram)));
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_cmd_fill_phys);

/* A job's last command: publish its sequence number and interrupt. */
static void gpsvm_cmd_seqno(struct gpsvm_cmd *cmd, dma_addr_t sem, u64 seqno)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->w[0] = cpu_to_le32(GPSVM_CMD_SEM_RELEASE | GPSVM_CMD_INTR);
	cmd->w[1] = cpu_to_le32(GPSVM_CMD_DST_PHYS |
				FIELD_PREP(GPSVM_CMD_DST_APERTURE,
					   GP100_PTE_APERTURE_SYS_COH));
	gpsvm_cmd_set64(cmd, 0x08, sem);
	gpsvm_cmd_set64(cmd, 0x10, seqno);
}

static void gpsvm_chan_signal(struct gpsvm_chan *chan, u64 seqno);

/* Wait until a reset of hardware channel @id is done. */
static int gpsvm_hw_chan_reset_wait(struct gpsvm_device *gdev, unsigned int id)
{
	u32 ctrl;
	int ret;

	ret = read_poll_timeout(gpsvm_rd32, ctrl,
				!(ctrl & GPSVM_CHAN_CTRL_RESET), 100,
				2 * USEC_PER_SEC, false, gdev,
				GPSVM_CHAN(id, GPSVM_CHAN_CTRL));
	if (ret)
		drm_err(&gdev->drm, "channel %u: reset timed out\n", id);
	return ret;
}

/* Reset hardware channel @id and wait until nothing of it runs. */
static int gpsvm_hw_chan_reset(struct gpsvm_device *gdev, unsigned int id)
{
	gpsvm_wr32(gdev, GPSVM_CHAN(id, GPSVM_CHAN_CTRL), GPSVM_CHAN_CTRL_RESET);
	return gpsvm_hw_chan_reset_wait(gdev, id);
}

/*
 * Reset a channel. Once the GPU is unplugged, gpsvm_device_stop() has
 * stopped it already and its registers may be gone.
 */
static int gpsvm_chan_reset(struct gpsvm_chan *chan)
{
	int idx, ret;

	if (!drm_dev_enter(&chan->gdev->drm, &idx))
		return 0;
	ret = gpsvm_hw_chan_reset(chan->gdev, chan->id);
	drm_dev_exit(idx);
	return ret;
}

/**
 * gpsvm_chan_reset_all() - stop every hardware channel
 * @gdev: the GPU, at probe: the driver has no channel yet
 *
 * Stops what an earlier binding left running.
 *
 * Context: process; sleeps.
 */
void gpsvm_chan_reset_all(struct gpsvm_device *gdev)
{
	unsigned int id;

	for (id = 0; id < GPSVM_CHAN_COUNT; id++) {
		gpsvm_wr32(gdev, GPSVM_CHAN(id, GPSVM_CHAN_INTR_EN), 0);
		gpsvm_hw_chan_reset(gdev, id);
	}
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_chan_reset_all);

/**
 * gpsvm_chan_wedge() - stop channels for good
 * @gdev: the GPU
 * @vmm: the address space whose channels to stop, or NULL for every
 *	channel of the GPU
 * @error: the negative errno their jobs, and channels created in @vmm
 *	(or on the GPU, with NULL) from now on, fail with
 *
 * With @vmm, a TLB invalidate of @vmm did not complete: the GPU may still
 * use translations of pages that are about to be freed. With NULL, the
 * GPU is about to be unplugged. The channels are reset, will not start
 * again (gpsvm_chan_recover() fails with their error) and their jobs not
 * done fail with @error.
 *
 * Context: process; sleeps. The GPU must be reachable.
 */
void gpsvm_chan_wedge(struct gpsvm_device *gdev, struct gpsvm_vmm *vmm,
		      int error)
{
	DECLARE_BITMAP(ids, GPSVM_CHAN_COUNT);
	struct gpsvm_chan *chan;
	unsigned long flags;
	unsigned int id;

	bitmap_zero(ids, GPSVM_CHAN_COUNT);
	spin_lock_irqsave(&gdev->chan_lock, flags);
	if (vmm)
		vmm->wedged = error;
	else
		gdev->wedged = error;
	for (id = 0; id < GPSVM_CHAN_COUNT; id++) {
		chan = gdev->chans[id];
		if (!chan || (vmm && chan->vmm != vmm))
			continue;
		/* Under chan->lock, so that no start comes after the reset. */
		spin_lock(&chan->lock);
		chan->wedged = true;
		chan->error = error;
		gpsvm_chan_wr32(chan, GPSVM_CHAN_INTR_EN, 0);
		gpsvm_chan_wr32(chan, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_RESET);
		spin_unlock(&chan->lock);
		__set_bit(id, ids);
	}
	spin_unlock_irqrestore(&gdev->chan_lock, flags);

	for_each_set_bit(id, ids, GPSVM_CHAN_COUNT)
		gpsvm_hw_chan_reset_wait(gdev, id);

	/*
	 * Only now that nothing of them runs may their jobs complete. A
	 * channel destroyed meanwhile has signalled its fences itself.
	 */
	spin_lock_irqsave(&gdev->chan_lock, flags);
	for_each_set_bit(id, ids, GPSVM_CHAN_COUNT) {
		chan = gdev->chans[id];
		if (!chan || !chan->wedged)
			continue;
		spin_lock(&chan->lock);
		gpsvm_chan_signal(chan, READ_ONCE(*chan->sem));
		spin_unlock(&chan->lock);
	}
	spin_unlock_irqrestore(&gdev->chan_lock, flags);
}

/* Program a reset channel and enable it. */
static void gpsvm_chan_start(struct gpsvm_chan *chan)
{
	lockdep_assert_held(&chan->lock);

	memset(chan->ring, 0, sizeof(*chan->ring) << chan->ring_order);
	chan->put = 0;
	chan->error = 0;
	memset(&chan->err, 0, sizeof(chan->err));
	WRITE_ONCE(*chan->sem, chan->seqno);

	gpsvm_chan_wr_addr(chan, GPSVM_CHAN_INST, chan->inst_dma);
	gpsvm_chan_wr_addr(chan, GPSVM_CHAN_RING, chan->ring_dma);
	gpsvm_chan_wr32(chan, GPSVM_CHAN_RING_SIZE, chan->ring_order);
	gpsvm_chan_wr32(chan, GPSVM_CHAN_TIMEOUT_MS, GPSVM_JOB_TIMEOUT_MS);
	gpsvm_chan_wr32(chan, GPSVM_CHAN_GROUP, chan->group);
	gpsvm_chan_wr32(chan, GPSVM_CHAN_TIMESLICE_US, READ_ONCE(timeslice_us));
	gpsvm_chan_wr32(chan, GPSVM_CHAN_INTR_EN,
			GPSVM_CHAN_INTR_NOTIFY | GPSVM_CHAN_INTR_ERROR);
	gpsvm_chan_wr32(chan, GPSVM_CHAN_CTRL, GPSVM_CHAN_CTRL_ENABLE);
}

/* Reset a channel and start it, unless it has been wedged. */
static int gpsvm_chan_restart(struct gpsvm_chan *chan)
{
	unsigned long flags;
	int ret;

	ret = gpsvm_chan_reset(chan);
	if (ret)
		return ret;
	spin_lock_irqsave(&chan->lock, flags);
	if (chan->wedged)
		ret = chan->error;
	else
		gpsvm_chan_start(chan);
	spin_unlock_irqrestore(&chan->lock, flags);
	return ret;
}

/**
 * gpsvm_chan_create() - create a channel in an address space
 * @gdev: the GPU
 * @vmm: the address space; must outlive the channel
 * @svmm: NULL, or the SVM address space @vmm belongs to: the channel's
 *	faults are then replayable, served by gpsvm_svm.c
 * @owner: the process the channel counts against, which may hold at most
 *	the module parameter channels_per_process of the GPU's channels;
 *	NULL for no limit
 *
 * Context: process; sleeps.
 * Return: the channel, ERR_PTR(-EBUSY) when all are in use,
 * ERR_PTR(-EMFILE) when @owner holds its share, the error
 * gpsvm_chan_wedge() gave @vmm or the GPU, or another ERR_PTR().
 */
struct gpsvm_chan *gpsvm_chan_create(struct gpsvm_device *gdev,
				     struct gpsvm_vmm *vmm,
				     struct gpsvm_svmm *svmm, struct pid *owner)
{
	unsigned int i, held = 0, limit = READ_ONCE(channels_per_process);
	DECLARE_BITMAP(groups, GPSVM_CHAN_COUNT);
	struct device *dev = gdev->drm.dev;
	struct gpsvm_chan *chan;
	unsigned long flags;
	size_t ring_size;
	int ret;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return ERR_PTR(-ENOMEM);
	chan->gdev = gdev;
	chan->vmm = vmm;
	chan->svmm = svmm;
	chan->context = dma_fence_context_alloc(1);
	chan->ring_order = GPSVM_CHAN_RING_ORDER;
	spin_lock_init(&chan->lock);
	INIT_LIST_HEAD(&chan->pending);

	ret = -ENOMEM;
	chan->inst = dma_alloc_coherent(dev, PAGE_SIZE, &chan->inst_dma,
					GFP_KERNEL);
	if (!chan->inst)
		goto err_free;
	ring_size = sizeof(*chan->ring) << chan->ring_order;
	chan->ring = dma_alloc_coherent(dev, ring_size, &chan->ring_dma,
					GFP_KERNEL);
	if (!chan->ring)
		goto err_inst;
	chan->sem = dma_alloc_coherent(dev, sizeof(*chan->sem), &chan->sem_dma,
				       GFP_KERNEL);
	if (!chan->sem)
		goto err_ring;

	/* GP100 instance block: VER2 tables with 64 KiB big pages. */
	chan->inst[GP100_RAMIN_PDB_LO / 8] = gpsvm_vmm_pdb(vmm) |
		GP100_RAMIN_PDB_VER2 | GP100_RAMIN_PDB_BIG_64K |
		GP100_PTE_APERTURE_SYS_COH;
	if (svmm)
		chan->inst[GP100_RAMIN_PDB_LO / 8] |=
			GP100_RAMIN_PDB_REPLAY_TEX | GP100_RAMIN_PDB_REPLAY_GCC;
	chan->inst[GP100_RAMIN_LIMIT_LO / 8] = GPSVM_VA_LIMIT - 1;

	spin_lock_irqsave(&gdev->chan_lock, flags);
	ret = gdev->wedged ?: vmm->wedged;
	for (chan->id = 0; chan->id < GPSVM_CHAN_COUNT; chan->id++)
		if (!gdev->chans[chan->id])
			break;
	/* The group of the owner's channels, else one no channel uses. */
	bitmap_zero(groups, GPSVM_CHAN_COUNT);
	chan->group = GPSVM_CHAN_COUNT;
	for (i = 0; i < GPSVM_CHAN_COUNT; i++) {
		struct gpsvm_chan *c = gdev->chans[i];

		if (!c)
			continue;
		__set_bit(c->group, groups);
		if (owner && c->owner == owner) {
			held++;
			chan->group = c->group;
		}
	}
	if (chan->group == GPSVM_CHAN_COUNT)
		chan->group = find_first_zero_bit(groups, GPSVM_CHAN_COUNT);
	if (!ret && chan->id == GPSVM_CHAN_COUNT)
		ret = -EBUSY;
	if (!ret && owner && held >= limit)
		ret = -EMFILE;
	if (!ret) {
		chan->owner = get_pid(owner);
		gdev->chans[chan->id] = chan;
	}
	spin_unlock_irqrestore(&gdev->chan_lock, flags);
	if (ret)
		goto err_sem;

	ret = gpsvm_chan_restart(chan);
	if (ret)
		goto err_unlist;
	return chan;

err_unlist:
	spin_lock_irqsave(&gdev->chan_lock, flags);
	gdev->chans[chan->id] = NULL;
	spin_unlock_irqrestore(&gdev->chan_lock, flags);
	put_pid(chan->owner);
err_sem:
	dma_free_coherent(dev, sizeof(*chan->sem), chan->sem, chan->sem_dma);
err_ring:
	dma_free_coherent(dev, ring_size, chan->ring, chan->ring_dma);
err_inst:
	dma_free_coherent(dev, PAGE_SIZE, chan->inst, chan->inst_dma);
err_free:
	kfree(chan);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_chan_create);

/* Signal the pending fences: up to @seqno with success, all on error. */
static void gpsvm_chan_signal(struct gpsvm_chan *chan, u64 seqno)
{
	struct gpsvm_fence *f, *tmp;

	lockdep_assert_held(&chan->lock);

	list_for_each_entry_safe(f, tmp, &chan->pending, link) {
		if (!chan->error && f->base.seqno > seqno)
			break;
		if (chan->error && f->base.seqno > seqno)
			dma_fence_set_error(&f->base, chan->error);
		list_del(&f->link);
		dma_fence_signal(&f->base);
		dma_fence_put(&f->base);
	}
}

static int gpsvm_chan_errno(u8 class)
{
	switch (class) {
	case GPSVM_CHAN_ERR_MMU_FAULT:
		return -EFAULT;
	case GPSVM_CHAN_ERR_ISA:
		return -EILSEQ;
	case GPSVM_CHAN_ERR_TIMEOUT:
		return -ETIMEDOUT;
	case GPSVM_CHAN_ERR_BAD_COMMAND:
		return -EINVAL;
	default:
		return -EIO;
	}
}

/* The channel stopped: record why and fail every job not yet done. */
static void gpsvm_chan_failed(struct gpsvm_chan *chan)
{
	struct gpsvm_chan_error *e = &chan->err;
	u32 err = gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR);

	lockdep_assert_held(&chan->lock);

	e->class = FIELD_GET(GPSVM_CHAN_ERR_CLASS, err);
	e->detail = FIELD_GET(GPSVM_CHAN_ERR_DETAIL, err);
	e->access = FIELD_GET(GPSVM_CHAN_ERR_ACCESS, err);
	e->addr = (u64)gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_ADDR_HI) << 32 |
		  gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_ADDR);
	e->info = (u64)gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_INFO_HI) << 32 |
		  gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_INFO);
	e->block = gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_BLOCK);
	e->thread = gpsvm_chan_rd32(chan, GPSVM_CHAN_ERR_THREAD);
	chan->error = gpsvm_chan_errno(e->class);
	dev_err_ratelimited(chan->gdev->drm.dev,
			    "channel %u: error class %u detail 0x%x access %u addr 0x%llx info 0x%llx block %u thread %u\n",
			    chan->id, e->class, e->detail, e->access, e->addr,
			    e->info, e->block, e->thread);
	gpsvm_chan_signal(chan, READ_ONCE(*chan->sem));
}

static void gpsvm_chan_intr_one(struct gpsvm_chan *chan)
{
	u32 intr = gpsvm_chan_rd32(chan, GPSVM_CHAN_INTR);

	gpsvm_chan_wr32(chan, GPSVM_CHAN_INTR, intr);
	spin_lock(&chan->lock);
	if (intr & GPSVM_CHAN_INTR_ERROR)
		gpsvm_chan_failed(chan);
	else if (intr & GPSVM_CHAN_INTR_NOTIFY)
		gpsvm_chan_signal(chan, READ_ONCE(*chan->sem));
	spin_unlock(&chan->lock);
}

/**
 * gpsvm_chan_intr() - handle the FIFO interrupt
 * @gdev: the GPU
 *
 * Context: hard interrupt.
 */
void gpsvm_chan_intr(struct gpsvm_device *gdev)
{
	unsigned int word, bit;

	spin_lock(&gdev->chan_lock);
	for (word = 0; word < GPSVM_CHAN_COUNT / 32; word++) {
		unsigned long pending = gpsvm_rd32(gdev, GPSVM_PFIFO_INTR_0 + 4 * word);

		for_each_set_bit(bit, &pending, 32) {
			unsigned int id = word * 32 + bit;
			struct gpsvm_chan *chan = gdev->chans[id];

			if (chan) {
				gpsvm_chan_intr_one(chan);
				continue;
			}
			/* No channel of ours: silence it, or the line stays up. */
			gpsvm_wr32(gdev, GPSVM_CHAN(id, GPSVM_CHAN_INTR_EN), 0);
			gpsvm_wr32(gdev, GPSVM_CHAN(id, GPSVM_CHAN_INTR), ~0u);
		}
	}
	spin_unlock(&gdev->chan_lock);
}

/**
 * gpsvm_chan_submit() - queue a job on a channel
 * @chan: the channel
 * @cmds: the job's commands
 * @count: how many
 *
 * Context: any but hard interrupt; takes &gpsvm_chan.lock.
 * Return: a fence signalled when the job is done (with an error if the
 * channel failed before it was), ERR_PTR(-EIO) on a failed channel,
 * ERR_PTR(-EBUSY) when the ring has no room, ERR_PTR(-ENODEV) once the
 * GPU is gone.
 */
struct dma_fence *gpsvm_chan_submit(struct gpsvm_chan *chan,
				    const struct gpsvm_cmd *cmds,
				    unsigned int count)
{
	u32 entries = 1u << chan->ring_order, mask = entries - 1, get, i;
	struct gpsvm_fence *f;
	unsigned long flags;
	int idx;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	if (!drm_dev_enter(&chan->gdev->drm, &idx)) {
		kfree(f);
		return ERR_PTR(-ENODEV);
	}

	spin_lock_irqsave(&chan->lock, flags);
	if (chan->error) {
		spin_unlock_irqrestore(&chan->lock, flags);
		drm_dev_exit(idx);
		kfree(f);
		return ERR_PTR(-EIO);
	}
	get = gpsvm_chan_rd32(chan, GPSVM_CHAN_GET);
	if (((chan->put - get) & mask) + count + 1 >= entries) {
		spin_unlock_irqrestore(&chan->lock, flags);
		drm_dev_exit(idx);
		kfree(f);
		return ERR_PTR(-EBUSY);
	}
	dma_fence_init(&f->base, &gpsvm_fence_ops, &gpsvm_fence_lock,
		       chan->context, ++chan->seqno);
	for (i = 0; i < count; i++)
		chan->ring[(chan->put + i) & mask] = cmds[i];
	gpsvm_cmd_seqno(&chan->ring[(chan->put + count) & mask], chan->sem_dma,
			chan->seqno);
	chan->put = (chan->put + count + 1) & mask;
	/* The ring entries must be visible before the doorbell. */
	wmb();
	gpsvm_chan_wr32(chan, GPSVM_CHAN_PUT, chan->put);
	list_add_tail(&f->link, &chan->pending);
	dma_fence_get(&f->base);
	spin_unlock_irqrestore(&chan->lock, flags);
	drm_dev_exit(idx);
	return &f->base;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_chan_submit);

/**
 * gpsvm_chan_recover() - bring a failed channel back
 * @chan: the channel
 *
 * Resets the channel and starts it again, empty. Jobs it held have had
 * their fences signalled with the error.
 *
 * Context: process; sleeps. The caller serialises it with submission.
 * Return: 0, -ETIMEDOUT if the reset did not complete, the channel's
 * error once gpsvm_chan_wedge() has stopped it, -ENODEV once the GPU is
 * gone.
 */
int gpsvm_chan_recover(struct gpsvm_chan *chan)
{
	int idx, ret;

	if (!drm_dev_enter(&chan->gdev->drm, &idx))
		return -ENODEV;
	ret = gpsvm_chan_restart(chan);
	drm_dev_exit(idx);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_chan_recover);

/**
 * gpsvm_chan_destroy() - stop a channel and free it
 * @chan: the channel
 *
 * Jobs not done are cancelled: their fences signal with -ECANCELED.
 *
 * Context: process; sleeps.
 */
void gpsvm_chan_destroy(struct gpsvm_chan *chan)
{
	struct gpsvm_device *gdev = chan->gdev;
	struct device *dev = gdev->drm.dev;
	unsigned long flags;

	gpsvm_chan_reset(chan);
	spin_lock_irqsave(&gdev->chan_lock, flags);
	gdev->chans[chan->id] = NULL;
	spin_unlock_irqrestore(&gdev->chan_lock, flags);

	spin_lock_irqsave(&chan->lock, flags);
	if (!chan->error)
		chan->error = -ECANCELED;
	gpsvm_chan_signal(chan, READ_ONCE(*chan->sem));
	spin_unlock_irqrestore(&chan->lock, flags);

	dma_free_coherent(dev, sizeof(*chan->sem), chan->sem, chan->sem_dma);
	dma_free_coherent(dev, sizeof(*chan->ring) << chan->ring_order,
			  chan->ring, chan->ring_dma);
	dma_free_coherent(dev, PAGE_SIZE, chan->inst, chan->inst_dma);
	put_pid(chan->owner);
	kfree(chan);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_chan_destroy);
