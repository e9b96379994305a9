"""A workspace of N generated issues for the archive benches (written as YAML text, quickly)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = ("政府 网站 信息 公开 服务 建设 电子 政务 平台 系统 推进 开通 全市 区县 群众 办事 在线 管理 工作 会议 "
         "成都 发展 创新 数据 网络 覆盖 改革 部门 应用 推广 试点 规范 安全 监察 审批 农业 科技 交通 运输 市场").split()
RARE = "金牛"


def paragraph(rng: random.Random, rare: bool) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 50))]
    if rare:
        words.insert(rng.randrange(len(words)), RARE)
    return "".join(words) + "。"


def make_workspace(root: Path, count: int, seed: int = 8) -> Path:
    """`count` issues, 24 a year from 2000 on; about one article in 50 mentions 金牛."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "issues").mkdir(parents=True)
    shutil.copyfile(REPO / "jianbao.yaml", root / "jianbao.yaml")
    for index in range(count):
        year, number = 2000 + index // 24, index % 24 + 1
        lines = [f"series: 成都市政府网站简报", f"year: {year}", f"number: {number}", "supplement: false",
                 f"date: {year}-{(number - 1) // 2 + 1:02d}-{10 + (number % 2) * 10:02d}",
                 "publisher: 成都市经济信息中心", "sections:"]
        for s in range(2):
            lines += [f"  - title: 栏目{s + 1}", "    articles:"]
            for a in range(3):
                rare = rng.random() < 0.02
                lines += [f"      - title: {''.join(rng.choice(WORDS) for _ in range(6))}", "        paragraphs:"]
                lines += [f"          - {paragraph(rng, rare and p == 1)}" for p in range(3)]
        lines += ["distribution:", "  送: [市政府秘书长]", "  发: [区（市）县信息办]",
                  'contact: "成都市经济信息中心 电话：87763494"']
        (root / "issues" / f"{year}-{number:02d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return root
