"""Two tiny views for the replica tests (mounted with ``settings.ROOT_URLCONF``), under ``/t/``,
which the tests add to ``STINT_REPLICA_PATHS``: one writes a category, one reads it."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from stint.skills.models import Category


@csrf_exempt
def write(request: HttpRequest) -> JsonResponse:
    slug = f"c-{uuid.uuid4().hex[:12]}"
    Category.objects.create(slug=slug, name=slug)
    return JsonResponse({"slug": slug}, status=201)


def read(request: HttpRequest, slug: str) -> JsonResponse:
    if request.GET.get("touch"):  # a write first: the rest of the request reads the primary
        Category.objects.filter(slug=slug).update(position=1)
    if request.GET.get("atomic"):
        with transaction.atomic():
            found = Category.objects.filter(slug=slug).exists()
    else:
        found = Category.objects.filter(slug=slug).exists()
    return JsonResponse({"found": found})


urlpatterns = [
    path("t/categories", write),
    path("t/categories/<slug:slug>", read),
    path("", include("config.urls")),
]
