"""One MIME message per recipient, built to be read correctly by Coremail, Foxmail, Outlook, QQ Mail.

- Subject `成都市政府网站简报 2008年第6期`; From/To built from `Address` objects (policy encodes names).
- text/plain + text/html alternative with the 本期导读 list, both base64 (no raw 8bit on the wire).
- Attachments carry RFC 2047 `name=` and `filename=` as raw ASCII header values generated here:
  `policy.default` would rewrite them to RFC 2231, which several of those clients cannot read.
- `Date` in +0800 (the workspace time zone); `Message-ID` derived from issue id, content hash and
  recipient, identical on every retry so that receivers can fold accidental duplicates.
- Every header value is checked for CR/LF/NUL and other control characters before use.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import mimetypes
from dataclasses import dataclass
from email import policy as email_policy
from email.headerregistry import Address
from email.utils import format_datetime
from pathlib import Path

from jianbao_cli.errors import JianbaoError

#: SMTP policy (CRLF); raw header values we set ourselves are written exactly as given.
POLICY = email_policy.SMTP.clone(refold_source="none")
CRLF = "\r\n"

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
PDF_TYPE = ("application", "pdf")


@dataclass(frozen=True)
class Attachment:
    filename: str  # as the reader sees it, e.g. 成都市政府网站简报2008年第6期.docx
    data: bytes
    maintype: str
    subtype: str

    @classmethod
    def from_file(cls, path: Path, filename: str) -> "Attachment":
        if path.suffix.lower() == ".docx":
            maintype, subtype = DOCX_TYPE
        elif path.suffix.lower() == ".pdf":
            maintype, subtype = PDF_TYPE
        else:
            guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            maintype, subtype = guessed.split("/", 1)
        return cls(filename=filename, data=Path(path).read_bytes(), maintype=maintype, subtype=subtype)


def check_header_text(value: str, what: str) -> str:
    from jianbao_cli.recipients import has_control_chars

    if has_control_chars(value):
        raise JianbaoError(f"{what}“{value!r}”含有换行或控制字符，不能用作邮件头；已拒绝，未发送任何邮件。")
    return value


def issue_title(issue) -> str:
    """`2008年第6期`, `2008年增刊第1期`."""
    return f"{issue.year}年{'增刊' if issue.supplement else ''}第{issue.number}期"


def subject_of(issue) -> str:
    return f"{issue.series} {issue_title(issue)}"


def attachment_stem(issue) -> str:
    return f"{issue.series}{issue_title(issue)}"


def content_hash(issue, figure_root=None) -> str:
    """What a reader receives, independent of who else receives it and when (see model.digest)."""
    from jianbao_cli.model.digest import content_hash as digest

    return digest(issue, figure_root)


def message_id(issue_id: str, chash: str, address: str, domain: str) -> str:
    who = hashlib.sha256(address.lower().encode("utf-8")).hexdigest()[:16]
    return f"<jianbao.{issue_id}.{chash[:16]}.{who}@{domain}>"


def encoded_words(text: str, limit: int = 60) -> list[str]:
    """RFC 2047 base64 words, each at most `limit` characters, split on character boundaries."""
    words: list[str] = []
    current = ""

    def word(chunk: str) -> str:
        return "=?UTF-8?B?" + base64.b64encode(chunk.encode("utf-8")).decode("ascii") + "?="

    for char in text:
        if current and len(word(current + char)) > limit:
            words.append(word(current))
            current = char
        else:
            current += char
    if current:
        words.append(word(current))
    return words


def _param_value(text: str) -> str:
    """A quoted parameter value: plain if printable ASCII, otherwise RFC 2047 words (folded)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text and len(text) < 60:
        return f'"{text}"'
    return '"' + (CRLF + " ").join(encoded_words(text)) + '"'


def toc_lines(issue) -> list[tuple[str | None, list[str]]]:
    return [(section.title, [a.title for a in section.articles]) for section in issue.sections if section.articles]


def body_text(issue, target, attachments: list[Attachment]) -> str:
    lines = [f"{target.name}：", ""]
    lines.append(
        f"《{issue.series}》{issue_title(issue)}（{issue.date.year}年{issue.date.month}月{issue.date.day}日）"
        f"已印发，全文见附件{'、'.join('《' + a.filename + '》' for a in attachments)}。"
    )
    lines += ["", "本期导读", ""]
    for title, articles in toc_lines(issue):
        if title:
            lines.append(title)
        for article in articles:
            lines.append(f"  · {article}")
        lines.append("")
    if target.groups:
        lines.append(f"（{target.group_text()}）")
        lines.append("")
    lines.append(issue.publisher)
    if issue.contact:
        lines.append(issue.contact)
    return "\n".join(lines) + "\n"


def body_html(issue, target, attachments: list[Attachment]) -> str:
    e = html.escape
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(subject_of(issue))}</title></head>"
        '<body style="font-family:\'Microsoft YaHei\',\'PingFang SC\',SimSun,sans-serif;font-size:14px;line-height:1.7">',
        f"<p>{e(target.name)}：</p>",
        f"<p>《{e(issue.series)}》{e(issue_title(issue))}（{issue.date.year}年{issue.date.month}月{issue.date.day}日）"
        f"已印发，全文见附件{'、'.join('《' + e(a.filename) + '》' for a in attachments)}。</p>",
        '<h3 style="font-family:SimHei,\'Microsoft YaHei\',sans-serif">本期导读</h3>',
    ]
    for title, articles in toc_lines(issue):
        if title:
            parts.append(f"<p><strong>{e(title)}</strong></p>")
        parts.append("<ul>" + "".join(f"<li>{e(a)}</li>" for a in articles) + "</ul>")
    if target.groups:
        parts.append(f'<p style="color:#666">（{e(target.group_text())}）</p>')
    parts.append(f"<p>{e(issue.publisher)}" + (f"<br>{e(issue.contact)}" if issue.contact else "") + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


@dataclass
class BuiltMessage:
    """One recipient's message as a list of pieces: the small per-recipient ones and the attachment
    blocks shared by every message of the issue (the same bytes objects, never copied), so that
    building a message costs a few KB whatever the attachments weigh."""

    target: object  # plan.Target
    message_id: str
    parts: list[bytes]  # each starts at the beginning of a line; joined: what goes after DATA

    @property
    def data(self) -> bytes:
        """The whole message (CRLF line ends); for .eml files and tests. Sending uses `parts`."""
        return b"".join(self.parts)

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)


def _fold(name: str, value) -> bytes:
    """One header, encoded and folded by the e-mail package (policy SMTP)."""
    return POLICY.fold_binary(name, POLICY.header_store_parse(name, value)[1])


def _address_header(header: str, address: Address) -> bytes:
    """`To: =?UTF-8?B?…?= <addr>`: a non-ASCII display name as RFC 2047 base64 words of our own
    (the e-mail package mis-folds some names, e.g. a quote next to a no-break space); an ASCII
    one through the e-mail package, which quotes it when needed."""
    name = address.display_name
    if not name or name.isascii():
        return _fold(header, address)
    # 75 is RFC 2047's limit: up to 15 Chinese characters stay in one word. (Python's own reader
    # puts a space between adjacent words of a display name; mail clients join them, as RFC 2047 says.)
    words = encoded_words(name, limit=75)
    line = f"{header}: " + (CRLF + " ").join(words)
    last = line.rsplit(CRLF, 1)[-1]
    joiner = " " if len(last) + len(address.addr_spec) + 3 <= 78 else CRLF + " "
    return (line + f"{joiner}<{address.addr_spec}>{CRLF}").encode("ascii")


def _b64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _text_b64(text: str) -> bytes:
    return _b64_lines(CRLF.join(text.splitlines()).encode("utf-8") + CRLF.encode())


class MessageFactory:
    """Builds the message for each recipient of one issue.

    Everything that is the same for all recipients (Subject, From, Date, the base64 attachment
    blocks) is encoded once; per recipient only To, Message-ID and the two short text parts are.
    Header values still go through the e-mail package (Address objects, policy SMTP); the MIME
    structure is assembled here, with boundaries that cannot occur in base64 or in our headers.
    """

    def __init__(self, issue, *, sender: Address, attachments: list[Attachment], chash: str, domain: str,
                 tz: dt.tzinfo, now: dt.datetime | None = None):
        check_header_text(sender.display_name, "发件人名称")
        self.issue = issue
        self.attachments = attachments
        self.chash = chash
        self.domain = domain
        when = (now or dt.datetime.now(tz)).astimezone(tz).replace(microsecond=0)
        subject = check_header_text(subject_of(issue), "邮件主题")
        self.common = (
            _fold("Subject", subject)
            + _address_header("From", sender)
            + _fold("Date", format_datetime(when))
            + f"X-Jianbao-Issue: {issue.id} {chash[:16]}{CRLF}MIME-Version: 1.0{CRLF}".encode("ascii")
        )
        self.attachment_blocks = [self._attachment_block(a) for a in attachments]

    @staticmethod
    def _attachment_block(attachment: Attachment) -> bytes:
        value = _param_value(check_header_text(attachment.filename, "附件名"))
        head = (
            f"Content-Type: {attachment.maintype}/{attachment.subtype};{CRLF} name={value}{CRLF}"
            f"Content-Transfer-Encoding: base64{CRLF}"
            f"Content-Disposition: attachment;{CRLF} filename={value}{CRLF}{CRLF}"
        )
        return head.encode("ascii") + _b64_lines(attachment.data)

    def build(self, target) -> BuiltMessage:
        check_header_text(target.name, "收件人姓名")
        check_header_text(target.email, "收件人地址")
        for _key, label in target.groups:
            check_header_text(label, "名单标签")
        mid = message_id(str(self.issue.id), self.chash, target.email, self.domain)
        token = hashlib.sha256(mid.encode("ascii")).hexdigest()[:24]
        mixed, alternative = f"=_jb_mixed_{token}", f"=_jb_alt_{token}"
        text = _text_b64(body_text(self.issue, target, self.attachments))
        page = _text_b64(body_html(self.issue, target, self.attachments))
        head = [
            self.common,
            _address_header("To", Address(display_name=target.name, addr_spec=target.email)),
            f"Message-ID: {mid}{CRLF}".encode("ascii"),
            f'Content-Type: multipart/mixed; boundary="{mixed}"{CRLF}{CRLF}'.encode("ascii"),
            f'--{mixed}{CRLF}Content-Type: multipart/alternative; boundary="{alternative}"{CRLF}{CRLF}'.encode("ascii"),
            f'--{alternative}{CRLF}Content-Type: text/plain; charset="utf-8"{CRLF}'
            f"Content-Transfer-Encoding: base64{CRLF}{CRLF}".encode("ascii"),
            text,
            f'{CRLF}--{alternative}{CRLF}Content-Type: text/html; charset="utf-8"{CRLF}'
            f"Content-Transfer-Encoding: base64{CRLF}{CRLF}".encode("ascii"),
            page,
            f"{CRLF}--{alternative}--{CRLF}".encode("ascii"),
        ]
        parts = [b"".join(head)]
        for block in self.attachment_blocks:
            parts += [f"{CRLF}--{mixed}{CRLF}".encode("ascii"), block]
        parts.append(f"{CRLF}--{mixed}--{CRLF}".encode("ascii"))
        return BuiltMessage(target=target, message_id=mid, parts=parts)


def build_message(issue, target, *, sender: Address, attachments: list[Attachment], chash: str, domain: str,
                  tz: dt.tzinfo, now: dt.datetime | None = None) -> BuiltMessage:
    return MessageFactory(issue, sender=sender, attachments=attachments, chash=chash, domain=domain, tz=tz,
                          now=now).build(target)
