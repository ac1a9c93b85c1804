"""search-stem.js is lunr.py's Porter stemmer, word for word (lunr.js's own differs)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.stemmer import porter_stemmer

ROOT = Path(__file__).resolve().parents[2]
STEM_JS = ROOT / "sitegen/themes/default/static/search-stem.js"
WORDS = [
    "convoy",
    "convoys",
    "lay",
    "try",
    "by",
    "says",
    "sky",
    "skies",
    "happy",
    "happiness",
    "caresses",
    "ponies",
    "ties",
    "caress",
    "cats",
    "feed",
    "agreed",
    "disabled",
    "matting",
    "mating",
    "meeting",
    "milling",
    "messing",
    "meetings",
    "relational",
    "conditional",
    "rational",
    "valency",
    "hesitancy",
    "digitizer",
    "radicalli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electrical",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologous",
    "communism",
    "activate",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "generalizations",
    "a",
    "ab",
    "abc",
    "yyy",
    "y",
    "yy",
    "ayy",
    "bye",
    "eye",
    "œuvre",
    "naïve",
    "café",
    "kyiv's",
    "u.s.",
    "1990s",
    "ies",
    "ied",
    "ying",
]


@pytest.mark.skipif(not shutil.which("node"), reason="needs node")
def test_stem_js_port_matches_lunr_py():
    words = set(WORDS)
    for path in (ROOT / "tests/sites/tiny/seeds").iterdir():
        words |= set(re.findall(r"[\w'’.]+", path.read_text(encoding="utf-8").lower()))
    ordered = sorted(words)
    script = (
        f"global.window = {{}}; require({json.dumps(str(STEM_JS))});"
        "const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(words.map(w => window.sitegenStem(w))));"
    )
    node = subprocess.run(["node", "-e", script], input=json.dumps(ordered), capture_output=True, text=True, check=True)
    assert dict(zip(ordered, json.loads(node.stdout), strict=True)) == {w: porter_stemmer.stem(w) for w in ordered}
