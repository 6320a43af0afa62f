// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm HAL for GP100 (Pascal).
 */

#include <linux/export.h>

#include <kunit/visibility.h>

#include "gpsvm_hal.h"
#include "gpsvm_hw.h"

const struct gpsvm_hal gpsvm_gp100_hal = {
	.chip = GPSVM_CHIP_GP100,
	.name = "GP100",
	.vmm = &gpsvm_gp100_vmm_hal,
	.fault = &gpsvm_gp100_fault_hal,
};
EXPORT_SYMBOL_IF_KUNIT(gpsvm_gp100_hal);
