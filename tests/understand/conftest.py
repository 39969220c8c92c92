from tests.consult.conftest import parser  # noqa: F401
