"""Notifications: every bidder told the right thing on the channel it chose, and the proof that it was."""
