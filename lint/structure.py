"""Structure rules for the source tree (ARCHITECTURE rules 9 and 10), read from the AST.

* a module has at most ``MAX_MODULE_LINES`` lines;
* a function's body has at most ``MAX_FUNCTION_LINES`` lines, unless a comment starting ``# long:``
  with a reason sits in the comment block directly above its ``def`` (or its first decorator);
* a function does not import another stint app, unless the import line or the line above it
  carries ``# local import:`` and a reason; the reason also covers the imports that directly
  follow it (a run of import statements with no other statement in between).

Each check takes a path and the source text and returns offenders as readable strings, so
``tests/test_structure.py`` can run them on the tree and on small bad sources alike.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SOURCE_ROOTS = ("stint", "tests", "config", "lint", "bench")
LONG_MARK = re.compile(r"#\s*long:\s*\S")
LOCAL_IMPORT_MARK = re.compile(r"#\s*local import:\s*\S")

Function = ast.FunctionDef | ast.AsyncFunctionDef


def source_files(root: Path) -> list[Path]:
    """Every ``.py`` file under the source roots, migrations excepted."""
    files: list[Path] = []
    for top in SOURCE_ROOTS:
        files.extend(p for p in (root / top).rglob("*.py") if "migrations" not in p.relative_to(root).parts)
    return sorted(files)


def module_name(relative: Path) -> str:
    """``stint/projects/services/base.py`` -> ``stint.projects.services.base``."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def own_app(module: str) -> str | None:
    """The stint app a module belongs to (``stint.projects.x`` -> ``projects``); None outside stint."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "stint" else None


def _functions(tree: ast.AST) -> Iterator[Function]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _comment_block_above(lines: list[str], lineno: int) -> list[str]:
    """The comment lines directly above 1-based ``lineno`` (contiguous, nearest first)."""
    block: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        block.append(lines[index].strip())
        index -= 1
    return block


def check_module_size(path: str, text: str) -> list[str]:
    count = len(text.splitlines())
    return [f"{path}: {count} lines"] if count > MAX_MODULE_LINES else []


def body_lines(node: Function) -> int:
    """Lines from the first statement of the body (docstring included) to the end of the function."""
    end = node.end_lineno or node.lineno
    return end - node.body[0].lineno + 1


def check_function_length(path: str, text: str) -> list[str]:
    lines = text.splitlines()
    offenders = []
    for node in _functions(ast.parse(text)):
        length = body_lines(node)
        if length <= MAX_FUNCTION_LINES:
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        if any(LONG_MARK.match(line) for line in _comment_block_above(lines, first)):
            continue
        offenders.append(f"{path}:{node.name}:{node.lineno} ({length} lines)")
    return offenders


def _imported_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module or ""]
    # Relative: resolve against the importing module's package.
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    target = ".".join([*base, node.module] if node.module else base)
    if node.module:
        return [target]
    return [f"{target}.{alias.name}" for alias in node.names]


def _import_blocks(function: Function) -> Iterator[list[ast.Import | ast.ImportFrom]]:
    """Runs of consecutive import statements in every statement list inside ``function``."""
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):
                continue
            run: list[ast.Import | ast.ImportFrom] = []
            for statement in statements:
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    run.append(statement)
                    continue
                if run:
                    yield run
                run = []
            if run:
                yield run


def _marked(lines: list[str], first: int, last: int) -> bool:
    """A ``# local import:`` reason on lines ``first``..``last`` (1-based) or the line above them."""
    return any(LOCAL_IMPORT_MARK.search(line) for line in lines[max(first - 2, 0) : last])


def check_local_imports(path: str, text: str, *, module: str, is_package: bool = False) -> list[str]:
    """A reason on an import (or the line above it) also covers the imports that follow it without
    another statement in between."""
    lines = text.splitlines()
    app = own_app(module)
    offenders = []
    seen: set[int] = set()
    for function in _functions(ast.parse(text)):
        for run in _import_blocks(function):
            covered = False  # a reason covers its import and the imports after it in the same run
            for node in run:
                covered = covered or _marked(lines, node.lineno, node.end_lineno or node.lineno)
                if node.lineno in seen:
                    continue
                seen.add(node.lineno)
                foreign = [
                    name
                    for name in _imported_modules(node, module, is_package)
                    if name.startswith("stint.") and own_app(name) != app
                ]
                if not foreign or covered:
                    continue
                offenders.append(f"{path}:{function.name}:{node.lineno} imports {', '.join(sorted(foreign))}")
    return offenders


def check_tree(root: Path) -> dict[str, list[str]]:
    """All three checks over the source roots under ``root``."""
    found: dict[str, list[str]] = {"size": [], "length": [], "imports": []}
    for file in source_files(root):
        relative = file.relative_to(root)
        text = file.read_text()
        name = str(relative)
        found["size"] += check_module_size(name, text)
        found["length"] += check_function_length(name, text)
        found["imports"] += check_local_imports(
            name, text, module=module_name(relative), is_package=file.name == "__init__.py"
        )
    return found


# Services take keyword-only arguments (issue 10 "Services take keyword-only, typed arguments").
SERVICE_GLOBS = ("stint/*/services.py", "stint/*/services/*.py", "stint/flows/*.py")


def service_files(root: Path) -> list[Path]:
    """The modules whose public functions are commands called by other code: every app's services
    (module or package) and the cross-app flows."""
    return sorted({p for pattern in SERVICE_GLOBS for p in root.glob(pattern)})


def check_keyword_only(path: str, text: str) -> list[str]:
    """A public module-level function taking more than one parameter takes them all keyword-only.

    The one exception: a view or endpoint (first parameter ``request``; the flows hold the HTTP
    handlers of their commands), which Django and Ninja call with the request positionally."""
    offenders = []
    for node in ast.parse(text).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        if positional[:1] == ["request"]:
            continue
        count = len(positional) + len(args.kwonlyargs) + (args.vararg is not None)
        if count > 1 and (positional or args.vararg):
            offenders.append(f"{path}:{node.name}:{node.lineno} ({', '.join(positional)} not keyword-only)")
    return offenders
