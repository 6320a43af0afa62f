/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal interface of the gpsvm GPU model. Drivers never include this:
 * they see only include/gpsvm_hw.h. The model's KUnit tests do.
 */
#ifndef __GPSVM_MODEL_H__
#define __GPSVM_MODEL_H__

#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "include/gpsvm_hw.h"
#include "include/gpsvm_hw_mmu.h"

struct irq_domain;
struct fwnode_handle;
struct platform_device;

struct gpsvm_model *gpsvm_model_create(unsigned int index, u64 vram_size,
				       unsigned int nsm);
void gpsvm_model_destroy(struct gpsvm_model *gpu);
u32 gpsvm_model_rd32(void *ctx, u32 reg);
void gpsvm_model_wr32(void *ctx, u32 reg, u32 val);
void gpsvm_model_intr_raise(struct gpsvm_model *gpu, u32 bits);
void gpsvm_model_intr_update(struct gpsvm_model *gpu);

/* MMU: gpsvm_model_mmu.c; firmware-notes/mmu.md. */

/*
 * Apertures, in the PTE encoding: VRAM, or system memory by DMA address
 * (which is the physical address: the model has no IOMMU).
 */
#define GPSVM_MODEL_APER_VIDEO		GP100_PTE_APERTURE_VIDEO
#define GPSVM_MODEL_APER_SYS_COH	GP100_PTE_APERTURE_SYS_COH
#define GPSVM_MODEL_APER_SYS_NCOH	GP100_PTE_APERTURE_SYS_NCOH

/*
 * Access types for gpsvm_model_mmu_translate(): GP100_ACCESS_*, or'd with
 * GPSVM_MODEL_ACCESS_PRIV for a privileged client (may use PRIV pages).
 */
#define GPSVM_MODEL_ACCESS_TYPE		GENMASK(1, 0)
#define GPSVM_MODEL_ACCESS_PRIV		BIT(8)

/**
 * struct gpsvm_model_vas - an address space, as an instance block names it
 * @pdb: page-directory base: its address | its aperture (bits 1:0); the
 *	key of the TLB and the PDB of an invalidate
 * @va_last: the highest VA that may be translated (VA limit - 1)
 * @flags: GP100_RAMIN_PDB_REPLAY_TEX and _GCC as in the instance block
 */
struct gpsvm_model_vas {
	u64 pdb;
	u64 va_last;
	u32 flags;
};

/* struct gpsvm_model_xlat flags */
#define GPSVM_MODEL_XLAT_SPARSE		BIT(0)	/* reads 0, writes dropped */
#define GPSVM_MODEL_XLAT_READ_ONLY	BIT(1)
#define GPSVM_MODEL_XLAT_ATOMIC_DISABLE	BIT(2)
#define GPSVM_MODEL_XLAT_VOL		BIT(3)
#define GPSVM_MODEL_XLAT_PRIV		BIT(4)
#define GPSVM_MODEL_XLAT_TLB_HIT	BIT(5)	/* answered from the TLB */

/**
 * struct gpsvm_model_xlat - result of a translation
 * @phys: the address of the translated byte in @aperture (0 when sparse)
 * @aperture: GPSVM_MODEL_APER_*
 * @page_shift: the page size, 12, 16 or 21
 * @flags: GPSVM_MODEL_XLAT_*
 * @kind: the PTE's KIND
 * @fault_type: GP100_FAULT_* when the translation failed
 */
struct gpsvm_model_xlat {
	u64 phys;
	u8 aperture;
	u8 page_shift;
	u8 kind;
	u8 fault_type;
	u32 flags;
};

/**
 * struct gpsvm_model_tlb_entry - one cached translation
 * @pdb: &gpsvm_model_vas.pdb it belongs to
 * @va: the VA of the page
 * @base: the address of the page in @aperture
 * @aperture: GPSVM_MODEL_APER_*
 * @page_shift: the page size; 0 for a free entry
 * @kind: the PTE's KIND
 * @flags: GPSVM_MODEL_XLAT_* but TLB_HIT
 */
struct gpsvm_model_tlb_entry {
	u64 pdb;
	u64 va;
	u64 base;
	u8 aperture;
	u8 page_shift;
	u8 kind;
	u32 flags;
};

#define GPSVM_MODEL_TLB_ENTRIES		32

/**
 * struct gpsvm_model_tlb - the TLB of one engine
 * @gpu: the GPU it is registered with
 * @node: in &gpsvm_model.tlbs
 * @lock: protects the entries, and covers a translation and the access
 *	that uses it; see "gpsvm model MMU locking"
 * @next: the entry to replace next (round robin)
 * @hits: lookups answered from the TLB
 * @misses: lookups that walked the page tables
 * @entries: the cached translations, fully associative
 */
struct gpsvm_model_tlb {
	struct gpsvm_model *gpu;
	struct list_head node;
	/* Over the entries and stats; see "gpsvm model MMU locking". */
	spinlock_t lock;
	unsigned int next;
	u64 hits;
	u64 misses;
	struct gpsvm_model_tlb_entry entries[GPSVM_MODEL_TLB_ENTRIES];
};

struct gpsvm_model;
struct gpsvm_model_launch;
struct task_struct;
struct gpsvm_isa_thread;

/**
 * struct gpsvm_model_chan - one channel (firmware-notes/channels.md)
 * @gpu: its GPU
 * @id: its number
 * @inst: CHAN_INST and _HI as one value (aperture in bits 1:0)
 * @ring: CHAN_RING and _HI as one value (aperture in bits 1:0)
 * @ring_size: CHAN_RING_SIZE
 * @put: CHAN_PUT
 * @get: CHAN_GET
 * @ctrl: CHAN_CTRL's ENABLE bit
 * @state: GPSVM_CHAN_STATE_*
 * @intr: CHAN_INTR
 * @intr_en: CHAN_INTR_EN
 * @timeout_ms: CHAN_TIMEOUT_MS
 * @group: CHAN_GROUP
 * @timeslice_us: CHAN_TIMESLICE_US
 * @cmd_group: @group when the command in flight started (the worker's)
 * @cmd_timeslice_us: @timeslice_us then
 * @err: CHAN_ERR
 * @err_addr: CHAN_ERR_ADDR and _HI
 * @err_info: CHAN_ERR_INFO and _HI
 * @err_block: CHAN_ERR_BLOCK
 * @err_thread: CHAN_ERR_THREAD
 * @resetting: a RESET waits for the worker to stop (RESET reads 1)
 * @running: the worker is queued or runs and has not decided to stop
 * @abort: set by RESET and destroy: drop the command in flight
 * @vas: the address space bound at ENABLE
 * @work: the channel's worker
 * @wq: the worker waits here for the blocks of a launch
 */
struct gpsvm_model_chan {
	struct gpsvm_model *gpu;
	unsigned int id;
	/* Under &gpsvm_model.lock; see "gpsvm model fifo locking". */
	u64 inst;
	u64 ring;
	u32 ring_size;
	u32 put;
	u32 get;
	u32 ctrl;
	u32 state;
	u32 intr;
	u32 intr_en;
	u32 timeout_ms;
	u32 group;
	u32 timeslice_us;
	u32 cmd_group;
	u32 cmd_timeslice_us;
	u32 err;
	u64 err_addr;
	u64 err_info;
	u32 err_block;
	u32 err_thread;
	bool resetting;
	bool running;
	bool abort;
	struct gpsvm_model_vas vas;
	struct work_struct work;
	wait_queue_head_t wq;
};

#define GPSVM_MODEL_FAULT_SEEN	32

/*
 * SMs per GPC: SM i is client i % 2 of GPC i / 2, the ids its fault
 * entries carry and a targeted cancel names (firmware-notes/faults.md).
 */
#define GPSVM_MODEL_GPC_SMS	2

/**
 * struct gpsvm_model_sm - one SM of the compute engine
 * @gr: its engine
 * @id: its number
 * @gpc: its GPC, @id / %GPSVM_MODEL_GPC_SMS
 * @client: its client id in that GPC, @id % %GPSVM_MODEL_GPC_SMS
 * @task: its kthread
 * @tlb: its TLB
 * @launch: the launch whose block runs, or NULL
 * @threads: the block's threads
 * @nthreads: how many @threads has room for
 * @mem: the block's shared and private memory (ISA v2), or NULL
 * @tlb_flags: while a translation is mapped: the TLB lock's flags
 * @map_aper: while mapped: its aperture, or U32_MAX for sparse
 * @fault_type: the last translation fault's GP100_FAULT_*
 * @fault_access: and its access type
 * @scratch: what sparse pages map to
 * @slice_end: when the running block's time slice ends (ktime_get_ns())
 * @next: the thread of the running block whose turn it is
 * @fault_stalled: a replayable fault of the running block is pending: it
 *	waits for a replay (or cancel) later than @fault_gen
 * @fault_cancel: a cancel named this SM while @fault_stalled: its next
 *	faulting access fails the launch
 * @fault_gen: &gpsvm_model.replay_gen when the stall began
 * @fault_pdb: the address space the SM stalled in, for targeted cancels
 * @fault_nseen: entries used in @fault_seen
 * @fault_seen: page VA | access of the entries written since the stall
 *	began, so that retries do not write the same entry again
 * @fault_away: the cancel mark of a block switched out of this SM while
 *	its stall waited for the replay after @fault_away_gen; NULL if none
 * @fault_away_gen: &gpsvm_model.replay_gen when that block stalled
 * @fault_away_pdb: the address space it stalled in
 *
 * The @fault_* fields are under &gpsvm_model.lock; see "gpsvm model
 * replayable faults".
 */
struct gpsvm_model_sm {
	struct gpsvm_model_gr *gr;
	unsigned int id;
	unsigned int gpc;
	unsigned int client;
	struct task_struct *task;
	struct gpsvm_model_tlb tlb;
	struct gpsvm_model_launch *launch;
	struct gpsvm_isa_thread *threads;
	unsigned int nthreads;
	u8 *mem;
	unsigned long tlb_flags;
	unsigned int map_aper;
	u8 fault_type;
	u8 fault_access;
	u64 scratch;
	u64 slice_end;
	unsigned int next;
	/* Under &gpsvm_model.lock; see "gpsvm model replayable faults". */
	bool fault_stalled;
	bool fault_cancel;
	u32 fault_gen;
	u64 fault_pdb;
	unsigned int fault_nseen;
	u64 fault_seen[GPSVM_MODEL_FAULT_SEEN];
	bool *fault_away;
	u32 fault_away_gen;
	u64 fault_away_pdb;
};

#define GPSVM_MODEL_MAX_SMS	16

/**
 * struct gpsvm_model_gr - the compute engine
 * @nsm: number of SMs
 * @lock: protects @launches, @group_served, @serve_count, @switched_out
 *	and the block counters and preempted blocks of each launch
 * @launches: launches with blocks not yet handed to an SM or preempted
 * @group_served: for each run group (CHAN_GROUP), @serve_count when an SM
 *	last took a block of it
 * @serve_count: blocks handed to SMs
 * @switched_out: blocks switched out at the end of a time slice
 * @wq: SMs wait here for blocks
 * @sms: the SMs
 */
struct gpsvm_model_gr {
	unsigned int nsm;
	/* See "gpsvm model fifo locking". */
	spinlock_t lock;
	struct list_head launches;
	u64 group_served[GPSVM_CHAN_COUNT];
	u64 serve_count;
	u64 switched_out;
	wait_queue_head_t wq;
	struct gpsvm_model_sm sms[GPSVM_MODEL_MAX_SMS];
};

/**
 * struct gpsvm_model - one modelled GPU
 * @index: GPU number, also the platform device id
 * @nsm: number of SMs of the compute engine
 * @lock: protects the register state below; taken with interrupts off, as
 *	registers are read from hard-interrupt handlers
 * @intr: PMC interrupt status
 * @intr_en: PMC interrupt enable
 * @scratch: PBUS scratch registers
 * @mmu_pdb: PFB_MMU_INVALIDATE_PDB and _PDB_HI, as one 64-bit value
 * @mmu_inval: PFB_MMU_INVALIDATE, TRIGGER set while an invalidate runs
 * @mmu_va: the targeted invalidate's VA, from _VA_LO and _VA_HI
 * @mmu_va_pages: PFB_MMU_INVALIDATE_VA_PAGES
 * @fb_lo: FAULT_BUFFER_LO
 * @fb_hi: FAULT_BUFFER_HI
 * @fb_size: FAULT_BUFFER_SIZE
 * @fb_get: FAULT_BUFFER_GET
 * @fb_put: FAULT_BUFFER_PUT
 * @fb_info: FAULT_BUFFER_INFO
 * @replay_gen: counts the replays (REPLAY START and START_ACK_ALL)
 * @fault_wq: SMs stalled on a replayable fault wait here
 * @mmu_lock: serialises invalidates and protects @tlbs; see
 *	"gpsvm model MMU locking"
 * @tlbs: the registered &struct gpsvm_model_tlb
 * @vram: host memory that backs the GPU's VRAM
 * @vram_size: its size in bytes
 * @fwnode: names the interrupt domain
 * @domain: IRQ domain of the GPU's interrupt line
 * @irq: the Linux IRQ number of that line
 * @intr_work: invokes its handler; see "gpsvm model interrupt line"
 * @bus: what the driver gets as platform data
 * @pdev: the platform device, when registered
 * @fifo_wq: runs the channels' workers
 * @ce_tlb: the copy engine's TLB
 * @gr: the compute engine
 * @chans: the channels
 */
struct gpsvm_model {
	unsigned int index;
	unsigned int nsm;
	/* Register state; see "gpsvm model locking". */
	spinlock_t lock;
	u32 intr;
	u32 intr_en;
	u32 scratch[GPSVM_PBUS_SCRATCH_COUNT];
	u64 mmu_pdb;
	u32 mmu_inval;
	u64 mmu_va;
	u32 mmu_va_pages;
	u32 fb_lo;
	u32 fb_hi;
	u32 fb_size;
	u32 fb_get;
	u32 fb_put;
	u32 fb_info;
	u32 replay_gen;
	wait_queue_head_t fault_wq;
	/* MMU: see "gpsvm model MMU locking". */
	spinlock_t mmu_lock;
	struct list_head tlbs;
	void *vram;
	u64 vram_size;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	int irq;
	struct irq_work intr_work;
	struct gpsvm_hw_bus bus;
	struct platform_device *pdev;
	struct workqueue_struct *fifo_wq;
	struct gpsvm_model_tlb ce_tlb;
	struct gpsvm_model_gr gr;
	struct gpsvm_model_chan chans[GPSVM_CHAN_COUNT];
};

void gpsvm_model_mmu_init(struct gpsvm_model *gpu);
void gpsvm_model_tlb_register(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb);
void gpsvm_model_tlb_unregister(struct gpsvm_model_tlb *tlb);
unsigned long gpsvm_model_tlb_lock(struct gpsvm_model_tlb *tlb);
void gpsvm_model_tlb_unlock(struct gpsvm_model_tlb *tlb, unsigned long flags);
int gpsvm_model_vas_from_inst(struct gpsvm_model *gpu, unsigned int aperture,
			      u64 inst, struct gpsvm_model_vas *vas,
			      u8 *fault_type);
int gpsvm_model_mmu_translate(struct gpsvm_model *gpu,
			      struct gpsvm_model_tlb *tlb,
			      const struct gpsvm_model_vas *vas, u64 va,
			      unsigned int access,
			      struct gpsvm_model_xlat *out);
void gpsvm_model_mmu_invalidate(struct gpsvm_model *gpu, u32 inval, u64 pdb,
				u64 va, u32 pages);
void *gpsvm_model_mem_map(struct gpsvm_model *gpu, unsigned int aperture,
			  u64 addr, size_t len);
void gpsvm_model_mem_unmap(unsigned int aperture, void *p);

/* Replayable faults: gpsvm_model_fault.c; firmware-notes/faults.md. */

bool gpsvm_model_fault_rd32(struct gpsvm_model *gpu, u32 reg, u32 *val);
bool gpsvm_model_fault_wr32(struct gpsvm_model *gpu, u32 reg, u32 val);
void gpsvm_model_fault_replay(struct gpsvm_model *gpu, u32 inval, u64 pdb);
bool gpsvm_model_pdb_same(u64 a, u64 b);
bool gpsvm_model_fault_replayable(const struct gpsvm_model_vas *vas,
				  u8 fault_type, unsigned int access);
int gpsvm_model_fault_report(struct gpsvm_model_sm *sm,
			     struct gpsvm_model_chan *chan, u64 va,
			     unsigned int access, u8 fault_type);
void gpsvm_model_fault_sm_reset(struct gpsvm_model_sm *sm, bool cancelled);
bool gpsvm_model_fault_cancelled(struct gpsvm_model_sm *sm);
bool gpsvm_model_fault_leave(struct gpsvm_model_sm *sm, bool *cancel);
bool gpsvm_model_fault_return(struct gpsvm_model *gpu, bool *cancel);
bool gpsvm_model_fault_away_pdb(struct gpsvm_model_sm *sm, u64 *pdb);
void gpsvm_model_fault_resume(struct gpsvm_model_sm *sm);

/* Channels, CE, GR: gpsvm_model_{fifo,ce,gr}.c; firmware-notes/channels.md. */

/**
 * struct gpsvm_model_cmd_err - why a command failed
 * @cls: GPSVM_CHAN_ERR_* class
 * @detail: CHAN_ERR bits 15:8
 * @access: CHAN_ERR bits 17:16
 * @addr: CHAN_ERR_ADDR
 * @info: CHAN_ERR_INFO
 * @block: CHAN_ERR_BLOCK
 * @thread: CHAN_ERR_THREAD
 */
struct gpsvm_model_cmd_err {
	u32 cls;
	u32 detail;
	u32 access;
	u64 addr;
	u64 info;
	u32 block;
	u32 thread;
};

/*
 * Commands return 0, GPSVM_MODEL_CMD_ERROR with the error filled in,
 * -ECANCELED when reset, or -ETIMEDOUT past CHAN_TIMEOUT_MS.
 */
#define GPSVM_MODEL_CMD_ERROR	1

int gpsvm_model_fifo_init(struct gpsvm_model *gpu);
void gpsvm_model_fifo_fini(struct gpsvm_model *gpu);
bool gpsvm_model_fifo_rd32(struct gpsvm_model *gpu, u32 reg, u32 *val);
bool gpsvm_model_fifo_wr32(struct gpsvm_model *gpu, u32 reg, u32 val);
int gpsvm_model_chan_stop(struct gpsvm_model_chan *chan, u64 deadline);
void gpsvm_model_mmu_err(struct gpsvm_model_cmd_err *err, u8 fault_type,
			 unsigned int access, u64 addr);

int gpsvm_model_ce_copy(struct gpsvm_model_chan *chan, const u8 *cmd,
			u64 deadline, struct gpsvm_model_cmd_err *err);
int gpsvm_model_ce_fill(struct gpsvm_model_chan *chan, const u8 *cmd,
			u64 deadline, struct gpsvm_model_cmd_err *err);
int gpsvm_model_ce_sem(struct gpsvm_model_chan *chan, const u8 *cmd,
		       bool acquire, u64 deadline,
		       struct gpsvm_model_cmd_err *err);
int gpsvm_model_ce_read_virt(struct gpsvm_model_chan *chan, u64 va,
			     void *buf, u64 len,
			     struct gpsvm_model_cmd_err *err);

int gpsvm_model_gr_init(struct gpsvm_model *gpu, unsigned int nsm);
void gpsvm_model_gr_fini(struct gpsvm_model *gpu);
int gpsvm_model_gr_launch(struct gpsvm_model_chan *chan, const u8 *cmd,
			  u64 deadline, struct gpsvm_model_cmd_err *err);

#endif /* __GPSVM_MODEL_H__ */
