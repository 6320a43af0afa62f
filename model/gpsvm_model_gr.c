// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: the compute engine. LAUNCH copies code and arguments in
 * the channel's worker and hands the blocks to the SMs, one kthread each,
 * which run them with the ISA interpreter and time-slice between run
 * groups. firmware-notes/channels.md, isa.md; locking in "gpsvm model fifo
 * locking".
 */

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <linux/wait.h>

#include "gpsvm_model.h"
#include "gpsvm_model_isa.h"

/*
 * Interpreter steps between checks for an abort and the time slice: a
 * stalled thread's retry is a step too, and under TCG a few thousand of
 * those already take milliseconds.
 */
#define GR_BUDGET	BIT(12)

/**
 * struct gpsvm_model_launch - one LAUNCH command in flight
 * @node: in &gpsvm_model_gr.launches while blocks remain to hand out or
 *	preempted blocks wait to resume
 * @chan: the channel
 * @vas: its address space
 * @l: the launch for the interpreter
 * @group: the channel's CHAN_GROUP when the launch started
 * @slice_ns: its CHAN_TIMESLICE_US, in ns; 0: never preempted
 * @nblocks: blocks in the grid
 * @next: blocks handed to SMs so far
 * @finished: blocks the SMs are done with
 * @saved: preempted blocks, &struct gr_saved, in the order they resume
 * @dropped: preempted blocks of an aborted launch, freed with it
 * @abort: drop the remaining blocks and stop the running ones
 * @failed: @err holds the launch's first error
 * @err: that error
 *
 * @node, @next, @finished, @saved, @dropped, @failed and @err are under
 * &gpsvm_model_gr.lock.
 */
struct gpsvm_model_launch {
	struct list_head node;
	struct gpsvm_model_chan *chan;
	struct gpsvm_model_vas vas;
	struct gpsvm_isa_launch l;
	u32 group;
	u64 slice_ns;
	u64 nblocks;
	u64 next;
	u64 finished;
	struct list_head saved;
	struct list_head dropped;
	bool abort;
	bool failed;
	struct gpsvm_model_cmd_err err;
};

/**
 * struct gr_saved - the context of a preempted block
 * @node: in &gpsvm_model_launch.saved
 * @idx: the block's linear index
 * @threads: its threads, as the SM left them
 * @nthreads: the length of @threads
 * @mem: its shared and private memory, or NULL
 * @next: the thread whose turn it was (gpsvm_isa_run_block())
 * @fault_cancel: a cancel named it while it was switched out (see
 *	gpsvm_model_fault_leave()); under &gpsvm_model.lock
 */
struct gr_saved {
	struct list_head node;
	u64 idx;
	struct gpsvm_isa_thread *threads;
	unsigned int nthreads;
	u8 *mem;
	unsigned int next;
	bool fault_cancel;
};

/* How a block left its SM. */
enum gr_block_end {
	GR_BLOCK_DONE,		/* exited, or stopped by an abort */
	GR_BLOCK_FAILED,	/* failed the launch */
	GR_BLOCK_PREEMPTED,	/* its slice ran out: resumes later */
};

static int gr_map(void *ctx, u64 va, unsigned int size, unsigned int access,
		  void **ptr)
{
	struct gpsvm_model_sm *sm = ctx;
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	struct gpsvm_model_xlat x;
	unsigned long flags;

	flags = gpsvm_model_tlb_lock(&sm->tlb);
	if (gpsvm_model_mmu_translate(gpu, &sm->tlb, &sm->launch->vas, va,
				      access, &x)) {
		sm->fault_type = x.fault_type;
		goto fault;
	}
	if (x.flags & GPSVM_MODEL_XLAT_SPARSE) {
		/* Reads give 0, writes land here and are forgotten. */
		sm->scratch = 0;
		sm->map_aper = U32_MAX;
		*ptr = &sm->scratch;
	} else {
		*ptr = gpsvm_model_mem_map(gpu, x.aperture, x.phys, size);
		if (!*ptr) {
			sm->fault_type = GP100_FAULT_REGION;
			goto fault;
		}
		sm->map_aper = x.aperture;
	}
	sm->tlb_flags = flags;
	return 0;

fault:
	sm->fault_access = access;
	gpsvm_model_tlb_unlock(&sm->tlb, flags);
	/* Reported with the TLB unlocked: see "gpsvm model MMU locking". */
	if (gpsvm_model_fault_replayable(&sm->launch->vas, sm->fault_type,
					 access))
		return gpsvm_model_fault_report(sm, sm->launch->chan, va,
						access, sm->fault_type);
	return -EFAULT;
}

static void gr_unmap(void *ctx, void *ptr)
{
	struct gpsvm_model_sm *sm = ctx;

	if (sm->map_aper != U32_MAX)
		gpsvm_model_mem_unmap(sm->map_aper, ptr);
	gpsvm_model_tlb_unlock(&sm->tlb, sm->tlb_flags);
}

static const struct gpsvm_isa_mem_ops gr_mem_ops = {
	.map = gr_map,
	.unmap = gr_unmap,
};

static bool gr_aborted(struct gpsvm_model_launch *launch)
{
	return READ_ONCE(launch->abort) || READ_ONCE(launch->chan->abort);
}

/* Stop a launch's blocks, waking SMs stalled on replayable faults. */
static void gr_abort(struct gpsvm_model *gpu,
		     struct gpsvm_model_launch *launch)
{
	WRITE_ONCE(launch->abort, true);
	wake_up_all(&gpu->fault_wq);
}

static bool gr_fault_ready(struct gpsvm_model *gpu, struct gpsvm_model_sm *sm,
			   struct gpsvm_model_launch *launch)
{
	return READ_ONCE(gpu->replay_gen) != READ_ONCE(sm->fault_gen) ||
	       READ_ONCE(sm->fault_cancel) || !READ_ONCE(sm->fault_stalled) ||
	       gr_aborted(launch) || kthread_should_stop();
}

/* Make room for @n threads; false if aborted while memory is short. */
static bool gr_sm_threads(struct gpsvm_model_sm *sm, unsigned int n,
			  struct gpsvm_model_launch *launch)
{
	while (n > sm->nthreads) {
		kvfree(sm->threads);
		sm->nthreads = 0;
		sm->threads = kvmalloc_array(n, sizeof(*sm->threads),
					     GFP_KERNEL);
		if (sm->threads) {
			sm->nthreads = n;
			break;
		}
		if (gr_aborted(launch))
			return false;
		schedule_timeout_uninterruptible(msecs_to_jiffies(10));
	}
	return true;
}

/*
 * Give a new block its shared and private memory, zeroed; false if
 * aborted while memory is short.
 */
static bool gr_sm_mem(struct gpsvm_model_sm *sm,
		      struct gpsvm_model_launch *launch)
{
	u64 size = gpsvm_isa_block_mem_size(&launch->l);

	while (size && !sm->mem) {
		sm->mem = kvzalloc(size, GFP_KERNEL);
		if (sm->mem)
			break;
		if (gr_aborted(launch))
			return false;
		schedule_timeout_uninterruptible(msecs_to_jiffies(10));
	}
	gpsvm_isa_block_set_mem(sm->threads, &launch->l, sm->mem);
	return true;
}

/*
 * Has the block on @sm used its time slice while a launch of another run
 * group waits? A block a cancel has named stays (it fails at its next
 * fault).
 */
static bool gr_slice_over(struct gpsvm_model_sm *sm,
			  struct gpsvm_model_launch *launch)
{
	struct gpsvm_model_gr *gr = sm->gr;
	struct gpsvm_model_launch *l;
	bool ret = false;

	if (!launch->slice_ns || ktime_get_ns() < sm->slice_end ||
	    gpsvm_model_fault_cancelled(sm))
		return false;
	spin_lock(&gr->lock);
	list_for_each_entry(l, &gr->launches, node) {
		if (l->group != launch->group) {
			ret = true;
			break;
		}
	}
	spin_unlock(&gr->lock);
	return ret;
}

/*
 * Every thread that can run waits on a replayable fault: sleep until a
 * replay, a cancel or an abort (see "gpsvm model replayable faults"), or
 * until the block should make room for another run group: its slice ends
 * while one waits, or one comes after it has ended. Return: true if the
 * stall is over; false if woken to make room, the threads still stalled.
 */
static bool gr_fault_wait(struct gpsvm_model_sm *sm,
			  struct gpsvm_model_launch *launch)
{
	struct gpsvm_model *gpu = container_of(sm->gr, struct gpsvm_model, gr);
	long left = MAX_SCHEDULE_TIMEOUT;
	u64 now = ktime_get_ns();

	if (launch->slice_ns && sm->slice_end > now)
		left = nsecs_to_jiffies(sm->slice_end - now) + 1;
	/* A channel reset reaches us through the worker's gr_abort(). */
	wait_event_interruptible_timeout(gpu->fault_wq,
					 gr_fault_ready(gpu, sm, launch) ||
					 gr_slice_over(sm, launch), left);
	if (!gr_fault_ready(gpu, sm, launch))
		return false;
	gpsvm_model_fault_resume(sm);
	return true;
}

/*
 * Switch the block out? Also while its threads wait on a fault, if the
 * SM can pass a cancel on to it. *@saved: an empty context for the caller
 * to fill.
 */
static bool gr_switch_out(struct gpsvm_model_sm *sm,
			  struct gpsvm_model_launch *launch,
			  struct gr_saved **saved)
{
	if (!gr_slice_over(sm, launch))
		return false;
	*saved = kmalloc(sizeof(**saved), GFP_KERNEL);
	if (*saved && gpsvm_model_fault_leave(sm, &(*saved)->fault_cancel))
		return true;
	/* No room for the context, or the block must stay: another slice. */
	kfree(*saved);
	*saved = NULL;
	sm->slice_end = ktime_get_ns() + launch->slice_ns;
	return false;
}

/*
 * Run block @idx, from its start or, with @resume, from the state in the
 * SM's threads; @cancelled: a cancel named it while it was switched out.
 * GR_BLOCK_FAILED fills @err; GR_BLOCK_PREEMPTED returns an empty context
 * in *@saved for the caller to fill.
 */
static enum gr_block_end gr_run_block(struct gpsvm_model_sm *sm,
				      struct gpsvm_model_launch *launch,
				      u64 idx, bool resume, bool cancelled,
				      struct gpsvm_model_cmd_err *err,
				      struct gr_saved **saved)
{
	const struct gpsvm_isa_launch *l = &launch->l;
	unsigned int n = gpsvm_isa_block_threads(l), i;
	struct gpsvm_isa_thread *t;
	unsigned long budget;
	u32 ctaid[3];
	int ret;

	if (gr_aborted(launch) ||
	    (!resume && !gr_sm_threads(sm, n, launch)))
		return GR_BLOCK_DONE;
	if (!resume) {
		sm->next = 0;
		ctaid[0] = idx % l->nctaid[0];
		ctaid[1] = idx / l->nctaid[0] % l->nctaid[1];
		ctaid[2] = idx / l->nctaid[0] / l->nctaid[1];
		gpsvm_isa_block_init(sm->threads, l, ctaid);
		if (!gr_sm_mem(sm, launch))
			return GR_BLOCK_DONE;
	}
	gpsvm_model_fault_sm_reset(sm, cancelled);
	sm->launch = launch;
	sm->slice_end = ktime_get_ns() + launch->slice_ns;
	for (;;) {
		budget = GR_BUDGET;
		ret = gpsvm_isa_run_block(sm->threads, n, l, &gr_mem_ops, sm,
					  &budget, &sm->next);
		if (ret == GPSVM_ISA_RUN_DONE)
			return GR_BLOCK_DONE;
		if (ret == GPSVM_ISA_RUN_ERROR)
			break;
		/* Stalled threads retry only after the wait: see faults.md. */
		do {
			if (gr_switch_out(sm, launch, saved))
				return GR_BLOCK_PREEMPTED;
		} while (ret == GPSVM_ISA_RUN_STALLED &&
			 !gr_fault_wait(sm, launch));
		cond_resched();
		if (gr_aborted(launch))
			return GR_BLOCK_DONE;
	}

	for (i = 0; i < n; i++)
		if (sm->threads[i].state == GPSVM_ISA_THREAD_FAILED)
			break;
	t = &sm->threads[i];
	if (t->err == GPSVM_ISA_ERR_MMU) {
		gpsvm_model_mmu_err(err, sm->fault_type, sm->fault_access,
				    t->err_info);
	} else {
		memset(err, 0, sizeof(*err));
		err->cls = GPSVM_CHAN_ERR_ISA;
		err->detail = t->err;
		err->addr = t->pc;
		err->info = t->err_info;
	}
	err->block = idx;
	err->thread = i;
	return GR_BLOCK_FAILED;
}

/* Does launch @a go before @b, for an SM that switched out group @yield? */
static bool gr_runs_before(struct gpsvm_model_gr *gr, u32 yield,
			   const struct gpsvm_model_launch *a,
			   const struct gpsvm_model_launch *b)
{
	bool a_yields = a->group == yield, b_yields = b->group == yield;

	if (a_yields != b_yields)
		return b_yields;
	return gr->group_served[a->group] < gr->group_served[b->group];
}

/*
 * The next block to run: from the launch whose run group was served
 * longest ago (first in the list among equals), not of group @yield if
 * another waits, not in address space *@avoid if set, a preempted block
 * of it before a new one. The launch then goes to the back of the list,
 * so the launches of one group take turns. Under &gpsvm_model_gr.lock.
 */
static struct gpsvm_model_launch *gr_pick(struct gpsvm_model_gr *gr,
					  u32 yield, const u64 *avoid,
					  u64 *idx, struct gr_saved **saved)
{
	struct gpsvm_model_launch *l, *best = NULL;

	lockdep_assert_held(&gr->lock);

	list_for_each_entry(l, &gr->launches, node) {
		if (avoid && gpsvm_model_pdb_same(l->vas.pdb, *avoid))
			continue;
		if (!best || gr_runs_before(gr, yield, l, best))
			best = l;
	}
	if (!best)
		return NULL;
	gr->group_served[best->group] = ++gr->serve_count;
	*saved = list_first_entry_or_null(&best->saved, struct gr_saved,
					  node);
	if (*saved) {
		list_del(&(*saved)->node);
		*idx = (*saved)->idx;
	} else {
		*idx = best->next++;
	}
	if (list_empty(&best->saved) && best->next == best->nblocks)
		list_del_init(&best->node);
	else
		list_move_tail(&best->node, &gr->launches);
	return best;
}

static void gr_saved_free(struct gpsvm_model *gpu, struct gr_saved *s)
{
	gpsvm_model_fault_return(gpu, &s->fault_cancel);
	kvfree(s->threads);
	kvfree(s->mem);
	kfree(s);
}

/*
 * An aborted launch's preempted blocks never run again: count them
 * finished. They are freed with the launch, as this runs under a spinlock
 * or in a wait condition, where freeing them could sleep.
 */
static void gr_drop_saved(struct gpsvm_model_launch *launch)
{
	struct gr_saved *s;

	list_for_each_entry(s, &launch->saved, node)
		launch->finished++;
	list_splice_tail_init(&launch->saved, &launch->dropped);
}

static int gr_sm_thread(void *data)
{
	struct gpsvm_model_sm *sm = data;
	struct gpsvm_model_gr *gr = sm->gr;
	struct gpsvm_model *gpu = container_of(gr, struct gpsvm_model, gr);
	struct gpsvm_model_launch *launch;
	struct gpsvm_model_chan *chan;
	struct gpsvm_model_cmd_err err;
	u32 yield = U32_MAX;	/* the group of a block switched out */
	struct gr_saved *saved;
	enum gr_block_end end;
	bool resume, cancelled, away;
	u64 idx, avoid;

	while (!kthread_should_stop()) {
		wait_event_interruptible(gr->wq, kthread_should_stop() ||
					 !list_empty_careful(&gr->launches));
		/* Only this SM sets what it stands for: no race to pick. */
		away = gpsvm_model_fault_away_pdb(sm, &avoid);
		spin_lock(&gr->lock);
		launch = gr_pick(gr, yield, away ? &avoid : NULL, &idx, &saved);
		spin_unlock(&gr->lock);
		if (!launch) {
			/* Only that address space waits: until the replay. */
			if (away)
				schedule_timeout_interruptible(1);
			continue;
		}
		yield = U32_MAX;
		resume = !!saved;
		cancelled = false;
		if (resume) {	/* restore the context */
			cancelled = gpsvm_model_fault_return(gpu,
							     &saved->fault_cancel);
			kvfree(sm->threads);
			sm->threads = saved->threads;
			sm->nthreads = saved->nthreads;
			sm->mem = saved->mem;
			sm->next = saved->next;
			kfree(saved);
		}

		end = gr_run_block(sm, launch, idx, resume, cancelled, &err,
				   &saved);
		gpsvm_model_fault_sm_reset(sm, false);
		sm->launch = NULL;
		if (end != GR_BLOCK_PREEMPTED) {
			kvfree(sm->mem);
			sm->mem = NULL;
		}

		chan = launch->chan;
		spin_lock(&gr->lock);
		if (end == GR_BLOCK_PREEMPTED) {	/* save the context */
			gr->switched_out++;
			yield = launch->group;
			saved->idx = idx;
			saved->threads = sm->threads;
			saved->nthreads = sm->nthreads;
			saved->mem = sm->mem;
			saved->next = sm->next;
			sm->threads = NULL;
			sm->nthreads = 0;
			sm->mem = NULL;
			list_add_tail(&saved->node, &launch->saved);
			/* An aborted launch leaves the list in gr_launch_settled(). */
			if (READ_ONCE(launch->abort))
				gr_drop_saved(launch);
			else if (list_empty(&launch->node))
				list_add_tail(&launch->node, &gr->launches);
		}
		if (end == GR_BLOCK_FAILED && !launch->failed) {
			launch->failed = true;
			launch->err = err;
			WRITE_ONCE(launch->abort, true);
		}
		/* The worker may free the launch from here on. */
		if (end != GR_BLOCK_PREEMPTED)
			launch->finished++;
		spin_unlock(&gr->lock);
		if (end == GR_BLOCK_FAILED)	/* wake its other stalled SMs */
			wake_up_all(&chan->gpu->fault_wq);
		if (end == GR_BLOCK_PREEMPTED)
			wake_up(&gr->wq);
		wake_up(&chan->wq);
		cond_resched();
	}
	return 0;
}

/* Are all blocks handed out done, and will no more be? */
static bool gr_launch_settled(struct gpsvm_model_gr *gr,
			      struct gpsvm_model_launch *launch)
{
	bool ret;

	spin_lock(&gr->lock);
	if (READ_ONCE(launch->abort)) {
		list_del_init(&launch->node);
		gr_drop_saved(launch);
	}
	ret = launch->finished ==
	      (READ_ONCE(launch->abort) ? launch->next : launch->nblocks);
	spin_unlock(&gr->lock);
	return ret;
}

/* Check a LAUNCH command and fill @l from it (but code and args). */
static int gr_launch_decode(const u8 *cmd, struct gpsvm_isa_launch *l,
			    u64 *code_va, u64 *args_va)
{
	u64 threads = 1;
	unsigned int i;

	l->entry = get_unaligned_le32(cmd + 0x04);
	*code_va = get_unaligned_le64(cmd + 0x08);
	l->ncode = get_unaligned_le32(cmd + 0x10);
	l->arg_size = get_unaligned_le32(cmd + 0x14);
	*args_va = get_unaligned_le64(cmd + 0x18);
	l->shared_size = get_unaligned_le32(cmd + 0x38);
	l->private_size = get_unaligned_le32(cmd + 0x3c);
	if (!l->ncode || l->ncode > GPSVM_CMD_LAUNCH_CODE_WORDS_MAX ||
	    !IS_ALIGNED(l->entry, 8) || l->entry >= l->ncode * 8 ||
	    !IS_ALIGNED(*code_va, 8) ||
	    l->arg_size > GPSVM_CMD_LAUNCH_ARG_MAX ||
	    !IS_ALIGNED(l->shared_size, 8) ||
	    l->shared_size > GPSVM_ISA_SHARED_MAX ||
	    !IS_ALIGNED(l->private_size, 8) ||
	    l->private_size > GPSVM_ISA_PRIVATE_MAX)
		return -EINVAL;
	for (i = 0; i < 3; i++) {
		l->nctaid[i] = get_unaligned_le32(cmd + 0x20 + 4 * i);
		l->ntid[i] = get_unaligned_le32(cmd + 0x2c + 4 * i);
		if (!l->nctaid[i] || l->nctaid[i] > GPSVM_CMD_LAUNCH_GRID_MAX ||
		    !l->ntid[i] || l->ntid[i] > GPSVM_CMD_LAUNCH_BLOCK_MAX)
			return -EINVAL;
		threads *= l->ntid[i];
	}
	if (threads > GPSVM_CMD_LAUNCH_BLOCK_MAX ||
	    gpsvm_isa_block_mem_size(l) > GPSVM_CMD_LAUNCH_BLOCK_MEM_MAX)
		return -EINVAL;
	return 0;
}

/**
 * gpsvm_model_gr_launch() - run a LAUNCH command
 * @chan: the channel
 * @cmd: the command's 64 bytes
 * @deadline: when it times out (ktime_get_ns()), 0: never
 * @err: the error, on GPSVM_MODEL_CMD_ERROR
 *
 * Reads the code and arguments through the MMU, queues the blocks to the
 * SMs and waits until every block handed out is done. On an error, a
 * reset or the timeout, the remaining blocks are dropped and the running
 * ones stop after their current instruction.
 *
 * Context: process, the channel's worker; sleeps.
 * Return: 0, GPSVM_MODEL_CMD_ERROR, -EINVAL for a bad command,
 * -ECANCELED, -ETIMEDOUT, or -ENOMEM (reported as a bad command).
 */
int gpsvm_model_gr_launch(struct gpsvm_model_chan *chan, const u8 *cmd,
			  u64 deadline, struct gpsvm_model_cmd_err *err)
{
	struct gpsvm_model_gr *gr = &chan->gpu->gr;
	struct gpsvm_model_launch *launch;
	u64 code_va, args_va, *code = NULL;
	struct gr_saved *s, *tmp;
	u8 *args = NULL;
	unsigned int i;
	int ret, stop = 0;

	launch = kzalloc(sizeof(*launch), GFP_KERNEL);
	if (!launch)
		return -ENOMEM;
	ret = gr_launch_decode(cmd, &launch->l, &code_va, &args_va);
	if (ret)
		goto out_free;

	code = kvmalloc_array(launch->l.ncode, sizeof(*code), GFP_KERNEL);
	if (launch->l.arg_size)
		args = kvmalloc(launch->l.arg_size, GFP_KERNEL);
	if (!code || (launch->l.arg_size && !args)) {
		ret = -ENOMEM;
		goto out_code;
	}
	ret = gpsvm_model_ce_read_virt(chan, code_va, code,
				       launch->l.ncode * sizeof(*code), err);
	if (!ret && launch->l.arg_size)
		ret = gpsvm_model_ce_read_virt(chan, args_va, args,
					       launch->l.arg_size, err);
	if (ret)
		goto out_code;
	for (i = 0; i < launch->l.ncode; i++)
		code[i] = le64_to_cpu((__force __le64)code[i]);
	launch->l.code = code;
	launch->l.args = args;
	launch->chan = chan;
	launch->vas = chan->vas;
	INIT_LIST_HEAD(&launch->saved);
	INIT_LIST_HEAD(&launch->dropped);
	launch->group = chan->cmd_group;
	launch->slice_ns = (u64)chan->cmd_timeslice_us * NSEC_PER_USEC;
	launch->nblocks = (u64)launch->l.nctaid[0] * launch->l.nctaid[1] *
			  launch->l.nctaid[2];

	/* What was written before the launch is visible to its threads. */
	smp_mb();
	spin_lock(&gr->lock);
	list_add_tail(&launch->node, &gr->launches);
	spin_unlock(&gr->lock);
	wake_up_all(&gr->wq);
	/* SMs that wait on faults may have to make room for it. */
	wake_up_all(&chan->gpu->fault_wq);

	while (!gr_launch_settled(gr, launch)) {
		if (!stop) {
			stop = gpsvm_model_chan_stop(chan, deadline);
			if (stop)
				gr_abort(chan->gpu, launch);
		}
		wait_event_timeout(chan->wq, gr_launch_settled(gr, launch),
				   msecs_to_jiffies(10));
	}
	/* The launch's writes are visible before it completes. */
	smp_mb();
	if (launch->failed) {
		*err = launch->err;
		ret = GPSVM_MODEL_CMD_ERROR;
	} else {
		ret = stop;
	}
	list_for_each_entry_safe(s, tmp, &launch->dropped, node)
		gr_saved_free(chan->gpu, s);
out_code:
	kvfree(args);
	kvfree(code);
out_free:
	kfree(launch);
	return ret;
}

/**
 * gpsvm_model_gr_init() - start the compute engine's SMs
 * @gpu: the GPU
 * @nsm: number of SMs, 1 to GPSVM_MODEL_MAX_SMS
 *
 * Context: process; sleeps.
 * Return: 0 or a negative errno.
 */
int gpsvm_model_gr_init(struct gpsvm_model *gpu, unsigned int nsm)
{
	struct gpsvm_model_gr *gr = &gpu->gr;
	unsigned int i;

	if (!nsm || nsm > GPSVM_MODEL_MAX_SMS)
		return -EINVAL;
	spin_lock_init(&gr->lock);
	INIT_LIST_HEAD(&gr->launches);
	init_waitqueue_head(&gr->wq);
	for (i = 0; i < nsm; i++) {
		struct gpsvm_model_sm *sm = &gr->sms[i];
		struct task_struct *task;

		sm->gr = gr;
		sm->id = i;
		sm->gpc = i / GPSVM_MODEL_GPC_SMS;
		sm->client = i % GPSVM_MODEL_GPC_SMS;
		gpsvm_model_tlb_register(gpu, &sm->tlb);
		task = kthread_run(gr_sm_thread, sm, "gpsvm%u-sm%u",
				   gpu->index, i);
		if (IS_ERR(task)) {
			gpsvm_model_tlb_unregister(&sm->tlb);
			gpsvm_model_gr_fini(gpu);
			return PTR_ERR(task);
		}
		sm->task = task;
		gr->nsm = i + 1;
	}
	return 0;
}

/**
 * gpsvm_model_gr_fini() - stop the SMs
 * @gpu: the GPU; no launch may be in flight
 *
 * Context: process; sleeps.
 */
void gpsvm_model_gr_fini(struct gpsvm_model *gpu)
{
	struct gpsvm_model_gr *gr = &gpu->gr;
	unsigned int i;

	for (i = 0; i < gr->nsm; i++) {
		struct gpsvm_model_sm *sm = &gr->sms[i];

		kthread_stop(sm->task);
		gpsvm_model_tlb_unregister(&sm->tlb);
		kvfree(sm->threads);
		sm->threads = NULL;
		sm->nthreads = 0;
	}
	gr->nsm = 0;
}
