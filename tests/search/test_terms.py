"""Words to index terms: the same terms whichever apostrophe a publisher or reader typed."""

from __future__ import annotations

import pytest

from sitegen.search.terms import Analyzer


@pytest.mark.parametrize("typed", ["Putin's speech", "Putin’s speech", "Putin‘s speech", "Putinʼs speech"])
def test_terms_fold_every_apostrophe_to_one(typed):
    assert Analyzer().terms(typed) == Analyzer().terms("Putin's speech")
