"""Messages from the Jinja2 templates in `templates/<language>/<kind>`: a subject, a plain-text and an HTML body.

The plain-text template declares the subject (`{% set subject %}…{% endset %}`), so one file holds all the
words of a message that are not markup.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


class MessageRenderer:
    def __init__(self, folder: Path = TEMPLATES) -> None:
        self._templates = Environment(
            loader=FileSystemLoader(folder),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,  # a missing variable is a bug, not a blank in a bidder's award notice
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,  # an included paragraph keeps its line end
        )

    def render(self, kind: str, language: str, variables: dict[str, Any]) -> Message:
        text = self._templates.get_template(f"{language}/{kind}.txt").make_module(variables)
        subject = " ".join(str(text.subject).split())  # type: ignore[attr-defined]  # the template's own set
        html = self._templates.get_template(f"{language}/{kind}.html").render(
            variables, subject=subject, language=language
        )
        return Message(subject=subject, text=f"{str(text).strip()}\n", html=html)
