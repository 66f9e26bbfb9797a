"""The in-process store answers like Redis for the commands live state uses (each test
runs on both)."""

from __future__ import annotations


def test_sets_add_remove_and_count(store):
    assert store.sadd("s", "a", "b") == 2
    assert store.sadd("s", "b", "c") == 1
    assert store.scard("s") == 3 and store.sismember("s", "a")
    assert store.srem("s", "a", "zz") == 1
    assert store.smembers("s") == {"b", "c"}
    store.srem("s", "b", "c")
    assert store.smembers("s") == set() and store.scard("s") == 0
    assert store.scard("missing") == 0 and not store.sismember("missing", "a")


def test_hash_fields_are_read_and_deleted_one_by_one(store):
    store.hset("h", mapping={"a": 1, "b": 2})
    assert store.hget("h", "a") == "1" and store.hget("h", "zz") is None
    assert store.hdel("h", "a", "zz") == 1
    assert store.hgetall("h") == {"b": "2"}
    store.hdel("h", "b")
    assert store.hgetall("h") == {}
    assert store.hdel("missing", "a") == 0


def test_zremrangebyrank_removes_the_lowest_ranks(store):
    store.zadd("z", {"a": 1, "b": 2, "c": 3, "d": 4})
    assert store.zremrangebyrank("z", 0, -3) == 2
    assert store.zrange("z", 0, -1) == ["c", "d"]
    assert store.zremrangebyrank("z", 5, 9) == 0
    assert store.zremrangebyrank("z", 0, -1) == 2
    assert store.zcard("z") == 0


def test_set_with_get_answers_the_previous_value(store):
    assert store.set("k", "1", get=True) is None
    assert store.set("k", "2", get=True) == "1"
    assert not store.set("k", "3", nx=True)
    assert store.get("k") == "2"


def test_memory_store_forgets_expired_keys_nobody_reads_again(monkeypatch):
    from sitetracker.live import store as store_module
    from sitetracker.live.store import MemoryStore

    memory = MemoryStore()
    now = [1000.0]
    monkeypatch.setattr(store_module.time, "monotonic", lambda: now[0])
    for n in range(MemoryStore.SWEEP_EVERY - 1):
        memory.set(f"st:nonce:1:{n}", "1", nx=True, ex=60)
    now[0] += 61
    memory.set("st:nonce:1:last", "1", nx=True, ex=60)  # the write that sweeps
    assert set(memory._data) == {"st:nonce:1:last"}
