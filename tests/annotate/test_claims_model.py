"""Claim rules on sentences we wrote, parsed by the real model: one case per mechanism."""

from __future__ import annotations

import pytest

from sitegen.annotate import claims
from sitegen.annotate.component import Context
from sitegen.annotate.mentions import build_index, find_mentions
from sitegen.annotate.nlp import load_model
from sitegen.config import AnnotateConfig
from sitegen.model import EntityRegistry, Proposal

pytestmark = pytest.mark.model


def _claims(text: str) -> list[tuple[str, str, str]]:
    """(cue, content, source) of every claim, content pieces joined by " | "."""
    settings = AnnotateConfig()
    doc = load_model(settings.model)(text)
    mentions = find_mentions(doc, build_index(EntityRegistry()), keep_numbers=False)
    found: tuple[Proposal, ...] = claims.run(doc, Context(text, settings, mentions, ()))
    return [
        (
            " ".join(text[p.start : p.end] for p in c.parts if p.role == "cue"),
            " | ".join(text[p.start : p.end] for p in c.parts if p.role == "content"),
            " ".join(text[p.start : p.end] for p in c.parts if p.role == "source"),
        )
        for c in found
    ]


def _cues(text: str) -> list[str]:
    return [cue for cue, _, _ in _claims(text)]


def test_claims_model_quotation_runs_on_after_the_cue() -> None:
    text = "“We will hold the line,” the mayor said. “Nobody is leaving this city.”\n\nThe weather was cold."
    ((cue, content, source),) = _claims(text)
    assert (cue, source) == ("said", "the mayor")
    assert content == "“We will hold the line,” | “Nobody is leaving this city.”"


def test_claims_model_run_on_stops_at_another_speaker() -> None:
    text = "“We will hold the line,” the mayor said. “Nobody is leaving,” the governor added."
    found = _claims(text)
    assert [(cue, content) for cue, content, _ in found] == [
        ("said", "“We will hold the line,”"),
        ("added", "“Nobody is leaving,”"),
    ]


def test_claims_model_content_ends_with_the_quotation_it_opens() -> None:
    text = "The editors wrote that he “has offended voters, veterans and his own party, and he cannot win.”"
    ((_, content, _),) = _claims(text)
    assert content == "that he “has offended voters, veterans and his own party, and he cannot win.”"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Sanders was optimistic that voters would turn out in large numbers.", "was optimistic", "that voters"),
        ("Senate Republicans were angry about the new tariffs on steel.", "were angry about", "the new tariffs"),
        ("She is eager to debate the governor on health care.", "is eager", "to debate the governor"),
    ],
)
def test_claims_model_states_of_mind_attribute_a_view(text: str, cue: str, content: str) -> None:
    found = _claims(text)
    assert [c for c, _, _ in found] == [cue]
    assert found[0][1].startswith(content)


def test_claims_model_states_need_someone_to_hold_them() -> None:
    assert _cues("That figure is certain to increase once the results are in.") == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The governor lamented that the budget had been cut again.", "lamented"),
        ("Critics ridiculed the plan as a giveaway to donors.", "ridiculed"),
        ("The mayor has complained about the delays for months.", "has complained"),
    ],
)
def test_claims_model_wider_lexicon_of_reporting_verbs(text: str, cue: str) -> None:
    assert _cues(text) == [cue]


def test_claims_model_cue_noun_with_an_infinitive() -> None:
    found = _claims("Her refusal to release the transcripts angered many voters.")
    assert [(c, content) for c, content, _ in found] == [("refusal", "to release the transcripts")]


def test_claims_model_no_statement_in_a_request_for_comment() -> None:
    assert _cues("The campaign did not respond to a request for comment on Friday.") == []


def test_claims_model_perfect_conjunct_shares_the_subject() -> None:
    found = _claims("Dayton has backed Clinton for years and has pledged to vote for her at the convention.")
    assert ("has pledged", "Dayton") in [(c, s) for c, _, s in found]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Clinton to Planned Parenthood: Trump will reverse the ruling on abortion.\n\nWASHINGTON - More.", "Clinton"),
        ("EXCLUSIVE – Roger Stone: Do not trust the voting machines.\n\nThere is concern.", "Roger Stone"),
    ],
)
def test_claims_model_headline_speaker_with_topic_or_kicker(text: str, source: str) -> None:
    found = _claims(text)
    assert [(cue, speaker) for cue, _, speaker in found][:1] == [(":", source)]


def test_claims_model_evidential_records_show() -> None:
    found = _claims("Two new polls showing Trump ahead in Ohio alarmed the Clinton campaign on Monday.")
    assert ("showing", "polls") in [(cue, source.split()[-1]) for cue, _, source in found]


def test_claims_model_transcript_speaker_inside_an_opening_quote() -> None:
    text = (
        'The exchange went as follows.\n\n"HOLT: Will the mayor resign before the vote next week?\n\n'
        '"OKAFOR: No, she will stay.'
    )
    found = [(cue, speaker) for cue, _, speaker in _claims(text)]
    assert found == [(":", "HOLT"), (":", "OKAFOR")]


def test_claims_model_correction_is_no_speaker() -> None:
    text = "The report was updated.\n\nCorrection: An earlier version of this story misstated the date of the vote."
    assert ":" not in _cues(text)


def test_claims_model_quotation_opened_with_a_closing_mark_is_signed() -> None:
    text = (
        "”The bridge will be rebuilt by the spring, whatever it costs.” ― Marta Lindqvist\n"
        "“We waited too long.” ― Ivo Brandt"
    )
    found = [(cue, speaker) for cue, _, speaker in _claims(text)]
    assert found == [("―", "Marta Lindqvist"), ("―", "Ivo Brandt")]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Protesters were frustrated that the council released only part of the budget.", "were frustrated"),
        ("The ministers are convinced the treaty will pass in the spring.", "are convinced"),
    ],
)
def test_claims_model_state_in_a_participle(text: str, cue: str) -> None:
    assert cue in _cues(text)


def test_claims_model_speaker_after_the_quotation_not_inside_it() -> None:
    text = "“The council is in panic mode. Full panic mode,” said Dana Whitfield, a housing advocate."
    assert [(cue, speaker.split(",")[0]) for cue, _, speaker in _claims(text)] == [("said", "Dana Whitfield")]


def test_claims_model_passive_with_an_agent_names_its_speaker() -> None:
    found = _claims("The plan to close the base was first reported by the Daily Ledger on Tuesday.")
    assert [(cue, content, source) for cue, content, source in found] == [
        ("was first reported", "The plan to close the base", "the Daily Ledger")
    ]


def test_claims_model_passive_without_an_agent_is_no_report() -> None:
    assert _cues("The plan to close the base was reported in the spring.") == []


def test_claims_model_made_clear_that() -> None:
    found = _claims("Several senators made clear that they would not vote for the bill.")
    assert [(cue, content) for cue, content, _ in found] == [("made clear", "that they would not vote for the bill")]


def test_claims_model_participle_conjunct_without_a_reachable_subject() -> None:
    text = "Plans to expand the program, and urging new taxes to pay for it, drew criticism."
    assert ("urging", "") in [(cue, source) for cue, _, source in _claims(text)]


def test_claims_model_speaker_after_the_verb_parsed_as_its_object() -> None:
    found = _claims("“We will rebuild the bridge,” added the mayor of the town.")
    assert [(cue, source) for cue, _, source in found] == [("added", "the mayor of the town")]


def test_claims_model_an_answer_given_as_yes() -> None:
    found = _claims("Asked if the plan was legal, 46 percent of voters said yes.")
    assert ("said", "yes", "46 percent of voters") in found


def test_claims_model_state_held_by_a_common_noun() -> None:
    assert _cues("Many voters were worried about the cost of the new stadium.") == ["were worried about"]


def test_claims_model_state_not_held_by_it() -> None:
    assert _cues("It is certain that the stadium will cost more.") == []


def test_claims_model_agent_noun_of_a_stance_verb() -> None:
    found = _claims("The senator is a staunch opponent of the death penalty.")
    assert [(cue, content, source) for cue, content, source in found] == [
        ("is a staunch opponent of", "the death penalty", "The senator")
    ]
