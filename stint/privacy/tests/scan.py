"""Find a string in every text column of every table (the deletion tests' proof). A match must
stand alone (``talent@example.test`` is not found inside ``other_talent@example.test``)."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast


def tables_mentioning(needle: str) -> list[str]:
    alone = re.compile(rf"(?<![\w.+-]){re.escape(needle)}(?!\w)", re.IGNORECASE)
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, (models.CharField, models.TextField)):
                qs = model._base_manager.annotate(_text=models.F(f.attname))
            elif isinstance(f, models.JSONField):
                qs = model._base_manager.annotate(_text=Cast(f.attname, TextField()))
            else:
                continue
            values = qs.filter(_text__icontains=needle).values_list("_text", flat=True)
            if any(alone.search(str(v)) for v in values):
                found.append(f"{model._meta.label}.{f.name}")
    return found
