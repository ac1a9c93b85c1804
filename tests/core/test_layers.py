"""Dependencies point one way: no import cycle, no import up (or across) ``sitegen.layers.LAYERS``."""

from __future__ import annotations

import ast
from pathlib import Path

import sitegen
from sitegen.layers import LAYERS

PACKAGE = Path(sitegen.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("sitegen", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every sitegen module ``name`` imports, at any depth (in functions, under TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _unit(module: str) -> str:
    """The layer unit a module belongs to: its sub-package, or itself at the top level."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sitegen"


RANK = {unit: rank for rank, layer in enumerate(LAYERS) for unit in layer}


def test_layers_name_every_part_once():
    units = {_unit(module) for module in MODULES} - {"sitegen", "layers"}
    listed = [unit for layer in LAYERS for unit in layer]
    assert len(listed) == len(set(listed))
    assert units == set(listed), "add new sub-packages and top-level modules to sitegen/layers.py"


def test_layers_imports_point_down():
    upward = []
    for module, imported in GRAPH.items():
        unit = _unit(module)
        if unit in ("sitegen", "layers"):
            continue  # the package's __init__ and the layer table itself
        for target in imported:
            other = _unit(target)
            if other == "sitegen":
                continue  # the package's __init__ holds only its version and name: below everything
            if other != unit and RANK[other] >= RANK[unit]:
                upward.append(f"{module} imports {target} ({unit} may use only layers below it)")
    assert not upward, "\n".join(sorted(upward))


def test_layers_no_import_cycle():
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_layers_model_imports_only_errors():
    assert GRAPH["sitegen.model"] <= {"sitegen.errors"}
