"""From nothing, the way a user meets sitegen: build the wheel, install it into a fresh virtual
environment outside the checkout, make a new archive, build, serve and fetch it, run the
generated workflow's build commands under a sub-path and crawl the result, then the rest of a
MkDocs user's checklist: override a template, add a plugin, deploy.

One test, in steps, because each step needs the one before (and the install takes a minute)."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from sitegen import DISTRIBUTION, __version__
from sitegen.output.linkcheck import check_site

CHECKOUT = Path(__file__).resolve().parents[2]
PAGES_URL = "https://reader.github.io/archive-sub"
"""What actions/configure-pages gives the workflow: no trailing slash, a sub-path."""

pytestmark = pytest.mark.slow


class Shell:
    """Commands run as a user would: the fresh venv's bin first on PATH, in some folder."""

    def __init__(self, venv: Path, home: Path, dist: Path) -> None:
        self.env = {
            **os.environ,
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(venv),
            "PIP_FIND_LINKS": f"{dist} {os.environ.get('PIP_FIND_LINKS', '')}".strip(),
            "PYTHONUNBUFFERED": "1",
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        for name in ("PYTHONPATH", "PYTHONHOME"):
            self.env.pop(name, None)
        (home / "gitconfig").write_text("[user]\n\tname = Reader\n\temail = reader@example.org\n")

    def run(self, command: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=self.env, capture_output=True, text=True
        )
        if ok:
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Shell, Path, Path]]:
    """The wheel built from a copy of the checkout, installed with the model extra into a fresh venv."""
    if shutil.which("npm") is None:
        pytest.fail("building the wheel needs npm (lunr.js comes from npm at wheel build time)")
    work = tmp_path_factory.mktemp("from-nothing")
    source, dist, venv = work / "source", work / "dist", work / "venv"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=CHECKOUT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        if (CHECKOUT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(CHECKOUT / name, source / name)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    shell = Shell(venv, work, dist)
    shell.run(f"python -m pip wheel --quiet --no-deps -w {dist} {source}", cwd=work)
    (wheel,) = dist.glob("*.whl")
    shell.run(f'python -m pip install --quiet "{wheel}[model]"', cwd=work)
    yield shell, work, wheel


def test_install_from_nothing(installed: tuple[Shell, Path, Path]) -> None:
    shell, work, wheel = installed
    assert wheel.name == f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"
    assert shell.run("sitegen --version", cwd=work).stdout.strip() == f"sitegen {__version__} ({DISTRIBUTION})"
    where = shell.run("python -c 'import sitegen, sys; print(sitegen.__file__)'", cwd=work).stdout.strip()
    assert not Path(where).is_relative_to(CHECKOUT) and "site-packages" in where
    bundled = Path(where).parent / "search" / "lunr" / "lunr.min.js"
    assert bundled.is_file() and (Path(where).parent / "themes" / "default" / "templates" / "base.html").is_file()

    out = shell.run("sitegen new archive", cwd=work).stdout
    assert "Source: GitHub Actions" in out
    archive = work / "archive"
    built = shell.run("sitegen build", cwd=archive)
    assert "base_url https://USER.github.io/REPO/ cannot be published" in built.stderr
    assert (archive / "site" / "static" / "vendor" / "lunr.min.js").read_bytes() == bundled.read_bytes()
    assert 'data-kind="claim"' in (archive / "site" / "documents" / "example.html").read_text()

    _serve_and_fetch(shell, archive)
    _run_workflow_build(shell, archive)
    _override_a_template_and_add_a_plugin(shell, archive)
    _deploy(shell, archive)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _serve_and_fetch(shell: Shell, archive: Path) -> None:
    """``sitegen serve`` answers under the base path; Ctrl-C stops it with 130."""
    # Ctrl-C as a terminal sends it: a suite started in the background (``.ci/run &``) leaves
    # SIGINT ignored, and a Python started with it ignored never raises KeyboardInterrupt.
    server = subprocess.Popen(
        ["sitegen", "serve", "--port", "0"],
        cwd=archive,
        env=shell.env,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "serving " in line:
                url = line.split("serving ", 1)[1].split()[0]
                break
        assert url.endswith("/REPO/")
        with urllib.request.urlopen(url + "documents/example.html", timeout=30) as response:
            page = response.read().decode()
        assert response.status == 200 and "Ministry Says Bridge Repairs Finished" in page
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=30)
    assert code == 130


def _run_workflow_build(shell: Shell, archive: Path) -> None:
    """The generated workflow's own commands (not GitHub's actions), with a sub-path address;
    then every link of the result, crawled over HTTP."""
    workflow = yaml.safe_load((archive / ".github" / "workflows" / "pages.yml").read_text())
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert commands and all("${{" not in c or "steps.pages.outputs.base_url" in c for c in commands)
    shutil.rmtree(archive / "site")
    for command in commands:
        shell.run(command.replace("${{ steps.pages.outputs.base_url }}", PAGES_URL), cwd=archive)
    site = archive / "site"
    assert f'href="{PAGES_URL}/documents/example.html"' in (site / "documents" / "example.html").read_text()
    report = check_site(site, "/archive-sub/")
    assert report.pages > 5 and not report.broken, report.broken
    assert _crawl_over_http(site, "/archive-sub/") > 20


def _override_a_template_and_add_a_plugin(shell: Shell, archive: Path) -> None:
    (archive / "overrides" / "templates").mkdir(parents=True)
    (archive / "overrides" / "templates" / "base.html").write_text(
        '{% extends "theme/base.html" %}\n'
        '{% block footer %}<footer class="site-footer"><p>Kept by the bridge desk. '
        "{{ annotation_total }} annotations here.</p></footer>{% endblock %}\n"
    )
    plugin = CHECKOUT / "tests" / "plugin_example"
    shell.run(f"cp -r {plugin} ../plugin && python -m pip install --quiet ../plugin", cwd=archive)
    config = archive / "sitegen.yml"
    text = config.read_text().replace("# plugins:", "plugins:\n  page_context: [annotation_total]\n# plugins:")
    config.write_text(text.replace("[entities, claims, disputes]", "[entities, claims, disputes, shouting]"))
    (archive / "seeds" / "example.txt").write_text(
        (archive / "seeds" / "example.txt").read_text() + "NATO engineers inspected it.\n"
    )
    shell.run("sitegen build -q --base-url https://reader.github.io/archive/", cwd=archive)
    page = (archive / "site" / "documents" / "example.html").read_text()
    assert re.search(r"Kept by the bridge desk\. [1-9]\d* annotations here\.", page)
    assert re.search(r'<mark class="hl e\b[^"]*"[^>]*>NATO</mark>', page)  # an entity mark (README's contract)


def _deploy(shell: Shell, archive: Path) -> None:
    """``sitegen deploy`` refuses the placeholder address, then publishes a gh-pages branch."""
    shell.run("git init -q -b main && git add -A && git commit -q -m 'A new archive'", cwd=archive)
    refused = shell.run("sitegen deploy --no-push", cwd=archive, ok=False)
    assert refused.returncode == 1 and "cannot be published: it is still a placeholder" in refused.stderr
    assert "set base_url in sitegen.yml" in refused.stderr
    config = archive / "sitegen.yml"
    config.write_text(config.read_text().replace("https://USER.github.io/REPO/", "https://reader.github.io/archive/"))
    shell.run("git commit -q -am 'Publish at reader.github.io/archive/'", cwd=archive)
    shell.run("sitegen deploy --no-push", cwd=archive)
    files = shell.run("git ls-tree -r --name-only gh-pages", cwd=archive).stdout.split()
    assert {".nojekyll", "index.html", "documents/example.html", "static/vendor/lunr.min.js"} <= set(files)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def _crawl_over_http(site: Path, base: str) -> int:
    """Serve ``site`` at ``base`` on 127.0.0.1 and fetch every internal link from the home page
    on; any answer but 200 fails. Returns how many URLs were fetched."""
    root = site.parent / "www"
    (root / base.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, root / base.strip("/"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    todo, seen = [origin + base + "index.html"], set()
    try:
        while todo:
            url = todo.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200, url
                body = response.read()
            if url.endswith(".html"):
                links = _Links()
                links.feed(body.decode())
                for link in links.urls:
                    target = urljoin(url, link).split("#")[0].split("?")[0]
                    if target.startswith(PAGES_URL):
                        target = origin + base + target[len(PAGES_URL) + 1 :]
                    if target.startswith(origin) and urlsplit(target).path.startswith(base):
                        todo.append(target)
    finally:
        server.shutdown()
        server.server_close()
    return len(seen)
