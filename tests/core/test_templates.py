"""Templates print values through ``escaped_text``: the same page as Jinja's own escaping."""

from pathlib import Path

import jinja2
import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from sitegen.templates import escaped_text, make_environment

TEMPLATE = """{% macro quoted(text) %}<q title="{{ text }}">{{ text }}</q>{% endmacro %}
{% set kept %}<b>{{ value }}</b>{% endset %}
<p data-x="{{ value }}">{{ value }} {{ number }} {{ safe }} {{ kept }} {{ quoted(value) }}</p>
{% filter upper %}{{ value }}{% endfilter %}
{% for item in items %}<li>{{ item }}</li>{% endfor %}
"""


class Html:
    def __html__(self) -> str:
        return "<i>already markup</i>"


@given(st.text())
def test_escaped_text_is_markupsafe_escape_as_a_string(text):
    assert escaped_text(text) == str(markupsafe.escape(text))
    assert type(escaped_text(text)) is str


def test_escaped_text_of_other_values():
    for value in (markupsafe.Markup("<b>&amp;</b>"), Html(), 42, 0.5, None, ["<a>"]):
        assert escaped_text(value) == str(markupsafe.escape(value))


def _environments(tmp_path: Path) -> tuple[jinja2.Environment, jinja2.Environment]:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(TEMPLATE)
    ours = make_environment(tmp_path)
    plain = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(tmp_path / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return ours, plain


def test_templates_print_through_escaped_text(tmp_path):
    ours, plain = _environments(tmp_path)
    assert ours.get_template("page.html").root_render_func.__globals__["escape"] is escaped_text
    assert plain.get_template("page.html").root_render_func.__globals__["escape"] is markupsafe.escape


@given(st.text(), st.lists(st.text(), max_size=3))
def test_pages_are_the_same_as_with_jinjas_own_escaping(tmp_path_factory, value, items):
    ours, plain = _environments(tmp_path_factory.mktemp("theme"))
    context = {"value": value, "number": 3, "safe": markupsafe.Markup("<br>"), "items": items}
    page = ours.get_template("page.html").render(**context)
    assert page == plain.get_template("page.html").render(**context)
    assert "<script" not in page.replace("&lt;script", "")
