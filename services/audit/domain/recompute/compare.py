"""Where two JSON documents differ, as paths a person can follow (`ranking[1].criteria.price.points`)."""

from typing import Any


def differences(logged: Any, recomputed: Any, path: str = "", *, limit: int = 50) -> list[str]:
    found: list[str] = []
    _walk(logged, recomputed, path, found, limit)
    return found


def _walk(logged: Any, recomputed: Any, path: str, found: list[str], limit: int) -> None:
    if len(found) >= limit:
        return
    if isinstance(logged, dict) and isinstance(recomputed, dict):
        pairs = [(f"{path}.{key}" if path else str(key), key) for key in sorted(set(logged) | set(recomputed))]
        _pairs(logged, recomputed, pairs, found, limit)
    elif isinstance(logged, list) and isinstance(recomputed, list):
        indexes = range(max(len(logged), len(recomputed)))
        _pairs(
            dict(enumerate(logged)), dict(enumerate(recomputed)), [(f"{path}[{i}]", i) for i in indexes], found, limit
        )
    elif logged != recomputed or type(logged) is not type(recomputed):
        found.append(f"{path or 'the document'}: logged {_show(logged)}, re-computed {_show(recomputed)}")


def _pairs(
    logged: dict[Any, Any], recomputed: dict[Any, Any], keys: list[tuple[str, Any]], found: list[str], limit: int
) -> None:
    for where, key in keys:
        if key not in logged:
            found.append(f"{where}: not in the log, re-computed {_show(recomputed[key])}")
        elif key not in recomputed:
            found.append(f"{where}: logged {_show(logged[key])}, not re-computed")
        else:
            _walk(logged[key], recomputed[key], where, found, limit)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
