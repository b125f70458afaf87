"""The locust mix (bench/locustfile.py) imports, and every task requests a URL the project serves
with that method; no load is run here (``python -m bench.locust_run`` does that). The tasks run in
a subprocess (bench/locust_calls.py): importing locust patches the standard library with gevent."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent
NODE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def calls() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.locust_calls"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize("name", ["Minimal", "Visitor", "Talent", "Owner"])
def test_every_task_hits_a_served_url(name: str, calls: dict[str, Any]) -> None:
    assert calls[name], f"{name} has no task"
    for method, url, label in calls[name]:
        parts = urllib.parse.urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == NODE
        try:
            match = resolve(parts.path)
        except Resolver404:
            pytest.fail(f"{label}: {method} {parts.path} is not a URL of the project")
        if parts.path.startswith("/api/v1/"):
            # django-ninja: one view per path (a PathView), dispatching on the method
            path_view = inspect.getclosurevars(match.func).nonlocals["self"]
            methods = {m for operation in path_view.operations for m in operation.methods}
            assert method in methods, f"{label}: {parts.path} takes {sorted(methods)}, not {method}"
        else:
            assert method == "GET", f"{label}: the HTML pages of the mix are read only"


def test_the_mix_covers_the_issue_workload(calls: dict[str, Any]) -> None:
    """browse, search, project pages, apply, messages, time entries, approvals, payouts."""
    labels = {label for name in ("Visitor", "Talent", "Owner") for _, _, label in calls[name]}
    wanted = {
        "GET /projects/",
        "GET /search/",
        "GET /projects/{id}/",
        "POST apply",
        "POST message",
        "POST time entry",
        "POST approve",
        "POST payout",
    }
    assert wanted <= labels, wanted - labels
