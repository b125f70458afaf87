"""After the demo is loaded, the explore pages show real figures (the demo's ~20 open projects)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stint.explore import selectors
from stint.skills.models import Category

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_fills_the_explore_pages(client):
    call_command("load_demo")
    fields = [row for row in selectors.field_list() if row["open_count"]]
    assert len(fields) >= 8, [(r["category"].slug, r["open_count"]) for r in selectors.field_list()]
    assert all(row["hourly"] for row in fields)  # every field with open projects has a typical rate
    busiest = max(fields, key=lambda r: r["open_count"])["category"]
    overview = selectors.field_overview(category=Category.objects.get(pk=busiest.pk))
    assert overview.open_count >= 2 and overview.fees and overview.hours and overview.skills
    assert sum(w.count for w in overview.trend) >= 1  # the demo publishes its projects over the last days
    response = client.get(f"/explore/fields/{busiest.slug}/")
    assert response.status_code == 200 and b"Median fee" in response.content
