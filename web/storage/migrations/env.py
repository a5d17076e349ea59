"""Alembic environment: migrates the database named in the config (set by web.storage.migrate)."""

from __future__ import annotations

import contextlib

from alembic import context

from web.storage.db import make_engine
from web.storage.models import Base

with contextlib.suppress(ModuleNotFoundError):  # feature models register on the same Base
    import web.admin.models  # noqa: F401
with contextlib.suppress(ModuleNotFoundError):
    import web.kiosk.models  # noqa: F401

target_metadata = Base.metadata
url = context.config.get_main_option("sqlalchemy.url") or ""

if context.is_offline_mode():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
