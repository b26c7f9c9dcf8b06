"""Load every gabbi YAML file of ``gabbits/`` as a test suite.

Each file is one topic of the API, reads like its documentation, and runs
on a fresh database (its fixtures say which world it starts from).
"""

import os

from gabbi import driver

from placement.tests.functional.fixtures import gabbits as fixtures

TESTS_DIR = 'gabbits'


def load_tests(loader, tests, pattern):
    """Provide a TestSuite to the discovery process."""
    test_dir = os.path.join(os.path.dirname(__file__), TESTS_DIR)
    return driver.build_tests(test_dir, loader, host=None,
                              test_loader_name=__name__,
                              intercept=fixtures.setup_app,
                              fixture_module=fixtures)
