"""Benchmark helper: a workspace whose seed issue goes to N people, and the same mail for mailmerge."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKSPACE_FILES = ["jianbao.yaml", "issues/2008-06.yaml", "data/recipients.yaml", "templates/briefing.docx"]
LABELS = 10


def people(count: int) -> list[tuple[str, str]]:
    return [(f"测试单位{i:04d}办公室", f"bench{i:04d}@example.org") for i in range(count)]


def make_workspace(target: Path, count: int) -> Path:
    """The example workspace, with the seed issue's distribution replaced by `count` people in 10 labels."""
    for relative in WORKSPACE_FILES:
        source = REPO / relative
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    everyone = people(count)
    labels = [f"基准测试第{n + 1}组" for n in range(LABELS)]
    lines = []
    for n, label in enumerate(labels):
        lines.append(f"{label}:")
        for name, email in everyone[n::LABELS]:
            lines.append(f"  - {{name: {name}, email: {email}}}")
    (target / "data/recipients.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = target / "issues/2008-06.yaml"
    text = manifest.read_text(encoding="utf-8")
    head, _, _ = text.partition("distribution:")
    tail = "\n".join(["distribution:", f"  送: [{', '.join(labels[:5])}]", f"  发: [{', '.join(labels[5:])}]",
                      "copies: null", ""])
    manifest.write_text(head + tail, encoding="utf-8")
    return target


def make_mailmerge_inputs(folder: Path, workspace: Path, port: int, count: int, docx: Path) -> list[str]:
    """Template, database and server config for mailmerge: same sender, subject, body text, attachment,
    recipients and server as jianbao. Returns the mailmerge command line."""
    from jianbao_cli.delivery.message import body_text, subject_of
    from jianbao_cli.delivery.plan import Target
    from jianbao_cli.workspace import Workspace

    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace(workspace)
    issue = ws.load_issue("2008-06").issue
    attachment = folder / "成都市政府网站简报2008年第6期.docx"
    shutil.copyfile(docx, attachment)

    class _A:
        filename = attachment.name

    body = body_text(issue, Target(name="{{name}}", email="{{email}}"), [_A()])
    template = (
        f"TO: {{{{name}}}} <{{{{email}}}}>\n"
        f"FROM: {ws.settings.mail.sender}\n"
        f"SUBJECT: {subject_of(issue)}\n"
        f"ATTACHMENT: {attachment.name}\n"
        "\n" + body
    )
    (folder / "template.txt").write_text(template, encoding="utf-8")
    with (folder / "database.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name"])
        for name, email in people(count):
            writer.writerow([email, name])
    (folder / "server.conf").write_text(
        f"[smtp_server]\nhost = 127.0.0.1\nport = {port}\nsecurity = Never\n", encoding="utf-8"
    )
    return ["--template", "template.txt", "--database", "database.csv", "--config", "server.conf",
            "--no-dry-run", "--no-limit", "--output-format", "text"]
