"""A request being handled; the test documents, made once a session."""

import pytest

from .cases import being_handled
from .intake_files import make_documents


@pytest.fixture(scope="session")
def documents(tmp_path_factory):
    return make_documents(tmp_path_factory.mktemp("records"))


@pytest.fixture
def handling(organ, people):
    return being_handled(organ, people)
