"""`jianbao doctor`: one row per thing that must work, each ✓ or ✗ with an explanation and a fix.

Checks, in order: the workspace and all of jianbao.yaml (mail settings and JIANBAO_SMTP_* included),
the recipients file, the template, LibreOffice (found, and converting a one-page document), each
official font name and the face it maps to for PDF, poppler, the state folder; with `mail=True` the
SMTP server step by step: connect, EHLO, STARTTLS or TLS with certificate verification, AUTH with
the configured password, QUIT. Nothing is sent, and the password never appears in any row.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from jianbao_cli.errors import JianbaoError


@dataclass
class Check:
    key: str  # stable, for monitoring: settings, recipients, template, libreoffice, font:黑体, smtp.auth, …
    name: str  # what was checked, as the user reads it
    ok: bool
    detail: str  # what was found
    fix: str = ""  # what to do about it (only when not ok)

    def to_json(self) -> dict:
        return asdict(self)


def _problems(error: JianbaoError) -> str:
    return "；".join(error.problems)


# --- workspace, settings, recipients, template, state -----------------------------------------------


def check_workspace(explicit: Path | None = None):
    """(Check, Workspace or None): the workspace found and all of jianbao.yaml valid."""
    from jianbao_cli.workspace import Workspace

    try:
        workspace = Workspace.find(explicit)
    except JianbaoError as error:
        return Check("workspace", "工作区", False, _problems(error), "进入工作区目录，或先运行 jianbao init 目录。"), None
    try:
        workspace.settings  # noqa: B018 — validates the whole file, mail: included
    except JianbaoError as error:
        return Check("settings", "工作区与设置（jianbao.yaml）", False, _problems(error),
                     "按提示改正 jianbao.yaml 中对应的行。"), None
    return Check("settings", "工作区与设置（jianbao.yaml）", True, f"工作区 {workspace.root}，设置有效。"), workspace


def check_mail_settings(workspace, env=None) -> tuple[Check, object]:
    from jianbao_cli.delivery import config as mail_config

    try:
        config = mail_config.resolve(workspace.settings, env)
        config.require_sender()
    except JianbaoError as error:
        return Check("mail.settings", "邮件设置（mail: 与 JIANBAO_SMTP_*）", False, _problems(error),
                     "改正 jianbao.yaml 的 mail: 部分或对应的 JIANBAO_SMTP_* 环境变量。"), None
    overridden = sorted(k for k in config.sources.values() if k.startswith(mail_config.ENV_PREFIX))
    detail = (f"服务器 {config.host}:{config.port}，加密方式 {config.security}，"
              f"发件人 {config.sender_text}，登录用户 {config.user or '（不登录）'}")
    if overridden:
        detail += f"；来自环境变量：{'、'.join(overridden)}"
    return Check("mail.settings", "邮件设置（mail: 与 JIANBAO_SMTP_*）", True, detail + "。"), config


def check_recipients(workspace) -> Check:
    from jianbao_cli.recipients import load_recipients

    display = workspace.display(workspace.recipients_path)
    try:
        recipients = load_recipients(workspace.recipients_path, display)
    except JianbaoError as error:
        return Check("recipients", "收件人名单", False, _problems(error), f"按提示改正 {display}。")
    people = {p.key for group in recipients.groups.values() for p in group}
    return Check("recipients", "收件人名单", True,
                 f"{display}：{len(recipients.groups)} 个名单，{len(people)} 个不同地址。")


def check_template(workspace) -> Check:
    from jianbao_cli.render.check import check_template as template_problems

    path = workspace.template_path
    display = workspace.display(path)
    try:
        problems = template_problems(path, display)
    except JianbaoError as error:
        problems = error.problems
    if problems:
        return Check("template", "模板", False, "；".join(problems),
                     "用 jianbao template check 查看详情，改正模板或把 jianbao.yaml 的 template 指向可用的模板。")
    return Check("template", "模板", True, f"{display} 可用。")


def check_state_dir(workspace) -> Check:
    from jianbao_cli.workspace import STATE_DIR

    folder = Path(workspace.root) / STATE_DIR
    try:
        folder.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor.", delete=True) as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        return Check("state_dir", "状态文件夹", False, f"{folder} 不可写：{error.strerror or error}",
                     f"让运行 jianbao 的用户可以写入 {folder}（如 chown 或 chmod u+w）。")
    return Check("state_dir", "状态文件夹", True, f"{folder} 可写（发送记录与锁文件存放于此）。")


# --- LibreOffice, fonts, poppler ---------------------------------------------------------------------


def check_libreoffice(layout=None, timeout: float = 180) -> Check:
    from jianbao_cli.libreoffice import convert, find_soffice
    from jianbao_cli.render.pdf import INSTALL_HINT, fontconfig_xml

    soffice = find_soffice()
    if not soffice:
        return Check("libreoffice", "LibreOffice", False, "找不到 LibreOffice（soffice 不在 PATH 中，也没有设置 JIANBAO_SOFFICE）。",
                     INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="jianbao-doctor-") as tmp:
        folder = Path(tmp)
        source = folder / "doctor.docx"
        _one_page_docx(source)
        fonts_conf = folder / "fonts.conf"
        fonts_conf.write_text(fontconfig_xml(layout), encoding="utf-8")
        try:
            done = convert(soffice, [source], folder, "pdf", profile=folder / "profile", timeout=timeout,
                           env={"FONTCONFIG_FILE": str(fonts_conf)})
        except subprocess.TimeoutExpired:
            return Check("libreoffice", "LibreOffice", False, f"{soffice} 转换一页文档超过 {timeout:g} 秒仍未结束。",
                         "检查是否有卡住的 soffice 进程，或重新安装 LibreOffice。")
        except OSError as error:
            return Check("libreoffice", "LibreOffice", False, f"无法运行 {soffice}：{error.strerror or error}", INSTALL_HINT)
        pdf = folder / "doctor.pdf"
        if done.returncode != 0 or not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            said = " ".join((done.stderr or done.stdout or "").split())[:200]
            return Check("libreoffice", "LibreOffice", False,
                         f"{soffice} 没能把一页文档转换为 PDF（退出状态 {done.returncode}）{('：' + said) if said else ''}",
                         INSTALL_HINT)
    return Check("libreoffice", "LibreOffice", True, f"{soffice} 可用：一页文档已转换为 PDF。")


def _one_page_docx(path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("jianbao doctor：成都市政府网站简报 试转换一页文档。")
    document.save(str(path))


def check_fonts(layout=None) -> list[Check]:
    from jianbao_cli.render.pdf import font_entries, fontconfig_xml

    fc_match = shutil.which("fc-match")
    if not fc_match:
        return [Check("fonts", "字体", False, "找不到 fc-match（fontconfig），无法检查字体映射。",
                      "安装 fontconfig：sudo apt-get install fontconfig")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="jianbao-fonts-") as tmp:
        fonts_conf = Path(tmp) / "fonts.conf"
        fonts_conf.write_text(fontconfig_xml(layout), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
        for name, face, weight in font_entries(layout):
            pattern = name + (f":weight={weight}" if weight else "")
            try:
                done = subprocess.run([fc_match, "-f", "%{family}|%{style[0]}|%{file}", pattern], capture_output=True,
                                      text=True, env=env, timeout=30)
                families, style, file = (done.stdout.split("|") + ["", "", ""])[:3]
            except (OSError, subprocess.TimeoutExpired) as error:
                families, style, file = "", "", str(error)
            found = [f.strip() for f in families.split(",")]
            if face in found:
                rows.append(Check(f"font:{name}", f"字体 {name}", True, f"PDF 中用 {face} {style}（{file}）代替。"))
            else:
                rows.append(Check(f"font:{name}", f"字体 {name}", False,
                                  f"应映射到 {face}，实际得到 {found[0] or '无'}（{file}）：PDF 中的字形会不对。",
                                  "安装免费字体：sudo apt-get install fonts-noto-cjk fonts-arphic-ukai"))
    return rows


def check_poppler() -> Check:
    tools = ("pdftotext", "pdffonts", "pdftoppm")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        return Check("poppler", "poppler", False, f"找不到 {'、'.join(missing)}（用于核对 PDF 与生成页面图片）。",
                     "安装 poppler：sudo apt-get install poppler-utils")
    try:
        done = subprocess.run([shutil.which("pdftotext"), "-v"], capture_output=True, text=True, timeout=30)
        version = (done.stderr or done.stdout).splitlines()[0].strip() if (done.stderr or done.stdout) else ""
    except (OSError, subprocess.TimeoutExpired, IndexError) as error:
        return Check("poppler", "poppler", False, f"pdftotext 无法运行：{error}", "重新安装 poppler-utils。")
    return Check("poppler", "poppler", True, f"{'、'.join(tools)} 可用（{version}）。")


# --- the SMTP server ---------------------------------------------------------------------------------


def check_mail_server(config, env=None) -> list[Check]:
    """connect, EHLO, TLS, AUTH, QUIT: stops at the first step that fails. Sends nothing.
    Should a server echo the password in a reply, it is masked in every row."""
    secrets: list[str] = []
    rows = _server_rows(config, env, secrets)
    for row in rows:
        for secret in secrets:
            if secret:
                row.detail = row.detail.replace(secret, "******")
                row.fix = row.fix.replace(secret, "******")
    return rows


def _server_rows(config, env, secrets: list[str]) -> list[Check]:
    import smtplib
    import socket
    import ssl

    from jianbao_cli.delivery.smtp import (
        MISMATCH, REFUSED, UNRESOLVED, AuthError, _describe, connect_problem, login_once, tls_context,
    )

    where = f"{config.host}:{config.port}"
    settings_fix = (f"检查 jianbao.yaml 中的 mail.host（现为 {config.host}）、mail.port（现为 {config.port}）"
                    f"和 mail.security（现为 {config.security}）；常见组合：starttls 用 587，ssl 用 465，none 用 25。")
    rows: list[Check] = []

    def failed(key: str, name: str, error: BaseException, fix: str | None = None) -> list[Check]:
        problem = connect_problem(error)
        if isinstance(error, ssl.SSLCertVerificationError):
            detail = f"{where} 的证书无法验证：{error.verify_message or error.reason}"
            fix = fix or "若服务器使用内部 CA，用 mail.cafile 或 JIANBAO_SMTP_CAFILE 指定该 CA 证书；否则请服务器管理员更换证书。"
        elif problem == MISMATCH:
            detail = f"TLS 或协议不匹配（{_describe(error)}）：该端口说的不是 mail.security 设定的方式。"
            fix = fix or settings_fix
        elif problem == UNRESOLVED:
            detail = f"域名 {config.host} 无法解析。"
            fix = fix or settings_fix
        elif problem == REFUSED:
            detail = f"{where} 拒绝连接：该端口没有服务在监听。"
            fix = fix or settings_fix
        elif isinstance(error, (socket.timeout, TimeoutError)):
            detail = f"{where} 在 {config.timeout:g} 秒内没有答复。"
            fix = fix or "检查网络与防火墙；若 mail.security 与端口不符（如对 465 端口用 starttls），服务器也会一直不答复。" + settings_fix
        else:
            detail = f"{where}：{_describe(error)}"
            fix = fix or settings_fix
        rows.append(Check(key, name, False, detail, fix))
        return rows

    local = socket.gethostname() or "localhost"
    context = tls_context(config.cafile)
    # connect (for ssl: the TCP connection alone, then TLS as its own step)
    try:
        if config.security == "ssl":
            socket.create_connection((config.host, config.port), timeout=config.timeout).close()
        else:
            smtp = smtplib.SMTP(config.host, config.port, local_hostname=local, timeout=config.timeout)
    except (OSError, smtplib.SMTPException) as error:
        return failed("smtp.connect", "SMTP 连接", error)
    if config.security == "ssl":
        rows.append(Check("smtp.connect", "SMTP 连接", True, f"已连接 {where}。"))
        try:
            smtp = smtplib.SMTP_SSL(config.host, config.port, local_hostname=local, timeout=config.timeout,
                                    context=context)
        except (OSError, smtplib.SMTPException) as error:
            return failed("smtp.tls", "TLS（mail.security: ssl）", error)
        rows.append(Check("smtp.tls", "TLS（mail.security: ssl）", True, f"隐式 TLS 已建立，证书验证通过（{smtp.sock.version()}）。"))
    else:
        rows.append(Check("smtp.connect", "SMTP 连接", True, f"已连接 {where}，服务器已问候。"))
    try:
        try:
            code, message = smtp.ehlo()
            if not 200 <= code < 300:
                raise smtplib.SMTPHeloError(code, message)
        except (OSError, smtplib.SMTPException) as error:
            return failed("smtp.ehlo", "EHLO", error, "服务器不接受 EHLO：请确认这是 SMTP 提交端口。" + settings_fix)
        rows.append(Check("smtp.ehlo", "EHLO", True, f"服务器提供：{' '.join(sorted(smtp.esmtp_features)) or '（无扩展）'}。"))
        if config.security == "starttls":
            if not smtp.has_extn("starttls"):
                rows.append(Check("smtp.tls", "STARTTLS（mail.security: starttls）", False,
                                  f"{where} 不提供 STARTTLS，jianbao 不会以明文发送。",
                                  "服务器用 465 端口隐式 TLS 时把 mail.security 设为 ssl；" + settings_fix))
                return rows
            try:
                smtp.starttls(context=context)
                smtp.ehlo()
            except (OSError, smtplib.SMTPException) as error:
                return failed("smtp.tls", "STARTTLS（mail.security: starttls）", error)
            rows.append(Check("smtp.tls", "STARTTLS（mail.security: starttls）", True,
                              f"加密已建立，证书验证通过（{smtp.sock.version()}）。"))
        elif config.security == "none":
            rows.append(Check("smtp.tls", "加密（mail.security: none）", True,
                              "按设置不加密：只适合本机或内网中继；经过公网请用 starttls 或 ssl。"))
        if config.user:
            try:
                password = config.password(env)
            except JianbaoError as error:
                rows.append(Check("smtp.auth", "登录（AUTH）", False, _problems(error),
                                  "设置 JIANBAO_SMTP_PASSWORD、mail.password_file（0600）或 mail.password_command。"))
                return rows
            if not smtp.has_extn("auth"):
                rows.append(Check("smtp.auth", "登录（AUTH）", False, f"{where} 没有提供登录（AUTH）。",
                                  "检查 mail.security 与端口（许多服务器只在加密后提供登录），或不设置 mail.user。"))
                return rows
            secrets.append(password.reveal())
            try:
                mechanism = login_once(smtp, config.user, password.reveal(), where=where)
            except AuthError as error:
                rows.append(Check("smtp.auth", "登录（AUTH）", False, str(error),
                                  "核对 mail.user 与密码（JIANBAO_SMTP_PASSWORD / mail.password_file / mail.password_command）；"
                                  "注意多次失败可能导致账号被锁。"))
                return rows
            except (OSError, smtplib.SMTPException) as error:
                return failed("smtp.auth", "登录（AUTH）", error)
            rows.append(Check("smtp.auth", "登录（AUTH）", True, f"用户 {config.user} 以 AUTH {mechanism} 登录成功。"))
        else:
            rows.append(Check("smtp.auth", "登录（AUTH）", True, "未设置 mail.user：不登录（服务器须允许本机不登录投递）。"))
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException) as error:
            return failed("smtp.quit", "QUIT", error, "服务器在结束会话时出错；发送时通常无碍，可稍后再试。")
        rows.append(Check("smtp.quit", "QUIT", True, "会话已正常结束，未发送任何邮件。"))
        return rows
    finally:
        try:
            smtp.close()
        except OSError:
            pass


# --- all of it ---------------------------------------------------------------------------------------


def run_checks(*, mail: bool = False, workspace_dir: Path | None = None, env=None) -> list[Check]:
    rows: list[Check] = []
    first, workspace = check_workspace(workspace_dir)
    rows.append(first)
    layout = None
    config = None
    if workspace is not None:
        layout = workspace.settings.layout
        mail_row, config = check_mail_settings(workspace, env)
        rows.append(mail_row)
        rows.append(check_recipients(workspace))
        rows.append(check_template(workspace))
    rows.append(check_libreoffice(layout))
    rows.extend(check_fonts(layout))
    rows.append(check_poppler())
    if workspace is not None:
        rows.append(check_state_dir(workspace))
    if mail:
        if config is None:
            rows.append(Check("smtp.connect", "SMTP 服务器", False, "邮件设置无效，未检查服务器。", "先改正上面列出的设置问题。"))
        else:
            rows.extend(check_mail_server(config, env))
    return rows
