# The README's two commands. Each installs what is missing (Debian packages,
# via deploy/install-deps.sh), builds, and then runs the demo or the tests.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DEMO_DIR   ?= demo-data
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build demo test test-sanitize unit clean

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
	  ctest --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
