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
"""[api] options."""

from oslo_config import cfg

from placement.conf import base

api_group = cfg.OptGroup(
    'api',
    title='API options',
    help='Options under this group are used to define Placement API.')

api_options = [
    cfg.StrOpt(
        'auth_strategy',
        default='keystone',
        choices=('keystone', 'noauth2'),
        deprecated_opts=[cfg.DeprecatedOpt('auth_strategy', group='DEFAULT')],
        help="""
Determine the strategy to use for authentication.

``keystone`` validates tokens with keystonemiddleware's auth_token
(configured in ``[keystone_authtoken]``); ``noauth2`` trusts the
``X-Auth-Token`` header and is for testing only.
"""),
]


def register_opts(conf):
    base.register_group_opts(conf, api_group, api_options)


def list_opts():
    return {api_group: api_options}
