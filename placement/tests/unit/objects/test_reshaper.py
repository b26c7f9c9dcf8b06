"""Tests of the reshaper transaction (placement.objects.reshaper)."""

from oslo_utils import uuidutils

from placement import exception
from placement.objects import allocation
from placement.objects import consumer as consumer_obj
from placement.objects import inventory as inv_obj
from placement.objects import reshaper
from placement.objects import resource_provider as rp_obj
from placement.tests.unit.objects import db_test_base


class TestReshape(db_test_base.DBTestCase):
    """Reshapes of a root with VCPU and VGPU and a child without inventory.

    An instance uses 2 VCPU and 1 VGPU of the root.
    """

    def setUp(self):
        super().setUp()
        self.root = self.provider('root')
        self.child = self.provider('child', parent=self.root.uuid)
        inv_obj.set_inventory(self.ctx, self.root, [
            self.inv(self.root, 'VCPU', 8), self.inv(self.root, 'VGPU', 4)])
        self.instance = self.consumer()
        allocation.replace_all(self.ctx, [
            self.item(self.instance, self.root, 'VCPU', 2),
            self.item(self.instance, self.root, 'VGPU', 1)])
        self.root = self.reload(self.root)
        # A failed reshape leaves the objects' generations bumped (they
        # are discarded then); compare stored ones with these.
        self.generations = (self.root.generation, self.child.generation)

    def provider(self, name, parent=None):
        rp = rp_obj.ResourceProvider(
            self.ctx, name=name, uuid=uuidutils.generate_uuid(),
            parent_provider_uuid=parent)
        rp.create()
        return rp

    def reload(self, rp):
        # Same context: reshape() bumps the provider in its transaction.
        return rp_obj.ResourceProvider.get_by_uuid(self.ctx, rp.uuid)

    def inv(self, rp, resource_class, total, **values):
        return inv_obj.Inventory(self.ctx, resource_provider=rp,
                                 resource_class=resource_class, total=total,
                                 **values)

    def consumer(self, uuid=None, generation=None):
        consumer, _created = consumer_obj.ensure_consumer(
            self.ctx, uuid or uuidutils.generate_uuid(), 'project', 'user',
            None, generation, check_generation=False)
        return consumer

    def item(self, consumer, rp, resource_class, used):
        return allocation.AllocationItem(consumer, rp.id, rp.uuid,
                                         resource_class, used)

    def inventory(self, rp):
        return {inv.resource_class: inv.total for inv in
                inv_obj.get_all_by_resource_provider(self.new_context(), rp)}

    def allocations(self, consumer):
        return sorted(
            (row['provider_uuid'], row['resource_class'], row['used'])
            for row in allocation.get_for_consumer(self.new_context(),
                                                   consumer.uuid))

    def move_gpu(self, vgpu=1, child_inventory=None):
        instance = self.consumer(self.instance.uuid)
        return reshaper.reshape(
            self.ctx,
            [(self.root, [self.inv(self.root, 'VCPU', 8)]),
             (self.child, child_inventory or [
                 self.inv(self.child, 'VGPU', 4)])],
            [self.item(instance, self.root, 'VCPU', 2),
             self.item(instance, self.child, 'VGPU', vgpu)])

    def assert_unchanged(self):
        self.assertEqual({'VCPU': 8, 'VGPU': 4}, self.inventory(self.root))
        self.assertEqual({}, self.inventory(self.child))
        self.assertEqual(
            [(self.root.uuid, 'VCPU', 2), (self.root.uuid, 'VGPU', 1)],
            self.allocations(self.instance))
        self.assertEqual(
            self.generations,
            (self.reload(self.root).generation,
             self.reload(self.child).generation))

    def test_move_inventory_and_allocations_to_child(self):
        root_generation = self.root.generation
        self.move_gpu()
        self.assertEqual({'VCPU': 8}, self.inventory(self.root))
        self.assertEqual({'VGPU': 4}, self.inventory(self.child))
        self.assertEqual(
            sorted([(self.root.uuid, 'VCPU', 2),
                    (self.child.uuid, 'VGPU', 1)]),
            self.allocations(self.instance))
        # Interim inventory, allocations and final inventory each bump.
        self.assertEqual(root_generation + 3,
                         self.reload(self.root).generation)
        self.assertEqual(3, self.reload(self.child).generation)
        self.assertEqual(
            2, consumer_obj.Consumer.get_by_uuid(
                self.ctx, self.instance.uuid).generation)

    def test_capacity_failure_writes_nothing(self):
        self.assertRaises(exception.InvalidAllocationCapacityExceeded,
                          self.move_gpu, vgpu=5)
        self.assert_unchanged()

    def test_removing_allocated_class_writes_nothing(self):
        self.assertRaises(
            exception.InventoryInUse, reshaper.reshape, self.ctx,
            [(self.root, [self.inv(self.root, 'VCPU', 8)])], [])
        self.assert_unchanged()

    def test_unknown_class_writes_nothing(self):
        self.assertRaises(
            exception.ResourceClassNotFound, self.move_gpu,
            child_inventory=[self.inv(self.child, 'VGPU', 4),
                             self.inv(self.child, 'CUSTOM_NOPE', 1)])
        self.assert_unchanged()

    def test_stale_provider_generation_writes_nothing(self):
        self.root.generation -= 1
        self.assertRaises(exception.ConcurrentUpdateDetected, self.move_gpu)
        self.assert_unchanged()

    def test_no_capacity_check_of_inventory(self):
        reshaper.reshape(self.ctx, [(self.child, [
            self.inv(self.child, 'VGPU', 4, reserved=8)])], [])
        self.assertEqual({'VGPU': 4}, self.inventory(self.child))

    def test_empty_inventory_removes_all(self):
        reshaper.reshape(self.ctx, [(self.child, [
            self.inv(self.child, 'VGPU', 4)])], [])
        child = self.reload(self.child)
        generation = child.generation
        reshaper.reshape(self.ctx, [(child, [])], [])
        self.assertEqual({}, self.inventory(child))
        # Only the final inventory write bumps an emptied provider.
        self.assertEqual(generation + 1, self.reload(child).generation)
