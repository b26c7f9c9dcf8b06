# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.
"""[placement] options: behaviour of the allocation and candidate APIs."""

from oslo_config import cfg

from placement.conf import base

NIL_UUID = '00000000-0000-0000-0000-000000000000'

placement_group = cfg.OptGroup(
    'placement',
    title='Placement Service Options',
    help='Configuration options for connecting to the placement API service.')

placement_options = [
    cfg.BoolOpt(
        'randomize_allocation_candidates',
        default=False,
        help="""
If True, when limiting allocation candidate results, the results will be
a random sampling of the full result set. The [placement]
max_allocation_candidates config might limit the full result set. If
False, allocation candidates are returned in a deterministic but
undefined order.
"""),
    cfg.StrOpt(
        'incomplete_consumer_project_id',
        default=NIL_UUID,
        help="""
Early API microversions (<1.8) allowed creating allocations without
specifying project and user IDs. This option is the project ID used for
such allocations and by the online migration that completes older
consumer records.
"""),
    cfg.StrOpt(
        'incomplete_consumer_user_id',
        default=NIL_UUID,
        help="""
Early API microversions (<1.8) allowed creating allocations without
specifying project and user IDs. This option is the user ID used for
such allocations and by the online migration that completes older
consumer records.
"""),
    cfg.IntOpt(
        'allocation_conflict_retry_count',
        default=10,
        help="""
The number of times to retry, server-side, writing allocations when there
is a resource provider generation conflict. Raising this value may be
useful when many concurrent allocations to the same resource provider are
expected.
"""),
    cfg.IntOpt(
        'max_allocation_candidates',
        default=-1,
        help="""
The maximum number of allocation candidates placement generates for a
single request. This is a global limit to avoid excessive memory use and
query runtime. If set to -1 the number of generated candidates is not
limited. The limit applies before the ``limit`` query parameter.
"""),
    cfg.StrOpt(
        'allocation_candidates_generation_strategy',
        default='depth-first',
        choices=(
            ('depth-first',
             'Generate all candidates of a viable root provider before '
             'moving on to the next one.'),
            ('breadth-first',
             'Generate candidates from the viable root providers in a '
             'round-robin fashion.'),
        ),
        help="""
The order in which the viable root providers are visited while generating
allocation candidates. It matters when ``max_allocation_candidates``
limits the result: ``breadth-first`` spreads the generated candidates
across more root providers.
"""),
]


def register_opts(conf):
    base.register_group_opts(conf, placement_group, placement_options)


def list_opts():
    return {placement_group: placement_options}
