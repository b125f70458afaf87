"""Measure how many parameters of service and selector functions are typed ``Any`` (issue 10).

Usage: ``python scripts/any_params.py [--list] [--root DIR]`` (``DIR`` is a ``stint`` package,
e.g. an older tree from ``git archive``). Counts every parameter (not ``self``/``cls``) of
every function in ``stint/*/services.py``, ``stint/*/services/*.py``, ``stint/*/selectors.py``,
``stint/*/selectors/*.py`` and ``stint/flows/*.py``; prints the share annotated ``Any`` (or left
unannotated), overall and for user/actor parameters (``actor``, ``user``, ``viewer``, ``talent``, …).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = (
    Path(sys.argv[sys.argv.index("--root") + 1])
    if "--root" in sys.argv
    else Path(__file__).resolve().parent.parent / "stint"
)
USER_NAMES = {"actor", "user", "viewer", "talent", "staff", "by", "created_by", "member", "requester", "owner"}
PATTERNS = ("*/services.py", "*/services/*.py", "*/selectors.py", "*/selectors/*.py", "flows/*.py")


def files() -> list[Path]:
    found: set[Path] = set()
    for pattern in PATTERNS:
        found.update(p for p in ROOT.glob(pattern) if "/tests/" not in str(p) and "/migrations/" not in str(p))
    return sorted(found)


def is_any(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return True
    text = ast.unparse(annotation)
    return text in {"Any", "typing.Any", "'Any'"}


def main() -> None:
    total = anys = user_total = user_anys = svc_total = svc_anys = 0
    listing = "--list" in sys.argv
    for path in files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = node.args
            params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
            for param in params:
                if param.arg in {"self", "cls"}:
                    continue
                total += 1
                untyped = is_any(param.annotation)
                anys += untyped
                if "services" in path.name or path.parent.name == "services":
                    svc_total += 1
                    svc_anys += untyped
                if param.arg in USER_NAMES:
                    user_total += 1
                    user_anys += untyped
                    if untyped and listing:
                        print(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}({param.arg})")
    print(f"files: {len(files())}")
    print(f"parameters: {total}, typed Any or untyped: {anys} ({100 * anys / max(total, 1):.1f} %)")
    print(
        f"of which in services modules: {svc_total}, typed Any or untyped: {svc_anys} ({100 * svc_anys / max(svc_total, 1):.1f} %)"
    )
    print(
        f"user/actor parameters: {user_total}, typed Any or untyped: {user_anys} ({100 * user_anys / max(user_total, 1):.1f} %)"
    )


if __name__ == "__main__":
    main()
