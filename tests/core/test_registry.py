"""How apps plug into the lower layers: the registries filled from `AppConfig.ready`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

import mentorlab
import mentorlab.events
from mentorlab.accounts.privacy import privacy_providers, register_privacy
from mentorlab.core.calendar import feed_providers
from mentorlab.core.registry import Registry
from mentorlab.notifications.reminders import reminder_providers


def _noop(*args: object) -> dict[str, object]:
    return {}


def _other(*args: object) -> dict[str, object]:
    return {}


def test_entries_come_out_by_order_then_name():
    registry: Registry[object] = Registry("things")
    registry.register("late", _noop, order=20)
    registry.register("b", _noop, order=10)
    registry.register("a", _other, order=10)
    assert registry.names() == ["a", "b", "late"]
    assert list(registry) == [_other, _noop, _noop]


def test_registering_something_not_callable_fails_loudly():
    registry: Registry[object] = Registry("things")
    with pytest.raises(ImproperlyConfigured, match="not a callable"):
        registry.register("broken", "mentorlab.events.calendar.feed_items")


def test_a_second_provider_under_a_taken_name_fails_loudly():
    registry: Registry[object] = Registry("things")
    registry.register("events", _noop)
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register("events", _other)
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register("events", _noop, order=5)


def test_a_privacy_provider_needs_callable_export_and_erase():
    with pytest.raises(ImproperlyConfigured):
        register_privacy("broken", order=1, export=_noop, erase=None)  # type: ignore[arg-type]
    assert "broken" not in privacy_providers.names()


def test_every_app_with_personal_data_is_registered_in_erasure_order():
    # Every app with a privacy module takes part; accounts itself always runs last.
    root = Path(mentorlab.__file__).parent
    with_privacy = {p.parent.name for p in root.glob("*/privacy.py")} - {"accounts"}
    assert set(privacy_providers.names()) == with_privacy
    assert privacy_providers.names() == [
        "mentorships",
        "conversations",
        "events",
        "surveys",
        "matching",
        "careerdesign",
        "library",
        "dashboard",
        "programmes",
    ]


def test_every_app_with_calendar_items_or_reminders_is_registered():
    root = Path(mentorlab.__file__).parent
    with_calendar = {p.parent.name for p in root.glob("*/calendar.py")} - {"core"}
    with_reminders = {p.parent.name for p in root.glob("*/reminders.py")} - {"notifications"}
    assert set(feed_providers.names()) == with_calendar
    assert set(reminder_providers.names()) == with_reminders


def test_ready_running_again_changes_no_registry():
    before = (privacy_providers.items(), feed_providers.items(), reminder_providers.items())
    for config in apps.get_app_configs():
        if config.name.startswith("mentorlab."):
            config.ready()
    after = (privacy_providers.items(), feed_providers.items(), reminder_providers.items())
    assert after == before


def test_an_app_whose_provider_module_does_not_import_stops_start_up(monkeypatch):
    # No silent skip: the ImportError comes out of ready(), so the server does not start
    # with one app's data missing from exports and erasure.
    monkeypatch.delattr(mentorlab.events, "privacy")
    monkeypatch.setitem(sys.modules, "mentorlab.events.privacy", None)
    with pytest.raises(ImportError):
        apps.get_app_config("events").ready()
