"""Demo step: embed every demo project and talent profile so the demo talent's home page shows
recommendations at once (the on-commit tasks would also do it, but only once a worker runs)."""

from __future__ import annotations

from typing import Any

from stint.core.demo import STEPS


def embed_demo_data(users: dict[str, Any]) -> None:
    from stint.recommendations.services import embed_all

    embed_all()


STEPS.append(embed_demo_data)
