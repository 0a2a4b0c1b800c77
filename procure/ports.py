"""A free local TCP port, for the brokers, mail sinks and services that tests and benchmarks start on their own."""

import socket


def free_port() -> int:
    # The port is free when the probe lets go of it; whoever binds it next is, in practice, the caller.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
