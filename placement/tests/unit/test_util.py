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
"""Tests of the handler helpers in placement.util."""

import datetime
from unittest import mock

import microversion_parse
from oslo_middleware import request_id
from oslo_serialization import jsonutils
import testtools
import webob

from placement import microversion
from placement import util
from placement import wsgi_wrapper


def _request(path='/', version='1.0', **kwargs):
    req = webob.Request.blank(path, **kwargs)
    # As the microversion middleware does it: the version knows its range.
    req.environ[microversion.MICROVERSION_ENVIRON] = (
        microversion_parse.extract_version(
            {'openstack-api-version': 'placement %s' % version},
            microversion.SERVICE_TYPE, microversion.VERSIONS))
    req.environ[request_id.ENV_REQUEST_ID] = 'req-local'
    return req


def _errors(response):
    return jsonutils.loads(response.body)['errors']


@wsgi_wrapper.PlacementWsgify
@util.check_accept('application/json')
def _json_get(req):
    return util.send_json(req, {'ok': True})


@wsgi_wrapper.PlacementWsgify
@util.require_content('application/json')
def _json_put(req):
    return util.send_json(req, {'ok': True})


class TestErrorFormat(testtools.TestCase):

    @staticmethod
    @wsgi_wrapper.PlacementWsgify
    def _conflict(req):
        raise webob.exc.HTTPConflict('generation conflict',
                                     comment='placement.concurrent_update')

    def test_body_shape_without_code_before_1_23(self):
        resp = _request(version='1.22',
                        accept='application/json').get_response(
            self._conflict)
        self.assertEqual(409, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        self.assertEqual(
            [{'status': 409, 'title': 'Conflict',
              'detail': 'There was a conflict when trying to complete '
                        'your request.\n\n generation conflict  ',
              'request_id': 'req-local'}],
            _errors(resp))

    def test_code_at_1_23(self):
        resp = _request(version='1.23',
                        accept='application/json').get_response(
            self._conflict)
        error = _errors(resp)[0]
        self.assertEqual('placement.concurrent_update', error['code'])
        self.assertNotIn('placement.concurrent_update', error['detail'])

    def test_undefined_code(self):
        @wsgi_wrapper.PlacementWsgify
        def bad(req):
            raise webob.exc.HTTPBadRequest('nope')
        resp = _request(version='1.39',
                        accept='application/json').get_response(bad)
        self.assertEqual('placement.undefined_code', _errors(resp)[0]['code'])

    def test_version_fields_only_on_unparsed_406(self):
        environ = {}
        body = util.json_error_formatter('x', '406 Not Acceptable',
                                         'Not Acceptable', environ)
        self.assertEqual('1.39', body['errors'][0]['max_version'])
        self.assertEqual('1.0', body['errors'][0]['min_version'])
        self.assertNotIn('code', body['errors'][0])
        body = util.json_error_formatter('x', '400 Bad Request',
                                         'Bad Request', environ)
        self.assertEqual({'status', 'title', 'detail'},
                         set(body['errors'][0]))


class TestCheckAccept(testtools.TestCase):

    def test_json_accepted(self):
        for accept in ('application/json', 'text/html, application/*',
                       '*/*'):
            resp = _request(accept=accept).get_response(_json_get)
            self.assertEqual(200, resp.status_int, accept)

    def test_no_accept_header(self):
        resp = _request().get_response(_json_get)
        self.assertEqual(200, resp.status_int)

    def test_406_json(self):
        resp = _request(headers={'Accept': 'text/plain;q=1, '
                                           'application/xml'}).get_response(
            _json_get)
        self.assertEqual(406, resp.status_int)

        req = _request(accept='application/xml, application/json;q=0')
        self.assertEqual(406, req.get_response(_json_get).status_int)

    def test_406_html_error_page(self):
        resp = _request(accept='text/html').get_response(_json_get)
        self.assertEqual(406, resp.status_int)
        self.assertEqual('text/html', resp.content_type)
        self.assertIn(b'Only application/json is provided', resp.body)
        self.assertIn(b'<html>', resp.body)


class TestRequireContent(testtools.TestCase):

    def _put(self, content_type=None):
        req = _request(method='PUT', accept='application/json',
                       body=b'{}')
        if content_type is None:
            req.environ.pop('CONTENT_TYPE', None)
        else:
            req.headers['Content-Type'] = content_type
        return req.get_response(_json_put)

    def test_missing_header(self):
        resp = self._put()
        self.assertEqual(415, resp.status_int)
        self.assertIn('The media type None is not supported, use '
                      'application/json', _errors(resp)[0]['detail'])

    def test_wrong_type(self):
        resp = self._put('text/plain')
        self.assertEqual(415, resp.status_int)
        self.assertIn('The media type text/plain is not supported, use '
                      'application/json', _errors(resp)[0]['detail'])

    def test_charset_parameter_ignored(self):
        resp = self._put('application/json; charset=UTF-8')
        self.assertEqual(200, resp.status_int)


class TestExtractJson(testtools.TestCase):

    SCHEMA = {
        'type': 'object',
        'properties': {'name': {'type': 'string', 'minLength': 1},
                       'uuid': {'type': 'string', 'format': 'uuid'}},
        'required': ['name'],
        'additionalProperties': False,
    }

    def _fail(self, body):
        exc = self.assertRaises(webob.exc.HTTPBadRequest,
                                util.extract_json, body, self.SCHEMA)
        return str(exc)

    def test_valid(self):
        self.assertEqual({'name': 'x'},
                         util.extract_json(b'{"name": "x"}', self.SCHEMA))

    def test_malformed(self):
        self.assertTrue(self._fail(b'{"name": ').startswith(
            'Malformed JSON: '))

    def test_schema_messages(self):
        self.assertTrue(self._fail(b'{}').startswith(
            "JSON does not validate: 'name' is a required property"))
        self.assertIn("Additional properties are not allowed "
                      "('x' was unexpected)",
                      self._fail(b'{"name": "a", "x": 1}'))
        self.assertIn("1 is not of type 'string'",
                      self._fail(b'{"name": 1}'))

    def test_body_uuid_is_lenient_and_kept(self):
        for value in ('7C3B2A8E9D1F4E6AB5C4D3E2F1A0B9C8',
                      '{7c3b2a8e-9d1f-4e6a-b5c4-d3e2f1a0b9c8}',
                      'urn:uuid:7c3b2a8e-9d1f-4e6a-b5c4-d3e2f1a0b9c8'):
            body = jsonutils.dump_as_bytes({'name': 'a', 'uuid': value})
            self.assertEqual(value,
                             util.extract_json(body, self.SCHEMA)['uuid'])
        body = jsonutils.dump_as_bytes({'name': 'a', 'uuid': 'not-a-uuid'})
        self.assertIn("'not-a-uuid' is not a 'uuid'", self._fail(body))


class TestValidateQueryParams(testtools.TestCase):

    SCHEMA = {
        'type': 'object',
        'properties': {'uuid': {'type': 'string', 'format': 'uuid'},
                       'limit': {'type': 'string', 'pattern': '^[1-9]+$'}},
        'additionalProperties': False,
    }

    def _fail(self, query):
        exc = self.assertRaises(webob.exc.HTTPBadRequest,
                                util.validate_query_params,
                                _request('/x?' + query), self.SCHEMA)
        return str(exc)

    def test_valid(self):
        util.validate_query_params(
            _request('/x?uuid=7c3b2a8e-9d1f-4e6a-b5c4-d3e2f1a0b9c8'),
            self.SCHEMA)

    def test_message(self):
        self.assertTrue(self._fail('foo=1').startswith(
            'Invalid query string parameters: Additional properties are '
            'not allowed'))

    def test_query_uuid_is_strict(self):
        self.assertIn("is not a 'uuid'",
                      self._fail('uuid=7C3B2A8E9D1F4E6AB5C4D3E2F1A0B9C8'))

    def test_last_repeated_value_is_validated(self):
        util.validate_query_params(_request('/x?limit=x&limit=2'),
                                   self.SCHEMA)
        self.assertIn("'x' does not match", self._fail('limit=2&limit=x'))


class TestCachingHeaders(testtools.TestCase):

    WHEN = datetime.datetime(2024, 1, 2, 3, 4, 5,
                             tzinfo=datetime.timezone.utc)

    @staticmethod
    def _send(version):
        @wsgi_wrapper.PlacementWsgify
        def app(req):
            return util.send_json(req, {'a': 1}, status=201,
                                  last_modified=TestCachingHeaders.WHEN)
        return _request(version=version).get_response(app)

    def test_send_json_at_1_15(self):
        resp = self._send('1.15')
        self.assertEqual(201, resp.status_int)
        self.assertEqual('application/json', resp.headers['Content-Type'])
        self.assertEqual('no-cache', resp.headers['Cache-Control'])
        self.assertEqual('Tue, 02 Jan 2024 03:04:05 GMT',
                         resp.headers['Last-Modified'])

    def test_send_json_before_1_15(self):
        resp = self._send('1.14')
        self.assertEqual({'a': 1}, resp.json)
        self.assertNotIn('Cache-Control', resp.headers)
        self.assertNotIn('Last-Modified', resp.headers)

    def test_last_modified_of(self):
        naive = datetime.datetime(2024, 1, 2)
        objs = [mock.Mock(updated_at=None, created_at=naive),
                mock.Mock(updated_at=self.WHEN, created_at=naive)]
        self.assertEqual(self.WHEN, util.last_modified_of(objs))
        # Naive database timestamps are UTC.
        self.assertEqual(naive.replace(tzinfo=datetime.timezone.utc),
                         util.last_modified_of(objs[:1]))
        before = util.utcnow()
        self.assertGreaterEqual(util.last_modified_of([]), before)


class TestUrls(testtools.TestCase):

    def test_relative_with_script_name(self):
        environ = {'SCRIPT_NAME': '/placement'}
        rp = mock.Mock(uuid='abc')
        self.assertEqual('/placement/resource_providers/abc/inventories/VCPU',
                         util.inventory_url(environ, rp, 'VCPU'))
        trait = mock.Mock()
        trait.name = 'T'
        self.assertEqual('/traits/T', util.trait_url({}, trait))
