"""The suite's property tests run under the load-proof Hypothesis profile (see conftest.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings


@pytest.mark.skipif(
    os.environ.get("STINT_HYPOTHESIS_PROFILE", "ci") != "ci", reason="another profile was asked for on purpose"
)
def test_the_ci_profile_is_loaded_by_default_under_pytest():
    current = settings()  # the values of the loaded profile
    assert current.deadline is None  # no per-example time limit: a busy machine is not a failure
    assert HealthCheck.too_slow in current.suppress_health_check
    assert HealthCheck.data_too_large in current.suppress_health_check
    assert current.derandomize is True  # the same examples on every run
    assert current.database is None
