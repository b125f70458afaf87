"""The hand-written matching evaluation set (``bench/data/matching_eval/``): parsing and grades.

One file per field in ``fields/``: a header (``field``, ``category``, ``family``, ``related``) and
``[project <id> <split>]`` / ``[talent <id> <split>]`` blocks of ``key: value`` lines. The split
(``tune`` or ``heldout``) is written in the files and was fixed before the ranker was changed.

Grades (0/1/2 for a talent and a project of the same half), written by hand in two layers:

* per field: a project of the talent's own field is 2, of a field listed in the talent's field's
  ``related:`` line is 1, anything else 0;
* per talent: a ``grades:`` line (``ur1=1, se3=2``) overrides that for the pairs where the field
  rule is wrong for this person (a market researcher and a usability study of the same field: 1).

Families (``family:``) group fields for the same-family recall@20.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "matching_eval"
_BLOCK = re.compile(r"^\[(project|talent) ([a-z0-9-]+) (tune|heldout)\]$")


@dataclass
class Field:
    name: str
    category: str
    family: str
    related: list[str]


@dataclass
class EvalProject:
    id: str
    split: str
    field: str
    title: str
    skills: list[str]
    text: str

    @property
    def summary(self) -> str:
        return re.split(r"(?<=[.!?])\s", self.text, maxsplit=1)[0][:300]


@dataclass
class EvalTalent:
    id: str
    split: str
    field: str
    name: str
    institution: str
    roles: list[str]
    goals: str
    skills: list[str]
    interests: list[str]
    about: str
    overrides: dict[str, int] = field(default_factory=dict)


@dataclass
class EvalSet:
    fields: dict[str, Field]
    projects: list[EvalProject]
    talent: list[EvalTalent]

    def half(self, split: str) -> tuple[list[EvalProject], list[EvalTalent]]:
        return [p for p in self.projects if p.split == split], [t for t in self.talent if t.split == split]

    def family(self, field_name: str) -> str:
        return self.fields[field_name].family

    def grade(self, talent: EvalTalent, project: EvalProject) -> int:
        if project.id in talent.overrides:
            return talent.overrides[project.id]
        if project.field == talent.field:
            return 2
        return 1 if project.field in self.fields[talent.field].related else 0


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _parse_file(path: Path) -> tuple[Field, list[dict[str, str]]]:
    header: dict[str, str] = {}
    blocks: list[dict[str, str]] = []
    current = header
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _BLOCK.match(line)
        if m:
            current = {"_kind": m.group(1), "_id": m.group(2), "_split": m.group(3)}
            blocks.append(current)
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path.name}: not a 'key: value' line: {line!r}")
        current[key.strip()] = value.strip()
    f = Field(header["field"], header["category"], header["family"], _split_list(header.get("related", "")))
    return f, blocks


def load(directory: Path = DATA) -> EvalSet:
    fields: dict[str, Field] = {}
    projects: list[EvalProject] = []
    talent: list[EvalTalent] = []
    for path in sorted((directory / "fields").glob("*.txt")):
        f, blocks = _parse_file(path)
        fields[f.name] = f
        for b in blocks:
            if b["_kind"] == "project":
                projects.append(
                    EvalProject(b["_id"], b["_split"], f.name, b["title"], _split_list(b["skills"]), b["text"])
                )
                continue
            overrides = {}
            for pair in b.get("grades", "").split(","):
                if pair.strip():
                    pid, _, g = pair.strip().partition("=")
                    overrides[pid.strip()] = int(g)
            talent.append(
                EvalTalent(
                    id=b["_id"],
                    split=b["_split"],
                    field=f.name,
                    name=b["name"],
                    institution=b["institution"],
                    roles=_split_list(b["roles"]),
                    goals=b["goals"],
                    skills=_split_list(b["skills"]),
                    interests=_split_list(b["interests"]),
                    about=b.get("about", ""),
                    overrides=overrides,
                )
            )
    ids = {p.id for p in projects}
    for t in talent:
        unknown = set(t.overrides) - ids
        if unknown:
            raise ValueError(f"{t.id}: grades for unknown projects {sorted(unknown)}")
    for f in fields.values():
        missing = set(f.related) - set(fields)
        if missing:
            raise ValueError(f"{f.name}: related fields {sorted(missing)} do not exist")
    return EvalSet(fields, projects, talent)
