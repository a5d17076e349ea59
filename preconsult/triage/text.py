"""Text normalisation for matching: width, case, traditional -> simplified characters, clause spans.

Normalisation keeps the length of the text (one character in, one out) so that offsets found in
the normalised text are valid in the original.
"""

from __future__ import annotations

import re

from preconsult.triage.lexicon import CLAUSE_BREAK_RE

__all__ = [
    "CANTONESE",
    "TRADITIONAL",
    "base_table",
    "clause_spans",
    "normalize",
    "swap_inner_negation",
    "translation_table",
]

# Common traditional characters in patients' health messages -> simplified. Extended at engine
# build time with pairs learned from the zh-TW/zh-CN names of the knowledge files.
TRADITIONAL = (
    "發发燒烧頭头疼疼痛痛腦脑嘔呕吐吐瀉泻噁恶醫医院院藥药療疗診诊斷断檢检查查腫肿塊块癢痒"
    "脹胀悶闷喘喘氣气嗽嗽嚨咙喉喉鼻鼻塞塞涕涕聽听覺觉視视眼眼睛睛耳耳齒齿齦龈瘡疮潰溃瘍疡"
    "經经絡络腸肠胃胃臟脏腎肾膽胆膚肤膿脓傷伤骨骨節节關关腰腰膝膝頸颈腳脚腿腿臂臂肩肩背背"
    "麻麻暈晕眩眩厥厥昏昏迷迷抽抽搐搐癇痫癱瘫瘓痪語语說说話话無无沒没難难過过幾几兩两個个"
    "歲岁孕孕婦妇產产懷怀嬰婴兒儿寶宝媽妈爸爸爺爷奶奶歡欢們们這这裡里裏里麼么樣样嗎吗還还"
    "會会覺觉開开始始現现時时鐘钟週周禮礼拜拜後后來来點点兒儿減减輕轻重重劇剧烈烈厲厉害害"
    "嚴严緊紧張张慮虑鬱郁憂忧煩烦躁躁睡睡眠眠夢梦驚惊悸悸跳跳動动靜静脈脉壓压糖糖尿尿頻频"
    "急急膀膀胱胱陰阴囊囊睪睾莖茎勃勃精精卵卵巢巢宮宫頸颈帶带經经期期乳乳房房腺腺結结節节"
    "甲甲狀状瘤瘤癌癌症症狀状體体溫温熱热冷冷汗汗虛虚弱弱乏乏力力瘦瘦胖胖食食慾欲飲饮喝喝"
    "吃吃飯饭便便祕秘血血紅红黃黄綠绿黑黑白白膚肤疹疹斑斑痘痘癬癣濕湿疣疣禿秃髮发掉掉脫脱"
    "齲龋蛀蛀牙牙嘴嘴舌舌唇唇咽咽聲声嘶嘶啞哑鳴鸣聾聋癲癫風风濕湿類类側侧邊边左左右右側侧"
    "腹腹肚肚臍脐側侧墜坠撐撑壞坏斷断裂裂撞撞摔摔跌跌傷伤燙烫燒烧咬咬蟲虫蜂蜂蛇蛇毒毒藥药"
    "過过敏敏嚥咽癥症狀状態态變变異异常常覺觉噴喷嚏嚏麼么甚什麼么為为於于與与對对從从讓让"
    "請请問问題题該该麼么應应當当給给幫帮謝谢醫医師师護护掛挂號号門门診诊科科兒儿專专"
    "憋憋窒窒息息衝冲擊击攣挛絞绞刺刺燙烫鈍钝隱隐陣阵續续斷断複复發发"
    "換换墊垫褲裤灘滩攤摊滿满漲涨閃闪爍烁擰拧縮缩撲扑軟软癒愈鬆松緩缓嗆呛溺溺電电顆颗"
    "廁厕潔洁劑剂濺溅曬晒虧亏擠挤吞吞嚇吓倒倒濃浓稀稀漿浆塊块團团陷陷窩窝凹凹歪歪斜斜"
    "蓋盖隻只痾屙進进髖髋瘀瘀慢慢針针灸灸貼贴膏膏"
    "術术復复轉转鈣钙緣缘縱纵橫横鏡镜實实質质葉叶滯滞見见記记塗涂臥卧種种稱称雙双陽阳確确認认"
    "顯显擴扩穩稳際际裝装親亲"
    # more everyday traditional-only characters (響 in 張嘴會喀喀響, 處 in 處理, 營養, 預約 ...)
    "響响顎颚頜颌纖纤維维線线膠胶矯矫滲渗紋纹尋寻導导誤误攝摄暫暂彎弯夠够聯联勞劳顧顾鹽盐訴诉"
    "損损據据勁劲傳传優优閉闭鬧闹雞鸡鴨鸭魚鱼蝦虾麵面飽饱餓饿餵喂齡龄陳陈貧贫寬宽營营養养亂乱"
    "濁浊淚泪盡尽辦办錯错鐵铁鈉钠鉀钾鋅锌纏缠簡简遲迟達达選选遠远適适遺遗隨随險险靈灵韌韧頂顶"
    "項项順顺預预頑顽額额顏颜飛飞驗验髒脏鹹咸麥麦齊齐處处證证況况決决樂乐殼壳癮瘾瘻瘘瘧疟癆痨"
    "癤疖疊叠擾扰擺摆搖摇攔拦懶懒慣惯憶忆懼惧戰战準准嘗尝鬥斗"
)
# Cantonese function words with a one-character Mandarin equivalent ("冇反应" -> "没反应", "唔痛" ->
# "不痛", "叫佢唔应" -> "叫他不应"): negation and the knowledge's patterns then read them. Only
# characters that are not used in written Mandarin are mapped.
CANTONESE = "冇没唔不佢他睇看咗了喺在嘅的攰累瞓睡"
_BASE_MAP = {
    pairs[i]: pairs[i + 1]
    for pairs in (TRADITIONAL, CANTONESE)
    for i in range(0, len(pairs) - 1, 2)
}

_INNER_NEG = re.compile(
    r"([头胸肚腹腰背脖颈嗓喉眼耳牙胃腿脚手膝肩心肝嘴舌鼻]{1,2})(没有|不|没)"
    r"(疼|痛|痒|晕|肿|胀|酸|麻|闷|烧|发烧|发热|咳|难受)"
)


_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def translation_table(mapping: dict[str, str]) -> dict[int, int]:
    """A ``str.translate`` table: full-width -> half-width, traditional -> simplified."""
    table = dict(_WIDTH)
    table.update({ord(t): ord(s) for t, s in mapping.items() if len(t) == 1 and len(s) == 1})
    return table


_BASE_TRANSLATION = translation_table(_BASE_MAP)


def normalize(text: str, translation: dict[int, int] | None = None) -> str:
    """Same-length normalised text: half-width, lower case, simplified characters."""
    out = text.translate(translation if translation is not None else _BASE_TRANSLATION)
    lowered = out.lower()
    if len(lowered) != len(out):  # a few characters grow when lower-cased ("İ")
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in out)
    return swap_inner_negation(lowered)


def swap_inner_negation(text: str) -> str:
    """'头不疼' -> '不头疼' (same length) so the negation precedes the symptom it negates."""
    return _INNER_NEG.sub(lambda m: m.group(2) + m.group(1) + m.group(3), text)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``text`` (split at punctuation and contrast words)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in CLAUSE_BREAK_RE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def base_table() -> dict[str, str]:
    return dict(_BASE_MAP)
