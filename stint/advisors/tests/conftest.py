from __future__ import annotations

from typing import Any

import pytest

from stint.advisors.testing import cohort_for, institution_for
from stint.core.testing.factories import AdvisorFactory


@pytest.fixture
def cohort(personas: Any) -> Any:
    """``personas.advisor``'s cohort at Lakeside University, with ``personas.talent`` in it."""
    return cohort_for(personas.advisor, personas.talent)


@pytest.fixture
def colleague(personas: Any, cohort: Any) -> Any:
    """An advisor of the same institution who runs another cohort (with ``other_talent``)."""
    advisor = AdvisorFactory(email="colleague@example.test", name="Colleague")
    cohort_for(advisor, personas.other_talent, name="Evening class", institution=cohort.institution)
    return advisor


@pytest.fixture
def foreign_advisor(personas: Any) -> Any:
    """``personas.other_advisor``, of another institution with a cohort of their own."""
    cohort_for(
        personas.other_advisor,
        name="Other school",
        institution=institution_for(personas.other_advisor, name="Hill College"),
    )
    return personas.other_advisor
