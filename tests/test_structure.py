"""The tree keeps its shape (ARCHITECTURE rules 9 and 10): small modules, short functions, and no
import of another stint app hidden in a function without a written reason. The checks read the AST
(``lint/structure.py``); the tests below them prove each check refuses a small bad source."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

from lint.structure import (
    MAX_FUNCTION_LINES,
    MAX_MODULE_LINES,
    check_function_length,
    check_keyword_only,
    check_local_imports,
    check_module_size,
    check_tree,
    service_files,
    source_files,
)

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def found() -> dict[str, list[str]]:
    """The three checks over the tree, read once per run (about two seconds)."""
    return check_tree(ROOT)


def _listing(offenders: list[str]) -> str:
    return "\n  " + "\n  ".join(offenders)


def test_the_checks_read_the_whole_tree_and_skip_migrations() -> None:
    names = {str(p.relative_to(ROOT)) for p in source_files(ROOT)}
    assert "stint/core/models.py" in names
    assert "config/settings.py" in names
    assert "tests/test_structure.py" in names
    assert not any("/migrations/" in name for name in names)


def test_no_module_is_over_400_lines() -> None:
    assert not found()["size"], f"modules over {MAX_MODULE_LINES} lines (split by subdomain):" + _listing(
        found()["size"]
    )


def test_no_function_is_over_60_lines_without_a_reason() -> None:
    assert not found()["length"], (
        f"functions over {MAX_FUNCTION_LINES} lines (split them, or write `# long: <reason>` above the def):"
        + _listing(found()["length"])
    )


def test_no_function_imports_another_app_without_a_reason() -> None:
    assert not found()["imports"], (
        "imports of another stint app inside a function (hoist them, or write `# local import: <reason>`):"
        + _listing(found()["imports"])
    )


def test_every_service_takes_keyword_only_arguments() -> None:
    files = service_files(ROOT)
    names = {str(p.relative_to(ROOT)) for p in files}
    assert {"stint/matching/services.py", "stint/projects/services/editing.py", "stint/flows/hiring.py"} <= names
    offenders = [found for file in files for found in check_keyword_only(str(file.relative_to(ROOT)), file.read_text())]
    assert not offenders, "services with positional parameters (declare them after `*,`):" + _listing(offenders)


# The checks can fail.


def test_a_long_module_is_refused() -> None:
    assert check_module_size("big.py", "x = 1\n" * (MAX_MODULE_LINES + 1)) == ["big.py: 401 lines"]
    assert check_module_size("ok.py", "x = 1\n" * MAX_MODULE_LINES) == []


def _function(lines: int, above: str = "", decorator: str = "") -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines))
    return f"{above}{decorator}def work():\n{body}"


def test_a_long_function_is_refused_unless_a_reason_sits_above_it() -> None:
    too_long = MAX_FUNCTION_LINES + 1
    assert check_function_length("m.py", _function(too_long)) == ["m.py:work:1 (61 lines)"]
    assert check_function_length("m.py", _function(MAX_FUNCTION_LINES)) == []
    assert check_function_length("m.py", _function(too_long, "# long: one table, read top to bottom\n")) == []
    decorated = _function(too_long, "# long: a generated table\n# more words\n", "@cache\n")
    assert check_function_length("m.py", decorated) == []
    # A bare mark, or one separated from the def by code, is no reason.
    assert check_function_length("m.py", _function(too_long, "# long:\n")) != []
    assert check_function_length("m.py", _function(too_long, "# long: why\ny = 1\n")) != []


def test_a_long_method_is_refused_too() -> None:
    source = "class A:\n" + textwrap.indent(_function(MAX_FUNCTION_LINES + 5), "    ")
    assert check_function_length("m.py", source) == ["m.py:work:2 (65 lines)"]


SOURCE = """
from stint.projects.models import Project


def own():
    from stint.projects.selectors import project_get
    from .choices import Status


def foreign():
    x = 1
    from stint.engagements.models import Engagement
    import stint.payments.services


def relative():
    from ..engagements import services


def reasoned():
    # local import: settings are read when the task runs, not at import
    from stint.engagements.models import Engagement
    from stint.payments import services
    x = 1
    from stint.planner import services  # local import: the planner registers itself later


def reason_in_the_middle():
    from django.db import connection
    from stint.payments import services
    # local import: covers this import and the next, not the one above
    from stint.planner import services
    from stint.engagements.models import Engagement


def unreasoned_after_reasoned():
    # local import: only covers the run below it
    from stint.engagements.models import Engagement

    y = 2
    from stint.payments import services
"""


def test_a_function_local_import_of_another_app_is_refused_unless_a_reason_is_written() -> None:
    found = check_local_imports("stint/projects/x.py", SOURCE, module="stint.projects.x")
    assert found == [
        "stint/projects/x.py:foreign:12 imports stint.engagements.models",
        "stint/projects/x.py:foreign:13 imports stint.payments.services",
        "stint/projects/x.py:relative:17 imports stint.engagements",
        "stint/projects/x.py:reason_in_the_middle:30 imports stint.payments",
        "stint/projects/x.py:unreasoned_after_reasoned:41 imports stint.payments",
    ]


def test_outside_stint_every_app_is_another_app() -> None:
    found = check_local_imports("bench/x.py", SOURCE, module="bench.x")
    assert "bench/x.py:own:6 imports stint.projects.selectors" in found


SERVICES = """
def project_create(actor, organization, data):
    pass


def project_update(actor, *, project, data):
    pass


def spread(actor, *more):
    pass


def one(actor):
    pass


def good(*, actor, project):
    pass


def _private(actor, project):
    pass


def project_publish(request, project_id):
    pass


class Form:
    def save(self, commit):
        pass
"""


def test_a_service_with_positional_parameters_is_refused() -> None:
    assert check_keyword_only("stint/x/services.py", SERVICES) == [
        "stint/x/services.py:project_create:2 (actor, organization, data not keyword-only)",
        "stint/x/services.py:project_update:6 (actor not keyword-only)",
        "stint/x/services.py:spread:10 (actor not keyword-only)",
    ]
