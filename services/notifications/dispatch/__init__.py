"""Delivery after the handlers recorded: plan due deadline reminders (`reminders`), compose (`composing`), send
e-mail and webhooks (`sending`, over `channels`), close award dispatches (`awards`), tell what happened
(`reports`), all driven by one loop (`loop`)."""

from services.notifications.dispatch.loop import Dispatcher

__all__ = ["Dispatcher"]
