// SPDX-License-Identifier: MIT
/*
 * gpsvm_gem: buffer objects in system memory and VRAM: creation, argument
 * checks, zeroed contents, CPU mappings and their lifetime, running out of
 * VRAM, and many objects created and freed.
 */

#include "igt.h"

#include <fcntl.h>
#include <sys/mman.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"

IGT_TEST_DESCRIPTION("gpsvm buffer objects: GEM_CREATE, GEM_MMAP_OFFSET and CPU mappings.");

static const uint64_t sizes[] = {
	4096, 8192, 65536 - 4096, 65536, 65536 + 4096, 1 << 20,
	(2 << 20) + 4096, 4 << 20,
};

static const struct {
	const char *name;
	uint32_t flags;
} placements[] = {
	{ "sys", 0 },
	{ "vram", DRM_GPSVM_GEM_VRAM },
};

static int gem_create(int fd, uint64_t size, uint32_t flags,
		      uint32_t *handle)
{
	struct drm_gpsvm_gem_create gc = { .size = size, .flags = flags };

	if (igt_ioctl(fd, DRM_IOCTL_GPSVM_GEM_CREATE, &gc))
		return -errno;
	*handle = gc.handle;
	return 0;
}

static uint32_t bo_create(int fd, uint64_t size, uint32_t flags)
{
	uint32_t handle = 0;

	igt_assert_eq(gem_create(fd, size, flags, &handle), 0);
	igt_assert_neq(handle, 0);
	return handle;
}

static void gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close cl = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
}

static int mmap_offset(int fd, uint32_t handle, uint32_t pad,
		       uint64_t *offset)
{
	struct drm_gpsvm_gem_mmap_offset mo = {
		.handle = handle, .pad = pad, .offset = 0x5a5a,
	};
	int ret = igt_ioctl(fd, DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET, &mo) ?
		  -errno : 0;

	if (ret)
		igt_assert_eq_u64(mo.offset, 0x5a5a);
	*offset = mo.offset;
	return ret;
}

static void *bo_map(int fd, uint32_t handle, uint64_t size)
{
	uint64_t offset;
	void *ptr;

	igt_assert_eq(mmap_offset(fd, handle, 0, &offset), 0);
	ptr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   offset);
	igt_assert(ptr != MAP_FAILED);
	return ptr;
}

static uint64_t vram_size(int fd)
{
	uint64_t v = 0;

	igt_assert_eq(gpsvm_get_param(fd, DRM_GPSVM_PARAM_VRAM_SIZE, &v), 0);
	return v;
}

static bool all_zero(const void *p, uint64_t size)
{
	const uint64_t *w = p;
	uint64_t i;

	for (i = 0; i < size / 8; i++)
		if (w[i])
			return false;
	return true;
}

static uint32_t pattern(uint64_t i, uint32_t seed)
{
	return (uint32_t)(i * 2654435761u) ^ seed;
}

/* Fill through one mapping, check through another of the same object. */
static void test_rw(int fd, uint64_t size, uint32_t flags)
{
	uint32_t handle = bo_create(fd, size, flags);
	uint32_t *a = bo_map(fd, handle, size);
	uint32_t *b = bo_map(fd, handle, size);
	uint64_t i, n = size / 4;

	igt_assert(a != b);
	igt_assert_f(all_zero(a, size), "new object is not zeroed\n");
	for (i = 0; i < n; i++)
		a[i] = pattern(i, 0x1234);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(b[i], pattern(i, 0x1234));
	/* And back: every page, both ways. */
	for (i = 0; i < n; i += 1024)
		b[i] = ~pattern(i, 0x1234);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(a[i], (i % 1024) ? pattern(i, 0x1234) :
				  ~pattern(i, 0x1234));
	igt_assert_eq(munmap(a, size), 0);
	igt_assert_eq(munmap(b, size), 0);
	gem_close(fd, handle);
}

/* A second object gets fresh zeroed memory, not the first one's. */
static void test_zeroed_reuse(int fd, uint32_t flags)
{
	const uint64_t size = 1 << 20;
	int round;

	for (round = 0; round < 4; round++) {
		uint32_t handle = bo_create(fd, size, flags);
		uint8_t *p = bo_map(fd, handle, size);

		igt_assert_f(all_zero(p, size), "round %d: not zeroed\n",
			     round);
		memset(p, 0xff, size);
		igt_assert_eq(munmap(p, size), 0);
		gem_close(fd, handle);
	}
}

/* The GEM reference of a mapping keeps the object after its handle. */
static void test_close_mapped(int fd, uint32_t flags)
{
	const uint64_t size = 256 << 10;
	uint32_t handle = bo_create(fd, size, flags);
	uint32_t *p = bo_map(fd, handle, size);
	uint64_t i, offset;

	for (i = 0; i < size / 4; i += 512)
		p[i] = pattern(i, 7);
	gem_close(fd, handle);
	igt_assert_eq(mmap_offset(fd, handle, 0, &offset), -ENOENT);
	for (i = 0; i < size / 4; i += 512)
		igt_assert_eq_u32(p[i], pattern(i, 7));
	/* Pages not touched before the close fault in now. */
	for (i = 1; i < size / 4; i += 512) {
		igt_assert_eq_u32(p[i], 0);
		p[i] = pattern(i, 8);
		igt_assert_eq_u32(p[i], pattern(i, 8));
	}
	igt_assert_eq(munmap(p, size), 0);
}

/* A mapping may cover the start of the object; it may not start inside. */
static void test_partial_map(int fd, uint32_t flags)
{
	const uint64_t size = 64 << 10;
	uint32_t handle = bo_create(fd, size, flags);
	uint32_t *all = bo_map(fd, handle, size), *part;
	uint64_t offset;

	igt_assert_eq(mmap_offset(fd, handle, 0, &offset), 0);
	part = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    offset);
	igt_assert(part != MAP_FAILED);
	part[0] = 0xabcd0001;
	part[2047] = 0xabcd0002;
	igt_assert_eq_u32(all[0], 0xabcd0001);
	igt_assert_eq_u32(all[2047], 0xabcd0002);
	all[1024] = 0xabcd0003;
	igt_assert_eq_u32(part[1024], 0xabcd0003);
	igt_assert_eq(munmap(part, 8192), 0);

	/* Inside, bigger than the object, or past its end: refused. */
	igt_assert(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd,
			offset + 16384) == MAP_FAILED);
	igt_assert(mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, fd,
			offset) == MAP_FAILED);
	igt_assert(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd,
			offset + size - 4096) == MAP_FAILED);
	/* Private copies of GPU-shared memory are refused. */
	igt_assert(mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
			offset) == MAP_FAILED);
	igt_assert_eq(errno, EINVAL);

	igt_assert_eq(munmap(all, size), 0);
	gem_close(fd, handle);
}

/* -ENOSPC once VRAM is full; freeing makes room. */
static void test_vram_full(int fd)
{
	uint64_t vram = vram_size(fd), chunk = vram / 4;
	uint32_t handles[8], h;
	int i, n = 0, ret;

	igt_assert_eq(gem_create(fd, vram + 4096, DRM_GPSVM_GEM_VRAM, &h),
		      -EINVAL);
	for (;;) {
		igt_assert_lt(n, 8);
		ret = gem_create(fd, chunk, DRM_GPSVM_GEM_VRAM, &handles[n]);
		if (ret)
			break;
		n++;
	}
	igt_assert_eq(ret, -ENOSPC);
	igt_assert_lte(1, n);
	igt_assert_lte(n, 4);
	/* System memory is still there. */
	h = bo_create(fd, chunk, 0);
	gem_close(fd, h);

	gem_close(fd, handles[--n]);
	handles[n++] = bo_create(fd, chunk, DRM_GPSVM_GEM_VRAM);
	for (i = 0; i < n; i++)
		gem_close(fd, handles[i]);
}

#define LIMIT_PARAM "/sys/module/gpsvm/parameters/bo_limit_percent"

static int limit_get(void)
{
	char buf[32] = "";
	int fd = open(LIMIT_PARAM, O_RDONLY);

	igt_assert_fd(fd);
	igt_assert_lt(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	return atoi(buf);
}

static void limit_set(int percent)
{
	char buf[32];
	int fd = open(LIMIT_PARAM, O_WRONLY), len;

	igt_assert_fd(fd);
	len = snprintf(buf, sizeof(buf), "%d", percent);
	igt_assert_eq(write(fd, buf, len), len);
	close(fd);
}

static int limit_saved = -1;

static void limit_restore(int sig __attribute__((unused)))
{
	if (limit_saved >= 0)
		limit_set(limit_saved);
}

/*
 * System-memory objects of all files together stop at bo_limit_percent
 * of RAM, with -ENOMEM: their pages are nobody's RSS, so the OOM killer
 * could not get them back. Freeing makes room; VRAM does not count.
 */
static void test_sys_limit(int fd)
{
	const uint64_t chunk = 8 << 20;
	/* 1 % of RAM, rounded as the driver does, in pages. */
	uint64_t limit = (meminfo_kb("MemTotal") << 10) / 4096 / 100 * 4096;
	uint32_t h[64], v;
	int n = 0, ret, i;

	igt_require_f(!access(LIMIT_PARAM, W_OK), "cannot write %s\n",
		      LIMIT_PARAM);
	limit_saved = limit_get();
	igt_install_exit_handler(limit_restore);
	limit_set(1);
	for (;;) {
		igt_assert_lt(n, 64);
		ret = gem_create(fd, chunk, 0, &h[n]);
		if (ret)
			break;
		n++;
	}
	igt_info("%d objects of 8 MiB under a limit of %" PRIu64 " KiB\n", n,
		 limit >> 10);
	igt_assert_eq(ret, -ENOMEM);
	/* Nothing else holds gpsvm objects now: the limit, to the page. */
	igt_assert_eq(n, (int)(limit / chunk));
	igt_assert_eq(gem_create(fd, chunk, 0, &h[n]), -ENOMEM);
	v = bo_create(fd, chunk, DRM_GPSVM_GEM_VRAM);
	gem_close(fd, v);
	gem_close(fd, h[--n]);
	h[n++] = bo_create(fd, chunk, 0);
	igt_assert_eq(gem_create(fd, chunk, 0, &v), -ENOMEM);
	for (i = 0; i < n; i++)
		gem_close(fd, h[i]);
	limit_set(limit_saved);
	h[0] = bo_create(fd, 4 * chunk, 0);
	gem_close(fd, h[0]);
}

static void test_invalid(int fd)
{
	static const struct {
		uint64_t size;
		uint32_t flags;
	} bad[] = {
		{ 0, 0 },
		{ 0, DRM_GPSVM_GEM_VRAM },
		{ 1, 0 },
		{ 4095, 0 },
		{ 4097, 0 },
		{ 4096 + 512, DRM_GPSVM_GEM_VRAM },
		{ (1ull << 40) + 4096, 0 },
		{ ~0ull << 12, 0 },
		{ ~0ull << 12, DRM_GPSVM_GEM_VRAM },
		{ 4096, 2 },
		{ 4096, 1u << 31 },
		{ 4096, DRM_GPSVM_GEM_VRAM | 4 },
		{ 4096, ~0u },
	};
	uint32_t handle, h;
	uint64_t offset;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		h = 0xdead;
		igt_assert_f(gem_create(fd, bad[i].size, bad[i].flags, &h) ==
			     -EINVAL, "case %u\n", i);
		igt_assert_eq_u32(h, 0xdead);
	}

	handle = bo_create(fd, 4096, 0);
	igt_assert_eq(mmap_offset(fd, handle, 1, &offset), -EINVAL);
	igt_assert_eq(mmap_offset(fd, handle, ~0u, &offset), -EINVAL);
	igt_assert_eq(mmap_offset(fd, handle + 1000, 0, &offset), -ENOENT);
	igt_assert_eq(mmap_offset(fd, 0, 0, &offset), -ENOENT);
	igt_assert_eq(mmap_offset(fd, ~0u, 0, &offset), -ENOENT);
	gem_close(fd, handle);
	igt_assert_eq(mmap_offset(fd, handle, 0, &offset), -ENOENT);
}

/* Handles are per file: another file cannot look up or map ours. */
static void test_other_file(int fd)
{
	uint32_t handle = bo_create(fd, 8192, 0);
	int fd2 = gpsvm_open(0);
	uint64_t offset, off2;

	igt_assert_fd(fd2);
	igt_assert_eq(mmap_offset(fd, handle, 0, &offset), 0);
	igt_assert_eq(mmap_offset(fd2, handle, 0, &off2), -ENOENT);
	igt_assert(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd2, offset) ==
		   MAP_FAILED);
	close(fd2);
	gem_close(fd, handle);
}

/* Many objects, some mapped, freed by handle or with the file. */
static void test_many(void)
{
	enum { COUNT = 512 };
	static uint32_t handles[COUNT];
	int fd2 = gpsvm_open(0);
	int i, round;

	igt_assert_fd(fd2);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < COUNT; i++) {
			uint32_t flags = (i % 3 == 0) ? DRM_GPSVM_GEM_VRAM : 0;
			uint64_t size = 4096ull << (i % 5);

			handles[i] = bo_create(fd2, size, flags);
			if (i % 7 == 0) {
				uint32_t *p = bo_map(fd2, handles[i], size);

				igt_assert_eq_u32(p[size / 4 - 1], 0);
				p[0] = i;
				igt_assert_eq(munmap(p, size), 0);
			}
		}
		for (i = 0; i < COUNT; i += 2)
			gem_close(fd2, handles[i]);
		for (i = 1; i < COUNT; i += 2)
			gem_close(fd2, handles[i]);
	}
	/* The rest go with the file. */
	for (i = 0; i < COUNT; i++)
		handles[i] = bo_create(fd2, 4096ull << (i % 3),
				       (i & 1) ? DRM_GPSVM_GEM_VRAM : 0);
	close(fd2);
}

igt_main
{
	int fd = -1;
	unsigned int p, s;

	igt_fixture {
		fd = gpsvm_open(0);
		igt_require_f(fd >= 0, "no gpsvm device\n");
	}

	igt_describe("Objects of several sizes in each placement: zeroed, and what one mapping writes another reads.");
	igt_subtest_with_dynamic("create-mmap-rw") {
		for (p = 0; p < ARRAY_SIZE(placements); p++)
			for (s = 0; s < ARRAY_SIZE(sizes); s++)
				igt_dynamic_f("%s-%llu", placements[p].name,
					      (unsigned long long)sizes[s])
					test_rw(fd, sizes[s],
						placements[p].flags);
	}

	igt_describe("Memory freed by one object is zero again in the next.");
	igt_subtest_with_dynamic("zeroed-reuse") {
		for (p = 0; p < ARRAY_SIZE(placements); p++)
			igt_dynamic(placements[p].name)
				test_zeroed_reuse(fd, placements[p].flags);
	}

	igt_describe("Closing the handle leaves a live mapping valid.");
	igt_subtest_with_dynamic("close-mapped") {
		for (p = 0; p < ARRAY_SIZE(placements); p++)
			igt_dynamic(placements[p].name)
				test_close_mapped(fd, placements[p].flags);
	}

	igt_describe("A mapping of the start of an object works; others and private ones are refused.");
	igt_subtest_with_dynamic("partial-map") {
		for (p = 0; p < ARRAY_SIZE(placements); p++)
			igt_dynamic(placements[p].name)
				test_partial_map(fd, placements[p].flags);
	}

	igt_describe("VRAM bigger than VRAM is EINVAL, full VRAM is ENOSPC.");
	igt_subtest("vram-full")
		test_vram_full(fd);

	igt_describe("Malformed GEM_CREATE and GEM_MMAP_OFFSET requests get EINVAL or ENOENT.");
	igt_subtest("invalid")
		test_invalid(fd);

	igt_describe("Handles are private to their file.");
	igt_subtest("other-file")
		test_other_file(fd);

	igt_describe("Many objects created, mapped and freed.");
	igt_subtest("many")
		test_many();

	igt_describe("System-memory objects of all files stop at bo_limit_percent of RAM with ENOMEM; freeing makes room; VRAM does not count.");
	igt_subtest("sys-limit")
		test_sys_limit(fd);

	igt_fixture
		close(fd);
}
