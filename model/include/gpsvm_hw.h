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
#define   GPSVM_PMC_INTR_VALID		GPSVM_PMC_INTR_SOFTWARE

/* PBUS: scratch registers, free for software, reset to 0. */
#define GPSVM_PBUS_SCRATCH(i)		(0x001400 + (i) * 4)
#define GPSVM_PBUS_SCRATCH_COUNT	16

/* PFB: frame buffer (VRAM) size, in MiB. Read only. */
#define GPSVM_PFB_VRAM_SIZE_MB		0x100ce0

#endif /* __GPSVM_HW_H__ */
