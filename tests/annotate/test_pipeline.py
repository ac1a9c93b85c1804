"""The annotate stage: component selection, the cache, and a warm rebuild that never loads spaCy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen.annotate import cache, nlp
from sitegen.annotate.component import select
from sitegen.annotate.pipeline import COMPONENTS, Survey, annotate_with
from sitegen.config import AnnotateConfig
from sitegen.errors import SitegenError
from sitegen.model import EntityRegistry, Origin, Part, Proposal, make_attrs
from sitegen.runtime.executors import Processes

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ["Analysts said that Kyiv is strong.", "Nothing to see here."]


def _blank(name: str) -> object:
    """A parser-free stand-in for the model: tokens and sentences only."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _refuse(name: str) -> object:
    raise AssertionError("the model must not be loaded on a warm rebuild")


def test_pipeline_unknown_annotator_is_a_user_error() -> None:
    with pytest.raises(SitegenError) as caught:
        select(COMPONENTS, ("entities", "claim"))
    message = str(caught.value)
    assert "unknown annotator 'claim'" in message and "did you mean 'claims'?" in message


def test_pipeline_no_annotators_loads_nothing() -> None:
    settings = AnnotateConfig(annotators=())
    assert annotate_with(TEXTS, EntityRegistry(), settings, None, loader=_refuse) == ((), ())


def _noting_pid(name: str) -> object:
    """The real model, noting in ``$SITEGEN_TEST_PIDS`` which process loaded it."""
    with Path(os.environ["SITEGEN_TEST_PIDS"]).open("a") as noted:
        noted.write(f"{os.getpid()}\n")
    return nlp.load_model(name)


def test_pipeline_local_workers_parse_and_annotate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With local processes the model loads on each worker and the rules run there, as on a
    cluster; spaCy's own parsing processes left every rule to this process, on one core."""
    pids = tmp_path / "pids"
    monkeypatch.setenv("SITEGEN_TEST_PIDS", str(pids))
    monkeypatch.setattr(nlp, "PARALLEL_MIN_CHARS", 0)
    texts = [f"{text} ({number})" for number in range(4) for text in TEXTS]
    survey = Survey(EntityRegistry(), AnnotateConfig(batch_size=2), None, hold=True, loader=_noting_pid)
    for text in texts:
        survey.add(text)
    machine = survey.finish(2, Processes(2))
    loaded_in = set(pids.read_text().split())
    assert loaded_in and str(os.getpid()) not in loaded_in
    here = annotate_with(texts, EntityRegistry(), AnnotateConfig(), None)
    assert tuple(machine.proposals(text) for text in texts) == here
    assert any(here)


def test_pipeline_warm_rebuild_uses_cache_only(tmp_path: Path) -> None:
    first = annotate_with(TEXTS, EntityRegistry(), AnnotateConfig(), tmp_path, loader=_blank)  # type: ignore[arg-type]
    second = annotate_with(TEXTS, EntityRegistry(), AnnotateConfig(), tmp_path, loader=_refuse)  # type: ignore[arg-type]
    assert first == second
    assert len(first) == len(TEXTS)


def test_pipeline_warm_rebuild_never_imports_spacy(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from sitegen.annotate.pipeline import annotate_with
        from sitegen.config import AnnotateConfig
        from sitegen.model import EntityRegistry

        def blank(name):
            import spacy
            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
            return nlp

        def refuse(name):
            raise SystemExit("loader called")

        loader = blank if sys.argv[1] == "cold" else refuse
        annotate_with({TEXTS!r}, EntityRegistry(), AnnotateConfig(), Path(sys.argv[2]), loader=loader)
        print("spacy" in sys.modules)
        """
    )
    run = [sys.executable, "-c", script]
    cold = subprocess.run([*run, "cold", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True)
    warm = subprocess.run([*run, "warm", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True)
    assert cold.stdout.strip() == "True"
    assert warm.stdout.strip() == "False"


def _proposal() -> Proposal:
    return Proposal(
        "claim",
        0,
        10,
        (Part("cue", 0, 4), Part("content", 5, 10)),
        make_attrs(source_kind="unnamed"),
        (Origin("machine", "claims.rules", "1", "say:ccomp"),),
        0.85,
    )


def test_cache_round_trip(tmp_path: Path) -> None:
    cache.store(tmp_path, "ab" * 32, (_proposal(),))
    assert cache.load(tmp_path, "ab" * 32) == (_proposal(),)
    assert cache.load(tmp_path, "cd" * 32) is None
    assert not list(tmp_path.rglob(".tmp-*"))


def test_cache_corrupted_entry_is_recomputed(tmp_path: Path) -> None:
    key = "ef" * 32
    cache.store(tmp_path, key, (_proposal(),))
    path = cache.entry_path(tmp_path, key)
    body = path.read_bytes()
    assert b'"claim", 0, 10' in body
    path.write_bytes(body.replace(b'"claim", 0, 10', b'"claim", 0, 9'))  # the end, with the hash left as it was
    assert cache.load(tmp_path, key) is None
    path.write_text("{not json")
    assert cache.load(tmp_path, key) is None


def test_cache_key_changes_with_settings_and_registry() -> None:
    from sitegen.annotate.pipeline import cache_key
    from sitegen.model import Entity

    components = select(COMPONENTS, ("entities",))
    base = cache_key(components, EntityRegistry(), AnnotateConfig())
    numbers = cache_key(components, EntityRegistry(), AnnotateConfig(keep_numbers=True))
    registry = cache_key(components, EntityRegistry((Entity("kyiv", "Kyiv", "place"),)), AnnotateConfig())
    keys = {k.for_text("text") for k in (base, numbers, registry)}
    assert len(keys) == 3
    assert base.for_text("text") != base.for_text("other text")
