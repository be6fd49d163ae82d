# Two commands for a newcomer: `make demo` and `make test`.
# Both install missing Debian packages, configure once, build with ccache.
BUILD ?= build
JOBS ?= $(shell nproc)
DATA_DIR ?= $(abspath ../shared/data)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build test demo bench clean format

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

test: build
	cd $(BUILD) && NHOOD_DATA_DIR=$(DATA_DIR) ctest --output-on-failure -j $(JOBS)

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
