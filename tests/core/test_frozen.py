"""``direct_init``: the same values as the dataclass's own constructor, as frozen, faster."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from sitegen.model import Annotation, Origin, Part
from sitegen.runtime.frozen import direct_init
from sitegen.runtime.spool import by_fields


@dataclasses.dataclass(frozen=True, slots=True)
class Generated:
    name: str
    size: int = 3
    tags: tuple[str, ...] = ()


@by_fields
@direct_init
@dataclasses.dataclass(frozen=True, slots=True)
class Direct:
    name: str
    size: int = 3
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Child(Direct):
    note: str = ""


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("a",), {}), (("a", 5), {}), (("a",), {"tags": ("x",)}), ((), {"name": "b", "size": 0})],
)
def test_it_builds_what_the_generated_constructor_builds(args, kwargs):
    made = Direct(*args, **kwargs)
    assert dataclasses.astuple(made) == dataclasses.astuple(Generated(*args, **kwargs))
    assert made == Direct(*args, **kwargs) and hash(made) == hash(Direct(*args, **kwargs))


def test_the_value_stays_frozen_and_pickles():
    made = Direct("a", 1, ("t",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == made


@pytest.mark.parametrize(("args", "kwargs"), [((), {}), (("a", 1, (), "extra"), {}), (("a",), {"colour": 1})])
def test_it_refuses_what_the_generated_constructor_refuses(args, kwargs):
    with pytest.raises(TypeError):
        Generated(*args, **kwargs)
    with pytest.raises(TypeError):
        Direct(*args, **kwargs)


def test_a_subclass_without_it_keeps_the_generated_constructor():
    assert dataclasses.astuple(Child("a", note="n")) == ("a", 3, (), "n")


def _factory() -> type:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[str] = dataclasses.field(default_factory=list)

    return WithFactory


def _post_init() -> type:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPostInit:
        name: str

        def __post_init__(self) -> None:
            object.__setattr__(self, "name", self.name.strip())

    return WithPostInit


def _keyword_only() -> type:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        name: str

    return KeywordOnly


def _init_var() -> type:
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        name: str
        scratch: dataclasses.InitVar[int] = 0

    return WithInitVar


def _mutable() -> type:
    @dataclasses.dataclass(slots=True)
    class Mutable:
        name: str

    return Mutable


@pytest.mark.parametrize("make", [_factory, _post_init, _keyword_only, _init_var, _mutable])
def test_it_refuses_classes_whose_constructor_does_more(make):
    with pytest.raises(TypeError, match="direct_init"):
        direct_init(make())


def test_the_model_values_it_is_on_build_as_before():
    origin = Origin("machine", "rules", "1", "cue", 0)
    part = Part("source", 0, 4)
    made = Annotation("claim", 0, 10, (part,), (("k", "v"),), (origin,), 0.5, "note", id="c-1")
    assert dataclasses.astuple(made) == ("claim", 0, 10, (("source", 0, 4),), (("k", "v"),),
                                         (("machine", "rules", "1", "cue", 0),), 0.5, "note", "c-1")  # fmt: skip
    assert Annotation("claim", 0, 10, (), (), (), 0.5).note == "" and made.attr("k") == "v"
