// SPDX-License-Identifier: MIT
/*
 * gpsvm_svm_owner: a file's SVM belongs to the process that called
 * SVM_INIT. Another process that holds the file -- a child after fork(),
 * a process it was passed to through SCM_RIGHTS, one that outlived the
 * owner -- gets -EBADF from SVM_BIND, CHANNEL_CREATE and EXEC, so it
 * cannot make the GPU act on the owner's memory. The owner carries on with
 * its data intact, and the file closes in any process.
 */

#include "igt.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "gpsvm.h"
#include "gpsvm_igt.h"
#include "gpsvm_asm.h"

IGT_TEST_DESCRIPTION("SVM_BIND, CHANNEL_CREATE and EXEC of an SVM file fail with -EBADF outside the process that called SVM_INIT.");

#define PAGE		4096ull
#define WORDS		(PAGE / 4)
#define SEC		1000000000ll
#define JOB_WAIT	(60 * SEC)	/* beyond the 10 s job timeout */

/* The unmanaged window: the code BO at its start, the arguments 1 MiB in. */
#define WINDOW_SIZE	(4ull << 20)
#define BO_SIZE		(64ull << 10)
#define ARGS_OFF	(1ull << 20)

#define OWNER_KEY	0x0a0a0000u
#define OTHER_KEY	0x0b0b0000u

/* fill: ((u32 *)ptr)[i] = i ^ key for i < n. */
static const char prog_fill[] =
	GID
	"	ldarg.u32 r3, [12]\n"
	"	setp.ge.u32 p0, r0, r3\n"
	"	@p0 exit\n"
	"	ldarg.64 r4, [0]\n"
	"	ldarg.u32 r5, [8]\n"
	"	shl.64	r7, r0, 2\n"
	"	xor.32	r8, r0, r5\n"
	"	st.32	[r4 + r7], r8\n"
	"	exit\n";

struct fill_args {
	uint64_t ptr;
	uint32_t key, n;
};

/* An SVM file and what its owner set up; passed whole to other processes. */
struct owner {
	int fd;
	uint64_t win;		/* the unmanaged window */
	uint32_t code_bo, args_bo;
	uint32_t words;		/* of the program */
	uint32_t chan, sync;
	uint64_t data;		/* the owner's data page */
};

static void *map_anon(uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	igt_assert(p != MAP_FAILED);
	return p;
}

/* In the calling process: SVM_INIT, the program, a channel, a syncobj. */
static void owner_open(struct owner *o)
{
	struct gpsvm_asm_result res = {};
	void *window, *code;

	o->fd = gpsvm_open(0);
	igt_require_f(o->fd >= 0, "no gpsvm device\n");
	window = mmap(NULL, WINDOW_SIZE, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	igt_assert(window != MAP_FAILED);
	o->win = to_user_pointer(window);
	igt_assert_eq(gpsvm_svm_init(o->fd, o->win, WINDOW_SIZE), 0);

	igt_assert_eq(gpsvm_asm(prog_fill, &res), 0);
	igt_assert_eq(gpsvm_bo_create(o->fd, BO_SIZE, 0, &o->code_bo), 0);
	igt_assert_eq(gpsvm_bo_mmap(o->fd, o->code_bo, BO_SIZE, &code), 0);
	memcpy(code, res.words, res.nwords * 8);
	o->words = res.nwords;
	gpsvm_asm_free(&res);
	munmap(code, BO_SIZE);
	igt_assert_eq(gpsvm_vm_map(o->fd, o->code_bo, 0, o->win, BO_SIZE, 0),
		      0);
	igt_assert_eq(gpsvm_bo_create(o->fd, BO_SIZE, 0, &o->args_bo), 0);
	igt_assert_eq(gpsvm_vm_map(o->fd, o->args_bo, 0, o->win + ARGS_OFF,
				   BO_SIZE, 0), 0);
	igt_assert_eq(gpsvm_channel_create(o->fd, &o->chan), 0);
	igt_assert_eq(drmSyncobjCreate(o->fd, 0, &o->sync), 0);
	o->data = to_user_pointer(map_anon(PAGE));
}

/* EXEC of fill on the owner's channel, from any process holding o->fd. */
static int exec_fill(const struct owner *o, uint64_t ptr, uint32_t key)
{
	struct fill_args a = { ptr, key, WORDS };
	struct drm_gpsvm_exec e = {
		.channel = o->chan,
		.code_va = o->win,
		.code_words = o->words,
		.args_va = o->win + ARGS_OFF,
		.arg_size = sizeof(a),
		.grid = { WORDS / 256, 1, 1 },
		.block = { 256, 1, 1 },
		.out_syncobj = o->sync,
	};
	void *args;

	igt_assert_eq(gpsvm_bo_mmap(o->fd, o->args_bo, BO_SIZE, &args), 0);
	memcpy(args, &a, sizeof(a));
	munmap(args, BO_SIZE);
	return gpsvm_exec(o->fd, &e);
}

static int run_fill(const struct owner *o, uint64_t ptr, uint32_t key)
{
	int ret = exec_fill(o, ptr, key);

	return ret ?: gpsvm_syncobj_wait(o->fd, o->sync, JOB_WAIT);
}

static void check_fill(uint64_t ptr, uint32_t key)
{
	const uint32_t *p = from_user_pointer(ptr);
	uint32_t i;

	for (i = 0; i < WORDS; i++)
		igt_assert_f(p[i] == (i ^ key),
			     "word %u: 0x%08x, expected 0x%08x\n",
			     i, p[i], i ^ key);
}

static void put_byte(int fd, char c)
{
	igt_assert_eq(write(fd, &c, 1), 1);
}

static void get_byte(int fd, char want)
{
	char c = 0;

	igt_assert_eq(read(fd, &c, 1), 1);
	igt_assert_eq(c, want);
}

/*
 * In a process other than the owner: whatever would reach the owner's
 * memory fails with -EBADF, the rest of the file works. Once EXEC has
 * been tried, a byte to @tried (if >= 0) lets the owner look at its data.
 */
static void not_owner(const struct owner *o, int tried)
{
	struct drm_gpsvm_channel_info info = {};
	int exec, bind, create;
	uint32_t chan = 0;
	uint64_t chip = 0;

	exec = exec_fill(o, o->data, OTHER_KEY);
	/* Had it been queued, let it land before anyone looks. */
	if (!exec)
		gpsvm_syncobj_wait(o->fd, o->sync, JOB_WAIT);
	if (tried >= 0)
		put_byte(tried, 't');
	bind = gpsvm_svm_bind(o->fd, from_user_pointer(o->data), PAGE,
			      DRM_GPSVM_SVM_BIND_WRITE);
	create = gpsvm_channel_create(o->fd, &chan);
	igt_info("not the owner: EXEC %d, SVM_BIND %d, CHANNEL_CREATE %d\n",
		 exec, bind, create);
	igt_assert_eq(exec, -EBADF);
	igt_assert_eq(bind, -EBADF);
	igt_assert_eq(create, -EBADF);
	igt_assert_eq(gpsvm_svm_init(o->fd, o->win, WINDOW_SIZE), -EBUSY);

	igt_assert_eq(gpsvm_get_param(o->fd, DRM_GPSVM_PARAM_CHIP_ID, &chip),
		      0);
	igt_assert_eq_u64(chip, 0x130);
	igt_assert_eq(gpsvm_channel_info(o->fd, o->chan, &info), 0);
	igt_assert_eq_u64(info.failed_jobs, 0);
}

static void send_owner(int sock, const struct owner *o)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { (void *)o, sizeof(*o) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &o->fd, sizeof(int));
	igt_assert_eq(sendmsg(sock, &msg, 0), (ssize_t)sizeof(*o));
}

/* The owner's setup, with o->fd our own descriptor of the file. */
static void recv_owner(int sock, struct owner *o)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { o, sizeof(*o) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;

	igt_assert_eq(recvmsg(sock, &msg, 0), (ssize_t)sizeof(*o));
	cm = CMSG_FIRSTHDR(&msg);
	igt_assert(cm && cm->cmsg_type == SCM_RIGHTS);
	memcpy(&o->fd, CMSG_DATA(cm), sizeof(int));
}

/* The owner's GPU still works on its memory, which nobody else wrote. */
static void owner_goes_on(struct owner *o)
{
	check_fill(o->data, OWNER_KEY);
	igt_assert_eq(run_fill(o, o->data, OWNER_KEY ^ 1), 0);
	check_fill(o->data, OWNER_KEY ^ 1);
}

/* A child after fork() inherits the file: not its SVM. */
static void test_fork(void)
{
	struct owner o;
	int tried[2];

	owner_open(&o);
	igt_assert_eq(run_fill(&o, o.data, OWNER_KEY), 0);
	check_fill(o.data, OWNER_KEY);
	igt_assert_eq(pipe(tried), 0);

	igt_fork(child, 1) {
		close(tried[0]);
		not_owner(&o, tried[1]);
		/* Our copy of the page is the parent's as of the fork. */
		check_fill(o.data, OWNER_KEY);
		/* Not the file's last reference: the parent's stays. */
		igt_assert_eq(close(o.fd), 0);
	}
	close(tried[1]);
	get_byte(tried[0], 't');
	check_fill(o.data, OWNER_KEY);
	igt_waitchildren();
	owner_goes_on(&o);
	close(tried[0]);
	close(o.fd);
}

/*
 * The file passed through a UNIX socket to a process that never had it:
 * not its SVM either. The owner closes first, so that the file's last
 * close, which ends SVM, runs in the other process.
 */
static void test_scm_rights(void)
{
	int sv[2], tried[2];
	struct owner o;

	igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	igt_assert_eq(pipe(tried), 0);
	igt_fork(child, 1) {
		struct owner r;

		close(tried[0]);
		recv_owner(sv[1], &r);
		not_owner(&r, tried[1]);
		/* The owner has closed its descriptor: ours is the last. */
		get_byte(sv[1], 'x');
		igt_assert_eq(close(r.fd), 0);
	}
	close(tried[1]);

	owner_open(&o);
	igt_assert_eq(run_fill(&o, o.data, OWNER_KEY), 0);
	send_owner(sv[0], &o);
	get_byte(tried[0], 't');
	owner_goes_on(&o);
	close(o.fd);
	put_byte(sv[0], 'x');
	igt_waitchildren();
	check_fill(o.data, OWNER_KEY ^ 1);

	/* The device carries on for a new file. */
	owner_open(&o);
	igt_assert_eq(run_fill(&o, o.data, OWNER_KEY ^ 2), 0);
	check_fill(o.data, OWNER_KEY ^ 2);
	close(o.fd);
	close(sv[0]);
	close(sv[1]);
	close(tried[0]);
}

/* The owner exited: its file in another process is still not that one's. */
static void test_exited_owner(void)
{
	uint32_t *mine = map_anon(PAGE);
	struct owner o;
	int sv[2];

	igt_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	igt_fork(child, 1) {
		struct owner c;

		owner_open(&c);
		send_owner(sv[1], &c);
	}
	recv_owner(sv[0], &o);
	igt_waitchildren();

	/* Aim the job at our own page, in case it ran in our mm. */
	o.data = to_user_pointer(mine);
	not_owner(&o, -1);
	igt_assert_eq_u32(mine[0], 0);
	igt_assert_eq_u32(mine[WORDS - 1], 0);
	igt_assert_eq(close(o.fd), 0);
	close(sv[0]);
	close(sv[1]);
	munmap(mine, PAGE);
}

igt_main
{
	igt_describe("A child after fork() gets -EBADF from SVM_BIND, CHANNEL_CREATE and EXEC; the parent's data and GPU are unaffected.");
	igt_subtest("fork")
		test_fork();

	igt_describe("A process the file reached through SCM_RIGHTS gets -EBADF from SVM_BIND, CHANNEL_CREATE and EXEC, and may close the file last.");
	igt_subtest("scm-rights")
		test_scm_rights();

	igt_describe("After the SVM process exited, another process holding its file gets -EBADF from SVM_BIND, CHANNEL_CREATE and EXEC.");
	igt_subtest("exited-owner")
		test_exited_owner();
}
