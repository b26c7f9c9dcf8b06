"""The per-request resource class and trait caches."""

from unittest import mock

import os_resource_classes
import os_traits
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import exception
from placement.tests.unit.objects import db_test_base

_RC_TBL = models.ResourceClass.__table__
_TRAIT_TBL = models.Trait.__table__


class TestResourceClassCache(db_test_base.DBTestCase):

    def test_standard_classes(self):
        cache = attribute_cache.resource_class_cache(self.ctx)
        self.assertEqual(0, cache.id_from_string('VCPU'))
        self.assertEqual(
            os_resource_classes.STANDARDS.index('DISK_GB'),
            cache.id_from_string('DISK_GB'))
        self.assertEqual('MEMORY_MB', cache.string_from_id(
            os_resource_classes.STANDARDS.index('MEMORY_MB')))

    def test_all_from_string(self):
        self.execute(_RC_TBL.insert().values(id=10000, name='CUSTOM_X'))
        entry = attribute_cache.resource_class_cache(
            self.ctx).all_from_string('CUSTOM_X')
        self.assertEqual((10000, 'CUSTOM_X'), (entry.id, entry.name))
        self.assertIsNotNone(entry.created_at)
        self.assertIsNone(entry.updated_at)

    def test_unknown(self):
        cache = attribute_cache.resource_class_cache(self.ctx)
        exc = self.assertRaises(exception.ResourceClassNotFound,
                                cache.id_from_string, 'CUSTOM_NOPE')
        self.assertEqual('No such resource class CUSTOM_NOPE.', str(exc))
        self.assertRaises(exception.ResourceClassNotFound,
                          cache.string_from_id, 424242)

    def test_same_cache_per_context_not_per_process(self):
        first = attribute_cache.resource_class_cache(self.ctx)
        self.assertIs(first, attribute_cache.resource_class_cache(self.ctx))
        self.assertIsNot(first, attribute_cache.resource_class_cache(
            self.new_context()))
        self.assertIsNot(first, attribute_cache.trait_cache(self.ctx))

    def test_one_select_then_reread_once_on_miss(self):
        cache = attribute_cache.resource_class_cache(self.ctx)
        with mock.patch.object(attribute_cache, '_read_table',
                               wraps=attribute_cache._read_table) as read:
            cache.id_from_string('VCPU')
            cache.id_from_string('DISK_GB')
            cache.string_from_id(0)
            self.assertEqual(1, read.call_count)
            self.assertRaises(exception.ResourceClassNotFound,
                              cache.id_from_string, 'CUSTOM_LATE')
            self.assertEqual(2, read.call_count)

    def test_miss_sees_rows_created_after_fill(self):
        cache = attribute_cache.resource_class_cache(self.ctx)
        cache.id_from_string('VCPU')
        self.execute(_RC_TBL.insert().values(id=10001, name='CUSTOM_LATE'))
        self.assertEqual(10001, cache.id_from_string('CUSTOM_LATE'))
        self.assertEqual('CUSTOM_LATE', cache.string_from_id(10001))

    def test_new_request_sees_rename(self):
        self.execute(_RC_TBL.insert().values(id=10000, name='CUSTOM_OLD'))
        cache = attribute_cache.resource_class_cache(self.ctx)
        self.assertEqual('CUSTOM_OLD', cache.string_from_id(10000))
        self.execute(_RC_TBL.update().where(_RC_TBL.c.id == 10000)
                     .values(name='CUSTOM_NEW'))
        other = attribute_cache.resource_class_cache(self.new_context())
        self.assertEqual('CUSTOM_NEW', other.string_from_id(10000))
        self.assertRaises(exception.ResourceClassNotFound,
                          other.id_from_string, 'CUSTOM_OLD')

    def test_clear(self):
        cache = attribute_cache.resource_class_cache(self.ctx)
        self.execute(_RC_TBL.insert().values(id=10000, name='CUSTOM_OLD'))
        self.assertEqual(10000, cache.id_from_string('CUSTOM_OLD'))
        self.execute(_RC_TBL.delete().where(_RC_TBL.c.id == 10000))
        # Still cached until cleared.
        self.assertEqual(10000, cache.id_from_string('CUSTOM_OLD'))
        cache.clear()
        self.assertRaises(exception.ResourceClassNotFound,
                          cache.id_from_string, 'CUSTOM_OLD')


class TestTraitCache(db_test_base.DBTestCase):

    def test_standard_trait(self):
        cache = attribute_cache.trait_cache(self.ctx)
        name = os_traits.get_traits()[0]
        trait_id = cache.id_from_string(name)
        self.assertEqual(name, cache.string_from_id(trait_id))

    def test_unknown(self):
        cache = attribute_cache.trait_cache(self.ctx)
        exc = self.assertRaises(exception.TraitNotFound,
                                cache.id_from_string, 'CUSTOM_NOPE')
        self.assertEqual('No such trait(s): CUSTOM_NOPE.', str(exc))
        self.assertRaises(exception.TraitNotFound, cache.string_from_id, -1)

    def test_miss_sees_new_trait(self):
        cache = attribute_cache.trait_cache(self.ctx)
        cache.id_from_string('HW_CPU_X86_AVX')
        self.execute(_TRAIT_TBL.insert().values(name='CUSTOM_LATE'))
        with self.db.engine.connect() as conn:
            new_id = conn.execute(sa.select(_TRAIT_TBL.c.id).where(
                _TRAIT_TBL.c.name == 'CUSTOM_LATE')).scalar()
        self.assertEqual(new_id, cache.id_from_string('CUSTOM_LATE'))
