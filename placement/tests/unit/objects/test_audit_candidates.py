"""Audit of allocation-candidates.md statements on configuration:
``max_allocation_candidates`` applies before ``limit`` (also when the
limit takes a random sample), and
``[workarounds]optimize_for_wide_provider_trees`` changes nothing in the
result set; and of fits(P, RC, N) for an amount no provider can hold.
"""

import sys

from placement.tests.unit.objects import test_allocation_candidate as base

Group = base.Group


class TestCandidateConfig(base.CandidateTestCase):

    def test_random_limit_samples_the_capped_set(self):
        # Depth-first, the cap of 2 keeps the two requests of the first
        # host; a random limit of 1 must pick among those only (a sample
        # of all four requests would pick the second host half the time).
        first, first_children = self.numa_host()
        self.numa_host()
        self.flags(max_allocation_candidates=2,
                   randomize_allocation_candidates=True)
        for _ in range(10):
            result = self.find(Group('', {'VCPU': 1}), limit=1)
            (request,) = result.allocation_requests
            self.assertIn(list(request.allocations)[0], first_children)
            self.assertEqual({first} | set(first_children),
                             set(result.provider_summaries))

    def _requests(self):
        result = self.find(Group('1', {'VCPU': 2}), Group('2', {'VCPU': 2}),
                           Group('3', {'VCPU': 1}), group_policy='none')
        return sorted(
            (sorted((uuid, sorted(resources.items()))
                    for uuid, resources in r.allocations.items()),
             sorted(r.mappings.items()))
            for r in result.allocation_requests)

    def test_wide_tree_optimisation_keeps_the_result_set(self):
        self.numa_host(numas=4, vcpus=3)
        plain = self._requests()
        self.db.conf_fixture.config(group='workarounds',
                                    optimize_for_wide_provider_trees=True)
        self.assertEqual(plain, self._requests())
        self.assertTrue(plain)

    def test_an_amount_beyond_64_bits_fits_nowhere(self):
        host = self.world.provider()
        self.world.inventory(host, 'VCPU', 8)
        result = self.find(Group('', {'VCPU': 10 ** 20}))
        self.assertEqual([], result.allocation_requests)
        self.assertEqual({}, result.provider_summaries)

    def test_a_limit_of_sys_maxsize_returns_everything(self):
        _, children = self.numa_host()
        result = self.find(Group('', {'VCPU': 1}), limit=sys.maxsize)
        self.assertCountEqual(
            [{child: {'VCPU': 1}} for child in children],
            [self.used(r) for r in result.allocation_requests])
