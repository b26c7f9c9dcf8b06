"""Tests of placement.objects.inventory on a real database."""

from unittest import mock

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import exception
from placement.objects import inventory as inv_obj
from placement.objects import resource_provider as rp_obj
from placement.tests.unit.objects import db_test_base

_INVENTORIES = models.Inventory.__table__
_ALLOCATIONS = models.Allocation.__table__
_PROVIDERS = models.ResourceProvider.__table__
VCPU = 0  # ids: positions in os-resource-classes' STANDARDS
DISK_GB = 2


class InventoryTestCase(db_test_base.DBTestCase):

    def setUp(self):
        super().setUp()
        self.rp = rp_obj.ResourceProvider(
            self.ctx, name='rp', uuid=uuidutils.generate_uuid(),
            parent_provider_uuid=None)
        self.rp.create()

    def inv(self, resource_class='VCPU', **values):
        values.setdefault('total', 8)
        return inv_obj.Inventory(self.ctx, resource_provider=self.rp,
                                 resource_class=resource_class, **values)

    def rows(self):
        query = sa.select(_INVENTORIES).where(
            _INVENTORIES.c.resource_provider_id == self.rp.id).order_by(
            _INVENTORIES.c.resource_class_id)
        with self.db.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def stored_generation(self):
        with self.db.engine.connect() as conn:
            return conn.execute(sa.select(_PROVIDERS.c.generation).where(
                _PROVIDERS.c.id == self.rp.id)).scalar_one()

    def allocate(self, rc_id, used):
        self.execute(_ALLOCATIONS.insert().values(
            resource_provider_id=self.rp.id, resource_class_id=rc_id,
            consumer_id=uuidutils.generate_uuid(), used=used))

    def test_defaults_and_capacity(self):
        inv = self.inv(total=10, reserved=2, allocation_ratio=1.5)
        self.assertEqual(
            {'total': 10, 'reserved': 2, 'min_unit': 1,
             'max_unit': 2147483647, 'step_size': 1,
             'allocation_ratio': 1.5}, inv.values())
        self.assertEqual(12, inv.capacity)

    def test_add_and_get(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv(reserved=1))
        self.assertEqual(1, self.rp.generation)
        self.assertEqual(1, self.stored_generation())
        [got] = inv_obj.get_all_by_resource_provider(self.ctx, self.rp)
        self.assertEqual('VCPU', got.resource_class)
        self.assertEqual(8, got.total)
        self.assertEqual(1, got.reserved)
        self.assertEqual(2147483647, got.max_unit)
        self.assertIsNotNone(got.created_at)
        self.assertIs(got, inv_obj.find([got], 'VCPU'))
        self.assertIsNone(inv_obj.find([got], 'DISK_GB'))

    def test_add_duplicate(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv())
        self.assertRaises(db_exc.DBDuplicateEntry, inv_obj.add_inventory,
                          self.ctx, self.rp, self.inv())
        self.assertEqual(1, self.stored_generation())

    def test_add_unknown_class(self):
        self.assertRaises(exception.ResourceClassNotFound,
                          inv_obj.add_inventory, self.ctx, self.rp,
                          self.inv('CUSTOM_NOPE'))
        self.assertEqual([], self.rows())

    def test_capacity_rule(self):
        full = self.inv(total=8, reserved=8)
        self.assertRaises(
            exception.InvalidInventoryCapacity, inv_obj.add_inventory,
            self.ctx, self.rp, full,
            min_capacity=inv_obj.MIN_CAPACITY_BEFORE_1_26)
        self.assertEqual([], self.rows())
        inv_obj.add_inventory(self.ctx, self.rp, full)
        self.assertRaises(
            exception.InvalidInventoryCapacityReservedCanBeTotal,
            inv_obj.update_inventory, self.ctx, self.rp,
            self.inv(total=8, reserved=9))
        self.assertRaises(
            exception.InvalidInventoryCapacityReservedCanBeTotal,
            inv_obj.set_inventory, self.ctx, self.rp,
            [self.inv(allocation_ratio=-1.0)])

    def test_set_without_capacity_check(self):
        inv_obj.set_inventory(self.ctx, self.rp,
                              [self.inv(total=8, reserved=9)],
                              min_capacity=None)
        self.assertEqual(9, self.rows()[0]['reserved'])

    def test_concurrent_update(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv())
        stale = rp_obj.ResourceProvider.get_by_uuid(self.ctx, self.rp.uuid)
        inv_obj.add_inventory(self.ctx, self.rp, self.inv('DISK_GB'))
        for call, arg in ((inv_obj.update_inventory, self.inv(total=1)),
                          (inv_obj.set_inventory, []),
                          (inv_obj.delete_inventory, 'VCPU')):
            self.assertRaises(
                exception.ResourceProviderConcurrentUpdateDetected,
                call, self.ctx, stale, arg)
        # Rolled back: both rows unchanged.
        self.assertEqual([(VCPU, 8), (DISK_GB, 8)],
                         [(r['resource_class_id'], r['total'])
                          for r in self.rows()])

    def test_update(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv(max_unit=4))
        inv_obj.update_inventory(self.ctx, self.rp, self.inv(total=16))
        [row] = self.rows()
        self.assertEqual(16, row['total'])
        self.assertEqual(2147483647, row['max_unit'])
        self.assertIsNotNone(row['updated_at'])
        self.assertEqual(2, self.stored_generation())

    def test_update_missing(self):
        self.assertRaises(exception.InventoryWithResourceClassNotFound,
                          inv_obj.update_inventory, self.ctx, self.rp,
                          self.inv())
        self.assertRaises(exception.ResourceClassNotFound,
                          inv_obj.update_inventory, self.ctx, self.rp,
                          self.inv('CUSTOM_NOPE'))
        self.assertEqual(0, self.stored_generation())

    @mock.patch.object(inv_obj.LOG, 'warning', autospec=True)
    def test_update_below_usage_warns(self, warning):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv())
        self.allocate(VCPU, 6)
        inv_obj.update_inventory(self.ctx, self.rp, self.inv(total=6))
        warning.assert_not_called()
        inv_obj.update_inventory(self.ctx, self.rp, self.inv(total=4))
        self.assertEqual(1, warning.call_count)
        self.assertEqual(4, self.rows()[0]['total'])

    def test_delete(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv())
        inv_obj.delete_inventory(self.ctx, self.rp, 'VCPU')
        self.assertEqual([], self.rows())
        self.assertEqual(2, self.stored_generation())
        exc = self.assertRaises(exception.NotFound, inv_obj.delete_inventory,
                                self.ctx, self.rp, 'VCPU')
        self.assertEqual('No inventory of class VCPU found for delete',
                         str(exc))
        self.assertRaises(exception.ResourceClassNotFound,
                          inv_obj.delete_inventory, self.ctx, self.rp,
                          'CUSTOM_NOPE')

    def test_delete_in_use(self):
        inv_obj.add_inventory(self.ctx, self.rp, self.inv())
        self.allocate(VCPU, 1)
        exc = self.assertRaises(exception.InventoryInUse,
                                inv_obj.delete_inventory, self.ctx, self.rp,
                                'VCPU')
        self.assertEqual("Inventory for 'VCPU' on resource provider '%s' "
                         "in use." % self.rp.uuid, str(exc))
        self.assertEqual(1, len(self.rows()))

    def test_set_inserts_updates_deletes(self):
        inv_obj.set_inventory(self.ctx, self.rp, [self.inv(), self.inv(
            'MEMORY_MB', total=1024)])
        self.assertEqual(1, self.stored_generation())
        inv_obj.set_inventory(self.ctx, self.rp, [
            self.inv(total=4), self.inv('DISK_GB', total=100)])
        self.assertEqual([(VCPU, 4), (DISK_GB, 100)],
                         [(r['resource_class_id'], r['total'])
                          for r in self.rows()])
        self.assertEqual(2, self.stored_generation())
        # Nothing changes, the generation still moves.
        inv_obj.set_inventory(self.ctx, self.rp, [
            self.inv(total=4), self.inv('DISK_GB', total=100)])
        self.assertEqual(3, self.stored_generation())
        inv_obj.set_inventory(self.ctx, self.rp, [])
        self.assertEqual([], self.rows())
        self.assertEqual(4, self.stored_generation())

    def test_set_unknown_class(self):
        self.assertRaises(exception.ResourceClassNotFound,
                          inv_obj.set_inventory, self.ctx, self.rp,
                          [self.inv(), self.inv('CUSTOM_NOPE')])
        self.assertEqual([], self.rows())

    def test_set_removing_allocated_classes(self):
        inv_obj.set_inventory(self.ctx, self.rp, [
            self.inv(), self.inv('DISK_GB'), self.inv('MEMORY_MB')])
        self.allocate(DISK_GB, 1)
        self.allocate(VCPU, 1)
        exc = self.assertRaises(exception.InventoryInUse,
                                inv_obj.set_inventory, self.ctx, self.rp,
                                [self.inv('MEMORY_MB')])
        self.assertIn("Inventory for 'VCPU, DISK_GB' on", str(exc))
        self.assertEqual(3, len(self.rows()))
        self.assertEqual(1, self.stored_generation())

    def test_set_joins_outer_transaction(self):
        @inv_obj.db_api.placement_context_manager.writer
        def reshape(context):
            inv_obj.set_inventory(context, self.rp, [self.inv()])
            inv_obj.set_inventory(context, self.rp, [self.inv('DISK_GB')],
                                  min_capacity=None)
            raise ValueError('roll back')

        self.assertRaises(ValueError, reshape, self.ctx)
        self.assertEqual([], self.rows())
        self.assertEqual(0, self.stored_generation())
