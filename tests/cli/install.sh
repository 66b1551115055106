#!/usr/bin/env bash
# Packaging: `cmake --install` into a temporary prefix gives a binary that
# runs, a manual page that man renders and that names every long option the
# help shows, bash and zsh completion, the schema and the examples.
set -u
bin=$1 src=$2
fail() { echo "FAIL: $*"; exit 1; }
build=$(dirname "$bin")
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install failed"

"$prefix/bin/regionsim" --version | grep -Eq '^regionsim [0-9]+\.[0-9]+\.[0-9]+' ||
    fail "the installed binary's --version"
man1="$prefix/share/man/man1/regionsim.1"
[ -f "$man1" ] || fail "no man page at share/man/man1/regionsim.1"
page=$(MANWIDTH=80 man -l "$man1" 2>&1) || fail "man -l failed: $page"
grep -q "^NAME" <<<"$page" || fail "the man page has no NAME section"
grep -q "EXIT STATUS" <<<"$page" || fail "the man page has no EXIT STATUS section"
# man renders hyphens as U+2010 in some locales: compare on plain ASCII.
plain=$(LC_ALL=C MANWIDTH=200 man -l "$man1" 2>/dev/null | col -b)
for cmd in run merge validate compare regions; do
    grep -q "^       $cmd" <<<"$plain" || fail "the man page does not describe '$cmd'"
done
for opt in $(for c in "" run merge validate compare regions; do "$bin" $c --help; done |
    grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    grep -q -- "$opt" <<<"$plain" || fail "the man page does not document $opt"
done

[ -f "$prefix/share/bash-completion/completions/regionsim" ] || fail "no bash completion"
[ -f "$prefix/share/zsh/site-functions/_regionsim" ] || fail "no zsh completion"
bash -n "$prefix/share/bash-completion/completions/regionsim" || fail "bash completion syntax"
[ -f "$prefix/share/regionsim/schema.json" ] || fail "no schema"
[ -f "$prefix/share/regionsim/LICENSE" ] || fail "no LICENSE"
n=$(ls "$prefix"/share/regionsim/scenarios/*.yaml 2>/dev/null | wc -l)
[ "$n" -eq "$(ls "$src"/scenarios/*.yaml | wc -l)" ] || fail "examples: $n installed"
"$prefix/bin/regionsim" validate "$prefix"/share/regionsim/scenarios/*.yaml >/dev/null ||
    fail "the installed examples do not validate"
echo "ok"
