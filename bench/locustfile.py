"""The mixed workload of issue 15 for locust: browse, search, project pages, apply, messages, time
entries, approvals, payouts, over one or more web nodes.

Run by ``python -m bench.locust_run`` (which builds the world and reads the figures); by hand::

    LOCUST_NODES=http://127.0.0.1:8101,http://127.0.0.1:8102 LOCUST_WORLD=var/locust/world.json \\
        .venv/bin/locust -f bench/locustfile.py --headless -u 24 -r 24 -t 30s Visitor Talent Owner

``LOCUST_NODES``: the web nodes, comma-separated (each user sends its requests round-robin over
them). ``LOCUST_WORLD``: the JSON of ``bench.locust_world.build_world`` (tokens, engagements, a
sample of open projects). ``LOCUST_THINK``: seconds between a user's requests ("0.5,2" by default,
"0" for none). ``Minimal`` requests ``/healthz`` only: the ceiling of the same servers.

Weights (users): 6 visitors : 3 talents : 1 organization owner; within each user the task weights
below. Answers a user may legitimately get under load (an application to a project already applied
to, a day's time cap reached, a payout beyond the balance, an engagement already approved) count as
"expected refusals" (``name`` suffix ``[refused <problem code>]``), not as failures; anything else that is not 2xx
is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid
from datetime import date
from typing import Any

from locust import HttpUser, between, constant, events, task

QUERIES = ["data", "python", "design", "marketing", "research", "excel", "writing", "react", "sql", "video"]
COVER_LETTER = (
    "I have done similar work for two student societies and a local shop: I cleaned their data, "
    "wrote the analysis in a notebook and presented the findings. I can start this week and keep "
    "you updated every two days. "
)

_world: dict[str, Any] | None = None
_lock = threading.Lock()
_pair_counter = itertools.count()
# GETs answered, and how many of them the replica answered (``X-Stint-Read-From: replica``)
_reads = {"reads": 0, "from_replica": 0}


@events.test_stop.add_listener
def _write_reads(**_: Any) -> None:
    """``LOCUST_COUNTS``: where to write ``_reads`` when the run stops (bench.locust_run reads it)."""
    if os.environ.get("LOCUST_COUNTS"):
        with open(os.environ["LOCUST_COUNTS"], "w", encoding="utf-8") as handle:
            json.dump(_reads, handle)


def think_time() -> Any:
    """``LOCUST_THINK``: "low,high" seconds between a user's requests (default "0.5,2"); "0": none, so
    the users are the concurrency and the run measures what the servers can serve."""
    low, _, high = os.environ.get("LOCUST_THINK", "0.5,2").partition(",")
    return between(float(low), float(high or low)) if float(high or low) > 0 else constant(0)


def nodes() -> list[str]:
    return [n.rstrip("/") for n in os.environ.get("LOCUST_NODES", "http://127.0.0.1:8000").split(",") if n]


def world() -> dict[str, Any]:
    """The world file named by ``LOCUST_WORLD`` (read once per process)."""
    global _world
    with _lock:
        if _world is None:
            with open(os.environ["LOCUST_WORLD"], encoding="utf-8") as handle:
                _world = json.load(handle)
        return _world


def problem_code(response: Any) -> str:
    """The problem+json ``code`` of a refusal (else its status)."""
    try:
        return str(response.json().get("code") or response.status_code)
    except (ValueError, AttributeError):
        return str(response.status_code)


class NodeUser(HttpUser):
    """Sends each request to the next node (absolute URLs; ``name`` groups the figures)."""

    abstract = True
    host = nodes()[0]
    wait_time = think_time()
    token = ""

    def on_start(self) -> None:
        self._nodes = itertools.cycle(nodes())

    def url(self, path: str) -> str:
        return next(self._nodes) + path

    def headers(self, **extra: str) -> dict[str, str]:
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**base, **extra}

    def get(self, path: str, name: str) -> None:
        response = self.client.get(self.url(path), name=name, headers=self.headers())
        _reads["reads"] += 1
        _reads["from_replica"] += response.headers.get("X-Stint-Read-From") == "replica"

    def post(self, path: str, name: str, body: dict[str, Any], refusals: tuple[int, ...] = (), **headers: str) -> None:
        with self.client.post(
            self.url(path), name=name, json=body, headers=self.headers(**headers), catch_response=True
        ) as response:
            if response.status_code in refusals:
                # an answer the flow may give under load: recorded apart (by status), not a failure
                response.request_meta["name"] = f"{name} [refused {problem_code(response)}]"
                response.success()
            elif not 200 <= response.status_code < 300:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Minimal(NodeUser):
    """The smallest Django view of the same servers."""

    @task
    def healthz(self) -> None:
        self.get("/healthz", "GET /healthz")


class Visitor(NodeUser):
    """Anonymous browsing: lists, search, project pages (HTML and API)."""

    weight = 6

    def project(self) -> str:
        return random.choice(world()["projects"])

    @task(3)
    def browse_html(self) -> None:
        self.get(f"/projects/?page={random.randint(1, 20)}", "GET /projects/")

    @task(2)
    def browse_api(self) -> None:
        self.get("/api/v1/projects?page_size=20", "GET /api/v1/projects")

    @task(3)
    def search_html(self) -> None:
        self.get(f"/search/?q={random.choice(QUERIES)}", "GET /search/")

    @task(2)
    def search_api(self) -> None:
        self.get(f"/api/v1/search/projects?q={random.choice(QUERIES)}", "GET /api/v1/search/projects")

    @task(3)
    def project_html(self) -> None:
        self.get(f"/projects/{self.project()}/", "GET /projects/{id}/")

    @task(2)
    def project_api(self) -> None:
        self.get(f"/api/v1/projects/{self.project()}", "GET /api/v1/projects/{id}")


class PairUser(NodeUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        super().on_start()
        pairs = world()["pairs"]
        self.pair = pairs[next(_pair_counter) % len(pairs)]
        self.token = self.pair[f"{self.role}_token"]


class Talent(PairUser):
    """A hired talent: applies, writes to the organization, logs time, pays out, reads its work."""

    weight = 3
    role = "talent"

    @task(3)
    def apply(self) -> None:
        project = random.choice(world()["projects"])
        # a letter per project: the same letter twice is refused (cover_letter_not_tailored)
        letter = f"About project {project}: {COVER_LETTER}"
        body = {"cover_letter": letter, "answers": [], "links": []}
        self.post(f"/api/v1/projects/{project}/applications", "POST apply", body, refusals=(400, 403, 409, 422))

    @task(3)
    def message(self) -> None:
        path = f"/api/v1/applications/{self.pair['active_application']}/messages"
        self.post(path, "POST message", {"body": f"Progress note {uuid.uuid4().hex[:6]}: on track."})

    @task(3)
    def time_entry(self) -> None:
        day = date.today().isoformat()  # the engagement started today (the world is made just before)
        path = f"/api/v1/engagements/{self.pair['active_engagement']}/time-entries"
        self.post(path, "POST time entry", {"date": day, "minutes": 2, "note": "work"}, refusals=(400, 409, 422))

    @task(1)
    def payout(self) -> None:
        body = {"amount_minor": 100, "currency": self.pair["currency"]}
        key = f"locust-{uuid.uuid4().hex}"
        self.post("/api/v1/me/payouts", "POST payout", body, refusals=(400, 409, 422), **{"Idempotency-Key": key})

    @task(3)
    def my_engagements(self) -> None:
        self.get("/api/v1/me/engagements", "GET /api/v1/me/engagements")

    @task(2)
    def thread(self) -> None:
        self.get(f"/api/v1/applications/{self.pair['active_application']}/messages", "GET messages")


class Owner(PairUser):
    """An organization owner: approves submitted work, answers messages, reads the engagement."""

    weight = 1
    role = "owner"

    @task(2)
    def approve(self) -> None:
        with _lock:
            pending = self.pair["to_approve"]
            engagement = pending.pop() if pending else None
        if engagement is None:
            return
        self.post(f"/api/v1/engagements/{engagement}/approve", "POST approve", {}, refusals=(409,))

    @task(3)
    def message(self) -> None:
        path = f"/api/v1/applications/{self.pair['active_application']}/messages"
        self.post(path, "POST message", {"body": "Thanks, looks good."})

    @task(3)
    def engagement(self) -> None:
        self.get(f"/api/v1/engagements/{self.pair['active_engagement']}", "GET /api/v1/engagements/{id}")
