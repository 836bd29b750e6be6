"""Maintain nntutor's gettext catalogs (a development tool; it is not shipped in the wheel).

    python -m tools.i18n migrate [FILE...]   move {"en": ..., "ru": ...} entries into the catalogs
    python -m tools.i18n extract             write nntutor.pot and bring every nntutor.po up to date
    python -m tools.i18n compile             write every nntutor.mo from its nntutor.po
    python -m tools.i18n check               fail on a missing, fuzzy or stale translation

The string tables are module-level ``NAME = Messages("context", {key: "English", ...})``
(a plural entry is ``(one, other)``); a table's entry ``key`` is the catalog message with
``msgctxt "context.key"``. ``migrate`` without files looks for tables still in the old shape
``{key: {"en": ..., "ru": ...}}`` in every module of the package. Everything here is the
standard library: the tool reads the tables' source without importing nntutor.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import string
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "nntutor"
DOMAIN = "nntutor"
OLD_SOURCE = "en"
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


# --- .po files ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Entry:
    msgid: str
    msgstr: list[str] = dataclasses.field(default_factory=lambda: [""])
    ctxt: str | None = None
    plural: str | None = None
    flags: list[str] = dataclasses.field(default_factory=list)
    comments: list[str] = dataclasses.field(default_factory=list)  # the translator's "# ..."
    extracted: list[str] = dataclasses.field(default_factory=list)  # "#. ..."
    references: list[str] = dataclasses.field(default_factory=list)  # "#: ..."
    previous: list[str] = dataclasses.field(default_factory=list)  # "#| ..."
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and bool(self.msgstr) and not self.fuzzy and not self.obsolete


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, found {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_po(text: str, name: str = "<po>") -> list[Entry]:
    """The entries of a .po file, the header (msgid "") first when there is one."""
    entries: list[Entry] = []
    current: Entry | None = None
    field: tuple[str, int] | None = None
    seen_keyword = seen_msgstr = False

    def finish() -> None:
        nonlocal current, field, seen_keyword, seen_msgstr
        if current is not None and seen_keyword:
            entries.append(current)
        current, field, seen_keyword, seen_msgstr = None, None, False, False

    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if current is None:
            current = Entry(msgid="")
        if line.startswith("#") and not obsolete:
            if seen_keyword:
                finish()
                current = Entry(msgid="")
            kind, rest = line[:2], line[2:].strip()
            if kind == "#,":
                current.flags += [f.strip() for f in rest.split(",") if f.strip()]
            elif kind == "#.":
                current.extracted.append(rest)
            elif kind == "#:":
                current.references.append(rest)
            elif kind == "#|":
                current.previous.append(rest)
            else:
                current.comments.append(line[1:].removeprefix(" "))
            continue
        if line.startswith("#|"):  # an obsolete entry's previous msgid
            continue
        current.obsolete = current.obsolete or obsolete
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"{where}: a string outside any msgid or msgstr")
            value = _unquote(line, where)
            kind, index = field
        else:
            match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
            if match is None:
                raise ValueError(f"{where}: cannot read {raw!r}")
            if keyword in ("msgctxt", "msgid") and seen_msgstr:
                finish()
                current = Entry(msgid="", obsolete=obsolete)
            kind, index = match.group(1), int(match.group(2) or 0)
            field, seen_keyword = (kind, index), True
            value = _unquote(rest, where)
            if kind == "msgstr":
                seen_msgstr = True
                while len(current.msgstr) <= index:
                    current.msgstr.append("")
                current.msgstr[index] = ""
            elif kind == "msgctxt":
                current.ctxt = ""
            elif kind == "msgid_plural":
                current.plural = ""
        if kind == "msgctxt":
            current.ctxt = (current.ctxt or "") + value
        elif kind == "msgid":
            current.msgid += value
        elif kind == "msgid_plural":
            current.plural = (current.plural or "") + value
        else:
            current.msgstr[index] += value
    finish()
    return entries


def _quote(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + out.replace("\n", "\\n") + '"'


def _field(keyword: str, value: str, prefix: str) -> list[str]:
    if "\n" in value[:-1]:
        parts = value.splitlines(keepends=True)
        return [f'{prefix}{keyword} ""'] + [prefix + _quote(p) for p in parts]
    return [f"{prefix}{keyword} {_quote(value)}"]


def write_po(entries: list[Entry]) -> str:
    blocks = []
    for e in entries:
        lines = [f"# {c}".rstrip() for c in e.comments]
        lines += [f"#. {c}" for c in e.extracted]
        if not e.obsolete:
            lines += [f"#: {r}" for r in e.references]
        if e.flags:
            lines.append("#, " + ", ".join(e.flags))
        if not e.obsolete:
            lines += [f"#| {p}" for p in e.previous]
        prefix = "#~ " if e.obsolete else ""
        if e.ctxt is not None:
            lines += _field("msgctxt", e.ctxt, prefix)
        lines += _field("msgid", e.msgid, prefix)
        if e.plural is not None:
            lines += _field("msgid_plural", e.plural, prefix)
            for i, form in enumerate(e.msgstr):
                lines += _field(f"msgstr[{i}]", form, prefix)
        else:
            lines += _field("msgstr", e.msgstr[0] if e.msgstr else "", prefix)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def header_fields(entries: list[Entry]) -> dict[str, str]:
    for e in entries:
        if e.msgid == "" and e.ctxt is None:
            fields = {}
            for line in e.msgstr[0].splitlines():
                key, _, value = line.partition(":")
                if key.strip():
                    fields[key.strip()] = value.strip()
            return fields
    return {}


def nplurals(entries: list[Entry]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header_fields(entries).get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def header_entry(lang: str | None) -> Entry:
    fields = [
        "Project-Id-Version: nntutor",
        f"Language: {lang}" if lang else "Language: ",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "Plural-Forms: " + (PLURAL_FORMS.get(lang or "", "nplurals=2; plural=(n != 1);")),
    ]
    return Entry(msgid="", msgstr=["".join(f + "\n" for f in fields)])


def compile_mo(entries: list[Entry]) -> bytes:
    """The .mo file of these entries: translated ones only (what GNU msgfmt writes)."""
    pairs: dict[bytes, bytes] = {}
    for e in entries:
        if e.obsolete or e.fuzzy:
            continue
        if e.msgid == "" and e.ctxt is None:
            pairs[b""] = e.msgstr[0].encode()
            continue
        if not e.msgstr or not all(e.msgstr):
            continue
        key = e.msgid if e.plural is None else e.msgid + "\0" + e.plural
        if e.ctxt is not None:
            key = e.ctxt + "\x04" + key
        pairs[key.encode()] = "\0".join(e.msgstr).encode()
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    blob, original_table, translation_table = b"", [], []
    for key in keys:
        original_table.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        value = pairs[key]
        translation_table.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    for length, offset in original_table + translation_table:
        out += struct.pack("<2I", length, offset)
    return out + blob


# --- the string tables in the source ------------------------------------------------------------


@dataclasses.dataclass
class Table:
    path: Path
    name: str
    context: str | None  # None: a plain dict in the old shape
    node: ast.Dict
    assign: ast.stmt
    entries: dict[str, ast.expr]


def _old_entry(node: ast.expr) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value == OLD_SOURCE for k in node.keys
    )


def find_tables(path: Path) -> list[Table]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        context = None
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "Messages"
            and len(value.args) == 2
            and isinstance(value.args[0], ast.Constant)
            and isinstance(value.args[1], ast.Dict)
        ):
            context, value = value.args[0].value, value.args[1]
        elif not (
            isinstance(value, ast.Dict)
            and value.values
            and all(_old_entry(v) for v in value.values)
        ):
            continue
        if any(not isinstance(k, ast.Constant) or not isinstance(k.value, str) for k in value.keys):
            continue
        entries = {k.value: v for k, v in zip(value.keys, value.values, strict=True)}
        found.append(Table(path, target.id, context, value, stmt, entries))
    return found


def package_files(root: Path) -> list[Path]:
    return sorted((root / PACKAGE).rglob("*.py"))


def all_tables(root: Path) -> list[Table]:
    return [t for p in package_files(root) for t in find_tables(p)]


def english(node: ast.expr) -> str | tuple[str, str]:
    value = ast.literal_eval(node)
    if isinstance(value, str):
        return value
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, str) for v in value)
    ):
        return tuple(value)
    raise ValueError(
        f"line {node.lineno}: an entry is a string or a pair (one, other), not {value!r}"
    )


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def extracted(root: Path) -> list[Entry]:
    """One catalog entry per migrated table entry, in the order of the source."""
    out, seen = [], {}
    for table in all_tables(root):
        if table.context is None:
            continue
        for key, node in table.entries.items():
            if _old_entry(node):
                continue
            text = english(node)
            ctxt = f"{table.context}.{key}"
            where = relative(table.path, root)
            if ctxt in seen:
                raise ValueError(f"{where}: msgctxt {ctxt!r} is also used in {seen[ctxt]}")
            seen[ctxt] = where
            if isinstance(text, tuple):
                out.append(Entry(text[0], ["", ""], ctxt, text[1], references=[where]))
            else:
                out.append(Entry(text, [""], ctxt, references=[where]))
    return out


# --- catalogs on disk ------------------------------------------------------------------------


def locale_dir(root: Path) -> Path:
    return root / PACKAGE / "locale"


def po_path(root: Path, lang: str) -> Path:
    return locale_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(root: Path) -> list[str]:
    base = locale_dir(root)
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def load_po(root: Path, lang: str) -> list[Entry]:
    path = po_path(root, lang)
    if path.is_file():
        return parse_po(path.read_text(encoding="utf-8"), str(path))
    if lang not in PLURAL_FORMS:
        raise SystemExit(
            f"There is no catalog for {lang!r}: create {relative(path, root)} first "
            "(docs/translating.md says how), then run migrate again."
        )
    return [header_entry(lang)]


def save(path: Path, content: str | bytes) -> bool:
    """Write ``content`` unless the file already holds it; True when it changed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _by_context(entries: list[Entry]) -> dict[str, Entry]:
    return {e.ctxt: e for e in entries if e.ctxt is not None}


def merge(po: list[Entry], template: list[Entry], nforms: int) -> list[Entry]:
    """``po`` brought up to ``template``: new entries added, changed English marked fuzzy,
    entries no table has any more kept as obsolete (#~)."""
    old = _by_context(po)
    out = [e for e in po if e.msgid == "" and e.ctxt is None][:1]
    for t in template:
        e = old.pop(t.ctxt, None)
        forms = nforms if t.plural is not None else 1
        if e is None:
            out.append(Entry(t.msgid, [""] * forms, t.ctxt, t.plural, references=t.references))
            continue
        e.obsolete, e.references = False, t.references
        if (e.msgid, e.plural) != (t.msgid, t.plural):
            if any(e.msgstr):
                e.previous = [f"msgid {_quote(e.msgid)}"]
                if "fuzzy" not in e.flags:
                    e.flags.append("fuzzy")
            e.msgid, e.plural = t.msgid, t.plural
        if len(e.msgstr) != forms:
            e.msgstr = (e.msgstr + [""] * forms)[:forms] if forms > 1 else [e.msgstr[0]]
        out.append(e)
    for e in old.values():
        e.obsolete = True
        out.append(e)
    return out


# --- commands -------------------------------------------------------------------------------


def _py_str(text: str) -> str:
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == " " or (ch.isprintable() and not ch.isspace()):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _py_literal(value: str | tuple[str, ...]) -> str:
    if isinstance(value, str):
        return _py_str(value)
    return "(" + ", ".join(_py_str(v) for v in value) + ")"


def _default_context(path: Path, root: Path, taken: set[str], name: str) -> str:
    parts = Path(relative(path, root)).with_suffix("").parts
    parts = [p for p in parts if p not in (PACKAGE, "__init__")]
    while len(parts) > 1 and parts[-1] in ("strings", "messages", "texts"):
        parts.pop()
    base = parts[-1] if parts else name.lower()
    context = base if base not in taken else f"{base}.{name.lower()}"
    return context


def _offsets(source: bytes) -> list[int]:
    starts, at = [0], 0
    for line in source.splitlines(keepends=True):
        at += len(line)
        starts.append(at)
    return starts


def _module_name(path: Path, root: Path) -> str:
    return ".".join(Path(relative(path, root)).with_suffix("").parts)


def direct_uses(table: Table, root: Path) -> list[str]:
    """Where ``table`` is read other than through ``t(..., table)`` or ``key in table``.

    Code that indexes a table itself (``TABLE[key]["en"]``) would break once its entries are
    English strings, so ``migrate`` leaves such a table alone until that code calls ``t``.
    """
    module = _module_name(table.path, root)
    found = []
    for path in package_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names = {table.name} if path == table.path else set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == module:
                names |= {a.asname or a.name for a in node.names if a.name == table.name}
        if not names:
            continue
        safe: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                safe |= {id(a) for a in node.args} | {id(k.value) for k in node.keywords}
            elif isinstance(node, ast.Compare) and all(
                isinstance(op, (ast.In, ast.NotIn)) for op in node.ops
            ):
                safe |= {id(c) for c in node.comparators}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Name)
                and node.id in names
                and isinstance(node.ctx, ast.Load)
                and id(node) not in safe
            ):
                found.append(f"{relative(path, root)}:{node.lineno}")
    return found


def migrate_file(
    path: Path, root: Path, catalogs: dict[str, list[Entry]], force: bool = False
) -> int:
    """Move the translations of ``path``'s old-shape entries into ``catalogs``; the number moved."""
    source = path.read_bytes()
    starts = _offsets(source)

    def at(line: int, col: int) -> int:
        return starts[line - 1] + col

    tables = find_tables(path)
    taken = {t.context for t in all_tables(root) if t.context is not None}
    edits: list[tuple[int, int, str]] = []
    moved = 0
    for table in tables:
        old = {k: v for k, v in table.entries.items() if _old_entry(v)}
        if not old:
            continue
        uses = [] if force else direct_uses(table, root)
        if uses:
            print(
                f"{relative(path, root)}: {table.name} left as it is: it is read directly at "
                f"{', '.join(uses)}. Read it with nntutor.i18n.t(key, lang, {table.name}, ...) "
                "there, then migrate again (or pass --force)."
            )
            continue
        context = table.context
        if context is None:
            context = _default_context(path, root, taken, table.name)
            taken.add(context)
            node = table.node
            edits.append(
                (at(node.lineno, node.col_offset),) * 2 + (f"Messages({_py_str(context)}, ",)
            )
            end = at(node.end_lineno, node.end_col_offset)
            edits.append((end, end, ")"))
            stmt = table.assign
            if isinstance(stmt, ast.AnnAssign):
                ann = stmt.annotation
                edits.append(
                    (
                        at(ann.lineno, ann.col_offset),
                        at(ann.end_lineno, ann.end_col_offset),
                        "Messages",
                    )
                )
        for key, node in old.items():
            values = {
                k.value: ast.literal_eval(v) for k, v in zip(node.keys, node.values, strict=True)
            }
            source_text = values.pop(OLD_SOURCE)
            if isinstance(source_text, list):
                source_text = tuple(source_text)
            ctxt = f"{context}.{key}"
            for lang in sorted(set(values) | set(catalogs)):
                if lang not in catalogs:
                    catalogs[lang] = load_po(root, lang)
                entries = catalogs[lang]
                forms_wanted = nplurals(entries) if isinstance(source_text, tuple) else 1
                translation = values.get(lang)
                if isinstance(translation, str):
                    translation = [translation]
                existing = _by_context(entries).get(ctxt)
                msgid, plural = (
                    (source_text[0], source_text[1])
                    if isinstance(source_text, tuple)
                    else (source_text, None)
                )
                if existing is None:
                    existing = Entry(msgid, [""] * forms_wanted, ctxt, plural)
                    entries.append(existing)
                elif (
                    translation is None
                    and (existing.msgid, existing.plural) != (msgid, plural)
                    and any(existing.msgstr)
                    and "fuzzy" not in existing.flags
                ):
                    existing.flags.append("fuzzy")  # the English changed: check the old translation
                existing.msgid, existing.plural, existing.obsolete = msgid, plural, False
                existing.references = [relative(path, root)]
                if translation is not None:
                    existing.msgstr = list(translation)
                    existing.flags = [f for f in existing.flags if f != "fuzzy"]
                    existing.previous = []
                elif len(existing.msgstr) != forms_wanted:
                    existing.msgstr = (existing.msgstr + [""] * forms_wanted)[:forms_wanted]
            edits.append(
                (
                    at(node.lineno, node.col_offset),
                    at(node.end_lineno, node.end_col_offset),
                    _py_literal(source_text),
                )
            )
            moved += 1
    if not edits:
        return 0
    tree = ast.parse(source)
    defines = any(
        (isinstance(s, ast.ClassDef) and s.name == "Messages")
        or (isinstance(s, ast.ImportFrom) and any(a.name == "Messages" for a in s.names))
        for s in tree.body
    )
    if not defines:
        imports = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        if imports:
            line = imports[-1].end_lineno
        elif (
            tree.body
            and isinstance(tree.body[0], ast.Expr)
            and isinstance(tree.body[0].value, ast.Constant)
        ):
            line = tree.body[0].end_lineno
        else:
            line = 0
        edits.append((starts[line], starts[line], f"\nfrom {PACKAGE}.i18n import Messages\n"))
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        source = source[:start] + text.encode("utf-8") + source[end:]
    path.write_bytes(source)
    return moved


def cmd_migrate(root: Path, files: list[str], force: bool = False) -> int:
    if files:
        paths = [Path(f).resolve() for f in files]
    else:
        paths = [
            p
            for p in package_files(root)
            if any(any(_old_entry(v) for v in t.entries.values()) for t in find_tables(p))
        ]
    catalogs = {lang: load_po(root, lang) for lang in languages(root)}
    changed = []
    for path in paths:
        moved = migrate_file(path, root, catalogs, force)
        if moved:
            changed.append(path)
            print(f"{relative(path, root)}: {moved} entries moved into the catalogs")
    for lang, entries in catalogs.items():
        save(po_path(root, lang), write_po(entries))
    if changed:
        _tidy(changed)
    elif not any(_old_entry(v) for p in paths for t in find_tables(p) for v in t.entries.values()):
        print("Nothing to migrate: every table is English-only.")
    return 0


def _tidy(paths: list[Path]) -> None:
    """Sort the added import and reformat the rewritten tables, when ruff is installed."""
    names = [str(p) for p in paths]
    for args in (["check", "--select", "I", "--fix", "-q"], ["format", "-q"]):
        try:
            subprocess.run(
                [sys.executable, "-m", "ruff", *args, *names], check=False, capture_output=True
            )
        except OSError:
            return


def cmd_extract(root: Path) -> int:
    template = extracted(root)
    pot = [header_entry(None)] + [
        Entry(
            e.msgid,
            [""] * (2 if e.plural is not None else 1),
            e.ctxt,
            e.plural,
            references=e.references,
        )
        for e in template
    ]
    if save(locale_dir(root) / f"{DOMAIN}.pot", write_po(pot)):
        print(f"wrote {DOMAIN}.pot ({len(template)} messages)")
    for lang in languages(root):
        entries = load_po(root, lang)
        merged = merge(entries, template, nplurals(entries))
        if save(po_path(root, lang), write_po(merged)):
            print(f"updated {relative(po_path(root, lang), root)}")
    return 0


def cmd_compile(root: Path) -> int:
    for lang in languages(root):
        path = po_path(root, lang)
        if save(path.with_suffix(".mo"), compile_mo(load_po(root, lang))):
            print(f"wrote {relative(path.with_suffix('.mo'), root)}")
    return 0


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def problems(root: Path) -> list[str]:
    """Everything that keeps a language from being complete; empty when all is well."""
    out = []
    langs = languages(root)
    if not langs:
        return [f"no catalogs under {relative(locale_dir(root), root)}"]
    try:
        template = extracted(root)
    except ValueError as exc:
        return [str(exc)]
    for table in all_tables(root):
        where = f"{relative(table.path, root)} {table.name}"
        for key, node in table.entries.items():
            if not _old_entry(node):
                continue
            values = {
                k.value: ast.literal_eval(v) for k, v in zip(node.keys, node.values, strict=True)
            }
            en = values[OLD_SOURCE]
            wanted = set().union(
                *(placeholders(x) for x in (en if isinstance(en, (tuple, list)) else [en]))
            )
            for lang in langs:
                tr = values.get(lang)
                if not tr:
                    out.append(f"{where}[{key!r}]: no {lang} text (not migrated either)")
                    continue
                for form in tr if isinstance(tr, (tuple, list)) else [tr]:
                    if placeholders(form) != wanted:
                        out.append(
                            f"{where}[{key!r}] {lang}: placeholders {sorted(placeholders(form))} differ from English {sorted(wanted)}"
                        )
    for lang in langs:
        path = po_path(root, lang)
        name = relative(path, root)
        entries = load_po(root, lang)
        forms = nplurals(entries)
        catalog = _by_context(e for e in entries if not e.obsolete)  # type: ignore[arg-type]
        for t in template:
            e = catalog.get(t.ctxt)
            if e is None:
                out.append(f"{name}: {t.ctxt} is missing (run `python -m tools.i18n extract`)")
                continue
            if (e.msgid, e.plural) != (t.msgid, t.plural):
                out.append(
                    f"{name}: {t.ctxt} has an old English text (run extract, then translate)"
                )
                continue
            if e.fuzzy:
                out.append(f"{name}: {t.ctxt} is fuzzy: check the translation, then drop the flag")
            elif not all(e.msgstr):
                out.append(f"{name}: {t.ctxt} has no translation")
            elif t.plural is not None and len(e.msgstr) != forms:
                out.append(f"{name}: {t.ctxt} needs {forms} plural forms")
            wanted = placeholders(t.msgid) | placeholders(t.plural or "")
            # "#, partial-placeholders": the translation may leave a placeholder out (never add one)
            partial = "partial-placeholders" in e.flags
            for i, form in enumerate(e.msgstr):
                found = placeholders(form)
                if form and (found - wanted or (found != wanted and not partial)):
                    out.append(
                        f"{name}: {t.ctxt} form {i}: placeholders {sorted(found)} "
                        f"differ from English {sorted(wanted)}"
                    )
        mo = path.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compile_mo(entries):
            out.append(
                f"{relative(mo, root)} is stale against its .po (run `python -m tools.i18n compile`)"
            )
    return out


def cmd_check(root: Path) -> int:
    found = problems(root)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} problem(s).")
        return 1
    print(f"ok: {', '.join(languages(root))} complete")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.i18n", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    migrate = sub.add_parser("migrate", help="move old-shape translations into the catalogs")
    migrate.add_argument(
        "files", nargs="*", help="modules with tables (default: the whole package)"
    )
    migrate.add_argument(
        "--force", action="store_true", help="migrate tables that code reads directly too"
    )
    sub.add_parser("extract", help="write nntutor.pot and update every nntutor.po")
    sub.add_parser("compile", help="write every nntutor.mo")
    sub.add_parser("check", help="fail on missing, fuzzy or stale translations")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "migrate":
            return cmd_migrate(root, args.files, args.force)
        if args.command == "extract":
            return cmd_extract(root)
        if args.command == "compile":
            return cmd_compile(root)
        return cmd_check(root)
    except (ValueError, SyntaxError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
