"""Tests of consumers, projects, users and consumer types."""

from unittest import mock

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import exception
from placement.objects import allocation
from placement.objects import consumer as consumer_obj
from placement.objects import named_row
from placement.objects import project as project_obj
from placement.tests.unit.objects import db_test_base
from placement.tests.unit.objects import test_allocation

_CONSUMERS = models.Consumer.__table__
_PROJECTS = models.Project.__table__


class TestNamedRows(db_test_base.DBTestCase):

    def test_ensure_is_get_or_create(self):
        first = project_obj.Project.ensure(self.ctx, 'p-1')
        again = project_obj.Project.ensure(self.new_context(), 'p-1')
        other = project_obj.Project.ensure(self.ctx, 'p-2')
        self.assertEqual(first.id, again.id)
        self.assertNotEqual(first.id, other.id)
        with self.db.engine.connect() as conn:
            self.assertEqual(2, conn.execute(
                sa.select(sa.func.count()).select_from(_PROJECTS)).scalar())

    def test_lost_creation_race_rereads(self):
        winner = project_obj.Project.ensure(self.ctx, 'p-1')
        # The loser did not see the row, then its INSERT hits the winner's.
        with mock.patch.object(named_row, 'get_id', autospec=True,
                               side_effect=[None, winner.id]), \
                mock.patch.object(named_row, '_insert', autospec=True,
                                  side_effect=db_exc.DBDuplicateEntry):
            loser = project_obj.Project.ensure(self.ctx, 'p-1')
        self.assertEqual(winner.id, loser.id)


class TestEnsureConsumer(test_allocation.AllocationTestBase):

    def ensure(self, uuid, generation=None, check_generation=True,
               project='project', user='user', consumer_type=None):
        return consumer_obj.ensure_consumer(
            self.ctx, uuid, project, user, consumer_type, generation,
            check_generation)

    def stored(self, uuid):
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(_CONSUMERS).where(
                _CONSUMERS.c.uuid == uuid)).mappings().first()

    def test_new_consumer_is_created_at_generation_0(self):
        uuid = uuidutils.generate_uuid()
        consumer, created = self.ensure(uuid, consumer_type='INSTANCE')
        self.assertTrue(created)
        row = self.stored(uuid)
        self.assertEqual(0, row['generation'])
        self.assertEqual(consumer.id, row['id'])
        self.assertIsNotNone(row['consumer_type_id'])

    def test_new_consumer_needs_null_generation(self):
        uuid = uuidutils.generate_uuid()
        exc = self.assertRaises(exception.ConsumerGenerationConflict,
                                self.ensure, uuid, generation=3)
        self.assertEqual(
            'consumer generation conflict - expected null but got 3',
            str(exc))
        self.assertIsNone(self.stored(uuid))

    def test_existing_consumer_needs_stored_generation(self):
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [self.item(consumer, rp)])
        for given, shown in ((None, 'None'), (0, '0')):
            exc = self.assertRaises(exception.ConsumerGenerationConflict,
                                    self.ensure, consumer.uuid, given)
            self.assertEqual('consumer generation conflict - expected 1 '
                             'but got %s' % shown, str(exc))
        again, created = self.ensure(consumer.uuid, 1)
        self.assertFalse(created)
        self.assertEqual((consumer.id, 1), (again.id, again.generation))

    def test_generation_unchecked_below_1_28(self):
        consumer = self.consumer()
        again, created = self.ensure(consumer.uuid, generation=None,
                                     check_generation=False)
        self.assertFalse(created)
        self.assertEqual(consumer.id, again.id)

    def test_repointing_is_written_by_the_bump(self):
        consumer = self.consumer()
        original = self.stored(consumer.uuid)
        again, _created = self.ensure(consumer.uuid, 0, project='other',
                                      user='other', consumer_type='MIGRATION')
        # Nothing is written before the allocation write...
        self.assertEqual(original, self.stored(consumer.uuid))
        again.increment_generation()
        row = self.stored(consumer.uuid)
        self.assertEqual(1, row['generation'])
        self.assertNotEqual(original['project_id'], row['project_id'])
        self.assertNotEqual(original['user_id'], row['user_id'])
        self.assertEqual(again.consumer_type_id, row['consumer_type_id'])

    def test_type_kept_when_not_given(self):
        consumer = self.consumer(consumer_type='INSTANCE')
        again, _created = self.ensure(consumer.uuid, 0)
        self.assertEqual(consumer.consumer_type_id, again.consumer_type_id)

    def test_concurrently_created_consumer_is_existing(self):
        uuid = uuidutils.generate_uuid()
        real_get = consumer_obj.Consumer.get_by_uuid.__func__

        def get_by_uuid(cls, context, wanted):
            # The first read misses; another request then creates it.
            get_by_uuid.calls += 1
            if get_by_uuid.calls == 1:
                self.execute(_CONSUMERS.insert().values(
                    uuid=uuid, project_id=consumer.project_id,
                    user_id=consumer.user_id, generation=4))
                raise exception.ConsumerNotFound(uuid=wanted)
            return real_get(cls, context, wanted)

        get_by_uuid.calls = 0
        consumer = self.consumer()
        with mock.patch.object(consumer_obj.Consumer, 'get_by_uuid',
                               classmethod(get_by_uuid)):
            exc = self.assertRaises(exception.ConsumerGenerationConflict,
                                    self.ensure, uuid, None)
        self.assertIn('expected 4 but got None', str(exc))

    def test_increment_generation_is_compare_and_swap(self):
        consumer = self.consumer()
        stale = consumer_obj.Consumer.get_by_uuid(self.ctx, consumer.uuid)
        consumer.increment_generation()
        self.assertRaises(exception.ConcurrentUpdateDetected,
                          stale.increment_generation)
        self.assertEqual(1, self.stored(consumer.uuid)['generation'])

    def test_delete_consumers_if_no_allocations(self):
        rp = self.make_provider(VCPU={})
        busy, idle = self.consumer(), self.consumer()
        allocation.replace_all(self.ctx, [self.item(busy, rp)])
        consumer_obj.delete_consumers_if_no_allocations(
            self.ctx, [busy.uuid, idle.uuid])
        self.assertIsNotNone(self.stored(busy.uuid))
        self.assertIsNone(self.stored(idle.uuid))
