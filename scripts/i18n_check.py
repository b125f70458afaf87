"""The translation check of ``make lint`` (docs/i18n.md, "The lint check").

For every app under ``stint/`` that has translatable strings (and for ``stint/templates``, the
project-level templates), a catalogue must exist for every shipped language, and each catalogue:

- has no empty ``msgstr`` (no plural form left empty either);
- has no ``#, fuzzy`` entry (nor a fuzzy header);
- keeps the placeholders of its ``msgid``: the same named ``%(name)s`` placeholders, the same number
  of positional ``%s``/``%d`` ones and the same ``{name}`` fields (plural forms are compared with
  ``msgid_plural``);
- is current: ``makemessages`` run now on a temporary copy of the app finds exactly the msgids the
  catalogue has (a string in the code missing from the catalogue fails, so does a stale one);
- agrees with the other catalogues of its language: Django merges every catalogue into one and
  shows a single translation per msgid (and context), so two catalogues translating the same
  msgid differently means one of them is silently ignored. A word that needs two translations
  ("Active" for an engagement and for a credential) gets a context (``pgettext``,
  ``{% translate "…" context "…" %}``).

Usage: ``python scripts/i18n_check.py [--only stint/templates,stint/accounts] [--no-extract]``.
Needs GNU gettext (xgettext, msgmerge) for the freshness rule; without it that rule is skipped
with a warning. Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "fr")
DJANGO_ADMIN = ROOT / ".venv" / "bin" / "django-admin"
IGNORED = ("tests/*", "migrations/*", "locale/*", "static/*")

# What marks a string for translation in Python code and in templates.
PY_MARKERS = re.compile(r"\b(?:gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy|npgettext|_)\(")
TEMPLATE_MARKERS = re.compile(r"{%\s*(?:translate|trans|blocktranslate|blocktrans)\b")

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"(?<!{){(\w*)(?:[!:][^{}]*)?}(?!})")

MsgKey = tuple[str | None, str, str | None]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# --- which folders need catalogues -----------------------------------------------------------------


def has_translatable_strings(folder: Path) -> bool:
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or any(Path(rel).match(p) or rel.startswith(p[:-1]) for p in IGNORED):
            continue
        markers = {".py": PY_MARKERS, ".html": TEMPLATE_MARKERS, ".txt": TEMPLATE_MARKERS}.get(path.suffix)
        if markers is not None and markers.search(path.read_text(encoding="utf-8", errors="replace")):
            return True
    return False


def candidate_folders(root: Path = ROOT) -> list[Path]:
    """``stint/templates`` and every app folder (a Python package) under ``stint/``."""
    stint = root / "stint"
    folders = [stint / "templates"] if (stint / "templates").is_dir() else []
    folders += sorted(p for p in stint.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    return folders


def catalogue_path(folder: Path, language: str) -> Path:
    return folder / "locale" / language / "LC_MESSAGES" / "django.po"


# --- one catalogue -----------------------------------------------------------------------------------


def placeholders(text: str) -> tuple[Counter[str], int, Counter[str]]:
    """Named ``%(x)s`` placeholders, the number of positional ones, and ``{x}`` fields of ``text``."""
    without_escapes = text.replace("%%", "")
    return (
        Counter(NAMED.findall(without_escapes)),
        len(POSITIONAL.findall(without_escapes)),
        Counter(BRACES.findall(text)),
    )


def _describe(found: tuple[Counter[str], int, Counter[str]]) -> str:
    named, positional, braces = found
    parts = [f"%({n})s" for n in sorted(named)] + ["%s"] * positional + [f"{{{b}}}" for b in sorted(braces)]
    return ", ".join(parts) or "none"


def _uses_braces(flags: Iterable[str]) -> bool:
    return "python-brace-format" in flags


def check_catalogue(path: Path, *, label: str | None = None) -> list[Problem]:
    """Empty, fuzzy and placeholder problems of one ``.po`` file."""
    where = label or str(path)
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=False)
    problems: list[Problem] = []
    if catalog.fuzzy:
        problems.append(Problem(where, "the header is marked fuzzy"))
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        name = ids[0][:60]
        if message.fuzzy:
            problems.append(Problem(where, f"fuzzy entry {name!r}"))
        if not strings or any(not s for s in strings):
            problems.append(Problem(where, f"untranslated {name!r}"))
            continue
        check_braces = _uses_braces(message.flags)
        for index, string in enumerate(strings):
            source = ids[0] if index == 0 or len(ids) == 1 else ids[1]
            expected = placeholders(source)
            got = placeholders(string)
            if not check_braces:
                expected, got = (expected[0], expected[1], Counter()), (got[0], got[1], Counter())
            if set(expected[0]) != set(got[0]) or expected[1] != got[1] or set(expected[2]) != set(got[2]):
                problems.append(
                    Problem(
                        where,
                        f"placeholders differ in {name!r}: msgid has {_describe(expected)}, "
                        f"msgstr{f'[{index}]' if len(ids) > 1 else ''} has {_describe(got)}",
                    )
                )
    return problems


def catalogue_keys(path: Path) -> set[MsgKey]:
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=False)
    keys: set[MsgKey] = set()
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            keys.add((message.context, message.id, None))
        else:
            keys.add((message.context, message.id[0], message.id[1]))
    return keys


# --- freshness: what makemessages would extract now ---------------------------------------------


def extracted_keys(folder: Path) -> set[MsgKey] | None:
    """The msgids ``makemessages`` extracts from ``folder`` now (in a temporary copy), or None
    when GNU gettext is missing."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="i18n-check-") as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(
            folder, copy, ignore=shutil.ignore_patterns("locale", "tests", "migrations", "static", "__pycache__")
        )
        (copy / "locale").mkdir()
        admin = str(DJANGO_ADMIN) if DJANGO_ADMIN.exists() else "django-admin"
        command = [admin, "makemessages", "-l", LANGUAGES[0], "--no-location", "--no-obsolete"]
        for pattern in IGNORED:
            command += ["--ignore", pattern]
        # Without Django settings, as scripts/messages.sh runs it: with them, makemessages would
        # write into the first of LOCALE_PATHS instead of the copy's own locale/.
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own command line)
        po = catalogue_path(copy, LANGUAGES[0])
        if result.returncode != 0 or not po.exists():
            raise RuntimeError(f"makemessages failed in {folder}: {result.stderr.strip()}")
        return catalogue_keys(po)


def _key_name(key: MsgKey) -> str:
    context, msgid, _plural = key
    return f"{msgid[:60]!r}" + (f" (context {context!r})" if context else "")


def check_fresh(folder: Path, *, root: Path = ROOT) -> list[Problem]:
    current = extracted_keys(folder)
    if current is None:
        print("i18n_check: GNU gettext not found, catalogue freshness not checked", file=sys.stderr)
        return []
    problems: list[Problem] = []
    for language in LANGUAGES:
        path = catalogue_path(folder, language)
        if not path.exists():
            continue
        where = str(path.relative_to(root))
        stored = catalogue_keys(path)
        for key in sorted(current - stored, key=str):
            problems.append(Problem(where, f"missing from the catalogue (run `make messages`): {_key_name(key)}"))
        for key in sorted(stored - current, key=str):
            problems.append(Problem(where, f"no longer in the code (run `make messages`): {_key_name(key)}"))
    return problems


# --- the whole check -------------------------------------------------------------------------------


def check_folder(folder: Path, *, root: Path = ROOT, extract: bool = True) -> list[Problem]:
    rel = str(folder.relative_to(root))
    missing = [lang for lang in LANGUAGES if not catalogue_path(folder, lang).exists()]
    if missing:
        if not has_translatable_strings(folder):
            return []
        return [Problem(rel, f"has translatable strings but no catalogue for {', '.join(missing)}")]
    problems: list[Problem] = []
    for language in LANGUAGES:
        path = catalogue_path(folder, language)
        problems += check_catalogue(path, label=str(path.relative_to(root)))
    if extract:
        problems += check_fresh(folder, root=root)
    return problems


def check_agreement(paths: Iterable[Path], *, root: Path = ROOT) -> list[Problem]:
    """Msgids (with their context) that catalogues of one language translate differently."""
    seen: dict[MsgKey, dict[str, tuple[str, ...]]] = {}
    for path in paths:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=False)
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
            key: MsgKey = (message.context, ids[0], ids[1] if len(ids) > 1 else None)
            label = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            seen.setdefault(key, {})[label] = strings
    problems = []
    for key, per_file in seen.items():
        if len(set(per_file.values())) > 1:
            versions = "; ".join(f"{where}: {' | '.join(strings)!r}" for where, strings in sorted(per_file.items()))
            problems.append(Problem(_key_name(key), f"translated differently across catalogues ({versions})"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated folders, e.g. stint/templates,stint/accounts")
    parser.add_argument("--no-extract", action="store_true", help="skip the makemessages freshness rule")
    args = parser.parse_args(argv)
    if args.only:
        folders = [(ROOT / f.strip()).resolve() for f in args.only.split(",") if f.strip()]
    else:
        folders = candidate_folders()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda f: check_folder(f, extract=not args.no_extract), folders))
    problems = [p for result in results for p in result]
    if not args.only:
        for language in LANGUAGES:
            paths = [catalogue_path(f, language) for f in folders if catalogue_path(f, language).exists()]
            problems += check_agreement(paths)
    for problem in problems:
        print(problem)
    checked = sum(1 for f in folders if catalogue_path(f, LANGUAGES[0]).exists())
    print(f"i18n_check: {checked} catalogue folder(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
