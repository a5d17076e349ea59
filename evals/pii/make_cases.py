"""Write evals/pii/cases.jsonl: PII cases from hand-written templates plus near-misses.

Run `python evals/pii/make_cases.py` (deterministic, seeded); handwritten.jsonl is appended as is
(it was first measured as a holdout: see the privacy report). Expected texts are built from the
templates themselves (placeholders put where a value was inserted), never by calling redact().
All names, numbers and sentences are invented here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("cases.jsonl")
rng = random.Random(20261127)

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
)
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "慕容"]
_GIVEN_TEXT = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 华 慧 建华 志强 晓红 丹 萍 鑫 宇 浩 子涵 雨桐 梓萱 "
    "俊杰 欣怡 文博 海燕 国庆 春梅 玉兰 德明 思远 佳琪 嘉怡 宏伟 秋菊 立新 淑珍 桂英 永刚 雪梅 "
)
GIVEN = _GIVEN_TEXT.split()
EN_NAMES = [
    "John Smith",
    "Emily Clark",
    "Wang Wei",
    "Li Na",
    "David",
    "Maria Garcia",
    "Chen Jie",
    "Anna Lee",
]
SYMPTOMS = [
    "咳嗽三天了", "头疼还有点发烧", "胃不舒服好几天", "最近血糖控制不好", "膝盖上下楼梯疼",
    "晚上睡不着", "嗓子疼", "孩子拉肚子两天", "腰疼想挂号", "皮肤起了红疹子", "想问下降压药怎么吃",
    "眼睛干涩", "牙龈出血", "经常头晕", "想咨询体检报告",
]  # fmt: skip
AREAS = [
    "110105",
    "310104",
    "440305",
    "330106",
    "510107",
    "420102",
    "370202",
    "320102",
    "610113",
    "500103",
]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def person() -> str:
    if rng.random() < 0.1:
        return rng.choice(COMPOUND) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def birth(start: int = 1935, end: int = 2015) -> date:
    return date(start, 1, 1) + timedelta(days=rng.randrange((end - start) * 365))


def id18(valid: bool = True) -> str:
    body = rng.choice(AREAS) + birth().strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def id15() -> str:
    return rng.choice(AREAS) + birth(1935, 1999).strftime("%y%m%d") + f"{rng.randrange(1000):03d}"


def luhn_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def card(length: int = 16, prefix: str = "622", valid: bool = True) -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    digit = luhn_digit(body)
    if not valid:
        digit = str((int(digit) + rng.randrange(1, 10)) % 10)
    return body + digit


def grouped(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def mobile() -> str:
    return "1" + rng.choice("3456789") + "".join(str(rng.randrange(10)) for _ in range(9))


def fmt_mobile(number: str) -> str:
    style = rng.randrange(6)
    if style == 1:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 3:
        return f"+86 {number}"
    if style == 4:
        return f"+86-{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def landline() -> str:
    area = rng.choice(["010", "021", "020", "0755", "0571", "028", "027", "0532"])
    local = rng.choice("2345678") + "".join(
        str(rng.randrange(10)) for _ in range(7 if len(area) == 3 else 7)
    )
    style = rng.randrange(5)
    if style == 1:
        return f"({area}){local}"
    if style == 2:
        return f"{area} {local[:4]} {local[4:]}"
    if style == 3:
        return f"{area}-{local}转{rng.randrange(100, 999)}"
    return f"{area}-{local}"


def service() -> str:
    head = rng.choice(["400", "800"])
    rest = "".join(str(rng.randrange(10)) for _ in range(7))
    return rng.choice(
        [f"{head}-{rest[:3]}-{rest[3:]}", f"{head}{rest}", f"{head} {rest[:3]} {rest[3:]}"]
    )


def email() -> str:
    user = rng.choice(["zhang.wei", "lina88", "patient_01", "wxy2024", "hello.doctor", "abc-123"])
    return (
        user
        + "@"
        + rng.choice(["qq.com", "163.com", "gmail.com", "example.cn", "mail.hospital.org"])
    )


KINDS: dict[str, tuple[str, Callable[[], str]]] = {
    "name": ("[姓名]", person),
    "en": ("[姓名]", lambda: rng.choice(EN_NAMES)),
    "id": ("[身份证号]", id18),
    "idx": ("[身份证号]", lambda: id18()[:17] + "X"),  # replaced below by a real X-ending id
    "id15": ("[身份证号]", id15),
    "mobile": ("[电话]", lambda: fmt_mobile(mobile())),
    "landline": ("[电话]", landline),
    "service": ("[电话]", service),
    "email": ("[邮箱]", email),
    "card": ("[银行卡号]", lambda: card(rng.choice([16, 19]))),
    "cardg": ("[银行卡号]", lambda: grouped(card(16))),
}


def id18_ending_x() -> str:
    while True:
        value = id18()
        if value.endswith("X"):
            return value if rng.random() < 0.7 else value[:-1] + "x"


KINDS["idx"] = ("[身份证号]", id18_ending_x)

POSITIVE_TEMPLATES = [
    "我叫{name}，今年{age}岁，{sym}",
    "医生你好，我叫{name}，{sym}",
    "你好我叫{name}想问一下{sym}怎么办",
    "姓名：{name}，性别男，年龄{age}",
    "患者姓名：{name}  主诉：{sym}",
    "我是{name}，{sym}",
    "我是{name}的家属，老人{sym}",
    "孩子叫{name}，{age}岁，{sym}",
    "联系人：{name}，电话{mobile}",
    "my name is {en}, {sym}",
    "Hi, my name is {en} and I have a fever",
    "身份证号{id}，帮我查一下挂号记录",
    "我的身份证是 {id}",
    "证件号码：{idx}，{sym}",
    "身份证 {id15}，老身份证还能用吗",
    "我的手机号是{mobile}，有结果请通知我",
    "电话：{mobile}",
    "手机{mobile}，{sym}",
    "联系电话 {landline}",
    "家里座机{landline}，白天没人接",
    "客服电话是{service}吗",
    "请发到我邮箱{email}",
    "邮箱: {email} 谢谢",
    "My email is {email}",
    "银行卡号{card}，退款打到这张卡",
    "卡号：{cardg}",
    "我叫{name}，身份证{id}，电话{mobile}",
    "姓名{name} 手机{mobile} 邮箱{email}",
    "预约人是我本人，我叫{name}，手机号{mobile}",
    "退费请转到{card}，户名是本人，我叫{name}",
    "ID number {id}, phone {mobile}",
    "我是{name}，{sym}，我的电话是{mobile}",
]
HAND_POSITIVES = [
    ("我叫王芳头疼三天了", "我叫[姓名]头疼三天了"),
    ("我叫李强，男，45岁", "我叫[姓名]，男，45岁"),
    ("我叫赵子涵在北京上班", "我叫[姓名]在北京上班"),
    ("我的名字是孙立新", "我的名字是[姓名]"),
    ("我名字叫周雪梅，胃疼", "我名字叫[姓名]，胃疼"),
    ("他叫刘洋，昨天摔倒了", "他叫[姓名]，昨天摔倒了"),
    ("我儿子叫陈浩，发烧39度", "我儿子叫[姓名]，发烧39度"),
    ("姓名：阿依古丽，女", "姓名：[姓名]，女"),
    ("我叫买买提·艾力，咳嗽", "我叫[姓名]，咳嗽"),
    ("我是欧阳娜娜，想挂皮肤科", "我是[姓名]，想挂皮肤科"),
    ("my name's Tom Brown", "my name's [姓名]"),
    ("手机：１３８００１３８０００", "手机：[电话]"),
    ("电话(+86)13912345678", "电话[电话]"),
    ("打0086 13912345678找我", "打[电话]找我"),
    ("家里电话 8765 4321", "家里电话 [电话]"),
    ("座机：62345678", "座机：[电话]"),
    ("打010 6234 5678", "打[电话]"),
    ("+86 10 62345678 是医院总机吗", "[电话] 是医院总机吗"),
    ("身份证号：110105 19491231 002X", "身份证号：[身份证号]"),
    ("身份证１１０１０５１９４９１２３１００２Ｘ", "身份证[身份证号]"),
    ("邮箱是ZHANG.Wei@Example.COM", "邮箱是[邮箱]"),
    ("信用卡 4111 1111 1111 1111 被扣款了", "信用卡 [银行卡号] 被扣款了"),
    ("卡号4111111111111111", "卡号[银行卡号]"),
    ("银行卡：6011-1111-1111-1117", "银行卡：[银行卡号]"),
    ("病人张三，男，45岁，咳嗽", "病人[姓名]，男，45岁，咳嗽"),
    ("我的身分證字號是A123456789", "我的身分證字號是[身份证号]"),
    ("我叫張志明，今年40歲", "我叫[姓名]，今年40歲"),
    ("我是賴佩君，喉嚨痛", "我是[姓名]，喉嚨痛"),
    ("身分證 F131104093，要掛號", "身分證 [身份证号]，要掛號"),
    ("我叫陳怡君，手機0912-345-678", "我叫[姓名]，手機[电话]"),
    ("台灣的號碼+886 912 345 678", "台灣的號碼[电话]"),
    ("香港電話+852 9123 4567", "香港電話[电话]"),
    ("患者李秀英，女，68岁", "患者[姓名]，女，68岁"),
    ("我叫做周建国", "我叫做[姓名]"),
    ("我叫Tom，头疼", "我叫[姓名]，头疼"),
    ("我叫张伟，手机13800138000，邮箱zw@163.com，身份证11010519491231002X",
     "我叫[姓名]，手机[电话]，邮箱[邮箱]，身份证[身份证号]"),
]  # fmt: skip
NEAR_MISSES = [
    "空腹血糖7.8mmol/L，餐后两小时11.2",
    "白细胞12.5×10^9/L，中性粒细胞85%",
    "血红蛋白135g/L，血小板230×10^9/L",
    "血压140/90mmHg，心率88次/分",
    "今天量的血压是160/100，头有点晕",
    "2024-03-15做的检查，结果正常吗",
    "体检日期20240315，报告编号在单子上",
    "2024年3月15日上午9点抽的血",
    "早上08:30吃的药，现在14:05",
    "阿莫西林胶囊0.25g×24粒，一次2粒",
    "布洛芬缓释胶囊300mg，一天最多吃几次",
    "二甲双胍500mg每天两次",
    "身高175cm，体重70kg，BMI多少",
    "孩子身高1.12米，体重19.5公斤",
    "糖化血红蛋白6.5%，算糖尿病吗",
    "肌酐88μmol/L，尿酸480",
    "TSH 4.5 mIU/L，T4 12.3",
    "甘油三酯2.3，低密度脂蛋白3.4",
    "体温38.5℃，烧了两天",
    "血氧95%，呼吸有点急",
    "我是高血压患者，能吃感冒药吗",
    "我是糖尿病人，血糖控制得一般",
    "我是孕妇，怀孕12周，可以吃什么药",
    "我是程序员，经常腰疼",
    "我是第一次来这家医院",
    "我是江西人，现在在广州",
    "我是高三学生，最近失眠",
    "我是他妈妈，孩子发烧了",
    "我是一名教师，嗓子经常哑",
    "我是过敏体质，青霉素过敏",
    "我是上班族，久坐腰疼",
    "我是老病号了，一直吃这个药",
    "我是早上起来发现眼睛肿了",
    "我是武汉人，想问下这边的医院",
    "我是周末才有时间去医院",
    "我是黄疸偏高吗？宝宝皮肤有点黄",
    "我叫了救护车，还要多久",
    "我叫他去拿药了",
    "忘了填姓名怎么办",
    "订单号202403151234567890，药什么时候到",
    "快递单号SF1234567890123",
    "订单编号 1234567890",
    "挂号单号 240315000123",
    "发票号码 04401234",
    "批号230512，有效期到2026-05",
    "国药准字H20003263是正品吗",
    "条形码6901234567892扫不出来",
    "邮编100080",
    "心电图QT间期420ms",
    "1-2天就好了吗",
    "3-5岁的孩子用量多少",
    "一天2-3次，一次10ml",
    "2023-2024年一直在吃",
    "400mg的片剂可以掰开吗",
    "800毫克太多了吧",
    "尿常规白细胞 +++，红细胞 25/μL",
    "血常规 WBC 11.6 RBC 4.2 HGB 128 PLT 312",
    "乙肝表面抗体 156.3 mIU/ml",
    "维生素D 18.6 ng/ml",
    "CRP 35 mg/L，PCT 0.12",
    "眼压21mmHg，视力0.8",
    "一次1片，每日3次，饭后服用",
    "药盒上写着 10mg×30片",
    "孩子体重15kg，美林吃几毫升",
    "我血压130/85，需要吃药吗",
    "3月15号下午3点半复查",
    "凌晨2点开始肚子疼",
    "2024/03/15 08:00:00 的记录",
    "从1990年到2000年都在工地干活",
    "已经吃了7天，还剩14片",
    "体检编号：TJ20240315001",
    "门诊号 0001234567",
    "病历号 1234567",
    "住院号 20240315088",
    "社保卡上的编号是多少",
    "心率 110 次/分，有点心慌",
    "胆固醇 6.2，偏高吗",
    "骨密度 T值 -2.6",
    "总胆红素 25.6 μmol/L",
    "HbA1c 7.2%，空腹 8.9",
    "我今年58岁，血压150/95",
    "昨天晚上11点吃的头孢",
    "医生说2周后复查",
    "PSA 4.8 ng/mL",
    "癌胚抗原 3.2",
    "尿蛋白 2+，24小时尿蛋白 1.2g",
    "血钾 3.2 mmol/L",
    "谷丙转氨酶 86 U/L",
    "胎心 140 次/分，孕28周",
    "宝宝出生体重3.2kg，现在6个月",
    "我叫不出这个药的名字",
    "我是说头疼不是头晕",
    "我是不是得了流感",
    "我是在药店买的",
    "我是女的，32岁",
    "我是男生，19岁",
    "我是从外地来的",
    "我是马上要做手术吗",
    "我是白领，天天对着电脑",
    "我是护士，想问个用药问题",
    "请问你们电话多少",
    "电话打不通怎么办",
    "请发邮件给我们",
    "银行卡支付可以吗",
    "卡里余额不够",
    "身份证丢了能挂号吗",
    "医保卡号在卡的背面",
    "email me the report please",
    "My name is not important, I have a cough",
    "name of the drug: ibuprofen",
    "LDL 3.4 mmol/L, HDL 1.1",
    "BP 135/85, HR 72",
    "复查时间 2024.03.15",
    "20240315 和 20240322 各抽一次血",
    "版本号 v2.3.15",
    "房间号 1203，住院部三楼",
    "第12345678号检查单",
    "凝血酶原时间 12.5 秒，INR 1.05",
    "D-二聚体 0.35 mg/L",
    "肺功能 FEV1/FVC 65%",
    "我叫醒他的时候他说胸口疼",
    "患者康复后饮食要注意什么",
    "患者高血压十年，最近头晕",
    "病人家属想问探视时间",
    "患者自述胸痛三天",
    "病人王先生住几床",
    "我叫他Tom",
    "A123456788 是身分證嗎",
    "型號A123456789X的血壓計",
    "訂單0912345678還沒到",
    "我是時候去醫院了嗎",
    "我是單親媽媽，孩子發燒",
    "血壓130/85，空腹血糖6.1",
]


def numeric_near_misses() -> list[str]:
    out: list[str] = []
    for _ in range(18):
        out.append(
            rng.choice(["这个号码{v}是身份证吗", "证件号{v}", "{v}"]).format(v=id18(valid=False))
        )
    for _ in range(10):
        value = card(rng.choice([16, 19]), valid=False)
        out.append(rng.choice(["卡号{v}", "转账到{v}", "{v}"]).format(v=value))
    for _ in range(8):
        digits = "".join(str(rng.randrange(10)) for _ in range(rng.choice([10, 12, 14, 20, 21])))
        out.append(rng.choice(["订单号{v}", "单号{v}", "流水号 {v}"]).format(v=digits))
    for _ in range(6):
        ms = str(rng.randrange(1_600_000_000_000, 1_800_000_000_000))
        out.append(f"时间戳{ms}")
    for _ in range(6):
        short = "1" + rng.choice("3456789") + "".join(str(rng.randrange(10)) for _ in range(8))
        out.append(f"手机号好像是{short}，少了一位")
    return out


def fill(template: str) -> tuple[str, str]:
    text, expected = template, template
    while "{" in text:
        start = text.index("{")
        end = text.index("}", start)
        field = text[start + 1 : end]
        if field == "age":
            value = placeholder = str(rng.randrange(3, 90))
        elif field == "sym":
            value = placeholder = rng.choice(SYMPTOMS)
        else:
            placeholder, make = KINDS[field]
            value = make()
        text = text[:start] + value + text[end + 1 :]
        e_start = expected.index("{")
        e_end = expected.index("}", e_start)
        expected = expected[:e_start] + placeholder + expected[e_end + 1 :]
    return text, expected


def main() -> None:
    cases: list[dict[str, str]] = []
    for _ in range(7):
        for template in POSITIVE_TEMPLATES:
            text, expected = fill(template)
            cases.append({"text": text, "expected": expected})
    for text, expected in HAND_POSITIVES:
        cases.append({"text": text, "expected": expected})
    handwritten = Path(__file__).with_name("handwritten.jsonl")  # whole sentences with expectations
    for line in handwritten.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cases.append(json.loads(line))
    for text in NEAR_MISSES + numeric_near_misses():
        cases.append({"text": text, "expected": text})
    seen: set[str] = set()
    with OUT.open("w", encoding="utf-8") as fp:
        for case in cases:
            if case["text"] in seen:
                continue
            seen.add(case["text"])
            fp.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"wrote {len(seen)} cases to {OUT}")


if __name__ == "__main__":
    main()
