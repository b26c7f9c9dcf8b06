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
"""Tests of placement.requestlog.RequestLog."""

import logging
import re
import uuid

import fixtures
from oslo_middleware import request_id
import testtools
import webob

from placement import deploy
from placement import requestlog

REQ_ID = re.compile(
    r'^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$')


class _Recorder(object):
    """A WSGI app remembering the environ it saw."""

    def __init__(self, status='200 OK', body=b'{"a": 1}'):
        self.status = status
        self.body = body
        self.environ = None

    def __call__(self, environ, start_response):
        self.environ = dict(environ)
        start_response(self.status, [('Content-Type', 'application/json'),
                                     ('Content-Length', str(len(self.body)))])
        return [self.body]


class TestRequestLog(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logger = self.useFixture(fixtures.FakeLogger(
            level=logging.DEBUG, format='%(levelname)s %(message)s'))
        self.inner = _Recorder()
        self.app = requestlog.RequestLog(self.inner)

    def _get(self, path='/', **kwargs):
        req = webob.Request.blank(path, **kwargs)
        req.environ['REMOTE_ADDR'] = '192.0.2.7'
        return req.get_response(self.app)

    def test_access_line(self):
        self._get('/resource_providers?name=a%20b',
                  environ={'SCRIPT_NAME': '/placement'})
        self.assertIn(
            'INFO 192.0.2.7 "GET /placement/resource_providers?name=a%20b" '
            'status: 200 len: 8 microversion: -', self.logger.output)
        self.assertIn('DEBUG Starting request: 192.0.2.7 '
                      '"GET /placement/resource_providers?name=a%20b"',
                      self.logger.output)

    def test_access_line_microversion_without_length(self):
        def app(environ, start_response):
            start_response('204 No Content', [])
            return []
        mv_app = deploy.microversion_factory({})(app)
        self.app = requestlog.RequestLog(mv_app)
        self._get('/x', method='DELETE',
                  headers={'OpenStack-API-Version': 'placement 1.05'})
        self.assertIn('"DELETE /x" status: 204 len: - microversion: 1.5',
                      self.logger.output)

    def test_accept_rewrite(self):
        self._get('/')
        self.assertEqual('application/json', self.inner.environ['HTTP_ACCEPT'])
        self._get('/', headers={'Accept': '*/*'})
        self.assertEqual('application/json', self.inner.environ['HTTP_ACCEPT'])
        self._get('/', headers={'Accept': 'text/html, */*'})
        self.assertEqual('text/html, */*', self.inner.environ['HTTP_ACCEPT'])

    def test_fresh_request_id(self):
        ids = {self._get().headers['x-openstack-request-id']
               for _ in range(2)}
        self.assertEqual(2, len(ids))
        for value in ids:
            self.assertRegex(value, REQ_ID)

    def test_inbound_global_id_not_echoed(self):
        inbound = 'req-%s' % uuid.uuid4()
        resp = self._get(headers={'X-Openstack-Request-Id': inbound})
        local = resp.headers['x-openstack-request-id']
        self.assertNotEqual(inbound, local)
        self.assertRegex(local, REQ_ID)
        self.assertEqual(local,
                         self.inner.environ[request_id.ENV_REQUEST_ID])
        self.assertEqual(
            inbound, self.inner.environ[request_id.GLOBAL_REQ_ID])

    def test_malformed_global_id_ignored(self):
        resp = self._get(headers={'X-Openstack-Request-Id': 'bogus'})
        self.assertRegex(resp.headers['x-openstack-request-id'], REQ_ID)
        self.assertNotIn(request_id.GLOBAL_REQ_ID, self.inner.environ)
        self.assertIn('bogus', self.logger.output)
