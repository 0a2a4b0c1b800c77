"""structlog set-up: JSON lines for machines, readable lines on a terminal, stdlib loggers routed through both."""

import logging
import sys

import structlog

_SHARED_PROCESSORS: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.StackInfoRenderer(),
]


class _TransientKafkaStartup(logging.Filter):
    """aiokafka logs states it retries through as errors: a group coordinator still being elected, a fresh
    topic's partition without its leader yet. Warnings, so that errors in the logs stay worth waking someone for."""

    TRANSIENT = ("GroupCoordinatorNotAvailable", "NotLeaderForPartition")

    def filter(self, record: logging.LogRecord) -> bool:
        transient = any(state in record.getMessage() for state in self.TRANSIENT)
        if record.levelno == logging.ERROR and record.name.startswith("aiokafka") and transient:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def configure_logging(*, json: bool, level: str = "INFO") -> None:
    """Configure structlog and the stdlib root logger once per process."""
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*_SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,  # cached loggers escape structlog.testing.capture_logs
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED_PROCESSORS,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.dict_tracebacks if json else structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    logging.basicConfig(handlers=[handler], level=level, force=True)
    # FastStream gives its logger a coloured handler of its own; send it through ours instead.
    faststream_logger = logging.getLogger("faststream")
    faststream_logger.handlers.clear()
    faststream_logger.propagate = True
    faststream_logger.setLevel(logging.WARNING)  # its per-consumer partition list runs to thousands of characters
    # The Kafka client logs every reconnect and rebalance step; warnings are what matter.
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration step is noise at start-up
    handler.addFilter(_TransientKafkaStartup())
