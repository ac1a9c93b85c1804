"""Error classes for the report: which mechanism a missed or spurious claim belongs to.

A miss is classed by its gold cue's words against the cue lexicon (no parse needed), a false
positive by the rule that made it, so the next person sees where the misses are.
"""

from __future__ import annotations

import re

from sitegen.annotate import cues

BE = frozenset({"is", "was", "were", "are", "be", "been", "being", "’s", "'s", "isn’t", "wasn’t", "weren’t"})
TYPOGRAPHIC = frozenset({":", "—", "–", "―", "-", "--"})
PREPOSITIONS = frozenset({"according", "in", "as", "per", "under", "from", "by"})
VERBS = (
    cues.SPEECH
    | cues.OBJECT
    | cues.INTENT
    | cues.QUOTING
    | cues.OBJECT_AS
    | frozenset(cues.PREPOSITIONAL)
    | cues.INVERTED
    | cues.AS_CLAUSE
)
MISSES = {
    "typographic": "headline or transcript colon, dash",
    "prepositional": "prepositional (according to, in a poll)",
    "state": "state or feeling (was optimistic that)",
    "noun": "noun cue (the claim that, accusations of)",
    "construction": "lexicon verb, construction not recognised",
    "lexicon": "cue word not in the lexicon",
}
"""Miss classes, in the order they are tested."""


def miss_class(cue: str) -> str:
    """The class of a missed gold cue, from its words."""
    words = re.findall(r"[\w’']+|[^\w\s]+", cue.lower())
    if not words or all(w in TYPOGRAPHIC or not w.isalnum() for w in words):
        return MISSES["typographic"]
    if words[0] in PREPOSITIONS and len(words) <= 3:
        return MISSES["prepositional"]
    if any(w in cues.STATES for w in words):
        return MISSES["state"]
    nouns = cues.NOUNS | frozenset(cues.NOUN_PREPOSITIONS)
    if any(w in nouns or (w.endswith("s") and w[:-1] in nouns) for w in words):
        return MISSES["noun"]
    if any(_verb(w) for w in words):
        return MISSES["construction"]
    if words[0] in BE and len(words) >= 2:
        return MISSES["state"]
    if any(_stems(w) & (cues.NOUNS | frozenset(cues.NOUN_PREPOSITIONS)) for w in words):
        return MISSES["noun"]
    return MISSES["lexicon"]


def false_class(rule: str) -> str:
    """The class of a spurious claim, from its rule (``lemma:frame``)."""
    frame = rule.rpartition(":")[2]
    if frame in ("noun", "light"):
        return "nominal cue"
    if frame == "state":
        return "state or feeling"
    if rule in ("headline_colon", "quote_dash"):
        return "headline or transcript colon, dash"
    if rule in ("according_to", "in_source", "as_reported_by"):
        return "prepositional"
    return f"verb frame {frame.split('_')[0]}"


def _verb(word: str) -> bool:
    return bool(_stems(word) & VERBS)


IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "thought": "think", "found": "find", "saw": "see",
    "seen": "see", "knew": "know", "known": "know", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "felt": "feel", "swore": "swear", "sworn": "swear",
    "heard": "hear", "understood": "understand", "foresaw": "foresee", "foreseen": "foresee",
    "gave": "give", "given": "give", "made": "make", "taught": "teach", "meant": "mean",
}  # fmt: skip
"""Irregular forms of cue verbs, which no suffix rule reaches ("said" is a form of say)."""


def _stems(word: str) -> set[str]:
    """The word and the stems its English inflections may have ("claimed" -> claim, "denies" -> deny)."""
    found = {word, IRREGULAR.get(word, word)}
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ations", "e"),
        ("ation", "e"),
        ("ions", ""),
        ("ion", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.add(word[: -len(suffix)] + repl)
    doubled = {w[:-1] for w in found if len(w) > 3 and w[-1] == w[-2]}
    return found | doubled
