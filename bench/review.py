"""Benchmark review in the preview: accept → updated page, on a 1,000-document archive.

    .venv/bin/python bench/review.py [--docs 1000] [--words 200] [--accepts 10] [--keep DIR]

A deterministic archive of news-like documents with the machine annotators on; one document
open in headless Chromium (Debian's, via Playwright). Each round presses ``a`` on the current
proposal and stops the clock when the reloaded tab shows it reviewed. Beside it, in the same
run, the peer: the same confirm entry saved into the YAML by hand (as an editor would), timed
to the reloaded tab. ``--keep DIR`` keeps the archive and its annotation cache for reruns.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.curate.selectors import selector_for
from sitegen.serve import Preview
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

PEOPLE = ["Anna Kowalska", "The ministry", "Mayor Petrenko", "The governor", "Analysts", "Colonel Ivan Sorokin"]
VERBS = ["said that", "told reporters that", "claimed that", "warned that", "insisted that", "announced that"]
NOUNS = ["supplies", "the bridge", "power lines", "the schools", "the hospital", "grain exports", "the rail link"]
PLACES = ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Poltava", "Sumy"]
STATES = ["were restored", "remained closed", "were running low", "would reopen soon", "had been damaged"]
READY = "#sitegen-review[data-ready]"


def sentence(rng: random.Random) -> str:
    who, verb, what = rng.choice(PEOPLE), rng.choice(VERBS), rng.choice(NOUNS)
    return f"{who} {verb} {what} in {rng.choice(PLACES)} {rng.choice(STATES)}."


def document(rng: random.Random, number: int, words: int) -> str:
    lines = [f"Report {number}: {rng.choice(NOUNS).title()} in {rng.choice(PLACES)}"]
    count = 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))
        count += len(paragraph.split())
        lines.append(paragraph)
    return "\n\n".join(lines) + "\n"


def make_project(root: Path, docs: int, words: int) -> None:
    """The archive, unless ``root`` already holds this one (its cache then makes the first build quick)."""
    stamp = f"{docs} documents of {words} words\n"
    if (root / "bench-stamp").is_file() and (root / "bench-stamp").read_text() == stamp:
        shutil.rmtree(root / "content" / "annotations", ignore_errors=True)
        return
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(20261207)
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "sitegen.yml").write_text("title: Review bench\nbase_url: https://example.org/bench/\n")
    for number in range(docs):
        (root / "seeds" / f"doc{number:04d}.txt").write_text(document(rng, number, words))
    (root / "bench-stamp").write_text(stamp)


def open_tab(browser: Any, preview: Preview, doc: str) -> Any:
    tab = browser.new_page()
    tab.goto(preview.url + f"documents/{doc}.html")
    tab.wait_for_selector(READY)
    return tab


def page_part(tab: Any) -> float:
    """Seconds the reloaded page took from its navigation's start to the review bar being ready."""
    return float(tab.evaluate("window.sitegenReview.readyAt")) / 1000


def accept_once(tab: Any) -> tuple[float, float] | None:
    """Press ``a``: seconds to the reloaded tab showing the proposal reviewed, and the page's part."""
    ident = tab.evaluate("window.sitegenReview.current()")
    if ident is None:
        return None
    with tab.expect_navigation(timeout=120_000):
        started = time.perf_counter()
        tab.keyboard.press("a")
    tab.wait_for_selector(READY, timeout=120_000)
    assert ident not in tab.evaluate("window.sitegenReview.proposals")
    return time.perf_counter() - started, page_part(tab)


def by_hand_once(tab: Any, root: Path, doc: str) -> tuple[float, float] | None:
    """The peer: the same confirm entry saved into the YAML directly, to the reloaded tab."""
    record = tab.evaluate(
        """async () => { const id = window.sitegenReview.current();
             const token = document.querySelector("script[data-token]").getAttribute("data-token");
             const slug = location.pathname.split("/").pop().replace(/\\.html$/, "");
             const reply = await fetch(`/__sitegen/review/records/${slug}.json`, {headers: {"X-Sitegen-Token": token}});
             return (await reply.json()).records.find(r => r.id === id) || null; }"""
    )
    if record is None:
        return None
    curated = root / "content" / "annotations" / f"{doc}.yml"
    text = curated.read_text() if curated.exists() else "annotations:\n"
    seed = (root / "seeds" / f"{doc}.txt").read_text()
    selector = selector_for(seed, record["start"], record["end"])
    fields = [("quote", selector.quote), ("prefix", selector.prefix), ("suffix", selector.suffix)]
    lines = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in fields if value)
    occurrence = f"    occurrence: {selector.occurrence}\n" if selector.occurrence else ""
    entry = f"  - kind: {record['kind']}\n    action: confirm\n{lines}{occurrence}"
    with tab.expect_navigation(timeout=120_000):
        started = time.perf_counter()
        curated.write_text(text + entry)
    tab.wait_for_selector(READY, timeout=120_000)
    return time.perf_counter() - started, page_part(tab)


def server_side(preview: Preview, doc: str, rounds: int) -> list[float]:
    """Seconds from a decision reaching the desk to the page rebuilt on disk (no browser)."""
    built = preview.builder.last
    assert built is not None and preview.server.review is not None
    found = built.analysis.archive.get(doc)
    assert found is not None
    ids = [a.id for a in found.annotations if not any(o.kind == "curated" for o in a.provenance)]
    latencies = []
    for ident in ids[:rounds]:
        state = preview.hub.state
        before = state.version
        started = time.perf_counter()
        preview.server.review.act(doc, ident, "accept", None)
        while state.version == before:
            state = preview.hub.wait(state, 120)
        latencies.append(time.perf_counter() - started)
    return latencies


def summary(label: str, rounds: list[tuple[float, float]]) -> str:
    if not rounds:
        return f"{label}: no rounds (no proposals?)"
    totals = [total for total, _ in rounds]
    before = [total - page for total, page in rounds]
    pages = [page for _, page in rounds]
    return (
        f"{label} ({len(rounds)} rounds): median {statistics.median(totals) * 1000:.0f} ms "
        f"(min {min(totals) * 1000:.0f}, max {max(totals) * 1000:.0f}); of which until the reload starts "
        f"{statistics.median(before) * 1000:.0f} ms, the reload {statistics.median(pages) * 1000:.0f} ms"
    )


def run(root: Path, docs: int, words: int, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    make_project(root, docs, words)
    rebuilds: list[str] = []

    def log(line: str) -> None:
        if "changed file" in line:
            rebuilds.append(line.rsplit(" in ", 1)[-1])
        elif "sitegen:" in line:
            print(line, flush=True)

    started = time.perf_counter()
    preview = Preview(root, port=0, log=log)
    preview.start()
    print(f"first build of {docs} documents ({words} words each, annotators on): {time.perf_counter() - started:.1f} s")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            doc = f"doc{docs // 2:04d}"
            tab = open_tab(browser, preview, doc)
            print(f"{len(tab.evaluate('window.sitegenReview.proposals'))} open proposals on {doc}")
            accepted: list[tuple[float, float]] = []
            by_hand: list[tuple[float, float]] = []
            for number in range(rounds):  # alternated, so both meet the same load
                for name, kept, once in (("accept", accepted, lambda: accept_once(tab)),
                                         ("by hand", by_hand, lambda: by_hand_once(tab, root, doc))):  # fmt: skip
                    result = once()
                    if result is not None:
                        kept.append(result)
                        print(f"  {name} {number}: {result[0] * 1000:.0f} ms (reload {result[1] * 1000:.0f} ms)")
            browser.close()
        on_disk = server_side(preview, f"doc{docs // 2 + 1:04d}", rounds)
    finally:
        preview.close()
    print(summary(f"accept in the review UI → updated page, {docs} documents", accepted))
    print(summary(f"peer: the same entry saved by hand → updated page, {docs} documents", by_hand))
    print(f"rebuilds: {', '.join(rebuilds)}")
    print(
        f"accept → page rebuilt on disk, no browser ({len(on_disk)} rounds): "
        f"median {statistics.median(on_disk) * 1000:.0f} ms, min {min(on_disk) * 1000:.0f} ms, "
        f"max {max(on_disk) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--accepts", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="keep the archive (and its annotation cache) here")
    args = parser.parse_args()
    if args.keep:
        run(args.keep.resolve(), args.docs, args.words, args.accepts)
        return
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as scratch:
        run(Path(scratch) / "archive", args.docs, args.words, args.accepts)


if __name__ == "__main__":
    main()
