"""A generated year of a bulletin: 24 regular issues and one 增刊, with sub-headings and figures.

Used by tests/archive and bench/volume_bench.py. Titles are unique across the year and none is part
of another, so a title found in a PDF names one article. Issues differ in length (one to three
pages), some titles are long enough to wrap, and every third issue has a photo (a small JPEG made
with Pillow) under `issues/<id>/`.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

DISTRICTS = ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "龙泉驿区", "青白江区", "新都区", "温江区", "双流县",
             "郫县", "大邑县", "蒲江县", "新津县", "都江堰市", "彭州市", "邛崃市", "崇州市", "金堂县", "高新区"]
TOPICS = ["推进政务公开", "开通网上办事大厅", "完成网站改版", "启用电子监察系统", "建成信息资源目录",
          "召开信息化工作会议", "举办网站编辑培训", "上线便民服务热线", "试行网上审批", "开展网站绩效评估",
          "建设无线城市", "发布农业科技信息", "整合部门网站群", "推广电子印章", "完善在线访谈栏目"]
SECTIONS = ["市政府门户网站动态", "政府网站群动态", "信息化建设", "经验交流"]
SENTENCES = [
    "为进一步提高政府网站的服务能力，该单位结合实际制定了工作方案，明确了责任分工和完成时限。",
    "系统上线以来运行平稳，累计受理群众咨询一千余件，办结率达到百分之九十八以上。",
    "会议要求各部门高度重视网站内容保障工作，及时更新政务信息，确保信息准确、权威、及时。",
    "下一步，将在总结试点经验的基础上，逐步在全市范围内推广应用，不断提升公共服务水平。",
    "市信息办有关负责人表示，电子政务建设要以需求为导向，坚持统筹规划、资源共享、注重实效。",
    "此次培训共有来自各区（市）县和市级部门的八十余名网站编辑参加，培训内容涵盖信息采编和网页设计。",
]
HEADINGS = ["一、基本情况", "二、主要做法", "（一）加强组织领导", "（二）完善工作机制", "三、下一步打算"]
DISTRIBUTION = {"送": ["市政府秘书长", "市信息办主任、副主任"], "发": ["市政府各部门", "区（市）县信息办"]}


def jpeg_bytes(seed: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (48, 32), ((seed * 53) % 256, (seed * 97) % 256, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _paragraph(seed: int, sentences: int) -> str:
    return "".join(SENTENCES[(seed + k) % len(SENTENCES)] for k in range(sentences))


def _article(counter: int, issue_id: str, with_figure: bool) -> dict:
    # (district, topic) differs for every counter below 20 × 15 = 300, so titles are unique
    district = DISTRICTS[counter % len(DISTRICTS)]
    topic = TOPICS[(counter // len(DISTRICTS) + counter % len(DISTRICTS)) % len(TOPICS)]
    title = f"{district}{topic}"
    if counter % 11 == 3:  # long enough to wrap in the body and in the 总目录
        title = f"{district}{topic}工作取得阶段性成效，将在全市范围内总结推广试点经验"
    blocks: list = [_paragraph(counter, 2 + counter % 4)]
    if counter % 3 == 0:
        blocks.append({"heading": HEADINGS[counter % len(HEADINGS)]})
        blocks.append(_paragraph(counter + 1, 3))
    if with_figure:
        blocks.append({"figure": f"{issue_id}/photo-{counter}.jpg", "caption": f"图为{district}工作现场"})
    if counter % 4 == 1:
        blocks.append(_paragraph(counter + 2, 5 + counter % 6))
    article = {"title": title, "paragraphs": blocks}
    if counter % 2 == 0:
        article["source"] = f"{district}信息办供稿"
    return article


def issue_data(year: int, number: int, supplement: bool = False, counter_start: int = 0) -> tuple[dict, list[str]]:
    """One issue's manifest data and the figure files it refers to (relative to issues/)."""
    issue_id = f"{year}-{'Z' if supplement else ''}{number:02d}"
    counter = counter_start
    sections = []
    figures = []
    section_count = 1 + number % 3
    for s in range(section_count):
        articles = []
        for _ in range(1 + (number + s) % 3):
            with_figure = number % 3 == 0 and not figures
            article = _article(counter, issue_id, with_figure)
            figures += [b["figure"] for b in article["paragraphs"] if isinstance(b, dict) and "figure" in b]
            articles.append(article)
            counter += 1
        sections.append({"title": SECTIONS[(number + s) % len(SECTIONS)], "articles": articles})
    month = min(12, 1 + (number - 1) // 2) if not supplement else 6
    day = 10 if number % 2 else 25
    data = {
        "series": "成都市政府网站简报", "year": year, "number": number, "total_number": None,
        "supplement": supplement, "date": dt.date(year, month, 15 if supplement else day),
        "publisher": "成都市经济信息中心", "sections": sections, "distribution": DISTRIBUTION,
        "copies": 60, "contact": "成都市经济信息中心 电话：87763494 Email: editor@chengdu.gov.cn",
    }
    return data, figures


def make_year(root: Path, year: int = 2008, regular: int = 24, supplements: int = 1) -> list[str]:
    """Write the year's manifests (and photos) into the workspace at root; returns the ids in series order."""
    from jianbao_cli.model import Issue
    from jianbao_cli.model.yamlio import issue_to_yaml

    issues_dir = root / "issues"
    issues_dir.mkdir(parents=True, exist_ok=True)
    ids = []
    counter = 0
    plan = [(n, False) for n in range(1, regular + 1)] + [(n, True) for n in range(1, supplements + 1)]
    titles: set[str] = set()
    for number, supplement in plan:
        data, figures = issue_data(year, number, supplement, counter)
        counter += sum(len(s["articles"]) for s in data["sections"])
        for k, figure in enumerate(figures):
            target = issues_dir / figure
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(jpeg_bytes(number * 10 + k))
        issue = Issue.model_validate(data)
        for _, article in issue.articles():
            assert article.title not in titles, article.title
            titles.add(article.title)
        (issues_dir / f"{issue.id}.yaml").write_text(issue_to_yaml(issue), encoding="utf-8")
        ids.append(str(issue.id))
    return ids


def make_workspace(root: Path, **kwargs) -> list[str]:
    """A workspace with the repository's settings and template, and a generated year."""
    (root / "templates").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "jianbao.yaml", root / "jianbao.yaml")
    shutil.copyfile(REPO / "templates" / "briefing.docx", root / "templates" / "briefing.docx")
    return make_year(root, **kwargs)
