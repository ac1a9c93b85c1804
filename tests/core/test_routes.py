"""URL rules: relative links between site paths."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from sitegen.site.routes import base_path, relative

SEGMENT = st.sampled_from(["a", "b", "documents", "p", "x y", "é"])
PATH = st.lists(SEGMENT, min_size=0, max_size=3).map(lambda parts: "/".join([*parts, "page.html"]))


@given(PATH, PATH)
def test_routes_relative_matches_posixpath(from_page, to_path):
    expected = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    assert relative(from_page, to_path) == relative(from_page, to_path)  # cached answer is stable
    from urllib.parse import unquote

    assert unquote(relative(from_page, to_path)) == expected


def test_routes_fragment_and_base_path():
    assert relative("documents/a.html", "documents/b.html#c-1") == "b.html#c-1"
    assert relative("documents/a.html", "#p-1") == "#p-1"
    assert base_path("https://user.github.io/repo") == "/repo/"
    assert base_path("https://example.org") == "/"
