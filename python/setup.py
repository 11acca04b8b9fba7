"""Only what pyproject.toml cannot say: the version (the Cargo workspace's) and a platform wheel
tag. The wheel carries a native library, so it is tagged for this platform (py3-none-<platform>:
any Python 3, no CPython ABI, since it is loaded with ctypes), never py3-none-any."""

import os
import re

from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.dist import Distribution

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    v = os.environ.get("PAYTM_CHECKOUT_VERSION")
    if v:
        return v
    with open(os.path.join(HERE, "..", "Cargo.toml"), encoding="utf-8") as f:
        return re.search(r'^\[workspace\.package\]\s*\nversion = "([^"]+)"', f.read(), re.M).group(1)


class BinaryDistribution(Distribution):
    """The package carries a native library: install it to platlib, tag the wheel for a platform."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        _, _, plat = super().get_tag()
        return "py3", "none", plat


if not any(os.path.exists(os.path.join(HERE, "src", "paytm_checkout", f)) for f in ("libpaytm_checkout.so", "libpaytm_checkout.dylib")):
    raise SystemExit("libpaytm_checkout is not in src/paytm_checkout: build the wheel with `make python`")

setup(version=version(), distclass=BinaryDistribution, cmdclass={"bdist_wheel": PlatformWheel})
