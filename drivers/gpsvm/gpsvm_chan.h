/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm channels: command rings feeding the GPU's engines, and the fences
 * that report their completion.
 */
#ifndef __GPSVM_CHAN_H__
#define __GPSVM_CHAN_H__

#include <linux/dma-fence.h>
#include <linux/list.h>
#include <linux/pid.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "gpsvm_hw.h"

struct gpsvm_device;
struct gpsvm_svmm;
struct gpsvm_vmm;

/**
 * struct gpsvm_cmd - one ring entry (firmware-notes/channels.md)
 * @w: its sixteen little-endian words
 */
struct gpsvm_cmd {
	__le32 w[16];
};

/**
 * struct gpsvm_chan_error - why a channel stopped
 * @class: CHAN_ERR class
 * @detail: CHAN_ERR detail (opcode, fault type, ISA error code)
 * @access: access type of an MMU fault
 * @addr: CHAN_ERR_ADDR
 * @info: CHAN_ERR_INFO
 * @block: CHAN_ERR_BLOCK
 * @thread: CHAN_ERR_THREAD
 */
struct gpsvm_chan_error {
	u8 class;
	u8 detail;
	u8 access;
	u64 addr;
	u64 info;
	u32 block;
	u32 thread;
};

/**
 * struct gpsvm_chan - one channel
 * @gdev: the GPU
 * @vmm: the address space its commands run in
 * @svmm: the SVM address space it faults replayably in, or NULL; it
 *	outlives the channel's place in &gpsvm_device.chans
 * @owner: the process whose channels it counts against
 *	gpsvm_chan_per_process, referenced; NULL for none
 * @group: its run group (CHAN_GROUP), shared by the channels of @owner
 * @id: the hardware channel number
 * @context: dma-fence context of its fences
 * @lock: protects everything below; taken in the interrupt handler
 * @inst: instance block, CPU view
 * @inst_dma: instance block, GPU view
 * @ring: the command ring, CPU view
 * @ring_dma: the command ring, GPU view
 * @ring_order: log2 of the ring's entries
 * @put: next ring entry to write
 * @sem: the last completed job's sequence number, written by the GPU
 * @sem_dma: @sem, GPU view
 * @seqno: the last job's sequence number
 * @pending: fences of jobs not yet signalled, oldest first
 * @error: the negative errno the channel failed with, or 0
 * @wedged: stopped for good by gpsvm_chan_wedge(); @error says why
 * @err: the decoded error registers once @error is set
 */
struct gpsvm_chan {
	struct gpsvm_device *gdev;
	struct gpsvm_vmm *vmm;
	struct gpsvm_svmm *svmm;
	struct pid *owner;
	unsigned int group;
	unsigned int id;
	u64 context;
	/* See "gpsvm channel locking". */
	spinlock_t lock;
	u64 *inst;
	dma_addr_t inst_dma;
	struct gpsvm_cmd *ring;
	dma_addr_t ring_dma;
	unsigned int ring_order;
	u32 put;
	u64 *sem;
	dma_addr_t sem_dma;
	u64 seqno;
	struct list_head pending;
	int error;
	bool wedged;
	struct gpsvm_chan_error err;
};

struct gpsvm_chan *gpsvm_chan_create(struct gpsvm_device *gdev,
				     struct gpsvm_vmm *vmm,
				     struct gpsvm_svmm *svmm, struct pid *owner);
void gpsvm_chan_destroy(struct gpsvm_chan *chan);
struct dma_fence *gpsvm_chan_submit(struct gpsvm_chan *chan,
				    const struct gpsvm_cmd *cmds,
				    unsigned int count);
int gpsvm_chan_recover(struct gpsvm_chan *chan);
void gpsvm_chan_intr(struct gpsvm_device *gdev);
void gpsvm_chan_reset_all(struct gpsvm_device *gdev);
void gpsvm_chan_wedge(struct gpsvm_device *gdev, struct gpsvm_vmm *vmm,
		      int error);

void gpsvm_cmd_launch(struct gpsvm_cmd *cmd, u64 code_va, u32 code_words,
		      u32 entry, u64 args_va, u32 arg_size,
		      const u32 grid[3], const u32 block[3]);
void gpsvm_cmd_launch_mem(struct gpsvm_cmd *cmd, u32 shared_size,
			  u32 private_size);
void gpsvm_cmd_copy(struct gpsvm_cmd *cmd, u64 src, u64 dst, u64 size);
void gpsvm_cmd_fill(struct gpsvm_cmd *cmd, u64 dst, u64 size, u32 pattern);
void gpsvm_cmd_copy_phys(struct gpsvm_cmd *cmd, bool src_vram, u64 src,
			 bool dst_vram, u64 dst, u64 size);
void gpsvm_cmd_fill_phys(struct gpsvm_cmd *cmd, bool vram, u64 dst, u64 size,
			 u32 pattern);

#endif /* __GPSVM_CHAN_H__ */
