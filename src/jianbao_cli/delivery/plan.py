"""Who gets the issue: every label under 报/送/发/抄送 → people, one entry per address.

All problems (unknown labels, invalid addresses, CR/LF in names or labels, a `--to` that is
not on the list) are collected and reported together before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jianbao_cli.errors import JianbaoError, Problem, ProblemList
from jianbao_cli.model.manifest import DISTRIBUTION_KEYS


@dataclass
class Target:
    """One recipient of one issue: one message, one SMTP transaction."""

    name: str
    email: str
    groups: list[tuple[str, str]] = field(default_factory=list)  # (送, label), in print order

    @property
    def key(self) -> str:
        return self.email.lower()

    def group_text(self) -> str:
        return "；".join(f"{key}：{label}" for key, label in self.groups)


@dataclass
class Plan:
    issue_id: str
    targets: list[Target]
    groups: list[tuple[str, str, list[Target]]]  # (key, label, people) in print order, for display

    def __len__(self) -> int:
        return len(self.targets)


def build_plan(document, recipients, *, only: list[str] | None = None, to: list[str] | None = None,
               recipient_problems: list[Problem] | None = None) -> Plan:
    """Resolve the distribution of `document` (a ManifestDocument) through `recipients`.

    `recipient_problems` are those found while loading the recipients file (reported together
    with the rest); the people they concern are not in `recipients`."""
    from jianbao_cli.recipients import check_labels, has_control_chars

    issue = document.issue
    problems: list[Problem] = list(recipient_problems or []) + check_labels(document, recipients)
    wanted_keys = list(DISTRIBUTION_KEYS)
    if only:
        bad = [k for k in only if k not in DISTRIBUTION_KEYS]
        if bad:
            raise JianbaoError(f"--only 的值“{'、'.join(bad)}”无效：应为 报、送、发 或 抄送。")
        present = {key for key, _ in issue.distribution.groups()}
        missing = [k for k in only if k not in present]
        if missing:
            problems.append(Problem(document.display_path, f"本期没有“{'、'.join(missing)}”名单（--only）"))
        wanted_keys = [k for k in DISTRIBUTION_KEYS if k in only]

    by_key: dict[str, Target] = {}
    groups: list[tuple[str, str, list[Target]]] = []
    for key, labels in issue.distribution.groups():
        if key not in wanted_keys:
            continue
        for label in labels:
            if has_control_chars(label) or label not in recipients:
                continue  # already reported by check_labels
            people: list[Target] = []
            for person in recipients.people(label):
                target = by_key.get(person.key)
                if target is None:
                    target = by_key[person.key] = Target(name=person.name, email=person.email)
                if (key, label) not in target.groups:
                    target.groups.append((key, label))
                people.append(target)
            groups.append((key, label, people))

    targets = list(by_key.values())
    if to:
        keys = {address.strip().lower() for address in to}
        unknown = sorted(keys - set(by_key))
        for address in unknown:
            problems.append(
                Problem(document.display_path, f"--to {address} 不在本期的收件人名单中（可用 jianbao status 查看名单）")
            )
        targets = [t for t in targets if t.key in keys]
        groups = [(k, label, [p for p in people if p.key in keys]) for k, label, people in groups]
        groups = [g for g in groups if g[2]]
    if problems:
        raise ProblemList(problems)
    if not targets:
        raise JianbaoError(f"第 {issue.id} 期的分发名单里没有收件人：请在清单的 distribution 中填写 报/送/发/抄送。")
    return Plan(issue_id=str(issue.id), targets=targets, groups=groups)
