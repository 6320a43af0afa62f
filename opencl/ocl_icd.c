// SPDX-License-Identifier: MIT
/*
 * The ICD's dispatch table, its extension entry points, and the API of
 * features the device does not have (images, samplers, pipes, native
 * kernels), which fails as OpenCL 3.0 specifies for them.
 *
 * The library is linked with -Bsymbolic: the table must point at these
 * functions, not at the loader's own clGetPlatformInfo and friends.
 */
#include <string.h>

#include "gpsvm_ocl.h"

/* Optional in OpenCL 3.0 and reported absent: CL_INVALID_OPERATION. */
#define NO_OBJECT(type, name, ...) \
	CL_API_ENTRY type CL_API_CALL name(__VA_ARGS__, cl_int *errcode_ret) \
	{ \
		if (errcode_ret) \
			*errcode_ret = CL_INVALID_OPERATION; \
		return NULL; \
	}
#define NO_CALL(name, ...) \
	CL_API_ENTRY cl_int CL_API_CALL name(__VA_ARGS__) \
	{ \
		return CL_INVALID_OPERATION; \
	}

NO_OBJECT(cl_mem, clCreateImage, cl_context c, cl_mem_flags f,
	  const cl_image_format *fmt, const cl_image_desc *desc, void *host)
NO_OBJECT(cl_mem, clCreateImageWithProperties, cl_context c,
	  const cl_mem_properties *props, cl_mem_flags f,
	  const cl_image_format *fmt, const cl_image_desc *desc, void *host)
NO_OBJECT(cl_mem, clCreateImage2D, cl_context c, cl_mem_flags f,
	  const cl_image_format *fmt, size_t w, size_t h, size_t pitch,
	  void *host)
NO_OBJECT(cl_mem, clCreateImage3D, cl_context c, cl_mem_flags f,
	  const cl_image_format *fmt, size_t w, size_t h, size_t d,
	  size_t row, size_t slice, void *host)
NO_OBJECT(cl_mem, clCreatePipe, cl_context c, cl_mem_flags f, cl_uint size,
	  cl_uint max, const cl_pipe_properties *props)
NO_OBJECT(cl_sampler, clCreateSampler, cl_context c, cl_bool norm,
	  cl_addressing_mode a, cl_filter_mode f)
NO_OBJECT(cl_sampler, clCreateSamplerWithProperties, cl_context c,
	  const cl_sampler_properties *props)
NO_CALL(clGetSupportedImageFormats, cl_context c, cl_mem_flags f,
	cl_mem_object_type t, cl_uint n, cl_image_format *fmts, cl_uint *ret)
NO_CALL(clGetImageInfo, cl_mem m, cl_image_info p, size_t s, void *v,
	size_t *r)
NO_CALL(clGetPipeInfo, cl_mem m, cl_pipe_info p, size_t s, void *v,
	size_t *r)
NO_CALL(clRetainSampler, cl_sampler s)
NO_CALL(clReleaseSampler, cl_sampler s)
NO_CALL(clGetSamplerInfo, cl_sampler smp, cl_sampler_info p, size_t s,
	void *v, size_t *r)
NO_CALL(clEnqueueReadImage, cl_command_queue q, cl_mem m, cl_bool b,
	const size_t *o, const size_t *rg, size_t row, size_t slice, void *p,
	cl_uint n, const cl_event *w, cl_event *e)
NO_CALL(clEnqueueWriteImage, cl_command_queue q, cl_mem m, cl_bool b,
	const size_t *o, const size_t *rg, size_t row, size_t slice,
	const void *p, cl_uint n, const cl_event *w, cl_event *e)
NO_CALL(clEnqueueFillImage, cl_command_queue q, cl_mem m, const void *c,
	const size_t *o, const size_t *rg, cl_uint n, const cl_event *w,
	cl_event *e)
NO_CALL(clEnqueueCopyImage, cl_command_queue q, cl_mem s, cl_mem d,
	const size_t *so, const size_t *dst, const size_t *rg, cl_uint n,
	const cl_event *w, cl_event *e)
NO_CALL(clEnqueueCopyImageToBuffer, cl_command_queue q, cl_mem s, cl_mem d,
	const size_t *so, const size_t *rg, size_t off, cl_uint n,
	const cl_event *w, cl_event *e)
NO_CALL(clEnqueueCopyBufferToImage, cl_command_queue q, cl_mem s, cl_mem d,
	size_t off, const size_t *dst, const size_t *rg, cl_uint n,
	const cl_event *w, cl_event *e)
NO_CALL(clEnqueueNativeKernel, cl_command_queue q,
	void (CL_CALLBACK *fn)(void *), void *args, size_t size, cl_uint nm,
	const cl_mem *ml, const void **loc, cl_uint n, const cl_event *w,
	cl_event *e)

CL_API_ENTRY void *CL_API_CALL
clEnqueueMapImage(cl_command_queue q, cl_mem m, cl_bool b, cl_map_flags f,
		  const size_t *o, const size_t *rg, size_t *row, size_t *slice,
		  cl_uint n, const cl_event *w, cl_event *e, cl_int *errcode_ret)
{
	if (errcode_ret)
		*errcode_ret = CL_INVALID_OPERATION;
	return NULL;
}

CL_API_ENTRY void *CL_API_CALL
clGetExtensionFunctionAddressForPlatform(cl_platform_id platform,
					 const char *name)
{
	if (platform != &ocl_platform || !name)
		return NULL;
	if (!strcmp(name, "clIcdGetPlatformIDsKHR"))
		return (void *)clIcdGetPlatformIDsKHR;
	return NULL;
}

CL_API_ENTRY void *CL_API_CALL clGetExtensionFunctionAddress(const char *name)
{
	return clGetExtensionFunctionAddressForPlatform(&ocl_platform, name);
}

#define E(fn) .fn = fn

struct _cl_icd_dispatch ocl_dispatch = {
	E(clGetPlatformIDs), E(clGetPlatformInfo), E(clGetDeviceIDs),
	E(clGetDeviceInfo), E(clCreateContext), E(clCreateContextFromType),
	E(clRetainContext), E(clReleaseContext), E(clGetContextInfo),
	E(clCreateCommandQueue), E(clRetainCommandQueue),
	E(clReleaseCommandQueue), E(clGetCommandQueueInfo),
	E(clSetCommandQueueProperty), E(clCreateBuffer), E(clCreateImage2D),
	E(clCreateImage3D), E(clRetainMemObject), E(clReleaseMemObject),
	E(clGetSupportedImageFormats), E(clGetMemObjectInfo),
	E(clGetImageInfo), E(clCreateSampler), E(clRetainSampler),
	E(clReleaseSampler), E(clGetSamplerInfo),
	E(clCreateProgramWithSource), E(clCreateProgramWithBinary),
	E(clRetainProgram), E(clReleaseProgram), E(clBuildProgram),
	E(clUnloadCompiler), E(clGetProgramInfo), E(clGetProgramBuildInfo),
	E(clCreateKernel), E(clCreateKernelsInProgram), E(clRetainKernel),
	E(clReleaseKernel), E(clSetKernelArg), E(clGetKernelInfo),
	E(clGetKernelWorkGroupInfo), E(clWaitForEvents), E(clGetEventInfo),
	E(clRetainEvent), E(clReleaseEvent), E(clGetEventProfilingInfo),
	E(clFlush), E(clFinish), E(clEnqueueReadBuffer),
	E(clEnqueueWriteBuffer), E(clEnqueueCopyBuffer),
	E(clEnqueueReadImage), E(clEnqueueWriteImage), E(clEnqueueCopyImage),
	E(clEnqueueCopyImageToBuffer), E(clEnqueueCopyBufferToImage),
	E(clEnqueueMapBuffer), E(clEnqueueMapImage),
	E(clEnqueueUnmapMemObject), E(clEnqueueNDRangeKernel),
	E(clEnqueueTask), E(clEnqueueNativeKernel), E(clEnqueueMarker),
	E(clEnqueueWaitForEvents), E(clEnqueueBarrier),
	E(clGetExtensionFunctionAddress), E(clSetEventCallback),
	E(clCreateSubBuffer), E(clSetMemObjectDestructorCallback),
	E(clCreateUserEvent), E(clSetUserEventStatus),
	E(clEnqueueReadBufferRect), E(clEnqueueWriteBufferRect),
	E(clEnqueueCopyBufferRect), E(clCreateSubDevices), E(clRetainDevice),
	E(clReleaseDevice), E(clCreateImage),
	E(clCreateProgramWithBuiltInKernels), E(clCompileProgram),
	E(clLinkProgram), E(clUnloadPlatformCompiler), E(clGetKernelArgInfo),
	E(clEnqueueFillBuffer), E(clEnqueueFillImage),
	E(clEnqueueMigrateMemObjects), E(clEnqueueMarkerWithWaitList),
	E(clEnqueueBarrierWithWaitList),
	E(clGetExtensionFunctionAddressForPlatform),
	E(clCreateCommandQueueWithProperties), E(clCreatePipe),
	E(clGetPipeInfo), E(clSVMAlloc), E(clSVMFree), E(clEnqueueSVMFree),
	E(clEnqueueSVMMemcpy), E(clEnqueueSVMMemFill), E(clEnqueueSVMMap),
	E(clEnqueueSVMUnmap), E(clCreateSamplerWithProperties),
	E(clSetKernelArgSVMPointer), E(clSetKernelExecInfo),
	E(clGetKernelSubGroupInfo), E(clCloneKernel), E(clCreateProgramWithIL),
	E(clEnqueueSVMMigrateMem), E(clGetDeviceAndHostTimer),
	E(clGetHostTimer), E(clSetDefaultDeviceCommandQueue),
	E(clSetProgramReleaseCallback),
	E(clSetProgramSpecializationConstant),
	E(clCreateBufferWithProperties), E(clCreateImageWithProperties),
	E(clSetContextDestructorCallback),
};
