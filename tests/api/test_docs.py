"""What a route declares about itself with ``doc``: read back by ``doc_of``, with the
defaults a route of the API has unless it says otherwise."""

from __future__ import annotations

import pytest

from sitetracker.api import responses
from sitetracker.api.docs import Doc, doc, doc_of


def test_a_declaration_is_read_back_with_its_defaults():
    @doc("Something of a site", response=responses.Sites, errors=(404,))
    def view():
        return {}

    declared = doc_of(view)
    assert declared == Doc("Something of a site", response=responses.Sites, errors=(404,))
    assert (declared.ok, declared.auth, declared.content, declared.fuzz) == (
        200, True, "application/json", True)
    assert view() == {}  # the view itself is unchanged


def test_a_view_without_a_declaration_has_none():
    def view():
        return {}

    view.__openapi__ = "not a declaration"
    assert doc_of(view) is None
    assert doc_of(lambda: None) is None


def test_an_unknown_detail_is_refused_when_declared():
    with pytest.raises(TypeError):
        doc("Something", answer=responses.Sites)


def test_the_routes_declare_what_they_answer(app):
    views = app.view_functions
    assert doc_of(views["api.create_funnel"]).ok == 201
    assert doc_of(views["api.remove_funnel"]).ok == 204
    assert doc_of(views["api.remove_funnel"]).response is None
    assert 409 in doc_of(views["api.remove_funnel"]).errors
    assert doc_of(views["api.funnel_csv"]).content == "text/csv"
    assert doc_of(views["api.list_funnels"]).response is responses.Funnels
