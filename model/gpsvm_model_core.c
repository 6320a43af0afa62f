// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: register file, interrupt line and VRAM of one GPU.
 */

#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <kunit/visibility.h>

#include "gpsvm_model.h"

/**
 * DOC: gpsvm model locking
 *
 * Each GPU has one spinlock, &gpsvm_model.lock, over its register state.
 * Register accessors run in any context, the driver's hard-interrupt
 * handler included, so the lock is taken with interrupts disabled and
 * nothing under it sleeps. The interrupt line is raised under the lock:
 * only an irq_work is queued there, and the handler runs once the lock is
 * dropped and interrupts are enabled again.
 */

/**
 * DOC: gpsvm model interrupt line
 *
 * The line is level triggered (firmware-notes/registers.md): asserted
 * while PMC_INTR & PMC_INTR_EN != 0, so that a source firing while the
 * handler runs, after it has read and acknowledged PMC_INTR, interrupts
 * again once the handler returns. It is an interrupt chip of the model's
 * own with handle_level_irq(): &gpsvm_model.intr_work, queued whenever
 * the status or the enables change, invokes the handler if the line is
 * asserted, and so does unmasking it, which the IRQ core does when a
 * handler returns.
 *
 * That is what makes an interrupt raised on one CPU while the handler
 * runs on another arrive: handle_level_irq() leaves the line masked
 * instead of running the handler a second time, and the first handler's
 * unmask finds the line still asserted. (The IRQ simulator the model
 * used before delivers with handle_simple_irq(), which drops such an
 * interrupt for good.)
 */

#define GPSVM_MODEL_REV		0xa1

/**
 * gpsvm_model_intr_update() - assert the line if an enabled interrupt is
 *	pending (level semantics)
 * @gpu: the GPU
 *
 * Context: any; &gpsvm_model.lock held.
 */
void gpsvm_model_intr_update(struct gpsvm_model *gpu)
{
	lockdep_assert_held(&gpu->lock);

	if (gpu->intr & gpu->intr_en)
		irq_work_queue(&gpu->intr_work);
}

/* Is the line asserted? A hint, without &gpsvm_model.lock. */
static bool gpsvm_model_intr_asserted(struct gpsvm_model *gpu)
{
	return READ_ONCE(gpu->intr) & READ_ONCE(gpu->intr_en);
}

/* Hard interrupt context: see "gpsvm model interrupt line". */
static void gpsvm_model_intr_work(struct irq_work *work)
{
	struct gpsvm_model *gpu = container_of(work, struct gpsvm_model,
					       intr_work);

	if (gpsvm_model_intr_asserted(gpu))
		generic_handle_irq_safe(gpu->irq);
}

/* The IRQ core tracks the mask: nothing to do. */
static void gpsvm_model_irq_mask(struct irq_data *d)
{
}

/* Still asserted after a handler returned: interrupt again. */
static void gpsvm_model_irq_unmask(struct irq_data *d)
{
	struct gpsvm_model *gpu = irq_data_get_irq_chip_data(d);

	if (gpsvm_model_intr_asserted(gpu))
		irq_work_queue(&gpu->intr_work);
}

static struct irq_chip gpsvm_model_irq_chip = {
	.name = "gpsvm-model",
	.irq_mask = gpsvm_model_irq_mask,
	.irq_unmask = gpsvm_model_irq_unmask,
};

static int gpsvm_model_irq_map(struct irq_domain *domain, unsigned int virq,
			       irq_hw_number_t hw)
{
	irq_set_chip_data(virq, domain->host_data);
	irq_set_chip_and_handler(virq, &gpsvm_model_irq_chip,
				 handle_level_irq);
	irq_modify_status(virq, IRQ_NOREQUEST | IRQ_NOAUTOEN,
			  IRQ_NOPROBE | IRQ_LEVEL);
	return 0;
}

static void gpsvm_model_irq_unmap(struct irq_domain *domain,
				  unsigned int virq)
{
	irq_set_chip_and_handler(virq, NULL, NULL);
	irq_set_chip_data(virq, NULL);
}

static const struct irq_domain_ops gpsvm_model_irq_domain_ops = {
	.map = gpsvm_model_irq_map,
	.unmap = gpsvm_model_irq_unmap,
};

/**
 * gpsvm_model_intr_raise() - a unit of the GPU raises interrupts
 * @gpu: the GPU
 * @bits: GPSVM_PMC_INTR_* bits to set in the status register
 *
 * Context: any; takes &gpsvm_model.lock.
 */
void gpsvm_model_intr_raise(struct gpsvm_model *gpu, u32 bits)
{
	unsigned long flags;

	spin_lock_irqsave(&gpu->lock, flags);
	gpu->intr |= bits & GPSVM_PMC_INTR_VALID & ~GPSVM_PMC_INTR_FIFO;
	gpsvm_model_intr_update(gpu);
	spin_unlock_irqrestore(&gpu->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_intr_raise);

/**
 * gpsvm_model_rd32() - read a register
 * @ctx: the &struct gpsvm_model
 * @reg: byte offset in the register space
 *
 * Context: any; takes &gpsvm_model.lock.
 * Return: the register's value, or %GPSVM_PRI_ERROR for no register.
 */
u32 gpsvm_model_rd32(void *ctx, u32 reg)
{
	struct gpsvm_model *gpu = ctx;
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&gpu->lock, flags);
	switch (reg) {
	case GPSVM_PMC_BOOT_0:
		val = FIELD_PREP(GPSVM_PMC_BOOT_0_CHIP, GPSVM_CHIP_GP100) |
		      FIELD_PREP(GPSVM_PMC_BOOT_0_REV, GPSVM_MODEL_REV);
		break;
	case GPSVM_PMC_INTR:
		val = gpu->intr;
		break;
	case GPSVM_PMC_INTR_EN:
		val = gpu->intr_en;
		break;
	case GPSVM_PMC_INTR_TRIGGER:
		val = 0;
		break;
	case GPSVM_PBUS_SCRATCH(0) ... GPSVM_PBUS_SCRATCH(GPSVM_PBUS_SCRATCH_COUNT - 1):
		if (reg & 3)
			goto bad;
		val = gpu->scratch[(reg - GPSVM_PBUS_SCRATCH(0)) / 4];
		break;
	case GPSVM_PFB_VRAM_SIZE_MB:
		val = gpu->vram_size >> 20;
		break;
	case GPSVM_PFB_MMU_INVALIDATE_PDB:
		val = lower_32_bits(gpu->mmu_pdb);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_PDB_HI:
		val = upper_32_bits(gpu->mmu_pdb);
		break;
	case GPSVM_PFB_MMU_INVALIDATE:
		val = gpu->mmu_inval;
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_LO:
		val = lower_32_bits(gpu->mmu_va);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_HI:
		val = upper_32_bits(gpu->mmu_va);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_PAGES:
		val = gpu->mmu_va_pages;
		break;
	default:
		if (!gpsvm_model_fault_rd32(gpu, reg, &val) &&
		    !gpsvm_model_fifo_rd32(gpu, reg, &val))
			goto bad;
		break;
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
	return val;

bad:
	spin_unlock_irqrestore(&gpu->lock, flags);
	pr_warn_ratelimited("gpsvm_model %u: read of unknown register 0x%06x\n",
			    gpu->index, reg);
	return GPSVM_PRI_ERROR;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_rd32);

/*
 * PFB_MMU_INVALIDATE_PDB{,_HI} hold aperture | (addr >> 12) << 4; return
 * addr | aperture, the form of &gpsvm_model_vas.pdb.
 */
static u64 gpsvm_model_inval_pdb(u64 reg)
{
	return ((reg & ~(u64)0xf) << 8) |
	       FIELD_GET(GPSVM_PFB_MMU_INVALIDATE_PDB_APERTURE, reg);
}

/**
 * gpsvm_model_wr32() - write a register
 * @ctx: the &struct gpsvm_model
 * @reg: byte offset in the register space
 * @val: the value
 *
 * Writes to read-only or unknown registers are dropped, as on silicon.
 *
 * A write of PFB_MMU_INVALIDATE with TRIGGER set invalidates the TLBs, then
 * replays or cancels the stalled replayable faults as its REPLAY field says,
 * before returning (see "gpsvm model MMU locking" and "gpsvm model
 * replayable faults").
 *
 * Context: any; takes &gpsvm_model.lock, and the MMU's locks after it is
 * dropped.
 */
void gpsvm_model_wr32(void *ctx, u32 reg, u32 val)
{
	struct gpsvm_model *gpu = ctx;
	unsigned long flags;
	bool bad = false;
	bool inval = false;
	u64 pdb = 0, va = 0;
	u32 pages = 0;

	spin_lock_irqsave(&gpu->lock, flags);
	switch (reg) {
	case GPSVM_PMC_INTR:
		/* FIFO is a summary: it clears with the channels' bits. */
		gpu->intr &= ~(val & ~GPSVM_PMC_INTR_FIFO);
		gpsvm_model_intr_update(gpu);
		break;
	case GPSVM_PMC_INTR_EN:
		gpu->intr_en = val & GPSVM_PMC_INTR_VALID;
		gpsvm_model_intr_update(gpu);
		break;
	case GPSVM_PMC_INTR_TRIGGER:
		gpu->intr |= val & GPSVM_PMC_INTR_SOFTWARE;
		gpsvm_model_intr_update(gpu);
		break;
	case GPSVM_PBUS_SCRATCH(0) ... GPSVM_PBUS_SCRATCH(GPSVM_PBUS_SCRATCH_COUNT - 1):
		if (reg & 3) {
			bad = true;
			break;
		}
		gpu->scratch[(reg - GPSVM_PBUS_SCRATCH(0)) / 4] = val;
		break;
	case GPSVM_PFB_MMU_INVALIDATE_PDB:
		gpu->mmu_pdb = (gpu->mmu_pdb & ~(u64)U32_MAX) | val;
		break;
	case GPSVM_PFB_MMU_INVALIDATE_PDB_HI:
		gpu->mmu_pdb = ((u64)val << 32) | lower_32_bits(gpu->mmu_pdb);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_LO:
		gpu->mmu_va = (gpu->mmu_va & ~(u64)U32_MAX) |
			      (val & GPSVM_PFB_MMU_INVALIDATE_VA_LO_ADDR);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_HI:
		gpu->mmu_va = ((u64)(val & GPSVM_PFB_MMU_INVALIDATE_VA_HI_ADDR)
			       << 32) | lower_32_bits(gpu->mmu_va);
		break;
	case GPSVM_PFB_MMU_INVALIDATE_VA_PAGES:
		gpu->mmu_va_pages = val;
		break;
	case GPSVM_PFB_MMU_INVALIDATE:
		/* TRIGGER reads 1 until the invalidate below is done. */
		gpu->mmu_inval = val;
		if (!(val & GPSVM_PFB_MMU_INVALIDATE_TRIGGER))
			break;
		inval = true;
		pdb = gpsvm_model_inval_pdb(gpu->mmu_pdb);
		va = gpu->mmu_va;
		pages = gpu->mmu_va_pages;
		break;
	case GPSVM_PMC_BOOT_0:
	case GPSVM_PFB_VRAM_SIZE_MB:
		break;
	default:
		bad = !gpsvm_model_fault_wr32(gpu, reg, val) &&
		      !gpsvm_model_fifo_wr32(gpu, reg, val);
		break;
	}
	spin_unlock_irqrestore(&gpu->lock, flags);
	if (inval) {
		gpsvm_model_mmu_invalidate(gpu, val, pdb, va, pages);
		/* Replay after the invalidate: retries see the new PTEs. */
		gpsvm_model_fault_replay(gpu, val, pdb);
		spin_lock_irqsave(&gpu->lock, flags);
		gpu->mmu_inval &= ~GPSVM_PFB_MMU_INVALIDATE_TRIGGER;
		spin_unlock_irqrestore(&gpu->lock, flags);
	}
	if (bad)
		pr_warn_ratelimited("gpsvm_model %u: write of unknown register 0x%06x\n",
				    gpu->index, reg);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_wr32);

/**
 * gpsvm_model_create() - power up one GPU
 * @index: its number, used in names
 * @vram_size: bytes of VRAM, a multiple of 1 MiB
 * @nsm: SMs of its compute engine, 1 to %GPSVM_MODEL_MAX_SMS
 *
 * Allocates the VRAM backing and an interrupt line from an IRQ domain of
 * its own, and starts the channels' workqueue and the SMs.
 * The GPU is not on any bus yet.
 *
 * Context: process; sleeps.
 * Return: the GPU, or an ERR_PTR().
 */
struct gpsvm_model *gpsvm_model_create(unsigned int index, u64 vram_size,
				       unsigned int nsm)
{
	struct gpsvm_model *gpu;
	int ret;

	if (!vram_size || !IS_ALIGNED(vram_size, SZ_1M) || !nsm ||
	    nsm > GPSVM_MODEL_MAX_SMS)
		return ERR_PTR(-EINVAL);

	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return ERR_PTR(-ENOMEM);
	gpu->index = index;
	gpu->nsm = nsm;
	spin_lock_init(&gpu->lock);
	gpsvm_model_mmu_init(gpu);
	init_waitqueue_head(&gpu->fault_wq);
	init_irq_work(&gpu->intr_work, gpsvm_model_intr_work);
	gpu->bus.ctx = gpu;
	gpu->bus.rd32 = gpsvm_model_rd32;
	gpu->bus.wr32 = gpsvm_model_wr32;

	gpu->vram_size = vram_size;
	gpu->vram = vzalloc(vram_size);
	if (!gpu->vram) {
		ret = -ENOMEM;
		goto err_free;
	}
	gpu->bus.vram = gpu->vram;

	gpu->fwnode = irq_domain_alloc_named_id_fwnode("gpsvm-model", index);
	if (!gpu->fwnode) {
		ret = -ENOMEM;
		goto err_vram;
	}
	gpu->domain = irq_domain_create_linear(gpu->fwnode, 1,
					       &gpsvm_model_irq_domain_ops,
					       gpu);
	if (!gpu->domain) {
		ret = -ENOMEM;
		goto err_fwnode;
	}
	gpu->irq = irq_create_mapping(gpu->domain, 0);
	if (!gpu->irq) {
		ret = -ENXIO;
		goto err_domain;
	}
	ret = gpsvm_model_fifo_init(gpu);
	if (ret)
		goto err_mapping;
	return gpu;

err_mapping:
	irq_work_sync(&gpu->intr_work);
	irq_dispose_mapping(gpu->irq);
err_domain:
	irq_domain_remove(gpu->domain);
err_fwnode:
	irq_domain_free_fwnode(gpu->fwnode);
err_vram:
	vfree(gpu->vram);
err_free:
	kfree(gpu);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_create);

/**
 * gpsvm_model_destroy() - power down a GPU made by gpsvm_model_create()
 * @gpu: the GPU; no driver may be using it
 *
 * Context: process; sleeps.
 */
void gpsvm_model_destroy(struct gpsvm_model *gpu)
{
	/* Channels and engines stop before anything they use goes. */
	gpsvm_model_fifo_fini(gpu);
	irq_work_sync(&gpu->intr_work);
	irq_dispose_mapping(gpu->irq);
	irq_domain_remove(gpu->domain);
	irq_domain_free_fwnode(gpu->fwnode);
	vfree(gpu->vram);
	kfree(gpu);
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_model_destroy);
