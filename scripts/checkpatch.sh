#!/bin/bash
# checkpatch.sh FILE...: the kernel's checkpatch.pl --strict over whole
# files; exits non-zero on any error, warning or check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=$("$GPSVM_TOP/scripts/build-kernel.sh")
cd "$GPSVM_TOP"
perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	-f "$@"
