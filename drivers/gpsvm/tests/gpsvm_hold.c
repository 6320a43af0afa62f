// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gpsvm_hold: a test module that holds the caller of a kernel function
 * at its return until user space lets it go, to open a race window on
 * demand instead of hoping a stress loop hits a microsecond-wide one.
 */

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/uaccess.h>

/**
 * DOC: gpsvm hold
 *
 * Loaded with ``symbol=NAME`` (make_device_exclusive_range() unless told),
 * the module puts a return probe on that function. Its debugfs file
 * ``gpsvm_hold/state`` reads ``idle``, ``armed`` or ``held``. Writing
 * ``arm`` arms it: the next return of the function is held, spinning in
 * the probe with preemption off, until ``release`` is written or
 * %HOLD_MAX_MS pass. A test arms it, starts what calls the function,
 * waits for ``held``, races whatever it wants against the holder, then
 * releases it and reads ``idle`` back: a hold that timed out is counted
 * in ``timeouts``, so the test knows its race did not run in the window.
 *
 * Nothing sleeps in the probe: the caller may hold spinlocks. The spin is
 * bounded so that a test that dies cannot wedge the machine.
 */

#define HOLD_MAX_MS	2000

enum { HOLD_IDLE, HOLD_ARMED, HOLD_HELD };

static char *symbol = "make_device_exclusive_range";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "The function whose caller is held at its return");

static atomic_t hold_state = ATOMIC_INIT(HOLD_IDLE);
static u32 hold_timeouts;
static struct dentry *hold_dir;

static int hold_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long end = jiffies + msecs_to_jiffies(HOLD_MAX_MS);

	if (atomic_cmpxchg(&hold_state, HOLD_ARMED, HOLD_HELD) != HOLD_ARMED)
		return 0;
	/* jiffies still move: the other CPU takes the timer interrupt. */
	while (atomic_read(&hold_state) == HOLD_HELD) {
		if (time_after(jiffies, end)) {
			if (atomic_cmpxchg(&hold_state, HOLD_HELD,
					   HOLD_IDLE) == HOLD_HELD)
				WRITE_ONCE(hold_timeouts, hold_timeouts + 1);
			break;
		}
		cpu_relax();
	}
	return 0;
}

static struct kretprobe hold_probe = {
	.handler = hold_ret,
	.maxactive = 8,
};

static ssize_t hold_read(struct file *f, char __user *buf, size_t len,
			 loff_t *pos)
{
	static const char * const names[] = {
		[HOLD_IDLE] = "idle\n", [HOLD_ARMED] = "armed\n",
		[HOLD_HELD] = "held\n",
	};
	const char *s = names[atomic_read(&hold_state)];

	return simple_read_from_buffer(buf, len, pos, s, strlen(s));
}

static ssize_t hold_write(struct file *f, const char __user *buf,
			  size_t len, loff_t *pos)
{
	char cmd[16];

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	cmd[len] = 0;
	if (sysfs_streq(cmd, "arm")) {
		if (atomic_cmpxchg(&hold_state, HOLD_IDLE, HOLD_ARMED) !=
		    HOLD_IDLE)
			return -EBUSY;
	} else if (sysfs_streq(cmd, "release")) {
		/* Also disarms a hold that never came. */
		atomic_set(&hold_state, HOLD_IDLE);
	} else {
		return -EINVAL;
	}
	return len;
}

static const struct file_operations hold_fops = {
	.owner = THIS_MODULE,
	.read = hold_read,
	.write = hold_write,
	.llseek = default_llseek,
};

static int __init hold_init(void)
{
	int ret;

	hold_probe.kp.symbol_name = symbol;
	ret = register_kretprobe(&hold_probe);
	if (ret)
		return ret;
	hold_dir = debugfs_create_dir("gpsvm_hold", NULL);
	debugfs_create_file("state", 0600, hold_dir, NULL, &hold_fops);
	debugfs_create_u32("timeouts", 0400, hold_dir, &hold_timeouts);
	return 0;
}

static void __exit hold_exit(void)
{
	debugfs_remove(hold_dir);
	/* A held caller lets go: the unregister waits for it. */
	atomic_set(&hold_state, HOLD_IDLE);
	unregister_kretprobe(&hold_probe);
}

module_init(hold_init);
module_exit(hold_exit);
MODULE_DESCRIPTION("gpsvm test: hold a function's caller at its return");
MODULE_LICENSE("Dual MIT/GPL");
