// SPDX-License-Identifier: MIT
/*
 * The platform, its devices (one per gpsvm GPU) and what they report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_ocl.h"

#define OCL_VERSION		"OpenCL 3.0 gpsvm " GPSVM_OCL_VERSION
#define OCL_EXTENSIONS		"cl_khr_icd cl_khr_byte_addressable_store " \
	"cl_khr_global_int32_base_atomics cl_khr_global_int32_extended_atomics " \
	"cl_khr_local_int32_base_atomics cl_khr_local_int32_extended_atomics " \
	"cl_khr_int64_base_atomics cl_khr_int64_extended_atomics"

struct _cl_platform_id ocl_platform;
static struct _cl_device_id devices[OCL_MAX_DEVICES];
static cl_uint ndevices;
static pthread_once_t once = PTHREAD_ONCE_INIT;

bool ocl_is(const void *o, uint32_t magic)
{
	const struct ocl_object *obj = o;

	return obj && obj->dispatch == &ocl_dispatch && obj->magic == magic &&
	       __atomic_load_n(&obj->refs, __ATOMIC_ACQUIRE) > 0;
}

void ocl_init(void *o, uint32_t magic)
{
	struct ocl_object *obj = o;

	obj->dispatch = &ocl_dispatch;
	obj->magic = magic;
	obj->refs = 1;
}

void ocl_retain(void *o)
{
	__atomic_add_fetch(&((struct ocl_object *)o)->refs, 1, __ATOMIC_RELAXED);
}

bool ocl_release(void *o)
{
	struct ocl_object *obj = o;

	if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL))
		return false;
	obj->magic = OCL_MAGIC_DEAD;
	return true;
}

/*
 * Released objects are kept, marked dead, for the next OCL_QUARANTINE
 * releases: a handle used after its release then reaches a dispatch
 * table and a dead magic (an "invalid object" error) instead of memory
 * already given to something else, which the ICD loader would jump
 * through.
 */
#define OCL_QUARANTINE	256
static void *quarantine[OCL_QUARANTINE];
static unsigned int quarantine_next;
static pthread_mutex_t quarantine_lock = PTHREAD_MUTEX_INITIALIZER;

void ocl_free(void *o)
{
	void *old;

	((struct ocl_object *)o)->magic = OCL_MAGIC_DEAD;
	pthread_mutex_lock(&quarantine_lock);
	old = quarantine[quarantine_next];
	quarantine[quarantine_next] = o;
	quarantine_next = (quarantine_next + 1) % OCL_QUARANTINE;
	pthread_mutex_unlock(&quarantine_lock);
	free(old);
}

cl_int ocl_info(const void *src, size_t size, size_t param_value_size,
		void *param_value, size_t *param_value_size_ret)
{
	if (param_value) {
		if (param_value_size < size)
			return CL_INVALID_VALUE;
		if (size)
			memcpy(param_value, src, size);
	}
	if (param_value_size_ret)
		*param_value_size_ret = size;
	return CL_SUCCESS;
}

cl_ulong ocl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (cl_ulong)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The GPUs as they are when the platform is first asked for. */
static void enumerate(void)
{
	struct gpsvm_device_info info[OCL_MAX_DEVICES];
	int n = gpsvm_enumerate(info, OCL_MAX_DEVICES), i;

	ocl_init(&ocl_platform, OCL_MAGIC_PLATFORM);
	for (i = 0; i < n && i < OCL_MAX_DEVICES; i++) {
		struct _cl_device_id *d = &devices[ndevices];
		uint64_t chip = 0, nsm = 0;
		int fd = gpsvm_open_node(info[i].node);

		if (fd < 0)
			continue;
		if (gpsvm_get_param(fd, DRM_GPSVM_PARAM_CHIP_ID, &chip) ||
		    gpsvm_get_param(fd, DRM_GPSVM_PARAM_VRAM_SIZE, &d->vram_size) ||
		    gpsvm_get_param(fd, DRM_GPSVM_PARAM_ISA_VERSION,
				    &d->isa_version) ||
		    gpsvm_get_param(fd, DRM_GPSVM_PARAM_SM_COUNT, &nsm) ||
		    d->isa_version < 2) {
			/* A driver too old for compiled code: not a device. */
			close(fd);
			continue;
		}
		close(fd);
		ocl_init(d, OCL_MAGIC_DEVICE);
		d->index = ndevices;
		d->nsm = nsm;
		d->fd = -1;
		snprintf(d->node, sizeof(d->node), "%.63s", info[i].node);
		snprintf(d->name, sizeof(d->name), "gpsvm GP100-class %#x (%.63s)",
			 (unsigned int)chip, info[i].device);
		pthread_mutex_init(&d->lock, NULL);
		ndevices++;
	}
}

cl_uint ocl_device_count(void)
{
	pthread_once(&once, enumerate);
	return ndevices;
}

cl_device_id ocl_device(cl_uint i)
{
	return i < ocl_device_count() ? &devices[i] : NULL;
}

/*
 * The device's file in this process, made the process's SVM at the first
 * context and kept while a context uses it. The window is a PROT_NONE
 * reservation: the CPU never maps anything there.
 */
int ocl_device_open(cl_device_id d)
{
	int ret = 0;

	pthread_mutex_lock(&d->lock);
	if (d->contexts++)
		goto out;
	d->fd = gpsvm_open_node(d->node);
	if (d->fd < 0) {
		ret = d->fd;
		goto fail;
	}
	d->window = mmap(NULL, OCL_WINDOW_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (d->window == MAP_FAILED) {
		ret = -errno;
		goto fail_close;
	}
	ret = gpsvm_svm_init(d->fd, (uintptr_t)d->window, OCL_WINDOW_SIZE);
	if (ret)
		goto fail_unmap;
	d->window_used = 0;
	goto out;

fail_unmap:
	munmap(d->window, OCL_WINDOW_SIZE);
fail_close:
	close(d->fd);
	d->fd = -1;
fail:
	d->contexts--;
out:
	pthread_mutex_unlock(&d->lock);
	return ret;
}

void ocl_device_close(cl_device_id d)
{
	struct ocl_range *r;

	pthread_mutex_lock(&d->lock);
	if (!--d->contexts) {
		close(d->fd);
		d->fd = -1;
		munmap(d->window, OCL_WINDOW_SIZE);
		while ((r = d->free_ranges)) {
			d->free_ranges = r->next;
			free(r);
		}
	}
	pthread_mutex_unlock(&d->lock);
}

/* GPU VA for a buffer object in the window: first fit, else at the end. */
int ocl_window_alloc(cl_device_id d, uint64_t size, uint64_t *va)
{
	struct ocl_range **pr, *r;
	int ret = 0;

	size = (size + 0xffff) & ~0xffffull;
	pthread_mutex_lock(&d->lock);
	for (pr = &d->free_ranges; (r = *pr); pr = &r->next) {
		if (r->size < size)
			continue;
		*va = (uintptr_t)d->window + r->off;
		r->off += size;
		r->size -= size;
		if (!r->size) {
			*pr = r->next;
			free(r);
		}
		goto out;
	}
	if (OCL_WINDOW_SIZE - d->window_used < size) {
		ret = -ENOSPC;
		goto out;
	}
	*va = (uintptr_t)d->window + d->window_used;
	d->window_used += size;
out:
	pthread_mutex_unlock(&d->lock);
	return ret;
}

void ocl_window_free(cl_device_id d, uint64_t va, uint64_t size)
{
	struct ocl_range *r = malloc(sizeof(*r));

	/* Without memory for the record, the range stays used: no harm. */
	if (!r)
		return;
	r->off = va - (uintptr_t)d->window;
	r->size = (size + 0xffff) & ~0xffffull;
	pthread_mutex_lock(&d->lock);
	r->next = d->free_ranges;
	d->free_ranges = r;
	pthread_mutex_unlock(&d->lock);
}

CL_API_ENTRY cl_int CL_API_CALL
clIcdGetPlatformIDsKHR(cl_uint num_entries, cl_platform_id *platforms,
		       cl_uint *num_platforms)
{
	if ((!num_entries && platforms) || (!platforms && !num_platforms))
		return CL_INVALID_VALUE;
	ocl_device_count();
	if (platforms)
		platforms[0] = &ocl_platform;
	if (num_platforms)
		*num_platforms = 1;
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetPlatformIDs(cl_uint num_entries, cl_platform_id *platforms,
		 cl_uint *num_platforms)
{
	return clIcdGetPlatformIDsKHR(num_entries, platforms, num_platforms);
}

CL_API_ENTRY cl_int CL_API_CALL
clGetPlatformInfo(cl_platform_id platform, cl_platform_info param_name,
		  size_t param_value_size, void *param_value,
		  size_t *param_value_size_ret)
{
	static const cl_name_version exts[] = {
		{ CL_MAKE_VERSION(1, 0, 0), "cl_khr_icd" },
	};
	cl_version ver = CL_MAKE_VERSION(3, 0, 0);
	cl_ulong res = 0;

	ocl_device_count();
	if (platform && platform != &ocl_platform)
		return CL_INVALID_PLATFORM;
	switch (param_name) {
	case CL_PLATFORM_PROFILE:
		return OCL_INFO_STR("FULL_PROFILE");
	case CL_PLATFORM_VERSION:
		return OCL_INFO_STR(OCL_VERSION);
	case CL_PLATFORM_NUMERIC_VERSION:
		return OCL_INFO(ver);
	case CL_PLATFORM_NAME:
		return OCL_INFO_STR("gpsvm");
	case CL_PLATFORM_VENDOR:
		return OCL_INFO_STR("gpsvm project");
	case CL_PLATFORM_EXTENSIONS:
		return OCL_INFO_STR("cl_khr_icd");
	case CL_PLATFORM_EXTENSIONS_WITH_VERSION:
		return ocl_info(exts, sizeof(exts), param_value_size,
				param_value, param_value_size_ret);
	case CL_PLATFORM_ICD_SUFFIX_KHR:
		return OCL_INFO_STR("GPSVM");
	case CL_PLATFORM_HOST_TIMER_RESOLUTION:
		res = 1;
		return OCL_INFO(res);
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clGetDeviceIDs(cl_platform_id platform, cl_device_type device_type,
	       cl_uint num_entries, cl_device_id *out, cl_uint *num_devices)
{
	const cl_device_type known = CL_DEVICE_TYPE_DEFAULT |
		CL_DEVICE_TYPE_CPU | CL_DEVICE_TYPE_GPU |
		CL_DEVICE_TYPE_ACCELERATOR | CL_DEVICE_TYPE_CUSTOM;
	cl_uint i, n = ocl_device_count();

	if (platform && platform != &ocl_platform)
		return CL_INVALID_PLATFORM;
	if (device_type != CL_DEVICE_TYPE_ALL && (device_type & ~known))
		return CL_INVALID_DEVICE_TYPE;
	if ((!num_entries && out) || (!out && !num_devices))
		return CL_INVALID_VALUE;
	if (!(device_type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_DEFAULT)))
		n = 0;
	else if (device_type == CL_DEVICE_TYPE_DEFAULT && n)
		n = 1;
	if (!n)
		return CL_DEVICE_NOT_FOUND;
	for (i = 0; out && i < n && i < num_entries; i++)
		out[i] = &devices[i];
	if (num_devices)
		*num_devices = n;
	return CL_SUCCESS;
}

/* __opencl_c_* of the compiler's feature list, as cl_name_version. */
static size_t c_features(cl_name_version *out, size_t max)
{
	char *list = strdup(GPSVM_CLC_FEATURES), *save = NULL, *f;
	size_t n = 0;

	for (f = strtok_r(list, ",", &save); f && list;
	     f = strtok_r(NULL, ",", &save)) {
		if (strncmp(f, "+__opencl_c_", 12) || n == max)
			continue;
		out[n].version = CL_MAKE_VERSION(3, 0, 0);
		snprintf(out[n].name, sizeof(out[n].name), "%s", f + 1);
		n++;
	}
	free(list);
	return n;
}

/* The device's extensions: the platform's and the compiler's cl_khr_*. */
static size_t extensions(cl_name_version *out, size_t max)
{
	char *list = strdup(OCL_EXTENSIONS), *save = NULL, *e;
	size_t n = 0;

	for (e = strtok_r(list, " ", &save); e && list && n < max;
	     e = strtok_r(NULL, " ", &save), n++) {
		out[n].version = CL_MAKE_VERSION(1, 0, 0);
		snprintf(out[n].name, sizeof(out[n].name), "%s", e);
	}
	free(list);
	return n;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetDeviceInfo(cl_device_id d, cl_device_info param_name,
		size_t param_value_size, void *param_value,
		size_t *param_value_size_ret)
{
	static const cl_name_version c_versions[] = {
		{ CL_MAKE_VERSION(1, 0, 0), "OpenCL C" },
		{ CL_MAKE_VERSION(1, 1, 0), "OpenCL C" },
		{ CL_MAKE_VERSION(1, 2, 0), "OpenCL C" },
		{ CL_MAKE_VERSION(3, 0, 0), "OpenCL C" },
	};
	cl_name_version list[32];
	size_t sizes[3] = { OCL_MAX_WG, OCL_MAX_WG, OCL_MAX_WG }, n;
	cl_device_partition_property no_part = 0;
	cl_platform_id platform = &ocl_platform;
	cl_device_id none = NULL;
	cl_device_type type = CL_DEVICE_TYPE_GPU;
	cl_version ver = CL_MAKE_VERSION(3, 0, 0);
	cl_ulong ul = 0;
	cl_uint u = 0;
	cl_bool b = CL_FALSE;
	size_t sz = 0;
	cl_bitfield bits = 0;

	if (!OCL_IS(d, DEVICE))
		return CL_INVALID_DEVICE;
	switch (param_name) {
	case CL_DEVICE_TYPE:
		return OCL_INFO(type);
	case CL_DEVICE_VENDOR_ID:
		u = 0x10de;	/* the class of GPU the model is */
		return OCL_INFO(u);
	case CL_DEVICE_MAX_COMPUTE_UNITS:
		u = d->nsm;
		return OCL_INFO(u);
	case CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS:
		u = 3;
		return OCL_INFO(u);
	case CL_DEVICE_MAX_WORK_ITEM_SIZES:
		return OCL_INFO(sizes);
	case CL_DEVICE_MAX_WORK_GROUP_SIZE:
		sz = OCL_MAX_WG;
		return OCL_INFO(sz);
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR:
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_SHORT:
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT:
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG:
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_CHAR:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_SHORT:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_INT:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_LONG:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT:
		u = 1;
		return OCL_INFO(u);
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE:
	case CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE:
	case CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF:
	case CL_DEVICE_MAX_READ_IMAGE_ARGS:
	case CL_DEVICE_MAX_WRITE_IMAGE_ARGS:
	case CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS:
	case CL_DEVICE_MAX_SAMPLERS:
	case CL_DEVICE_MAX_PIPE_ARGS:
	case CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS:
	case CL_DEVICE_PIPE_MAX_PACKET_SIZE:
	case CL_DEVICE_MAX_ON_DEVICE_QUEUES:
	case CL_DEVICE_MAX_ON_DEVICE_EVENTS:
	case CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE:
	case CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE:
	case CL_DEVICE_MAX_NUM_SUB_GROUPS:
	case CL_DEVICE_PARTITION_MAX_SUB_DEVICES:
	case CL_DEVICE_REFERENCE_COUNT:
	case CL_DEVICE_IMAGE_PITCH_ALIGNMENT:
	case CL_DEVICE_IMAGE_BASE_ADDRESS_ALIGNMENT:
	case CL_DEVICE_MAX_CLOCK_FREQUENCY:
		/* No clock to speak of: the model's speed is its host's. */
		u = param_name == CL_DEVICE_REFERENCE_COUNT;
		return OCL_INFO(u);
	case CL_DEVICE_IMAGE2D_MAX_WIDTH:
	case CL_DEVICE_IMAGE2D_MAX_HEIGHT:
	case CL_DEVICE_IMAGE3D_MAX_WIDTH:
	case CL_DEVICE_IMAGE3D_MAX_HEIGHT:
	case CL_DEVICE_IMAGE3D_MAX_DEPTH:
	case CL_DEVICE_IMAGE_MAX_BUFFER_SIZE:
	case CL_DEVICE_IMAGE_MAX_ARRAY_SIZE:
	case CL_DEVICE_PROFILING_TIMER_RESOLUTION:
	case CL_DEVICE_MAX_PARAMETER_SIZE:
	case CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE:
	case CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE:
	case CL_DEVICE_PRINTF_BUFFER_SIZE:
		sz = param_name == CL_DEVICE_PROFILING_TIMER_RESOLUTION ? 1 :
		     param_name == CL_DEVICE_MAX_PARAMETER_SIZE ? 1024 :
		     param_name == CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE ||
		     param_name == CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE ? 65536 : 0;
		return OCL_INFO(sz);
	case CL_DEVICE_IMAGE_SUPPORT:
	case CL_DEVICE_ERROR_CORRECTION_SUPPORT:
	case CL_DEVICE_HOST_UNIFIED_MEMORY:
	case CL_DEVICE_ENDIAN_LITTLE:
	case CL_DEVICE_AVAILABLE:
	case CL_DEVICE_COMPILER_AVAILABLE:
	case CL_DEVICE_LINKER_AVAILABLE:
	case CL_DEVICE_PREFERRED_INTEROP_USER_SYNC:
	case CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS:
	case CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT:
	case CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT:
	case CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT:
	case CL_DEVICE_PIPE_SUPPORT:
		b = param_name == CL_DEVICE_HOST_UNIFIED_MEMORY ||
		    param_name == CL_DEVICE_ENDIAN_LITTLE ||
		    param_name == CL_DEVICE_AVAILABLE ||
		    param_name == CL_DEVICE_COMPILER_AVAILABLE ||
		    param_name == CL_DEVICE_PREFERRED_INTEROP_USER_SYNC ||
		    param_name == CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT;
		return OCL_INFO(b);
	case CL_DEVICE_ADDRESS_BITS:
		u = 64;
		return OCL_INFO(u);
	case CL_DEVICE_MEM_BASE_ADDR_ALIGN:
		u = 1024;	/* bits: 128 bytes, the widest vector */
		return OCL_INFO(u);
	case CL_DEVICE_MIN_DATA_TYPE_ALIGN_SIZE:
		u = 128;
		return OCL_INFO(u);
	case CL_DEVICE_SINGLE_FP_CONFIG:
		/* Subnormal results flush to zero in libclc: no CL_FP_DENORM. */
		bits = CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA |
		       CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF;
		return OCL_INFO(bits);
	case CL_DEVICE_DOUBLE_FP_CONFIG:
	case CL_DEVICE_HALF_FP_CONFIG:
	case CL_DEVICE_PARTITION_AFFINITY_DOMAIN:
		return OCL_INFO(bits);
	case CL_DEVICE_GLOBAL_MEM_CACHE_TYPE:
		u = CL_NONE;
		return OCL_INFO(u);
	case CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE:
	case CL_DEVICE_GLOBAL_MEM_CACHE_SIZE:
		if (param_name == CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE)
			return OCL_INFO(u);
		return OCL_INFO(ul);
	case CL_DEVICE_GLOBAL_MEM_SIZE:
		/* System SVM: the process's memory, VRAM holding some of it. */
		ul = (cl_ulong)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
		return OCL_INFO(ul);
	case CL_DEVICE_MAX_MEM_ALLOC_SIZE:
		ul = (cl_ulong)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) / 4;
		return OCL_INFO(ul);
	case CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE:
		ul = 64 << 10;
		return OCL_INFO(ul);
	case CL_DEVICE_MAX_CONSTANT_ARGS:
		u = 8;
		return OCL_INFO(u);
	case CL_DEVICE_LOCAL_MEM_TYPE:
		u = CL_LOCAL;
		return OCL_INFO(u);
	case CL_DEVICE_LOCAL_MEM_SIZE:
		ul = OCL_MAX_SHARED;
		return OCL_INFO(ul);
	case CL_DEVICE_EXECUTION_CAPABILITIES:
		bits = CL_EXEC_KERNEL;
		return OCL_INFO(bits);
	case CL_DEVICE_QUEUE_ON_HOST_PROPERTIES:
		bits = CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE |
		       CL_QUEUE_PROFILING_ENABLE;
		return OCL_INFO(bits);
	case CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES:
	case CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES:
		return OCL_INFO(bits);
	case CL_DEVICE_BUILT_IN_KERNELS:
		return OCL_INFO_STR("");
	case CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION:
	case CL_DEVICE_ILS_WITH_VERSION:
		return ocl_info(NULL, 0, param_value_size, param_value,
				param_value_size_ret);
	case CL_DEVICE_IL_VERSION:
		return OCL_INFO_STR("");
	case CL_DEVICE_PLATFORM:
		return OCL_INFO(platform);
	case CL_DEVICE_NAME:
		return OCL_INFO_STR(d->name);
	case CL_DEVICE_VENDOR:
		return OCL_INFO_STR("gpsvm project");
	case CL_DRIVER_VERSION:
		return OCL_INFO_STR(GPSVM_OCL_VERSION);
	case CL_DEVICE_PROFILE:
		return OCL_INFO_STR("FULL_PROFILE");
	case CL_DEVICE_VERSION:
		return OCL_INFO_STR("OpenCL 3.0 gpsvm");
	case CL_DEVICE_NUMERIC_VERSION:
		return OCL_INFO(ver);
	case CL_DEVICE_OPENCL_C_VERSION:
		return OCL_INFO_STR("OpenCL C 1.2 gpsvm");
	case CL_DEVICE_OPENCL_C_ALL_VERSIONS:
		return ocl_info(c_versions, sizeof(c_versions),
				param_value_size, param_value,
				param_value_size_ret);
	case CL_DEVICE_OPENCL_C_FEATURES:
		n = c_features(list, 32);
		return ocl_info(list, n * sizeof(list[0]), param_value_size,
				param_value, param_value_size_ret);
	case CL_DEVICE_EXTENSIONS:
		return OCL_INFO_STR(OCL_EXTENSIONS);
	case CL_DEVICE_EXTENSIONS_WITH_VERSION:
		n = extensions(list, 32);
		return ocl_info(list, n * sizeof(list[0]), param_value_size,
				param_value, param_value_size_ret);
	case CL_DEVICE_PARENT_DEVICE:
		return OCL_INFO(none);
	case CL_DEVICE_PARTITION_PROPERTIES:
	case CL_DEVICE_PARTITION_TYPE:
		return OCL_INFO(no_part);
	case CL_DEVICE_SVM_CAPABILITIES:
		bits = CL_DEVICE_SVM_COARSE_GRAIN_BUFFER |
		       CL_DEVICE_SVM_FINE_GRAIN_BUFFER |
		       CL_DEVICE_SVM_FINE_GRAIN_SYSTEM | CL_DEVICE_SVM_ATOMICS;
		return OCL_INFO(bits);
	case CL_DEVICE_PREFERRED_PLATFORM_ATOMIC_ALIGNMENT:
	case CL_DEVICE_PREFERRED_GLOBAL_ATOMIC_ALIGNMENT:
	case CL_DEVICE_PREFERRED_LOCAL_ATOMIC_ALIGNMENT:
		u = 0;		/* natural alignment */
		return OCL_INFO(u);
	case CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES:
	case CL_DEVICE_ATOMIC_FENCE_CAPABILITIES:
		bits = CL_DEVICE_ATOMIC_ORDER_RELAXED |
		       CL_DEVICE_ATOMIC_ORDER_ACQ_REL |
		       CL_DEVICE_ATOMIC_ORDER_SEQ_CST |
		       CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP |
		       CL_DEVICE_ATOMIC_SCOPE_DEVICE |
		       CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES;
		if (param_name == CL_DEVICE_ATOMIC_FENCE_CAPABILITIES)
			bits |= CL_DEVICE_ATOMIC_SCOPE_WORK_ITEM;
		return OCL_INFO(bits);
	case CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE:
		sz = 32;
		return OCL_INFO(sz);
	case CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED:
		return OCL_INFO_STR("");
	default:
		return CL_INVALID_VALUE;
	}
}

CL_API_ENTRY cl_int CL_API_CALL clRetainDevice(cl_device_id d)
{
	return OCL_IS(d, DEVICE) ? CL_SUCCESS : CL_INVALID_DEVICE;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseDevice(cl_device_id d)
{
	return OCL_IS(d, DEVICE) ? CL_SUCCESS : CL_INVALID_DEVICE;
}

CL_API_ENTRY cl_int CL_API_CALL
clCreateSubDevices(cl_device_id d, const cl_device_partition_property *props,
		   cl_uint num_devices, cl_device_id *out, cl_uint *num_ret)
{
	(void)props;
	(void)num_devices;
	(void)out;
	(void)num_ret;
	return OCL_IS(d, DEVICE) ? CL_INVALID_VALUE : CL_INVALID_DEVICE;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetDeviceAndHostTimer(cl_device_id d, cl_ulong *device_ts, cl_ulong *host_ts)
{
	if (!OCL_IS(d, DEVICE))
		return CL_INVALID_DEVICE;
	if (!device_ts || !host_ts)
		return CL_INVALID_VALUE;
	/* Profiling times are the host's monotonic clock. */
	*device_ts = *host_ts = ocl_now_ns();
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetHostTimer(cl_device_id d, cl_ulong *host_ts)
{
	if (!OCL_IS(d, DEVICE))
		return CL_INVALID_DEVICE;
	if (!host_ts)
		return CL_INVALID_VALUE;
	*host_ts = ocl_now_ns();
	return CL_SUCCESS;
}
