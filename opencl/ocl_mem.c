// SPDX-License-Identifier: MIT
/*
 * Buffers and SVM. Every buffer is process memory (the host pointer
 * itself with CL_MEM_USE_HOST_PTR), reached by every device through SVM:
 * reads, writes, copies and fills are CPU copies run in queue order, and
 * a map returns the memory itself. clSVMAlloc is an aligned allocation of
 * process memory: fine-grain and atomic by construction, as the GPU's
 * atomics on it are made device-exclusive by the driver.
 */
#include <stdlib.h>
#include <string.h>

#include "gpsvm.h"
#include "gpsvm_ocl.h"

#define OCL_ALIGN	128

static const cl_mem_flags access_flags = CL_MEM_READ_WRITE |
	CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY;
static const cl_mem_flags host_flags = CL_MEM_HOST_WRITE_ONLY |
	CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS;

static bool one_of(cl_mem_flags f, cl_mem_flags set)
{
	f &= set;
	return !(f & (f - 1));
}

void ocl_mem_put(cl_mem m)
{
	struct ocl_callback *cb;

	if (!ocl_release(m))
		return;
	while ((cb = m->destructors)) {
		m->destructors = cb->next;
		((void (CL_CALLBACK *)(cl_mem, void *))cb->fn)(m, cb->data);
		free(cb);
	}
	if (m->parent)
		ocl_mem_put(m->parent);
	else if (m->own)
		free(m->ptr);
	clReleaseContext(m->context);
	free(m->props);
	pthread_mutex_destroy(&m->lock);
	ocl_free(m);
}

CL_API_ENTRY cl_mem CL_API_CALL
clCreateBufferWithProperties(cl_context c, const cl_mem_properties *props,
			     cl_mem_flags flags, size_t size, void *host_ptr,
			     cl_int *errcode_ret)
{
	const cl_mem_flags known = access_flags | host_flags |
		CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR |
		CL_MEM_COPY_HOST_PTR;
	const bool use = flags & CL_MEM_USE_HOST_PTR;
	cl_mem m = NULL;
	cl_int err = CL_SUCCESS;

	if (!OCL_IS(c, CONTEXT)) {
		err = CL_INVALID_CONTEXT;
		goto out;
	}
	if (props && props[0]) {
		err = CL_INVALID_PROPERTY;	/* none are defined for buffers */
		goto out;
	}
	if (!flags)
		flags = CL_MEM_READ_WRITE;
	if ((flags & ~known) || !one_of(flags, access_flags) ||
	    !one_of(flags, host_flags) ||
	    (use && (flags & (CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)))) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (!size || size > (size_t)1 << 46) {
		err = CL_INVALID_BUFFER_SIZE;
		goto out;
	}
	if (!host_ptr != !(flags & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR))) {
		err = CL_INVALID_HOST_PTR;
		goto out;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		err = CL_OUT_OF_HOST_MEMORY;
		goto out;
	}
	if (use) {
		/* System SVM: the GPU uses the application's memory itself. */
		m->ptr = host_ptr;
	} else {
		m->ptr = aligned_alloc(OCL_ALIGN, (size + OCL_ALIGN - 1) &
					~(size_t)(OCL_ALIGN - 1));
		if (!m->ptr) {
			free(m);
			m = NULL;
			err = CL_MEM_OBJECT_ALLOCATION_FAILURE;
			goto out;
		}
		m->own = true;
		if (flags & CL_MEM_COPY_HOST_PTR)
			memcpy(m->ptr, host_ptr, size);
	}
	if (props) {
		m->props = calloc(1, sizeof(*props));
		m->nprops = 1;
	}
	m->context = c;
	clRetainContext(c);
	m->flags = flags;
	m->size = size;
	m->host_ptr = use ? host_ptr : NULL;
	m->svm = ocl_svm_find(c, m->ptr) != NULL;
	pthread_mutex_init(&m->lock, NULL);
	ocl_init(m, OCL_MAGIC_MEM);
out:
	if (errcode_ret)
		*errcode_ret = err;
	return m;
}

CL_API_ENTRY cl_mem CL_API_CALL
clCreateBuffer(cl_context c, cl_mem_flags flags, size_t size, void *host_ptr,
	       cl_int *errcode_ret)
{
	return clCreateBufferWithProperties(c, NULL, flags, size, host_ptr,
					    errcode_ret);
}

CL_API_ENTRY cl_mem CL_API_CALL
clCreateSubBuffer(cl_mem parent, cl_mem_flags flags,
		  cl_buffer_create_type type, const void *info,
		  cl_int *errcode_ret)
{
	const cl_buffer_region *r = info;
	cl_mem m = NULL;
	cl_int err = CL_SUCCESS;

	if (!OCL_IS(parent, MEM) || parent->parent) {
		err = CL_INVALID_MEM_OBJECT;
		goto out;
	}
	if (flags & ~(access_flags | host_flags)) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	/* Inherit what is not given; never widen the parent's access. */
	if (!(flags & access_flags))
		flags |= parent->flags & access_flags;
	if (!(flags & host_flags))
		flags |= parent->flags & host_flags;
	if (!one_of(flags, access_flags) || !one_of(flags, host_flags) ||
	    ((parent->flags & CL_MEM_WRITE_ONLY) &&
	     (flags & (CL_MEM_READ_WRITE | CL_MEM_READ_ONLY))) ||
	    ((parent->flags & CL_MEM_READ_ONLY) &&
	     (flags & (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY))) ||
	    ((parent->flags & CL_MEM_HOST_WRITE_ONLY) &&
	     (flags & CL_MEM_HOST_READ_ONLY)) ||
	    ((parent->flags & CL_MEM_HOST_READ_ONLY) &&
	     (flags & CL_MEM_HOST_WRITE_ONLY)) ||
	    ((parent->flags & CL_MEM_HOST_NO_ACCESS) &&
	     (flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_WRITE_ONLY)))) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (type != CL_BUFFER_CREATE_TYPE_REGION || !r) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (!r->size) {
		err = CL_INVALID_BUFFER_SIZE;
		goto out;
	}
	if (r->origin > parent->size || r->size > parent->size - r->origin) {
		err = CL_INVALID_VALUE;
		goto out;
	}
	if (r->origin % OCL_ALIGN) {
		err = CL_MISALIGNED_SUB_BUFFER_OFFSET;
		goto out;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		err = CL_OUT_OF_HOST_MEMORY;
		goto out;
	}
	m->context = parent->context;
	clRetainContext(m->context);
	ocl_retain(parent);
	m->parent = parent;
	m->origin = r->origin;
	m->flags = flags | (parent->flags & (CL_MEM_USE_HOST_PTR |
					     CL_MEM_ALLOC_HOST_PTR |
					     CL_MEM_COPY_HOST_PTR));
	m->size = r->size;
	m->ptr = parent->ptr + r->origin;
	m->host_ptr = parent->host_ptr ? (char *)parent->host_ptr + r->origin :
					 NULL;
	m->svm = parent->svm;
	pthread_mutex_init(&m->lock, NULL);
	ocl_init(m, OCL_MAGIC_MEM);
out:
	if (errcode_ret)
		*errcode_ret = err;
	return m;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainMemObject(cl_mem m)
{
	if (!OCL_IS(m, MEM))
		return CL_INVALID_MEM_OBJECT;
	ocl_retain(m);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseMemObject(cl_mem m)
{
	if (!OCL_IS(m, MEM))
		return CL_INVALID_MEM_OBJECT;
	ocl_mem_put(m);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clSetMemObjectDestructorCallback(cl_mem m,
				 void (CL_CALLBACK *fn)(cl_mem, void *),
				 void *user_data)
{
	struct ocl_callback *cb;

	if (!OCL_IS(m, MEM))
		return CL_INVALID_MEM_OBJECT;
	if (!fn)
		return CL_INVALID_VALUE;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return CL_OUT_OF_HOST_MEMORY;
	cb->fn = (void (CL_CALLBACK *)())fn;
	cb->data = user_data;
	pthread_mutex_lock(&m->lock);
	cb->next = m->destructors;	/* called in reverse order */
	m->destructors = cb;
	pthread_mutex_unlock(&m->lock);
	return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL
clGetMemObjectInfo(cl_mem m, cl_mem_info param_name,
		   size_t param_value_size, void *param_value,
		   size_t *param_value_size_ret)
{
	cl_mem_object_type type = CL_MEM_OBJECT_BUFFER;
	cl_bool svm;
	cl_uint u;

	if (!OCL_IS(m, MEM))
		return CL_INVALID_MEM_OBJECT;
	switch (param_name) {
	case CL_MEM_TYPE:
		return OCL_INFO(type);
	case CL_MEM_FLAGS:
		return OCL_INFO(m->flags);
	case CL_MEM_SIZE:
		return OCL_INFO(m->size);
	case CL_MEM_HOST_PTR:
		return OCL_INFO(m->host_ptr);
	case CL_MEM_MAP_COUNT:
		u = __atomic_load_n(&m->maps, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_MEM_REFERENCE_COUNT:
		u = __atomic_load_n(&m->obj.refs, __ATOMIC_RELAXED);
		return OCL_INFO(u);
	case CL_MEM_CONTEXT:
		return OCL_INFO(m->context);
	case CL_MEM_ASSOCIATED_MEMOBJECT:
		return OCL_INFO(m->parent);
	case CL_MEM_OFFSET:
		return OCL_INFO(m->origin);
	case CL_MEM_USES_SVM_POINTER:
		svm = m->svm;
		return OCL_INFO(svm);
	case CL_MEM_PROPERTIES:
		return ocl_info(m->props, m->nprops * sizeof(*m->props),
				param_value_size, param_value,
				param_value_size_ret);
	default:
		return CL_INVALID_VALUE;
	}
}

/* A command that keeps the buffers it uses alive until it has run. */
static cl_int cmd_mems(struct ocl_cmd *cmd, cl_mem a, cl_mem b)
{
	cmd->mems = calloc(2, sizeof(cl_mem));
	if (!cmd->mems)
		return CL_OUT_OF_HOST_MEMORY;
	cmd->mems[cmd->nmems++] = a;
	ocl_retain(a);
	if (b) {
		cmd->mems[cmd->nmems++] = b;
		ocl_retain(b);
	}
	return CL_SUCCESS;
}

static cl_int check_buffer(cl_command_queue q, cl_mem m, size_t off,
			   size_t size)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!OCL_IS(m, MEM))
		return CL_INVALID_MEM_OBJECT;
	if (m->context != q->context)
		return CL_INVALID_CONTEXT;
	if (off > m->size || size > m->size - off)
		return CL_INVALID_VALUE;
	return CL_SUCCESS;
}

static cl_int copy(cl_command_queue q, cl_command_type type, cl_mem a,
		   cl_mem b, void *dst, const void *src, size_t size,
		   cl_bool blocking, cl_uint nwait, const cl_event *wait,
		   cl_event *event)
{
	struct ocl_cmd *cmd = ocl_cmd_new(OCL_CMD_COPY);
	cl_int err;

	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	err = a ? cmd_mems(cmd, a, b) : CL_SUCCESS;
	if (err) {
		ocl_cmd_free(cmd);
		return err;
	}
	cmd->u.copy.dst = dst;
	cmd->u.copy.src = src;
	cmd->u.copy.size = size;
	return ocl_enqueue(q, cmd, type, nwait, wait, event, blocking);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueReadBuffer(cl_command_queue q, cl_mem m, cl_bool blocking,
		    size_t off, size_t size, void *ptr, cl_uint nwait,
		    const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, m, off, size);

	if (err)
		return err;
	if (!ptr || !size)
		return CL_INVALID_VALUE;
	if (m->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS))
		return CL_INVALID_OPERATION;
	return copy(q, CL_COMMAND_READ_BUFFER, m, NULL, ptr, m->ptr + off,
		    size, blocking, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueWriteBuffer(cl_command_queue q, cl_mem m, cl_bool blocking,
		     size_t off, size_t size, const void *ptr, cl_uint nwait,
		     const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, m, off, size);

	if (err)
		return err;
	if (!ptr || !size)
		return CL_INVALID_VALUE;
	if (m->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS))
		return CL_INVALID_OPERATION;
	return copy(q, CL_COMMAND_WRITE_BUFFER, m, NULL, m->ptr + off, ptr,
		    size, blocking, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueCopyBuffer(cl_command_queue q, cl_mem src, cl_mem dst,
		    size_t src_off, size_t dst_off, size_t size,
		    cl_uint nwait, const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, src, src_off, size);

	if (!err)
		err = check_buffer(q, dst, dst_off, size);
	if (err)
		return err;
	if (!size)
		return CL_INVALID_VALUE;
	if (src->ptr + src_off < dst->ptr + dst_off + size &&
	    dst->ptr + dst_off < src->ptr + src_off + size)
		return CL_MEM_COPY_OVERLAP;
	return copy(q, CL_COMMAND_COPY_BUFFER, src, dst, dst->ptr + dst_off,
		    src->ptr + src_off, size, false, nwait, wait, event);
}

static cl_int fill(cl_command_queue q, cl_command_type type, cl_mem m,
		   void *dst, const void *pattern, size_t pattern_size,
		   size_t size, cl_uint nwait, const cl_event *wait,
		   cl_event *event)
{
	struct ocl_cmd *cmd;
	cl_int err;

	if (!pattern || !pattern_size || pattern_size > 128 ||
	    (pattern_size & (pattern_size - 1)) || size % pattern_size)
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_FILL);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	err = m ? cmd_mems(cmd, m, NULL) : CL_SUCCESS;
	cmd->u.fill.pattern = malloc(pattern_size);
	if (err || !cmd->u.fill.pattern) {
		ocl_cmd_free(cmd);
		return CL_OUT_OF_HOST_MEMORY;
	}
	memcpy(cmd->u.fill.pattern, pattern, pattern_size);
	cmd->u.fill.pattern_size = pattern_size;
	cmd->u.fill.dst = dst;
	cmd->u.fill.size = size;
	return ocl_enqueue(q, cmd, type, nwait, wait, event, false);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueFillBuffer(cl_command_queue q, cl_mem m, const void *pattern,
		    size_t pattern_size, size_t off, size_t size,
		    cl_uint nwait, const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, m, off, size);

	if (err)
		return err;
	if (off % (pattern_size ? pattern_size : 1))
		return CL_INVALID_VALUE;
	return fill(q, CL_COMMAND_FILL_BUFFER, m, m->ptr + off, pattern,
		    pattern_size, size, nwait, wait, event);
}

/* Rectangles: origins and pitches as clEnqueue*BufferRect define them. */
static cl_int rect(cl_command_queue q, cl_command_type type, cl_mem a,
		   cl_mem b, char *dst, const size_t *dst_origin,
		   size_t dst_row, size_t dst_slice, const char *src,
		   const size_t *src_origin, size_t src_row, size_t src_slice,
		   const size_t *region, size_t dst_limit, size_t src_limit,
		   cl_bool blocking, cl_uint nwait, const cl_event *wait,
		   cl_event *event)
{
	struct ocl_cmd *cmd;
	size_t d_off, s_off;
	cl_int err;

	if (!region || !dst_origin || !src_origin || !region[0] ||
	    !region[1] || !region[2])
		return CL_INVALID_VALUE;
	if (!dst_row)
		dst_row = region[0];
	if (!dst_slice)
		dst_slice = region[1] * dst_row;
	if (!src_row)
		src_row = region[0];
	if (!src_slice)
		src_slice = region[1] * src_row;
	if (dst_row < region[0] || src_row < region[0] ||
	    dst_slice < region[1] * dst_row || src_slice < region[1] * src_row)
		return CL_INVALID_VALUE;
	d_off = dst_origin[2] * dst_slice + dst_origin[1] * dst_row +
		dst_origin[0];
	s_off = src_origin[2] * src_slice + src_origin[1] * src_row +
		src_origin[0];
	if (d_off + (region[2] - 1) * dst_slice + (region[1] - 1) * dst_row +
	    region[0] > dst_limit ||
	    s_off + (region[2] - 1) * src_slice + (region[1] - 1) * src_row +
	    region[0] > src_limit)
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_COPY_RECT);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	err = cmd_mems(cmd, a, b);
	if (err) {
		ocl_cmd_free(cmd);
		return err;
	}
	cmd->u.rect.dst = dst + d_off;
	cmd->u.rect.src = src + s_off;
	memcpy(cmd->u.rect.region, region, sizeof(cmd->u.rect.region));
	cmd->u.rect.dst_row = dst_row;
	cmd->u.rect.dst_slice = dst_slice;
	cmd->u.rect.src_row = src_row;
	cmd->u.rect.src_slice = src_slice;
	return ocl_enqueue(q, cmd, type, nwait, wait, event, blocking);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueReadBufferRect(cl_command_queue q, cl_mem m, cl_bool blocking,
			const size_t *buffer_origin, const size_t *host_origin,
			const size_t *region, size_t buffer_row,
			size_t buffer_slice, size_t host_row, size_t host_slice,
			void *ptr, cl_uint nwait, const cl_event *wait,
			cl_event *event)
{
	cl_int err = check_buffer(q, m, 0, 0);

	if (err)
		return err;
	if (!ptr)
		return CL_INVALID_VALUE;
	return rect(q, CL_COMMAND_READ_BUFFER_RECT, m, NULL, ptr, host_origin,
		    host_row, host_slice, m->ptr, buffer_origin, buffer_row,
		    buffer_slice, region, SIZE_MAX, m->size, blocking, nwait,
		    wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueWriteBufferRect(cl_command_queue q, cl_mem m, cl_bool blocking,
			 const size_t *buffer_origin, const size_t *host_origin,
			 const size_t *region, size_t buffer_row,
			 size_t buffer_slice, size_t host_row,
			 size_t host_slice, const void *ptr, cl_uint nwait,
			 const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, m, 0, 0);

	if (err)
		return err;
	if (!ptr)
		return CL_INVALID_VALUE;
	return rect(q, CL_COMMAND_WRITE_BUFFER_RECT, m, NULL, m->ptr,
		    buffer_origin, buffer_row, buffer_slice, ptr, host_origin,
		    host_row, host_slice, region, m->size, SIZE_MAX, blocking,
		    nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueCopyBufferRect(cl_command_queue q, cl_mem src, cl_mem dst,
			const size_t *src_origin, const size_t *dst_origin,
			const size_t *region, size_t src_row, size_t src_slice,
			size_t dst_row, size_t dst_slice, cl_uint nwait,
			const cl_event *wait, cl_event *event)
{
	cl_int err = check_buffer(q, src, 0, 0);

	if (!err)
		err = check_buffer(q, dst, 0, 0);
	if (err)
		return err;
	return rect(q, CL_COMMAND_COPY_BUFFER_RECT, src, dst, dst->ptr,
		    dst_origin, dst_row, dst_slice, src->ptr, src_origin,
		    src_row, src_slice, region, dst->size, src->size, false,
		    nwait, wait, event);
}

CL_API_ENTRY void *CL_API_CALL
clEnqueueMapBuffer(cl_command_queue q, cl_mem m, cl_bool blocking,
		   cl_map_flags flags, size_t off, size_t size, cl_uint nwait,
		   const cl_event *wait, cl_event *event, cl_int *errcode_ret)
{
	struct ocl_cmd *cmd;
	cl_int err = check_buffer(q, m, off, size);
	void *ptr = NULL;

	if (err)
		goto out;
	err = CL_INVALID_VALUE;
	if (!size || (flags & ~(CL_MAP_READ | CL_MAP_WRITE |
				CL_MAP_WRITE_INVALIDATE_REGION)) ||
	    ((flags & CL_MAP_WRITE_INVALIDATE_REGION) &&
	     (flags & (CL_MAP_READ | CL_MAP_WRITE))))
		goto out;
	err = CL_INVALID_OPERATION;
	if (((flags & CL_MAP_READ) &&
	     (m->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS))) ||
	    ((flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION)) &&
	     (m->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS))))
		goto out;
	err = CL_OUT_OF_HOST_MEMORY;
	cmd = ocl_cmd_new(OCL_CMD_MARKER);
	if (!cmd)
		goto out;
	err = cmd_mems(cmd, m, NULL);
	if (err) {
		ocl_cmd_free(cmd);
		goto out;
	}
	/* The memory is the host's: a map is the point in queue order. */
	err = ocl_enqueue(q, cmd, CL_COMMAND_MAP_BUFFER, nwait, wait, event,
			  blocking);
	if (!err) {
		__atomic_add_fetch(&m->maps, 1, __ATOMIC_RELAXED);
		ptr = m->ptr + off;
	}
out:
	if (errcode_ret)
		*errcode_ret = err;
	return ptr;
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueUnmapMemObject(cl_command_queue q, cl_mem m, void *ptr,
			cl_uint nwait, const cl_event *wait, cl_event *event)
{
	struct ocl_cmd *cmd;
	cl_int err = check_buffer(q, m, 0, 0);

	if (err)
		return err;
	if ((char *)ptr < m->ptr || (char *)ptr >= m->ptr + m->size ||
	    __atomic_load_n(&m->maps, __ATOMIC_RELAXED) <= 0)
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_MARKER);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	err = cmd_mems(cmd, m, NULL);
	if (err) {
		ocl_cmd_free(cmd);
		return err;
	}
	__atomic_sub_fetch(&m->maps, 1, __ATOMIC_RELAXED);
	return ocl_enqueue(q, cmd, CL_COMMAND_UNMAP_MEM_OBJECT, nwait, wait,
			   event, false);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueMigrateMemObjects(cl_command_queue q, cl_uint n, const cl_mem *mems,
			   cl_mem_migration_flags flags, cl_uint nwait,
			   const cl_event *wait, cl_event *event)
{
	struct ocl_cmd *cmd;
	cl_uint i;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!n || !mems || (flags & ~(CL_MIGRATE_MEM_OBJECT_HOST |
				      CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED)))
		return CL_INVALID_VALUE;
	for (i = 0; i < n; i++) {
		if (!OCL_IS(mems[i], MEM))
			return CL_INVALID_MEM_OBJECT;
		if (mems[i]->context != q->context)
			return CL_INVALID_CONTEXT;
	}
	cmd = ocl_cmd_new(OCL_CMD_MIGRATE);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	cmd->u.migrate.ptrs = calloc(n, sizeof(void *));
	cmd->u.migrate.sizes = calloc(n, sizeof(size_t));
	cmd->mems = calloc(n, sizeof(cl_mem));
	if (!cmd->u.migrate.ptrs || !cmd->u.migrate.sizes || !cmd->mems) {
		ocl_cmd_free(cmd);
		return CL_OUT_OF_HOST_MEMORY;
	}
	for (i = 0; i < n; i++) {
		cmd->u.migrate.ptrs[i] = mems[i]->ptr;
		cmd->u.migrate.sizes[i] = mems[i]->size;
		cmd->mems[i] = mems[i];
		ocl_retain(mems[i]);
	}
	cmd->nmems = n;
	cmd->u.migrate.n = n;
	cmd->u.migrate.flags = flags;
	return ocl_enqueue(q, cmd, CL_COMMAND_MIGRATE_MEM_OBJECTS, nwait, wait,
			   event, false);
}

CL_API_ENTRY void *CL_API_CALL
clSVMAlloc(cl_context c, cl_svm_mem_flags flags, size_t size,
	   cl_uint alignment)
{
	const cl_svm_mem_flags known = CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY |
		CL_MEM_READ_ONLY | CL_MEM_SVM_FINE_GRAIN_BUFFER |
		CL_MEM_SVM_ATOMICS;
	struct ocl_svm *s;

	if (!OCL_IS(c, CONTEXT) || !size || (flags & ~known) ||
	    !one_of(flags, CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY |
			   CL_MEM_READ_ONLY) ||
	    ((flags & CL_MEM_SVM_ATOMICS) &&
	     !(flags & CL_MEM_SVM_FINE_GRAIN_BUFFER)) ||
	    (alignment & (alignment - 1)) || alignment > 4096 ||
	    size > (size_t)1 << 46)
		return NULL;
	if (alignment < OCL_ALIGN)
		alignment = OCL_ALIGN;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ptr = aligned_alloc(alignment, (size + alignment - 1) &
					  ~(size_t)(alignment - 1));
	if (!s->ptr) {
		free(s);
		return NULL;
	}
	s->size = size;
	s->flags = flags;
	pthread_mutex_lock(&c->lock);
	s->next = c->svm;
	c->svm = s;
	pthread_mutex_unlock(&c->lock);
	return s->ptr;
}

CL_API_ENTRY void CL_API_CALL clSVMFree(cl_context c, void *ptr)
{
	struct ocl_svm **ps, *s;

	if (!OCL_IS(c, CONTEXT) || !ptr)
		return;
	pthread_mutex_lock(&c->lock);
	for (ps = &c->svm; (s = *ps); ps = &s->next) {
		if (s->ptr == ptr) {
			*ps = s->next;
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	if (s) {
		free(s->ptr);
		free(s);
	}
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMFree(cl_command_queue q, cl_uint n, void *ptrs[],
		 void (CL_CALLBACK *fn)(cl_command_queue, cl_uint, void *[],
					void *),
		 void *user_data, cl_uint nwait, const cl_event *wait,
		 cl_event *event)
{
	struct ocl_cmd *cmd;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!n || !ptrs)
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_SVM_FREE);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	cmd->u.svm_free.ptrs = malloc(n * sizeof(void *));
	if (!cmd->u.svm_free.ptrs) {
		ocl_cmd_free(cmd);
		return CL_OUT_OF_HOST_MEMORY;
	}
	memcpy(cmd->u.svm_free.ptrs, ptrs, n * sizeof(void *));
	cmd->u.svm_free.n = n;
	cmd->u.svm_free.fn = fn;
	cmd->u.svm_free.data = user_data;
	return ocl_enqueue(q, cmd, CL_COMMAND_SVM_FREE, nwait, wait, event,
			   false);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMMemcpy(cl_command_queue q, cl_bool blocking, void *dst,
		   const void *src, size_t size, cl_uint nwait,
		   const cl_event *wait, cl_event *event)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!dst || !src)
		return CL_INVALID_VALUE;
	if ((const char *)src < (char *)dst + size &&
	    (char *)dst < (const char *)src + size)
		return CL_MEM_COPY_OVERLAP;
	return copy(q, CL_COMMAND_SVM_MEMCPY, NULL, NULL, dst, src, size,
		    blocking, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMMemFill(cl_command_queue q, void *ptr, const void *pattern,
		    size_t pattern_size, size_t size, cl_uint nwait,
		    const cl_event *wait, cl_event *event)
{
	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!ptr || ((uintptr_t)ptr % (pattern_size ? pattern_size : 1)))
		return CL_INVALID_VALUE;
	return fill(q, CL_COMMAND_SVM_MEMFILL, NULL, ptr, pattern,
		    pattern_size, size, nwait, wait, event);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMMap(cl_command_queue q, cl_bool blocking, cl_map_flags flags,
		void *ptr, size_t size, cl_uint nwait, const cl_event *wait,
		cl_event *event)
{
	struct ocl_cmd *cmd;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!ptr || !size || (flags & ~(CL_MAP_READ | CL_MAP_WRITE |
					CL_MAP_WRITE_INVALIDATE_REGION)))
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_MARKER);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	return ocl_enqueue(q, cmd, CL_COMMAND_SVM_MAP, nwait, wait, event,
			   blocking);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMUnmap(cl_command_queue q, void *ptr, cl_uint nwait,
		  const cl_event *wait, cl_event *event)
{
	struct ocl_cmd *cmd;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!ptr)
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_MARKER);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	return ocl_enqueue(q, cmd, CL_COMMAND_SVM_UNMAP, nwait, wait, event,
			   false);
}

CL_API_ENTRY cl_int CL_API_CALL
clEnqueueSVMMigrateMem(cl_command_queue q, cl_uint n, const void **ptrs,
		       const size_t *sizes, cl_mem_migration_flags flags,
		       cl_uint nwait, const cl_event *wait, cl_event *event)
{
	struct ocl_cmd *cmd;
	struct ocl_svm *s;
	cl_uint i;

	if (!OCL_IS(q, QUEUE))
		return CL_INVALID_COMMAND_QUEUE;
	if (!n || !ptrs || (flags & ~(CL_MIGRATE_MEM_OBJECT_HOST |
				      CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED)))
		return CL_INVALID_VALUE;
	cmd = ocl_cmd_new(OCL_CMD_MIGRATE);
	if (!cmd)
		return CL_OUT_OF_HOST_MEMORY;
	cmd->u.migrate.ptrs = calloc(n, sizeof(void *));
	cmd->u.migrate.sizes = calloc(n, sizeof(size_t));
	if (!cmd->u.migrate.ptrs || !cmd->u.migrate.sizes) {
		ocl_cmd_free(cmd);
		return CL_OUT_OF_HOST_MEMORY;
	}
	for (i = 0; i < n; i++) {
		if (!ptrs[i]) {
			ocl_cmd_free(cmd);
			return CL_INVALID_VALUE;
		}
		cmd->u.migrate.ptrs[i] = ptrs[i];
		cmd->u.migrate.sizes[i] = sizes ? sizes[i] : 0;
		if (!cmd->u.migrate.sizes[i]) {
			/* 0: the whole allocation from ptrs[i] on. */
			pthread_mutex_lock(&q->context->lock);
			s = ocl_svm_find(q->context, ptrs[i]);
			if (s)
				cmd->u.migrate.sizes[i] = (char *)s->ptr +
					s->size - (const char *)ptrs[i];
			pthread_mutex_unlock(&q->context->lock);
			if (!s) {
				ocl_cmd_free(cmd);
				return CL_INVALID_VALUE;
			}
		}
	}
	cmd->u.migrate.n = n;
	cmd->u.migrate.flags = flags;
	return ocl_enqueue(q, cmd, CL_COMMAND_SVM_MIGRATE_MEM, nwait, wait,
			   event, false);
}
