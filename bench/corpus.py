"""Deterministic synthetic archives of news-like documents, for benchmarks.

``make_archive(root, n)`` writes a sitegen project with ``n`` plain-text reports of about
600 words each (people, places, organisations, quotes and attributions), a small entity
registry and one curated annotation file per ten documents. The same ``n`` and ``seed``
always give the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = [
    "Andrei Belousov",
    "Vitaly Kiselyev",
    "Maria Kovalenko",
    "Oleksandr Syrskyi",
    "Dmitry Peskov",
    "Olena Shevchenko",
    "Sergei Lavrov",
    "Iryna Vereshchuk",
    "Rustem Umerov",
    "Anna Petrova",
]
PLACES = [
    "Kyiv",
    "Kiev",
    "Kharkiv",
    "Donetsk",
    "Kostiantynivka",
    "Konstantinovka",
    "Bakhmut",
    "Odesa",
    "Zaporizhzhia",
    "Donbas",
    "Donbass",
    "Moscow",
    "Brussels",
    "Warsaw",
]
ORGS = [
    "the Kremlin",
    "the Defence Ministry",
    "NATO",
    "the United Nations",
    "the European Union",
    "Tass",
    "Reuters",
    "the General Staff",
    "Ukrainian officials",
    "Russian officials",
]
CUES = ["said", "warned that", "stated that", "argued that", "insisted that", "noted that", "claimed that"]
UNNAMED = ["Analysts", "Sources close to the government", "Officials", "Military experts"]
HEDGES = ["reportedly", "if confirmed", "according to unverified reports"]
FILLER = [
    "the",
    "situation",
    "on",
    "the",
    "ground",
    "remains",
    "difficult",
    "as",
    "forces",
    "continue",
    "to",
    "hold",
    "positions",
    "along",
    "the",
    "front",
    "while",
    "supplies",
    "arrive",
    "slowly",
    "and",
    "civilians",
    "leave",
    "the",
    "area",
    "in",
    "growing",
    "numbers",
    "amid",
    "reports",
    "of",
    "heavy",
    "shelling",
    "overnight",
    "and",
    "damage",
    "to",
    "infrastructure",
    "across",
    "several",
    "districts",
]


def _sentence(rng: random.Random) -> str:
    pick = rng.random()
    body = " ".join(rng.sample(FILLER, rng.randint(8, 16)))
    place = rng.choice(PLACES)
    if pick < 0.25:
        return f"{rng.choice(PEOPLE)} {rng.choice(CUES)} {body} near {place}."
    if pick < 0.4:
        return f"According to {rng.choice(PEOPLE)}, {body} in {place}, as reported by {rng.choice(ORGS)}."
    if pick < 0.5:
        return f"“{body.capitalize()} in {place},” {rng.choice(PEOPLE)} said."
    if pick < 0.6:
        return f"{rng.choice(UNNAMED)} {rng.choice(CUES)} {body}, {rng.choice(HEDGES)}."
    if pick < 0.67:
        return f"{rng.choice(ORGS).capitalize()} dismissed the claims as disinformation, saying {body}."
    return f"In {place}, {body} while {rng.choice(ORGS)} watched."


def make_document(rng: random.Random, index: int, words: int = 600) -> str:
    headline = f"Report {index}: fighting near {rng.choice(PLACES)} as {rng.choice(PEOPLE)} speaks"
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return headline + "\n" + "\n".join(paragraphs) + "\n"


REGISTRY = """entities:
  - {id: kyiv, name: Kyiv, type: place, aliases: [Kiev]}
  - {id: donbas, name: Donbas, type: place, aliases: [Donbass]}
  - {id: kostiantynivka, name: Kostiantynivka, type: place, aliases: [Konstantinovka]}
  - {id: tass, name: TASS, type: organisation, aliases: [Tass]}
"""


def make_archive(root: Path, n: int, seed: int = 7, annotators: str = "[]", markdown: bool = False) -> Path:
    """Write an ``n``-document project under ``root``; returns ``root``."""
    rng = random.Random(seed)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "content/annotations").mkdir(parents=True, exist_ok=True)
    (root / "content/entities.yml").write_text(REGISTRY)
    for index in range(n):
        text = make_document(rng, index)
        name = f"doc{index:05d}"
        suffix = ".md" if markdown else ".txt"
        (root / "seeds" / f"{name}{suffix}").write_text(text if not markdown else _as_markdown(text))
        if index % 10 == 0 and not markdown:
            person = text.split(" as ", 1)[1].split(" speaks", 1)[0]
            (root / "content/annotations" / f"{name}.yml").write_text(
                f"annotations:\n  - kind: entity\n    quote: {person}\n    occurrence: all\n    type: person\n"
            )
    # Written last: a folder with a config holds a whole archive (bench/build.py --workdir relies on it).
    (root / "sitegen.yml").write_text(
        f"title: Benchmark archive\nbase_url: https://example.org/bench/\nannotate:\n  annotators: {annotators}\n"
    )
    return root


def _as_markdown(text: str) -> str:
    headline, _, body = text.partition("\n")
    return f"# {headline}\n\n" + "\n\n".join(body.splitlines()) + "\n"


if __name__ == "__main__":
    import sys

    make_archive(Path(sys.argv[1]), int(sys.argv[2]))
