/* SPDX-License-Identifier: MIT */
/*
 * gpsvm's OpenCL platform (an ICD loaded by ocl-icd): internal interfaces.
 *
 * Every object starts with the ICD dispatch pointer, then a magic number
 * that the API entry points check (a released or foreign handle is an
 * "invalid object" error, never a crash on a live one), then a reference
 * count.
 *
 * Memory: every buffer, SVM allocation and program data image is process
 * memory; the GPU reaches it through SVM (the driver's replayable faults),
 * so one allocation serves every device of a context and a kernel may be
 * given any host pointer. Only code and argument blocks are buffer
 * objects, in each device's unmanaged window.
 *
 * Execution: a command queue is a thread that runs its commands in order,
 * each once its wait list is complete: host commands (copies, fills,
 * maps) on the CPU, kernels as one EXEC on the queue's channel, waited
 * for before the next command. Events complete from that thread, which
 * runs their callbacks.
 */
#ifndef GPSVM_OCL_H
#define GPSVM_OCL_H

#include <ocl_icd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "gpsvm_clc.h"

#define OCL_MAGIC_PLATFORM	0x676f706cu
#define OCL_MAGIC_DEVICE	0x676f6476u
#define OCL_MAGIC_CONTEXT	0x676f6378u
#define OCL_MAGIC_QUEUE		0x676f7175u
#define OCL_MAGIC_MEM		0x676f6d6du
#define OCL_MAGIC_PROGRAM	0x676f7072u
#define OCL_MAGIC_KERNEL	0x676f6b6eu
#define OCL_MAGIC_EVENT		0x676f6576u
#define OCL_MAGIC_DEAD		0xdeadbeefu

#define OCL_MAX_DEVICES		16
/* Each device's unmanaged window: code images, then argument blocks. */
#define OCL_WINDOW_SIZE		(256ull << 20)
#define OCL_ARGS_SIZE		4096u	/* one block per queue: the EXEC limit */
#define OCL_MAX_WG		1024u
#define OCL_MAX_GRID		65535u
#define OCL_MAX_SHARED		65536u
#define OCL_MAX_PRIVATE		65536u

extern struct _cl_icd_dispatch ocl_dispatch;

struct ocl_object {
	struct _cl_icd_dispatch *dispatch;
	uint32_t magic;
	int refs;		/* atomic */
};

struct _cl_platform_id {
	struct ocl_object obj;
};

struct _cl_device_id {
	struct ocl_object obj;
	unsigned int index;	/* in the platform */
	char node[64];		/* render node */
	char name[96];
	uint64_t vram_size;
	uint64_t isa_version;
	unsigned int nsm;
	/* Opened at the first context: one file and window per process. */
	pthread_mutex_t lock;
	int fd;
	void *window;
	uint64_t window_used;	/* bump allocation; freed ranges reused below */
	struct ocl_range *free_ranges;
	int contexts;
};

struct ocl_range {
	struct ocl_range *next;
	uint64_t off, size;
};

struct _cl_context {
	struct ocl_object obj;
	cl_uint ndevices;
	cl_device_id devices[OCL_MAX_DEVICES];
	cl_context_properties *props;
	size_t nprops;		/* entries, with the terminating 0; 0: none */
	void (CL_CALLBACK *notify)(const char *, const void *, size_t, void *);
	void *notify_data;
	struct ocl_callback *destructors;
	pthread_mutex_t lock;
	struct ocl_svm *svm;	/* clSVMAlloc'd ranges */
};

struct ocl_svm {
	struct ocl_svm *next;
	void *ptr;
	size_t size;
	cl_svm_mem_flags flags;
};

struct ocl_callback {
	struct ocl_callback *next;
	cl_int status;		/* for events: when it runs */
	void (CL_CALLBACK *fn)();
	void *data;
};

enum ocl_cmd_kind {
	OCL_CMD_NDRANGE,
	OCL_CMD_COPY,		/* read, write, copy buffer, SVM memcpy */
	OCL_CMD_COPY_RECT,
	OCL_CMD_FILL,
	OCL_CMD_MARKER,		/* also barrier, map and unmap */
	OCL_CMD_SVM_FREE,
	OCL_CMD_MIGRATE,
};

struct ocl_cmd {
	struct ocl_cmd *next;
	enum ocl_cmd_kind kind;
	cl_event event;		/* always made; released if the caller did not ask */
	cl_uint nwait;
	cl_event *wait;
	cl_mem *mems;		/* retained for the command's life */
	cl_uint nmems;
	union {
		struct {
			cl_kernel kernel;	/* a snapshot (clone) */
			cl_uint dims;
			size_t offset[3], global[3], local[3];
		} nd;
		struct {
			void *dst;
			const void *src;
			size_t size;
		} copy;
		struct {
			char *dst;
			const char *src;
			size_t region[3];
			size_t dst_row, dst_slice, src_row, src_slice;
		} rect;
		struct {
			void *dst;
			size_t size;
			void *pattern;
			size_t pattern_size;
		} fill;
		struct {
			cl_uint n;
			void **ptrs;
			void (CL_CALLBACK *fn)(cl_command_queue, cl_uint,
					       void *[], void *);
			void *data;
		} svm_free;
		struct {
			cl_uint n;
			const void **ptrs;
			size_t *sizes;
			cl_mem_migration_flags flags;
		} migrate;
	} u;
};

struct _cl_command_queue {
	struct ocl_object obj;
	cl_context context;
	cl_device_id device;
	cl_command_queue_properties props;
	cl_queue_properties *qprops;
	size_t nqprops;
	uint32_t chan, sync, args_bo;
	void *args;		/* CPU mapping of the argument block */
	uint64_t args_va;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* new command, or one done */
	struct ocl_cmd *head, **tail;
	unsigned int pending;	/* queued or running */
	bool stop;
};

enum ocl_mem_kind { OCL_MEM_BUFFER, OCL_MEM_SUB };

struct _cl_mem {
	struct ocl_object obj;
	cl_context context;
	cl_mem_flags flags;
	size_t size;
	char *ptr;		/* the memory itself, in the process */
	void *host_ptr;		/* as given (CL_MEM_USE_HOST_PTR) */
	bool own;		/* ptr is ours to free */
	bool svm;		/* ptr is a clSVMAlloc'd pointer */
	cl_mem parent;		/* sub-buffers */
	size_t origin;
	int maps;		/* atomic */
	struct ocl_callback *destructors;
	cl_mem_properties *props;
	size_t nprops;
	pthread_mutex_t lock;
};

struct ocl_dev_code {		/* a program's code on one device */
	uint64_t va;		/* 0: not uploaded yet */
	uint64_t size;
	uint32_t bo;
};

struct _cl_program {
	struct ocl_object obj;
	cl_context context;
	char *source;
	char *options;		/* of the last build */
	char *log;
	cl_build_status status;
	cl_program_binary_type binary_type;
	struct gpsvm_clc_program *prog;
	void *data;		/* the data image, shared by every device */
	struct ocl_dev_code code[OCL_MAX_DEVICES];
	int kernels;		/* atomic: kernel objects alive */
	pthread_mutex_t lock;
	struct ocl_callback *release_cbs;
};

struct ocl_arg {
	bool set;
	bool svm;		/* clSetKernelArgSVMPointer */
	cl_mem mem;		/* a buffer argument, retained */
	uint32_t local_size;	/* a __local argument */
};

struct _cl_kernel {
	struct ocl_object obj;
	cl_program program;
	const struct gpsvm_clc_kernel *k;
	uint8_t *block;		/* the argument block as set so far */
	struct ocl_arg *args;
	pthread_mutex_t lock;
};

struct _cl_event {
	struct ocl_object obj;
	cl_context context;
	cl_command_queue queue;	/* NULL for user events */
	cl_command_type type;
	cl_int status;		/* under lock */
	cl_ulong times[4];	/* queued, submit, start, end */
	struct ocl_callback *callbacks;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/* Object checks: true if @o is a live object of that kind. */
bool ocl_is(const void *o, uint32_t magic);
#define OCL_IS(o, kind) ocl_is((o), OCL_MAGIC_##kind)
void ocl_retain(void *o);
/* Drop a reference; true when that was the last one. */
bool ocl_release(void *o);
void ocl_init(void *o, uint32_t magic);
/* Free a released object, after a delay: see ocl_platform.c. */
void ocl_free(void *o);

/* Copy a query's answer out, as every clGet*Info does. */
cl_int ocl_info(const void *src, size_t size, size_t param_value_size,
		void *param_value, size_t *param_value_size_ret);
#define OCL_INFO(v) ocl_info(&(v), sizeof(v), param_value_size, \
			     param_value, param_value_size_ret)
#define OCL_INFO_STR(s) ocl_info((s), strlen(s) + 1, param_value_size, \
				 param_value, param_value_size_ret)

cl_ulong ocl_now_ns(void);

/* Platform and devices (ocl_platform.c). */
extern struct _cl_platform_id ocl_platform;
cl_uint ocl_device_count(void);
cl_device_id ocl_device(cl_uint i);
int ocl_device_open(cl_device_id d);
void ocl_device_close(cl_device_id d);
int ocl_window_alloc(cl_device_id d, uint64_t size, uint64_t *va);
void ocl_window_free(cl_device_id d, uint64_t va, uint64_t size);

/* Contexts (ocl_context.c). */
bool ocl_context_has(cl_context c, cl_device_id d);
void ocl_context_notify(cl_context c, const char *msg);
struct ocl_svm *ocl_svm_find(cl_context c, const void *p);

/* Memory (ocl_mem.c). */
void ocl_mem_put(cl_mem m);

/* Events and queues (ocl_queue.c). */
cl_event ocl_event_new(cl_context c, cl_command_queue q,
		       cl_command_type type);
void ocl_event_complete(cl_event e, cl_int status);
cl_int ocl_wait_list(cl_command_queue q, cl_uint n, const cl_event *list);
cl_int ocl_enqueue(cl_command_queue q, struct ocl_cmd *cmd,
		   cl_command_type type, cl_uint nwait, const cl_event *wait,
		   cl_event *event, bool blocking);
struct ocl_cmd *ocl_cmd_new(enum ocl_cmd_kind kind);
void ocl_cmd_free(struct ocl_cmd *cmd);

/* Programs and kernels (ocl_program.c). */
cl_int ocl_program_upload(cl_program p, cl_device_id d);
cl_int ocl_kernel_run(cl_command_queue q, struct ocl_cmd *cmd);
cl_kernel ocl_kernel_snapshot(cl_kernel k, cl_int *err);
void ocl_kernel_put(cl_kernel k);

#endif /* GPSVM_OCL_H */
