"""The curated claim-group rules, ``content/claim-groups.yml``: an editor merges appearances
the similarity test kept apart, or splits off those it joined by mistake.

```yaml
groups:
  - merge: [report-a#c-1a2b3c4d, report-b#c-5e6f7a8b]   # one claim, however worded
  - split: [report-c#c-9a8b7c6d]                        # not the claim its group makes
```

Each appearance is ``DOCUMENT#CLAIM-ID`` (the claim's id, as in its passage link). A ``split``
takes the appearances it lists out of their groups; two or more listed together form a group of
their own. A ``merge`` joins the groups of the appearances it lists, and wins over a split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.config import Project
from sitegen.errors import Diagnostics, Location, SitegenError
from sitegen.sources.discover import project_file
from sitegen.sources.read import decode, read_input
from sitegen.sources.schema import did_you_mean, where
from sitegen.sources.yamlsource import Located, LocatedList, LocatedMap, Value, load_yaml

FILE_NAME = "claim-groups.yml"
ACTIONS = ("merge", "split")
_REF = re.compile(r"([^#\s]+)#(c-[A-Za-z0-9-]+)")


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """One appearance a rule names, with where the rule names it."""

    slug: str
    id: str
    location: Location

    @property
    def ref(self) -> str:
        return f"{self.slug}#{self.id}"

    def hint(self) -> str:
        return f"copy the claim's link on documents/{self.slug}.html (DOCUMENT#c-…); ids are in its page's annotations"


@dataclass(frozen=True, slots=True)
class GroupRules:
    """Every rule, in file order."""

    merge: tuple[tuple[ClaimRef, ...], ...] = ()
    split: tuple[tuple[ClaimRef, ...], ...] = ()


def load_group_rules(project: Project, diagnostics: Diagnostics) -> GroupRules:
    """The rules in ``content/claim-groups.yml``; none when there is no such file."""
    path = f"{project.config.content_dir}/{FILE_NAME}"
    if not project_file(project, path, diagnostics):
        return GroupRules()
    try:
        node = load_yaml(decode(read_input(project.root, path), path), path)
    except SitegenError as exc:
        diagnostics.extend(exc)
        return GroupRules()
    entries = node.get("groups") if isinstance(node, LocatedMap) and len(node.items) == 1 else None
    if node is None:
        return GroupRules()
    if not isinstance(entries, LocatedList):
        hint = "start the file with 'groups:' and list the rules under it, each starting with '- '"
        diagnostics.error(where(node), "expected a mapping with one key, 'groups:', holding a list", hint)
        return GroupRules()
    found: dict[str, list[tuple[ClaimRef, ...]]] = {action: [] for action in ACTIONS}
    for entry in entries.items:
        rule = _rule(entry, diagnostics)
        if rule is not None:
            found[rule[0]].append(rule[1])
    return GroupRules(tuple(found["merge"]), tuple(found["split"]))


def _rule(entry: Value, diagnostics: Diagnostics) -> tuple[str, tuple[ClaimRef, ...]] | None:
    """One ``- merge: [...]`` or ``- split: [...]`` entry."""
    if not isinstance(entry, LocatedMap) or len(entry.items) != 1:
        diagnostics.error(where(entry), "each rule is one 'merge:' or 'split:' with a list of claims",
                          "write '- merge: [DOC#c-…, DOC#c-…]' or '- split: [DOC#c-…]'")  # fmt: skip
        return None
    key, value = entry.items[0]
    action = str(key.value)
    if action not in ACTIONS:
        diagnostics.error(where(key), f"unknown rule {key.value!r}", did_you_mean(action, ACTIONS))
        return None
    items = value.items if isinstance(value, LocatedList) else (value,)
    refs = tuple(ref for item in items if (ref := _ref(item, diagnostics)) is not None)
    if len(refs) != len(items):
        return None
    if action == "merge" and len(refs) < 2:
        diagnostics.error(where(value), "a merge needs at least two claims", "list the claims to join")
        return None
    return action, refs


def _ref(item: Value, diagnostics: Diagnostics) -> ClaimRef | None:
    text = item.value if isinstance(item, Located) else None
    match = _REF.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        diagnostics.error(where(item), f"expected a claim as DOCUMENT#c-ID, found {_shown(item)}",
                          "copy the claim's link from its document page: the part after documents/")  # fmt: skip
        return None
    return ClaimRef(match[1], match[2], where(item))


def _shown(item: Value) -> str:
    if isinstance(item, Located):
        return repr(item.value)
    return "a list" if isinstance(item, LocatedList) else "a mapping"
