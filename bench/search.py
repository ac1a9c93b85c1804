"""Search at scale: index build time, bytes before the first result and query time, vs Pagefind.

Usage: python bench/search.py [--docs 1000 5000] [--rounds 5] [--keep DIR] [--write bench/results/search.md]
Generates ~600-word news-like documents deterministically (curated claims and entities, no
spaCy), builds them with sitegen, indexes the same document pages with Pagefind, then measures
both in headless Chromium over a local HTTP server, the two tools alternately, ``--rounds`` times
(medians are reported). Wire bytes are gzip sizes (Pagefind's index files are already
compressed on disk and are counted as they are). With ``--keep DIR`` the generated project is
kept in DIR/bench-N and reused by the next run (rebuilt warm, re-indexed by Pagefind).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.build import build  # noqa: E402
from sitegen.project import load_project  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "at",
    "from",
    "is",
    "it",
    "said",
    "were",
    "has",
    "have",
    "be",
    "but",
    "not",
    "their",
    "they",
    "its",
    "after",
    "over",
    "this",
    "which",
    "who",
    "would",
    "about",
    "against",
    "had",
    "more",
    "been",
]
PEOPLE = ["Anna Petrova", "John Miller", "Olena Kovalenko", "Marco Rossi", "Sarah Cohen", "Ivan Sirko"]
PLACES = ["Kyiv", "Kharkiv", "Konstantinovka", "Warsaw", "Brussels", "Avdiivka", "Odesa"]
QUERIES = ["ministry", "convoy", "kharkiv", "petrova", "officials", "winter supplies", '"sent a convoy"', "konst"]
"""The last is a word still being typed: a prefix of Konstantinovka (Pagefind matches prefixes too)."""


def vocabulary(rng: random.Random, size: int = 12000) -> list[str]:
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "en", "ol")]
    words = {"".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4)))) for _ in range(size)}
    fixed = ["ministry", "convoy", "supplies", "winter", "troops", "officials", "report", "talks", "border"]
    return fixed + sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    """``weights`` are cumulative: ``choices`` would otherwise sum all 12,000 for every word."""
    out = []
    for _ in range(rng.randint(12, 24)):
        out.append(rng.choice(FUNCTION) if rng.random() < 0.42 else rng.choices(words, cum_weights=weights)[0])
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def make_project(root: Path, count: int) -> None:
    rng = random.Random(20240601)
    words = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 5) for rank in range(len(words))))
    (root / "seeds").mkdir(parents=True)
    (root / "content/annotations").mkdir(parents=True)
    (root / "sitegen.yml").write_text("title: Bench\nannotate:\n  annotators: []\nsearch:\n  budget_kb: 100000\n")
    for n in range(count):
        person, place = rng.choice(PEOPLE), rng.choice(PLACES)
        claim = f"{person} said the ministry had sent a convoy to {place}"
        paragraphs = []
        for p in range(9):
            body = " ".join(sentence(rng, words, weights) for _ in range(rng.randint(2, 4)))
            paragraphs.append(f"{claim}, officials confirmed. {body}" if p == 3 else body)
        first, second = rng.choices(words, cum_weights=weights)[0], rng.choices(words, cum_weights=weights)[0]
        title = f"{place} report {n}: {first} and {second}"
        (root / f"seeds/doc{n:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
        yaml = (
            f"annotations:\n  - kind: claim\n    quote: {json.dumps(claim)}\n"
            f"    parts: {{source: {json.dumps(person)}, cue: said}}\n"
            f"  - kind: entity\n    quote: {json.dumps(place)}\n    occurrence: all\n    type: place\n"
        )
        (root / f"content/annotations/doc{n:05d}.yml").write_text(yaml)


def build_times(root: Path, count: int, builds: int) -> dict[str, float]:
    project = load_project(root)
    timings = []
    for _ in range(builds):  # cold, then warm (same process, caches on disk); a kept project: warm
        result = build(project, log=lambda _: None)
        timings.append(dict(result.timings))
    data = [p for p in (root / "site/search").rglob("*.js")]
    total = sum(p.stat().st_size for p in data)
    source = sum(p.stat().st_size for p in (root / "seeds").iterdir())
    return {
        "search_data_kb_per_doc": total / 1e3 / count,
        "search_files_per_doc": len(data) / count,
        "source_kb_per_doc": source / 1e3 / count,
        "index_ms_per_doc_first": timings[0]["index"] * 1000 / count,
        "index_ms_per_doc_warm": timings[-1]["index"] * 1000 / count,
        "build_ms_per_doc_warm": sum(timings[-1].values()) * 1000 / count,
        "search_data_mb_raw": total / 1e6,
    }


class Recorder(SimpleHTTPRequestHandler):
    """Serves the site and counts what the browser fetches (as gzip would send it)."""

    sent: ClassVar[list[tuple[str, int]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_file():
            body = path.read_bytes()
            compressed = path.suffix in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".wasm")
            Recorder.sent.append((self.path, len(body) if compressed else len(gzip.compress(body, 6))))
        super().end_headers()


PAGEFIND_SCRIPT = """<script type="module">
window.pfSearch = async (q) => { const t0 = performance.now(); const r = await window.pf.search(q);
  const first = r.results.length ? await r.results[0].data() : null;
  return {ms: performance.now() - t0, count: r.results.length, first: first && first.url}; };
window.pf = await import("../pagefind/pagefind.js"); await window.pf.init(); window.pfReady = true;
</script>"""
PAGE = "documents/doc00000.html"
"""Both tools are timed on the same page, a document page of the archive: sitegen's own, and a
copy of it in which Pagefind replaces sitegen's search (its own script cannot run under the
page's Content-Security-Policy, so the copy drops it). The home page is not used: at 5,000
documents it lists all of them in 3.5 MB of HTML, and laying that out when the results panel
opens doubled sitegen's time to its first result, against Pagefind on an empty page."""
PAGEFIND_PAGE = "documents/pf-bench.html"


def pagefind_page(site: Path) -> None:
    html = (site / PAGE).read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
    html = re.sub(r'<script src="[^"]*/static/search(-ui)?\.js" defer></script>\n?', "", html)
    (site / PAGEFIND_PAGE).write_text(html.replace("</head>", PAGEFIND_SCRIPT + "\n</head>", 1), encoding="utf-8")


def measure(site: Path, browser: object, rounds: int) -> dict[str, object]:
    """Each query ``rounds`` times, sitegen and Pagefind alternately (which goes first swaps
    every round), each in a fresh browser context; medians per query."""
    pagefind_page(site)
    handler = functools.partial(Recorder, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    seen: dict[str, dict[str, list[dict[str, Any]]]] = {q: {"lunr": [], "pagefind": []} for q in QUERIES}
    try:
        for n in range(rounds):
            for query in QUERIES:
                tools = [("lunr", _lunr), ("pagefind", _pagefind)]
                for name, tool in tools if n % 2 == 0 else tools[::-1]:
                    seen[query][name].append(tool(browser, base, query))
    finally:
        server.shutdown()
    return {q: {name: _median(runs) for name, runs in tools_seen.items()} for q, tools_seen in seen.items()}


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per figure, the median over rounds; a query that found nothing in any round says so."""
    failed = [r for r in runs if "no_result" in r]
    if failed:
        return failed[0]
    out: dict[str, Any] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    out["first_result_ms_all"] = sorted(round(r["first_result_ms"]) for r in runs)
    return out


def _wire(prefixes: tuple[str, ...]) -> int:
    return sum(size for path, size in Recorder.sent if path.split("?")[0].startswith(prefixes))


CLOCK = """
addEventListener("input", e => {
  if (e.target.id === "site-search-q" && !window.benchInput) window.benchInput = performance.now();
}, true);
new MutationObserver(() => {
  const shown = document.querySelector("#search-panel .search-result");
  if (shown && !window.benchShown) window.benchShown = performance.now();
}).observe(document, {subtree: true, childList: true});"""
"""The page's own clock: from the query reaching the search box (its first ``input`` event) to
the first result in the panel, as Pagefind's figure is its own clock around ``search()``. The
wall time seen from Playwright also counts its ``fill`` (actionability checks, IPC), which a
loaded machine stretches by hundreds of milliseconds."""

WARM = "() => window.sitegenSearchUi.start().then(() => true)"
"""Resolves when the warm-up the pointer started is done (it does not start another one)."""


def _lunr(browser: object, base: str, query: str) -> dict[str, float]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("pageerror", lambda error: print("page error:", error, file=sys.stderr))
    page.add_init_script(CLOCK)
    page.goto(base + PAGE)
    Recorder.sent = []
    # As Pagefind is timed after init(): the pointer over the search box starts loading what
    # every query needs (lunr.js, the stemmer, the directory); those bytes still count.
    page.hover("#site-search-q")
    page.evaluate(WARM)
    started = time.perf_counter()
    page.fill("#site-search-q", query.replace('"', ""))
    if '"' in query:
        page.fill("#site-search-q", query)
    try:
        page.wait_for_selector("#search-panel .search-result", timeout=20000)
    except Exception:
        status = page.evaluate("document.getElementById('search-status').textContent")
        print(query, status, Recorder.sent, file=sys.stderr)
        context.close()
        # A query the build cannot answer (a prefix, before prefixes) is a figure, not a crash.
        return {"first_result_bytes": _wire(("/static/vendor/", "/search/", "/static/search")), "no_result": status}
    first_ms = (time.perf_counter() - started) * 1000
    in_page = page.evaluate("window.benchShown - window.benchInput")
    # The best result may be shown before the others' texts are in: the bytes are counted once
    # the whole first screen is (every result's store chunk), which is more than the first needs.
    page.wait_for_selector("#search-panel .search-results:not([aria-busy]) .search-result", timeout=20000)
    wire = _wire(("/static/vendor/", "/search/", "/static/search"))
    times = [page.evaluate("q => { const t = performance.now(); return window.sitegenSearch.search(q)"
                           ".then(() => performance.now() - t); }", query) for _ in range(7)]  # fmt: skip
    context.close()
    return {
        "first_result_bytes": wire,
        "first_result_ms": in_page,
        "first_result_ms_wall": first_ms,
        "query_ms": statistics.median(times),
    }


def _pagefind(browser: object, base: str, query: str) -> dict[str, float]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    Recorder.sent = []
    page.goto(base + PAGEFIND_PAGE)
    page.wait_for_function("window.pfReady === true", timeout=60000)
    first = page.evaluate("q => window.pfSearch(q)", query)
    wire = _wire(("/pagefind/",))
    times = [page.evaluate("q => window.pfSearch(q).then(r => r.ms)", query) for _ in range(7)]
    context.close()
    return {"first_result_bytes": wire, "first_result_ms": first["ms"], "query_ms": statistics.median(times)}


def run(count: int, keep: Path | None, rounds: int) -> dict[str, object]:
    folder = keep / f"bench-{count}" if keep else Path(tempfile.mkdtemp(prefix=f"sitegen-bench-{count}-"))
    root = folder / "project"
    reused = (root / "sitegen.yml").is_file()
    if not reused:
        make_project(root, count)
    figures: dict[str, object] = {"docs": count, "reused": reused, **build_times(root, count, 1 if reused else 2)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(root / "site"), "--glob", "documents/*.html", "--quiet"],
        check=True,
    )
    figures["pagefind_index_ms_per_doc"] = (time.perf_counter() - started) * 1000 / count
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        figures["queries"] = measure(root / "site", browser, rounds)
        browser.close()
    figures["load_average"] = os.getloadavg()
    if not keep:
        shutil.rmtree(folder)
    return figures


RESULTS = ROOT / "bench" / "results" / "search.md"


def table(runs: list[dict[str, Any]]) -> str:
    """The results as Markdown: per query, bytes before the first result (gzip) and time to it,
    sitegen beside Pagefind, for each archive size; then the data on disk per document."""
    sizes = " | ".join(f"{run['docs']:,} sitegen | {run['docs']:,} Pagefind" for run in runs)
    lines = [f"| query | {sizes} |", "|---" + "|---:|---:" * len(runs) + "|"]
    for query in QUERIES:
        cells = []
        for run in runs:
            ours, theirs = run["queries"][query]["lunr"], run["queries"][query]["pagefind"]
            cells += [_cell(ours), _cell(theirs)]
        lines.append(f"| `{query}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| documents | search data on disk | files | source text | query time after the first (median) |",
    ]
    lines.append("|---:|---:|---:|---:|---|")
    for run in runs:
        ours = [run["queries"][q]["lunr"].get("query_ms", 0.0) for q in QUERIES]
        theirs = [run["queries"][q]["pagefind"]["query_ms"] for q in QUERIES]
        lines.append(
            f"| {run['docs']:,} | {run['search_data_kb_per_doc']:.1f} kB/doc | {run['search_files_per_doc']:.2f}/doc "
            f"| {run['source_kb_per_doc']:.1f} kB/doc | sitegen {min(ours):.1f}–{max(ours):.1f} ms, "
            f"Pagefind {min(theirs):.1f}–{max(theirs):.1f} ms |"
        )
    for run in runs:
        if "load_average" in run:
            load = ", ".join(f"{x:.1f}" for x in run["load_average"])
            lines.append(f"\nLoad average (1, 5, 15 min) after the {run['docs']:,}-document run: {load}.")
    return "\n".join(lines) + "\n"


def _cell(figures: dict[str, Any]) -> str:
    if "no_result" in figures:
        return f"{figures['first_result_bytes'] / 1024:.0f} kB, no result"
    return f"{figures['first_result_bytes'] / 1024:.0f} kB, {figures['first_result_ms']:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run per tool (medians)")
    parser.add_argument("--keep", type=Path, help="keep the generated projects there, and reuse them")
    parser.add_argument("--write", type=Path, default=None, help=f"write the table there (e.g. {RESULTS})")
    args = parser.parse_args()
    runs = []
    for count in args.docs:
        runs.append(run(count, args.keep, args.rounds))
        print(json.dumps(runs[-1], indent=1))
    print(table(runs))
    if args.write:
        args.write.write_text(table(runs), encoding="utf-8")


if __name__ == "__main__":
    main()
