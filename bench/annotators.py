"""Throughput of the annotate stage against bare ``nlp.pipe``, peak memory, and a warm rebuild.

Usage: python bench/annotators.py [--docs N] [--polnear DIR]
Texts are generated from templates plus the seeds (or read from a PolNeAR split at run time).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.annotate import gazetteer  # noqa: E402
from sitegen.annotate.nlp import load_model  # noqa: E402
from sitegen.annotate.pipeline import annotate_with  # noqa: E402
from sitegen.config import AnnotateConfig  # noqa: E402
from sitegen.model import Entity, EntityRegistry  # noqa: E402

PEOPLE = ["Anna Petrova", "John Miller", "Olena Kovalenko", "Marco Rossi", "Li Wei", "Sarah Cohen"]
PLACES = ["Kyiv", "Kiev", "Donbass", "Kharkiv", "Warsaw", "Brussels", "Konstantinovka"]
BODIES = ["the ministry", "the Kremlin", "NATO", "the United Nations", "the city council"]
TEMPLATES = [
    "{p} said that the situation in {l} remained tense on Monday.",
    "According to {b}, supplies reached {l} late in the evening.",
    '"We will not give up {l}," {p} told reporters in {l2}.',
    "Officials in {l} reportedly denied the claims, dismissing them as propaganda.",
    "{b} has repeatedly warned that the talks could collapse before March.",
    "The report, which could not be independently verified, described heavy fighting near {l}.",
    "{p} argued that the decision stands in stark contrast to earlier promises.",
    "Residents of {l} waited for news as the weather turned colder.",
]
REGISTRY = EntityRegistry(
    (
        Entity("kyiv", "Kyiv", "place", ("Kiev",)),
        Entity("donbas", "Donbas", "place", ("Donbass",)),
        Entity("kostiantynivka", "Kostiantynivka", "place", ("Konstantinovka",)),
    )
)


def generated(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(8, 16)):
            template = rng.choice(TEMPLATES)
            people, places = rng.choice(PEOPLE), rng.sample(PLACES, 2)
            lines.append(template.format(p=people, l=places[0], l2=places[1], b=rng.choice(BODIES)))
        texts.append(" ".join(lines[: len(lines) // 2]) + "\n" + " ".join(lines[len(lines) // 2 :]))
    return texts


def corpus_texts(folder: Path, count: int) -> list[str]:
    paths = sorted((folder / "text").glob("*.txt"))[:count]
    return [p.read_text(encoding="utf-8") for p in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--polnear", type=Path, help="read texts from a PolNeAR split instead")
    parser.add_argument("--model", default=AnnotateConfig().model)
    args = parser.parse_args()
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = corpus_texts(args.polnear, args.docs) if args.polnear else generated(args.docs) + seeds
    words = sum(len(t.split()) for t in texts)
    settings = AnnotateConfig(model=args.model)
    began = time.perf_counter()
    nlp = load_model(args.model)
    print(f"model load          {time.perf_counter() - began:6.2f} s")
    began = time.perf_counter()
    gazetteer.load()  # like the model: loaded once per process, before either side is timed
    print(f"gazetteer build     {time.perf_counter() - began:6.2f} s (once per process; a build keeps a copy)")
    list(nlp.pipe(texts[:8]))  # warm-up, so neither side pays first-call costs

    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    bare = time.perf_counter() - began

    began = time.perf_counter()
    annotate_with(texts, REGISTRY, settings, None, jobs=1, loader=lambda _: nlp)
    ours = time.perf_counter() - began

    print(f"documents           {len(texts):6d}   words {words}")
    print(f"bare nlp.pipe       {words / bare:8.0f} words/s  ({bare:.2f} s)")
    print(f"annotate stage      {words / ours:8.0f} words/s  ({ours:.2f} s)")
    print(f"ratio               {ours / bare:8.2f} x bare (target <= 1.3)")

    with tempfile.TemporaryDirectory() as cache:
        began = time.perf_counter()
        annotate_with(texts, REGISTRY, settings, Path(cache), jobs=1, loader=lambda _: nlp)
        cold = time.perf_counter() - began
        began = time.perf_counter()
        annotate_with(texts, REGISTRY, settings, Path(cache), jobs=1, loader=_never)
        warm = time.perf_counter() - began
    print(f"cold build (cache)  {cold:8.2f} s")
    print(f"warm rebuild        {warm:8.2f} s  (no model load, no parse)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory         {peak:8.0f} MB (ru_maxrss)")
    return 0


def _never(name: str) -> object:
    raise AssertionError("warm rebuild loaded the model")


if __name__ == "__main__":
    raise SystemExit(main())
