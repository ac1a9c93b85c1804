"""The cue lexicon: which verbs introduce an attribution, by the syntactic frame they appear in.

Chosen by how often each (lemma, frame) pair marks an attribution in news text; a
pair is listed only when it usually does (precision first: a wrong highlight
misleads a reader). The frame names the argument that carries the content.
Lemmas are the model's, so "hop" stands for "hoped" and "retweete" for "retweeted".
"""

from __future__ import annotations

SPEECH = frozenset(
    """
    acknowledge add admit agree allege announce appear argue ask assert assume assure
    believe boast caution charge claim complain concede conclude confirm consider contend
    continue convince decide declare demonstrate deny describe discuss emphasise emphasize
    estimate expect explain fear feel find guess highlight hint hop hope imagine imply indicate
    insist joke know learn maintain mention note observe pledge point post predict proclaim
    promise propose question read realize recall recognize recommend reiterate remark remember
    remind repeat reply report respond reveal say seem show signal speculate state stress suggest
    suspect tell testify think tweet understand urge vow want warn wonder worry write
    """.split()  # noqa: SIM905
)
"""Verbs whose clausal complement (``ccomp``: "said that ...") is the content."""

QUESTION = frozenset({"ask", "wonder", "question"})
"""Verbs whose indirect question ("asked if ...") may be parsed as an adverbial clause."""

INVERTED = frozenset(
    """
    add argue explain insist note say warn write
    """.split()  # noqa: SIM905
)
"""Verbs that follow their content ("..., he said"), attached by ``parataxis``."""

AS_CLAUSE = INVERTED | frozenset({"note", "report", "put", "point", "reveal", "predict", "suggest", "argue"})
"""Verbs of a parenthetical "as X noted, C" whose content is the clause around it."""

QUOTING = INVERTED | frozenset(
    """
    admit ask conclude continue declare joke post quip recall remark reply respond retort state tell
    tweet
    """.split()  # noqa: SIM905
)
"""Verbs that introduce a quotation right next to them ("“...,” she told reporters")."""

OBJECT = frozenset(
    """
    accuse acknowledge announce answer applaud ask assail attack attribute back bemoan blame
    blast call cast chant characterise characterize chide cite claim compare condemn confirm
    congratulate consider credit criticise criticize declare decry deem defend demand
    denounce deny describe disavow disclose discuss dismiss dispute dub echo emphasize
    encourage endorse expect explain express favor fear frame hail highlight identify label
    lament liken list mention mock name note offer oppose order outline pledge portray post
    praise predict prefer promise promote propose publish question quote rebuke recall
    recite recognize recommend reference reiterate reject remember remind repeat report
    retweete reveal say show slam stress support tell thank tout tweet urge view voice want
    warn welcome write
    """.split()  # noqa: SIM905
)
"""Verbs whose direct object is the content ("described the fighting as intense")."""

OBJECT_AS = frozenset({"see", "regard", "treat", "paint", "cast", "depict", "brand", "label"})
"""Verbs whose object is the content only with an "as" predicate ("sees Cruz as a uniter")."""

INTENT = frozenset(
    """
    agree aim appear ask call claim consider decide decline expect hop hope like look order
    plan pledge prefer promise propose refuse report say seek seem suggest support threaten
    urge vote vow want
    """.split()  # noqa: SIM905
)
"""Verbs whose open complement (``xcomp``: "vowed to ...") is the content."""

PREPOSITIONAL = {
    "accuse": frozenset({"of"}),
    "agree": frozenset({"with", "on"}),
    "apologize": frozenset({"for"}),
    "ask": frozenset({"about", "for", "at"}),
    "believe": frozenset({"in"}),
    "boast": frozenset({"about", "of"}),
    "call": frozenset({"for"}),
    "campaign": frozenset({"for"}),
    "comment": frozenset({"on"}),
    "focus": frozenset({"on"}),
    "criticize": frozenset({"for"}),
    "hint": frozenset({"at"}),
    "hop": frozenset({"for"}),
    "point": frozenset({"to", "out"}),
    "push": frozenset({"for"}),
    "rail": frozenset({"against"}),
    "refer": frozenset({"to"}),
    "speak": frozenset({"about", "of"}),
    "talk": frozenset({"about"}),
    "think": frozenset({"about"}),
    "tweet": frozenset({"on", "about"}),
    "vote": frozenset({"against"}),
    "respond": frozenset({"to"}),
    "warn": frozenset({"of", "about", "against"}),
}
"""Verbs whose prepositional object is the content ("pointed to the possibility ...")."""

WEAK = frozenset(
    """
    answer appear ask assume attack back believe call cast consider decide defend demand
    encourage endorse express favor fear feel find hint imply intend know like look name
    offer oppose plan post promote question see seek seem show support talk tell think view
    want worry write
    """.split()  # noqa: SIM905
)
"""Lexicon entries that are right less often: proposed with lower confidence."""

NEEDS_SPEAKER = frozenset(
    """
    answer assume attack back believe cast decide demand encourage favor feel offer promote
    show support want
    """.split()  # noqa: SIM905
)
"""Verbs that mark an attribution only with someone as subject ("the poll shows" is one,
"the fighting shows no signs" is not): proposed only when the subject can hold a view."""

STATE_OBJECTS = {
    "show": frozenset({"sign", "signs", "symptom", "trace"}),
    "bear": frozenset({"sign", "signs", "mark", "marks", "hallmark", "hallmarks", "scar", "scars"}),
}
"""Objects that make a cue verb describe a state, not report speech: "the fighting shows no
signs of abating", "the town bears the scars of shelling" (seed 003, issue #21)."""

NOUNS = frozenset(
    """
    accusation allegation announcement argument assertion attack belief call case charge claim
    complaint concern criticism critique demand endorsement estimate fear hope insistence
    observation opposition pledge point prediction promise question remark report statement
    suggestion threat view vow warning
    """.split()  # noqa: SIM905
)
"""Nouns that name an attribution when their content follows ("the claim that ...")."""

NOUNS_ALONE = frozenset({"claim", "allegation", "accusation", "criticism", "warning", "assertion", "insistence"})
"""Cue nouns that mark an attribution even when nobody is named as their owner."""

NOUN_PREPOSITIONS = {
    "attack": frozenset({"on"}),
    "call": frozenset({"for"}),
    "criticism": frozenset({"of"}),
    "critique": frozenset({"of"}),
    "endorsement": frozenset({"of"}),
    "opposition": frozenset({"to"}),
    "question": frozenset({"about"}),
    "concern": frozenset({"about", "over"}),
    "case": frozenset({"for", "against"}),
    "demand": frozenset({"for"}),
    "view": frozenset({"of"}),
}
"""The preposition that introduces a cue noun's content ("criticism of", "call for"); any noun
of ``NOUNS`` also takes a "that" clause."""

LIGHT_VERBS = frozenset({"make", "raise", "issue", "release", "give", "voice", "level", "lodge"})
"""Verbs that turn a cue noun into a statement ("made the case", "raised questions")."""
