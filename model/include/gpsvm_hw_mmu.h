/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * GP100 memory-management formats: page-table entries ("VER2" format,
 * 49-bit VA), the instance block's page-directory base, and the fault and
 * access types the MMU reports. These match real GP100 bit for bit
 * (shared/reference/gp100-formats.md); firmware-notes/mmu.md describes how
 * the model uses them. Shared by the model and the driver.
 */
#ifndef __GPSVM_HW_MMU_H__
#define __GPSVM_HW_MMU_H__

#include <linux/bits.h>
#include <linux/sizes.h>

#define GP100_MMU_VA_BITS		49

/* VA bits that index each level. */
#define GP100_MMU_PD3_VA		GENMASK_ULL(48, 47)
#define GP100_MMU_PD2_VA		GENMASK_ULL(46, 38)
#define GP100_MMU_PD1_VA		GENMASK_ULL(37, 29)
#define GP100_MMU_PD0_VA		GENMASK_ULL(28, 21)
#define GP100_MMU_SPT_VA		GENMASK_ULL(20, 12)
#define GP100_MMU_BPT_VA		GENMASK_ULL(20, 16)

/* Entry sizes and table sizes in bytes. */
#define GP100_MMU_PDE_SIZE		8
#define GP100_MMU_PD0_ENTRY_SIZE	16
#define GP100_MMU_PTE_SIZE		8
#define GP100_MMU_PD3_BYTES		(4 * GP100_MMU_PDE_SIZE)
#define GP100_MMU_PD_BYTES		(512 * GP100_MMU_PDE_SIZE)
#define GP100_MMU_PD0_BYTES		(256 * GP100_MMU_PD0_ENTRY_SIZE)
#define GP100_MMU_SPT_BYTES		(512 * GP100_MMU_PTE_SIZE)
#define GP100_MMU_BPT_BYTES		(32 * GP100_MMU_PTE_SIZE)

/* Page sizes, as shifts. */
#define GP100_MMU_SMALL_SHIFT		12	/* 4 KiB, small page table */
#define GP100_MMU_BIG_SHIFT		16	/* 64 KiB, big page table */
#define GP100_MMU_HUGE_SHIFT		21	/* 2 MiB, PTE in PD0 */

/* PTE (small, big, and the 2 MiB PTE in the low qword of a PD0 entry). */
#define GP100_PTE_VALID			BIT_ULL(0)
#define GP100_PTE_APERTURE		GENMASK_ULL(2, 1)
#define   GP100_PTE_APERTURE_VIDEO	0
#define   GP100_PTE_APERTURE_PEER	1
#define   GP100_PTE_APERTURE_SYS_COH	2
#define   GP100_PTE_APERTURE_SYS_NCOH	3
#define GP100_PTE_VOL			BIT_ULL(3)
#define GP100_PTE_ENCRYPTED		BIT_ULL(4)
#define GP100_PTE_PRIV			BIT_ULL(5)
#define GP100_PTE_READ_ONLY		BIT_ULL(6)
#define GP100_PTE_ATOMIC_DISABLE	BIT_ULL(7)
/* Address in 4 KiB units: system (DMA) address, or VRAM offset. */
#define GP100_PTE_ADDR_SYS		GENMASK_ULL(53, 8)
#define GP100_PTE_ADDR_VID		GENMASK_ULL(32, 8)
#define GP100_PTE_ADDR_SHIFT		12
#define GP100_PTE_PEER_ID		GENMASK_ULL(35, 33)
#define GP100_PTE_COMPTAG		GENMASK_ULL(53, 36)
#define GP100_PTE_KIND			GENMASK_ULL(63, 56)

/* PDE (PD3, PD2, PD1). Note the aperture encoding differs from the PTE's. */
#define GP100_PDE_IS_PTE		BIT_ULL(0)
#define GP100_PDE_APERTURE		GENMASK_ULL(2, 1)
#define   GP100_PDE_APERTURE_INVALID	0
#define   GP100_PDE_APERTURE_VIDEO	1
#define   GP100_PDE_APERTURE_SYS_COH	2
#define   GP100_PDE_APERTURE_SYS_NCOH	3
#define GP100_PDE_VOL			BIT_ULL(3)
#define GP100_PDE_ADDR_SYS		GENMASK_ULL(53, 8)
#define GP100_PDE_ADDR_VID		GENMASK_ULL(32, 8)
#define GP100_PDE_ADDR_SHIFT		12

/* Dual PDE at PD0: low qword big (64 KiB) PT, high qword small (4 KiB) PT. */
#define GP100_DUAL_PDE_BIG_APERTURE	GENMASK_ULL(2, 1)
#define GP100_DUAL_PDE_BIG_VOL		BIT_ULL(3)
#define GP100_DUAL_PDE_BIG_ADDR		GENMASK_ULL(53, 4)
#define GP100_DUAL_PDE_BIG_ADDR_SHIFT	8
#define GP100_DUAL_PDE_SMALL_APERTURE	GENMASK_ULL(2, 1)
#define GP100_DUAL_PDE_SMALL_VOL	BIT_ULL(3)
#define GP100_DUAL_PDE_SMALL_ADDR	GENMASK_ULL(53, 8)
#define GP100_DUAL_PDE_SMALL_ADDR_SHIFT	12

/* Instance block: page-directory base and VA limit. */
#define GP100_RAMIN_PDB_LO		0x200
#define   GP100_RAMIN_PDB_TARGET	GENMASK(1, 0)	/* PTE aperture values */
#define   GP100_RAMIN_PDB_VOL		BIT(2)
#define   GP100_RAMIN_PDB_REPLAY_TEX	BIT(4)
#define   GP100_RAMIN_PDB_REPLAY_GCC	BIT(5)
#define   GP100_RAMIN_PDB_VER2		BIT(10)
#define   GP100_RAMIN_PDB_BIG_64K	BIT(11)
#define   GP100_RAMIN_PDB_ADDR_LO	GENMASK(31, 12)
#define GP100_RAMIN_PDB_HI		0x204
#define GP100_RAMIN_LIMIT_LO		0x208	/* VA limit - 1, bits 31:12 */
#define GP100_RAMIN_LIMIT_HI		0x20c
#define GP100_RAMIN_SIZE		SZ_4K

/* Fault-buffer ACCESS_TYPE: what an access asks of the MMU. */
#define GP100_ACCESS_READ		0
#define GP100_ACCESS_WRITE		1
#define GP100_ACCESS_ATOMIC		2
#define GP100_ACCESS_PREFETCH		3

/* Fault-buffer FAULT_TYPE. */
#define GP100_FAULT_PDE			0x0
#define GP100_FAULT_PDE_SIZE		0x1
#define GP100_FAULT_PTE			0x2
#define GP100_FAULT_VA_LIMIT		0x3
#define GP100_FAULT_UNBOUND_INST	0x4
#define GP100_FAULT_PRIV		0x5
#define GP100_FAULT_RO_VIOLATION	0x6
#define GP100_FAULT_PITCH_MASK		0x8
#define GP100_FAULT_WORK_CREATION	0x9
#define GP100_FAULT_UNSUPPORTED_APERTURE 0xa
#define GP100_FAULT_COMPRESSION		0xb
#define GP100_FAULT_UNSUPPORTED_KIND	0xc
#define GP100_FAULT_REGION		0xd
#define GP100_FAULT_POISONED		0xe
#define GP100_FAULT_ATOMIC_VIOLATION	0xf

/* Replayable fault buffer entry: 32 bytes, eight little-endian words. */
#define GP100_FAULT_ENTRY_SIZE		32
#define GP100_FAULT_ENTRY_W0_INST_APERTURE	GENMASK(9, 8)
#define GP100_FAULT_ENTRY_W0_INST_LO		GENMASK(31, 12)
/* w1 INST_HI, w2/w3 VA low/high, w4/w5 timestamp low/high, w6 0. */
#define GP100_FAULT_ENTRY_W7_FAULT_TYPE		GENMASK(4, 0)
#define GP100_FAULT_ENTRY_W7_CLIENT		GENMASK(14, 8)
#define GP100_FAULT_ENTRY_W7_ACCESS_TYPE	GENMASK(18, 16)
#define GP100_FAULT_ENTRY_W7_CLIENT_TYPE	BIT(20)	/* 0 GPC, 1 HUB */
#define GP100_FAULT_ENTRY_W7_GPC_ID		GENMASK(28, 24)
#define GP100_FAULT_ENTRY_W7_VALID		BIT(31)

#endif /* __GPSVM_HW_MMU_H__ */
