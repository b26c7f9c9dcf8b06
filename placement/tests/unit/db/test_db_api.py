"""placement.db_api: configuration and SQLite transaction modes."""

import sqlite3
from unittest import mock

import fixtures
from oslo_config import cfg
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa
import testtools

from placement import conf
from placement import db_api
from placement.tests import fixtures as db_fixtures


class TestConfigure(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = cfg.ConfigOpts()
        conf.register_opts(self.conf)
        self.conf.set_override('connection', 'sqlite://',
                               group='placement_database')
        self.conf([], default_config_files=[])
        self.conf.set_override('sync_on_startup', True,
                               group='placement_database')
        self.conf.set_override('max_pool_size', 7,
                               group='placement_database')
        patcher = mock.patch.object(db_api, '_configured', False)
        patcher.start()
        self.addCleanup(patcher.stop)
        patcher = mock.patch.object(db_api.placement_context_manager,
                                    'configure', autospec=True)
        self.facade_configure = patcher.start()
        self.addCleanup(patcher.stop)

    def test_passes_every_option_but_sync_on_startup(self):
        db_api.configure(self.conf)
        self.facade_configure.assert_called_once_with(
            connection='sqlite://', connection_parameters='',
            sqlite_synchronous=True, slave_connection=None,
            mysql_sql_mode='TRADITIONAL', connection_recycle_time=3600,
            max_pool_size=7, max_retries=10, retry_interval=10,
            max_overflow=None, connection_debug=0, connection_trace=False,
            pool_timeout=None)

    def test_second_configure_is_ignored_with_warning(self):
        db_api.configure(self.conf)
        with mock.patch.object(db_api.LOG, 'warning',
                               autospec=True) as warning:
            db_api.configure(self.conf)
        self.assertEqual(1, self.facade_configure.call_count)
        self.assertEqual(1, warning.call_count)


@enginefacade.transaction_context_provider
class _Context:
    pass


class TestSQLiteTransactionModes(testtools.TestCase):
    """Writers begin IMMEDIATE, readers a deferred BEGIN."""

    def setUp(self):
        super().setUp()
        server = db_fixtures.SERVERS['sqlite']
        url = server.create_database()
        self.addCleanup(server.drop_database, url)
        factory = db_fixtures.make_factory(url)
        self.addCleanup(
            db_api.placement_context_manager.patch_factory(factory))
        engine = factory.get_writer_engine()
        self.addCleanup(engine.dispose)
        self.begins = []
        sa.event.listen(engine, 'before_cursor_execute', self._record)

    def _record(self, conn, cursor, statement, *args):
        if statement.startswith('BEGIN'):
            self.begins.append(statement)

    def _run(self, mode, connection=False):
        manager = getattr(db_api.placement_context_manager, mode)
        if connection:
            manager = manager.connection
        with manager.using(_Context()) as conn_or_session:
            conn_or_session.execute(sa.text('SELECT 1'))
        return self.begins

    def test_writer_session(self):
        self.assertEqual(['BEGIN IMMEDIATE'], self._run('writer'))

    def test_writer_connection(self):
        self.assertEqual(['BEGIN IMMEDIATE'],
                         self._run('writer', connection=True))

    def test_reader_session(self):
        self.assertEqual(['BEGIN'], self._run('reader'))

    def test_reader_connection(self):
        self.assertEqual(['BEGIN'], self._run('reader', connection=True))

    def test_nested_reader_joins_writer(self):
        @db_api.placement_context_manager.reader
        def read(ctx):
            return ctx.session.execute(sa.text('SELECT 1')).scalar()

        @db_api.placement_context_manager.writer
        def write(ctx):
            return read(ctx)

        self.assertEqual(1, write(_Context()))
        self.assertEqual(['BEGIN IMMEDIATE'], self.begins)

    def test_get_placement_engine(self):
        with db_api.get_placement_engine().connect() as conn:
            self.assertEqual('wal', conn.exec_driver_sql(
                'PRAGMA journal_mode').scalar())


class _JournalCursor:
    """A cursor whose journal-mode switch is refused ``refusals`` times."""

    def __init__(self, refusals):
        self.refusals = refusals
        self.mode = 'delete'
        self.switches = 0

    def execute(self, statement):
        if statement == 'PRAGMA journal_mode = WAL':
            self.switches += 1
            if self.refusals:
                self.refusals -= 1
                raise sqlite3.OperationalError('database is locked')
            self.mode = 'wal'
        return self

    def fetchone(self):
        return (self.mode,)


class TestUseWal(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch('time.sleep'))

    def test_retries_while_the_new_database_is_locked(self):
        cursor = _JournalCursor(refusals=3)
        db_api._use_wal(cursor)
        self.assertEqual('wal', cursor.mode)
        self.assertEqual(4, cursor.switches)

    def test_a_database_already_in_wal_is_left_alone(self):
        cursor = _JournalCursor(refusals=0)
        cursor.mode = 'wal'
        db_api._use_wal(cursor)
        self.assertEqual(0, cursor.switches)

    def test_other_errors_are_raised(self):
        cursor = _JournalCursor(refusals=0)

        def broken(statement):
            raise sqlite3.OperationalError('disk I/O error')
        cursor.execute = broken
        self.assertRaises(sqlite3.OperationalError, db_api._use_wal, cursor)
