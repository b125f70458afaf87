"""A typed base for the factory_boy model factories.

factory_boy builds instances through its metaclass ``__call__``, which carries no annotation, so
mypy would type ``ProjectFactory()`` as a ``ProjectFactory``. Declaring ``__new__`` (for the type
checker only) makes ``ProjectFactory()`` a ``Project``; ``ProjectFactory.create()`` /
``create_batch()`` are typed by factory_boy itself through the ``DjangoModelFactory[T]`` generic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import factory

T = TypeVar("T")


class ModelFactory(factory.django.DjangoModelFactory[T]):
    """Subclass as ``class ProjectFactory(ModelFactory[Project])``."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # mypy insists ``__new__`` return the class's own type; a factory's call returns the model.
        def __new__(cls, *args: Any, **kwargs: Any) -> T: ...  # type: ignore[misc]
