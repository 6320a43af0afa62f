/* SPDX-License-Identifier: MIT */
#ifndef TEST_CLC_H
#define TEST_CLC_H

void clc_directed_tests(void);
void clc_speed(void);

#endif
