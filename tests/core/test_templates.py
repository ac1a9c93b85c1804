"""Templates print values through ``escaped_text``: the same page as Jinja's own escaping."""

from pathlib import Path

import jinja2
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.site.templates import escaped_text, make_environment

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


def test_pages_see_the_environments_globals_as_they_are_now(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("{{ nav }} {{ overview }} {{ value }} {{ range(2)|list }}")
    environment = make_environment(tmp_path)
    environment.globals["nav"] = "N"
    template = environment.get_template("page.html")
    environment.globals["overview"] = "O"  # set after the template loaded, as the build does
    # Pages copy the environment's dict of globals, not Jinja's chain of them.
    monkeypatch.setattr(jinja2.Template, "new_context", lambda *_: pytest.fail("walked the chain of globals"))
    assert template.render(value="<v>") == "N O &lt;v&gt; [0, 1]"
    assert template.render(nav="mine", value=1) == "mine O 1 [0, 1]", "a page's own values come first"


def test_a_template_with_globals_of_its_own_still_sees_them(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("{{ own }} {{ shared }}")
    environment = make_environment(tmp_path)
    environment.globals["shared"] = "S"
    assert environment.get_template("page.html", globals={"own": "T"}).render() == "T S"
