"""Procurement: tenders, bidders, the sealed-bid vault, the deadline clock, evaluations and awards."""
