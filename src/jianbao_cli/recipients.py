"""`data/recipients.yaml`: each 报/送/发/抄送 label as printed → the people behind it.

Format: a mapping from label to a list of `{name, email}`. Every problem is reported at once,
with its line, before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import Problem, ProblemList

_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1 (NEL U+0085), LS, PS


def is_valid_email(address: str) -> bool:
    return bool(_EMAIL_RE.match(address)) and ".." not in address and len(address) <= 254


def has_control_chars(text: str) -> bool:
    """CR, LF, NUL and the rest: never allowed in anything that becomes a mail header."""
    return bool(_CONTROL_RE.search(text))


def sender_problem(text: str) -> str | None:
    """Why a From setting is not exactly one address, or None. (`parseaddr` would silently keep
    the first of `a@b.org, c@d.org`.)"""
    from email.utils import getaddresses

    pairs = getaddresses([text])
    if len(pairs) > 1:
        return (f"发件人“{text}”含有 {len(pairs)} 个地址，只能写一个：应写作“名称 <地址>”，"
                "如 成都市经济信息中心 <jianbao@example.org>")
    return None


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    @property
    def key(self) -> str:
        """Addresses compare case-insensitively: one person, one message."""
        return self.email.lower()


@dataclass
class Recipients:
    display_path: str
    groups: dict[str, list[Person]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def __contains__(self, label: str) -> bool:
        return label in self.groups

    def people(self, label: str) -> list[Person]:
        return self.groups.get(label, [])


def load_recipients(path: Path, display_path: str | None = None, *, collect: list[Problem] | None = None) -> Recipients:
    """Load the recipients file. Problems raise a ProblemList, or, when `collect` is a list, are
    appended to it (so a caller can report them together with its own) and the rest is returned."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from jianbao_cli.model.yamlio import parse_tree, read_manifest_text

    display = display_path or str(path)
    text = read_manifest_text(Path(path), display)
    plain = _read_plain(text)
    if plain is not None:
        return Recipients(display_path=display, groups={label: people for label, (_, people) in plain.items()},
                          lines={label: line for label, (line, _) in plain.items()})
    data = parse_tree(text, display)
    result = Recipients(display_path=display)
    problems: list[Problem] = []
    for label, entries in data.items():
        label_line = data.lc.key(label)[0] + 1
        label_text = str(label)
        if has_control_chars(label_text):
            problems.append(Problem(display, "标签含有换行或控制字符", line=label_line, field=repr(label_text)))
            continue
        if not isinstance(entries, CommentedSeq) or not entries:
            problems.append(Problem(display, "应为收件人列表（每项 {name, email}）", line=label_line, field=label_text))
            continue
        people: list[Person] = []
        for index, entry in enumerate(entries):
            line = entries.lc.item(index)[0] + 1
            where = f"{label_text}[{index}]"
            if not isinstance(entry, CommentedMap):
                problems.append(Problem(display, "应为 {name: 姓名, email: 地址}", line=line, field=where))
                continue
            unknown = set(map(str, entry)) - {"name", "email"}
            if unknown:
                problems.append(Problem(display, f"未知的项 {'、'.join(sorted(unknown))}", line=line, field=where))
            name = str(entry.get("name") or "").strip()
            email = str(entry.get("email") or "").strip()
            found = len(problems)
            if not name:
                problems.append(Problem(display, "缺少姓名 name", line=line, field=where))
            elif has_control_chars(name):
                problems.append(Problem(display, "姓名含有换行或控制字符，不能用作邮件头", line=line, field=f"{where}.name"))
            if not email:
                problems.append(Problem(display, "缺少邮箱 email", line=line, field=where))
            elif not is_valid_email(email):
                problems.append(Problem(display, f"邮箱地址“{email}”无效", line=line, field=f"{where}.email"))
            if len(problems) == found:  # only people who can be mailed; the rest are reported above
                people.append(Person(name=name, email=email))
        result.groups[label_text] = people
        result.lines[label_text] = label_line
    if problems:
        if collect is not None:
            collect.extend(problems)
            return result
        raise ProblemList(problems)
    return result


_TYPED_PLAIN = re.compile(
    r"^(?:|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.?[0-9].*|\.(?:inf|Inf|INF|nan|NaN|NAN)))$"
)


def _read_plain(text: str) -> dict[str, tuple[int, list[Person]]] | None:
    """label → (line, people) read from the YAML event stream, without building the document tree
    (the round-trip tree of 2,000 people costs ~9 MB, kept by the allocator for the whole run).
    Only for a file with nothing to report and nothing unusual: plain labels, lists of
    {name, email} with plain strings, each valid. Anything else — a problem, an alias, a tag, a
    value YAML would read as null/number/bool, a syntax error — returns None, and the full reader
    reports it with its lines."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
        SequenceStartEvent, StreamEndEvent, StreamStartEvent,
    )

    class Unusual(Exception):
        pass

    def string(event) -> str:
        if not isinstance(event, ScalarEvent) or event.anchor or (event.tag and event.tag != "!") or (
                event.style is None and _TYPED_PLAIN.match(event.value)):
            raise Unusual
        return event.value

    def expect(event, kind):
        if not isinstance(event, kind) or getattr(event, "anchor", None) or getattr(event, "tag", None):
            raise Unusual
        return event

    result: dict[str, tuple[int, list[Person]]] = {}
    try:
        events = iter(YAML(typ="rt", pure=True).parse(text))
        expect(next(events), StreamStartEvent)
        expect(next(events), DocumentStartEvent)
        expect(next(events), MappingStartEvent)
        while True:
            event = next(events)
            if isinstance(event, MappingEndEvent):
                break
            label = string(event)
            if label in result or has_control_chars(label):
                raise Unusual
            line = event.start_mark.line + 1
            expect(next(events), SequenceStartEvent)
            people: list[Person] = []
            while True:
                event = next(events)
                if isinstance(event, SequenceEndEvent):
                    break
                expect(event, MappingStartEvent)
                entry: dict[str, str] = {}
                while True:
                    event = next(events)
                    if isinstance(event, MappingEndEvent):
                        break
                    key = string(event)
                    if key not in ("name", "email") or key in entry:
                        raise Unusual
                    entry[key] = string(next(events)).strip()
                name, email = entry.get("name", ""), entry.get("email", "")
                if not name or has_control_chars(name) or not email or not is_valid_email(email):
                    raise Unusual
                people.append(Person(name=name, email=email))
            if not people:
                raise Unusual
            result[label] = (line, people)
        expect(next(events), DocumentEndEvent)
        expect(next(events), StreamEndEvent)
    except (Unusual, StopIteration, YAMLError):
        return None
    return result or None


def check_labels(document, recipients: Recipients) -> list[Problem]:
    """Every distribution label of a manifest must be in the recipients file (one problem each)."""
    return check_labels_in_tree(document.data, document.display_path, recipients)


def check_labels_in_tree(data, display_path: str, recipients: Recipients) -> list[Problem]:
    """The same, on the YAML tree alone: labels are checked even in a manifest with other errors."""
    from jianbao_cli.model import DISTRIBUTION_KEYS
    from jianbao_cli.model.yamlio import line_of

    distribution = data.get("distribution") if hasattr(data, "get") else None
    if not hasattr(distribution, "get"):
        return []
    problems = []
    for key in DISTRIBUTION_KEYS:
        labels = distribution.get(key)
        if not isinstance(labels, list):
            continue
        for index, label in enumerate(labels):
            if not isinstance(label, str) or not label.strip():
                continue  # the model reports the type or emptiness
            where = {"line": line_of(data, ("distribution", key, index)), "field": f"distribution.{key}[{index}]"}
            if has_control_chars(label):
                problems.append(Problem(display_path, "标签含有换行或控制字符", **where))
            elif label.strip() not in recipients:
                problems.append(Problem(display_path, f"“{label.strip()}”不在 {recipients.display_path} 中", **where))
    return problems
