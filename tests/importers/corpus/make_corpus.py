"""Writes the labelled corpus: NN-name.txt (a back issue as offices hold it) + NN-name.yaml (what it says).

Each entry is written by hand: `truth` is the issue as printed (the label), `text` is how the file looks,
with the quirks real extractions have. The texts are built from the same sentences as the truth, but
wrapped, broken and encoded by hand here, never by the importer. Run: python make_corpus.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))

from jianbao_cli.model.manifest import Issue  # noqa: E402
from jianbao_cli.model.yamlio import issue_to_yaml  # noqa: E402

FW = "\u3000"


def wrap(text: str, width: int = 30, indent: str = "") -> list[str]:
    """Hard-wrap like a PDF extraction: `width` characters a line (Latin counted as half)."""
    lines, cur, w = [], indent, len(indent)
    for ch in text:
        cw = 1 if ord(ch) > 255 else 0.5
        if w + cw > width:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def art(title, *paragraphs):
    return {"title": title, "paragraphs": list(paragraphs)}


CORPUS: list[tuple[str, dict, str, str]] = []  # (name, truth, text, encoding)


def add(name, truth, text, encoding="utf-8"):
    CORPUS.append((name, truth, text, encoding))


# ---- 01: 本期导读, hard-wrapped body, a paragraph cut by a page boundary with `— 2 —`; CRLF and BOM ----
p1 = [
    "3月12日，市政府召开全市电子政务工作会议，总结去年工作，部署今年任务。会议指出，全市政务网络覆盖率已达到百分之九十五，网上办事事项累计突破十万件。",
    "会议要求，各部门要以群众需求为导向，进一步整合网上服务资源，推动审批事项全流程网上办理，切实提高办事效率和群众满意度。",
]
p2 = [
    "为加强政府网站内容保障，市信息办近日印发《政府网站信息发布管理办法》，明确各部门信息发布的责任人、审核流程和更新时限。",
    "办法规定，涉及公众切身利益的政策文件应在印发之日起五个工作日内在网站公开，并同步发布政策解读材料，方便群众理解和查询。",
]
truth01 = dict(series="东城区政务信息简报", year=2012, number=4, date="2012-03-15", publisher="东城区人民政府办公室",
               sections=[{"title": "工作动态", "articles": [art("全市电子政务工作会议召开", *p1)]},
                         {"title": "制度建设", "articles": [art("市信息办出台政府网站信息发布管理办法", *p2)]}],
               distribution={"送": ["区委办公室", "区人大办公室", "区政协办公室"], "发": ["各街道办事处", "区政府各部门"]},
               copies=None, contact=None)
body = ["东城区政务信息简报", "", "2012 第 4 期", "", "东城区人民政府办公室", "2012 年 3 月 15 日", "",
        "本期导读", "工作动态", "☞ 全市电子政务工作会议召开", "制度建设", "☞ 市信息办出台政府网站信息发布管理办法", "",
        "全市电子政务工作会议召开", ""]
w = wrap(p1[0], 30)
body += w[:2] + ["", "— 2 —", ""] + w[2:] + wrap(p1[1], 30) + ["", "市信息办出台政府网站信息发布管理办法", ""]
body += wrap(p2[0], 30) + wrap(p2[1], 30)
body += ["", "送：区委办公室 区人大办公室 区政协办公室", "发：各街道办事处 区政府各部门"]
add("01-hardwrap-page-break", truth01, "\ufeff" + "\r\n".join(body) + "\r\n")

# ---- 02: masthead without 简报, `简报 第3期`, unit glued to date, no contents, 报/送/抄送 with 。, 共印 ----
p = [
    "今年以来，街道办事处紧紧围绕服务群众这一中心，扎实开展“进百家门、知百家情”走访活动，共走访辖区居民一千二百余户，收集意见建议八十六条。",
    "对收集到的意见建议，街道逐条建立台账，明确责任科室和办结时限，目前已办结七十二条，其余正在加紧办理。",
]
q = [
    "4月10日，街道组织城管、安监、食药等部门开展联合执法，重点整治背街小巷占道经营和乱堆乱放问题。",
    "此次行动共清理占道摊点三十余处，拆除违规广告牌十二块，辖区市容环境明显改善。",
]
truth02 = dict(series="财贸情况", year=2013, number=3, date="2013-04-15", publisher="宜川县城区街道办事处",
               sections=[{"title": None, "articles": [art("街道深入开展入户走访活动", *p), art("城区街道开展市容环境联合整治", *q)]}],
               distribution={"报": ["县委办公室", "县政府办公室"], "送": ["县人大常委会办公室", "县政协办公室"],
                             "抄送": ["县财政局", "县商务局", "县市场监管局"]},
               copies=50, contact=None)
text = "\n".join(["财贸情况", "简报 第3期", "宜川县城区街道办事处2013年4月15日", "",
                  "街道深入开展入户走访活动", "", p[0], "", p[1], "", "城区街道开展市容环境联合整治", "", q[0], "", q[1], "",
                  "报：县委办公室 县政府办公室", "送：县人大常委会办公室 县政协办公室", "抄送：县财政局，县商务局，县市场监管局。",
                  "（共印 50 份）", ""])
add("02-no-contents-glued-date", truth02, text)

# ---- 03: unit, number and date on one line; 本期要目 numbered; kicker title; shortened contents title; imprint ----
a1 = ["学校召开本科教学工作会议，研究部署新学期教学改革重点任务，提出用三年时间建成一批省级一流本科课程。",
      "会议强调，要把立德树人贯穿教学全过程，完善教学质量评价体系，推动优质教学资源向课堂集中。"]
a2 = ["近日，我校与市高新区管委会签署产学研合作协议，双方将在人工智能、新材料等领域共建联合实验室。",
      "根据协议，高新区每年安排专项资金支持联合攻关项目，学校选派骨干教师入驻企业开展技术服务。"]
truth03 = dict(series="现代高教信息", year=2004, number=1, total_number=7, date="2004-03-19", publisher="发展研究中心",
               sections=[{"title": None, "articles": [art("学校召开本科教学工作会议", *a1),
                                                      art("深化产学研合作：我校与高新区共建联合实验室", *a2)]}],
               distribution={"送": ["校领导", "各学院", "各职能部门"]}, copies=None, contact=None)
text = "\n".join(["现代高教信息", "", "发展研究中心编 第1期(总第7期) 2004年3月19日", "", "本期要目", "",
                  "1．学校召开本科教学工作会议", "2．我校与高新区共建联合实验室", "",
                  "学校召开本科教学工作会议", "", a1[0], a1[1], "", "深化产学研合作：", "我校与高新区共建联合实验室", "", a2[0], a2[1], "",
                  "送：校领导 各学院 各职能部门", "", "发展研究中心 2004年3月19日印发", ""])
add("03-one-line-header-numbered-kicker", truth03, text)

# ---- 04: （第十九期）, 二〇〇九年一月二十日, two units, 目录 with `1.`, 编者按, 一是…二是… ----
b = ["编者按：做好春节期间安全生产工作，事关人民群众生命财产安全。现将市安委会有关通知要点刊发，请各地认真贯彻落实。",
     "市安委会要求，各地各部门要切实加强节日期间安全生产工作，重点抓好以下几项工作：",
     "一是开展隐患排查，对人员密集场所和危险化学品企业进行全面检查；",
     "二是严格值班制度，落实领导带班和二十四小时值班；",
     "三是加强应急准备，确保一旦发生事故能够迅速有效处置。"]
c = ["1月18日，市应急管理局组织开展春节前安全生产专项督查，分四个组对十个区县进行了暗访检查。",
     "督查共发现问题隐患五十三处，已全部交办属地限期整改。"]
truth04 = dict(series="安全生产工作简报", year=2009, number=19, date="2009-01-20", publisher="市安全生产委员会办公室 市应急管理局",
               sections=[{"title": None, "articles": [art("市安委会部署春节期间安全生产工作", *b), art("春节前安全生产专项督查情况", *c)]}],
               distribution={"送": ["市委", "市人大", "市政府", "市政协"], "发": ["各区县安委会", "市安委会各成员单位"]},
               copies=None, contact=None)
text = "\n".join(["安全生产工作简报", "（第十九期）", "市安全生产委员会办公室", "市应急管理局", "二〇〇九年一月二十日", "",
                  "目  录", "1. 市安委会部署春节期间安全生产工作", "2. 春节前安全生产专项督查情况", "",
                  "市安委会部署春节期间安全生产工作", "", *b, "", "春节前安全生产专项督查情况", "", *c, "",
                  "送：市委 市人大 市政府 市政协", "发：各区县安委会 市安委会各成员单位", ""])
add("04-chinese-numerals-enumeration", truth04, text)

# ---- 05: 增刊, ○ in the date, 内部资料, GB18030 ----
d = ["为做好防汛抗旱工作，县防汛抗旱指挥部于5月28日召开专题会议，对今年汛期工作作出全面安排。",
     "会议要求，各乡镇要在6月10日前完成辖区内山塘水库、河道堤防的汛前检查，及时消除安全隐患。"]
truth05 = dict(series="防汛抗旱简报", year=2010, number=1, supplement=True, date="2010-06-01", publisher="县防汛抗旱指挥部办公室",
               classification="内部资料", sections=[{"title": None, "articles": [art("县防指部署今年防汛抗旱工作", *d)]}],
               distribution={"发": ["各乡镇人民政府", "县防指各成员单位"]}, copies=80, contact=None)
text = "\r\n".join(["内部资料", "", "防汛抗旱简报", "", "2010 增刊第 1 期", "", "县防汛抗旱指挥部办公室", "二○一○年六月一日", "",
                    "县防指部署今年防汛抗旱工作", "", d[0], "", d[1], "", "发：各乡镇人民政府 县防指各成员单位", "（共印 80 份）"])
add("05-supplement-gb18030", truth05, text, "gb18030")

# ---- 06: `2009 年第 1 期（总第 13 期）`, full-width spaces, trailing spaces, control chars, two-line title, `-2-` and `一2一` ----
e = ["根据省委统一部署，我市第一批深入学习实践科学发展观活动于去年九月启动，全市共有三百二十个单位参加。",
     "活动开展以来，各单位坚持边学边查边改，共查找突出问题八百余个，制定整改措施一千三百多条，解决了一批群众反映强烈的问题。"]
f = ["市委学习实践活动领导小组办公室近日组织专项检查，对各单位整改落实情况进行逐项核查。",
     "检查结果表明，绝大多数单位整改措施具体、进展顺利，少数单位存在整改不到位的问题，已责令限期完成。"]
truth06 = dict(series="学习实践活动简报", year=2009, number=1, total_number=13, date="2009-01-08", publisher="市委学习实践活动领导小组办公室",
               sections=[{"title": "工作进展", "articles": [art("我市第一批深入学习实践科学发展观活动取得阶段性成效", *e),
                                                          art("市委学习办开展整改落实情况专项检查", *f)]}],
               distribution={"报": ["省委学习实践活动领导小组办公室"], "送": ["市委常委", "市人大常委会主任"]},
               copies=None, contact=None)
we = wrap(e[1], 30, FW + FW)
text = "\n".join(["学习实践活动简报   ", "2009 年第 1 期（总第 13 期）", "市委学习实践活动领导小组办公室\u0007",
                  "2009 年 1 月 8 日  ", "", "本期导读", "工作进展",
                  "☞ 我市第一批深入学习实践科学发展观活动取得阶段性成效", "☞ 市委学习办开展整改落实情况专项检查", "",
                  "我市第一批深入学习实践科学发展观活动", "取得阶段性成效", "",
                  *wrap(e[0], 30, FW + FW), *we[:2], "-2-", *we[2:], "",
                  "市委学习办开展整改落实情况专项检查", "", *wrap(f[0], 30, FW + FW), "一2一", *wrap(f[1], 30, FW + FW), "",
                  "报：省委学习实践活动领导小组办公室  ", "送：市委常委　市人大常委会主任", ""])
add("06-total-number-noise-two-line-title", truth06, text)

# ---- 07: `第 12 期` (year from date), unit and date on one line, ☞ with sections repeated in the body ----
g = ["11月20日，区文化馆举办“文化惠民进社区”专场演出，吸引周边居民五百余人观看。"]
h = ["区图书馆新增自助借还设备六台，实现全天候借还书服务，读者可凭身份证直接办理。",
     "截至目前，图书馆持证读者已超过三万人，今年累计接待读者二十一万人次。"]
k = ["区体育局联合各街道举办全民健身运动会，设置广场舞、健步走、乒乓球等八个项目。"]
truth07 = dict(series="文化体育工作简报", year=2011, number=12, date="2011-11-25", publisher="区文化体育局",
               sections=[{"title": "文化惠民", "articles": [art("区文化馆举办文化惠民进社区专场演出", *g),
                                                          art("区图书馆推出全天候自助借还服务", *h)]},
                         {"title": "全民健身", "articles": [art("全民健身运动会在各街道举行", *k)]}],
               distribution={"送": ["区委宣传部", "区政府办公室"], "发": ["各街道文化站"]}, copies=None,
               contact="区文化体育局办公室 电话：0851-6543210")
text = "\n".join(["文化体育工作简报", "第 12 期", "区文化体育局                2011年11月25日", "", "本期导读", "",
                  "文化惠民", "☞ 区文化馆举办文化惠民进社区专场演出", "☞ 区图书馆推出全天候自助借还服务", "全民健身",
                  "☞ 全民健身运动会在各街道举行", "", "文化惠民", "", "区文化馆举办文化惠民进社区专场演出", "", *g, "",
                  "区图书馆推出全天候自助借还服务", "", *h, "", "全民健身", "", "全民健身运动会在各街道举行", "", *k, "",
                  "送：区委宣传部 区政府办公室", "发：各街道文化站", "", "区文化体育局办公室 电话：0851-6543210", ""])
add("07-no-year-sections-in-body", truth07, text)

# ---- 08: no contents, one paragraph per line, Latin words, <, &, {{ }} ----
m = ["市大数据中心上线“城市数据开放平台”，首批开放 dataset 共 126 个，涵盖交通、教育、医疗等领域。",
     "平台提供 API 接口，开发者可通过 https://data.example.gov.cn 申请 access key，调用次数 <1000 次/日免费。",
     "平台文档中的模板变量写作 {{ name }}，如有疑问请联系 R&D 部门。"]
n = ["市大数据中心与三家高校签订人才培养合作协议，共建数据科学实习基地。"]
truth08 = dict(series="大数据工作简报", year=2018, number=7, date="2018-07-02", publisher="市大数据发展管理局",
               sections=[{"title": None, "articles": [art("城市数据开放平台正式上线", *m), art("市大数据中心与高校共建实习基地", *n)]}],
               distribution={"发": ["各区县大数据局"]}, copies=None, contact=None)
text = "\n".join(["大数据工作简报", "2018年第7期", "市大数据发展管理局", "2018年7月2日", "", "城市数据开放平台正式上线",
                  *m, "市大数据中心与高校共建实习基地", *n, "", "发：各区县大数据局", ""])
add("08-latin-special-chars", truth08, text)

# ---- 09: hard-wrapped with indents, `—3-` page break, 抄送 wrapping with 。, 共印 at the end of a line ----
r = ["今年一季度，全县规模以上工业增加值同比增长百分之八点六，增速比去年同期提高一点二个百分点，工业经济运行总体平稳、稳中有进。",
     "从行业看，装备制造、食品加工和新材料三大主导产业合计实现产值四十二亿元，占全县规模以上工业总产值的六成以上。"]
s = ["县工信局将围绕稳增长目标，实行重点企业包联服务制度，帮助企业解决用工、融资、用地等实际困难。"]
truth09 = dict(series="经济运行简报", year=2021, number=5, date="2021-04-16", publisher="县工业和信息化局",
               sections=[{"title": None, "articles": [art("一季度全县工业经济运行情况", *r), art("县工信局推行重点企业包联服务", *s)]}],
               distribution={"抄送": ["县委办公室", "县人大常委会办公室", "县政府办公室", "县政协办公室", "县发展和改革局", "县统计局"]},
               copies=120, contact=None)
wr = wrap(r[0], 30, FW + FW)
text = "\n".join(["经济运行简报", "", "2021 年第 5 期", "", "县工业和信息化局    2021 年 4 月 16 日", "", "本期要目",
                  "1.一季度全县工业经济运行情况", "2.县工信局推行重点企业包联服务", "", "一季度全县工业经济运行情况", "",
                  *wr[:2], "", "—3-", "", *wr[2:], *wrap(r[1], 30, FW + FW), "", "县工信局推行重点企业包联服务", "",
                  *wrap(s[0], 30, FW + FW), "", "抄送：县委办公室，县人大常委会办公室，县政府办公室，县政协办公室，",
                  "县发展和改革局，县统计局。        （共印 120 份）", ""])
add("09-indented-hardwrap-chaosong", truth09, text)

# ---- 10: date with 0 for zero (`二0一二年`), `第 2 期` and `1、` items, imprint, contact ----
u = ["为切实减轻基层负担，市委督查室对今年以来各类督查检查考核事项进行全面清理，共精简督查事项四十五项。"]
v = ["市委督查室近日对市级部门重点工作推进情况开展专项督查，督查结果将纳入年度绩效考核。"]
truth10 = dict(series="督查通报", year=2012, number=2, date="2012-12-03", publisher="市委督查室",
               sections=[{"title": None, "articles": [art("市委督查室精简督查检查考核事项", *u), art("市级部门重点工作推进情况专项督查启动", *v)]}],
               distribution={"送": ["市委书记", "市长", "市委副书记"]}, copies=30,
               contact="联系人：王明 电话：0755-2345678 邮箱：ducha@example.gov.cn")
text = "\n".join(["督查通报", "第 2 期", "", "市委督查室", "二0一二年十二月三日", "", "本期要目", "1、市委督查室精简督查检查考核事项",
                  "2、市级部门重点工作推进情况专项督查启动", "", "市委督查室精简督查检查考核事项", *u, "",
                  "市级部门重点工作推进情况专项督查启动", *v, "", "送：市委书记 市长 市委副书记", "",
                  "联系人：王明 电话：0755-2345678 邮箱：ducha@example.gov.cn", "市委督查室 2012年12月3日印发（共印 30 份）", ""])
add("10-zero-date-imprint-contact", truth10, text)

# ---- 11: 编者按 above the first title, letter-spaced masthead and 目 录, ☞ items without sections ----
x = ["编者按：乡村振兴，人才是关键。现将我县“乡村人才回引计划”实施情况予以刊发，供各乡镇学习借鉴。",
     "去年以来，县委组织部实施“乡村人才回引计划”，通过政策引导、乡情感召，共回引在外人才三百一十六名。",
     "回引人才中，有一百零五人进入村“两委”班子，二十八人领办创办合作社和家庭农场，带动群众增收致富。"]
y = ["县农业农村局组织农技专家深入田间地头，开展春耕生产技术指导服务，发放技术资料两千余份。"]
truth11 = dict(series="乡村振兴简报", year=2022, number=3, date="2022-03-28", publisher="县委农村工作领导小组办公室",
               sections=[{"title": None, "articles": [art("我县实施乡村人才回引计划成效明显", *x), art("农技专家下乡指导春耕生产", *y)]}],
               distribution={"送": ["县委常委", "县政府副县长"], "发": ["各乡镇党委", "县直有关单位"]}, copies=None, contact=None)
text = "\n".join(["乡 村 振 兴 简 报", "2022 第 3 期", "县委农村工作领导小组办公室", "2022 年 3 月 28 日", "",
                  "目  录", "☞ 我县实施乡村人才回引计划成效明显", "☞ 农技专家下乡指导春耕生产", "", x[0], "",
                  "我县实施乡村人才回引计划成效明显", "", x[1], "", x[2], "", "农技专家下乡指导春耕生产", "", y[0], "",
                  "送：县委常委 县政府副县长", "发：各乡镇党委 县直有关单位", ""])
add("11-editor-note-before-title", truth11, text)

# ---- 12: 2021 imprint line, editor line, unlabelled 送 wrap, contents wrapped over two lines ----
z = ["12月27日，市政务服务中心举行“一网通办”平台升级上线仪式，新平台整合了全市四十二个部门的一千六百项政务服务事项。",
     "升级后的平台实现了“一次登录、全网通办”，企业和群众办理高频事项平均跑动次数由一点五次降至零点三次。"]
aa = ["市政务服务中心在各区县设立“办不成事”反映窗口，专门受理群众在办事过程中遇到的疑难问题。"]
truth12 = dict(series="政务服务简报", year=2021, number=24, date="2021-12-29", publisher="市政务服务管理办公室",
               sections=[{"title": None, "articles": [art("全市“一网通办”平台完成升级并正式上线运行，一千六百项事项实现网上办理", *z),
                                                      art("各区县设立“办不成事”反映窗口", *aa)]}],
               distribution={"送": ["市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室", "市纪委监委机关", "市委组织部"],
                             "发": ["各区县政务服务中心"]},
               copies=None, contact="责任编辑：李华 签发：张强")
text = "\n".join(["政务服务简报", "2021 第 24 期", "市政务服务管理办公室 2021 年 12 月 29 日", "", "本期导读",
                  "☞ 全市“一网通办”平台完成升级并正式上线运行，", "一千六百项事项实现网上办理", "☞ 各区县设立“办不成事”反映窗口", "",
                  "全市“一网通办”平台完成升级并正式上线运行，", "一千六百项事项实现网上办理", "", z[0], "", z[1], "",
                  "各区县设立“办不成事”反映窗口", "", aa[0], "",
                  "送：市委办公室 市人大常委会办公室 市政府办公室", "市政协办公室 市纪委监委机关 市委组织部", "发：各区县政务服务中心", "",
                  "责任编辑：李华 签发：张强", "市政务服务管理办公室 2021年12月29日印发", ""])
add("12-wrapped-contents-imprint-editor", truth12, text)

# ---- 13: 专刊 numbered apart, shortened contents title with a warning, page number `- 3 -` alone ----
bb = ["全市第七次人口普查入户登记工作于11月1日正式开始，全市共选聘普查员和普查指导员一万二千余名。",
      "普查办提醒广大市民，普查员入户时将出示统一制发的证件，请市民积极配合，如实申报个人信息。"]
truth13 = dict(series="人口普查工作简报", year=2020, number=2, supplement=True, date="2020-11-02", publisher="市第七次全国人口普查领导小组办公室",
               sections=[{"title": None, "articles": [art("全市第七次全国人口普查现场入户登记工作全面展开", *bb)]}],
               distribution={"送": ["市人口普查领导小组成员"]}, copies=None, contact=None)
text = "\n".join(["人口普查工作简报", "专刊第2期", "市第七次全国人口普查领导小组办公室", "2020年11月2日", "", "本期要目",
                  "1．全市人口普查入户登记全面展开", "", "全市第七次全国人口普查现场入户登记工作全面展开", "", bb[0], "",
                  "- 3 -", "", bb[1], "", "送：市人口普查领导小组成员", ""])
add("13-special-issue-shortened-title", truth13, text)


def main() -> None:
    for name, truth, text, encoding in CORPUS:
        issue = Issue.model_validate(truth)
        (HERE / f"{name}.txt").write_bytes(text.encode(encoding))
        (HERE / f"{name}.yaml").write_text(issue_to_yaml(issue), encoding="utf-8")
    print(f"{len(CORPUS)} files written to {HERE}")


if __name__ == "__main__":
    main()
