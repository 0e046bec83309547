# relsim: one Makefile for the simulator, its tests, benchmarks and fuzzers.
#
#   make run      build, then run the embedded default scenario (results/default/)
#   make test     every test, plain build then ASan+UBSan build
#   make check    the tests of one build (BUILD=..., SAN=1 for the sanitizer build)
#   make bench    speed figures (events/s, trials/s)
#   make deps     install the Debian packages relsim needs (called by the other targets when missing)
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
OPT     ?= -O2
WARN    := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wundef -Wpointer-arith
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(SAN),1)
OPT     := -O1
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

# Recursive (=) so that pkg-config is asked only once the packages are installed.
PKG_CFLAGS = $(shell pkg-config --cflags gsl inih 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs gsl inih 2>/dev/null) -lcsv -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

CPPFLAGS := -I. -D_GNU_SOURCE -DRELSIM_VERSION='"$(shell cat VERSION)"'
CFLAGS   := -std=gnu11 $(OPT) -g -fopenmp $(WARN) $(SANFLAGS)
LDFLAGS  := -fopenmp $(SANFLAGS)

MODELS_SRC   := $(wildcard models/*.c)
ANALYSIS_SRC := $(wildcard analysis/*.c)
SIM_SRC      := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIB_SRC      := $(MODELS_SRC) $(ANALYSIS_SRC) $(SIM_SRC) $(BUILD)/gen/default_scenario.c
LIB_OBJ      := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(BUILD)/%,$(LIB_SRC))) \
                $(BUILD)/gen/default_scenario.o
TEST_SRC     := $(wildcard tests/test_*.c)
TEST_BIN     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCH_SRC    := $(wildcard bench/*.c)
BENCH_BIN    := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

DEB_PKGS   := libgsl-dev libcsv-dev libinih-dev libcmocka-dev librandom123-dev gnuplot-nox \
              pkg-config
DEPS_PROBE := /usr/include/gsl/gsl_rng.h /usr/include/csv.h /usr/include/ini.h \
              /usr/include/cmocka.h /usr/include/Random123/philox.h /usr/bin/gnuplot \
              /usr/bin/pkg-config

.PHONY: all run test check asan bench deps deps-check format clean
.SECONDARY:
.DEFAULT_GOAL := all

all: bin/relsim

run: bin/relsim
	./bin/relsim run

test:
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory check SAN=1

asan:
	$(MAKE) --no-print-directory check SAN=1

check: $(BUILD)/relsim $(TEST_BIN)
	@sh tests/run.sh $(BUILD) $(if $(filter 1,$(SAN)),asan,plain)

bench: $(BUILD)/relsim $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# Installs what is missing; every build step below waits for this check.
deps-check:
	@missing=""; for f in $(DEPS_PROBE); do [ -e $$f ] || missing="$$missing $$f"; done; \
	if [ -n "$$missing" ]; then echo "relsim: missing$$missing; running make deps"; \
	    $(MAKE) --no-print-directory deps; fi

deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PKGS)

$(BUILD)/.deps-ok: | deps-check
	@mkdir -p $(@D) && touch $@

# The embedded default scenario is scenarios/default.ini, turned into a C string.
$(BUILD)/gen/default_scenario.c: scenarios/default.ini
	@mkdir -p $(@D)
	@{ echo '/* generated from scenarios/default.ini: do not edit */'; \
	   echo 'const char scn_default_text[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/librelsim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/relsim: $(BUILD)/sim/main.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

bin/relsim: $(BUILD)/relsim
	@mkdir -p $(@D)
	cp $< $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $^ $(PKG_LIBS) $(CMOCKA_LIBS) -o $@

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/librelsim.a
	$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

format:
	clang-format -i $(wildcard */*.c */*.h)

clean:
	rm -rf build bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
