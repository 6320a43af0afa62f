#!/bin/bash
# checkpatch.sh FILE...: the kernel's checkpatch.pl --strict over whole
# files; exits non-zero on any error, warning or check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=$("$GPSVM_TOP/scripts/build-kernel.sh")
cd "$GPSVM_TOP"
cp=(perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types)
files=() traces=()
for f in "$@"; do
	case "$f" in
	*_trace.h) traces+=("$f") ;;
	*) files+=("$f") ;;
	esac
done
status=0
[ ${#files[@]} -eq 0 ] || "${cp[@]}" -f "${files[@]}" || status=1
# TRACE_EVENT() bodies are macro arguments laid out as upstream's trace
# headers do, which --strict's layout checks cannot parse.
[ ${#traces[@]} -eq 0 ] || "${cp[@]}" \
	--ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT -f "${traces[@]}" || status=1
exit $status
