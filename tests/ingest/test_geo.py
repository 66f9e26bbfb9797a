from __future__ import annotations

from sitetracker.ingest.geo import GeoLocator, packaged_database


def test_packaged_database_locates_a_public_address_offline():
    geo = GeoLocator(None)
    assert geo.path == packaged_database()
    place = geo.locate("81.2.69.142")
    assert place.country == "GB" and place.lat is not None and place.lon is not None


def test_private_and_malformed_addresses_have_no_location():
    geo = GeoLocator(None)
    for ip in ("127.0.0.1", "10.1.2.3", "192.168.0.9", "::1", "not-an-ip", ""):
        assert geo.locate(ip).country == ""


def test_cdn_country_header_is_used_only_when_passed_as_trusted():
    geo = GeoLocator(None)
    assert geo.locate("10.0.0.1", {"CF-IPCountry": "DE"}).country == "DE"
    assert geo.locate("10.0.0.1", None).country == ""
    assert geo.locate("10.0.0.1", {"CF-IPCountry": "XX"}).country == ""


def test_a_configured_database_file_is_used(tmp_path):
    import shutil

    copy = tmp_path / "current.mmdb"
    shutil.copy(packaged_database(), copy)
    geo = GeoLocator(str(copy))
    assert geo.path == str(copy) and geo.locate("81.2.69.142").country == "GB"
