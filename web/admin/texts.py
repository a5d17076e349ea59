"""User-facing admin messages (zh-CN msgids, domain "admin") and the labels of filter choices."""

from __future__ import annotations

from preconsult.i18n import N_

__all__ = ["ACCOUNT_ERRORS", "CHANNEL_LABELS", "URGENCIES", "URGENCY_LABELS"]

ACCOUNT_ERRORS = {
    "bad_login": N_("用户名或密码不正确。"),
    "locked": N_("登录失败次数过多，账号已临时锁定，请稍后再试或联系管理员。"),
    "csrf": N_("页面已过期，请刷新后重试。"),
    "password_too_short": N_("密码太短：至少需要 {n} 个字符。"),
    "password_too_simple": N_("密码太简单：请混合使用字母、数字和符号。"),
    "wrong_password": N_("当前密码不正确。"),
    "password_unchanged": N_("新密码不能与当前密码相同。"),
    "password_mismatch": N_("两次输入的新密码不一致。"),
    "user_exists": N_("该用户名已存在。"),
    "bad_username": N_("用户名不能为空，且不超过 64 个字符。"),
    "bad_role": N_("角色只能是管理员或审核员。"),
}

URGENCIES = ("emergency_ambulance", "emergency", "urgent", "routine", "self_care")
URGENCY_LABELS = {
    "emergency_ambulance": N_("立即拨打120"),
    "emergency": N_("立即去急诊"),
    "urgent": N_("24小时内就诊"),
    "routine": N_("门诊预约就诊"),
    "self_care": N_("居家观察"),
}

CHANNEL_LABELS = {"web": N_("网页"), "kiosk": N_("自助机")}
