"""The allocation-candidate search: combinatorics, pruning and limits."""


from placement.objects import allocation_candidate as ac_obj
from placement.tests.functional.fixtures import world_builder
from placement.tests.unit.objects import db_test_base

Group = ac_obj.RequestGroup


class CandidateTestCase(db_test_base.DBTestCase):

    def setUp(self):
        super().setUp()
        self.world = world_builder.WorldBuilder(self.db.engine)

    def flags(self, **kwargs):
        self.db.conf_fixture.config(group='placement', **kwargs)

    def find(self, *groups, **kwargs):
        self.world.commit()
        return ac_obj.find(self.new_context(),
                           ac_obj.SearchParams(list(groups), **kwargs))

    def numa_host(self, numas=2, vcpus=4):
        """A host with ``numas`` NUMA children of ``vcpus`` VCPU."""
        host = self.world.provider()
        children = []
        for _ in range(numas):
            child = self.world.provider(parent=host)
            self.world.inventory(child, 'VCPU', vcpus)
            children.append(child)
        return host, children

    @staticmethod
    def used(request):
        return {uuid: resources
                for uuid, resources in request.allocations.items()}


class TestCombinatorics(CandidateTestCase):

    def test_sums_on_one_provider_respect_capacity(self):
        _, (numa0, numa1) = self.numa_host(vcpus=4)
        result = self.find(Group('1', {'VCPU': 3}), Group('2', {'VCPU': 3}),
                           group_policy='none')
        self.assertEqual(
            [{numa0: {'VCPU': 3}, numa1: {'VCPU': 3}}] * 2,
            [self.used(r) for r in result.allocation_requests])
        result = self.find(Group('1', {'VCPU': 2}), Group('2', {'VCPU': 2}),
                           group_policy='none')
        self.assertIn({numa0: {'VCPU': 4}},
                      [self.used(r) for r in result.allocation_requests])
        self.assertEqual(4, len(result.allocation_requests))

    def test_max_unit_bounds_the_sum(self):
        host = self.world.provider()
        self.world.inventory(host, 'VCPU', 8, max_unit=2)
        result = self.find(Group('1', {'VCPU': 2}), Group('2', {'VCPU': 1}),
                           group_policy='none')
        self.assertEqual([], result.allocation_requests)
        self.assertEqual({}, result.provider_summaries)

    def test_used_counts_for_the_sum(self):
        host = self.world.provider()
        self.world.inventory(host, 'VCPU', 8, allocation_ratio=1.5)
        self.world.allocation(host, 'VCPU', 8)
        self.assertEqual(1, len(self.find(
            Group('1', {'VCPU': 2}), Group('2', {'VCPU': 2}),
            group_policy='none').allocation_requests))
        self.assertEqual([], self.find(
            Group('1', {'VCPU': 2}), Group('2', {'VCPU': 3}),
            group_policy='none').allocation_requests)

    def test_isolate(self):
        _, (numa0, numa1) = self.numa_host()
        result = self.find(Group('1', {'VCPU': 1}), Group('2', {'VCPU': 1}),
                           group_policy='isolate')
        self.assertEqual(
            [{'1': [numa0], '2': [numa1]}, {'1': [numa1], '2': [numa0]}],
            [r.mappings for r in result.allocation_requests])

    def test_isolate_ignores_the_unsuffixed_group(self):
        _, (numa0, numa1) = self.numa_host()
        result = self.find(Group('', {'VCPU': 1}), Group('1', {'VCPU': 1}),
                           Group('2', {'VCPU': 1}), group_policy='isolate')
        # 2 choices for the unsuffixed group x 2 permutations.
        self.assertEqual(4, len(result.allocation_requests))

    def test_same_subtree(self):
        host = self.world.provider()
        pairs = []
        for _ in range(2):
            numa = self.world.provider(parent=host)
            self.world.inventory(numa, 'VCPU', 4)
            pf = self.world.provider(parent=numa)
            self.world.inventory(pf, 'SRIOV_NET_VF', 4)
            pairs.append({'C': [numa], 'V': [pf]})
        result = self.find(Group('C', {'VCPU': 1}),
                           Group('V', {'SRIOV_NET_VF': 1}),
                           group_policy='none', same_subtree=[{'C', 'V'}])
        self.assertEqual(pairs,
                         [r.mappings for r in result.allocation_requests])

    def test_same_subtree_of_siblings_fails(self):
        self.numa_host()
        result = self.find(Group('1', {'VCPU': 1}), Group('2', {'VCPU': 1}),
                           group_policy='isolate', same_subtree=[{'1', '2'}])
        self.assertEqual([], result.allocation_requests)

    def test_duplicates_are_merged(self):
        self.numa_host()
        result = self.find(Group('1', {'VCPU': 1}), Group('2', {'VCPU': 1}),
                           group_policy='none')
        # Different mappings of the same allocations are kept apart.
        self.assertEqual(4, len(result.allocation_requests))
        sharing = self.world.provider()
        self.world.inventory(sharing, 'DISK_GB', 100)
        self.world.traits(sharing, 'MISC_SHARES_VIA_AGGREGATE')
        agg = '11111111-2222-3333-4444-555555555555'
        self.world.aggregates(sharing, agg)
        for _ in range(3):
            self.world.aggregates(self.world.provider(), agg)
        # Anchored at five roots, one request.
        result = self.find(Group('', {'DISK_GB': 1}))
        self.assertEqual(1, len(result.allocation_requests))


class TestLimits(CandidateTestCase):

    def hosts(self, count, numas=2):
        return [self.numa_host(numas)[0] for _ in range(count)]

    def roots_of(self, result):
        return [summary.root_provider_uuid
                for uuid, summary in result.provider_summaries.items()
                if uuid in {u for r in result.allocation_requests
                            for u in r.allocations}]

    def test_limit_spreads_over_roots(self):
        hosts = self.hosts(5)
        result = self.find(Group('', {'VCPU': 1}), limit=5)
        self.assertEqual(5, len(result.allocation_requests))
        self.assertCountEqual(hosts, self.roots_of(result))
        # Summaries cover the trees of the kept requests only.
        self.assertEqual(15, len(result.provider_summaries))

    def test_limit_reads_roots_beyond_the_first_window(self):
        # 300 roots: the first windows of root ids hold no match, so the
        # search must go on to later windows and keep root id order.
        hosts = []
        for index in range(300):
            host = self.world.provider()
            self.world.inventory(host, 'VCPU', 4)
            if index >= 250:
                self.world.traits(host, 'CUSTOM_LATE')
                hosts.append(host)
        group = Group('', {'VCPU': 1}, required_traits=[{'CUSTOM_LATE'}])
        result = self.find(group, limit=3)
        self.assertEqual(hosts[:3], self.roots_of(result))
        self.assertEqual(
            [{host: {'VCPU': 1}} for host in hosts[:3]],
            [self.used(r) for r in result.allocation_requests])

    def test_limit_above_the_roots_repeats_roots(self):
        hosts = self.hosts(2)
        result = self.find(Group('', {'VCPU': 1}), limit=3)
        self.assertEqual(3, len(result.allocation_requests))
        self.assertCountEqual(hosts, set(self.roots_of(result)))

    def test_limit_with_a_sharing_provider(self):
        agg = 'c3a9a5a8-6f6a-4d7e-9d35-2b0fbc0c1a11'
        hosts = []
        for _ in range(3):
            host = self.world.provider()
            self.world.inventory(host, 'VCPU', 4)
            self.world.aggregates(host, agg)
            hosts.append(host)
        pool = self.world.provider()
        self.world.inventory(pool, 'DISK_GB', 100)
        self.world.traits(pool, 'MISC_SHARES_VIA_AGGREGATE')
        self.world.aggregates(pool, agg)
        result = self.find(Group('', {'VCPU': 1, 'DISK_GB': 10}), limit=2)
        self.assertEqual(
            [{hosts[0]: {'VCPU': 1}, pool: {'DISK_GB': 10}},
             {hosts[1]: {'VCPU': 1}, pool: {'DISK_GB': 10}}],
            [self.used(r) for r in result.allocation_requests])

    def test_limit_randomised(self):
        self.flags(randomize_allocation_candidates=True)
        self.hosts(6)
        result = self.find(Group('', {'VCPU': 1}), limit=4)
        self.assertEqual(4, len(result.allocation_requests))
        self.assertEqual(4, len(set(self.roots_of(result))))

    def test_randomised_without_limit_is_complete(self):
        self.flags(randomize_allocation_candidates=True)
        self.hosts(3)
        result = self.find(Group('', {'VCPU': 1}))
        self.assertEqual(6, len(result.allocation_requests))

    def test_max_candidates_depth_first(self):
        self.flags(max_allocation_candidates=4)
        self.hosts(3)
        result = self.find(Group('1', {'VCPU': 1}), Group('2', {'VCPU': 1}),
                           group_policy='none')
        self.assertEqual(4, len(result.allocation_requests))
        self.assertEqual(1, len(set(self.roots_of(result))))

    def test_max_candidates_breadth_first(self):
        self.flags(max_allocation_candidates=3,
                   allocation_candidates_generation_strategy='breadth-first')
        self.hosts(3)
        result = self.find(Group('1', {'VCPU': 1}), Group('2', {'VCPU': 1}),
                           group_policy='none')
        self.assertEqual(3, len(set(self.roots_of(result))))

    def test_max_candidates_before_limit(self):
        self.flags(max_allocation_candidates=2)
        self.hosts(3)
        result = self.find(Group('', {'VCPU': 1}), limit=5)
        self.assertEqual(2, len(result.allocation_requests))

    def test_eight_isolated_groups_over_eight_children(self):
        host = self.world.provider()
        for _ in range(8):
            child = self.world.provider(parent=host)
            self.world.inventory(child, 'CUSTOM_X', 1)
        groups = [Group(str(n), {'CUSTOM_X': 1}) for n in range(1, 9)]
        result = self.find(*groups, group_policy='isolate', limit=10)
        self.assertEqual(10, len(result.allocation_requests))
        for request in result.allocation_requests:
            self.assertEqual(8, len(request.allocations))
        self.assertEqual(10, len({
            tuple((suffix, tuple(uuids))
                  for suffix, uuids in sorted(r.mappings.items()))
            for r in result.allocation_requests}))


class TestScale(CandidateTestCase):
    """Results at scale are complete; speed is measured by placement-bench."""

    def test_thousand_flat_providers(self):
        for _ in range(1000):
            host = self.world.provider()
            self.world.inventory(host, 'VCPU', 16)
            self.world.inventory(host, 'MEMORY_MB', 8192)
            self.world.inventory(host, 'DISK_GB', 500)
        self.world.commit()
        result = self.find(Group('', {'VCPU': 1, 'MEMORY_MB': 512,
                                      'DISK_GB': 10}))
        self.assertEqual(1000, len(result.allocation_requests))
        self.assertEqual(1000, len(result.provider_summaries))

    def test_five_hundred_nested_trees(self):
        for _ in range(500):
            host, _ = self.numa_host()
            self.world.inventory(host, 'DISK_GB', 500)
        self.world.commit()
        result = self.find(Group('', {'VCPU': 1, 'DISK_GB': 10}))
        self.assertEqual(1000, len(result.allocation_requests))
        self.assertEqual(1500, len(result.provider_summaries))
