// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: GP100 replayable page faults. The fault buffer
 * registers, the entries the SMs write to it, and the replay and cancel
 * operations of PFB_MMU_INVALIDATE. firmware-notes/faults.md.
 */

#include <linux/bitfield.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/sizes.h>

#include "gpsvm_model.h"

/**
 * DOC: gpsvm model replayable faults
 *
 * The fault buffer registers (&gpsvm_model.fb_*), the replay counter
 * &gpsvm_model.replay_gen and the fault state of each SM
 * (&gpsvm_model_sm.fault_*) are under &gpsvm_model.lock, the register
 * lock, taken with interrupts disabled.
 *
 * An SM whose access takes a replayable fault first drops its TLB lock
 * (see "gpsvm model MMU locking": no entry is written and no interrupt
 * raised under a TLB lock), then calls gpsvm_model_fault_report(), which
 * under &gpsvm_model.lock writes the entry (the buffer is reached with
 * gpsvm_model_mem_map(), which never sleeps), raises REPLAYABLE_FAULT and
 * marks the SM stalled with the current &gpsvm_model.replay_gen. The
 * access returns -EAGAIN: the thread stalls, the block's other threads
 * keep running. When none can run, the SM's kthread sleeps, with no lock
 * held, on &gpsvm_model.fault_wq until the replay counter moves, a cancel
 * names it, or the launch or channel is aborted (reset, timeout, another
 * block's error: whoever aborts wakes the queue), or its block must make
 * room for another run group (a new launch wakes the queue; the end of
 * the slice is the wait's timeout).
 *
 * A block switched out while its stall waits for a replay leaves its
 * cancel mark (in its saved context) with the SM,
 * &gpsvm_model_sm.fault_away, under the same lock; a cancel sets the
 * mark, and the block takes it back when it resumes or is dropped
 * (gpsvm_model_fault_return()), so the SM never points at a freed mark.
 *
 * A PFB_MMU_INVALIDATE write first invalidates the TLBs (outside
 * &gpsvm_model.lock), then calls gpsvm_model_fault_replay(), which under
 * &gpsvm_model.lock bumps the counter (START, START_ACK_ALL) or marks the
 * stalled SMs cancelled, and then wakes the queue. So a replay never lets
 * an SM retry through a translation the same write removed.
 */

/* Can an entry be written? Also: are faults replayable at all? */
static bool fault_buffer_on(struct gpsvm_model *gpu)
{
	lockdep_assert_held(&gpu->lock);

	return (gpu->fb_lo & GPSVM_FAULT_BUFFER_LO_ENABLE) && gpu->fb_size;
}

/* Write one entry at PUT; false if dropped (overflow). */
static bool fault_write(struct gpsvm_model *gpu, struct gpsvm_model_sm *sm,
			struct gpsvm_model_chan *chan, u64 va,
			unsigned int access, u8 fault_type)
{
	unsigned int aper = FIELD_GET(GPSVM_FAULT_BUFFER_LO_APERTURE,
				      gpu->fb_lo);
	u64 ts = ktime_get_ns();
	__le32 *p;
	u32 w[8];
	u64 addr;
	int i;

	lockdep_assert_held(&gpu->lock);

	if (gpu->fb_info & GPSVM_FAULT_BUFFER_INFO_OVERFLOW)
		return false;
	if ((gpu->fb_put + 1) % gpu->fb_size == gpu->fb_get) {
		gpu->fb_info |= GPSVM_FAULT_BUFFER_INFO_OVERFLOW;
		return false;
	}
	addr = ((u64)gpu->fb_hi << 32 |
		(gpu->fb_lo & GPSVM_FAULT_BUFFER_LO_ADDR)) +
	       (u64)gpu->fb_put * GP100_FAULT_ENTRY_SIZE;
	p = gpsvm_model_mem_map(gpu, aper, addr, GP100_FAULT_ENTRY_SIZE);
	if (!p) {
		/* No memory there: dropped like an overflow. */
		gpu->fb_info |= GPSVM_FAULT_BUFFER_INFO_OVERFLOW;
		return false;
	}

	w[0] = FIELD_PREP(GP100_FAULT_ENTRY_W0_INST_APERTURE,
			  chan->inst & GPSVM_CHAN_APERTURE) |
	       (lower_32_bits(chan->inst) & GP100_FAULT_ENTRY_W0_INST_LO);
	w[1] = upper_32_bits(chan->inst);
	va &= ~(u64)(SZ_4K - 1);
	w[2] = lower_32_bits(va);
	w[3] = upper_32_bits(va);
	w[4] = lower_32_bits(ts);
	w[5] = upper_32_bits(ts);
	w[6] = 0;
	w[7] = FIELD_PREP(GP100_FAULT_ENTRY_W7_FAULT_TYPE, fault_type) |
	       FIELD_PREP(GP100_FAULT_ENTRY_W7_CLIENT, sm->client) |
	       FIELD_PREP(GP100_FAULT_ENTRY_W7_ACCESS_TYPE,
			  access & GPSVM_MODEL_ACCESS_TYPE) |
	       FIELD_PREP(GP100_FAULT_ENTRY_W7_GPC_ID, sm->gpc);
	for (i = 0; i < 8; i++)
		WRITE_ONCE(p[i], cpu_to_le32(w[i]));
	/* The entry's words before its VALID bit. */
	smp_wmb();
	WRITE_ONCE(p[7], cpu_to_le32(w[7] | GP100_FAULT_ENTRY_W7_VALID));
	gpsvm_model_mem_unmap(aper, p);

	gpu->fb_put = (gpu->fb_put + 1) % gpu->fb_size;
	gpu->intr |= GPSVM_PMC_INTR_REPLAYABLE_FAULT;
	gpsvm_model_intr_update(gpu);
	return true;
}

/**
 * gpsvm_model_fault_replayable() - may a fault be reported and replayed?
 * @vas: the faulting address space
 * @fault_type: GP100_FAULT_*
 * @access: GP100_ACCESS_* (GPSVM_MODEL_ACCESS_PRIV ignored)
 *
 * The address space must have FAULT_REPLAY_TEX or _GCC set in its
 * instance block and the fault must be PDE, PTE, RO_VIOLATION or
 * ATOMIC_VIOLATION. PREFETCH accesses qualify too: their faults are
 * reported but never stall.
 *
 * Context: any.
 * Return: true if gpsvm_model_fault_report() is to handle it.
 */
bool gpsvm_model_fault_replayable(const struct gpsvm_model_vas *vas,
				  u8 fault_type, unsigned int access)
{
	if (!(vas->flags & (GP100_RAMIN_PDB_REPLAY_TEX |
			    GP100_RAMIN_PDB_REPLAY_GCC)))
		return false;
	switch (fault_type) {
	case GP100_FAULT_PDE:
	case GP100_FAULT_PTE:
	case GP100_FAULT_RO_VIOLATION:
	case GP100_FAULT_ATOMIC_VIOLATION:
		return true;
	default:
		return false;
	}
}

/**
 * gpsvm_model_fault_report() - an SM's access took a replayable fault
 * @sm: the SM
 * @chan: the channel of its launch
 * @va: the faulting address
 * @access: GP100_ACCESS_*
 * @fault_type: GP100_FAULT_*, one gpsvm_model_fault_replayable() accepts
 *
 * Writes a fault buffer entry (unless the SM already wrote one for that
 * page and access since its stall began, or the buffer overflows) and
 * marks the SM stalled. A PREFETCH is only reported.
 *
 * Context: any; no TLB lock held; takes &gpsvm_model.lock.
 * Return: -EAGAIN: the access stalls until a replay; -EFAULT: it fails
 * (fault buffer disabled, a cancel, or a PREFETCH, whose result is
 * ignored).
 */
int gpsvm_model_fault_report(struct gpsvm_model_sm *sm,
			     struct gpsvm_model_chan *chan, u64 va,
			     unsigned int access, u8 fault_type)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned int type = FIELD_GET(GPSVM_MODEL_ACCESS_TYPE, access);
	u64 key = (va & ~(u64)(SZ_4K - 1)) | type;
	unsigned long flags;
	unsigned int i;
	int ret = -EAGAIN;

	spin_lock_irqsave(&gpu->lock, flags);
	if (!fault_buffer_on(gpu)) {
		ret = -EFAULT;
		goto out;
	}
	if (type == GP100_ACCESS_PREFETCH) {
		fault_write(gpu, sm, chan, va, type, fault_type);
		ret = -EFAULT;
		goto out;
	}
	if (sm->fault_cancel) {
		ret = -EFAULT;
		goto out;
	}
	if (!sm->fault_stalled || sm->fault_gen != gpu->replay_gen) {
		sm->fault_stalled = true;
		sm->fault_gen = gpu->replay_gen;
		sm->fault_pdb = chan->vas.pdb;
		sm->fault_nseen = 0;
	}
	for (i = 0; i < sm->fault_nseen; i++)
		if (sm->fault_seen[i] == key)
			goto out;
	if (fault_write(gpu, sm, chan, va, type, fault_type) &&
	    sm->fault_nseen < GPSVM_MODEL_FAULT_SEEN)
		sm->fault_seen[sm->fault_nseen++] = key;
out:
	spin_unlock_irqrestore(&gpu->lock, flags);
	return ret;
}

/**
 * gpsvm_model_fault_resume() - a stalled SM woke up
 * @sm: the SM
 *
 * Unless it was cancelled, it is no longer stalled: its threads retry.
 * A cancelled SM stays cancelled: its retried access fails.
 *
 * Context: any; takes &gpsvm_model.lock.
 */
void gpsvm_model_fault_resume(struct gpsvm_model_sm *sm)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned long flags;

	spin_lock_irqsave(&gpu->lock, flags);
	if (!sm->fault_cancel) {
		sm->fault_stalled = false;
		sm->fault_nseen = 0;
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
}

/**
 * gpsvm_model_fault_cancelled() - has a cancel named the SM's block?
 * @sm: the SM
 *
 * Such a block fails at its next replayable fault (faults.md): it stays
 * on its SM until it ends.
 *
 * Context: any; takes &gpsvm_model.lock.
 * Return: true if a cancel named it.
 */
bool gpsvm_model_fault_cancelled(struct gpsvm_model_sm *sm)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&gpu->lock, flags);
	ret = sm->fault_cancel;
	spin_unlock_irqrestore(&gpu->lock, flags);
	return ret;
}

/**
 * gpsvm_model_fault_sm_reset() - an SM starts or ends a block
 * @sm: the SM
 * @cancelled: a cancel named the block before (while it was switched
 *	out): its next replayable fault fails
 *
 * Context: any; takes &gpsvm_model.lock.
 */
void gpsvm_model_fault_sm_reset(struct gpsvm_model_sm *sm, bool cancelled)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned long flags;

	spin_lock_irqsave(&gpu->lock, flags);
	sm->fault_stalled = false;
	sm->fault_cancel = cancelled;
	sm->fault_nseen = 0;
	spin_unlock_irqrestore(&gpu->lock, flags);
}

/* Does @sm stand for a block it switched out, until the next replay? */
static bool fault_away_current(struct gpsvm_model *gpu,
			       struct gpsvm_model_sm *sm)
{
	lockdep_assert_held(&gpu->lock);

	return sm->fault_away && sm->fault_away_gen == gpu->replay_gen;
}

/**
 * gpsvm_model_fault_leave() - may the SM's block be switched out?
 * @sm: the SM
 * @cancel: the block's cancel mark, in its saved context
 *
 * A block whose stall still waits for a replay may leave if the SM can
 * remember it until that replay: a targeted cancel that names the SM and
 * the block's address space before then sets *@cancel, as it would have
 * marked the block on the SM (faults.md). The SM remembers one block.
 *
 * Context: any; takes &gpsvm_model.lock.
 * Return: false if the block must stay: a cancel has named it, or the SM
 * already remembers another.
 */
bool gpsvm_model_fault_leave(struct gpsvm_model_sm *sm, bool *cancel)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned long flags;
	bool ret = true;

	*cancel = false;
	spin_lock_irqsave(&gpu->lock, flags);
	if (sm->fault_cancel) {
		ret = false;
	} else if (sm->fault_stalled && sm->fault_gen == gpu->replay_gen) {
		if (fault_away_current(gpu, sm)) {
			ret = false;
		} else {
			sm->fault_away = cancel;
			sm->fault_away_gen = sm->fault_gen;
			sm->fault_away_pdb = sm->fault_pdb;
		}
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
	return ret;
}

/**
 * gpsvm_model_fault_away_pdb() - does the SM stand for a block it left?
 * @sm: the SM
 * @pdb: set to that block's address space
 *
 * Until the next replay, a cancel of the SM and that address space is
 * meant for the block the SM switched out; the SM takes no other block of
 * that address space meanwhile, so that the cancel names no other.
 *
 * Context: any; takes &gpsvm_model.lock.
 * Return: true if so.
 */
bool gpsvm_model_fault_away_pdb(struct gpsvm_model_sm *sm, u64 *pdb)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&gpu->lock, flags);
	ret = fault_away_current(gpu, sm);
	*pdb = sm->fault_away_pdb;
	spin_unlock_irqrestore(&gpu->lock, flags);
	return ret;
}

/**
 * gpsvm_model_fault_return() - a switched-out block resumes or is dropped
 * @gpu: the GPU
 * @cancel: the cancel mark gpsvm_model_fault_leave() was given
 *
 * No SM remembers the mark afterwards, so it may be freed.
 *
 * Context: any; takes &gpsvm_model.lock.
 * Return: whether a cancel named the block while it was switched out.
 */
bool gpsvm_model_fault_return(struct gpsvm_model *gpu, bool *cancel)
{
	unsigned long flags;
	unsigned int i;
	bool ret;

	spin_lock_irqsave(&gpu->lock, flags);
	for (i = 0; i < gpu->gr.nsm; i++)
		if (gpu->gr.sms[i].fault_away == cancel)
			gpu->gr.sms[i].fault_away = NULL;
	ret = *cancel;
	spin_unlock_irqrestore(&gpu->lock, flags);
	return ret;
}

/* Does a CANCEL_* write name @sm stalled in address space @sm_pdb? */
static bool fault_cancel_names(u32 inval, u64 pdb, struct gpsvm_model_sm *sm,
			       u64 sm_pdb)
{
	unsigned int op = FIELD_GET(GPSVM_PFB_MMU_INVALIDATE_REPLAY, inval);

	if (op == GPSVM_REPLAY_CANCEL_GLOBAL)
		return true;
	return !(inval & GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_TYPE) &&
	       FIELD_GET(GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID, inval) ==
	       sm->gpc &&
	       FIELD_GET(GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID, inval) ==
	       sm->client &&
	       ((inval & GPSVM_PFB_MMU_INVALIDATE_ALL_PDB) ||
		gpsvm_model_pdb_same(sm_pdb, pdb));
}

/**
 * gpsvm_model_fault_replay() - the REPLAY field of a PFB_MMU_INVALIDATE
 * @gpu: the GPU
 * @inval: the value written, TRIGGER set; the TLBs are already invalidated
 *
 * @pdb: unless @inval has ALL_PDB, the address space the write names, in
 *	the form of &gpsvm_model_vas.pdb
 *
 * START and START_ACK_ALL let every stalled access retry. CANCEL_TARGETED
 * cancels the stalled accesses of the SM that is client CANCEL_CLIENT_ID
 * of GPC CANCEL_GPC_ID, if CANCEL_CLIENT_TYPE is 0 (GPC), and, unless
 * ALL_PDB, the SM stalled in the address space @pdb: an SM that has moved
 * on to another channel's work since it faulted is left alone; a block
 * the SM switched out while its stall waited for this replay is cancelled
 * as if it were still there (gpsvm_model_fault_leave()). CANCEL_GLOBAL
 * cancels those of every SM. Other values do nothing.
 *
 * Context: any; takes &gpsvm_model.lock, then wakes the stalled SMs.
 */
void gpsvm_model_fault_replay(struct gpsvm_model *gpu, u32 inval, u64 pdb)
{
	unsigned int op = FIELD_GET(GPSVM_PFB_MMU_INVALIDATE_REPLAY, inval);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&gpu->lock, flags);
	switch (op) {
	case GPSVM_REPLAY_START:
	case GPSVM_REPLAY_START_ACK_ALL:
		gpu->replay_gen++;
		break;
	case GPSVM_REPLAY_CANCEL_TARGETED:
	case GPSVM_REPLAY_CANCEL_GLOBAL:
		for (i = 0; i < gpu->gr.nsm; i++) {
			struct gpsvm_model_sm *sm = &gpu->gr.sms[i];

			if (fault_away_current(gpu, sm) &&
			    fault_cancel_names(inval, pdb, sm,
					       sm->fault_away_pdb))
				*sm->fault_away = true;
			if (sm->fault_stalled &&
			    fault_cancel_names(inval, pdb, sm, sm->fault_pdb))
				sm->fault_cancel = true;
		}
		break;
	default:
		spin_unlock_irqrestore(&gpu->lock, flags);
		return;
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
	wake_up_all(&gpu->fault_wq);
}

/**
 * gpsvm_model_fault_rd32() - read a fault buffer register
 * @gpu: the GPU
 * @reg: the register
 * @val: its value
 *
 * Context: any; &gpsvm_model.lock held.
 * Return: false if @reg is not a fault buffer register.
 */
bool gpsvm_model_fault_rd32(struct gpsvm_model *gpu, u32 reg, u32 *val)
{
	lockdep_assert_held(&gpu->lock);

	switch (reg) {
	case GPSVM_FAULT_BUFFER_LO:
		*val = gpu->fb_lo;
		return true;
	case GPSVM_FAULT_BUFFER_HI:
		*val = gpu->fb_hi;
		return true;
	case GPSVM_FAULT_BUFFER_SIZE:
		*val = gpu->fb_size;
		return true;
	case GPSVM_FAULT_BUFFER_GET:
		*val = gpu->fb_get;
		return true;
	case GPSVM_FAULT_BUFFER_PUT:
		*val = gpu->fb_put;
		return true;
	case GPSVM_FAULT_BUFFER_INFO:
		*val = gpu->fb_info;
		return true;
	default:
		return false;
	}
}

/**
 * gpsvm_model_fault_wr32() - write a fault buffer register
 * @gpu: the GPU
 * @reg: the register
 * @val: the value
 *
 * Setting ENABLE (0 to 1) in FAULT_BUFFER_LO resets PUT, GET and
 * OVERFLOW. PUT is read only; OVERFLOW is write 1 to clear.
 *
 * Context: any; &gpsvm_model.lock held.
 * Return: false if @reg is not a fault buffer register.
 */
bool gpsvm_model_fault_wr32(struct gpsvm_model *gpu, u32 reg, u32 val)
{
	lockdep_assert_held(&gpu->lock);

	switch (reg) {
	case GPSVM_FAULT_BUFFER_LO:
		if (!(gpu->fb_lo & GPSVM_FAULT_BUFFER_LO_ENABLE) &&
		    (val & GPSVM_FAULT_BUFFER_LO_ENABLE)) {
			gpu->fb_put = 0;
			gpu->fb_get = 0;
			gpu->fb_info = 0;
		}
		gpu->fb_lo = val & (GPSVM_FAULT_BUFFER_LO_ENABLE |
				    GPSVM_FAULT_BUFFER_LO_APERTURE |
				    GPSVM_FAULT_BUFFER_LO_ADDR);
		return true;
	case GPSVM_FAULT_BUFFER_HI:
		gpu->fb_hi = val;
		return true;
	case GPSVM_FAULT_BUFFER_SIZE:
		gpu->fb_size = val;
		return true;
	case GPSVM_FAULT_BUFFER_GET:
		gpu->fb_get = val;
		return true;
	case GPSVM_FAULT_BUFFER_PUT:
		return true;
	case GPSVM_FAULT_BUFFER_INFO:
		gpu->fb_info &= ~(val & GPSVM_FAULT_BUFFER_INFO_OVERFLOW);
		return true;
	default:
		return false;
	}
}
