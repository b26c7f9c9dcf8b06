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
"""Tests of placement.context.RequestContext."""

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa
import testtools

from placement import context
from placement import exception
from placement.policies import resource_provider
from placement.policies import usage
from placement.tests.unit import test_policy


class TestRequestContext(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.fix = self.useFixture(test_policy.PolicyFixture())

    def test_from_environ_keeps_config(self):
        environ = {'HTTP_X_USER_ID': 'u1', 'HTTP_X_PROJECT_ID': 'p1',
                   'HTTP_X_ROLES': 'reader,member'}
        ctx = context.RequestContext.from_environ(environ,
                                                  config=self.fix.conf)
        self.assertIs(self.fix.conf, ctx.config)
        self.assertEqual(('u1', 'p1'), (ctx.user_id, ctx.project_id))
        self.assertEqual(['reader', 'member'], ctx.roles)

    def test_can_default_target_is_own_project(self):
        reader = self.fix.context(['reader'])
        self.assertTrue(reader.can(usage.TOTAL_USAGES))
        self.assertFalse(reader.can(usage.TOTAL_USAGES,
                                    {'project_id': 'other'}, fatal=False))

    def test_can_fatal(self):
        member = self.fix.context(['member'])
        self.assertFalse(member.can(resource_provider.LIST, fatal=False))
        exc = self.assertRaises(exception.PolicyNotAuthorized, member.can,
                                resource_provider.LIST)
        self.assertIn(resource_provider.LIST, str(exc))
        self.assertTrue(
            self.fix.context(['admin']).can(resource_provider.LIST))

    def test_enginefacade_session(self):
        manager = enginefacade.transaction_context()
        manager.configure(connection='sqlite://')

        @manager.reader
        def select_one(ctx):
            return ctx.session.execute(sa.select(sa.literal(1))).scalar()

        self.assertEqual(1, select_one(self.fix.context(['admin'])))
