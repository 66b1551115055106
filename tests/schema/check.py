#!/usr/bin/env python3
"""scenarios/schema.json against the examples and the loader.

Converts every example scenario to JSON and validates it with a real JSON
Schema validator (python3-jsonschema, Draft 7); checks that documents with an
unknown key or a bad unit fail, so the validator is really checking; and checks
that the schema and the loader accept exactly the same key paths.
usage: check.py LOADER_KEYS_BINARY SOURCE_DIR
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml

keys_bin, src = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(src, "scenarios", "schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failed = 0

examples = sorted(glob.glob(os.path.join(src, "scenarios", "*.yaml")) +
                  glob.glob(os.path.join(src, "scenarios", "replays", "*.yaml")))
if len(examples) < 5:
    print("FAIL: fewer than 5 examples")
    failed += 1
for path in examples:
    doc = json.loads(json.dumps(yaml.safe_load(open(path))))  # YAML -> JSON
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print(f"FAIL: {os.path.basename(path)}: {'/'.join(map(str, e.path))}: {e.message}")
    failed += len(errors)
    print(f"{os.path.basename(path)}: {'ok' if not errors else 'INVALID'}")

base = {"regions": ["us-east-1", "eu-west-1"]}
bad = [
    {"dns": {"ttl_violater": 0.03}},
    {"workload": {"timeout": "2"}},
    {"workload": {"payload": "2kb"}},
    {"strategies": {"pilot_light": {"standby": "25%"}}},
    {"failures": [{"kind": "region_outtage", "at": "1h", "duration": "1h"}]},
]
for b in bad:
    doc = dict(base, **b)
    if validator.is_valid(doc):
        print(f"FAIL: schema accepts {json.dumps(b)}")
        failed += 1

# `regions` is required unless the file extends a base that gives it.
variants = [({"extends": "three-region-shop.yaml", "dns": {"ttl": "5m"}}, True),
            ({"dns": {"ttl": "5m"}}, False),
            ({"extends": ["a.yaml", "b.yaml"]}, False),
            ({"extends": ""}, False)]
for doc, ok in variants:
    if validator.is_valid(doc) != ok:
        print(f"FAIL: schema {'rejects' if ok else 'accepts'} {json.dumps(doc)}")
        failed += 1


def schema_keys(node, prefix, out):
    """Key paths of inline objects: 'a.b', lists as 'a[].b'; $refs are value types."""
    if not isinstance(node, dict):
        return
    for alt in node.get("oneOf", []) + node.get("anyOf", []):
        schema_keys(alt, prefix, out)
    for k, sub in node.get("properties", {}).items():
        path = f"{prefix}.{k}" if prefix else k
        out.add(path)
        schema_keys(sub, path, out)
    items = node.get("items")
    if isinstance(items, dict):
        schema_keys(items, prefix + "[]", out)


skeys = set()
schema_keys(schema, "", skeys)
lkeys = set(subprocess.run([keys_bin], check=True, capture_output=True, text=True).stdout.split())
for k in sorted(lkeys - skeys):
    print(f"FAIL: the loader accepts '{k}', the schema does not")
for k in sorted(skeys - lkeys):
    print(f"FAIL: the schema accepts '{k}', the loader does not")
failed += len(lkeys ^ skeys)
print(f"{len(lkeys)} loader keys, {len(skeys)} schema keys")
sys.exit(1 if failed else 0)
