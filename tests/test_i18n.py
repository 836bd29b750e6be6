"""The interface strings and their gettext catalogs (nntutor/locale, tools/i18n.py)."""

from __future__ import annotations

import gettext
import importlib.util
import io
import sys
from pathlib import Path

import pytest

from nntutor import i18n
from nntutor.i18n import LANGUAGES, group_digits, resolve_language, t

ROOT = Path(__file__).resolve().parent.parent


def _load_tool():
    spec = importlib.util.spec_from_file_location("nntutor_tools_i18n", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


# --- the shipped catalogs ---------------------------------------------------------------------


def test_every_message_has_its_russian_translation_and_fresh_mo():
    """Fails on a table key without Russian, a placeholder set that differs between English
    and Russian, a fuzzy entry, or a committed .mo older than its .po."""
    assert tool.problems(ROOT) == []


def test_languages_come_from_the_locale_folder():
    assert LANGUAGES[0] == "en"
    assert "ru" in LANGUAGES
    folders = {p.parent.parent.name for p in i18n.LOCALE_DIR.glob("*/LC_MESSAGES/nntutor.mo")}
    assert set(LANGUAGES) == {"en"} | folders


def test_cli_offers_the_installed_languages():
    from nntutor.cli import build_parser

    args = build_parser().parse_args(["--lang", "ru", "lessons"])
    assert args.lang == "ru"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "xx", "lessons"])


def test_language_from_the_locale():
    assert resolve_language(None, {"LANG": "ru_RU.UTF-8"}) == "ru"
    assert resolve_language(None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}) == "en"
    assert resolve_language(None, {"LANG": "de_DE.UTF-8"}) == "en"  # no German catalog
    assert resolve_language("en", {"LANG": "ru_RU.UTF-8"}) == "en"


@pytest.mark.parametrize(
    ("n", "russian"),
    [
        (1, "1 попытка"),
        (2, "2 попытки"),
        (4, "4 попытки"),
        (5, "5 попыток"),
        (11, "11 попыток"),
        (12, "12 попыток"),
        (21, "21 попытка"),
        (22, "22 попытки"),
        (111, "111 попыток"),
    ],
)
def test_russian_plural_forms(n, russian):
    assert t("attempts", "ru", n=n) == russian
    assert t("attempts", "en", n=n) == f"attempts: {n}"


def test_plural_counts_the_only_whole_number_when_there_is_no_n():
    from nntutor.app.widgets.lab.strings import tr

    def goal(lang, epochs):
        return tr(lang, "goal.on", goal="g", dataset="d", epochs=epochs)

    assert goal("en", 1) == "g on d within 1 epoch"
    assert goal("en", 40) == "g on d within 40 epochs"
    assert goal("ru", 1) == "g на d за 1 эпоху"
    assert goal("ru", 3) == "g на d за 3 эпохи"
    assert goal("ru", 40) == "g на d за 40 эпох"


def test_every_table_reads_its_russian_from_the_catalog():
    from nntutor.app.keys import label
    from nntutor.app.widgets.lab.strings import tr
    from nntutor.app.widgets.playgrounds.strings import say
    from nntutor.checker.messages import text

    assert t("course", "ru") == "Курс"
    assert tr("ru", "view.loss") == "Кривые потерь"
    assert say("descent.max_steps", "ru", n=21) == "Остановлено после 21 шага."
    assert text("too_long", "ru", n=302, max=300).startswith(
        "Выражение слишком длинное (302 символа"
    )
    assert label("Quit", "ru") == "Выход"
    assert label("new values", "ru") == "новые значения"  # a playground's key
    assert label("Quit", "en") == "Quit"
    assert label("Something else", "ru") == "Something else"


def test_unknown_language_and_key_fall_back():
    assert t("course", "de") == "Course"
    assert t("no such key", "ru") == "no such key"
    from nntutor.checker.messages import text

    with pytest.raises(KeyError):
        text("no such key", "ru")


def test_tables_in_the_old_shape_still_work():
    table = {"a": {"en": "{n} apple", "ru": "{n} яблоко"}, "b": {"en": ("{n} pear", "{n} pears")}}
    assert t("a", "ru", table, n=2) == "2 яблоко"
    assert t("a", "en", table, n=2) == "2 apple"
    assert t("b", "en", table, n=1) == "1 pear"
    assert t("b", "ru", table, n=5) == "5 pears"


def test_thousands_follow_the_language():
    assert group_digits(2500, "en") == "2,500"
    assert group_digits(2500, "ru") == "2\u202f500"
    assert group_digits(999, "ru") == "999"
    assert group_digits(1234567.891, "en", decimals=2) == "1,234,567.89"
    assert group_digits(1234567.891, "ru", decimals=2) == "1\u202f234\u202f567.89"
    assert group_digits(12.6, "en") == "13"


# --- the tool --------------------------------------------------------------------------------

OLD_TABLES = '''"""A module with tables in the old shape."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # a comment that stays
    "hello": {"en": "Hello, {name}", "ru": "Привет, {name}"},
    "files": {
        "en": ("{n} file", "{n} files"),
        "ru": ("{n} файл", "{n} файла", "{n} файлов"),
    },
    "new": {"en": "Not translated yet"},
}


def unrelated():
    return {"en": 1}
'''


def _tree(tmp_path: Path, source: str = OLD_TABLES) -> Path:
    (tmp_path / "nntutor").mkdir()
    (tmp_path / "nntutor" / "things.py").write_text(source, encoding="utf-8")
    return tmp_path


def _catalog(root: Path) -> gettext.GNUTranslations:
    mo = root / "nntutor" / "locale" / "ru" / "LC_MESSAGES" / "nntutor.mo"
    return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))


def test_migrate_moves_russian_into_the_catalog_and_is_idempotent(tmp_path, capsys):
    root = _tree(tmp_path)
    assert tool.main(["--root", str(root), "migrate"]) == 0
    migrated = (root / "nntutor" / "things.py").read_text(encoding="utf-8")
    assert '"ru"' not in migrated
    assert "# a comment that stays" in migrated
    assert "from nntutor.i18n import Messages" in migrated
    assert 'Messages("things"' in migrated.replace("\n", "").replace('(    "', '("')
    assert 'return {"en": 1}' in migrated
    po = tool.load_po(root, "ru")
    by_context = {e.ctxt: e for e in po if e.ctxt}
    assert by_context["things.hello"].msgstr == ["Привет, {name}"]
    assert by_context["things.files"].msgstr == ["{n} файл", "{n} файла", "{n} файлов"]
    assert by_context["things.files"].plural == "{n} files"
    assert by_context["things.new"].msgstr == [""]

    assert tool.main(["--root", str(root), "migrate"]) == 0  # nothing left: no change
    assert (root / "nntutor" / "things.py").read_text(encoding="utf-8") == migrated
    assert tool.load_po(root, "ru") == po

    tool.main(["--root", str(root), "extract"])
    tool.main(["--root", str(root), "compile"])
    catalog = _catalog(root)
    assert catalog.pgettext("things.hello", "Hello, {name}") == "Привет, {name}"
    assert catalog.npgettext("things.files", "{n} file", "{n} files", 21) == "{n} файл"
    assert catalog.npgettext("things.files", "{n} file", "{n} files", 3) == "{n} файла"
    assert catalog.pgettext("things.new", "Not translated yet") == "Not translated yet"
    assert any("things.new has no translation" in p for p in tool.problems(root))


def test_migrate_handles_a_table_with_migrated_and_new_entries(tmp_path):
    root = _tree(tmp_path)
    tool.main(["--root", str(root), "migrate"])
    path = root / "nntutor" / "things.py"
    # Another branch adds an entry in the old shape to the migrated table.
    source = path.read_text(encoding="utf-8").replace(
        '"hello": "Hello, {name}",',
        '"hello": "Hello, {name}",\n        "bye": {"en": "Bye", "ru": "Пока"},',
    )
    path.write_text(source, encoding="utf-8")
    tool.main(["--root", str(root), "migrate"])
    assert '"bye": "Bye"' in path.read_text(encoding="utf-8")
    by_context = {e.ctxt: e for e in tool.load_po(root, "ru") if e.ctxt}
    assert by_context["things.bye"].msgstr == ["Пока"]
    assert by_context["things.hello"].msgstr == ["Привет, {name}"]
    assert by_context["things.files"].msgstr == ["{n} файл", "{n} файла", "{n} файлов"]


def _translated_tree(tmp_path: Path) -> Path:
    root = _tree(tmp_path, OLD_TABLES.replace('"new": {"en": "Not translated yet"},', ""))
    tool.main(["--root", str(root), "migrate"])
    tool.main(["--root", str(root), "extract"])
    tool.main(["--root", str(root), "compile"])
    assert tool.problems(root) == []
    return root


def _edit_po(root: Path, old: str, new: str) -> None:
    path = tool.po_path(root, "ru")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_check_fails_on_a_missing_translation(tmp_path):
    root = _translated_tree(tmp_path)
    _edit_po(root, 'msgstr "Привет, {name}"', 'msgstr ""')
    tool.main(["--root", str(root), "compile"])
    assert tool.problems(root) == [
        "nntutor/locale/ru/LC_MESSAGES/nntutor.po: things.hello has no translation"
    ]
    assert tool.main(["--root", str(root), "check"]) == 1


def test_check_fails_on_different_placeholders(tmp_path):
    root = _translated_tree(tmp_path)
    _edit_po(root, 'msgstr[1] "{n} файла"', 'msgstr[1] "{count} файла"')
    tool.main(["--root", str(root), "compile"])
    (problem,) = tool.problems(root)
    assert "things.files form 1: placeholders ['count'] differ from English ['n']" in problem


def test_check_fails_on_a_stale_mo(tmp_path):
    root = _translated_tree(tmp_path)
    _edit_po(root, 'msgstr "Привет, {name}"', 'msgstr "Здравствуйте, {name}"')
    (problem,) = tool.problems(root)
    assert "nntutor.mo is stale" in problem
    tool.main(["--root", str(root), "compile"])
    assert tool.problems(root) == []


def test_changed_english_makes_the_translation_fuzzy(tmp_path):
    root = _translated_tree(tmp_path)
    path = root / "nntutor" / "things.py"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Hello, {name}", "Hi, {name}"), encoding="utf-8"
    )
    tool.main(["--root", str(root), "extract"])
    tool.main(["--root", str(root), "compile"])
    assert any("things.hello is fuzzy" in p for p in tool.problems(root))
    # a fuzzy entry is left out of the .mo: the English shows until a translator checks it
    assert _catalog(root).pgettext("things.hello", "Hi, {name}") == "Hi, {name}"


def test_po_round_trip_keeps_comments_flags_and_obsolete_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        "# a translator's note\n#: nntutor/x.py\n#, fuzzy\n"
        'msgctxt "x.a"\nmsgid "Line one\\n"\n"line two"\nmsgstr "Строка"\n\n'
        '#~ msgctxt "x.gone"\n#~ msgid "Gone"\n#~ msgstr "Ушло"\n'
    )
    entries = tool.parse_po(text)
    assert [e.ctxt for e in entries] == [None, "x.a", "x.gone"]
    assert entries[1].msgid == "Line one\nline two"
    assert entries[1].comments == ["a translator's note"] and entries[1].fuzzy
    assert entries[2].obsolete and entries[2].msgstr == ["Ушло"]
    assert tool.parse_po(tool.write_po(entries)) == entries


def test_a_new_catalog_is_a_new_language(tmp_path, monkeypatch):
    """A translator adds a folder with a catalog; no Python changes."""
    entries = [
        tool.header_entry("de"),
        tool.Entry("Course", ["Kurs"], "i18n.course"),
        tool.Entry(
            "attempts: {n}", ["{n} Versuch", "{n} Versuche"], "i18n.attempts", "attempts: {n}"
        ),
    ]
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "nntutor.mo").write_bytes(tool.compile_mo(entries))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n._installed_languages() == ("en", "de")
        assert t("course", "de") == "Kurs"
        assert t("attempts", "de", n=1) == "1 Versuch"
        assert t("attempts", "de", n=3) == "3 Versuche"
        assert t("review", "de") == "Review"  # not translated yet: English
    finally:
        i18n.translations.cache_clear()


def test_migrate_leaves_a_table_that_code_reads_directly(tmp_path, capsys):
    source = (
        'TEXTS = {"a": {"en": "A", "ru": "А"}}\n\n\n'
        "def message(key, lang):\n"
        '    return TEXTS[key].get(lang, TEXTS[key]["en"])\n'
    )
    root = _tree(tmp_path, source)
    tool.main(["--root", str(root), "migrate"])
    assert (root / "nntutor" / "things.py").read_text(encoding="utf-8") == source
    assert "read directly at nntutor/things.py:5" in capsys.readouterr().out
