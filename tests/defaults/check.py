#!/usr/bin/env python3
"""The README's default column and scenarios/schema.json's `default` values
against the defaults table (scenarios/defaults.c), key by key.

A README default cell's `code` spans must be exactly the table's texts for
that key (for a strategy key: the text each strategy of its "for" column
gets); a cell without a value (required, computed) has none. A schema
property's `default` must be the YAML reading of the table's text, and valid
against the property; a key without a text has no `default`.
usage: check.py DEFAULTS_DUMP_BINARY SOURCE_DIR
"""
import os
import re
import subprocess
import sys

import json
import jsonschema
import yaml

dump, src = sys.argv[1], sys.argv[2]
ABBREV = {"BR": "backup_restore", "PL": "pilot_light", "WS": "warm_standby", "AA": "active_active"}
failed = 0


def fail(msg):
    global failed
    print("FAIL: " + msg)
    failed += 1


# key -> {None: base text, strategy: override text}; a text "-" is None
rows = {}
for line in subprocess.run([dump], check=True, capture_output=True, text=True).stdout.splitlines():
    key, strategy, text = line.split("\t")
    rows.setdefault(key, {})[None if strategy == "-" else strategy] = None if text == "-" else text


def text_for(key, strategy):
    r = rows[key]
    return r.get(strategy, r[None]) if strategy else r[None]


# ---- README -------------------------------------------------------------
readme = open(os.path.join(src, "README.md")).read()
section = readme[readme.index("## Scenario files: every key"):readme.index("<!-- keys:end -->")]
readme_keys = set()
for line in section.splitlines():
    if not line.startswith("| `"):
        continue
    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
    names = re.findall(r"`([^`]*)`", cells[0])
    keys = [names[0]] + [names[0].rsplit(".", 1)[0] + n for n in names[1:]]
    if len(cells) == 6:  # strategy keys: key, for, meaning, unit, default, example
        keys = ["strategies.*." + k for k in keys]
        who = list(ABBREV.values()) if cells[1] == "all" else [ABBREV[w] for w in cells[1].split()]
    else:
        who = [None]
    spans = set(re.findall(r"`([^`]*)`", cells[-2]))
    for key in keys:
        readme_keys.add(key)
        if key not in rows:
            fail(f"README key '{key}' has no row in scenarios/defaults.c")
            continue
        want = {text_for(key, s) for s in who} - {None}
        if spans != want:
            fail(f"README default of '{key}' shows {sorted(spans)}, the table {sorted(want)}")
for key in sorted(set(rows) - readme_keys):
    fail(f"the table's key '{key}' is not in the README's key reference")

# ---- schema.json --------------------------------------------------------
schema = json.load(open(os.path.join(src, "scenarios", "schema.json")))
strategies = schema["properties"]["strategies"]["properties"]


def properties(node, prefix):
    """(path, property schema) of inline objects: 'a.b', lists as 'a[].b'."""
    if not isinstance(node, dict):
        return
    for alt in node.get("oneOf", []) + node.get("anyOf", []):
        yield from properties(alt, prefix)
    for k, sub in node.get("properties", {}).items():
        path = f"{prefix}.{k}" if prefix else k
        yield path, sub
        yield from properties(sub, path)
    if isinstance(node.get("items"), dict):
        yield from properties(node["items"], prefix + "[]")


n = 0
for path, prop in properties(schema, ""):
    parts = path.split(".")
    strategy = None
    if parts[0] == "strategies" and len(parts) == 3:
        strategy, key = parts[1], "strategies.*." + parts[2]
    else:
        key = path
    if key not in rows:
        if "default" in prop:
            fail(f"schema.json gives '{path}' a default; the table has no row for it")
        continue
    n += 1
    text = text_for(key, strategy)
    want = None if text is None else yaml.safe_load(text)
    got = prop.get("default")
    if got != want:
        fail(f"schema.json default of '{path}' is {json.dumps(got)}, the table's {json.dumps(want)}")
    elif want is not None:
        sub = dict(prop, definitions=schema["definitions"])
        for e in jsonschema.Draft7Validator(sub).iter_errors(want):
            fail(f"schema.json default of '{path}' is not valid for it: {e.message}")
print(f"{len(rows)} table keys, {len(readme_keys)} README keys, {n} schema properties checked")
sys.exit(1 if failed else 0)
