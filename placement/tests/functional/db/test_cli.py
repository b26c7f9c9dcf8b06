"""placement-manage and placement-status, run in process."""

import io
import json
import os
import subprocess
import sys

import fixtures
import sqlalchemy as sa
import testtools

from placement.cmd import manage
from placement.cmd import status
from placement.db.sqlalchemy import models
from placement import db_api
from placement.tests import fixtures as db_fixtures

HEAD = 'a082b8bb98d0'
MIGRATION_HINT = ('Run the "placement-manage db online_data_migrations" '
                  'command.')


class _CommandTest:
    """Test mixin: an empty database of ``server_name`` and a config file.

    Each command run configures a fresh enginefacade, as a new process
    would.
    """

    server_name = None

    def setUp(self):
        super().setUp()
        server = db_fixtures.server_or_skip(self, self.server_name)
        self.url = server.create_database()
        self.addCleanup(server.drop_database, self.url)
        conf_dir = self.useFixture(fixtures.TempDir()).path
        self.conf_file = os.path.join(conf_dir, 'placement.conf')
        with open(self.conf_file, 'w') as conf_file:
            conf_file.write('[placement_database]\nconnection = %s\n'
                            % self.url)
        # Logging setup would install handlers on the captured stdout.
        self.useFixture(fixtures.MockPatch('oslo_log.log.setup'))

    def run_command(self, main, *args):
        """Run *main* with *args*; return (exit code, stdout)."""
        self.useFixture(fixtures.MockPatchObject(db_api, '_configured',
                                                 False))
        factory = db_api.PlacementTransactionFactory()
        reset = db_api.placement_context_manager.patch_factory(factory)
        stdout = io.StringIO()
        try:
            with fixtures.MonkeyPatch('sys.stdout', stdout):
                try:
                    code = main(['--config-file', self.conf_file] +
                                list(args))
                except SystemExit as exit:
                    code = exit.code
        finally:
            reset()
            factory.dispose_pool()
        return code, stdout.getvalue()

    def manage(self, *args):
        return self.run_command(manage.main, *args)

    @property
    def engine(self):
        engine = sa.create_engine(self.url)
        self.addCleanup(engine.dispose)
        return engine


class _SyncAndVersion(_CommandTest):
    def test_sync_then_version(self):
        self.assertEqual((0, 'None\n'), self.manage('db', 'version'))
        self.assertEqual(0, self.manage('db', 'sync')[0])
        self.assertEqual((0, HEAD + '\n'), self.manage('db', 'version'))
        self.assertIn('consumer_types',
                      sa.inspect(self.engine).get_table_names())

    def test_stamp(self):
        self.assertEqual(0, self.manage('db', 'stamp', 'b4ed3a175331')[0])
        self.assertEqual((0, 'b4ed3a175331\n'), self.manage('db', 'version'))
        # Stamping runs no migration.
        self.assertEqual(['alembic_version'],
                         sa.inspect(self.engine).get_table_names())


class TestSyncAndVersionSQLite(_SyncAndVersion, testtools.TestCase):
    server_name = 'sqlite'


class TestSyncAndVersionMySQL(_SyncAndVersion, testtools.TestCase):
    server_name = 'mysql'


class TestSyncAndVersionPostgreSQL(_SyncAndVersion, testtools.TestCase):
    server_name = 'postgresql'


class _LegacyData(_CommandTest):
    """A database at head holding rows that need online migrations."""

    server_name = 'sqlite'

    def setUp(self):
        super().setUp()
        self.assertEqual(0, self.manage('db', 'sync')[0])

    def add_providers(self, count, root_provider_id=None):
        with self.engine.begin() as conn:
            conn.execute(models.ResourceProvider.__table__.insert(), [
                {'uuid': 'rp-%d' % i, 'generation': 0,
                 'root_provider_id': root_provider_id}
                for i in range(count)])

    def add_allocations(self, *consumer_ids):
        with self.engine.begin() as conn:
            conn.execute(models.Allocation.__table__.insert(), [
                {'resource_provider_id': 1, 'consumer_id': consumer_id,
                 'resource_class_id': 0, 'used': 1}
                for consumer_id in consumer_ids])

    def select(self, *columns):
        with self.engine.connect() as conn:
            return conn.execute(sa.select(*columns)).all()


class TestManageCommands(_LegacyData, testtools.TestCase):
    def test_no_category_prints_help(self):
        code, out = self.manage()
        self.assertEqual(1, code)
        self.assertIn('usage:', out)

    def test_db_without_action_prints_help(self):
        code, out = self.manage('db')
        self.assertEqual(0, code)
        self.assertIn('online_data_migrations', out)

    def test_sync_failure_exits_1(self):
        self.manage('db', 'stamp', 'b4ed3a175331')
        # The next revision creates consumer_types, which exists. The
        # traceback and exit code are the interpreter's, so use a process.
        result = subprocess.run(
            [sys.executable, '-c', 'import sys; from placement.cmd import '
             'manage; sys.exit(manage.main())', '--config-file',
             self.conf_file, 'db', 'sync'],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        self.assertEqual(1, result.returncode)
        self.assertIn('table consumer_types already exists', result.stdout)

    def test_online_migrations_bad_max_count(self):
        for value in ('0', '-3', 'x'):
            self.assertEqual(
                (127, 'Must supply a positive value for max_count\n'),
                self.manage('db', 'online_data_migrations', '--max-count',
                            value))

    def test_online_migrations_nothing_to_do(self):
        code, out = self.manage('db', 'online_data_migrations')
        self.assertEqual(0, code)
        self.assertTrue(out.startswith('Running batches of 50 until '
                                       'complete\n'))
        self.assertNotIn('rows matched', out)
        self.assertRegex(out, r'\| +set_root_provider_ids +\| +0 +\| +0 +\|')

    def test_online_migrations_limited_batch(self):
        self.add_providers(3)
        self.add_allocations('c-1', 'c-1', 'c-2')
        code, out = self.manage('db', 'online_data_migrations',
                                '--max-count', '4')
        self.assertEqual(1, code)
        self.assertIn('3 rows matched query set_root_provider_ids, '
                      '3 migrated\n', out)
        self.assertIn('1 rows matched query create_incomplete_consumers, '
                      '1 migrated\n', out)
        self.assertRegex(
            out, r'\| +Migration +\| +Total Found +\| +Completed +\|')
        self.assertRegex(
            out, r'\| +create_incomplete_consumers +\| +1 +\| +1 +\|')
        providers = models.ResourceProvider.__table__.c
        self.assertEqual(
            [(1, 1), (2, 2), (3, 3)],
            self.select(providers.id, providers.root_provider_id))

        code, out = self.manage('db', 'online_data_migrations',
                                '--max-count', '4')
        self.assertEqual(1, code)
        self.assertNotIn('set_root_provider_ids,', out)
        self.assertEqual(2, len(self.select(models.Consumer.uuid)))

        code, out = self.manage('db', 'online_data_migrations',
                                '--max-count', '4')
        self.assertEqual(0, code)

    def test_online_migrations_batches_until_complete(self):
        self.add_providers(120)
        code, out = self.manage('db', 'online_data_migrations')
        self.assertEqual(0, code)
        self.assertEqual(2, out.count('50 rows matched query '
                                      'set_root_provider_ids, 50 migrated'))
        self.assertIn('20 rows matched query set_root_provider_ids, '
                      '20 migrated', out)
        self.assertRegex(out, r'\| +set_root_provider_ids +\| +120 +\| +'
                              r'120 +\|')

    def test_online_migration_error(self):
        self.add_providers(1)
        self.useFixture(fixtures.MockPatchObject(
            manage, 'ONLINE_MIGRATIONS',
            (_broken_migration,) + manage.ONLINE_MIGRATIONS))
        code, out = self.manage('db', 'online_data_migrations')
        self.assertEqual(2, code)
        self.assertIn('Error attempting to run <function _broken_migration',
                      out)
        self.assertTrue(out.endswith('Some migrations failed unexpectedly. '
                                     'Check log for details.\n'))
        # The other migrations still ran.
        self.assertIn('1 rows matched query set_root_provider_ids', out)

    def test_online_migration_error_with_progress_under_limit(self):
        self.add_providers(1)
        self.useFixture(fixtures.MockPatchObject(
            manage, 'ONLINE_MIGRATIONS',
            (_broken_migration,) + manage.ONLINE_MIGRATIONS))
        code, out = self.manage('db', 'online_data_migrations',
                                '--max-count', '5')
        self.assertEqual(1, code)
        self.assertNotIn('Some migrations failed', out)


def _broken_migration(ctx, count):
    raise ValueError('broken')


class TestStatusCommand(_LegacyData, testtools.TestCase):
    def status(self, *args):
        return self.run_command(status.main, 'upgrade', 'check', *args)

    def test_all_good(self):
        code, out = self.status()
        self.assertEqual(0, code)
        for name in ('Missing Root Provider IDs', 'Incomplete Consumers',
                     'Policy File JSON to YAML Migration'):
            self.assertIn('Check: %s' % name, out)
        self.assertNotIn('Failure', out)

    def json_status(self):
        code, out = self.status('--json')
        return code, {check['check']: (check['result'], check['details'])
                      for check in json.loads(out)['checks']}

    def test_incomplete_consumers_warn(self):
        self.add_providers(1, root_provider_id=1)
        self.add_allocations('c-1', 'c-1', 'c-2')
        code, checks = self.json_status()
        self.assertEqual(1, code)
        self.assertEqual(
            (1, 'There are 2 incomplete consumers table records for '
                'existing allocations. ' + MIGRATION_HINT),
            checks['Incomplete Consumers'])
        self.assertEqual((0, None), checks['Missing Root Provider IDs'])

    def test_missing_root_provider_ids_fail(self):
        self.add_providers(1)
        self.add_allocations('c-1')
        code, checks = self.json_status()
        self.assertEqual(2, code)
        self.assertEqual(
            (2, 'There is at least one resource provider table record '
                'which misses its root provider id. ' + MIGRATION_HINT),
            checks['Missing Root Provider IDs'])
        self.assertEqual(0, self.manage('db', 'online_data_migrations')[0])
        self.assertEqual(0, self.status()[0])

    def test_unexpected_error(self):
        with self.engine.begin() as conn:
            conn.execute(sa.text('DROP TABLE allocations'))
        code, out = self.status()
        self.assertEqual(255, code)
        self.assertIn('Error:', out)
