"""PostgreSQL's turn writes, one statement each, run in autocommit (a statement is its own
transaction): the session row's counter bump and the message insert in one data-modifying CTE.

The bump locks the session row until the statement commits, so concurrent writers of a session
queue on it and every message gets the next seq (gapless). When the insert fails (a resent client
id hits ``uq_message_session_client``) the whole statement fails and the bump with it.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import TextClause, bindparam, text

from web.storage.models import ChatSession, Message

__all__ = ["USER_MESSAGE", "bot_messages"]

_MESSAGE = Message.__table__.c
_SESSION = ChatSession.__table__.c
_COLUMNS = "session_id, seq, sender, kind, text, payload, client_id, created_at, delivered"

# a user message: returns its seq, or no row when the session does not exist
USER_MESSAGE: TextClause = text(
    "WITH bump AS (UPDATE chat_session"
    " SET message_count = message_count + 1, updated_at = :p_now"
    " WHERE id = :p_session RETURNING message_count)"
    f" INSERT INTO message ({_COLUMNS})"
    " SELECT :p_session, message_count, 'user', 'text', :p_text, :p_payload, :p_client, :p_now,"
    " false FROM bump RETURNING seq"
).bindparams(
    bindparam("p_session", type_=_SESSION.id.type),
    bindparam("p_now", type_=_SESSION.updated_at.type),
    bindparam("p_text", type_=_MESSAGE.text.type),
    bindparam("p_payload", type_=_MESSAGE.payload.type),
    bindparam("p_client", type_=_MESSAGE.client_id.type),
)

# the per-message parameters of bot_messages(): p_kind_<i>, p_text_<i>, p_payload_<i>
_PER_MESSAGE = ("kind", "text", "payload")


@lru_cache(maxsize=128)
def bot_messages(count: int, value_keys: tuple[str, ...], mark_delivered: bool) -> TextClause:
    """The statement storing ``count`` bot messages of one turn, setting the session columns
    ``value_keys`` (parameters ``v_<column>``) and, with ``mark_delivered``, flagging the user
    message ``p_seq`` as answered. Returns the new seqs (the session's counter when ``count`` is 0);
    no row when the session does not exist. Built once per shape."""
    sets = ["message_count = message_count + :p_count", "updated_at = :p_now"]
    sets += [f"{key} = :v_{key}" for key in value_keys]
    ctes = []
    if mark_delivered:
        ctes.append(
            "delivered AS (UPDATE message SET delivered = true"
            " WHERE session_id = :p_session AND seq = :p_seq)"
        )
    ctes.append(
        f"bump AS (UPDATE chat_session SET {', '.join(sets)}"
        " WHERE id = :p_session RETURNING message_count)"
    )
    sql = "WITH " + ", ".join(ctes)
    params = [
        bindparam("p_session", type_=_SESSION.id.type),
        bindparam("p_now", type_=_SESSION.updated_at.type),
        bindparam("p_count", type_=_SESSION.message_count.type),
        *(bindparam(f"v_{key}", type_=_SESSION[key].type) for key in value_keys),
    ]
    if mark_delivered:
        params.append(bindparam("p_seq", type_=_MESSAGE.seq.type))
    if count == 0:
        return text(sql + " SELECT message_count FROM bump").bindparams(*params)
    rows = ", ".join(f"({i}, :p_kind_{i}, :p_text_{i}, :p_payload_{i})" for i in range(count))
    sql += (
        f" INSERT INTO message ({_COLUMNS})"
        " SELECT :p_session, bump.message_count - :p_count + 1 + m.i, 'bot', m.kind, m.text,"
        " m.payload, NULL, :p_now, true"
        f" FROM bump, (VALUES {rows}) AS m(i, kind, text, payload) RETURNING seq"
    )
    for i in range(count):
        params += [bindparam(f"p_{name}_{i}", type_=_MESSAGE[name].type) for name in _PER_MESSAGE]
    return text(sql).bindparams(*params)
