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
    insist joke learn maintain mention note observe pledge point post predict proclaim
    promise propose question read realize recall recognize recommend reiterate remark remember
    remind repeat reply report respond reveal say seem show signal speculate state stress suggest
    suspect tell testify think tweet understand urge vow want warn wonder worry write
    advise alert anticipate answer articulate boast brag clarify complain confess concur counter
    declare divulge doubt exclaim figure forecast foresee gripe grumble insinuate instruct lament
    marvel muse mutter object opine posit presume proclaim project quip reaffirm reason reckon
    recount relate reassure retort scoff shout specify stipulate suppose surmise swear theorize
    tout underscore vouch whisper yell
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
    blast call cast chant characterise characterize chide cite claim condemn confirm
    congratulate consider credit criticise criticize declare decry deem defend demand
    denounce deny describe disavow disclose discuss dismiss dispute dub echo emphasize
    encourage endorse expect explain express favor fear frame hail highlight identify label
    lament liken list mention mock name note offer oppose order outline pledge portray
    praise predict prefer promise promote propose publish question rebuke recall
    recite recognize recommend reference reiterate reject remember remind repeat report
    retweete reveal say show slam stress support tell thank tout tweet urge view voice want
    warn welcome write
    acclaim admonish advocate articulate berate castigate censure chastise commend deride
    disparage downplay excoriate fault herald lambast lambaste laud lampoon ridicule reaffirm
    rebut reprimand scold scorn skewer taunt trumpet vilify
    """.split()  # noqa: SIM905
)
"""Verbs whose direct object is the content ("described the fighting as intense")."""

OBJECT_AS = frozenset({"see", "regard", "treat", "paint", "cast", "depict", "brand", "label"})
"""Verbs whose object is the content only with an "as" predicate ("sees Cruz as a uniter")."""

INTENT = frozenset(
    """
    agree aim  ask call claim consider decide decline expect hop hope like look order
     pledge prefer promise propose refuse report say seem suggest support threaten
    urge vow want
    """.split()  # noqa: SIM905
)
"""Verbs whose open complement (``xcomp``: "vowed to ...") is the content."""

PREPOSITIONAL = {
    "accuse": frozenset({"of"}),
    "agree": frozenset({"with", "on"}),
    "advocate": frozenset({"for"}),
    "brag": frozenset({"about", "of"}),
    "complain": frozenset({"about", "of"}),
    "lash": frozenset({"out"}),
    "plead": frozenset({"for"}),
    "testify": frozenset({"about", "on"}),
    "vouch": frozenset({"for"}),
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
    show support underscore want
    """.split()  # noqa: SIM905
)
"""Verbs that mark an attribution only with someone as subject ("the poll shows" is one,
"the fighting shows no signs" is not): proposed only when the subject can hold a view."""

NOUNS = frozenset(
    """
    accusation allegation announcement argument assertion attack belief call case charge claim
    complaint concern criticism critique demand endorsement estimate fear hope insistence
    observation opposition pledge point prediction promise question remark report statement
    suggestion threat view vow warning
    acknowledgment acknowledgement admission assurance boast complaint conclusion contention
    denial doubt insinuation objection plea refusal reminder speculation suspicion testimony
    dislike faith preference reference message
    """.split()  # noqa: SIM905
)
"""Nouns that name an attribution when their content follows ("the claim that ...")."""

NOUNS_ALONE = frozenset(
    {"claim", "allegation", "accusation", "criticism", "warning", "assertion", "insistence", "admission"}
)
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
    "accusation": frozenset({"of"}),
    "allegation": frozenset({"of"}),
    "complaint": frozenset({"about"}),
    "doubt": frozenset({"about"}),
    "objection": frozenset({"to"}),
    "plea": frozenset({"for"}),
    "remark": frozenset({"about", "on"}),
    "speculation": frozenset({"about"}),
    "warning": frozenset({"about", "of", "against"}),
    "announcement": frozenset({"of"}),
    "dislike": frozenset({"of", "for"}),
    "faith": frozenset({"in"}),
    "preference": frozenset({"for"}),
    "reference": frozenset({"to"}),
    "message": frozenset({"of", "about", "on"}),
}
"""The preposition that introduces a cue noun's content ("criticism of", "call for"); any noun
of ``NOUNS`` also takes a "that" clause."""

LIGHT_VERBS = frozenset({"make", "raise", "issue", "release", "give", "voice", "level", "lodge"})
"""Verbs that turn a cue noun into a statement ("made the case", "raised questions")."""

STATES = frozenset(
    """
    adamant afraid alarmed angry annoyed anxious appreciative ashamed aware certain confident
    concerned convinced critical delighted determined disappointed dismayed dismissive displeased
    doubtful eager embarrassed enthusiastic excited fearful frustrated furious glad grateful happy
    hesitant hopeful horrified hostile insistent keen nervous optimistic outraged pessimistic pleased
    proud receptive reluctant satisfied sceptical scared shocked skeptical sorry supportive sure
    surprised suspicious thankful thrilled troubled uncertain unconvinced unhappy unsure upbeat
    unwilling upset vocal wary worried
    """.split()  # noqa: SIM905
)
"""Adjectives of a state of mind (FrameNet frames Certainty, Emotion_directed, Opinion, Desiring):
with "be" and a complement they attribute a view ("was optimistic that ...", "were angry about ...")."""

STATE_PREPOSITIONS = frozenset({"about", "of", "on", "over", "with", "by", "at", "toward", "towards", "as"})
"""Prepositions that introduce a state adjective's content ("critical of", "worried about")."""

STATES_TO = frozenset({"eager", "determined", "reluctant", "hesitant", "keen", "afraid", "adamant", "unwilling"})
"""State adjectives whose infinitive is a stance ("eager to debate"), unlike "certain to rise"."""

NOUNS_TO = frozenset({"call", "demand", "pledge", "plea", "promise", "refusal", "threat", "vow"})
"""Cue nouns whose infinitive is their content ("her refusal to release the transcripts")."""


NOT_STATEMENTS = {
    "respond": frozenset({"request", "inquiry", "email", "message", "call", "question"}),
    "reply": frozenset({"request", "inquiry", "email", "message", "call"}),
}
"""Objects that make a verb no attribution: "did not respond to a request for comment"."""
