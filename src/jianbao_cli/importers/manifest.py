"""An imported issue as manifest text, with each warning as a YAML comment beside its field."""

from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from jianbao_cli.importers.base import ImportResult, ImportWarning
from jianbao_cli.model.yamlio import dump_tree, issue_to_tree, parse_tree, validate_tree

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _comment(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def _attach(tree: CommentedMap, warning: ImportWarning) -> bool:
    """Put the warning as an end-of-line comment on the deepest existing node of its field path."""
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(warning.field)]
    if not steps:
        return False
    node, parent, key = tree, None, None
    for name, index in steps:
        child_key = name if name is not None else int(index)
        if isinstance(node, CommentedMap) and name is not None and name in node:
            parent, key, node = node, name, node[name]
        elif isinstance(node, CommentedSeq) and index is not None and int(index) < len(node):
            parent, key, node = node, int(index), node[int(index)]
        else:
            del child_key
            break
    if parent is None:
        return False
    message = "警告：" + _comment(warning.message)
    existing = parent.ca.items.get(key)
    if existing and existing[2 if isinstance(parent, CommentedMap) else 0] is not None:
        return False  # one comment per node: the rest go to the header
    parent.yaml_add_eol_comment(message, key)
    return True


def manifest_yaml(result: ImportResult) -> str:
    tree = issue_to_tree(result.issue)
    source = result.source.name if result.source is not None else "文本"
    header = [f"{result.issue.series} {result.issue.issue_line()}：由 jianbao import 自 {source} 导入"]
    unplaced = []
    for warning in result.warnings:
        if not _attach(tree, warning):
            unplaced.append(warning)
    if result.warnings:
        header.append(f"导入警告 {len(result.warnings)} 条，请核对后删除这些注释")
    for warning in unplaced:
        where = f"（{warning.field}）" if warning.field else ""
        line = f"第 {warning.line} 行" if warning.line else ""
        header.append(f"警告{where}{line}：{_comment(warning.message)}")
    tree.yaml_set_start_comment("\n".join(header))
    text = dump_tree(tree)
    # the file must load back to the very issue imported
    if _read_back(text, source) != result.issue:  # pragma: no cover - a bug, never user input
        raise AssertionError("导入的清单写出后读回不一致")
    return text


def _read_back(text: str, source: str):
    """The issue the written text holds. With ruamel.yaml's C parser (ruamel.yaml.clib) this takes a fifth
    of the round-trip parse, which keeps comments the check does not need; same YAML 1.2, same model."""
    loader = _fast_loader()
    if loader is None:
        return validate_tree(parse_tree(text, source), source)
    from jianbao_cli.model.manifest import Issue

    return Issue.model_validate(loader.load(text))


_LOADER: list = []


def _fast_loader():
    if not _LOADER:
        try:
            import _ruamel_yaml  # noqa: F401  (ruamel.yaml.clib: the C parser the safe loader uses)
            from ruamel.yaml import YAML

            _LOADER.append(YAML(typ="safe"))
        except ImportError:
            _LOADER.append(None)
    return _LOADER[0]
