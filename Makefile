# gpsvm: Shared Virtual Memory DRM driver and GP100-class GPU model.
# See README.md. Kernel modules are built by Kbuild against the test
# kernel in the cache (scripts/build-kernel.sh); user space here.

SHELL := /bin/bash
TOP := $(CURDIR)
OUT := $(TOP)/out
NGPUS ?= 1
VRAM_MB ?= 256
CMD ?=
KASAN ?= 0
export KASAN CMD

# Expanded when used: on a fresh machine, pkg-config and libdrm-dev only
# come with the deps target, after the Makefile is read.
USER_CFLAGS = -O2 -g -Wall -Wextra -Werror -I$(TOP)/uapi/drm \
	$(shell pkg-config --cflags libdrm 2>/dev/null)
# The OpenCL platform's library and the .icd file that names it.
OCL_LIB := $(OUT)/lib/libgpsvm-ocl.so.1
OCL_ICD := $(OUT)/etc/OpenCL/vendors/gpsvm.icd
OCL_APPS := $(patsubst opencl/apps/%.c,$(OUT)/bin/%,$(wildcard opencl/apps/*.c))
IGT_TESTS := $(patsubst igt-tests/%.c,$(OUT)/igt/%,$(wildcard igt-tests/*.c))
# The OpenCL C kernel corpus, compiled at -O0 and -O2 (compiler/corpus/).
CLC_CORPUS := $(foreach o,O0 O2,$(patsubst compiler/corpus/%.cl,$(OUT)/clc-corpus/%-$(o).bin,$(wildcard compiler/corpus/*.cl)))
KERNEL_SOURCES := $(shell find model drivers -name '*.[ch]' ! -name '*.mod.c' ! -path '*/tests/host/*')

.PHONY: all deps kernel modules user run check check-fresh bench checkpatch \
	install clean

all: modules user

deps:
	@. scripts/lib.sh && need_pkgs "$${GPSVM_PKGS[@]}"

kernel: deps
	@scripts/build-kernel.sh -v >/dev/null

modules: kernel
	@ksrc=$$(scripts/build-kernel.sh) && \
		$(MAKE) -s -C "$$ksrc" M=$(TOP) W=1 modules

ISA_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -Imodel/include -Ilib/isa
HOST_TESTS := $(OUT)/tests/test_asm $(OUT)/tests/test_isa_interp \
	$(OUT)/tests/test_softfloat $(OUT)/tests/test_clc
# The model's ISA interpreter, built for the host: same source as in-kernel.
INTERP_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Imodel -Ilib/isa

LIBGPSVM_CFLAGS = $(USER_CFLAGS) -fPIC -Ilib/libgpsvm
LIBGPSVM := $(OUT)/lib/libgpsvm.a $(OUT)/lib/libgpsvm.so.0

user: $(LIBGPSVM) $(OUT)/bin/gpsvm-info $(OUT)/bin/gpsvm-as $(IGT_TESTS) \
	$(OUT)/bin/gpsvm-bench $(OUT)/bin/gpsvm-fuzz $(OUT)/bin/hmm-tests \
	$(OUT)/bin/gpsvm-clc $(CLC_CORPUS) $(HOST_TESTS) $(OCL_LIB) $(OCL_ICD) \
	$(OCL_APPS)

# libgpsvm: static for the project's own tools, shared and with a
# pkg-config file for everyone else (make install).
$(OUT)/lib/libgpsvm.o: lib/libgpsvm/gpsvm.c lib/libgpsvm/gpsvm.h \
		uapi/drm/gpsvm_drm.h
	@mkdir -p $(@D)
	$(CC) $(LIBGPSVM_CFLAGS) -c -o $@ $<

$(OUT)/lib/libgpsvm.a: $(OUT)/lib/libgpsvm.o
	$(AR) rcs $@ $^

$(OUT)/lib/libgpsvm.so.0: $(OUT)/lib/libgpsvm.o
	$(CC) -shared -Wl,-soname,libgpsvm.so.0 -o $@ $^ -ldrm

$(OUT)/bin/gpsvm-info: tools/gpsvm-info.c $(OUT)/lib/libgpsvm.a
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Ilib/libgpsvm -o $@ $^ -ldrm

# The first-touch benchmark (make bench) assembles its program at run time.
$(OUT)/bin/gpsvm-bench: tools/gpsvm-bench.c uapi/drm/gpsvm_drm.h \
		lib/libgpsvm/gpsvm.h lib/isa/gpsvm_asm.h $(OUT)/lib/libgpsvm.a \
		$(OUT)/lib/libgpsvm_asm.a
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Ilib/libgpsvm -Ilib/isa -o $@ $< \
		$(OUT)/lib/libgpsvm.a $(OUT)/lib/libgpsvm_asm.a -ldrm

# The ioctl fuzzer (make check runs it for a bounded time).
$(OUT)/bin/gpsvm-fuzz: tools/gpsvm-fuzz.c uapi/drm/gpsvm_drm.h \
		lib/libgpsvm/gpsvm.h lib/isa/gpsvm_asm.h $(OUT)/lib/libgpsvm.a \
		$(OUT)/lib/libgpsvm_asm.a
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Ilib/libgpsvm -Ilib/isa -o $@ $< \
		$(OUT)/lib/libgpsvm.a $(OUT)/lib/libgpsvm_asm.a -ldrm -lpthread

# The OpenCL C compiler (compiler/): a library, its builtin library and
# gpsvm-clc. CLC_FEATURES is what the device reports as its OpenCL C
# features and extensions; clang defines exactly these macros.
CLC_FEATURES := -all,+cl_khr_byte_addressable_store,+cl_khr_global_int32_base_atomics,+cl_khr_global_int32_extended_atomics,+cl_khr_local_int32_base_atomics,+cl_khr_local_int32_extended_atomics,+cl_khr_int64_base_atomics,+cl_khr_int64_extended_atomics,+__opencl_c_generic_address_space,+__opencl_c_atomic_order_acq_rel,+__opencl_c_atomic_order_seq_cst,+__opencl_c_atomic_scope_device,+__opencl_c_atomic_scope_all_devices,+__opencl_c_program_scope_global_variables,+__opencl_c_int64
# clang's header declares every SPIR extension for spir64 whatever
# -cl-ext says: without __SPIR__ it declares none, and these macros add
# back the features the header only defines under __SPIR__.
CLC_MACROS := -U__SPIR__ -U__SPIR64__ -D__opencl_c_atomic_scope_device=1 \
	-D__opencl_c_atomic_scope_all_devices=1
CLC_CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra -Werror -fPIC -Icompiler -Ilib/isa \
	-Imodel/include $(shell llvm-config-15 --cflags 2>/dev/null) \
	-DGPSVM_CLC_FEATURES='"$(CLC_FEATURES)"' \
	-DGPSVM_CLC_MACROS='"$(CLC_MACROS)"'
CLC_LIBS = $(shell llvm-config-15 --ldflags 2>/dev/null) -lLLVM-15
CLC_OBJS := $(patsubst compiler/%.c,$(OUT)/compiler/%.o,$(wildcard compiler/*.c))
CLC_BUILTINS := $(OUT)/lib/gpsvm/gpsvm_builtins.bc

$(OUT)/compiler/%.o: compiler/%.c $(wildcard compiler/*.h) lib/isa/gpsvm_asm.h
	@mkdir -p $(@D)
	$(CC) $(CLC_CFLAGS) -c -o $@ $<

# With the assembler in it: a user of the library needs nothing else of
# ours (but LLVM: $(CLC_LIBS)).
$(OUT)/lib/libgpsvm_clc.a: $(CLC_OBJS) $(OUT)/lib/libgpsvm_asm.a
	@mkdir -p $(@D)
	$(AR) rcs $@ $(CLC_OBJS) $(OUT)/lib/libgpsvm_asm.o

# Our builtins, then libclc's math (from its SPIR-V build) for what ours
# do not define, as one module with clang's spir64 data layout.
CLC_LIBCLC := /usr/lib/clc/spirv64-mesa3d-.spv
$(OUT)/compiler/gpsvm_builtins_own.bc: compiler/builtins/gpsvm_builtins.cl
	@mkdir -p $(@D)
	clang-15 -x cl -cl-std=CL3.0 -target spir64-unknown-unknown \
		-Xclang -finclude-default-header -Xclang -cl-ext=$(CLC_FEATURES) \
		$(CLC_MACROS) -Werror -emit-llvm -c -O2 -o $@ $<

$(CLC_BUILTINS): $(OUT)/compiler/gpsvm_builtins_own.bc $(CLC_LIBCLC)
	@mkdir -p $(@D)
	llvm-spirv-15 -r $(CLC_LIBCLC) -o $(OUT)/compiler/libclc.bc
	llvm-link-15 $(OUT)/compiler/libclc.bc \
		--override=$(OUT)/compiler/gpsvm_builtins_own.bc -S \
		-o $(OUT)/compiler/gpsvm_builtins.ll
	sed -i 's/^target datalayout = .*/$(shell llvm-dis-15 -o - \
		$(OUT)/compiler/gpsvm_builtins_own.bc 2>/dev/null | \
		grep "^target datalayout")/' $(OUT)/compiler/gpsvm_builtins.ll
	llvm-as-15 -o $@ $(OUT)/compiler/gpsvm_builtins.ll

$(OUT)/bin/gpsvm-clc: tools/gpsvm-clc.c compiler/gpsvm_clc.h \
		$(OUT)/lib/libgpsvm_clc.a $(OUT)/lib/libgpsvm_asm.a $(CLC_BUILTINS)
	@mkdir -p $(@D)
	$(CC) $(CLC_CFLAGS) -o $@ $< $(OUT)/lib/libgpsvm_clc.a \
		$(OUT)/lib/libgpsvm_asm.a $(CLC_LIBS)

# Back-end tests: compiled kernels on the host interpreter against the
# same source compiled for the host (compiler/tests/).
$(OUT)/tests/test_clc: compiler/tests/test_clc.c compiler/tests/clc_run.c \
		compiler/tests/test_clc_directed.c compiler/tests/test_clc.h \
		compiler/tests/clc_random.c compiler/tests/clc_random.h \
		compiler/tests/clc_speed.c compiler/tests/clc_ulp.h \
		compiler/tests/clc_run.h model/gpsvm_model_isa.c \
		model/gpsvm_model_softfloat.c $(OUT)/lib/libgpsvm_clc.a \
		$(OUT)/lib/libgpsvm_asm.a $(CLC_BUILTINS)
	@mkdir -p $(@D)
	$(CC) $(INTERP_CFLAGS) -Icompiler -Icompiler/tests -rdynamic -o $@ \
		$(filter %.c,$^) $(OUT)/lib/libgpsvm_clc.a \
		$(OUT)/lib/libgpsvm_asm.a $(CLC_LIBS) -lm -lpthread

PREFIX ?= /usr/local
# The compiler: gpsvm-clc in bin/, its builtins in lib/gpsvm/ (where it
# looks, beside bin/ and lib/), libgpsvm_clc.a and gpsvm_clc.h.
install: $(LIBGPSVM) $(OUT)/bin/gpsvm-clc $(OUT)/lib/libgpsvm_clc.a $(CLC_BUILTINS) \
		$(OCL_LIB) $(OCL_APPS)
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/gpsvm \
		$(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/gpsvm \
		$(DESTDIR)/etc/OpenCL/vendors
	install -m 755 $(OCL_LIB) $(DESTDIR)$(PREFIX)/lib
	echo $(PREFIX)/lib/libgpsvm-ocl.so.1 > $(DESTDIR)/etc/OpenCL/vendors/gpsvm.icd
	install -m 755 $(OCL_APPS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 lib/libgpsvm/gpsvm.h uapi/drm/gpsvm_drm.h \
		compiler/gpsvm_clc.h $(DESTDIR)$(PREFIX)/include/gpsvm
	install -m 755 $(OUT)/bin/gpsvm-clc $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(OUT)/lib/libgpsvm_clc.a $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(CLC_BUILTINS) $(DESTDIR)$(PREFIX)/lib/gpsvm
	install -m 644 $(OUT)/lib/libgpsvm.a $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(OUT)/lib/libgpsvm.so.0 $(DESTDIR)$(PREFIX)/lib
	ln -sf libgpsvm.so.0 $(DESTDIR)$(PREFIX)/lib/libgpsvm.so
	sed 's|@PREFIX@|$(PREFIX)|' lib/libgpsvm/libgpsvm.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/libgpsvm.pc

# The OpenCL platform (opencl/): an ICD that Debian's ocl-icd loads, over
# libgpsvm and the compiler. Only the OpenCL API is exported; -Bsymbolic
# keeps its dispatch table off the loader's functions of the same names.
# out/etc/OpenCL/vendors/gpsvm.icd names the build tree's library
# (OCL_ICD_VENDORS=$(OUT)/etc/OpenCL/vendors); make install installs both.
OCL_VERSION := 0.1
OCL_CFLAGS = $(USER_CFLAGS) -fPIC -Iopencl -Icompiler -Ilib/libgpsvm \
	-DGPSVM_OCL_VERSION='"$(OCL_VERSION)"' -DGPSVM_CLC_FEATURES='"$(CLC_FEATURES)"'
OCL_OBJS := $(patsubst opencl/%.c,$(OUT)/opencl/%.o,$(wildcard opencl/*.c))

$(OUT)/opencl/%.o: opencl/%.c opencl/gpsvm_ocl.h compiler/gpsvm_clc.h \
		lib/libgpsvm/gpsvm.h
	@mkdir -p $(@D)
	$(CC) $(OCL_CFLAGS) -c -o $@ $<

# The API of what the device lacks: every parameter is unused.
$(OUT)/opencl/ocl_icd.o: OCL_CFLAGS += -Wno-unused-parameter

$(OCL_LIB): $(OCL_OBJS) opencl/exports.map $(OUT)/lib/libgpsvm_clc.a \
		$(OUT)/lib/libgpsvm.a
	$(CC) -shared -Wl,-soname,libgpsvm-ocl.so.1 -Wl,-Bsymbolic \
		-Wl,--version-script=opencl/exports.map -Wl,-z,defs -o $@ \
		$(OCL_OBJS) $(OUT)/lib/libgpsvm_clc.a $(OUT)/lib/libgpsvm.a \
		$(CLC_LIBS) -ldrm -lpthread

# OpenCL programs (opencl/apps/): plain OpenCL, for any platform.
$(OUT)/bin/%: opencl/apps/%.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -o $@ $< -lOpenCL -lpthread

$(OCL_ICD): $(OCL_LIB)
	@mkdir -p $(@D)
	echo $(OCL_LIB) > $@

# The ISA assembler and disassembler (firmware-notes/isa.md).
$(OUT)/lib/libgpsvm_asm.a: lib/isa/gpsvm_asm.c lib/isa/gpsvm_asm.h \
		model/include/gpsvm_isa.h
	@mkdir -p $(@D)
	$(CC) $(ISA_CFLAGS) -c -o $(@:.a=.o) $<
	$(AR) rcs $@ $(@:.a=.o)

$(OUT)/bin/gpsvm-as: tools/gpsvm-as.c $(OUT)/lib/libgpsvm_asm.a
	@mkdir -p $(@D)
	$(CC) $(ISA_CFLAGS) -o $@ $^

$(OUT)/tests/test_asm: lib/isa/tests/test_asm.c $(OUT)/lib/libgpsvm_asm.a
	@mkdir -p $(@D)
	$(CC) $(ISA_CFLAGS) -o $@ $^

$(OUT)/tests/test_isa_interp: model/tests/host/test_isa_interp.c \
		model/gpsvm_model_isa.c model/gpsvm_model_softfloat.c \
		$(OUT)/lib/libgpsvm_asm.a $(wildcard model/gpsvm_model_*.h) \
		model/include/gpsvm_isa.h
	@mkdir -p $(@D)
	$(CC) $(INTERP_CFLAGS) -o $@ $(filter %.c %.a,$^) -lm -lpthread

$(OUT)/tests/test_softfloat: model/tests/host/test_softfloat.c \
		model/gpsvm_model_softfloat.c model/gpsvm_model_softfloat.h \
		model/gpsvm_model_isa_port.h
	@mkdir -p $(@D)
	$(CC) $(INTERP_CFLAGS) -o $@ $(filter %.c,$^) -lm

# IGT tests may use libgpsvm, assemble programs with lib/isa and load
# compiled OpenCL C programs (the binary format needs no LLVM).
$(OUT)/igt/%: igt-tests/%.c igt-tests/include/igt.h \
		igt-tests/include/gpsvm_igt.h uapi/drm/gpsvm_drm.h \
		$(OUT)/lib/libgpsvm.a $(OUT)/lib/libgpsvm_asm.a \
		$(OUT)/lib/libgpsvm_clc.a compiler/tests/clc_ulp.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Iigt-tests/include -Ilib/libgpsvm -Ilib/isa \
		-Imodel/include -Icompiler -Icompiler/tests -o $@ $< $(OUT)/lib/libgpsvm.a \
		$(OUT)/lib/libgpsvm_asm.a $(OUT)/lib/libgpsvm_clc.a -ligt -ldrm -lm \
		$(IGT_LIBS)

# An OpenCL application: ocl-icd's loader, our platform through its .icd.
$(OUT)/igt/gpsvm_ocl: IGT_LIBS = -lOpenCL -lpthread
$(OUT)/igt/gpsvm_ocl: $(OCL_LIB) $(OCL_ICD)

# The kernel corpus (compiler/corpus/), compiled at -O0 and -O2 for
# igt-tests/gpsvm_clc.c.
$(OUT)/clc-corpus/%-O0.bin: compiler/corpus/%.cl $(OUT)/bin/gpsvm-clc
	@mkdir -p $(@D)
	$(OUT)/bin/gpsvm-clc -cl-std=CL3.0 -O0 $< -o $@
$(OUT)/clc-corpus/%-O2.bin: compiler/corpus/%.cl $(OUT)/bin/gpsvm-clc
	@mkdir -p $(@D)
	$(OUT)/bin/gpsvm-clc -cl-std=CL3.0 -O2 $< -o $@

# Upstream's HMM selftest, from the test kernel's own source tree.
$(OUT)/bin/hmm-tests:
	@mkdir -p $(@D)
	ksrc=$$(scripts/build-kernel.sh) && \
	$(CC) -O2 -Wall -I"$$ksrc/../headers/include" -I"$$ksrc" \
		-I"$$ksrc/tools/testing/selftests" -o $@ \
		"$$ksrc/tools/testing/selftests/mm/hmm-tests.c" -lpthread

# make run: boot the VM with the driver loaded and show the GPUs, then a
# shell on a terminal; make run CMD='...' runs that command instead.
# The main job: the GPUs, the OpenCL platforms, and the OpenCL SVM atomics
# test on the GPU model (opencl/apps/ocl-svm-atomics.c).
RUN_MAIN = $(OUT)/bin/gpsvm-info && \
	export OCL_ICD_VENDORS=$(OUT)/etc/OpenCL/vendors && clinfo -l && \
	$(OUT)/bin/ocl-svm-atomics --platform gpsvm

run: modules user
	scripts/vm-run.sh --ngpus $(NGPUS) --vram $(VRAM_MB) \
		$(if $(CMD),-- "$$CMD",--shell -- "$(RUN_MAIN)")

check: deps
	scripts/check.sh

# make check-fresh: the README's two commands on a clean Debian 12 root
# (debootstrap; scripts/check-fresh.sh; not part of make check).
check-fresh:
	scripts/check-fresh.sh

# make bench: GPU first touch of process memory against the CPU's, in the
# VM (scripts/bench.sh; not part of make check).
bench: modules user
	scripts/bench.sh

checkpatch: kernel
	@scripts/checkpatch.sh $(KERNEL_SOURCES)

clean:
	-ksrc=$$(. scripts/lib.sh && d=$$(kernel_dir) && echo $$d/linux-source-6.12); \
		[ -d "$$ksrc" ] && $(MAKE) -s -C "$$ksrc" M=$(TOP) clean
	rm -rf $(OUT)
