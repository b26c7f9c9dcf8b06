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
"""Tests of placement.fault_wrap.FaultWrapper."""

import fixtures
import testtools
import webob

from placement import deploy
from placement import fault_wrap
from placement import requestlog


def _explode(environ, start_response):
    raise RuntimeError('disk on fire: /var/lib/x')


class TestFaultWrapper(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logger = self.useFixture(fixtures.FakeLogger())
        # As in the pipeline: the microversion layer is inside the wrapper.
        self.app = requestlog.RequestLog(fault_wrap.FaultWrapper(
            deploy.microversion_factory({})(_explode)))

    def _get(self, **headers):
        return webob.Request.blank('/', headers=headers).get_response(
            self.app)

    def test_unexpected_exception_is_json_500(self):
        resp = self._get()
        self.assertEqual(500, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        error = resp.json['errors'][0]
        self.assertEqual(500, error['status'])
        self.assertEqual('Internal Server Error', error['title'])
        self.assertIn('disk on fire: /var/lib/x', error['detail'])
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         error['request_id'])
        self.assertNotIn(b'Traceback', resp.body)
        self.assertNotIn(b'RuntimeError', resp.body)
        self.assertNotIn('openstack-api-version', resp.headers)
        self.assertNotIn('vary', resp.headers)
        # The traceback goes to the log instead.
        self.assertIn('Traceback', self.logger.output)

    def test_html_when_asked(self):
        resp = self._get(Accept='text/html')
        self.assertEqual(500, resp.status_int)
        self.assertEqual('text/html', resp.content_type)
        self.assertNotIn(b'Traceback', resp.body)

    def test_http_errors_pass_through(self):
        def not_found(environ, start_response):
            raise webob.exc.HTTPNotFound()
        app = fault_wrap.FaultWrapper(not_found)
        resp = webob.Request.blank('/').get_response(app)
        self.assertEqual(404, resp.status_int)
