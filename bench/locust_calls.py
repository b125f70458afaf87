"""Every task of the locust mix (bench/locustfile.py) run once on a recording client, without
locust's environment and without network: ``python -m bench.locust_calls`` prints one JSON line,
``{user class: [[method, url, name], …]}``. A separate process, because importing locust patches the
standard library with gevent (tests/test_locustfile.py runs it so)."""

from __future__ import annotations

import json
import os
import sys
import uuid
from typing import Any

NODE = "http://127.0.0.1:9"
CLASSES = ("Minimal", "Visitor", "Talent", "Owner")


class FakeResponse:
    status_code = 201
    text = ""

    def __init__(self) -> None:
        self.request_meta: dict[str, Any] = {}
        self.headers: dict[str, str] = {}

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def success(self) -> None:
        return None

    def failure(self, message: str) -> None:
        raise AssertionError(message)


class RecordingClient:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def get(self, url: str, *, name: str, headers: dict[str, str]) -> FakeResponse:
        self.calls.append(["GET", url, name])
        return FakeResponse()

    def post(self, url: str, *, name: str, json: dict[str, Any], headers: dict[str, str], **kw: Any) -> FakeResponse:
        self.calls.append(["POST", url, name])
        return FakeResponse()


def fake_world() -> dict[str, Any]:
    pair = {
        "owner_token": "o",
        "talent_token": "t",
        "organization": str(uuid.uuid4()),
        "active_engagement": str(uuid.uuid4()),
        "active_application": str(uuid.uuid4()),
        "currency": "USD",
        "to_approve": [str(uuid.uuid4()) for _ in range(3)],
    }
    return {"tag": "test", "pairs": [pair], "projects": [str(uuid.uuid4())]}


def calls() -> dict[str, list[list[str]]]:
    """Each user class's tasks, each run once (a weighted task appears once per weight in ``tasks``)."""
    os.environ["LOCUST_NODES"] = NODE
    from bench import locustfile

    locustfile._world = fake_world()
    result: dict[str, list[list[str]]] = {}
    for name in CLASSES:
        cls = getattr(locustfile, name)
        user = object.__new__(cls)
        user.client = RecordingClient()
        locustfile.NodeUser.on_start(user)
        if issubclass(cls, locustfile.PairUser):
            user.pair = locustfile._world["pairs"][0]
            user.token = user.pair[f"{cls.role}_token"]
        for function in dict.fromkeys(cls.tasks):
            function(user)
        result[name] = user.client.calls
    return result


if __name__ == "__main__":
    json.dump(calls(), sys.stdout)
    sys.exit(0)
