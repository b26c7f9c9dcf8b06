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
"""Policy rules of usages: per provider and per project/user."""

from placement.policies import base

PROVIDER_USAGES = 'placement:resource_providers:usages'
# Checked against the target {"project_id": <project_id query value>}.
TOTAL_USAGES = 'placement:usages'

rules = [
    base.api_rule(PROVIDER_USAGES, 'List resource provider usages.',
                  ('GET', '/resource_providers/{uuid}/usages')),
    base.api_rule(TOTAL_USAGES,
                  'List total resource usages for a given project.',
                  ('GET', '/usages'),
                  check_str=base.ADMIN_OR_PROJECT_READER_OR_SERVICE),
]


def list_rules():
    return rules
