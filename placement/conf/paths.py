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
"""Filesystem locations used as defaults of the [DEFAULT] path options."""

import os

# The directory the ``placement`` package is installed in (its parent), so
# that state defaults follow the installation rather than the CWD.
BASEDIR = os.path.abspath(
    os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
