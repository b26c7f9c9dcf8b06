"""The alembic migrations against the models, on every backend."""

from oslo_db.sqlalchemy import test_migrations
import sqlalchemy as sa
import testtools

from placement.db.sqlalchemy import migration
from placement.db.sqlalchemy import models
from placement.tests import fixtures as db_fixtures


class _FreshDatabase:
    """Test mixin: an empty database of ``server_name`` and its engine."""

    server_name = None

    def setUp(self):
        super().setUp()
        server = db_fixtures.server_or_skip(self, self.server_name)
        url = server.create_database()
        self.addCleanup(server.drop_database, url)
        self.engine = db_fixtures.make_factory(url).get_writer_engine()
        self.addCleanup(self.engine.dispose)


class _ModelsMigrationsSync(test_migrations.ModelsMigrationsSync,
                            _FreshDatabase):
    def db_sync(self, engine):
        migration.upgrade('head', engine=engine)

    def get_engine(self):
        return self.engine

    def get_metadata(self):
        return models.BASE.metadata

    def test_upgrade_reaches_head(self):
        migration.upgrade('head', engine=self.engine)
        self.assertEqual('a082b8bb98d0', migration.version(self.engine))


class TestModelsMigrationsSyncSQLite(_ModelsMigrationsSync,
                                     testtools.TestCase):
    server_name = 'sqlite'


class TestModelsMigrationsSyncMySQL(_ModelsMigrationsSync, testtools.TestCase):
    server_name = 'mysql'


class TestModelsMigrationsSyncPostgreSQL(_ModelsMigrationsSync,
                                         testtools.TestCase):
    server_name = 'postgresql'


class _DataCheckRevisions(_FreshDatabase):
    """The revisions that refuse to run until online migrations ran."""

    def _upgrade_to(self, revision):
        migration.upgrade(revision, engine=self.engine)

    def _insert(self, table, **values):
        with self.engine.begin() as conn:
            conn.execute(sa.table(table, *map(sa.column, values)).insert(),
                         values)

    def _provider(self, root_provider_id):
        self._insert('resource_providers', id=1, uuid='rp-1', generation=0,
                     root_provider_id=root_provider_id)

    def test_null_root_provider_id_blocks(self):
        self._upgrade_to('b4ed3a175331')
        self._provider(root_provider_id=None)
        error = self.assertRaises(migration.DataMigrationRequired,
                                  self._upgrade_to, 'head')
        self.assertEqual(
            'There is at least one resource provider table record which is '
            'missing its root provider id. Run the "placement-manage db '
            'online_data_migrations" command.', str(error))
        self.assertEqual('b4ed3a175331', migration.version(self.engine))

    def test_allocation_without_consumer_blocks(self):
        self._upgrade_to('611cd6dffd7b')
        self._provider(root_provider_id=1)
        self._insert('allocations', resource_provider_id=1,
                     consumer_id='c-1', resource_class_id=0, used=1)
        error = self.assertRaises(migration.DataMigrationRequired,
                                  self._upgrade_to, 'head')
        self.assertEqual(
            'There is at least one allocation record which is missing a '
            'consumer record. Run the "placement-manage db '
            'online_data_migrations" command.', str(error))
        self.assertEqual('611cd6dffd7b', migration.version(self.engine))

    def test_complete_data_upgrades(self):
        self._upgrade_to('611cd6dffd7b')
        self._provider(root_provider_id=1)
        self._insert('allocations', resource_provider_id=1,
                     consumer_id='c-1', resource_class_id=0, used=1)
        self._insert('consumers', uuid='c-1', project_id=1, user_id=1)
        self._upgrade_to('head')
        self.assertEqual('a082b8bb98d0', migration.version(self.engine))


class TestDataCheckRevisionsSQLite(_DataCheckRevisions, testtools.TestCase):
    server_name = 'sqlite'


class TestDataCheckRevisionsMySQL(_DataCheckRevisions, testtools.TestCase):
    server_name = 'mysql'


class TestDataCheckRevisionsPostgreSQL(_DataCheckRevisions,
                                       testtools.TestCase):
    server_name = 'postgresql'
