/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm hardware abstraction: what differs between GPU generations. A new
 * generation is a new gpsvm_<chip>.c that fills in a struct gpsvm_hal.
 */
#ifndef __GPSVM_HAL_H__
#define __GPSVM_HAL_H__

#include <linux/types.h>

/**
 * struct gpsvm_hal - one GPU generation
 * @chip: chip id in PMC_BOOT_0
 * @name: marketing-free name, for logs
 */
struct gpsvm_hal {
	u32 chip;
	const char *name;
};

extern const struct gpsvm_hal gpsvm_gp100_hal;

const struct gpsvm_hal *gpsvm_hal_lookup(u32 boot0);

#endif /* __GPSVM_HAL_H__ */
