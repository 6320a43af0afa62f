/* SPDX-License-Identifier: MIT */
/*
 * gpsvm: DRM driver for GP100-class GPUs with shared virtual memory.
 * User-space interface.
 *
 * Every struct is padded to 8 bytes; fields named pad or reserved must be
 * zero, and the kernel rejects them with -EINVAL otherwise, so that a later
 * version can give them a meaning.
 *
 * Once the GPU is gone (unplugged, or its driver unbound) every ioctl fails
 * with -ENODEV, and jobs not done fail with -ENODEV; an open file stays
 * valid until it is closed.
 */
#ifndef __GPSVM_DRM_H__
#define __GPSVM_DRM_H__

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_GPSVM_GETPARAM		0x00
#define DRM_GPSVM_GEM_CREATE		0x01
#define DRM_GPSVM_GEM_MMAP_OFFSET	0x02
#define DRM_GPSVM_VM_BIND		0x03
#define DRM_GPSVM_CHANNEL_CREATE	0x04
#define DRM_GPSVM_CHANNEL_DESTROY	0x05
#define DRM_GPSVM_CHANNEL_INFO		0x06
#define DRM_GPSVM_EXEC			0x07
#define DRM_GPSVM_SVM_INIT		0x08
#define DRM_GPSVM_SVM_BIND		0x09
#define DRM_GPSVM_SVM_MIGRATE		0x0a
#define DRM_GPSVM_SVM_ADVISE		0x0b

/* Parameters for &drm_gpsvm_getparam.param. */
enum drm_gpsvm_param {
	/* Chip id, as in PMC_BOOT_0 (0x130 for GP100-class). */
	DRM_GPSVM_PARAM_CHIP_ID = 1,
	/* Chip revision. */
	DRM_GPSVM_PARAM_CHIP_REV = 2,
	/* VRAM size in bytes. */
	DRM_GPSVM_PARAM_VRAM_SIZE = 3,
	/*
	 * Version of the compute engine's ISA (firmware-notes/isa.md): from
	 * 2 on, &drm_gpsvm_exec.shared_size and .private_size are honoured.
	 * A kernel without this parameter (-EINVAL) runs v1 and ignores them.
	 */
	DRM_GPSVM_PARAM_ISA_VERSION = 4,
	/* Streaming multiprocessors of the compute engine (PGRAPH_SM_COUNT). */
	DRM_GPSVM_PARAM_SM_COUNT = 5,
};

/**
 * struct drm_gpsvm_getparam - query a device parameter
 * @param: one of &enum drm_gpsvm_param
 * @pad: must be zero
 * @value: the parameter's value, written by the kernel
 *
 * Errors: -EINVAL for an unknown @param or a non-zero @pad, -ENODEV once
 * the device is gone.
 */
struct drm_gpsvm_getparam {
	__u32 param;
	__u32 pad;
	__u64 value;
};

/* &drm_gpsvm_gem_create.flags */
#define DRM_GPSVM_GEM_VRAM		(1 << 0)	/* else system memory */

/**
 * struct drm_gpsvm_gem_create - create a buffer object
 * @size: bytes, a non-zero multiple of 4096; VRAM objects are placed
 *	contiguously, so they can be mapped with the largest GPU pages their
 *	alignment allows
 * @flags: DRM_GPSVM_GEM_*
 * @handle: the new object's handle, written by the kernel
 *
 * Objects are zeroed. Errors: -EINVAL for a bad size or unknown flags,
 * -ENOMEM (-ENOSPC for VRAM) when there is no room. System-memory objects
 * of all processes together hold at most the gpsvm module parameter
 * bo_limit_percent of RAM (default 50); beyond it, -ENOMEM.
 */
struct drm_gpsvm_gem_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/**
 * struct drm_gpsvm_gem_mmap_offset - where to mmap() a buffer object
 * @handle: the object
 * @pad: must be zero
 * @offset: the fake offset to pass to mmap() on the DRM file, written by
 *	the kernel
 *
 * Errors: -ENOENT for a bad handle, -EINVAL for a non-zero pad.
 */
struct drm_gpsvm_gem_mmap_offset {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

/* &drm_gpsvm_vm_bind_op.op */
#define DRM_GPSVM_VM_BIND_OP_MAP	1
#define DRM_GPSVM_VM_BIND_OP_UNMAP	2

/* &drm_gpsvm_vm_bind_op.flags (MAP only) */
#define DRM_GPSVM_VM_BIND_READ_ONLY	(1 << 0)
#define DRM_GPSVM_VM_BIND_NO_ATOMIC	(1 << 1)

/* The GPU VA space of a file: [DRM_GPSVM_VA_START, DRM_GPSVM_VA_END). */
#define DRM_GPSVM_VA_START		0x100000ull
#define DRM_GPSVM_VA_END		(1ull << 47)

/**
 * struct drm_gpsvm_vm_bind_op - one change of the file's GPU VA space
 * @op: DRM_GPSVM_VM_BIND_OP_*
 * @flags: DRM_GPSVM_VM_BIND_* for MAP; zero for UNMAP
 * @handle: MAP: the buffer object; UNMAP: zero
 * @pad: must be zero
 * @bo_offset: MAP: offset in the object, 4 KiB aligned; UNMAP: zero
 * @addr: first GPU VA, 4 KiB aligned
 * @range: bytes, a non-zero multiple of 4 KiB
 *
 * MAP needs [addr, addr + range) to be free and inside the VA space, and
 * the object to cover [bo_offset, bo_offset + range). UNMAP removes every
 * mapping in the range, splitting those that cross its ends.
 */
struct drm_gpsvm_vm_bind_op {
	__u32 op;
	__u32 flags;
	__u32 handle;
	__u32 pad;
	__u64 bo_offset;
	__u64 addr;
	__u64 range;
};

/**
 * struct drm_gpsvm_vm_bind - map and unmap in the file's GPU VA space
 * @num_ops: number of entries at @ops, 1 to 256
 * @flags: must be zero
 * @ops: user pointer to an array of &struct drm_gpsvm_vm_bind_op
 *
 * The operations are checked first, all of them, and applied in order
 * only if all are valid; the GPU sees the result (TLBs invalidated) when
 * the ioctl returns. Errors: -EINVAL for a malformed or overlapping
 * operation, -ENOENT for a bad handle, -EFAULT for a bad @ops.
 */
struct drm_gpsvm_vm_bind {
	__u32 num_ops;
	__u32 flags;
	__u64 ops;
};

/**
 * struct drm_gpsvm_channel_create - create a channel in the file's VA space
 * @flags: must be zero
 * @handle: the channel's handle in this file, written by the kernel
 *
 * Errors: -EINVAL for non-zero @flags, -EBADF after SVM_INIT in a process
 * other than the one that called it (see &struct drm_gpsvm_svm_init),
 * -EBUSY when the GPU has no free hardware channel, -EMFILE when the
 * calling process holds its share of them already (the gpsvm module
 * parameter channels_per_process, default 16 of 64, over all its files).
 */
struct drm_gpsvm_channel_create {
	__u32 flags;
	__u32 handle;
};

/**
 * struct drm_gpsvm_channel_destroy - destroy a channel
 * @handle: the channel
 * @pad: must be zero
 *
 * Jobs not yet done are cancelled. Errors: -ENOENT for a bad handle.
 */
struct drm_gpsvm_channel_destroy {
	__u32 handle;
	__u32 pad;
};

/* &drm_gpsvm_channel_info.error_class */
#define DRM_GPSVM_CHANNEL_OK		0
#define DRM_GPSVM_CHANNEL_BAD_COMMAND	1
#define DRM_GPSVM_CHANNEL_MMU_FAULT	2
#define DRM_GPSVM_CHANNEL_ISA		3
#define DRM_GPSVM_CHANNEL_TIMEOUT	4

/**
 * struct drm_gpsvm_channel_info - why a channel's last job failed
 * @handle: the channel
 * @error_class: DRM_GPSVM_CHANNEL_*, written by the kernel
 * @detail: fault type (MMU_FAULT) or ISA error code (ISA)
 * @access: access type of an MMU fault: 0 read, 1 write, 2 atomic
 * @addr: faulting VA (MMU_FAULT) or PC (ISA)
 * @info: the ISA error's info
 * @failed_jobs: jobs that have failed on this channel so far
 *
 * The channel recovers from an error by itself: later jobs run. The
 * fields describe the most recent error. Errors: -ENOENT for a bad
 * handle.
 */
struct drm_gpsvm_channel_info {
	__u32 handle;
	__u32 error_class;
	__u32 detail;
	__u32 access;
	__u64 addr;
	__u64 info;
	__u64 failed_jobs;
};

/**
 * struct drm_gpsvm_exec - run a program on a channel
 * @channel: the channel's handle
 * @flags: must be zero
 * @code_va: GPU VA of the code image, 8-byte aligned
 * @code_words: its length in instructions, 1 to 65536
 * @entry: byte offset of the first instruction, 8-aligned, inside the code
 * @args_va: GPU VA of the argument block (ignored when @arg_size is 0)
 * @arg_size: bytes of arguments, 0 to 4096
 * @pad: must be zero
 * @grid: blocks in x, y, z: each 1 to 65535
 * @block: threads per block in x, y, z: each at least 1, product <= 1024
 * @in_syncobj: 0, or a syncobj whose fence the job waits for
 * @out_syncobj: 0, or a syncobj that gets the job's fence
 * @shared_size: bytes of shared memory each block has (OpenCL's __local
 *	memory), a multiple of 8, at most 65536
 * @private_size: bytes of private memory each thread has, a multiple of
 *	8, at most 65536; with @shared_size, at most 8 MiB a block
 *
 * The program sees the shared and private memory at the addresses the ISA
 * gives them (firmware-notes/isa.md, section 9.8), zeroed when its block
 * starts. A program built before they existed passes a shorter struct,
 * which the kernel extends with zeros: no shared or private memory.
 *
 * The job runs after the channel's earlier jobs. Its fence signals when
 * it is done; with an error (visible through a sync_file's status) when it
 * faulted, trapped or timed out. Errors at submission: -EINVAL for
 * malformed fields, -EBADF after SVM_INIT in a process other than the one
 * that called it (see &struct drm_gpsvm_svm_init), -ENOENT for a bad
 * channel or syncobj handle.
 */
struct drm_gpsvm_exec {
	__u32 channel;
	__u32 flags;
	__u64 code_va;
	__u32 code_words;
	__u32 entry;
	__u64 args_va;
	__u32 arg_size;
	__u32 pad;
	__u32 grid[3];
	__u32 block[3];
	__u32 in_syncobj;
	__u32 out_syncobj;
	__u32 shared_size;
	__u32 private_size;
};

/**
 * struct drm_gpsvm_svm_init - share the process's address space with the GPU
 * @unmanaged_addr: start of the window kept for VM_BIND, 4 KiB aligned
 * @unmanaged_size: its size in bytes, a multiple of 4 KiB (may be 0)
 * @flags: must be zero
 * @pad: must be zero
 *
 * After this call, every GPU VA of the file outside the unmanaged window
 * is the same address in the calling process: a GPU access there is
 * served from the process's page tables on its first use (a replayable
 * page fault), with the CPU's permissions. VM_BIND may then map only
 * inside the window, which user space should keep free of CPU mappings
 * (for example with a PROT_NONE reservation). A GPU access the process
 * could not make itself (no mapping, PROT_NONE, a write to read-only
 * memory, an exited process) fails its job with
 * %DRM_GPSVM_CHANNEL_MMU_FAULT.
 *
 * Call it once per file, in the process whose memory the GPU is to share,
 * before creating channels. Errors: -EINVAL for a malformed window or
 * non-zero @flags or @pad, -EBUSY when SVM is already set up (by any
 * process), the file has channels or has VM_BIND mappings outside the
 * window, -ENOMEM.
 *
 * The file's SVM then belongs to the calling process. In any other
 * process that holds the file (a child after fork(), a receiver through
 * SCM_RIGHTS, the program after an execve()) SVM_BIND, CHANNEL_CREATE and
 * EXEC fail with -EBADF, as amdkfd's ioctls do for its file in another
 * process: they would make the GPU act on the memory of the process that
 * called SVM_INIT. The other ioctls, which reach no process memory, and
 * close() work in any process.
 */
struct drm_gpsvm_svm_init {
	__u64 unmanaged_addr;
	__u64 unmanaged_size;
	__u32 flags;
	__u32 pad;
};

/* &drm_gpsvm_svm_bind.flags */
#define DRM_GPSVM_SVM_BIND_WRITE	(1 << 0)	/* populate writable */

/**
 * struct drm_gpsvm_svm_bind - populate GPU mappings of process memory
 * @addr: start, 4 KiB aligned, outside the unmanaged window
 * @size: bytes, a non-zero multiple of 4 KiB, at most 1 GiB
 * @flags: DRM_GPSVM_SVM_BIND_*
 * @pad: must be zero
 *
 * Faults the range in as the CPU would (for write with
 * %DRM_GPSVM_SVM_BIND_WRITE) and maps it on the GPU, so that the GPU's
 * first accesses do not fault. A prefetch only: later CPU changes unmap
 * the GPU pages as usual. Errors: -EINVAL for a malformed range, unknown
 * flags, or a file without SVM_INIT; -EBADF in a process other than the
 * one that called SVM_INIT (see &struct drm_gpsvm_svm_init); -EFAULT when
 * part of the range is not mapped in the process, -EPERM for a write to
 * read-only memory, -EINTR on a signal.
 */
struct drm_gpsvm_svm_bind {
	__u64 addr;
	__u64 size;
	__u32 flags;
	__u32 pad;
};

/* &drm_gpsvm_svm_migrate.to, &drm_gpsvm_svm_advise.preferred_loc */
#define DRM_GPSVM_MEM_SYSTEM		0
#define DRM_GPSVM_MEM_VRAM		1

/**
 * struct drm_gpsvm_svm_migrate - move process memory to VRAM or back
 * @addr: start, 4 KiB aligned, outside the unmanaged window
 * @size: bytes, a non-zero multiple of 4 KiB, at most 1 GiB
 * @to: DRM_GPSVM_MEM_VRAM or DRM_GPSVM_MEM_SYSTEM
 * @flags: must be zero
 * @moved: out: the pages this call moved
 * @stayed: out: the pages that could not move. To VRAM: the pages not in
 *	this GPU's VRAM afterwards (pinned, file-backed, swapped out, in
 *	another device, or VRAM full). To system memory: this GPU's pages
 *	still in VRAM afterwards.
 *
 * What clEnqueueSVMMigrateMem() and cudaMemPrefetchAsync() map to. Pages
 * in VRAM stay the process's: the GPU maps them with atomics allowed, and
 * a CPU access moves them back (with the rest of their 2 MiB block), as
 * does the GPU's removal. Pages nothing populated yet are made in VRAM,
 * zeroed. Pages that cannot move are no error. Errors: -EINVAL for a
 * malformed range, an unknown @to or flags, or a file without SVM_INIT;
 * -EBADF in a process other than the one that called SVM_INIT; -EFAULT
 * when part of the range is not mapped (nothing moves then); -EINTR on a
 * fatal signal; -ENOMEM.
 */
struct drm_gpsvm_svm_migrate {
	__u64 addr;
	__u64 size;
	__u32 to;
	__u32 flags;
	__u64 moved;
	__u64 stayed;
};

/**
 * struct drm_gpsvm_svm_advise - where process memory should live
 * @addr: start, 4 KiB aligned, outside the unmanaged window
 * @size: bytes, a non-zero multiple of 4 KiB
 * @preferred_loc: DRM_GPSVM_MEM_VRAM: a GPU fault in the range first
 *	moves the faulting page's 2 MiB block (its part in the range) to this
 *	GPU's VRAM, least recently used blocks of any process making room
 *	when VRAM is full, and maps it there. DRM_GPSVM_MEM_SYSTEM, the
 *	default: GPU faults map pages where they are.
 * @flags: must be zero
 *
 * What cudaMemAdvise(cudaMemAdviseSetPreferredLocation) and amdkfd's
 * preferred-location attribute map to. Advice only: nothing moves at the
 * call, pages that cannot move are mapped where they are, and CPU
 * accesses still bring pages back. It belongs to the VA range, not to the
 * memory: it stays across munmap() and a new mmap() there, until changed
 * or the file is closed. Errors: -EINVAL for a malformed range, an unknown
 * @preferred_loc or flags, or a file without SVM_INIT; -EBADF in a process
 * other than the one that called SVM_INIT; -ENOMEM.
 */
struct drm_gpsvm_svm_advise {
	__u64 addr;
	__u64 size;
	__u32 preferred_loc;
	__u32 flags;
};

#define DRM_IOCTL_GPSVM_GETPARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_GETPARAM, struct drm_gpsvm_getparam)
#define DRM_IOCTL_GPSVM_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_GEM_CREATE, \
		 struct drm_gpsvm_gem_create)
#define DRM_IOCTL_GPSVM_GEM_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_GEM_MMAP_OFFSET, \
		 struct drm_gpsvm_gem_mmap_offset)
#define DRM_IOCTL_GPSVM_VM_BIND \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_VM_BIND, struct drm_gpsvm_vm_bind)
#define DRM_IOCTL_GPSVM_CHANNEL_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_CHANNEL_CREATE, \
		 struct drm_gpsvm_channel_create)
#define DRM_IOCTL_GPSVM_CHANNEL_DESTROY \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_CHANNEL_DESTROY, \
		struct drm_gpsvm_channel_destroy)
#define DRM_IOCTL_GPSVM_CHANNEL_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_CHANNEL_INFO, \
		 struct drm_gpsvm_channel_info)
#define DRM_IOCTL_GPSVM_EXEC \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_EXEC, struct drm_gpsvm_exec)
#define DRM_IOCTL_GPSVM_SVM_INIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_SVM_INIT, \
		struct drm_gpsvm_svm_init)
#define DRM_IOCTL_GPSVM_SVM_BIND \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_SVM_BIND, \
		struct drm_gpsvm_svm_bind)
#define DRM_IOCTL_GPSVM_SVM_MIGRATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_GPSVM_SVM_MIGRATE, \
		 struct drm_gpsvm_svm_migrate)
#define DRM_IOCTL_GPSVM_SVM_ADVISE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_GPSVM_SVM_ADVISE, \
		struct drm_gpsvm_svm_advise)

#if defined(__cplusplus)
}
#endif

#endif /* __GPSVM_DRM_H__ */
