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
"""Base rules referenced by the API rules, and the API rule builder."""

from oslo_log import versionutils
from oslo_policy import policy

ADMIN = 'rule:admin_api'
SERVICE = 'rule:service_api'
ADMIN_OR_SERVICE = 'rule:admin_or_service_api'
PROJECT_READER = 'rule:project_reader_api'
ADMIN_OR_PROJECT_READER_OR_SERVICE = (
    'rule:admin_or_project_reader_or_service_api')

# Every API rule is project scoped: system-scoped tokens are refused when
# [oslo_policy]enforce_scope is on.
PROJECT_SCOPE = ['project']

_DEPRECATED_REASON = """
The placement API now supports the project reader role and the service
role, and default to them. The legacy admin-only defaults are deprecated;
with [oslo_policy]enforce_new_defaults=False they still let role:admin
through.
"""

# In legacy mode (enforce_new_defaults=False) oslo.policy evaluates each
# rule carrying this as "(<new default>) or role:admin".
DEPRECATED_ADMIN_POLICY = policy.DeprecatedRule(
    name=ADMIN,
    check_str='role:admin',
    deprecated_reason=_DEPRECATED_REASON,
    deprecated_since=versionutils.deprecated.WALLABY,
)

rules = [
    policy.RuleDefault(
        'admin_api',
        'role:admin',
        description='Default rule for most placement APIs.',
        scope_types=PROJECT_SCOPE),
    policy.RuleDefault(
        'service_api',
        'role:service',
        description='Default rule for service-to-service placement APIs.',
        scope_types=PROJECT_SCOPE,
        deprecated_rule=DEPRECATED_ADMIN_POLICY),
    policy.RuleDefault(
        'admin_or_service_api',
        'role:admin or role:service',
        description='Default rule for most placement APIs.',
        scope_types=PROJECT_SCOPE,
        deprecated_rule=DEPRECATED_ADMIN_POLICY),
    policy.RuleDefault(
        'project_reader_api',
        'role:reader and project_id:%(project_id)s',
        description='Default rule for project level reader APIs.',
        deprecated_rule=DEPRECATED_ADMIN_POLICY),
    policy.RuleDefault(
        'admin_or_project_reader_or_service_api',
        'role:admin or rule:project_reader_api or role:service',
        description='Default rule for project level reader APIs.',
        scope_types=PROJECT_SCOPE,
        deprecated_rule=DEPRECATED_ADMIN_POLICY),
]


def api_rule(name, description, *operations, check_str=ADMIN_OR_SERVICE):
    """A project-scoped documented API rule.

    :param operations: ``(method, path)`` pairs the rule guards.
    """
    return policy.DocumentedRuleDefault(
        name=name,
        check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}
                    for method, path in operations],
        scope_types=PROJECT_SCOPE)


def list_rules():
    return rules
