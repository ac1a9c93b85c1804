"""How often claims grouped together really say the same thing: precision on a hand-labelled
sample of real attributed claims (PolNeAR's gold contents, read from ../shared/corpora at run
time and never copied into the repository).

    python bench/claim_precision.py                  # precision at each threshold, from the labels
    python bench/claim_precision.py --show 0.5       # the unlabelled sampled pairs, to label

Every claim content of PolNeAR's train and dev documents (one annotator file per document) is
grouped with sitegen's own grouping (``sitegen.analyse.claimgroups``) at each threshold; from
the pairs of one group in different documents, a fixed random sample is drawn per threshold.
``bench/claim_labels.tsv`` holds the labels: only document names, offsets and a 1/0 verdict
(derived facts, no corpus text). A pair is 1 when both contents assert the same thing (the
same proposition, however worded), 0 otherwise. Precision = labelled 1 / labelled.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.analyse import similar  # noqa: E402
from sitegen.analyse.claimgroups import ClaimRecord, group_claims  # noqa: E402
from sitegen.curate.claimgroups import GroupRules  # noqa: E402
from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.evaluate.polnear import read_polnear  # noqa: E402

CORPUS = ROOT.parent / "shared/corpora/polnear"
LABELS = ROOT / "bench/claim_labels.tsv"
SETTINGS = ((0.5, 3), (0.6, 3), (0.7, 3), (0.6, 4), (0.7, 4))
"""(threshold, fewest content words a content needs to be grouped) tried; sitegen's own is
``similar.THRESHOLD`` and ``similar.MIN_WORDS``."""
SAMPLE = 40


def contents() -> list[ClaimRecord]:
    """Every gold claim content as a record; its id carries its offsets."""
    records = []
    for split in ("train", "dev"):
        for doc in read_polnear(CORPUS / split):
            for relation in doc.relations:
                if not relation.content:
                    continue
                text = " ".join(doc.text[start:end] for start, end in relation.content)
                start, end = relation.content[0][0], relation.content[-1][1]
                ident = f"c-{start}-{end}"
                records.append(ClaimRecord(doc.name, ident, " ".join(text.split()), "", "", "", doc.name, ""))
    return records


def grouped_pairs(records: list[ClaimRecord], threshold: float) -> list[tuple[str, str]]:
    """Every pair of one group's members in different documents, as sorted refs."""
    pairs = []
    for group in group_claims(records, GroupRules(), Diagnostics(), threshold):
        for a, b in itertools.combinations(group.members, 2):
            if a.slug != b.slug:
                pairs.append(tuple(sorted((a.ref, b.ref))))
    return sorted(set(pairs))  # type: ignore[arg-type]


def sample(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A fixed random sample: the ``SAMPLE`` pairs of smallest hash, so settings whose pairs
    overlap share most of their samples (fewer pairs to label)."""
    return sorted(sorted(pairs, key=lambda pair: hashlib.sha256("\t".join(pair).encode()).digest())[:SAMPLE])


def read_labels() -> dict[tuple[str, str], int]:
    if not LABELS.exists():
        return {}
    with LABELS.open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return {(a, b): int(label) for a, b, label in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", help="THRESHOLD,MIN_WORDS: print that setting's unlabelled sampled pairs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return
    records = contents()
    by_ref = {record.ref: record for record in records}
    labels = read_labels()
    print(f"{len(records)} claim contents in {len({r.slug for r in records})} documents")
    print("| threshold | fewest words | cross-document pairs grouped | sampled | labelled | same claim | precision |")
    print("|---|---|---|---|---|---|---|")
    for threshold, fewest in SETTINGS:
        similar.MIN_WORDS = fewest
        pairs = grouped_pairs(records, threshold)
        drawn = sample(pairs)
        if args.show == f"{threshold},{fewest}":
            for a, b in drawn:
                if (a, b) not in labels:
                    print(f"{a}\t{b}\n  A: {by_ref[a].content}\n  B: {by_ref[b].content}", file=sys.stderr)
        known = [labels[pair] for pair in drawn if pair in labels]
        same = sum(known)
        precision = f"{same / len(known):.2f}" if known else "–"
        print(f"| {threshold} | {fewest} | {len(pairs)} | {len(drawn)} | {len(known)} | {same} | {precision} |")


if __name__ == "__main__":
    main()
