"""Load every gabbi YAML file of ``gabbits/`` as a test suite.

Each file is one topic of the API, reads like its documentation, and runs
on a fresh database (its fixtures say which world it starts from).
"""

import os
import types

from gabbi import driver
from gabbi import fixture as gabbi_fixture

from placement.tests.functional.fixtures import candidate_worlds
from placement.tests.functional.fixtures import gabbits
from placement.tests.functional.fixtures import mount

TESTS_DIR = 'gabbits'

# Modules whose GabbiFixture classes YAML files may name.
FIXTURE_MODULES = (gabbits, candidate_worlds, mount)


def _fixture_namespace():
    """One namespace holding the fixture classes of every module."""
    found = {}
    for module in FIXTURE_MODULES:
        for name, value in vars(module).items():
            if (isinstance(value, type)
                    and issubclass(value, gabbi_fixture.GabbiFixture)):
                found[name] = value
    return types.SimpleNamespace(**found)


def load_tests(loader, tests, pattern):
    """Provide a TestSuite to the discovery process."""
    test_dir = os.path.join(os.path.dirname(__file__), TESTS_DIR)
    return driver.build_tests(test_dir, loader, host=None,
                              test_loader_name=__name__,
                              intercept=gabbits.setup_app,
                              fixture_module=_fixture_namespace())
