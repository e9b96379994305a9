"""Hypothesis strategies for realistic manifests: Chinese sentences ending in 。, titles without
closing punctuation, labels without spaces (the rendered 报尾 separates labels by spaces).

`manifest(rich=True)` adds what an editor's desk produces: 编者按, sources (now and then written with
their parentheses, with two pairs, or with parentheses inside), sub-headings of all four levels (and unnumbered ones),
and figures with or without captions; `figure_files(issue)` makes a tiny image for each figure path
(PNG with or without transparency, JPEG), the same bytes for the same path."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# Common characters, without those that make a line look like a header, tail or enumeration
# (第 期 年 月 日 编 印 送 报 发 抄 and numerals), which no title or body sentence of the model would start with.
HAN = (
    "的在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主动同工也能下过子说产种面而方后多定行学"
    "法所民得经之进着等部度家电力里如水化高自理起小物现实加量都体制机当使点从业本去把性好应开它合还因由其些然前外天"
    "政那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气向道命此变条只没结解问意建公无系军很情者"
    "最立代想已通并提直题党程展果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她"
    "手角根论运农指几区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领海口东导器压志世金增争济阶油思"
    "术极交受联什认共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声斗完类离华名确才科"
    "张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难"
)
LATIN = ["3G", "R&D", "<1000", "A&B", "{{name}}", "GDP", "API", "50%", "x<y", "{%p%}"]


def _chars(min_size: int, max_size: int):
    return st.text(alphabet=HAN, min_size=min_size, max_size=max_size)


@st.composite
def sentence(draw) -> str:
    parts = [draw(_chars(4, 18))]
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()) and draw(st.integers(0, 3)) == 0:
            # Latin after a Chinese character: LibreOffice drops a full-width comma that it hangs at the
            # end of a line when Latin text follows, from the PDF's text layer (docs/import.md, limits)
            parts.append(draw(_chars(1, 4)) + draw(st.sampled_from(LATIN)) + draw(_chars(2, 8)))
        else:
            parts.append(draw(_chars(3, 16)))
    return "，".join(parts) + "。"


@st.composite
def paragraph(draw) -> str:
    return "".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def label(draw) -> str:
    return draw(_chars(2, 8)) + draw(st.sampled_from(["办", "局", "委", "中心", "办公室", "处"]))


HEADING_NUMBERS = ["一、", "三、", "十二、", "（一）", "（四）", "1.", "2．", "10、", "（1）", "（12）", ""]


@st.composite
def heading(draw) -> dict:
    return {"heading": draw(st.sampled_from(HEADING_NUMBERS)) + draw(_chars(2, 14))}


@st.composite
def figure(draw, folder: str) -> dict:
    name = draw(st.sampled_from(["photo", "图", "现场", "p"])) + str(draw(st.integers(1, 99)))
    block = {"figure": f"{folder}/{name}{draw(st.sampled_from(['.jpg', '.png', '.jpeg']))}"}
    if draw(st.booleans()):
        block["caption"] = draw(st.sampled_from(["图为", "", "图1 "])) + draw(_chars(3, 20))
    return block


@st.composite
def source(draw) -> str:
    text = draw(st.sampled_from(["", "作者：", "供稿："])) + draw(_chars(2, 8)) + draw(st.sampled_from(["供稿", "报送", "办"]))
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return f"（{text}）"  # written with its parentheses: the model takes them off
    if choice == 1:
        return f"（{text}）{draw(_chars(1, 4))}（{draw(_chars(1, 4))}）"  # parentheses inside
    if choice == 2:
        return f"（（{text}））"  # two pairs: all enclosing pairs are the layout's
    return text


@st.composite
def article(draw, title: str, folder: str, rich: bool) -> dict:
    if not rich:
        return {"title": title, "paragraphs": draw(st.lists(paragraph(), min_size=1, max_size=3))}
    blocks = draw(st.lists(st.one_of(paragraph(), paragraph(), heading(), figure(folder)), min_size=1, max_size=6))
    data = {"title": title, "paragraphs": blocks}
    if draw(st.booleans()):
        data["note"] = draw(paragraph())
    if draw(st.booleans()):
        data["source"] = draw(source())
    return data


def figure_files(issue) -> dict[str, bytes]:
    """A tiny image for each figure path of the issue: size and kind follow from the path."""
    import io
    import zlib

    from PIL import Image

    files = {}
    for fig in issue.figures():
        seed = zlib.crc32(fig.figure.encode("utf-8"))
        size = (1 + seed % 48, 1 + (seed >> 8) % 48)
        colour = (seed & 255, (seed >> 8) & 255, (seed >> 16) & 255)
        out = io.BytesIO()
        if fig.figure.endswith(".png"):
            mode = "RGBA" if seed & 1 else "RGB"
            Image.new(mode, size, colour + ((seed >> 24) & 255,) if mode == "RGBA" else colour).save(out, "PNG")
        else:
            Image.new("RGB", size, colour).save(out, "JPEG", quality=90)
        files[fig.figure] = out.getvalue()
    return files


@st.composite
def manifest(draw, max_articles: int = 4, rich: bool = False):
    from jianbao_cli.ids import IssueId
    from jianbao_cli.model.manifest import Issue

    year = draw(st.integers(2000, 2030))
    number, supplement = draw(st.integers(1, 60)), draw(st.booleans())
    folder = str(IssueId.of(year, number, supplement))
    titles = draw(st.lists(_chars(6, 24), min_size=1, max_size=max_articles, unique=True))
    # titles must be told apart: no title contained in another
    titles = [t for i, t in enumerate(titles) if not any(t in o or o in t for j, o in enumerate(titles) if j != i)] or titles[:1]
    articles = [draw(article(t, folder, rich)) for t in titles]
    if draw(st.booleans()) or len(articles) == 1:
        sections = [{"title": None, "articles": articles}]
    else:
        cut = draw(st.integers(1, len(articles) - 1))
        names = draw(st.lists(_chars(4, 8), min_size=2, max_size=2, unique=True))
        sections = [{"title": names[0] + "动态", "articles": articles[:cut]},
                    {"title": names[1] + "工作", "articles": articles[cut:]}]
        if draw(st.integers(0, 4)) == 0:  # now and then a section with no article (printed in the contents only)
            sections.insert(draw(st.integers(0, 2)), {"title": draw(_chars(4, 8)) + "专栏", "articles": []})
    keys = draw(st.lists(st.sampled_from(["报", "送", "发", "抄送"]), min_size=1, max_size=4, unique=True))
    distribution = {k: draw(st.lists(label(), min_size=1, max_size=5, unique=True)) for k in keys}
    return Issue.model_validate(
        {
            "series": draw(_chars(2, 8)) + "简报",
            "year": year,
            "number": number,
            "total_number": draw(st.one_of(st.none(), st.integers(1, 900))),
            "supplement": supplement,
            "date": draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))),
            "publisher": draw(_chars(3, 10)) + "办公室",
            "classification": draw(st.sampled_from([None, "内部资料"])),
            "sections": sections,
            "distribution": distribution,
            "copies": draw(st.one_of(st.none(), st.integers(1, 500))),
            "contact": draw(st.one_of(st.none(), st.builds(lambda u, n: f"{u} 电话：{n}", _chars(3, 8), st.integers(10**7, 10**8 - 1)))),
        }
    )
