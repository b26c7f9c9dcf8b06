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
"""Policy rules of /resource_providers."""

from placement.policies import base

PREFIX = 'placement:resource_providers:%s'
LIST = PREFIX % 'list'
CREATE = PREFIX % 'create'
SHOW = PREFIX % 'show'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'

COLLECTION = '/resource_providers'
RESOURCE = '/resource_providers/{uuid}'

rules = [
    base.api_rule(LIST, 'List resource providers.', ('GET', COLLECTION)),
    base.api_rule(CREATE, 'Create resource provider.', ('POST', COLLECTION)),
    base.api_rule(SHOW, 'Show resource provider.', ('GET', RESOURCE)),
    base.api_rule(UPDATE, 'Update resource provider.', ('PUT', RESOURCE)),
    base.api_rule(DELETE, 'Delete resource provider.', ('DELETE', RESOURCE)),
]


def list_rules():
    return rules
