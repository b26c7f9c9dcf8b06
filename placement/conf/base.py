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
"""[DEFAULT] options of placement and defaults of the libraries it uses."""

from oslo_config import cfg
from oslo_middleware import cors

from placement import healthcheck

from placement.conf import paths

CORS_ALLOW_HEADERS = [
    'X-Auth-Token',
    'X-Openstack-Request-Id',
    'X-Identity-Status',
    'X-Roles',
    'X-Service-Catalog',
    'X-User-Id',
    'X-Tenant-Id',
    'OpenStack-API-Version',
]
CORS_EXPOSE_HEADERS = [
    'X-Auth-Token',
    'X-Openstack-Request-Id',
    'X-Subject-Token',
    'X-Service-Token',
    'OpenStack-API-Version',
]
CORS_ALLOW_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH']

base_options = [
    cfg.StrOpt(
        'tempdir',
        help='Explicitly specify the temporary working directory.'),
    cfg.StrOpt(
        'pybasedir',
        default=paths.BASEDIR,
        sample_default='<Path>',
        help="""
The directory where the Placement python modules are installed.

This is the default path for other path options such as ``state_path``.
"""),
    cfg.StrOpt(
        'state_path',
        default='$pybasedir',
        help="""
The top-level directory for maintaining state used in Placement.
"""),
    cfg.BoolOpt(
        'log_options',
        default=True,
        help="""
Enables or disables logging values of all registered options, including
those of the libraries placement uses, at DEBUG level when the WSGI
application starts.
"""),
]


def register_opts(conf):
    conf.register_opts(base_options)


def list_opts():
    return {'DEFAULT': base_options}


def set_lib_defaults():
    """Set placement's defaults for options owned by libraries.

    Also the ``oslo.config.opts.defaults`` entry point, so that the sample
    config shows the values placement really uses.
    """
    cors.set_defaults(
        allow_headers=CORS_ALLOW_HEADERS,
        expose_headers=CORS_EXPOSE_HEADERS,
        allow_methods=CORS_ALLOW_METHODS)
    healthcheck.set_defaults()


def register_group_opts(conf, group, options):
    """Register ``options`` in a copy of ``group`` private to ``conf``.

    oslo.config keeps defaults in the group object, so a group object
    shared by several ConfigOpts would share their ``set_default`` values.
    """
    conf.register_group(cfg.OptGroup(group.name, title=group.title,
                                     help=group.help))
    conf.register_opts(options, group=group.name)
