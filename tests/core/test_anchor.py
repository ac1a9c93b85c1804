"""Anchoring cases from tests/fixtures/anchoring.txt."""

from __future__ import annotations

import pytest
import yaml

from sitegen.curate.anchor import QuoteError, anchor_quote
from sitegen.curate.curated import QuoteSelector
from tests.fixture_cases import ids, read_cases

CASES = read_cases("anchoring.txt", 3)


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_anchor_fixture(case):
    text, selector_yaml, expected = case.sections
    fields = yaml.safe_load(selector_yaml)
    selector = QuoteSelector(**{key: str(value) for key, value in fields.items()})
    if expected.startswith("error: "):
        with pytest.raises(QuoteError) as caught:
            anchor_quote(text, selector)
        message = str(caught.value) + (f" | {caught.value.hint}" if caught.value.hint else "")
        assert message.startswith(expected.removeprefix("error: "))
    else:
        spans = anchor_quote(text, selector)
        assert ", ".join(f"{start}-{end}" for start, end in spans) == expected
