// SPDX-License-Identifier: MIT
/*
 * gpsvm_reclaim: no GPU store is lost when the kernel reclaims memory.
 * The GPU writes pages that the kernel may consider clean (MADV_FREE'd
 * anonymous memory, tmpfs and memfd pages first read, swap-cache pages),
 * then the pages are reclaimed (MADV_PAGEOUT, drop_caches, a memory
 * cgroup's memory.reclaim) and the CPU checks every byte.
 *
 * The kernel only writes back or keeps a page it knows is dirty. The CPU
 * sets the dirty bit of its PTE when it writes; the GPU does not, and
 * hmm_range_fault() does not write-fault a PTE that is writable already,
 * so the driver must dirty what it lets the GPU write.
 *
 * The test pins itself to one CPU: MADV_FREE queues its pages on a per-CPU
 * batch that MADV_PAGEOUT and reclaim drain on their own CPU only.
 *
 * The memory the driver allocates for a process (GPU page tables, MMU
 * notifiers) is charged to the process's memory cgroup, and running out
 * of it only delays a GPU fault.
 */

#include "igt.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"
#include "gpsvm_svm_job.h"

IGT_TEST_DESCRIPTION("Reclaim, swap, MADV_FREE, MADV_PAGEOUT and drop_caches keep what the GPU wrote to process memory.");

#define PAGE		4096ull
#define SZ_2M		(2ull << 20)
/* Each case's memory: 32 pages, every word written by the GPU. */
#define SIZE		(32 * PAGE)
#define NWORDS		((uint32_t)(SIZE / 4))

#define CGROUP_ROOT	"/sys/fs/cgroup"

static const char prog_fill[] = SVM_PROG_FILL;
static const char prog_copy[] = SVM_PROG_COPY;
static const char prog_add[] = SVM_PROG_ADD;

/* touch: *(u32 *)(args[0] + (i << args[8])) = i. */
static const char prog_touch[] =
	SVM_GID_GUARD
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	shl.64	r7, r0, r5\n"
	"	st.32	[r4 + r7], r0\n"
	"	exit\n";

enum prog { P_FILL, P_COPY, P_ADD, P_TOUCH, NPROGS };

static const char *const prog_src[NPROGS] = {
	[P_FILL] = prog_fill, [P_COPY] = prog_copy, [P_ADD] = prog_add,
	[P_TOUCH] = prog_touch,
};

/* The GPU writes word i of p as i ^ key, for every word of SIZE. */
static void gpu_fill(struct svm *s, void *p, uint32_t key)
{
	igt_assert_eq(svm_run(s, P_FILL, to_user_pointer(p), key, NWORDS), 0);
}

/* The GPU reads every word of src into dst. */
static void gpu_copy(struct svm *s, const void *src, void *dst)
{
	igt_assert_eq(svm_run(s, P_COPY, to_user_pointer(src),
			      to_user_pointer(dst), NWORDS), 0);
}

/* GPU atomics add key to every word of p. */
static void gpu_add(struct svm *s, void *p, uint32_t key)
{
	igt_assert_eq(svm_run(s, P_ADD, to_user_pointer(p), key, NWORDS), 0);
}

static uint32_t pattern(uint32_t i, uint32_t seed)
{
	return (i + seed) * 2654435761u;
}

static void fill_pattern(void *p, uint32_t seed)
{
	uint32_t *w = p, i;

	for (i = 0; i < NWORDS; i++)
		w[i] = pattern(i, seed);
}

/* Every word i of p is i ^ key: what gpu_fill() wrote. */
static void check_fill(const char *what, const void *p, uint32_t key)
{
	const volatile uint32_t *w = p;
	uint32_t i;

	for (i = 0; i < NWORDS; i++)
		igt_assert_f(w[i] == (i ^ key),
			     "%s: word %u (page %u): 0x%08x, the GPU wrote 0x%08x\n",
			     what, i, (uint32_t)(i * 4 / PAGE), w[i], i ^ key);
}

static void check_pattern(const char *what, const void *p, uint32_t seed)
{
	const volatile uint32_t *w = p;
	uint32_t i;

	for (i = 0; i < NWORDS; i++)
		igt_assert_f(w[i] == pattern(i, seed),
			     "%s: word %u: 0x%08x, wanted 0x%08x\n",
			     what, i, w[i], pattern(i, seed));
}

/* Every word is pattern(seed) + key: what gpu_add() made of it. */
static void check_added(const char *what, const void *p, uint32_t seed,
			uint32_t key)
{
	const volatile uint32_t *w = p;
	uint32_t i;

	for (i = 0; i < NWORDS; i++)
		igt_assert_f(w[i] == pattern(i, seed) + key,
			     "%s: word %u (page %u): 0x%08x, wanted 0x%08x\n",
			     what, i, (uint32_t)(i * 4 / PAGE), w[i],
			     pattern(i, seed) + key);
}

static void check_zero(const char *what, const void *p)
{
	const volatile uint32_t *w = p;
	uint32_t i;

	for (i = 0; i < NWORDS; i++)
		igt_assert_f(!w[i], "%s: word %u: 0x%08x, wanted 0\n",
			     what, i, w[i]);
}

/* The file's first SIZE bytes, read with pread(), are what the GPU wrote. */
static void check_file(const char *what, int fd, uint32_t key)
{
	void *buf = malloc(SIZE);

	igt_assert(buf);
	igt_assert_eq(pread(fd, buf, SIZE, 0), (ssize_t)SIZE);
	check_fill(what, buf, key);
	free(buf);
}

/*
 * Anonymous memory of 4 KiB pages, in a 2 MiB block of its own: a GPU
 * fault maps every page of its block that the CPU has, writable if the
 * CPU's is, and so dirties it.
 */
static void *map_block(void)
{
	char *p = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *b;

	igt_assert(p != MAP_FAILED);
	b = (char *)(((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1));
	if (b > p)
		munmap(p, b - p);
	munmap(b + SZ_2M, p + SZ_2M - b);
	igt_assert_eq(madvise(b, SZ_2M, MADV_NOHUGEPAGE), 0);
	return b;
}

static void unmap_block(void *b)
{
	munmap(b, SZ_2M);
}

static int memfd(void)
{
	int fd = memfd_create("gpsvm_reclaim", 0);

	igt_assert_fd(fd);
	igt_assert_eq(ftruncate(fd, SIZE), 0);
	return fd;
}

/* A file in the guest's tmpfs /tmp, unlinked, SIZE bytes of hole. */
static int tmpfs_file(void)
{
	char path[] = "/tmp/gpsvm_reclaim.XXXXXX";
	int fd = mkstemp(path);

	igt_assert_fd(fd);
	unlink(path);
	igt_assert_eq(ftruncate(fd, SIZE), 0);
	return fd;
}

static void *map_file(int fd)
{
	void *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

static void pageout(void *p)
{
	igt_assert_eq(madvise(p, SIZE, MADV_PAGEOUT), 0);
}

/* The pagemap entries of p's pages that have bit set. */
static uint32_t pagemap_count(const void *p, unsigned int bit)
{
	uint64_t e[SIZE / PAGE];
	uint32_t i, n = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	igt_assert_fd(fd);
	igt_assert_eq(pread(fd, e, sizeof(e), to_user_pointer(p) / PAGE * 8),
		      (ssize_t)sizeof(e));
	close(fd);
	for (i = 0; i < SIZE / PAGE; i++)
		n += (e[i] >> bit) & 1;
	return n;
}

#define PM_SWAPPED	62

static bool have_swap(void)
{
	return meminfo_kb("SwapTotal") > 0;
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	igt_assert_f(fd >= 0, "%s: %m\n", path);
	igt_assert_f(write(fd, s, strlen(s)) == (ssize_t)strlen(s),
		     "%s < %s: %m\n", path, s);
	close(fd);
}

/* ------------------------------------------------------------------ */

/*
 * (a) MADV_FREE leaves writable, clean PTEs: the kernel may drop the
 * pages unless they are written again. The GPU writes them.
 */
static void test_madv_free(struct svm *s)
{
	char *p = map_block(), *ctl = map_block();

	fill_pattern(p, 1);
	fill_pattern(ctl, 2);
	igt_assert_eq(madvise(p, SIZE, MADV_FREE), 0);
	igt_assert_eq(madvise(ctl, SIZE, MADV_FREE), 0);
	gpu_fill(s, p, 0xa1000000);
	check_fill("GPU write after MADV_FREE, before MADV_PAGEOUT", p,
		   0xa1000000);

	pageout(p);
	pageout(ctl);
	/* Pages nobody wrote after MADV_FREE are dropped, as documented... */
	check_zero("MADV_FREE'd control pages after MADV_PAGEOUT", ctl);
	/* ... but the GPU wrote these. */
	check_fill("GPU write after MADV_FREE, after MADV_PAGEOUT", p,
		   0xa1000000);
	unmap_block(ctl);
	unmap_block(p);
}

/* The same with GPU atomics, which take the pages device-exclusive. */
static void test_madv_free_atomic(struct svm *s)
{
	char *b = map_block();

	fill_pattern(b, 5);
	igt_assert_eq(madvise(b, SIZE, MADV_FREE), 0);
	gpu_add(s, b, 0x1000);
	/* The CPU's read takes the pages back, with clean PTEs. */
	check_added("GPU atomics after MADV_FREE, before MADV_PAGEOUT", b, 5,
		    0x1000);
	pageout(b);
	check_added("GPU atomics after MADV_FREE, after MADV_PAGEOUT", b, 5,
		    0x1000);
	unmap_block(b);
}

/*
 * MADV_FREE'd THP: the GPU maps it with one 2 MiB PTE and writes part of
 * it; the whole folio must stay.
 */
static void test_thp_madv_free(struct svm *s)
{
	char *b = map_block();
	uint32_t i;

	igt_assert_eq(madvise(b, SZ_2M, MADV_HUGEPAGE), 0);
	for (i = 0; i < SZ_2M / SIZE; i++)
		fill_pattern(b + i * SIZE, 7);
	igt_require_f(smaps_kb(b, "AnonHugePages") >= 2048,
		      "no huge page for %p\n", b);
	igt_assert_eq(madvise(b, SZ_2M, MADV_FREE), 0);
	gpu_fill(s, b, 0xf9000000);
	igt_assert_eq(madvise(b, SZ_2M, MADV_PAGEOUT), 0);
	check_fill("GPU write to a MADV_FREE'd THP, after MADV_PAGEOUT", b,
		   0xf9000000);
	unmap_block(b);
}

/*
 * (b) A tmpfs hole first read gets a clean page-cache page, mapped
 * writable for a shared mapping: the GPU reads it, then writes it.
 */
static void test_tmpfs_pageout(struct svm *s)
{
	int fd = tmpfs_file();
	void *p = map_file(fd), *dst = malloc(SIZE);

	igt_assert(dst);
	memset(dst, 0xff, SIZE);
	gpu_copy(s, p, dst);
	check_zero("GPU read of a tmpfs hole", dst);
	gpu_fill(s, p, 0xb2000000);
	pageout(p);
	check_file("GPU-written tmpfs file after MADV_PAGEOUT, pread()", fd,
		   0xb2000000);
	check_fill("GPU-written tmpfs file after MADV_PAGEOUT, mapping", p,
		   0xb2000000);
	munmap(p, SIZE);
	close(fd);
	free(dst);
}

/* The same through a memfd, unmapped, then drop_caches. */
static void test_memfd_drop_caches(struct svm *s)
{
	int fd = memfd();
	void *p = map_file(fd), *dst = malloc(SIZE);

	igt_assert(dst);
	memset(dst, 0xff, SIZE);
	gpu_copy(s, p, dst);
	check_zero("GPU read of a memfd hole", dst);
	gpu_fill(s, p, 0xc3000000);
	munmap(p, SIZE);
	write_file("/proc/sys/vm/drop_caches", "1");
	check_file("GPU-written memfd after munmap and drop_caches", fd,
		   0xc3000000);
	close(fd);
	free(dst);
}

/*
 * Swap the CPU's pattern out, have the GPU read it back and write over
 * it, swap it out again: the GPU's data comes back, not the old one.
 */
static void swapin_case(struct svm *s, bool readahead, uint32_t key)
{
	char *b = map_block();
	void *dst = malloc(SIZE);
	const char *what = readahead ? "swap cache" : "swap-in by the GPU";

	igt_assert(dst);
	fill_pattern(b, 3);
	pageout(b);
	igt_assert_f(pagemap_count(b, PM_SWAPPED) == SIZE / PAGE,
		     "%u of %llu pages swapped out\n",
		     pagemap_count(b, PM_SWAPPED), SIZE / PAGE);
	/*
	 * zram is a synchronous device: a fault swaps a page in without the
	 * swap cache, and the page is dirtied when it goes out again.
	 * Readahead (MADV_WILLNEED here, or any swap device with a queue)
	 * leaves it in the swap cache, clean: what the kernel writes back
	 * is only what is dirty.
	 */
	if (readahead)
		igt_assert_eq(madvise(b, SIZE, MADV_WILLNEED), 0);
	gpu_copy(s, b, dst);
	check_pattern(what, dst, 3);
	gpu_fill(s, b, key);
	pageout(b);
	igt_info("%s: %u of %llu pages swapped out again\n", what,
		 pagemap_count(b, PM_SWAPPED), SIZE / PAGE);
	check_fill(what, b, key);
	unmap_block(b);
	free(dst);
}

/* (c) Pages swapped in for a GPU read, then written by the GPU. */
static void test_swapin(struct svm *s)
{
	igt_require_f(have_swap(), "no swap\n");
	swapin_case(s, false, 0xd4000000);
	swapin_case(s, true, 0xd5000000);
}

/* Swap-cache pages the GPU's atomics update. */
static void test_swapin_atomic(struct svm *s)
{
	char *b = map_block();

	igt_require_f(have_swap(), "no swap\n");
	fill_pattern(b, 6);
	pageout(b);
	igt_assert_eq(pagemap_count(b, PM_SWAPPED), SIZE / PAGE);
	igt_assert_eq(madvise(b, SIZE, MADV_WILLNEED), 0);
	gpu_add(s, b, 0x2000);
	check_added("GPU atomics on swap-cache pages, before MADV_PAGEOUT", b,
		    6, 0x2000);
	pageout(b);
	check_added("GPU atomics on swap-cache pages, after MADV_PAGEOUT", b,
		    6, 0x2000);
	unmap_block(b);
}

/* Make a memory cgroup of its own for what, path in cg. */
static void memcg_create(const char *what, char *cg, size_t len)
{
	char controllers[256] = "";
	ssize_t n;
	int fd;

	fd = open(CGROUP_ROOT "/cgroup.controllers", O_RDONLY);
	igt_require_f(fd >= 0, "no cgroup2 hierarchy at " CGROUP_ROOT "\n");
	n = read(fd, controllers, sizeof(controllers) - 1);
	close(fd);
	igt_require_f(n > 0 && strstr(controllers, "memory"),
		      "no memory controller\n");
	write_file(CGROUP_ROOT "/cgroup.subtree_control", "+memory");
	snprintf(cg, len, CGROUP_ROOT "/gpsvm_reclaim-%s.%d", what, getpid());
	igt_assert_f(!mkdir(cg, 0755), "%s: %m\n", cg);
}

/* Move the calling process into the cgroup cg. */
static void memcg_enter(const char *cg)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	write_file(path, "0");
}

/*
 * Run child(cg) in a child process in a memory cgroup of its own, cg,
 * made for it and removed after.
 */
static void in_memcg(const char *what, void (*child)(const char *cg))
{
	char cg[128];

	memcg_create(what, cg, sizeof(cg));
	igt_fork(child_n, 1) {
		memcg_enter(cg);
		child(cg);
	}
	igt_waitchildren();
	igt_assert_f(!rmdir(cg), "%s: %m\n", cg);
}

/* key's value in the cgroup's file (memory.stat, memory.events). */
static uint64_t memcg_value(const char *cg, const char *file, const char *key)
{
	char path[256], name[64];
	uint64_t v, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %m\n", path);
	while (fscanf(f, "%63s %" SCNu64, name, &v) == 2)
		if (!strcmp(name, key))
			found = v;
	fclose(f);
	return found;
}

static uint64_t memcg_stat(const char *cg, const char *key)
{
	return memcg_value(cg, "memory.stat", key);
}

/* memory.reclaim of the cgroup cg: all it can (EAGAIN when short). */
static void memcg_reclaim(const char *cg)
{
	char path[256];
	int i;

	snprintf(path, sizeof(path), "%s/memory.reclaim", cg);
	for (i = 0; i < 3; i++) {
		int rfd = open(path, O_WRONLY);

		igt_assert_fd(rfd);
		igt_assert(write(rfd, "1G", 2) == 2 || errno == EAGAIN);
		close(rfd);
	}
}

/*
 * In a memory cgroup of its own, a child writes with the GPU a memfd it
 * read first, MADV_FREE'd anonymous memory and anonymous memory it
 * touches first; memory.reclaim then forces the cgroup's pages out.
 */
static void memcg_child(const char *cg)
{
	char *anon_free, *anon_new, *block;
	struct svm s;
	int fd;
	void *shm;

	svm_open(&s, prog_src, NPROGS);

	block = map_block();
	anon_free = block;
	anon_new = block + SZ_2M / 2;
	fd = memfd();
	shm = map_file(fd);

	gpu_copy(&s, shm, anon_new);
	check_zero("GPU read of a memfd hole", anon_new);
	gpu_fill(&s, shm, 0xe6000000);
	fill_pattern(anon_free, 4);
	igt_assert_eq(madvise(anon_free, SIZE, MADV_FREE), 0);
	gpu_fill(&s, anon_free, 0xe7000000);
	gpu_fill(&s, anon_new, 0xe8000000);

	memcg_reclaim(cg);
	igt_info("memcg: pgsteal %" PRIu64 ", swapped %u + %u pages\n",
		 memcg_stat(cg, "pgsteal"),
		 pagemap_count(anon_free, PM_SWAPPED),
		 pagemap_count(anon_new, PM_SWAPPED));
	igt_assert_lt_u64(0, memcg_stat(cg, "pgsteal"));

	check_fill("memcg reclaim: memfd, mapping", shm, 0xe6000000);
	check_file("memcg reclaim: memfd, pread()", fd, 0xe6000000);
	check_fill("memcg reclaim: MADV_FREE'd anonymous memory", anon_free,
		   0xe7000000);
	check_fill("memcg reclaim: anonymous memory", anon_new, 0xe8000000);
	munmap(shm, SIZE);
	close(fd);
	unmap_block(block);
	svm_close(&s);
}

/*
 * GPU atomics take a THP device-exclusive, the CPU takes one page back,
 * and memory.reclaim then goes over the folio. 6.12.117's try_to_unmap()
 * counts a device-exclusive entry as a mapping, which in 6.12 it is not:
 * unmapping such a folio would make its mapcount negative ("Bad page
 * map"). The references the exclusive entries hold keep reclaim from
 * splitting or swapping the folio; every word must be kept either way.
 */
static void thp_atomic_child(const char *cg)
{
	char *b = map_block();
	struct svm s;
	uint32_t i;

	svm_open(&s, prog_src, NPROGS);
	igt_assert_eq(madvise(b, SZ_2M, MADV_HUGEPAGE), 0);
	for (i = 0; i < SZ_2M / SIZE; i++)
		fill_pattern(b + i * SIZE, 8);
	igt_require_f(smaps_kb(b, "AnonHugePages") >= 2048,
		      "no huge page for %p\n", b);
	gpu_add(&s, b, 0x3000);
	/* The CPU reads pages 32-63: the folio is mapped again. */
	check_pattern("THP after GPU atomics, second 128 KiB", b + SIZE, 8);
	memcg_reclaim(cg);
	igt_info("memcg: pgsteal %" PRIu64 "\n", memcg_stat(cg, "pgsteal"));
	check_added("THP after GPU atomics and memory.reclaim", b, 8, 0x3000);
	for (i = 1; i < SZ_2M / SIZE; i++)
		check_pattern("rest of the THP after memory.reclaim",
			      b + i * SIZE, 8);
	unmap_block(b);
	svm_close(&s);
}

/* ------------------------------------------------------------------ */

/*
 * Chunks far enough apart that each gets an MMU notifier (2 MiB) and GPU
 * page tables of its own.
 */
#define CHUNK_SHIFT	26
#define NCHUNKS		2048u

/* NCHUNKS chunks of address space, aligned, with nothing behind them. */
static char *map_chunks(void)
{
	uint64_t size = (uint64_t)NCHUNKS << CHUNK_SHIFT;
	char *p = mmap(NULL, size + (1ull << CHUNK_SHIFT),
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	igt_assert(p != MAP_FAILED);
	p = (char *)(((uintptr_t)p + (1ull << CHUNK_SHIFT) - 1) &
		     ~((1ull << CHUNK_SHIFT) - 1));
	igt_assert_eq(madvise(p, size, MADV_NOHUGEPAGE), 0);
	return p;
}

/* The GPU writes the first word of each chunk, 1024 chunks a job. */
static void gpu_touch_chunks(struct svm *s, char *p)
{
	uint32_t k;

	for (k = 0; k < NCHUNKS; k += 1024)
		igt_assert_eq(svm_run(s, P_TOUCH,
				      to_user_pointer(p + ((uint64_t)k << CHUNK_SHIFT)),
				      CHUNK_SHIFT, 1024), 0);
	for (k = 0; k < NCHUNKS; k++)
		igt_assert_eq_u32(*(uint32_t *)(p + ((uint64_t)k << CHUNK_SHIFT)),
				  k % 1024);
}

static uint64_t memcg_current(const char *cg)
{
	char path[256];
	uint64_t v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.current", cg);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %m\n", path);
	igt_assert_eq(fscanf(f, "%" SCNu64, &v), 1);
	fclose(f);
	return v;
}

/*
 * A process whose memory, part of it mapped by the GPU, outgrows its
 * cgroup's memory.max: the OOM killer kills it while the GPU faults on
 * its memory. The OOM reaper's non-blockable invalidations meet the
 * driver's notifiers. The process dies of SIGKILL, its cgroup's memory
 * comes back, and the device goes on for others.
 */
static void oom_child(void)
{
	const uint64_t step = 4 << 20;
	struct svm s;
	uint32_t k;

	svm_open(&s, prog_src, NPROGS);
	for (k = 0; k < 1024; k++) {
		char *p = mmap(NULL, step, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			break;
		memset(p, k, step);
		gpu_fill(&s, p + step - SIZE, 0xc1000000 + k);
	}
	/* Not killed after 4 GiB: the test fails by the exit status. */
	exit(1);
}

static void test_oom_kill(void)
{
	char cg[128], path[160];
	struct svm s;
	int status = 0, i;
	uint64_t cur = 0;
	char *b;
	pid_t pid;

	memcg_create("oom", cg, sizeof(cg));
	snprintf(path, sizeof(path), "%s/memory.max", cg);
	write_file(path, "64M");
	snprintf(path, sizeof(path), "%s/memory.swap.max", cg);
	if (!access(path, F_OK))
		write_file(path, "0");

	pid = fork();
	igt_assert(pid >= 0);
	if (!pid) {
		memcg_enter(cg);
		oom_child();
	}
	/* Bounded: a minute for 64 MiB to fill and the OOM kill. */
	for (i = 0; i < 6000; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(10000);
	}
	if (i == 6000) {
		kill(pid, SIGKILL);
		igt_assert_eq(waitpid(pid, &status, 0), pid);
	}
	igt_assert_f(i < 6000, "the process was not OOM-killed within 60 s\n");
	igt_assert_f(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		     "the process ended with status 0x%x, not SIGKILL\n",
		     status);
	igt_assert_lte_u64(1, memcg_value(cg, "memory.events", "oom_kill"));
	/* Its memory comes back once the mm is torn down. */
	for (i = 0; i < 100; i++) {
		cur = memcg_current(cg);
		if (cur < (1 << 20))
			break;
		usleep(50000);
	}
	igt_info("oom_kill %" PRIu64 ", memory.current %" PRIu64 " KiB\n",
		 memcg_value(cg, "memory.events", "oom_kill"), cur >> 10);
	igt_assert_lt_u64(cur, 1 << 20);
	igt_assert_f(!rmdir(cg), "%s: %m\n", cg);

	/* The device serves another process as before. */
	svm_open(&s, prog_src, NPROGS);
	b = map_block();
	gpu_fill(&s, b, 0xc2000000);
	check_fill("GPU write after the OOM kill", b, 0xc2000000);
	unmap_block(b);
	svm_close(&s);
}

#ifndef SYS_process_mrelease
#define SYS_process_mrelease	448
#endif

/* A process's RssAnon, in KiB, from /proc/PID/status. */
static uint64_t rss_anon_kb(pid_t pid)
{
	char path[64], line[256];
	uint64_t kb = 0;
	bool seen = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %m\n", path);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "RssAnon: %" SCNu64, &kb) == 1)
			seen = true;
	fclose(f);
	igt_assert_f(seen, "%s has no RssAnon\n", path);
	return kb;
}

/*
 * One 2 MiB chunk: the GPU writes a memfd mapped shared in its first half;
 * the CPU fills private anonymous memory in its second half. Both halves
 * are under the chunk's notifier; only the first is mapped by the GPU.
 */
static void reap_child(int ready)
{
	char *c = map_block();
	struct svm s;
	int fd;

	svm_open(&s, prog_src, NPROGS);
	fd = memfd();
	igt_assert(mmap(c, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			fd, 0) == c);
	gpu_fill(&s, c, 0xc3000000);
	memset(c + SZ_2M / 2, 0x5a, SZ_2M / 2);
	igt_assert_eq(write(ready, "r", 1), 1);
	for (;;)
		pause();
}

/*
 * Kill a traced child, let it through its exit stop, reap it. A stop
 * already reported is not reported again, nor left by SIGKILL: continue
 * first.
 */
static int end_traced(pid_t pid)
{
	int status = 0;

	ptrace(PTRACE_CONT, pid, NULL, NULL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status))
		ptrace(PTRACE_CONT, pid, NULL, NULL);
	return status;
}

/*
 * process_mrelease() reaps a dying process's memory as the OOM reaper
 * does: with non-blockable invalidations, which the driver must not refuse
 * where the GPU maps nothing. The child, traced, stops at its exit with
 * SIGKILL pending and its mm still in place, so the reap does not race
 * with the exit. Nothing is asserted before the child is gone: IGT must
 * not exit with it stopped.
 */
static void test_mrelease(void)
{
	uint64_t before = 0, after = 0;
	int pipefd[2], pidfd = -1, status = 0, err = 0;
	const char *step;
	long ret = -1;
	pid_t pid;
	char c;

	igt_assert_eq(pipe(pipefd), 0);
	pid = fork();
	igt_assert(pid >= 0);
	if (!pid) {
		close(pipefd[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) || raise(SIGSTOP))
			exit(1);
		reap_child(pipefd[1]);
	}
	close(pipefd[1]);

	step = "the child's first stop";
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		goto out;
	step = "tracing the child's exit";
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACEEXIT) ||
	    ptrace(PTRACE_CONT, pid, NULL, NULL))
		goto out;
	step = "the child's set-up";
	if (read(pipefd[0], &c, 1) != 1)
		goto out;
	step = "pidfd_open";
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		goto out;
	before = rss_anon_kb(pid);
	step = "the exit stop";
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid ||
	    status >> 8 != (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
		goto out;
	step = NULL;
	ret = syscall(SYS_process_mrelease, pidfd, 0);
	err = ret ? errno : 0;
	after = rss_anon_kb(pid);
out:
	status = end_traced(pid);
	close(pipefd[0]);
	if (pidfd >= 0)
		close(pidfd);
	igt_assert_f(!step, "%s failed (status 0x%x)\n", step, status);
	igt_assert_f(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		     "the child ended with status 0x%x\n", status);
	igt_assert_f(!ret, "process_mrelease: %s\n", strerror(err));
	igt_info("RssAnon %" PRIu64 " KiB before, %" PRIu64 " KiB after\n",
		 before, after);
	igt_assert_lte_u64(SZ_2M / 2 >> 10, before - after);
}

/*
 * The CPU faults in one page in each of NCHUNKS chunks, then the GPU
 * writes them. The GPU's faults allocate a notifier per chunk and GPU
 * page tables, in the driver's fault worker: the process's cgroup pays
 * for them, as it pays for the CPU's page tables.
 */
static void charged_child(const char *cg)
{
	char *p;
	uint64_t c0, c1;
	struct svm s;
	uint32_t k;

	svm_open(&s, prog_src, NPROGS);
	p = map_chunks();
	for (k = 0; k < NCHUNKS; k++)
		p[(uint64_t)k << CHUNK_SHIFT] = 1;
	c0 = memcg_current(cg);
	gpu_touch_chunks(&s, p);
	c1 = memcg_current(cg);
	igt_info("memory.current: %" PRIu64 " KiB, then %" PRIu64
		 " KiB after the GPU touched %u chunks\n", c0 >> 10, c1 >> 10,
		 NCHUNKS);
	/* A notifier alone is 96 bytes; the page tables come on top. */
	igt_assert_f(c1 >= c0 + NCHUNKS * 256,
		     "the cgroup was charged %" PRId64 " bytes for %u chunks\n",
		     (int64_t)(c1 - c0), NCHUNKS);
	svm_close(&s);
}

/*
 * Buffer objects are charged to their creator's cgroup: 16 MiB show in
 * memory.current, and memory.max stops a BO larger than what is left
 * with -ENOMEM (and no OOM kill), not another process.
 */
static void bo_child(const char *cg)
{
	uint64_t c0, c1;
	uint32_t bo, big;
	char path[256];
	int fd;

	fd = gpsvm_open(0);
	igt_assert_fd(fd);
	c0 = memcg_current(cg);
	igt_assert_eq(gpsvm_bo_create(fd, 16 << 20, 0, &bo), 0);
	c1 = memcg_current(cg);
	igt_info("memory.current: %" PRIu64 " KiB, %" PRIu64
		 " KiB with a 16 MiB BO\n", c0 >> 10, c1 >> 10);
	igt_assert_lte_u64(c0 + (16 << 20), c1);

	snprintf(path, sizeof(path), "%s/memory.max", cg);
	write_file(path, "64M");
	igt_assert_eq(gpsvm_bo_create(fd, 128 << 20, 0, &big), -ENOMEM);
	igt_assert_lte_u64(memcg_current(cg), c1 + (1 << 20));
	igt_assert_lt_u64(0, memcg_value(cg, "memory.events", "max"));
	igt_assert_eq(memcg_value(cg, "memory.events", "oom_kill"), 0);
	igt_assert_eq(gpsvm_bo_close(fd, bo), 0);
	igt_assert_lte_u64(memcg_current(cg), c0 + (1 << 20));
	close(fd);
}

static void fail_alloc_set(const char *dir, const char *file, const char *v)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/fail_alloc/%s", dir, file);
	write_file(path, v);
}

static int fail_alloc_times(const char *dir)
{
	char path[256];
	int times = -2;
	FILE *f;

	snprintf(path, sizeof(path), "%s/fail_alloc/times", dir);
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %m\n", path);
	igt_assert_eq(fscanf(f, "%d", &times), 1);
	fclose(f);
	return times;
}

/*
 * The driver's allocations for a GPU fault (notifiers, page tables) fail,
 * the first ones in a row, then at random: the faults are served again
 * and the job finishes with every word written, none cancelled.
 */
static void test_enomem(struct svm *s)
{
	const char *const steps[][2] = {
		{ "interval", "1" }, { "probability", "100" },
		{ "times", "8" }, { "verbose", "0" },
	};
	char dir[200], path[256], *p;
	struct stat st;
	unsigned int i;
	int ret, left;

	gpsvm_debugfs_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/fail_alloc", dir);
	igt_require_f(dir[0] && !stat(path, &st),
		      "no fail_alloc in the GPU's debugfs (CONFIG_FAULT_INJECTION_DEBUG_FS)\n");
	p = map_chunks();
	for (i = 0; i < ARRAY_SIZE(steps); i++)
		fail_alloc_set(dir, steps[i][0], steps[i][1]);
	ret = svm_run(s, P_TOUCH, to_user_pointer(p), CHUNK_SHIFT, 64);
	left = fail_alloc_times(dir);
	fail_alloc_set(dir, "probability", "0");
	igt_assert_eq(ret, 0);
	igt_assert_eq(left, 0);
	for (i = 0; i < 64; i++)
		igt_assert_eq_u32(*(uint32_t *)(p + ((uint64_t)i << CHUNK_SHIFT)),
				  i);

	/* One allocation in three fails, for the next 64 chunks. */
	fail_alloc_set(dir, "probability", "33");
	fail_alloc_set(dir, "times", "-1");
	ret = svm_run(s, P_TOUCH, to_user_pointer(p + (64ull << CHUNK_SHIFT)),
		      CHUNK_SHIFT, 64);
	fail_alloc_set(dir, "probability", "0");
	igt_assert_eq(ret, 0);
	for (i = 0; i < 64; i++)
		igt_assert_eq_u32(*(uint32_t *)(p + ((64ull + i) << CHUNK_SHIFT)),
				  i);
	munmap(p, (uint64_t)NCHUNKS << CHUNK_SHIFT);
}

igt_main
{
	struct svm s = { .fd = -1 };

	igt_fixture {
		cpu_set_t cpus;

		CPU_ZERO(&cpus);
		CPU_SET(sched_getcpu(), &cpus);
		igt_assert_eq(sched_setaffinity(0, sizeof(cpus), &cpus), 0);
	}

	igt_subtest_group {
		igt_fixture
			svm_open(&s, prog_src, NPROGS);

		igt_describe("The GPU writes MADV_FREE'd memory; MADV_PAGEOUT then drops the pages nobody wrote, and keeps the GPU's.");
		igt_subtest("madv-free")
			test_madv_free(&s);

		igt_describe("GPU atomics update MADV_FREE'd memory; MADV_PAGEOUT keeps what they wrote.");
		igt_subtest("madv-free-atomic")
			test_madv_free_atomic(&s);

		igt_describe("The GPU writes a MADV_FREE'd THP through a 2 MiB page; MADV_PAGEOUT keeps what it wrote.");
		igt_subtest("thp-madv-free")
			test_thp_madv_free(&s);

		igt_describe("The GPU reads a tmpfs file's hole through a shared mapping, then writes it; after MADV_PAGEOUT, pread() and the mapping return the GPU's data.");
		igt_subtest("tmpfs-pageout")
			test_tmpfs_pageout(&s);

		igt_describe("The GPU reads a memfd's hole, then writes it; after munmap and drop_caches, pread() returns the GPU's data.");
		igt_subtest("memfd-drop-caches")
			test_memfd_drop_caches(&s);

		igt_describe("Pages swapped in for a GPU read (through the swap cache or not), then written by the GPU and swapped out again, come back with the GPU's data.");
		igt_subtest("swapin")
			test_swapin(&s);

		igt_describe("GPU atomics update pages in the swap cache; swapped out again, they come back updated.");
		igt_subtest("swapin-atomic")
			test_swapin_atomic(&s);

		igt_describe("The driver's allocations for GPU faults fail, in a row and then at random: the faults are served again, the job finishes with every word written.");
		igt_subtest("enomem-faults-again")
			test_enomem(&s);

		igt_fixture
			svm_close(&s);
	}

	igt_describe("In a memory cgroup, memory.reclaim pushes out memfd, MADV_FREE'd and fresh anonymous pages the GPU wrote; the CPU reads back every word.");
	igt_subtest("memcg-reclaim")
		in_memcg("memcg", memcg_child);

	igt_describe("GPU atomics take a THP device-exclusive, the CPU takes one page back, memory.reclaim runs: no bad page map, every word kept.");
	igt_subtest("memcg-thp-atomic")
		in_memcg("thp", thp_atomic_child);

	igt_describe("A process whose GPU-mapped memory outgrows memory.max is OOM-killed while the GPU faults: it dies, its memory comes back, the device goes on.");
	igt_subtest("memcg-oom-kill")
		test_oom_kill();

	igt_describe("process_mrelease(), the OOM reaper's path, reaps a dying process's private memory that shares a notifier chunk with GPU mappings but is not mapped by the GPU.");
	igt_subtest("mrelease")
		test_mrelease();

	igt_describe("GPU page tables and notifiers the fault worker allocates for a process are charged to the process's memory cgroup.");
	igt_subtest("memcg-charged")
		in_memcg("charged", charged_child);

	igt_describe("Buffer objects are charged to their creator's memory cgroup, whose memory.max stops them with -ENOMEM.");
	igt_subtest("memcg-bo")
		in_memcg("bo", bo_child);
}
