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
"""Options of the ``placement.conf`` namespace for oslo-config-generator.

Library options are listed by their own namespaces (see
etc/placement/config-generator.conf).
"""

import collections

from placement import conf


def list_opts():
    """Return ``[(group, [opts])]`` for every placement option group."""
    merged = collections.defaultdict(list)
    for module in conf.MODULES:
        for group, opts in module.list_opts().items():
            merged[group].extend(opts)
    return list(merged.items())
