"""The funnels API: definitions listed by viewers, changed by admins; the cart funnel
stays."""

from __future__ import annotations

from ..conftest import login
from ..reports.test_funnels import SHIRTS, write


def test_viewers_read_funnels_admins_change_them(client, world, make_user):
    base = f"/api/sites/{world.site_a.public_key}/funnels"
    make_user("owner@a.test", "owner", organization=world.org_a)
    make_user("viewer@a.test", "viewer", organization=world.org_a)
    login(client, "owner@a.test")
    made = write(client, "post", base, json=SHIRTS).json
    renamed = write(client, "patch", f"{base}/{made['id']}", json={"name": "Renamed"})
    assert renamed.json["name"] == "Renamed"
    cart = client.get(base).json["funnels"][0]
    assert write(client, "delete", f"{base}/{cart['id']}").status_code == 409
    client.post("/logout")
    login(client, "viewer@a.test")
    assert [f["name"] for f in client.get(base).json["funnels"]][1:] == ["Renamed"]
    assert write(client, "delete", f"{base}/{made['id']}").status_code == 403
    client.post("/logout")
    login(client, "owner@a.test")
    assert write(client, "delete", f"{base}/{made['id']}").status_code == 204
    assert client.get(f"{base}/{made['id']}").status_code == 404
