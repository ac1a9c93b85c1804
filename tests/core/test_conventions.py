"""What a MkDocs user expects: -f, sitegen.yaml, -q/-v, --version, exit 130, extra:, !ENV,
front-matter aliases, custom_dir overrides, the footer, and no placeholder published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import __version__
from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.project import load_project
from tests.conftest import write


def _page(root: Path, name: str = "index.html") -> str:
    return (root / "site" / name).read_text()


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"sitegen {__version__} (annotated-archive)"


def test_cli_config_file_names_the_project(tiny: Path, tmp_path: Path) -> None:
    (tiny / "sitegen.yml").rename(tiny / "publish.yml")
    text = (tiny / "publish.yml").read_text().replace("Tiny archive", "Published from publish.yml")
    write(tiny, "publish.yml", text)
    assert main(["build", "-q", "-f", str(tiny / "publish.yml")]) == 0
    assert "Published from publish.yml" in _page(tiny)
    assert main(["-f", str(tiny / "missing.yml"), "build"]) == 1


def test_cli_reads_sitegen_yaml_and_refuses_both(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "sitegen.yml").rename(tiny / "sitegen.yaml")
    assert load_project(tiny).config.title == "Tiny archive"
    assert load_project(tiny).config_path == "sitegen.yaml"
    write(tiny, "sitegen.yml", "title: Other\n")
    assert main(["--root", str(tiny), "check"]) == 1
    err = capsys.readouterr().err
    assert "both sitegen.yml and sitegen.yaml exist" in err and "Traceback" not in err


def test_cli_quiet_and_verbose_on_every_command(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-v", "--root", str(tiny)]) == 0
    assert "registry" in capsys.readouterr().out  # -v: every stage's time
    assert main(["check", "-q", "--root", str(tiny)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["-q", "--root", str(tiny), "build"]) == 0
    out = capsys.readouterr().out
    assert "registry" not in out and out.startswith("built ")
    assert main(["--root", str(tiny), "lock", "-q"]) == 0
    assert capsys.readouterr().out == ""
    for command in ("serve", "deploy", "new", "annotate", "eval"):
        with pytest.raises(SystemExit) as done:
            main([command, "-q", "-v", "--help"])
        assert done.value.code == 0


def test_cli_ctrl_c_exits_130(tiny: Path) -> None:
    script = (
        "import sys, sitegen.build as b\n"
        "def stop(*a, **k): raise KeyboardInterrupt\n"
        "b.build = stop\n"
        "from sitegen.cli import main\n"
        f"sys.exit(main(['--root', {str(tiny)!r}, 'build']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr


def test_config_extra_footer_and_env(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINY_FOOTER", "Kept by the <Tiny> desk")
    write(
        tiny,
        "sitegen.yml",
        "title: Tiny archive\nbase_url: !ENV [TINY_URL, 'https://example.org/tiny/']\n"
        "footer: !ENV TINY_FOOTER\nannotate:\n  annotators: []\n"
        "extra:\n  contact: desk@example.org\n  links: [{name: Home, url: 'https://example.org/'}]\n",
    )
    write(
        tiny,
        "overrides/templates/base.html",
        '{% extends "theme/base.html" %}\n'
        '{% block extrahead %}<meta name="contact" content="{{ extra.contact }}">{% endblock %}\n',
    )
    assert main(["--root", str(tiny), "build", "-q", "--strict"]) == 0
    page = _page(tiny, "documents/report.html")
    assert '<meta name="contact" content="desk@example.org">' in page
    assert "Kept by the &lt;Tiny&gt; desk" in page  # footer text is text, never markup
    assert '<link rel="canonical" href="https://example.org/tiny/documents/report.html">' in page
    monkeypatch.setenv("TINY_URL", "https://news.example.net/archive/")
    assert load_project(tiny).config.base_url == "https://news.example.net/archive/"


def test_env_tag_is_refused_in_curated_files(tiny: Path) -> None:
    write(tiny, "content/documents/report.yml", "outlet: !ENV HOME\n")
    with pytest.raises(SitegenError, match=r"report.yml:1:9: error: !ENV is read only in sitegen.yml"):
        from sitegen.build import check

        check(load_project(tiny), log=lambda _: None)


def test_custom_dir_overrides_templates_and_static_files_one_by_one(tiny: Path) -> None:
    write(tiny, "overrides/static/style.css", "body { color: rebeccapurple }\n")
    write(tiny, "overrides/static/extra.css", "p { margin: 0 }\n")
    write(
        tiny,
        "overrides/templates/base.html",
        '{% extends "theme/base.html" %}\n'
        '{% block extrahead %}<link rel="stylesheet" href="{{ site.root }}static/extra.css">{% endblock %}\n'
        '{% block footer %}<footer class="site-footer"><p>Our own footer</p></footer>{% endblock %}\n',
    )
    assert main(["--root", str(tiny), "build", "-q"]) == 0
    site = tiny / "site"
    assert (site / "static/style.css").read_text() == "body { color: rebeccapurple }\n"
    assert (site / "static/extra.css").is_file() and (site / "static/sitegen.js").is_file()
    for page in ("index.html", "documents/report.html", "search.html"):
        html = _page(tiny, page)
        assert "Our own footer" in html and "static/extra.css" in html and "Built with sitegen" not in html
        assert 'class="site-header"' in html  # the blocks not overridden stay the theme's


def test_base_template_blocks_are_documented_and_leave_output_alone(tiny: Path) -> None:
    base = (Path(__file__).parents[2] / "sitegen/themes/default/templates/base.html").read_text()
    for block in ("extrahead", "header", "footer", "scripts"):
        assert f"{{% block {block} %}}" in base
    assert main(["--root", str(tiny), "build", "-q"]) == 0
    page = _page(tiny)
    assert "<p>Built with sitegen. Source documents are archived verbatim;" in page
    assert "\n</head>" in page and "{%" not in page


@pytest.mark.parametrize(
    ("front", "published"),
    [("date: 2024-11-22", "2024-11-22"), ("date: 2024-11-22T09:30:00+02:00", "2024-11-22")],
)
def test_front_matter_aliases(tiny: Path, front: str, published: str) -> None:
    write(tiny, "seeds/notes.md", f"---\ntitle: Notes\n{front}\nlang: uk\nauthors: [Ann, Bo]\n---\nSome text.\n")
    from sitegen.errors import Diagnostics
    from sitegen.model import SourceFile
    from sitegen.sources.read import read_document

    doc = read_document(tiny, SourceFile("seeds/notes.md", "seed"), None, Diagnostics())
    assert (doc.meta.published, doc.meta.language, doc.meta.author) == (published, "uk", "Ann, Bo")


def test_front_matter_foreign_keys_get_a_hint(tiny: Path) -> None:
    write(tiny, "seeds/notes.md", "---\ntitle: Notes\ntags: [war]\ndate: 2024-01-01\npublished: 2024-01-02\n---\nx\n")
    with pytest.raises(SitegenError) as caught:
        from sitegen.build import check

        check(load_project(tiny), log=lambda _: None)
    message = str(caught.value)
    assert "seeds/notes.md:3:1: error: unknown key 'tags'" in message and "entities" in message
    assert "seeds/notes.md:4:1: error: both 'date' and 'published' are given" in message


def test_placeholder_base_url_warns_on_build_and_fails_strict(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tiny, "sitegen.yml", "title: T\nbase_url: https://USER.github.io/REPO/\nannotate:\n  annotators: []\n")
    assert main(["--root", str(tiny), "build", "-q"]) == 0
    err = capsys.readouterr().err
    assert "sitegen.yml: warning: base_url https://USER.github.io/REPO/ cannot be published" in err
    assert "set base_url in sitegen.yml" in err and "--base-url" in err
    (tiny / "site" / "index.html").write_text("the previous site")
    assert main(["--root", str(tiny), "build", "-q", "--strict"]) == 1
    assert "error: base_url" in capsys.readouterr().err
    assert (tiny / "site" / "index.html").read_text() == "the previous site"
    assert main(["--root", str(tiny), "build", "-q", "--strict", "--base-url", "https://me.github.io/news/"]) == 0
    for url in ("http://127.0.0.1:8000/", "http://localhost:9000/x/", "https://YOUR-NAME.github.io/archive/"):
        write(tiny, "sitegen.yml", f"base_url: {url}\nannotate:\n  annotators: []\n")
        assert main(["--root", str(tiny), "build", "-q", "--strict"]) == 1, url


def test_serve_watches_the_custom_dir(tiny: Path) -> None:
    from sitegen.serve.watch import Inputs

    inputs = Inputs(load_project(tiny))
    assert inputs.wants(tiny / "overrides" / "templates" / "base.html")
    assert inputs.wants(tiny / "overrides" / "static" / "style.css")
    assert not inputs.wants(tiny / "site" / "index.html")
