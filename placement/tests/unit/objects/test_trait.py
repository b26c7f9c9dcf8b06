"""The Trait object, trait listing and provider trait sets."""

import os_traits
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import exception
from placement.objects import trait as trait_obj
from placement.tests.unit.objects import db_test_base

_RP_TBL = models.ResourceProvider.__table__
_RP_TRAIT_TBL = models.ResourceProviderTrait.__table__


class _Provider(object):
    """Stands in for a ResourceProvider: counts generation bumps."""

    def __init__(self, rp_id):
        self.id = rp_id
        self.generation = 0

    def increment_generation(self):
        self.generation += 1


class TestTrait(db_test_base.DBTestCase):

    def setUp(self):
        super().setUp()
        self.execute(_RP_TBL.insert(), [
            {'id': rp_id, 'uuid': 'rp-%d' % rp_id, 'name': 'rp-%d' % rp_id,
             'generation': 0, 'root_provider_id': rp_id}
            for rp_id in (1, 2)])

    def _create(self, *names):
        traits = []
        for name in names:
            trait = trait_obj.Trait(self.ctx, name=name)
            trait.create()
            traits.append(trait)
        return traits

    def _links(self):
        with self.db.engine.connect() as conn:
            return set(conn.execute(sa.select(
                _RP_TRAIT_TBL.c.resource_provider_id,
                _RP_TRAIT_TBL.c.trait_id)).all())

    def _names(self, filters=None):
        return [t.name for t in trait_obj.get_all(self.ctx, filters)]

    def test_create_and_get(self):
        trait, = self._create('CUSTOM_A')
        self.assertIsNotNone(trait.id)
        self.assertIsNotNone(trait.created_at)
        self.assertTrue(trait.is_custom)
        found = trait_obj.Trait.get_by_name(self.new_context(), 'CUSTOM_A')
        self.assertEqual((trait.id, trait.created_at),
                         (found.id, found.created_at))
        self.assertRaises(exception.TraitNotFound,
                          trait_obj.Trait.get_by_name, self.ctx, 'CUSTOM_B')

    def test_create_duplicate(self):
        self._create('CUSTOM_A')
        exc = self.assertRaises(exception.TraitExists, self._create,
                                'CUSTOM_A')
        self.assertIn('CUSTOM_A', str(exc))

    def test_get_all_without_filters(self):
        self._create('CUSTOM_A')
        names = self._names()
        self.assertEqual(set(os_traits.get_traits()) | {'CUSTOM_A'},
                         set(names))
        self.assertEqual(len(names), len(set(names)))

    def test_get_all_name_in(self):
        self._create('CUSTOM_A', 'CUSTOM_B')
        self.assertEqual(
            {'CUSTOM_A', 'HW_CPU_X86_AVX'},
            set(self._names({'name_in': ['CUSTOM_A', 'HW_CPU_X86_AVX',
                                         'CUSTOM_NOPE', ' CUSTOM_B']})))
        self.assertEqual([], self._names({'name_in': []}))

    def test_get_all_prefix_is_like(self):
        self._create('CUSTOM_A1', 'CUSTOM_A2', 'CUSTOMXB')
        self.assertEqual({'CUSTOM_A1', 'CUSTOM_A2'},
                         set(self._names({'prefix': 'CUSTOM_A'})))
        # "_" matches any one character, as in SQL LIKE.
        self.assertEqual({'CUSTOM_A1', 'CUSTOM_A2', 'CUSTOMXB'},
                         set(self._names({'prefix': 'CUSTOM_'})))
        self.assertEqual({'CUSTOM_A1', 'CUSTOM_A2', 'CUSTOMXB'},
                         set(self._names({'prefix': 'CUS%M'})))
        # A quote is a plain character (the prefix is a bound parameter).
        self.assertEqual([], self._names({'prefix': "CUSTOM_' OR '1'='1"}))

    def test_get_all_associated(self):
        a, b, c = self._create('CUSTOM_A', 'CUSTOM_B', 'CUSTOM_C')
        trait_obj.set_traits(self.ctx, _Provider(1), [a, b])
        self.assertEqual({'CUSTOM_A', 'CUSTOM_B'}, set(self._names(
            {'prefix': 'CUSTOM_', 'associated': True})))
        self.assertEqual(['CUSTOM_C'], self._names(
            {'prefix': 'CUSTOM_', 'associated': False}))
        self.assertEqual(['CUSTOM_B'], self._names(
            {'name_in': ['CUSTOM_B', 'CUSTOM_C'], 'associated': True}))

    def test_set_traits_bumps_only_on_change(self):
        a, b, c = self._create('CUSTOM_A', 'CUSTOM_B', 'CUSTOM_C')
        rp = _Provider(1)
        trait_obj.set_traits(self.ctx, rp, [a, b])
        self.assertEqual(1, rp.generation)
        self.assertEqual({(1, a.id), (1, b.id)}, self._links())
        trait_obj.set_traits(self.ctx, rp, [b, a])
        self.assertEqual(1, rp.generation)
        trait_obj.set_traits(self.ctx, rp, [b, c])
        self.assertEqual(2, rp.generation)
        self.assertEqual({(1, b.id), (1, c.id)}, self._links())
        self.assertEqual(
            ['CUSTOM_B', 'CUSTOM_C'],
            sorted(t.name for t in
                   trait_obj.get_traits_by_provider_id(self.ctx, 1)))
        trait_obj.set_traits(self.ctx, rp, [])
        self.assertEqual(3, rp.generation)
        self.assertEqual(set(), self._links())

    def test_set_traits_leaves_other_providers(self):
        a, b = self._create('CUSTOM_A', 'CUSTOM_B')
        trait_obj.set_traits(self.ctx, _Provider(2), [a])
        trait_obj.set_traits(self.ctx, _Provider(1), [a, b])
        trait_obj.set_traits(self.ctx, _Provider(1), [b])
        self.assertEqual({(2, a.id), (1, b.id)}, self._links())
        self.assertEqual(
            ['CUSTOM_A'],
            [t.name for t in trait_obj.get_traits_by_provider_id(self.ctx,
                                                                 2)])

    def test_set_traits_rolls_back_on_conflict(self):
        a, = self._create('CUSTOM_A')

        class Conflicting(_Provider):
            def increment_generation(self):
                raise exception.ResourceProviderConcurrentUpdateDetected()

        self.assertRaises(exception.ResourceProviderConcurrentUpdateDetected,
                          trait_obj.set_traits, self.ctx, Conflicting(1), [a])
        self.assertEqual(set(), self._links())

    def test_delete_traits_for_provider(self):
        a, b = self._create('CUSTOM_A', 'CUSTOM_B')
        rp = _Provider(1)
        trait_obj.delete_traits_for_provider(self.ctx, rp)
        self.assertEqual(0, rp.generation)
        trait_obj.set_traits(self.ctx, _Provider(2), [a])
        trait_obj.set_traits(self.ctx, rp, [a, b])
        trait_obj.delete_traits_for_provider(self.ctx, rp)
        self.assertEqual(2, rp.generation)
        self.assertEqual({(2, a.id)}, self._links())
        self.assertEqual([],
                         trait_obj.get_traits_by_provider_id(self.ctx, 1))

    def test_destroy(self):
        trait, = self._create('CUSTOM_A')
        trait.destroy()
        self.assertNotIn('CUSTOM_A', self._names())
        self.assertRaises(exception.TraitNotFound,
                          trait_obj.Trait.get_by_name, self.ctx, 'CUSTOM_A')
        self.assertRaises(exception.TraitNotFound, trait.destroy)

    def test_destroy_standard(self):
        trait = trait_obj.Trait.get_by_name(self.ctx, 'HW_CPU_X86_AVX')
        exc = self.assertRaises(exception.TraitCannotDeleteStandard,
                                trait.destroy)
        self.assertEqual('Cannot delete standard trait HW_CPU_X86_AVX.',
                         str(exc))
        self.assertIn('HW_CPU_X86_AVX', self._names())

    def test_destroy_in_use(self):
        trait, = self._create('CUSTOM_A')
        trait_obj.set_traits(self.ctx, _Provider(1), [trait])
        exc = self.assertRaises(exception.TraitInUse, trait.destroy)
        self.assertEqual(
            'The trait CUSTOM_A is in use by a resource provider.', str(exc))
        self.assertIn('CUSTOM_A', self._names())
