# The README's two commands. Each installs what is missing (Debian packages,
# via deploy/install-deps.sh), builds, and then runs the demo or the tests.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= protocol csv http_path
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DEMO_DIR   ?= demo-data
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build demo test test-sanitize unit clean fuzz fuzz-deps fuzz-merge bench

all: build

deps:
	@./deploy/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Starts the server on an embedded SQLite file with the demo cell.
demo: build
	@mkdir -p $(DEMO_DIR)
	$(BUILD)/server/chibo serve --db $(DEMO_DIR)/chibo.db --listen $(LISTEN) --demo

# Every test: unit, integration, browser (CTest labels unit, integration, e2e).
test: build
	cd $(BUILD) && ctest --output-on-failure

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHIBO_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --output-on-failure

# The benchmarks (bench/README.md), short versions: under 3 minutes in all.
# Not part of `make test` (that runs only the correctness-only bench-smoke).
# BENCH_SCALE=full runs the figures of bench/README.md instead.
bench: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS) --target chibo chibo_loadgen
	cd bench/reference && npm ci --no-audit --no-fund --silent
	./bench/run.sh $(BUILD) $(BENCH_SCALE)

# libFuzzer needs clang. CI does not fuzz (it replays the corpora: ctest -L
# fuzz), so clang is installed here, only when missing, not by install-deps.sh.
fuzz-deps:
	@command -v clang++ >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -ne 0 ]; then \
	    echo "fuzz: clang++ missing: run as root, or: sudo apt-get install clang libclang-rt-dev" >&2; exit 1; \
	  fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y clang libclang-rt-dev; }

# Each fuzz target in turn for FUZZ_SECONDS, on a copy of its corpus; prints
# executions and findings, fails if anything was found (fuzz/README.md).
fuzz: deps fuzz-deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHIBO_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	./fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Adds to fuzz/corpus/ the inputs of the last `make fuzz` that bring new coverage.
fuzz-merge:
	./fuzz/run.sh --merge $(FUZZ_BUILD) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
