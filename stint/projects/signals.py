"""Signals the projects app sends for higher apps to follow (it never imports them).

``project_published`` is sent once a project has become ``open`` (after the commit), with
``project=`` the project. The talent pool notifies an organization's followers from it.
"""

from __future__ import annotations

from django.dispatch import Signal

project_published = Signal()
