"""The ResourceClass object and its SQL."""

from unittest import mock

from oslo_db import exception as db_exc
import os_resource_classes
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import exception
from placement.objects import resource_class as rc_obj
from placement.tests.unit.objects import db_test_base

_RC_TBL = models.ResourceClass.__table__
_INV_TBL = models.Inventory.__table__


class TestResourceClass(db_test_base.DBTestCase):

    def _create(self, name):
        rc = rc_obj.ResourceClass(self.ctx, name=name)
        rc.create()
        return rc

    def _names_by_id(self):
        with self.db.engine.connect() as conn:
            return dict(conn.execute(
                sa.select(_RC_TBL.c.id, _RC_TBL.c.name)).all())

    def test_get_all_standard_in_id_order(self):
        rcs = rc_obj.get_all(self.ctx)
        self.assertEqual(list(os_resource_classes.STANDARDS),
                         [rc.name for rc in rcs])
        self.assertEqual(list(range(len(rcs))), [rc.id for rc in rcs])
        self.assertTrue(all(rc.is_standard for rc in rcs))

    def test_create_custom_ids_start_at_10000(self):
        first = self._create('CUSTOM_A')
        second = self._create('CUSTOM_B')
        self.assertEqual((10000, 10001), (first.id, second.id))
        self.assertFalse(first.is_standard)
        self.assertIsNotNone(first.created_at)
        self.assertEqual(set(), first.obj_what_changed())
        self.assertEqual('CUSTOM_B', self._names_by_id()[10001])
        self.assertEqual(['CUSTOM_A', 'CUSTOM_B'],
                         [rc.name for rc in rc_obj.get_all(self.ctx)][-2:])

    def test_create_uses_max_id_plus_one(self):
        self.execute(_RC_TBL.insert().values(id=10041, name='CUSTOM_OLD'))
        self.assertEqual(10042, self._create('CUSTOM_NEXT').id)

    def test_create_duplicate(self):
        self._create('CUSTOM_A')
        rc = rc_obj.ResourceClass(self.ctx, name='CUSTOM_A')
        self.assertRaises(exception.ResourceClassExists, rc.create)
        self.assertRaises(exception.ResourceClassExists,
                          rc_obj.ResourceClass(self.ctx, name='VCPU').create)

    def test_create_twice(self):
        rc = self._create('CUSTOM_A')
        self.assertRaises(exception.ObjectActionError, rc.create)

    def test_create_name_race_is_exists(self):
        # The pre-check passed, then another request inserted the name.
        dup = db_exc.DBDuplicateEntry(columns=['name'])
        with mock.patch.object(rc_obj, '_insert_custom', autospec=True,
                               side_effect=dup):
            rc = rc_obj.ResourceClass(self.ctx, name='CUSTOM_A')
            self.assertRaises(exception.ResourceClassExists, rc.create)

    def test_create_retries_id_collisions(self):
        real_insert = rc_obj._insert_custom
        calls = []

        def collide_twice(context, name):
            calls.append(name)
            if len(calls) <= 2:
                raise db_exc.DBDuplicateEntry(columns=['PRIMARY'])
            return real_insert(context, name)

        with mock.patch.object(rc_obj, '_insert_custom', autospec=True,
                               side_effect=collide_twice):
            rc = self._create('CUSTOM_A')
        self.assertEqual(3, len(calls))
        self.assertEqual(10000, rc.id)

    def test_create_gives_up_after_100_collisions(self):
        dup = db_exc.DBDuplicateEntry(columns=['id'])
        with mock.patch.object(rc_obj, '_insert_custom', autospec=True,
                               side_effect=dup) as insert:
            rc = rc_obj.ResourceClass(self.ctx, name='CUSTOM_A')
            self.assertRaises(exception.MaxDBRetriesExceeded, rc.create)
        self.assertEqual(100, insert.call_count)
        self.assertNotIn('CUSTOM_A', self._names_by_id().values())

    def test_get_by_name(self):
        created = self._create('CUSTOM_A')
        rc = rc_obj.ResourceClass.get_by_name(self.new_context(), 'CUSTOM_A')
        self.assertEqual((created.id, 'CUSTOM_A'), (rc.id, rc.name))
        self.assertEqual(created.created_at, rc.created_at)
        self.assertRaises(exception.ResourceClassNotFound,
                          rc_obj.ResourceClass.get_by_name, self.ctx,
                          'CUSTOM_NOPE')

    def test_rename(self):
        rc = self._create('CUSTOM_A')
        rc.name = 'CUSTOM_B'
        rc.save()
        self.assertIsNotNone(rc.updated_at)
        self.assertEqual('CUSTOM_B', self._names_by_id()[rc.id])
        # The cache of the same request follows the rename.
        self.assertRaises(exception.ResourceClassNotFound,
                          rc_obj.ResourceClass.get_by_name, self.ctx,
                          'CUSTOM_A')
        self.assertEqual(
            rc.id, rc_obj.ResourceClass.get_by_name(self.ctx, 'CUSTOM_B').id)

    def test_rename_to_existing(self):
        self._create('CUSTOM_A')
        rc = self._create('CUSTOM_B')
        rc.name = 'CUSTOM_A'
        self.assertRaises(exception.ResourceClassExists, rc.save)
        self.assertEqual('CUSTOM_B', self._names_by_id()[rc.id])

    def test_rename_standard(self):
        rc = rc_obj.ResourceClass.get_by_name(self.ctx, 'VCPU')
        rc.name = 'CUSTOM_VCPU'
        self.assertRaises(exception.ResourceClassCannotUpdateStandard,
                          rc.save)
        self.assertEqual('VCPU', self._names_by_id()[0])

    def test_destroy(self):
        rc = self._create('CUSTOM_A')
        rc.destroy()
        self.assertNotIn(rc.id, self._names_by_id())
        self.assertRaises(exception.ResourceClassNotFound,
                          rc_obj.ResourceClass.get_by_name, self.ctx,
                          'CUSTOM_A')
        self.assertRaises(exception.ResourceClassNotFound, rc.destroy)

    def test_destroy_standard(self):
        rc = rc_obj.ResourceClass.get_by_name(self.ctx, 'VCPU')
        exc = self.assertRaises(
            exception.ResourceClassCannotDeleteStandard, rc.destroy)
        self.assertEqual('Cannot delete standard resource class VCPU.',
                         str(exc))

    def test_destroy_in_use(self):
        rc = self._create('CUSTOM_A')
        self.execute(_INV_TBL.insert().values(
            resource_provider_id=1, resource_class_id=rc.id, total=1,
            reserved=0, min_unit=1, max_unit=1, step_size=1,
            allocation_ratio=1.0))
        exc = self.assertRaises(exception.ResourceClassInUse, rc.destroy)
        self.assertEqual('Cannot delete resource class CUSTOM_A. '
                         'Class is in use in inventory.', str(exc))
        self.assertIn(rc.id, self._names_by_id())

    def test_duplicate_classification_on_this_backend(self):
        rc_obj._insert_custom(self.ctx, 'CUSTOM_A')
        name_dup = self.assertRaises(db_exc.DBDuplicateEntry,
                                     rc_obj._insert_custom, self.ctx,
                                     'CUSTOM_A')
        self.assertTrue(rc_obj._is_name_conflict(name_dup))
        id_dup = self.assertRaises(
            db_exc.DBDuplicateEntry, self.execute,
            _RC_TBL.insert().values(id=10000, name='CUSTOM_B'))
        self.assertFalse(rc_obj._is_name_conflict(id_dup))
