"""Drive the alembic migrations of the placement database."""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic.runtime import migration as alembic_migration

from placement import db_api

_SCRIPT_LOCATION = os.path.join(os.path.dirname(__file__), 'alembic')


class DataMigrationRequired(Exception):
    """A revision needs ``placement-manage db online_data_migrations``."""


def _alembic_config(connection):
    """The equivalent of an alembic.ini, bound to *connection*."""
    config = alembic_config.Config()
    config.set_main_option('script_location', _SCRIPT_LOCATION)
    config.attributes['connection'] = connection
    return config


def _engine(engine):
    return engine if engine is not None else db_api.get_placement_engine()


def _writer(engine):
    # On SQLite, concurrent migrating processes then queue on the lock.
    return db_api.as_writer(_engine(engine))


def upgrade(revision='head', engine=None):
    """Upgrade the database to *revision* (default: the head)."""
    with _writer(engine).begin() as connection:
        alembic_command.upgrade(_alembic_config(connection), revision)


def stamp(revision, engine=None):
    """Record *revision* as current without running migrations."""
    with _writer(engine).begin() as connection:
        alembic_command.stamp(_alembic_config(connection), revision)


def version(engine=None):
    """Return the current revision, or None for an unversioned database."""
    with _engine(engine).connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        return context.get_current_revision()
