"""User-facing text of the kiosk and the handoff queue (zh-CN msgids, gettext domain "pharmacy")."""

from __future__ import annotations

from preconsult.i18n import N_

__all__ = [
    "DEVICE_ERRORS",
    "KIOSK_STRINGS",
    "QUEUE_STRINGS",
    "QUICK_QUESTIONS",
    "REASON_LABELS",
    "STATUS_LABELS",
]

# Quick-reply buttons on the kiosk: (text sent, shown on the button).
QUICK_QUESTIONS = (
    N_("这个药怎么吃"),
    N_("孕妇能吃吗"),
    N_("儿童能吃吗"),
    N_("两种药能一起吃吗"),
    N_("有什么副作用"),
)

DEVICE_ERRORS = {
    "missing": N_("这台自助机还没有设置设备令牌。请工作人员在下方输入管理后台签发的令牌。"),
    "unauthorized": N_(
        "设备令牌无效或已被停用，自助机暂时不能使用。请工作人员在管理后台重新签发令牌后输入。"
    ),
    "session": N_("这次咨询已经结束或不属于这台自助机。"),
}

# Strings the kiosk script needs at run time, handed over as JSON in the page.
KIOSK_STRINGS = {
    "connecting": N_("正在连接…"),
    "reconnecting": N_("连接中断，正在重新连接…"),
    "online": N_("已连接"),
    "offline": N_("网络已断开，消息会在恢复后发送"),
    "sending": N_("发送中"),
    "sent": N_("已送达"),
    "emergency_title": N_("紧急情况"),
    "call120": N_("拨打120"),
    "triage_title": N_("分诊建议"),
    "urgency": N_("紧急程度"),
    "departments": N_("建议挂号科室"),
    "chief_complaint": N_("主诉"),
    "sources": N_("参考来源"),
    "handoff": N_("药师马上就来，请稍候。"),
    "ask_pharmacist": N_("请药师协助"),
    "pharmacist_coming": N_("药师马上就来"),
    "pharmacist_claimed": N_("药师已收到，正在过来"),
    "pharmacist_handled": N_("药师已处理您的请求。如还有问题，可以继续提问或再次呼叫药师。"),
    "idle_warning": N_("{n} 秒后将清屏，开始新的咨询。"),
    "keep_going": N_("继续使用"),
    "device_missing": DEVICE_ERRORS["missing"],
    "device_unauthorized": DEVICE_ERRORS["unauthorized"],
    "urgency_emergency_ambulance": N_("立即拨打120"),
    "urgency_emergency": N_("立即去急诊"),
    "urgency_urgent": N_("24小时内就诊"),
    "urgency_routine": N_("门诊预约就诊"),
    "urgency_self_care": N_("居家观察"),
}

STATUS_LABELS = {
    "open": N_("等待药师"),
    "claimed": N_("药师已接手"),
    "handled": N_("已处理"),
}

REASON_LABELS = {
    "user_request": N_("顾客请求药师协助"),
    "bot": N_("助手转交药师"),
}

QUEUE_STRINGS = {
    "connecting": N_("正在连接…"),
    "online": N_("实时更新中"),
    "offline": N_("连接中断，正在重新连接…"),
    "empty": N_("目前没有等待处理的求助。"),
    "claim": N_("接手"),
    "handle": N_("已处理"),
    "claimed_by": N_("接手人：{name}"),
    "kiosk": N_("自助机"),
    "conversation": N_("对话内容"),
    "customer": N_("顾客"),
    "assistant": N_("助手"),
    "new_request": N_("新的药师求助"),
    "failed": N_("操作失败，请刷新页面后重试。"),
    "status_open": STATUS_LABELS["open"],
    "status_claimed": STATUS_LABELS["claimed"],
    "status_handled": STATUS_LABELS["handled"],
    "reason_user_request": REASON_LABELS["user_request"],
    "reason_bot": REASON_LABELS["bot"],
}
