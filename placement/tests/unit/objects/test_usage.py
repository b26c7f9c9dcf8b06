"""Tests of the usage queries (placement.objects.usage)."""

from oslo_utils import uuidutils

from placement.db.sqlalchemy import models
from placement.objects import usage
from placement.tests.unit.objects import db_test_base

VCPU = 0  # ids: positions in os-resource-classes' STANDARDS
MEMORY_MB = 1
DISK_GB = 2


class UsageTestCase(db_test_base.DBTestCase):
    """Rows are inserted directly through the models' tables."""

    def setUp(self):
        super().setUp()
        self.rp_id = self.insert(models.ResourceProvider, uuid='rp-uuid',
                                 name='rp', generation=0)
        self.projects = {name: self.insert(models.Project, external_id=name)
                         for name in ('p1', 'p2')}
        self.users = {name: self.insert(models.User, external_id=name)
                      for name in ('u1', 'u2')}
        self.types = {name: self.insert(models.ConsumerType, name=name)
                      for name in ('INSTANCE', 'MIGRATION')}

    def insert(self, model, **values):
        result = self.execute(model.__table__.insert().values(**values))
        return result.inserted_primary_key[0]

    def consumer(self, project, user, consumer_type, **used):
        """A consumer allocating ``used`` ({class id name: n})."""
        uuid = uuidutils.generate_uuid()
        self.insert(models.Consumer, uuid=uuid,
                    project_id=self.projects[project],
                    user_id=self.users[user], generation=0,
                    consumer_type_id=self.types.get(consumer_type))
        ids = {'VCPU': VCPU, 'MEMORY_MB': MEMORY_MB, 'DISK_GB': DISK_GB}
        for name, amount in used.items():
            self.insert(models.Allocation, resource_provider_id=self.rp_id,
                        consumer_id=uuid, resource_class_id=ids[name],
                        used=amount)

    def inventory(self, rc_id):
        self.insert(models.Inventory, resource_provider_id=self.rp_id,
                    resource_class_id=rc_id, total=100, reserved=0,
                    min_unit=1, max_unit=100, step_size=1,
                    allocation_ratio=1.0)

    def populate(self):
        self.consumer('p1', 'u1', 'INSTANCE', VCPU=2, MEMORY_MB=1024)
        self.consumer('p1', 'u2', 'INSTANCE', VCPU=4, DISK_GB=10)
        self.consumer('p1', 'u1', 'MIGRATION', VCPU=1)
        self.consumer('p1', 'u1', None, MEMORY_MB=512)
        self.consumer('p2', 'u1', 'INSTANCE', VCPU=8)
        # A consumer without allocations counts nowhere.
        self.consumer('p1', 'u1', 'INSTANCE')

    def test_provider_usages(self):
        provider = type('Provider', (), {'id': self.rp_id})
        self.assertEqual({}, usage.get_usages_by_provider(self.ctx, provider))
        self.inventory(VCPU)
        self.inventory(DISK_GB)
        self.populate()
        # MEMORY_MB is allocated but has no inventory: not listed.
        self.assertEqual({'VCPU': 15, 'DISK_GB': 10},
                         usage.get_usages_by_provider(self.ctx, provider))

    def test_total_usages(self):
        self.populate()
        self.assertEqual({'VCPU': 7, 'MEMORY_MB': 1536, 'DISK_GB': 10},
                         usage.get_total_usages(self.ctx, 'p1'))
        self.assertEqual({'VCPU': 3, 'MEMORY_MB': 1536},
                         usage.get_total_usages(self.ctx, 'p1', 'u1'))
        self.assertEqual({}, usage.get_total_usages(self.ctx, 'nope'))
        self.assertEqual({}, usage.get_total_usages(self.ctx, 'p1', 'nope'))

    def test_by_consumer_type(self):
        self.populate()
        by_type = usage.get_total_usages_by_consumer_type
        self.assertEqual(
            {'INSTANCE': {'VCPU': 6, 'MEMORY_MB': 1024, 'DISK_GB': 10,
                          'consumer_count': 2},
             'MIGRATION': {'VCPU': 1, 'consumer_count': 1},
             'unknown': {'MEMORY_MB': 512, 'consumer_count': 1}},
            by_type(self.ctx, 'p1'))
        self.assertEqual(
            {'INSTANCE': {'VCPU': 2, 'MEMORY_MB': 1024, 'consumer_count': 1},
             'MIGRATION': {'VCPU': 1, 'consumer_count': 1},
             'unknown': {'MEMORY_MB': 512, 'consumer_count': 1}},
            by_type(self.ctx, 'p1', user_id='u1'))
        self.assertEqual(
            {'all': {'VCPU': 7, 'MEMORY_MB': 1536, 'DISK_GB': 10,
                     'consumer_count': 4}},
            by_type(self.ctx, 'p1', consumer_type='all'))
        self.assertEqual(
            {'unknown': {'MEMORY_MB': 512, 'consumer_count': 1}},
            by_type(self.ctx, 'p1', consumer_type='unknown'))
        self.assertEqual(
            {'MIGRATION': {'VCPU': 1, 'consumer_count': 1}},
            by_type(self.ctx, 'p1', consumer_type='MIGRATION'))
        self.assertEqual({}, by_type(self.ctx, 'p1', consumer_type='NOPE'))
        self.assertEqual({}, by_type(self.ctx, 'nope', consumer_type='all'))
        self.assertEqual({}, by_type(self.ctx, 'nope'))
