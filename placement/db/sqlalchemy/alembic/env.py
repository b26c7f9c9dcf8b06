"""Alembic environment of the placement database (online mode only).

``migration.py`` passes an open connection in
``config.attributes['connection']``; without one the engine configured in
``placement.db_api`` is used.
"""

from alembic import context

from placement.db.sqlalchemy import models
from placement import db_api


def _run(connection):
    context.configure(connection=connection,
                      target_metadata=models.BASE.metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connection = context.config.attributes.get('connection')
    if connection is not None:
        _run(connection)
        return
    with db_api.get_placement_engine().connect() as connection:
        _run(connection)


if context.is_offline_mode():
    raise NotImplementedError('Offline migrations are not supported.')
run_migrations_online()
