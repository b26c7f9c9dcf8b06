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
"""Tests of placement.microversion.version_handler."""

import microversion_parse
import testtools
import webob

from placement import microversion
from placement import wsgi_wrapper


def _call(app, version):
    req = webob.Request.blank('/', accept='application/json')
    req.environ[microversion.MICROVERSION_ENVIRON] = (
        microversion_parse.extract_version(
            {'openstack-api-version': 'placement %s' % version},
            microversion.SERVICE_TYPE, microversion.VERSIONS))
    return req.get_response(app)


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.2', '1.6')
def _split(req):
    return webob.Response(body=b'old')


@wsgi_wrapper.PlacementWsgify  # noqa: F811
@microversion.version_handler('1.7')
def _split(req):  # noqa: F811
    return webob.Response(body=b'new')


@wsgi_wrapper.PlacementWsgify
@microversion.version_handler('1.5', status_code=405)
def _delete_all(req):
    return webob.Response(status=204)


class TestVersionHandler(testtools.TestCase):

    def test_versions(self):
        self.assertEqual('1.39', microversion.max_version_string())
        self.assertEqual('1.0', microversion.min_version_string())
        self.assertEqual(40, len(microversion.VERSIONS))

    def test_two_ranges_same_name(self):
        self.assertEqual(b'old', _call(_split, '1.2').body)
        self.assertEqual(b'old', _call(_split, '1.6').body)
        self.assertEqual(b'new', _call(_split, '1.7').body)
        self.assertEqual(b'new', _call(_split, '1.39').body)

    def test_outside_range_404_empty_detail(self):
        resp = _call(_split, '1.1')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('The resource could not be found.\n\n   ',
                         resp.json['errors'][0]['detail'])

    def test_405_variant(self):
        resp = _call(_delete_all, '1.4')
        self.assertEqual(405, resp.status_int)
        self.assertNotIn('Allow', resp.headers)
        self.assertEqual(204, _call(_delete_all, '1.5').status_int)
