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
"""Policy rules of /resource_classes."""

from placement.policies import base

PREFIX = 'placement:resource_classes:%s'
LIST = PREFIX % 'list'
CREATE = PREFIX % 'create'
SHOW = PREFIX % 'show'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'

COLLECTION = '/resource_classes'
RESOURCE = '/resource_classes/{name}'

rules = [
    base.api_rule(LIST, 'List resource classes.', ('GET', COLLECTION)),
    base.api_rule(CREATE, 'Create resource class.', ('POST', COLLECTION)),
    base.api_rule(SHOW, 'Show resource class.', ('GET', RESOURCE)),
    base.api_rule(UPDATE, 'Update resource class.', ('PUT', RESOURCE)),
    base.api_rule(DELETE, 'Delete resource class.', ('DELETE', RESOURCE)),
]


def list_rules():
    return rules
