/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal interface of the gpsvm GPU model. Drivers never include this:
 * they see only include/gpsvm_hw.h. The model's KUnit tests do.
 */
#ifndef __GPSVM_MODEL_H__
#define __GPSVM_MODEL_H__

#include <linux/spinlock.h>
#include <linux/types.h>

#include "include/gpsvm_hw.h"

struct irq_domain;
struct fwnode_handle;
struct platform_device;

/**
 * struct gpsvm_model - one modelled GPU
 * @index: GPU number, also the platform device id
 * @lock: protects the register state below; taken with interrupts off, as
 *	registers are read from hard-interrupt handlers
 * @intr: PMC interrupt status
 * @intr_en: PMC interrupt enable
 * @scratch: PBUS scratch registers
 * @vram: host memory that backs the GPU's VRAM
 * @vram_size: its size in bytes
 * @fwnode: names the interrupt domain
 * @domain: IRQ simulator domain: the GPU's interrupt line
 * @irq: the Linux IRQ number of that line
 * @bus: what the driver gets as platform data
 * @pdev: the platform device, when registered
 */
struct gpsvm_model {
	unsigned int index;
	/* Register state; see "gpsvm model locking". */
	spinlock_t lock;
	u32 intr;
	u32 intr_en;
	u32 scratch[GPSVM_PBUS_SCRATCH_COUNT];
	void *vram;
	u64 vram_size;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	int irq;
	struct gpsvm_hw_bus bus;
	struct platform_device *pdev;
};

struct gpsvm_model *gpsvm_model_create(unsigned int index, u64 vram_size);
void gpsvm_model_destroy(struct gpsvm_model *gpu);
u32 gpsvm_model_rd32(void *ctx, u32 reg);
void gpsvm_model_wr32(void *ctx, u32 reg, u32 val);
void gpsvm_model_intr_raise(struct gpsvm_model *gpu, u32 bits);

#endif /* __GPSVM_MODEL_H__ */
