/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm hardware abstraction: what differs between GPU generations. A new
 * generation is a new gpsvm_<chip>.c that fills in a struct gpsvm_hal.
 */
#ifndef __GPSVM_HAL_H__
#define __GPSVM_HAL_H__

#include <linux/types.h>

struct gpsvm_device;
struct gpsvm_fault;

/**
 * struct gpsvm_vmm_hal - a page-table format
 * @pd_levels: number of page-directory levels, the last being PD0
 * @pd: for each directory level, top first: @pd.shift, the lowest VA bit
 *	of its index, and @pd.bits, the index's width
 * @small_shift: small page size (the small page table's index shift)
 * @big_shift: big page size
 * @huge_shift: huge page size, mapped by a PTE in PD0
 * @pde: a directory entry pointing at a table in system memory
 * @pd0_small: the PD0 qword pointing at a small-page table
 * @pd0_big: the PD0 qword pointing at a big-page table
 * @pte: a PTE for @addr, at any page size, with GPSVM_MAP_* flags; one
 *	for system memory must keep the GPU from caching it where CPU
 *	writes are not seen (GP100: VOL)
 * @pte_dma: the DMA address a system-memory PTE points at, or
 *	%DMA_MAPPING_ERROR for any other PTE
 * @tlb_invalidate: drop the GPU's cached translations of [@start, @end)
 *	in the address space whose top directory is at @pdb, and wait until
 *	no engine uses them; called under &gpsvm_device.tlb_lock
 * @tlb_invalidate_all: the same for every address space, at once
 *
 * Entries are 64 bits; a PD0 entry is two: the big-page half (or a huge
 * PTE) in the low qword, the small-page half in the high one.
 */
struct gpsvm_vmm_hal {
	unsigned int pd_levels;
	struct {
		u8 shift;
		u8 bits;
	} pd[4];
	u8 small_shift;
	u8 big_shift;
	u8 huge_shift;
	u64 (*pde)(dma_addr_t table);
	u64 (*pd0_small)(dma_addr_t table);
	u64 (*pd0_big)(dma_addr_t table);
	u64 (*pte)(u64 addr, u32 flags);
	dma_addr_t (*pte_dma)(u64 pte);
	int (*tlb_invalidate)(struct gpsvm_device *gdev, dma_addr_t pdb,
			      u64 start, u64 end);
	int (*tlb_invalidate_all)(struct gpsvm_device *gdev);
};

/* Accesses, ordered from the least to the most intrusive. */
enum gpsvm_fault_access {
	GPSVM_FAULT_ACCESS_PREFETCH,
	GPSVM_FAULT_ACCESS_READ,
	GPSVM_FAULT_ACCESS_WRITE,
	GPSVM_FAULT_ACCESS_ATOMIC,
};

/* Why an access faulted, as far as the SVM fault handler cares. */
enum gpsvm_fault_reason {
	GPSVM_FAULT_NOT_PRESENT,	/* no valid PDE or PTE */
	GPSVM_FAULT_READ_ONLY,		/* write or atomic to a read-only PTE */
	GPSVM_FAULT_NO_ATOMIC,		/* atomic to an atomic-disabled PTE */
	GPSVM_FAULT_FATAL,		/* anything else: never served */
};

/*
 * The faulting clients a targeted cancel can name: clients 0 to
 * GPSVM_FAULT_CLIENTS - 1 of each GPC 0 to GPSVM_FAULT_GPCS - 1, and HUB
 * clients 0 to GPSVM_FAULT_CLIENTS - 1.
 */
#define GPSVM_FAULT_GPCS	32
#define GPSVM_FAULT_CLIENTS	64

/**
 * struct gpsvm_fault_target - a faulting client, as a targeted cancel
 *	names it
 * @pdb: the page directory of the address space it faulted in
 * @gpc: its GPC, below %GPSVM_FAULT_GPCS; 0 for a HUB client
 * @client: the client (an SM) in its GPC, or the HUB client, below
 *	%GPSVM_FAULT_CLIENTS
 * @hub: a HUB client, not a GPC one
 */
struct gpsvm_fault_target {
	dma_addr_t pdb;
	u8 gpc;
	u8 client;
	bool hub;
};

/**
 * struct gpsvm_fault_hal - a replayable fault buffer and its replay
 * @entry_size: bytes per fault-buffer entry
 * @enable: point the GPU at a buffer of @entries entries at @dma and turn
 *	it on, with GET = PUT = 0
 * @disable: turn the buffer off
 * @decode: if the entry at @entry is valid, fill @fault from it, clear
 *	its VALID bit and return true; else return false
 * @set_get: tell the GPU entries up to @get have been consumed
 * @overflow: whether faults were dropped since the last call; clears it
 * @replay: let every stalled access retry, after invalidating the TLBs
 *	of every address space if @invalidate_all
 * @cancel: fail the stalled accesses of the client @target names in the
 *	address space @target->pdb (an SM that has moved on to another
 *	address space since is left alone); all the stalled accesses of
 *	every client if @target is NULL
 *
 * @replay and @cancel are called under &gpsvm_device.tlb_lock.
 */
struct gpsvm_fault_hal {
	unsigned int entry_size;
	void (*enable)(struct gpsvm_device *gdev, dma_addr_t dma, u32 entries);
	void (*disable)(struct gpsvm_device *gdev);
	bool (*decode)(void *entry, struct gpsvm_fault *fault);
	void (*set_get)(struct gpsvm_device *gdev, u32 get);
	bool (*overflow)(struct gpsvm_device *gdev);
	int (*replay)(struct gpsvm_device *gdev, bool invalidate_all);
	int (*cancel)(struct gpsvm_device *gdev,
		      const struct gpsvm_fault_target *target);
};

/**
 * struct gpsvm_hal - one GPU generation
 * @chip: chip id in PMC_BOOT_0
 * @name: marketing-free name, for logs
 * @vmm: its page-table format
 * @fault: its replayable fault buffer
 */
struct gpsvm_hal {
	u32 chip;
	const char *name;
	const struct gpsvm_vmm_hal *vmm;
	const struct gpsvm_fault_hal *fault;
};

extern const struct gpsvm_vmm_hal gpsvm_gp100_vmm_hal;
extern const struct gpsvm_fault_hal gpsvm_gp100_fault_hal;
extern const struct gpsvm_hal gpsvm_gp100_hal;

const struct gpsvm_hal *gpsvm_hal_lookup(u32 boot0);

#endif /* __GPSVM_HAL_H__ */
