"""Database access: the oslo.db enginefacade of the placement database.

Object-layer functions decorate themselves with
``@placement_context_manager.reader`` / ``.writer`` and take a context
first; ``context.session`` is then the SQLAlchemy session.

SQLite and concurrent writers: pysqlite's deferred ``BEGIN`` takes the
write lock only at the first write, and a transaction that read before
another writer committed then fails at once with "database is locked"
(the busy handler is not used for a stale-snapshot upgrade). So SQLite
engines run in WAL mode with a busy timeout and writer transactions begin
with ``BEGIN IMMEDIATE``: writers queue on the lock up front and readers
stay deferred and do not block. Writers are recognised by an execution
option that :class:`PlacementTransactionFactory` puts on the bind of writer
sessions and connections.
"""

import sqlite3
import time

from oslo_db.sqlalchemy import enginefacade
from oslo_log import log as logging
import sqlalchemy as sa

LOG = logging.getLogger(__name__)

# Execution option marking a connection that belongs to a writer transaction.
WRITER_OPTION = 'placement_writer'
SQLITE_BUSY_TIMEOUT_MS = 30000
SQLITE_POOL_SIZE = 10
# Options of [placement_database] that are not enginefacade arguments.
_NON_FACADE_OPTIONS = ('sync_on_startup',)


def _use_wal(cursor):
    """Switch the database to write-ahead logging, once for all.

    The mode is stored in the file, so later connections find it set.
    Switching needs an exclusive lock and SQLite may refuse it at once
    (without waiting out the busy timeout) while another process is
    opening the same new database: retry for a while.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000.0
    while True:
        # In-memory databases answer "memory" and stay so.
        if cursor.execute('PRAGMA journal_mode').fetchone()[0] in (
                'wal', 'memory'):
            return
        try:
            cursor.execute('PRAGMA journal_mode = WAL')
            return
        except sqlite3.OperationalError as exc:
            if 'locked' not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_connect(dbapi_con, con_record):
    cursor = dbapi_con.cursor()
    try:
        cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
        _use_wal(cursor)
        # In WAL mode NORMAL still never corrupts the database; it saves
        # the fsync of every commit (FULL). OFF, set by oslo.db when
        # sqlite_synchronous is False, is left alone.
        if cursor.execute('PRAGMA synchronous').fetchone()[0] > 1:
            cursor.execute('PRAGMA synchronous = NORMAL')
    finally:
        cursor.close()


def _keep_sqlite_file_connections(engine):
    """Pool the connections of an SQLite file database.

    oslo.db gives file databases a NullPool, so every transaction would
    open a connection and, closing it, checkpoint the write-ahead log:
    milliseconds per request. Its connections are made with
    ``check_same_thread=False``, so a QueuePool may hand them to any thread.
    """
    old = engine.pool
    if (not isinstance(old, sa.pool.NullPool)
            or engine.url.database in (None, '', ':memory:')):
        return
    engine.pool = sa.pool.QueuePool(
        old._creator, pool_size=SQLITE_POOL_SIZE, max_overflow=-1,
        _dispatch=old.dispatch, dialect=old._dialect)


def _sqlite_immediate_begin(conn, cursor, statement, parameters, context,
                            executemany):
    """Turn the BEGIN of writer transactions into BEGIN IMMEDIATE.

    oslo.db's sqlite "begin" listener emits the BEGIN as a statement
    (pysqlite's own transaction handling is off); rewriting it does not
    depend on the order of "begin" listeners.
    """
    if (statement == 'BEGIN'
            and conn.get_execution_options().get(WRITER_OPTION)):
        statement = 'BEGIN IMMEDIATE'
    return statement, parameters


def init_engine(engine):
    """Install placement's per-backend connection behaviour on *engine*."""
    if engine.dialect.name != 'sqlite':
        return
    sa.event.listen(engine, 'connect', _sqlite_connect)
    sa.event.listen(engine, 'before_cursor_execute', _sqlite_immediate_begin,
                    retval=True)
    # oslo.db opened a test connection before these listeners existed.
    engine.pool.dispose()
    _keep_sqlite_file_connections(engine)


def as_writer(engine):
    """*engine* with its transactions marked as writer transactions.

    For code that uses an Engine directly rather than the enginefacade.
    """
    return engine.execution_options(**{WRITER_OPTION: True})


class PlacementTransactionFactory(enginefacade._TransactionFactory):
    """An enginefacade factory whose writer binds carry WRITER_OPTION."""

    def _setup_for_connection(self, sql_connection, engine_kwargs,
                              maker_kwargs):
        engine, maker = super()._setup_for_connection(
            sql_connection, engine_kwargs, maker_kwargs)
        init_engine(engine)
        return engine, maker

    # The base class hard-codes its own type; this copies to ours.
    _create_factory_copy = (
        enginefacade._AbstractTransactionFactory._create_factory_copy)

    def _writer_bind(self):
        # The writer engine is fixed once the factory has started.
        if getattr(self, '_writer_option_engine', None) is None:
            self._writer_option_engine = as_writer(self._writer_engine)
        return self._writer_option_engine

    def _create_connection(self, mode):
        conn = super()._create_connection(mode)
        if mode is enginefacade._WRITER:
            conn.execution_options(**{WRITER_OPTION: True})
        return conn

    def _create_session(self, mode, bind=None):
        if mode is enginefacade._WRITER and bind is None:
            if not self._started:
                self._start()
            bind = self._writer_bind()
        return super()._create_session(mode, bind=bind)


class _PlacementContextManager(enginefacade._TransactionContextManager):
    def _create_root_factory(self):
        return PlacementTransactionFactory()


placement_context_manager = _PlacementContextManager()
_configured = False


def _facade_options(conf):
    return {name: value
            for name, value in conf.placement_database.items()
            if name not in _NON_FACADE_OPTIONS}


def configure(conf):
    """Configure the facade from ``[placement_database]``, once a process."""
    global _configured
    if _configured:
        LOG.warning('Attempted to configure the placement database more '
                    'than once in the same process; ignoring.')
        return
    placement_context_manager.configure(**_facade_options(conf))
    _configured = True


def get_placement_engine():
    return placement_context_manager.writer.get_engine()
