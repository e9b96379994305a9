"""Reading YAML fast for commands that only read: libyaml (PyYAML's C loader) instead of ruamel's
pure-Python round-trip parser, which spends most of `jianbao toc` keeping comments and positions that a
reader does not need (and over a second on a 100-article issue).

Only a file that loads and validates is read this way. Anything else — a syntax error, a field error,
a duplicate key, an explicit tag, a scalar whose type this loader might judge differently from ruamel —
returns None, and the caller goes to the full loader (model.yamlio), which reports every problem with its
line. Commands that edit a manifest always use the full loader, which keeps comments.

The resolver follows YAML 1.2 as ruamel does: `yes`/`no`/`on`/`off` stay text, `1:30` is not a number.
`010` is ten. Number-like plain scalars outside the plain decimal forms below (`0x1F`, `0o10`, `1e3`,
`.5`, `1_000`) are not guessed at: they send the file to the full loader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
#: A plain scalar this loader does not decide; its constructor refuses, so the full loader decides.
UNDECIDED = "tag:jianbao,2026:undecided"
_NUMBER_START = list("-+0123456789.")
#: Bump when what the loader produces changes: cached data of older versions is then read anew.
LOADER_VERSION = "1"


class NotQuick(Exception):
    """The file must go to the full loader."""


@dataclass
class QuickDocument:
    """A manifest read for reading only: the validated issue, no YAML tree (nothing to edit)."""

    path: Path
    display_path: str
    issue: Any

    def require_articles(self) -> None:
        if not self.issue.article_count:
            # The full loader knows the line of `sections:` for the message.
            from jianbao_cli.model.yamlio import load_manifest

            load_manifest(self.path, self.display_path).require_articles()


@lru_cache(maxsize=1)
def yaml_loader():
    """The YAML 1.2 loader class on libyaml, or None when PyYAML lacks its C extension."""
    try:
        import yaml

        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None
    from yaml.constructor import ConstructorError

    class Yaml12Loader(base):
        def construct_mapping(self, node, deep=False):
            # ruamel refuses duplicate keys (a typo'd copy of a field); PyYAML would keep the last.
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    if key in seen:
                        raise ConstructorError(None, None, "duplicate key", key_node.start_mark)
                    seen.add(key)
                except TypeError:  # an unhashable key: let the full loader explain it
                    raise NotQuick() from None
            return super().construct_mapping(node, deep=deep)

    def refuse(loader, node):
        raise NotQuick()

    Yaml12Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag not in (BOOL, INT, FLOAT)]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Yaml12Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    # Decimal only, as ruamel reads YAML 1.2: `010` is ten (PyYAML would read octal eight).
    Yaml12Loader.add_implicit_resolver(INT, re.compile(r"^[-+]?[0-9]+$"), _NUMBER_START)
    Yaml12Loader.add_implicit_resolver(
        FLOAT, re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        _NUMBER_START)
    # Resolvers are tried in order: whatever number-like text is left is not guessed at.
    Yaml12Loader.add_implicit_resolver(UNDECIDED, re.compile(
        r"^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
        r"|\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$"), _NUMBER_START)
    Yaml12Loader.yaml_constructors = {
        tag: constructor for tag, constructor in base.yaml_constructors.items()
        if tag not in ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap",
                       "tag:yaml.org,2002:pairs", "tag:yaml.org,2002:value")
    }
    Yaml12Loader.add_constructor(UNDECIDED, refuse)
    Yaml12Loader.add_constructor(INT, lambda loader, node: int(node.value, 10))
    return Yaml12Loader


def quick_data(path: Path, cache_dir: Path | None = None) -> Any:
    """The file's data as plain Python (keys as text), or raise NotQuick.

    With `cache_dir`, the data of a file read before is taken from the cache when the file's text is
    the same (compared by SHA-256), and libyaml is not even imported; the caller validates it as always.
    New data is cached only by `save_cache`, which the command line calls when a command succeeds."""
    from jianbao_cli.model.yamlio import read_manifest_text

    try:
        text = read_manifest_text(Path(path), str(path))
    except Exception:  # missing, too big, not UTF-8: the full loader explains
        raise NotQuick() from None
    digest = hashlib.sha256(f"{LOADER_VERSION}\0{text}".encode("utf-8")).hexdigest()
    cache_file = _cache_file(cache_dir, path)
    cached = _read_cached(cache_file, digest)
    if cached is not None:
        return cached
    data = _parse(text)
    _write_cached(cache_file, digest, data)
    return data


def _parse(text: str) -> Any:
    loader = yaml_loader()
    if loader is None:
        raise NotQuick()
    import yaml

    from jianbao_cli.model.xmlsafe import find_xml_illegal

    try:
        data = yaml.load(text, Loader=loader)
    except NotQuick:
        raise
    except Exception:  # a YAML error, a bad date: the full loader explains
        raise NotQuick() from None
    if not isinstance(data, dict):
        raise NotQuick()

    def plain(node):
        if isinstance(node, dict):
            return {str(key): plain(value) for key, value in node.items()}
        if isinstance(node, list):
            return [plain(value) for value in node]
        if isinstance(node, str) and find_xml_illegal(node):  # an escape such as "\ud800"
            raise NotQuick()
        return node

    return plain(data)


# --- the cache: one file per manifest, holding the text's digest and the data ----------------


def _cache_file(cache_dir: Path | None, path: Path) -> Path | None:
    if cache_dir is None:
        return None
    try:
        name = hashlib.sha256(str(Path(path).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    except OSError:
        return None
    return Path(cache_dir) / f"yaml-{name}.bin"


def _read_cached(file: Path | None, digest: str) -> Any:
    if file is None:
        return None
    try:
        stored_digest, packed = marshal.loads(file.read_bytes())
        return _unpack(packed) if stored_digest == digest else None
    except (OSError, ValueError, EOFError, TypeError):
        return None


#: Cache files to write once the command has succeeded (`save_cache`): a refused command leaves every
#: file of the workspace as it was, its cache included.
_PENDING: dict[Path, bytes] = {}


def _write_cached(file: Path | None, digest: str, data: Any) -> None:
    if file is None:
        return
    try:
        _PENDING[file] = marshal.dumps((digest, _pack(data)))
    except (ValueError, TypeError):
        pass


def save_cache() -> None:
    """Write the data read this run into the cache. No fsync: a lost or torn cache file is only read
    again from the YAML (its digest, or marshal, refuses it)."""
    import os
    import tempfile

    while _PENDING:
        file, packed = _PENDING.popitem()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(packed)
                os.replace(temporary, file)
            except OSError:
                os.unlink(temporary)
                raise
        except OSError:
            pass  # a cache we cannot write only costs time


def _pack(node: Any) -> Any:
    """Plain data for marshal: dates as tagged tuples (YAML gives lists, never tuples)."""
    if isinstance(node, dict):
        return {key: _pack(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_pack(value) for value in node]
    if isinstance(node, dt.datetime):
        return ("datetime", node.isoformat())
    if isinstance(node, dt.date):
        return ("date", node.isoformat())
    if node is None or isinstance(node, (str, bool, int, float)):
        return node
    raise TypeError(type(node).__name__)


def _unpack(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _unpack(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_unpack(value) for value in node]
    if isinstance(node, tuple):
        kind, text = node
        return dt.datetime.fromisoformat(text) if kind == "datetime" else dt.date.fromisoformat(text)
    return node


def quick_validate(path: Path, model, cache_dir: Path | None = None):
    """The file validated against `model`, or None when the full loader must decide (and explain)."""
    from pydantic import ValidationError

    try:
        return model.model_validate(quick_data(path, cache_dir))
    except (NotQuick, ValidationError, ValueError, TypeError):
        return None


def quick_issue(path: Path, cache_dir: Path | None = None):
    """The validated Issue whose figures are all readable images, or None (see quick_validate)."""
    from jianbao_cli.model.images import NotAnImage, image_info
    from jianbao_cli.model.manifest import Issue

    issue = quick_validate(path, Issue, cache_dir)
    if issue is None:
        return None
    try:
        for figure in issue.figures():
            image_info(Path(path).parent / figure.figure)
    except (NotAnImage, Exception):
        return None
    return issue
