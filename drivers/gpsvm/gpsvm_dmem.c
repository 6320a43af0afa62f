// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm device memory: VRAM as MEMORY_DEVICE_PRIVATE pages. Process pages
 * move into VRAM with migrate_vma_*() and the copy engine, and come back
 * when the CPU touches them, when asked to, and when the GPU goes away.
 */

#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/memremap.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_mm.h>

#include "gpsvm_chan.h"
#include "gpsvm_device.h"
#include "gpsvm_dmem.h"
#include "gpsvm_drv.h"
#include "gpsvm_hal.h"
#include "gpsvm_svm.h"
#include "gpsvm_trace.h"

/**
 * DOC: gpsvm device memory
 *
 * VRAM holds buffer objects and process pages, from one allocator
 * (&gpsvm_device.vram_mm): process pages take it a 2 MiB chunk at a time,
 * and the chunk goes back when its last page is freed. VRAM is remapped
 * as device-private struct pages (memremap_pages(), this device as the
 * owner) a %GPSVM_DMEM_REGION_SIZE region at a time, when a chunk first
 * lands in the region; regions stay until the device goes.
 *
 * A migration to VRAM moves the pages of one 2 MiB block of a VMA into
 * one chunk, page k of the block to page k of the chunk: so a block that
 * moves whole is one aligned contiguous run of VRAM, which the GPU maps
 * with one 2 MiB PTE. Pages that cannot move (pinned, file-backed, THPs
 * of files, swapped out, another device's) stay and are counted; pages
 * nothing populated yet are made in VRAM, zeroed.
 *
 * The copies are the copy engine's: physical COPY and FILL commands on a
 * kernel channel, a block's worth per job, fenced; the CPU copies only
 * when the engine cannot (no free channel, a failed job, a stopped GPU).
 *
 * A CPU access to a VRAM page faults into gpsvm_dmem_migrate_to_ram(),
 * which moves the pages of this device in the faulting 2 MiB block of
 * the VMA back, not just the one page. Every migration, both ways, runs
 * the MMU notifiers (MMU_NOTIFY_MIGRATE): the GPU's PTEs of the old pages
 * go before the copy, and the GPU faults the new ones in.
 *
 * A range whose preferred location is VRAM (SVM_ADVISE) moves to VRAM
 * on GPU faults: the faulting block moves, then the fault maps it there
 * (gpsvm_dmem_fault_in()).
 *
 * When VRAM is full, process pages make room, least recently used chunk
 * first: the chunks are kept in the order the GPU last mapped their pages
 * (gpsvm_dmem_touch()) or pages moved in. A migration to VRAM evicts a
 * few chunks per block at most, and what still does not fit stays in
 * system memory; a VRAM object, which can live nowhere else, evicts until
 * it fits (gpsvm_dmem_evict_lru()). When the device goes
 * (gpsvm_dmem_evict_all()), every page still in VRAM moves back. All of
 * them move pages by pfn, whatever process maps them: nothing is lost.
 * Moving by pfn also finds pages a migration has just emptied, unlocked
 * but not yet freed (migrate_*_finalize()); they are marked released
 * while still locked, and an eviction leaves them be.
 */

/**
 * DOC: gpsvm device memory locking
 *
 * - mmap_lock and the locks of the pages being migrated, held by the
 *   core mm (migrate_vma_setup() to migrate_vma_finalize(), and around
 *   ->migrate_to_ram()), come first.
 * - &gpsvm_dmem.lock, a mutex: making regions and the kernel channel,
 *   and using the channel. It is held only to make them or to copy; the
 *   copy waits for the engine, which needs no lock of the driver's or
 *   the mm's, so a migration never waits for another one's page locks.
 * - &gpsvm_device.vram_lock: the VRAM allocator, under &gpsvm_dmem.lock
 *   or alone.
 * - &gpsvm_dmem.chunk_lock, a spinlock, innermost: the last put of a
 *   device page (->page_free()) may come from any context, so it only
 *   counts the page and hands an empty chunk to a work item. A page's
 *   chunk is read under it (gpsvm_dmem_touch()): a page still in use
 *   holds its chunk, and ->page_free() clears the pointer before its put.
 * - Eviction takes other processes' pages, each trylocked, and runs their
 *   MMU notifiers: it is only called with none of these locks held (a
 *   migration to VRAM evicts between blocks, after dropping mmap_lock).
 */

#define GPSVM_DMEM_CHUNK_SIZE	SZ_2M
#define GPSVM_DMEM_CHUNK_PAGES	(GPSVM_DMEM_CHUNK_SIZE >> PAGE_SHIFT)
/* Commands per copy job: the ring holds a job and its fence command. */
#define GPSVM_DMEM_JOB_CMDS	255
/* Chunks a migration to a full VRAM evicts per block, at most. */
#define GPSVM_DMEM_EVICT_TRIES	4
/* Far above the engine's 2 MiB in microseconds: a stuck engine. */
#define GPSVM_DMEM_COPY_TIMEOUT	(10 * HZ)

/**
 * struct gpsvm_dmem_region - a device pagemap over a region of VRAM
 * @pagemap: the pagemap; its owner is the device
 * @dmem: the device memory
 * @offset: VRAM offset of the region's first page
 * @res: the physical address range the pages are made at
 */
struct gpsvm_dmem_region {
	struct dev_pagemap pagemap;
	struct gpsvm_dmem *dmem;
	u64 offset;
	struct resource *res;
};

/**
 * struct gpsvm_dmem_chunk - 2 MiB of VRAM holding process pages
 * @node: its place in the VRAM allocator
 * @link: on &gpsvm_dmem.chunks, then &gpsvm_dmem.free
 * @live: references, under &gpsvm_dmem.chunk_lock: one per page in use,
 *	and the migration's that fills it; the last one frees the chunk
 * @stamp: &gpsvm_dmem.clock when a migration filled it or the GPU last
 *	mapped its pages, under &gpsvm_dmem.chunk_lock: a migration evicts
 *	only chunks older than itself
 * @released: pages a migration left holding no data (see
 *	gpsvm_dmem_moved()), set under the page's lock; each page of a
 *	chunk is filled once, so a bit is never cleared
 */
struct gpsvm_dmem_chunk {
	struct drm_mm_node node;
	struct list_head link;
	unsigned int live;
	u64 stamp;
	DECLARE_BITMAP(released, GPSVM_DMEM_CHUNK_PAGES);
};

static struct gpsvm_dmem_region *gpsvm_dmem_page_region(struct page *page)
{
	return container_of(page->pgmap, struct gpsvm_dmem_region, pagemap);
}

/**
 * gpsvm_dmem_page_offset() - the VRAM offset of a device page
 * @page: a device-private page of a gpsvm device
 *
 * Return: its byte offset in VRAM.
 */
u64 gpsvm_dmem_page_offset(struct page *page)
{
	struct gpsvm_dmem_region *r = gpsvm_dmem_page_region(page);

	return r->offset + ((u64)(page_to_pfn(page) -
			     PHYS_PFN(r->pagemap.range.start)) << PAGE_SHIFT);
}

/* The device page at a VRAM offset; its region exists. */
static struct page *gpsvm_dmem_offset_page(struct gpsvm_dmem *dmem, u64 off)
{
	struct dev_pagemap *pgmap =
		dmem->regions[off >> GPSVM_DMEM_REGION_SHIFT];

	return pfn_to_page(PHYS_PFN(pgmap->range.start) +
			   ((off & (GPSVM_DMEM_REGION_SIZE - 1)) >> PAGE_SHIFT));
}

static void gpsvm_dmem_stat_add(struct gpsvm_dmem *dmem,
				enum gpsvm_dmem_stat s, long n)
{
	atomic64_add(n, &dmem->stats[s]);
}

/* Drop a reference to a chunk; from any context. */
static void gpsvm_dmem_chunk_put(struct gpsvm_dmem *dmem,
				 struct gpsvm_dmem_chunk *chunk)
{
	unsigned long flags;

	spin_lock_irqsave(&dmem->chunk_lock, flags);
	if (!--chunk->live) {
		list_move_tail(&chunk->link, &dmem->free);
		queue_work(system_unbound_wq, &dmem->free_work);
	}
	spin_unlock_irqrestore(&dmem->chunk_lock, flags);
}

/* The last reference to a device page went. */
static void gpsvm_dmem_page_free(struct page *page)
{
	struct gpsvm_dmem_chunk *chunk = page->zone_device_data;

	/* Before the put: gpsvm_dmem_touch() reads it under the lock. */
	WRITE_ONCE(page->zone_device_data, NULL);
	gpsvm_dmem_chunk_put(gpsvm_dmem_page_region(page)->dmem, chunk);
}

static void gpsvm_dmem_chunk_put_vram(struct gpsvm_dmem *dmem,
				      struct gpsvm_dmem_chunk *chunk)
{
	gpsvm_vram_remove(dmem->gdev, &chunk->node);
	kfree(chunk);
}

/*
 * Give the chunks on &gpsvm_dmem.free back to the VRAM allocator. Under
 * &gpsvm_dmem.lock: when it returns, those another thread took are back
 * too.
 */
static void gpsvm_dmem_free_chunks(struct gpsvm_dmem *dmem)
{
	struct gpsvm_dmem_chunk *chunk, *tmp;
	LIST_HEAD(free);

	mutex_lock(&dmem->lock);
	spin_lock_irq(&dmem->chunk_lock);
	list_splice_init(&dmem->free, &free);
	spin_unlock_irq(&dmem->chunk_lock);
	list_for_each_entry_safe(chunk, tmp, &free, link)
		gpsvm_dmem_chunk_put_vram(dmem, chunk);
	mutex_unlock(&dmem->lock);
}

static void gpsvm_dmem_free_work(struct work_struct *work)
{
	gpsvm_dmem_free_chunks(container_of(work, struct gpsvm_dmem,
					    free_work));
}

static vm_fault_t gpsvm_dmem_migrate_to_ram(struct vm_fault *vmf);

static const struct dev_pagemap_ops gpsvm_dmem_pagemap_ops = {
	.page_free = gpsvm_dmem_page_free,
	.migrate_to_ram = gpsvm_dmem_migrate_to_ram,
};

/* Make the device pages of the region holding VRAM offset @off. */
static int gpsvm_dmem_region_get(struct gpsvm_dmem *dmem, u64 off)
{
	unsigned int i = off >> GPSVM_DMEM_REGION_SHIFT;
	struct gpsvm_device *gdev = dmem->gdev;
	struct gpsvm_dmem_region *r;
	u64 size;
	void *p;
	int ret;

	lockdep_assert_held(&dmem->lock);
	if (dmem->regions[i])
		return 0;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->dmem = dmem;
	r->offset = (u64)i << GPSVM_DMEM_REGION_SHIFT;
	size = min(GPSVM_DMEM_REGION_SIZE, gdev->vram_size - r->offset);
	r->res = request_free_mem_region(&iomem_resource, size, "gpsvm-vram");
	if (IS_ERR(r->res)) {
		ret = PTR_ERR(r->res);
		goto err_free;
	}
	r->pagemap.type = MEMORY_DEVICE_PRIVATE;
	r->pagemap.range.start = r->res->start;
	r->pagemap.range.end = r->res->end;
	r->pagemap.nr_range = 1;
	r->pagemap.ops = &gpsvm_dmem_pagemap_ops;
	r->pagemap.owner = gdev;
	p = memremap_pages(&r->pagemap, dev_to_node(gdev->drm.dev));
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto err_release;
	}
	dmem->regions[i] = &r->pagemap;
	return 0;

err_release:
	release_mem_region(r->res->start, resource_size(r->res));
err_free:
	kfree(r);
	return ret;
}

/*
 * 2 MiB of VRAM with device pages, holding the caller's reference, for
 * the migration of @stamp; or an ERR_PTR (-ENOSPC: VRAM is full; -ENODEV:
 * the device is going). Listed under &gpsvm_dmem.lock, with
 * &gpsvm_dmem.gone checked: gpsvm_dmem_evict_all() sees every chunk.
 */
static struct gpsvm_dmem_chunk *gpsvm_dmem_chunk_alloc(struct gpsvm_dmem *dmem,
						       u64 stamp)
{
	struct gpsvm_device *gdev = dmem->gdev;
	struct gpsvm_dmem_chunk *chunk;
	int ret;

	chunk = gpsvm_fail_alloc(gdev) ? NULL :
		kzalloc(sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		return ERR_PTR(-ENOMEM);
	/* 2 MiB aligned: a block wholly in VRAM is one 2 MiB GPU page. */
	ret = gpsvm_vram_insert(gdev, &chunk->node, GPSVM_DMEM_CHUNK_SIZE);
	if (ret) {
		kfree(chunk);
		return ERR_PTR(ret);
	}
	chunk->live = 1;
	chunk->stamp = stamp;
	mutex_lock(&dmem->lock);
	ret = dmem->gone ? -ENODEV :
			   gpsvm_dmem_region_get(dmem, chunk->node.start);
	if (!ret) {
		spin_lock_irq(&dmem->chunk_lock);
		list_add_tail(&chunk->link, &dmem->chunks);
		spin_unlock_irq(&dmem->chunk_lock);
	}
	mutex_unlock(&dmem->lock);
	if (ret) {
		gpsvm_dmem_chunk_put_vram(dmem, chunk);
		return ERR_PTR(ret);
	}
	return chunk;
}

/* Page @k of @chunk, initialised as a new, locked, referenced page. */
static struct page *gpsvm_dmem_chunk_page(struct gpsvm_dmem *dmem,
					  struct gpsvm_dmem_chunk *chunk,
					  unsigned int k)
{
	struct page *page = gpsvm_dmem_offset_page(dmem, chunk->node.start +
						   ((u64)k << PAGE_SHIFT));

	spin_lock_irq(&dmem->chunk_lock);
	chunk->live++;
	spin_unlock_irq(&dmem->chunk_lock);
	page->zone_device_data = chunk;
	zone_device_page_init(page);
	return page;
}

/*
 * One side of a page copy: @vram, a VRAM offset; @page, the system page,
 * or NULL for a page of zeros (to VRAM only); @dma its DMA mapping.
 */
struct gpsvm_dmem_copy {
	u64 vram;
	struct page *page;
	dma_addr_t dma;
};

/* A migration's arrays, per page: migrate_pfn()s and copies. */
struct gpsvm_dmem_arrays {
	unsigned long *src;
	unsigned long *dst;
	struct gpsvm_dmem_copy *c;
};

static void gpsvm_dmem_arrays_free(struct gpsvm_dmem_arrays *a)
{
	kvfree(a->c);
	kvfree(a->dst);
	kvfree(a->src);
}

static int gpsvm_dmem_arrays_alloc(struct gpsvm_dmem_arrays *a,
				   unsigned int npages, gfp_t gfp)
{
	a->src = kvcalloc(npages, sizeof(*a->src), gfp);
	a->dst = kvcalloc(npages, sizeof(*a->dst), gfp);
	a->c = kvcalloc(npages, sizeof(*a->c), gfp);
	if (a->src && a->dst && a->c)
		return 0;
	gpsvm_dmem_arrays_free(a);
	return -ENOMEM;
}

/* A COPY or FILL of physical memory. */
static void gpsvm_dmem_cmd(struct gpsvm_cmd *cmd,
			   const struct gpsvm_dmem_copy *c, u64 size,
			   bool to_vram)
{
	if (!c->page)
		gpsvm_cmd_fill_phys(cmd, true, c->vram, size, 0);
	else if (to_vram)
		gpsvm_cmd_copy_phys(cmd, false, c->dma, true, c->vram, size);
	else
		gpsvm_cmd_copy_phys(cmd, true, c->vram, false, c->dma, size);
}

/* Can @b extend the command of the run @a..@b-1 started? */
static bool gpsvm_dmem_contiguous(const struct gpsvm_dmem_copy *a,
				  const struct gpsvm_dmem_copy *b, u64 size)
{
	return b->vram == a->vram + size && !a->page == !b->page &&
	       (!a->page || b->dma == a->dma + size);
}

/* Run one job; false if the engine did not do it. */
static bool gpsvm_dmem_job(struct gpsvm_dmem *dmem,
			   const struct gpsvm_cmd *cmds, unsigned int n)
{
	u64 t0 = ktime_get_ns();
	struct dma_fence *f;
	long t;
	int err;

	f = gpsvm_chan_submit(dmem->chan, cmds, n);
	if (IS_ERR(f))
		return false;
	t = dma_fence_wait_timeout(f, false, GPSVM_DMEM_COPY_TIMEOUT);
	err = t > 0 ? f->error : -ETIMEDOUT;
	dma_fence_put(f);
	if (err)
		return false;
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_CE_COPIES, 1);
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_CE_NS, ktime_get_ns() - t0);
	return true;
}

/* The copy engine copies @n pages; false if it could not. */
static bool gpsvm_dmem_copy_ce(struct gpsvm_dmem *dmem,
			       struct gpsvm_dmem_copy *c, unsigned int n,
			       bool to_vram)
{
	struct gpsvm_device *gdev = dmem->gdev;
	struct device *dev = gdev->drm.dev;
	struct gpsvm_cmd *cmds;
	unsigned int i, j, ncmds = 0;
	bool ok = false;

	lockdep_assert_held(&dmem->lock);
	if (dmem->chan && dmem->chan->error) {
		gpsvm_chan_destroy(dmem->chan);
		dmem->chan = NULL;
	}
	if (!dmem->chan) {
		struct gpsvm_chan *chan;

		/* Its copies are physical: the address space stays empty. */
		if (!dmem->vmm_ready) {
			if (gpsvm_vmm_init(&dmem->vmm, dev, gdev->hal->vmm,
					   SZ_2M))
				return false;
			dmem->vmm.gdev = gdev;
			dmem->vmm_ready = true;
		}
		chan = gpsvm_chan_create(gdev, &dmem->vmm, NULL, NULL);
		if (IS_ERR(chan))
			return false;
		dmem->chan = chan;
	}
	cmds = kmalloc_array(GPSVM_DMEM_JOB_CMDS, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		return false;
	for (i = 0; i < n; i++) {
		c[i].dma = DMA_MAPPING_ERROR;
		if (!c[i].page)
			continue;
		c[i].dma = dma_map_page(dev, c[i].page, 0, PAGE_SIZE,
					DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, c[i].dma)) {
			c[i].dma = DMA_MAPPING_ERROR;
			goto unmap;
		}
	}
	ok = true;
	for (i = 0; i < n && ok; i = j) {
		for (j = i + 1; j < n; j++)
			if (!gpsvm_dmem_contiguous(&c[i], &c[j],
						   (u64)(j - i) << PAGE_SHIFT))
				break;
		gpsvm_dmem_cmd(&cmds[ncmds++], &c[i], (u64)(j - i) << PAGE_SHIFT,
			       to_vram);
		if (ncmds == GPSVM_DMEM_JOB_CMDS || j == n) {
			ok = gpsvm_dmem_job(dmem, cmds, ncmds);
			ncmds = 0;
		}
	}
unmap:
	for (i = 0; i < n; i++)
		if (c[i].dma != DMA_MAPPING_ERROR)
			dma_unmap_page(dev, c[i].dma, PAGE_SIZE,
				       DMA_BIDIRECTIONAL);
	kfree(cmds);
	return ok;
}

/* The CPU copies @n pages through the VRAM aperture. */
static void gpsvm_dmem_copy_cpu(struct gpsvm_dmem *dmem,
				const struct gpsvm_dmem_copy *c,
				unsigned int n, bool to_vram)
{
	u8 *vram = dmem->gdev->bus.vram;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u8 *v = vram + c[i].vram;

		if (!c[i].page)
			memset(v, 0, PAGE_SIZE);
		else if (to_vram)
			memcpy_from_page(v, c[i].page, 0, PAGE_SIZE);
		else
			memcpy_to_page(c[i].page, 0, v, PAGE_SIZE);
	}
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_CPU_COPIES, 1);
}

/*
 * Copy @n pages between VRAM and system memory, with the copy engine
 * unless it cannot (then the CPU: a failed job has stopped its channel,
 * so nothing of the engine's is still writing).
 */
static void gpsvm_dmem_copy(struct gpsvm_dmem *dmem, struct gpsvm_dmem_copy *c,
			    unsigned int n, bool to_vram)
{
	bool ce;
	u64 t0;

	if (!n)
		return;
	mutex_lock(&dmem->lock);
	t0 = ktime_get_ns();
	ce = !dmem->gone && gpsvm_dmem_copy_ce(dmem, c, n, to_vram);
	if (!ce)
		gpsvm_dmem_copy_cpu(dmem, c, n, to_vram);
	trace_gpsvm_dmem_copy(dmem->gdev, n, to_vram, ce, ktime_get_ns() - t0);
	mutex_unlock(&dmem->lock);
}

/* A device page's index in its chunk. */
static unsigned int gpsvm_dmem_page_index(struct page *page)
{
	return (gpsvm_dmem_page_offset(page) >> PAGE_SHIFT) &
	       (GPSVM_DMEM_CHUNK_PAGES - 1);
}

/* Has a migration left device page @page with no data? Page locked. */
static bool gpsvm_dmem_released(struct page *page)
{
	struct gpsvm_dmem_chunk *chunk = page->zone_device_data;

	return test_bit(gpsvm_dmem_page_index(page), chunk->released);
}

static void gpsvm_dmem_release(struct page *page)
{
	struct gpsvm_dmem_chunk *chunk = page->zone_device_data;

	set_bit(gpsvm_dmem_page_index(page), chunk->released);
}

/*
 * After migrate_*_pages(): the pages that moved. The device pages left
 * with no data (those that moved out, and the new ones of the pages that
 * did not move in) are marked released while still locked: between the
 * unlock in migrate_*_finalize() and the last put (there, or the CPU
 * fault's in do_swap_page()), an eviction by pfn can lock them, and must
 * not move them (they have no memcg charge either).
 */
static unsigned int gpsvm_dmem_moved(const unsigned long *src,
				     const unsigned long *dst,
				     unsigned int npages)
{
	unsigned int k, n = 0;
	struct page *page;

	for (k = 0; k < npages; k++) {
		if (src[k] & MIGRATE_PFN_MIGRATE) {
			n++;
			page = migrate_pfn_to_page(src[k]);
		} else {
			page = migrate_pfn_to_page(dst[k]);
		}
		if (page && is_device_private_page(page))
			gpsvm_dmem_release(page);
	}
	return n;
}

/*
 * Move the pages of [start, end), in one VMA and one 2 MiB block, to
 * VRAM. Pages of this device there already are neither moved nor stayed.
 * Return: 0; -ENOSPC when VRAM is full (nothing moved, *@left set to the
 * pages not in VRAM); or migrate_vma_setup()'s error.
 */
static int gpsvm_dmem_block_to_vram(struct gpsvm_dmem *dmem,
				    struct vm_area_struct *vma, u64 start,
				    u64 end, u64 stamp,
				    struct gpsvm_dmem_arrays *a, u64 *moved,
				    u64 *stayed, unsigned int *left)
{
	unsigned long *src = a->src, *dst = a->dst;
	struct gpsvm_dmem_copy *c = a->c;
	unsigned int npages = (end - start) >> PAGE_SHIFT, k, n = 0, ours = 0;
	unsigned int first = (start & (GPSVM_DMEM_CHUNK_SIZE - 1)) >> PAGE_SHIFT;
	struct migrate_vma args = {
		.vma = vma,
		.start = start,
		.end = end,
		.src = src,
		.dst = dst,
		.pgmap_owner = dmem->gdev,
		.flags = MIGRATE_VMA_SELECT_SYSTEM |
			 MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
	};
	struct gpsvm_dmem_chunk *chunk = NULL;
	int ret;

	ret = migrate_vma_setup(&args);
	if (ret)
		return ret;
	for (k = 0; k < npages; k++) {
		struct page *spage = migrate_pfn_to_page(src[k]);

		dst[k] = 0;
		if (spage && is_zone_device_page(spage))
			ours++;	/* collected: this device's, in VRAM */
		else if (src[k] & MIGRATE_PFN_MIGRATE)
			n++;
	}
	/* VRAM is taken with the pages collected: none is taken for nothing. */
	*left = npages - ours;
	if (n) {
		chunk = gpsvm_dmem_chunk_alloc(dmem, stamp);
		if (IS_ERR(chunk)) {
			ret = PTR_ERR(chunk);
			chunk = NULL;
			n = 0;
		}
	}
	for (k = 0, n = 0; k < npages && chunk; k++) {
		struct page *spage = migrate_pfn_to_page(src[k]), *dpage;

		if ((spage && is_zone_device_page(spage)) ||
		    !(src[k] & MIGRATE_PFN_MIGRATE))
			continue;
		dpage = gpsvm_dmem_chunk_page(dmem, chunk, first + k);
		c[n].page = spage;
		c[n].vram = gpsvm_dmem_page_offset(dpage);
		dst[k] = migrate_pfn(page_to_pfn(dpage));
		if ((src[k] & MIGRATE_PFN_WRITE) ||
		    (!spage && (vma->vm_flags & VM_WRITE)))
			dst[k] |= MIGRATE_PFN_WRITE;
		n++;
	}
	gpsvm_dmem_copy(dmem, c, n, true);
	/* Pages with no new page (ours, or all when VRAM was full) stay. */
	migrate_vma_pages(&args);
	n = gpsvm_dmem_moved(src, dst, npages);
	migrate_vma_finalize(&args);
	if (chunk)
		gpsvm_dmem_chunk_put(dmem, chunk);
	if (ret)
		return ret;

	*moved += n;
	*stayed += npages - n - ours;
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_TO_VRAM, n);
	trace_gpsvm_dmem_migrate(dmem->gdev, start, end, true, n);
	return 0;
}

/*
 * Allocate system pages for the pages of this device that @args
 * collected, and copy them back. The page at @fault_addr must get one.
 * Return: 0, or -ENOMEM when the faulting page got none.
 */
static int gpsvm_dmem_alloc_and_copy_back(struct gpsvm_dmem *dmem,
					  struct migrate_vma *args,
					  struct gpsvm_dmem_copy *c,
					  u64 fault_addr)
{
	unsigned int npages = (args->end - args->start) >> PAGE_SHIFT;
	unsigned int k, n = 0;
	int ret = 0;

	for (k = 0; k < npages; k++) {
		struct page *spage = migrate_pfn_to_page(args->src[k]);
		u64 addr = args->start + ((u64)k << PAGE_SHIFT);
		struct page *dpage;

		args->dst[k] = 0;
		if (!spage || !(args->src[k] & MIGRATE_PFN_MIGRATE))
			continue;
		dpage = alloc_page_vma(GFP_HIGHUSER_MOVABLE, args->vma, addr);
		if (!dpage) {
			if (addr == fault_addr)
				ret = -ENOMEM;
			continue;
		}
		lock_page(dpage);
		c[n].page = dpage;
		c[n].vram = gpsvm_dmem_page_offset(spage);
		n++;
		args->dst[k] = migrate_pfn(page_to_pfn(dpage));
		if (args->src[k] & MIGRATE_PFN_WRITE)
			args->dst[k] |= MIGRATE_PFN_WRITE;
	}
	gpsvm_dmem_copy(dmem, c, n, false);
	return ret;
}

/*
 * Move this device's pages of [start, end), in one VMA, to system memory.
 * @fault_page: the page a CPU fault is on, or NULL.
 */
static int gpsvm_dmem_range_to_ram(struct gpsvm_dmem *dmem,
				   struct vm_area_struct *vma, u64 start,
				   u64 end, struct page *fault_page,
				   u64 fault_addr, u64 *moved, u64 *stayed)
{
	unsigned int npages = (end - start) >> PAGE_SHIFT, n;
	struct migrate_vma args = {
		.vma = vma,
		.start = start,
		.end = end,
		.pgmap_owner = dmem->gdev,
		.flags = MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
		.fault_page = fault_page,
	};
	struct gpsvm_dmem_arrays a;
	int ret;

	ret = gpsvm_dmem_arrays_alloc(&a, npages, GFP_KERNEL);
	if (ret)
		return ret;
	args.src = a.src;
	args.dst = a.dst;
	ret = migrate_vma_setup(&args);
	if (!ret && args.cpages) {
		ret = gpsvm_dmem_alloc_and_copy_back(dmem, &args, a.c,
						     fault_addr);
		migrate_vma_pages(&args);
		n = gpsvm_dmem_moved(args.src, args.dst, npages);
		*moved += n;
		*stayed += args.cpages - n;
		migrate_vma_finalize(&args);
		gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_TO_RAM, n);
		trace_gpsvm_dmem_migrate(dmem->gdev, start, end, false, n);
	}
	gpsvm_dmem_arrays_free(&a);
	return ret;
}

/*
 * dev_pagemap_ops.migrate_to_ram: the CPU touched a VRAM page. Called with
 * mmap_lock (or the VMA lock) and the page's lock held: takes no lock the
 * migrations to VRAM hold while they wait for page locks.
 */
static vm_fault_t gpsvm_dmem_migrate_to_ram(struct vm_fault *vmf)
{
	struct gpsvm_dmem *dmem = gpsvm_dmem_page_region(vmf->page)->dmem;
	struct vm_area_struct *vma = vmf->vma;
	u64 block = ALIGN_DOWN(vmf->address, GPSVM_DMEM_CHUNK_SIZE);
	u64 start = max_t(u64, block, vma->vm_start);
	u64 end = min_t(u64, block + GPSVM_DMEM_CHUNK_SIZE, vma->vm_end);
	u64 moved = 0, stayed = 0;
	int ret;

	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_CPU_FAULTS, 1);
	ret = gpsvm_dmem_range_to_ram(dmem, vma, start, end, vmf->page,
				      vmf->address & PAGE_MASK, &moved,
				      &stayed);
	if (ret == -ENOMEM)
		return VM_FAULT_OOM;
	/* Else the CPU faults again: on a system page, or here once more. */
	return ret ? VM_FAULT_SIGBUS : 0;
}

/* Every VMA covers [start, end)? Under mmap_lock. */
static bool gpsvm_dmem_mapped(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *vma;

	while (start < end) {
		vma = vma_lookup(mm, start);
		if (!vma)
			return false;
		start = vma->vm_end;
	}
	return true;
}

static int gpsvm_dmem_evict_one(struct gpsvm_dmem *dmem, gfp_t gfp,
				u64 before);

/*
 * Move the pages of [start, end), one 2 MiB block at most, that are in
 * the VMA holding @addr (in the range). *@next: where that part ends.
 * A full VRAM makes room from the least recently used chunks older than
 * this migration (@stamp), a few at most: what still does not fit stays.
 */
static int gpsvm_dmem_migrate_block(struct gpsvm_dmem *dmem,
				    struct mm_struct *mm, u64 addr, u64 start,
				    u64 end, bool to_vram, u64 stamp,
				    struct gpsvm_dmem_arrays *a, u64 *next,
				    u64 *moved, u64 *stayed)
{
	unsigned int tries = GPSVM_DMEM_EVICT_TRIES, left = 0;
	struct vm_area_struct *vma;
	int ret;

	*next = end;
	for (;;) {
		mmap_read_lock(mm);
		vma = vma_lookup(mm, addr);
		if (!vma) {
			/* Unmapped since the caller looked: nothing to move. */
			mmap_read_unlock(mm);
			return 0;
		}
		start = max_t(u64, start, vma->vm_start);
		*next = min_t(u64, end, vma->vm_end);
		if (to_vram && !(vma->vm_flags & (VM_READ | VM_WRITE))) {
			/* PROT_NONE: no use in VRAM, nothing to populate. */
			mmap_read_unlock(mm);
			*stayed += (*next - start) >> PAGE_SHIFT;
			return 0;
		}
		if (to_vram)
			ret = gpsvm_dmem_block_to_vram(dmem, vma, start, *next,
						       stamp, a, moved, stayed,
						       &left);
		else
			ret = gpsvm_dmem_range_to_ram(dmem, vma, start, *next,
						      NULL, 0, moved, stayed);
		mmap_read_unlock(mm);
		if (ret != -ENOSPC)
			return ret;
		/* Evict with no lock held: it takes other processes' pages. */
		if (!tries-- || gpsvm_dmem_evict_one(dmem, GFP_KERNEL, stamp)) {
			*stayed += left;
			return 0;
		}
	}
}

/**
 * gpsvm_dmem_migrate() - move a range of a process's pages
 * @gdev: the GPU
 * @mm: the process's mm, referenced by the caller
 * @start: first VA, page aligned
 * @end: end, page aligned
 * @to_vram: to the GPU's VRAM, else to system memory
 * @moved: incremented by the pages moved
 * @stayed: incremented by the pages that could not move: to VRAM, those
 *	not in this GPU's VRAM afterwards; to system memory, this GPU's
 *	pages that stayed in VRAM
 *
 * A full VRAM makes room: the least recently used chunks of process
 * pages, of any process, go back to system memory; not those this call
 * filled: what does not fit then stays.
 *
 * Context: process; takes mmap_lock for read, sleeps.
 * Return: 0; -EFAULT if part of the range is not mapped (then nothing
 * moved); -EINTR on a fatal signal; -ENODEV once the GPU is going; or
 * -ENOMEM.
 */
int gpsvm_dmem_migrate(struct gpsvm_device *gdev, struct mm_struct *mm,
		       u64 start, u64 end, bool to_vram, u64 *moved,
		       u64 *stayed)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;
	u64 va, next, stamp = gpsvm_dmem_stamp(gdev);
	struct gpsvm_dmem_arrays a;
	int ret;

	ret = gpsvm_dmem_arrays_alloc(&a, GPSVM_DMEM_CHUNK_PAGES, GFP_KERNEL);
	if (ret)
		return ret;
	mmap_read_lock(mm);
	if (!gpsvm_dmem_mapped(mm, start, end))
		ret = -EFAULT;
	mmap_read_unlock(mm);

	for (va = start; va < end && !ret; va = next) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (READ_ONCE(dmem->gone)) {
			ret = -ENODEV;
			break;
		}
		next = ALIGN_DOWN(va, GPSVM_DMEM_CHUNK_SIZE) +
		       GPSVM_DMEM_CHUNK_SIZE;
		ret = gpsvm_dmem_migrate_block(dmem, mm, va, va,
					       min(next, end), to_vram, stamp,
					       &a, &next, moved, stayed);
		cond_resched();
	}
	gpsvm_dmem_arrays_free(&a);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_dmem_migrate);

/**
 * gpsvm_dmem_stamp() - a new stamp for migrations to VRAM
 * @gdev: the GPU
 *
 * A migration to VRAM evicts only chunks stamped before its own stamp:
 * the GPU faults a fault batch has in one address space share one, so
 * that they do not evict each other's blocks before the replay.
 *
 * Return: the stamp.
 */
u64 gpsvm_dmem_stamp(struct gpsvm_device *gdev)
{
	return atomic64_inc_return(&gdev->dmem.clock);
}

/**
 * gpsvm_dmem_fault_in() - a GPU fault moves its block to VRAM
 * @gdev: the GPU
 * @mm: the process's mm, referenced by the caller
 * @addr: the faulting VA
 * @start: the block's part to move, holding @addr, in one 2 MiB block
 * @end: its end
 * @stamp: from gpsvm_dmem_stamp(), see there
 *
 * For ranges whose preferred location is VRAM: the pages of [@start,
 * @end) in @addr's VMA move to VRAM, made there zeroed if nothing
 * populated them yet; a full VRAM makes room (see gpsvm_dmem_migrate()).
 * Pages that cannot move stay where they are, to be mapped there.
 *
 * Context: the fault handler, holding no lock of the mm's; sleeps.
 * Return: the pages moved.
 */
u64 gpsvm_dmem_fault_in(struct gpsvm_device *gdev, struct mm_struct *mm,
			u64 addr, u64 start, u64 end, u64 stamp)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;
	struct gpsvm_dmem_arrays a;
	u64 next, moved = 0, stayed = 0;

	if (READ_ONCE(dmem->gone) ||
	    gpsvm_dmem_arrays_alloc(&a, GPSVM_DMEM_CHUNK_PAGES, GFP_KERNEL))
		return 0;
	gpsvm_dmem_migrate_block(dmem, mm, addr, start, end, true, stamp, &a,
				 &next, &moved, &stayed);
	gpsvm_dmem_arrays_free(&a);
	if (moved)
		gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_GPU_FAULTS, 1);
	return moved;
}

/**
 * gpsvm_dmem_touch() - the GPU uses a VRAM page: its chunk is used last
 * @page: a device page of this driver, which a GPU PTE now maps
 *
 * Keeps the chunks in least-recently-used order for eviction.
 *
 * Context: any; takes &gpsvm_dmem.chunk_lock.
 */
void gpsvm_dmem_touch(struct page *page)
{
	struct gpsvm_dmem *dmem = gpsvm_dmem_page_region(page)->dmem;
	struct gpsvm_dmem_chunk *chunk;
	unsigned long flags;

	spin_lock_irqsave(&dmem->chunk_lock, flags);
	/* Under the lock: a page still in use keeps its chunk alive. */
	chunk = READ_ONCE(page->zone_device_data);
	if (chunk) {
		chunk->stamp = atomic64_inc_return(&dmem->clock);
		list_move_tail(&chunk->link, &dmem->chunks);
	}
	spin_unlock_irqrestore(&dmem->chunk_lock, flags);
}

/**
 * gpsvm_dmem_in_use() - may process pages be in this GPU's VRAM?
 * @gdev: the GPU
 *
 * A hint: a migration may start right after it returns false, as it may
 * after any look at a page table.
 *
 * Return: false when no chunk holds process pages.
 */
bool gpsvm_dmem_in_use(struct gpsvm_device *gdev)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;
	bool in_use;

	/* A device set up without device memory (KUnit's) has no pages. */
	if (!dmem->regions)
		return false;
	spin_lock_irq(&dmem->chunk_lock);
	in_use = !list_empty(&dmem->chunks);
	spin_unlock_irq(&dmem->chunk_lock);
	return in_use;
}

/* Move every page of the chunk at @vram back to system memory, by pfn. */
static void gpsvm_dmem_evict_chunk(struct gpsvm_dmem *dmem, u64 vram,
				   struct gpsvm_dmem_arrays *a, gfp_t gfp)
{
	struct page *first = gpsvm_dmem_offset_page(dmem, vram);
	unsigned long *src = a->src, *dst = a->dst;
	struct gpsvm_dmem_copy *c = a->c;
	unsigned int k, n = 0;

	migrate_device_range(src, page_to_pfn(first), GPSVM_DMEM_CHUNK_PAGES);
	for (k = 0; k < GPSVM_DMEM_CHUNK_PAGES; k++) {
		struct page *spage = migrate_pfn_to_page(src[k]);
		struct page *dpage;

		dst[k] = 0;
		if (!spage || !(src[k] & MIGRATE_PFN_MIGRATE))
			continue;
		/* Left by a migration, no data: its last put is on the way. */
		if (gpsvm_dmem_released(spage))
			continue;
		/* Without a page, it stays in VRAM (at removal: no failing). */
		dpage = alloc_page(GFP_HIGHUSER_MOVABLE | (gfp & __GFP_NOFAIL));
		if (!dpage)
			continue;
		lock_page(dpage);
		c[n].page = dpage;
		c[n].vram = gpsvm_dmem_page_offset(spage);
		n++;
		dst[k] = migrate_pfn(page_to_pfn(dpage));
		if (src[k] & MIGRATE_PFN_WRITE)
			dst[k] |= MIGRATE_PFN_WRITE;
	}
	gpsvm_dmem_copy(dmem, c, n, false);
	migrate_device_pages(src, dst, GPSVM_DMEM_CHUNK_PAGES);
	n = gpsvm_dmem_moved(src, dst, GPSVM_DMEM_CHUNK_PAGES);
	migrate_device_finalize(src, dst, GPSVM_DMEM_CHUNK_PAGES);
	trace_gpsvm_dmem_evict(dmem->gdev, vram, n);
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_EVICTED, n);
	gpsvm_dmem_stat_add(dmem, GPSVM_DMEM_TO_RAM, n);
}

/*
 * The VRAM offset of the least recently used chunk with pages in use, if
 * stamped before @before, which goes to the back of the list; or
 * U64_MAX: none.
 */
static u64 gpsvm_dmem_busy_chunk(struct gpsvm_dmem *dmem, u64 before)
{
	struct gpsvm_dmem_chunk *chunk;
	u64 vram = U64_MAX;

	spin_lock_irq(&dmem->chunk_lock);
	chunk = list_first_entry_or_null(&dmem->chunks,
					 struct gpsvm_dmem_chunk, link);
	if (chunk && chunk->stamp < before) {
		vram = chunk->node.start;
		list_move_tail(&chunk->link, &dmem->chunks);
	}
	spin_unlock_irq(&dmem->chunk_lock);
	return vram;
}

/*
 * Move the pages of the least recently used chunk, if stamped before
 * @before, back to system memory; the emptied chunk returns to the VRAM
 * allocator. With @gfp lacking __GFP_NOFAIL, a page no memory is found
 * for stays. Return: 0 when a chunk was tried, -ENOSPC when none is in
 * use (or none older), -ENOMEM.
 */
static int gpsvm_dmem_evict_one(struct gpsvm_dmem *dmem, gfp_t gfp,
				u64 before)
{
	struct gpsvm_dmem_arrays a;
	u64 vram;
	int ret;

	ret = gpsvm_dmem_arrays_alloc(&a, GPSVM_DMEM_CHUNK_PAGES, gfp);
	if (ret)
		return ret;
	vram = gpsvm_dmem_busy_chunk(dmem, before);
	ret = -ENOSPC;
	if (vram != U64_MAX) {
		gpsvm_dmem_evict_chunk(dmem, vram, &a, gfp);
		/*
		 * The emptied chunk goes back to the allocator now, not from
		 * the work item (the fault handler's workqueue may not wait
		 * for it), unless the work item is at it already.
		 */
		gpsvm_dmem_free_chunks(dmem);
		ret = 0;
	}
	gpsvm_dmem_arrays_free(&a);
	return ret;
}

/**
 * gpsvm_dmem_evict_lru() - make room in VRAM for a buffer object
 * @gdev: the GPU
 *
 * Process pages give way to buffer objects, which cannot live anywhere
 * else: the pages of the least recently used chunk move back to system
 * memory, by pfn, whatever process maps them, and the chunk returns to
 * the VRAM allocator. A page locked elsewhere for a moment stays, and
 * its chunk with it, until a later call.
 *
 * Context: process; holds no page lock; sleeps.
 * Return: 0 when a chunk was tried, -ENOSPC when no chunk is left,
 * -ENOMEM.
 */
int gpsvm_dmem_evict_lru(struct gpsvm_device *gdev)
{
	if (!gpsvm_dmem_in_use(gdev))
		return -ENOSPC;
	return gpsvm_dmem_evict_one(&gdev->dmem, GFP_KERNEL, U64_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_dmem_evict_lru);

/**
 * gpsvm_dmem_evict_all() - move every process page out of VRAM
 * @gdev: the GPU, going away: its channels stopped, no ioctl runs
 *
 * The CPU copies (the engine is stopped). A page the core mm holds for a
 * moment (a migration in flight) is tried again until it moves; memory
 * is waited for rather than failed: nothing may be lost.
 *
 * Context: process; sleeps. Called from remove.
 */
void gpsvm_dmem_evict_all(struct gpsvm_device *gdev)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;

	mutex_lock(&dmem->lock);
	dmem->gone = true;
	mutex_unlock(&dmem->lock);
	while (!gpsvm_dmem_evict_one(dmem, GFP_KERNEL | __GFP_NOFAIL, U64_MAX))
		cond_resched();
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_dmem_evict_all);

/**
 * gpsvm_dmem_init() - set up a GPU's device memory
 * @gdev: the GPU, with its VRAM size known
 *
 * Return: 0 or -ENOMEM.
 */
int gpsvm_dmem_init(struct gpsvm_device *gdev)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;

	dmem->gdev = gdev;
	mutex_init(&dmem->lock);
	spin_lock_init(&dmem->chunk_lock);
	INIT_LIST_HEAD(&dmem->chunks);
	INIT_LIST_HEAD(&dmem->free);
	INIT_WORK(&dmem->free_work, gpsvm_dmem_free_work);
	dmem->nregions = DIV_ROUND_UP_ULL(gdev->vram_size,
					  GPSVM_DMEM_REGION_SIZE);
	dmem->regions = kcalloc(dmem->nregions, sizeof(*dmem->regions),
				GFP_KERNEL);
	if (!dmem->regions)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_dmem_init);

/**
 * gpsvm_dmem_fini() - unmap a GPU's device pages
 * @gdev: the GPU, after gpsvm_dmem_evict_all() (or a probe that never
 *	moved a page)
 *
 * Context: process; sleeps.
 */
void gpsvm_dmem_fini(struct gpsvm_device *gdev)
{
	struct gpsvm_dmem *dmem = &gdev->dmem;
	unsigned int i;

	flush_work(&dmem->free_work);
	for (i = 0; i < dmem->nregions; i++) {
		struct dev_pagemap *pgmap = dmem->regions[i];
		struct gpsvm_dmem_region *r;

		if (!pgmap)
			continue;
		r = container_of(pgmap, struct gpsvm_dmem_region, pagemap);
		memunmap_pages(pgmap);
		release_mem_region(r->res->start, resource_size(r->res));
		kfree(r);
	}
	kfree(dmem->regions);
	if (dmem->chan)
		gpsvm_chan_destroy(dmem->chan);
	if (dmem->vmm_ready)
		gpsvm_vmm_fini(&dmem->vmm);
	mutex_destroy(&dmem->lock);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_dmem_fini);

/**
 * gpsvm_dmem_debugfs() - debugfs "gpsvm_dmem": device memory counters
 * @m: the seq_file
 * @data: unused
 *
 * Return: 0.
 */
int gpsvm_dmem_debugfs(struct seq_file *m, void *data)
{
	static const char *const names[GPSVM_DMEM_NSTATS] = {
		[GPSVM_DMEM_TO_VRAM] = "pages_to_vram",
		[GPSVM_DMEM_TO_RAM] = "pages_to_ram",
		[GPSVM_DMEM_CPU_FAULTS] = "cpu_faults",
		[GPSVM_DMEM_EVICTED] = "pages_evicted",
		[GPSVM_DMEM_CE_COPIES] = "ce_jobs",
		[GPSVM_DMEM_CE_NS] = "ce_ns",
		[GPSVM_DMEM_CPU_COPIES] = "cpu_copies",
		[GPSVM_DMEM_GPU_FAULTS] = "gpu_faults",
	};
	struct drm_debugfs_entry *entry = m->private;
	struct gpsvm_dmem *dmem = &to_gpsvm(entry->dev)->dmem;
	struct gpsvm_dmem_chunk *chunk;
	unsigned int i, chunks = 0;
	u64 live = 0;

	for (i = 0; i < GPSVM_DMEM_NSTATS; i++)
		seq_printf(m, "%s: %lld\n", names[i],
			   atomic64_read(&dmem->stats[i]));
	spin_lock_irq(&dmem->chunk_lock);
	list_for_each_entry(chunk, &dmem->chunks, link) {
		chunks++;
		live += chunk->live;
	}
	spin_unlock_irq(&dmem->chunk_lock);
	seq_printf(m, "bytes_to_vram: %lld\n",
		   atomic64_read(&dmem->stats[GPSVM_DMEM_TO_VRAM]) << PAGE_SHIFT);
	seq_printf(m, "bytes_to_ram: %lld\n",
		   atomic64_read(&dmem->stats[GPSVM_DMEM_TO_RAM]) << PAGE_SHIFT);
	seq_printf(m, "chunks: %u\n", chunks);
	seq_printf(m, "pages_in_vram: %llu\n", live);
	return 0;
}
