# Two commands for a newcomer: `make demo` and `make test`.
# Both install missing Debian packages, configure once, build with ccache.
BUILD ?= build
JOBS ?= $(shell nproc)
# The data mirror and the reference outputs the tests read (exported to
# ctest as NHOOD_DATA_DIR and NHOOD_REFERENCE_DIR; tests/support/data_dir.h).
DATA_DIR ?= $(abspath ../shared/data)
REFERENCE_DIR ?= $(abspath ../shared/reference)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build data-check test demo bench clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

# Stops before building when the mirror is missing: the tests need it, and
# each test that finds its data missing fails too.
data-check:
	@for d in "$(DATA_DIR)" "$(REFERENCE_DIR)"; do \
	  if [ ! -d "$$d" ]; then \
	    echo "make: no such directory: $$d. The tests need the data mirror (DATA_DIR=$(DATA_DIR))" \
	         "and the reference outputs (REFERENCE_DIR=$(REFERENCE_DIR)):" \
	         "make test DATA_DIR=<mirror>/data REFERENCE_DIR=<mirror>/reference" >&2; \
	    exit 1; \
	  fi; \
	done

test: data-check
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && NHOOD_DATA_DIR=$(abspath $(DATA_DIR)) NHOOD_REFERENCE_DIR=$(abspath $(REFERENCE_DIR)) \
	  ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)/nhood $(DATA_DIR)

bench: deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) -DNHOOD_BUILD_BENCHMARKS=ON \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
	cmake --build $(BUILD) -j $(JOBS) --target nhood_stats_benchmark
	$(BUILD)/bench/nhood_stats_benchmark

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD)
