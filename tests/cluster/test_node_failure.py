"""A web node killed (SIGKILL) in the middle of a stream of payouts spread over two nodes: every
payout a client was told succeeded exists; retrying the unanswered ones with their keys on the
surviving node pays each exactly once; the ledger stays sound. (A worker killed mid-task is
covered by stint/core/tests/test_worker_faults.py and tests/faults/.)"""

from __future__ import annotations

import os
import signal
import threading
import uuid

import pytest

from bench.cluster_race import post_json, submitted_engagement
from stint.core.testing.cluster import Gunicorn
from stint.core.testing.faults import shared_database, wait_for
from stint.payments.invariants import ledger_violations
from stint.payments.models import Payout

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# long: one scenario in order (start the nodes, storm them, kill one mid-run, then check every
# acknowledged payout and the ledger); splitting it would hide the order that is the point
def test_killing_a_node_mid_run_loses_no_acknowledged_payout_and_pays_nothing_twice(tmp_path):
    engagement, personas, owner_token, talent_token = submitted_engagement()
    with shared_database(tmp_path) as url:
        nodes = [
            Gunicorn(
                # A key held by the killed node is taken over after its lease (docs/operations.md).
                env={
                    "DATABASE_URL": url,
                    "STINT_VAR_DIR": str(tmp_path / f"var{n}"),
                    "STINT_IDEMPOTENCY_LEASE_SECONDS": "2",
                },
                log_dir=tmp_path,
            )
            for n in (1, 2)
        ]
        try:
            status, _ = post_json(f"{nodes[1].url}/api/v1/engagements/{engagement.pk}/approve", owner_token)
            assert status == 200
            keys = [f"kill-{uuid.uuid4().hex}" for _ in range(40)]
            answers: dict[str, tuple[int, dict]] = {}
            lock = threading.Lock()
            half_sent = threading.Event()

            def pay(index: int, key: str) -> None:
                if index == 20:
                    half_sent.set()
                node = nodes[index % 2]
                answer = post_json(
                    f"{node.url}/api/v1/me/payouts", talent_token, {"amount_minor": 100, "currency": "USD"}, key
                )
                with lock:
                    answers[key] = answer

            def killer() -> None:
                half_sent.wait(timeout=300)
                os.killpg(nodes[0].process.pid, signal.SIGKILL)  # node 1, its master and workers

            threads = [threading.Thread(target=pay, args=(i, key)) for i, key in enumerate(keys)]
            kill_thread = threading.Thread(target=killer)
            kill_thread.start()
            for i, thread in enumerate(threads):
                thread.start()
                if i % 4 == 3:
                    thread.join()  # a steady stream, not one burst
            for thread in threads:
                thread.join()
            kill_thread.join()

            acknowledged = {key: body["id"] for key, (status, body) in answers.items() if status == 201}
            unanswered = [key for key, (status, _) in answers.items() if status != 201]
            assert unanswered, "the kill happened after every request had been answered"
            stored = {str(pk) for pk in Payout.objects.filter(user=personas.talent).values_list("pk", flat=True)}
            assert set(acknowledged.values()) <= stored  # nothing the client was told is lost

            for key in unanswered:  # the client retries with the same key on the surviving node
                # 409 idempotency_key_in_progress while the dead node's lease runs, then 201 once.
                def retry(key: str = key) -> bool:
                    status, body = post_json(
                        f"{nodes[1].url}/api/v1/me/payouts", talent_token, {"amount_minor": 100, "currency": "USD"}, key
                    )
                    assert status in (201, 409), body
                    return status == 201

                wait_for(retry, what=f"the retry of {key} to succeed", every=0.5)
            assert Payout.objects.filter(user=personas.talent).count() == len(keys)  # each key paid once
            assert ledger_violations() == []
        finally:
            for node in nodes:
                node.stop()
