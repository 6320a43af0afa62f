// SPDX-License-Identifier: MIT
/*
 * gpsvm_ocl: gpsvm's OpenCL platform as an application uses it: through
 * Debian's ICD loader (ocl-icd), with only the .icd file pointing at the
 * build tree. Plain OpenCL 3.0 calls; results checked against the CPU.
 */

#include "igt.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>

#include "gpsvm.h"

IGT_TEST_DESCRIPTION("The OpenCL platform through the ICD loader: devices, SVM, buffers, programs, kernels, events, atomics.");

#define CHECK(call) do { \
	cl_int err_ = (call); \
	igt_assert_f(err_ == CL_SUCCESS, "%s: %d\n", #call, err_); \
} while (0)

struct cl {
	cl_platform_id platform;
	cl_uint ndev;
	cl_device_id dev[GPSVM_MAX_DEVICES];
	cl_context ctx;
	cl_command_queue q;
};

static struct cl cl;

/* The build tree's vendors directory, unless the caller chose one. */
static void use_build_tree_icd(void)
{
	char self[PATH_MAX], dir[PATH_MAX + 32], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (getenv("OCL_ICD_VENDORS"))
		return;
	igt_assert(n > 0);
	self[n] = 0;
	slash = strrchr(self, '/');
	igt_assert(slash);
	*slash = 0;
	snprintf(dir, sizeof(dir), "%s/../etc/OpenCL/vendors", self);
	setenv("OCL_ICD_VENDORS", dir, 1);
}

static cl_platform_id find_platform(void)
{
	cl_platform_id p[8];
	cl_uint n = 0, i;
	char name[64];

	if (clGetPlatformIDs(8, p, &n) != CL_SUCCESS)
		return NULL;
	for (i = 0; i < n && i < 8; i++) {
		CHECK(clGetPlatformInfo(p[i], CL_PLATFORM_NAME, sizeof(name),
					name, NULL));
		if (!strcmp(name, "gpsvm"))
			return p[i];
	}
	return NULL;
}

static void cl_setup(struct cl *c)
{
	cl_int err;

	use_build_tree_icd();
	c->platform = find_platform();
	igt_require_f(c->platform, "no gpsvm OpenCL platform\n");
	err = clGetDeviceIDs(c->platform, CL_DEVICE_TYPE_GPU, GPSVM_MAX_DEVICES,
			     c->dev, &c->ndev);
	igt_require_f(err == CL_SUCCESS, "no gpsvm device: %d\n", err);
	c->ctx = clCreateContext(NULL, c->ndev, c->dev, NULL, NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
	c->q = clCreateCommandQueueWithProperties(c->ctx, c->dev[0], NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
}

static cl_program build(const char *src, const char *opts)
{
	cl_program p;
	cl_int err;
	char log[8192];

	p = clCreateProgramWithSource(cl.ctx, 1, &src, NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
	err = clBuildProgram(p, 0, NULL, opts, NULL, NULL);
	if (err != CL_SUCCESS) {
		clGetProgramBuildInfo(p, cl.dev[0], CL_PROGRAM_BUILD_LOG,
				      sizeof(log), log, NULL);
		igt_assert_f(false, "build: %d\n%s\n", err, log);
	}
	return p;
}

static cl_kernel kernel(cl_program p, const char *name)
{
	cl_int err;
	cl_kernel k = clCreateKernel(p, name, &err);

	igt_assert_eq(err, CL_SUCCESS);
	return k;
}

static void run1d(cl_command_queue q, cl_kernel k, size_t global,
		  const size_t *local)
{
	CHECK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, local, 0, NULL,
				     NULL));
	CHECK(clFinish(q));
}

static const char *vadd_src =
	"kernel void vadd(global const float *a, global const float *b,\n"
	"		  global float *c, uint n)\n"
	"{\n"
	"	size_t i = get_global_id(0);\n"
	"	if (i < n)\n"
	"		c[i] = a[i] + b[i];\n"
	"}\n";

static void test_devices(void)
{
	struct gpsvm_device_info info[GPSVM_MAX_DEVICES];
	cl_device_svm_capabilities svm;
	cl_device_atomic_capabilities atom;
	cl_name_version feat[64];
	size_t size, i;
	char ext[4096];
	const char *want[] = {
		"__opencl_c_generic_address_space",
		"__opencl_c_atomic_order_acq_rel",
		"__opencl_c_atomic_order_seq_cst",
		"__opencl_c_atomic_scope_device",
		"__opencl_c_atomic_scope_all_devices",
		"__opencl_c_program_scope_global_variables",
		"__opencl_c_int64",
	};
	unsigned int w, found;

	/* One device per gpsvm GPU. */
	igt_assert_eq(cl.ndev, (cl_uint)gpsvm_enumerate(info, GPSVM_MAX_DEVICES));
	CHECK(clGetDeviceInfo(cl.dev[0], CL_DEVICE_SVM_CAPABILITIES,
			      sizeof(svm), &svm, NULL));
	igt_assert_eq_u64(svm, CL_DEVICE_SVM_COARSE_GRAIN_BUFFER |
			  CL_DEVICE_SVM_FINE_GRAIN_BUFFER |
			  CL_DEVICE_SVM_FINE_GRAIN_SYSTEM |
			  CL_DEVICE_SVM_ATOMICS);
	CHECK(clGetDeviceInfo(cl.dev[0], CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES,
			      sizeof(atom), &atom, NULL));
	igt_assert(atom & CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES);
	igt_assert(atom & CL_DEVICE_ATOMIC_ORDER_SEQ_CST);
	CHECK(clGetDeviceInfo(cl.dev[0], CL_DEVICE_EXTENSIONS, sizeof(ext), ext,
			      NULL));
	igt_assert(strstr(ext, "cl_khr_int64_base_atomics"));
	igt_assert(strstr(ext, "cl_khr_int64_extended_atomics"));
	/* Exactly the compiler's feature macros. */
	CHECK(clGetDeviceInfo(cl.dev[0], CL_DEVICE_OPENCL_C_FEATURES,
			      sizeof(feat), feat, &size));
	igt_assert_eq(size / sizeof(feat[0]), ARRAY_SIZE(want));
	for (w = 0; w < ARRAY_SIZE(want); w++) {
		for (found = 0, i = 0; i < size / sizeof(feat[0]); i++)
			found += !strcmp(feat[i].name, want[w]);
		igt_assert_f(found == 1, "%s\n", want[w]);
	}
}

/* Fine-grain system SVM: the kernel gets malloc'd pointers. */
static void test_vadd_malloc(void)
{
	const cl_uint n = 100000;
	float *a = malloc(n * 4), *b = malloc(n * 4), *c = malloc(n * 4);
	cl_program p = build(vadd_src, NULL);
	cl_kernel k = kernel(p, "vadd");
	cl_uint i;

	for (i = 0; i < n; i++) {
		a[i] = i * 0.5f;
		b[i] = 3.0f - i;
		c[i] = -1.0f;
	}
	CHECK(clSetKernelArgSVMPointer(k, 0, a));
	CHECK(clSetKernelArgSVMPointer(k, 1, b));
	CHECK(clSetKernelArgSVMPointer(k, 2, c));
	CHECK(clSetKernelArg(k, 3, sizeof(n), &n));
	run1d(cl.q, k, (n + 255) / 256 * 256, NULL);
	for (i = 0; i < n; i++)
		igt_assert_f(c[i] == a[i] + b[i], "c[%u] = %g\n", i, c[i]);
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(a);
	free(b);
	free(c);
}

/* Buffers of every host-pointer kind, and the copies between them. */
static void test_buffers(void)
{
	const cl_uint n = 4096;
	float *host = malloc(n * 4), *out = malloc(n * 4), *mapped;
	float pattern = 2.0f;
	cl_mem a, b, c, sub;
	cl_buffer_region r = { 1024 * 4, 1024 * 4 };
	cl_program p = build(vadd_src, NULL);
	cl_kernel k = kernel(p, "vadd");
	cl_int err;
	cl_uint i;

	for (i = 0; i < n; i++)
		host[i] = i;
	a = clCreateBuffer(cl.ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
			   n * 4, host, &err);
	igt_assert_eq(err, CL_SUCCESS);
	b = clCreateBuffer(cl.ctx, CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR,
			   n * 4, NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
	c = clCreateBuffer(cl.ctx, CL_MEM_USE_HOST_PTR, n * 4, out, &err);
	igt_assert_eq(err, CL_SUCCESS);
	CHECK(clEnqueueFillBuffer(cl.q, b, &pattern, 4, 0, n * 4, 0, NULL,
				  NULL));
	CHECK(clSetKernelArg(k, 0, sizeof(a), &a));
	CHECK(clSetKernelArg(k, 1, sizeof(b), &b));
	CHECK(clSetKernelArg(k, 2, sizeof(c), &c));
	CHECK(clSetKernelArg(k, 3, sizeof(n), &n));
	run1d(cl.q, k, n, NULL);
	/* USE_HOST_PTR: the kernel wrote the application's memory. */
	mapped = clEnqueueMapBuffer(cl.q, c, CL_TRUE, CL_MAP_READ, 0, n * 4, 0,
				    NULL, NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
	igt_assert(mapped == out);
	for (i = 0; i < n; i++)
		igt_assert_f(out[i] == i + 2.0f, "out[%u] = %g\n", i, out[i]);
	CHECK(clEnqueueUnmapMemObject(cl.q, c, mapped, 0, NULL, NULL));

	/* A sub-buffer as a kernel argument: elements 1024..2047 of c. */
	sub = clCreateSubBuffer(c, CL_MEM_READ_WRITE,
				CL_BUFFER_CREATE_TYPE_REGION, &r, &err);
	igt_assert_eq(err, CL_SUCCESS);
	CHECK(clSetKernelArg(k, 0, sizeof(a), &a));
	CHECK(clSetKernelArg(k, 1, sizeof(a), &a));
	CHECK(clSetKernelArg(k, 2, sizeof(sub), &sub));
	i = 1024;
	CHECK(clSetKernelArg(k, 3, sizeof(i), &i));
	run1d(cl.q, k, 1024, NULL);
	CHECK(clEnqueueCopyBuffer(cl.q, c, b, 0, 0, n * 4, 0, NULL, NULL));
	memset(host, 0, n * 4);
	CHECK(clEnqueueReadBuffer(cl.q, b, CL_TRUE, 0, n * 4, host, 0, NULL,
				  NULL));
	for (i = 0; i < n; i++) {
		float want = i >= 1024 && i < 2048 ? 2.0f * (i - 1024) :
						     i + 2.0f;

		igt_assert_f(host[i] == want, "b[%u] = %g, want %g\n", i,
			     host[i], want);
	}
	clReleaseMemObject(sub);
	clReleaseMemObject(a);
	clReleaseMemObject(b);
	clReleaseMemObject(c);
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(host);
	free(out);
}

/* A work-group reduction in __local memory, the local size left to us. */
static void test_reduction(void)
{
	static const char *src =
		"kernel void reduce(global const uint *in, global uint *out,\n"
		"		    local uint *tmp)\n"
		"{\n"
		"	size_t l = get_local_id(0), n = get_local_size(0);\n"
		"	tmp[l] = in[get_global_id(0)];\n"
		"	for (size_t s = n / 2; s; s /= 2) {\n"
		"		barrier(CLK_LOCAL_MEM_FENCE);\n"
		"		if (l < s)\n"
		"			tmp[l] += tmp[l + s];\n"
		"	}\n"
		"	if (!l)\n"
		"		out[get_group_id(0)] = tmp[0];\n"
		"}\n";
	const size_t n = 1 << 16, local = 256;
	uint32_t *in = malloc(n * 4), *out = calloc(n / local, 4);
	cl_program p = build(src, "-cl-std=CL3.0");
	cl_kernel k = kernel(p, "reduce");
	size_t i, j;

	for (i = 0; i < n; i++)
		in[i] = (uint32_t)(i * 2654435761u) >> 8;
	CHECK(clSetKernelArgSVMPointer(k, 0, in));
	CHECK(clSetKernelArgSVMPointer(k, 1, out));
	CHECK(clSetKernelArg(k, 2, local * 4, NULL));
	run1d(cl.q, k, n, &local);
	for (i = 0; i < n / local; i++) {
		uint32_t sum = 0;

		for (j = 0; j < local; j++)
			sum += in[i * local + j];
		igt_assert_f(out[i] == sum, "group %zu: %u, want %u\n", i,
			     out[i], sum);
	}
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(in);
	free(out);
}

/* The binary of a built program builds a program that runs the same. */
static void test_binary(void)
{
	const cl_uint n = 1000;
	cl_program p = build(vadd_src, "-O0"), p2;
	size_t size[GPSVM_MAX_DEVICES];
	unsigned char *bin[GPSVM_MAX_DEVICES];
	float *a = malloc(n * 4), *c = malloc(n * 4);
	cl_int err, status[GPSVM_MAX_DEVICES];
	cl_kernel k;
	cl_uint i;

	/* One binary per device of the context. */
	CHECK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES,
			       cl.ndev * sizeof(size[0]), size, NULL));
	for (i = 0; i < cl.ndev; i++)
		bin[i] = malloc(size[i]);
	CHECK(clGetProgramInfo(p, CL_PROGRAM_BINARIES, cl.ndev * sizeof(bin[0]),
			       bin, NULL));
	for (i = 1; i < cl.ndev; i++)
		igt_assert(size[i] == size[0] && !memcmp(bin[i], bin[0], size[0]));
	p2 = clCreateProgramWithBinary(cl.ctx, cl.ndev, cl.dev, size,
				       (const unsigned char **)bin, status,
				       &err);
	igt_assert_eq(err, CL_SUCCESS);
	igt_assert_eq(status[0], CL_SUCCESS);
	CHECK(clBuildProgram(p2, 0, NULL, NULL, NULL, NULL));
	k = kernel(p2, "vadd");
	for (i = 0; i < n; i++)
		a[i] = i;
	CHECK(clSetKernelArgSVMPointer(k, 0, a));
	CHECK(clSetKernelArgSVMPointer(k, 1, a));
	CHECK(clSetKernelArgSVMPointer(k, 2, c));
	CHECK(clSetKernelArg(k, 3, sizeof(n), &n));
	run1d(cl.q, k, 1024, NULL);
	for (i = 0; i < n; i++)
		igt_assert_eq(c[i], 2.0f * i);
	/* A corrupt binary is refused. */
	bin[0][0] ^= 0xff;
	igt_assert(!clCreateProgramWithBinary(cl.ctx, 1, cl.dev, size,
					      (const unsigned char **)bin,
					      status, &err));
	igt_assert_eq(err, CL_INVALID_BINARY);
	igt_assert_eq(status[0], CL_INVALID_BINARY);
	clReleaseKernel(k);
	clReleaseProgram(p);
	clReleaseProgram(p2);
	for (i = 0; i < cl.ndev; i++)
		free(bin[i]);
	free(a);
	free(c);
}


/*
 * SVM atomics: GPU work-items add to counters with all-SVM-devices scope
 * while host threads add to the same counters and write other words of
 * the same pages; both on malloc'd memory and on clSVMAlloc'd fine-grain
 * atomic memory. Every count must be exact.
 */
static const char *atomics_src =
	"kernel void add(global atomic_uint *ctr, global atomic_uint *lock,\n"
	"		 global uint *guarded, uint nctr, uint rounds)\n"
	"{\n"
	"	uint id = get_global_id(0);\n"
	"	for (uint r = 0; r < rounds; r++) {\n"
	"		global atomic_uint *c = ctr + ((id + r) % nctr) * 1024;\n"
	"		atomic_fetch_add_explicit(c, 1, memory_order_relaxed,\n"
	"					  memory_scope_all_svm_devices);\n"
	"		atomic_fetch_max_explicit(c + 1, id, memory_order_relaxed,\n"
	"					  memory_scope_all_svm_devices);\n"
	"		atomic_fetch_min_explicit(c + 2, id, memory_order_relaxed,\n"
	"					  memory_scope_all_svm_devices);\n"
	"	}\n"
	"	/* A spin lock by compare-exchange around a plain update. */\n"
	"	uint expected = 0;\n"
	"	while (!atomic_compare_exchange_strong_explicit(lock, &expected, 1,\n"
	"			memory_order_acquire, memory_order_relaxed,\n"
	"			memory_scope_all_svm_devices))\n"
	"		expected = 0;\n"
	"	*guarded += 1;\n"
	"	atomic_store_explicit(lock, 0, memory_order_release,\n"
	"			      memory_scope_all_svm_devices);\n"
	"	atomic_exchange_explicit(ctr + 3, id, memory_order_relaxed,\n"
	"				 memory_scope_all_svm_devices);\n"
	"}\n";

struct host_worker {
	pthread_t th;
	uint32_t *ctr, *lock, *guarded;
	uint32_t nctr, adds, locks;
	_Atomic bool *stop;
	uint64_t writes;
};

static void *host_atomics(void *arg)
{
	struct host_worker *w = arg;
	uint32_t i = 0, k;

	/* Its own adds and lock turns, then writes until the kernel ends. */
	for (k = 0; k < w->adds; k++)
		__atomic_fetch_add(&w->ctr[(k % w->nctr) * 1024], 1,
				   __ATOMIC_SEQ_CST);
	for (k = 0; k < w->locks; k++) {
		uint32_t zero = 0;

		while (!__atomic_compare_exchange_n(w->lock, &zero, 1, false,
						    __ATOMIC_ACQUIRE,
						    __ATOMIC_RELAXED))
			zero = 0;
		(*w->guarded)++;
		__atomic_store_n(w->lock, 0, __ATOMIC_RELEASE);
	}
	while (!atomic_load(w->stop)) {
		/* Word 512 of each counter page: the page, not the counter. */
		w->ctr[(i % w->nctr) * 1024 + 512] = i;
		i++;
		w->writes++;
	}
	return NULL;
}

static void atomics_on(uint32_t *ctr, const char *what)
{
	const uint32_t nctr = 64, rounds = 4, items = 2048, adds = 20000;
	const uint32_t locks = 2000, nthreads = 2;
	uint32_t *lock = ctr + nctr * 1024, *guarded = lock + 1;
	struct host_worker w[2];
	_Atomic bool stop = false;
	cl_program p = build(atomics_src, "-cl-std=CL3.0");
	cl_kernel k = kernel(p, "add");
	size_t global = items, local = 64;
	uint64_t sum = 0;
	struct timespec t0 = {};
	double secs;
	uint32_t i;

	for (i = 0; i < nctr; i++) {
		ctr[i * 1024] = 0;
		ctr[i * 1024 + 1] = 0;
		ctr[i * 1024 + 2] = ~0u;
	}
	*lock = 0;
	*guarded = 0;
	CHECK(clSetKernelArgSVMPointer(k, 0, ctr));
	CHECK(clSetKernelArgSVMPointer(k, 1, lock));
	CHECK(clSetKernelArgSVMPointer(k, 2, guarded));
	CHECK(clSetKernelArg(k, 3, 4, &nctr));
	CHECK(clSetKernelArg(k, 4, 4, &rounds));
	igt_nsec_elapsed(&t0);
	CHECK(clEnqueueNDRangeKernel(cl.q, k, 1, NULL, &global, &local, 0,
				     NULL, NULL));
	CHECK(clFlush(cl.q));
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct host_worker){ .ctr = ctr, .lock = lock,
			.guarded = guarded, .nctr = nctr, .adds = adds,
			.locks = locks, .stop = &stop };
		igt_assert_eq(pthread_create(&w[i].th, NULL, host_atomics,
					     &w[i]), 0);
	}
	CHECK(clFinish(cl.q));
	secs = igt_nsec_elapsed(&t0) / 1e9;
	atomic_store(&stop, true);
	for (i = 0; i < nthreads; i++)
		igt_assert_eq(pthread_join(w[i].th, NULL), 0);
	for (i = 0; i < nctr; i++) {
		uint32_t max = 0, min = ~0u, id, r;

		for (id = 0; id < items; id++)
			for (r = 0; r < rounds; r++)
				if ((id + r) % nctr == i) {
					max = id > max ? id : max;
					min = id < min ? id : min;
				}
		sum += ctr[i * 1024];
		igt_assert_eq_u32(ctr[i * 1024 + 1], max);
		igt_assert_eq_u32(ctr[i * 1024 + 2], min);
	}
	igt_assert_eq_u64(sum, (uint64_t)items * rounds + nthreads * adds);
	igt_assert_eq_u32(*guarded, items + nthreads * locks);
	igt_assert(ctr[3] < items);
	igt_info("%s: %u GPU atomics and %u lock turns beside %u host adds, %u host lock turns and %" PRIu64 " host writes: %.3f s, %.0f GPU ops/s\n",
		 what, items * rounds * 3, items, nthreads * adds,
		 nthreads * locks, w[0].writes + w[1].writes, secs,
		 items * rounds * 3 / secs);
	clReleaseKernel(k);
	clReleaseProgram(p);
}

static void test_atomics_malloc(void)
{
	uint32_t *ctr = aligned_alloc(4096, 65 * 4096);

	atomics_on(ctr, "malloc");
	free(ctr);
}

static void test_atomics_svm(void)
{
	uint32_t *ctr = clSVMAlloc(cl.ctx, CL_MEM_READ_WRITE |
				   CL_MEM_SVM_FINE_GRAIN_BUFFER |
				   CL_MEM_SVM_ATOMICS, 65 * 4096, 4096);

	igt_assert(ctr);
	atomics_on(ctr, "clSVMAlloc");
	clSVMFree(cl.ctx, ctr);
}

/*
 * The kernel signals the host through an atomic flag and waits for the
 * host's answer: both sides run at once.
 */
static void test_signal(void)
{
	static const char *src =
		"kernel void signal(global atomic_int *flag, global int *out)\n"
		"{\n"
		"	atomic_store_explicit(flag, 1, memory_order_release,\n"
		"			      memory_scope_all_svm_devices);\n"
		"	while (atomic_load_explicit(flag, memory_order_acquire,\n"
		"			memory_scope_all_svm_devices) != 2)\n"
		"		;\n"
		"	*out = 42;\n"
		"}\n";
	int *flag = calloc(2, sizeof(int)), i;
	cl_program p = build(src, "-cl-std=CL3.0");
	cl_kernel k = kernel(p, "signal");
	cl_event done;
	cl_int status;

	CHECK(clSetKernelArgSVMPointer(k, 0, flag));
	CHECK(clSetKernelArgSVMPointer(k, 1, flag + 1));
	CHECK(clEnqueueNDRangeKernel(cl.q, k, 1, NULL, &(size_t){ 1 }, NULL, 0,
				     NULL, &done));
	for (i = 0; i < 5000 && __atomic_load_n(flag, __ATOMIC_ACQUIRE) != 1; i++)
		usleep(1000);
	igt_assert_eq(__atomic_load_n(flag, __ATOMIC_ACQUIRE), 1);
	CHECK(clGetEventInfo(done, CL_EVENT_COMMAND_EXECUTION_STATUS,
			     sizeof(status), &status, NULL));
	igt_assert_eq(status, CL_RUNNING);
	igt_assert_eq(flag[1], 0);
	__atomic_store_n(flag, 2, __ATOMIC_RELEASE);
	CHECK(clWaitForEvents(1, &done));
	igt_assert_eq(flag[1], 42);
	clReleaseEvent(done);
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(flag);
}

/* A linked list and a tree built with malloc, walked by the GPU. */
struct node {
	struct node *next, *left, *right;
	int32_t value;
};

static void test_pointers(void)
{
	static const char *src =
		"struct node { global struct node *next, *left, *right; int value; };\n"
		"kernel void walk(global struct node *head, global int *sum)\n"
		"{\n"
		"	int s = 0;\n"
		"	for (global struct node *n = head; n; n = n->next)\n"
		"		s += n->value;\n"
		"	*sum = s;\n"
		"}\n"
		"kernel void tree(global struct node *root, global int *out)\n"
		"{\n"
		"	/* The path of get_global_id(0)'s bits from the root. */\n"
		"	global struct node *n = root;\n"
		"	uint id = get_global_id(0);\n"
		"	for (int d = 0; d < 10 && n; d++)\n"
		"		n = (id >> d) & 1 ? n->right : n->left;\n"
		"	out[id] = n ? n->value : -1;\n"
		"}\n";
	const int len = 5000, depth = 10;
	struct node *head = NULL, *root, **level, **next;
	int32_t *sum = malloc(4), *out = malloc(1024 * 4);
	cl_program p = build(src, NULL);
	cl_kernel walk = kernel(p, "walk"), tree = kernel(p, "tree");
	int i, d, want = 0, count = 1;

	for (i = 0; i < len; i++) {
		struct node *n = calloc(1, sizeof(*n));

		n->value = i * 7 - 3000;
		want += n->value;
		n->next = head;
		head = n;
	}
	/* A full tree of depth 10, values by breadth-first index. */
	root = calloc(1, sizeof(*root));
	level = malloc(sizeof(*level));
	level[0] = root;
	for (d = 0; d < depth; d++) {
		next = malloc(2 * count * sizeof(*next));
		for (i = 0; i < count; i++) {
			level[i]->left = next[2 * i] = calloc(1, sizeof(*root));
			level[i]->right = next[2 * i + 1] =
				calloc(1, sizeof(*root));
			next[2 * i]->value = 2 * i;
			next[2 * i + 1]->value = 2 * i + 1;
		}
		free(level);
		level = next;
		count *= 2;
	}
	CHECK(clSetKernelArgSVMPointer(walk, 0, head));
	CHECK(clSetKernelArgSVMPointer(walk, 1, sum));
	CHECK(clSetKernelExecInfo(walk, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM,
				  sizeof(cl_bool), &(cl_bool){ CL_TRUE }));
	run1d(cl.q, walk, 1, NULL);
	igt_assert_eq(*sum, want);
	CHECK(clSetKernelArgSVMPointer(tree, 0, root));
	CHECK(clSetKernelArgSVMPointer(tree, 1, out));
	run1d(cl.q, tree, 1024, NULL);
	for (i = 0; i < 1024; i++) {
		int idx = 0;

		for (d = 0; d < depth; d++)
			idx = 2 * idx + ((i >> d) & 1);
		igt_assert_f(out[i] == idx, "path %d: %d, want %d\n", i,
			     out[i], idx);
	}
	clReleaseKernel(walk);
	clReleaseKernel(tree);
	clReleaseProgram(p);
	free(sum);
	free(out);
}

static void CL_CALLBACK on_event(cl_event e, cl_int status, void *data)
{
	(void)e;
	__atomic_store_n((cl_int *)data, status, __ATOMIC_RELEASE);
}

/* A user event holds back a kernel; callbacks and profiling times. */
static void test_events(void)
{
	const cl_uint n = 256;
	float *a = malloc(n * 4), *c = calloc(n, 4);
	cl_queue_properties props[] = {
		CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0 };
	cl_command_queue q;
	cl_program p = build(vadd_src, NULL);
	cl_kernel k = kernel(p, "vadd");
	cl_event gate, run, after;
	cl_int err, status, seen = 99;
	cl_ulong t[4];
	size_t global = n;
	cl_uint i;

	q = clCreateCommandQueueWithProperties(cl.ctx, cl.dev[0], props, &err);
	igt_assert_eq(err, CL_SUCCESS);
	for (i = 0; i < n; i++)
		a[i] = i;
	gate = clCreateUserEvent(cl.ctx, &err);
	igt_assert_eq(err, CL_SUCCESS);
	CHECK(clSetKernelArgSVMPointer(k, 0, a));
	CHECK(clSetKernelArgSVMPointer(k, 1, a));
	CHECK(clSetKernelArgSVMPointer(k, 2, c));
	CHECK(clSetKernelArg(k, 3, 4, &n));
	CHECK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 1, &gate,
				     &run));
	CHECK(clSetEventCallback(run, CL_COMPLETE, on_event, &seen));
	/* Arguments set after the enqueue do not change that launch. */
	CHECK(clSetKernelArgSVMPointer(k, 2, a));
	CHECK(clEnqueueMarkerWithWaitList(q, 0, NULL, &after));
	usleep(100000);
	CHECK(clGetEventInfo(run, CL_EVENT_COMMAND_EXECUTION_STATUS,
			     sizeof(status), &status, NULL));
	igt_assert_f(status == CL_QUEUED || status == CL_SUBMITTED,
		     "status %d before the user event\n", status);
	igt_assert_eq(c[0] + c[n - 1], 0.0f);
	CHECK(clSetUserEventStatus(gate, CL_COMPLETE));
	igt_assert_eq(clSetUserEventStatus(gate, CL_COMPLETE),
		      CL_INVALID_OPERATION);
	CHECK(clWaitForEvents(1, &after));
	igt_assert_eq(__atomic_load_n(&seen, __ATOMIC_ACQUIRE), CL_COMPLETE);
	for (i = 0; i < n; i++)
		igt_assert_eq(c[i], 2.0f * i);
	CHECK(clGetEventProfilingInfo(run, CL_PROFILING_COMMAND_QUEUED, 8,
				      &t[0], NULL));
	CHECK(clGetEventProfilingInfo(run, CL_PROFILING_COMMAND_SUBMIT, 8,
				      &t[1], NULL));
	CHECK(clGetEventProfilingInfo(run, CL_PROFILING_COMMAND_START, 8,
				      &t[2], NULL));
	CHECK(clGetEventProfilingInfo(run, CL_PROFILING_COMMAND_END, 8,
				      &t[3], NULL));
	igt_assert(t[0] <= t[1] && t[1] <= t[2] && t[2] < t[3]);
	/* A failed wait-list event fails the commands that wait for it. */
	clReleaseEvent(gate);
	gate = clCreateUserEvent(cl.ctx, &err);
	CHECK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 1, &gate,
				     &after));
	CHECK(clSetUserEventStatus(gate, -1234));
	igt_assert_eq(clWaitForEvents(1, &after),
		      CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
	CHECK(clGetEventInfo(after, CL_EVENT_COMMAND_EXECUTION_STATUS,
			     sizeof(status), &status, NULL));
	igt_assert(status < 0);
	clReleaseEvent(gate);
	clReleaseEvent(run);
	clReleaseEvent(after);
	clReleaseCommandQueue(q);
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(a);
	free(c);
}

/* Bad arguments get the specified errors and change nothing. */
static void test_errors(void)
{
	static const char *bad_src = "kernel void f(global int *p)\n{\n\tp[0] = undeclared;\n}\n";
	cl_program p = build(vadd_src, NULL), bad;
	cl_kernel k = kernel(p, "vadd");
	size_t global = 1000, local = 3, zero = 0;
	cl_mem buf;
	cl_int err;
	char log[4096];
	cl_uint n = 1;

	igt_assert_eq(clGetDeviceIDs(cl.platform, CL_DEVICE_TYPE_CPU, 1,
				     cl.dev, NULL), CL_DEVICE_NOT_FOUND);
	igt_assert_eq(clGetDeviceInfo(cl.dev[0], 0x7fff, 0, NULL, NULL),
		      CL_INVALID_VALUE);
	igt_assert(!clCreateContext(NULL, 0, cl.dev, NULL, NULL, &err));
	igt_assert_eq(err, CL_INVALID_VALUE);
	igt_assert(!clCreateBuffer(cl.ctx, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY,
				   16, NULL, &err));
	igt_assert_eq(err, CL_INVALID_VALUE);
	igt_assert(!clCreateBuffer(cl.ctx, 0, 0, NULL, &err));
	igt_assert_eq(err, CL_INVALID_BUFFER_SIZE);
	igt_assert(!clCreateBuffer(cl.ctx, CL_MEM_USE_HOST_PTR, 16, NULL, &err));
	igt_assert_eq(err, CL_INVALID_HOST_PTR);
	buf = clCreateBuffer(cl.ctx, 0, 64, NULL, &err);
	igt_assert_eq(err, CL_SUCCESS);
	igt_assert_eq(clEnqueueReadBuffer(cl.q, buf, CL_TRUE, 32, 64, log, 0,
					  NULL, NULL), CL_INVALID_VALUE);
	igt_assert_eq(clSetKernelArg(k, 9, 4, &n), CL_INVALID_ARG_INDEX);
	igt_assert_eq(clSetKernelArg(k, 3, 2, &n), CL_INVALID_ARG_SIZE);
	igt_assert_eq(clSetKernelArg(k, 0, sizeof(cl_mem), &k),
		      CL_INVALID_MEM_OBJECT);
	/* Arguments not all set. */
	igt_assert_eq(clEnqueueNDRangeKernel(cl.q, k, 1, NULL, &global, NULL,
					     0, NULL, NULL),
		      CL_INVALID_KERNEL_ARGS);
	CHECK(clSetKernelArg(k, 0, sizeof(buf), &buf));
	CHECK(clSetKernelArg(k, 1, sizeof(buf), &buf));
	CHECK(clSetKernelArg(k, 2, sizeof(buf), &buf));
	CHECK(clSetKernelArg(k, 3, 4, &n));
	igt_assert_eq(clEnqueueNDRangeKernel(cl.q, k, 1, NULL, &global, &local,
					     0, NULL, NULL),
		      CL_INVALID_WORK_GROUP_SIZE);
	igt_assert_eq(clEnqueueNDRangeKernel(cl.q, k, 1, NULL, &zero, NULL, 0,
					     NULL, NULL),
		      CL_INVALID_GLOBAL_WORK_SIZE);
	igt_assert_eq(clEnqueueNDRangeKernel(cl.q, k, 4, NULL, &global, NULL,
					     0, NULL, NULL),
		      CL_INVALID_WORK_DIMENSION);
	igt_assert(!clCreateKernel(p, "nosuch", &err));
	igt_assert_eq(err, CL_INVALID_KERNEL_NAME);
	/* A program with kernels cannot be rebuilt. */
	igt_assert_eq(clBuildProgram(p, 0, NULL, NULL, NULL, NULL),
		      CL_INVALID_OPERATION);
	/* Build failures name the line. */
	bad = clCreateProgramWithSource(cl.ctx, 1, &bad_src, NULL, &err);
	igt_assert_eq(clBuildProgram(bad, 0, NULL, NULL, NULL, NULL),
		      CL_BUILD_PROGRAM_FAILURE);
	CHECK(clGetProgramBuildInfo(bad, cl.dev[0], CL_PROGRAM_BUILD_LOG,
				    sizeof(log), log, NULL));
	igt_assert_f(strstr(log, ":3:") && strstr(log, "undeclared"), "%s\n",
		     log);
	igt_assert(!clCreateKernel(bad, "f", &err));
	igt_assert_eq(err, CL_INVALID_PROGRAM_EXECUTABLE);
	/* Released objects are invalid. */
	clReleaseProgram(bad);
	clReleaseMemObject(buf);
	clReleaseKernel(k);
	clReleaseProgram(p);
	igt_assert_eq(clReleaseProgram(p), CL_INVALID_PROGRAM);
	igt_assert_eq(clRetainMemObject(buf), CL_INVALID_MEM_OBJECT);
	igt_assert_eq(clReleaseKernel(k), CL_INVALID_KERNEL);
}

/* Host threads share one context, each with its own queue and kernel. */
struct thread_job {
	pthread_t th;
	unsigned int seed;
	bool ok;
};

static void *thread_fn(void *arg)
{
	struct thread_job *j = arg;
	const cl_uint n = 5000;
	float *a = malloc(n * 4), *c = malloc(n * 4);
	cl_command_queue q = clCreateCommandQueueWithProperties(cl.ctx, cl.dev[0],
								NULL, NULL);
	const char *src = vadd_src;
	cl_program p = clCreateProgramWithSource(cl.ctx, 1, &src, NULL, NULL);
	cl_kernel k;
	size_t global = 5120;
	cl_uint i, r;

	j->ok = q && p && clBuildProgram(p, 0, NULL, NULL, NULL, NULL) == 0;
	k = j->ok ? clCreateKernel(p, "vadd", NULL) : NULL;
	for (r = 0; k && r < 4; r++) {
		for (i = 0; i < n; i++)
			a[i] = j->seed + i + r;
		clSetKernelArgSVMPointer(k, 0, a);
		clSetKernelArgSVMPointer(k, 1, a);
		clSetKernelArgSVMPointer(k, 2, c);
		clSetKernelArg(k, 3, 4, &n);
		j->ok &= clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0,
						NULL, NULL) == 0;
		j->ok &= clFinish(q) == 0;
		for (i = 0; i < n; i++)
			j->ok &= c[i] == 2.0f * (j->seed + i + r);
	}
	j->ok &= k != NULL;
	if (k)
		clReleaseKernel(k);
	clReleaseProgram(p);
	clReleaseCommandQueue(q);
	free(a);
	free(c);
	return NULL;
}

static void test_threads(void)
{
	struct thread_job j[4];
	int i;

	for (i = 0; i < 4; i++) {
		j[i].seed = i * 1000;
		igt_assert_eq(pthread_create(&j[i].th, NULL, thread_fn, &j[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		igt_assert_eq(pthread_join(j[i].th, NULL), 0);
		igt_assert_f(j[i].ok, "thread %d\n", i);
	}
}

/* Every device of the context runs kernels on the same process memory. */
static void test_all_devices(void)
{
	const cl_uint n = 4096;
	cl_command_queue q[GPSVM_MAX_DEVICES];
	float *a = malloc(n * 4), *c = calloc(n * cl.ndev, 4);
	cl_program p = build(vadd_src, NULL);
	cl_kernel k = kernel(p, "vadd");
	size_t global = n;
	cl_uint d, i;
	cl_int err;

	igt_require_f(cl.ndev > 1, "one device\n");
	for (i = 0; i < n; i++)
		a[i] = i;
	for (d = 0; d < cl.ndev; d++) {
		q[d] = clCreateCommandQueueWithProperties(cl.ctx, cl.dev[d], NULL,
							 &err);
		igt_assert_eq(err, CL_SUCCESS);
		CHECK(clSetKernelArgSVMPointer(k, 0, a));
		CHECK(clSetKernelArgSVMPointer(k, 1, a));
		CHECK(clSetKernelArgSVMPointer(k, 2, c + d * n));
		CHECK(clSetKernelArg(k, 3, 4, &n));
		CHECK(clEnqueueNDRangeKernel(q[d], k, 1, NULL, &global, NULL, 0,
					     NULL, NULL));
	}
	for (d = 0; d < cl.ndev; d++) {
		CHECK(clFinish(q[d]));
		for (i = 0; i < n; i++)
			igt_assert_eq(c[d * n + i], 2.0f * i);
		clReleaseCommandQueue(q[d]);
	}
	clReleaseKernel(k);
	clReleaseProgram(p);
	free(a);
	free(c);
}

igt_main
{
	igt_fixture
		cl_setup(&cl);

	igt_describe("One device per GPU, with fine-grain system SVM, SVM atomics and the compiler's features.");
	igt_subtest("devices")
		test_devices();

	igt_describe("Vector add on malloc'd memory through clSetKernelArgSVMPointer.");
	igt_subtest("vadd-malloc")
		test_vadd_malloc();

	igt_describe("Buffers with every host-pointer flag, sub-buffers, fill, copy, read, map.");
	igt_subtest("buffers")
		test_buffers();

	igt_describe("A work-group reduction with __local memory and barriers.");
	igt_subtest("reduction")
		test_reduction();

	igt_describe("A program from its own binary runs the same; a corrupt binary is refused.");
	igt_subtest("binary")
		test_binary();

	igt_describe("GPU atomics with all-SVM-devices scope on malloc'd memory while host threads do atomics on the same counters and write the same pages.");
	igt_subtest("atomics-malloc")
		test_atomics_malloc();

	igt_describe("The same on clSVMAlloc'd fine-grain memory with SVM atomics.");
	igt_subtest("atomics-svm")
		test_atomics_svm();

	igt_describe("A running kernel signals the host through an atomic flag and waits for its answer.");
	igt_subtest("signal")
		test_signal();

	igt_describe("A linked list and a tree built with malloc, walked by the GPU.");
	igt_subtest("pointers")
		test_pointers();

	igt_describe("User events, callbacks, markers, profiling and failed wait lists.");
	igt_subtest("events")
		test_events();

	igt_describe("Invalid values, objects, sizes and sources get the specified errors.");
	igt_subtest("errors")
		test_errors();

	igt_describe("Host threads share one context.");
	igt_subtest("threads")
		test_threads();

	igt_describe("Every GPU as a device of one context.");
	igt_subtest("all-devices")
		test_all_devices();

	igt_fixture {
		clReleaseCommandQueue(cl.q);
		clReleaseContext(cl.ctx);
	}
}
