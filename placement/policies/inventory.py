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
"""Policy rules of /resource_providers/{uuid}/inventories."""

from placement.policies import base

PREFIX = 'placement:resource_providers:inventories:%s'
LIST = PREFIX % 'list'
CREATE = PREFIX % 'create'
SHOW = PREFIX % 'show'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'

COLLECTION = '/resource_providers/{uuid}/inventories'
RESOURCE = '/resource_providers/{uuid}/inventories/{resource_class}'

rules = [
    base.api_rule(LIST, 'List resource provider inventories.',
                  ('GET', COLLECTION)),
    base.api_rule(CREATE, 'Create one resource provider inventory.',
                  ('POST', COLLECTION)),
    base.api_rule(SHOW, 'Show resource provider inventory.',
                  ('GET', RESOURCE)),
    base.api_rule(UPDATE, 'Update resource provider inventory.',
                  ('PUT', COLLECTION), ('PUT', RESOURCE)),
    base.api_rule(DELETE, 'Delete resource provider inventory.',
                  ('DELETE', COLLECTION), ('DELETE', RESOURCE)),
]


def list_rules():
    return rules
