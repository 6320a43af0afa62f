#!/usr/bin/env python3
"""Turn test output into result lines: "PASS|FAIL|SKIP|XFAIL|XPASS name".

usage: results.py ktap PREFIX < kunit-debugfs-results
       results.py tap PREFIX [KNOWN_FAILURES] < kselftest-output
       results.py igt PREFIX < igt-output

ktap: the cases of a KUnit suite (indented result lines).
tap:  the top-level results of a kselftest harness run. Names listed in
      KNOWN_FAILURES (a file, one name a line, # comments) are reported as
      XFAIL when they fail and XPASS when they pass.
igt:  "Subtest NAME: RESULT" and "Dynamic subtest NAME: RESULT" lines.
"""
import re
import sys

TAP_LINE = re.compile(r'^(\s*)(not ok|ok) \d+ (?:- )?(\S+)(.*)$')
IGT_LINE = re.compile(r'^(Subtest|Dynamic subtest) (\S+): (\w+)')
IGT_START = re.compile(r'^Starting subtest: (\S+)')


def tap(prefix, lines, nested, known):
    seen = 0
    for line in lines:
        m = TAP_LINE.match(line)
        if not m or (len(m.group(1)) > 0) != nested:
            continue
        ok, name, rest = m.group(2) == 'ok', m.group(3), m.group(4)
        if re.search(r'#\s*SKIP', rest, re.I):
            res = 'SKIP'
        elif name in known:
            res = 'XPASS' if ok else 'XFAIL'
        else:
            res = 'PASS' if ok else 'FAIL'
        print(f'{res} {prefix}/{name}')
        seen += 1
    return seen


def igt(prefix, lines):
    seen = 0
    subtest = None
    for line in lines:
        m = IGT_START.match(line)
        if m:
            subtest = m.group(1)
            continue
        m = IGT_LINE.match(line)
        if not m:
            continue
        kind, name, res = m.groups()
        if kind == 'Subtest':
            full = f'{prefix}/{name}'
        else:
            full = f'{prefix}/{subtest}/{name}'
        res = {'SUCCESS': 'PASS', 'SKIP': 'SKIP'}.get(res, 'FAIL')
        print(f'{res} {full}')
        seen += 1
    return seen


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    lines = sys.stdin.read().splitlines()
    if mode == 'ktap':
        seen = tap(prefix, lines, True, set())
    elif mode == 'tap':
        known = set()
        if len(sys.argv) > 3:
            with open(sys.argv[3]) as f:
                known = {ln.split('#')[0].strip() for ln in f} - {''}
        seen = tap(prefix, lines, False, known)
    elif mode == 'igt':
        seen = igt(prefix, lines)
    else:
        sys.exit(f'results.py: unknown mode {mode}')
    if not seen:
        # Output with no result in it is a failure, never a silent pass.
        print(f'FAIL {prefix}/no-results')


if __name__ == '__main__':
    main()
