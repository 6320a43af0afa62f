#!/bin/bash
# scan-klog.sh LOG...: print the kernel warnings, bugs, lockdep, KASAN and
# hung-task reports found in kernel logs, and exit 1 if there are any.
set -u
pat='WARNING:|BUG:|Oops|kernel BUG at|Kernel panic|KASAN|UBSAN|general protection fault'
pat+='|possible recursive locking|possible circular locking|inconsistent lock state'
pat+='|suspicious RCU usage|DEBUG_LOCKS_WARN_ON|INFO: task .* blocked for more than'
pat+='|rcu: INFO: .* detected stalls|soft lockup|hard LOCKUP|refcount_t: |list_(add|del) corruption'
found=$(cat -- "$@" 2>/dev/null | grep -E "$pat" | sort -u)
[ -z "$found" ] && exit 0
printf 'kernel log: %s\n' "$found" >&2
exit 1
