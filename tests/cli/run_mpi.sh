#!/usr/bin/env bash
# mpirun --oversubscribe -n 3 regionsim run ...: rank 0 hands the runs out
# to two ranks and writes outputs byte-identical (diff -r) to one process's,
# for two files, one of them a sweep. Skipped (with a message) when
# regionsim was built without MPI or mpirun is missing.
# Under ASan (make test) every rank still checks regionsim's own memory;
# what OpenMPI keeps until exit is suppressed (lib/lsan-openmpi.supp).
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
if ! command -v mpirun >/dev/null || ! ldd "$bin" 2>/dev/null | grep -q libmpi; then
    echo "skipped: regionsim built without MPI (install libopenmpi-dev, openmpi-bin)"
    exit 0
fi
export LSAN_OPTIONS="suppressions=$2/tests/cli/lib/lsan-openmpi.supp:print_suppressions=0"
# OpenMPI's libraries have no frame pointers: the slow unwinder names them
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}fast_unwind_on_malloc=0"
# OpenMPI refuses root unless told (containers, CI)
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# components stay loaded, so LeakSanitizer can name (and suppress) their leaks
export OMPI_MCA_mca_base_component_disable_dlclose=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
small_scenario a.yaml plain 1h
small_scenario b.yaml swept 1h
echo 'sweep: { dns.ttl: [30s, 5m] }' >>b.yaml
args=(a.yaml b.yaml -o out -n 3 --format svg -j 1)

"$bin" run "${args[@]}" -q || fail "the single-process run failed"
mv out single
timeout 300 mpirun --oversubscribe -n 3 "$bin" run "${args[@]}" 2>err
st=$?
[ $st -eq 0 ] || fail "mpirun -n 3 exited $st: $(cat err)"
grep -q '\[2/2\] swept/ttl-5m: done, 12/12 runs' err || fail "rank 0's progress: $(cat err)"
rm single/.regionsim.lock out/.regionsim.lock
diff -r single out || fail "outputs under mpirun -n 3 differ from one process's"
echo ok
