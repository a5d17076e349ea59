"""Render label facts into an answer. Every fact is quoted from a drug entry; code adds only frames."""

from __future__ import annotations

from preconsult.i18n import N_, gettext
from preconsult.pharmacy.checker import Finding
from preconsult.pharmacy.intents import Question, QuestionType
from preconsult.pharmacy.label import caution_text, condition_text
from preconsult.pharmacy.loader import DrugBook
from preconsult.pharmacy.schema import Complaint, Drug

__all__ = [
    "CLASS_LABELS",
    "compose_drug",
    "compose_findings",
    "compose_recommendation",
    "footer",
    "format_age",
]

CLASS_LABELS = {
    "otc_a": N_("甲类非处方药"),
    "otc_b": N_("乙类非处方药"),
    "rx": N_("处方药"),
}
_FIELD_TITLES: dict[str, str] = {
    "indication": N_("适应症"),
    "usage": N_("用法用量"),
    "child": N_("儿童用法"),
    "duration": N_("疗程"),
    "pregnancy": N_("孕期"),
    "lactation": N_("哺乳期"),
    "children": N_("儿童"),
    "elderly": N_("老年人"),
    "liver": N_("肝功能"),
    "kidney": N_("肾功能"),
    "driving": N_("驾驶"),
    "alcohol": N_("饮酒"),
    "side_effects": N_("常见不良反应"),
    "contraindications": N_("禁忌"),
    "interactions": N_("相互作用"),
    "storage": N_("贮藏"),
    "ingredients": N_("成分"),
}
_DEFAULT_TYPES: tuple[QuestionType, ...] = ("indication", "usage")
_HEADER = N_("【{name}】（{cls}）说明书内容：")
_CONDITION = N_("说明书中与「{condition}」有关的内容：{text}")
_CONDITION_NONE = N_("说明书没有专门提到「{condition}」，请把病情告诉药师确认。")
_NOT_ON_LABEL = N_("说明书未写明这一项，请咨询药师。")
_FOOTER = N_("以上内容摘自药品说明书，仅供参考；用药前请阅读说明书，有疑问请向药师确认。")
_FOOTER_EN = N_("（说明书原文为中文。）")
_RX_NOTE = N_("本品为处方药，须凭医师处方购买和使用，请遵医嘱。")
_OTC_A_NOTE = N_("本品为甲类非处方药，请在药师指导下购买和使用。")
_CHILD_DEFAULT = N_("说明书未给出儿童用法用量，儿童用药请咨询医师或药师。")
_DUPLICATE = N_(
    "⚠ 重复成分：{a}和{b}都含有{ingredient}，同时服用会重复用药、可能过量，请不要同时服用，并向药师确认。"
)
_INTERACTION = N_("⚠ {a}与{b}：{why}")
_INTERACTION_AVOID = N_("（说明书提示避免同用，请向药师确认。）")
_DUPLICATE_CLASS = N_(
    "⚠ 重复成分：部分{b}（如{examples}）也含有{ingredient}，与{a}同时服用会重复用药、可能过量，请向药师确认。"
)
_NO_FINDING = N_(
    "在{names}的说明书中，没有找到彼此之间的相互作用或重复成分提示；同时使用前仍请向药师确认。"
)
_RECOMMEND_HEAD = N_(
    "关于「{complaint}」：下列非处方药的说明书适应症包含这一情况（仅供参考，不是诊断或处方）："
)
_RECOMMEND_ITEM = N_("· {name}（{cls}）：{indication}")
_RECOMMEND_TAIL = N_(
    "请向药师确认哪一种适合您（年龄、孕期、正在服用的其他药和过敏史都会影响选择），并按说明书使用。"
)


def format_age(locale: str, years: float) -> str:
    """A child's age as customers say it: months under 1 year."""
    if years < 1:
        return gettext(locale, "{n}个月", n=round(years * 12))
    value = int(years) if years == int(years) else years
    return gettext(locale, "{n}岁", n=value)


def _title(locale: str, key: str) -> str:
    return gettext(locale, _FIELD_TITLES[key])


def _line(locale: str, key: str, value: str | None) -> str:
    sep = ": " if locale == "en" else "："
    return f"{_title(locale, key)}{sep}{value or gettext(locale, _NOT_ON_LABEL)}"


def header(locale: str, drug: Drug) -> str:
    return gettext(
        locale,
        _HEADER,
        name=drug.name.get(locale),
        cls=gettext(locale, CLASS_LABELS[drug.drug_class]),
    )


def _child_lines(locale: str, drug: Drug, question: Question) -> list[str]:
    usage = drug.usage
    lines = []
    if question.age_years is not None and question.age_years >= 12:
        lines.append(_line(locale, "usage", usage.adult))
    elif usage.child:
        lines.append(_line(locale, "child", usage.child))
    else:
        lines.append(gettext(locale, _CHILD_DEFAULT))
    if drug.cautions.children:
        lines.append(_line(locale, "children", drug.cautions.children))
    return lines


def _lines_for(locale: str, drug: Drug, kind: QuestionType, question: Question) -> list[str]:
    sep = "；"
    if kind == "indication":
        return [_line(locale, "indication", drug.indications)]
    if kind == "usage":
        lines = [_line(locale, "usage", drug.usage.adult)]
        if question.has("child"):
            return _child_lines(locale, drug, question)
        if drug.usage.max_days:
            lines.append(_line(locale, "duration", drug.usage.max_days))
        return lines
    if kind == "duration":
        return [_line(locale, "duration", drug.usage.max_days)]
    if kind == "child":
        return _child_lines(locale, drug, question)
    if kind in ("pregnancy", "lactation", "elderly", "liver", "kidney", "driving", "alcohol"):
        return [_line(locale, kind, caution_text(drug, kind))]
    if kind == "condition":
        lines = []
        for condition in question.conditions:
            found = condition_text(drug, condition)
            if condition in drug.indications:  # "感冒了能吃感冒灵吗": the drug is for it
                lines.append(_line(locale, "indication", drug.indications))
            elif found:
                lines.append(gettext(locale, _CONDITION, condition=condition, text=found))
            else:
                lines.append(gettext(locale, _CONDITION_NONE, condition=condition))
                lines.append(
                    _line(locale, "contraindications", sep.join(drug.contraindications) or None)
                )
        return lines
    if kind == "side_effects":
        return [_line(locale, "side_effects", sep.join(drug.side_effects) or None)]
    if kind == "contraindications":
        return [_line(locale, "contraindications", sep.join(drug.contraindications) or None)]
    if kind == "storage":
        return [_line(locale, "storage", drug.storage)]
    if kind == "ingredients":
        parts = [f"{i.name} {i.amount}" if i.amount else i.name for i in drug.ingredients]
        return [_line(locale, "ingredients", sep.join(parts) or drug.name.zh_cn)]
    if kind == "interaction":
        return [_line(locale, "interactions", sep.join(i.why for i in drug.interactions) or None)]
    return []


def compose_drug(locale: str, drug: Drug, question: Question, kinds: list[QuestionType]) -> str:
    """The label facts of one drug that answer the question types asked."""
    wanted = kinds or list(_DEFAULT_TYPES)
    lines = [header(locale, drug)]
    for kind in wanted:
        for line in _lines_for(locale, drug, kind, question):
            if line not in lines:
                lines.append(line)
    if drug.drug_class == "rx":
        lines.append(gettext(locale, _RX_NOTE))
    elif drug.drug_class == "otc_a":
        lines.append(gettext(locale, _OTC_A_NOTE))
    return "\n".join(lines)


def compose_findings(
    locale: str, book: DrugBook, findings: list[Finding], drug_ids: list[str]
) -> str:
    """Duplicate-ingredient and interaction warnings, or an explicit 'none found on the labels'."""

    def name(ref: str) -> str:
        if ref.startswith("class:"):
            return book.classes[ref.removeprefix("class:")].name.get(locale)
        return book.drugs[ref].name.get(locale)

    joiner = ", " if locale == "en" else "、"

    if not findings:
        return gettext(locale, _NO_FINDING, names=joiner.join(name(d) for d in drug_ids))
    lines = []
    for f in findings:
        if f.kind == "duplicate" and f.second.startswith("class:"):
            examples = joiner.join(name(e) for e in f.examples)
            lines.append(
                gettext(
                    locale,
                    _DUPLICATE_CLASS,
                    a=name(f.first),
                    b=name(f.second),
                    examples=examples,
                    ingredient=f.text,
                )
            )
        elif f.kind == "duplicate":
            lines.append(
                gettext(locale, _DUPLICATE, a=name(f.first), b=name(f.second), ingredient=f.text)
            )
        else:
            line = gettext(locale, _INTERACTION, a=name(f.first), b=name(f.second), why=f.text)
            if f.severity == "avoid":
                line += gettext(locale, _INTERACTION_AVOID)
            lines.append(line)
    return "\n".join(dict.fromkeys(lines))


def compose_recommendation(locale: str, complaint: Complaint, drugs: list[Drug]) -> str:
    lines = [gettext(locale, _RECOMMEND_HEAD, complaint=complaint.name.get(locale))]
    for drug in drugs:
        lines.append(
            gettext(
                locale,
                _RECOMMEND_ITEM,
                name=drug.name.get(locale),
                cls=gettext(locale, CLASS_LABELS[drug.drug_class]),
                indication=drug.indications,
            )
        )
    if complaint.note:
        lines.append(complaint.note)
    lines.append(gettext(locale, _RECOMMEND_TAIL))
    return "\n".join(lines)


def footer(locale: str) -> str:
    text = gettext(locale, _FOOTER)
    return f"{text}\n{gettext(locale, _FOOTER_EN)}" if locale == "en" else text
