// SPDX-License-Identifier: MIT
/*
 * gpsvm_migrate: process memory in VRAM. SVM_MIGRATE moves pages of a
 * process into the GPU's VRAM as device-private pages and back; the GPU
 * reads, writes and does atomics on them where they are; a CPU access
 * brings them back; nothing is ever lost, whatever moves them (the CPU,
 * fork, munmap, a full VRAM, the device going away).
 *
 * Where a page is shows in /proc/self/pagemap: a page in VRAM is a
 * non-present (swap-type) entry. The GPU's counters (debugfs gpsvm_dmem
 * and gpsvm_svm) are checked where the test can read them (root).
 */

#include "igt.h"

#include <sys/wait.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_svm_job.h"

IGT_TEST_DESCRIPTION("Process memory moves to VRAM and back with SVM_MIGRATE and CPU faults; the GPU uses it there; nothing is lost.");

#define PAGE		4096ull
#define SZ_2M		(2ull << 20)
#define PM_SWAPPED	62
#define PM_PRESENT	63

static const char prog_fill[] = SVM_PROG_FILL;
static const char prog_copy[] = SVM_PROG_COPY;
static const char prog_add[] = SVM_PROG_ADD;
/* r4 = the word of page i of a, r5 = b. */
#define PAGE_WORD \
	SVM_GID_GUARD \
	"	ldarg.64 r4, [0]\n" \
	"	ldarg.u32 r5, [8]\n" \
	"	shl.64	r7, r0, 12\n" \
	"	add.64	r4, r4, r7\n"
/* page_add: ((u32 *)a)[i * 1024] += b, a load and a store: a word a page. */
static const char prog_page_add[] =
	PAGE_WORD
	"	ld.u32	r8, [r4]\n"
	"	add.32	r8, r8, r5\n"
	"	st.32	[r4], r8\n"
	"	exit\n";
/* page_atom: atomically ((u32 *)a)[i * 1024] += b: a word a page. */
static const char prog_page_atom[] =
	PAGE_WORD
	"	atom.add.32 rz, [r4], r5\n"
	"	exit\n";
static const char *const progs[] = {
	prog_fill, prog_copy, prog_add, prog_page_add, prog_page_atom
};
enum { P_FILL, P_COPY, P_ADD, P_PAGE_ADD, P_PAGE_ATOM };

/* A 2 MiB aligned anonymous buffer of @size bytes. */
static void *buf_new(uint64_t size)
{
	uint8_t *p = mmap(NULL, size + SZ_2M, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *a;

	igt_assert(p != MAP_FAILED);
	a = (uint8_t *)(((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + size, p + SZ_2M - a);
	/* Small pages: a THP would only be split by the migration. */
	madvise(a, size, MADV_NOHUGEPAGE);
	return a;
}

/* The pages of [p, p + size) whose pagemap entry has @bit set. */
static uint64_t pagemap_count(const void *p, uint64_t size, unsigned int bit)
{
	uint64_t n = 0, i, npages = size / PAGE, e;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	igt_assert_fd(fd);
	for (i = 0; i < npages; i++) {
		igt_assert_eq(pread(fd, &e, sizeof(e),
				    (to_user_pointer(p) / PAGE + i) * 8),
			      (ssize_t)sizeof(e));
		n += (e >> bit) & 1;
	}
	close(fd);
	return n;
}

/* The pages of [p, p + size) in VRAM (not present, swap-type). */
static uint64_t in_vram(const void *p, uint64_t size)
{
	return pagemap_count(p, size, PM_SWAPPED);
}

/* A counter of debugfs file @file of the first GPU; -1 when unreadable. */
static int64_t counter(const char *file, const char *name)
{
	char dir[200], path[300], line[256], n[64];
	int64_t v = -1, x;
	FILE *f;

	gpsvm_debugfs_dir(dir, sizeof(dir));
	if (!dir[0])
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %63[^:]: %" SCNd64, n, &x) == 2 &&
		    !strcmp(n, name))
			v = x;
	fclose(f);
	return v;
}

static int64_t dmem(const char *name)
{
	return counter("gpsvm_dmem", name);
}

static void fill_words(uint32_t *p, uint64_t size, uint32_t seed)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		p[i] = (uint32_t)i * 2654435761u ^ seed;
}

static void check_words(const uint32_t *p, uint64_t size, uint32_t seed)
{
	uint64_t i;

	for (i = 0; i < size / 4; i++)
		igt_assert_f(p[i] == ((uint32_t)i * 2654435761u ^ seed),
			     "word %" PRIu64 ": 0x%08x, expected 0x%08x\n", i,
			     p[i], (uint32_t)i * 2654435761u ^ seed);
}

static void migrate_ok(int fd, const void *p, uint64_t size, uint32_t to,
		       uint64_t moved, uint64_t stayed)
{
	uint64_t m = ~0ull, s = ~0ull;

	igt_assert_eq(gpsvm_svm_migrate(fd, p, size, to, &m, &s), 0);
	igt_assert_f(m == moved && s == stayed,
		     "moved %" PRIu64 " stayed %" PRIu64 ", expected %" PRIu64
		     " and %" PRIu64 "\n", m, s, moved, stayed);
}

/* Moved to VRAM and back by CPU reads, a 2 MiB block per CPU fault. */
static void test_to_vram_and_back(struct svm *s)
{
	const uint64_t size = 2 * SZ_2M, npages = size / PAGE;
	uint32_t *p = buf_new(size);
	int64_t faults = dmem("cpu_faults"), ce = dmem("ce_jobs");
	int64_t cpu = dmem("cpu_copies");

	fill_words(p, size, 1);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq_u64(in_vram(p, size), npages);
	/* Already there: nothing moves, nothing is left behind. */
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, 0, 0);

	/* One read brings its block back, not the other one. */
	igt_assert_eq_u32(p[0], 1);
	igt_assert_eq_u64(in_vram(p, SZ_2M), 0);
	igt_assert_eq_u64(in_vram((uint8_t *)p + SZ_2M, SZ_2M), npages / 2);
	check_words(p, size, 1);
	igt_assert_eq_u64(in_vram(p, size), 0);
	if (faults >= 0) {
		igt_assert_eq(dmem("cpu_faults") - faults, 2);
		/* The copy engine copied, a job per block each way. */
		igt_assert_lte(ce + 4, dmem("ce_jobs"));
		igt_assert_eq(dmem("cpu_copies"), cpu);
	}
	munmap(p, size);
}

/*
 * Back and forth, ten times, across a block boundary: to VRAM, GPU
 * atomics there, then back by SVM_MIGRATE or by CPU reads in turn.
 */
static void test_back_and_forth(struct svm *s)
{
	const uint64_t size = SZ_2M + 16 * PAGE, npages = size / PAGE;
	const uint32_t rounds = 10, n = size / 4;
	uint32_t *p = buf_new(size), r, i, sum = 0;

	fill_words(p, size, 16);
	for (r = 0; r < rounds; r++) {
		migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
		igt_assert_eq(svm_run(s, P_ADD, to_user_pointer(p), r, n), 0);
		igt_assert_eq_u64(in_vram(p, size), npages);
		sum += r;
		if (r & 1) {
			migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_SYSTEM,
				   npages, 0);
			continue;
		}
		for (i = 0; i < n; i += PAGE / 4)
			igt_assert_eq_u32(p[i], (i * 2654435761u ^ 16) + sum);
		igt_assert_eq_u64(in_vram(p, size), 0);
	}
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(p[i], (i * 2654435761u ^ 16) + sum);
	munmap(p, size);
}

/*
 * A range of every kind of anonymous page: written, written then made
 * read-only, the zero page, never touched. All move; each reads back
 * as it was, and the read-only ones stay read-only for the GPU.
 */
static void test_mixed(struct svm *s)
{
	const uint64_t seg = 16 * PAGE, size = 4 * seg, npages = size / PAGE;
	uint32_t *p = buf_new(size), *b = buf_new(size);
	volatile uint32_t *z = p + 2 * seg / 4;
	uint64_t i;

	fill_words(p, 2 * seg, 17);
	memset(b, 0xff, size);
	igt_assert_eq(mprotect((uint8_t *)p + seg, seg, PROT_READ), 0);
	for (i = 0; i < seg / 4; i += PAGE / 4)
		igt_assert_eq_u32(z[i], 0);	/* maps the zero page */
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq_u64(in_vram(p, size), npages);
	/* The GPU reads them all where they are. */
	igt_assert_eq(svm_run(s, P_COPY, to_user_pointer(p),
			      to_user_pointer(b), size / 4), 0);
	igt_assert_eq_u64(in_vram(p, size), npages);
	check_words(b, 2 * seg, 17);
	for (i = 2 * seg / 4; i < size / 4; i++)
		igt_assert_eq_u32(b[i], 0);
	/* A GPU write to the read-only pages fails its job, changing nothing. */
	igt_assert_eq(svm_run(s, P_FILL, to_user_pointer(p) + seg, 0,
			      seg / 4), -EFAULT);
	check_words(p, 2 * seg, 17);
	for (i = 2 * seg / 4; i < size / 4; i++)
		igt_assert_eq_u32(p[i], 0);
	munmap(p, size);
	munmap(b, size);
}

/* mremap() carries pages in VRAM to the new address, still in VRAM. */
static void test_mremap(struct svm *s)
{
	const uint64_t size = 2 * SZ_2M, npages = size / PAGE;
	uint8_t *to = (uint8_t *)buf_new(size);
	uint32_t *p = buf_new(size), *q;
	uint64_t i;

	fill_words(p, size, 18);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	q = mremap(p, size, size, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	igt_assert(q == (uint32_t *)to);
	igt_assert_eq_u64(in_vram(q, size), npages);
	/* The GPU follows: it updates the moved pages at their new address. */
	igt_assert_eq(svm_run(s, P_PAGE_ADD, to_user_pointer(q), 1, npages),
		      0);
	igt_assert_eq_u64(in_vram(q, size), npages);
	for (i = 0; i < size / 4; i++)
		igt_assert_eq_u32(q[i], ((uint32_t)i * 2654435761u ^ 18) +
					!(i % (PAGE / 4)));
	munmap(q, size);
}

/* SVM_MIGRATE to system memory: no CPU fault needed. */
static void test_to_system(struct svm *s)
{
	const uint64_t size = SZ_2M + 64 * PAGE, npages = size / PAGE;
	uint32_t *p = buf_new(size);
	int64_t faults;

	fill_words(p, size, 2);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	faults = dmem("cpu_faults");
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_SYSTEM, npages, 0);
	igt_assert_eq_u64(in_vram(p, size), 0);
	igt_assert_eq_u64(pagemap_count(p, size, PM_PRESENT), npages);
	if (faults >= 0)
		igt_assert_eq(dmem("cpu_faults"), faults);
	check_words(p, size, 2);
	/* In system memory already: nothing to move. */
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_SYSTEM, 0, 0);
	munmap(p, size);
}

/* Pages nothing populated are made in VRAM, zeroed. */
static void test_unpopulated(struct svm *s)
{
	const uint64_t size = SZ_2M, npages = size / PAGE;
	uint32_t *p = buf_new(size);
	uint64_t i;

	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq_u64(in_vram(p, size), npages);
	for (i = 0; i < size / 4; i++)
		igt_assert_eq_u32(p[i], 0);
	munmap(p, size);
}

/*
 * The GPU reads and writes pages where they are: in VRAM they stay, and
 * the CPU then sees every store.
 */
static void test_gpu_access(struct svm *s)
{
	const uint64_t size = SZ_2M, npages = size / PAGE;
	uint32_t *a = buf_new(size), *b = buf_new(size);
	const uint32_t n = size / 4;
	uint32_t i;

	fill_words(a, size, 3);
	memset(b, 0, size);
	migrate_ok(s->fd, a, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	/* The GPU copies a (VRAM) to b (system memory). */
	igt_assert_eq(svm_run(s, P_COPY, to_user_pointer(a),
			      to_user_pointer(b), n), 0);
	igt_assert_eq_u64(in_vram(a, size), npages);
	check_words(b, size, 3);

	/* The GPU writes b in VRAM. */
	migrate_ok(s->fd, b, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq(svm_run(s, P_FILL, to_user_pointer(b), 0x5a5a, n), 0);
	igt_assert_eq_u64(in_vram(b, size), npages);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(b[i], i ^ 0x5a5a);
	igt_assert_eq_u64(in_vram(b, size), 0);
	check_words(a, size, 3);
	munmap(a, size);
	munmap(b, size);
}

/*
 * A block wholly in VRAM is one 2 MiB GPU PTE, and atomics on it need no
 * device-exclusive access: no exclusive fault, every increment counted.
 */
static void test_atomics(struct svm *s)
{
	const uint64_t size = SZ_2M, npages = size / PAGE;
	const uint32_t n = size / 4, rounds = 5;
	int64_t excl = counter("gpsvm_svm", "exclusive");
	int64_t huge = counter("gpsvm_svm", "pages_2m");
	uint32_t *p = buf_new(size);
	uint32_t i;

	fill_words(p, size, 4);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	for (i = 0; i < rounds; i++)
		igt_assert_eq(svm_run(s, P_ADD, to_user_pointer(p), 3, n), 0);
	igt_assert_eq_u64(in_vram(p, size), npages);
	if (excl >= 0) {
		igt_assert_eq(counter("gpsvm_svm", "exclusive"), excl);
		igt_assert_lte(huge + 1, counter("gpsvm_svm", "pages_2m"));
	}
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(p[i], (i * 2654435761u ^ 4) + 3 * rounds);
	munmap(p, size);
}

/* File pages (and shared memory) cannot move: reported, not an error. */
static void test_file_backed(struct svm *s)
{
	const uint64_t size = 64 * PAGE, npages = size / PAGE;
	int mfd = memfd_create("gpsvm_migrate", 0);
	uint32_t *p;

	igt_assert_fd(mfd);
	igt_assert_eq(ftruncate(mfd, size), 0);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	igt_assert(p != MAP_FAILED);
	fill_words(p, size, 5);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, 0, npages);
	igt_assert_eq_u64(in_vram(p, size), 0);
	check_words(p, size, 5);
	munmap(p, size);
	close(mfd);
}

static int migrate_raw(int fd, uint64_t addr, uint64_t size, uint32_t to,
		       uint32_t flags)
{
	struct drm_gpsvm_svm_migrate m = {
		.addr = addr, .size = size, .to = to, .flags = flags,
	};

	return igt_ioctl(fd, DRM_IOCTL_GPSVM_SVM_MIGRATE, &m) ? -errno : 0;
}

static int advise_raw(int fd, uint64_t addr, uint64_t size, uint32_t loc,
		      uint32_t flags)
{
	struct drm_gpsvm_svm_advise a = {
		.addr = addr, .size = size, .preferred_loc = loc,
		.flags = flags,
	};

	return igt_ioctl(fd, DRM_IOCTL_GPSVM_SVM_ADVISE, &a) ? -errno : 0;
}

/* Bad requests get their errno and move nothing. */
static void test_bad_input(struct svm *s)
{
	const uint64_t size = 16 * PAGE;
	uint8_t *p = buf_new(size);
	uint64_t a = to_user_pointer(p);
	int fd;

	fill_words((uint32_t *)p, size, 6);
	igt_assert_eq(migrate_raw(s->fd, a + 8, size, 1, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, a, 0, 1, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, a, size + 1, 1, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, a, size, 2, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, a, size, 1, 1), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, a, 2ull << 30, 1, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, -PAGE, PAGE, 1, 0), -EINVAL);
	igt_assert_eq(migrate_raw(s->fd, to_user_pointer(s->window), PAGE, 1,
				  0), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, a + 8, size, 1, 0), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, a, 0, 1, 0), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, a, size, 2, 0), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, a, size, 1, 1), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, -PAGE, 2 * PAGE, 1, 0), -EINVAL);
	igt_assert_eq(advise_raw(s->fd, to_user_pointer(s->window), PAGE, 1,
				 0), -EINVAL);
	/* A hole in the range: nothing moves, not even the mapped part. */
	igt_assert_eq(munmap(p + size - PAGE, PAGE), 0);
	igt_assert_eq(migrate_raw(s->fd, a, size, 1, 0), -EFAULT);
	igt_assert_eq_u64(in_vram(p, size - PAGE), 0);
	/* Advice is for the VA range, mapped or not; it moves nothing. */
	igt_assert_eq(advise_raw(s->fd, a, size, 1, 0), 0);
	igt_assert_eq_u64(in_vram(p, size - PAGE), 0);
	igt_assert_eq(advise_raw(s->fd, a, size, 0, 0), 0);
	/* A file without SVM_INIT. */
	fd = gpsvm_open(0);
	igt_assert_fd(fd);
	igt_assert_eq(migrate_raw(fd, a, PAGE, 1, 0), -EINVAL);
	igt_assert_eq(advise_raw(fd, a, PAGE, 1, 0), -EINVAL);
	close(fd);
	check_words((uint32_t *)p, size - PAGE, 6);
	munmap(p, size - PAGE);
}

/*
 * fork() shares the VRAM pages copy-on-write: the child sees the
 * parent's data and its writes stay its own, and the other way round.
 */
static void test_fork(struct svm *s)
{
	const uint64_t size = SZ_2M, npages = size / PAGE;
	uint32_t *p = buf_new(size);
	uint64_t i;
	int status;
	pid_t pid;

	fill_words(p, size, 7);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	pid = fork();
	igt_assert(pid >= 0);
	if (pid == 0) {
		for (i = 0; i < size / 4; i++)
			if (p[i] != ((uint32_t)i * 2654435761u ^ 7))
				_exit(1);
		fill_words(p, size, 8);
		_exit(0);
	}
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert_f(WIFEXITED(status) && !WEXITSTATUS(status),
		     "child saw wrong data (status 0x%x)\n", status);
	check_words(p, size, 7);
	/* The GPU still updates the parent's pages. */
	igt_assert_eq(svm_run(s, P_ADD, to_user_pointer(p), 1, size / 4), 0);
	for (i = 0; i < size / 4; i++)
		igt_assert_eq_u32(p[i], ((uint32_t)i * 2654435761u ^ 7) + 1);
	munmap(p, size);
}

/* Unmapped pages in VRAM are freed: VRAM comes back. */
static void test_munmap(struct svm *s)
{
	const uint64_t size = 4 * SZ_2M, npages = size / PAGE;
	int64_t before = dmem("pages_in_vram");
	uint32_t *p = buf_new(size);
	int i;

	fill_words(p, size, 9);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	if (before >= 0)
		igt_assert_eq(dmem("pages_in_vram") - before, npages);
	munmap(p, size);
	if (before < 0)
		return;
	/* Chunks go back from a work item. */
	for (i = 0; i < 100 && dmem("pages_in_vram") != before; i++)
		usleep(10000);
	igt_assert_eq(dmem("pages_in_vram"), before);
}

/*
 * More than VRAM holds: what does not fit stays, no error; every page is
 * intact wherever it is.
 */
static void test_vram_full(struct svm *s)
{
	uint64_t vram, size, moved = 0, stayed = 0;
	uint32_t *p;

	igt_assert_eq(gpsvm_get_param(s->fd, DRM_GPSVM_PARAM_VRAM_SIZE,
				      &vram), 0);
	size = vram + 4 * SZ_2M;
	p = buf_new(size);
	fill_words(p, size, 10);
	igt_assert_eq(gpsvm_svm_migrate(s->fd, p, size, DRM_GPSVM_MEM_VRAM,
					&moved, &stayed), 0);
	igt_info("%" PRIu64 " MiB VRAM: moved %" PRIu64 ", stayed %" PRIu64
		 " pages\n", vram >> 20, moved, stayed);
	igt_assert_eq_u64(moved + stayed, size / PAGE);
	igt_assert_lte(4 * SZ_2M / PAGE, stayed);
	igt_assert_eq_u64(in_vram(p, size), moved);
	check_words(p, size, 10);
	munmap(p, size);
}

/*
 * Process pages give way to buffer objects: with VRAM full of them, a
 * VRAM object is still made, and the pages it displaced are intact in
 * system memory.
 */
static void test_bo_evicts(struct svm *s)
{
	uint64_t vram, size, moved = 0, stayed = 0, bo_size = 8 * SZ_2M;
	int64_t evicted = dmem("pages_evicted");
	uint32_t *p, *m, h, i;
	void *map;

	igt_assert_eq(gpsvm_get_param(s->fd, DRM_GPSVM_PARAM_VRAM_SIZE,
				      &vram), 0);
	/* Earlier subtests' chunks go back to the allocator from a work item. */
	for (i = 0; i < 200 && dmem("pages_in_vram") != 0; i++)
		usleep(10000);
	size = vram;
	p = buf_new(size);
	fill_words(p, size, 13);
	igt_assert_eq(gpsvm_svm_migrate(s->fd, p, size, DRM_GPSVM_MEM_VRAM,
					&moved, &stayed), 0);
	/* VRAM is full: the code and argument objects are system memory. */
	igt_assert_eq_u64(moved, size / PAGE);
	igt_assert_eq(gpsvm_bo_create(s->fd, bo_size, DRM_GPSVM_GEM_VRAM, &h),
		      0);
	igt_assert_lte(in_vram(p, size), moved - bo_size / PAGE);
	if (evicted >= 0)
		igt_assert_lte(evicted + bo_size / PAGE, dmem("pages_evicted"));
	/* The object is VRAM of its own, zeroed, and works. */
	igt_assert_eq(gpsvm_bo_mmap(s->fd, h, bo_size, &map), 0);
	m = map;
	for (i = 0; i < bo_size / 4; i += 1024) {
		igt_assert_eq_u32(m[i], 0);
		m[i] = i;
	}
	check_words(p, size, 13);
	for (i = 0; i < bo_size / 4; i += 1024)
		igt_assert_eq_u32(m[i], i);
	munmap(map, bo_size);
	igt_assert_eq(gpsvm_bo_close(s->fd, h), 0);
	munmap(p, size);
}

/*
 * Word @i of a buffer filled with @seed (0: never filled), plus @first on
 * the first word of each page.
 */
static uint32_t page_word(uint64_t i, uint32_t seed, uint32_t first)
{
	return (seed ? (uint32_t)i * 2654435761u ^ seed : 0) +
	       (i % (PAGE / 4) ? 0 : first);
}

/*
 * With VRAM the preferred location, GPU reads, writes and atomics move
 * the blocks they fault on to VRAM, and only the advised part of a
 * block; the default again leaves pages where they are. The jobs touch
 * a word a page: short even on one SM under TCG.
 */
static void test_prefer_vram(struct svm *s)
{
	const uint64_t size = 2 * SZ_2M, npages = size / PAGE;
	const uint64_t bw = SZ_2M / 4;	/* words in a block */
	uint32_t *a = buf_new(size), *c = buf_new(SZ_2M);
	int64_t faults = dmem("gpu_faults");
	uint64_t i;

	/* Block 0 written by the CPU, block 1 never touched. */
	fill_words(a, SZ_2M, 14);
	igt_assert_eq(gpsvm_svm_advise(s->fd, a, size, DRM_GPSVM_MEM_VRAM), 0);
	/* Advice moves nothing by itself. */
	igt_assert_eq_u64(in_vram(a, size), 0);
	/* The GPU reads and writes every page, in VRAM. */
	igt_assert_eq(svm_run(s, P_PAGE_ADD, to_user_pointer(a), 3, npages),
		      0);
	igt_assert_eq_u64(in_vram(a, size), npages);
	if (faults >= 0)
		igt_assert_eq(dmem("gpu_faults") - faults, 2);
	/* The CPU reads block 0 back; block 1 stays in VRAM. */
	for (i = 0; i < bw; i++)
		igt_assert_eq_u32(a[i], page_word(i, 14, 3));
	igt_assert_eq_u64(in_vram(a, SZ_2M), 0);
	igt_assert_eq_u64(in_vram((uint8_t *)a + SZ_2M, SZ_2M), SZ_2M / PAGE);

	/* Atomics on what the CPU brought back move it to VRAM again. */
	igt_assert_eq(svm_run(s, P_PAGE_ATOM, to_user_pointer(a), 5,
			      SZ_2M / PAGE), 0);
	igt_assert_eq_u64(in_vram(a, SZ_2M), SZ_2M / PAGE);
	for (i = 0; i < bw; i++)
		igt_assert_eq_u32(a[i], page_word(i, 14, 8));

	/*
	 * Back to the default: the GPU maps pages where they are, block 0
	 * in system memory (the CPU read it back), block 1 in VRAM.
	 */
	igt_assert_eq(gpsvm_svm_advise(s->fd, a, size, DRM_GPSVM_MEM_SYSTEM),
		      0);
	igt_assert_eq(svm_run(s, P_PAGE_ADD, to_user_pointer(a), 6, npages),
		      0);
	igt_assert_eq_u64(in_vram(a, SZ_2M), 0);
	igt_assert_eq_u64(in_vram((uint8_t *)a + SZ_2M, SZ_2M), SZ_2M / PAGE);

	/* Only the advised half of a block moves. */
	igt_assert_eq(gpsvm_svm_advise(s->fd, c, SZ_2M / 2,
				       DRM_GPSVM_MEM_VRAM), 0);
	igt_assert_eq(svm_run(s, P_PAGE_ADD, to_user_pointer(c), 7,
			      SZ_2M / PAGE), 0);
	igt_assert_eq_u64(in_vram(c, SZ_2M / 2), SZ_2M / 2 / PAGE);
	igt_assert_eq_u64(in_vram((uint8_t *)c + SZ_2M / 2, SZ_2M / 2), 0);
	for (i = 0; i < bw; i++)
		igt_assert_eq_u32(c[i], page_word(i, 0, 7));
	for (i = 0; i < bw; i++)
		igt_assert_eq_u32(a[i], page_word(i, 14, 14));
	for (i = bw; i < 2 * bw; i++)
		igt_assert_eq_u32(a[i], page_word(i, 0, 9));
	/* Advice outlives munmap(): none is left for later mappings here. */
	igt_assert_eq(gpsvm_svm_advise(s->fd, c, SZ_2M, DRM_GPSVM_MEM_SYSTEM),
		      0);
	munmap(a, size);
	munmap(c, SZ_2M);
}

/*
 * Twice VRAM, preferred there: the GPU's faults keep moving blocks in,
 * the least recently used ones out; every byte is right afterwards.
 */
static void test_oversubscribe(struct svm *s)
{
	const uint64_t job = 64ull << 20;
	int64_t evicted = dmem("pages_evicted"), faults = dmem("gpu_faults");
	uint64_t vram, size, off, i;
	uint32_t *p;

	igt_assert_eq(gpsvm_get_param(s->fd, DRM_GPSVM_PARAM_VRAM_SIZE,
				      &vram), 0);
	size = 2 * vram;
	p = buf_new(size);
	fill_words(p, size, 15);
	igt_assert_eq(gpsvm_svm_advise(s->fd, p, size, DRM_GPSVM_MEM_VRAM), 0);
	/* A word a page, a job per 64 MiB: each job's blocks move in. */
	for (off = 0; off < size; off += job)
		igt_assert_eq(svm_run(s, P_PAGE_ADD,
				      to_user_pointer(p) + off, 1,
				      job / PAGE), 0);
	igt_info("%" PRIu64 " MiB VRAM, %" PRIu64 " MiB buffer: %" PRIu64
		 " pages in VRAM, %" PRId64 " GPU faults moved blocks, %"
		 PRId64 " pages evicted\n", vram >> 20, size >> 20,
		 in_vram(p, size), dmem("gpu_faults") - faults,
		 dmem("pages_evicted") - evicted);
	/* The last job's blocks are in VRAM; what did not fit went back. */
	igt_assert_lte(job / PAGE, in_vram(p, size));
	if (evicted >= 0) {
		igt_assert_lte(size / SZ_2M, dmem("gpu_faults") - faults);
		igt_assert_lte((size - vram) / PAGE,
			       dmem("pages_evicted") - evicted);
	}
	for (i = 0; i < size / 4; i++) {
		uint32_t want = (uint32_t)i * 2654435761u ^ 15;

		if (!(i % (PAGE / 4)))
			want++;
		igt_assert_f(p[i] == want, "word %" PRIu64
			     ": 0x%08x, expected 0x%08x\n", i, p[i], want);
	}
	igt_assert_eq_u64(in_vram(p, size), 0);
	igt_assert_eq(gpsvm_svm_advise(s->fd, p, size, DRM_GPSVM_MEM_SYSTEM),
		      0);
	munmap(p, size);
}

/*
 * Another GPU's access brings pages back from this one's VRAM, through
 * the CPU's page tables, as the CPU's does; each GPU migrates the buffer
 * in turn, and both see the same data. A word a page: short jobs.
 */
static void test_two_gpus(struct svm *s)
{
	const uint64_t size = SZ_2M, npages = size / PAGE;
	struct svm s1;
	uint32_t *a;
	uint64_t i;

	igt_require_f(gpsvm_enumerate(NULL, 0) >= 2, "needs two GPUs\n");
	a = buf_new(size);
	svm_open_gpu(&s1, 1, progs, ARRAY_SIZE(progs));
	fill_words(a, size, 11);
	migrate_ok(s->fd, a, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	/* In GPU 0's VRAM: GPU 1 cannot take it from there. */
	migrate_ok(s1.fd, a, size, DRM_GPSVM_MEM_VRAM, 0, npages);
	igt_assert_eq(svm_run(&s1, P_PAGE_ADD, to_user_pointer(a), 1, npages),
		      0);
	igt_assert_eq_u64(in_vram(a, size), 0);

	/* GPU 1's turn: its atomics there, then GPU 0's writes. */
	migrate_ok(s1.fd, a, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq(svm_run(&s1, P_PAGE_ATOM, to_user_pointer(a), 2, npages),
		      0);
	igt_assert_eq_u64(in_vram(a, size), npages);
	igt_assert_eq(svm_run(s, P_PAGE_ADD, to_user_pointer(a), 4, npages),
		      0);
	igt_assert_eq_u64(in_vram(a, size), 0);
	for (i = 0; i < size / 4; i++)
		igt_assert_eq_u32(a[i], page_word(i, 11, 7));
	svm_close(&s1);
	munmap(a, size);
}

/*
 * The device goes away (unbind) with process pages in its VRAM: they
 * come back to system memory, every byte; then it comes back.
 */
static void test_unbind(struct svm *s)
{
	const char *drv = "/sys/bus/platform/drivers/gpsvm";
	const uint64_t size = 2 * SZ_2M, npages = size / PAGE;
	struct gpsvm_device_info dev;
	char path[300];
	uint32_t *p;

	igt_require(access("/sys/bus/platform/drivers/gpsvm/unbind", W_OK) == 0);
	igt_assert_lte(1, gpsvm_enumerate(&dev, 1));
	p = buf_new(size);
	fill_words(p, size, 12);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	snprintf(path, sizeof(path), "%s/unbind", drv);
	gpsvm_sysfs_write(path, dev.device);
	igt_assert_eq_u64(in_vram(p, size), 0);
	check_words(p, size, 12);
	/* The file outlives the device: its ioctls get -ENODEV. */
	igt_assert_eq(gpsvm_channel_destroy(s->fd, s->chan), -ENODEV);
	munmap(s->code, SVM_CODE_SIZE);
	munmap(s->args, SVM_ARGS_SIZE);
	close(s->fd);
	munmap(s->window, SVM_WINDOW_SIZE);
	snprintf(path, sizeof(path), "%s/bind", drv);
	gpsvm_sysfs_write(path, dev.device);
	munmap(p, size);
	svm_open(s, progs, ARRAY_SIZE(progs));
}

/*
 * The hardware goes (the model's module unloaded) with process pages in
 * its VRAM: they come back to system memory, every byte. guest-tests.sh
 * runs it alone, with GPSVM_REMOVE_MODEL the command that removes the
 * model; without it, it is skipped.
 */
static void test_remove_model(struct svm *s)
{
	const char *cmd = getenv("GPSVM_REMOVE_MODEL");
	const uint64_t size = 3 * SZ_2M, npages = size / PAGE;
	uint32_t *p;

	igt_require_f(cmd, "GPSVM_REMOVE_MODEL is not set\n");
	p = buf_new(size);
	fill_words(p, size, 19);
	migrate_ok(s->fd, p, size, DRM_GPSVM_MEM_VRAM, npages, 0);
	igt_assert_eq(system(cmd), 0);
	igt_assert_eq_u64(in_vram(p, size), 0);
	check_words(p, size, 19);
	/* The file outlives the device: its ioctls get -ENODEV. */
	igt_assert_eq(gpsvm_svm_migrate(s->fd, p, size, DRM_GPSVM_MEM_VRAM,
					NULL, NULL), -ENODEV);
	munmap(s->code, SVM_CODE_SIZE);
	munmap(s->args, SVM_ARGS_SIZE);
	close(s->fd);
	s->fd = -1;
	munmap(s->window, SVM_WINDOW_SIZE);
	munmap(p, size);
}

igt_main
{
	struct svm s = { .fd = -1 };

	igt_fixture
		svm_open(&s, progs, ARRAY_SIZE(progs));

	igt_subtest("to-vram-and-back")
		test_to_vram_and_back(&s);
	igt_subtest("to-system")
		test_to_system(&s);
	igt_subtest("back-and-forth")
		test_back_and_forth(&s);
	igt_subtest("mixed")
		test_mixed(&s);
	igt_subtest("mremap")
		test_mremap(&s);
	igt_subtest("unpopulated")
		test_unpopulated(&s);
	igt_subtest("gpu-access")
		test_gpu_access(&s);
	igt_subtest("atomics")
		test_atomics(&s);
	igt_subtest("file-backed")
		test_file_backed(&s);
	igt_subtest("bad-input")
		test_bad_input(&s);
	igt_subtest("fork")
		test_fork(&s);
	igt_subtest("munmap")
		test_munmap(&s);
	igt_subtest("vram-full")
		test_vram_full(&s);
	igt_subtest("bo-evicts")
		test_bo_evicts(&s);
	igt_subtest("prefer-vram")
		test_prefer_vram(&s);
	igt_subtest("oversubscribe")
		test_oversubscribe(&s);
	igt_subtest("two-gpus")
		test_two_gpus(&s);
	igt_subtest("unbind")
		test_unbind(&s);
	igt_subtest("remove-model")
		test_remove_model(&s);

	igt_fixture
		if (s.fd >= 0)
			svm_close(&s);
}
