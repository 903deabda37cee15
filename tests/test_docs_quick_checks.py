"""Every Quick Check written in docs/ is valid, with exactly one correct answer."""
import pytest

from quickcheck.validator import validate
from test_build import written_checks

PAGES = list(written_checks())


@pytest.mark.parametrize("page,checks", PAGES, ids=[str(page) for page, _ in PAGES])
def test_quick_checks_are_valid(page, checks):
    for check in checks:
        assert validate(check) == [], f"{page}:{check.heading_line}"
        assert len(check.correct) == 1
        assert len(check.options) >= 2
