# Shared by the gpsvm scripts: where the cached kernel lives, and how to
# install what is missing. Sourced, not run.

GPSVM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GPSVM_CACHE=${GPSVM_CACHE:-/var/cache/gpsvm}
GPSVM_KSRC_TAR=${GPSVM_KSRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
KASAN=${KASAN:-0}

# say WORDS...: one line of progress, on stderr.
say() { echo "gpsvm: $*" >&2; }

# need_pkgs PKG...: apt-get install the Debian packages that are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "gpsvm: installing ${missing[*]}" >&2
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends "${missing[@]}" >&2
}

# Everything the project builds or runs, host and guest.
GPSVM_PKGS=(linux-source-6.12 build-essential bc bison flex libelf-dev
	libssl-dev cpio xz-utils kmod python3 qemu-system-x86 intel-gpu-tools
	libdrm-dev pkg-config rsync
	clang-15 llvm-15-dev libclang-15-dev libclc-15 llvm-spirv-15
	ocl-icd-opencl-dev ocl-icd-dev opencl-c-headers clinfo pocl-opencl-icd)

# kernel_dir: the cache directory of the kernel flavour asked for. The key
# is the source package version and the config fragments' contents, so an
# edit of either builds a new kernel and nothing else does.
kernel_dir() {
	local ver frag key
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	[ -n "$ver" ] || { echo "linux-source-6.12 is not installed" >&2; return 1; }
	frag=$(cat "$GPSVM_TOP/kernel/gpsvm.config"
	       [ "$KASAN" = 1 ] && cat "$GPSVM_TOP/kernel/kasan.config")
	key=$(printf '%s\n%s\n' "$ver" "$frag" | sha256sum | cut -c1-16)
	local flavour=lockdep
	[ "$KASAN" = 1 ] && flavour=kasan
	echo "$GPSVM_CACHE/$ver-$flavour-$key"
}
