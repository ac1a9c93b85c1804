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


# --- Claims that travel: one claim worded differently in several documents -----------------

SUBJECTS = [
    ("Ukrainian units", "Ukrainian troops", "the Ukrainian units"),
    ("Russian forces", "Russian units", "the Russian forces"),
    ("foreign mercenaries", "the foreign mercenaries", "foreign fighters"),
    ("nationalist battalions", "the nationalist battalions", "nationalist units"),
    ("NATO instructors", "the NATO instructors", "instructors from NATO"),
    ("territorial defence units", "the territorial defence", "territorial defence fighters"),
    ("separatist militias", "the separatist militias", "separatist fighters"),
    ("private military contractors", "military contractors", "the private contractors"),
]
ACTIONS = [
    ("abandoned their wounded soldiers", "abandoned wounded soldiers", "had abandoned their wounded soldiers"),
    ("shelled a school", "shelled the school", "had shelled a school building"),
    ("blew up the dam", "blew up a dam", "had blown up the dam"),
    ("looted empty homes", "looted the empty homes", "were looting empty homes"),
    ("staged the video of the strike", "staged a video of the strike", "had staged the strike video"),
    ("mined the main road", "mined the main road out of town", "had mined the main road"),
    ("used civilians as shields", "used the civilians as human shields", "were using civilians as shields"),
    ("destroyed the grain depot", "destroyed a grain depot", "had destroyed the grain depot"),
    ("seized the hospital", "seized a hospital", "had seized the city hospital"),
    ("cut the water supply", "cut off the water supply", "had cut the town's water supply"),
    ("executed prisoners of war", "executed captured prisoners", "had executed prisoners of war"),
    ("deported orphaned children", "deported the orphaned children", "were deporting orphaned children"),
    ("hid artillery in churches", "hid their artillery inside churches", "were hiding artillery in churches"),
    ("burned the harvest", "burned this year's harvest", "had burned the harvest in the fields"),
    ("jammed mobile networks", "jammed the mobile network", "were jamming mobile networks"),
    ("stole humanitarian aid", "stole the humanitarian aid", "had stolen humanitarian aid"),
]
TOWNS = [
    "Bakhmut",
    "Avdiivka",
    "Kupiansk",
    "Pokrovsk",
    "Vuhledar",
    "Lyman",
    "Siversk",
    "Toretsk",
    "Izium",
    "Balakliia",
    "Kreminna",
    "Svatove",
    "Marinka",
    "Huliaipole",
    "Orikhiv",
    "Robotyne",
    "Kherson",
    "Nikopol",
    "Enerhodar",
    "Sumy",
    "Chasiv Yar",
    "Soledar",
    "Volnovakha",
    "Mariupol",
]
TIMES = ["", " on Tuesday", " last week", " overnight", " this month"]


def claim_key(rng: random.Random) -> tuple[int, int, int, int]:
    """A claim: who, what, where, and how many days ago (a number many versions repeat)."""
    return rng.randrange(len(SUBJECTS)), rng.randrange(len(ACTIONS)), rng.randrange(len(TOWNS)), rng.randint(2, 400)


def claim_wording(rng: random.Random, key: tuple[int, int, int, int]) -> str:
    """One way of putting the claim ``key``: the same who, what, where and number, worded anew."""
    who, what, where, number = key
    subject, action = rng.choice(SUBJECTS[who]), rng.choice(ACTIONS[what])
    town, when = TOWNS[where], rng.choice(TIMES)
    if rng.random() < 0.5:
        return f"{subject} {action} near {town}{when}, leaving {number} people stranded"
    return f"near {town}{when}, {subject} {action}, leaving {number} people stranded"


def travelling_claims(n: int, seed: int = 11) -> list[tuple[tuple[int, int, int, int], str]]:
    """``n`` claim contents with the claim each puts: about a third are alone, the rest versions
    of a claim that travels (2 to 6 wordings each)."""
    rng = random.Random(seed)
    found: list[tuple[tuple[int, int, int, int], str]] = []
    while len(found) < n:
        key = claim_key(rng)
        copies = 1 if rng.random() < 0.35 else rng.randint(2, 6)
        found += [(key, claim_wording(rng, key)) for _ in range(copies)]
    return found[:n]


def _with_claims(root: Path, n: int, seed: int) -> None:
    """Add a travelling claim to every document: a closing paragraph and its curated entry."""
    rng = random.Random(seed)
    claims = travelling_claims(n, seed)
    rng.shuffle(claims)
    for index, (_, content) in enumerate(claims):
        name = f"doc{index:05d}"
        speaker = PEOPLE[index % len(PEOPLE)]
        sentence = f"{speaker} said that {content}"
        with (root / "seeds" / f"{name}.txt").open("a") as seed_file:
            seed_file.write(sentence + ".\n")
        path = root / "content/annotations" / f"{name}.yml"
        entries = path.read_text() if path.exists() else "annotations:\n"
        entries += (
            f'  - kind: claim\n    quote: "{sentence}"\n'
            f'    parts: {{source: {speaker}, cue: said that, content: "{content}"}}\n'
        )
        path.write_text(entries)
        (root / "content/documents" / f"{name}.yml").write_text(
            f"outlet: Outlet {index % 7}\npublished: 2024-{1 + index % 12:02d}-{1 + index % 28:02d}\n"
        )


def make_archive(
    root: Path, n: int, seed: int = 7, annotators: str = "[]", markdown: bool = False, claims: bool = False
) -> Path:
    """Write an ``n``-document project under ``root``; returns ``root``. ``claims``: each
    document also ends with a curated claim, many of them versions of a claim that travels
    (the rest of the archive is the same bytes either way)."""
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
    if claims and not markdown:
        (root / "content/documents").mkdir(parents=True, exist_ok=True)
        _with_claims(root, n, seed)
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

    make_archive(Path(sys.argv[1]), int(sys.argv[2]), claims="--claims" in sys.argv[3:])
