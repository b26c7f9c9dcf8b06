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
"""Configuration options of placement.

``register_opts(conf)`` registers placement's own options and the library
option groups placement reads. keystonemiddleware registers
``[keystone_authtoken]`` itself when its middleware is built.
"""

from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors
from oslo_middleware import http_proxy_to_wsgi
from oslo_policy import opts as policy_opts
from oslo_utils import importutils

from placement.conf import api
from placement.conf import base
from placement.conf import database
from placement.conf import placement
from placement.conf import workarounds

osprofiler_opts = importutils.try_import('osprofiler.opts')

# Placement's own option modules, in sample-config order.
MODULES = (base, api, placement, database, workarounds)


def _library_opts():
    """(group, options) pairs of the libraries placement uses."""
    groups = [
        ('cors', cors.CORS_OPTS),
        ('oslo_middleware', http_proxy_to_wsgi.OPTS),
    ]
    groups.extend(policy_opts.list_opts())
    if osprofiler_opts:
        groups.extend(osprofiler_opts.list_opts())
    return groups


# oslo.policy 5 and later always enforce scope and dropped this option;
# placement keeps honouring it (placement.policy).
ENFORCE_SCOPE_OPT = cfg.BoolOpt(
    'enforce_scope', default=True,
    help='Refuse requests whose token scope is not one of the scope types '
         'of the policy rule (403). When False, a scope mismatch is only '
         'logged.')


def register_opts(conf):
    for module in MODULES:
        module.register_opts(conf)
    log.register_options(conf)
    for group, opts in _library_opts():
        conf.register_opts(opts, group=group)
    if 'enforce_scope' not in conf.oslo_policy:
        conf.register_opt(ENFORCE_SCOPE_OPT, group='oslo_policy')
