"""Workspace settings (`jianbao.yaml`): house style, defaults for new issues, non-secret mail settings.

Secrets never live here: the SMTP password comes from the environment, a 0600 file or a command.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from jianbao_cli.model.manifest import Distribution, Line

SETTINGS_FILE = "jianbao.yaml"


def _known_timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"“{name}”不是已知的时区（应如 Asia/Shanghai）") from None
    return name


TimeZoneName = Annotated[str, AfterValidator(_known_timezone)]


class _Model(BaseModel):
    # defer_build: the validators are built when settings are first read, not when `jianbao toc` or
    # `--help` merely imports this module.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True, defer_build=True)


class LayoutSettings(_Model):
    """Typefaces, sizes and colours of the rendered bulletin (see shared layout.md)."""

    masthead_size_pt: float = Field(default=42, gt=0, le=120, description="报头字号（磅），初号 42")
    red: str = Field(default="FF0000", pattern=r"^[0-9A-Fa-f]{6}$", description="报头与红线颜色（RRGGBB）")
    title_font: str = Field(default="方正小标宋简体", description="小标宋：报头与文章标题")
    body_font: str = Field(default="仿宋_GB2312", description="仿宋：正文")
    kai_font: str = Field(default="楷体_GB2312", description="楷体：期号行、栏目名")
    hei_font: str = Field(default="黑体", description="黑体：本期导读")
    song_font: str = Field(default="宋体", description="宋体：页码")
    latin_font: str = Field(default="Times New Roman", description="西文字体")
    section_headings_in_body: bool = Field(default=False, description="正文中是否重复栏目名")
    pdfa: bool = Field(default=False, description="PDF 一律生成 PDF/A-2b（长期存档格式）")


class VolumeSettings(_Model):
    """The year's volume (合订本)."""

    order: Literal["series", "date"] = Field(
        default="series", description="总目录与正文中各期的顺序：series 先正刊后增刊，各按期号；date 按出刊日期"
    )


def _one_sender(value: str | None) -> str | None:
    from jianbao_cli.recipients import sender_problem

    if value:
        problem = sender_problem(value)
        if problem:
            raise ValueError(problem)
    return value


class MailSettings(_Model):
    """SMTP settings without secrets; each can be overridden by a JIANBAO_SMTP_* variable."""

    host: Line = Field(default="localhost", description="SMTP 服务器")
    port: int | None = Field(default=None, ge=1, le=65535, description="端口；空则按 security 取 25/587/465")
    security: Literal["none", "starttls", "ssl"] = Field(default="starttls", description="none、starttls 或 ssl")
    user: Line | None = Field(default=None, description="登录用户名")
    sender: Annotated[Line | None, AfterValidator(_one_sender)] = Field(
        default=None, alias="from", description="发件人（只能一个地址），如 成都市经济信息中心 <jb@example.org>"
    )
    cafile: str | None = Field(default=None, description="额外信任的 CA 证书文件")
    password_file: str | None = Field(default=None, description="密码文件（权限须为 0600）")
    password_command: str | None = Field(default=None, description="输出密码的命令")
    timeout: float = Field(default=60, gt=0, description="SMTP 超时（秒）")
    rate_per_minute: int = Field(default=0, ge=0, description="每分钟最多发送几封；0 为不限")
    retry_deadline_minutes: float = Field(default=30, ge=0, description="一次运行中临时失败重试的最长时间（分钟）")
    retry_backoff_seconds: float = Field(default=30, ge=0, description="首次重试前等待的秒数，之后每次加倍（最多 10 分钟）")
    attach_pdf: bool = Field(default=False, description="是否同时附上 PDF")
    max_connection_failures: int = Field(
        default=5, ge=1, description="连续这么多次连接失败（本次运行尚无成功）就停止本轮，不再为每个收件人等待超时"
    )
    message_id_domain: str | None = Field(default=None, description="Message-ID 的域名；空则取发件人域名")


def _lateness(value):
    """`12h`, `90m`, `1d`, `12 小时` or a number of hours → a timedelta."""
    import datetime as dt
    import re

    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("应为时长，如 12h、90m 或 1d")
    if isinstance(value, (int, float)):
        hours = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(h|小时|m|min|分钟|d|天)?\s*", str(value))
        if not match:
            raise ValueError(f"“{value}”不是时长（应如 12h、90m 或 1d）")
        unit = match.group(2) or "h"
        hours = float(match.group(1)) * {"h": 1, "小时": 1, "m": 1 / 60, "min": 1 / 60, "分钟": 1 / 60,
                                         "d": 24, "天": 24}[unit]
    if hours <= 0:
        raise ValueError("应大于 0")
    return dt.timedelta(hours=hours)


class ReviewSettings(_Model):
    """审核签发: whether sending needs a sign-off, by how many people, and how late a schedule may run."""

    required: bool = Field(default=False, description="发送前是否必须签发（jianbao approve）")
    approvers: int = Field(default=1, ge=1, le=20, description="签发所需的不同签发人数")
    max_lateness: Annotated[dt.timedelta, BeforeValidator(_lateness)] = Field(
        default=dt.timedelta(hours=12), description="定时发送最多可迟发多久（如 12h、90m）；超过则不发送并报告"
    )


class Settings(_Model):
    series: Line = Field(description="刊名")
    publisher: Line = Field(description="编印单位")
    contact: Line | None = Field(default=None, description="报尾联系方式")
    distribution: Distribution = Field(default_factory=Distribution, description="新一期默认的分发名单")
    copies: int | None = Field(default=None, ge=1, description="默认印数")
    template: str = Field(default="templates/briefing.docx", description="模板路径（相对工作区）")
    output_dir: str = Field(default="build", description="输出目录（相对工作区）")
    outbox_dir: str = Field(default="outbox", description="--dry-run 邮件输出目录")
    timezone: TimeZoneName = Field(default="Asia/Shanghai", description="时区")
    layout: LayoutSettings = Field(default_factory=LayoutSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    volume: VolumeSettings = Field(default_factory=VolumeSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
