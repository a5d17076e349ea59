"""Traditional -> Simplified character folding for *matching* only (never for display).

Customers in Taiwan and Hong Kong write brand and generic names in traditional characters
(優甲樂, 開瑞坦, 維他命C). Folding one character to one character keeps string offsets intact,
so a mention's position in the folded text is its position in the original.
"""

from __future__ import annotations

__all__ = ["fold_hant"]

_PAIRS = (
    "優优樂乐鈣钙開开維维藥药顆颗膠胶靈灵氣气漿浆劑剂錠片軟软噴喷霧雾風风濕湿癬癣蘭兰達达寧宁"
    "麗丽東东紅红黴霉頭头環环鹽盐鈉钠鉀钾鎂镁鐵铁鋅锌補补蘇苏黃黄連连銀银雙双腸肠膽胆脫脱淨净"
    "複复復复嗎吗麼么幾几過过與与個个們们這这藍蓝貝贝萬万寶宝兒儿嬰婴會会時时處处醫医師师壓压"
    "脈脉擴扩張张龍龙衛卫參参歸归當当齊齐韋韦爾尔熱热見见體体發发燒烧癢痒瘡疮傷伤腎肾衝冲塗涂"
    "點点貼贴蟲虫營营養养種种類类說说書书綠绿實实質质產产廠厂價价錢钱氫氢鹼碱醯酰賴赖諾诺彌弥"
    "賽赛納纳華华膚肤紋纹線线縮缩緩缓釋释應应誤误喫吃懷怀孕孕婦妇餵喂"
)
_EXTRA = (
    "兩两喝喝還还沒没後后飯饭睏困覺觉嗽嗽痠酸瀉泻脹胀嘔呕吐吐疼疼癒愈斷断續续隨随關关於于對对"
    "於于們们請请問问謝谢給给讓让從从將将麼么樣样裡里邊边為为經经減减肥肥瘦瘦髮发"
    "噁恶號号碼码鏈链藝艺術术該该嗎吗鬆松滅灭殺杀菌菌罷罢週周歲岁個个"
    "馬马綜综腦脑腫肿膿脓專专門门題题適适憂忧鬱郁慮虑壞坏難难聽听讀读學学習习舊旧乾干嚨咙"
    "癥症狀状態态療疗結结節节蝕蚀帶带機机車车暈晕麵面雞鸡魚鱼蝦虾飲饮錯错長长細细滿满頸颈臉脸"
)


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for text in (_PAIRS, _EXTRA):
        chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        for trad, simp in zip(chars[0::2], chars[1::2], strict=False):
            if trad != simp:
                table[ord(trad)] = simp
    return table


_TABLE = _table()


def fold_hant(text: str) -> str:
    """Replace traditional characters by their simplified form, one character for one."""
    return text.translate(_TABLE)
