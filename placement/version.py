"""The package version, from pbr metadata."""

import pbr.version

version_info = pbr.version.VersionInfo('placement')


def version_string():
    return version_info.version_string()
