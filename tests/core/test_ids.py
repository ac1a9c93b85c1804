"""Content-derived ids: the digest is RFC 4648 base32 of a 40-bit BLAKE2b hash, as published ids were."""

from __future__ import annotations

import base64
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from sitegen.curate.ids import IdMaker, digest


@given(st.text())
def test_ids_digest_is_base32_of_the_folded_text_hash(text):
    folded = " ".join(text.split()).encode("utf-8", "surrogatepass")
    expected = base64.b32encode(hashlib.blake2b(folded, digest_size=5).digest()).decode("ascii").lower()
    assert digest(text) == expected


def test_ids_ignore_white_space_and_number_repeats():
    ids = IdMaker()
    first = ids.make("claim", "Kyiv  would\nhold")
    assert first == f"c-{digest('claim' + chr(0) + 'Kyiv would hold')}"
    assert ids.make("claim", "Kyiv would hold") == f"{first}-2"
