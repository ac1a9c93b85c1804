"""The gazetteer: GeoNames places from the pinned package, linked to model and registry mentions."""

from __future__ import annotations

from pathlib import Path

from sitegen.annotate import gazetteer
from sitegen.annotate.consolidate import consolidate
from sitegen.annotate.entities import mention_proposal
from sitegen.annotate.mentions import build_index, find_mentions
from sitegen.model import Entity, EntityRegistry
from tests.annotate.handmade import Tok, make_doc

KYIV = 703448


def test_gazetteer_resolves_alternate_spellings_to_one_place() -> None:
    places = gazetteer.load()
    for spelling in ("Kyiv", "Kiev"):
        place = places.lookup(spelling)
        assert place is not None and (place.geonames_id, place.name, place.country) == (KYIV, "Kyiv", "UA")
        assert place.url == f"https://www.geonames.org/{KYIV}" and place.latitude.startswith("50.4")
    found = [places.lookup(s) for s in ("Konstantinovka", "Kostiantynivka", "Kostyantynivka")]
    assert len({p.geonames_id for p in found if p is not None}) == 1 and all(found)


def test_gazetteer_countries_by_short_forms_and_the_biggest_city_of_a_name() -> None:
    places = gazetteer.load()
    uk, us, madrid = places.lookup("UK"), places.lookup("U.S."), places.lookup("Madrid")
    assert uk is not None and (uk.name, uk.kind, uk.country) == ("United Kingdom", "country", "GB")
    assert us is not None and us.name == "United States"
    assert madrid is not None and madrid.country == "ES"
    assert places.lookup("Atlantis of the North") is None


def test_gazetteer_person_names_are_places_only_when_unambiguous() -> None:
    places = gazetteer.load()
    assert places.lookup_person("Norway") is not None
    assert places.lookup_person("Alexandria") is not None  # a city of five million
    assert places.lookup_person("Jordan") is None  # as often a person
    assert places.lookup_person("Kostyantynivka") is None  # too small to overrule the model


def _doc(word: str, label: str):  # type: ignore[no-untyped-def]
    return make_doc(
        [Tok(word, 1, "nsubj", "PROPN"), Tok("waited", 1, "ROOT", "VERB", space=False), Tok(".", 1, "punct", "PUNCT")],
        ents=[(0, 1, label)],
    )


def test_gazetteer_links_model_places_and_retypes_misread_countries() -> None:
    places = gazetteer.load()
    (kiev,) = find_mentions(_doc("Kiev", "GPE"), build_index(EntityRegistry()), False, places)
    assert (kiev.entity_id, kiev.name, kiev.type, kiev.rule) == ("kyiv", "Kyiv", "place", "geonames:GPE")
    assert dict(kiev.extra)["geonames_id"] == str(KYIV)
    (norway,) = find_mentions(_doc("Norway", "PERSON"), build_index(EntityRegistry()), False, places)
    assert (norway.type, norway.rule) == ("place", "geonames:PERSON")
    (plain,) = find_mentions(_doc("Norway", "PERSON"), build_index(EntityRegistry()), False)
    assert plain.type == "person"  # without a gazetteer, the model's word stands


def test_gazetteer_registry_keeps_its_identity_and_gains_the_coordinates() -> None:
    registry = EntityRegistry((Entity("kyiv-city", "Kyiv", "place", ("Kiev",)),))
    (kiev,) = find_mentions(_doc("Kiev", "PERSON"), build_index(registry), False, gazetteer.load())
    assert (kiev.entity_id, kiev.rule) == ("kyiv-city", "registry")
    assert dict(kiev.extra)["geonames_id"] == str(KYIV)


def test_gazetteer_type_is_never_outvoted_across_the_archive() -> None:
    places = gazetteer.load()
    texts = ["Norway waited.", "Norway waited.", "Norway waited."]
    linked = find_mentions(_doc("Norway", "PERSON"), build_index(EntityRegistry()), False, places)
    plain = find_mentions(_doc("Norway", "PERSON"), build_index(EntityRegistry()), False)
    results = [
        (mention_proposal(linked[0]),),
        (mention_proposal(plain[0]),),
        (mention_proposal(plain[0]),),
    ]
    settled = consolidate(texts, results)
    assert settled[0][0].attr("entity_type") == "place" and settled[0][0].attr("geonames_id")


def test_gazetteer_compact_copy_reads_back_the_same(tmp_path: Path) -> None:
    built = gazetteer.load(tmp_path)
    (kept,) = (tmp_path / "gazetteer").glob("*.json")
    gazetteer._load.cache_clear()
    gazetteer._build.cache_clear()
    again = gazetteer.load(tmp_path)
    assert again.lookup("Kiev") == built.lookup("Kiev") and len(again.names) == len(built.names)
    kept.write_bytes(b"{not json")
    gazetteer._load.cache_clear()
    gazetteer._build.cache_clear()
    assert gazetteer.load(tmp_path).lookup("Kiev") == built.lookup("Kiev")  # a broken copy is rebuilt
    assert kept.read_bytes().startswith(b"{") and b"not json" not in kept.read_bytes()
