"""A contract import-linter cannot express with its built-in types: no ``apps.get_model`` outside
migrations. ``apps.get_model("engagements", "Engagement")`` is an import the import graph does not
see, so a layer could depend upward through it; migrations need it (historical models) and may."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def get_model_calls(path: Path) -> list[int]:
    """Line numbers of ``<anything>.get_model(...)`` calls in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_model"
    )


class NoGetModelContract(Contract):
    """Options: ``packages`` (the packages to scan), ``allowed_dirs`` (directory names whose files
    may call it; default ``migrations``)."""

    packages = fields.ListField(subfield=fields.StringField())
    allowed_dirs = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: object, verbose: bool) -> ContractCheck:
        allowed = set(self.allowed_dirs or ["migrations"])  # type: ignore[arg-type]
        found: list[tuple[str, int]] = []
        for package in self.packages:  # type: ignore[attr-defined]
            spec = importlib.util.find_spec(str(package))
            if spec is None or not spec.submodule_search_locations:
                raise ValueError(f"{package} is not a package")
            for root in spec.submodule_search_locations:
                for path in sorted(Path(root).rglob("*.py")):
                    if allowed & set(path.parts):
                        continue
                    found += [(str(path), line) for line in get_model_calls(path)]
        return ContractCheck(kept=not found, metadata={"calls": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for path, line in check.metadata["calls"]:
            output.print_error(f"{path}:{line}: apps.get_model outside migrations; import the model instead")
            output.new_line()
