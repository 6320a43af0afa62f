// SPDX-License-Identifier: MIT
/*
 * ocl-svm-atomics: the OpenCL SVM atomics test. Plain OpenCL 3.0, for any
 * platform: GPU work-items run C11 atomics (fetch_add, fetch_min/max,
 * exchange, compare_exchange as a lock) on one set of counters per page
 * of memory, while host threads do their own atomics on the same counters,
 * take the same locks, and write other words of the same pages. Every
 * count is checked exactly; the run reports operations per second.
 *
 * Memory kinds (--memory): "system" is malloc'd memory (fine-grain system
 * SVM), "svm" clSVMAlloc'd fine-grain memory with SVM atomics. By default
 * every kind the device supports.
 *
 * The scope is memory_scope_all_svm_devices where the device's OpenCL C
 * has it (__opencl_c_atomic_scope_all_devices); a device that lacks the
 * feature (PoCL 3.1 reports the capability but its compiler does not
 * define the feature) gets memory_scope_device, said in the output.
 *
 * On Linux, the gpsvm driver's SVM counters are printed too when its
 * debugfs file is readable (as root): no call of any driver is made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>

#define PAGE_WORDS	1024u	/* 4 KiB pages of 32-bit words */
/* Words of each page: the GPU's and the host's counters, then the rest. */
enum { W_ADD, W_MAX, W_MIN, W_XCHG, W_LOCK, W_GUARDED, W_FREE = 512 };

static const char *kernel_src =
	"kernel void atomics(global uint *mem, uint npages, uint rounds)\n"
	"{\n"
	"	uint id = get_global_id(0);\n"
	"	for (uint r = 0; r < rounds; r++) {\n"
	"		global uint *p = mem + ((id + r * 7) % npages) * 1024;\n"
	"		atomic_fetch_add_explicit((global atomic_uint *)p + 0, 1,\n"
	"			memory_order_relaxed, SCOPE);\n"
	"		atomic_fetch_max_explicit((global atomic_uint *)p + 1, id,\n"
	"			memory_order_relaxed, SCOPE);\n"
	"		atomic_fetch_min_explicit((global atomic_uint *)p + 2, id,\n"
	"			memory_order_relaxed, SCOPE);\n"
	"		atomic_exchange_explicit((global atomic_uint *)p + 3, id,\n"
	"			memory_order_relaxed, SCOPE);\n"
	"	}\n"
	"	/* A lock taken by compare-exchange, around a plain update. */\n"
	"	global uint *p = mem + (id % npages) * 1024;\n"
	"	uint expected = 0;\n"
	"	while (!atomic_compare_exchange_strong_explicit(\n"
	"			(global atomic_uint *)p + 4, &expected, 1,\n"
	"			memory_order_acquire, memory_order_relaxed, SCOPE))\n"
	"		expected = 0;\n"
	"	p[5]++;\n"
	"	atomic_store_explicit((global atomic_uint *)p + 4, 0,\n"
	"			      memory_order_release, SCOPE);\n"
	"}\n";

struct opts {
	const char *platform;	/* substring of the platform's name */
	const char *memory;	/* system, svm, or NULL: every kind */
	unsigned int npages, rounds, items, threads, host_adds, host_locks;
};

struct host {
	pthread_t th;
	uint32_t *mem;
	const struct opts *o;
	unsigned int index;
	atomic_bool *stop;
	uint64_t writes;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *host_thread(void *arg)
{
	struct host *h = arg;
	const struct opts *o = h->o;
	uint32_t *mem = h->mem;
	unsigned int k, page;

	for (k = 0; k < o->host_adds; k++) {
		page = (k * 13 + h->index) % o->npages;
		__atomic_fetch_add(&mem[page * PAGE_WORDS + W_ADD], 1,
				   __ATOMIC_SEQ_CST);
	}
	for (k = 0; k < o->host_locks; k++) {
		uint32_t *p = mem + ((k + h->index) % o->npages) * PAGE_WORDS;
		uint32_t zero = 0;

		while (!__atomic_compare_exchange_n(&p[W_LOCK], &zero, 1, false,
						    __ATOMIC_ACQUIRE,
						    __ATOMIC_RELAXED))
			zero = 0;
		p[W_GUARDED]++;
		__atomic_store_n(&p[W_LOCK], 0, __ATOMIC_RELEASE);
	}
	/* Other words of the same pages, until the kernel is done. */
	for (k = 0; !atomic_load(h->stop); k++) {
		page = k % o->npages;
		mem[page * PAGE_WORDS + W_FREE + h->index] = k;
		h->writes++;
	}
	return NULL;
}

/* The gpsvm driver's SVM counters, summed over its GPUs; -1 if unreadable. */
static int svm_counters(char names[][32], uint64_t *vals, int max)
{
	glob_t g;
	size_t i;
	int n = -1;

	if (glob("/sys/kernel/debug/dri/*/gpsvm_svm", 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		char name[64];
		uint64_t v;
		int k = 0;

		if (!f)
			continue;
		while (k < max && fscanf(f, " %63[^:]: %" SCNu64, name, &v) == 2) {
			if (n < 0 || k >= n) {
				snprintf(names[k], 32, "%.31s", name);
				vals[k] = 0;
			}
			vals[k++] += v;
		}
		n = k > n ? k : n;
		fclose(f);
	}
	globfree(&g);
	return n;
}

static bool device_has_feature(cl_device_id dev, const char *feature)
{
	cl_name_version f[64];
	size_t size = 0, i;

	if (clGetDeviceInfo(dev, CL_DEVICE_OPENCL_C_FEATURES, sizeof(f), f,
			    &size) != CL_SUCCESS)
		return false;
	for (i = 0; i < size / sizeof(f[0]); i++)
		if (!strcmp(f[i].name, feature))
			return true;
	return false;
}

/* Whether work-item id's rounds reach page p: its exchange may be last. */
static bool touched(const struct opts *o, uint32_t id, unsigned int p)
{
	unsigned int r;

	for (r = 0; id < o->items && r < o->rounds; r++)
		if ((id + r * 7) % o->npages == p)
			return true;
	return false;
}

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); return 1; } while (0)

/* One run on one kind of memory; 0 when every count is exact. */
static int run(cl_context ctx, cl_command_queue q, cl_kernel k, uint32_t *mem,
	       const struct opts *o, const char *what)
{
	size_t global = o->items, local = 64;
	unsigned int i, p, r, bad = 0, shown = 0;
	uint32_t *guarded_want = calloc(o->npages, 4);
	uint32_t *max_want = calloc(o->npages, 4), *min_want;
	uint64_t adds = 0, cnt_before[32], cnt_after[32], writes = 0;
	char names[32][32];
	int ncnt, ncnt2;
	struct host h[16];
	atomic_bool stop = false;
	double t0, t1;
	cl_int err;

	(void)ctx;
	min_want = malloc(o->npages * 4);
	for (p = 0; p < o->npages; p++) {
		memset(mem + p * PAGE_WORDS, 0, PAGE_WORDS * 4);
		mem[p * PAGE_WORDS + W_MIN] = ~0u;
		min_want[p] = ~0u;
	}
	err = clSetKernelArgSVMPointer(k, 0, mem);
	err |= clSetKernelArg(k, 1, sizeof(cl_uint), &o->npages);
	err |= clSetKernelArg(k, 2, sizeof(cl_uint), &o->rounds);
	if (err)
		FAIL("%s: setting the kernel's arguments: %d\n", what, err);
	ncnt = svm_counters(names, cnt_before, 32);

	t0 = now();
	err = clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL,
				     NULL);
	if (err)
		FAIL("%s: clEnqueueNDRangeKernel: %d\n", what, err);
	clFlush(q);
	for (i = 0; i < o->threads; i++) {
		h[i] = (struct host){ .mem = mem, .o = o, .index = i,
				      .stop = &stop };
		if (pthread_create(&h[i].th, NULL, host_thread, &h[i]))
			FAIL("pthread_create: %s\n", strerror(errno));
	}
	err = clFinish(q);
	t1 = now();
	atomic_store(&stop, true);
	for (i = 0; i < o->threads; i++) {
		pthread_join(h[i].th, NULL);
		writes += h[i].writes;
	}
	if (err)
		FAIL("%s: the kernel failed: %d\n", what, err);
	ncnt2 = svm_counters(names, cnt_after, 32);

	/* What each page must hold. */
	for (i = 0; i < o->items; i++) {
		for (r = 0; r < o->rounds; r++) {
			p = (i + r * 7) % o->npages;
			max_want[p] = i > max_want[p] ? i : max_want[p];
			min_want[p] = i < min_want[p] ? i : min_want[p];
		}
		guarded_want[i % o->npages]++;
	}
	for (i = 0; i < o->threads; i++)
		for (r = 0; r < o->host_locks; r++)
			guarded_want[(r + i) % o->npages]++;
	for (p = 0; p < o->npages; p++) {
		uint32_t *w = mem + p * PAGE_WORDS;

		adds += w[W_ADD];
		if (w[W_MAX] != max_want[p] || w[W_MIN] != min_want[p] ||
		    w[W_GUARDED] != guarded_want[p] || w[W_LOCK] ||
		    (min_want[p] != ~0u && !touched(o, w[W_XCHG], p))) {
			if (bad++ < 5)
				fprintf(stderr,
					"%s: page %u: max %u/%u min %u/%u guarded %u/%u lock %u\n",
					what, p, w[W_MAX], max_want[p],
					w[W_MIN], min_want[p], w[W_GUARDED],
					guarded_want[p], w[W_LOCK]);
		}
	}
	if (adds != (uint64_t)o->items * o->rounds +
		    (uint64_t)o->threads * o->host_adds) {
		fprintf(stderr, "%s: %" PRIu64 " adds, want %" PRIu64 " (lost updates)\n",
			what, adds, (uint64_t)o->items * o->rounds +
			(uint64_t)o->threads * o->host_adds);
		bad++;
	}
	printf("%-7s %s: %u work-items x %u rounds on %u pages (%u MiB), %u host threads\n",
	       what, bad ? "FAILED" : "passed", o->items, o->rounds, o->npages,
	       o->npages / 256, o->threads);
	printf("        device: %" PRIu64 " atomics + %u lock turns in %.3f s: %.0f atomics/s\n",
	       (uint64_t)o->items * o->rounds * 4, o->items, t1 - t0,
	       o->items * (double)o->rounds * 4 / (t1 - t0));
	printf("        host: %u atomic adds, %u lock turns, %" PRIu64 " writes to the same pages meanwhile\n",
	       o->threads * o->host_adds, o->threads * o->host_locks, writes);
	/* Only where the run moved them: the GPU is gpsvm's. */
	for (i = 0; ncnt > 0 && ncnt2 == ncnt && i < (unsigned int)ncnt; i++)
		if (cnt_after[i] != cnt_before[i])
			printf("%s %s +%" PRIu64,
			       shown++ ? "" : "        gpsvm SVM counters:",
			       names[i], cnt_after[i] - cnt_before[i]);
	if (shown)
		printf("\n");
	free(guarded_want);
	free(max_want);
	free(min_want);
	return bad ? 1 : 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--platform NAME] [--memory system|svm] [--pages N]\n"
		"          [--items N] [--rounds N] [--threads N]\n"
		"GPU and host atomics on the same pages of SVM memory, checked exactly.\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "platform", required_argument, NULL, 'p' },
		{ "memory", required_argument, NULL, 'm' },
		{ "pages", required_argument, NULL, 'n' },
		{ "items", required_argument, NULL, 'i' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "threads", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct opts o = { .npages = 1024, .rounds = 4, .items = 8192,
			  .threads = 2, .host_adds = 100000,
			  .host_locks = 5000 };
	cl_platform_id plats[16], plat = NULL;
	cl_device_svm_capabilities caps = 0;
	cl_uint nplat = 0, i;
	cl_device_id dev;
	cl_context ctx;
	cl_command_queue q;
	cl_program prog;
	cl_kernel k;
	char name[256], devname[256], opts[128], log[16384];
	const char *src = kernel_src;
	bool all_svm;
	int c, failed = 0, ran = 0;
	cl_int err;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.platform = optarg; break;
		case 'm': o.memory = optarg; break;
		case 'n': o.npages = strtoul(optarg, NULL, 0); break;
		case 'i': o.items = strtoul(optarg, NULL, 0); break;
		case 'r': o.rounds = strtoul(optarg, NULL, 0); break;
		case 't': o.threads = strtoul(optarg, NULL, 0); break;
		default: usage(argv[0]); return c == 'h' ? 0 : 2;
		}
	}
	if (!o.npages || !o.items || o.items % 64 || o.threads > 16 ||
	    (o.memory && strcmp(o.memory, "system") && strcmp(o.memory, "svm"))) {
		usage(argv[0]);
		return 2;
	}

	err = clGetPlatformIDs(16, plats, &nplat);
	if (err || !nplat)
		FAIL("no OpenCL platform (%d)\n", err);
	for (i = 0; i < nplat && i < 16 && !plat; i++) {
		clGetPlatformInfo(plats[i], CL_PLATFORM_NAME, sizeof(name), name,
				  NULL);
		if (!o.platform || strstr(name, o.platform))
			plat = plats[i];
	}
	if (!plat)
		FAIL("no platform named %s\n", o.platform);
	err = clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 1, &dev, NULL);
	if (err)
		FAIL("%s: no device (%d)\n", name, err);
	clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof(devname), devname, NULL);
	clGetDeviceInfo(dev, CL_DEVICE_SVM_CAPABILITIES, sizeof(caps), &caps,
			NULL);
	all_svm = device_has_feature(dev, "__opencl_c_atomic_scope_all_devices");
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("platform %s, device %s\n", name, devname);
	printf("scope %s\n", all_svm ? "memory_scope_all_svm_devices" :
	       "memory_scope_device (the device's OpenCL C lacks __opencl_c_atomic_scope_all_devices)");

	ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
	if (err)
		FAIL("clCreateContext: %d\n", err);
	q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
	if (err)
		FAIL("clCreateCommandQueueWithProperties: %d\n", err);
	prog = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
	snprintf(opts, sizeof(opts), "-cl-std=CL3.0 -DSCOPE=%s",
		 all_svm ? "memory_scope_all_svm_devices" : "memory_scope_device");
	err = clBuildProgram(prog, 1, &dev, opts, NULL, NULL);
	if (err) {
		clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG,
				      sizeof(log), log, NULL);
		FAIL("clBuildProgram: %d\n%s\n", err, log);
	}
	k = clCreateKernel(prog, "atomics", &err);
	if (err)
		FAIL("clCreateKernel: %d\n", err);

	if ((!o.memory || !strcmp(o.memory, "system")) &&
	    (caps & CL_DEVICE_SVM_FINE_GRAIN_SYSTEM)) {
		uint32_t *mem = aligned_alloc(4096, (size_t)o.npages * 4096);

		if (!mem)
			FAIL("out of memory\n");
		failed |= run(ctx, q, k, mem, &o, "system");
		free(mem);
		ran++;
	}
	if ((!o.memory || !strcmp(o.memory, "svm")) &&
	    (caps & CL_DEVICE_SVM_ATOMICS)) {
		const cl_svm_mem_flags flags = CL_MEM_READ_WRITE |
			CL_MEM_SVM_FINE_GRAIN_BUFFER | CL_MEM_SVM_ATOMICS;
		uint32_t *mem = clSVMAlloc(ctx, flags, (size_t)o.npages * 4096,
					   4096);

		/* Page-aligned if the platform can; its own alignment if not. */
		if (!mem)
			mem = clSVMAlloc(ctx, flags, (size_t)o.npages * 4096, 0);

		if (!mem)
			FAIL("clSVMAlloc failed\n");
		failed |= run(ctx, q, k, mem, &o, "svm");
		clSVMFree(ctx, mem);
		ran++;
	}
	if (!ran)
		FAIL("the device has neither fine-grain system SVM nor SVM atomics\n");
	clReleaseKernel(k);
	clReleaseProgram(prog);
	clReleaseCommandQueue(q);
	clReleaseContext(ctx);
	printf("%s\n", failed ? "FAILED" : "all counts exact");
	return failed;
}
