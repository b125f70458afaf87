"""Helpers of the organization service tests: images for logos, adding a member."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stint.core.testing.factories import CompanyUserFactory
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization


def png_bytes(size: tuple[int, int] = (32, 32), fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_member(organization: Organization, role: str = MemberRole.MEMBER, **kw):
    user: Any = CompanyUserFactory(**kw)
    Membership.objects.create(organization=organization, user=user, role=role)
    return user
