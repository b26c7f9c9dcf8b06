"""The Database test fixture."""

from oslo_config import cfg
from oslo_config import fixture as config_fixture
import os_resource_classes
import os_traits
import sqlalchemy as sa
import testtools

from placement import conf
from placement.db.sqlalchemy import migration
from placement.db.sqlalchemy import models
from placement import db_api
from placement.tests import fixtures as db_fixtures


class TestDatabaseFixture(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = cfg.ConfigOpts()
        conf.register_opts(self.conf)
        self.conf_fixture = self.useFixture(config_fixture.Config(self.conf))

    def test_fresh_database_with_standard_data(self):
        db = self.useFixture(db_fixtures.Database(self.conf_fixture))
        self.assertEqual(db.url, self.conf.placement_database.connection)
        self.assertIs(db.engine, db_api.get_placement_engine())
        self.assertEqual('a082b8bb98d0', migration.version(db.engine))
        with db.engine.connect() as conn:
            self.assertEqual(
                sorted(os_traits.get_traits()),
                conn.execute(sa.select(models.Trait.name).order_by(
                    models.Trait.name)).scalars().all())
            self.assertEqual(
                list(enumerate(os_resource_classes.STANDARDS)),
                [tuple(row) for row in conn.execute(sa.select(
                    models.ResourceClass.id, models.ResourceClass.name
                ).order_by(models.ResourceClass.id))])

    def test_each_use_is_fresh_and_restored(self):
        factory = db_api.placement_context_manager._factory
        first = db_fixtures.Database(self.conf_fixture)
        first.setUp()
        self.assertEqual(first.url, self.conf.placement_database.connection)
        with first.engine.begin() as conn:
            conn.execute(models.Project.__table__.insert().values(
                external_id='p'))
        first.cleanUp()
        # The conf fixture, not this one, reverts the connection option.
        self.assertIs(factory, db_api.placement_context_manager._factory)

        second = self.useFixture(
            db_fixtures.Database(self.conf_fixture, set_config=False))
        self.assertNotEqual(first.url, second.url)
        self.assertEqual(first.url, self.conf.placement_database.connection)
        with second.engine.connect() as conn:
            self.assertEqual(0, conn.execute(sa.select(
                sa.func.count()).select_from(models.Project)).scalar())
