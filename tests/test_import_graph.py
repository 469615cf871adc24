"""The import graph of talent, jobs and matching has no cycle.

A cycle is a strongly connected component of the module graph (grimp's: every ``import`` statement counts,
those inside functions and under ``TYPE_CHECKING`` too). A web area with several page modules keeps the
shape that avoids them (DESIGN.md, "Inside each package"): the pages import ``_common``, and only the app
factory imports ``blueprint``. Needs no services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import grimp
import pytest

PACKAGES = ("talent", "jobs", "matching")
# The app factory: the only importers a ``blueprint`` module may have.
FACTORY = frozenset({"talent.app", "jobs.web"})


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def import_map(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Each module of the packages and the modules of the packages it imports directly."""
    modules = set(graph.modules)
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in sorted(modules)}


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with a cycle (two modules or more, or a module importing itself),
    each sorted, by Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in edges[node]:
                        found.append(sorted(component))
    return sorted(found)


def describe(graph: grimp.ImportGraph, component: list[str]) -> str:
    """A component and one loop through it, as ``a -> b -> ... -> a``."""
    first = component[0]
    members = set(component)
    step = min(m for m in graph.find_modules_directly_imported_by(first) if m in members)
    back = graph.find_shortest_chain(importer=step, imported=first) or (step, first)
    loop = " -> ".join((first, *back))
    return f"{len(component)} modules: {', '.join(component)}\n    e.g. {loop}"


def test_the_cycle_finder_finds_cycles_and_only_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"d"}}
    assert cycles(edges) == [["a", "b", "c"], ["e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    found = cycles(import_map(graph))
    report = "\n".join(f"  - {describe(graph, component)}" for component in found)
    assert not found, f"{len(found)} import cycle(s) in {', '.join(PACKAGES)}:\n{report}"


def test_only_the_app_factory_imports_a_blueprint_module(graph: grimp.ImportGraph) -> None:
    blueprints = sorted(m for m in graph.modules if m.rsplit(".", 1)[-1] == "blueprint")
    assert blueprints, "no blueprint.py found: the web areas' layout changed"
    wrong = {
        module: sorted(importers - FACTORY)
        for module in blueprints
        if (importers := graph.find_modules_that_directly_import(module)) - FACTORY
    }
    assert not wrong, f"blueprint modules imported by something other than the app factory: {wrong}"
