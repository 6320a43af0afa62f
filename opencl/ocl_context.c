// SPDX-License-Identifier: MIT
/*
 * Contexts: a set of this platform's devices, each opened (and made this
 * process's SVM) while a context holds it.
 */
#include <stdlib.h>
#include <string.h>

#include "gpsvm_ocl.h"

bool ocl_context_has(cl_context c, cl_device_id d)
{
	cl_uint i;

	for (i = 0; i < c->ndevices; i++)
		if (c->devices[i] == d)
			return true;
	return false;
}

void ocl_context_notify(cl_context c, const char *msg)
{
	if (c->notify)
		c->notify(msg, NULL, 0, c->notify_data);
}

struct ocl_svm *ocl_svm_find(cl_context c, const void *p)
{
	struct ocl_svm *s;

	for (s = c->svm; s; s = s->next)
		if ((const char *)p >= (char *)s->ptr &&
		    (const char *)p < (char *)s->ptr + s->size)
			return s;
	return NULL;
}

/* Check the properties; copy them for clGetContextInfo. */
static cl_int context_props(cl_context c, const cl_context_properties *props)
{
	size_t n = 0;

	if (!props)
		return CL_SUCCESS;
	for (; props[n]; n += 2) {
		switch (props[n]) {
		case CL_CONTEXT_PLATFORM:
			if ((cl_platform_id)props[n + 1] != &ocl_platform)
				return CL_INVALID_PLATFORM;
			break;
		case CL_CONTEXT_INTEROP_USER_SYNC:
			break;
		default:
			return CL_INVALID_PROPERTY;
		}
	}
	c->nprops = n + 1;
	c->props = malloc(c->nprops * sizeof(*props));
	if (!c->props)
		return CL_OUT_OF_HOST_MEMORY;
	memcpy(c->props, props, c->nprops * sizeof(*props));
	return CL_SUCCESS;
}

static void context_free(cl_context c)
{
	struct ocl_callback *cb;
	struct ocl_svm *s;
	cl_uint i;

	while ((cb = c->destructors)) {
		c->destructors = cb->next;
		((void (CL_CALLBACK *)(cl_context, void *))cb->fn)(c, cb->data);
		free(cb);
	}
	while ((s = c->svm)) {
		c->svm = s->next;
		free(s->ptr);
		free(s);
	}
	for (i = 0; i < c->ndevices; i++)
		ocl_device_close(c->devices[i]);
	free(c->props);
	pthread_mutex_destroy(&c->lock);
	ocl_free(c);
}

CL_API_ENTRY cl_context CL_API_CALL
clCreateContext(const cl_context_properties *props, cl_uint num_devices,
		const cl_device_id *devs,
		void (CL_CALLBACK *notify)(const char *, const void *, size_t,
					   void *),
		void *user_data, cl_int *errcode_ret)
{
	cl_context c = NULL;
	cl_int err = CL_SUCCESS;
	cl_uint i, j;

	if (!num_devices || !devs || (!notify && user_data)) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (num_devices > OCL_MAX_DEVICES) {
		err = CL_INVALID_DEVICE;
		goto out;
	}
	for (i = 0; i < num_devices; i++) {
		if (!OCL_IS(devs[i], DEVICE)) {
			err = CL_INVALID_DEVICE;
			goto out;
		}
		for (j = 0; j < i; j++)
			if (devs[j] == devs[i]) {
				err = CL_INVALID_DEVICE;
				goto out;
			}
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		err = CL_OUT_OF_HOST_MEMORY;
		goto out;
	}
	err = context_props(c, props);
	if (err)
		goto out_free;
	for (i = 0; i < num_devices; i++) {
		if (ocl_device_open(devs[i])) {
			while (i--)
				ocl_device_close(devs[i]);
			err = CL_DEVICE_NOT_AVAILABLE;
			goto out_free;
		}
		c->devices[i] = devs[i];
	}
	c->ndevices = num_devices;
	c->notify = notify;
	c->notify_data = user_data;
	pthread_mutex_init(&c->lock, NULL);
	ocl_init(c, OCL_MAGIC_CONTEXT);
	goto out;

out_free:
	free(c->props);
	free(c);
	c = NULL;
out:
	if (errcode_ret)
		*errcode_ret = err;
	return c;
}

CL_API_ENTRY cl_context CL_API_CALL
clCreateContextFromType(const cl_context_properties *props,
			cl_device_type type,
			void (CL_CALLBACK *notify)(const char *, const void *,
						   size_t, void *),
			void *user_data, cl_int *errcode_ret)
{
	cl_device_id devs[OCL_MAX_DEVICES];
	cl_uint n = 0;
	cl_int err;

	err = clGetDeviceIDs(&ocl_platform, type, OCL_MAX_DEVICES, devs, &n);
	if (err) {
		if (errcode_ret)
			*errcode_ret = err;
		return NULL;
	}
	return clCreateContext(props, n, devs, notify, user_data, errcode_ret);
}

CL_API_ENTRY cl_int CL_API_CALL clRetainContext(cl_context c)
{
	if (!OCL_IS(c, CONTEXT))
		return CL_INVALID_CONTEXT;
	ocl_retain(c);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseContext(cl_context c)
{
	if (!OCL_IS(c, CONTEXT))
		return CL_INVALID_CONTEXT;
	if (ocl_release(c))
		context_free(c);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetContextInfo(cl_context c, cl_context_info param_name,
		 size_t param_value_size, void *param_value,
		 size_t *param_value_size_ret)
{
	cl_uint u;

	if (!OCL_IS(c, CONTEXT))
		return CL_INVALID_CONTEXT;
	switch (param_name) {
	case CL_CONTEXT_REFERENCE_COUNT:
		u = __atomic_load_n(&c->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_CONTEXT_NUM_DEVICES:
		return OCL_INFO(c->ndevices);
	case CL_CONTEXT_DEVICES:
		return ocl_info(c->devices, c->ndevices * sizeof(cl_device_id),
				param_value_size, param_value,
				param_value_size_ret);
	case CL_CONTEXT_PROPERTIES:
		return ocl_info(c->props, c->nprops * sizeof(*c->props),
				param_value_size, param_value,
				param_value_size_ret);
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clSetContextDestructorCallback(cl_context c,
			       void (CL_CALLBACK *fn)(cl_context, void *),
			       void *user_data)
{
	struct ocl_callback *cb;

	if (!OCL_IS(c, CONTEXT))
		return CL_INVALID_CONTEXT;
	if (!fn)
		return CL_INVALID_VALUE;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return CL_OUT_OF_HOST_MEMORY;
	cb->fn = (void (CL_CALLBACK *)())fn;
	cb->data = user_data;
	pthread_mutex_lock(&c->lock);
	cb->next = c->destructors;	/* called in reverse order */
	c->destructors = cb;
	pthread_mutex_unlock(&c->lock);
	return CL_SUCCESS;
}
