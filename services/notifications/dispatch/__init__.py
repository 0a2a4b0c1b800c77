"""Delivery after the handlers recorded: compose (`composing`), send e-mail (`sending`), close award
dispatches (`awards`), tell what happened (`reports`), all driven by one loop (`loop`)."""

from services.notifications.dispatch.loop import Dispatcher

__all__ = ["Dispatcher"]
