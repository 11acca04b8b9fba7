"""The package under test is the installed wheel, with its own library inside."""

import os
import sys

import paytm_checkout as p
from conftest import REPO


def test_imported_from_the_installed_wheel_not_the_source_tree():
    here = os.path.dirname(os.path.abspath(p.__file__))
    assert not here.startswith(os.path.join(REPO, "python")), here
    assert here.startswith(sys.prefix), (here, sys.prefix)
    assert os.path.exists(os.path.join(here, "libpaytm_checkout.so"))
    assert os.path.exists(os.path.join(here, "py.typed"))
    assert "PAYTM_CHECKOUT_LIB" not in os.environ


def test_version_matches_the_cargo_workspace():
    import re

    with open(os.path.join(REPO, "Cargo.toml"), encoding="utf-8") as f:
        cargo = re.search(r'^\[workspace\.package\]\s*\nversion = "([^"]+)"', f.read(), re.M).group(1)
    assert p.version() == cargo == p.__version__
    from importlib.metadata import version

    assert version("paytm-checkout") == cargo


def test_every_public_name_exists():
    for name in p.__all__:
        assert hasattr(p, name), name
