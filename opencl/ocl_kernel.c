// SPDX-License-Identifier: MIT
/*
 * Kernels, their arguments, and launches.
 *
 * A kernel keeps its argument block as clSetKernelArg fills it: values in
 * place, buffers as their process address, SVM pointers as given. An
 * enqueued launch takes a snapshot (a clone), so that later
 * clSetKernelArg calls do not change it; the queue's thread copies the
 * snapshot into the queue's argument block, adds the hidden header and
 * the __local addresses, and submits one EXEC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_ocl.h"

#define JOB_WAIT_NS	(3600ll * 1000000000ll)
/* __local arguments start aligned for the widest vector. */
#define LOCAL_ALIGN	128u

static cl_kernel kernel_new(cl_program p, const struct gpsvm_clc_kernel *k,
			    cl_int *err)
{
	cl_kernel kn = calloc(1, sizeof(*kn));

	*err = CL_OUT_OF_HOST_MEMORY;
	if (!kn)
		return NULL;
	kn->block = calloc(1, k->arg_size ? k->arg_size : 8);
	kn->args = calloc(k->nargs + 1, sizeof(*kn->args));
	if (!kn->block || !kn->args) {
		free(kn->block);
		free(kn->args);
		free(kn);
		return NULL;
	}
	kn->program = p;
	kn->k = k;
	clRetainProgram(p);
	__atomic_add_fetch(&p->kernels, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_init(&kn->lock, NULL);
	ocl_init(kn, OCL_MAGIC_KERNEL);
	*err = CL_SUCCESS;
	return kn;
}

void ocl_kernel_put(cl_kernel kn)
{
	cl_uint i;

	if (!ocl_release(kn))
		return;
	for (i = 0; i < kn->k->nargs; i++)
		if (kn->args[i].mem)
			ocl_mem_put(kn->args[i].mem);
	__atomic_sub_fetch(&kn->program->kernels, 1, __ATOMIC_ACQ_REL);
	clReleaseProgram(kn->program);
	pthread_mutex_destroy(&kn->lock);
	free(kn->block);
	free(kn->args);
	ocl_free(kn);
}

CL_API_ENTRY cl_kernel CL_API_CALL
clCreateKernel(cl_program p, const char *name, cl_int *errcode_ret)
{
	const struct gpsvm_clc_kernel *k;
	cl_kernel kn = NULL;
	cl_int err;

	if (!OCL_IS(p, PROGRAM)) {
		err = CL_INVALID_PROGRAM;
		goto out;
	}
	if (!name) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	pthread_mutex_lock(&p->lock);
	if (!p->prog || p->status != CL_BUILD_SUCCESS) {
		err = CL_INVALID_PROGRAM_EXECUTABLE;
	} else {
		k = gpsvm_clc_program_kernel(p->prog, name);
		err = CL_INVALID_KERNEL_NAME;
		if (k)
			kn = kernel_new(p, k, &err);
	}
	pthread_mutex_unlock(&p->lock);
out:
	if (errcode_ret)
		*errcode_ret = err;
	return kn;
}

CL_API_ENTRY cl_int CL_API_CALL
clCreateKernelsInProgram(cl_program p, cl_uint num_kernels,
			 cl_kernel *kernels, cl_uint *num_kernels_ret)
{
	cl_int err = CL_SUCCESS;
	cl_uint i, n;

	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	pthread_mutex_lock(&p->lock);
	if (!p->prog || p->status != CL_BUILD_SUCCESS) {
		err = CL_INVALID_PROGRAM_EXECUTABLE;
		goto out;
	}
	n = p->prog->nkernels;
	if (kernels && num_kernels < n) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	for (i = 0; kernels && i < n; i++) {
		kernels[i] = kernel_new(p, &p->prog->kernels[i], &err);
		if (err) {
			while (i--)
				ocl_kernel_put(kernels[i]);
			goto out;
		}
	}
	if (num_kernels_ret)
		*num_kernels_ret = n;
out:
	pthread_mutex_unlock(&p->lock);
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainKernel(cl_kernel kn)
{
	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	ocl_retain(kn);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseKernel(cl_kernel kn)
{
	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	ocl_kernel_put(kn);
	return CL_SUCCESS;
}

/* Argument i becomes a pointer: a buffer's memory, SVM or NULL. */
static void arg_pointer(cl_kernel kn, cl_uint i, uint64_t va, cl_mem mem,
			bool svm)
{
	struct ocl_arg *a = &kn->args[i];

	if (a->mem)
		ocl_mem_put(a->mem);
	memcpy(kn->block + kn->k->args[i].offset, &va, 8);
	a->mem = mem;
	a->svm = svm;
	a->set = true;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetKernelArg(cl_kernel kn, cl_uint idx, size_t size, const void *value)
{
	const struct gpsvm_clc_arg *ka;
	cl_int err = CL_SUCCESS;
	cl_mem mem = NULL;

	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (idx >= kn->k->nargs)
		return CL_INVALID_ARG_INDEX;
	ka = &kn->k->args[idx];
	pthread_mutex_lock(&kn->lock);
	switch (ka->kind) {
	case GPSVM_CLC_ARG_LOCAL:
		if (value) {
			err = CL_INVALID_ARG_VALUE;
		} else if (!size || size > OCL_MAX_SHARED) {
			err = CL_INVALID_ARG_SIZE;
		} else {
			kn->args[idx].local_size = size;
			kn->args[idx].set = true;
		}
		break;
	case GPSVM_CLC_ARG_POINTER:
		if (size != sizeof(cl_mem)) {
			err = CL_INVALID_ARG_SIZE;
			break;
		}
		if (value && *(const cl_mem *)value) {
			mem = *(const cl_mem *)value;
			if (!OCL_IS(mem, MEM) || mem->context != kn->program->context) {
				err = CL_INVALID_MEM_OBJECT;
				break;
			}
			ocl_retain(mem);
		}
		arg_pointer(kn, idx, mem ? (uintptr_t)mem->ptr : 0, mem, false);
		break;
	default:
		if (!value)
			err = CL_INVALID_ARG_VALUE;
		else if (gpsvm_clc_arg_set(kn->k, kn->block, idx, size, value))
			err = CL_INVALID_ARG_SIZE;
		else
			kn->args[idx].set = true;
	}
	pthread_mutex_unlock(&kn->lock);
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetKernelArgSVMPointer(cl_kernel kn, cl_uint idx, const void *value)
{
	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (idx >= kn->k->nargs)
		return CL_INVALID_ARG_INDEX;
	if (kn->k->args[idx].kind != GPSVM_CLC_ARG_POINTER)
		return CL_INVALID_ARG_VALUE;
	/* Fine-grain system SVM: any pointer of the process will do. */
	pthread_mutex_lock(&kn->lock);
	arg_pointer(kn, idx, (uintptr_t)value, NULL, true);
	pthread_mutex_unlock(&kn->lock);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetKernelExecInfo(cl_kernel kn, cl_kernel_exec_info param_name,
		    size_t size, const void *value)
{
	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (!value)
		return CL_INVALID_VALUE;
	switch (param_name) {
	case CL_KERNEL_EXEC_INFO_SVM_PTRS:
		/* Every pointer is reachable already: nothing to record. */
		return size % sizeof(void *) ? CL_INVALID_VALUE : CL_SUCCESS;
	case CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM:
		/* Supported, so either value is fine. */
		return size == sizeof(cl_bool) ? CL_SUCCESS : CL_INVALID_VALUE;
	default:
		return CL_INVALID_VALUE;
	}
}

cl_kernel ocl_kernel_snapshot(cl_kernel kn, cl_int *err)
{
	cl_kernel c;
	cl_uint i;

	pthread_mutex_lock(&kn->program->lock);
	c = kernel_new(kn->program, kn->k, err);
	pthread_mutex_unlock(&kn->program->lock);
	if (!c)
		return NULL;
	pthread_mutex_lock(&kn->lock);
	memcpy(c->block, kn->block, kn->k->arg_size);
	memcpy(c->args, kn->args, kn->k->nargs * sizeof(*kn->args));
	for (i = 0; i < kn->k->nargs; i++)
		if (c->args[i].mem)
			ocl_retain(c->args[i].mem);
	pthread_mutex_unlock(&kn->lock);
	return c;
}

CL_API_ENTRY cl_kernel CL_API_CALL
clCloneKernel(cl_kernel kn, cl_int *errcode_ret)
{
	cl_kernel c = NULL;
	cl_int err = CL_INVALID_KERNEL;

	if (OCL_IS(kn, KERNEL))
		c = ocl_kernel_snapshot(kn, &err);
	if (errcode_ret)
		*errcode_ret = err;
	return c;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetKernelInfo(cl_kernel kn, cl_kernel_info param_name,
		size_t param_value_size, void *param_value,
		size_t *param_value_size_ret)
{
	cl_context c;
	cl_uint u;

	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	switch (param_name) {
	case CL_KERNEL_FUNCTION_NAME:
		return OCL_INFO_STR(kn->k->name);
	case CL_KERNEL_NUM_ARGS:
		return OCL_INFO(kn->k->nargs);
	case CL_KERNEL_REFERENCE_COUNT:
		u = __atomic_load_n(&kn->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_KERNEL_CONTEXT:
		c = kn->program->context;
		return OCL_INFO(c);
	case CL_KERNEL_PROGRAM:
		return OCL_INFO(kn->program);
	case CL_KERNEL_ATTRIBUTES:
		return OCL_INFO_STR("");
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clGetKernelArgInfo(cl_kernel kn, cl_uint idx, cl_kernel_arg_info param_name,
		   size_t param_value_size, void *param_value,
		   size_t *param_value_size_ret)
{
	static const cl_kernel_arg_address_qualifier addr[] = {
		CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_ADDRESS_GLOBAL,
		CL_KERNEL_ARG_ADDRESS_CONSTANT, CL_KERNEL_ARG_ADDRESS_LOCAL,
	};
	static const cl_kernel_arg_access_qualifier access[] = {
		CL_KERNEL_ARG_ACCESS_NONE, CL_KERNEL_ARG_ACCESS_READ_ONLY,
		CL_KERNEL_ARG_ACCESS_WRITE_ONLY, CL_KERNEL_ARG_ACCESS_READ_WRITE,
	};
	const struct gpsvm_clc_arg *a;
	cl_kernel_arg_type_qualifier q = 0;

	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (idx >= kn->k->nargs)
		return CL_INVALID_ARG_INDEX;
	a = &kn->k->args[idx];
	switch (param_name) {
	case CL_KERNEL_ARG_ADDRESS_QUALIFIER:
		return OCL_INFO(addr[a->addr & 3]);
	case CL_KERNEL_ARG_ACCESS_QUALIFIER:
		return OCL_INFO(access[a->access & 3]);
	case CL_KERNEL_ARG_TYPE_NAME:
		return OCL_INFO_STR(a->type_name);
	case CL_KERNEL_ARG_TYPE_QUALIFIER:
		if (a->type_qual & GPSVM_CLC_TYPE_CONST)
			q |= CL_KERNEL_ARG_TYPE_CONST;
		if (a->type_qual & GPSVM_CLC_TYPE_RESTRICT)
			q |= CL_KERNEL_ARG_TYPE_RESTRICT;
		if (a->type_qual & GPSVM_CLC_TYPE_VOLATILE)
			q |= CL_KERNEL_ARG_TYPE_VOLATILE;
		return OCL_INFO(q);
	case CL_KERNEL_ARG_NAME:
		return OCL_INFO_STR(a->name);
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clGetKernelWorkGroupInfo(cl_kernel kn, cl_device_id d,
			 cl_kernel_work_group_info param_name,
			 size_t param_value_size, void *param_value,
			 size_t *param_value_size_ret)
{
	size_t sz, sizes[3];
	cl_ulong ul;
	cl_uint i;

	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (d ? !OCL_IS(d, DEVICE) ||
		!ocl_context_has(kn->program->context, d) :
		kn->program->context->ndevices != 1)
		return CL_INVALID_DEVICE;
	switch (param_name) {
	case CL_KERNEL_WORK_GROUP_SIZE:
		sz = OCL_MAX_WG;
		return OCL_INFO(sz);
	case CL_KERNEL_COMPILE_WORK_GROUP_SIZE:
		for (i = 0; i < 3; i++)
			sizes[i] = kn->k->reqd_work_group_size[i];
		return OCL_INFO(sizes);
	case CL_KERNEL_LOCAL_MEM_SIZE:
		ul = kn->k->shared_size;
		for (i = 0; i < kn->k->nargs; i++)
			ul += kn->args[i].local_size;
		return OCL_INFO(ul);
	case CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE:
		sz = 32;
		return OCL_INFO(sz);
	case CL_KERNEL_PRIVATE_MEM_SIZE:
		ul = kn->k->private_size;
		return OCL_INFO(ul);
	case CL_KERNEL_GLOBAL_WORK_SIZE:
		return CL_INVALID_VALUE;	/* custom devices only */
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clGetKernelSubGroupInfo(cl_kernel kn, cl_device_id d,
			cl_kernel_sub_group_info param_name, size_t in_size,
			const void *in, size_t param_value_size,
			void *param_value, size_t *param_value_size_ret)
{
	(void)d;
	(void)param_name;
	(void)in_size;
	(void)in;
	(void)param_value_size;
	(void)param_value;
	(void)param_value_size_ret;
	/* No sub-groups (CL_DEVICE_MAX_NUM_SUB_GROUPS is 0). */
	return OCL_IS(kn, KERNEL) ? CL_INVALID_OPERATION : CL_INVALID_KERNEL;
}

/* Work-group size when the application gives none. */
static cl_int pick_local(const size_t *global, cl_uint dims, size_t *local)
{
	size_t left = OCL_MAX_WG, l;
	cl_uint d;

	for (d = 0; d < dims; d++) {
		/* The largest divisor that fits, and a grid that fits. */
		for (l = left < global[d] ? left : global[d]; l > 1; l--)
			if (global[d] % l == 0)
				break;
		if (global[d] / l > OCL_MAX_GRID)
			return CL_INVALID_GLOBAL_WORK_SIZE;
		local[d] = l;
		left /= l;
	}
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueNDRangeKernel(cl_command_queue q, cl_kernel kn, cl_uint dims,
		       const size_t *offset, const size_t *global,
		       const size_t *local, cl_uint nwait,
		       const cl_event *wait, cl_event *event)
{
	const uint32_t *reqd;
	struct ocl_cmd *cmd;
	size_t wg = 1;
	cl_int err;
	cl_uint d, i;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!OCL_IS(kn, KERNEL))
		return CL_INVALID_KERNEL;
	if (kn->program->context != q->context)
		return CL_INVALID_CONTEXT;
	if (dims < 1 || dims > 3)
		return CL_INVALID_WORK_DIMENSION;
	if (!global)
		return CL_INVALID_GLOBAL_WORK_SIZE;
	for (i = 0; i < kn->k->nargs; i++)
		if (!kn->args[i].set)
			return CL_INVALID_KERNEL_ARGS;
	cmd = ocl_cmd_new(OCL_CMD_NDRANGE);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	cmd->u.nd.dims = dims;
	reqd = kn->k->reqd_work_group_size;
	for (d = 0; d < 3; d++) {
		cmd->u.nd.global[d] = d < dims ? global[d] : 1;
		cmd->u.nd.offset[d] = d < dims && offset ? offset[d] : 0;
		cmd->u.nd.local[d] = d < dims && local ? local[d] :
				     d < dims && reqd[0] ? reqd[d] : 1;
	}
	err = CL_INVALID_GLOBAL_WORK_SIZE;
	for (d = 0; d < dims; d++)
		if (!global[d])
			goto fail;
	if (!local && !reqd[0]) {
		err = pick_local(global, dims, cmd->u.nd.local);
		if (err)
			goto fail;
	}
	err = CL_INVALID_WORK_GROUP_SIZE;
	for (d = 0; d < 3; d++) {
		size_t l = cmd->u.nd.local[d];

		if (!l || cmd->u.nd.global[d] % l)
			goto fail;
		if (reqd[0] && l != reqd[d])
			goto fail;
		wg *= l;
	}
	if (wg > OCL_MAX_WG)
		goto fail;
	err = CL_INVALID_GLOBAL_WORK_SIZE;
	for (d = 0; d < 3; d++)
		if (cmd->u.nd.global[d] / cmd->u.nd.local[d] > OCL_MAX_GRID)
			goto fail;
	cmd->u.nd.kernel = ocl_kernel_snapshot(kn, &err);
	if (!cmd->u.nd.kernel)
		goto fail;
	return ocl_enqueue(q, cmd, CL_COMMAND_NDRANGE_KERNEL, nwait, wait,
			   event, false);
fail:
	ocl_cmd_free(cmd);
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueTask(cl_command_queue q, cl_kernel kn, cl_uint nwait,
	      const cl_event *wait, cl_event *event)
{
	static const size_t one[1] = { 1 };

	return clEnqueueNDRangeKernel(q, kn, 1, NULL, one, one, nwait, wait,
				      event);
}

/* From the queue's thread: one launch, waited for. */
cl_int ocl_kernel_run(cl_command_queue q, struct ocl_cmd *cmd)
{
	cl_kernel kn = cmd->u.nd.kernel;
	const struct gpsvm_clc_kernel *k = kn->k;
	cl_device_id d = q->device;
	cl_program p = kn->program;
	uint64_t off[3], va;
	uint32_t shared = k->shared_size;
	struct drm_gpsvm_exec e = {
		.channel = q->chan,
		.entry = (uint32_t)k->entry,
		.args_va = q->args_va,
		.arg_size = k->arg_size,
		.out_syncobj = q->sync,
		.private_size = k->private_size,
	};
	cl_uint i;
	int ret;

	if (k->arg_size > OCL_ARGS_SIZE)
		return CL_OUT_OF_RESOURCES;
	if (ocl_program_upload(p, d))
		return CL_OUT_OF_RESOURCES;
	memcpy(q->args, kn->block, k->arg_size);
	for (i = 0; i < k->nargs; i++) {
		if (k->args[i].kind != GPSVM_CLC_ARG_LOCAL)
			continue;
		shared = (shared + LOCAL_ALIGN - 1) & ~(LOCAL_ALIGN - 1);
		va = GPSVM_CLC_SHARED_ADDR(shared);
		gpsvm_clc_arg_set(k, q->args, i, kn->args[i].local_size, &va);
		shared += (kn->args[i].local_size + 7) & ~7u;
	}
	if (shared > OCL_MAX_SHARED)
		return CL_OUT_OF_RESOURCES;
	for (i = 0; i < 3; i++) {
		off[i] = cmd->u.nd.offset[i];
		e.grid[i] = cmd->u.nd.global[i] / cmd->u.nd.local[i];
		e.block[i] = cmd->u.nd.local[i];
	}
	gpsvm_clc_args_hidden(k, q->args, cmd->u.nd.dims, off,
			      (uintptr_t)p->data);
	e.code_va = p->code[d->index].va;
	e.code_words = p->prog->ncode;
	e.shared_size = shared;
	ret = gpsvm_exec(d->fd, &e);
	if (!ret)
		ret = gpsvm_syncobj_wait(d->fd, q->sync, JOB_WAIT_NS);
	if (ret) {
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "gpsvm: kernel %s on %s failed: %s", k->name, d->name,
			 strerror(-ret));
		ocl_context_notify(q->context, msg);
		return CL_OUT_OF_RESOURCES;
	}
	return CL_SUCCESS;
}
