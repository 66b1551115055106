# Thin wrapper: the README's two commands. CMake does the real work.
#   make run   install what is missing, build, run the example scenarios into out/
#   make test  install what is missing, build with ASan+UBSan, run every test
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
SCENARIOS := $(wildcard scenarios/*.yaml scenarios/replays/*.yaml)

.PHONY: all deps build run test bench fuzz clean format

all: build

deps:
	@tools/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/regionsim run $(SCENARIOS) -o out

test: deps
	@REGIONSIM_TEST_DEPS=1 tools/deps.sh
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DREGIONSIM_SANITIZE=ON -DREGIONSIM_WERROR=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD)/tests/bench/bench_*; do echo "== $$b"; $$b; done

fuzz: deps
	@tools/fuzz.sh

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz out
