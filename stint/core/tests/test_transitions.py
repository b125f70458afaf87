"""The transition tables: every named action is an edge of its app's graph."""

from __future__ import annotations

import pytest

from stint.applications import choices as applications
from stint.core.transitions import actions_open, check_actions, transition
from stint.engagements import choices as engagements
from stint.projects import choices as projects


def test_an_action_outside_the_graph_is_refused_at_import():
    with pytest.raises(ValueError, match="'approve': a → c is not an allowed transition"):
        check_actions({"approve": transition(("a",), "c", "company")}, {"a": ("b",), "b": ("c",)})


@pytest.mark.parametrize("module", [applications, engagements, projects])
def test_every_action_of_every_app_is_an_allowed_edge(module):
    check_actions(module.ACTIONS, module.ALLOWED_TRANSITIONS)
    for action in module.ACTIONS.values():
        assert action.sources, action


def test_actions_open_answers_by_status_and_side():
    S = applications.ApplicationStatus
    assert actions_open(applications.ACTIONS, status=S.OFFERED, side="talent") == ["accept", "decline", "withdraw"]
    assert actions_open(applications.ACTIONS, status=S.SUBMITTED, side="company") == ["shortlist", "offer", "reject"]
    assert actions_open(applications.ACTIONS, status=S.HIRED, side="company") == []
