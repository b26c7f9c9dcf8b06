"""The resource provider object layer: create/save/destroy, trees,
generations, aggregates and the filtered list."""

import threading
import time
from unittest import mock

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import resource_provider as rp_obj
from placement.tests.unit.objects import db_test_base

_RP_TBL = models.ResourceProvider.__table__
_INV_TBL = models.Inventory.__table__
_ALLOC_TBL = models.Allocation.__table__
_AGG_TBL = models.PlacementAggregate.__table__
_RP_AGG_TBL = models.ResourceProviderAggregate.__table__
_TRAIT_TBL = models.Trait.__table__
_RP_TRAIT_TBL = models.ResourceProviderTrait.__table__
VCPU_ID = 0


class _ProviderTestCase(db_test_base.DBTestCase):

    def create(self, name, parent=None, uuid=None):
        rp = rp_obj.ResourceProvider(
            self.ctx, name=name, uuid=uuid or uuidutils.generate_uuid(),
            parent_provider_uuid=parent.uuid if parent else None)
        rp.create()
        return rp

    def fetch(self, query):
        with self.db.engine.connect() as conn:
            return conn.execute(query).all()

    def row(self, rp):
        [row] = self.fetch(
            sa.select(_RP_TBL).where(_RP_TBL.c.uuid == rp.uuid))
        return row

    def count(self, table, **where):
        query = sa.select(sa.func.count()).select_from(table).where(
            *[table.c[col] == value for col, value in where.items()])
        return self.fetch(query)[0][0]

    def add_trait(self, name, *rps):
        trait_id = self.execute(
            _TRAIT_TBL.insert().values(name=name)).inserted_primary_key[0]
        for rp in rps:
            self.execute(_RP_TRAIT_TBL.insert().values(
                resource_provider_id=rp.id, trait_id=trait_id))
        return trait_id

    def add_inventory(self, rp, total, reserved=0, min_unit=1,
                      max_unit=100, step_size=1, allocation_ratio=1.0):
        self.execute(_INV_TBL.insert().values(
            resource_provider_id=rp.id, resource_class_id=VCPU_ID,
            total=total, reserved=reserved, min_unit=min_unit,
            max_unit=max_unit, step_size=step_size,
            allocation_ratio=allocation_ratio))

    def allocate(self, rp, used):
        self.execute(_ALLOC_TBL.insert().values(
            resource_provider_id=rp.id, resource_class_id=VCPU_ID,
            consumer_id=uuidutils.generate_uuid(), used=used))


class TestCreate(_ProviderTestCase):

    def test_root(self):
        rp = self.create('root')
        self.assertEqual(0, rp.generation)
        self.assertIsNone(rp.parent_provider_uuid)
        self.assertEqual(rp.uuid, rp.root_provider_uuid)
        self.assertIsNotNone(rp.created_at)
        # Not yet updated: the first PUT has no Last-Modified.
        self.assertIsNone(rp.updated_at)
        row = self.row(rp)
        self.assertEqual(row.id, row.root_provider_id)
        self.assertEqual(rp.id, row.id)

    def test_uuid_is_normalised(self):
        raw = uuidutils.generate_uuid()
        rp = self.create('x', uuid='{%s}' % raw.replace('-', '').upper())
        self.assertEqual(raw, rp.uuid)
        self.assertEqual(raw, self.row(rp).uuid)

    def test_uuid_is_generated(self):
        rp = rp_obj.ResourceProvider(self.ctx, name='x')
        rp.create()
        self.assertTrue(uuidutils.is_uuid_like(rp.uuid))

    def test_tree(self):
        root = self.create('root')
        child = self.create('child', root)
        grandchild = self.create('grandchild', child)
        self.assertEqual(child.uuid, grandchild.parent_provider_uuid)
        self.assertEqual(root.uuid, grandchild.root_provider_uuid)
        self.assertEqual(self.row(root).id,
                         self.row(grandchild).root_provider_id)

    def test_empty_name(self):
        rp = rp_obj.ResourceProvider(self.ctx, name='')
        exc = self.assertRaises(exception.ObjectActionError, rp.create)
        self.assertEqual(
            'Object action create failed because: name is required',
            str(exc))
        self.assertEqual(0, self.count(_RP_TBL))

    def test_parent_is_self(self):
        uuid = uuidutils.generate_uuid()
        rp = rp_obj.ResourceProvider(self.ctx, name='x', uuid=uuid.upper(),
                                     parent_provider_uuid=uuid)
        exc = self.assertRaises(exception.ObjectActionError, rp.create)
        self.assertIn('parent provider UUID cannot be same as UUID. Please '
                      'set parent provider UUID to None if there is no '
                      'parent.', str(exc))

    def test_unknown_parent(self):
        rp = rp_obj.ResourceProvider(
            self.ctx, name='x',
            parent_provider_uuid=uuidutils.generate_uuid())
        exc = self.assertRaises(exception.ObjectActionError, rp.create)
        self.assertEqual('Object action create failed because: parent '
                         'provider UUID does not exist.', str(exc))
        self.assertEqual(0, self.count(_RP_TBL))

    def test_duplicate_name(self):
        self.create(u'\u263a')
        exc = self.assertRaises(exception.DuplicateResourceProvider,
                                self.create, u'\u263a')
        self.assertEqual(u'Conflicting resource provider name: \u263a '
                         u'already exists.', str(exc))

    def test_duplicate_uuid(self):
        rp = self.create('one')
        exc = self.assertRaises(exception.DuplicateResourceProvider,
                                self.create, 'two', uuid=rp.uuid)
        self.assertEqual('Conflicting resource provider uuid: %s already '
                         'exists.' % rp.uuid, str(exc))


class TestGet(_ProviderTestCase):

    def test_get_by_uuid(self):
        root = self.create('root')
        child = self.create('child', root)
        got = rp_obj.ResourceProvider.get_by_uuid(self.new_context(),
                                                  child.uuid)
        self.assertEqual(
            (child.id, 'child', 0, root.uuid, root.uuid),
            (got.id, got.name, got.generation, got.parent_provider_uuid,
             got.root_provider_uuid))

    def test_unknown(self):
        uuid = uuidutils.generate_uuid()
        exc = self.assertRaises(exception.ResourceProviderNotFound,
                                rp_obj.ResourceProvider.get_by_uuid,
                                self.ctx, uuid)
        self.assertEqual('No resource provider with uuid %s found' % uuid,
                         str(exc))


class TestSave(_ProviderTestCase):

    def setUp(self):
        super().setUp()
        self.root = self.create('root')
        self.child = self.create('child', self.root)
        self.grandchild = self.create('grandchild', self.child)
        self.other = self.create('other')

    def reparent(self, rp, parent, allow=True):
        rp.parent_provider_uuid = parent.uuid if parent else None
        rp.save(allow_reparenting=allow)

    def test_rename_keeps_generation_and_sets_updated_at(self):
        self.root.increment_generation()
        self.root.name = 'renamed'
        self.root.save()
        self.assertEqual('renamed', self.row(self.root).name)
        self.assertEqual(1, self.root.generation)
        self.assertEqual(1, self.row(self.root).generation)
        self.assertIsNotNone(self.root.updated_at)

    def test_rename_to_taken_name(self):
        self.root.name = 'other'
        exc = self.assertRaises(exception.DuplicateResourceProvider,
                                self.root.save)
        self.assertEqual('Conflicting resource provider other already '
                         'exists.', str(exc))
        self.assertEqual('root', self.row(self.root).name)

    def test_same_parent_is_allowed_without_reparenting(self):
        self.reparent(self.grandchild, self.child, allow=False)
        self.assertEqual(self.child.uuid,
                         self.grandchild.parent_provider_uuid)

    def test_reparent_refused(self):
        exc = self.assertRaises(exception.ObjectActionError, self.reparent,
                                self.grandchild, self.other, allow=False)
        self.assertEqual('Object action update failed because: '
                         're-parenting a provider is not currently allowed.',
                         str(exc))

    def test_unparent_refused(self):
        exc = self.assertRaises(exception.ObjectActionError, self.reparent,
                                self.grandchild, None, allow=False)
        self.assertIn('un-parenting a provider is not currently allowed.',
                      str(exc))

    def test_unknown_parent_first(self):
        self.grandchild.parent_provider_uuid = uuidutils.generate_uuid()
        exc = self.assertRaises(exception.ObjectActionError,
                                self.grandchild.save)
        self.assertEqual('Object action create failed because: parent '
                         'provider UUID does not exist.', str(exc))

    def test_root_may_get_a_parent_without_reparenting(self):
        self.reparent(self.root, self.other, allow=False)
        for rp in (self.root, self.child, self.grandchild):
            self.assertEqual(self.row(self.other).id,
                             self.row(rp).root_provider_id)
        self.assertEqual(self.other.uuid, self.root.root_provider_uuid)

    def test_loops(self):
        for parent in (self.root, self.child, self.grandchild):
            exc = self.assertRaises(exception.ObjectActionError,
                                    self.reparent, self.root, parent)
            self.assertEqual('Object action update failed because: '
                             'creating loop in the provider tree is not '
                             'allowed.', str(exc))
        self.assertIsNone(self.row(self.root).parent_provider_id)

    def test_reparent_moves_subtree_roots(self):
        self.reparent(self.child, self.other)
        self.assertEqual(self.other.uuid, self.child.parent_provider_uuid)
        self.assertEqual(self.other.uuid, self.child.root_provider_uuid)
        self.assertEqual(self.row(self.other).id,
                         self.row(self.grandchild).root_provider_id)
        self.assertEqual(self.row(self.root).id,
                         self.row(self.root).root_provider_id)

    def test_unparent_makes_subtree_root(self):
        self.reparent(self.child, None)
        child_id = self.row(self.child).id
        self.assertIsNone(self.child.parent_provider_uuid)
        self.assertEqual(self.child.uuid, self.child.root_provider_uuid)
        self.assertEqual(child_id, self.row(self.child).root_provider_id)
        self.assertEqual(child_id,
                         self.row(self.grandchild).root_provider_id)


class TestDestroy(_ProviderTestCase):

    def test_parent(self):
        root = self.create('root')
        self.create('child', root)
        self.assertRaises(exception.CannotDeleteParentResourceProvider,
                          root.destroy)

    def test_allocations(self):
        rp = self.create('rp')
        self.add_inventory(rp, 8)
        self.allocate(rp, 1)
        self.assertRaises(exception.ResourceProviderInUse, rp.destroy)
        self.assertEqual(1, self.count(_INV_TBL))

    def test_removes_associations_but_not_aggregates(self):
        rp = self.create('rp')
        keep = self.create('keep')
        self.add_inventory(rp, 8)
        self.add_trait('CUSTOM_T', rp, keep)
        agg = uuidutils.generate_uuid()
        rp_obj.set_aggregates(self.ctx, rp, [agg])
        rp_obj.set_aggregates(self.ctx, keep, [agg])
        rp.destroy()
        self.assertEqual(0, self.count(_RP_TBL, id=rp.id))
        for table in (_INV_TBL, _RP_AGG_TBL, _RP_TRAIT_TBL):
            self.assertEqual(0, self.count(table, resource_provider_id=rp.id))
        self.assertEqual([agg], rp_obj.get_aggregates(self.ctx, keep))
        self.assertEqual(1, self.count(_AGG_TBL))

    def test_leaf_then_root(self):
        root = self.create('root')
        child = self.create('child', root)
        child.destroy()
        root.destroy()
        self.assertEqual(0, self.count(_RP_TBL))

    def test_already_gone(self):
        rp = self.create('rp')
        rp_obj.ResourceProvider.get_by_uuid(self.ctx, rp.uuid).destroy()
        self.assertRaises(exception.ResourceProviderNotFound, rp.destroy)


class TestIncrementGeneration(_ProviderTestCase):

    def test_increment(self):
        rp = self.create('rp')
        rp.increment_generation()
        rp.increment_generation()
        self.assertEqual(2, rp.generation)
        self.assertEqual(2, self.row(rp).generation)

    def test_concurrent_loser(self):
        rp = self.create('rp')
        first = rp_obj.ResourceProvider.get_by_uuid(self.new_context(),
                                                    rp.uuid)
        second = rp_obj.ResourceProvider.get_by_uuid(self.new_context(),
                                                     rp.uuid)
        first.increment_generation()
        self.assertRaises(exception.ResourceProviderConcurrentUpdateDetected,
                          second.increment_generation)
        self.assertEqual(0, second.generation)
        self.assertEqual(1, self.row(rp).generation)

    def test_concurrent_transactions_one_wins(self):
        rp = self.create('rp')
        barrier = threading.Barrier(2)
        outcomes = []

        @db_api.placement_context_manager.writer
        def bump(context, loaded):
            loaded.increment_generation()
            # Hold the row while the other writer tries.
            time.sleep(0.3)

        def run():
            context = self.new_context()
            loaded = rp_obj.ResourceProvider.get_by_uuid(context, rp.uuid)
            # Both have read generation 0 before either writes.
            barrier.wait(timeout=30)
            try:
                bump(context, loaded)
                outcomes.append('won')
            except exception.ResourceProviderConcurrentUpdateDetected:
                outcomes.append('lost')

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(['lost', 'won'], sorted(outcomes))
        self.assertEqual(1, self.row(rp).generation)

    def test_joins_the_caller_transaction(self):
        rp = self.create('rp')

        @db_api.placement_context_manager.writer
        def write_then_fail(context):
            rp.increment_generation()
            raise ValueError()

        self.assertRaises(ValueError, write_then_fail, self.ctx)
        self.assertEqual(0, self.row(rp).generation)


class TestAggregates(_ProviderTestCase):

    def test_set_and_get(self):
        rp = self.create('rp')
        aggs = [uuidutils.generate_uuid() for _ in range(3)]
        rp_obj.set_aggregates(self.ctx, rp, aggs[:2])
        self.assertEqual(sorted(aggs[:2]),
                         sorted(rp_obj.get_aggregates(self.ctx, rp)))
        rp_obj.set_aggregates(self.ctx, rp, aggs[1:])
        self.assertEqual(sorted(aggs[1:]),
                         sorted(rp_obj.get_aggregates(self.ctx, rp)))
        self.assertEqual(3, self.count(_AGG_TBL))
        self.assertEqual(0, rp.generation)
        rp_obj.set_aggregates(self.ctx, rp, [])
        self.assertEqual([], rp_obj.get_aggregates(self.ctx, rp))
        self.assertEqual(3, self.count(_AGG_TBL))

    def test_stored_as_given(self):
        rp = self.create('rp')
        agg = uuidutils.generate_uuid().replace('-', '').upper()
        rp_obj.set_aggregates(self.ctx, rp, [agg])
        self.assertEqual([agg], rp_obj.get_aggregates(self.ctx, rp))

    def test_increment_generation_always(self):
        rp = self.create('rp')
        agg = uuidutils.generate_uuid()
        for expected in (1, 2):
            rp_obj.set_aggregates(self.ctx, rp, [agg],
                                  increment_generation=True)
            self.assertEqual(expected, rp.generation)
        self.assertEqual(2, self.row(rp).generation)

    def test_generation_conflict_rolls_back(self):
        rp = self.create('rp')
        rp_obj.ResourceProvider.get_by_uuid(
            self.new_context(), rp.uuid).increment_generation()
        self.assertRaises(exception.ResourceProviderConcurrentUpdateDetected,
                          rp_obj.set_aggregates, self.ctx, rp,
                          [uuidutils.generate_uuid()],
                          increment_generation=True)
        self.assertEqual(0, self.count(_AGG_TBL))
        self.assertEqual(0, self.count(_RP_AGG_TBL))

    def test_duplicate_race_is_retried(self):
        rp = self.create('rp')
        agg = uuidutils.generate_uuid()
        real = rp_obj._set_aggregates
        calls = []

        def racing(context, rp, uuids, increment):
            calls.append(1)
            if len(calls) < 3:
                # Another writer created the row first.
                raise db_exc.DBDuplicateEntry(columns=['uuid'])
            return real(context, rp, uuids, increment)

        with mock.patch.object(rp_obj, '_set_aggregates', racing):
            rp_obj.set_aggregates(self.ctx, rp, [agg])
        self.assertEqual(3, len(calls))
        self.assertEqual([agg], rp_obj.get_aggregates(self.ctx, rp))

    def test_duplicate_retries_run_out(self):
        rp = self.create('rp')
        racing = mock.Mock(side_effect=db_exc.DBDuplicateEntry())
        with mock.patch.object(rp_obj, '_set_aggregates', racing):
            self.assertRaises(db_exc.DBDuplicateEntry, rp_obj.set_aggregates,
                              self.ctx, rp, [uuidutils.generate_uuid()])
        self.assertEqual(rp_obj.MAX_AGGREGATE_RETRIES, racing.call_count)


class TestGetAllByFilters(_ProviderTestCase):

    def setUp(self):
        super().setUp()
        self.rp1 = self.create('rp1')
        self.rp2 = self.create('rp2')
        self.rp3 = self.create('rp3', self.rp1)
        self.agg1, self.agg2 = [uuidutils.generate_uuid() for _ in range(2)]
        rp_obj.set_aggregates(self.ctx, self.rp1, [self.agg1])
        rp_obj.set_aggregates(self.ctx, self.rp2, [self.agg1, self.agg2])
        self.add_trait('CUSTOM_A', self.rp1)
        self.add_trait('CUSTOM_B', self.rp1, self.rp2)
        self.add_trait('CUSTOM_UNUSED')

    def names(self, **filters):
        return [rp.name for rp in rp_obj.get_all_by_filters(
            self.new_context(), filters)]

    def test_no_filters(self):
        rps = rp_obj.get_all_by_filters(self.ctx)
        self.assertEqual(['rp1', 'rp2', 'rp3'], [rp.name for rp in rps])
        self.assertEqual(self.rp1.uuid, rps[2].parent_provider_uuid)
        self.assertEqual(self.rp1.uuid, rps[2].root_provider_uuid)

    def test_one_select_for_the_list(self):
        for index in range(5):
            self.create('leaf%d' % index, self.rp3)
        statements = []
        sa.event.listen(self.db.engine, 'before_cursor_execute',
                        lambda *args: statements.append(args[2]))
        self.assertEqual(8, len(rp_obj.get_all_by_filters(self.ctx, {})))
        selects = [s for s in statements if s.lstrip().startswith('SELECT')]
        self.assertEqual(1, len(selects), statements)

    def test_in_tree(self):
        self.assertEqual(['rp1', 'rp3'], self.names(in_tree=self.rp3.uuid))
        self.assertEqual([], self.names(
            in_tree=uuidutils.generate_uuid(), required_traits=[{'NOPE'}]))

    def test_required_any_of_groups(self):
        self.assertEqual(['rp1'], self.names(
            required_traits=[{'CUSTOM_A', 'CUSTOM_UNUSED'}, {'CUSTOM_B'}]))
        self.assertEqual(['rp1', 'rp2'], self.names(
            required_traits=[{'CUSTOM_A', 'CUSTOM_B'}]))

    def test_unknown_traits_all_named(self):
        exc = self.assertRaises(
            exception.TraitNotFound, self.names,
            required_traits=[{'CUSTOM_Z'}, {'CUSTOM_A', 'CUSTOM_Y'}])
        self.assertEqual('No such trait(s): CUSTOM_Y, CUSTOM_Z.', str(exc))

    def test_forbidden_traits(self):
        self.assertEqual(['rp2', 'rp3'],
                         self.names(forbidden_traits={'CUSTOM_A'}))
        self.assertRaises(exception.TraitNotFound, self.names,
                          forbidden_traits={'CUSTOM_Z'})

    def test_required_matching_nothing_short_circuits(self):
        self.assertEqual([], self.names(
            required_traits=[{'CUSTOM_UNUSED'}],
            forbidden_traits={'CUSTOM_Z'}, resources={'CUSTOM_Z': 1}))

    def test_member_of(self):
        self.assertEqual(['rp2'], self.names(member_of=[{self.agg1},
                                                        {self.agg2}]))
        # Direct membership only: rp3 does not inherit from its root.
        self.assertEqual(['rp1', 'rp2'], self.names(member_of=[{self.agg1}]))
        self.assertEqual([], self.names(
            member_of=[{uuidutils.generate_uuid()}],
            resources={'CUSTOM_Z': 1}))

    def test_forbidden_aggregates(self):
        self.assertEqual(['rp1', 'rp3'],
                         self.names(forbidden_aggs={self.agg2}))

    def test_resources(self):
        self.add_inventory(self.rp1, total=8, reserved=2, max_unit=6,
                           step_size=2)
        self.add_inventory(self.rp2, total=4, allocation_ratio=2.0)
        self.allocate(self.rp2, 5)
        self.assertEqual(['rp1', 'rp2'], self.names(resources={'VCPU': 2}))
        # rp2: 5 used + 4 > 8.
        self.assertEqual(['rp1'], self.names(resources={'VCPU': 4}))
        # rp1: not a multiple of the step size; rp2: 5 + 3 fills it.
        self.assertEqual(['rp2'], self.names(resources={'VCPU': 3}))
        # rp1: capacity 6 but above max_unit when 8.
        self.assertEqual(['rp1'], self.names(resources={'VCPU': 6}))
        self.assertEqual([], self.names(resources={'VCPU': 8}))
        self.assertRaises(exception.ResourceClassNotFound, self.names,
                          resources={'VCPU': 1, 'CUSTOM_Z': 1})

    def test_name_and_uuid(self):
        self.assertEqual(['rp2'], self.names(name='rp2'))
        self.assertEqual(['rp3'], self.names(uuid=self.rp3.uuid))
        self.assertEqual([], self.names(name='rp2', uuid=self.rp3.uuid))
