"""Candidate cue verbs from WordNet 3.0 (Princeton; Debian package ``wordnet-base``).

Usage: python scripts/wordnet_cues.py [--dict /usr/share/wordnet] [--frame 26]

Prints, one per line, every single-word verb of a synset in the lexicographer files
verb.communication (32) or verb.cognition (31) whose sentence frames include FRAME
(26: "Somebody ----s that CLAUSE"; 28: "Somebody ----s to INFINITIVE"). These are candidates
only: ``lexicon/cues.toml`` keeps a candidate when it marked an attribution in most of its
occurrences on PolNeAR train (measured with ``sitegen eval``), never from dev.
"""

from __future__ import annotations

import argparse
from pathlib import Path

LEXFILES = {"31": "verb.cognition", "32": "verb.communication"}


def candidates(folder: Path, frame: int) -> dict[str, set[str]]:
    """Verb -> the lexicographer files it was found in, for synsets that take ``frame``."""
    found: dict[str, set[str]] = {}
    for line in (folder / "data.verb").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence header
        fields = line.split(" | ")[0].split()
        if fields[1] not in LEXFILES:
            continue
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = int(fields[at])
        at += 1 + 4 * pointers
        frames = int(fields[at]) if at < len(fields) else 0
        taken = [(int(fields[at + 2 + 3 * i]), int(fields[at + 3 + 3 * i], 16)) for i in range(frames)]
        for number, word in taken:
            if number != frame:
                continue
            chosen = words if word == 0 else [words[word - 1]]
            for lemma in chosen:
                if "_" not in lemma and "-" not in lemma:
                    found.setdefault(lemma.lower(), set()).add(LEXFILES[fields[1]])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dict", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--frame", type=int, default=26)
    args = parser.parse_args()
    for lemma, files in sorted(candidates(args.dict, args.frame).items()):
        print(lemma, " ".join(sorted(files)), sep="\t")


if __name__ == "__main__":
    main()
