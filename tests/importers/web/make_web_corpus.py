"""Writes the second labelled corpus: back issues as offices' websites show them, and text copied from them.

Written and labelled BEFORE the importer learned web pages, clutter, 【栏目】 contents, heading-less numbered
contents, two-line mastheads, sources and captions (docs/import.md records the first run). Each page is
written by hand in the style of a different office's site (a county CMS with `#zoom`, an old GB2312 table
layout with the masthead as an image, a TRS editor page saved with its `_files`, a Chrome .mhtml, an IE
.mht, a university news page, text pasted from pages); `LABELS` is what the printed issue says.

Run: python make_web_corpus.py   (writes the pages, their `_files`, the .mht/.mhtml and NAME.yaml labels)
"""

from __future__ import annotations

import base64
import quopri
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))

from jianbao_cli.model.manifest import Issue  # noqa: E402
from jianbao_cli.model.yamlio import issue_to_yaml  # noqa: E402

FW = "\u3000"


def art(title, *paragraphs, source=None):
    out = {"title": title, "paragraphs": list(paragraphs)}
    if source:
        out["source"] = source
    return out


def photo(path: Path, size: str, colour: str) -> bytes:
    """A small real JPEG (ImageMagick), standing in for a photo of the event."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["convert", "-size", size, f"gradient:{colour}", "-quality", "70", str(path)], check=True)
    return path.read_bytes()


def png(path: Path, size: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["convert", "-size", size, "xc:#c00000", str(path)], check=True)


FILES: dict[str, tuple[str, str]] = {}  # file name → (text, encoding)
LABELS: dict[str, dict] = {}  # file name → expected issue


# ---- w01: county government CMS (UTF-8), breadcrumbs, meta line, 字体, share row, 上一篇/下一篇, ICP footer ----
w01_p = [
    "3月中旬，县政府督查室会同县发展改革局、县住建局，对全县二十三个重点项目建设情况进行了实地督查。从督查情况看，十六个项目进度达到或超过序时进度，总体进展良好。",
    "督查发现，部分项目仍存在征地拆迁推进慢、要素保障不到位等问题。督查室已将问题清单反馈各责任单位，要求于4月15日前报送整改情况。",
    "3月下旬，县政府督查室抽调人员组成三个督查组，对县直十二个部门“放管服”改革任务落实情况开展专项督查，重点检查“一窗受理”“最多跑一次”落实情况。",
    "从督查情况看，各部门进驻政务服务大厅事项达到七百余项，群众办事平均跑动次数明显减少，但个别部门仍存在“明进暗不进”现象。",
]
FILES["w01-county-cms-utf8.html"] = ("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务督查简报（2019年第6期）_清河县人民政府</title>
<link rel="stylesheet" href="/css/style.css">
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top"><img src="/images/logo.png" alt="清河县人民政府"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/dcjb/">督查简报</a></div>
<div class="main">
<div class="article">
<h1 class="title">政务督查简报（2019年第6期）</h1>
<div class="info">信息来源：县政府督查室&nbsp;&nbsp;作者：李敏&nbsp;&nbsp;发布日期：2019-04-02 09:31&nbsp;&nbsp;点击：[ <span id="hits">268</span> ]</div>
<div class="fontsize">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="content" id="zoom">
<p style="text-align: center;"><span style="color: rgb(255, 0, 0); font-size: 36px;"><strong>政务督查简报</strong></span></p>
<p style="text-align: center;">2019年第6期（总第58期）</p>
<p>清河县人民政府督查室&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;2019年3月28日</p>
<p><strong>本期要目</strong></p>
<p>◆全县重点项目建设督查情况通报</p>
<p>◆县政府督查室开展“放管服”改革专项督查</p>
<p style="text-align: center;"><strong>全县重点项目建设督查情况通报</strong></p>
<p style="text-indent: 2em;">""" + w01_p[0] + """</p>
<p style="text-indent: 2em;">""" + w01_p[1] + """</p>
<p style="text-align: center;"><strong>县政府督查室开展“放管服”改革专项督查</strong></p>
<p style="text-indent: 2em;">""" + w01_p[2] + """</p>
<p style="text-indent: 2em;">""" + w01_p[3] + """</p>
<p>送：县委办公室，县人大常委会办公室，县政协办公室。</p>
<p>发：各乡镇人民政府，县政府各部门。</p>
</div>
<div class="share">分享到：<a class="wx">微信</a> <a class="wb">微博</a> <a class="qz">QQ空间</a></div>
<div class="prenext"><p>上一篇：<a href="/zwgk/dcjb/201903/t20190315_1.html">政务督查简报（2019年第5期）</a></p><p>下一篇：<a href="/zwgk/dcjb/201904/t20190418_2.html">政务督查简报（2019年第7期）</a></p></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer">
<p>主办单位：清河县人民政府办公室　承办：清河县政务服务数据管理局</p>
<p>版权所有 © 2019 清河县人民政府　<a href="https://beian.miit.gov.cn">冀ICP备05012345号-1</a>　冀公网安备 13053402000123号</p>
<p>地址：清河县人民路66号　联系电话：0319-8123456</p>
</div>
</body>
</html>
""", "utf-8")
LABELS["w01-county-cms-utf8.html"] = dict(
    series="政务督查简报", year=2019, number=6, total_number=58, date="2019-03-28", publisher="清河县人民政府督查室",
    sections=[{"title": None, "articles": [
        art("全县重点项目建设督查情况通报", *w01_p[:2]),
        art("县政府督查室开展“放管服”改革专项督查", *w01_p[2:])]}],
    distribution={"送": ["县委办公室", "县人大常委会办公室", "县政协办公室"], "发": ["各乡镇人民政府", "县政府各部门"]})


# ---- w02: GB2312 page of 2010, table layout, masthead an image, lines broken by <br>, &nbsp; indents ----
w02_p = [
    "5月18日，县安委会办公室召开全县非煤矿山安全生产工作会议，通报了一季度全县非煤矿山安全生产情况，安排部署了汛期安全生产工作。",
    "会议要求，各乡镇和有关部门要认真落实属地管理责任，对辖区内所有非煤矿山逐一开展拉网式排查，发现隐患立即整改，整改不到位的一律停产整顿。",
    "为切实做好汛期安全生产工作，县安监局近日组织三个检查组，对全县危险化学品经营单位、烟花爆竹储存仓库进行了专项检查。",
    "此次检查共检查企业三十六家，发现各类隐患五十二处，当场整改四十一处，对其余隐患下达了限期整改指令书。",
]
FILES["w02-anjian-gb2312-table.htm"] = ("""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>安全生产简报 第5期 - 松林县安全生产监督管理局</title>
<style type="text/css">.a14 {font-size:14px; line-height:200%}</style>
</head>
<body topmargin="0" leftmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="../images/top_banner.jpg" width="980" height="120"></td></tr>
<tr><td height="30" background="../images/nav_bg.gif">&nbsp;&nbsp;<a href="../index.asp">首页</a> | <a href="../news.asp">工作动态</a> | <a href="../jianbao.asp">安全生产简报</a> | <a href="../zcfg.asp">政策法规</a></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="200" valign="top"><table><tr><td><a href="../jianbao.asp">简报列表</a></td></tr><tr><td><a href="../tzgg.asp">通知公告</a></td></tr></table></td>
<td width="780" valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td height="28">您现在的位置：<a href="../index.asp">首页</a> &gt;&gt; <a href="../jianbao.asp">安全生产简报</a> &gt;&gt; 正文</td></tr>
<tr><td align="center" height="40"><font size="4"><b>安全生产简报 第5期</b></font></td></tr>
<tr><td align="center">发布时间：2010-5-24 16:08:32&nbsp;&nbsp;&nbsp;浏览次数：1125&nbsp;&nbsp;&nbsp;【<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td class="a14">
<div align="center"><img src="../UploadFiles/2010/jianbao_title.gif" width="500" height="90" border="0"></div>
<div align="center">第5期</div>
<div align="center">松林县安全生产委员会办公室&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;2010年5月20日</div>
<br>
<div align="center"><b>全县非煤矿山安全生产工作会议召开</b></div>
&nbsp;&nbsp;&nbsp;&nbsp;""" + w02_p[0] + """<br>
&nbsp;&nbsp;&nbsp;&nbsp;""" + w02_p[1] + """<br>
<br>
<div align="center"><b>县安监局开展危险化学品和烟花爆竹专项检查</b></div>
&nbsp;&nbsp;&nbsp;&nbsp;""" + w02_p[2] + """<br>
&nbsp;&nbsp;&nbsp;&nbsp;""" + w02_p[3] + """<br>
<br>
报：县委、县人大、县政府、县政协领导<br>
发：各乡镇人民政府，县安委会各成员单位<br>
</td></tr>
<tr><td align="right"><a href="javascript:window.print()">打印本页</a>&nbsp;&nbsp;<a href="javascript:window.close()">关闭窗口</a></td></tr>
<tr><td>上一篇：<a href="show.asp?id=118">安全生产简报 第4期</a><br>下一篇：<a href="show.asp?id=121">安全生产简报 第6期</a></td></tr>
</table>
</td>
</tr>
</table>
<table width="980" align="center"><tr><td align="center">版权所有：松林县安全生产监督管理局&nbsp;&nbsp;技术支持：松林县信息中心<br>备案号：豫ICP备08001234号</td></tr></table>
</body>
</html>
""", "gb2312")
LABELS["w02-anjian-gb2312-table.htm"] = dict(
    series="安全生产简报", year=2010, number=5, date="2010-05-20", publisher="松林县安全生产委员会办公室",
    sections=[{"title": None, "articles": [
        art("全县非煤矿山安全生产工作会议召开", *w02_p[:2]),
        art("县安监局开展危险化学品和烟花爆竹专项检查", *w02_p[2:])]}],
    distribution={"报": ["县委、县人大、县政府、县政协领导"], "发": ["各乡镇人民政府", "县安委会各成员单位"]})


# ---- w03: a TRS-editor page saved "complete" with its _files folder: photo + 图为 caption, （供稿：…） ----
w03_p = [
    "7月8日至10日，县教育局在县第一中学举办全县中小学教师暑期集中培训，全县各中小学校长、骨干教师共四百二十人参加培训。",
    "培训邀请省内外六位专家围绕新课程标准解读、课堂教学改革、信息技术与学科融合等内容作专题讲座。参训教师纷纷表示，培训内容实用，收获很大。",
    "为确保学生度过一个安全、健康、快乐的暑假，县教育局近日下发通知，要求各校在放假前开展一次安全教育活动，并通过致家长的一封信落实家长监护责任。",
]
W03_CAPTION = "图为培训现场。"
FILES["w03-jiaoyu-saved-complete.html"] = ("""<!DOCTYPE html>
<!-- saved from url=(0071)http://www.qsxedu.gov.cn/art/2019/7/16/art_1482_36211.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>青山县教育局 工作简报 教育工作简报（第7期）</title>
<link rel="stylesheet" type="text/css" href="./w03-jiaoyu-saved-complete_files/style.css">
<script src="./w03-jiaoyu-saved-complete_files/jquery.min.js"></script>
</head>
<body>
<div class="header"><img src="./w03-jiaoyu-saved-complete_files/logo.png" alt="青山县教育局"></div>
<div class="crumb">当前位置：<a href="http://www.qsxedu.gov.cn/">首页</a> &gt; <a href="http://www.qsxedu.gov.cn/col/col1482/">工作简报</a></div>
<div class="wrap">
<div class="art-title">教育工作简报（第7期）</div>
<div class="art-info"><span>来源：县教育局办公室</span> <span>发布时间：2019-07-16</span> <span>浏览次数：<script>document.write(432)</script>432</span></div>
<div class="TRS_Editor">
<p align="center"><font color="#ff0000" size="6"><b>教育工作简报</b></font></p>
<p align="center">第7期</p>
<p>青山县教育局办公室　　　　　　　　　　　2019年7月12日</p>
<p align="center"><b>全县中小学教师暑期集中培训开班</b></p>
<p>　　""" + w03_p[0] + """</p>
<p align="center"><img src="./w03-jiaoyu-saved-complete_files/W020190716394718523660.jpg" alt="" width="500" height="333"></p>
<p align="center">""" + W03_CAPTION + """</p>
<p>　　""" + w03_p[1] + """</p>
<p align="right">（供稿：县教师进修学校）</p>
<p align="center"><b>县教育局部署暑期学生安全工作</b></p>
<p>　　""" + w03_p[2] + """</p>
<p>抄送：县委教育工委，县政府办公室。</p>
</div>
<div class="share bdsharebuttonbox"><a class="bds_more" data-cmd="more">分享到：</a><a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina" title="分享到新浪微博">新浪微博</a></div>
<div class="art-tools"><a href="javascript:window.print();">打印本页</a> | <a href="javascript:window.close();">关闭窗口</a></div>
</div>
<div class="footer">Copyright © 2019 青山县教育局 All Rights Reserved　浙ICP备12034567号</div>
</body></html>
""", "utf-8")
LABELS["w03-jiaoyu-saved-complete.html"] = dict(
    series="教育工作简报", year=2019, number=7, date="2019-07-12", publisher="青山县教育局办公室",
    sections=[{"title": None, "articles": [
        art("全县中小学教师暑期集中培训开班", w03_p[0],
            {"figure": "2019-07/W020190716394718523660.jpg", "caption": W03_CAPTION}, w03_p[1],
            source="供稿：县教师进修学校"),
        art("县教育局部署暑期学生安全工作", w03_p[2])]}],
    distribution={"抄送": ["县委教育工委", "县政府办公室"]})


# ---- w04: Chrome "single file" .mhtml (UTF-8): 【栏目】 contents over unmarked items, photo inside the archive ----
w04_p = [
    "9月20日，市科技局组织专家对全市十二家省级农业科技示范基地进行了年度评估。评估采取听取汇报、查阅资料和实地查看相结合的方式进行。",
    "评估结果显示，全市示范基地今年共引进新品种八十六个，推广新技术二十三项，带动周边农户一万二千余户。",
    "今年以来，市科技局深入实施科技型中小企业梯次培育行动，全市新增国家科技型中小企业一百一十八家，同比增长百分之三十一。",
    "市科技局将继续加大对科技型企业的服务力度，推动更多企业进入高新技术企业培育库。",
]
W04_CAPTION = "图为专家组在示范基地实地查看。"
w04_html = """<!DOCTYPE html><html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>科技工作简报（2020年第9期） - 宁川市科学技术局</title>
<link rel="stylesheet" href="https://www.ncskj.gov.cn/static/css/main.css"></head>
<body><header class="site-header"><a href="https://www.ncskj.gov.cn/"><img src="https://www.ncskj.gov.cn/static/img/logo.png" alt="宁川市科学技术局"></a>
<nav><a href="https://www.ncskj.gov.cn/">首页</a><a href="https://www.ncskj.gov.cn/xxgk/">信息公开</a><a href="https://www.ncskj.gov.cn/kjjb/">科技简报</a></nav></header>
<div class="breadcrumb">您所在的位置：<a href="https://www.ncskj.gov.cn/">首页</a> &gt; <a href="https://www.ncskj.gov.cn/kjjb/">科技简报</a></div>
<article class="detail">
<h2 class="detail-title">科技工作简报（2020年第9期）</h2>
<div class="detail-meta">发布时间：2020-10-09 10:26　来源：办公室　阅读：<span>517</span>　<span class="font-size">字号：<a>大</a> <a>中</a> <a>小</a></span></div>
<div class="detail-content">
<p style="text-align:center"><span style="font-size:32px;color:#e00000">科技工作简报</span></p>
<p style="text-align:center">2020年第9期</p>
<p style="text-align:center">宁川市科学技术局　　　　2020年9月28日</p>
<p><strong>本期要目</strong></p>
<p>【农村科技】</p>
<p>全市省级农业科技示范基地年度评估完成</p>
<p>【企业创新】</p>
<p>全市新增国家科技型中小企业一百一十八家</p>
<p style="text-align:center"><strong>全市省级农业科技示范基地年度评估完成</strong></p>
<p style="text-indent:2em">""" + w04_p[0] + """</p>
<p style="text-align:center"><img src="https://www.ncskj.gov.cn/upload/2020/10/09/5f7fc2a1e4b0.jpg" alt="" style="max-width:600px"></p>
<p style="text-align:center">""" + W04_CAPTION + """</p>
<p style="text-indent:2em">""" + w04_p[1] + """</p>
<p style="text-align:center"><strong>全市新增国家科技型中小企业一百一十八家</strong></p>
<p style="text-indent:2em">""" + w04_p[2] + """</p>
<p style="text-indent:2em">""" + w04_p[3] + """</p>
<p>报：市委、市政府领导</p>
<p>送：省科技厅办公室</p>
<p>发：各县（区）科技局</p>
</div>
<div class="detail-share">分享：<a>微信</a><a>微博</a><a>QQ</a></div>
<div class="detail-nav"><p>上一篇：科技工作简报（2020年第8期）</p><p>下一篇：没有了</p></div>
</article>
<footer><p>宁川市科学技术局 版权所有　网站标识码：6401000012　宁ICP备10000567号</p></footer>
</body></html>
"""
LABELS["w04-keji-chrome.mhtml"] = dict(
    series="科技工作简报", year=2020, number=9, date="2020-09-28", publisher="宁川市科学技术局",
    sections=[
        {"title": "农村科技", "articles": [
            art("全市省级农业科技示范基地年度评估完成", w04_p[0],
                {"figure": "2020-09/5f7fc2a1e4b0.jpg", "caption": W04_CAPTION}, w04_p[1])]},
        {"title": "企业创新", "articles": [art("全市新增国家科技型中小企业一百一十八家", *w04_p[2:])]}],
    distribution={"报": ["市委、市政府领导"], "送": ["省科技厅办公室"], "发": ["各县（区）科技局"]})


# ---- w05: university news page: two-line masthead (series over the institute), numbered contents, no heading ----
w05_p = [
    "4月20日，教育部在京召开2018年度高校科技工作会议。会议总结了过去一年高校科技工作取得的成绩，部署了2018年高校科技工作重点任务。",
    "会议强调，高校要围绕国家重大战略需求，加强基础研究和原始创新，推动科技成果转化，为建设创新型国家作出更大贡献。",
    "为推进新工科建设，我校于今年3月启动“新工科建设行动计划”，首批遴选十个专业开展改革试点，重点在课程体系重构、校企协同育人等方面进行探索。",
    "近年来，国外一流大学纷纷推进本科教育改革。哈佛大学修订通识教育方案，斯坦福大学提出“开环大学”设想，麻省理工学院启动“新工程教育转型”计划。",
    "这些改革的共同趋势是：强调跨学科学习，重视学生自主探究，注重培养学生解决复杂问题的能力。",
]
FILES["w05-gaojiao-two-line-masthead.html"] = ("""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>现代高教信息2018年第3期-江城大学高等教育研究所</title>
</head>
<body>
<div id="header"><a href="/"><img src="/_upload/site/logo.png"></a></div>
<div id="menu"><a href="/">首页</a> <a href="/jgsz/">机构设置</a> <a href="/gjxx/">高教信息</a></div>
<div id="container">
<div class="path">当前位置: <a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/gjxx/">高教信息</a>&nbsp;&gt;&nbsp;正文</div>
<div class="wp_articlecontent">
<h1 class="arti_title">现代高教信息2018年第3期</h1>
<p class="arti_metas"><span>作者：</span><span>发布时间：2018-05-16</span><span>阅读：356</span></p>
<div class="entry">
<p style="text-align:center"><strong>现代高教信息</strong></p>
<p style="text-align:center">江城大学高等教育研究所</p>
<p style="text-align:center">2018年第3期（总第45期）</p>
<p style="text-align:center">2018年5月10日</p>
<p>1.教育部召开2018年度高校科技工作会议</p>
<p>2.我校启动新工科建设行动计划</p>
<p>3.国外一流大学本科教育改革动向</p>
<p><strong>教育部召开2018年度高校科技工作会议</strong></p>
<p>""" + w05_p[0] + """</p>
<p>""" + w05_p[1] + """</p>
<p>（摘自教育部网站）</p>
<p><strong>我校启动新工科建设行动计划</strong></p>
<p>""" + w05_p[2] + """</p>
<p>（本刊编辑部）</p>
<p><strong>国外一流大学本科教育改革动向</strong></p>
<p>""" + w05_p[3] + """</p>
<p>""" + w05_p[4] + """</p>
<p>（作者：高教所 周红）</p>
</div>
</div>
<div class="pre_next"><span>上一篇：<a href="/2018/0410/c1234a5678/page.htm">现代高教信息2018年第2期</a></span><span>下一篇：<a href="/2018/0612/c1234a5690/page.htm">现代高教信息2018年第4期</a></span></div>
</div>
<div id="footer">Copyright©2018 江城大学 All rights reserved. 鄂ICP备05003456号</div>
</body></html>
""", "utf-8")
LABELS["w05-gaojiao-two-line-masthead.html"] = dict(
    series="现代高教信息", year=2018, number=3, total_number=45, date="2018-05-10", publisher="江城大学高等教育研究所",
    sections=[{"title": None, "articles": [
        art("教育部召开2018年度高校科技工作会议", *w05_p[:2], source="摘自教育部网站"),
        art("我校启动新工科建设行动计划", w05_p[2], source="本刊编辑部"),
        art("国外一流大学本科教育改革动向", *w05_p[3:], source="作者：高教所 周红")]}],
    distribution={})


# ---- w06: a page whose photo was not saved (no _files): kicker, subtitle, caption kept as text and warned ----
w06_p = [
    "为进一步压缩企业开办时间，市市场监管局会同市公安局、市税务局等部门，依托省企业开办“一网通办”平台，将营业执照办理、公章刻制、发票申领等事项整合为一个环节。",
    "目前，全市企业开办时间已压缩至一个工作日以内，新设立企业可免费领取一套印章。",
    "图为市民在政务服务中心企业开办专区办理业务。",
    "走进城南市场监管所，墙上一面面锦旗格外醒目。所长王建国带领全所十一名干部，坚持“有求必应、无事不扰”，把监管服务送到商户门口。",
    "今年以来，该所共帮助辖区商户解决实际困难一百余件，所在辖区食品安全抽检合格率连续三年保持在百分之九十八以上。",
]
FILES["w06-shichang-photo-not-saved.html"] = ("""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>市场监管工作简报 第12期</title>
</head>
<body>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 工作简报</div>
<div class="article">
<div class="article-title">市场监管工作简报 第12期</div>
<div class="article-attr">发布时间：2021-06-18 作者：市场监管局 浏览次数：89 <a href="javascript:window.print()">打印</a></div>
<div class="article-content">
<p align="center"><strong><span style="color:red;font-size:30px">市场监管工作简报</span></strong></p>
<p align="center">2021年第12期</p>
<p align="center">临江市市场监督管理局办公室　　2021年6月15日</p>
<p align="center">持续优化营商环境：</p>
<p align="center"><strong>市市场监管局推行企业开办“一网通办”</strong></p>
<p>　　""" + w06_p[0] + """</p>
<p>　　""" + w06_p[1] + """</p>
<p align="center"><img src="/upload/2021/0615/20210615093512.jpg" alt="企业开办专区" width="520"></p>
<p align="center">""" + w06_p[2] + """</p>
<p align="center"><strong>把服务送到商户门口</strong></p>
<p align="center">——记城南市场监管所所长王建国</p>
<p>　　""" + w06_p[3] + """</p>
<p>　　""" + w06_p[4] + """</p>
<p align="right">（市局办公室供稿）</p>
<p>送：市委办公室，市政府办公室。</p>
<p>（共印 40 份）</p>
</div>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_qzone">QQ空间</a></div>
<div>上一篇：<a href="/xxgk/gzjb/202106/t20210601.html">市场监管工作简报 第11期</a></div>
<div>下一篇：<a href="/xxgk/gzjb/202107/t20210702.html">市场监管工作简报 第13期</a></div>
</div>
<div class="footer">临江市市场监督管理局 主办　ICP备案：湘ICP备09023456号</div>
</body>
</html>
""", "utf-8")
LABELS["w06-shichang-photo-not-saved.html"] = dict(
    series="市场监管工作简报", year=2021, number=12, date="2021-06-15", publisher="临江市市场监督管理局办公室",
    sections=[{"title": None, "articles": [
        art("持续优化营商环境：市市场监管局推行企业开办“一网通办”", *w06_p[:3]),
        art("把服务送到商户门口——记城南市场监管所所长王建国", *w06_p[3:], source="市局办公室供稿")]}],
    distribution={"送": ["市委办公室", "市政府办公室"]}, copies=40)


# ---- w07: GBK page of 2012 with no charset declared; ■ section headings over unmarked contents items ----
w07_p = [
    "2月23日，区委老干部局召开2012年全区老干部工作会议，总结2011年全区老干部工作，部署2012年工作任务。",
    "会议要求，全区各级老干部工作部门要认真落实老干部政治待遇和生活待遇，切实为老干部办实事、解难题。",
    "春节前夕，区领导分组走访慰问了全区七十五名离休干部和困难退休干部，为他们送去慰问金和节日问候。",
    "区委老干部局机关党支部把“结对帮扶”作为支部工作的重要抓手，支部党员每人联系一名困难老干部，定期上门走访。",
]
FILES["w07-laoganbu-gbk-no-meta.htm"] = ("""<HTML>
<HEAD>
<TITLE>老干部工作简报</TITLE>
</HEAD>
<BODY bgColor=#ffffff>
<TABLE width=760 align=center border=0>
<TR><TD>首页 | 工作动态 | 政策法规 | 老干部风采 | 工作简报</TD></TR>
<TR><TD align=center><FONT size=5 color=red><B>老干部工作简报</B></FONT></TD></TR>
<TR><TD align=center>第2期</TD></TR>
<TR><TD align=center>中共东河区委老干部局　　2012年2月28日</TD></TR>
<TR><TD>
<P>本期目录</P>
<P>■工作动态</P>
<P>全区老干部工作会议召开</P>
<P>区领导走访慰问离退休干部</P>
<P>■支部风采</P>
<P>局机关党支部开展结对帮扶活动</P>
<P align=center><B>工作动态</B></P>
<P align=center><B>全区老干部工作会议召开</B></P>
<P>　　""" + w07_p[0] + """</P>
<P>　　""" + w07_p[1] + """</P>
<P align=center><B>区领导走访慰问离退休干部</B></P>
<P>　　""" + w07_p[2] + """</P>
<P align=center><B>支部风采</B></P>
<P align=center><B>局机关党支部开展结对帮扶活动</B></P>
<P>　　""" + w07_p[3] + """</P>
<P>报：区委、区人大、区政府、区政协领导</P>
<P>发：各街道党工委，区直各单位</P>
</TD></TR>
<TR><TD align=center>【<A href="javascript:window.print()">打印本页</A>】【<A href="javascript:window.close()">关闭窗口</A>】</TD></TR>
<TR><TD align=center>版权所有：中共东河区委老干部局 2012　备案序号：京ICP备05067890号</TD></TR>
</TABLE>
</BODY>
</HTML>
""", "gbk")
LABELS["w07-laoganbu-gbk-no-meta.htm"] = dict(
    series="老干部工作简报", year=2012, number=2, date="2012-02-28", publisher="中共东河区委老干部局",
    sections=[
        {"title": "工作动态", "articles": [art("全区老干部工作会议召开", *w07_p[:2]), art("区领导走访慰问离退休干部", w07_p[2])]},
        {"title": "支部风采", "articles": [art("局机关党支部开展结对帮扶活动", w07_p[3])]}],
    distribution={"报": ["区委、区人大、区政府、区政协领导"], "发": ["各街道党工委", "区直各单位"]})


# ---- w08: IE "Web Archive, single file" .mht, GB2312, quoted-printable; 一、 headings over unmarked items ----
w08_p = [
    "11月5日，全县秋冬季森林防火工作会议召开。会议传达了全省森林防火工作电视电话会议精神，对今冬明春森林防火工作作了部署。",
    "会议要求，各乡镇要严格落实森林防火行政首长负责制，加强野外用火管理，确保不发生重大森林火灾。",
    "今年，县林业局组织实施退耕还林后续产业项目，在五个乡镇建成经济林基地三千二百亩，惠及农户八百余户。",
    "图为林业技术人员在基地指导农户修剪果树。",
]
w08_html = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD>
<META http-equiv=Content-Type content="text/html; charset=gb2312">
<TITLE>林业工作简报(第十一期)</TITLE>
<LINK href="http://www.xxlyj.gov.cn/css/main.css" type=text/css rel=stylesheet>
</HEAD>
<BODY>
<TABLE width=778 align=center><TBODY>
<TR><TD><IMG src="http://www.xxlyj.gov.cn/images/banner.jpg" width=778></TD></TR>
<TR><TD>当前位置：首页 &gt;&gt; 林业简报</TD></TR>
<TR><TD align=middle><B>林业工作简报(第十一期)</B></TD></TR>
<TR><TD align=middle>作者：办公室 来源：本站原创 点击数：203 更新时间：2009-11-16</TD></TR>
<TR><TD>
<DIV align=center><FONT color=#ff0000 size=6><STRONG>林业工作简报</STRONG></FONT></DIV>
<DIV align=center>（第十一期）</DIV>
<DIV>西峡县林业局办公室　　　　　　　　二〇〇九年十一月十日</DIV>
<P>目　录</P>
<P>一、森林防火</P>
<P>全县秋冬季森林防火工作会议召开</P>
<P>二、林业产业</P>
<P>退耕还林后续产业项目惠及八百余户</P>
<P align=center><STRONG>全县秋冬季森林防火工作会议召开</STRONG></P>
<P>　　""" + w08_p[0] + """</P>
<P>　　""" + w08_p[1] + """</P>
<P align=center><STRONG>退耕还林后续产业项目惠及八百余户</STRONG></P>
<P>　　""" + w08_p[2] + """</P>
<P align=center><IMG src="http://www.xxlyj.gov.cn/UploadFiles/200911/20091116102233.jpg" border=0></P>
<P align=center>""" + w08_p[3] + """</P>
<P>发：各乡镇人民政府，县林业局各股室、站所</P>
</TD></TR>
<TR><TD align=center>【<A href="javascript:window.close()">关闭窗口</A>】</TD></TR>
</TBODY></TABLE>
</BODY></HTML>
"""
LABELS["w08-linye-ie-gb2312.mht"] = dict(
    series="林业工作简报", year=2009, number=11, date="2009-11-10", publisher="西峡县林业局办公室",
    sections=[
        {"title": "森林防火", "articles": [art("全县秋冬季森林防火工作会议召开", *w08_p[:2])]},
        {"title": "林业产业", "articles": [art("退耕还林后续产业项目惠及八百余户", w08_p[2],
                                              {"figure": "2009-11/20091116102233.jpg", "caption": w08_p[3]})]}],
    distribution={"发": ["各乡镇人民政府", "县林业局各股室、站所"]})


# ---- t09: text pasted from a web page (UTF-8): clutter above and below, posting date ≠ issue date ----
t09_p = [
    "12月20日，区政务服务中心召开年度工作总结会。全年中心共受理各类审批服务事项二十八万件，按时办结率百分之百，群众满意率百分之九十九点六。",
    "2022年，中心将重点推进“一件事一次办”改革，力争年底前实现五十项高频事项“一次办好”。",
    "区政务服务中心“帮办代办”服务窗口运行半年来，共为企业和群众提供帮办代办服务三千六百余件，受到办事群众普遍好评。",
]
FILES["t09-copied-web-clutter.txt"] = ("\n".join([
    "您现在的位置：首页 > 信息公开 > 工作简报",
    "政务服务简报（2021年第10期）",
    "发布时间：2021-12-30 15:42:10 来源：区政务服务中心 【字号：大 中 小】 【打印】【关闭】",
    "",
    "政务服务简报",
    "2021年第10期",
    "东湖区政务服务中心 2021年12月24日",
    "",
    "区政务服务中心召开年度工作总结会",
    FW * 2 + t09_p[0],
    FW * 2 + t09_p[1],
    "",
    "“帮办代办”服务受到群众好评",
    FW * 2 + t09_p[2],
    "",
    "送：区委办公室，区政府办公室。",
    "",
    "扫一扫在手机打开当前页",
    "上一篇：政务服务简报（2021年第9期）",
    "下一篇：政务服务简报（2022年第1期）",
    "相关链接：",
    "主办单位：东湖区人民政府办公室 承办单位：东湖区大数据中心",
    "版权所有：东湖区人民政府 网站标识码：3601040001 赣ICP备05002345号",
]) + "\n", "utf-8")
LABELS["t09-copied-web-clutter.txt"] = dict(
    series="政务服务简报", year=2021, number=10, date="2021-12-24", publisher="东湖区政务服务中心",
    sections=[{"title": None, "articles": [
        art("区政务服务中心召开年度工作总结会", *t09_p[:2]),
        art("“帮办代办”服务受到群众好评", t09_p[2])]}],
    distribution={"送": ["区委办公室", "区政府办公室"]})


# ---- t10: 【栏目】 headings over unmarked contents items, one item wrapping onto a second line ----
t10_p = [
    "10月12日至14日，全市防汛抗旱应急演练在清水河城区段举行，市防汛抗旱指挥部各成员单位和各区县防汛队伍共六百余人参加演练。",
    "演练模拟城区突降暴雨、河道水位超警戒等险情，检验了各部门的应急响应和协同处置能力。",
    "今年汛期，全市共排查各类水利工程隐患一百三十七处，已全部落实整改措施。",
    "市水利局近日印发《农村供水工程运行管理办法》，明确农村供水工程产权归属、管护责任和水费收缴等事项。",
]
FILES["t10-lanmu-contents.txt"] = ("\n".join([
    "水利工作简报",
    "第 15 期",
    "清水市水利局办公室　　　　　　2017 年 10 月 20 日",
    "",
    "本期要目",
    "【工作动态】",
    "全市防汛抗旱应急演练在清水河城区段成功",
    "举行",
    "全市水利工程隐患排查整改全部落实",
    "【制度建设】",
    "市水利局印发农村供水工程运行管理办法",
    "",
    "【工作动态】",
    "全市防汛抗旱应急演练在清水河城区段成功举行",
    FW * 2 + t10_p[0],
    FW * 2 + t10_p[1],
    "",
    "全市水利工程隐患排查整改全部落实",
    FW * 2 + t10_p[2],
    "",
    "【制度建设】",
    "市水利局印发农村供水工程运行管理办法",
    FW * 2 + t10_p[3],
    "",
    "报：市委、市政府领导",
    "发：各区县水利局，局属各单位",
    "（共印 80 份）",
]) + "\n", "utf-8")
LABELS["t10-lanmu-contents.txt"] = dict(
    series="水利工作简报", year=2017, number=15, date="2017-10-20", publisher="清水市水利局办公室",
    sections=[
        {"title": "工作动态", "articles": [art("全市防汛抗旱应急演练在清水河城区段成功举行", *t10_p[:2]),
                                          art("全市水利工程隐患排查整改全部落实", t10_p[2])]},
        {"title": "制度建设", "articles": [art("市水利局印发农村供水工程运行管理办法", t10_p[3])]}],
    distribution={"报": ["市委、市政府领导"], "发": ["各区县水利局", "局属各单位"]}, copies=80)


# ---- t11: GB18030, numbered contents with no heading, 供稿/作者 source lines, kicker ----
t11_p = [
    "今年以来，县民政局把城乡低保专项治理作为重点工作，对全县一万三千余户低保家庭逐户开展入户核查。",
    "通过核查，共清退不符合条件的低保户二百一十六户，新纳入符合条件的困难群众一百八十九户，实现了应保尽保、应退尽退。",
    "县社会福利中心投入资金一百二十万元，对院内设施进行适老化改造，新增护理床位六十张。",
    "目前，中心共收住特困供养人员和社会老人一百四十八人，入住率达到百分之九十。",
]
FILES["t11-numbered-no-heading-gb18030.txt"] = ("\r\n".join([
    "民政简报",
    "2014年第8期（总第102期）",
    "平安县民政局　　　　2014年8月25日",
    "",
    "1．县民政局扎实开展城乡低保专项治理",
    "2．县社会福利中心完成适老化改造",
    "",
    "兜底保障：",
    "县民政局扎实开展城乡低保专项治理",
    "",
    FW * 2 + t11_p[0],
    FW * 2 + t11_p[1],
    "（供稿：县民政局社会救助股）",
    "",
    "县社会福利中心完成适老化改造",
    "",
    FW * 2 + t11_p[2],
    FW * 2 + t11_p[3],
    "（作者：张伟）",
    "",
    "抄送：县委办公室，县政府办公室。",
]) + "\r\n", "gb18030")
LABELS["t11-numbered-no-heading-gb18030.txt"] = dict(
    series="民政简报", year=2014, number=8, total_number=102, date="2014-08-25", publisher="平安县民政局",
    sections=[{"title": None, "articles": [
        art("兜底保障：县民政局扎实开展城乡低保专项治理", *t11_p[:2], source="供稿：县民政局社会救助股"),
        art("县社会福利中心完成适老化改造", *t11_p[2:], source="作者：张伟")]}],
    distribution={"抄送": ["县委办公室", "县政府办公室"]})


# ---- t12: two-line masthead whose second line is the organisation; no other unit in the header ----
t12_p = [
    "4月上旬，县农经站组织人员深入十二个乡镇，对农村集体“三资”管理情况进行了专项检查。",
    "检查发现，多数村能够严格执行财务公开制度，但仍有少数村存在票据不规范、公开不及时等问题，已责令限期整改。",
    "截至3月底，全县农民专业合作社发展到四百六十三家，入社农户二万一千户。",
]
FILES["t12-two-line-masthead-org.txt"] = ("\n".join([
    "内部资料",
    "",
    "农 经 简 讯",
    "山阳县农村经营管理站",
    "2016年第4期",
    "2016年4月12日",
    "",
    "县农经站开展农村集体“三资”专项检查",
    "",
    t12_p[0],
    "",
    t12_p[1],
    "",
    "全县农民专业合作社发展到四百六十三家",
    "",
    t12_p[2],
    "",
    "送：县委农办，县政府办公室",
    "发：各乡镇农经站",
]) + "\n", "utf-8")
LABELS["t12-two-line-masthead-org.txt"] = dict(
    series="农经简讯", year=2016, number=4, date="2016-04-12", publisher="山阳县农村经营管理站",
    classification="内部资料",
    sections=[{"title": None, "articles": [
        art("县农经站开展农村集体“三资”专项检查", *t12_p[:2]),
        art("全县农民专业合作社发展到四百六十三家", t12_p[2])]}],
    distribution={"送": ["县委农办", "县政府办公室"], "发": ["各乡镇农经站"]})


# ---- t13: kickers, a ——记 subtitle, a 图为 caption with no photo, （本刊编辑部） and （XX供稿） sources ----
t13_p = [
    "5月12日，市妇联联合市人社局举办“巾帼创业就业”专场招聘会，八十余家企业提供就业岗位一千二百余个，现场达成就业意向三百余人。",
    "图为求职者在招聘会现场咨询。",
    "李秀兰十年前返乡创业，从一个十几人的手工作坊起步，如今她创办的服饰公司已带动周边三百多名妇女在家门口就业。",
    "她说：“让姐妹们不出村就能挣到钱，是我最大的心愿。”",
]
FILES["t13-kickers-subtitles-captions.txt"] = ("\n".join([
    "妇女工作简报",
    "第 5 期",
    "",
    "南平市妇女联合会办公室",
    "2022 年 5 月 20 日",
    "",
    "助力巾帼就业：",
    "市妇联举办“巾帼创业就业”专场招聘会",
    "",
    FW * 2 + t13_p[0],
    "",
    t13_p[1],
    "",
    "（本刊编辑部）",
    "",
    "绣出乡村振兴好日子",
    "——记市三八红旗手李秀兰",
    "",
    FW * 2 + t13_p[2],
    "",
    FW * 2 + t13_p[3],
    "",
    "（延平区妇联供稿）",
    "",
    "报：省妇联办公室",
    "送：市委办公室，市政府办公室",
]) + "\n", "utf-8")
LABELS["t13-kickers-subtitles-captions.txt"] = dict(
    series="妇女工作简报", year=2022, number=5, date="2022-05-20", publisher="南平市妇女联合会办公室",
    sections=[{"title": None, "articles": [
        art("助力巾帼就业：市妇联举办“巾帼创业就业”专场招聘会", *t13_p[:2], source="本刊编辑部"),
        art("绣出乡村振兴好日子——记市三八红旗手李秀兰", *t13_p[2:], source="延平区妇联供稿")]}],
    distribution={"报": ["省妇联办公室"], "送": ["市委办公室", "市政府办公室"]})


# ---- t14: another CMS pasted as text: meta line between the masthead and the issue line, 阅读 counts,
#      posting date a week after the issue, share row words on one line, ■ headings + wrapped items ----
t14_p = [
    "3月8日，县文化和旅游局召开全县文旅系统安全生产工作会议，对旅游景区、星级饭店、文化娱乐场所的安全生产工作进行部署。",
    "会议要求，各单位要严格落实安全生产主体责任，加强节假日期间客流管控，坚决防范各类安全事故发生。",
    "县图书馆“书香满城”全民阅读活动日前启动，活动将持续至年底，其间将举办读书分享会、名家讲座等活动四十余场。",
]
FILES["t14-wenlv-meta-inside-header.txt"] = ("\n".join([
    "首页 > 政务公开 > 部门信息 > 文化和旅游局",
    "",
    "文旅工作简报",
    "作者：县文旅局 发布时间：2023-03-21 10:05 阅读：[ 1032 ]",
    "2023年第3期",
    "远安县文化和旅游局",
    "2023年3月14日",
    "",
    "目录",
    "■ 全县文旅系统安全生产工作会议",
    "  召开",
    "■ “书香满城”全民阅读活动启动",
    "",
    "全县文旅系统安全生产工作会议召开",
    FW * 2 + t14_p[0],
    FW * 2 + t14_p[1],
    "",
    "“书香满城”全民阅读活动启动",
    FW * 2 + t14_p[2],
    "",
    "抄送：县委宣传部，县政府办公室",
    "",
    "分享到： 微信 微博 QQ空间",
    "【打印本页】 【关闭窗口】",
    "Copyright © 2023 远安县人民政府 版权所有 鄂ICP备13001234号-1",
]) + "\n", "utf-8")
LABELS["t14-wenlv-meta-inside-header.txt"] = dict(
    series="文旅工作简报", year=2023, number=3, date="2023-03-14", publisher="远安县文化和旅游局",
    sections=[{"title": None, "articles": [
        art("全县文旅系统安全生产工作会议召开", *t14_p[:2]),
        art("“书香满城”全民阅读活动启动", t14_p[2])]}],
    distribution={"抄送": ["县委宣传部", "县政府办公室"]})


def _qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def write_archives() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jpeg4 = photo(Path(tmp) / "a.jpg", "320x200", "#6a8-#cdb")
        jpeg8 = photo(Path(tmp) / "b.jpg", "300x220", "#574-#ae9")
    boundary = "----MultipartBoundary--mZ1cXH6d4vZ8TgqKQ0bHjT1Xb9kS3l2sS0Oq8f4VfV----"
    mhtml = "\r\n".join([
        "From: <Saved by Blink>",
        "Snapshot-Content-Location: https://www.ncskj.gov.cn/kjjb/202010/t20201009_2841.html",
        "Subject: =?utf-8?Q?=E7=A7=91=E6=8A=80=E5=B7=A5=E4=BD=9C=E7=AE=80=E6=8A=A5?=",
        "Date: Fri, 9 Oct 2020 15:20:11 +0800",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
        f"--{boundary}",
        "Content-Type: text/html",
        "Content-ID: <frame-4E0B1C7A2D0F5B3E9A6C8D1F2E3B4A5C@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: https://www.ncskj.gov.cn/kjjb/202010/t20201009_2841.html",
        "",
        _qp(w04_html, "utf-8"),
        f"--{boundary}",
        "Content-Type: image/jpeg",
        "Content-Transfer-Encoding: base64",
        "Content-Location: https://www.ncskj.gov.cn/upload/2020/10/09/5f7fc2a1e4b0.jpg",
        "",
        base64.encodebytes(jpeg4).decode("ascii"),
        f"--{boundary}--",
        "",
    ])
    (HERE / "w04-keji-chrome.mhtml").write_bytes(mhtml.encode("ascii"))
    boundary = "----=_NextPart_000_0000_01CA66B4.5C3D2E80"
    mht = "\r\n".join([
        "From: <由 Windows Internet Explorer 8 保存>".encode("gb2312").decode("latin-1"),
        "Subject: =?gb2312?B?" + base64.b64encode("林业工作简报(第十一期)".encode("gb2312")).decode() + "?=",
        "Date: Mon, 16 Nov 2009 10:41:08 +0800",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.5512",
        "",
        "This is a multi-part message in MIME format.",
        "",
        f"--{boundary}",
        'Content-Type: text/html;',
        '\tcharset="gb2312"',
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: http://www.xxlyj.gov.cn/Article/ShowArticle.asp?ArticleID=1187",
        "",
        _qp(w08_html, "gbk"),  # declared gb2312, written by a GBK editor (〇 is not in GB2312)
        "",
        f"--{boundary}",
        "Content-Type: image/jpeg",
        "Content-Transfer-Encoding: base64",
        "Content-Location: http://www.xxlyj.gov.cn/UploadFiles/200911/20091116102233.jpg",
        "",
        base64.encodebytes(jpeg8).decode("ascii"),
        f"--{boundary}--",
        "",
    ])
    (HERE / "w08-linye-ie-gb2312.mht").write_bytes(mht.encode("latin-1"))


def main() -> None:
    for name, (text, encoding) in FILES.items():
        (HERE / name).write_bytes(text.encode(encoding))
    files = HERE / "w03-jiaoyu-saved-complete_files"
    photo(files / "W020190716394718523660.jpg", "400x266", "#789-#dde")
    png(files / "logo.png", "200x40")
    (files / "style.css").write_text("body{font-family:SimSun}\n.TRS_Editor p{line-height:2}\n", encoding="utf-8")
    (files / "jquery.min.js").write_text("/*! jQuery stand-in saved with the page */\n", encoding="utf-8")
    write_archives()
    for name, data in LABELS.items():
        stem = name.rsplit(".", 1)[0]
        (HERE / f"{stem}.yaml").write_text(issue_to_yaml(Issue.model_validate(data)), encoding="utf-8")
    print(len(LABELS), "labelled pages written")


if __name__ == "__main__":
    main()
