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
"""Tests of placement.auth: noauth2, keystone and the context layer."""

import testtools
import webob

from placement import auth
from placement.tests.unit import test_deploy

KEYSTONE_CONF = """
[api]
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:9/identity
auth_url = http://127.0.0.1:9/identity
auth_type = password
username = placement
password = secret
project_name = service
user_domain_name = Default
project_domain_name = Default
http_connect_timeout = 1
"""


class TestNoAuth(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.pipeline = self.useFixture(test_deploy.Pipeline())

    def _whoami(self, **headers):
        resp = self.pipeline.request('/whoami', headers=headers)
        self.assertEqual(200, resp.status_int, resp.body)
        return resp.json

    def test_user_and_project(self):
        self.assertEqual(
            {'user_id': 'alice', 'project_id': 'proj', 'roles': [],
             'system_scope': None},
            self._whoami(**{'X-Auth-Token': 'alice:proj'}))

    def test_project_defaults_to_user(self):
        for token in ('alice', 'alice:'):
            me = self._whoami(**{'X-Auth-Token': token})
            self.assertEqual(('alice', 'alice'),
                             (me['user_id'], me['project_id']))

    def test_admin_role(self):
        self.assertEqual(['admin'],
                         self._whoami(**{'X-Auth-Token': 'admin'})['roles'])

    def test_roles_verbatim(self):
        me = self._whoami(**{'X-Auth-Token': 'admin',
                             'X-Roles': 'member,reader'})
        self.assertEqual(['member', 'reader'], me['roles'])

    def test_system_scope_has_no_project(self):
        me = self._whoami(**{'X-Auth-Token': 'admin:p1',
                             'OpenStack-System-Scope': 'all'})
        self.assertIsNone(me['project_id'])
        self.assertEqual('all', me['system_scope'])

    def test_missing_token(self):
        for path in ('/whoami', ''):
            resp = self.pipeline.request(path)
            self.assertEqual(401, resp.status_int, path)
            self.assertEqual('401 Unauthorized', resp.json['code'])
            self.assertEqual('Unauthorized', resp.json['title'])
            self.assertNotIn('errors', resp.json)
            self.assertIn('x-openstack-request-id', resp.headers)
            self.assertNotIn('openstack-api-version', resp.headers)

    def test_root_open(self):
        self.assertEqual(200, self.pipeline.request('/').status_int)


class TestContextMiddleware(testtools.TestCase):

    def _app(self):
        seen = []

        @webob.dec.wsgify
        def app(req):
            seen.append(req.environ['placement.context'])
            return webob.Response()
        return auth.PlacementContext(app, conf=None), seen

    def test_no_user_401(self):
        app, seen = self._app()
        req = webob.Request.blank('/resource_providers',
                                  accept='application/json')
        resp = req.get_response(app)
        self.assertEqual(401, resp.status_int)
        self.assertEqual('401 Unauthorized', resp.json['code'])
        self.assertEqual([], seen)

    def test_root_without_user(self):
        app, seen = self._app()
        for path in ('/', ''):
            req = webob.Request.blank(path)
            req.environ['PATH_INFO'] = path
            self.assertEqual(200, req.get_response(app).status_int)
        self.assertEqual(2, len(seen))

    def test_context_from_headers(self):
        app, seen = self._app()
        req = webob.Request.blank(
            '/x', environ={'openstack.request_id': 'req-1'},
            headers={'X-User-Id': 'u', 'X-Project-Id': 'p'})
        self.assertEqual(200, req.get_response(app).status_int)
        self.assertEqual(('u', 'p', 'req-1'),
                         (seen[0].user_id, seen[0].project_id,
                          seen[0].request_id))


class TestKeystone(testtools.TestCase):
    """Nothing listens on 127.0.0.1:9: no request may need keystone."""

    def setUp(self):
        super().setUp()
        self.pipeline = self.useFixture(
            test_deploy.Pipeline(config_text=KEYSTONE_CONF))

    def test_root_open(self):
        # Unlike noauth2, keystone mode leaves the empty path open too.
        for path in ('/', ''):
            req = webob.Request.blank(path)
            req.environ['PATH_INFO'] = path
            resp = req.get_response(self.pipeline.app)
            self.assertEqual(200, resp.status_int, path)

    def test_missing_token_401(self):
        resp = self.pipeline.request('/resource_providers')
        self.assertEqual(401, resp.status_int)
        # keystonemiddleware's own answer, not noauth2's.
        self.assertEqual('Keystone uri="http://127.0.0.1:9/identity"',
                         resp.headers['WWW-Authenticate'])
        self.assertIn('x-openstack-request-id', resp.headers)
