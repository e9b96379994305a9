"""A workspace: a folder with `jianbao.yaml` at its root, `issues/`, `templates/`, `data/`.

Found like git finds a repository: `--workspace`, then `JIANBAO_WORKSPACE`, then walking up
from the current folder. Files the workspace lacks fall back to the copies packaged with jianbao.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from jianbao_cli.errors import JianbaoError, Problem, ProblemList
from jianbao_cli.ids import IssueId, is_issue_id
from jianbao_cli.settings import SETTINGS_FILE, Settings

ENV_WORKSPACE = "JIANBAO_WORKSPACE"
ISSUES_DIR = "issues"
RECIPIENTS_FILE = "data/recipients.yaml"
STATE_DIR = ".jianbao"


def packaged_defaults() -> Path:
    """The defaults shipped inside the package (settings, template, recipients, example issue)."""
    return Path(str(resources.files("jianbao_cli") / "defaults"))


@dataclass
class Workspace:
    root: Path

    # --- discovery --------------------------------------------------------------------------

    @classmethod
    def find(cls, explicit: Path | str | None = None, start: Path | None = None) -> "Workspace":
        chosen = explicit or os.environ.get(ENV_WORKSPACE) or None
        if chosen:
            root = Path(chosen).expanduser().resolve()
            if not (root / SETTINGS_FILE).is_file():
                raise JianbaoError(f"{root} 不是 jianbao 工作区：那里没有 {SETTINGS_FILE}（可用 jianbao init 创建）。")
            return cls(root)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                return cls(folder)
        raise JianbaoError(
            f"找不到工作区：{here} 及其上级目录都没有 {SETTINGS_FILE}。"
            f"请进入工作区，或用 --workspace 指定，或先运行 jianbao init 目录。"
        )

    # --- settings ---------------------------------------------------------------------------

    @cached_property
    def settings(self) -> Settings:
        from jianbao_cli.model.quickload import quick_validate

        quick = quick_validate(self.settings_path, Settings, self.cache_dir)
        if quick is not None:
            return quick
        # Not valid as read fast: the full loader says what is wrong, with the line.
        from jianbao_cli.model.yamlio import parse_tree, read_manifest_text, validate_tree

        display = self.display(self.settings_path)
        data = parse_tree(read_manifest_text(self.settings_path, display), display)
        return validate_tree(data, display, Settings)

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    # --- paths ------------------------------------------------------------------------------

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the workspace when inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def issues_dir(self) -> Path:
        return self.root / ISSUES_DIR

    def issue_path(self, issue_id: IssueId | str) -> Path:
        """The manifest path of an id; ids are parsed, so no path can escape `issues/`."""
        parsed = issue_id if isinstance(issue_id, IssueId) else IssueId.parse(issue_id)
        return self.issues_dir / parsed.filename

    def issue_ids(self) -> list[IssueId]:
        if not self.issues_dir.is_dir():
            return []
        ids = [IssueId.parse(p.stem) for p in self.issues_dir.glob("*.yaml") if is_issue_id(p.stem)]
        return sorted(ids)

    def load_issue(self, issue_id: IssueId | str):
        """Load and validate one manifest (a ManifestDocument), checking it is the issue its name says."""
        from jianbao_cli.model.yamlio import load_manifest

        parsed = issue_id if isinstance(issue_id, IssueId) else IssueId.parse(issue_id)
        path = self.issue_path(parsed)
        if not path.is_file():
            raise JianbaoError(f"没有第 {parsed} 期：找不到 {self.display(path)}。")
        document = load_manifest(path, self.display(path))
        if document.issue.id != parsed:
            raise ProblemList(
                [
                    Problem(
                        document.display_path,
                        f"文件名是 {parsed}，但内容是 {document.issue.id}（year/number/supplement 与文件名不符）",
                    )
                ]
            )
        return document

    def read_issue(self, issue_id: IssueId | str):
        """`load_issue` for commands that only read (toc, render, diff): a QuickDocument read by
        libyaml when the manifest is valid and is the issue its name says; otherwise `load_issue`,
        which explains what is wrong. Its result has no YAML tree: never edit or save it."""
        from jianbao_cli.model.quickload import QuickDocument, quick_issue

        parsed = issue_id if isinstance(issue_id, IssueId) else IssueId.parse(issue_id)
        path = self.issue_path(parsed)
        issue = quick_issue(path, self.cache_dir) if path.is_file() else None
        if issue is not None and issue.id == parsed:
            return QuickDocument(path, self.display(path), issue)
        return self.load_issue(parsed)

    def resolve_file(self, relative: str) -> Path:
        """A workspace file, or the packaged default when the workspace has none."""
        own = (self.root / relative).resolve()
        if own.exists():
            return own
        packaged = packaged_defaults() / relative
        if packaged.exists():
            return packaged
        return own

    @property
    def template_path(self) -> Path:
        return self.resolve_file(self.settings.template)

    @property
    def recipients_path(self) -> Path:
        return self.resolve_file(RECIPIENTS_FILE)

    @property
    def output_dir(self) -> Path:
        return (self.root / self.settings.output_dir).resolve()

    @property
    def outbox_dir(self) -> Path:
        return (self.root / self.settings.outbox_dir).resolve()

    @property
    def state_dir(self) -> Path:
        """Private state (the delivery ledger, locks): `.jianbao/` in the workspace."""
        path = self.root / STATE_DIR
        path.mkdir(exist_ok=True)
        return path

    @property
    def cache_dir(self) -> Path:
        """Caches that only save time (`.jianbao/cache/`); made when first written."""
        return self.root / STATE_DIR / "cache"

    def rendered_docx(self, issue_id: IssueId | str) -> Path:
        return self.output_dir / f"{issue_id}.docx"


def init_workspace(target: Path, *, with_example: bool = True) -> list[Path]:
    """Create a workspace from the packaged defaults; refuses to touch an existing one."""
    target = Path(target)
    if (target / SETTINGS_FILE).exists():
        raise JianbaoError(f"{target} 已经是工作区（已有 {SETTINGS_FILE}），未做任何改动。")
    defaults = packaged_defaults()
    files = [SETTINGS_FILE, RECIPIENTS_FILE, "templates/briefing.docx"]
    if with_example:
        files.append(f"{ISSUES_DIR}/2008-06.yaml")
    created: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    (target / ISSUES_DIR).mkdir(exist_ok=True)
    for relative in files:
        source = defaults / relative
        if not source.exists():
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        created.append(destination)
    return created
