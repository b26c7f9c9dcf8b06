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
"""[workarounds] options: switches for behaviour in specific deployments."""

from oslo_config import cfg

from placement.conf import base

workarounds_group = cfg.OptGroup(
    'workarounds',
    title='Workaround Options',
    help="""
A collection of workarounds used to mitigate bugs or issues found in
system tools or in specific deployment topologies.
""")

workarounds_options = [
    cfg.BoolOpt(
        'optimize_for_wide_provider_trees',
        default=False,
        help="""
When generating allocation candidates, prune partial candidate products
early. The results are the same; this is faster for provider trees that
have many child providers of the same resource class.
"""),
]


def register_opts(conf):
    base.register_group_opts(conf, workarounds_group, workarounds_options)


def list_opts():
    return {workarounds_group: workarounds_options}
