"""When the pharmacy must not answer and a pharmacist takes over, and what the customer is told."""

from __future__ import annotations

from dataclasses import dataclass

from preconsult.i18n import N_, gettext
from preconsult.pharmacy.intents import Question, QuestionType
from preconsult.pharmacy.label import caution_text
from preconsult.pharmacy.loader import DrugBook
from preconsult.pharmacy.schema import Drug

__all__ = ["HANDOFF_MESSAGES", "Handoff", "decide_handoff", "handoff_text"]

HANDOFF_MESSAGES: dict[str, str] = {
    "overdose": N_(
        "误服或可能过量服药时请不要等待：立即咨询医生或药师；如出现嗜睡、呕吐、抽搐、呼吸困难等不适，请立即拨打120或去急诊。"
    ),
    "not_improving": N_(
        "用药后症状没有好转、或想超出说明书的疗程继续用药时，请不要自行延长用药，请咨询药师或及时就医。"
    ),
    "requested": N_("好的，已为您呼叫药师，请稍候，药师马上过来。"),
    "requested_remote": N_("线上无法呼叫药师，请到医院药房或药店窗口咨询药师。"),
    "unknown_drug": N_("抱歉，我们的药品说明书库中没有「{names}」，我不能凭猜测回答。请咨询药师。"),
    "no_drug": N_("请告诉我药品的名称（包装上的通用名或商品名）；也可以直接咨询药师。"),
    "dose_change": N_("自行加倍、减量或停药超出了说明书的用法，我不能给出建议。请咨询药师或医师。"),
    "off_label": N_(
        "「{names}」说明书的适应症不包括您问的这种用途，说明书以外的用法我不能建议。请咨询药师。"
    ),
    "rx_without_prescription": N_(
        "「{names}」是处方药，须凭医师处方购买和使用，我不能建议无处方使用。请咨询医师或药师。"
    ),
    "rx_dose": N_("「{names}」是处方药，用法用量请遵医嘱（以处方为准）。如需核对，请咨询药师。"),
    "below_label_age": N_(
        "「{names}」说明书给出的自行用药年龄从{min_age}起，{age}的孩子不在说明书范围内。请咨询医师或药师。"
    ),
    "no_label_info": N_("「{names}」的说明书没有写明您问的这一项，我不能凭猜测回答。请咨询药师。"),
    "no_otc_for_complaint": N_("这个情况我没有可以按说明书建议的非处方药，请咨询药师。"),
    "special_population": N_(
        "孕期、哺乳期或婴幼儿选药需要药师或医师结合具体情况判断，请咨询药师。"
    ),
}
_CALLED = N_("已为您呼叫药师协助，请稍候。")
_ASK_IN_PERSON = N_("您也可以到医院药房或药店当面咨询药师。")

_CAUTION_KINDS: tuple[QuestionType, ...] = (
    "pregnancy",
    "lactation",
    "elderly",
    "liver",
    "kidney",
    "driving",
    "alcohol",
)
_DOSE_KINDS: tuple[QuestionType, ...] = ("usage", "duration", "child")


@dataclass(frozen=True)
class Handoff:
    reason: str
    drugs: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()


def _off_label(book: DrugBook, drug: Drug, question: Question, text: str) -> bool:
    if question.off_label_words:
        return True
    if question.prevention and "预防" not in drug.indications:
        return True
    if not question.use_for:
        return False
    if question.use_object and not _use_on_label(book, drug, question.use_object):
        return True
    for complaint in book.complaints.values():
        if not any(k in text for k in complaint.keywords):
            continue
        on_label = drug.id in complaint.drugs or any(
            k in drug.indications for k in complaint.keywords
        )
        return not on_label
    return False


def _use_on_label(book: DrugBook, drug: Drug, use: str) -> bool:
    """Whether the label's indications (or a complaint listing this drug) cover ``use``."""
    if use in drug.indications or any(
        len(use) >= 2 and use[:2] in part for part in drug.indications.split("，")
    ):
        return True
    for complaint in book.complaints.values():
        if drug.id in complaint.drugs and any(k in use or use in k for k in complaint.keywords):
            return True
    return False


def decide_handoff(
    book: DrugBook, question: Question, drugs: list[Drug], norm_text: str
) -> Handoff | None:
    """The first rule that says a pharmacist must answer, or None when the label can."""
    ids = tuple(d.id for d in drugs)
    if question.overdose:
        return Handoff("overdose", ids)
    if question.persisting:
        return Handoff("not_improving", ids)
    if question.dose_change:
        return Handoff("dose_change", ids)
    rx = tuple(d.id for d in drugs if d.drug_class == "rx")
    if rx and question.no_prescription:
        return Handoff("rx_without_prescription", rx)
    off = tuple(d.id for d in drugs if _off_label(book, d, question, norm_text))
    if off:
        return Handoff("off_label", off)
    if rx and any(question.has(k) for k in _DOSE_KINDS):
        return Handoff("rx_dose", rx)
    age = question.age_years
    if age is not None:
        young = [
            d for d in drugs if d.usage.min_age_years is not None and age < d.usage.min_age_years
        ]
        if young:
            min_age = young[0].usage.min_age_years or 0
            return Handoff(
                "below_label_age",
                tuple(d.id for d in young),
                (("min_age", str(min_age)), ("age", str(age))),
            )
        asks_dose = question.has("usage") or question.has("duration")
        no_child_dose = [
            d
            for d in drugs
            if not d.usage.child or "咨询" in d.usage.child or "遵医嘱" in d.usage.child
        ]
        if age < 12 and asks_dose and no_child_dose:
            return Handoff("no_label_info", tuple(d.id for d in no_child_dose))
    asked = [k for k in question.types if k in _CAUTION_KINDS]
    if asked and len(asked) == len(
        [k for k in question.types if k not in ("child", "interaction")]
    ):
        missing = all(caution_text(d, k) is None for d in drugs for k in asked)
        if missing:
            return Handoff("no_label_info", ids)
    return None


def handoff_text(
    locale: str,
    book: DrugBook,
    handoff: Handoff,
    channel: str = "kiosk",
    extra: dict[str, str] | None = None,
) -> str:
    """The customer's message; at a kiosk a pharmacist is called, elsewhere they are pointed to one."""
    from preconsult.pharmacy.compose import format_age

    joiner = ", " if locale == "en" else "、"
    names = joiner.join(
        book.drugs[d].name.get(locale) if d in book.drugs else d for d in handoff.drugs
    )
    params: dict[str, str] = {"names": names, **dict(handoff.params), **(extra or {})}
    for key in ("min_age", "age"):
        if key in params:
            params[key] = format_age(locale, float(params[key]))
    reason = handoff.reason
    at_counter = channel == "kiosk"
    if reason == "requested":
        key = reason if at_counter else "requested_remote"
        return gettext(locale, HANDOFF_MESSAGES[key])
    text = gettext(locale, HANDOFF_MESSAGES[reason], **params)
    tail_msgid = _CALLED if at_counter else _ASK_IN_PERSON
    tail = gettext(locale, tail_msgid)
    return f"{text}{' ' if locale == 'en' else ''}{tail}"
