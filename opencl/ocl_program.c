// SPDX-License-Identifier: MIT
/*
 * Programs (built by the gpsvm OpenCL C compiler, or read back from its
 * binary), kernels and their arguments, and kernel launches.
 *
 * A program is the same code on every device (one ISA): its code image is
 * a buffer object in each device's window, uploaded at the first launch
 * there; its data image (__constant and program-scope __global data) is
 * process memory, shared by the devices through SVM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_ocl.h"

#define JOB_WAIT_NS	(3600ll * 1000000000ll)

static cl_program program_new(cl_context c, cl_int *err)
{
	cl_program p = calloc(1, sizeof(*p));

	if (!p) {
		*err = CL_OUT_OF_HOST_MEMORY;
		return NULL;
	}
	p->context = c;
	clRetainContext(c);
	p->status = CL_BUILD_NONE;
	p->binary_type = CL_PROGRAM_BINARY_TYPE_NONE;
	pthread_mutex_init(&p->lock, NULL);
	ocl_init(p, OCL_MAGIC_PROGRAM);
	*err = CL_SUCCESS;
	return p;
}

CL_API_ENTRY cl_program CL_API_CALL
clCreateProgramWithSource(cl_context c, cl_uint count, const char **strings,
			  const size_t *lengths, cl_int *errcode_ret)
{
	cl_program p = NULL;
	size_t total = 0, len;
	cl_int err = CL_SUCCESS;
	cl_uint i;

	if (!OCL_IS(c, CONTEXT)) {
		err = CL_INVALID_CONTEXT;
		goto out;
	}
	if (!count || !strings) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (!strings[i]) {
			err = CL_INVALID_VALUE;
			goto out;
		}
		total += lengths && lengths[i] ? lengths[i] : strlen(strings[i]);
	}
	p = program_new(c, &err);
	if (!p)
		goto out;
	p->source = malloc(total + 1);
	if (!p->source) {
		clReleaseProgram(p);
		p = NULL;
		err = CL_OUT_OF_HOST_MEMORY;
		goto out;
	}
	for (total = 0, i = 0; i < count; i++) {
		len = lengths && lengths[i] ? lengths[i] : strlen(strings[i]);
		memcpy(p->source + total, strings[i], len);
		total += len;
	}
	p->source[total] = 0;
out:
	if (errcode_ret)
		*errcode_ret = err;
	return p;
}

/* The compiled program's data image, in process memory. */
static cl_int program_set(cl_program p, struct gpsvm_clc_program *prog)
{
	void *data = calloc(1, prog->data_size + 8);

	if (!data) {
		gpsvm_clc_program_free(prog);
		return CL_OUT_OF_HOST_MEMORY;
	}
	memcpy(data, prog->data, prog->data_size);
	p->prog = prog;
	p->data = data;
	return CL_SUCCESS;
}

CL_API_ENTRY cl_program CL_API_CALL
clCreateProgramWithBinary(cl_context c, cl_uint num_devices,
			  const cl_device_id *devs, const size_t *lengths,
			  const unsigned char **binaries, cl_int *binary_status,
			  cl_int *errcode_ret)
{
	struct gpsvm_clc_program *prog = NULL;
	cl_program p = NULL;
	cl_int err = CL_SUCCESS;
	cl_uint i;

	if (!OCL_IS(c, CONTEXT)) {
		err = CL_INVALID_CONTEXT;
		goto out;
	}
	if (!num_devices || !devs || !lengths || !binaries) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	for (i = 0; i < num_devices; i++) {
		if (!OCL_IS(devs[i], DEVICE) || !ocl_context_has(c, devs[i])) {
			err = CL_INVALID_DEVICE;
			goto out;
		}
		if (!lengths[i] || !binaries[i]) {
			err = CL_INVALID_VALUE;
			goto out;
		}
	}
	/* One ISA: every device's binary is the same program. */
	for (i = 0; i < num_devices; i++) {
		struct gpsvm_clc_program *one;
		bool bad = gpsvm_clc_program_read(binaries[i], lengths[i], &one);

		if (binary_status)
			binary_status[i] = bad ? CL_INVALID_BINARY : CL_SUCCESS;
		if (bad) {
			err = CL_INVALID_BINARY;
		} else if (prog) {
			gpsvm_clc_program_free(one);
		} else {
			prog = one;
		}
	}
	if (err)
		goto out;
	p = program_new(c, &err);
	if (!p)
		goto out;
	err = program_set(p, prog);
	prog = NULL;
	if (err) {
		clReleaseProgram(p);
		p = NULL;
		goto out;
	}
	p->binary_type = CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
out:
	gpsvm_clc_program_free(prog);
	if (errcode_ret)
		*errcode_ret = err;
	return p;
}

CL_API_ENTRY cl_program CL_API_CALL
clCreateProgramWithBuiltInKernels(cl_context c, cl_uint num_devices,
				  const cl_device_id *devs,
				  const char *names, cl_int *errcode_ret)
{
	cl_int err = CL_INVALID_VALUE;	/* the device has none */

	(void)num_devices;
	(void)devs;
	(void)names;
	if (!OCL_IS(c, CONTEXT))
		err = CL_INVALID_CONTEXT;
	if (errcode_ret)
		*errcode_ret = err;
	return NULL;
}

CL_API_ENTRY cl_program CL_API_CALL
clCreateProgramWithIL(cl_context c, const void *il, size_t length,
		      cl_int *errcode_ret)
{
	cl_int err = CL_INVALID_OPERATION;	/* no IL is supported */

	(void)il;
	(void)length;
	if (!OCL_IS(c, CONTEXT))
		err = CL_INVALID_CONTEXT;
	if (errcode_ret)
		*errcode_ret = err;
	return NULL;
}

static void program_free(cl_program p)
{
	struct ocl_callback *cb;
	cl_uint i;

	while ((cb = p->release_cbs)) {
		p->release_cbs = cb->next;
		((void (CL_CALLBACK *)(cl_program, void *))cb->fn)(p, cb->data);
		free(cb);
	}
	for (i = 0; i < p->context->ndevices; i++) {
		cl_device_id d = p->context->devices[i];
		struct ocl_dev_code *dc = &p->code[d->index];

		if (!dc->va)
			continue;
		gpsvm_vm_unmap(d->fd, dc->va, dc->size);
		gpsvm_bo_close(d->fd, dc->bo);
		ocl_window_free(d, dc->va, dc->size);
	}
	gpsvm_clc_program_free(p->prog);
	free(p->data);
	free(p->source);
	free(p->options);
	free(p->log);
	pthread_mutex_destroy(&p->lock);
	clReleaseContext(p->context);
	ocl_free(p);
}

CL_API_ENTRY cl_int CL_API_CALL clRetainProgram(cl_program p)
{
	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	ocl_retain(p);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseProgram(cl_program p)
{
	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	if (ocl_release(p))
		program_free(p);
	return CL_SUCCESS;
}

/* Devices a build names must be the context's. */
static cl_int check_devices(cl_program p, cl_uint n, const cl_device_id *devs)
{
	cl_uint i;

	if ((!n) != (!devs))
		return CL_INVALID_VALUE;
	for (i = 0; i < n; i++)
		if (!OCL_IS(devs[i], DEVICE) ||
		    !ocl_context_has(p->context, devs[i]))
			return CL_INVALID_DEVICE;
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clBuildProgram(cl_program p, cl_uint num_devices, const cl_device_id *devs,
	       const char *options,
	       void (CL_CALLBACK *notify)(cl_program, void *),
	       void *user_data)
{
	struct gpsvm_clc_program *prog = NULL;
	char *log = NULL;
	cl_int err;
	int ret;

	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	err = check_devices(p, num_devices, devs);
	if (err)
		return err;
	if (!notify && user_data)
		return CL_INVALID_VALUE;
	pthread_mutex_lock(&p->lock);
	if (__atomic_load_n(&p->kernels, __ATOMIC_ACQUIRE)) {
		err = CL_INVALID_OPERATION;
		goto out;
	}
	free(p->options);
	p->options = strdup(options ? options : "");
	if (!p->source) {
		/* From a binary: nothing to compile. */
		p->status = CL_BUILD_SUCCESS;
		goto out;
	}
	p->status = CL_BUILD_IN_PROGRESS;
	ret = gpsvm_clc_build(p->source, options ? options : "", &prog, &log);
	free(p->log);
	p->log = log;
	if (ret == -EINVAL && log && strstr(log, "unknown option")) {
		err = CL_INVALID_BUILD_OPTIONS;
	} else if (ret) {
		err = CL_BUILD_PROGRAM_FAILURE;
	} else {
		gpsvm_clc_program_free(p->prog);
		free(p->data);
		p->prog = NULL;
		p->data = NULL;
		err = program_set(p, prog);
	}
	p->status = err ? CL_BUILD_ERROR : CL_BUILD_SUCCESS;
	if (!err)
		p->binary_type = CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
out:
	pthread_mutex_unlock(&p->lock);
	if (notify)
		notify(p, user_data);
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL
clCompileProgram(cl_program p, cl_uint num_devices, const cl_device_id *devs,
		 const char *options, cl_uint num_headers,
		 const cl_program *headers, const char **header_names,
		 void (CL_CALLBACK *notify)(cl_program, void *),
		 void *user_data)
{
	(void)num_devices;
	(void)devs;
	(void)options;
	(void)num_headers;
	(void)headers;
	(void)header_names;
	(void)notify;
	(void)user_data;
	/* Separate compilation is not offered: CL_DEVICE_LINKER_AVAILABLE. */
	return OCL_IS(p, PROGRAM) ? CL_COMPILER_NOT_AVAILABLE :
				    CL_INVALID_PROGRAM;
}

CL_API_ENTRY cl_program CL_API_CALL
clLinkProgram(cl_context c, cl_uint num_devices, const cl_device_id *devs,
	      const char *options, cl_uint num_programs,
	      const cl_program *programs,
	      void (CL_CALLBACK *notify)(cl_program, void *),
	      void *user_data, cl_int *errcode_ret)
{
	(void)num_devices;
	(void)devs;
	(void)options;
	(void)num_programs;
	(void)programs;
	(void)notify;
	(void)user_data;
	if (errcode_ret)
		*errcode_ret = OCL_IS(c, CONTEXT) ? CL_LINKER_NOT_AVAILABLE :
						    CL_INVALID_CONTEXT;
	return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL
clUnloadPlatformCompiler(cl_platform_id platform)
{
	return platform == &ocl_platform ? CL_SUCCESS : CL_INVALID_PLATFORM;
}

CL_API_ENTRY cl_int CL_API_CALL clUnloadCompiler(void)
{
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetProgramReleaseCallback(cl_program p,
			    void (CL_CALLBACK *fn)(cl_program, void *),
			    void *user_data)
{
	struct ocl_callback *cb;

	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	if (!fn)
		return CL_INVALID_VALUE;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return CL_OUT_OF_HOST_MEMORY;
	cb->fn = (void (CL_CALLBACK *)())fn;
	cb->data = user_data;
	pthread_mutex_lock(&p->lock);
	cb->next = p->release_cbs;
	p->release_cbs = cb;
	pthread_mutex_unlock(&p->lock);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetProgramSpecializationConstant(cl_program p, cl_uint id, size_t size,
				   const void *value)
{
	(void)id;
	(void)size;
	(void)value;
	/* Only IL programs have specialization constants. */
	(void)p;
	return CL_INVALID_PROGRAM;
}

/* "a;b;c": the kernel names, in the program's order. */
static char *kernel_names(const struct gpsvm_clc_program *prog)
{
	size_t len = 1;
	char *s;
	cl_uint i;

	for (i = 0; i < prog->nkernels; i++)
		len += strlen(prog->kernels[i].name) + 1;
	s = calloc(1, len);
	for (i = 0; s && i < prog->nkernels; i++) {
		if (i)
			strcat(s, ";");
		strcat(s, prog->kernels[i].name);
	}
	return s;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetProgramInfo(cl_program p, cl_program_info param_name,
		 size_t param_value_size, void *param_value,
		 size_t *param_value_size_ret)
{
	size_t sizes[OCL_MAX_DEVICES], n, sz;
	cl_uint u, i;
	cl_bool b = CL_FALSE;
	void *bin = NULL;
	char *names;
	cl_int err;

	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	n = p->context->ndevices;
	switch (param_name) {
	case CL_PROGRAM_REFERENCE_COUNT:
		u = __atomic_load_n(&p->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_PROGRAM_CONTEXT:
		return OCL_INFO(p->context);
	case CL_PROGRAM_NUM_DEVICES:
		return OCL_INFO(p->context->ndevices);
	case CL_PROGRAM_DEVICES:
		return ocl_info(p->context->devices, n * sizeof(cl_device_id),
				param_value_size, param_value,
				param_value_size_ret);
	case CL_PROGRAM_SOURCE:
		return OCL_INFO_STR(p->source ? p->source : "");
	case CL_PROGRAM_IL:
		return ocl_info(NULL, 0, param_value_size, param_value,
				param_value_size_ret);
	case CL_PROGRAM_SCOPE_GLOBAL_CTORS_PRESENT:
	case CL_PROGRAM_SCOPE_GLOBAL_DTORS_PRESENT:
		return OCL_INFO(b);
	default:
		break;
	}

	pthread_mutex_lock(&p->lock);
	err = CL_INVALID_PROGRAM_EXECUTABLE;
	if (!p->prog)
		goto out;
	switch (param_name) {
	case CL_PROGRAM_BINARY_SIZES:
	case CL_PROGRAM_BINARIES:
		err = CL_OUT_OF_HOST_MEMORY;
		if (gpsvm_clc_program_write(p->prog, &bin, &sz))
			goto out;
		if (param_name == CL_PROGRAM_BINARY_SIZES) {
			for (i = 0; i < n; i++)
				sizes[i] = sz;
			err = ocl_info(sizes, n * sizeof(size_t),
				       param_value_size, param_value,
				       param_value_size_ret);
			break;
		}
		/* param_value holds the application's pointers: fill those. */
		err = CL_SUCCESS;
		if (param_value && param_value_size < n * sizeof(void *))
			err = CL_INVALID_VALUE;
		if (param_value_size_ret)
			*param_value_size_ret = n * sizeof(void *);
		for (i = 0; !err && param_value && i < n; i++)
			if (((unsigned char **)param_value)[i])
				memcpy(((unsigned char **)param_value)[i], bin,
				       sz);
		break;
	case CL_PROGRAM_NUM_KERNELS:
		sz = p->prog->nkernels;
		err = OCL_INFO(sz);
		break;
	case CL_PROGRAM_KERNEL_NAMES:
		names = kernel_names(p->prog);
		err = names ? OCL_INFO_STR(names) : CL_OUT_OF_HOST_MEMORY;
		free(names);
		break;
	default:
		err = CL_INVALID_VALUE;
	}
out:
	pthread_mutex_unlock(&p->lock);
	free(bin);
	return err;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetProgramBuildInfo(cl_program p, cl_device_id d,
		      cl_program_build_info param_name,
		      size_t param_value_size, void *param_value,
		      size_t *param_value_size_ret)
{
	size_t sz;

	if (!OCL_IS(p, PROGRAM))
		return CL_INVALID_PROGRAM;
	if (!OCL_IS(d, DEVICE) || !ocl_context_has(p->context, d))
		return CL_INVALID_DEVICE;
	switch (param_name) {
	case CL_PROGRAM_BUILD_STATUS:
		return OCL_INFO(p->status);
	case CL_PROGRAM_BUILD_OPTIONS:
		return OCL_INFO_STR(p->options ? p->options : "");
	case CL_PROGRAM_BUILD_LOG:
		return OCL_INFO_STR(p->log ? p->log : "");
	case CL_PROGRAM_BINARY_TYPE:
		return OCL_INFO(p->binary_type);
	case CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE:
		sz = p->prog ? p->prog->data_size : 0;
		return OCL_INFO(sz);
	default:
		return CL_INVALID_VALUE;
	}
}

/* The program's code in device d's window, uploaded once. */
cl_int ocl_program_upload(cl_program p, cl_device_id d)
{
	struct ocl_dev_code *dc = &p->code[d->index];
	uint64_t size = (uint64_t)p->prog->ncode * 8;
	cl_int err = CL_SUCCESS;
	void *map;

	pthread_mutex_lock(&p->lock);
	if (dc->va)
		goto out;
	err = CL_OUT_OF_RESOURCES;
	size = (size + 0xffff) & ~0xffffull;
	if (gpsvm_bo_create(d->fd, size, 0, &dc->bo))
		goto out;
	if (gpsvm_bo_mmap(d->fd, dc->bo, size, &map))
		goto close;
	memcpy(map, p->prog->code, (size_t)p->prog->ncode * 8);
	munmap(map, size);
	if (ocl_window_alloc(d, size, &dc->va))
		goto close;
	if (gpsvm_vm_map(d->fd, dc->bo, 0, dc->va, size, 0)) {
		ocl_window_free(d, dc->va, size);
		goto close;
	}
	dc->size = size;
	err = CL_SUCCESS;
	goto out;
close:
	gpsvm_bo_close(d->fd, dc->bo);
	dc->va = 0;
out:
	pthread_mutex_unlock(&p->lock);
	return err;
}
