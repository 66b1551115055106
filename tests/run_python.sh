#!/usr/bin/env bash
# Runs a python check (SCRIPT ARGS...) with a python3 that has jsonschema and
# yaml: the one on PATH (e.g. pyenv's) or Debian's /usr/bin/python3, where
# tools/deps.sh installs them.
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import jsonschema, yaml' 2>/dev/null; then
        exec "$py" "$@"
    fi
done
echo "FAIL: no python3 with jsonschema and yaml (tools/deps.sh installs them)"
exit 1
