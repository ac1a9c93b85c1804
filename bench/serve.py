"""Benchmark the preview: edit-to-reload latency on a 1,000-document archive, and parallel load.

    .venv/bin/python bench/serve.py [--docs 1000] [--edits 7] [--requests 2000] [--concurrency 50]

Everything runs on 127.0.0.1 in a temporary project; the browser is Debian's Chromium via Playwright.
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.serve import Preview
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

PEOPLE = ["Anna Kowalska", "the ministry", "a local official", "Mayor Petrenko", "the governor", "analysts"]
PLACES = ["Kharkiv", "Odesa", "the river port", "the northern district", "Lviv", "the border crossing"]
VERBS = ["said", "told reporters", "claimed", "warned", "insisted", "announced"]
NOUNS = ["supplies", "the bridge", "power lines", "the schools", "the hospital", "grain exports", "the rail link"]
STATES = ["were restored", "remained closed", "were running low", "would reopen soon", "had been damaged"]


def sentence(rng: random.Random) -> str:
    who, verb, what = rng.choice(PEOPLE), rng.choice(VERBS), rng.choice(NOUNS)
    tail = f"in {rng.choice(PLACES)} {rng.choice(STATES)}"
    if rng.random() < 0.3:
        return f"According to {who}, {what} {tail}."
    return f"{who[0].upper() + who[1:]} {verb} that {what} {tail}."


def document(rng: random.Random, number: int, words: int = 600) -> str:
    lines = [f"Report {number}: {rng.choice(NOUNS).title()} in {rng.choice(PLACES).title()}"]
    count = 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        count += len(paragraph.split())
        lines.append(paragraph)
    return "\n\n".join(lines) + "\n"


def make_project(root: Path, docs: int) -> None:
    """A deterministic archive of ``docs`` news-like documents, no machine annotators."""
    rng = random.Random(20240601)
    (root / "seeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "sitegen.yml").write_text(
        "title: Bench archive\nbase_url: https://example.org/bench/\nannotate:\n  annotators: []\n"
    )
    for number in range(docs):
        (root / "seeds" / f"doc{number:04d}.txt").write_text(document(rng, number))


def edit_latency(preview: Preview, root: Path, edits: int) -> list[float]:
    """Seconds from saving an edit to the open tab having reloaded and showing it."""
    from playwright.sync_api import sync_playwright

    latencies = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        with tab.expect_response(lambda r: r.url.endswith("/__sitegen/events")):
            tab.goto(preview.url + "documents/doc0500.html")
        seed = root / "seeds" / "doc0500.txt"
        for number in range(edits):
            marker = f"Edit number {number} arrived."
            text = seed.read_text() + marker + "\n"
            with tab.expect_navigation(timeout=300_000):
                started = time.perf_counter()
                seed.write_text(text)
            tab.wait_for_selector(f"text={marker}", timeout=60_000)
            latencies.append(time.perf_counter() - started)
            print(f"  edit {number}: {latencies[-1] * 1000:.0f} ms", flush=True)
        browser.close()
    return latencies


def load(preview: Preview, requests: int, concurrency: int) -> None:
    """Many parallel GETs on loopback: throughput, latency, errors."""
    host, port = preview.server.server_address[:2]
    base = urlsplit(preview.url).path
    targets = [f"{base}documents/doc{n % 1000:04d}.html" for n in range(requests)]

    def fetch(target: str) -> tuple[int, float]:
        started = time.perf_counter()
        conn = http.client.HTTPConnection(str(host), int(port), timeout=30)
        try:
            conn.request("GET", target)
            response = conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except OSError:
            return 0, time.perf_counter() - started
        finally:
            conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(fetch, targets))
    elapsed = time.perf_counter() - started
    times = sorted(t for _, t in results)
    errors = sum(1 for status, _ in results if status != 200)
    print(
        f"load: {requests} requests, concurrency {concurrency}: {requests / elapsed:.0f} req/s, "
        f"median {statistics.median(times) * 1000:.1f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, "
        f"errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as scratch:
        root = Path(scratch) / "archive"
        make_project(root, args.docs)
        started = time.perf_counter()
        preview = Preview(root, port=0, log=lambda line: print(line) if "sitegen:" in line else None)
        preview.start()
        print(f"first build of {args.docs} documents: {time.perf_counter() - started:.2f} s")
        try:
            latencies = edit_latency(preview, root, args.edits)
            print(
                f"edit → reloaded tab ({args.docs} documents, {args.edits} edits): "
                f"median {statistics.median(latencies) * 1000:.0f} ms, "
                f"min {min(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
            )
            load(preview, args.requests, args.concurrency)
        finally:
            preview.close()


if __name__ == "__main__":
    main()
