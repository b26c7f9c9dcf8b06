"""Insert the standard traits and resource classes missing from the DB.

Runs once per process. Several workers may start at the same time, so a
duplicate-entry error from a concurrent insert is ignored (the row is
there, which is all that matters) and deadlocks are retried. Nothing is
ever removed.
"""

import threading
import weakref

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_log import log as logging
import os_resource_classes
import os_traits
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import db_api

LOG = logging.getLogger(__name__)

_TRAITS = models.Trait.__table__
_RESOURCE_CLASSES = models.ResourceClass.__table__
_LOCK = threading.Lock()
# Engines already synced by this process (one in production; tests make
# one per fresh database).
_SYNCED = weakref.WeakSet()


def _insert(conn, table, rows):
    """Insert *rows*, skipping those another process inserted first.

    One multi-row insert normally; on a duplicate, row by row.
    """
    if not rows:
        return
    try:
        with conn.begin_nested():
            conn.execute(table.insert(), rows)
        return
    except db_exc.DBDuplicateEntry:
        LOG.debug('Concurrent %s sync, inserting one by one', table.name)
    for row in rows:
        try:
            with conn.begin_nested():
                conn.execute(table.insert(), row)
        except db_exc.DBDuplicateEntry:
            pass


def _missing_traits(conn):
    existing = set(conn.execute(sa.select(_TRAITS.c.name)).scalars())
    return [{'name': name} for name in os_traits.get_traits()
            if name not in existing]


def _missing_resource_classes(conn):
    existing = set(conn.execute(
        sa.select(_RESOURCE_CLASSES.c.name)).scalars())
    return [{'id': index, 'name': name}
            for index, name in enumerate(os_resource_classes.STANDARDS)
            if name not in existing]


def _keep_zero_ids(conn):
    """Make MySQL store id 0 instead of taking the next auto-increment.

    Returns the previous sql_mode to restore, or None on other backends.
    """
    if conn.dialect.name != 'mysql':
        return None
    mode = conn.execute(sa.text('SELECT @@SESSION.sql_mode')).scalar()
    conn.execute(sa.text(
        "SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, "
        "'NO_AUTO_VALUE_ON_ZERO')"))
    return mode


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
def _sync_traits(engine):
    with db_api.as_writer(engine).begin() as conn:
        _insert(conn, _TRAITS, _missing_traits(conn))


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
def _sync_resource_classes(engine):
    with db_api.as_writer(engine).begin() as conn:
        previous_mode = _keep_zero_ids(conn)
        try:
            _insert(conn, _RESOURCE_CLASSES, _missing_resource_classes(conn))
        finally:
            if previous_mode is not None:
                conn.execute(sa.text('SET SESSION sql_mode = :mode'),
                             {'mode': previous_mode})


def _engine_of(context_or_engine):
    if isinstance(context_or_engine, sa.engine.Engine):
        return context_or_engine
    return db_api.get_placement_engine()


def sync(context_or_engine):
    """Sync standard traits and resource classes, once per engine.

    Takes an Engine, or a context (the engine then comes from
    ``placement.db_api``).
    """
    engine = _engine_of(context_or_engine)
    with _LOCK:
        if engine in _SYNCED:
            return
        _sync_traits(engine)
        _sync_resource_classes(engine)
        _SYNCED.add(engine)
