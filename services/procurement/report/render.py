"""The report as HTML (Jinja2) and as PDF (fpdf2 drawing the same HTML). The PDF uses DejaVu Sans when the
machine has it, for every Danish character; otherwise a core font, with characters it cannot draw replaced."""

from pathlib import Path
from typing import Any

from fpdf import FPDF
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.procurement.report.labels import LABELS

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape())
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def render_html(report: dict[str, Any], lang: str = "da") -> str:
    return TEMPLATES.get_template("report.html").render(**report, t=LABELS[lang], lang=lang)


def render_pdf(report: dict[str, Any], lang: str = "da") -> bytes:
    pdf = FPDF(orientation="landscape")
    pdf.set_auto_page_break(auto=True, margin=12)
    font = _font(pdf)
    pdf.add_page()
    pdf.set_font(font, size=8)
    html = render_html(report, lang).split("<body>", 1)[1].split("</body>", 1)[0]
    if font != "DejaVu":
        html = html.encode("latin-1", "replace").decode("latin-1")
    pdf.write_html(html, font_family=font)
    return bytes(pdf.output())


def _font(pdf: FPDF) -> str:
    if not UNICODE_FONT.exists():
        return "helvetica"
    pdf.add_font("DejaVu", "", str(UNICODE_FONT))
    bold = UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", "B", str(bold if bold.exists() else UNICODE_FONT))
    return "DejaVu"
