/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm hardware interface: the register map of the GP100-class GPU that
 * gpsvm_model.ko implements, and the bus glue through which a driver reaches
 * it. firmware-notes/registers.md is the prose form of this file.
 */
#ifndef __GPSVM_HW_H__
#define __GPSVM_HW_H__

#include <linux/bits.h>
#include <linux/types.h>

/* Name of the platform devices the model registers, one per GPU. */
#define GPSVM_HW_DEVICE_NAME		"gpsvm-model"

/**
 * struct gpsvm_hw_bus - how a driver reaches one GPU
 * @ctx: the GPU, passed back to the accessors
 * @rd32: read a 32-bit register
 * @wr32: write a 32-bit register
 * @vram: the GPU's VRAM as the CPU sees it (BAR1 on a PCIe GPU); the
 *	driver maps it for CPU access to VRAM buffers, a page at a time
 *
 * On silicon these would be MMIO accesses to BAR0. The model has no BAR, so
 * its platform device carries this as platform data, and its interrupt as
 * an IRQ resource. The accessors may be called from any context, hard
 * interrupt included, and never sleep. A read of an offset that decodes to
 * no register returns GPSVM_PRI_ERROR, as NVIDIA GPUs return 0xbadfxxxx.
 */
struct gpsvm_hw_bus {
	void *ctx;
	u32 (*rd32)(void *ctx, u32 reg);
	void (*wr32)(void *ctx, u32 reg, u32 val);
	void *vram;
};

#define GPSVM_PRI_ERROR			0xbadf1100

/* PMC: identification and top-level interrupts. */
#define GPSVM_PMC_BOOT_0		0x000000
#define   GPSVM_PMC_BOOT_0_CHIP		GENMASK(28, 20)
#define   GPSVM_PMC_BOOT_0_REV		GENMASK(7, 0)
#define GPSVM_CHIP_GP100		0x130

/*
 * Interrupt status: a bit is set by the unit that raises it and cleared by
 * writing 1 to it. The interrupt line is asserted while STATUS & EN != 0.
 */
#define GPSVM_PMC_INTR			0x000100
#define GPSVM_PMC_INTR_EN		0x000140
/* Writing 1s here sets those bits in PMC_INTR: lets software test the line. */
#define GPSVM_PMC_INTR_TRIGGER		0x000148
#define   GPSVM_PMC_INTR_SOFTWARE	BIT(0)
/* Summary of PFIFO_INTR_0/1: set while any is; writes to it are ignored. */
#define   GPSVM_PMC_INTR_FIFO		BIT(1)
/* A replayable fault buffer entry was written (firmware-notes/faults.md). */
#define   GPSVM_PMC_INTR_REPLAYABLE_FAULT	BIT(2)
#define   GPSVM_PMC_INTR_VALID		(GPSVM_PMC_INTR_SOFTWARE | \
					 GPSVM_PMC_INTR_FIFO | \
					 GPSVM_PMC_INTR_REPLAYABLE_FAULT)

/* PBUS: scratch registers, free for software, reset to 0. */
#define GPSVM_PBUS_SCRATCH(i)		(0x001400 + (i) * 4)
#define GPSVM_PBUS_SCRATCH_COUNT	16

/* PFB: frame buffer (VRAM) size, in MiB. Read only. */
#define GPSVM_PFB_VRAM_SIZE_MB		0x100ce0

/*
 * PFB MMU invalidate (GP100 NV_PFB_PRI_MMU_INVALIDATE and its PDB register).
 * Write PDB (unless ALL_PDB), then INVALIDATE with TRIGGER set; the
 * invalidate is done when TRIGGER reads back 0. firmware-notes/mmu.md.
 */
#define GPSVM_PFB_MMU_INVALIDATE_PDB	0x100cb8
#define   GPSVM_PFB_MMU_INVALIDATE_PDB_APERTURE	GENMASK(1, 0)
#define   GPSVM_PFB_MMU_INVALIDATE_PDB_ADDR	GENMASK(31, 4)	/* addr >> 12 */
#define GPSVM_PFB_MMU_INVALIDATE	0x100cbc
#define   GPSVM_PFB_MMU_INVALIDATE_ALL_VA	BIT(0)
#define   GPSVM_PFB_MMU_INVALIDATE_ALL_PDB	BIT(1)
#define   GPSVM_PFB_MMU_INVALIDATE_REPLAY	GENMASK(5, 3)
#define   GPSVM_PFB_MMU_INVALIDATE_SYS_MEMBAR	BIT(6)
#define   GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_ID	GENMASK(14, 9)
#define   GPSVM_PFB_MMU_INVALIDATE_CANCEL_GPC_ID	GENMASK(19, 15)
#define   GPSVM_PFB_MMU_INVALIDATE_CANCEL_CLIENT_TYPE	BIT(20)
#define   GPSVM_PFB_MMU_INVALIDATE_CACHE_LEVEL	GENMASK(26, 24)
#define   GPSVM_PFB_MMU_INVALIDATE_TRIGGER	BIT(31)
/* PDB address bits 63:40 (bits 63:32 of the 64-bit "addr >> 8 | aperture"). */
#define GPSVM_PFB_MMU_INVALIDATE_PDB_HI	0x100cec
/*
 * gpsvm's own: the VA range of a targeted invalidate (ALL_VA = 0). VA_LO
 * bits 31:12 are VA bits 31:12, VA_HI bits 16:0 VA bits 48:32, PAGES the
 * length in 4 KiB pages (0: nothing).
 */
#define GPSVM_PFB_MMU_INVALIDATE_VA_LO	0x100cf0
#define   GPSVM_PFB_MMU_INVALIDATE_VA_LO_ADDR	GENMASK(31, 12)
#define GPSVM_PFB_MMU_INVALIDATE_VA_HI	0x100cf4
#define   GPSVM_PFB_MMU_INVALIDATE_VA_HI_ADDR	GENMASK(16, 0)
#define GPSVM_PFB_MMU_INVALIDATE_VA_PAGES	0x100cf8

/*
 * Replayable fault buffer (GP100 offsets; firmware-notes/faults.md). LO:
 * ENABLE, aperture (PTE encoding: 0 VRAM, 2 system coherent, 3 system
 * non-coherent; 1 is invalid), address bits 31:12; HI: address bits 63:32;
 * SIZE: entries; GET: software's read index; PUT: the model's write index.
 * INFO is gpsvm's own.
 */
#define GPSVM_FAULT_BUFFER_LO		0x002a70
#define   GPSVM_FAULT_BUFFER_LO_ENABLE		BIT(0)
#define   GPSVM_FAULT_BUFFER_LO_APERTURE	GENMASK(2, 1)
#define   GPSVM_FAULT_BUFFER_LO_ADDR		GENMASK(31, 12)
#define GPSVM_FAULT_BUFFER_HI		0x002a74
#define GPSVM_FAULT_BUFFER_SIZE		0x002a78
#define GPSVM_FAULT_BUFFER_GET		0x002a7c
#define GPSVM_FAULT_BUFFER_PUT		0x002a80
#define GPSVM_FAULT_BUFFER_INFO		0x002a84
#define   GPSVM_FAULT_BUFFER_INFO_OVERFLOW	BIT(0)	/* W1C */

/* MMU_INVALIDATE REPLAY values. */
#define GPSVM_REPLAY_NONE		0
#define GPSVM_REPLAY_START		1
#define GPSVM_REPLAY_START_ACK_ALL	2
#define GPSVM_REPLAY_CANCEL_TARGETED	3
#define GPSVM_REPLAY_CANCEL_GLOBAL	4

/*
 * PFIFO: bit c of INTR_0 (channels 0..31) and INTR_1 (32..63) is set while
 * channel c has CHAN_INTR & CHAN_INTR_EN != 0. Read only.
 */
#define GPSVM_PFIFO_INTR_0		0x002100
#define GPSVM_PFIFO_INTR_1		0x002104

/* PGRAPH: number of SMs of the compute engine. Read only. */
#define GPSVM_PGRAPH_SM_COUNT		0x400000
#define GPSVM_PGRAPH_ISA_VERSION	0x400004
#define   GPSVM_ISA_VERSION		2	/* firmware-notes/isa.md */

/* Channels: firmware-notes/channels.md. */
#define GPSVM_CHAN_COUNT		64
#define GPSVM_CHAN_BASE			0x800000
#define GPSVM_CHAN_STRIDE		0x80
#define GPSVM_CHAN(c, reg)		(GPSVM_CHAN_BASE + (c) * GPSVM_CHAN_STRIDE + (reg))
#define GPSVM_CHAN_INST			0x00
#define GPSVM_CHAN_INST_HI		0x04
#define GPSVM_CHAN_RING			0x08
#define GPSVM_CHAN_RING_HI		0x0c
#define   GPSVM_CHAN_APERTURE		GENMASK(1, 0)
#define   GPSVM_CHAN_ADDR_LO		GENMASK(31, 12)
#define GPSVM_CHAN_RING_SIZE		0x10
#define   GPSVM_CHAN_RING_SIZE_MIN	4
#define   GPSVM_CHAN_RING_SIZE_MAX	16
#define GPSVM_CHAN_PUT			0x14
#define GPSVM_CHAN_GET			0x18
#define GPSVM_CHAN_CTRL			0x1c
#define   GPSVM_CHAN_CTRL_ENABLE	BIT(0)
#define   GPSVM_CHAN_CTRL_RESET		BIT(1)
#define GPSVM_CHAN_STATUS		0x20
#define   GPSVM_CHAN_STATUS_STATE	GENMASK(3, 0)
#define   GPSVM_CHAN_STATE_DISABLED	0
#define   GPSVM_CHAN_STATE_IDLE		1
#define   GPSVM_CHAN_STATE_BUSY		2
#define   GPSVM_CHAN_STATE_ERROR	3
#define GPSVM_CHAN_INTR			0x24
#define GPSVM_CHAN_INTR_EN		0x28
#define   GPSVM_CHAN_INTR_NOTIFY	BIT(0)
#define   GPSVM_CHAN_INTR_ERROR		BIT(1)
#define GPSVM_CHAN_TIMEOUT_MS		0x2c
#define GPSVM_CHAN_ERR			0x30
#define   GPSVM_CHAN_ERR_CLASS		GENMASK(7, 0)
#define   GPSVM_CHAN_ERR_DETAIL		GENMASK(15, 8)
#define   GPSVM_CHAN_ERR_ACCESS		GENMASK(17, 16)
#define GPSVM_CHAN_ERR_ADDR		0x38
#define GPSVM_CHAN_ERR_ADDR_HI		0x3c
#define GPSVM_CHAN_ERR_INFO		0x40
#define GPSVM_CHAN_ERR_INFO_HI		0x44
#define GPSVM_CHAN_ERR_BLOCK		0x48
#define GPSVM_CHAN_ERR_THREAD		0x4c
#define GPSVM_CHAN_GROUP		0x50
#define   GPSVM_CHAN_GROUP_ID		GENMASK(5, 0)
#define GPSVM_CHAN_TIMESLICE_US		0x54
#define   GPSVM_CHAN_TIMESLICE_DEFAULT	1000

/* CHAN_ERR classes. */
#define GPSVM_CHAN_ERR_BAD_COMMAND	1
#define GPSVM_CHAN_ERR_MMU_FAULT	2
#define GPSVM_CHAN_ERR_ISA		3
#define GPSVM_CHAN_ERR_TIMEOUT		4
#define GPSVM_CHAN_ERR_UNBOUND_INST	5

/* Ring entries (commands): 64 bytes, little endian. */
#define GPSVM_CMD_SIZE			64
#define GPSVM_CMD_OPCODE		GENMASK(7, 0)
#define GPSVM_CMD_RESERVED		GENMASK(30, 8)
#define GPSVM_CMD_INTR			BIT(31)
#define GPSVM_CMD_NOP			0x00
#define GPSVM_CMD_LAUNCH		0x01
#define GPSVM_CMD_COPY			0x02
#define GPSVM_CMD_FILL			0x03
#define GPSVM_CMD_SEM_RELEASE		0x04
#define GPSVM_CMD_SEM_ACQUIRE		0x05
/* Flags of COPY, FILL, SEM_*: physical sides and their apertures. */
#define   GPSVM_CMD_SRC_PHYS		BIT(0)
#define   GPSVM_CMD_DST_PHYS		BIT(1)
#define   GPSVM_CMD_SRC_APERTURE	GENMASK(3, 2)
#define   GPSVM_CMD_DST_APERTURE	GENMASK(5, 4)
#define GPSVM_CMD_LAUNCH_CODE_WORDS_MAX	65536
#define GPSVM_CMD_LAUNCH_ARG_MAX	4096
#define GPSVM_CMD_LAUNCH_GRID_MAX	65535
#define GPSVM_CMD_LAUNCH_BLOCK_MAX	1024
/* Shared memory and all its threads' private memory, a block (ISA v2). */
#define GPSVM_CMD_LAUNCH_BLOCK_MEM_MAX	0x800000

#endif /* __GPSVM_HW_H__ */
