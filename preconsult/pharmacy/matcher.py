"""Find the drugs a customer names: generic names (zh-CN/zh-TW/en) and brand aliases.

Leftmost-longest matching over every surface form, so 阿司匹林肠溶片 wins over 阿司匹林 and
感冒灵颗粒 over 感冒灵. English forms match on word boundaries, case-insensitively.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from preconsult.pharmacy.hant import fold_hant
from preconsult.pharmacy.loader import DrugBook

__all__ = ["DrugMatcher", "Mention", "normalize", "unknown_drug_names"]

_PAREN = re.compile(r"[（(][^）)]*[）)]")
_ASCII_WORD = re.compile(r"[a-z0-9]")
# stems that name a use or a substance, not a product ("化痰片" is a product, "化痰" is not)
_GENERIC_STEMS = frozenset(
    {"化痰", "抗病毒", "晕车", "小儿感冒", "退热", "尿素", "止咳", "感冒", "消炎"}
)
_FORM_SUFFIX = re.compile(r"(?:缓释片|肠溶片|咀嚼片|片|胶囊|颗粒|口服液|软膏|乳膏|滴剂)$")
_SUFFIX = re.compile(
    r"(?:缓释片|肠溶片|分散片|泡腾片|咀嚼片|片|胶囊|膠囊|颗粒|顆粒|口服液|口服溶液|糖浆|糖漿|混悬液|"
    r"滴剂|软膏|軟膏|乳膏|凝胶|凝膠|滴眼液|滴耳液|喷雾剂|噴霧劑|气雾剂|注射液|丸|栓|贴膏|贴剂)"
)
# a suffix right after one of these characters is an everyday word (图片, 燕麦片, 睾丸, 脑血栓)
_NOT_AFTER = {
    "片": set("图照相名切卡刀芯胸拍牙麦参薯肉唱影前衣楂光大鱼面"),
    "丸": set("睾肉"),
    "栓": set("血肺脑瘤"),
}
# International nonproprietary name stems: a word ending like this is a drug even without a form
_INN_ZH = re.compile(
    r"(?:沙星|西林|霉素|洛尔|地平|沙坦|普利|他汀|替丁|拉唑|昔布|考昔|洛芬|那非|马多|格列[\u4e00-\u9fff]|头孢[\u4e00-\u9fff]{1,3})"
)
_INN_EN = re.compile(
    r"\b[a-z]{2,}(?:cillin|mycin|floxacin|prazole|tidine|dipine|sartan|pril|olol|statin|gliptin|gliflozin|coxib|profen|triptan|cycline|azepam|oxetine|adol|codone|morphine)\b"
)
# Characters that end a product name when reading backwards from a dosage-form suffix.
_STOP = set(
    "的对對吃用服和跟与或了吗嗎能是个個这這那几幾一两兩半每多少买買种種药藥说問问下我你他她它在有还還及抹涂擦喷滴点點片粒次天日，。？！、 ,.?!:：;；"
)
_GENERIC = (
    "感冒",
    "消炎",
    "止痛",
    "退烧",
    "退燒",
    "止咳",
    "止泻",
    "儿童",
    "兒童",
    "小儿",
    "成人",
    "维生素",
    "中成",
)


def normalize(text: str) -> str:
    """Traditional folded to simplified, NFKC (full-width letters/digits to ASCII), lower-case."""
    return unicodedata.normalize("NFKC", fold_hant(text)).lower()


@dataclass(frozen=True)
class Mention:
    drug_id: str
    start: int
    end: int
    surface: str


class DrugMatcher:
    """Surface form -> drug id table built once from a :class:`DrugBook`."""

    def __init__(self, book: DrugBook) -> None:
        forms: dict[str, str] = {}
        for drug in book.drugs.values():
            names = [drug.name.zh_cn, drug.name.zh_tw, drug.name.en, *drug.aliases]
            for raw in names:
                for variant in {raw, _PAREN.sub("", raw)}:
                    key = normalize(variant).strip()
                    if len(key) >= 2:
                        # the first (most specific file order) owner keeps an ambiguous alias
                        forms.setdefault(key, drug.id)
        # second pass: "硝酸甘油片" also answers to "硝酸甘油", unless that stem is taken
        for drug in book.drugs.values():
            for raw in (drug.name.zh_cn, *drug.aliases):
                stem = _FORM_SUFFIX.sub("", normalize(_PAREN.sub("", raw)).strip())
                if len(stem) >= 2 and stem not in _GENERIC_STEMS:
                    forms.setdefault(stem, drug.id)
        self._forms = forms
        self._by_length = sorted(forms, key=len, reverse=True)
        self._first_chars: dict[str, list[str]] = {}
        for key in self._by_length:
            self._first_chars.setdefault(key[0], []).append(key)

    def find(self, text: str) -> list[Mention]:
        norm = normalize(text)
        found: list[Mention] = []
        i = 0
        while i < len(norm):
            hit = None
            for key in self._first_chars.get(norm[i], ()):
                if norm.startswith(key, i) and self._boundary_ok(norm, i, i + len(key), key):
                    hit = key
                    break
            if hit is None:
                i += 1
                continue
            found.append(Mention(self._forms[hit], i, i + len(hit), text[i : i + len(hit)]))
            i += len(hit)
        return found

    def drug_ids(self, text: str) -> list[str]:
        """Distinct drug ids in order of first mention."""
        seen: list[str] = []
        for mention in self.find(text):
            if mention.drug_id not in seen:
                seen.append(mention.drug_id)
        return seen

    @staticmethod
    def _boundary_ok(text: str, start: int, end: int, key: str) -> bool:
        if not _ASCII_WORD.match(key[0]):
            return True
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        return not (_ASCII_WORD.match(before) or _ASCII_WORD.match(after))


def unknown_drug_names(text: str, mentions: list[Mention]) -> list[str]:
    """Product-like names (…片, …胶囊, …颗粒) that no known drug mention covers."""
    covered = [(m.start, m.end) for m in mentions]
    norm = normalize(text)
    unknown: list[str] = []
    for match in _SUFFIX.finditer(norm):
        start, end = match.span()
        if any(s < end and start < e for s, e in covered):
            continue
        if norm[start - 1 : start] in _NOT_AFTER.get(match.group(0), ()):
            continue
        name = ""
        for ch in reversed(norm[max(0, start - 8) : start]):
            if ch in _STOP or ch.isdigit():
                break
            name = ch + name
        if any(s <= start - len(name) < e or s < start <= e for s, e in covered):
            continue
        if len(name) >= 2 and name not in _GENERIC:
            unknown.append(name + match.group(0))
    for match in _INN_ZH.finditer(norm):
        start, end = match.span()
        if any(s < end and start < e for s, e in covered):
            continue
        name = ""
        for ch in reversed(norm[max(0, start - 6) : start]):
            if ch in _STOP or ch.isdigit():
                break
            name = ch + name
        word = name + match.group(0)
        stem = match.group(0)
        if stem.startswith("头孢"):
            stem_tail = stem[2:]
            # "头孢能喝酒吗": 头孢 followed by an ordinary word is the drug class, not a product
            if stem_tail[:1] in _STOP or stem_tail[:1] in "类類":
                continue
            word = stem.rstrip("".join(_STOP))
        elif not name:
            continue
        if not any(word in u or u in word for u in unknown):
            unknown.append(word)
    for match in _INN_EN.finditer(norm):
        start, end = match.span()
        if not any(s < end and start < e for s, e in covered):
            unknown.append(match.group(0))
    return unknown
