"""Templates compare no status strings (issue 10, "status groups"): a page asks the model
(``project.is_open``, ``application.is_hired``, ``referral.awaiting_answer``...) or a context flag,
and those answer from the enum, its groups or its transition table in Python, the one owner."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ``status == "open"``, ``x.status != 'draft'``, ``status=="hired"``: a status compared to a literal.
STATUS_LITERAL = re.compile(r"""status\s*(==|!=)\s*["']""")


def status_literals(path: str, text: str) -> list[str]:
    return [
        f"{path}:{number}: {line.strip()[:120]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if STATUS_LITERAL.search(line)
    ]


def template_files() -> list[Path]:
    return sorted(ROOT.glob("stint/**/templates/**/*.html"))


def test_the_check_reads_every_app_s_templates() -> None:
    names = {str(p.relative_to(ROOT)) for p in template_files()}
    assert "stint/projects/templates/projects/detail.html" in names
    assert "stint/applications/templates/applications/partials/apply_or_status.html" in names
    assert len(names) > 50


def test_no_template_compares_a_status_to_a_string() -> None:
    found = [hit for path in template_files() for hit in status_literals(str(path.relative_to(ROOT)), path.read_text())]
    assert not found, "status compared to a string in a template (use a model property or a context flag):\n  " + (
        "\n  ".join(found)
    )


def test_the_check_finds_a_literal_status_comparison() -> None:
    source = "{% if project.status == \"open\" %}x{% endif %}\n{% if a.status!='hired' %}{% endif %}\n{{ a.get_status_display }}\n"
    assert status_literals("t.html", source) == [
        't.html:1: {% if project.status == "open" %}x{% endif %}',
        "t.html:2: {% if a.status!='hired' %}{% endif %}",
    ]
    assert status_literals("t.html", "{% if project.is_open %}{% endif %}") == []
