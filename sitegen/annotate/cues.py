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
    estimate expect explain fear feel find highlight hint hop hope imply indicate insist
    joke know learn maintain mention note observe point post predict promise question read
    realize recall recognize reiterate remark remember remind repeat reply report respond
    reveal say seem show signal state stress suggest tell testify think tweet understand
    urge vow want warn wonder worry write
    """.split()  # noqa: SIM905
)
"""Verbs whose clausal complement (``ccomp``: "said that ...") is the content."""

INVERTED = frozenset(
    """
    add argue explain insist note say warn write
    """.split()  # noqa: SIM905
)
"""Verbs that follow their content ("..., he said"), attached by ``parataxis``."""

OBJECT = frozenset(
    """
    accuse acknowledge announce answer applaud ask assail attack attribute back blame blast
    call cast chant characterise characterize chide cite claim condemn confirm congratulate
    consider credit criticise criticize declare decry deem defend demand denounce deny
    describe disavow disclose discuss dismiss dispute echo emphasize encourage endorse
    expect explain express favor fear frame hail highlight lament liken list mention mock
    name note offer oppose order outline pledge portray post praise predict prefer promise
    promote propose publish question quote rebuke recall recite recognize reference
    reiterate reject remember remind repeat report retweete reveal say show slam stress
    support tell thank tout tweet urge view voice want warn welcome write
    """.split()  # noqa: SIM905
)
"""Verbs whose direct object is the content ("described the fighting as intense")."""

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
