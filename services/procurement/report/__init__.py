"""The evaluation report: one document per tender with the procedure, the model, the bids, exclusions and reasons,
the committee's points and justifications, the ranking and the award. HTML and PDF, Danish or English."""

from services.procurement.report.assemble import assemble_report
from services.procurement.report.render import render_html, render_pdf

__all__ = ["assemble_report", "render_html", "render_pdf"]
