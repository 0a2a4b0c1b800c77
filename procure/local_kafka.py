"""A local single-node Apache Kafka (KRaft) run from Maven Central jars: fetch, format, start, wait, stop.

The broker is a plain JVM process. Its jars come from `deploy/kafka/pom.xml` through Maven into a git-ignored
cache keyed by the POM's hash, so changing the Kafka version fetches a new set instead of mixing two.
"""

import asyncio
import base64
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
KAFKA_DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
JVM_OPTIONS = ["-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true"]


class KafkaStartError(RuntimeError):
    """The broker could not be fetched, formatted or started; the message carries the broker's log."""


@dataclass(frozen=True)
class LocalKafka:
    """One local broker: where its jars, configuration, data and log live, and on which ports it listens."""

    run_dir: Path
    port: int = 9092
    controller_port: int = 9093
    partitions: int = 3
    cache_dir: Path = REPO_ROOT / ".cache" / "kafka"

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "kafka.log"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "kafka.pid"

    @property
    def libs_dir(self) -> Path:
        pom_hash = hashlib.sha256((KAFKA_DEPLOY_DIR / "pom.xml").read_bytes()).hexdigest()[:12]
        return self.cache_dir / f"libs-{pom_hash}"

    def fetch_jars(self) -> Path:
        """Copy the broker's jars from Maven Central into the cache, once per POM version."""
        libs = self.libs_dir
        if (libs / ".complete").exists():
            return libs
        partial = libs.with_name(libs.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        command = [
            "mvn",
            "-B",
            "-q",
            "-f",
            str(KAFKA_DEPLOY_DIR / "pom.xml"),
            "package",
            f"-Dkafka.libs={partial}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KafkaStartError(f"fetching the Kafka jars failed:\n{done.stdout}\n{done.stderr}")
        (partial / ".complete").touch()
        shutil.rmtree(libs, ignore_errors=True)
        partial.rename(libs)  # an interrupted fetch never leaves a half-filled libs folder behind
        return libs

    def start(self, timeout: float = 90.0) -> bool:
        """Start the broker unless one already answers on the port; True when this call started it."""
        if asyncio.run(answers(self.bootstrap_servers, within=2.0)):
            return False
        libs = self.fetch_jars()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        config = self._write_config()
        if not (self.run_dir / "data" / "meta.properties").exists():
            self._format(libs, config)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [*self._java(libs), "kafka.Kafka", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the terminal that started it must not kill the broker
            )
        self.pid_file.write_text(str(process.pid))
        try:
            asyncio.run(wait_until_ready(self.bootstrap_servers, process, timeout))
        except KafkaStartError as error:
            self.stop()
            raise KafkaStartError(f"{error}\n--- {self.log_file} ---\n{self.log_tail()}") from None
        return True

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the broker this run directory started; True when one was running."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)  # Kafka's shutdown hook closes the logs cleanly
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def running_pid(self) -> int | None:
        if not self.pid_file.exists():
            return None
        pid = int(self.pid_file.read_text().strip())
        return pid if _alive(pid) else None

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_file.exists():
            return "(no broker log)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    def _write_config(self) -> Path:
        template = (KAFKA_DEPLOY_DIR / "server.properties").read_text()
        config = self.run_dir / "server.properties"
        config.write_text(
            template.format(
                port=self.port,
                controller_port=self.controller_port,
                data_dir=self.run_dir / "data",
                partitions=self.partitions,
            )
        )
        return config

    def _format(self, libs: Path, config: Path) -> None:
        command = [*self._java(libs), "kafka.tools.StorageTool", "format", "--standalone"]
        command += ["--cluster-id", _cluster_id(), "--config", str(config)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KafkaStartError(f"formatting the Kafka storage failed:\n{done.stdout}\n{done.stderr}")

    def _java(self, libs: Path) -> list[str]:
        logging_config = KAFKA_DEPLOY_DIR / "log4j2.properties"
        return ["java", *JVM_OPTIONS, f"-Dlog4j2.configurationFile=file:{logging_config}", "-cp", f"{libs}/*"]


async def answers(bootstrap_servers: str, within: float) -> bool:
    """Whether a Kafka broker answers a real metadata request (a bare TCP connect proves nothing)."""
    from aiokafka.admin import AIOKafkaAdminClient  # here: `procure` commands that never ask start faster

    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # a refused probe is an answer, not an error
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=int(within * 1000))
    try:
        await asyncio.wait_for(admin.start(), within)
        await asyncio.wait_for(admin.list_topics(), within)
    except Exception:
        return False
    else:
        return True
    finally:
        await admin.close()


async def wait_until_ready(bootstrap_servers: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KafkaStartError(f"the Kafka broker exited during start-up with code {process.returncode}")
        if await answers(bootstrap_servers, within=3.0):
            return
        await asyncio.sleep(0.3)
    raise KafkaStartError(f"the Kafka broker did not answer on {bootstrap_servers} within {timeout:.0f} s")


def _cluster_id() -> str:
    # Kafka's own ids are URL-safe base64 of 16 random bytes, and never start with '-'.
    while (cluster_id := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return cluster_id


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers signal 0; reap it so a stopped broker does not look alive.
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return finished == 0
