"""``scripts/i18n_check.py`` (the translation rule of ``make lint``) on small catalogues."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
assert _spec and _spec.loader
i18n_check = importlib.util.module_from_spec(_spec)
sys.modules["i18n_check"] = i18n_check
_spec.loader.exec_module(i18n_check)

HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""

GOOD = (
    HEADER
    + """msgid "Page not found"
msgstr "Page introuvable"

#, python-format
msgid "Welcome, %(name)s"
msgstr "Bienvenue, %(name)s"

#, python-format
msgid "%(count)s hour"
msgid_plural "%(count)s hours"
msgstr[0] "%(count)s heure"
msgstr[1] "%(count)s heures"

#, python-brace-format
msgid "Due {day}"
msgstr "Échéance {day}"

msgctxt "navigation"
msgid "Work"
msgstr "Travail"
"""
)


def write(tmp_path: Path, text: str, name: str = "django.po") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list) -> str:
    return "\n".join(str(p) for p in problems)


def test_a_good_catalogue_passes(tmp_path):
    assert i18n_check.check_catalogue(write(tmp_path, GOOD)) == []


def test_an_empty_msgstr_fails(tmp_path):
    problems = i18n_check.check_catalogue(write(tmp_path, HEADER + 'msgid "Page not found"\nmsgstr ""\n'))
    assert "untranslated 'Page not found'" in messages(problems)


def test_an_empty_plural_form_fails(tmp_path):
    text = HEADER + 'msgid "%(n)s hour"\nmsgid_plural "%(n)s hours"\nmsgstr[0] "%(n)s heure"\nmsgstr[1] ""\n'
    assert "untranslated" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


def test_a_fuzzy_entry_fails(tmp_path):
    text = HEADER + '#, fuzzy\nmsgid "Page not found"\nmsgstr "Page introuvable"\n'
    assert "fuzzy entry 'Page not found'" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


def test_a_fuzzy_header_fails(tmp_path):
    text = "#, fuzzy\n" + GOOD
    assert "header is marked fuzzy" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Welcome, %(name)s", "Bienvenue, %(nom)s"),  # renamed
        ("Welcome, %(name)s", "Bienvenue"),  # dropped
        ("%s left", "il reste"),  # positional dropped
        ("Page %(number)s of %(total)s", "Page %(number)s"),  # one of two dropped
    ],
)
def test_a_placeholder_mismatch_fails(tmp_path, msgid, msgstr):
    text = HEADER + f'#, python-format\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    assert "placeholders differ" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


def test_a_plural_form_with_another_placeholder_fails(tmp_path):
    text = (
        HEADER
        + '#, python-format\nmsgid "%(count)s hour"\nmsgid_plural "%(count)s hours"\n'
        + 'msgstr[0] "%(count)s heure"\nmsgstr[1] "%(nombre)s heures"\n'
    )
    assert "msgstr[1]" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


def test_a_brace_mismatch_fails(tmp_path):
    text = HEADER + '#, python-brace-format\nmsgid "Due {day}"\nmsgstr "Échéance {jour}"\n'
    assert "placeholders differ" in messages(i18n_check.check_catalogue(write(tmp_path, text)))


def test_a_literal_percent_is_not_a_placeholder(tmp_path):
    text = HEADER + '#, python-format\nmsgid "100%% of %(fee)s"\nmsgstr "100 %% de %(fee)s"\n'
    assert i18n_check.check_catalogue(write(tmp_path, text)) == []


def _app(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "repo"
    app = root / "stint" / "demoapp"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text(code)
    return app


def test_an_app_with_strings_but_no_catalogue_fails(tmp_path):
    app = _app(tmp_path, 'from django.utils.translation import gettext as _\nTITLE = _("Hello")\n')
    problems = i18n_check.check_folder(app, root=tmp_path / "repo", extract=False)
    assert "no catalogue for es, fr" in messages(problems)


def test_an_app_without_strings_needs_no_catalogue(tmp_path):
    app = _app(tmp_path, 'TITLE = "internal"\n')
    assert i18n_check.check_folder(app, root=tmp_path / "repo", extract=False) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_a_string_missing_from_the_catalogue_fails(tmp_path):
    app = _app(
        tmp_path,
        'from django.utils.translation import gettext as _\n\ndef f():\n    return _("Page not found"), _("Brand new")\n',
    )
    for language in ("es", "fr"):
        po = app / "locale" / language / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_text(HEADER.replace("fr", language) + 'msgid "Page not found"\nmsgstr "Página"\n', encoding="utf-8")
    problems = messages(i18n_check.check_folder(app, root=tmp_path / "repo"))
    assert "missing from the catalogue" in problems and "'Brand new'" in problems


def test_the_shipped_catalogues_of_the_core_apps_pass():
    folders = [ROOT / "stint" / name for name in ("templates", "accounts", "core", "notifications", "messaging")]
    problems = [p for folder in folders for p in i18n_check.check_folder(folder, extract=False)]
    assert problems == []


def test_two_catalogues_translating_one_msgid_differently_fail(tmp_path):
    """Django shows one translation per msgid: the other catalogue's would be silently ignored."""
    first = write(tmp_path, HEADER + 'msgid "Active"\nmsgstr "En cours"\n', "a.po")
    second = write(tmp_path, HEADER + 'msgid "Active"\nmsgstr "Active"\n', "b.po")
    problems = i18n_check.check_agreement([first, second], root=tmp_path)
    assert "translated differently across catalogues" in messages(problems)
    assert "'Active'" in messages(problems)


def test_a_context_keeps_two_translations_of_one_word_apart(tmp_path):
    first = write(tmp_path, HEADER + 'msgid "Active"\nmsgstr "En cours"\n', "a.po")
    second = write(tmp_path, HEADER + 'msgctxt "credential"\nmsgid "Active"\nmsgstr "Active"\n', "b.po")
    same = write(tmp_path, HEADER + 'msgid "Active"\nmsgstr "En cours"\n', "c.po")
    assert i18n_check.check_agreement([first, second, same], root=tmp_path) == []
