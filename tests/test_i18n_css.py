"""Right-to-left ready stylesheets (docs/i18n.md, "Right-to-left"): no physical left/right where a
logical property works. Every CSS file of ours under ``stint/**/static/`` (vendored files excluded)
uses ``margin-inline-start``, ``inset-inline-end``, ``text-align: start``... A line that truly needs
a physical side says why with a ``/* physical-ok: reason */`` comment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS_FILES = sorted(p for p in (ROOT / "stint").glob("**/static/**/*.css") if "vendor" not in p.parts)

PHYSICAL = [
    (re.compile(r"\b(?:margin|padding|border)-(?:left|right)\b"), "use margin/padding/border-inline-start/end"),
    (re.compile(r"(?<![-\w])(?:left|right)\s*:"), "use inset-inline-start/end"),
    (re.compile(r"\btext-align\s*:\s*(?:left|right)\b"), "use text-align: start/end"),
    (re.compile(r"\b(?:float|clear)\s*:\s*(?:left|right)\b"), "use float/clear: inline-start/inline-end"),
    (re.compile(r"\bborder-(?:top|bottom)-(?:left|right)-radius\b"), "use border-start-start-radius etc."),
]
# A four-value margin/padding with different right and left sides is physical too.
FOUR_VALUES = re.compile(
    r"\b(margin|padding)\s*:\s*([^;}\s]+)\s+([^;}\s]+)\s+([^;}\s]+)\s+([^;}\s]+)\s*(?:!important\s*)?(?=[;}]|$)"
)
EXCEPTION = "physical-ok:"


def physical_uses(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if EXCEPTION in line:
            continue
        code = re.sub(r"/\*.*?\*/", "", line)
        for pattern, advice in PHYSICAL:
            for match in pattern.finditer(code):
                found.append(f"line {number}: {match.group(0)!r} ({advice})")
        for match in FOUR_VALUES.finditer(code):
            if match.group(3) != match.group(5):
                found.append(
                    f"line {number}: {match.group(0)!r} (use {match.group(1)}-block / {match.group(1)}-inline)"
                )
    return found


def test_there_are_stylesheets_to_check():
    assert any(p.name == "site.css" for p in CSS_FILES)


@pytest.mark.parametrize("path", CSS_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_physical_left_or_right(path):
    assert physical_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { padding-right: 0; }",
        ".a { border-left: 1px solid; }",
        ".a { position: absolute; left: 0; }",
        ".a { right:0 }",
        ".a { text-align: right; }",
        ".a { float: left; }",
        ".a { border-top-left-radius: 2px; }",
        ".a { padding: 0 1rem 0 2rem; }",
    ],
)
def test_the_scanner_finds_physical_sides(css):
    assert physical_uses(css)


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; float: inline-end; }",
        ".a { padding: 0 1rem 0 1rem; margin: 0 auto; }",
        ".a { left: 0; } /* physical-ok: a drawing that is the same in every direction */",
        ".a { top: 0; bottom: 0; }",
    ],
)
def test_the_scanner_accepts_logical_properties(css):
    assert physical_uses(css) == []
