#!/usr/bin/env python3
"""Progress of a long build, from the build's output on stdin.

usage: progress.py LABEL TOTAL LOG < output

Counts the objects built (lines of Kbuild's "  CC      path.o" kind: any
line whose last word ends in ".o"), against TOTAL (an estimate; 0 if
unknown), and the time elapsed. On a terminal (stderr) one line updated in
place; otherwise (CI logs) a line every GPSVM_PROGRESS_EVERY seconds
(default 60). Every input line goes to LOG, for the caller to show when
the build fails. Ends with one line: the objects built and the time taken.
"""
import os
import select
import sys
import time


def hms(s):
    s = int(s)
    return f'{s // 60}m{s % 60:02d}s' if s >= 60 else f'{s}s'


def main():
    label, total, logpath = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    tty = sys.stderr.isatty()
    every = 0.5 if tty else float(os.environ.get('GPSVM_PROGRESS_EVERY', '60'))
    start = time.monotonic()
    last_shown = start
    built = 0
    last = ''
    width = 0

    def show(final=False):
        nonlocal width
        el = time.monotonic() - start
        if total and not final:
            # An estimate: never claim to be done before the end.
            n = min(built, total - 1)
            s = f'{label}: {n}/~{total} objects ({100 * n // total}%), {hms(el)}'
        else:
            s = f'{label}: {built} objects, {hms(el)}'
        if tty and not final and last:
            s += f'  {last}'
        if tty:
            cols = os.get_terminal_size(sys.stderr.fileno()).columns
            if cols > 1:
                s = s[:cols - 1]
            sys.stderr.write('\r' + s.ljust(width) + ('\n' if final else ''))
            width = 0 if final else len(s)
        else:
            sys.stderr.write(s + '\n')
        sys.stderr.flush()

    fd = sys.stdin.fileno()
    buf = b''
    with open(logpath, 'wb') as log:
        while True:
            r, _, _ = select.select([fd], [], [], every)
            if r:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                log.write(chunk)
                buf += chunk
                *lines, buf = buf.split(b'\n')
                for line in lines:
                    words = line.split()
                    if words and words[-1].endswith(b'.o'):
                        built += 1
                        last = words[-1].decode(errors='replace')
            now = time.monotonic()
            if now - last_shown >= every:
                show()
                last_shown = now
        if buf:
            log.write(b'\n')
    if tty or built:
        show(final=True)


if __name__ == '__main__':
    main()
