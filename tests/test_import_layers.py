"""The layering is enforced by import-linter (``make lint``). These tests prove the contracts can
fail: a fixture tree with an upward import hidden inside a function, and one with an
``apps.get_model`` call, are refused; the real tree is accepted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

CONFIG = """
[importlinter]
root_packages =
    fixture
contract_types =
    no_get_model: lint.contracts.NoGetModelContract

[importlinter:contract:layers]
name = layers
type = layers
containers =
    fixture
layers =
    flows
    (credentials)
    high
    low

[importlinter:contract:no-get-model]
name = no get_model
type = no_get_model
packages =
    fixture
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name in (
        "fixture/__init__.py",
        "fixture/low/__init__.py",
        "fixture/high/__init__.py",
        "fixture/flows/__init__.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    (tmp_path / ".importlinter").write_text(CONFIG)
    return tmp_path


def _lint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": f"{cwd}:{ROOT}", "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_downward_tree_passes(tmp_path: Path) -> None:
    cwd = _tree(
        tmp_path, {"fixture/high/services.py": "from fixture.low import helpers\n", "fixture/low/helpers.py": ""}
    )
    result = _lint(cwd)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_inside_a_function_fails(tmp_path: Path) -> None:
    cwd = _tree(
        tmp_path,
        {
            "fixture/high/services.py": "X = 1\n",
            "fixture/low/helpers.py": """
                def sneaky():
                    from fixture.high.services import X  # hidden in a function: still an import

                    return X
            """,
        },
    )
    result = _lint(cwd)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fixture.low is not allowed to import fixture.high" in result.stdout
    assert "fixture.low.helpers -> fixture.high.services" in result.stdout


def test_get_model_outside_migrations_fails(tmp_path: Path) -> None:
    cwd = _tree(
        tmp_path,
        {
            "fixture/low/helpers.py": "from django.apps import apps\n\nModel = apps.get_model('high', 'Thing')\n",
            "fixture/low/migrations/__init__.py": "",
            "fixture/low/migrations/0002_data.py": "def forward(apps, schema_editor):\n    apps.get_model('low', 'Thing')\n",
        },
    )
    result = _lint(cwd)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "helpers.py:3: apps.get_model outside" in result.stdout.replace("\n", " ")
    assert "0002_data.py" not in result.stdout


def test_the_stint_tree_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
