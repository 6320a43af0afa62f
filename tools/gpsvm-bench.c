// SPDX-License-Identifier: MIT
/*
 * gpsvm-bench: first touch of process memory, by the CPU and by the GPU.
 *
 * CPU: memset() of a fresh allocation, so every page is faulted in by the
 * CPU. GPU: the same size, freshly allocated, written by GPU jobs with one
 * thread per 4 KiB page through shared virtual memory, so every page is
 * faulted in by the GPU's replayable page faults. The GPU's writes are
 * checked by the CPU afterwards.
 *
 * GPU atomics on process memory: one counter per 4 KiB page of memory the
 * CPU has written, incremented by GPU atomics, alone and then while two
 * CPU threads write the other words of the same pages (each CPU write
 * takes a page back from the GPU). Every counter is checked: an update
 * lost is a failure.
 *
 * Time-slicing: the latency of one-thread jobs, alone and while another
 * process's launches loop forever on every SM (a runaway neighbour that
 * only the channel timeout would stop).
 *
 * Migration (--migrate): SVM_MIGRATE of 4 KiB, 64 KiB, 2 MiB and --size
 * of written memory to VRAM and back, CPU fault-back of the same, against
 * memcpy() of the same size and against test_hmm's migration (its
 * HMM_DMIRROR_MIGRATE_TO_DEV and _TO_SYS, a CPU copy, when test_hmm is
 * loaded); and GPU first touch of --size/2 with VRAM the preferred
 * location against system memory. Every byte is checked.
 *
 * Output is one "name value" pair a line.
 */

#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>

#include "gpsvm.h"
#include "gpsvm_asm.h"

#define PAGE_SZ		4096ull
#define MIB		(1ull << 20)
#define ALIGN_2M	(2ull << 20)
#define WINDOW_SIZE	(64ull << 20)	/* unmanaged window: code, args */
#define ARGS_OFFSET	(1ull << 20)	/* args BO, from the window start */
#define ARGS_STRIDE	64		/* bytes of each job's arguments */
#define VALUE_BASE	0x6b000001u	/* page i holds VALUE_BASE + i */
#define SEC		1000000000ll
#define JOB_WAIT_S	60		/* the hardware stops a job after 10 s */
#define MAX_COUNTERS	32

/*
 * *(u32 *)(base + (i << 12)) = VALUE_BASE + first + i, for one thread per
 * page i < npages. Arguments: base (u64) at 0, first (u32) at 8, npages
 * (u32) at 12.
 */
static const char prog_touch[] =
	GPSVM_ASM_GID
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	ldarg.u32 r3, [12]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"	shl.64	r7, r0, 12\n"
	"	add.32	r8, r0, r5\n"
	"	add.32	r8, r8, 0x6b000001\n"	/* VALUE_BASE */
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

/* atomicAdd((u32 *)(base + (i << 12)), 1), arguments as prog_touch. */
static const char prog_atomic[] =
	GPSVM_ASM_GID
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r3, [12]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"	shl.64	r7, r0, 12\n"
	"	add.64	r4, r4, r7\n"
	"	mov.32	r5, 1\n"
	"	atom.add.32 rz, [r4], r5\n"
	"	exit\n";

/* Sets *(u32 *)args[0] = 1, then loops until the channel stops it. */
static const char prog_spin[] =
	"	ldarg.64 r4, [0]\n"
	"	mov.32	r5, 1\n"
	"	st.32	[r4], r5\n"
	"loop:\n"
	"	bra	loop\n";

/* Where each program goes in the code buffer object. */
#define SLOT_SIZE	1024
#define ATOMIC_OFFSET	(1 * SLOT_SIZE)
#define SPIN_OFFSET	(2 * SLOT_SIZE)

/* The runaway neighbour: a grid that fills every SM, jobs queued. */
#define NEIGHBOUR_GRID		64
#define NEIGHBOUR_BLOCK		1024
#define NEIGHBOUR_JOBS		4

struct job_args {
	uint64_t base;
	uint32_t first;
	uint32_t npages;
};

struct opts {
	uint64_t size;		/* bytes */
	uint64_t chunk;		/* bytes per GPU job */
	unsigned int block;	/* threads per block */
	int device;
	int cpu, gpu, warm;
	uint64_t atomic_size;	/* bytes of one counter a page; 0: none */
	unsigned int rounds;	/* increments of each counter */
	unsigned int victim_jobs;	/* latency samples each way; 0: none */
	int migrate;		/* the migration benchmark instead */
};

struct counters {
	int n;
	char name[MAX_COUNTERS][48];
	uint64_t value[MAX_COUNTERS];
};

/* Exit statuses: a timed-out job may be worth a retry, wrong data never. */
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_TIMEOUT	3
#define EXIT_BAD_DATA	4

static int fail_status = EXIT_FAIL;

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "gpsvm-bench: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(fail_status);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * A fresh allocation, not touched, 2 MiB aligned so that THP can back it
 * when enabled. glibc serves an allocation this large with its own mmap()
 * and writes its header below the aligned address, not in the buffer.
 */
static void *fresh_alloc(uint64_t size)
{
	void *p;
	int ret = posix_memalign(&p, ALIGN_2M, size);

	if (ret)
		die("allocating %" PRIu64 " MiB: %s", size / MIB, strerror(ret));
	return p;
}

/* The GPU's DRI debugfs file "gpsvm_svm", as igt-tests/gpsvm_mappings.c. */
static int find_svm_stats(int index, char *path, size_t len)
{
	struct gpsvm_device_info devs[GPSVM_MAX_DEVICES];
	char name[256], want[80];
	int n, found = 0;
	glob_t g;
	size_t i;

	n = gpsvm_enumerate(devs, GPSVM_MAX_DEVICES);
	if (n <= index || index >= GPSVM_MAX_DEVICES)
		return 0;
	snprintf(want, sizeof(want), "dev=%s ", devs[index].device);
	if (glob("/sys/kernel/debug/dri/*/name", 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && !found; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && strstr(name, want)) {
			snprintf(path, len, "%.*s/gpsvm_svm",
				 (int)(strlen(g.gl_pathv[i]) - 5), g.gl_pathv[i]);
			found = access(path, R_OK) == 0;
		}
		fclose(f);
	}
	globfree(&g);
	return found;
}

/* Lines "name: value"; other lines are ignored. */
static int read_counters(const char *path, struct counters *c)
{
	char line[256], name[48];
	uint64_t value;
	FILE *f = fopen(path, "r");

	c->n = 0;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && c->n < MAX_COUNTERS) {
		if (sscanf(line, " %47[A-Za-z0-9_]: %" SCNu64, name, &value) != 2)
			continue;
		strcpy(c->name[c->n], name);
		c->value[c->n++] = value;
	}
	fclose(f);
	return 0;
}

static void print_deltas(const struct counters *before,
			 const struct counters *after)
{
	int i, j;

	for (i = 0; i < after->n; i++) {
		uint64_t b = 0;

		for (j = 0; j < before->n; j++)
			if (!strcmp(before->name[j], after->name[i]))
				b = before->value[j];
		printf("gpu_%s %" PRIu64 "\n", after->name[i],
		       after->value[i] - b);
	}
}

static void bench_cpu(const struct opts *o)
{
	double t0, t;
	char *buf;
	uint64_t i;

	buf = fresh_alloc(o->size);
	t0 = now();
	memset(buf, 0x5a, o->size);
	t = now() - t0;
	/* Keep the memset, and check it while at it. */
	for (i = 0; i < o->size; i += PAGE_SZ)
		if (buf[i] != 0x5a)
			die("CPU memset: byte %" PRIu64 " is 0x%x", i, buf[i]);
	free(buf);
	printf("cpu_first_touch_s %.6f\n", t);
	printf("cpu_first_touch_mibps %.1f\n", o->size / (double)MIB / t);
}

struct gpu {
	int fd;
	uint32_t chan;
	uint8_t *window;
	uint64_t code_va, args_va;
	uint32_t code_bo, args_bo;
	uint64_t args_size;
	void *args_map;
	uint32_t code_words, atomic_words, spin_words;
	uint32_t *syncs;
	unsigned int njobs;
	double job_max_s;	/* the longest job of the last run */
	char stats[512];	/* the debugfs counters, or "" */
};

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Assemble src to dst; its length in words. */
static uint32_t assemble(const char *src, void *dst)
{
	struct gpsvm_asm_result res = {};
	uint32_t n;
	size_t i;

	if (gpsvm_asm(src, &res)) {
		for (i = 0; i < res.ndiags; i++)
			fprintf(stderr, "line %u: %s\n", res.diags[i].line,
				res.diags[i].msg);
		die("a program does not assemble");
	}
	if (res.nwords * 8 > SLOT_SIZE)
		die("a program is longer than its slot");
	memcpy(dst, res.words, res.nwords * 8);
	n = res.nwords;
	gpsvm_asm_free(&res);
	return n;
}

static void gpu_setup(struct gpu *g, const struct opts *o)
{
	void *code_map;
	size_t i;
	int ret;

	g->fd = gpsvm_open(o->device);
	if (g->fd < 0)
		die("opening GPU %d: %s", o->device, strerror(-g->fd));

	g->window = mmap(NULL, WINDOW_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (g->window == MAP_FAILED)
		die("reserving the unmanaged window: %s", strerror(errno));
	ret = gpsvm_svm_init(g->fd, (uintptr_t)g->window, WINDOW_SIZE);
	if (ret)
		die("SVM_INIT: %s", strerror(-ret));

	g->code_va = (uintptr_t)g->window;
	ret = gpsvm_bo_create(g->fd, PAGE_SZ, 0, &g->code_bo);
	if (!ret)
		ret = gpsvm_bo_mmap(g->fd, g->code_bo, PAGE_SZ, &code_map);
	if (ret)
		die("code BO: %s", strerror(-ret));
	g->code_words = assemble(prog_touch, code_map);
	g->atomic_words = assemble(prog_atomic,
				   (char *)code_map + ATOMIC_OFFSET);
	g->spin_words = assemble(prog_spin, (char *)code_map + SPIN_OFFSET);
	munmap(code_map, PAGE_SZ);
	ret = gpsvm_vm_map(g->fd, g->code_bo, 0, g->code_va, PAGE_SZ, 0);
	if (ret)
		die("VM_BIND of the code at 0x%" PRIx64 ": %s", g->code_va,
		    strerror(-ret));

	g->njobs = max_u64((max_u64(o->size, o->atomic_size) + o->chunk - 1) /
			   o->chunk, NEIGHBOUR_JOBS);
	g->args_size = (g->njobs * ARGS_STRIDE + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
	if (ARGS_OFFSET + g->args_size > WINDOW_SIZE)
		die("too many jobs: %u", g->njobs);
	g->args_va = g->code_va + ARGS_OFFSET;
	ret = gpsvm_bo_create(g->fd, g->args_size, 0, &g->args_bo);
	if (!ret)
		ret = gpsvm_bo_mmap(g->fd, g->args_bo, g->args_size,
				    &g->args_map);
	if (ret)
		die("args BO: %s", strerror(-ret));
	ret = gpsvm_vm_map(g->fd, g->args_bo, 0, g->args_va, g->args_size,
			   0);
	if (ret)
		die("VM_BIND of the arguments at 0x%" PRIx64 ": %s",
		    g->args_va, strerror(-ret));

	ret = gpsvm_channel_create(g->fd, &g->chan);
	if (ret)
		die("CHANNEL_CREATE: %s", strerror(-ret));
	g->syncs = calloc(g->njobs, sizeof(*g->syncs));
	if (!g->syncs)
		die("out of memory");
	for (i = 0; i < g->njobs; i++)
		if (drmSyncobjCreate(g->fd, 0, &g->syncs[i]))
			die("SYNCOBJ_CREATE: %s", strerror(errno));
}

/* The counters on one line, to see what the fault handler does. */
static void show_counters(const struct gpu *g, const char *prefix)
{
	struct counters c;
	int i;

	if (!g->stats[0] || read_counters(g->stats, &c))
		return;
	fprintf(stderr, "%s", prefix);
	for (i = 0; i < c.n; i++)
		fprintf(stderr, " %s %" PRIu64, c.name[i], c.value[i]);
	fputc('\n', stderr);
}

static void job_failed(struct gpu *g, unsigned int job, int err)
{
	struct drm_gpsvm_channel_info info;
	static const char *const classes[] = {
		"OK", "BAD_COMMAND", "MMU_FAULT", "ISA", "TIMEOUT",
	};

	fflush(stdout);
	fprintf(stderr, "gpsvm-bench: job %u of %u: %s\n", job + 1, g->njobs,
		strerror(-err));
	show_counters(g, "gpsvm-bench: counters:");
	if (err == -ETIMEDOUT || err == -ETIME)
		fail_status = EXIT_TIMEOUT;
	if (!gpsvm_channel_info(g->fd, g->chan, &info))
		fprintf(stderr, "gpsvm-bench: channel: error %s detail 0x%x "
			"access %u addr 0x%" PRIx64 " info 0x%" PRIx64
			" failed_jobs %" PRIu64 "\n",
			info.error_class < 5 ? classes[info.error_class] : "?",
			info.detail, info.access, (uint64_t)info.addr,
			(uint64_t)info.info, (uint64_t)info.failed_jobs);
	die("GPU job failed (see dmesg)");
}

/*
 * Wait for job j; while it takes longer than it should, print the fault
 * counters every second, so a stall shows whether faults still come.
 */
static int job_wait(struct gpu *g, unsigned int j)
{
	char prefix[80];
	int ret, s;

	for (s = 0; s < JOB_WAIT_S; s++) {
		ret = gpsvm_syncobj_wait(g->fd, g->syncs[j], SEC);
		if (ret != -ETIME)
			return ret;
		if (s >= 2) {
			snprintf(prefix, sizeof(prefix),
				 "gpsvm-bench: job %u still running after %d s:",
				 j + 1, s + 1);
			show_counters(g, prefix);
		}
	}
	return ret;
}

/* Queue job j of the program at code_va over grid x block threads. */
static void job_exec(struct gpu *g, unsigned int j, uint64_t code_va,
		     uint32_t words, uint32_t grid, uint32_t block)
{
	struct drm_gpsvm_exec e = {
		.channel = g->chan,
		.code_va = code_va,
		.code_words = words,
		.args_va = g->args_va + j * ARGS_STRIDE,
		.arg_size = sizeof(struct job_args),
		.grid = { grid, 1, 1 },
		.block = { block, 1, 1 },
		.out_syncobj = g->syncs[j],
	};
	int ret = gpsvm_exec(g->fd, &e);

	if (ret)
		die("EXEC of job %u: %s", j, strerror(-ret));
}

/*
 * Run the jobs of the program at code_va (words long) over the pages of
 * [buf, buf + size), all queued at once; the seconds they took.
 */
static double gpu_run_prog(struct gpu *g, const struct opts *o,
			   uint64_t code_va, uint32_t words, uint8_t *buf,
			   uint64_t size)
{
	uint64_t pages_per_job = o->chunk / PAGE_SZ;
	uint64_t npages = size / PAGE_SZ;
	unsigned int j, njobs = (size + o->chunk - 1) / o->chunk;
	double t0, t, done;
	int ret;

	for (j = 0; j < njobs; j++) {
		struct job_args *a = (void *)((char *)g->args_map +
					      j * ARGS_STRIDE);
		uint64_t first = j * pages_per_job;
		uint64_t n = npages - first < pages_per_job ?
			     npages - first : pages_per_job;

		a->base = (uintptr_t)buf + first * PAGE_SZ;
		a->first = first;
		a->npages = n;
	}

	t0 = now();
	for (j = 0; j < njobs; j++) {
		const struct job_args *a =
			(void *)((char *)g->args_map + j * ARGS_STRIDE);

		job_exec(g, j, code_va, words,
			 (a->npages + o->block - 1) / o->block, o->block);
	}
	g->job_max_s = 0;
	done = t0;
	for (j = 0; j < njobs; j++) {
		ret = job_wait(g, j);
		if (ret)
			job_failed(g, j, ret);
		/* Jobs run one after the other: roughly, this one's time. */
		t = now();
		if (t - done > g->job_max_s)
			g->job_max_s = t - done;
		done = t;
	}
	t = now() - t0;
	for (j = 0; j < njobs; j++)
		drmSyncobjReset(g->fd, &g->syncs[j], 1);
	return t;
}

static double gpu_run(struct gpu *g, const struct opts *o, uint8_t *buf)
{
	return gpu_run_prog(g, o, g->code_va, g->code_words, buf, o->size);
}

/* Every page: its value in word 0, zeroes elsewhere. */
static void gpu_verify(const struct opts *o, const uint8_t *buf)
{
	static const uint8_t zero[PAGE_SZ];
	uint64_t i, npages = o->size / PAGE_SZ, bad = 0;

	for (i = 0; i < npages; i++) {
		const uint8_t *p = buf + i * PAGE_SZ;
		uint32_t want = VALUE_BASE + (uint32_t)i, got;

		memcpy(&got, p, 4);
		if (got == want && !memcmp(p + 4, zero, PAGE_SZ - 4))
			continue;
		if (bad++ < 10)
			fprintf(stderr, "gpsvm-bench: page %" PRIu64 " at %p: "
				"0x%08x, wanted 0x%08x%s\n", i, (void *)p, got,
				want, got == want ? " (and more words set)" : "");
	}
	if (bad) {
		fail_status = EXIT_BAD_DATA;
		die("%" PRIu64 " of %" PRIu64 " pages hold wrong data after the"
		    " GPU's first touch", bad, npages);
	}
}

/* A CPU thread writing words 1-1023 of its pages in turn, until stopped. */
struct cpu_writer {
	volatile uint32_t *p;
	uint64_t npages;
	int stop;
	uint64_t writes;
	pthread_t th;
};

static void *writer_fn(void *arg)
{
	struct cpu_writer *w = arg;
	uint64_t i = 0;

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		w->p[(i % w->npages) * (PAGE_SZ / 4) + 1 + i % 1023] = i;
		i++;
	}
	w->writes = i;
	return NULL;
}

/*
 * GPU atomics on one counter a page of memory the CPU has written, each
 * counter incremented o->rounds times, while nwriters CPU threads write
 * the other words of the pages. Every counter is checked.
 */
static double bench_atomics(struct gpu *g, const struct opts *o,
			    int nwriters, const char *name)
{
	uint64_t npages = o->atomic_size / PAGE_SZ, i, lost = 0, bad = 0;
	uint64_t writes = 0;
	struct cpu_writer w[2] = {};
	uint8_t *buf = fresh_alloc(o->atomic_size);
	double t = 0;
	unsigned int r;
	int k;

	memset(buf, 0, o->atomic_size);
	for (k = 0; k < nwriters; k++) {
		w[k].npages = npages / nwriters;
		w[k].p = (uint32_t *)(buf + k * w[k].npages * PAGE_SZ);
		if (pthread_create(&w[k].th, NULL, writer_fn, &w[k]))
			die("starting a CPU writer");
	}
	for (r = 0; r < o->rounds; r++)
		t += gpu_run_prog(g, o, g->code_va + ATOMIC_OFFSET,
				  g->atomic_words, buf, o->atomic_size);
	for (k = 0; k < nwriters; k++) {
		__atomic_store_n(&w[k].stop, 1, __ATOMIC_RELEASE);
		pthread_join(w[k].th, NULL);
		writes += w[k].writes;
	}
	for (i = 0; i < npages; i++) {
		uint32_t v;

		memcpy(&v, buf + i * PAGE_SZ, 4);
		if (v == o->rounds)
			continue;
		if (v < o->rounds)
			lost += o->rounds - v;
		if (bad++ < 10)
			fprintf(stderr, "gpsvm-bench: atomics %s: counter %"
				PRIu64 " is %u, wanted %u\n", name, i, v,
				o->rounds);
	}
	printf("gpu_atomic_%s_s %.6f\n", name, t);
	printf("gpu_atomic_%s_mops %.4f\n", name,
	       npages * o->rounds / t / 1e6);
	printf("gpu_atomic_%s_lost %" PRIu64 "\n", name, lost);
	printf("gpu_atomic_%s_job_max_s %.6f\n", name, g->job_max_s);
	if (nwriters)
		printf("cpu_atomic_%s_writes %" PRIu64 "\n", name, writes);
	fflush(stdout);
	if (bad) {
		fail_status = EXIT_BAD_DATA;
		die("%" PRIu64 " of %" PRIu64 " counters wrong after GPU "
		    "atomics (%s)", bad, npages, name);
	}
	free(buf);
	return t;
}

/*
 * The neighbour, a child process with a GPU file of its own: it queues
 * NEIGHBOUR_JOBS launches of prog_spin that fill every SM, sets *running
 * once the GPU has run one, and waits to be killed.
 */
static pid_t neighbour_start(const struct opts *o, int *running)
{
	volatile uint32_t *flag;
	struct job_args *a;
	struct gpu g = {};
	unsigned int j;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid)
		return pid;

	gpu_setup(&g, o);
	flag = fresh_alloc(PAGE_SZ);
	*flag = 0;
	a = g.args_map;
	a->base = (uintptr_t)flag;
	for (j = 0; j < NEIGHBOUR_JOBS; j++)
		job_exec(&g, j, g.code_va + SPIN_OFFSET, g.spin_words,
			 NEIGHBOUR_GRID, NEIGHBOUR_BLOCK);
	while (!*flag)
		usleep(1000);
	__atomic_store_n(running, 1, __ATOMIC_RELEASE);
	for (;;)
		pause();
}

/*
 * n one-thread jobs, one after the other, each storing to page: print
 * their mean and longest latency (submission to completion) as name_*.
 */
static double victim_series(struct gpu *g, uint8_t *page, unsigned int n,
			    const char *name)
{
	struct job_args *a = g->args_map;
	double t0, t, sum = 0, max = 0;
	unsigned int i;
	int ret;

	a->base = (uintptr_t)page;
	a->first = 0;
	a->npages = 1;
	for (i = 0; i < n; i++) {
		t0 = now();
		job_exec(g, 0, g->code_va, g->code_words, 1, 1);
		ret = job_wait(g, 0);
		if (ret)
			job_failed(g, 0, ret);
		t = now() - t0;
		drmSyncobjReset(g->fd, &g->syncs[0], 1);
		if (*(volatile uint32_t *)page != VALUE_BASE)
			die("a victim job did not write its page");
		sum += t;
		if (t > max)
			max = t;
		*(volatile uint32_t *)page = 0;
	}
	printf("victim_%s_mean_ms %.3f\n", name, sum / n * 1e3);
	printf("victim_%s_max_ms %.3f\n", name, max * 1e3);
	fflush(stdout);
	return sum / n;
}

/* Job latency alone, then beside the runaway neighbour. */
static void bench_victim(struct gpu *g, const struct opts *o)
{
	uint8_t *page = fresh_alloc(PAGE_SZ);
	double alone, beside;
	int *running, status;
	pid_t pid;

	running = mmap(NULL, sizeof(*running), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (running == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	*running = 0;
	victim_series(g, page, 1, "warmup");	/* faults the page in */
	alone = victim_series(g, page, o->victim_jobs, "alone");

	pid = neighbour_start(o, running);
	while (!__atomic_load_n(running, __ATOMIC_ACQUIRE)) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			die("the neighbour process ended (status 0x%x)",
			    status);
		usleep(1000);
	}
	beside = victim_series(g, page, o->victim_jobs, "beside");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	printf("victim_beside_over_alone %.3f\n", beside / alone);
	fflush(stdout);
	munmap(running, sizeof(*running));
	free(page);
}

static void bench_gpu(const struct opts *o)
{
	struct counters before = {}, after = {};
	struct gpu g = {};
	uint8_t *buf;
	double t;
	int have_stats;

	gpu_setup(&g, o);
	have_stats = find_svm_stats(o->device, g.stats, sizeof(g.stats));
	if (!have_stats) {
		g.stats[0] = '\0';
		fprintf(stderr, "gpsvm-bench: no gpsvm_svm debugfs file; "
			"no fault counters\n");
	}

	buf = fresh_alloc(o->size);
	if (have_stats && read_counters(g.stats, &before))
		have_stats = 0;
	t = gpu_run(&g, o, buf);
	if (have_stats && read_counters(g.stats, &after))
		have_stats = 0;
	gpu_verify(o, buf);

	printf("gpu_jobs %" PRIu64 "\n", (o->size + o->chunk - 1) / o->chunk);
	printf("gpu_chunk_mib %.2f\n", o->chunk / (double)MIB);
	printf("gpu_job_max_s %.6f\n", g.job_max_s);
	printf("gpu_first_touch_s %.6f\n", t);
	printf("gpu_first_touch_mibps %.1f\n", o->size / (double)MIB / t);
	if (have_stats)
		print_deltas(&before, &after);
	fflush(stdout);

	/* The same jobs again, on memory the GPU has mapped: no faults. */
	if (o->warm) {
		t = gpu_run(&g, o, buf);
		gpu_verify(o, buf);
		printf("gpu_warm_s %.6f\n", t);
		printf("gpu_warm_mibps %.1f\n", o->size / (double)MIB / t);
	}

	free(buf);

	if (o->atomic_size) {
		double alone = bench_atomics(&g, o, 0, "alone");
		double contended = bench_atomics(&g, o, 2, "contended");

		printf("gpu_atomic_contended_over_alone %.3f\n",
		       contended / alone);
	}

	if (o->victim_jobs)
		bench_victim(&g, o);

	gpsvm_channel_destroy(g.fd, g.chan);
	close(g.fd);
	munmap(g.window, WINDOW_SIZE);
	free(g.syncs);
}

/* test_hmm's interface, as the running kernel's lib/test_hmm_uapi.h. */
struct hmm_dmirror_cmd {
	uint64_t addr;
	uint64_t ptr;
	uint64_t npages;
	uint64_t cpages;
	uint64_t faults;
};

#define HMM_DMIRROR_MIGRATE_TO_DEV	_IOWR('H', 0x02, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_MIGRATE_TO_SYS	_IOWR('H', 0x03, struct hmm_dmirror_cmd)

/* At least this much moves in each measurement, for a stable time. */
#define MIGRATE_MIN_BYTES	(32 * MIB)
#define MIGRATE_MAX_REPS	4096u

/* Word i of the buffer holds this. */
static uint32_t mig_word(uint64_t i, uint32_t seed)
{
	return (uint32_t)i * 2654435761u ^ seed;
}

static void mig_fill(uint32_t *p, uint64_t size, uint32_t seed)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		p[i] = mig_word(i, seed);
}

static void mig_check(const uint32_t *p, uint64_t size, uint32_t seed,
		      const char *what)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		if (p[i] != mig_word(i, seed)) {
			fail_status = EXIT_BAD_DATA;
			die("%s of %" PRIu64 " KiB: word %" PRIu64 " is 0x%08x,"
			    " wanted 0x%08x", what, size >> 10, i, p[i],
			    mig_word(i, seed));
		}
}

/* SVM_MIGRATE of [p, p + size), which must move every page; seconds. */
static double mig_gpsvm(int fd, void *p, uint64_t size, uint32_t to)
{
	uint64_t moved = 0, stayed = 0;
	double t0 = now();
	int ret = gpsvm_svm_migrate(fd, p, size, to, &moved, &stayed);

	t0 = now() - t0;
	if (ret)
		die("SVM_MIGRATE to %s: %s", to ? "VRAM" : "system memory",
		    strerror(-ret));
	if (moved != size / PAGE_SZ)
		die("SVM_MIGRATE to %s of %" PRIu64 " pages: moved %" PRIu64
		    ", stayed %" PRIu64, to ? "VRAM" : "system memory",
		    size / PAGE_SZ, moved, stayed);
	return t0;
}

/* test_hmm's migration of [p, p + size) with @req; seconds. */
static double mig_hmm(int hfd, void *p, void *mirror, uint64_t size,
		      unsigned long req)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)p, .ptr = (uintptr_t)mirror,
		.npages = size / PAGE_SZ,
	};
	double t0 = now();

	if (ioctl(hfd, req, &cmd))
		die("test_hmm migration: %s", strerror(errno));
	return now() - t0;
}

/* One size: each way, the MiB/s of gpsvm, the CPU, memcpy and test_hmm. */
static void bench_migrate_size(int fd, int hfd, uint64_t size,
			       const char *name)
{
	unsigned int r, reps = MIGRATE_MIN_BYTES / size;
	double to_vram = 0, to_ram = 0, back = 0, cpy, to_dev = 0, to_sys = 0;
	uint32_t *p = fresh_alloc(size), *q = fresh_alloc(size);
	volatile uint32_t sink = 0;
	uint64_t i;
	double mib;

	reps = reps < 1 ? 1 : reps > MIGRATE_MAX_REPS ? MIGRATE_MAX_REPS : reps;
	mib = (double)size * reps / MIB;
	mig_fill(p, size, 1);
	for (r = 0; r < reps; r++) {
		to_vram += mig_gpsvm(fd, p, size, DRM_GPSVM_MEM_VRAM);
		to_ram += mig_gpsvm(fd, p, size, DRM_GPSVM_MEM_SYSTEM);
	}
	mig_check(p, size, 1, "SVM_MIGRATE to VRAM and back");
	/* Back by CPU faults: a read a page, each fault moves its block. */
	for (r = 0; r < reps; r++) {
		double t0;

		mig_gpsvm(fd, p, size, DRM_GPSVM_MEM_VRAM);
		t0 = now();
		for (i = 0; i < size / 4; i += PAGE_SZ / 4)
			sink += p[i];
		back += now() - t0;
	}
	mig_check(p, size, 1, "SVM_MIGRATE to VRAM and CPU faults back");

	memset(q, 0, size);
	cpy = now();
	for (r = 0; r < reps; r++)
		memcpy(q, p, size);
	cpy = now() - cpy;
	mig_check(q, size, 1, "memcpy");

	printf("migrate_%s_reps %u\n", name, reps);
	printf("migrate_%s_to_vram_mibps %.1f\n", name, mib / to_vram);
	printf("migrate_%s_to_ram_mibps %.1f\n", name, mib / to_ram);
	printf("migrate_%s_faultback_mibps %.1f\n", name, mib / back);
	printf("migrate_%s_memcpy_mibps %.1f\n", name, mib / cpy);
	if (hfd >= 0) {
		for (r = 0; r < reps; r++) {
			to_dev += mig_hmm(hfd, p, q, size,
					  HMM_DMIRROR_MIGRATE_TO_DEV);
			to_sys += mig_hmm(hfd, p, q, size,
					  HMM_DMIRROR_MIGRATE_TO_SYS);
		}
		mig_check(p, size, 1, "test_hmm's migration there and back");
		printf("migrate_%s_hmm_to_dev_mibps %.1f\n", name, mib / to_dev);
		printf("migrate_%s_hmm_to_sys_mibps %.1f\n", name, mib / to_sys);
	}
	fflush(stdout);
	free(q);
	free(p);
}

/*
 * GPU first touch of @size, one store a page, with VRAM the preferred
 * location (@vram: each fault moves its block there first) or not.
 */
static void bench_prefer(struct gpu *g, const struct opts *o, uint64_t size,
			 int vram)
{
	struct opts po = *o;
	uint8_t *buf = fresh_alloc(size);
	double t;
	int ret;

	po.size = size;
	if (vram) {
		ret = gpsvm_svm_advise(g->fd, buf, size, DRM_GPSVM_MEM_VRAM);
		if (ret)
			die("SVM_ADVISE: %s", strerror(-ret));
	}
	t = gpu_run(g, &po, buf);
	gpu_verify(&po, buf);
	printf("gpu_touch_%s_mibps %.1f\n", vram ? "vram" : "system",
	       size / (double)MIB / t);
	fflush(stdout);
	free(buf);
}

static void bench_migrate(const struct opts *o)
{
	static const struct { uint64_t size; const char *name; } sizes[] = {
		{ 4 << 10, "4k" }, { 64 << 10, "64k" }, { 2 * MIB, "2m" },
	};
	int hfd = open("/dev/hmm_dmirror0", O_RDWR);
	struct gpu g = {};
	char big[32];
	size_t i;

	if (hfd < 0)
		fprintf(stderr, "gpsvm-bench: no test_hmm (/dev/hmm_dmirror0:"
			" %s): no test_hmm columns\n", strerror(errno));
	gpu_setup(&g, o);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_migrate_size(g.fd, hfd, sizes[i].size, sizes[i].name);
	snprintf(big, sizeof(big), "%" PRIu64 "m", (uint64_t)(o->size / MIB));
	bench_migrate_size(g.fd, hfd, o->size, big);
	printf("migrate_sizes 4k 64k 2m %s\n", big);
	bench_prefer(&g, o, o->size / 2, 0);
	bench_prefer(&g, o, o->size / 2, 1);
	if (hfd >= 0)
		close(hfd);
	gpsvm_channel_destroy(g.fd, g.chan);
	close(g.fd);
	munmap(g.window, WINDOW_SIZE);
	free(g.syncs);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gpsvm-bench [options]\n"
		"  -s, --size MIB     memory touched, in MiB (default 256)\n"
		"  -c, --chunk MIB    MiB each GPU job touches (default 16)\n"
		"  -b, --block N      threads per block (default 256)\n"
		"  -d, --device N     the N-th gpsvm GPU (default 0)\n"
		"      --cpu-only     only the CPU's first touch\n"
		"      --gpu-only     only the GPU's first touch\n"
		"      --no-warm      skip the GPU rerun on mapped memory\n"
		"  -a, --atomic-size MIB  memory of the GPU atomics runs, one\n"
		"                     counter a page (default 64; 0: none)\n"
		"  -r, --rounds N     increments of each counter (default 2)\n"
		"  -v, --victim-jobs N  one-thread jobs timed alone and beside a\n"
		"                     process whose launches never end (default\n"
		"                     20; 0: none)\n"
		"      --migrate      the migration benchmark instead, with\n"
		"                     --size as its largest size\n"
		"Prints \"name value\" lines. Exits with 0, 1 on failure, 2 for\n"
		"bad usage, 3 when a GPU job timed out, 4 when the data the GPU\n"
		"wrote is wrong.\n");
}

static uint64_t parse_mib(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*end || v <= 0 || v > 1 << 20)
		die("bad %s: %s", what, s);
	return ((uint64_t)(v * MIB) + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "chunk", required_argument, NULL, 'c' },
		{ "block", required_argument, NULL, 'b' },
		{ "device", required_argument, NULL, 'd' },
		{ "cpu-only", no_argument, NULL, 'C' },
		{ "gpu-only", no_argument, NULL, 'G' },
		{ "no-warm", no_argument, NULL, 'W' },
		{ "atomic-size", required_argument, NULL, 'a' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "victim-jobs", required_argument, NULL, 'v' },
		{ "migrate", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct opts o = {
		.size = 256 * MIB, .chunk = 16 * MIB, .block = 256,
		.cpu = 1, .gpu = 1, .warm = 1,
		.atomic_size = 64 * MIB, .rounds = 2, .victim_jobs = 20,
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:c:b:d:a:r:v:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 's':
			o.size = parse_mib(optarg, "size");
			break;
		case 'c':
			o.chunk = parse_mib(optarg, "chunk");
			break;
		case 'b':
			o.block = atoi(optarg);
			if (o.block < 1 || o.block > 1024)
				die("bad block size: %s", optarg);
			break;
		case 'd':
			o.device = atoi(optarg);
			break;
		case 'C':
			o.gpu = 0;
			break;
		case 'G':
			o.cpu = 0;
			break;
		case 'W':
			o.warm = 0;
			break;
		case 'a':
			o.atomic_size = strcmp(optarg, "0") ?
					parse_mib(optarg, "atomic size") : 0;
			break;
		case 'r':
			o.rounds = atoi(optarg);
			if (o.rounds < 1 || o.rounds > 1000)
				die("bad rounds: %s", optarg);
			break;
		case 'v':
			o.victim_jobs = atoi(optarg);
			if (o.victim_jobs > 10000)
				die("bad victim jobs: %s", optarg);
			break;
		case 'M':
			o.migrate = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || (!o.cpu && !o.gpu)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.chunk / PAGE_SZ > 65535ull * o.block)
		die("chunk too large for one grid");

	printf("size_mib %.2f\n", o.size / (double)MIB);
	if (o.migrate) {
		bench_migrate(&o);
		return 0;
	}
	if (o.cpu)
		bench_cpu(&o);
	fflush(stdout);
	if (o.gpu)
		bench_gpu(&o);
	return 0;
}
