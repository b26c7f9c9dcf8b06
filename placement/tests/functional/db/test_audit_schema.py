# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.
"""Audit of database facts against the text of spec database.md.

The migration tests compare the models with the migrations; these compare
both with the names the spec spells out, and check the timestamp and id
rules on the backend named by PLACEMENT_TEST_DB.
"""

import datetime

from alembic import script as alembic_script
import sqlalchemy as sa
import testtools

from placement.db.sqlalchemy import migration
from placement.db.sqlalchemy import models
from placement.objects import consumer as consumer_obj
from placement.objects import resource_class as rc_obj
from placement.objects import resource_provider as rp_obj
from placement.tests import fixtures as db_fixtures
from placement.tests.unit.objects import db_test_base

# (revision, down revision) from spec database.md, oldest first.
REVISIONS = [
    ('b4ed3a175331', None),
    ('611cd6dffd7b', 'b4ed3a175331'),
    ('b5c396305c25', '611cd6dffd7b'),
    ('422ece571366', 'b5c396305c25'),
    ('a082b8bb98d0', '422ece571366'),
]

# Unique constraints at head: {table: {name: columns}}.
UNIQUES = {
    'resource_classes': {'uniq_resource_classes0name': ['name']},
    'resource_providers': {'uniq_resource_providers0uuid': ['uuid'],
                           'uniq_resource_providers0name': ['name']},
    'inventories': {'uniq_inventories0resource_provider_resource_class':
                    ['resource_provider_id', 'resource_class_id']},
    'allocations': {},
    'placement_aggregates': {'uniq_placement_aggregates0uuid': ['uuid']},
    'resource_provider_aggregates': {},
    'traits': {'uniq_traits0name': ['name']},
    'resource_provider_traits': {},
    'projects': {'uniq_projects0external_id': ['external_id']},
    'users': {'uniq_users0external_id': ['external_id']},
    'consumers': {'uniq_consumers0uuid': ['uuid']},
    'consumer_types': {'uniq_consumer_types0name': ['name']},
}

# Non-unique indexes at head (the five dropped by a082b8bb98d0 are gone).
INDEXES = {
    'resource_classes': {},
    'resource_providers': {
        'resource_providers_root_provider_id_idx': ['root_provider_id'],
        'resource_providers_parent_provider_id_idx': ['parent_provider_id']},
    'inventories': {
        'inventories_resource_class_id_idx': ['resource_class_id']},
    'allocations': {
        'allocations_resource_provider_class_used_idx':
            ['resource_provider_id', 'resource_class_id', 'used'],
        'allocations_resource_class_id_idx': ['resource_class_id'],
        'allocations_consumer_id_idx': ['consumer_id']},
    'placement_aggregates': {},
    'resource_provider_aggregates': {
        'resource_provider_aggregates_aggregate_id_idx': ['aggregate_id']},
    'traits': {},
    'resource_provider_traits': {
        'resource_provider_traits_resource_provider_trait_idx':
            ['resource_provider_id', 'trait_id']},
    'projects': {},
    'users': {},
    'consumers': {
        'consumers_project_id_uuid_idx': ['project_id', 'uuid'],
        'consumers_project_id_user_id_uuid_idx':
            ['project_id', 'user_id', 'uuid'],
        'consumers_consumer_type_id_idx': ['consumer_type_id']},
    'consumer_types': {},
}

PRIMARY_KEYS = {
    'resource_provider_aggregates': ['resource_provider_id', 'aggregate_id'],
    'resource_provider_traits': ['trait_id', 'resource_provider_id'],
}


class TestRevisionChain(testtools.TestCase):

    def test_revisions_and_down_revisions(self):
        config = migration._alembic_config(None)
        scripts = alembic_script.ScriptDirectory.from_config(config)
        chain = [(rev.revision, rev.down_revision)
                 for rev in reversed(list(scripts.walk_revisions()))]
        self.assertEqual(REVISIONS, chain)
        self.assertEqual('a082b8bb98d0', scripts.get_current_head())


class _MigratedSchema:
    """Test mixin: ``server_name``'s database migrated to head."""

    server_name = None

    def setUp(self):
        super().setUp()
        server = db_fixtures.server_or_skip(self, self.server_name)
        url = server.create_database()
        self.addCleanup(server.drop_database, url)
        engine = db_fixtures.make_factory(url).get_writer_engine()
        self.addCleanup(engine.dispose)
        migration.upgrade('head', engine=engine)
        self.inspector = sa.inspect(engine)

    def test_tables(self):
        self.assertEqual(sorted(list(UNIQUES) + ['alembic_version']),
                         sorted(self.inspector.get_table_names()))

    def test_unique_constraints(self):
        for table, expected in UNIQUES.items():
            got = {uc['name']: uc['column_names']
                   for uc in self.inspector.get_unique_constraints(table)}
            self.assertEqual(expected, got, table)

    def test_indexes(self):
        for table, expected in INDEXES.items():
            # MySQL also reports unique constraints as unique indexes.
            got = {ix['name']: ix['column_names']
                   for ix in self.inspector.get_indexes(table)
                   if not ix['unique']}
            self.assertEqual(expected, got, table)

    def test_composite_primary_keys(self):
        for table, columns in PRIMARY_KEYS.items():
            self.assertEqual(columns, self.inspector.get_pk_constraint(
                table)['constrained_columns'], table)

    def test_consumer_type_foreign_key(self):
        fks = self.inspector.get_foreign_keys('consumers')
        self.assertEqual(
            [('consumers_consumer_type_id_fkey', ['consumer_type_id'],
              'consumer_types', ['id'])],
            [(fk['name'], fk['constrained_columns'], fk['referred_table'],
              fk['referred_columns']) for fk in fks])

    def test_timestamp_columns(self):
        for table in UNIQUES:
            columns = {col['name']: col
                       for col in self.inspector.get_columns(table)}
            for name in ('created_at', 'updated_at'):
                self.assertTrue(columns[name]['nullable'], (table, name))
                self.assertIsInstance(columns[name]['type'], sa.DateTime,
                                      (table, name))


class TestMigratedSchemaSQLite(_MigratedSchema, testtools.TestCase):
    server_name = 'sqlite'


class TestMigratedSchemaMySQL(_MigratedSchema, testtools.TestCase):
    server_name = 'mysql'


class TestMigratedSchemaPostgreSQL(_MigratedSchema, testtools.TestCase):
    server_name = 'postgresql'


def _utcnow():
    # DATETIME columns may drop the microseconds.
    return datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None, microsecond=0)


class TestTimestampsAndIds(db_test_base.DBTestCase):
    """On the PLACEMENT_TEST_DB backend."""

    def _updated_at(self, table, row_id):
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(table.c.updated_at).where(
                table.c.id == row_id)).scalar()

    def assertSetToNow(self, before, value):
        self.assertIsNotNone(value)
        self.assertLessEqual(before, value)
        self.assertLessEqual(value, _utcnow() + datetime.timedelta(seconds=1))

    def _provider(self):
        rp = rp_obj.ResourceProvider(
            self.ctx, uuid='7fa16f1c-3a4c-4bc3-9a4e-1b05e2a3b9a1', name='rp')
        rp.create()
        return rp

    def test_provider_generation_bump_sets_updated_at(self):
        rp = self._provider()
        table = models.ResourceProvider.__table__
        # Creation (which sets root_provider_id itself) is not an update.
        self.assertIsNone(self._updated_at(table, rp.id))
        before = _utcnow()
        rp.increment_generation()
        self.assertSetToNow(before, self._updated_at(table, rp.id))

    def test_core_update_of_other_columns_sets_updated_at(self):
        rp = self._provider()
        table = models.ResourceProvider.__table__
        before = _utcnow()
        self.execute(table.update().where(table.c.id == rp.id).values(
            name='renamed'))
        self.assertSetToNow(before, self._updated_at(table, rp.id))

    def test_consumer_generation_bump_sets_updated_at(self):
        consumer = consumer_obj.Consumer(
            self.ctx, uuid='d8c7ad62-6a3f-4c4c-a4c2-5b6f0e6b1f11',
            project_id=1, user_id=1)
        consumer.create()
        table = models.Consumer.__table__
        self.assertIsNone(self._updated_at(table, consumer.id))
        before = _utcnow()
        consumer.increment_generation()
        self.assertSetToNow(before, self._updated_at(table, consumer.id))

    def test_resource_class_rename_sets_updated_at(self):
        rc = rc_obj.ResourceClass(self.ctx, name='CUSTOM_AUDIT')
        rc.create()
        table = models.ResourceClass.__table__
        before = _utcnow()
        rc.name = 'CUSTOM_AUDITED'
        rc.save()
        self.assertSetToNow(before, self._updated_at(table, rc.id))

    def test_custom_class_ids_start_at_10000(self):
        ids = []
        for name in ('CUSTOM_A', 'CUSTOM_B'):
            rc = rc_obj.ResourceClass(self.ctx, name=name)
            rc.create()
            ids.append(rc.id)
        self.assertEqual([10000, 10001], ids)

    def test_standard_class_zero_kept(self):
        table = models.ResourceClass.__table__
        with self.db.engine.connect() as conn:
            self.assertEqual('VCPU', conn.execute(
                sa.select(table.c.name).where(table.c.id == 0)).scalar())
