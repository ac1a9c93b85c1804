"""``sitegen init``: a new archive with an example document and a GitHub Pages workflow."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import error

CONFIG = """\
# Settings: see the sitegen README for every key.
title: My annotated archive
description: Source documents with who claims what laid over the text.
# Where the site is published; its path is the base path of every URL.
# The Pages workflow overrides it with the address GitHub gives the site.
base_url: https://USER.github.io/REPO/
annotate:
  # Automatic annotators need the spaCy model (pip install "sitegen[model]").
  annotators: [entities, claims, disputes]
"""

SEED = """\
Ministry Says Bridge Repairs Finished
The transport ministry said the repairs to the river bridge were finished on Monday.
Residents, however, told reporters that one lane was still closed, according to the Riverside Herald.
The mayor denied reports that the bridge had been closed for safety reasons.
"""

DOCUMENT = """\
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

GITIGNORE = """\
/site/
/.sitegen-cache/
__pycache__/
.venv/
"""

REQUIREMENTS = """\
# What the Pages workflow installs; pin the sitegen you build with.
sitegen[model]
"""

WORKFLOW = """\
# Build the archive and publish it with GitHub Pages (Settings → Pages → Source: GitHub Actions).
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
      - run: pip install -r requirements.txt
      # The site's address (and so its base path, /REPO/) comes from Pages itself.
      - run: sitegen build --strict --base-url "${{ steps.pages.outputs.base_url }}"
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
    "seeds/example.txt": SEED,
    "content/documents/example.yml": DOCUMENT,
    "content/annotations/example.yml": ANNOTATIONS,
    "content/entities.yml": ENTITIES,
    "content/pages/about.md": ABOUT,
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
