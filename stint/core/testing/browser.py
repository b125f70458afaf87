"""Browser-test helpers: Debian's Chromium through Playwright, and an axe-core check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

CHROMIUM_PATH = os.environ.get("STINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_PATH = Path(settings.BASE_DIR) / "stint" / "static" / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("moderate", "serious", "critical")


def axe_violations(page: Any, *, context: str = "document", rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core in the page and return its violations of moderate, serious or critical impact
    (only of ``rules`` when given).

    The script is evaluated through the DevTools protocol, so the page's CSP (which forbids inline
    scripts) does not block it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8") + "\n;undefined;")
    result = page.evaluate(
        "async ([ctx, rules]) => { const options = {resultTypes: ['violations']};"
        " if (rules) { options.runOnly = {type: 'rule', values: rules}; }"
        " const r = await window.axe.run(ctx === 'document' ? document : ctx, options);"
        " return r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }",
        [context, rules],
    )
    return [v for v in result if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page: Any, *, context: str = "document") -> None:
    violations = axe_violations(page, context=context)
    assert not violations, f"axe found moderate/serious/critical violations on {page.url}: {violations}"
