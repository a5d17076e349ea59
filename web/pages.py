"""Public pages: the patient web chat at `/`."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from preconsult.i18n import N_, gettext
from web.templating import page_locale, render

__all__ = ["CHAT_STRINGS", "router"]

router = APIRouter()

# Strings the chat script needs at run time, handed over as JSON in the page.
CHAT_STRINGS = {
    "connecting": N_("正在连接…"),
    "reconnecting": N_("连接中断，正在重新连接…"),
    "online": N_("已连接"),
    "offline": N_("网络已断开，消息会在恢复后发送"),
    "sending": N_("发送中"),
    "sent": N_("已送达"),
    "typing": N_("助手正在输入…"),
    "emergency_title": N_("紧急情况"),
    "call120": N_("拨打120"),
    "triage_title": N_("分诊建议"),
    "urgency": N_("紧急程度"),
    "departments": N_("建议挂号科室"),
    "reasons": N_("理由"),
    "summary": N_("给医生的摘要"),
    "chief_complaint": N_("主诉"),
    "sources": N_("参考来源"),
    "handoff": N_("已为您转接人工，请稍候。"),
    "new_chat": N_("新对话"),
    "urgency_emergency_ambulance": N_("立即拨打120"),
    "urgency_emergency": N_("立即去急诊"),
    "urgency_urgent": N_("24小时内就诊"),
    "urgency_routine": N_("门诊预约就诊"),
    "urgency_self_care": N_("居家观察"),
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request) -> HTMLResponse:
    locale = page_locale(request)
    strings = {key: gettext(locale, msg) for key, msg in CHAT_STRINGS.items()}
    return render(
        request, "chat.html", locale=locale, strings_json=json.dumps(strings, ensure_ascii=False)
    )
