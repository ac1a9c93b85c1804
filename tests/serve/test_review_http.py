"""The review endpoints over real HTTP: who is refused, what is checked, that a failed write
loses nothing, that the queue lists documents by open proposals, and that none of it reaches
a built site."""

from __future__ import annotations

import http.client
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.curate.curated import parse_annotation_text
from sitegen.curate.edit import append_entry
from sitegen.errors import Diagnostics
from sitegen.serve import Preview, is_loopback
from sitegen.serve.review.desk import write_atomically
from tests.conftest import SITES, project_at, quiet
from tests.serve.conftest import address, get, wait_for

ACTION = "/__sitegen/review/action"


def post(
    preview: Preview, path: str, body: object, drop: tuple[str, ...] = (), **changed: str
) -> tuple[int, dict[str, object]]:
    """A POST as the review script sends it, less the headers in ``drop``, with ``changed`` ones."""
    host, port = address(preview)
    assert preview.server.review is not None
    headers = {
        "Host": f"{host}:{port}",
        "Origin": f"http://{host}:{port}",
        "Content-Type": "application/json",
        "X-Sitegen-Token": preview.server.review.token,
    }
    headers.update({name.replace("_", "-"): value for name, value in changed.items()})
    for name in drop:
        headers.pop(name)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = http.client.HTTPConnection(host, port, timeout=20)
    try:
        conn.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(raw)))
        conn.endheaders(raw)
        response = conn.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data.startswith(b"{") else {"raw": data.decode()}
    finally:
        conn.close()


REQUEST = {"doc": "report", "id": "c-nothing", "action": "accept"}


@pytest.mark.parametrize(
    ("drop", "changed", "status", "says"),
    [
        ((), {}, 409, "no annotation"),  # every check passed: the desk looked for the annotation
        (("X-Sitegen-Token",), {}, 403, "token"),
        ((), {"X_Sitegen_Token": "guessed"}, 403, "token"),
        (("Origin",), {}, 403, "cross-origin"),
        ((), {"Origin": "http://evil.example"}, 403, "cross-origin"),
        ((), {"Origin": "null"}, 403, "cross-origin"),
        ((), {"Sec_Fetch_Site": "cross-site"}, 403, "cross-site"),
        ((), {"Host": "evil.example"}, 403, "answers only to"),
        ((), {"Content_Type": "text/plain"}, 403, "JSON"),
    ],
)
def test_review_http_refuses_requests_that_are_not_this_previews(
    preview: Preview, drop: tuple[str, ...], changed: dict[str, str], status: int, says: str
) -> None:
    code, body = post(preview, ACTION, REQUEST, drop, **changed)
    assert (code, body.get("ok", False)) == (status, False)
    assert says in str(body)  # a foreign Host is refused before any endpoint, in plain text


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        ({"doc": "report", "id": 7, "action": "accept"}, 400),
        ({"doc": "report", "id": "x", "action": "edit", "edit": {"span": {"start": "0", "end": 4}}}, 400),
        ({"doc": "report", "id": "x", "action": "edit", "edit": {"span": {"start": 0, "end": 4}, "extra": 1}}, 400),
        ({"doc": "report", "id": "x", "action": "edit", "edit": {"span": {"start": 0, "end": 4}, "parts": [1]}}, 400),
        ({"doc": "nowhere", "id": "x", "action": "accept"}, 404),
        (b"x" * 70_000, 413),
    ],
)
def test_review_http_checks_every_field(preview: Preview, body: object, status: int) -> None:
    assert post(preview, ACTION, body)[0] == status


def test_review_http_other_methods_and_unknown_paths(preview: Preview) -> None:
    assert get(preview, ACTION)[0] == 404
    assert post(preview, "/__sitegen/review/elsewhere", REQUEST)[0] == 405
    assert post(preview, "/tiny/index.html", REQUEST)[0] == 405  # the site itself takes no POST
    status, _, _ = get(preview, "/__sitegen/review/entities.json")  # no token: refused
    assert status == 403


def test_review_http_undo_with_nothing_to_undo(preview: Preview) -> None:
    code, body = post(preview, "/__sitegen/review/undo", {"doc": "report"})
    assert (code, body["ok"]) == (409, False)


def test_review_http_pages_carry_the_review_script_and_the_built_site_does_not(preview: Preview, tiny: Path) -> None:
    assert preview.server.review is not None
    _, _, page = get(preview, "/tiny/documents/report.html")
    assert b"/__sitegen/review/review.js" in page and preview.server.review.token.encode() in page
    for kind in ("review.js", "review.css"):
        status, headers, _ = get(preview, "/__sitegen/review/" + kind)
        assert status == 200 and headers["content-type"].startswith(("text/javascript", "text/css"))
    build(project_at(tiny), log=quiet)
    for path in (tiny / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in (b"__sitegen", b"sitegen-review", b"data-token", preview.server.review.token.encode()):
                assert marker not in data, f"{marker!r} in {path.relative_to(tiny)}"


def test_review_http_is_off_unless_the_preview_is_loopback_only(tiny: Path) -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "127.9.9.9")] == [True] * 4
    assert [is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org")] == [False] * 4
    open_to_all = Preview(tiny, host="0.0.0.0", port=0, log=quiet)
    try:
        assert open_to_all.server.review is None
    finally:
        open_to_all.server.server_close()  # never started: nothing else to stop


def test_review_http_atomic_write_keeps_the_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.yml"
    target.write_bytes(b"annotations: []\n")
    os.chmod(target, 0o600)

    def full_disk(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"annotations:\n  - kind: entity\n    quote: x\n")
    assert target.read_bytes() == b"annotations: []\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.yml"]  # no temporary file left behind
    monkeypatch.undo()
    write_atomically(target, b"new\n")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new\n", 0o600)


@pytest.fixture
def review_preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    root = tmp_path / "review"
    shutil.copytree(SITES / "review", root)
    running = Preview(root, port=0, log=quiet, quiet=0.05)
    running.start()
    yield running, root
    running.close()


def proposals(preview: Preview, slug: str) -> list[str]:
    built = preview.builder.last
    assert built is not None
    doc = built.analysis.archive.get(slug)
    assert doc is not None
    return [a.id for a in doc.annotations if not any(o.kind == "curated" for o in a.provenance)]


@pytest.mark.model
def test_review_http_a_failed_write_answers_500_and_loses_nothing(
    review_preview: tuple[Preview, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    preview, root = review_preview
    curated = root / "content" / "annotations" / "report.yml"
    before = curated.read_bytes()

    def refuse(*_: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, body = post(preview, ACTION, {"doc": "report", "id": proposals(preview, "report")[0], "action": "reject"})
    assert (code, body["ok"]) == (500, False) and "as it was" in str(body["error"])
    assert curated.read_bytes() == before
    assert sorted(p.name for p in curated.parent.iterdir()) == ["report.yml"]


@pytest.mark.model
def test_review_http_queue_lists_documents_by_open_proposals(review_preview: tuple[Preview, Path]) -> None:
    preview, _ = review_preview
    status, headers, page = get(preview, "/__sitegen/review/")
    assert status == 200 and "script-src 'self'" in headers["content-security-policy"]
    text = page.decode()
    counts = {slug: len(proposals(preview, slug)) for slug in ("report", "brief")}
    assert counts["report"] > counts["brief"] > 0
    assert text.index("documents/report.html") < text.index("documents/brief.html")
    assert f'<tr data-open="{counts["report"]}">' in text and f'<tr data-open="{counts["brief"]}">' in text
    assert text.index("/__sitegen/review/review.js") < text.index("</body>")


@pytest.mark.model
def test_review_http_the_first_decision_for_a_document_is_a_quick_rebuild(tmp_path: Path) -> None:
    root = tmp_path / "review"
    shutil.copytree(SITES / "review", root)
    shutil.rmtree(root / "content" / "annotations")  # the decision makes the folder and the file
    preview = Preview(root, port=0, log=quiet, quiet=0.05)
    preview.start()
    try:
        before = preview.builder.last
        assert before is not None
        version = preview.hub.state.version
        code, _ = post(preview, ACTION, {"doc": "brief", "id": proposals(preview, "brief")[0], "action": "accept"})
        assert code == 200
        wait_for(preview, lambda state: state.version > version, "the rebuild")
        assert preview.builder.last is not before and preview.builder.last.maker is before.maker  # not a full build
        assert (root / "content" / "annotations" / "brief.yml").is_file()
    finally:
        preview.close()


@pytest.mark.model
def test_review_http_decisions_in_a_row_and_a_hand_edit_between_them(review_preview: tuple[Preview, Path]) -> None:
    preview, root = review_preview
    curated = root / "content" / "annotations" / "report.yml"
    original = curated.read_text()
    first, second, third = proposals(preview, "report")[:3]
    for ident, action in ((first, "accept"), (second, "reject")):
        assert post(preview, ACTION, {"doc": "report", "id": ident, "action": action})[0] == 200
    by_hand = curated.read_text() + "  # checked up to here by hand\n"
    curated.write_text(by_hand)
    code, body = post(preview, ACTION, {"doc": "report", "id": third, "action": "accept"})
    assert code == 200, body
    made = [located.entry for located in parse_annotation_text(curated.read_text(), "x", Diagnostics()).entries][-3:]
    expected = append_entry(append_entry(original, made[0], "x").text, made[1], "x").text
    assert by_hand.startswith(expected)  # what the first two wrote, one round trip each
    assert curated.read_text() == append_entry(by_hand, made[2], "x").text
    assert post(preview, "/__sitegen/review/undo", {"doc": "report"})[0] == 200
    assert curated.read_text() == by_hand
    code, body = post(preview, "/__sitegen/review/undo", {"doc": "report"})  # the hand edit came after it
    assert code == 409 and "changed since" in str(body["error"])
    assert curated.read_text() == by_hand


def get_with_token(preview: Preview, path: str) -> tuple[int, dict[str, object]]:
    """A GET as the review script sends it: from the page, with the run's token."""
    host, port = address(preview)
    assert preview.server.review is not None
    conn = http.client.HTTPConnection(host, port, timeout=20)
    try:
        token = preview.server.review.token
        conn.request("GET", path, headers={"X-Sitegen-Token": token, "Origin": f"http://{host}:{port}"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_review_http_serves_a_documents_records_to_its_review_bar(preview: Preview, tiny: Path) -> None:
    """The built page carries no records (#23); the preview gives its review bar each annotation
    with its offsets, parts and history, and only with the run's token."""
    assert get(preview, "/__sitegen/review/records/report.json")[0] == 403
    status, body = get_with_token(preview, "/__sitegen/review/records/report.json")
    assert status == 200
    records = body["records"]
    assert isinstance(records, list) and {r["kind"] for r in records} == {"claim", "dispute", "entity"}
    text = (tiny / "seeds/report.txt").read_text().replace("\r\n", "\n")
    for record in records:
        assert text[record["start"] : record["end"]] == record["exact"]
        assert all(text[p["start"] : p["end"]] == p["exact"] for p in record["parts"])
        assert record["review"] == "reviewed" and record["provenance"][0]["kind"] == "curated"
    assert get_with_token(preview, "/__sitegen/review/records/nowhere.json")[0] == 404


@pytest.mark.model
def test_review_http_records_say_where_a_write_acts_before_the_file_changes(
    review_preview: tuple[Preview, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild a write starts may reload the page before the page reads the answer; the
    reloaded page's records must already say where to return (a new serial each time)."""
    preview, _ = review_preview
    desk = preview.server.review
    assert desk is not None
    built = preview.builder.last
    assert built is not None
    doc = built.analysis.archive.get("report")
    assert doc is not None
    target = next(a for a in doc.annotations if a.id == proposals(preview, "report")[0])
    seen: list[object] = []

    def write(path: Path, data: bytes) -> None:
        seen.append(get_with_token(preview, "/__sitegen/review/records/report.json")[1]["place"])
        write_atomically(path, data)

    monkeypatch.setattr("sitegen.serve.review.desk.write_atomically", write)
    assert get_with_token(preview, "/__sitegen/review/records/report.json")[1]["place"] is None
    code, body = post(preview, ACTION, {"doc": "report", "id": target.id, "action": "reject"})
    assert (code, body["start"]) == (200, target.start)
    code, body = post(preview, "/__sitegen/review/undo", {"doc": "report"})
    assert (code, body["start"]) == (200, target.start)
    assert [place["start"] for place in seen] == [target.start, target.start]  # type: ignore[index]
    assert seen[0]["serial"] != seen[1]["serial"]  # type: ignore[index]
