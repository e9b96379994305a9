"""The template engine: docxtpl's tag preprocessing, Jinja with autoescape and StrictUndefined.

Why not `DocxTemplate(path).render(); save()` for each issue: that re-reads the template with
python-docx, re-runs docxtpl's regex preprocessing and Jinja compilation, and re-serialises every
part, for every issue. Here a template is read and compiled once per process (and its preprocessed
source cached on disk by content hash, so a one-off `jianbao render` does not even import docxtpl
or python-docx); each issue then costs one Jinja render, a small lxml pass over the 报尾, and a
zip write. The XML that comes out is the same docxtpl would produce, with two deliberate
differences: docxtpl's `{_{`-style literal escapes are resolved in the template instead of in the
output, so article text containing `{_{` stays as written; and tabs in text become `<w:tab/>`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jianbao_cli.errors import EXIT_FAILED, EXIT_INPUT, JianbaoError

#: Bump when the preprocessing below changes, so cached sources are rebuilt.
ENGINE_VERSION = "3"

_TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_LITERAL_ESCAPES = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
_TAB_IN_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*\t[^<]*)(</w:t>)")
_TAGS = re.compile(r"<[^>]+>")


class TemplateError(JianbaoError):
    """A template that cannot be used: the message names the template and the tag."""

    exit_code = EXIT_INPUT


@dataclass
class CompiledTemplate:
    path: Path
    display: str
    digest: str
    entries: list[tuple[zipfile.ZipInfo, bytes]]
    sources: dict[str, str]
    templates: dict = field(default_factory=dict)
    _styles_cache: dict = field(default_factory=dict)
    #: Parts of an article this template does not print (编者按, 小标题, 图片 …): an older template
    #: still renders issues without them. None until the template has been verified.
    gaps: tuple[str, ...] | None = None

    def part(self, name: str) -> bytes | None:
        for info, data in self.entries:
            if info.filename == name:
                return data
        return None

    # --- rendering ----------------------------------------------------------------------------

    def render_parts(self, context: dict) -> dict[str, str]:
        """Rendered XML of every templated part; raises TemplateError naming the tag."""
        out: dict[str, str] = {}
        for name, template in self.templates.items():
            try:
                xml = template.render(context)
            except Exception as exc:  # jinja2 errors, and anything a filter in an edited template raises
                raise self.error_at(name, exc, _template_lineno(exc)) from None
            xml = xml.replace("\n<w:p", "<w:p")
            if "\t" in xml:
                xml = _TAB_IN_TEXT.sub(_tabs_to_runs, xml)
            out[name] = xml
        return out

    def error_at(self, part: str, exc: Exception, lineno: int | None) -> TemplateError:
        reason = describe_jinja_error(exc)
        where = ""
        if lineno:
            lines = self.sources[part].split("\n")
            if 0 < lineno <= len(lines):
                text = _TAGS.sub("", lines[lineno - 1]).strip()
                if text:
                    where = f"，出错的标记在“{_clip(text)}”"
        part_name = {"word/document.xml": "正文"}.get(part, part)
        return TemplateError(f"模板 {self.display} 的{part_name}有问题：{reason}{where}。"
                             "请在 Word 中改正模板，可用 jianbao template check 检查。")

    def styles_for(self, layout) -> bytes | None:
        from jianbao_cli.render.post import apply_layout

        key = tuple(sorted(layout.model_dump().items()))
        if key not in self._styles_cache:
            styles = self.part("word/styles.xml")
            self._styles_cache[key] = apply_layout(styles, layout) if styles is not None else None
        return self._styles_cache[key]

    def write(self, out_path: Path, replaced: dict[str, bytes]) -> None:
        """The template's parts, those in `replaced` replaced; names the template lacks are added
        (images: stored, not compressed again)."""
        from jianbao_cli.fsutil import atomic_write_bytes

        buffer = io.BytesIO()
        names = {info.filename for info, _ in self.entries}
        date_time = self.entries[0][0].date_time if self.entries else (1980, 1, 1, 0, 0, 0)
        # Level 1: the parts are small text; higher levels cost time and save almost nothing.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for info, data in self.entries:
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, replaced.get(info.filename, data), compresslevel=1)
            for name, data in replaced.items():
                if name in names:
                    continue
                entry = zipfile.ZipInfo(name, date_time=date_time)
                entry.compress_type = zipfile.ZIP_STORED if name.startswith("word/media/") else zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data)
        try:
            atomic_write_bytes(out_path, buffer.getvalue())
        except OSError as exc:
            raise JianbaoError(f"无法写入 {out_path}：{exc.strerror or exc}。请检查输出目录是否存在、可写。",
                               exit_code=EXIT_FAILED) from None


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tabs_to_runs(match: re.Match) -> str:
    open_tag, text, close_tag = match.groups()
    if "xml:space" not in open_tag:
        open_tag = '<w:t xml:space="preserve">'
    return open_tag + text.replace("\t", f'</w:t><w:tab/>{open_tag}') + close_tag


def _template_lineno(exc: Exception) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    # Runtime errors (undefined names) carry no line; Jinja puts the template line in the traceback.
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            found = frame.lineno
    return found


def describe_jinja_error(exc: Exception) -> str:
    message = str(exc)
    kind = type(exc).__name__
    if kind == "UndefinedError":
        m = re.match(r"'([^']+)' is undefined", message)
        if m:
            return f"未知变量 {m.group(1)}（可用的变量见 docs/render.md）"
        m = re.match(r"'[^']*' (?:object )?has no attribute '([^']+)'", message)
        if m:
            return f"没有字段 {m.group(1)}"
        return f"变量未定义（{message}）"
    if kind == "SecurityError":
        return f"标记访问了模板中不允许使用的属性（{message}）"
    if kind == "TemplateSyntaxError":
        return f"模板标记写错了（{message}）"
    return f"{kind}: {message}"


# --- loading --------------------------------------------------------------------------------

_MEMO: dict[tuple, CompiledTemplate] = {}


def load_template(path: Path, display: str | None = None, *, cache_dir: Path | None = None,
                  verify: bool = True) -> CompiledTemplate:
    """Read, preprocess and compile a template once per process (memoised on path+mtime+size)."""
    path = Path(path)
    display = display or str(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TemplateError(f"找不到模板 {display}。可用 jianbao init 重新生成，或在 jianbao.yaml 的 template 中改正路径。") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, verify)
    memo = _MEMO.get(key)
    if memo is not None:
        return memo
    data = path.read_bytes()
    digest = hashlib.sha256(data + ENGINE_VERSION.encode()).hexdigest()[:32]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(f"模板 {display} 不是有效的 Word 文档（.docx）：{exc}。") from None
    names = {info.filename for info, _ in entries}
    if "word/document.xml" not in names:
        raise TemplateError(f"模板 {display} 不是有效的 Word 文档：缺少 word/document.xml。")

    cached = _read_cache(cache_dir, digest)
    gaps = None
    if cached is not None:
        sources, verified, gaps = cached
    else:
        sources = {}
        for info, raw in entries:
            if _TEMPLATED_PART.match(info.filename) and b"{" in raw:
                sources[info.filename] = preprocess(raw.decode("utf-8"))
        verified = False
    template = CompiledTemplate(path=path, display=display, digest=digest, entries=entries, sources=sources,
                                gaps=tuple(gaps) if verified and gaps is not None else None)
    env = jinja_environment()
    codes = _read_code_cache(cache_dir, digest)
    compiled_now = {}
    for name, source in sources.items():
        try:
            code = codes.get(name)
            if code is None:
                code = compiled_now[name] = env.compile(source)
            template.templates[name] = env.template_class.from_code(env, code, env.make_globals(None))
        except Exception as exc:
            raise template.error_at(name, exc, getattr(exc, "lineno", None)) from None
    if verify and (not verified or template.gaps is None):
        from jianbao_cli.render.check import examine_template

        problems, found_gaps = examine_template(template)
        if problems:
            raise TemplateError(f"模板 {display} 不能使用：" + "；".join(problems) + "。请改正模板（jianbao template check 可检查）。")
        verified, template.gaps = True, tuple(found_gaps)
    if cached is None or (verified and (not cached[1] or cached[2] is None)):
        _write_cache(cache_dir, digest, sources, verified, template.gaps)
    if compiled_now and verified:
        _write_code_cache(cache_dir, digest, {**codes, **compiled_now})
    _MEMO[key] = template
    return template


def jinja_environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # autoescape: article text is XML text, `&` and `<` must arrive escaped, never as markup.
    # StrictUndefined: a misspelt variable is an error, never silently empty text.
    # Sandboxed: a template is a Word file that travels by e-mail; its tags must not reach Python.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def preprocess(xml: str) -> str:
    """docxtpl's preprocessing (tags split across runs, `{%p %}` paragraphs, …) as Jinja source."""
    from docx.oxml import ns
    from docxtpl import DocxTemplate

    # docxtpl imports docxcompose when it is installed (the volume needs it), and docxcompose remaps
    # python-docx's process-wide `cp` prefix to custom properties; put core properties back.
    ns.nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    source = DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)
    # One paragraph per line: Jinja's line numbers then point at the paragraph with the bad tag.
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    # docxtpl's escapes for literal braces in a template ({_{ → {{), resolved here as Jinja string
    # literals rather than by rewriting the output (which would also rewrite article text).
    source = _LITERAL_ESCAPES.sub(lambda m: "{{ " + repr(m.group().replace("_", "")) + " }}", source)
    # Keep leading/trailing spaces of substituted text (Word trims them in a plain <w:t>).
    source = source.replace("<w:t>", '<w:t xml:space="preserve">')
    return source


def _cache_file(cache_dir: Path | None, digest: str) -> Path | None:
    return None if cache_dir is None else Path(cache_dir) / f"template-{digest}.json"


def _read_cache(cache_dir: Path | None, digest: str):
    file = _cache_file(cache_dir, digest)
    if file is None:
        return None
    try:
        data = json.loads(file.read_text("utf-8"))
        gaps = data.get("gaps")
        return data["sources"], bool(data.get("verified")), list(gaps) if isinstance(gaps, list) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(cache_dir: Path | None, digest: str, sources: dict[str, str], verified: bool,
                 gaps: tuple[str, ...] | None = None) -> None:
    file = _cache_file(cache_dir, digest)
    if file is None:
        return
    from jianbao_cli.fsutil import write_cache

    write_cache(file, json.dumps({"sources": sources, "verified": verified,
                                  "gaps": list(gaps) if gaps is not None else None}, ensure_ascii=False).encode("utf-8"))


def _code_file(cache_dir: Path | None, digest: str) -> Path | None:
    # Jinja's compiled Python code, valid for this Python and this Jinja only.
    import sys

    import jinja2

    if cache_dir is None:
        return None
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}-jinja{jinja2.__version__}"
    return Path(cache_dir) / f"template-{digest}-{tag}.code"


def _read_code_cache(cache_dir: Path | None, digest: str) -> dict:
    import marshal

    file = _code_file(cache_dir, digest)
    if file is None:
        return {}
    try:
        codes = marshal.loads(file.read_bytes())
        return codes if isinstance(codes, dict) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}


def _write_code_cache(cache_dir: Path | None, digest: str, codes: dict) -> None:
    import marshal

    file = _code_file(cache_dir, digest)
    if file is None:
        return
    from jianbao_cli.fsutil import write_cache

    try:
        data = marshal.dumps(codes)
    except ValueError:  # an object marshal cannot write: the template is compiled again next time
        return
    write_cache(file, data)


def clear_memo() -> None:
    _MEMO.clear()
