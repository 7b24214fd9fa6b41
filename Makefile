# The two commands a newcomer needs: `make demo` and `make test`. Everything else is CMake.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo bench fuzz package clean
all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

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

# ASan+UBSan build of everything, then the whole test suite (build-asan). Takes much longer than `make test`.
SANITIZE_BUILD ?= build-asan
.PHONY: test-sanitize
test-sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPW_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SANITIZE_BUILD) -j$(JOBS)
	@cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 1200

# Benchmarks (bench/README.md): builds what they need in BENCH_BUILD and runs the quick suite;
# BENCH_FULL=1 for the full sizes.
BENCH_BUILD ?= build-bench
bench: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPW_BUILD_BENCH=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BENCH_BUILD) -j$(JOBS) --target postwatchd postwatchctl postwatch-sim \
	  pw_plugin_web links_bench http_floor store_bench
	@BENCH_BUILD=$(abspath $(BENCH_BUILD)) bench/run_all.sh
