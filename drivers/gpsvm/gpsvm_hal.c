// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm: choosing the HAL of a GPU from its identification register.
 */

#include <linux/bitfield.h>
#include <linux/kernel.h>

#include <kunit/visibility.h>

#include "gpsvm_hal.h"
#include "gpsvm_hw.h"

static const struct gpsvm_hal *const gpsvm_hals[] = {
	&gpsvm_gp100_hal,
};

/**
 * gpsvm_hal_lookup() - the HAL of a chip
 * @boot0: the chip's PMC_BOOT_0 register
 *
 * Return: the HAL, or NULL for a chip the driver does not know.
 */
const struct gpsvm_hal *gpsvm_hal_lookup(u32 boot0)
{
	u32 chip = FIELD_GET(GPSVM_PMC_BOOT_0_CHIP, boot0);
	int i;

	if (boot0 == GPSVM_PRI_ERROR)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(gpsvm_hals); i++)
		if (gpsvm_hals[i]->chip == chip)
			return gpsvm_hals[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(gpsvm_hal_lookup);
