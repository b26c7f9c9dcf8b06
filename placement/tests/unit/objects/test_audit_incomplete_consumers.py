"""Audit of spec allocations-and-consumers.md on incomplete consumers.

Allocation rows whose consumer has no ``consumers`` row (written by
pre-Rocky services) are invisible to consumer-joined reads, and the
first write naming that consumer replaces them (step 4 deletes *all*
existing allocations of every consumer in the request).
"""

from oslo_utils import uuidutils

from placement.objects import allocation
from placement.tests.unit.objects import test_allocation


class TestIncompleteConsumers(test_allocation.AllocationTestBase):

    def setUp(self):
        super().setUp()
        self.rp = self.make_provider(VCPU={})
        self.uuid = uuidutils.generate_uuid()
        self.execute(test_allocation._ALLOCATIONS.insert().values(
            resource_provider_id=self.rp[0],
            resource_class_id=test_allocation.VCPU,
            consumer_id=self.uuid, used=6))

    def test_get_for_consumer_skips_rows_without_consumer(self):
        self.assertEqual([], allocation.get_for_consumer(self.ctx, self.uuid))

    def test_first_write_replaces_the_incomplete_rows(self):
        # 6 of 8 are held by the incomplete rows; 8 only fit if they go.
        consumer = self.consumer(uuid=self.uuid)
        allocation.replace_all(self.ctx, [self.item(consumer, self.rp,
                                                    used=8)])
        rows = allocation.get_for_consumer(self.ctx, self.uuid)
        self.assertEqual([('VCPU', 8, 1)],
                         [(r['resource_class'], r['used'],
                           r['consumer_generation']) for r in rows])
        self.assertEqual((8, 1), (self.usage(self.rp),
                                  self.generation(self.rp)))
