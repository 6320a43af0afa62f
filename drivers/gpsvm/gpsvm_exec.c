// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm exec: user channels and job submission through drm_sched.
 *
 * A user channel (&struct gpsvm_channel) is one hardware channel
 * (&struct gpsvm_chan) in the file's GPU VA space, fed by the
 * drm_gpu_scheduler of that hardware channel (see gpsvm_exec_sched())
 * through one drm_sched_entity. A job is one LAUNCH
 * command; the hardware channel appends the SEM_RELEASE that completes
 * the job's hardware fence, so every job takes two ring entries.
 */

#include <linux/kref.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/gpu_scheduler.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_isa.h"
#include "gpsvm_svm.h"

/**
 * DOC: gpsvm exec locking
 *
 * The handle table, &gpsvm_file.channels, is an allocating xarray
 * protected by its own lock. EXEC looks a channel up and takes a
 * reference (&gpsvm_channel.ref) under that lock; CHANNEL_INFO copies
 * the error record under it; CHANNEL_DESTROY and file close erase the
 * entry first, so no new user can find the channel, then tear it down
 * and drop the table's reference.
 *
 * Lifetimes: every job holds a reference on its channel, taken when it
 * is initialised and dropped when drm_sched (or EXEC's error path) frees
 * it, so the channel, the entity embedded in it and its locks outlive
 * every job. Teardown waits for none of them: it stops the hardware and
 * cancels the queued jobs, whose fences then signal (a cancelled job's
 * after its own dependencies, as drm_sched wants), and whoever drops the
 * last reference frees the channel. &gpsvm_device.exec_channels counts
 * the channels not yet freed, under &gpsvm_device.exec_wq's lock;
 * gpsvm_exec_fini() waits for none to be left before it frees the
 * schedulers their jobs use.
 *
 * A hardware channel number, and so its scheduler (&struct gpsvm_sched),
 * belongs to one user channel from gpsvm_chan_create() to
 * gpsvm_chan_destroy() at the end of its teardown: only that channel's
 * entity is ever on the scheduler's run queue. Jobs of an earlier user of
 * the number may still be on the scheduler, but only to be freed: their
 * hardware fences signalled when that user's hardware channel was
 * destroyed.
 *
 * &gpsvm_sched.stop_lock (a mutex) serialises whatever stops a
 * scheduler's submission queue: timedout_job() between drm_sched_stop()
 * and drm_sched_start(), and teardown around drm_sched_entity_fini().
 * The entity must leave the run queue while the scheduler's run-job work
 * is stopped: that work pops jobs from the entity and, under the FIFO
 * policy, puts the entity back into the run queue's tree when another
 * job is queued behind, even after drm_sched_entity_fini() has taken it
 * out; the tree would then hold the entity after the channel is freed.
 *
 * &gpsvm_channel.submit_lock (a mutex) serialises the submission path
 * (drm_sched_job_init() to drm_sched_entity_push_job(), which drm_sched
 * wants done under one lock so that jobs are pushed in the order they
 * are armed) against teardown: teardown sets &gpsvm_channel.closed under
 * it, and EXEC fails with -ENOENT on a closed channel. So a destroy
 * racing an exec either sees the job pushed before it tears down the
 * entity (the job is then cancelled or completes) or the exec fails.
 *
 * &gpsvm_channel.hw_lock (a mutex) serialises everything that touches
 * the hardware channel: submission and recovery in run_job(), recovery
 * in timedout_job() and gpsvm_chan_destroy() at teardown, which sets
 * &gpsvm_channel.hw_dead and clears &gpsvm_channel.chan. run_job() and
 * timedout_job() are already serialised by drm_sched (timedout_job()
 * stops the submission queue); the mutex orders them with teardown.
 * Neither timedout_job() nor teardown holds it around drm_sched_stop()
 * or drm_sched_wqueue_stop(), which wait for a running run_job(). Lock
 * order: &gpsvm_sched.stop_lock, &gpsvm_channel.hw_lock.
 *
 * &gpsvm_channel.info_lock (a spinlock taken with interrupts off)
 * protects the error record (&gpsvm_channel.err, .failed_jobs). It is
 * taken from the hardware fence's callback, which runs under
 * &gpsvm_chan.lock (the channel's interrupt handler signals the fences
 * with it held): lock order &gpsvm_chan.lock, the fence lock,
 * &gpsvm_channel.info_lock.
 *
 * Errors and recovery: when a job fails, the interrupt handler records
 * the channel's error registers in &gpsvm_chan.err and signals the
 * job's hardware fence with an errno (-EFAULT, -EILSEQ, -ETIMEDOUT,
 * -EINVAL). A callback on the hardware fence (added in run_job(), so it
 * runs before drm_sched's own) copies &gpsvm_chan.err into the channel's
 * error record and counts the failure, so CHANNEL_INFO is up to date by
 * the time the job's finished fence signals; drm_sched gives the
 * finished fence the hardware fence's error. The hardware channel stays
 * in ERROR until the next job: run_job() sees &gpsvm_chan.error and
 * calls gpsvm_chan_recover() (process context) before submitting.
 *
 * A channel error fails every job the hardware channel holds. By
 * default a channel holds one job at a time (module parameter
 * exec_hw_jobs), so only the job that failed fails and the jobs queued
 * after it run normally. With exec_hw_jobs > 1 jobs are pipelined on
 * the ring (up to its 255-job capacity), and jobs already on the ring
 * behind a failing job fail with the same error.
 */

/*
 * drm_sched backstop: longer than the hardware's own per-command limit
 * (CHAN_TIMEOUT_MS, 10 s, set by gpsvm_chan), which is the one that
 * normally stops a runaway job and reports class TIMEOUT.
 */
#define GPSVM_EXEC_SCHED_TIMEOUT_MS	15000

/* Ring entries per job: the LAUNCH and gpsvm_chan's SEM_RELEASE. */
#define GPSVM_EXEC_JOB_CREDITS		2

static unsigned int exec_hw_jobs = 1;
module_param(exec_hw_jobs, uint, 0444);
MODULE_PARM_DESC(exec_hw_jobs,
		 "Jobs a channel holds on the hardware at once (1 = exact error attribution, default 1, max 255)");

/**
 * struct gpsvm_sched - the scheduler of one hardware channel number
 * @base: the drm_sched scheduler
 * @stop_lock: serialises stopping and starting its submission queue; see
 *	"gpsvm exec locking"
 */
struct gpsvm_sched {
	struct drm_gpu_scheduler base;
	/* See "gpsvm exec locking". */
	struct mutex stop_lock;
};

static struct gpsvm_sched *to_gpsvm_sched(struct drm_gpu_scheduler *sched)
{
	return container_of(sched, struct gpsvm_sched, base);
}

/**
 * struct gpsvm_channel - a user channel
 * @ref: reference count: the handle table's, a lookup's, one per job;
 *	see "gpsvm exec locking"
 * @gdev: the GPU
 * @chan: the hardware channel; NULL once @hw_dead
 * @sched: the scheduler of its hardware channel; see gpsvm_exec_sched()
 * @entity: the channel's only scheduler entity
 * @submit_lock: serialises submission with teardown
 * @closed: set at teardown, under @submit_lock
 * @hw_lock: serialises use of @chan
 * @hw_dead: @chan is destroyed; under @hw_lock
 * @info_lock: protects @err and @failed_jobs
 * @err: copy of the hardware channel's error at the last failure
 * @failed_jobs: jobs that have failed so far
 */
struct gpsvm_channel {
	struct kref ref;
	struct gpsvm_device *gdev;
	struct gpsvm_chan *chan;
	struct gpsvm_sched *sched;
	struct drm_sched_entity entity;
	/* See "gpsvm exec locking". */
	struct mutex submit_lock;
	bool closed;
	/* See "gpsvm exec locking". */
	struct mutex hw_lock;
	bool hw_dead;
	/* See "gpsvm exec locking". */
	spinlock_t info_lock;
	struct gpsvm_chan_error err;
	u64 failed_jobs;
};

/**
 * struct gpsvm_job - one EXEC
 * @base: the scheduler job
 * @ch: its channel; the job holds a reference on it
 * @cmd: the LAUNCH command
 * @hw_fence: the hardware fence once run, else NULL
 * @hw_cb: callback on @hw_fence recording a failure
 */
struct gpsvm_job {
	struct drm_sched_job base;
	struct gpsvm_channel *ch;
	struct gpsvm_cmd cmd;
	struct dma_fence *hw_fence;
	struct dma_fence_cb hw_cb;
};

static struct gpsvm_job *to_gpsvm_job(struct drm_sched_job *job)
{
	return container_of(job, struct gpsvm_job, base);
}

/*
 * Fences made up by the timeout handler to give a job that the hardware
 * never finished -ETIMEDOUT; signalled at creation.
 */
static DEFINE_SPINLOCK(gpsvm_exec_fence_lock);

static const char *gpsvm_exec_fence_driver_name(struct dma_fence *fence)
{
	return "gpsvm";
}

static const char *gpsvm_exec_fence_timeline_name(struct dma_fence *fence)
{
	return "gpsvm-reset";
}

static const struct dma_fence_ops gpsvm_exec_fence_ops = {
	.get_driver_name = gpsvm_exec_fence_driver_name,
	.get_timeline_name = gpsvm_exec_fence_timeline_name,
};

static struct dma_fence *gpsvm_exec_error_fence(int error)
{
	struct dma_fence *f = kzalloc(sizeof(*f), GFP_NOWAIT | __GFP_NOWARN);

	if (!f)
		return NULL;
	dma_fence_init(f, &gpsvm_exec_fence_ops, &gpsvm_exec_fence_lock,
		       dma_fence_context_alloc(1), 1);
	dma_fence_set_error(f, error);
	dma_fence_signal(f);
	return f;
}

/* A channel is counted from its allocation to its release. */
static void gpsvm_exec_count(struct gpsvm_device *gdev, int delta)
{
	unsigned long flags;

	spin_lock_irqsave(&gdev->exec_wq.lock, flags);
	gdev->exec_channels += delta;
	if (!gdev->exec_channels)
		wake_up_locked(&gdev->exec_wq);
	spin_unlock_irqrestore(&gdev->exec_wq.lock, flags);
}

static void gpsvm_channel_release(struct kref *ref)
{
	struct gpsvm_channel *ch = container_of(ref, struct gpsvm_channel, ref);
	struct gpsvm_device *gdev = ch->gdev;

	mutex_destroy(&ch->submit_lock);
	mutex_destroy(&ch->hw_lock);
	kfree(ch);
	/* The last access to the GPU: gpsvm_exec_fini() may free it now. */
	gpsvm_exec_count(gdev, -1);
}

static void gpsvm_channel_put(struct gpsvm_channel *ch)
{
	kref_put(&ch->ref, gpsvm_channel_release);
}

/* Record a failure; @e is the hardware channel's error or a made-up one. */
static void gpsvm_channel_record(struct gpsvm_channel *ch, int error,
				 const struct gpsvm_chan_error *e)
{
	unsigned long flags;

	/* Cancelled by teardown: not a failure of the job. */
	if (!error || error == -ECANCELED)
		return;
	spin_lock_irqsave(&ch->info_lock, flags);
	ch->err = *e;
	ch->failed_jobs++;
	spin_unlock_irqrestore(&ch->info_lock, flags);
}

/* Runs from dma_fence_signal() of the hardware fence, under chan->lock. */
static void gpsvm_job_hw_done(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct gpsvm_job *job = container_of(cb, struct gpsvm_job, hw_cb);
	struct gpsvm_chan *chan = job->ch->chan;

	lockdep_assert_held(&chan->lock);
	gpsvm_channel_record(job->ch, fence->error, &chan->err);
}

static void gpsvm_job_free(struct gpsvm_job *job)
{
	struct gpsvm_channel *ch = job->ch;

	if (job->hw_fence) {
		dma_fence_remove_callback(job->hw_fence, &job->hw_cb);
		dma_fence_put(job->hw_fence);
	}
	kfree(job);
	gpsvm_channel_put(ch);
}

static struct dma_fence *gpsvm_job_run(struct drm_sched_job *sched_job)
{
	struct gpsvm_job *job = to_gpsvm_job(sched_job);
	struct gpsvm_channel *ch = job->ch;
	struct dma_fence *fence;
	struct gpsvm_chan *chan;
	unsigned long flags;
	int tries, ret;

	/* Killed or cancelled before it ran: the finished fence has the error. */
	if (unlikely(sched_job->s_fence->finished.error))
		return NULL;

	mutex_lock(&ch->hw_lock);
	if (ch->hw_dead) {
		fence = ERR_PTR(-ECANCELED);
		goto out;
	}
	chan = ch->chan;
	for (tries = 0; ; tries++) {
		/* The channel failed at an earlier job: start it again. */
		if (READ_ONCE(chan->error)) {
			ret = gpsvm_chan_recover(chan);
			if (ret) {
				fence = ERR_PTR(ret);
				goto out;
			}
		}
		fence = gpsvm_chan_submit(chan, &job->cmd, 1);
		/* -EIO: the channel failed since we looked; recover again. */
		if (fence != ERR_PTR(-EIO) || tries == 1)
			break;
	}
	if (IS_ERR(fence))
		goto out;

	job->hw_fence = dma_fence_get(fence);
	ret = dma_fence_add_callback(fence, &job->hw_cb, gpsvm_job_hw_done);
	if (ret) {
		/*
		 * Already signalled. chan->err is still this failure's: only
		 * recovery clears it, and recovery needs hw_lock.
		 */
		INIT_LIST_HEAD(&job->hw_cb.node);
		spin_lock_irqsave(&chan->lock, flags);
		gpsvm_channel_record(ch, fence->error, &chan->err);
		spin_unlock_irqrestore(&chan->lock, flags);
	}
out:
	mutex_unlock(&ch->hw_lock);
	/* drm_sched takes over the reference gpsvm_chan_submit() returned. */
	return fence;
}

static enum drm_gpu_sched_stat
gpsvm_job_timedout(struct drm_sched_job *sched_job)
{
	struct gpsvm_job *job = to_gpsvm_job(sched_job);
	struct gpsvm_channel *ch = job->ch;
	struct gpsvm_chan_error e = { .class = GPSVM_CHAN_ERR_TIMEOUT };
	struct gpsvm_sched *gs = to_gpsvm_sched(sched_job->sched);
	bool hung;

	/*
	 * The job's channel may be torn down meanwhile (the job keeps it
	 * allocated); stop_lock keeps teardown's own stop of the queue out.
	 */
	mutex_lock(&gs->stop_lock);
	drm_sched_stop(&gs->base, sched_job);

	/*
	 * drm_sched_stop() detached the job from its hardware fence unless
	 * that fence signalled meanwhile; then there is nothing to recover.
	 */
	hung = !sched_job->s_fence->parent;

	mutex_lock(&ch->hw_lock);
	if (hung && !ch->hw_dead) {
		drm_warn(&ch->gdev->drm,
			 "channel %u: job timed out without a hardware error, resetting\n",
			 ch->chan->id);
		gpsvm_channel_record(ch, -ETIMEDOUT, &e);
		/* Also drops the jobs behind it on the ring: -ECANCELED. */
		if (gpsvm_chan_recover(ch->chan))
			drm_err(&ch->gdev->drm, "channel %u: recovery failed\n",
				ch->chan->id);
	}
	mutex_unlock(&ch->hw_lock);

	/*
	 * drm_sched_start() completes jobs without a hardware fence with
	 * -ECANCELED; give the guilty one a signalled fence carrying
	 * -ETIMEDOUT instead (put with the scheduler fence).
	 */
	if (hung)
		sched_job->s_fence->parent = gpsvm_exec_error_fence(-ETIMEDOUT);

	drm_sched_start(&gs->base);
	mutex_unlock(&gs->stop_lock);
	return DRM_GPU_SCHED_STAT_NOMINAL;
}

static void gpsvm_job_free_sched(struct drm_sched_job *sched_job)
{
	drm_sched_job_cleanup(sched_job);
	gpsvm_job_free(to_gpsvm_job(sched_job));
}

static const struct drm_sched_backend_ops gpsvm_sched_ops = {
	.run_job = gpsvm_job_run,
	.timedout_job = gpsvm_job_timedout,
	.free_job = gpsvm_job_free_sched,
};

/*
 * Tear a channel down once it is out of the handle table: no new job,
 * the jobs not yet run cancelled (their fences signal with -ESRCH once
 * their dependencies have), the hardware channel reset and destroyed (the
 * jobs on it signal with -ECANCELED at once). Waits for no job: each
 * holds a reference on the channel. Returns in bounded time.
 */
static void gpsvm_channel_teardown(struct gpsvm_channel *ch)
{
	struct gpsvm_sched *gs = ch->sched;

	mutex_lock(&ch->submit_lock);
	ch->closed = true;
	mutex_unlock(&ch->submit_lock);

	/*
	 * drm_sched_entity_fini(), not _destroy(): destroy first flushes,
	 * i.e. waits until every queued job has been given to the hardware,
	 * while the uapi says jobs not done are cancelled. The run-job work
	 * stays stopped meanwhile: see "gpsvm exec locking".
	 */
	mutex_lock(&gs->stop_lock);
	drm_sched_wqueue_stop(&gs->base);
	drm_sched_entity_fini(&ch->entity);
	drm_sched_wqueue_start(&gs->base);
	mutex_unlock(&gs->stop_lock);

	/* Also hands the hardware channel number, and gs, to the next user. */
	mutex_lock(&ch->hw_lock);
	ch->hw_dead = true;
	gpsvm_chan_destroy(ch->chan);
	ch->chan = NULL;
	mutex_unlock(&ch->hw_lock);
}

/**
 * gpsvm_exec_file_close() - destroy every channel of a file
 * @gfile: the file
 *
 * Called from postclose before the file's VM is dropped: the hardware
 * channels run in it. Stops them at once: jobs queued are cancelled,
 * jobs running are stopped by a reset of their hardware channel. Waits
 * for no job to finish; each keeps its channel allocated until freed.
 *
 * Context: process; sleeps, for a bounded time.
 */
void gpsvm_exec_file_close(struct gpsvm_file *gfile)
{
	struct gpsvm_channel *ch;
	unsigned long handle;

	xa_for_each(&gfile->channels, handle, ch) {
		if (xa_erase(&gfile->channels, handle) != ch)
			continue;
		gpsvm_channel_teardown(ch);
		gpsvm_channel_put(ch);
	}
}

/**
 * gpsvm_exec_sched() - the scheduler of a hardware channel
 * @gdev: the GPU
 * @chan: the hardware channel
 *
 * Each hardware channel number has one scheduler, made on first use and
 * kept until the device is released: a scheduler fence refers to its
 * scheduler (its timeline name) for as long as anyone holds the fence, and
 * a sync_file can hold it long after the channel is gone.
 *
 * Context: process; takes &gpsvm_device.sched_lock.
 * Return: the scheduler, or an ERR_PTR().
 */
struct gpsvm_sched *gpsvm_exec_sched(struct gpsvm_device *gdev,
				     struct gpsvm_chan *chan)
{
	/* gpsvm_chan_submit() needs the jobs in flight plus one below size. */
	unsigned int ring_jobs = ((1u << chan->ring_order) - 2) /
				 GPSVM_EXEC_JOB_CREDITS;
	struct drm_sched_init_args sargs = {
		.ops = &gpsvm_sched_ops,
		.num_rqs = DRM_SCHED_PRIORITY_COUNT,
		.credit_limit = GPSVM_EXEC_JOB_CREDITS *
				clamp(exec_hw_jobs, 1u, ring_jobs),
		.hang_limit = 0,
		.timeout = msecs_to_jiffies(GPSVM_EXEC_SCHED_TIMEOUT_MS),
		.name = "gpsvm-channel",
		.dev = gdev->drm.dev,
	};
	struct gpsvm_sched *gs;
	int ret;

	mutex_lock(&gdev->sched_lock);
	gs = gdev->scheds[chan->id];
	if (!gs) {
		gs = kzalloc(sizeof(*gs), GFP_KERNEL);
		ret = gs ? drm_sched_init(&gs->base, &sargs) : -ENOMEM;
		if (ret) {
			kfree(gs);
			gs = ERR_PTR(ret);
		} else {
			mutex_init(&gs->stop_lock);
			gdev->scheds[chan->id] = gs;
		}
	}
	mutex_unlock(&gdev->sched_lock);
	return gs;
}

/**
 * gpsvm_exec_init() - prepare for channels
 * @gdev: the GPU, at probe
 */
void gpsvm_exec_init(struct gpsvm_device *gdev)
{
	mutex_init(&gdev->sched_lock);
	init_waitqueue_head(&gdev->exec_wq);
	gdev->exec_channels = 0;
}

/**
 * gpsvm_exec_fini() - free the schedulers
 * @gdev: the GPU; every file is closed
 *
 * Waits until every channel is freed, i.e. every job: a job cancelled at
 * teardown is freed once its dependencies have signalled, which may be
 * fences of another device.
 *
 * Context: process; sleeps.
 */
void gpsvm_exec_fini(struct gpsvm_device *gdev)
{
	struct gpsvm_sched *gs;
	int i;

	spin_lock_irq(&gdev->exec_wq.lock);
	wait_event_lock_irq(gdev->exec_wq, !gdev->exec_channels,
			    gdev->exec_wq.lock);
	spin_unlock_irq(&gdev->exec_wq.lock);
	for (i = 0; i < GPSVM_CHAN_COUNT; i++) {
		gs = gdev->scheds[i];
		if (!gs)
			continue;
		drm_sched_fini(&gs->base);
		mutex_destroy(&gs->stop_lock);
		kfree(gs);
		gdev->scheds[i] = NULL;
	}
	mutex_destroy(&gdev->sched_lock);
}

/**
 * gpsvm_ioctl_channel_create() - DRM_IOCTL_GPSVM_CHANNEL_CREATE
 * @drm: the DRM device
 * @data: &struct drm_gpsvm_channel_create
 * @file: the DRM file
 *
 * Context: process; sleeps.
 * Return: 0, -EINVAL for non-zero flags, -EBADF in a process other than
 * the file's SVM process, -EBUSY when no hardware channel is free,
 * -EMFILE when the calling process holds its share of them, -ENODEV once
 * the GPU is gone, or another negative errno.
 */
int gpsvm_ioctl_channel_create(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct drm_gpsvm_channel_create *args = data;
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_gpu_scheduler *sched;
	struct gpsvm_channel *ch;
	struct gpsvm_svmm *svmm;
	u32 handle;
	int idx, ret;

	if (args->flags)
		return -EINVAL;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		ret = -ENOMEM;
		goto out;
	}
	kref_init(&ch->ref);
	ch->gdev = gfile->gdev;
	gpsvm_exec_count(ch->gdev, 1);
	mutex_init(&ch->submit_lock);
	mutex_init(&ch->hw_lock);
	spin_lock_init(&ch->info_lock);

	/* SVM_INIT comes before channels: their instance blocks differ. */
	mutex_lock(&gfile->vm->lock);
	ret = gpsvm_svm_check_owner(gfile->vm);
	if (!ret)
		gfile->vm->has_channels = true;
	svmm = gfile->vm->svmm;
	mutex_unlock(&gfile->vm->lock);
	if (ret)
		goto err_free;
	ch->chan = gpsvm_chan_create(gfile->gdev, &gfile->vm->vmm, svmm,
				     task_tgid(current));
	if (IS_ERR(ch->chan)) {
		ret = PTR_ERR(ch->chan);
		goto err_free;
	}

	ch->sched = gpsvm_exec_sched(gfile->gdev, ch->chan);
	if (IS_ERR(ch->sched)) {
		ret = PTR_ERR(ch->sched);
		goto err_chan;
	}
	sched = &ch->sched->base;
	ret = drm_sched_entity_init(&ch->entity, DRM_SCHED_PRIORITY_NORMAL,
				    &sched, 1, NULL);
	if (ret)
		goto err_chan;

	ret = xa_alloc(&gfile->channels, &handle, ch, xa_limit_32b,
		       GFP_KERNEL);
	if (ret)
		goto err_entity;
	/* Handles start at 1: the table is XA_FLAGS_ALLOC1. */
	WARN_ON_ONCE(!handle);

	args->handle = handle;
	drm_dev_exit(idx);
	return 0;

err_entity:
	drm_sched_entity_fini(&ch->entity);
err_chan:
	gpsvm_chan_destroy(ch->chan);
err_free:
	gpsvm_channel_put(ch);
out:
	drm_dev_exit(idx);
	return ret;
}

/**
 * gpsvm_ioctl_channel_destroy() - DRM_IOCTL_GPSVM_CHANNEL_DESTROY
 * @drm: the DRM device
 * @data: &struct drm_gpsvm_channel_destroy
 * @file: the DRM file
 *
 * Jobs not done are cancelled: the running ones stopped through the
 * hardware, the queued ones failed with -ESRCH once their dependencies
 * have signalled. Returns once the hardware channel is stopped, in
 * bounded time.
 *
 * Context: process; sleeps.
 * Return: 0, -EINVAL for a non-zero pad, -ENOENT for a bad handle, -ENODEV
 * once the GPU is gone (file close then destroys the channel).
 */
int gpsvm_ioctl_channel_destroy(struct drm_device *drm, void *data,
				struct drm_file *file)
{
	struct drm_gpsvm_channel_destroy *args = data;
	struct gpsvm_file *gfile = file->driver_priv;
	struct gpsvm_channel *ch;
	int idx;

	if (args->pad)
		return -EINVAL;
	if (!args->handle)
		return -ENOENT;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	ch = xa_erase(&gfile->channels, args->handle);
	if (ch) {
		gpsvm_channel_teardown(ch);
		gpsvm_channel_put(ch);
	}
	drm_dev_exit(idx);
	return ch ? 0 : -ENOENT;
}

static u32 gpsvm_channel_uapi_class(u8 class)
{
	switch (class) {
	case GPSVM_CHAN_ERR_BAD_COMMAND:
		return DRM_GPSVM_CHANNEL_BAD_COMMAND;
	case GPSVM_CHAN_ERR_MMU_FAULT:
	case GPSVM_CHAN_ERR_UNBOUND_INST:
		return DRM_GPSVM_CHANNEL_MMU_FAULT;
	case GPSVM_CHAN_ERR_ISA:
		return DRM_GPSVM_CHANNEL_ISA;
	case GPSVM_CHAN_ERR_TIMEOUT:
		return DRM_GPSVM_CHANNEL_TIMEOUT;
	default:
		return DRM_GPSVM_CHANNEL_OK;
	}
}

/**
 * gpsvm_ioctl_channel_info() - DRM_IOCTL_GPSVM_CHANNEL_INFO
 * @drm: the DRM device
 * @data: &struct drm_gpsvm_channel_info
 * @file: the DRM file
 *
 * Reports the channel's most recent error, as recorded when the failing
 * job's fence signalled, and how many jobs have failed.
 *
 * Context: process.
 * Return: 0, -ENOENT for a bad handle, or -ENODEV once the GPU is gone.
 */
int gpsvm_ioctl_channel_info(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct drm_gpsvm_channel_info *args = data;
	struct gpsvm_file *gfile = file->driver_priv;
	struct gpsvm_chan_error e;
	struct gpsvm_channel *ch;
	unsigned long flags;
	u64 failed;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	xa_lock(&gfile->channels);
	ch = args->handle ? xa_load(&gfile->channels, args->handle) : NULL;
	if (!ch) {
		xa_unlock(&gfile->channels);
		drm_dev_exit(idx);
		return -ENOENT;
	}
	spin_lock_irqsave(&ch->info_lock, flags);
	e = ch->err;
	failed = ch->failed_jobs;
	spin_unlock_irqrestore(&ch->info_lock, flags);
	xa_unlock(&gfile->channels);
	drm_dev_exit(idx);

	args->error_class = failed ? gpsvm_channel_uapi_class(e.class) :
			    DRM_GPSVM_CHANNEL_OK;
	args->detail = e.detail;
	args->access = e.access;
	args->addr = e.addr;
	args->info = e.info;
	args->failed_jobs = failed;
	return 0;
}

static bool gpsvm_exec_valid(const struct drm_gpsvm_exec *args)
{
	u64 threads = 1;
	int i;

	if (args->flags || args->pad)
		return false;
	if (!IS_ALIGNED(args->shared_size, 8) ||
	    args->shared_size > GPSVM_ISA_SHARED_MAX ||
	    !IS_ALIGNED(args->private_size, 8) ||
	    args->private_size > GPSVM_ISA_PRIVATE_MAX)
		return false;
	if (args->code_words < 1 || args->code_words > 65536)
		return false;
	if (!IS_ALIGNED(args->code_va, 8) || !IS_ALIGNED(args->entry, 8) ||
	    args->entry >= 8ull * args->code_words)
		return false;
	if (args->arg_size > 4096)
		return false;
	for (i = 0; i < 3; i++) {
		if (args->grid[i] < 1 || args->grid[i] > 65535)
			return false;
		if (args->block[i] < 1 || args->block[i] > 1024)
			return false;
		threads *= args->block[i];
	}
	return threads <= 1024 &&
	       args->shared_size + threads * args->private_size <=
	       GPSVM_CMD_LAUNCH_BLOCK_MEM_MAX;
}

static struct gpsvm_channel *gpsvm_channel_get(struct gpsvm_file *gfile,
					       u32 handle)
{
	struct gpsvm_channel *ch;

	if (!handle)
		return NULL;
	xa_lock(&gfile->channels);
	ch = xa_load(&gfile->channels, handle);
	if (ch)
		kref_get(&ch->ref);
	xa_unlock(&gfile->channels);
	return ch;
}

/**
 * gpsvm_ioctl_exec() - DRM_IOCTL_GPSVM_EXEC
 * @drm: the DRM device
 * @data: &struct drm_gpsvm_exec
 * @file: the DRM file
 *
 * Queues one LAUNCH on the channel, after @in_syncobj's fence if given,
 * and puts the job's finished fence in @out_syncobj if given. The fence
 * signals with the hardware's errno when the job fails.
 *
 * Context: process; sleeps.
 * Return: 0, -EINVAL for malformed fields (or an in_syncobj without a
 * fence), -EBADF in a process other than the file's SVM process, -ENOENT
 * for a bad channel or syncobj handle, -ENODEV once the GPU is gone, or
 * another negative errno.
 */
int gpsvm_ioctl_exec(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct drm_gpsvm_exec *args = data;
	struct gpsvm_file *gfile = file->driver_priv;
	struct drm_syncobj *out = NULL;
	struct dma_fence *done;
	struct gpsvm_channel *ch;
	struct gpsvm_job *job;
	int idx, ret;

	if (!gpsvm_exec_valid(args))
		return -EINVAL;
	/* The channels of an SVM file exist only after SVM_INIT. */
	ret = gpsvm_svm_check_owner(gfile->vm);
	if (ret)
		return ret;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	ch = gpsvm_channel_get(gfile, args->channel);
	if (!ch) {
		ret = -ENOENT;
		goto out;
	}

	if (args->out_syncobj) {
		out = drm_syncobj_find(file, args->out_syncobj);
		if (!out) {
			ret = -ENOENT;
			goto err_put_ch;
		}
	}

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		ret = -ENOMEM;
		goto err_put_out;
	}
	job->ch = ch;
	gpsvm_cmd_launch(&job->cmd, args->code_va, args->code_words,
			 args->entry, args->args_va, args->arg_size,
			 args->grid, args->block);
	gpsvm_cmd_launch_mem(&job->cmd, args->shared_size,
			     args->private_size);

	mutex_lock(&ch->submit_lock);
	if (ch->closed) {
		ret = -ENOENT;
		goto err_unlock;
	}
	ret = drm_sched_job_init(&job->base, &ch->entity,
				 GPSVM_EXEC_JOB_CREDITS, ch, file->client_id);
	if (ret)
		goto err_unlock;
	/* The job's reference; gpsvm_job_free() drops it. */
	kref_get(&ch->ref);

	if (args->in_syncobj) {
		ret = drm_sched_job_add_syncobj_dependency(&job->base, file,
							   args->in_syncobj,
							   0);
		if (ret)
			goto err_cleanup;
	}

	drm_sched_job_arm(&job->base);
	done = dma_fence_get(&job->base.s_fence->finished);
	drm_sched_entity_push_job(&job->base);
	mutex_unlock(&ch->submit_lock);

	if (out) {
		drm_syncobj_replace_fence(out, done);
		drm_syncobj_put(out);
	}
	dma_fence_put(done);
	gpsvm_channel_put(ch);
	drm_dev_exit(idx);
	return 0;

err_cleanup:
	drm_sched_job_cleanup(&job->base);
	mutex_unlock(&ch->submit_lock);
	gpsvm_job_free(job);
	goto err_put_out;
err_unlock:
	mutex_unlock(&ch->submit_lock);
	kfree(job);
err_put_out:
	if (out)
		drm_syncobj_put(out);
err_put_ch:
	gpsvm_channel_put(ch);
out:
	drm_dev_exit(idx);
	return ret;
}
