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
"""Policy rules of /traits and /resource_providers/{uuid}/traits."""

from placement.policies import base

PREFIX = 'placement:traits:%s'
LIST = PREFIX % 'list'
SHOW = PREFIX % 'show'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'

RP_PREFIX = 'placement:resource_providers:traits:%s'
RP_TRAIT_LIST = RP_PREFIX % 'list'
RP_TRAIT_UPDATE = RP_PREFIX % 'update'
RP_TRAIT_DELETE = RP_PREFIX % 'delete'

COLLECTION = '/traits'
RESOURCE = '/traits/{name}'
RP_COLLECTION = '/resource_providers/{uuid}/traits'

rules = [
    base.api_rule(LIST, 'List traits.', ('GET', COLLECTION)),
    base.api_rule(SHOW, 'Show trait.', ('GET', RESOURCE)),
    base.api_rule(UPDATE, 'Update trait.', ('PUT', RESOURCE)),
    base.api_rule(DELETE, 'Delete trait.', ('DELETE', RESOURCE)),
    base.api_rule(RP_TRAIT_LIST, 'List resource provider traits.',
                  ('GET', RP_COLLECTION)),
    base.api_rule(RP_TRAIT_UPDATE, 'Update resource provider traits.',
                  ('PUT', RP_COLLECTION)),
    base.api_rule(RP_TRAIT_DELETE, 'Delete resource provider traits.',
                  ('DELETE', RP_COLLECTION)),
]


def list_rules():
    return rules
