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
"""Policy rules of /allocations and /resource_providers/{uuid}/allocations."""

from placement.policies import base

PREFIX = 'placement:allocations:%s'
MANAGE = PREFIX % 'manage'
LIST = PREFIX % 'list'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'
RP_ALLOC_LIST = 'placement:resource_providers:allocations:list'

COLLECTION = '/allocations'
RESOURCE = '/allocations/{consumer_uuid}'

rules = [
    base.api_rule(MANAGE, 'Manage allocations.', ('POST', COLLECTION)),
    base.api_rule(LIST, 'List allocations.', ('GET', RESOURCE)),
    base.api_rule(UPDATE, 'Update allocations.', ('PUT', RESOURCE)),
    base.api_rule(DELETE, 'Delete allocations.', ('DELETE', RESOURCE)),
    base.api_rule(RP_ALLOC_LIST, 'List resource provider allocations.',
                  ('GET', '/resource_providers/{uuid}/allocations')),
]


def list_rules():
    return rules
