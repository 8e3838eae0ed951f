"""A named, ordered registry that apps fill from their `AppConfig.ready`.

Lower layers own a registry (the privacy rights, the calendar feed, the reminders); the apps
above them register what they contribute, so nothing low ever imports an app above it. A
mistake in registering fails at start-up instead of silently leaving something out: a value
that is not callable or a second, different provider under a taken name raises
`ImproperlyConfigured`, and a provider module that does not import raises its ImportError
from `ready()`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, what: str, *, validate: Callable[[T], bool] = callable) -> None:
        self.what = what
        self._validate = validate
        self._entries: dict[str, tuple[int, T]] = {}

    def register(self, name: str, provider: T, *, order: int = 0) -> None:
        """Add `provider` under `name`; entries run by `order`, then by name. Registering
        the very same provider again is a no-op, so a second `ready()` changes nothing."""
        if not self._validate(provider):
            raise ImproperlyConfigured(f"{self.what}: {name!r} is not a callable provider")
        existing = self._entries.get(name)
        if existing is not None:
            if existing == (order, provider):
                return
            raise ImproperlyConfigured(f"{self.what}: {name!r} is already registered")
        self._entries[name] = (order, provider)

    def unregister(self, name: str) -> None:
        """For tests that register a provider of their own."""
        self._entries.pop(name, None)

    def items(self) -> list[tuple[str, T]]:
        ordered = sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))
        return [(name, provider) for name, (_order, provider) in ordered]

    def names(self) -> list[str]:
        return [name for name, _provider in self.items()]

    def __iter__(self) -> Iterator[T]:
        return iter(provider for _name, provider in self.items())
