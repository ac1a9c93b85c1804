"""Every public URL the seed site had before the site was slimmed (#23) still resolves."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pytest

from sitegen.build import build
from tests.conftest import project_at, quiet

pytestmark = pytest.mark.model

OLD_URLS = Path(__file__).with_name("old_urls.txt")
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def old_urls() -> list[str]:
    lines = OLD_URLS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def resolve(site: Path, url: str, hops: int = 3) -> tuple[Path, str]:
    """The file and fragment a URL lands on, following forwarding pages (meta refresh)."""
    path, _, fragment = url.partition("#")
    file = site / path
    assert file.is_file(), f"{url}: no file {path}"
    if hops and file.suffix == ".html":
        forward = REFRESH.search(file.read_text(encoding="utf-8"))
        if forward:
            target = unquote(forward.group(1))
            joined = PurePosixPath(path).parent / target.partition("#")[0]
            normal = PurePosixPath(*_normalise(joined.parts))
            return resolve(site, f"{normal}#{target.partition('#')[2]}", hops - 1)
    return file, fragment


def _normalise(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out


def test_old_urls_fixture_lists_every_kind_of_public_url():
    urls = old_urls()
    assert any(u.startswith("p/") for u in urls)
    assert any(u.startswith("documents/") and "#c-" in u for u in urls)
    assert any(u.endswith(".jsonld") for u in urls) and "exports/annotations.csv" in urls


def test_old_urls_every_one_still_resolves(seed_site: Path):
    broken = []
    for url in old_urls():
        try:
            file, fragment = resolve(seed_site, url)
        except AssertionError as missing:
            broken.append(str(missing))
            continue
        if fragment and f'id="{fragment}"' not in file.read_text(encoding="utf-8"):
            broken.append(f"{url}: lands on {file.relative_to(seed_site)} without id {fragment}")
    assert not broken, "\n".join(broken)


def test_old_urls_share_pages_forward_to_their_passage(seed_site: Path):
    for url in old_urls():
        if not url.startswith("p/"):
            continue
        doc, ident = PurePosixPath(url).parent.name, PurePosixPath(url).stem
        file, fragment = resolve(seed_site, url)
        assert file == seed_site / "documents" / f"{doc}.html", url
        assert fragment and f'id="{fragment}"' in file.read_text(encoding="utf-8"), url
        assert fragment == ident or fragment[:1] == ident[:1], url


def test_share_pages_only_for_reviewed_or_locked_passages(tmp_path: Path):
    """Without a lock, only the claims and disputes an editor reviewed get a share page, and the
    document page offers a share link exactly where one exists."""
    from tests.core.test_publish import records, seed_project

    root = seed_project(tmp_path, "all")
    build(project_at(root), log=quiet)
    site = root / "site"
    shareable = [r for r in records(site) if r["kind"] in ("claim", "dispute")]
    assert {r["review"] for r in shareable} == {"reviewed", "proposed"}
    for record in shareable:
        page = f"p/{record['doc']}/{record['id']}.html"
        html = (site / "documents" / f"{record['doc']}.html").read_text(encoding="utf-8")
        assert (site / page).is_file() == (record["review"] == "reviewed"), page
        assert (f'href="../{page}"' in html) == (record["review"] == "reviewed"), page
