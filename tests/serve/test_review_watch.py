"""A review decision rebuilds at once, and the watcher's events for that same write do not
rebuild (and reload the page) a second time."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from sitegen.serve.watch import Debouncer


def test_review_watch_own_writes_rebuild_at_once_and_once(tmp_path: Path) -> None:
    batches: queue.Queue[frozenset[Path]] = queue.Queue()
    debouncer = Debouncer(batches.put, quiet=3600, longest=3600)  # only an urgent batch can come out
    runner = threading.Thread(target=debouncer.run, daemon=True)
    runner.start()
    try:
        mine, other = tmp_path / "report.yml", tmp_path / "notes.yml"
        debouncer.expect(mine, b"annotations: []\n")
        mine.write_text("annotations: []\n")
        debouncer.add(mine)  # the watcher's event for that write, before we say it is written: not news
        debouncer.add_written(mine)
        assert batches.get(timeout=20) == {mine}
        debouncer.add(mine)  # nor after
        other.write_text("x")
        debouncer.add_written(other)
        assert batches.get(timeout=20) == {other}
        mine.write_text("annotations: [] # edited by hand\n")
        debouncer.add(mine)  # a later edit by someone else is
        debouncer.add_written(other)
        assert batches.get(timeout=20) == {mine, other}
        folder = tmp_path / "annotations"
        debouncer.expect(folder / "x.yml", b"x", (folder,))
        folder.mkdir()
        debouncer.add(folder)  # the folder made for it: its creation is not news either
        debouncer.add_written(other)
        assert batches.get(timeout=20) == {other}
        debouncer.add(folder)  # but later events in it are
        debouncer.add_written(other)
        assert batches.get(timeout=20) == {folder, other}
    finally:
        debouncer.close()
        runner.join(timeout=5)
