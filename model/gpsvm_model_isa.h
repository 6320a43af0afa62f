/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm model: interpreter of the compute engine ISA v2
 * (firmware-notes/isa.md; encoding in include/gpsvm_isa.h). Builds
 * unchanged in the kernel and in user space (host tests).
 */
#ifndef __GPSVM_MODEL_ISA_H__
#define __GPSVM_MODEL_ISA_H__

#include "gpsvm_model_isa_port.h"
#include "include/gpsvm_isa.h"

/* Memory access types: the GP100 fault buffer's ACCESS_TYPE values. */
#define GPSVM_ISA_ACCESS_READ		0
#define GPSVM_ISA_ACCESS_WRITE		1
#define GPSVM_ISA_ACCESS_ATOMIC		2
#define GPSVM_ISA_ACCESS_PREFETCH	3

/**
 * enum gpsvm_isa_thread_state - where a thread is
 * @GPSVM_ISA_THREAD_RUNNING: issues instructions (it may be stalled on a
 *	translation fault: then it retries the same instruction)
 * @GPSVM_ISA_THREAD_AT_BARRIER: executed BAR, waits for its block
 * @GPSVM_ISA_THREAD_EXITED: executed EXIT
 * @GPSVM_ISA_THREAD_FAILED: failed the launch; &gpsvm_isa_thread.err says
 *	why
 */
enum gpsvm_isa_thread_state {
	GPSVM_ISA_THREAD_RUNNING,
	GPSVM_ISA_THREAD_AT_BARRIER,
	GPSVM_ISA_THREAD_EXITED,
	GPSVM_ISA_THREAD_FAILED,
};

/**
 * struct gpsvm_isa_thread - architectural state of one thread
 * @r: general registers; r[63] is kept 0
 * @p: predicates, bit i is p<i>; bit 7 is kept 0 (p7 reads as 1)
 * @state: enum gpsvm_isa_thread_state
 * @pc: byte offset of the next instruction in the code image; after an
 *	error, that of the failing instruction (for ERR_PC the bad PC)
 * @tid: index of the thread in its block (x, y, z)
 * @ctaid: index of the block in the grid (x, y, z)
 * @err: GPSVM_ISA_ERR_* of the error that failed the launch, else 0
 * @err_info: the error's info (isa.md section 10)
 * @fault_va: when gpsvm_isa_step() returned GPSVM_ISA_STEP_STALLED, the
 *	address whose translation is pending
 * @fault_access: and its GPSVM_ISA_ACCESS_* type
 * @shared: its block's shared memory (gpsvm_isa_block_set_mem())
 * @priv: its private memory
 */
struct gpsvm_isa_thread {
	u64 r[GPSVM_ISA_NUM_REGS];
	u8 p;
	u8 state;
	u64 pc;
	u32 tid[3];
	u32 ctaid[3];
	u32 err;
	u64 err_info;
	u64 fault_va;
	u32 fault_access;
	u8 *shared;
	u8 *priv;
};

/**
 * struct gpsvm_isa_launch - the parameters of a launch (isa.md section 2)
 * @code: the code image, @ncode instruction words in CPU byte order;
 *	constant for the launch
 * @ncode: number of words in @code
 * @entry: PC at which every thread starts
 * @args: the argument block, @arg_size bytes (little endian values)
 * @arg_size: size of @args, 0 to GPSVM_ISA_ARG_MAX
 * @ntid: block dimensions (x, y, z), each >= 1
 * @nctaid: grid dimensions (x, y, z), each >= 1
 * @shared_size: bytes of shared memory a block has, a multiple of 8 up to
 *	GPSVM_ISA_SHARED_MAX
 * @private_size: bytes of private memory a thread has, a multiple of 8 up
 *	to GPSVM_ISA_PRIVATE_MAX
 */
struct gpsvm_isa_launch {
	const u64 *code;
	u64 ncode;
	u64 entry;
	const u8 *args;
	u32 arg_size;
	u32 ntid[3];
	u32 nctaid[3];
	u32 shared_size;
	u32 private_size;
};

/**
 * struct gpsvm_isa_mem_ops - the GPU virtual address space of a launch
 * @map: translate one naturally aligned access of @size bytes at @va
 *	(never crossing a page) with access type @access
 *	(GPSVM_ISA_ACCESS_*). On success return 0 and set *@ptr to the host
 *	address of the bytes. -EAGAIN: a translation fault is pending, the
 *	thread stalls and retries the instruction later. Any other negative
 *	errno: the access is fatal and fails the launch with ERR_MMU. For
 *	PREFETCH (@size 1) the result is ignored.
 * @unmap: release a pointer @map returned
 *
 * Both are called from the thread that steps the GPU thread, in the
 * context the caller of gpsvm_isa_step() runs in.
 */
struct gpsvm_isa_mem_ops {
	int (*map)(void *ctx, u64 va, unsigned int size, unsigned int access,
		   void **ptr);
	void (*unmap)(void *ctx, void *ptr);
};

/**
 * enum gpsvm_isa_step_status - result of gpsvm_isa_step()
 * @GPSVM_ISA_STEP_EXECUTED: an instruction executed (or was skipped by
 *	its guard); the thread goes on
 * @GPSVM_ISA_STEP_STALLED: a translation fault is pending; nothing changed
 *	but &gpsvm_isa_thread.fault_va and .fault_access
 * @GPSVM_ISA_STEP_BARRIER: the thread waits at a barrier
 * @GPSVM_ISA_STEP_EXITED: the thread has ended
 * @GPSVM_ISA_STEP_ERROR: the thread failed the launch
 */
enum gpsvm_isa_step_status {
	GPSVM_ISA_STEP_EXECUTED,
	GPSVM_ISA_STEP_STALLED,
	GPSVM_ISA_STEP_BARRIER,
	GPSVM_ISA_STEP_EXITED,
	GPSVM_ISA_STEP_ERROR,
};

/**
 * enum gpsvm_isa_run_status - result of gpsvm_isa_run_block()
 * @GPSVM_ISA_RUN_DONE: every thread of the block has exited
 * @GPSVM_ISA_RUN_STALLED: no thread can progress until a translation fault
 *	is serviced (at least one thread is stalled)
 * @GPSVM_ISA_RUN_ERROR: a thread failed the launch (state FAILED)
 * @GPSVM_ISA_RUN_BUDGET: the step budget ran out first
 */
enum gpsvm_isa_run_status {
	GPSVM_ISA_RUN_DONE,
	GPSVM_ISA_RUN_STALLED,
	GPSVM_ISA_RUN_ERROR,
	GPSVM_ISA_RUN_BUDGET,
};

void gpsvm_isa_thread_init(struct gpsvm_isa_thread *t,
			   const struct gpsvm_isa_launch *l,
			   const u32 tid[3], const u32 ctaid[3]);
unsigned int gpsvm_isa_block_threads(const struct gpsvm_isa_launch *l);
void gpsvm_isa_block_init(struct gpsvm_isa_thread *threads,
			  const struct gpsvm_isa_launch *l,
			  const u32 ctaid[3]);
u64 gpsvm_isa_block_mem_size(const struct gpsvm_isa_launch *l);
void gpsvm_isa_block_set_mem(struct gpsvm_isa_thread *threads,
			     const struct gpsvm_isa_launch *l, u8 *mem);
bool gpsvm_isa_block_release(struct gpsvm_isa_thread *threads,
			     unsigned int n);
int gpsvm_isa_step(struct gpsvm_isa_thread *t,
		   const struct gpsvm_isa_launch *l,
		   const struct gpsvm_isa_mem_ops *mem, void *ctx);
int gpsvm_isa_run_block(struct gpsvm_isa_thread *threads, unsigned int n,
			const struct gpsvm_isa_launch *l,
			const struct gpsvm_isa_mem_ops *mem, void *ctx,
			unsigned long *budget, unsigned int *next);

#endif /* __GPSVM_MODEL_ISA_H__ */
