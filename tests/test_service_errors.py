"""One error type for the services: every domain's refusal is a ServiceError, with a message and a field."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from flask_babel import lazy_gettext as _l

from talent.service_errors import ServiceError

PACKAGES = ("talent", "jobs", "matching")
# The errors the walk must find (so that a walk that finds nothing cannot pass).
KNOWN = {
    "talent.auth.services.AccountError",
    "talent.profiles.services.ProfileError",
    "talent.skills.services.SkillError",
    "talent.reference.services.ReferenceDataError",
    "jobs.services.JobsError",
    "matching.services.MatchingError",
}


def service_modules():
    """Every module of the service layer: ``services`` modules and the ``services`` packages' modules."""
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if "services" in info.name.split("."):
                yield importlib.import_module(info.name)


def service_error_classes():
    for module in service_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == module.__name__:
                yield value


def test_every_error_a_service_defines_is_a_service_error():
    found = {f"{cls.__module__}.{cls.__qualname__}": cls for cls in service_error_classes()}
    assert set(found) >= KNOWN
    assert [name for name, cls in sorted(found.items()) if not issubclass(cls, ServiceError)] == []


def test_no_error_class_repeats_the_message_and_field_handling():
    for cls in service_error_classes():
        assert "__init__" not in vars(cls), cls


def test_a_service_error_carries_its_message_and_field():
    error = ServiceError(_l("Choose at least one pool."), "pools")
    assert (error.message, error.field, str(error)) == ("Choose at least one pool.", "pools", error.message)
    assert ServiceError("Refused.").field is None
    assert isinstance(error, ValueError)  # ``except ValueError`` still catches every refusal


def test_the_engine_errors_are_named_apart_from_the_services_error():
    import matching.engine
    from matching import services
    from matching.engine import EngineError, InvalidInputError, UnknownSkillError

    assert not hasattr(matching.engine, "MatchingError")
    assert issubclass(InvalidInputError, EngineError) and issubclass(UnknownSkillError, InvalidInputError)
    assert not issubclass(EngineError, ServiceError)  # the engine knows nothing of the platform
    assert issubclass(services.MatchingError, ServiceError)


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_each_domain_error_is_caught_as_a_service_error(name):
    module, _, cls = name.rpartition(".")
    error_class = getattr(importlib.import_module(module), cls)
    with pytest.raises(ServiceError) as caught:
        raise error_class("Refused.", "field")
    assert (caught.value.message, caught.value.field) == ("Refused.", "field")
