// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of gpsvm device memory on a GPU model of its own: process
 * pages of the test's own mm (kunit_vm_mmap()) move into VRAM and back,
 * share VRAM with buffer objects, make room least recently used chunk
 * first, and return their VRAM when freed or when the device goes. Every
 * case checks the data and the exact page counts.
 */

#include <kunit/test.h>
#include <linux/kprobes.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <drm/drm_gem.h>
#include <drm/drm_mm.h>

#include "gpsvm_device.h"
#include "gpsvm_dmem.h"
#include "gpsvm_drm.h"
#include "gpsvm_drv.h"
#include "gpsvm_test_gpu.h"

/* Eight 2 MiB chunks. */
#define VRAM_SIZE	SZ_16M
#define BLOCK		SZ_2M
#define BLOCK_PAGES	(BLOCK >> PAGE_SHIFT)

struct gpsvm_dmem_test {
	struct gpsvm_device *gdev;
	/* A page of the pattern, for the user copies. */
	u64 *buf;
};

/* As at removal: every page still in VRAM moves back first. */
static void dmem_fini(void *gdev)
{
	gpsvm_dmem_evict_all(gdev);
	gpsvm_dmem_fini(gdev);
}

static int gpsvm_dmem_test_init(struct kunit *test)
{
	struct gpsvm_dmem_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->buf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->buf);
	t->gdev = gpsvm_test_gem_gpu(test, "gpsvm-dmem-test", 13, VRAM_SIZE);
	KUNIT_ASSERT_EQ(test, gpsvm_dmem_init(t->gdev), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dmem_fini,
							t->gdev), 0);
	return 0;
}

/* @size bytes of private anonymous memory of the test's mm, 2 MiB aligned. */
static u64 map(struct kunit *test, u64 size)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, size + BLOCK,
					   PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, 0);

	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory");
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	return ALIGN(addr, BLOCK);
}

/* Each word of [va, va + size): its address, with @seed. */
static void fill(struct kunit *test, u64 va, u64 size, u64 seed)
{
	struct gpsvm_dmem_test *t = test->priv;
	unsigned int i;
	u64 off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
			t->buf[i] = (va + off + i * sizeof(u64)) ^ seed;
		KUNIT_ASSERT_EQ(test, copy_to_user(u64_to_user_ptr(va + off),
						   t->buf, PAGE_SIZE), 0);
	}
}

/* Read [va, va + size) back through the CPU, faulting VRAM pages back. */
static void check(struct kunit *test, u64 va, u64 size, u64 seed)
{
	struct gpsvm_dmem_test *t = test->priv;
	unsigned int i, bad = 0;
	u64 off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		KUNIT_ASSERT_EQ(test, copy_from_user(t->buf,
						     u64_to_user_ptr(va + off),
						     PAGE_SIZE), 0);
		for (i = 0; i < PAGE_SIZE / sizeof(u64); i++)
			bad += t->buf[i] != ((va + off + i * sizeof(u64)) ^ seed);
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "of %llu words", size / sizeof(u64));
}

/* Migrate and check the pages that moved and stayed. */
static void migrate(struct kunit *test, u64 va, u64 size, bool to_vram,
		    u64 want_moved, u64 want_stayed)
{
	struct gpsvm_dmem_test *t = test->priv;
	u64 moved = 0, stayed = 0;

	KUNIT_ASSERT_EQ(test, gpsvm_dmem_migrate(t->gdev, current->mm, va,
						 va + size, to_vram, &moved,
						 &stayed), 0);
	KUNIT_EXPECT_EQ_MSG(test, moved, want_moved, "moved, to %s",
			    to_vram ? "VRAM" : "RAM");
	KUNIT_EXPECT_EQ_MSG(test, stayed, want_stayed, "stayed, to %s",
			    to_vram ? "VRAM" : "RAM");
}

/* Bytes of VRAM taken, by objects and chunks, once freed chunks are back. */
static u64 vram_used(struct kunit *test)
{
	struct gpsvm_dmem_test *t = test->priv;
	struct drm_mm_node *node;
	u64 used = 0;

	flush_work(&t->gdev->dmem.free_work);
	mutex_lock(&t->gdev->vram_lock);
	drm_mm_for_each_node(node, &t->gdev->vram_mm)
		used += node->size;
	mutex_unlock(&t->gdev->vram_lock);
	return used;
}

static s64 count(struct kunit *test, enum gpsvm_dmem_stat s)
{
	struct gpsvm_dmem_test *t = test->priv;

	return atomic64_read(&t->gdev->dmem.stats[s]);
}

/*
 * There and back: one chunk per block, copied by the copy engine, not
 * the CPU; a second migration moves nothing; the way back frees the VRAM.
 */
static void gpsvm_dmem_test_round_trip(struct kunit *test)
{
	u64 va = map(test, 2 * BLOCK);

	fill(test, va, 2 * BLOCK, 1);
	migrate(test, va, 2 * BLOCK, true, 2 * BLOCK_PAGES, 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 2 * BLOCK);
	KUNIT_EXPECT_GT(test, count(test, GPSVM_DMEM_CE_COPIES), 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_CPU_COPIES), 0);
	migrate(test, va, 2 * BLOCK, true, 0, 0);
	migrate(test, va, 2 * BLOCK, false, 2 * BLOCK_PAGES, 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_CPU_FAULTS), 0);
	check(test, va, 2 * BLOCK, 1);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_VRAM), 2 * BLOCK_PAGES);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_RAM), 2 * BLOCK_PAGES);
}

/* One CPU fault brings its whole 2 MiB block back, not one page. */
static void gpsvm_dmem_test_fault_back(struct kunit *test)
{
	u64 va = map(test, BLOCK);

	fill(test, va, BLOCK, 2);
	migrate(test, va, BLOCK, true, BLOCK_PAGES, 0);
	check(test, va, BLOCK, 2);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_CPU_FAULTS), 1);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_RAM), BLOCK_PAGES);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
}

/*
 * A migration evicts only chunks older than itself: into an empty VRAM
 * of eight chunks, nine blocks in one call move eight; the ninth stays.
 */
static void gpsvm_dmem_test_no_self_eviction(struct kunit *test)
{
	u64 va = map(test, 9 * BLOCK);

	fill(test, va, 9 * BLOCK, 3);
	migrate(test, va, 9 * BLOCK, true, 8 * BLOCK_PAGES, BLOCK_PAGES);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), VRAM_SIZE);
	check(test, va, 9 * BLOCK, 3);
}

/*
 * Least recently used first: with VRAM full of blocks 0-7, each moved by
 * its own call, block 8 evicts block 0, then block 0 evicts block 1.
 */
static void gpsvm_dmem_test_lru(struct kunit *test)
{
	u64 va = map(test, 9 * BLOCK);
	unsigned int i;

	fill(test, va, 9 * BLOCK, 4);
	for (i = 0; i < 8; i++)
		migrate(test, va + i * BLOCK, BLOCK, true, BLOCK_PAGES, 0);
	migrate(test, va + 8 * BLOCK, BLOCK, true, BLOCK_PAGES, 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), BLOCK_PAGES);
	/* Block 0 went: it moves again. Block 2 did not: nothing moves. */
	migrate(test, va, BLOCK, true, BLOCK_PAGES, 0);
	migrate(test, va + 2 * BLOCK, BLOCK, true, 0, 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), 2 * BLOCK_PAGES);
	/* Block 1 went: the other eight come back. */
	migrate(test, va, 9 * BLOCK, false, 8 * BLOCK_PAGES, 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_CPU_FAULTS), 0);
	check(test, va, 9 * BLOCK, 4);
}

/*
 * Objects and process pages share one VRAM: an object evicts the least
 * recently used chunks until it fits, and takes the place they had.
 */
static void gpsvm_dmem_test_shared_with_objects(struct kunit *test)
{
	struct gpsvm_dmem_test *t = test->priv;
	u64 va = map(test, VRAM_SIZE);
	struct gpsvm_bo *bo;

	fill(test, va, VRAM_SIZE, 5);
	migrate(test, va, VRAM_SIZE, true, VRAM_SIZE >> PAGE_SHIFT, 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), VRAM_SIZE);
	bo = gpsvm_bo_create(t->gdev, 2 * BLOCK, DRM_GPSVM_GEM_VRAM);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bo));
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), 2 * BLOCK_PAGES);
	KUNIT_EXPECT_EQ(test, vram_used(test), VRAM_SIZE);
	/* The first two blocks went back; the other six are still there. */
	migrate(test, va, VRAM_SIZE, false, 6 * BLOCK_PAGES, 0);
	check(test, va, VRAM_SIZE, 5);
	KUNIT_EXPECT_EQ(test, vram_used(test), 2 * BLOCK);
	drm_gem_object_put(&bo->base);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
}

/* VRAM full of objects: pages stay in system memory, which is no error. */
static void gpsvm_dmem_test_full_of_objects(struct kunit *test)
{
	struct gpsvm_dmem_test *t = test->priv;
	u64 va = map(test, BLOCK);
	struct gpsvm_bo *bo;

	bo = gpsvm_bo_create(t->gdev, VRAM_SIZE, DRM_GPSVM_GEM_VRAM);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bo));
	fill(test, va, BLOCK, 6);
	migrate(test, va, BLOCK, true, 0, BLOCK_PAGES);
	check(test, va, BLOCK, 6);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_VRAM), 0);
	drm_gem_object_put(&bo->base);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
}

/* munmap frees the pages in VRAM, and their chunks go back. */
static void gpsvm_dmem_test_release(struct kunit *test)
{
	struct gpsvm_dmem_test *t = test->priv;
	u64 va = map(test, 3 * BLOCK);

	fill(test, va, 3 * BLOCK, 7);
	migrate(test, va, 3 * BLOCK, true, 3 * BLOCK_PAGES, 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 3 * BLOCK);
	KUNIT_ASSERT_EQ(test, vm_munmap(va + BLOCK, 2 * BLOCK), 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), BLOCK);
	KUNIT_ASSERT_EQ(test, vm_munmap(va, BLOCK), 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
	KUNIT_EXPECT_TRUE(test, drm_mm_clean(&t->gdev->vram_mm));
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_RAM), 0);
}

/*
 * The device goes: every page comes back by pfn, without a CPU fault;
 * VRAM is empty and later migrations to it fail with -ENODEV.
 */
static void gpsvm_dmem_test_evict_all(struct kunit *test)
{
	struct gpsvm_dmem_test *t = test->priv;
	u64 va = map(test, 3 * BLOCK), moved = 0, stayed = 0;

	fill(test, va, 3 * BLOCK, 8);
	migrate(test, va, 3 * BLOCK, true, 3 * BLOCK_PAGES, 0);
	gpsvm_dmem_evict_all(t->gdev);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), 3 * BLOCK_PAGES);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
	check(test, va, 3 * BLOCK, 8);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_CPU_FAULTS), 0);
	KUNIT_EXPECT_EQ(test, gpsvm_dmem_migrate(t->gdev, current->mm, va,
						 va + BLOCK, true, &moved,
						 &stayed), -ENODEV);
	KUNIT_EXPECT_EQ(test, moved, 0);
}

/* The device page at VRAM offset @vram. */
static struct page *vram_page(struct kunit *test, u64 vram)
{
	struct gpsvm_dmem_test *t = test->priv;
	struct dev_pagemap *pgmap = t->gdev->dmem.regions[0];

	KUNIT_ASSERT_NOT_NULL(test, pgmap);
	KUNIT_ASSERT_LT(test, vram, range_len(&pgmap->range));
	return pfn_to_page(PHYS_PFN(pgmap->range.start + vram));
}

/* The CPU's fault on @page at @va, as do_swap_page() calls it. */
static vm_fault_t cpu_fault(struct vm_area_struct *vma, u64 va,
			    struct page *page)
{
	struct vm_fault vmf = { .vma = vma, .address = va, .page = page };

	return page->pgmap->ops->migrate_to_ram(&vmf);
}

/* The page a CPU fault still holds; put just before migrate_device_pages(). */
static struct page *late_put_page;

static int late_put(struct kprobe *kp, struct pt_regs *regs)
{
	struct page *page = xchg(&late_put_page, NULL);

	if (page)
		put_page(page);
	return 0;
}

/*
 * A CPU fault holds the faulting device page from before ->migrate_to_ram()
 * to after it (do_swap_page()), when the page has moved out and is
 * unlocked; so does migrate_*_finalize(), for a moment, with every page it
 * unlocks. An eviction by pfn can take the page then, and if that last
 * put comes before it moves the page, move it: a page with no data and no
 * memcg charge (mem_cgroup_migrate() warns). The test is the fault, and
 * puts the page at that point of the eviction, from a kprobe.
 */
static void gpsvm_dmem_test_evict_released(struct kunit *test)
{
	struct kprobe kp = {
		.symbol_name = "migrate_device_pages",
		.pre_handler = late_put,
	};
	struct gpsvm_dmem_test *t = test->priv;
	u64 va = map(test, BLOCK);
	struct drm_mm_node *node;
	struct page *page;
	vm_fault_t ret;

	fill(test, va, BLOCK, 9);
	migrate(test, va, BLOCK, true, BLOCK_PAGES, 0);
	/* Page k of the block is page k of its chunk. */
	node = list_first_entry(drm_mm_nodes(&t->gdev->vram_mm),
				struct drm_mm_node, node_list);
	KUNIT_ASSERT_EQ(test, node->size, BLOCK);
	page = vram_page(test, node->start);
	get_page(page);
	mmap_read_lock(current->mm);
	ret = cpu_fault(vma_lookup(current->mm, va), va, page);
	mmap_read_unlock(current->mm);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_TO_RAM), BLOCK_PAGES);

	late_put_page = page;
	if (register_kprobe(&kp)) {
		put_page(xchg(&late_put_page, NULL));
		KUNIT_FAIL(test, "no kprobe on migrate_device_pages()");
		return;
	}
	gpsvm_dmem_evict_lru(t->gdev);
	unregister_kprobe(&kp);
	page = xchg(&late_put_page, NULL);
	KUNIT_EXPECT_NULL_MSG(test, page, "no eviction ran");
	if (page)
		put_page(page);
	KUNIT_EXPECT_EQ(test, count(test, GPSVM_DMEM_EVICTED), 0);
	KUNIT_EXPECT_EQ(test, vram_used(test), 0);
	check(test, va, BLOCK, 9);
}

static struct kunit_case gpsvm_dmem_tests[] = {
	KUNIT_CASE(gpsvm_dmem_test_round_trip),
	KUNIT_CASE(gpsvm_dmem_test_fault_back),
	KUNIT_CASE(gpsvm_dmem_test_no_self_eviction),
	KUNIT_CASE(gpsvm_dmem_test_lru),
	KUNIT_CASE(gpsvm_dmem_test_shared_with_objects),
	KUNIT_CASE(gpsvm_dmem_test_full_of_objects),
	KUNIT_CASE(gpsvm_dmem_test_release),
	KUNIT_CASE(gpsvm_dmem_test_evict_all),
	KUNIT_CASE(gpsvm_dmem_test_evict_released),
	{}
};

static struct kunit_suite gpsvm_dmem_suite = {
	.name = "gpsvm_dmem",
	.init = gpsvm_dmem_test_init,
	.test_cases = gpsvm_dmem_tests,
};

kunit_test_suite(gpsvm_dmem_suite);
