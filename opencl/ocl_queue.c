// SPDX-License-Identifier: MIT
/*
 * Command queues and events. A queue is a thread that takes its commands
 * in order; each waits for its wait list, runs, and completes its event.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_ocl.h"

cl_event ocl_event_new(cl_context c, cl_command_queue q, cl_command_type type)
{
	cl_event e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->context = c;
	clRetainContext(c);
	e->queue = q;
	if (q)
		ocl_retain(q);
	e->type = type;
	e->status = q ? CL_QUEUED : CL_SUBMITTED;
	e->times[0] = ocl_now_ns();
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->cond, NULL);
	ocl_init(e, OCL_MAGIC_EVENT);
	return e;
}

static void queue_put(cl_command_queue q);

static void event_put(cl_event e)
{
	struct ocl_callback *cb;

	if (!ocl_release(e))
		return;
	while ((cb = e->callbacks)) {
		e->callbacks = cb->next;
		free(cb);
	}
	if (e->queue)
		queue_put(e->queue);
	clReleaseContext(e->context);
	pthread_mutex_destroy(&e->lock);
	pthread_cond_destroy(&e->cond);
	ocl_free(e);
}

/*
 * Move @e to @status (CL_SUBMITTED, CL_RUNNING, CL_COMPLETE or an error)
 * and run the callbacks that status reaches, each once.
 */
static void event_status(cl_event e, cl_int status)
{
	struct ocl_callback *run = NULL, **pcb, *cb;

	pthread_mutex_lock(&e->lock);
	if (e->status <= CL_COMPLETE) {
		pthread_mutex_unlock(&e->lock);
		return;
	}
	e->status = status;
	if (status == CL_SUBMITTED)
		e->times[1] = ocl_now_ns();
	else if (status == CL_RUNNING)
		e->times[2] = ocl_now_ns();
	else
		e->times[3] = ocl_now_ns();
	for (pcb = &e->callbacks; (cb = *pcb);) {
		if (status <= cb->status) {
			*pcb = cb->next;
			cb->next = run;
			run = cb;
		} else {
			pcb = &cb->next;
		}
	}
	pthread_cond_broadcast(&e->cond);
	pthread_mutex_unlock(&e->lock);
	while ((cb = run)) {
		run = cb->next;
		((void (CL_CALLBACK *)(cl_event, cl_int, void *))cb->fn)(
			e, status, cb->data);
		free(cb);
	}
}

void ocl_event_complete(cl_event e, cl_int status)
{
	event_status(e, status);
}

static cl_int event_wait(cl_event e)
{
	cl_int s;

	pthread_mutex_lock(&e->lock);
	while (e->status > CL_COMPLETE)
		pthread_cond_wait(&e->cond, &e->lock);
	s = e->status;
	pthread_mutex_unlock(&e->lock);
	return s;
}

cl_int ocl_wait_list(cl_command_queue q, cl_uint n, const cl_event *list)
{
	cl_uint i;

	if ((!n) != (!list))
		return CL_INVALID_EVENT_WAIT_LIST;
	for (i = 0; i < n; i++) {
		if (!OCL_IS(list[i], EVENT))
			return CL_INVALID_EVENT_WAIT_LIST;
		if (q && list[i]->context != q->context)
			return CL_INVALID_CONTEXT;
	}
	return CL_SUCCESS;
}

struct ocl_cmd *ocl_cmd_new(enum ocl_cmd_kind kind)
{
	struct ocl_cmd *cmd = calloc(1, sizeof(*cmd));

	if (cmd)
		cmd->kind = kind;
	return cmd;
}

void ocl_cmd_free(struct ocl_cmd *cmd)
{
	cl_uint i;

	for (i = 0; i < cmd->nwait; i++)
		event_put(cmd->wait[i]);
	free(cmd->wait);
	for (i = 0; i < cmd->nmems; i++)
		ocl_mem_put(cmd->mems[i]);
	free(cmd->mems);
	if (cmd->kind == OCL_CMD_NDRANGE && cmd->u.nd.kernel)
		ocl_kernel_put(cmd->u.nd.kernel);
	if (cmd->kind == OCL_CMD_FILL)
		free(cmd->u.fill.pattern);
	if (cmd->kind == OCL_CMD_SVM_FREE)
		free(cmd->u.svm_free.ptrs);
	if (cmd->kind == OCL_CMD_MIGRATE) {
		free(cmd->u.migrate.ptrs);
		free(cmd->u.migrate.sizes);
	}
	if (cmd->event)
		event_put(cmd->event);
	free(cmd);
}

static void copy_rect(struct ocl_cmd *cmd)
{
	size_t y, z;

	for (z = 0; z < cmd->u.rect.region[2]; z++)
		for (y = 0; y < cmd->u.rect.region[1]; y++)
			memmove(cmd->u.rect.dst + z * cmd->u.rect.dst_slice +
					y * cmd->u.rect.dst_row,
				cmd->u.rect.src + z * cmd->u.rect.src_slice +
					y * cmd->u.rect.src_row,
				cmd->u.rect.region[0]);
}

static cl_int run_cmd(cl_command_queue q, struct ocl_cmd *cmd)
{
	char *dst;
	size_t i;
	cl_uint k;

	switch (cmd->kind) {
	case OCL_CMD_NDRANGE:
		return ocl_kernel_run(q, cmd);
	case OCL_CMD_COPY:
		memmove(cmd->u.copy.dst, cmd->u.copy.src, cmd->u.copy.size);
		return CL_SUCCESS;
	case OCL_CMD_COPY_RECT:
		copy_rect(cmd);
		return CL_SUCCESS;
	case OCL_CMD_FILL:
		dst = cmd->u.fill.dst;
		for (i = 0; i < cmd->u.fill.size; i += cmd->u.fill.pattern_size)
			memcpy(dst + i, cmd->u.fill.pattern,
			       cmd->u.fill.pattern_size);
		return CL_SUCCESS;
	case OCL_CMD_SVM_FREE:
		if (cmd->u.svm_free.fn) {
			cmd->u.svm_free.fn(q, cmd->u.svm_free.n,
					   cmd->u.svm_free.ptrs,
					   cmd->u.svm_free.data);
			return CL_SUCCESS;
		}
		for (k = 0; k < cmd->u.svm_free.n; k++)
			clSVMFree(q->context, cmd->u.svm_free.ptrs[k]);
		return CL_SUCCESS;
	case OCL_CMD_MIGRATE:
		/* A hint: where the driver cannot move pages, they stay. */
		for (k = 0; k < cmd->u.migrate.n; k++)
			gpsvm_svm_migrate(q->device->fd, cmd->u.migrate.ptrs[k],
					  cmd->u.migrate.sizes[k],
					  cmd->u.migrate.flags &
					  CL_MIGRATE_MEM_OBJECT_HOST ?
					  DRM_GPSVM_MEM_SYSTEM :
					  DRM_GPSVM_MEM_VRAM, NULL, NULL);
		return CL_SUCCESS;
	case OCL_CMD_MARKER:
		return CL_SUCCESS;
	}
	return CL_INVALID_OPERATION;
}

static void *queue_thread(void *arg)
{
	cl_command_queue q = arg;
	struct ocl_cmd *cmd;
	cl_int status;
	cl_uint i;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->head && !q->stop)
			pthread_cond_wait(&q->cond, &q->lock);
		cmd = q->head;
		if (!cmd)
			break;
		pthread_mutex_unlock(&q->lock);

		event_status(cmd->event, CL_SUBMITTED);
		status = CL_COMPLETE;
		for (i = 0; i < cmd->nwait; i++)
			if (event_wait(cmd->wait[i]) < 0)
				status = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
		if (status == CL_COMPLETE) {
			event_status(cmd->event, CL_RUNNING);
			status = run_cmd(q, cmd);
		}
		event_status(cmd->event, status);

		pthread_mutex_lock(&q->lock);
		q->head = cmd->next;
		if (!q->head)
			q->tail = &q->head;
		pthread_mutex_unlock(&q->lock);
		/*
		 * Before the count drops: clFinish() returning means this
		 * thread holds no reference, so the last one is never its.
		 */
		ocl_cmd_free(cmd);
		pthread_mutex_lock(&q->lock);
		q->pending--;
		pthread_cond_broadcast(&q->cond);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

cl_int ocl_enqueue(cl_command_queue q, struct ocl_cmd *cmd,
		   cl_command_type type, cl_uint nwait, const cl_event *wait,
		   cl_event *event, bool blocking)
{
	cl_int err = ocl_wait_list(q, nwait, wait);
	cl_event ev;
	cl_uint i;

	if (err)
		goto fail;
	err = CL_OUT_OF_HOST_MEMORY;
	cmd->event = ocl_event_new(q->context, q, type);
	if (!cmd->event)
		goto fail;
	if (nwait) {
		cmd->wait = malloc(nwait * sizeof(*wait));
		if (!cmd->wait)
			goto fail;
		for (i = 0; i < nwait; i++) {
			cmd->wait[i] = wait[i];
			ocl_retain(wait[i]);
		}
		cmd->nwait = nwait;
	}
	if (event) {
		ocl_retain(cmd->event);
		*event = cmd->event;
	}
	/* A blocking call waits on its own reference. */
	ev = cmd->event;
	if (blocking)
		ocl_retain(ev);
	pthread_mutex_lock(&q->lock);
	*q->tail = cmd;
	q->tail = &cmd->next;
	q->pending++;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	if (!blocking)
		return CL_SUCCESS;
	/* The command may be freed by now: ev is our own reference. */
	err = event_wait(ev) < 0 ?
		CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST : CL_SUCCESS;
	event_put(ev);
	return err;
fail:
	ocl_cmd_free(cmd);
	return err;
}

static cl_command_queue queue_create(cl_context c, cl_device_id d,
				     cl_command_queue_properties props,
				     const cl_queue_properties *qprops,
				     size_t nqprops, cl_int *err)
{
	cl_command_queue q;

	*err = CL_OUT_OF_HOST_MEMORY;
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->context = c;
	q->device = d;
	q->props = props;
	if (nqprops) {
		q->qprops = malloc(nqprops * sizeof(*qprops));
		if (!q->qprops)
			goto free;
		memcpy(q->qprops, qprops, nqprops * sizeof(*qprops));
		q->nqprops = nqprops;
	}
	*err = CL_OUT_OF_RESOURCES;
	if (gpsvm_channel_create(d->fd, &q->chan))
		goto free;
	if (drmSyncobjCreate(d->fd, 0, &q->sync))
		goto chan;
	if (gpsvm_bo_create(d->fd, OCL_ARGS_SIZE, 0, &q->args_bo))
		goto sync;
	if (gpsvm_bo_mmap(d->fd, q->args_bo, OCL_ARGS_SIZE, &q->args))
		goto bo;
	if (ocl_window_alloc(d, OCL_ARGS_SIZE, &q->args_va))
		goto unmap;
	if (gpsvm_vm_map(d->fd, q->args_bo, 0, q->args_va, OCL_ARGS_SIZE, 0))
		goto window;
	q->tail = &q->head;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	ocl_init(q, OCL_MAGIC_QUEUE);
	if (pthread_create(&q->thread, NULL, queue_thread, q))
		goto vm;
	clRetainContext(c);
	*err = CL_SUCCESS;
	return q;

vm:
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	gpsvm_vm_unmap(d->fd, q->args_va, OCL_ARGS_SIZE);
window:
	ocl_window_free(d, q->args_va, OCL_ARGS_SIZE);
unmap:
	munmap(q->args, OCL_ARGS_SIZE);
bo:
	gpsvm_bo_close(d->fd, q->args_bo);
sync:
	drmSyncobjDestroy(d->fd, q->sync);
chan:
	gpsvm_channel_destroy(d->fd, q->chan);
free:
	free(q->qprops);
	free(q);
	return NULL;
}

/* The last reference: the queue is empty (clReleaseCommandQueue flushed). */
static void queue_put(cl_command_queue q)
{
	cl_device_id d = q->device;

	if (!ocl_release(q))
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	gpsvm_vm_unmap(d->fd, q->args_va, OCL_ARGS_SIZE);
	ocl_window_free(d, q->args_va, OCL_ARGS_SIZE);
	munmap(q->args, OCL_ARGS_SIZE);
	gpsvm_bo_close(d->fd, q->args_bo);
	drmSyncobjDestroy(d->fd, q->sync);
	gpsvm_channel_destroy(d->fd, q->chan);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	clReleaseContext(q->context);
	free(q->qprops);
	ocl_free(q);
}

static const cl_command_queue_properties queue_known =
	CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE;

CL_API_ENTRY cl_command_queue CL_API_CALL
clCreateCommandQueueWithProperties(cl_context c, cl_device_id d,
				   const cl_queue_properties *props,
				   cl_int *errcode_ret)
{
	cl_command_queue_properties qp = 0;
	cl_command_queue q = NULL;
	cl_int err = CL_SUCCESS;
	size_t n = 0;

	if (!OCL_IS(c, CONTEXT)) {
		err = CL_INVALID_CONTEXT;
		goto out;
	}
	if (!OCL_IS(d, DEVICE) || !ocl_context_has(c, d)) {
		err = CL_INVALID_DEVICE;
		goto out;
	}
	for (; props && props[n]; n += 2) {
		if (props[n] == CL_QUEUE_PROPERTIES) {
			qp = props[n + 1];
		} else if (props[n] == CL_QUEUE_SIZE) {
			err = CL_INVALID_QUEUE_PROPERTIES;	/* device queues */
			goto out;
		} else {
			err = CL_INVALID_VALUE;
			goto out;
		}
	}
	if (qp & ~(queue_known | CL_QUEUE_ON_DEVICE |
		   CL_QUEUE_ON_DEVICE_DEFAULT)) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (qp & ~queue_known) {
		err = CL_INVALID_QUEUE_PROPERTIES;
		goto out;
	}
	q = queue_create(c, d, qp, props, props ? n + 1 : 0, &err);
out:
	if (errcode_ret)
		*errcode_ret = err;
	return q;
}

CL_API_ENTRY cl_command_queue CL_API_CALL
clCreateCommandQueue(cl_context c, cl_device_id d,
		     cl_command_queue_properties props, cl_int *errcode_ret)
{
	cl_queue_properties p[] = { CL_QUEUE_PROPERTIES, props, 0 };

	return clCreateCommandQueueWithProperties(c, d, props ? p : NULL,
						  errcode_ret);
}

CL_API_ENTRY cl_int CL_API_CALL clRetainCommandQueue(cl_command_queue q)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	ocl_retain(q);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clFinish(cl_command_queue q)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	pthread_mutex_lock(&q->lock);
	while (q->pending)
		pthread_cond_wait(&q->cond, &q->lock);
	pthread_mutex_unlock(&q->lock);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clFlush(cl_command_queue q)
{
	/* Commands start as soon as they are enqueued. */
	return OCL_IS(q, QUEUE) ? CL_SUCCESS : CL_INVALID_COMMAND_QUEUE;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseCommandQueue(cl_command_queue q)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	/*
	 * The implicit flush, waited for: the queue's thread must never drop
	 * the last reference (events hold some), as it would join itself.
	 */
	clFinish(q);
	queue_put(q);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetCommandQueueInfo(cl_command_queue q, cl_command_queue_info param_name,
		      size_t param_value_size, void *param_value,
		      size_t *param_value_size_ret)
{
	cl_command_queue none = NULL;
	cl_uint u;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	switch (param_name) {
	case CL_QUEUE_CONTEXT:
		return OCL_INFO(q->context);
	case CL_QUEUE_DEVICE:
		return OCL_INFO(q->device);
	case CL_QUEUE_REFERENCE_COUNT:
		u = __atomic_load_n(&q->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_QUEUE_PROPERTIES:
		return OCL_INFO(q->props);
	case CL_QUEUE_PROPERTIES_ARRAY:
		return ocl_info(q->qprops, q->nqprops * sizeof(*q->qprops),
				param_value_size, param_value,
				param_value_size_ret);
	case CL_QUEUE_DEVICE_DEFAULT:
		return OCL_INFO(none);
	case CL_QUEUE_SIZE:
		return CL_INVALID_COMMAND_QUEUE;	/* host queues have none */
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clSetCommandQueueProperty(cl_command_queue q,
			  cl_command_queue_properties props, cl_bool enable,
			  cl_command_queue_properties *old)
{
	(void)props;
	(void)enable;
	(void)old;
	/* Deprecated since 1.1; the properties are fixed at creation. */
	return OCL_IS(q, QUEUE) ? CL_INVALID_OPERATION :
				  CL_INVALID_COMMAND_QUEUE;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetDefaultDeviceCommandQueue(cl_context c, cl_device_id d,
			       cl_command_queue q)
{
	(void)c;
	(void)d;
	(void)q;
	return CL_INVALID_OPERATION;	/* no device-side queues */
}

static cl_int marker(cl_command_queue q, cl_command_type type, cl_uint nwait,
		     const cl_event *wait, cl_event *event)
{
	struct ocl_cmd *cmd;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	cmd = ocl_cmd_new(OCL_CMD_MARKER);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	/* In order: the previous commands are done before it runs. */
	return ocl_enqueue(q, cmd, type, nwait, wait, event, false);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueMarkerWithWaitList(cl_command_queue q, cl_uint nwait,
			    const cl_event *wait, cl_event *event)
{
	return marker(q, CL_COMMAND_MARKER, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueBarrierWithWaitList(cl_command_queue q, cl_uint nwait,
			     const cl_event *wait, cl_event *event)
{
	return marker(q, CL_COMMAND_BARRIER, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueMarker(cl_command_queue q, cl_event *event)
{
	if (!event)
		return CL_INVALID_VALUE;
	return marker(q, CL_COMMAND_MARKER, 0, NULL, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueBarrier(cl_command_queue q)
{
	return marker(q, CL_COMMAND_BARRIER, 0, NULL, NULL);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueWaitForEvents(cl_command_queue q, cl_uint n, const cl_event *list)
{
	if (!n || !list)
		return CL_INVALID_VALUE;
	return marker(q, CL_COMMAND_BARRIER, n, list, NULL);
}

CL_API_ENTRY cl_int CL_API_CALL
clWaitForEvents(cl_uint n, const cl_event *list)
{
	cl_int err = CL_SUCCESS;
	cl_uint i;

	if (!n || !list)
		return CL_INVALID_VALUE;
	for (i = 0; i < n; i++) {
		if (!OCL_IS(list[i], EVENT))
			return CL_INVALID_EVENT;
		if (list[i]->context != list[0]->context)
			return CL_INVALID_CONTEXT;
	}
	for (i = 0; i < n; i++)
		if (event_wait(list[i]) < 0)
			err = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetEventInfo(cl_event e, cl_event_info param_name,
	       size_t param_value_size, void *param_value,
	       size_t *param_value_size_ret)
{
	cl_int status;
	cl_uint u;

	if (!OCL_IS(e, EVENT))
		return CL_INVALID_EVENT;
	switch (param_name) {
	case CL_EVENT_COMMAND_QUEUE:
		return OCL_INFO(e->queue);
	case CL_EVENT_CONTEXT:
		return OCL_INFO(e->context);
	case CL_EVENT_COMMAND_TYPE:
		return OCL_INFO(e->type);
	case CL_EVENT_COMMAND_EXECUTION_STATUS:
		pthread_mutex_lock(&e->lock);
		status = e->status;
		pthread_mutex_unlock(&e->lock);
		return OCL_INFO(status);
	case CL_EVENT_REFERENCE_COUNT:
		u = __atomic_load_n(&e->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clGetEventProfilingInfo(cl_event e, cl_profiling_info param_name,
			size_t param_value_size, void *param_value,
			size_t *param_value_size_ret)
{
	cl_ulong t;
	int i;

	if (!OCL_IS(e, EVENT))
		return CL_INVALID_EVENT;
	if (!e->queue || !(e->queue->props & CL_QUEUE_PROFILING_ENABLE))
		return CL_PROFILING_INFO_NOT_AVAILABLE;
	pthread_mutex_lock(&e->lock);
	i = e->status == CL_COMPLETE;
	pthread_mutex_unlock(&e->lock);
	if (!i)
		return CL_PROFILING_INFO_NOT_AVAILABLE;
	switch (param_name) {
	case CL_PROFILING_COMMAND_QUEUED:
		i = 0;
		break;
	case CL_PROFILING_COMMAND_SUBMIT:
		i = 1;
		break;
	case CL_PROFILING_COMMAND_START:
		i = 2;
		break;
	case CL_PROFILING_COMMAND_END:
	case CL_PROFILING_COMMAND_COMPLETE:
		i = 3;
		break;
	default:
		return CL_INVALID_VALUE;
	}
	t = e->times[i];
	return OCL_INFO(t);
}

CL_API_ENTRY cl_event CL_API_CALL
clCreateUserEvent(cl_context c, cl_int *errcode_ret)
{
	cl_event e = NULL;
	cl_int err = CL_INVALID_CONTEXT;

	if (OCL_IS(c, CONTEXT)) {
		e = ocl_event_new(c, NULL, CL_COMMAND_USER);
		err = e ? CL_SUCCESS : CL_OUT_OF_HOST_MEMORY;
	}
	if (errcode_ret)
		*errcode_ret = err;
	return e;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetUserEventStatus(cl_event e, cl_int status)
{
	cl_int old;

	if (!OCL_IS(e, EVENT) || e->queue)
		return CL_INVALID_EVENT;
	if (status > CL_COMPLETE)
		return CL_INVALID_VALUE;
	pthread_mutex_lock(&e->lock);
	old = e->status;
	pthread_mutex_unlock(&e->lock);
	if (old <= CL_COMPLETE)
		return CL_INVALID_OPERATION;
	event_status(e, status);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetEventCallback(cl_event e, cl_int type,
		   void (CL_CALLBACK *fn)(cl_event, cl_int, void *),
		   void *user_data)
{
	struct ocl_callback *cb;
	cl_int status;

	if (!OCL_IS(e, EVENT))
		return CL_INVALID_EVENT;
	if (!fn || (type != CL_SUBMITTED && type != CL_RUNNING &&
		    type != CL_COMPLETE))
		return CL_INVALID_VALUE;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return CL_OUT_OF_HOST_MEMORY;
	cb->fn = (void (CL_CALLBACK *)())fn;
	cb->data = user_data;
	cb->status = type;
	pthread_mutex_lock(&e->lock);
	status = e->status;
	if (status > type) {
		cb->next = e->callbacks;
		e->callbacks = cb;
		cb = NULL;
	}
	pthread_mutex_unlock(&e->lock);
	/* Reached already: now, from this thread. */
	if (cb) {
		fn(e, status, user_data);
		free(cb);
	}
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainEvent(cl_event e)
{
	if (!OCL_IS(e, EVENT))
		return CL_INVALID_EVENT;
	ocl_retain(e);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseEvent(cl_event e)
{
	if (!OCL_IS(e, EVENT))
		return CL_INVALID_EVENT;
	event_put(e);
	return CL_SUCCESS;
}
