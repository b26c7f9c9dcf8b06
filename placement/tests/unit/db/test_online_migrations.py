"""The online data migrations of placement-manage."""

from oslo_config import cfg
from oslo_config import fixture as config_fixture
import sqlalchemy as sa
import testtools

from placement import conf
from placement import context
from placement.db import online_migrations
from placement.db.sqlalchemy import models
from placement.tests import fixtures as db_fixtures

_PROVIDERS = models.ResourceProvider.__table__
_ALLOCATIONS = models.Allocation.__table__
_CONSUMERS = models.Consumer.__table__
INCOMPLETE = '00000000-0000-0000-0000-000000000000'


class TestOnlineMigrations(testtools.TestCase):
    def setUp(self):
        super().setUp()
        config = cfg.ConfigOpts()
        conf.register_opts(config)
        conf_fixture = self.useFixture(config_fixture.Config(config))
        self.db = self.useFixture(db_fixtures.Database(conf_fixture))
        self.ctx = context.RequestContext(config=config)

    def _execute(self, statement, rows=None):
        with self.db.engine.begin() as conn:
            return conn.execute(statement, rows)

    def _select(self, *columns):
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(*columns).order_by(*columns)).all()

    def test_set_root_provider_ids(self):
        self._execute(_PROVIDERS.insert(), [
            {'id': 1, 'uuid': 'rp-1', 'root_provider_id': None},
            {'id': 2, 'uuid': 'rp-2', 'root_provider_id': 1},
            {'id': 3, 'uuid': 'rp-3', 'root_provider_id': None},
            {'id': 4, 'uuid': 'rp-4', 'root_provider_id': None}])
        self.assertEqual(
            (2, 2), online_migrations.set_root_provider_ids(self.ctx, 2))
        self.assertEqual(
            (1, 1), online_migrations.set_root_provider_ids(self.ctx, 2))
        self.assertEqual(
            (0, 0), online_migrations.set_root_provider_ids(self.ctx, 2))
        self.assertEqual(
            [(1, 1), (2, 1), (3, 3), (4, 4)],
            self._select(_PROVIDERS.c.id, _PROVIDERS.c.root_provider_id))

    def test_create_incomplete_consumers(self):
        self._execute(_ALLOCATIONS.insert(), [
            {'resource_provider_id': 1, 'consumer_id': consumer,
             'resource_class_id': rc, 'used': 1}
            for consumer, rc in (('c-1', 0), ('c-1', 1), ('c-2', 0),
                                 ('c-3', 0))])
        self._execute(_CONSUMERS.insert().values(
            uuid='c-3', project_id=99, user_id=99, generation=5))

        self.assertEqual(
            (1, 1), online_migrations.create_incomplete_consumers(
                self.ctx, 1))
        self.assertEqual(
            (1, 1), online_migrations.create_incomplete_consumers(
                self.ctx, 5))
        self.assertEqual(
            (0, 0), online_migrations.create_incomplete_consumers(
                self.ctx, 5))

        projects = self._select(models.Project.id, models.Project.external_id)
        users = self._select(models.User.id, models.User.external_id)
        self.assertEqual([INCOMPLETE], [ext for _, ext in projects])
        self.assertEqual([INCOMPLETE], [ext for _, ext in users])
        self.assertEqual(
            [('c-1', projects[0][0], users[0][0], 0, None),
             ('c-2', projects[0][0], users[0][0], 0, None),
             ('c-3', 99, 99, 5, None)],
            self._select(_CONSUMERS.c.uuid, _CONSUMERS.c.project_id,
                         _CONSUMERS.c.user_id, _CONSUMERS.c.generation,
                         _CONSUMERS.c.consumer_type_id))

    def test_incomplete_ids_come_from_config(self):
        self.ctx.config.set_override(
            'incomplete_consumer_project_id', 'legacy-project',
            group='placement')
        self.ctx.config.set_override(
            'incomplete_consumer_user_id', 'legacy-user', group='placement')
        self._execute(_ALLOCATIONS.insert().values(
            resource_provider_id=1, consumer_id='c-1', resource_class_id=0,
            used=1))
        online_migrations.create_incomplete_consumers(self.ctx, 10)
        self.assertEqual([('legacy-project',)],
                         self._select(models.Project.external_id))
        self.assertEqual([('legacy-user',)],
                         self._select(models.User.external_id))
