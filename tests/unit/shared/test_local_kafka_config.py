"""The local broker's configuration is complete and single-node safe."""

from pathlib import Path

from procure.local_kafka import LocalKafka


def test_every_placeholder_is_filled_and_internal_topics_have_one_replica(tmp_path: Path) -> None:
    broker = LocalKafka(run_dir=tmp_path, port=19092, controller_port=19093, partitions=5)
    text = broker._write_config().read_text()
    assert "{" not in text
    settings = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert settings["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert settings["num.partitions"] == "5"
    assert settings["log.dirs"] == str(tmp_path / "data")
    assert settings["auto.create.topics.enable"] == "false"
    for replicated in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor"):
        assert settings[replicated] == "1"


def test_jars_are_cached_per_pom_version(tmp_path: Path) -> None:
    broker = LocalKafka(run_dir=tmp_path, cache_dir=tmp_path / "cache")
    assert broker.libs_dir.parent == tmp_path / "cache"
    assert broker.libs_dir.name.startswith("libs-")
