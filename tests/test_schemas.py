"""What an admin may send (schemas.py): domains normalised, time zones known, a new
person scoped to an organization or a site, every string bounded."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from sitetracker.schemas import (
    MAX_DOMAINS,
    LoginSchema,
    NewUserSchema,
    OrganizationSchema,
    SiteSchema,
    SiteUpdateSchema,
    normalize_domain,
    parse_domains,
)


def messages(schema, data) -> dict:
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    return caught.value.messages


@pytest.mark.parametrize(("given", "domain"), [
    ("https://Shop.Example.com:443/x", "shop.example.com"),
    ("*.shop.test", "shop.test"),
    (" shop.test. ", "shop.test"),
    ("localhost", "localhost"),
])
def test_a_domain_is_its_host_in_lower_case(given, domain):
    assert normalize_domain(given) == domain


@pytest.mark.parametrize("given", ["not a domain!", "", "-shop.test", "a" * 64 + ".test",
                                   "http://"])
def test_what_is_not_a_host_is_refused(given):
    with pytest.raises(ValidationError, match="is not a domain name"):
        normalize_domain(given)


def test_domains_come_as_a_list_or_as_text_and_are_kept_once():
    assert parse_domains("shop.test, www.shop.test\nShop.test") == ["shop.test",
                                                                   "www.shop.test"]
    assert parse_domains(["a.test", "https://a.test/"]) == ["a.test"]
    with pytest.raises(ValidationError, match=f"at most {MAX_DOMAINS} domains"):
        parse_domains([f"s{n}.test" for n in range(MAX_DOMAINS + 1)])
    with pytest.raises(ValidationError, match="must be a list"):
        parse_domains([1, 2])


def test_a_site_needs_a_name_a_domain_and_a_known_time_zone():
    loaded = SiteSchema().load({"name": "Shop", "domains": "Shop.test"})
    assert loaded == {"name": "Shop", "domains": ["shop.test"], "timezone": "UTC",
                      "consent": "keep"}
    assert set(messages(SiteSchema(), {"name": "", "domains": [], "timezone": "Mars/Base",
                                       "consent": "never"})) == {
        "name", "domains", "timezone", "consent"}


def test_a_site_update_takes_any_of_its_fields():
    assert SiteUpdateSchema().load({"timezone": "Europe/Paris"}) == {"timezone": "Europe/Paris"}
    assert set(messages(SiteUpdateSchema(), {"timezone": "Nowhere"})) == {"timezone"}


def test_a_new_person_has_an_email_a_role_and_one_scope():
    loaded = NewUserSchema().load({"email": " Ann@Shop.TEST ", "role": "viewer",
                                   "organization": "agency"})
    assert loaded["email"] == "ann@shop.test" and loaded["site"] is None
    assert messages(NewUserSchema(), {"email": "ann@shop.test", "role": "viewer"}) == {
        "organization": ["give either an organization or a site"]}
    assert set(messages(NewUserSchema(), {"email": "not an email", "role": "boss",
                                          "site": "k"})) == {"email", "role"}


def test_forms_ignore_what_they_do_not_know_and_bound_what_they_do():
    assert LoginSchema().load({"email": "a@b.test", "password": "pw", "csrf_token": "t"}) == {
        "email": "a@b.test", "password": "pw", "next": ""}
    assert set(messages(LoginSchema(), {"email": "a@b.test", "password": "p" * 10_000})) == {
        "password"}
    assert set(messages(OrganizationSchema(), {"name": "A", "slug": "Not A Slug"})) == {"slug"}
