/* SPDX-License-Identifier: MIT */
/*
 * igt.h - gpsvm's own declaration of the IGT 1.27.1 test API.
 *
 * Debian 12 ships IGT (igt-gpu-tools) 1.27.1 as the package
 * "intel-gpu-tools".  It contains the runtime library libigt.so.0 but no
 * headers.  This file declares the part of the 1.27.1 API of that
 * libigt.so.0 which gpsvm's tests use, so that tests written exactly as
 * upstream IGT tests (#include "igt.h", igt_main, igt_fixture, igt_subtest,
 * igt_assert, ...) build unchanged here and would also drop unchanged into
 * IGT's own tests/ directory.
 *
 * It is written for this project; it is not a copy of IGT's headers.  Every
 * function and variable declared below is exported by
 * /usr/lib/x86_64-linux-gnu/libigt.so.0 (check with
 * "nm -D --defined-only"), except __igt_test_description, which the library
 * only references weakly and IGT_TEST_DESCRIPTION() defines in the test; and the prototypes and the control-flow macros
 * follow the 1.27.1 ABI: the subtest machinery is a set of for() loops that
 * call into the library and enter the library's jmp_buf globals with
 * sigsetjmp(buf, 1); the library leaves them with siglongjmp() on a skip or
 * failure.
 *
 * Build a test with:
 *
 *   gcc -Wall -Wextra -Werror -I<this directory> $(pkg-config --cflags libdrm) \
 *       test.c -ligt -o test
 *
 * Runtime protocol (implemented by libigt.so.0, not by this header):
 *   --list-subtests         print subtest names, one a line
 *   --run-subtest NAME      run only the matching subtest(s) (wildcards ok)
 *   --dynamic-subtest NAME  run only the matching dynamic subtest(s)
 *   exit status             IGT_EXIT_SUCCESS (0), IGT_EXIT_SKIP (77),
 *                           IGT_EXIT_INVALID (79), IGT_EXIT_FAILURE (98),
 *                           IGT_EXIT_ABORT (112)
 *
 * Only a few helpers marked "gpsvm extension" are not part of upstream IGT;
 * a test meant to go upstream unchanged should not use them.
 */

#ifndef GPSVM_IGT_H
#define GPSVM_IGT_H

/*
 * IGT is built with _GNU_SOURCE (sigsetjmp, asprintf, ... are used freely
 * by tests).  This only takes effect when igt.h is the first include, as it
 * is in upstream tests; otherwise pass -D_GNU_SOURCE.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/*
 * Upstream's igt.h pulls in libdrm (drmtest.h includes xf86drm.h), so tests
 * may use DRM_IOCTL_* and struct drm_* without including anything else.
 * Needs $(pkg-config --cflags libdrm) for drm.h; skipped when unavailable.
 */
#if defined(__has_include)
# if __has_include(<xf86drm.h>) && __has_include(<drm.h>)
#  include <xf86drm.h>
# endif
#endif

/*
 * The subtest blocks are built on sigsetjmp()/siglongjmp(), so GCC's
 * -Wclobbered (part of -Wextra) fires on ordinary test code at -O1 and
 * above.  IGT's own build disables it (-Wno-clobbered); do the same for
 * every translation unit that includes this header.
 */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC diagnostic ignored "-Wclobbered"
#endif

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

#ifndef IGT_LOG_DOMAIN
/* Tests may define their own domain before including this header. */
#define IGT_LOG_DOMAIN (NULL)
#endif

#define __igt_noreturn __attribute__((noreturn))

/* Attribute shorthands that upstream's igt_core.h also provides. */
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

/* Paste two tokens after macro-expanding both. */
#define __igt_tokencat2(x, y) x ## y
#define igt_tokencat(x, y) __igt_tokencat2(x, y)

/* A per-line identifier, used for the hidden loop variables below. */
#define igt_unique(prefix) \
	igt_tokencat(igt_tokencat(__igt_unique__, prefix), __LINE__)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Pointer <-> __u64 conversions for ioctl argument structures. */
static inline uint64_t to_user_pointer(const void *ptr)
{
	return (uint64_t)(uintptr_t)ptr;
}

static inline void *from_user_pointer(uint64_t u64)
{
	return (void *)(uintptr_t)u64;
}

/* ------------------------------------------------------------------ */
/* Exit codes                                                          */
/* ------------------------------------------------------------------ */

#define IGT_EXIT_SUCCESS 0	/* everything that ran passed */
#define IGT_EXIT_SKIP 77	/* nothing failed, something skipped */
#define IGT_EXIT_INVALID 79	/* bad option or unknown subtest */
#define IGT_EXIT_FAILURE 98	/* at least one failure */
#define IGT_EXIT_ABORT 112	/* environment broken, stop testing */

/* ------------------------------------------------------------------ */
/* Test description                                                    */
/* ------------------------------------------------------------------ */

/*
 * The library has a weak reference to __igt_test_description and prints it
 * for --help-description; IGT_TEST_DESCRIPTION() provides the definition.
 */
extern const char *__igt_test_description __attribute__((weak));
#define IGT_TEST_DESCRIPTION(str) const char *__igt_test_description = str

/* Attach a description to the next igt_subtest / igt_subtest_group. */
__attribute__((format(printf, 1, 2)))
void igt_describe_f(const char *fmt, ...);
#define igt_describe(dsc) igt_describe_f("%s", (dsc))

/* ------------------------------------------------------------------ */
/* Initialisation and main()                                           */
/* ------------------------------------------------------------------ */

struct option;

/* Handler for extra command line options; returns one of the values below. */
typedef int (*igt_opt_handler_t)(int opt, int opt_index, void *data);
#define IGT_OPT_HANDLER_SUCCESS 0
#define IGT_OPT_HANDLER_ERROR (-2)

int igt_subtest_init_parse_opts(int *argc, char **argv,
				const char *extra_short_opts,
				const struct option *extra_long_opts,
				const char *help_str,
				igt_opt_handler_t extra_opt_handler,
				void *handler_data);
void igt_simple_init_parse_opts(int *argc, char **argv,
				const char *extra_short_opts,
				const struct option *extra_long_opts,
				const char *help_str,
				igt_opt_handler_t extra_opt_handler,
				void *handler_data);

#define igt_subtest_init(argc, argv) \
	igt_subtest_init_parse_opts(&(argc), (argv), NULL, NULL, NULL, NULL, NULL)
#define igt_simple_init(argc, argv) \
	igt_simple_init_parse_opts(&(argc), (argv), NULL, NULL, NULL, NULL, NULL)

/*
 * Report the overall result and exit: 0, 77 or 98 (see above).  Must be
 * called at the end of a test that has its own main(); igt_main and
 * igt_simple_main do it for you.
 */
__igt_noreturn void igt_exit(void);

/*
 * igt_main_args(short_opts, long_opts, help_str, handler, data) { ... }
 * replaces main() for a test with subtests and extra options.  The block
 * becomes the body of a static function run between option parsing and
 * igt_exit().
 */
#define __igt_main_with(init, short_opts, long_opts, help_str, opt_handler, handler_data) \
	static void igt_unique(__real_main)(void);			\
	int main(int argc, char **argv)					\
	{								\
		init(&argc, argv, (short_opts), (long_opts), (help_str), \
		     (opt_handler), (handler_data));			\
		igt_unique(__real_main)();				\
		igt_exit();						\
	}								\
	static void igt_unique(__real_main)(void)

#define igt_main_args(short_opts, long_opts, help_str, opt_handler, handler_data) \
	__igt_main_with(igt_subtest_init_parse_opts, short_opts, long_opts, \
			help_str, opt_handler, handler_data)

/* igt_main { ... } replaces main() for a test with subtests. */
#define igt_main igt_main_args(NULL, NULL, NULL, NULL, NULL)

/* Same pair for a test without subtests: its result is the whole binary's. */
#define igt_simple_main_args(short_opts, long_opts, help_str, opt_handler, handler_data) \
	__igt_main_with(igt_simple_init_parse_opts, short_opts, long_opts, \
			help_str, opt_handler, handler_data)

#define igt_simple_main igt_simple_main_args(NULL, NULL, NULL, NULL, NULL)

/* ------------------------------------------------------------------ */
/* Subtest machinery                                                   */
/* ------------------------------------------------------------------ */

/*
 * Landing points for skips and failures.  These are glibc jmp_buf objects
 * (200 bytes on x86_64) owned by the library; the macros enter them with
 * sigsetjmp(buf, 1) so the signal mask is restored on the way back.
 */
extern jmp_buf igt_subtest_jmpbuf;
extern jmp_buf igt_dynamic_jmpbuf;

bool __igt_fixture(void);
void __igt_fixture_complete(void);
__igt_noreturn void __igt_fixture_end(void);
bool __igt_run_subtest(const char *subtest_name, const char *file,
		       const int line);
bool __igt_enter_dynamic_container(void);
bool __igt_run_dynamic_subtest(const char *dynamic_subtest_name);
void __igt_subtest_group_save(int *save, int *desc);
void __igt_subtest_group_restore(int save, int desc);
void __igt_assert_in_outer_scope(void);

/* Name of the running subtest, or NULL outside of one. */
const char *igt_subtest_name(void);
/* Name of the test binary. */
const char *igt_test_name(void);
/* True when only listing subtests (--list-subtests). */
bool igt_only_list_subtests(void);
/* True when a failure would be counted (inside a subtest or simple test). */
bool igt_can_fail(void);

/*
 * igt_fixture { ... }
 *
 * Common setup/teardown code placed between subtests.  The library decides
 * whether it runs (it does not while listing subtests, or when no remaining
 * subtest was selected).  A skip inside a fixture skips every following
 * subtest of the enclosing group; a failure fails them.  The loop counter is
 * volatile because it lives across the sigsetjmp().
 */
#define igt_fixture							\
	for (volatile int igt_unique(__fixture_once) = 0;		\
	     igt_unique(__fixture_once) < 1 &&				\
	     __igt_fixture() &&						\
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_unique(__fixture_once)++, __igt_fixture_complete())

/*
 * igt_subtest(name) { ... }
 *
 * The body runs only when the subtest is selected; a skip or failure inside
 * jumps back to the sigsetjmp() (making the condition false) and the library
 * reports it; falling off the end reports SUCCESS through igt_success().
 */
#define igt_subtest(name)						\
	for (; __igt_run_subtest((name), __FILE__, __LINE__) &&	\
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

/* The name buffer is scoped to the loop, so nested _f blocks are fine. */
#define __igt_subtest_f(buf, ...)					\
	for (char buf[256];						\
	     snprintf(buf, sizeof(buf), __VA_ARGS__),			\
	     __igt_run_subtest(buf, __FILE__, __LINE__) &&		\
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

/* igt_subtest_f(fmt, ...) { ... }: subtest with a printf-built name. */
#define igt_subtest_f(...) __igt_subtest_f(igt_unique(__subtest_name), __VA_ARGS__)

/*
 * igt_subtest_with_dynamic(name) { ... igt_dynamic(sub) { ... } ... }
 *
 * A subtest whose results come from the igt_dynamic blocks inside it:
 * SKIP if none ran, FAIL if any failed, otherwise SUCCESS.  Only
 * igt_require/igt_skip belong directly in the container body; assertions
 * belong inside the igt_dynamic blocks.
 */
#define igt_subtest_with_dynamic(name)					\
	for (; __igt_run_subtest((name), __FILE__, __LINE__) &&	\
	       __igt_enter_dynamic_container() &&			\
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

#define __igt_subtest_with_dynamic_f(buf, ...)				\
	for (char buf[256];						\
	     snprintf(buf, sizeof(buf), __VA_ARGS__),			\
	     __igt_run_subtest(buf, __FILE__, __LINE__) &&		\
	     __igt_enter_dynamic_container() &&				\
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0;			\
	     igt_success())

#define igt_subtest_with_dynamic_f(...) \
	__igt_subtest_with_dynamic_f(igt_unique(__subtest_name), __VA_ARGS__)

/* igt_dynamic(name) { ... }: one reported result inside a dynamic container. */
#define igt_dynamic(name)						\
	for (; __igt_run_dynamic_subtest((name)) &&			\
	       sigsetjmp(igt_dynamic_jmpbuf, 1) == 0;			\
	     igt_success())

#define __igt_dynamic_f(buf, ...)					\
	for (char buf[256];						\
	     snprintf(buf, sizeof(buf), __VA_ARGS__),			\
	     __igt_run_dynamic_subtest(buf) &&				\
	     sigsetjmp(igt_dynamic_jmpbuf, 1) == 0;			\
	     igt_success())

#define igt_dynamic_f(...) __igt_dynamic_f(igt_unique(__dynamic_name), __VA_ARGS__)

/*
 * igt_subtest_group { ... }
 *
 * Scopes fixtures to a set of subtests: a skip/failure in a fixture inside
 * the group only affects the group's subtests, and an igt_describe() before
 * the group is prepended to its subtests' descriptions.  Runs exactly once.
 */
#define igt_subtest_group						\
	for (int igt_unique(__group_once) = 0,				\
		 igt_unique(__group_save) = 0,				\
		 igt_unique(__group_desc) = 0;				\
	     igt_unique(__group_once) < 1 &&				\
	     (__igt_subtest_group_save(&igt_unique(__group_save),	\
				       &igt_unique(__group_desc)), true); \
	     igt_unique(__group_once)++,				\
	     __igt_subtest_group_restore(igt_unique(__group_save),	\
					 igt_unique(__group_desc)))

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

/* Skip the current (sub)test, or all remaining ones from a fixture. */
__igt_noreturn __attribute__((format(printf, 1, 2)))
void igt_skip(const char *fmt, ...);

/* Backend of igt_require()/igt_skip_on(); fmt may be NULL. */
__igt_noreturn __attribute__((format(printf, 5, 6)))
void __igt_skip_check(const char *file, const int line, const char *func,
		      const char *check, const char *fmt, ...);
#define igt_skip_check(check, ...) \
	__igt_skip_check(__FILE__, __LINE__, __func__, (check), __VA_ARGS__)

/* Mark the current (sub)test passed; the subtest loops call it for you. */
void igt_success(void);

/* Fail the current (sub)test with the given exit code (normally 98). */
__igt_noreturn void igt_fail(int exitcode);

/* Backend of every igt_assert*(); fmt may be NULL. */
__igt_noreturn __attribute__((format(printf, 6, 7)))
void __igt_fail_assert(const char *domain, const char *file, const int line,
		       const char *func, const char *assertion,
		       const char *fmt, ...);

/* Abort the whole run with IGT_EXIT_ABORT. */
__igt_noreturn __attribute__((format(printf, 6, 7)))
void __igt_abort(const char *domain, const char *file, const int line,
		 const char *func, const char *expression, const char *fmt, ...);

__igt_noreturn void igt_fatal_error(void);

/* ------------------------------------------------------------------ */
/* Assertions (failure = FAIL)                                         */
/* ------------------------------------------------------------------ */

#define igt_assert(expr)						\
	do {								\
		if (!(expr))						\
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, \
					  __func__, #expr, NULL);	\
	} while (0)

#define igt_assert_f(expr, ...)						\
	do {								\
		if (!(expr))						\
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, \
					  __func__, #expr, __VA_ARGS__); \
	} while (0)

/* Fail when the condition holds. */
#define igt_fail_on(expr) igt_assert(!(expr))
#define igt_fail_on_f(expr, ...) igt_assert_f(!(expr), __VA_ARGS__)

/*
 * Typed comparisons: both operands are converted to T once, compared with
 * "cmp", and on failure printed with "fmt" alongside the negated operator.
 * "text" is the stringified assertion, made by the igt_assert_cmp* level so
 * that it shows the operands as the caller wrote them.
 */
#define __igt_assert_cmp(T, fmt, cast, n1, cmp, ncmp, n2, text)	\
	do {								\
		T __igt_cmp_a = (n1), __igt_cmp_b = (n2);		\
		if (!(__igt_cmp_a cmp __igt_cmp_b))			\
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, \
					  __func__, text,		\
					  "error: " fmt " " #ncmp " " fmt "\n", \
					  (cast)__igt_cmp_a, (cast)__igt_cmp_b); \
	} while (0)

#define igt_assert_cmpint(n1, cmp, ncmp, n2)				\
	__igt_assert_cmp(int, "%d", int, n1, cmp, ncmp, n2,		\
			 #n1 " " #cmp " " #n2)
#define igt_assert_cmpuint(n1, cmp, ncmp, n2)				\
	__igt_assert_cmp(uint32_t, "%#x", unsigned int, n1, cmp, ncmp, n2, \
			 #n1 " " #cmp " " #n2)
#define igt_assert_cmps64(n1, cmp, ncmp, n2)				\
	__igt_assert_cmp(int64_t, "%lld", long long, n1, cmp, ncmp, n2,	\
			 #n1 " " #cmp " " #n2)
#define igt_assert_cmpu64(n1, cmp, ncmp, n2)				\
	__igt_assert_cmp(uint64_t, "%#llx", unsigned long long,		\
			 n1, cmp, ncmp, n2, #n1 " " #cmp " " #n2)
#define igt_assert_cmpdouble(n1, cmp, ncmp, n2)				\
	__igt_assert_cmp(double, "%#lf", double, n1, cmp, ncmp, n2,	\
			 #n1 " " #cmp " " #n2)

/* int */
#define igt_assert_eq(n1, n2) igt_assert_cmpint(n1, ==, !=, n2)
#define igt_assert_neq(n1, n2) igt_assert_cmpint(n1, !=, ==, n2)
#define igt_assert_lt(n1, n2) igt_assert_cmpint(n1, <, >=, n2)
#define igt_assert_lte(n1, n2) igt_assert_cmpint(n1, <=, >, n2)
/* uint32_t */
#define igt_assert_eq_u32(n1, n2) igt_assert_cmpuint(n1, ==, !=, n2)
#define igt_assert_neq_u32(n1, n2) igt_assert_cmpuint(n1, !=, ==, n2)
#define igt_assert_lt_u32(n1, n2) igt_assert_cmpuint(n1, <, >=, n2)
#define igt_assert_lte_u32(n1, n2) igt_assert_cmpuint(n1, <=, >, n2)
/* int64_t */
#define igt_assert_eq_s64(n1, n2) igt_assert_cmps64(n1, ==, !=, n2)
#define igt_assert_lt_s64(n1, n2) igt_assert_cmps64(n1, <, >=, n2)
#define igt_assert_lte_s64(n1, n2) igt_assert_cmps64(n1, <=, >, n2)
/* uint64_t */
#define igt_assert_eq_u64(n1, n2) igt_assert_cmpu64(n1, ==, !=, n2)
#define igt_assert_neq_u64(n1, n2) igt_assert_cmpu64(n1, !=, ==, n2)
#define igt_assert_lt_u64(n1, n2) igt_assert_cmpu64(n1, <, >=, n2)
#define igt_assert_lte_u64(n1, n2) igt_assert_cmpu64(n1, <=, >, n2)
/* double */
#define igt_assert_eq_double(n1, n2) igt_assert_cmpdouble(n1, ==, !=, n2)
#define igt_assert_neq_double(n1, n2) igt_assert_cmpdouble(n1, !=, ==, n2)
#define igt_assert_lt_double(n1, n2) igt_assert_cmpdouble(n1, <, >=, n2)

/* A file descriptor must be valid (>= 0). */
#define igt_assert_fd(fd) \
	igt_assert_f((fd) >= 0, "file descriptor " #fd " failed\n")

/*
 * gpsvm extension (IGT 1.27.1 has no string assertion): compare two C
 * strings with strcmp(); two NULLs are equal, NULL and non-NULL are not.
 */
#define __igt_str_equal(a, b) \
	((a) == (b) || ((a) && (b) && strcmp((a), (b)) == 0))
#define __igt_assert_str(s1, want_equal, op, s2)			\
	do {								\
		const char *__igt_str_a = (s1), *__igt_str_b = (s2);	\
		if (__igt_str_equal(__igt_str_a, __igt_str_b) != (want_equal)) \
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, \
					  __func__, #s1 " " op " " #s2,	\
					  "error: \"%s\" %s \"%s\"\n",	\
					  __igt_str_a ? __igt_str_a : "(null)", \
					  (want_equal) ? "!=" : "==",	\
					  __igt_str_b ? __igt_str_b : "(null)"); \
	} while (0)
#ifndef igt_assert_eq_str
#define igt_assert_eq_str(s1, s2) __igt_assert_str(s1, true, "==", s2)
#endif
#ifndef igt_assert_neq_str
#define igt_assert_neq_str(s1, s2) __igt_assert_str(s1, false, "!=", s2)
#endif

/* ------------------------------------------------------------------ */
/* Requirements (failure = SKIP)                                       */
/* ------------------------------------------------------------------ */

#define igt_require(expr)						\
	do {								\
		if (!(expr))						\
			igt_skip_check(#expr, NULL);			\
		else							\
			igt_debug("Test requirement passed: %s\n", #expr); \
	} while (0)

#define igt_require_f(expr, ...)					\
	do {								\
		if (!(expr))						\
			igt_skip_check(#expr, __VA_ARGS__);		\
		else							\
			igt_debug("Test requirement passed: %s\n", #expr); \
	} while (0)

/* Skip when the condition holds. */
#define igt_skip_on(expr)						\
	do {								\
		if ((expr))						\
			igt_skip_check("!(" #expr ")", NULL);		\
		else							\
			igt_debug("Test requirement passed: !(%s)\n", #expr); \
	} while (0)

#define igt_skip_on_f(expr, ...)					\
	do {								\
		if ((expr))						\
			igt_skip_check("!(" #expr ")", __VA_ARGS__);	\
		else							\
			igt_debug("Test requirement passed: !(%s)\n", #expr); \
	} while (0)

#define igt_require_fd(fd) \
	igt_require_f((fd) >= 0, "file descriptor " #fd " failed\n")

/* Abort the whole run (exit 112) when the condition holds. */
#define igt_abort_on_f(expr, ...)					\
	do {								\
		if ((expr))						\
			__igt_abort(IGT_LOG_DOMAIN, __FILE__, __LINE__,	\
				    __func__, #expr, __VA_ARGS__);	\
	} while (0)

/* ------------------------------------------------------------------ */
/* Child processes                                                     */
/* ------------------------------------------------------------------ */

/* True in the new child, false in the parent. */
bool __igt_fork(void);
int __igt_waitchildren(void);

/*
 * igt_fork(child, num_children) { ... }
 *
 * Runs the block in num_children forked processes, with "child" set to
 * 0..num_children-1; each child exits after the block.  A failed assertion
 * in a child makes igt_waitchildren() fail the (sub)test in the parent.
 * igt_skip() in a child is not turned into a skip: do requirement checks
 * before forking.  Always pair with igt_waitchildren().
 */
#define igt_fork(child, num_children)					\
	for (int child = 0; child < (int)(num_children); child++)	\
		for (; __igt_fork(); exit(0))

/* Wait for every igt_fork() child; fails the (sub)test if any failed. */
void igt_waitchildren(void);
/* As above, but kill the children and fail after "seconds". */
void igt_waitchildren_timeout(int seconds, const char *reason);
/* Send a signal to every igt_fork() child. */
void igt_kill_children(int signal);

/* ------------------------------------------------------------------ */
/* Timeouts and exit handlers                                          */
/* ------------------------------------------------------------------ */

/* Fail the (sub)test if it runs longer than "seconds" (0 disables). */
void igt_set_timeout(unsigned int seconds, const char *op);
void igt_reset_timeout(void);

/* Called on exit, also after fatal signals (then sig != 0). */
typedef void (*igt_exit_handler_t)(int sig);
void igt_install_exit_handler(igt_exit_handler_t fn);

/* Monotonic time helpers. */
int igt_gettime(struct timespec *ts);
double igt_time_elapsed(struct timespec *then, struct timespec *now);
uint64_t igt_nsec_elapsed(struct timespec *start);

/* ------------------------------------------------------------------ */
/* Logging                                                             */
/* ------------------------------------------------------------------ */

enum igt_log_level {
	IGT_LOG_DEBUG,		/* shown with --debug only */
	IGT_LOG_INFO,		/* shown by default */
	IGT_LOG_WARN,		/* shown, on stderr */
	IGT_LOG_CRITICAL,	/* shown, on stderr; for fatal conditions */
	IGT_LOG_NONE,
};

/* Current threshold (changed by --debug). */
extern enum igt_log_level igt_log_level;

__attribute__((format(printf, 3, 4)))
void igt_log(const char *domain, enum igt_log_level level,
	     const char *format, ...);
__attribute__((format(printf, 3, 0)))
void igt_vlog(const char *domain, enum igt_log_level level,
	      const char *format, va_list args);

#define igt_debug(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_DEBUG, __VA_ARGS__)
#define igt_info(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_INFO, __VA_ARGS__)
#define igt_warn(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_WARN, __VA_ARGS__)
#define igt_critical(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_CRITICAL, __VA_ARGS__)

/* Log a warning when the condition holds; evaluates to the condition. */
#define igt_warn_on(cond) ({						\
	__typeof__(cond) __igt_warn_ret = (cond);				\
	if (__igt_warn_ret)						\
		igt_warn("Warning on condition %s in function %s, file %s:%i\n", \
			 #cond, __func__, __FILE__, __LINE__);		\
	__igt_warn_ret;							\
})

/* Write a line to /dev/kmsg (prefix with one of the KMSG_* levels). */
__attribute__((format(printf, 1, 2)))
void igt_kmsg(const char *format, ...);
#define KMSG_ERR "<3>[IGT] "
#define KMSG_WARNING "<4>[IGT] "
#define KMSG_INFO "<6>[IGT] "
#define KMSG_DEBUG "<7>[IGT] "

/* ------------------------------------------------------------------ */
/* ioctl helpers (drmtest.h / ioctl_wrappers.h)                        */
/* ------------------------------------------------------------------ */

/*
 * The library's ioctl hook, initialised to libdrm's drmIoctl() (which
 * restarts on EINTR/EAGAIN and returns -1 with errno set on error).
 * In 1.27.1 this is a plain global in .data, NOT a __thread variable as in
 * later IGT releases; declaring it __thread would not link.
 */
extern int (*igt_ioctl)(int fd, unsigned long request, void *arg);

/* The ioctl must succeed; errno is cleared afterwards. */
#define do_ioctl(fd, ioc, ioc_data)					\
	do {								\
		igt_assert_eq(igt_ioctl((fd), (ioc), (ioc_data)), 0);	\
		errno = 0;						\
	} while (0)

/* The ioctl must fail with errno == err; errno is cleared afterwards. */
#define do_ioctl_err(fd, ioc, ioc_data, err)				\
	do {								\
		igt_assert_eq(igt_ioctl((fd), (ioc), (ioc_data)), -1);	\
		igt_assert_eq(errno, (err));				\
		errno = 0;						\
	} while (0)

/* Assert that an expression evaluates to 0. */
#define do_or_die(x) igt_assert((x) == 0)

#endif /* GPSVM_IGT_H */
