"""Watch → debounce → rebuild: edits reach the served site, failures keep the last good one."""

from __future__ import annotations

import threading
from pathlib import Path

from sitegen.serve import Preview
from sitegen.serve.watch import Debouncer, is_editor_temp
from tests.serve.conftest import TIMEOUT, EventStream, get, wait_for


def _record_batches(preview: Preview) -> list[frozenset[Path]]:
    batches: list[frozenset[Path]] = []
    rebuild = preview.builder.rebuild

    def recording(changed: frozenset[Path] = frozenset()):  # type: ignore[no-untyped-def]
        batches.append(changed)
        return rebuild(changed)

    preview.builder.rebuild = recording  # type: ignore[method-assign]
    return batches


def test_rebuild_serves_an_edit(preview: Preview, tiny: Path) -> None:
    batches = _record_batches(preview)
    seed = tiny / "seeds" / "report.txt"
    seed.write_text(seed.read_text() + "A freshly added sentence.\n")
    wait_for(preview, lambda s: s.version == 2, "the rebuild after an edit")
    assert b"A freshly added sentence." in get(preview, "/tiny/documents/report.html")[2]
    assert seed in set().union(*batches)


def test_rebuild_ignores_output_cache_git_and_editor_files(preview: Preview, tiny: Path) -> None:
    batches = _record_batches(preview)
    (tiny / ".git").mkdir()
    (tiny / ".git" / "index").write_text("x")
    (tiny / ".sitegen-cache").mkdir(exist_ok=True)
    (tiny / ".sitegen-cache" / "junk").write_text("x")
    (tiny / "site" / "junk.html").write_text("x")
    (tiny / "seeds" / ".report.txt.swp").write_text("x")
    (tiny / "seeds" / "report.txt~").write_text("x")
    (tiny / "README.md").write_text("not an input")
    # Each watched folder reports its events in order, so once a real edit in the root and
    # one in seeds/ have been handled, the ignored files before them have been seen too.
    real = {tiny / "seeds" / "notes.md", tiny / "sitegen.yml"}
    for path in real:
        path.write_text(path.read_text() + "\n")
    wait_for(preview, lambda _: real <= set().union(*batches), "the rebuilds after the edits")
    assert set().union(*batches) == real


def test_rebuild_follows_the_config(preview: Preview, tiny: Path) -> None:
    config = tiny / "sitegen.yml"
    config.write_text(config.read_text().replace("https://example.org/tiny/", "https://example.org/moved/"))
    wait_for(preview, lambda s: s.version == 2, "the rebuild after a config edit")
    assert get(preview, "/moved/")[0] == 200
    assert get(preview, "/tiny/")[0] == 404


def test_rebuild_failure_keeps_the_last_good_site_and_reports_it(preview: Preview, tiny: Path) -> None:
    stream = EventStream(preview)
    try:
        assert stream.next() == {"version": 1, "problems": []}
        notes = tiny / "content" / "annotations" / "notes.yml"
        good = notes.read_text()
        notes.write_text(good + "  - kind: claim\n    quote: '<img src=x onerror=alert(1)> nowhere'\n")
        state = wait_for(preview, lambda s: bool(s.problems), "the failed rebuild")
        assert state.version == 1
        assert state.problems[0].where.startswith("content/annotations/notes.yml:")
        event = stream.next()
        assert event["version"] == 1 and "notes.yml:" in str(event["problems"])
        assert get(preview, "/tiny/documents/notes.html")[0] == 200  # still the last good site
        notes.write_text(good)
        wait_for(preview, lambda s: s.version == 2 and not s.problems, "the fixed rebuild")
        assert stream.next() == {"version": 2, "problems": []}
    finally:
        stream.close()


def test_rebuild_debouncer_coalesces_a_burst() -> None:
    batches: list[frozenset[Path]] = []
    handled = threading.Event()

    def on_batch(batch: frozenset[Path]) -> None:
        batches.append(batch)
        handled.set()

    debouncer = Debouncer(on_batch, quiet=0.2)
    # The burst is queued before the loop starts, so it cannot be split whatever the scheduling.
    for name in ("a", "b", "a", "c"):
        debouncer.add(Path(name))
    worker = threading.Thread(target=debouncer.run)
    worker.start()
    assert handled.wait(TIMEOUT)
    debouncer.close()
    worker.join(TIMEOUT)
    assert batches == [frozenset({Path("a"), Path("b"), Path("c")})]


def test_rebuild_knows_editor_temp_files() -> None:
    temps = [".x.swp", "x~", ".#x.md", "#x.md#", "4913", "x.tmp", ".goutputstream-ABC"]
    assert all(map(is_editor_temp, temps))
    assert not any(map(is_editor_temp, ["report.txt", "notes.md", "about.md", "entities.yml"]))


def test_rebuild_says_the_unlocked_ids_reminder_once_per_session(tiny: Path) -> None:
    lock = '{"version": 1, "documents": {"gone": {"c-0000": ["claim", "x", "", ""]}}}\n'
    (tiny / "content" / "ids.lock.json").write_text(lock)  # records none of tiny's ids
    said: list[str] = []
    preview = Preview(tiny, log=said.append)  # not started: no watcher races these rebuilds
    try:
        for _ in range(3):
            preview.rebuild(frozenset())
    finally:
        preview.server.server_close()
    assert sum("not locked yet" in line for line in said) == 1
    assert sum("sitegen: build" in line for line in said) == 3
