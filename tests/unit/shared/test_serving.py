import httpx

from shared.serving import server_config


def test_the_server_keeps_an_idle_connection_longer_than_any_client_does() -> None:
    config = server_config(object(), "127.0.0.1", 8000)
    assert config.timeout_keep_alive > httpx.Limits().keepalive_expiry, (
        "else a reused connection can be cut mid-request"
    )
    assert config.log_config is None, "the services' structlog set-up writes uvicorn's lines"
