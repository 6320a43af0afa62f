// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm GPU model: the copy engine. COPY, FILL, SEM_RELEASE and
 * SEM_ACQUIRE, run by the channel's worker, through the CE TLB.
 * firmware-notes/channels.md; locking in "gpsvm model fifo locking".
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/unaligned.h>

#include "gpsvm_model.h"

#define CE_CHUNK		SZ_4K
#define CE_SIZE_MAX		BIT_ULL(40)
/* Chunks between checks for reset and timeout. */
#define CE_CHECK_EVERY		64

/* One side of a transfer: virtual, or physical in an aperture. */
struct ce_side {
	bool phys;
	unsigned int aper;
	u64 addr;
	unsigned int access;
};

/* A mapped chunk: @p NULL for a sparse page. */
struct ce_map {
	void *p;
	unsigned int aper;
};

/* Decode one side's flags; false if out of range. */
static bool ce_side_init(struct ce_side *s, u32 flags, u32 phys_bit,
			 u32 aper_mask, u64 addr, unsigned int access)
{
	s->phys = flags & phys_bit;
	s->aper = (flags & aper_mask) >> __ffs(aper_mask);
	s->addr = addr;
	s->access = access;
	if (!s->phys)
		return s->aper == 0;
	return s->aper != GP100_PTE_APERTURE_PEER;
}

/* Map @len bytes at @off of @s, not crossing a 4 KiB page. */
static int ce_map(struct gpsvm_model_chan *chan, const struct ce_side *s,
		  u64 off, size_t len, struct ce_map *m,
		  struct gpsvm_model_cmd_err *err)
{
	struct gpsvm_model *gpu = chan->gpu;
	struct gpsvm_model_xlat x;
	u64 a = s->addr + off;

	lockdep_assert_held(&gpu->ce_tlb.lock);

	if (s->phys) {
		m->aper = s->aper;
		m->p = gpsvm_model_mem_map(gpu, s->aper, a, len);
		if (!m->p)
			goto region;
		return 0;
	}
	if (gpsvm_model_mmu_translate(gpu, &gpu->ce_tlb, &chan->vas, a,
				      s->access, &x)) {
		gpsvm_model_mmu_err(err, x.fault_type, s->access, a);
		return GPSVM_MODEL_CMD_ERROR;
	}
	m->aper = x.aperture;
	if (x.flags & GPSVM_MODEL_XLAT_SPARSE) {
		m->p = NULL;
		return 0;
	}
	m->p = gpsvm_model_mem_map(gpu, x.aperture, x.phys, len);
	if (m->p)
		return 0;
region:
	gpsvm_model_mmu_err(err, GP100_FAULT_REGION, s->access, a);
	return GPSVM_MODEL_CMD_ERROR;
}

static void ce_unmap(struct ce_map *m)
{
	if (m->p)
		gpsvm_model_mem_unmap(m->aper, m->p);
}

/* Bytes from @off of @s to the end of its 4 KiB page. */
static u64 ce_room(const struct ce_side *s, u64 off)
{
	return CE_CHUNK - ((s->addr + off) & (CE_CHUNK - 1));
}

static bool ce_reserved_zero(const u8 *cmd, unsigned int from)
{
	for (; from < GPSVM_CMD_SIZE; from++)
		if (cmd[from])
			return false;
	return true;
}

/* Would [a, a + size) wrap around? */
static bool ce_wraps(u64 a, u64 size)
{
	return a + size < a || (a + size == 0 && size);
}

/*
 * Copy (@src) or fill (@src NULL, with @pattern) @size bytes to @dst,
 * chunk by chunk, under the CE TLB lock for each chunk.
 */
static int ce_transfer(struct gpsvm_model_chan *chan,
		       const struct ce_side *src, const struct ce_side *dst,
		       u32 pattern, u64 size, u64 deadline,
		       struct gpsvm_model_cmd_err *err)
{
	struct gpsvm_model_tlb *tlb = &chan->gpu->ce_tlb;
	struct ce_map ms = {}, md;
	unsigned long flags, chunks = 0;
	u64 done = 0, n, i;
	int ret;

	while (done < size) {
		if (!(chunks++ % CE_CHECK_EVERY)) {
			ret = gpsvm_model_chan_stop(chan, deadline);
			if (ret)
				return ret;
			cond_resched();
		}
		n = min(size - done, ce_room(dst, done));
		if (src)
			n = min(n, ce_room(src, done));

		flags = gpsvm_model_tlb_lock(tlb);
		if (src) {
			ret = ce_map(chan, src, done, n, &ms, err);
			if (ret)
				goto unlock;
		}
		ret = ce_map(chan, dst, done, n, &md, err);
		if (ret) {
			if (src)
				ce_unmap(&ms);
			goto unlock;
		}
		if (md.p && src) {
			if (ms.p)
				memcpy(md.p, ms.p, n);
			else
				memset(md.p, 0, n);
		} else if (md.p) {
			for (i = 0; i < n; i += 4)
				put_unaligned_le32(pattern, md.p + i);
		}
		ce_unmap(&md);
		if (src)
			ce_unmap(&ms);
		gpsvm_model_tlb_unlock(tlb, flags);
		done += n;
	}
	return 0;

unlock:
	gpsvm_model_tlb_unlock(tlb, flags);
	return ret;
}

/* Same address space: both virtual, or physical in the same memory. */
static bool ce_same_space(const struct ce_side *a, const struct ce_side *b)
{
	if (a->phys != b->phys)
		return false;
	if (!a->phys)
		return true;
	return (a->aper == GP100_PTE_APERTURE_VIDEO) ==
	       (b->aper == GP100_PTE_APERTURE_VIDEO);
}

/**
 * gpsvm_model_ce_copy() - run a COPY command
 * @chan: the channel
 * @cmd: the command's 64 bytes
 * @deadline: when it times out (ktime_get_ns()), 0: never
 * @err: the error, on GPSVM_MODEL_CMD_ERROR
 *
 * Context: process, the channel's worker; sleeps.
 * Return: 0, GPSVM_MODEL_CMD_ERROR, -EINVAL for a bad command,
 * -ECANCELED or -ETIMEDOUT.
 */
int gpsvm_model_ce_copy(struct gpsvm_model_chan *chan, const u8 *cmd,
			u64 deadline, struct gpsvm_model_cmd_err *err)
{
	u32 flags = get_unaligned_le32(cmd + 0x04);
	u64 size = get_unaligned_le64(cmd + 0x18);
	struct ce_side src, dst;

	if (flags & ~(u32)(GPSVM_CMD_SRC_PHYS | GPSVM_CMD_DST_PHYS |
			   GPSVM_CMD_SRC_APERTURE | GPSVM_CMD_DST_APERTURE))
		return -EINVAL;
	if (!ce_side_init(&src, flags, GPSVM_CMD_SRC_PHYS,
			  GPSVM_CMD_SRC_APERTURE,
			  get_unaligned_le64(cmd + 0x08), GP100_ACCESS_READ) ||
	    !ce_side_init(&dst, flags, GPSVM_CMD_DST_PHYS,
			  GPSVM_CMD_DST_APERTURE,
			  get_unaligned_le64(cmd + 0x10), GP100_ACCESS_WRITE))
		return -EINVAL;
	if (!size || size > CE_SIZE_MAX || !ce_reserved_zero(cmd, 0x20) ||
	    ce_wraps(src.addr, size) || ce_wraps(dst.addr, size))
		return -EINVAL;
	if (ce_same_space(&src, &dst) && src.addr < dst.addr + size &&
	    dst.addr < src.addr + size)
		return -EINVAL;
	return ce_transfer(chan, &src, &dst, 0, size, deadline, err);
}

/**
 * gpsvm_model_ce_fill() - run a FILL command
 * @chan: the channel
 * @cmd: the command's 64 bytes
 * @deadline: when it times out (ktime_get_ns()), 0: never
 * @err: the error, on GPSVM_MODEL_CMD_ERROR
 *
 * Context: process, the channel's worker; sleeps.
 * Return: as gpsvm_model_ce_copy().
 */
int gpsvm_model_ce_fill(struct gpsvm_model_chan *chan, const u8 *cmd,
			u64 deadline, struct gpsvm_model_cmd_err *err)
{
	u32 flags = get_unaligned_le32(cmd + 0x04);
	u64 size = get_unaligned_le64(cmd + 0x18);
	struct ce_side dst;

	if (flags & ~(u32)(GPSVM_CMD_DST_PHYS | GPSVM_CMD_DST_APERTURE))
		return -EINVAL;
	if (!ce_side_init(&dst, flags, GPSVM_CMD_DST_PHYS,
			  GPSVM_CMD_DST_APERTURE,
			  get_unaligned_le64(cmd + 0x10), GP100_ACCESS_WRITE))
		return -EINVAL;
	if (get_unaligned_le32(cmd + 0x0c) || !ce_reserved_zero(cmd, 0x20) ||
	    !IS_ALIGNED(dst.addr, 4) || !IS_ALIGNED(size, 4) || !size ||
	    size > CE_SIZE_MAX || ce_wraps(dst.addr, size))
		return -EINVAL;
	return ce_transfer(chan, NULL, &dst, get_unaligned_le32(cmd + 0x08),
			   size, deadline, err);
}

/* One 64-bit access to the semaphore: read (@acquire) or write @val. */
static int ce_sem_access(struct gpsvm_model_chan *chan,
			 const struct ce_side *s, u64 *val,
			 struct gpsvm_model_cmd_err *err)
{
	struct gpsvm_model_tlb *tlb = &chan->gpu->ce_tlb;
	unsigned long flags;
	struct ce_map m;
	int ret;

	flags = gpsvm_model_tlb_lock(tlb);
	ret = ce_map(chan, s, 0, sizeof(u64), &m, err);
	if (!ret) {
		if (s->access == GP100_ACCESS_READ)
			*val = m.p ? le64_to_cpu(READ_ONCE(*(__le64 *)m.p)) : 0;
		else if (m.p)
			WRITE_ONCE(*(__le64 *)m.p, cpu_to_le64(*val));
		ce_unmap(&m);
	}
	gpsvm_model_tlb_unlock(tlb, flags);
	return ret;
}

/**
 * gpsvm_model_ce_sem() - run a SEM_RELEASE or SEM_ACQUIRE command
 * @chan: the channel
 * @cmd: the command's 64 bytes
 * @acquire: SEM_ACQUIRE: poll until the value is >= the payload
 * @deadline: when it times out (ktime_get_ns()), 0: never
 * @err: the error, on GPSVM_MODEL_CMD_ERROR
 *
 * SEM_RELEASE orders every earlier write before the payload with smp_mb()
 * and stores it with one 64-bit WRITE_ONCE(). SEM_ACQUIRE polls with short
 * sleeps, and aborts on a reset or the timeout.
 *
 * Context: process, the channel's worker; sleeps.
 * Return: as gpsvm_model_ce_copy().
 */
int gpsvm_model_ce_sem(struct gpsvm_model_chan *chan, const u8 *cmd,
		       bool acquire, u64 deadline,
		       struct gpsvm_model_cmd_err *err)
{
	u32 flags = get_unaligned_le32(cmd + 0x04);
	u64 payload = get_unaligned_le64(cmd + 0x10);
	struct ce_side s;
	u64 val;
	int ret;

	if (flags & ~(u32)(GPSVM_CMD_DST_PHYS | GPSVM_CMD_DST_APERTURE))
		return -EINVAL;
	if (!ce_side_init(&s, flags, GPSVM_CMD_DST_PHYS,
			  GPSVM_CMD_DST_APERTURE,
			  get_unaligned_le64(cmd + 0x08),
			  acquire ? GP100_ACCESS_READ : GP100_ACCESS_WRITE))
		return -EINVAL;
	if (!IS_ALIGNED(s.addr, 8) || !ce_reserved_zero(cmd, 0x18))
		return -EINVAL;

	if (!acquire) {
		smp_mb(); /* earlier commands' writes before the payload */
		return ce_sem_access(chan, &s, &payload, err);
	}
	for (;;) {
		ret = ce_sem_access(chan, &s, &val, err);
		if (ret)
			return ret;
		if (val >= payload)
			break;
		ret = gpsvm_model_chan_stop(chan, deadline);
		if (ret)
			return ret;
		usleep_range(50, 200);
	}
	smp_mb(); /* the value before later commands' accesses */
	return 0;
}

/**
 * gpsvm_model_ce_read_virt() - read bytes of the channel's address space
 * @chan: the channel
 * @va: the first byte
 * @buf: where to put them
 * @len: how many
 * @err: the error, on GPSVM_MODEL_CMD_ERROR (an MMU fault, access READ)
 *
 * How a LAUNCH reads its code and arguments, through the CE TLB.
 *
 * Context: process, the channel's worker.
 * Return: 0 or GPSVM_MODEL_CMD_ERROR.
 */
int gpsvm_model_ce_read_virt(struct gpsvm_model_chan *chan, u64 va,
			     void *buf, u64 len,
			     struct gpsvm_model_cmd_err *err)
{
	struct gpsvm_model_tlb *tlb = &chan->gpu->ce_tlb;
	struct ce_side s = { .addr = va, .access = GP100_ACCESS_READ };
	unsigned long flags;
	struct ce_map m;
	u64 done = 0, n;
	int ret;

	while (done < len) {
		n = min(len - done, ce_room(&s, done));
		flags = gpsvm_model_tlb_lock(tlb);
		ret = ce_map(chan, &s, done, n, &m, err);
		if (!ret) {
			if (m.p)
				memcpy(buf + done, m.p, n);
			else
				memset(buf + done, 0, n);
			ce_unmap(&m);
		}
		gpsvm_model_tlb_unlock(tlb, flags);
		if (ret)
			return ret;
		done += n;
	}
	return 0;
}
