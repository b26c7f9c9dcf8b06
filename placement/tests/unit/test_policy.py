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
"""Tests of the policy rules (placement.policies) and the enforcer."""

import os

import fixtures
from oslo_config import cfg
from oslo_policy import policy as oslo_policy
import testtools
import yaml

from placement import conf
from placement import context
from placement import exception
from placement import policies
from placement import policy
from placement.policies import reshaper
from placement.policies import resource_provider
from placement.policies import usage
from placement.tests.unit import test_conf

ADMIN_OR_SERVICE = 'rule:admin_or_service_api'

# (name, default check string, method + path) of policy.md, in
# registration order.
API_RULES = [
    ('placement:resource_providers:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers')]),
    ('placement:resource_providers:create', ADMIN_OR_SERVICE,
     [('POST', '/resource_providers')]),
    ('placement:resource_providers:show', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}')]),
    ('placement:resource_providers:update', ADMIN_OR_SERVICE,
     [('PUT', '/resource_providers/{uuid}')]),
    ('placement:resource_providers:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/resource_providers/{uuid}')]),
    ('placement:resource_classes:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_classes')]),
    ('placement:resource_classes:create', ADMIN_OR_SERVICE,
     [('POST', '/resource_classes')]),
    ('placement:resource_classes:show', ADMIN_OR_SERVICE,
     [('GET', '/resource_classes/{name}')]),
    ('placement:resource_classes:update', ADMIN_OR_SERVICE,
     [('PUT', '/resource_classes/{name}')]),
    ('placement:resource_classes:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/resource_classes/{name}')]),
    ('placement:resource_providers:inventories:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/inventories')]),
    ('placement:resource_providers:inventories:create', ADMIN_OR_SERVICE,
     [('POST', '/resource_providers/{uuid}/inventories')]),
    ('placement:resource_providers:inventories:show', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/inventories/{resource_class}')]),
    ('placement:resource_providers:inventories:update', ADMIN_OR_SERVICE,
     [('PUT', '/resource_providers/{uuid}/inventories'),
      ('PUT', '/resource_providers/{uuid}/inventories/{resource_class}')]),
    ('placement:resource_providers:inventories:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/resource_providers/{uuid}/inventories'),
      ('DELETE',
       '/resource_providers/{uuid}/inventories/{resource_class}')]),
    ('placement:resource_providers:aggregates:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/aggregates')]),
    ('placement:resource_providers:aggregates:update', ADMIN_OR_SERVICE,
     [('PUT', '/resource_providers/{uuid}/aggregates')]),
    ('placement:resource_providers:usages', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/usages')]),
    ('placement:usages', 'rule:admin_or_project_reader_or_service_api',
     [('GET', '/usages')]),
    ('placement:traits:list', ADMIN_OR_SERVICE, [('GET', '/traits')]),
    ('placement:traits:show', ADMIN_OR_SERVICE, [('GET', '/traits/{name}')]),
    ('placement:traits:update', ADMIN_OR_SERVICE,
     [('PUT', '/traits/{name}')]),
    ('placement:traits:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/traits/{name}')]),
    ('placement:resource_providers:traits:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/traits')]),
    ('placement:resource_providers:traits:update', ADMIN_OR_SERVICE,
     [('PUT', '/resource_providers/{uuid}/traits')]),
    ('placement:resource_providers:traits:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/resource_providers/{uuid}/traits')]),
    ('placement:allocations:manage', ADMIN_OR_SERVICE,
     [('POST', '/allocations')]),
    ('placement:allocations:list', ADMIN_OR_SERVICE,
     [('GET', '/allocations/{consumer_uuid}')]),
    ('placement:allocations:update', ADMIN_OR_SERVICE,
     [('PUT', '/allocations/{consumer_uuid}')]),
    ('placement:allocations:delete', ADMIN_OR_SERVICE,
     [('DELETE', '/allocations/{consumer_uuid}')]),
    ('placement:resource_providers:allocations:list', ADMIN_OR_SERVICE,
     [('GET', '/resource_providers/{uuid}/allocations')]),
    ('placement:allocation_candidates:list', ADMIN_OR_SERVICE,
     [('GET', '/allocation_candidates')]),
    ('placement:reshaper:reshape', 'rule:service_api',
     [('POST', '/reshaper')]),
]

# (name, check string, scope types, has the deprecated admin rule)
BASE_RULES = [
    ('admin_api', 'role:admin', ['project'], False),
    ('service_api', 'role:service', ['project'], True),
    ('admin_or_service_api', 'role:admin or role:service', ['project'],
     True),
    ('project_reader_api', 'role:reader and project_id:%(project_id)s',
     None, True),
    ('admin_or_project_reader_or_service_api',
     'role:admin or rule:project_reader_api or role:service', ['project'],
     True),
]


class TestRules(testtools.TestCase):

    def test_registration_order(self):
        self.assertEqual(
            [name for name, *_ in BASE_RULES + API_RULES],
            [rule.name for rule in policies.list_rules()])

    def test_base_rules(self):
        rules = {rule.name: rule for rule in policies.list_rules()}
        for name, check_str, scope_types, deprecated in BASE_RULES:
            rule = rules[name]
            self.assertEqual(check_str, rule.check_str, name)
            self.assertEqual(scope_types, rule.scope_types, name)
            if not deprecated:
                self.assertIsNone(rule.deprecated_rule, name)
                continue
            self.assertEqual('rule:admin_api', rule.deprecated_rule.name)
            self.assertEqual('role:admin', rule.deprecated_rule.check_str)
            self.assertEqual('W', rule.deprecated_rule.deprecated_since)
            self.assertTrue(rule.deprecated_rule.deprecated_reason)

    def test_api_rules(self):
        rules = {rule.name: rule for rule in policies.list_rules()}
        for name, check_str, operations in API_RULES:
            rule = rules[name]
            self.assertIsInstance(rule, oslo_policy.DocumentedRuleDefault)
            self.assertEqual(check_str, rule.check_str, name)
            self.assertEqual(['project'], rule.scope_types, name)
            self.assertEqual(
                [{'method': m, 'path': p} for m, p in operations],
                rule.operations, name)
            self.assertTrue(rule.description.endswith('.'), name)

    def test_descriptions(self):
        rules = {rule.name: rule for rule in policies.list_rules()}
        self.assertEqual('List resource providers.',
                         rules[resource_provider.LIST].description)
        self.assertEqual('Reshape Inventory and Allocations.',
                         rules[reshaper.RESHAPE].description)


class PolicyFixture(fixtures.Fixture):
    """Placement options registered and the enforcer initialised."""

    def __init__(self, **oslo_policy_overrides):
        self.overrides = oslo_policy_overrides

    def _setUp(self):
        registered = self.useFixture(test_conf.RegisteredConf())
        self.conf = registered.conf
        self.conf.set_override('connection', 'sqlite://',
                               group='placement_database')
        registered.parse()
        for name, value in self.overrides.items():
            self.conf.set_override(name, value, group='oslo_policy')
        self.addCleanup(policy.reset)
        policy.init(self.conf)

    def context(self, roles, project_id='p1', **kwargs):
        return context.RequestContext(
            user_id='u1', project_id=project_id, roles=roles,
            config=self.conf, **kwargs)


class TestEnforcement(testtools.TestCase):

    def _fixture(self, **overrides):
        return self.useFixture(PolicyFixture(**overrides))

    def test_new_defaults(self):
        fix = self._fixture()
        target = {'project_id': 'p1', 'user_id': 'u1'}
        for roles, rule, allowed in [
                (['admin'], resource_provider.LIST, True),
                (['service'], resource_provider.LIST, True),
                (['member', 'reader'], resource_provider.LIST, False),
                (['service'], reshaper.RESHAPE, True),
                (['admin'], reshaper.RESHAPE, False)]:
            self.assertEqual(
                allowed, policy.authorize(fix.context(roles), rule, target,
                                          do_raise=False), (roles, rule))

    def test_denial_message(self):
        fix = self._fixture()
        exc = self.assertRaises(
            exception.PolicyNotAuthorized, policy.authorize,
            fix.context(['member', 'reader']), resource_provider.LIST, {})
        self.assertEqual(
            'Policy does not allow placement:resource_providers:list to be '
            'performed.', str(exc))
        self.assertNotIsInstance(exc, exception.InvalidScope)

    def test_legacy_mode_admin_passes_service_rules(self):
        fix = self._fixture(enforce_new_defaults=False)
        admin = fix.context(['admin'])
        self.assertTrue(policy.authorize(admin, reshaper.RESHAPE, {}))
        self.assertTrue(policy.authorize(admin, resource_provider.LIST, {}))
        self.assertRaises(exception.PolicyNotAuthorized, policy.authorize,
                          fix.context(['member']), reshaper.RESHAPE, {})

    def test_usages_project_reader(self):
        fix = self._fixture()
        reader = fix.context(['reader'])
        self.assertTrue(policy.authorize(
            reader, usage.TOTAL_USAGES, {'project_id': 'p1'}))
        for project_id in ('p2', None):
            self.assertFalse(policy.authorize(
                reader, usage.TOTAL_USAGES, {'project_id': project_id},
                do_raise=False))
        self.assertFalse(policy.authorize(
            reader, usage.PROVIDER_USAGES, {'project_id': 'p1'},
            do_raise=False))

    def test_scope_mismatch(self):
        fix = self._fixture()
        # oslo.policy >= 6 always enforces scope and dropped the option.
        if 'enforce_scope' in fix.conf.oslo_policy:
            fix.conf.set_override('enforce_scope', True, group='oslo_policy')
        system = fix.context(['admin'], project_id=None, system_scope='all')
        exc = self.assertRaises(
            exception.InvalidScope, policy.authorize, system,
            resource_provider.LIST, {})
        self.assertEqual('placement:resource_providers:list', str(exc))
        self.assertIsInstance(exc, exception.PolicyNotAuthorized)
        self.assertFalse(policy.authorize(
            system, resource_provider.LIST, {}, do_raise=False))

    def test_policy_file_override(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        policy_file = os.path.join(tmp, 'policy.yaml')
        with open(policy_file, 'w') as f:
            yaml.safe_dump(
                {resource_provider.LIST: 'role:observer'}, f)
        fix = self._fixture(policy_file=policy_file)
        self.assertTrue(policy.authorize(
            fix.context(['observer']), resource_provider.LIST, {}))
        self.assertFalse(policy.authorize(
            fix.context(['admin']), resource_provider.LIST, {},
            do_raise=False))
        # Rules the file does not name keep their defaults.
        self.assertTrue(policy.authorize(
            fix.context(['admin']), resource_provider.SHOW, {}))

    def test_authorize_initialises_from_context_config(self):
        fix = self.useFixture(PolicyFixture(enforce_new_defaults=False))
        policy.reset()
        ctx = fix.context(['admin'])
        self.assertTrue(policy.authorize(ctx, reshaper.RESHAPE, {}))


class TestGetEnforcer(testtools.TestCase):

    def test_get_enforcer(self):
        self.addCleanup(policy.reset)
        enforcer = policy.get_enforcer()
        self.assertIsInstance(enforcer.conf, cfg.ConfigOpts)
        self.assertEqual('placement', enforcer.conf.project)
        self.assertEqual('rule:service_api',
                         enforcer.registered_rules[reshaper.RESHAPE].check_str)
        self.assertTrue(enforcer.suppress_default_change_warnings)

    def test_init_uses_given_conf(self):
        fix = self.useFixture(PolicyFixture())
        self.assertIsNot(conf, fix.conf)
        self.assertIs(fix.conf, policy.init(fix.conf).conf)


class TestPolicyTools(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tools = self.useFixture(test_conf.EntryPoints())
        self.out = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                'policy.yaml')

    def _read(self):
        with open(self.out) as f:
            return f.read()

    def test_sample_generator(self):
        result = self.tools.run(
            'oslopolicy-sample-generator', '--config-file',
            'etc/placement/policy-generator.conf', '--output-file', self.out)
        self.assertEqual(0, result.returncode, result.stderr)
        sample = self._read()
        self.assertIn('#"placement:reshaper:reshape": "rule:service_api"',
                      sample)
        self.assertIn('# POST  /reshaper', sample)
        self.assertIn('#"admin_api": "role:admin"', sample)

    def test_policy_generator_uses_enforcer_entry_point(self):
        result = self.tools.run(
            'oslopolicy-policy-generator', '--namespace', 'placement',
            '--output-file', self.out)
        self.assertEqual(0, result.returncode, result.stderr)
        effective = yaml.safe_load(self._read())
        self.assertEqual('rule:service_api',
                         effective['placement:reshaper:reshape'])
        self.assertEqual('role:admin or role:service',
                         effective['admin_or_service_api'])
