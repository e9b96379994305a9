"""Labels of the held-out texts, written before the importer was first run on them. python labels.py"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))
from jianbao_cli.model.manifest import Issue  # noqa: E402
from jianbao_cli.model.yamlio import issue_to_yaml  # noqa: E402


def art(title, *paragraphs):
    return {"title": title, "paragraphs": list(paragraphs)}


LABELS = {
    "h1-neibu-circle-items": dict(
        series="教育信息简报", year=2015, number=3, total_number=45, date="2015-06-08",
        publisher="中共清水县委教育工作领导小组办公室", classification="内部资料 注意保存",
        sections=[{"title": None, "articles": [
            art("全县中考考务工作会议召开",
                "6月5日，全县中考考务工作会议在县教育局召开，各考点主考、副主考及监考人员共一百二十人参加会议。",
                "会议对今年中考考务工作作了具体部署，要求各考点严格执行考试纪律，确保考试安全平稳。"),
            art("县教育局部署防溺水安全教育工作",
                "近期气温升高，学生溺水事故进入高发期。县教育局下发紧急通知，要求各校开展防溺水专题教育。",
                "通知要求，各校要在放学前利用五分钟时间进行安全提醒，并通过家长会、致家长一封信等形式，督促家长落实监护责任。")]}],
        distribution={"报": ["县委", "县政府"], "发": ["各乡镇中心学校", "县直各学校"]}),
    "h2-yinianji-subtitle": dict(
        series="卫生健康工作简报", year=2019, number=11, date="2019-11-20", publisher="市卫生健康委员会办公室",
        sections=[{"title": None, "articles": [
            art("我市推进家庭医生签约服务提质增效",
                "今年以来，市卫生健康委以提升签约服务质量为重点，在全市推行“1+1+N”家庭医生团队服务模式，重点人群签约率达到百分之七十二。",
                "下一步，市卫生健康委将进一步完善签约服务激励机制，提高基层医务人员的积极性。"),
            art("扎根乡村三十年的好医生——记石门镇卫生院医生刘长青",
                "刘长青从医三十年，始终坚守在乡村医疗第一线，累计接诊患者十余万人次，被群众亲切地称为“百姓的贴心人”。",
                "他常说：“只要乡亲们需要，我就一直干下去。”")]}],
        distribution={"送": ["市委办公室", "市政府办公室", "市人大教科文卫委"], "发": ["各区县卫生健康局", "委机关各处室", "委属各单位"]},
        copies=60),
    "h3-wrapped-tail-twounits": dict(
        series="农业农村工作简报", year=2023, number=7, date="2023-07-17", publisher="市农业农村局 市乡村振兴局",
        sections=[
            {"title": "产业发展", "articles": [
                art("全市夏粮收购工作有序推进", "截至7月15日，全市累计收购小麦十八点六万吨，收购进度快于去年同期。各收储企业严格执行收购政策，切实保护种粮农民利益。"),
                art("特色水果产业带动农民增收", "近年来，各地因地制宜发展猕猴桃、葡萄等特色水果产业，全市特色水果种植面积达到十二万亩，带动两万余户农民增收。")]},
            {"title": "农村改革", "articles": [
                art("农村集体产权制度改革试点取得新进展", "城东区作为全省试点，已完成全部村级集体经济组织成员身份确认工作，共确认成员十三万人。")]}],
        distribution={"送": ["市委常委", "市人大常委会副主任", "市政府副市长", "市政协副主席", "市委农办", "市发展改革委", "市财政局", "市自然资源局"],
                      "发": ["各区县农业农村局"]}),
    "h4-gbk-crlf-editor-note": dict(
        series="信访工作动态", year=2016, number=2, date="2016-02-29", publisher="县信访局",
        sections=[{"title": None, "articles": [
            art("春节期间全县信访形势总体平稳",
                "编者按：春节前后是信访工作的重点时段。现将我县节日期间信访工作情况编发，供参考。",
                "春节期间，全县各级信访部门坚持领导接访和干部值班制度，共接待群众来访二十六批六十二人次，来访量同比下降百分之十五。",
                "对群众反映的问题，各责任单位均已按程序受理并限期办结。")]}],
        distribution={"抄送": ["县委办公室", "县人大常委会办公室", "县政府办公室", "县政协办公室"]}),
    "h5-pdf-like-wrapped": dict(
        series="商务工作简报", year=2020, number=9, date="2020-09-30", publisher="市商务局",
        sections=[{"title": None, "articles": [
            art("全市消费市场持续回暖",
                "1至8月，全市实现社会消费品零售总额四百二十六亿元，降幅比上半年收窄三点二个百分点。其中，8月份当月零售额同比增长百分之一点八，自今年以来首次实现正增长。",
                "从消费形态看，餐饮收入降幅持续收窄，线上消费保持快速增长，全市网络零售额同比增长百分之十六点五。"),
            art("外贸进出口实现正增长", "1至8月，全市外贸进出口总额一百零三亿元，同比增长百分之零点六，增速年内首次由负转正。")]}],
        distribution={"送": ["市委办公室", "市政府办公室"], "发": ["各区县商务主管部门"]}),
}

if __name__ == "__main__":
    for name, data in LABELS.items():
        (HERE / f"{name}.yaml").write_text(issue_to_yaml(Issue.model_validate(data)), encoding="utf-8")
    print(len(LABELS), "labels written")
