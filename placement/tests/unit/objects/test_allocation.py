"""Tests of the allocation write algorithm (placement.objects.allocation)."""

from unittest import mock

from oslo_utils import uuidutils
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import exception
from placement.objects import allocation
from placement.objects import consumer as consumer_obj
from placement.tests.unit.objects import db_test_base

_PROVIDERS = models.ResourceProvider.__table__
_INVENTORIES = models.Inventory.__table__
_ALLOCATIONS = models.Allocation.__table__
_CONSUMERS = models.Consumer.__table__
VCPU = 0  # index of VCPU in os-resource-classes' STANDARDS
MEMORY_MB = 1


class AllocationTestBase(db_test_base.DBTestCase):

    def make_provider(self, **inventories):
        """A provider with inventories {class name: dict of fields}."""
        uuid = uuidutils.generate_uuid()
        provider_id = self.execute(_PROVIDERS.insert().values(
            uuid=uuid, name=uuid, generation=0)).inserted_primary_key[0]
        self.execute(_PROVIDERS.update().where(
            _PROVIDERS.c.id == provider_id).values(
                root_provider_id=provider_id))
        for name, fields in inventories.items():
            values = dict(total=8, reserved=0, min_unit=1, max_unit=8,
                          step_size=1, allocation_ratio=1.0)
            values.update(fields)
            self.execute(_INVENTORIES.insert().values(
                resource_provider_id=provider_id,
                resource_class_id={'VCPU': VCPU, 'MEMORY_MB': MEMORY_MB}[name],
                **values))
        return provider_id, uuid

    def consumer(self, uuid=None, generation=None, consumer_type=None):
        consumer, _created = consumer_obj.ensure_consumer(
            self.ctx, uuid or uuidutils.generate_uuid(), 'project', 'user',
            consumer_type, generation, check_generation=False)
        return consumer

    def item(self, consumer, provider, rc='VCPU', used=1):
        return allocation.AllocationItem(
            consumer, provider[0], provider[1], rc, used)

    def scalar(self, query):
        with self.db.engine.begin() as conn:
            return conn.execute(query).scalar()

    def generation(self, provider):
        return self.scalar(sa.select(_PROVIDERS.c.generation).where(
            _PROVIDERS.c.id == provider[0]))

    def consumer_generation(self, consumer):
        return self.scalar(sa.select(_CONSUMERS.c.generation).where(
            _CONSUMERS.c.uuid == consumer.uuid))

    def usage(self, provider):
        return self.scalar(sa.select(
            sa.func.coalesce(sa.func.sum(_ALLOCATIONS.c.used), 0)).where(
                _ALLOCATIONS.c.resource_provider_id == provider[0]))


class TestReplaceAll(AllocationTestBase):

    def test_claim_bumps_provider_and_consumer(self):
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        result = allocation.replace_all(self.ctx, [self.item(consumer, rp,
                                                             used=3)])
        self.assertEqual({rp[0]: 1}, result)
        self.assertEqual(1, self.generation(rp))
        self.assertEqual(1, self.consumer_generation(consumer))
        rows = allocation.get_for_consumer(self.ctx, consumer.uuid)
        self.assertEqual([(rp[1], 'VCPU', 3, 'project', 'user', 1, None)],
                         [(r['provider_uuid'], r['resource_class'], r['used'],
                           r['project_id'], r['user_id'],
                           r['consumer_generation'], r['consumer_type'])
                          for r in rows])

    def test_replace_does_not_bump_old_only_providers(self):
        rp1 = self.make_provider(VCPU={})
        rp2 = self.make_provider(VCPU={})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [self.item(consumer, rp1)])
        allocation.replace_all(self.ctx, [self.item(consumer, rp2, used=2)])
        self.assertEqual((1, 1), (self.generation(rp1), self.generation(rp2)))
        self.assertEqual((0, 2), (self.usage(rp1), self.usage(rp2)))
        self.assertEqual(2, self.consumer_generation(consumer))

    def test_removal_deletes_consumer_and_bumps_old_providers(self):
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [self.item(consumer, rp)])
        removals = allocation.removal_items(self.ctx, consumer)
        self.assertEqual([0], [item.used for item in removals])
        allocation.replace_all(self.ctx, removals)
        self.assertEqual(2, self.generation(rp))
        self.assertEqual(0, self.usage(rp))
        self.assertIsNone(self.consumer_generation(consumer))

    def test_capacity_exceeded_writes_nothing(self):
        rp = self.make_provider(VCPU={'total': 4, 'reserved': 1})
        first, second = self.consumer(), self.consumer()
        allocation.replace_all(self.ctx, [self.item(first, rp, used=2)])
        exc = self.assertRaises(
            exception.InvalidAllocationCapacityExceeded,
            allocation.replace_all, self.ctx, [self.item(second, rp, used=2)])
        self.assertIn("for 'VCPU' on resource provider '%s'" % rp[1],
                      str(exc))
        self.assertEqual((2, 1), (self.usage(rp), self.generation(rp)))
        self.assertEqual(0, self.consumer_generation(second))

    def test_capacity_uses_float_ratio_and_sums_items(self):
        rp = self.make_provider(VCPU={'total': 3, 'allocation_ratio': 1.5})
        first, second = self.consumer(), self.consumer()
        # (3 - 0) * 1.5 = 4.5: two items of 2 fit, 2 + 3 do not.
        self.assertRaises(
            exception.InvalidAllocationCapacityExceeded,
            allocation.replace_all, self.ctx,
            [self.item(first, rp, used=2), self.item(second, rp, used=3)])
        allocation.replace_all(
            self.ctx,
            [self.item(first, rp, used=2), self.item(second, rp, used=2)])
        self.assertEqual(4, self.usage(rp))

    def test_existing_overcommit_may_shrink(self):
        rp = self.make_provider(VCPU={'total': 8})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [self.item(consumer, rp, used=6)])
        self.execute(_INVENTORIES.update().values(total=4))
        # Still over capacity, but not worse than before: allowed.
        allocation.replace_all(self.ctx, [self.item(consumer, rp, used=5)])
        self.assertEqual(5, self.usage(rp))
        self.assertRaises(
            exception.InvalidAllocationCapacityExceeded,
            allocation.replace_all, self.ctx,
            [self.item(consumer, rp, used=6)])

    def test_constraints(self):
        rp = self.make_provider(VCPU={'min_unit': 2, 'max_unit': 6,
                                      'step_size': 2})
        consumer = self.consumer()
        for used in (1, 3, 8):
            exc = self.assertRaises(
                exception.InvalidAllocationConstraintsViolated,
                allocation.replace_all, self.ctx,
                [self.item(consumer, rp, used=used)])
            self.assertIn('would violate inventory constraints', str(exc))
        allocation.replace_all(self.ctx, [self.item(consumer, rp, used=4)])

    def test_missing_inventory(self):
        rp1 = self.make_provider()
        rp2 = self.make_provider(VCPU={})
        consumer = self.consumer()
        exc = self.assertRaises(
            exception.InvalidInventory, allocation.replace_all, self.ctx,
            [self.item(consumer, rp1), self.item(consumer, rp2, 'MEMORY_MB')])
        self.assertEqual(
            "Inventory for 'VCPU, MEMORY_MB' on resource provider '%s' "
            "invalid." % rp1[1], str(exc))
        exc = self.assertRaises(
            exception.InvalidInventory, allocation.replace_all, self.ctx,
            [self.item(consumer, rp2, 'MEMORY_MB')])
        self.assertEqual(
            "Inventory for 'MEMORY_MB' on resource provider '%s' invalid."
            % rp2[1], str(exc))

    def test_unknown_resource_class(self):
        rp = self.make_provider(VCPU={})
        self.assertRaises(
            exception.ResourceClassNotFound, allocation.replace_all,
            self.ctx, [self.item(self.consumer(), rp, 'CUSTOM_NOPE')])

    def test_provider_conflict_is_retried_in_new_transaction(self):
        rp = self.make_provider(VCPU={'total': 2})
        consumer = self.consumer()
        real_read = allocation._read_generations
        sessions = []

        def stale_once(session, provider_ids):
            sessions.append(session)
            if len(sessions) == 1:
                return {rp[0]: 7}
            return real_read(session, provider_ids)

        with mock.patch.object(allocation, '_read_generations',
                               autospec=True, side_effect=stale_once):
            allocation.replace_all(self.ctx, [self.item(consumer, rp)])
        self.assertEqual(2, len(sessions))
        self.assertIsNot(sessions[0], sessions[1])
        self.assertEqual((1, 1), (self.usage(rp), self.generation(rp)))
        self.assertEqual(1, self.consumer_generation(consumer))

    def test_provider_conflict_gives_up_after_retry_count(self):
        self.db.conf_fixture.config(group='placement',
                                    allocation_conflict_retry_count=3)
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        with mock.patch.object(allocation, '_read_generations',
                               autospec=True,
                               return_value={rp[0]: 42}) as read:
            self.assertRaises(
                exception.ResourceProviderConcurrentUpdateDetected,
                allocation.replace_all, self.ctx, [self.item(consumer, rp)])
        self.assertEqual(3, read.call_count)
        self.assertEqual((0, 0), (self.usage(rp), self.generation(rp)))

    def test_consumer_conflict(self):
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        stale = consumer_obj.Consumer.get_by_uuid(self.ctx, consumer.uuid)
        allocation.replace_all(self.ctx, [self.item(consumer, rp)])
        exc = self.assertRaises(
            exception.ConcurrentUpdateDetected, allocation.replace_all,
            self.ctx, [self.item(stale, rp, used=2)])
        self.assertNotIsInstance(
            exc, exception.ResourceProviderConcurrentUpdateDetected)
        self.assertEqual((1, 1), (self.usage(rp), self.generation(rp)))
        self.assertEqual(0, stale.generation)


class TestReads(AllocationTestBase):

    def test_get_for_provider_skips_incomplete_consumers(self):
        rp = self.make_provider(VCPU={}, MEMORY_MB={})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [
            self.item(consumer, rp), self.item(consumer, rp, 'MEMORY_MB', 2)])
        self.execute(_ALLOCATIONS.insert().values(
            resource_provider_id=rp[0], resource_class_id=VCPU,
            consumer_id=uuidutils.generate_uuid(), used=1))
        rows = allocation.get_for_provider(self.ctx, rp[0])
        self.assertEqual(
            [(consumer.uuid, 'VCPU', 1, 1),
             (consumer.uuid, 'MEMORY_MB', 2, 1)],
            [(r['consumer_id'], r['resource_class'], r['used'],
              r['consumer_generation']) for r in rows])

    def test_delete_for_consumer(self):
        rp = self.make_provider(VCPU={})
        consumer = self.consumer()
        allocation.replace_all(self.ctx, [self.item(consumer, rp)])
        self.assertTrue(allocation.delete_for_consumer(self.ctx,
                                                       consumer.uuid))
        self.assertEqual((0, 1), (self.usage(rp), self.generation(rp)))
        self.assertIsNone(self.consumer_generation(consumer))
        self.assertFalse(allocation.delete_for_consumer(self.ctx,
                                                        consumer.uuid))

    def test_provider_ids(self):
        rp = self.make_provider()
        self.assertEqual(
            {rp[1]: rp[0]},
            allocation.get_provider_ids(
                self.ctx, [rp[1], uuidutils.generate_uuid()]))
