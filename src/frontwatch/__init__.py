"""frontwatch: a verifiable, geolocated ledger of claims from war reporting."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frontwatch")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
