/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm model: what the ISA interpreter and the soft float code need from
 * their environment. The same C builds in the kernel (the model module)
 * and in user space (host unit tests); this header is the only place that
 * tells the two apart.
 */
#ifndef __GPSVM_MODEL_ISA_PORT_H__
#define __GPSVM_MODEL_ISA_PORT_H__

#ifdef __KERNEL__

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/types.h>

static inline u64 gpsvm_isa_port_clock_ns(void)
{
	return ktime_get_ns();
}

static inline unsigned int gpsvm_isa_port_popc64(u64 x)
{
	return hweight64(x);
}

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define U32_MAX		((u32)~0U)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))

/* Single-copy atomic accesses and atomic RMW, as in Linux. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
/* Full memory barrier, as in Linux. */
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define try_cmpxchg(ptr, oldp, new)					\
	__atomic_compare_exchange_n(ptr, oldp, new, false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define try_cmpxchg64(ptr, oldp, new)	try_cmpxchg(ptr, oldp, new)
#define fallthrough		__attribute__((__fallthrough__))

static inline u64 gpsvm_isa_port_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static inline unsigned int gpsvm_isa_port_popc64(u64 x)
{
	return __builtin_popcountll(x);
}

#endif /* __KERNEL__ */

#endif /* __GPSVM_MODEL_ISA_PORT_H__ */
