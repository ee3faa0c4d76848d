"""The tree reads as the architecture: layers point down, no cycles, web and CLI never query."""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import Path

import pytest

from gepmonitor.core import registry

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gepmonitor"
# Folders that are not capabilities; everything else must be in the registry.
LAYERS = {"core", "web", "migrations", "locale"}
ONLY_QUERIES = {"scalar", "scalars", "execute", "query"}  # no other object has these
QUERY_METHODS = {
    "get",
    "scalar",
    "scalars",
    "execute",
    "add",
    "add_all",
    "delete",
    "query",
    "merge",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every gepmonitor module the file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("gepmonitor")}


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in _sources().items():
        own = _top(name)
        if own in ("", "cli", "__main__"):
            continue
        graph.setdefault(own, set())
        for target in _imports(path):
            other = _top(target)
            if other and other != own and other not in ("cli", "__main__"):
                graph[own].add(other)
    return graph


def test_every_capability_folder_is_registered_and_has_what_it_declares() -> None:
    folders = {
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name not in LAYERS
    }
    registered = {capability.name for capability in registry.CAPABILITIES}
    assert folders == registered
    for capability in registry.CAPABILITIES:
        folder = PACKAGE / capability.name
        for part in ("cli", "web", "api", "models", "demo", "signals", "report", "permissions"):
            has = (folder / f"{part}.py").exists() or (folder / part / "__init__.py").exists()
            assert has == getattr(capability, part), (capability.name, part)
        assert (folder / "templates").is_dir() == capability.templates, capability.name


def test_no_module_imports_the_web_layer() -> None:
    offenders = [
        (name, target)
        for name, path in _sources().items()
        if not name.startswith(("gepmonitor.web", "gepmonitor.cli"))
        for target in _imports(path)
        if target == "gepmonitor.web" or target.startswith("gepmonitor.web.")
    ]
    assert offenders == []


def test_core_depends_on_no_capability_and_accounts_only_on_core() -> None:
    graph = _package_graph()
    assert graph["core"] == set()
    assert graph["accounts"] <= {"core"}


def _runtime_imports(path: Path, modules: Collection[str]) -> set[str]:
    """The gepmonitor modules a file imports when it runs (lazy ones in functions too).

    Imports under `if TYPE_CHECKING:` are left out: they are only read by the type checker.
    `from gepmonitor.safety import narrative` counts as the module gepmonitor.safety.narrative.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for inner in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                found.add(whole if whole in modules else node.module)
    return {name for name in found if name in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of the graph as its nodes in order, or None when it has none."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_modules() -> None:
    # A lazy import inside a function hides a cycle from Python, not from this test.
    sources = _sources()
    graph = {name: _runtime_imports(path, sources) - {name} for name, path in sources.items()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycle_between_packages() -> None:
    graph = _package_graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert state  # every package was visited


ENTRY_NAMES = ("cli", "api", "web")


def _is_entry_file(path: Path) -> bool:
    """Whether a file is web, API or CLI code (which calls services and never queries).

    The entry files of a capability (`cli.py`, `api.py`, `web.py`) and every module of such a
    package (`recruitment/api/`, `recruitment/cli/`, `personnel/web/`), and the web app.
    The gep command's own cli.py (init, demo, serve) is one too.
    """
    parts = path.relative_to(PACKAGE).parts
    return path.stem in ENTRY_NAMES or any(part in ENTRY_NAMES for part in parts[:-1])


def _query_call(node: ast.AST) -> str | None:
    """Return the method of a query call (`<anything>.execute(...)`, `.scalars(...)`), if one.

    A method only a session or a cursor has (`execute`, `scalars`, ...) on anything; one that
    other objects have too (`get`, `add`, `delete`) on whatever holds a session (`session`,
    `db`, `request.state.session`). None for any other node.
    """
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    method = node.func.attr
    if method in ONLY_QUERIES:
        return method
    holder = ast.unparse(node.func.value)
    if holder == "request.session":  # the signed cookie's values (Starlette), a dict
        return None
    if method in QUERY_METHODS and (holder.endswith("session") or holder in ("db", "dbsession")):
        return method  # get, add, delete ... of a dict or set are no queries
    return None


def test_web_and_cli_code_never_query() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if not _is_entry_file(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("sqlalchemy")
            ):
                names = {alias.name for alias in node.names}
                if names & {"select", "insert", "update", "delete", "text"}:
                    offenders.append(f"{path.name}:{node.lineno} imports {sorted(names)}")
            method = _query_call(node)
            if method is not None:
                line = getattr(node, "lineno", 0)
                offenders.append(f"{path.relative_to(PACKAGE)}:{line} .{method}(...)")
    assert offenders == []


def test_the_query_check_sees_entry_packages_and_any_session_name() -> None:
    assert _is_entry_file(PACKAGE / "recruitment" / "api" / "selection.py")
    assert _is_entry_file(PACKAGE / "recruitment" / "cli" / "register.py")
    assert _is_entry_file(PACKAGE / "personnel" / "web" / "dashboard.py")
    assert not _is_entry_file(PACKAGE / "recruitment" / "selection.py")
    for code in ("db.scalars(q)", "request.state.session.execute(q)", "session.get(User, 1)"):
        assert _query_call(ast.parse(code).body[0].value) is not None, code  # type: ignore[attr-defined]
    for code in ("frame.select(x)", "request.session.get('sid')", "seen.add(1)"):
        assert _query_call(ast.parse(code).body[0].value) is None, code  # type: ignore[attr-defined]
