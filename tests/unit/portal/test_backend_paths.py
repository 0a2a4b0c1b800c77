"""An id the user typed into an address goes into a service's path: it must not steer the call elsewhere."""

import httpx
import pytest

from services.portal.backend import Backend, BackendError
from services.portal.settings import Settings


@pytest.mark.parametrize("tender_id", ["T1?role=officer", "T1#x", "..", ".", "a\\b"])
async def test_an_id_carrying_a_query_a_fragment_or_a_dot_segment_reaches_no_service(tender_id: str) -> None:
    reached: list[httpx.URL] = []
    recorder = httpx.MockTransport(lambda request: reached.append(request.url) or httpx.Response(200, json={}))
    backend = Backend(Settings(log_json=False), {"procurement": recorder})
    with pytest.raises(BackendError) as refused:
        await backend.get("procurement", f"/tenders/{tender_id}/evaluation", "token")
    assert refused.value.status == 404
    assert reached == []
    assert await backend.get("procurement", "/tenders/T%201/evaluation", "token") == {}, "a quoted id goes through"
    assert [url.path for url in reached] == ["/tenders/T 1/evaluation"]
    await backend.close()
