"""Test fixtures shared by unit and functional tests.

``Database`` gives each test (or gabbi file) a fresh database on the
backend named by ``PLACEMENT_TEST_DB``: ``sqlite`` (default), ``mysql`` or
``postgresql``. The server URLs can be overridden with
``PLACEMENT_TEST_MYSQL_URL`` and ``PLACEMENT_TEST_POSTGRESQL_URL`` (URLs of
the server, without a database name).
"""

import os
import shutil
import tempfile
import uuid

import fixtures
import sqlalchemy as sa

from placement.db.sqlalchemy import migration
from placement.db.sqlalchemy import models
from placement.db import standard_data
from placement import db_api
from placement import wsgi

BACKEND_ENV = 'PLACEMENT_TEST_DB'


class _SQLiteServer:
    """Each database is a file in its own temporary directory."""

    name = 'sqlite'

    def create_database(self):
        directory = tempfile.mkdtemp(prefix='placement-test-')
        return 'sqlite:///%s' % os.path.join(directory, 'placement.db')

    def drop_database(self, url):
        shutil.rmtree(os.path.dirname(sa.engine.make_url(url).database),
                      ignore_errors=True)


class _NetworkServer:
    """A database server reached through an admin connection."""

    def __init__(self, name, env, default_url):
        self.name = name
        self._env = env
        self._default_url = default_url
        self._admin_engine = None

    @property
    def url(self):
        return sa.engine.make_url(
            os.environ.get(self._env) or self._default_url)

    def _admin(self):
        # Kept for the whole run: connecting costs more than CREATE DATABASE.
        if self._admin_engine is None:
            self._admin_engine = sa.create_engine(
                self.url, isolation_level='AUTOCOMMIT', pool_pre_ping=True)
        return self._admin_engine

    def reachable(self):
        try:
            with self._admin().connect():
                return True
        except sa.exc.OperationalError:
            return False

    def _execute(self, statement):
        with self._admin().connect() as conn:
            conn.exec_driver_sql(statement)

    def create_database(self):
        # The name is generated here (never user input), so it is safe to
        # put into the DDL, which takes no bind parameters.
        name = 'placement_test_%s' % uuid.uuid4().hex
        self._execute('CREATE DATABASE %s' % name)
        return self.url.set(database=name).render_as_string(
            hide_password=False)

    def drop_database(self, url):
        self._execute('DROP DATABASE IF EXISTS %s'
                      % sa.engine.make_url(url).database)


SERVERS = {
    'sqlite': _SQLiteServer(),
    'mysql': _NetworkServer('mysql', 'PLACEMENT_TEST_MYSQL_URL',
                            'mysql+pymysql://root@127.0.0.1/'),
    'postgresql': _NetworkServer(
        'postgresql', 'PLACEMENT_TEST_POSTGRESQL_URL',
        'postgresql+psycopg2://postgres@127.0.0.1/postgres'),
}


def selected_server():
    """The server of the backend named by PLACEMENT_TEST_DB."""
    name = os.environ.get(BACKEND_ENV) or 'sqlite'
    try:
        return SERVERS[name]
    except KeyError:
        raise ValueError('%s must be one of %s, not %r'
                         % (BACKEND_ENV, ', '.join(sorted(SERVERS)), name))


def make_factory(url):
    """A placement transaction factory for *url*, fast to start."""
    factory = db_api.PlacementTransactionFactory()
    factory.configure(connection=url, max_retries=0,
                      sqlite_synchronous=False)
    return factory


class Database(fixtures.Fixture):
    """A fresh database at the schema head with the standard data.

    Every ``placement_context_manager`` transaction of the test uses it.
    With *set_config*, ``[placement_database]connection`` of the
    ``conf_fixture``'s ConfigOpts points at it too.
    """

    def __init__(self, conf_fixture, set_config=True):
        super().__init__()
        self.conf_fixture = conf_fixture
        self.set_config = set_config
        self.url = None
        self.engine = None

    def setUp(self):
        super().setUp()
        server = selected_server()
        self.url = server.create_database()
        self.addCleanup(server.drop_database, self.url)
        if self.set_config:
            self.conf_fixture.config(group='placement_database',
                                     connection=self.url)
        factory = make_factory(self.url)
        self.engine = factory.get_writer_engine()
        self.addCleanup(self.engine.dispose)
        models.BASE.metadata.create_all(self.engine)
        migration.stamp('head', engine=self.engine)
        self.addCleanup(
            db_api.placement_context_manager.patch_factory(factory))
        standard_data.sync(self.engine)


def server_or_skip(testcase, name):
    """The server of backend *name* for a test that needs that backend.

    SQLite is always used. MySQL and PostgreSQL tests run only when
    PLACEMENT_TEST_DB names them; an unreachable server then skips the
    test, or fails it in CI (CI=true), where a skip would hide a broken
    setup.
    """
    server = SERVERS[name]
    if name == 'sqlite':
        return server
    if os.environ.get(BACKEND_ENV) != name:
        testcase.skipTest('%s=%s not set' % (BACKEND_ENV, name))
    if not server.reachable():
        message = '%s server %s unreachable' % (name, server.url)
        if os.environ.get('CI') == 'true':
            testcase.fail(message)
        testcase.skipTest(message)
    return server


def parse_test_config(conf):
    """Register and parse every option, reading no config file.

    The connection default only satisfies the required option: the
    ``Database`` fixture points it at a fresh database.
    """
    wsgi.parse_config(
        conf, default_config_files=[], default_config_dirs=[],
        defaults={('placement_database', 'connection'): 'sqlite://'})
