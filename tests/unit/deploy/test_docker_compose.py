"""docker-compose.yml names only services, commands, ports and settings that exist in the code."""

import importlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from procure.suite import PORTAL, SERVICES

REPO_ROOT = Path(__file__).resolve().parents[3]
INFRASTRUCTURE = {"kafka", "postgres", "mail"}


def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def suite_services() -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in compose()["services"].items() if name not in INFRASTRUCTURE}


def back_ends() -> dict[str, dict[str, Any]]:
    """The services with a database and a broker: all but the portal."""
    return {name: spec for name, spec in suite_services().items() if name != PORTAL}


def test_every_service_of_the_suite_is_in_compose() -> None:
    in_code = {path.name for path in (REPO_ROOT / "services").iterdir() if (path / "settings.py").exists()}
    assert set(suite_services()) == in_code


@pytest.mark.parametrize("name", sorted(back_ends()))
def test_service_environment_names_real_settings(name: str) -> None:
    spec = suite_services()[name]
    settings_class = importlib.import_module(f"services.{name}.settings").Settings
    environment = {key: str(value) for key, value in spec["environment"].items()}
    unknown = {key for key in environment if key.lower() not in settings_class.model_fields}
    assert unknown == set(), f"{name} sets variables its Settings does not read"

    settings = settings_class(**{key.lower(): value for key, value in environment.items()})
    published = [int(mapping.split(":")[1]) for mapping in spec["ports"]]
    assert published == [settings.port], "the container port is the one the service listens on"
    assert spec["command"] == ["procure", "serve", name]
    assert name in SERVICES, "`procure serve` knows the service"
    driver = make_url(settings.database_url).get_dialect().driver
    importlib.import_module(driver)  # the database driver the URL asks for is installed


def test_services_reach_the_broker_database_and_mail_server_that_compose_runs() -> None:
    services = compose()["services"]
    assert "9092" in services["kafka"]["environment"]["KAFKA_LISTENERS"]
    assert services["notifications"]["environment"]["SMTP_HOST"] == "mail"
    for spec in back_ends().values():
        assert spec["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert make_url(spec["environment"]["DATABASE_URL"]).host == "postgres"


def test_every_database_a_service_names_is_created() -> None:
    created = (REPO_ROOT / "deploy/postgres/create-databases.sql").read_text()
    for spec in back_ends().values():
        assert f"CREATE DATABASE {make_url(spec['environment']['DATABASE_URL']).database};" in created


def test_the_portal_reads_its_settings_and_reaches_each_service_on_its_port() -> None:
    spec = suite_services()[PORTAL]
    settings_class = importlib.import_module(f"services.{PORTAL}.settings").Settings
    environment = {key.lower(): str(value) for key, value in spec["environment"].items()}
    assert set(environment) <= set(settings_class.model_fields), "the portal reads every variable it is given"
    settings = settings_class(**environment)
    assert spec["command"] == ["procure", "serve", PORTAL]
    assert [int(mapping.split(":")[1]) for mapping in spec["ports"]] == [settings.port]
    assert settings.dev_issuer_dir is None, "no demo sign-in in a deployment"
    for name, service in back_ends().items():
        port = int(service["environment"]["PORT"])
        assert getattr(settings, f"{name}_url") == f"http://{name}:{port}"


def test_docker_compose_accepts_the_file_where_its_cli_exists() -> None:
    docker = shutil.which("docker")
    has_compose = docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    if not has_compose:
        pytest.skip("no `docker compose` here; the file is checked by the tests above")
    done = subprocess.run([docker, "compose", "config", "--quiet"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
