"""Compile every .po catalogue under stint/ into the .mo file Django reads, in pure Python (Babel),
so that ``make run`` needs no GNU gettext. Only catalogues whose .mo is missing or older are
rewritten. Usage: ``python scripts/compile_messages.py [--force]``."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_all(*, force: bool = False) -> int:
    count = 0
    for po in sorted((ROOT / "stint").glob("**/locale/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        count += 1
    return count


if __name__ == "__main__":
    print(f"compiled {compile_all(force='--force' in sys.argv)} message catalogue(s)")
