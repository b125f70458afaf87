"""The race storm across web nodes: concurrent approvals of one engagement and concurrent payouts
with one Idempotency-Key, each spread round-robin over every node, then ``ledger_check``.

Run against ``scripts/cluster.sh`` (it prints the command), with the cluster's environment::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stint_cluster \\
        .venv/bin/python -m bench.cluster_race http://127.0.0.1:8101 http://127.0.0.1:8102

The data (a funded project, a hired talent, a submission) is made here with the test factories,
directly in the cluster's database; every approval and payout goes through HTTP. The suite runs the
same function against two gunicorn nodes (tests/cluster/test_cross_node_races.py).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from typing import Any


def post_json(
    url: str, token: str, body: dict[str, Any] | None = None, key: str | None = None
) -> tuple[int, dict[str, Any]]:
    """POST JSON with a bearer token (and an Idempotency-Key); the status and the decoded body.
    A connection that fails (a node killed) is status 0."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return int(response.status), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return int(exc.code), json.loads(exc.read() or b"{}")
    except (OSError, ValueError):
        return 0, {}


def _post(url: str, token: str, body: dict[str, Any] | None = None, key: str | None = None) -> int:
    return post_json(url, token, body, key)[0]


def _storm(calls: list[tuple[str, dict[str, Any] | None, str | None]], token: str) -> tuple[list[int], float]:
    """Send every call at once (a barrier), each from its own thread; statuses and seconds taken."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = []
    lock = threading.Lock()

    def send(url: str, body: dict[str, Any] | None, key: str | None) -> None:
        barrier.wait()
        status = _post(url, token, body, key)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=call) for call in calls]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return statuses, time.perf_counter() - started


def submitted_engagement() -> tuple[Any, Any, str, str]:
    """A funded project's engagement with a submission: (engagement, personas, owner's token, talent's token)."""
    # local import: Django is set up by main() (the cluster's settings) before this runs
    import stint.organizations.testing  # noqa: F401  (the company personas' organization)
    from stint.accounts.services import token_issue
    from stint.core.testing.personas import Personas
    from stint.engagements.tests.helpers import submit
    from stint.payments.tests.factories import engagement_for, funded_project

    personas = Personas()
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    submit(engagement, personas.talent)
    _, owner_token = token_issue(user=personas.company_owner, name="bench")
    _, talent_token = token_issue(user=personas.talent, name="bench")
    return engagement, personas, owner_token, talent_token


def race(nodes: list[str], *, approvals: int = 40, payouts: int = 20) -> dict[str, Any]:
    """Set up one submitted engagement, storm it over ``nodes``; return the figures."""
    # local import: Django is set up by main() (the cluster's settings) before this runs
    from stint.engagements.models import Engagement
    from stint.payments.choices import TransactionKind
    from stint.payments.invariants import ledger_violations
    from stint.payments.models import LedgerTransaction, Payout

    engagement, personas, owner_token, talent_token = submitted_engagement()
    project = engagement.project

    approve = [
        (f"{nodes[i % len(nodes)]}/api/v1/engagements/{engagement.pk}/approve", None, None) for i in range(approvals)
    ]
    approval_statuses, approval_seconds = _storm(approve, owner_token)
    releases = LedgerTransaction.objects.filter(engagement=engagement, kind=TransactionKind.RELEASE).count()

    key = f"bench-{uuid.uuid4().hex}"
    payouts_before = Payout.objects.filter(user=personas.talent).count()
    body = {"amount_minor": 1_000, "currency": project.currency}
    pay = [(f"{nodes[i % len(nodes)]}/api/v1/me/payouts", body, key) for i in range(payouts)]
    payout_statuses, payout_seconds = _storm(pay, talent_token)
    payouts_made = Payout.objects.filter(user=personas.talent).count() - payouts_before

    return {
        "nodes": len(nodes),
        "approvals": dict(Counter(approval_statuses)),
        "approval_seconds": round(approval_seconds, 3),
        "engagement_status": Engagement.objects.get(pk=engagement.pk).status,
        "releases": releases,
        "payouts": dict(Counter(payout_statuses)),
        "payout_seconds": round(payout_seconds, 3),
        "payouts_made": payouts_made,
        "ledger_violations": ledger_violations(),
    }


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print(__doc__)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    figures = race([url.rstrip("/") for url in argv])
    print(json.dumps(figures, indent=2))
    ok = figures["releases"] == 1 and figures["payouts_made"] == 1 and not figures["ledger_violations"]
    print("race storm:", "released once, paid once, ledger clean" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
