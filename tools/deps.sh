#!/usr/bin/env bash
# Installs the build and test dependencies that are missing, and nothing else.
# Called by `make run` and `make test`; a no-op when everything is present.
set -euo pipefail
need=()
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v cmake >/dev/null || need+=(cmake)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v cc >/dev/null || need+=(gcc)
have_pc gsl || need+=(libgsl-dev)
have_pc yaml-0.1 || need+=(libyaml-dev)
have_pc cairo || need+=(libcairo2-dev)
have_pc cmocka || need+=(libcmocka-dev)
have_pc nettle || need+=(nettle-dev)
if [ "${REGIONSIM_TEST_DEPS:-0}" = 1 ]; then
    command -v chromium >/dev/null || need+=(chromium)
    command -v python3 >/dev/null || need+=(python3)
    # tests/cli/install.sh renders the manual page; run_progress.sh uses script(1)
    command -v man >/dev/null || need+=(man-db)
    command -v col >/dev/null || need+=(bsdextrautils)
    command -v script >/dev/null || need+=(bsdutils)
    # tests/cli/run_mpi.sh: mpirun -n 3 against one process (the build
    # works without MPI; make test builds with it)
    have_pc mpi-c || need+=(libopenmpi-dev)
    command -v mpirun >/dev/null || need+=(openmpi-bin)
    # The schema test (tests/schema/check.py): a real JSON Schema validator.
    # Either the python3 on PATH or Debian's own must have both modules;
    # tests/run_python.sh picks whichever does.
    if ! python3 -c 'import jsonschema, yaml' 2>/dev/null &&
        ! /usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null; then
        need+=(python3-jsonschema python3-yaml)
    fi
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "deps: installing ${need[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
