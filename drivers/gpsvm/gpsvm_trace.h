/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * gpsvm tracepoints: the SVM fault path, replays and cancels, GPU PTEs
 * written for process memory, MMU-notifier invalidations and migrations
 * between VRAM and system memory.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gpsvm

#if !defined(__GPSVM_TRACE_H__) || defined(TRACE_HEADER_MULTI_READ)
#define __GPSVM_TRACE_H__

#include <linux/tracepoint.h>

#include "gpsvm_device.h"

TRACE_EVENT(gpsvm_fault_batch,
	TP_PROTO(struct gpsvm_device *gdev, unsigned int entries,
		 unsigned int duplicates, unsigned int groups, u64 mapped,
		 unsigned int cancels, bool overflow, s64 ns),
	TP_ARGS(gdev, entries, duplicates, groups, mapped, cancels, overflow,
		ns),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(unsigned int, entries)
		__field(unsigned int, duplicates)
		__field(unsigned int, groups)
		__field(u64, mapped)
		__field(unsigned int, cancels)
		__field(bool, overflow)
		__field(s64, ns)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->entries = entries;
		__entry->duplicates = duplicates;
		__entry->groups = groups;
		__entry->mapped = mapped;
		__entry->cancels = cancels;
		__entry->overflow = overflow;
		__entry->ns = ns;
	),
	TP_printk("minor=%d entries=%u duplicates=%u groups=%u mapped=%llu cancels=%u overflow=%d ns=%lld",
		  __entry->minor, __entry->entries, __entry->duplicates,
		  __entry->groups, __entry->mapped, __entry->cancels,
		  __entry->overflow, __entry->ns)
);

/* A replay, or a cancel of @target's client (of every client if NULL). */
TRACE_EVENT(gpsvm_fault_replay,
	TP_PROTO(struct gpsvm_device *gdev, bool cancel,
		 const struct gpsvm_fault_target *target),
	TP_ARGS(gdev, cancel, target),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(bool, cancel)
		__field(int, gpc)
		__field(int, client)
		__field(bool, hub)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->cancel = cancel;
		__entry->gpc = target ? target->gpc : -1;
		__entry->client = target ? target->client : -1;
		__entry->hub = target && target->hub;
	),
	TP_printk("minor=%d %s gpc=%d client=%d hub=%d", __entry->minor,
		  __entry->cancel ? "cancel" : "replay", __entry->gpc,
		  __entry->client, __entry->hub)
);

TRACE_EVENT(gpsvm_svm_map,
	TP_PROTO(struct gpsvm_device *gdev, u64 start, u64 end, bool huge,
		 unsigned int ptes),
	TP_ARGS(gdev, start, end, huge, ptes),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(u64, start)
		__field(u64, end)
		__field(bool, huge)
		__field(unsigned int, ptes)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->start = start;
		__entry->end = end;
		__entry->huge = huge;
		__entry->ptes = ptes;
	),
	TP_printk("minor=%d [0x%llx, 0x%llx) %s ptes=%u", __entry->minor,
		  __entry->start, __entry->end, __entry->huge ? "2M" : "4K",
		  __entry->ptes)
);

TRACE_EVENT(gpsvm_svm_invalidate,
	TP_PROTO(struct gpsvm_device *gdev, u64 start, u64 end, int event),
	TP_ARGS(gdev, start, end, event),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(u64, start)
		__field(u64, end)
		__field(int, event)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->start = start;
		__entry->end = end;
		__entry->event = event;
	),
	TP_printk("minor=%d [0x%llx, 0x%llx) event=%d", __entry->minor,
		  __entry->start, __entry->end, __entry->event)
);

/* Pages of [start, end) moved to VRAM or back to system memory. */
TRACE_EVENT(gpsvm_dmem_migrate,
	TP_PROTO(struct gpsvm_device *gdev, u64 start, u64 end, bool to_vram,
		 unsigned int moved),
	TP_ARGS(gdev, start, end, to_vram, moved),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(u64, start)
		__field(u64, end)
		__field(bool, to_vram)
		__field(unsigned int, moved)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->start = start;
		__entry->end = end;
		__entry->to_vram = to_vram;
		__entry->moved = moved;
	),
	TP_printk("minor=%d [0x%llx, 0x%llx) to %s moved=%u", __entry->minor,
		  __entry->start, __entry->end,
		  __entry->to_vram ? "vram" : "ram", __entry->moved)
);

TRACE_EVENT(gpsvm_dmem_copy,
	TP_PROTO(struct gpsvm_device *gdev, unsigned int pages, bool to_vram,
		 bool engine, u64 ns),
	TP_ARGS(gdev, pages, to_vram, engine, ns),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(unsigned int, pages)
		__field(bool, to_vram)
		__field(bool, engine)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->pages = pages;
		__entry->to_vram = to_vram;
		__entry->engine = engine;
		__entry->ns = ns;
	),
	TP_printk("minor=%d pages=%u to %s by %s in %llu ns", __entry->minor,
		  __entry->pages, __entry->to_vram ? "vram" : "ram",
		  __entry->engine ? "copy engine" : "cpu", __entry->ns)
);

TRACE_EVENT(gpsvm_dmem_evict,
	TP_PROTO(struct gpsvm_device *gdev, u64 vram, unsigned int moved),
	TP_ARGS(gdev, vram, moved),
	TP_STRUCT__entry(
		__field(int, minor)
		__field(u64, vram)
		__field(unsigned int, moved)
	),
	TP_fast_assign(
		__entry->minor = gdev->drm.render ? gdev->drm.render->index : -1;
		__entry->vram = vram;
		__entry->moved = moved;
	),
	TP_printk("minor=%d chunk at vram 0x%llx moved=%u", __entry->minor,
		  __entry->vram, __entry->moved)
);

#endif /* __GPSVM_TRACE_H__ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE gpsvm_trace
#include <trace/define_trace.h>
