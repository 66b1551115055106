#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer target over scenario_load_buffer with clang
# (-fsanitize=fuzzer,address,undefined) in build-fuzz/ and runs a fixed number
# of executions (FUZZ_RUNS, default 200000) over a seed corpus of the example
# scenarios and the error fixtures. Exits non-zero on any crash, leak or UB.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-200000}
if ! command -v clang >/dev/null; then
    echo "fuzz: installing clang and its fuzzer runtime" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        clang libclang-rt-dev >/dev/null 2>&1 ||
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            clang "libclang-rt-$(clang --version | sed -n 's/.*version \([0-9]*\).*/\1/p' | head -1)-dev" >/dev/null
fi
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DREGIONSIM_FUZZ=ON \
    "-DCMAKE_C_FLAGS=$flags" >/dev/null
cmake --build build-fuzz --target fuzz_loader -j 2 >/dev/null
corpus=build-fuzz/corpus
mkdir -p "$corpus"
cp scenarios/*.yaml tests/loader/*.yaml tests/fuzz/seeds/*.yaml "$corpus"/
log=build-fuzz/fuzz.log
if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-fuzz/tests/fuzz/fuzz_loader -runs="$runs" -max_len=16384 -timeout=10 \
    -artifact_prefix=build-fuzz/ -dict=tests/fuzz/scenario.dict -print_final_stats=1 \
    "$corpus" >"$log" 2>&1; then
    grep -v -e '^#[0-9]' "$log" | tail -60
    echo "fuzz: FAILED; the input is in build-fuzz/crash-* (log: $log)" >&2
    exit 1
fi
grep '^stat::' "$log"
echo "fuzz: $runs executions clean"
