# relsim: one Makefile for the simulator, its tests, benchmarks and fuzzers.
#
#   make run      build, then run the embedded default scenario (results/default/)
#   make test     every test, plain build then ASan+UBSan build
#   make check    the tests of one build (BUILD=..., SAN=1 for the sanitizer build)
#   make bench    speed figures (events/s, trials/s); BENCH_ARGS=--quick or --record (bench/README.md)
#   make fuzz     libFuzzer on the scenario loader and the law parser, FUZZ_SECONDS (60) in all
#   make mutate   the mutation run: applies each mutant of tests/mutants/, runs the plain suite,
#                 prints the kill rate and the survivors (slow; not in make test)
#   make layers   fails when an include points the wrong way between layers, or makes a cycle
#   make deps     install the Debian packages relsim needs (called by the other targets when missing)
#   make deps-html  Chromium and playwright-core for the report's browser check (make check, plain
#                 build, calls it when missing)
#   make format   clang-format every source file
#   make clean    remove build outputs
#
# WERROR=1 turns warnings into errors (CI does this).

SAN    ?= 0
WERROR ?= 0
ifeq ($(SAN),1)
BUILD  ?= build/asan
else
BUILD  ?= build
endif

CC      ?= cc
# Functions on cache lines and loops on 32-byte boundaries: without them the speed of the event
# loop moved by up to 40 % from one unrelated edit to the next (code placement; bench/README.md).
# -O3 rather than -O2: faster whole runs (bench/README.md), the same numbers (no reassociation of
# floating point, and no FMA on the baseline x86-64 target).
OPT     ?= -O3 -falign-functions=64 -falign-loops=32
# Link-time optimisation of bin/relsim (the engine's, the streams' and the model's small functions
# inlined across files: faster whole runs, bench/README.md). The objects also carry their plain
# code (-ffat-lto-objects), which the tests and benches link as before; none in the sanitizer build.
LTO     ?= -flto=auto -ffat-lto-objects
WARN    := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wundef -Wpointer-arith
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(SAN),1)
OPT     := -O1
LTO     :=
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

# Recursive (=) so that pkg-config is asked only once the packages are installed.
PKG_CFLAGS = $(shell pkg-config --cflags gsl inih 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs gsl inih 2>/dev/null) -lcsv -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

CPPFLAGS := -I. -D_GNU_SOURCE -DRELSIM_VERSION='"$(shell cat VERSION)"'

# MPI: with Open MPI's mpicc when it is installed (MPI=auto), or MPI=1 / MPI=0 to choose. One
# binary serves both ways: it initialises MPI only when started by mpirun or srun. The sanitizer
# build is never an MPI build (Open MPI's own allocations would drown LeakSanitizer's report).
MPI ?= auto
ifeq ($(SAN),1)
override MPI := 0
endif
ifeq ($(MPI),auto)
override MPI := $(if $(wildcard /usr/bin/mpicc),1,0)
endif
ifeq ($(MPI),1)
CC        := mpicc
MPI_FLAGS := -DRELSIM_MPI
endif
CFLAGS   := -std=gnu11 $(OPT) $(LTO) -g -fopenmp $(WARN) $(SANFLAGS)
LDFLAGS  := -fopenmp $(SANFLAGS)

# Every .c file below models/, analysis/ and sim/ (each layer a folder, sim/LAYER/ inside sim/);
# sim/cli/main.c alone is not in the library.
rwildcard     = $(foreach d,$(wildcard $(1:=/*)),$(call rwildcard,$d,$2) $(filter $2,$d))
MODELS_SRC   := $(sort $(call rwildcard,models,%.c))
ANALYSIS_SRC := $(sort $(call rwildcard,analysis,%.c))
SIM_SRC      := $(filter-out sim/cli/main.c,$(sort $(call rwildcard,sim,%.c)))
GEN_OBJ      := gen/default_scenario.o gen/report_css.o
LIB_SRC      := $(MODELS_SRC) $(ANALYSIS_SRC) $(SIM_SRC) $(BUILD)/gen/default_scenario.c
LIB_OBJ      := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(BUILD)/%,$(LIB_SRC))) \
                $(addprefix $(BUILD)/,$(GEN_OBJ))
TEST_SRC     := $(wildcard tests/test_*.c)
TEST_BIN     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCH_SRC    := $(wildcard bench/*.c)
BENCH_BIN    := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

DEB_PKGS   := libgsl-dev libcsv-dev libinih-dev libcmocka-dev librandom123-dev gnuplot-nox \
              libopenmpi-dev openmpi-bin \
              pkg-config
DEPS_PROBE := /usr/include/gsl/gsl_rng.h /usr/include/csv.h /usr/include/ini.h \
              /usr/include/cmocka.h /usr/include/Random123/philox.h /usr/bin/gnuplot \
              /usr/bin/pkg-config /usr/bin/mpicc /usr/bin/mpirun

# Fuzzing (make fuzz): clang's libFuzzer with ASan and UBSan, in its own build directory.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_HARNESS := fuzz_scenario fuzz_dist
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
# clang, unlike gcc, also flags vprintf-style calls in functions without a format attribute.
FUZZ_CFLAGS   = -std=gnu11 -O1 -g -fopenmp $(WARN) $(FUZZ_SAN)
FUZZ_OBJ     := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(MODELS_SRC) $(ANALYSIS_SRC) $(SIM_SRC)) \
                $(addprefix $(FUZZ_DIR)/,$(GEN_OBJ))
FUZZ_BIN     := $(addprefix $(FUZZ_DIR)/,$(FUZZ_HARNESS))
FUZZ_PKGS    := clang-14 libclang-rt-14-dev libomp-14-dev
FUZZ_PROBE   := /usr/bin/clang-14 /usr/lib/llvm-14/lib/libomp.so

# The browser check of the batch report (tests/html.sh, plain build only): Debian's Chromium,
# driven by playwright-core (pinned; no browser download) installed by npm into build/node.
HTML_NODE_DIR      := build/node
PLAYWRIGHT_VERSION := 1.64.1
HTML_PROBE         := /usr/bin/chromium $(HTML_NODE_DIR)/node_modules/playwright-core/package.json
HTML_CHECK_DEPS     = $(if $(filter 1,$(SAN)),,html-deps-check $(BUILD)/tests/mkreport)

.PHONY: FORCE all run test check asan bench deps deps-check deps-fuzz fuzz-deps-check fuzz format \
        clean deps-html html-deps-check mutate layers
.SECONDARY:
.DEFAULT_GOAL := all

# The top-level targets install what is missing first, then build in a fresh make that sees it
# (MPI=auto looks for mpicc when the Makefile is read).
all: deps-check
	@$(MAKE) --no-print-directory bin/relsim

run: deps-check
	@$(MAKE) --no-print-directory bin/relsim
	./bin/relsim run

test: deps-check
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory check SAN=1

asan:
	$(MAKE) --no-print-directory check SAN=1

check: $(BUILD)/relsim $(TEST_BIN) $(HTML_CHECK_DEPS)
	@sh tests/run.sh $(BUILD) $(if $(filter 1,$(SAN)),asan,plain)

bench: $(BUILD)/relsim $(BENCH_BIN)
	@sh bench/run.sh $(BUILD) $(BENCH_ARGS)

# Installs what is missing; every build step below waits for this check.
deps-check:
	@missing=""; for f in $(DEPS_PROBE); do [ -e $$f ] || missing="$$missing $$f"; done; \
	if [ -n "$$missing" ]; then echo "relsim: missing$$missing; running make deps"; \
	    $(MAKE) --no-print-directory deps; fi

deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PKGS)

# The same for fuzzing: clang 14, its libFuzzer runtime and its OpenMP runtime.
fuzz-deps-check: deps-check
	@missing=""; for f in $(FUZZ_PROBE); do [ -e $$f ] || missing="$$missing $$f"; done; \
	ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	    missing="$$missing libclang_rt.fuzzer"; \
	if [ -n "$$missing" ]; then echo "relsim: missing$$missing; running make deps-fuzz"; \
	    $(MAKE) --no-print-directory deps-fuzz; fi

deps-fuzz:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(FUZZ_PKGS)

# The same for the browser check: Chromium (and Node.js and npm if there are none) from Debian,
# then playwright-core from the npm registry.
html-deps-check:
	@missing=""; for f in $(HTML_PROBE); do [ -e $$f ] || missing="$$missing $$f"; done; \
	command -v node >/dev/null || missing="$$missing node"; \
	if [ -n "$$missing" ]; then echo "relsim: missing$$missing; running make deps-html"; \
	    $(MAKE) --no-print-directory deps-html; fi

deps-html:
	@pkgs=""; [ -x /usr/bin/chromium ] || pkgs="chromium fonts-dejavu-core"; \
	command -v node >/dev/null || pkgs="$$pkgs nodejs"; \
	command -v npm >/dev/null || pkgs="$$pkgs npm"; \
	if [ -n "$$pkgs" ]; then set -x; apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$pkgs; fi
	npm install --prefix $(HTML_NODE_DIR) --no-save --no-package-lock --no-audit --no-fund \
	    playwright-core@$(PLAYWRIGHT_VERSION)

$(BUILD)/.deps-ok: | deps-check
	@mkdir -p $(@D) && touch $@

# The embedded default scenario is scenarios/default.ini, turned into a C string.
$(BUILD)/gen/default_scenario.c $(FUZZ_DIR)/gen/default_scenario.c: scenarios/default.ini
	@mkdir -p $(@D)
	@{ echo '/* generated from scenarios/default.ini: do not edit */'; \
	   echo 'const char scn_default_text[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

# The batch report's style sheet is analysis/report/report.css, turned into a C string the same
# way (report.html inlines it byte for byte).
$(BUILD)/gen/report_css.c $(FUZZ_DIR)/gen/report_css.c: analysis/report/report.css
	@mkdir -p $(@D)
	@{ echo '/* generated from analysis/report/report.css: do not edit */'; \
	   echo 'const char report_css[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

# What the objects were built with: a change (MPI on or off) rebuilds them.
$(BUILD)/.config: FORCE
	@mkdir -p $(@D)
	@echo "CC=$(CC) MPI=$(MPI)" | cmp -s - $@ || echo "CC=$(CC) MPI=$(MPI)" >$@

FORCE:

$(BUILD)/%.o: %.c $(BUILD)/.config | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(MPI_FLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/librelsim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/relsim: $(BUILD)/sim/cli/main.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $(if $(LTO),$(OPT) -flto=auto $(WARN)) $^ $(PKG_LIBS) -o $@

bin/relsim: $(BUILD)/relsim
	@mkdir -p $(@D)
	cp $< $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $^ $(PKG_LIBS) $(CMOCKA_LIBS) -o $@

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

# Each harness runs for its share of FUZZ_SECONDS on its corpus in build/fuzz/corpus-*/, seeded
# from the gallery, the bad inputs and the regression files; crashes go to build/fuzz/crashes/.
fuzz: $(FUZZ_BIN)
	@sh tests/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_HARNESS)

$(FUZZ_DIR)/.deps-ok: | fuzz-deps-check
	@mkdir -p $(@D) && touch $@

$(FUZZ_DIR)/%.o: %.c | $(FUZZ_DIR)/.deps-ok
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/gen/%.o: $(FUZZ_DIR)/gen/%.c | $(FUZZ_DIR)/.deps-ok
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/librelsim.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/tests/fuzz_%.o $(FUZZ_DIR)/librelsim.a
	$(FUZZ_CC) -fopenmp $(FUZZ_SAN) $^ $(PKG_LIBS) -o $@

mutate: deps-check
	@sh tests/mutate.sh

layers:
	@sh tests/layers.sh

format:
	clang-format -i $(sort $(call rwildcard,models analysis sim tests bench,%.c %.h))

clean:
	rm -rf build bin

-include $(sort $(shell find $(BUILD) $(FUZZ_DIR) -name '*.d' 2>/dev/null))
