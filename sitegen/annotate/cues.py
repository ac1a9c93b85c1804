"""The cue lexicon, read from ``lexicon/cues.toml``: which words introduce an attribution, by the
syntactic frame they appear in. The data file cites its sources; the frames that use each list
are ``verbs.py`` (verbs), ``nouns.py`` (nouns) and ``states.py`` (adjectives); constructions and
sense filters that read better as dependency patterns are in ``patterns/*.toml`` (``rulebook.py``).

A (lemma, frame) pair is listed only when it usually marks an attribution in news text
(precision first: a wrong highlight misleads a reader).
"""

from __future__ import annotations

import importlib.resources
import tomllib
from typing import Any

_DATA: dict[str, Any] = tomllib.loads(
    (importlib.resources.files("sitegen.annotate") / "lexicon" / "cues.toml").read_text(encoding="utf-8")
)


def _words(section: str, name: str) -> frozenset[str]:
    return frozenset(_DATA[section][name])


def _table(name: str) -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in _DATA[name].items()}


SPEECH = _words("verbs", "speech")
"""Verbs whose clausal complement (``ccomp``: "said that ...") is the content."""
QUESTION = _words("verbs", "question")
"""Verbs whose indirect question ("asked if ...") may be parsed as an adverbial clause."""
INVERTED = _words("verbs", "inverted")
"""Verbs that follow their content ("..., he said"), attached by ``parataxis``."""
AS_CLAUSE = INVERTED | _words("verbs", "as_clause_extra")
"""Verbs of a parenthetical "as X noted, C" whose content is the clause around it."""
QUOTING = INVERTED | _words("verbs", "quoting_extra")
"""Verbs that introduce a quotation right next to them ("“...,” she told reporters")."""
OBJECT = _words("verbs", "object")
"""Verbs whose direct object is the content ("described the fighting as intense")."""
OBJECT_AS = _words("verbs", "object_as")
"""Verbs whose object is the content only with an "as" predicate ("sees Cruz as a uniter")."""
INTENT = _words("verbs", "intent")
"""Verbs whose open complement (``xcomp``: "vowed to ...") is the content."""
PREPOSITIONAL = _table("prepositional")
"""Verbs whose prepositional object is the content ("pointed to the possibility ...")."""
WEAK = _words("verbs", "weak")
"""Lexicon entries that are right less often: proposed with lower confidence."""
NEEDS_SPEAKER = _words("verbs", "needs_speaker")
"""Verbs that mark an attribution only with someone as subject ("the poll shows" is one,
"the fighting shows no signs" is not): proposed only when the subject can hold a view."""
LIGHT_VERBS = _words("verbs", "light_verbs")
"""Verbs that turn a cue noun into a statement ("made the case", "raised questions")."""

STATE_OBJECTS = _table("state_objects")
"""Objects that make a cue verb describe a state, not report speech: "the fighting shows no
signs of abating", "the town bears the scars of shelling" (seed 003, issue #21)."""

NOUNS = _words("nouns", "nouns")
"""Nouns that name an attribution when their content follows ("the claim that ...")."""
NOUNS_ALONE = _words("nouns", "nouns_alone")
"""Cue nouns that mark an attribution even when nobody is named as their owner."""
NOUNS_TO = _words("nouns", "nouns_to")
"""Cue nouns whose infinitive is their content ("her refusal to release the transcripts")."""
NOUN_PREPOSITIONS = _table("noun_prepositions")
"""The preposition that introduces a cue noun's content ("criticism of", "call for"); any noun
of ``NOUNS`` also takes a "that" clause."""

STATES = _words("states", "states")
"""Adjectives of a state of mind: with "be" and a complement they attribute a view
("was optimistic that ...", "were angry about ...")."""
STATES_TO = _words("states", "states_to")
"""State adjectives whose infinitive is a stance ("eager to debate"), unlike "certain to rise"."""
STATE_PREPOSITIONS = _words("states", "state_prepositions")
"""Prepositions that introduce a state adjective's content ("critical of", "worried about")."""

EVIDENCE = _words("nouns", "evidence")
"""Records that can show something ("FEC records show", "polls showing Trump ahead")."""
