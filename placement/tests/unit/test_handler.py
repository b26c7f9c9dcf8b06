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
"""Tests of the router placement.handler.PlacementHandler."""

from unittest import mock

import testtools
import webob

from placement import deploy
from placement import exception
from placement import fault_wrap
from placement import handler
from placement import requestlog
from placement import util
from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def _ok(req):
    return util.send_json(req, {'name': util.wsgi_path_item(req.environ,
                                                            'name')})


@wsgi_wrapper.PlacementWsgify
def _not_found(req):
    raise exception.ResourceClassNotFound(resource_class='CUSTOM_X')


@wsgi_wrapper.PlacementWsgify
def _denied(req):
    raise exception.PolicyNotAuthorized(action='placement:things:list')


ROUTES = {
    '/things': {'GET': _ok, 'POST': _ok},
    '/things/{name}': {'GET': _ok, 'PUT': _ok, 'DELETE': _ok},
    '/missing': {'GET': _not_found},
    '/denied': {'GET': _denied},
}


def make_app(routes=None):
    """The lower pipeline (request log down to the router) on ``routes``."""
    with mock.patch.object(handler, 'ROUTE_DECLARATIONS', routes or ROUTES):
        router = handler.PlacementHandler()
    app = deploy.microversion_factory({})(router)
    return requestlog.RequestLog(fault_wrap.FaultWrapper(app))


class TestRouter(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.app = make_app()

    def _get(self, path, method='GET', **kwargs):
        headers = kwargs.pop('headers', {})
        headers.setdefault('openstack-api-version', 'placement 1.23')
        return webob.Request.blank(path, method=method, headers=headers,
                                   **kwargs).get_response(self.app)

    def assertError(self, resp, status, detail):
        self.assertEqual(status, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        error = resp.json['errors'][0]
        self.assertEqual(status, error['status'])
        self.assertEqual(detail, error['detail'])
        self.assertEqual('placement.undefined_code', error['code'])
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         error['request_id'])

    def test_route_with_variable(self):
        resp = self._get('/things/CUSTOM_A.json:B')
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'name': 'CUSTOM_A.json:B'}, resp.json)
        self.assertEqual('placement 1.23',
                         resp.headers['openstack-api-version'])
        self.assertEqual('openstack-api-version', resp.headers['vary'])

    def test_unknown_path(self):
        for path in ('/nothing', '/things/a/b', '/things/'):
            resp = self._get(path)
            self.assertError(resp, 404,
                             'The resource could not be found.\n\n   ')
            self.assertEqual('placement 1.23',
                             resp.headers['openstack-api-version'])
            self.assertNotIn('vary', resp.headers)

    def test_405_allow_in_route_order(self):
        resp = self._get('/things/x', method='POST')
        self.assertError(
            resp, 405, 'The method POST is not allowed for this resource. '
            '\n\n The method specified is not allowed for this resource.')
        self.assertEqual('GET, PUT, DELETE', resp.headers['allow'])
        self.assertEqual('GET, POST',
                         self._get('/things', method='PATCH').headers['allow'])

    def test_head_and_options_405(self):
        resp = self._get('/things', method='HEAD')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET, POST', resp.headers['allow'])
        self.assertEqual(b'', resp.body)
        resp = self._get('/things', method='OPTIONS')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET, POST', resp.headers['allow'])

    def test_content_length_not_integer(self):
        resp = self._get('/things', headers={'Content-Length': 'abc'})
        self.assertError(
            resp, 400, 'The server could not comply with the request since '
            'it is either malformed or otherwise incorrect.\n\n '
            'content-length header must be an integer  ')
        self.assertNotIn('vary', resp.headers)
        self.assertIn('openstack-api-version', resp.headers)

    def test_content_length_checked_before_routing(self):
        resp = self._get('/nothing', headers={'Content-Length': '1.5'})
        self.assertEqual(400, resp.status_int)

    def test_body_without_content_type(self):
        req = webob.Request.blank(
            '/things', method='POST', body=b'{}',
            headers={'openstack-api-version': 'placement 1.23'})
        req.environ.pop('CONTENT_TYPE', None)
        resp = req.get_response(self.app)
        self.assertError(
            resp, 400, 'The server could not comply with the request since '
            'it is either malformed or otherwise incorrect.\n\n '
            'content-type header required when content-length > 0  ')

    def test_empty_body_without_content_type(self):
        resp = self._get('/things', method='POST',
                         headers={'Content-Length': '0'})
        self.assertEqual(200, resp.status_int)

    def test_not_found_exception(self):
        resp = self._get('/missing')
        self.assertError(resp, 404, 'The resource could not be found.\n\n '
                         'No such resource class CUSTOM_X.  ')
        self.assertIn('openstack-api-version', resp.headers)
        self.assertNotIn('vary', resp.headers)

    def test_policy_exception(self):
        resp = self._get('/denied')
        self.assertError(resp, 403, 'Access was denied to this resource.\n\n'
                         ' Policy does not allow placement:things:list to '
                         'be performed.  ')
        self.assertNotIn('vary', resp.headers)

    def test_route_table_allow_orders(self):
        self.assertEqual(['GET', 'DELETE', 'PUT'], list(
            handler.ROUTE_DECLARATIONS['/resource_providers/{uuid}']))
        self.assertEqual(['GET', 'POST', 'PUT', 'DELETE'], list(
            handler.ROUTE_DECLARATIONS[
                '/resource_providers/{uuid}/inventories']))
        self.assertEqual(['GET'], list(handler.ROUTE_DECLARATIONS['']))
