# The two commands a newcomer needs: `make demo` and `make test`. Everything else is CMake.
#
# `make test SANITIZE=1` (what CI runs) builds everything with clang-14 under ASan+UBSan in
# build-sanitize, the libFuzzer targets included, and runs the same suite there: unit, plugin,
# simulator, end-to-end, dashboard and service tests, plus each fuzzer's seed replay and a
# 20 s fuzzing run of each (ctest label "fuzz"). -O1 with line tables keeps it as quick to
# build as the plain RelWithDebInfo build.
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-sanitize
CONFIGURE_ENV := CC=clang-14 CXX=clang++-14
CONFIGURE_FLAGS := -DPW_BUILD_FUZZERS=ON -DPW_BUILD_BENCH=OFF -DPW_FUZZ_SECONDS=20 \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG"
TEST_ENV := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
BUILD ?= build
endif
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo bench fuzz package clean
all: build

deps:
	@scripts/install-deps

configure: deps
	@$(CONFIGURE_ENV) cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CONFIGURE_FLAGS) \
	  $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j$(JOBS) --timeout 600

package: build
	@cd $(BUILD) && cpack -G DEB

demo: build
	@scripts/demo $(BUILD)

clean:
	rm -rf $(BUILD)

# libFuzzer targets (clang): `make fuzz` fuzzes each for FUZZ_SECONDS (default 300);
# `make fuzz-smoke` (run by .ci/run after `make test`) replays the seed corpora and fuzzes each for 20 s.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPW_BUILD_FUZZERS=ON -DPW_BUILD_TESTS=ON -DPW_FUZZ_SECONDS=$(PW_FUZZ_SECONDS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target $$(cd $(FUZZ_BUILD) && ctest -N -L fuzz \
	  | sed -n 's/^ *Test *#[0-9]*: \([a-z_]*_fuzzer\)$$/\1/p' | sort -u | tr '\n' ' ')

fuzz-smoke: PW_FUZZ_SECONDS = 20
fuzz-smoke: fuzz-build
	@cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz -j$(JOBS)

fuzz: PW_FUZZ_SECONDS = $(FUZZ_SECONDS)
fuzz: fuzz-build
	@cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz -j$(JOBS)

# Benchmarks (bench/README.md): builds what they need in BENCH_BUILD and runs the quick suite;
# BENCH_FULL=1 for the full sizes.
BENCH_BUILD ?= build-bench
bench: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPW_BUILD_BENCH=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH_BUILD) -j$(JOBS) --target postwatchd postwatchctl postwatch-sim \
	  pw_plugin_web links_bench http_floor store_bench
	@BENCH_BUILD=$(abspath $(BENCH_BUILD)) bench/run_all.sh
