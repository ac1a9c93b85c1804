"""The cue lexicon: which verbs introduce an attribution, by the syntactic frame they appear in.

Chosen by how often each (lemma, frame) pair marks an attribution in news text; a
pair is listed only when it usually does (precision first: a wrong highlight
misleads a reader). The frame names the argument that carries the content.
Lemmas are the model's, so "hop" stands for "hoped" and "retweete" for "retweeted".
"""

from __future__ import annotations

SPEECH = frozenset(
    """
    acknowledge add admit agree allege announce argue ask assert assure boast caution charge
    claim complain concede conclude confirm contend continue convince declare demonstrate deny
    describe discuss emphasise emphasize estimate expect explain fear find hint highlight hop
    hope imply indicate insist joke know learn maintain mention note observe point post
    predict promise question read realize recall recognize reiterate remark remind repeat
    reply report respond reveal say seem show signal state stress suggest tell testify
    think tweet understand urge vow warn wonder worry write
    """.split()
)
"""Verbs whose clausal complement (``ccomp``: "said that ...") is the content."""

INVERTED = frozenset("add argue explain note say write insist warn".split())
"""Verbs that follow their content ("..., he said"), attached by ``parataxis``."""

OBJECT = frozenset(
    """
    accuse acknowledge announce applaud ask assail attribute blame blast call characterise
    characterize chant chide cite condemn confirm congratulate credit criticise criticize
    declare decry deem defend denounce deny describe disavow disclose discuss dismiss
    dispute echo emphasize endorse expect explain express fear hail highlight lament liken
    list mention mock name note oppose order outline pledge portray post praise predict frame
    prefer promise propose publish question quote rebuke recall recite recognize reference
    reiterate reject remember remind repeat report retweete reveal say show slam stress
    tell thank tout urge view voice warn welcome write
    """.split()
)
"""Verbs whose direct object is the content ("described the fighting as intense")."""

INTENT = frozenset(
    """
    agree aim appear ask call claim consider decide decline expect hop hope like look order
    plan pledge prefer promise propose refuse report say seek seem suggest support threaten
    urge vote vow
    """.split()
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
    "warn": frozenset({"of", "about", "against"}),
}
"""Verbs whose prepositional object is the content ("pointed to the possibility ...")."""

WEAK = frozenset(
    """
    appear ask call consider defend endorse express fear find hint imply know like look name
    oppose plan post question seek seem show talk tell think view worry write
    """.split()
)
"""Lexicon entries that are right less often: proposed with lower confidence."""
