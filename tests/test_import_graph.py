"""The package's imports run one way: no module imports, even from inside a function, a module that imports it back;
the store, beneath every stage, imports none of them; the outbox, the last stage before sending, imports nothing of
the stages before it (workflow, classify, ingest) nor the app that runs them; and each stage is imported only by the
stages that hand it their work and by what runs the bot (the runner, the command line), never by what lies beneath.

The graph is read from the source with `ast`, every import statement counted wherever it stands: an import inside a
function hides a cycle from Python at start-up, not from a reader. Only imports of `mailbot` modules are edges.

A module over 400 lines says in its docstring why it is kept whole. The tests and benchmarks keep to one rule of their
own: none imports a test module or conftest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mailbot"
# The store is beneath every stage (ingest, parse, classify, workflow, outbox): it imports nothing but itself and the
# errors every module raises. What it needs of the words a stage uses (a ticket's kinds and states) lives in it.
STORE_MAY_IMPORT = ("mailbot.store", "mailbot.errors")
# Stages the outbox must not reach back into: it returns what it decided (outbox.decision) and records what sending
# came to (outbox_results), and the workflow acts on both; nothing calls back.
OUTBOX_MAY_NOT_IMPORT = ("mailbot.workflow", "mailbot.ingest", "mailbot.classify", "mailbot.app", "mailbot.runner",
                         "mailbot.cli")
# Who may import each stage besides itself: the stages that hand it their work, and what runs the bot. Mail flows
# ingest -> store -> parse -> classify -> workflow -> outbox -> send: the store and the parse stage are read by every
# stage after them, and nothing beneath a stage (the store, the parser, the rules, the settings) imports it.
IMPORTED_ONLY_BY = {
    "mailbot.ingest": ("mailbot.runner", "mailbot.cli"),
    "mailbot.classify": ("mailbot.ingest", "mailbot.workflow"),
    "mailbot.workflow": ("mailbot.ingest", "mailbot.runner", "mailbot.cli"),
    # The app, and the Protocol of what it hands every use case (mailbot.services): its renderer.
    "mailbot.outbox": ("mailbot.workflow", "mailbot.runner", "mailbot.cli", "mailbot.app", "mailbot.services"),
    # The zone watch's edge (reading the published zone): what compares it, and what runs the bot.
    "mailbot.zone": ("mailbot.workflow", "mailbot.runner", "mailbot.cli"),
    "mailbot.app": ("mailbot.cli",),
    "mailbot.runner": ("mailbot.cli",),
    "mailbot.cli": ("mailbot.__main__",),
}
# Cycles known and waiting to be undone, each as the set of modules in it (none now); the test fails when a listed
# cycle is gone, so that it is struck off here and cannot come back.
WAITING: set[frozenset[str]] = set()


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: Path | None = None) -> dict[str, dict[str, int]]:
    """Each mailbot module (of `package`, this one by default): the mailbot modules it imports, with the line of the
    first import of each."""
    package = package or PACKAGE
    modules = {module_name(path, package): path for path in package.rglob("*.py")}
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges = graph.setdefault(name, {})
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, name, is_package, modules):
                if target != name:
                    edges.setdefault(target, node.lineno)
    return graph


def _targets(node: ast.AST, importer: str, is_package: bool, modules: dict) -> list[str]:
    """The mailbot modules one import statement loads: `from a import b` loads a.b when that is a module, else a."""
    if isinstance(node, ast.Import):
        return [_known(alias.name, modules) for alias in node.names if _known(alias.name, modules)]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from the importer's package, one level up per dot past the first
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([base] if base else [])])
    found = []
    for alias in node.names:
        target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else _known(base, modules)
        if target:
            found.append(target)
    return found


def _known(dotted: str, modules: dict) -> str | None:
    """The mailbot module `dotted` names, or the nearest package of it that is one (`import a.b` runs a too)."""
    while dotted:
        if dotted in modules:
            return dotted
        dotted = dotted.rpartition(".")[0]
    return None


def tangles(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """The sets of modules that import one another round a cycle: the strongly connected sets of two or more
    (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, {}):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle through each tangle, as a path back to its start."""
    return [_path_in(group, graph) for group in tangles(graph)]


def _path_in(group: frozenset[str], graph: dict[str, dict[str, int]]) -> list[str]:
    """The shortest way round from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node]):
            if other == start:
                return [*paths[node], start]
            if other in group and other not in paths:
                paths[other] = [*paths[node], other]
                queue.append(other)
    raise AssertionError(f"no way round in {sorted(group)}")


def describe(path: list[str], graph: dict[str, dict[str, int]]) -> str:
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(path, path[1:])) + f" -> {path[-1]}"


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    # Known edges, one of them from inside a function body: the reading finds what Python would run.
    assert "mailbot.store.models" in graph["mailbot.workflow.states"]
    assert "mailbot.runner" in graph["mailbot.cli.service"]
    assert "mailbot.outbox.send" in graph["mailbot.cli.service"]


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    found = tangles(graph)
    new = [describe(_path_in(group, graph), graph) for group in found if group not in WAITING]
    assert not new, "import cycles:\n" + "\n".join(new)
    gone = [sorted(group) for group in WAITING if group not in found]
    assert not gone, f"no longer a cycle, strike it off WAITING: {gone}"


def test_the_outbox_imports_nothing_of_the_stages_before_it():
    graph = import_graph()
    upwards = [f"{module} imports {target} (line {line})"
               for module, targets in graph.items() if module.startswith("mailbot.outbox")
               for target, line in targets.items() if target.startswith(OUTBOX_MAY_NOT_IMPORT)]
    assert not upwards, "the outbox imports upwards:\n" + "\n".join(upwards)


def test_the_workflow_hands_mail_to_the_outbox_in_one_place():
    """workflow/notices.py `queue` acts on what the outbox decided (the operators told when a sender's answers stop or
    the brake engages): no other module calls `enqueue` itself, and so none can leave a decision unheard."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ({a.name for a in node.names} if isinstance(node, ast.ImportFrom) else
                     {node.attr} if isinstance(node, ast.Attribute) else set())
            if "enqueue" in names and module_name(path) not in ("mailbot.workflow.notices", "mailbot.outbox.compose"):
                found.append(f"{module_name(path)} (line {node.lineno})")
    assert not found, "enqueue called outside workflow/notices.py: " + ", ".join(found)


def test_the_store_imports_nothing_above_it():
    graph = import_graph()
    upwards = [f"{module} imports {target} (line {line})"
               for module, targets in graph.items() if module.startswith("mailbot.store")
               for target, line in targets.items() if not target.startswith(STORE_MAY_IMPORT)]
    assert not upwards, "the store imports upwards:\n" + "\n".join(upwards)


@pytest.mark.parametrize("stage", IMPORTED_ONLY_BY)
def test_a_stage_is_imported_only_by_the_stages_that_hand_it_work(stage):
    graph = import_graph()
    within = (stage, f"{stage}.")
    allowed = tuple(a for importer in IMPORTED_ONLY_BY[stage] for a in (importer, f"{importer}."))
    upwards = [f"{module} imports {target} (line {line})"
               for module, targets in graph.items() if not module.startswith(within) and module not in allowed
               and not module.startswith(allowed)
               for target, line in targets.items() if target == stage or target.startswith(f"{stage}.")]
    assert not upwards, f"{stage} imported from beneath it:\n" + "\n".join(upwards)


def test_a_cycle_is_found_and_named(tmp_path):
    package = tmp_path / "mailbot"
    (package / "outbox").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "outbox" / "__init__.py").write_text("")
    (package / "outbox" / "send.py").write_text("def f():\n    from mailbot import parse\n")
    (package / "parse.py").write_text("from . import worker\n")
    (package / "worker.py").write_text("import mailbot.outbox.send\n")
    graph = import_graph(package)
    assert cycles(graph) == [["mailbot.outbox.send", "mailbot.parse", "mailbot.worker", "mailbot.outbox.send"]]
    assert describe(cycles(graph)[0], graph) == ("mailbot.outbox.send (line 2) -> mailbot.parse (line 1) -> "
                                                 "mailbot.worker (line 1) -> mailbot.outbox.send")


def test_no_test_module_or_benchmark_imports_a_test_module_or_conftest():
    """What tests and benchmarks share lives in helper modules (tests/support/ and the like), imported; a test
    module's helpers and conftest's fixtures are its own."""
    root = PACKAGE.parent
    found = []
    for path in sorted([*(root / "tests").rglob("*.py"), *(root / "bench").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(root)} (line {node.lineno}) imports {name}" for name in names
                      if name == "tests.conftest" or name.startswith("tests.test_")]
            if isinstance(node, ast.ImportFrom) and node.module == "tests":
                found += [f"{path.relative_to(root)} (line {node.lineno}) imports tests.{a.name}"
                          for a in node.names if a.name == "conftest" or a.name.startswith("test_")]
    assert not found, "\n".join(found)


# A module longer than this says at its top why it is kept whole: a newcomer reads a module in one sitting.
LONGEST = 400


def test_a_module_over_400_lines_says_at_its_top_why_it_is_kept_whole():
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONGEST and "kept whole" not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(f"{path.relative_to(PACKAGE.parent)} ({text.count(chr(10))} lines)")
    assert not unexplained, "split these, or say in the docstring why each is kept whole: " + ", ".join(unexplained)


def test_every_use_case_names_what_it_is_handed_and_the_app_is_that():
    """`app`, wherever a function takes it, is typed as mailbot.services.Services, the Protocol of the settings, rules,
    clock, database and renderer the composition root builds; and the root's App has every member of it, each method
    with the Protocol's parameters."""
    import inspect

    from mailbot.app import App
    from mailbot.services import Services

    untyped = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                untyped += [f"{module_name(path)}.{node.name} (line {node.lineno})" for a in args
                            if a.arg == "app" and (a.annotation is None or ast.unparse(a.annotation) != "Services")]
    assert not untyped, "app not typed as Services: " + ", ".join(untyped)
    members = set(Services.__annotations__) | {n for n, v in vars(Services).items()
                                               if inspect.isfunction(v) and not n.startswith("_")}
    fields = set(App.__dataclass_fields__)
    for name in members:
        assert name in fields or callable(getattr(App, name, None)), f"App has no {name}"
        if inspect.isfunction(vars(Services).get(name)):
            assert list(inspect.signature(getattr(App, name)).parameters) == \
                list(inspect.signature(vars(Services)[name]).parameters), f"App.{name} takes other parameters"
