"""Legal citations in the reader's language. The rules cite their sources in one notation in the code
("Rules 379 p. 11, 1) paragraph 4", "002 Appendix 1, п. 18"); the terms and the few descriptive
citations are translated here, in one place, through the catalogs."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Whole descriptive citations (Qamqor's own choices), then the terms of the notation, longest first.
_PHRASES = {
    "wait estimate from recent turnover": _("wait estimate from recent turnover"),
    "append-only journal; corrections by correcting events": _("append-only journal; corrections by correcting "
                                                                "events"),
    "the seeds set no deadline for the assessment of need or for the decision": _(
        "the seeds set no deadline for the assessment of need or for the decision"),
    "(documents 2)–5) may be requested after admission)": _("(documents 2)–5) may be requested after admission)"),
    '(numbered "6)" in the source)': _('(numbered "6)" in the source)'),
    "(second)": _("(second)"),
    "A-19: time allowed to arrive after an offer": _("A-19: time allowed to arrive after an offer"),
}
_TERMS = (
    ("Rules 379", pgettext_lazy("citation", "Rules 379")),
    ("Rule A", pgettext_lazy("citation", "Rule A")),
    ("Rule B", pgettext_lazy("citation", "Rule B")),
    ("Rule C", pgettext_lazy("citation", "Rule C")),
    ("Appendix", pgettext_lazy("citation", "Appendix")),
    ("App.", pgettext_lazy("citation", "App.")),
    ("paragraphs", pgettext_lazy("citation", "paragraphs")),
    ("paragraph", pgettext_lazy("citation", "paragraph")),
    ("art.", pgettext_lazy("citation", "art.")),
    ("p.", pgettext_lazy("citation", "p.")),
    ("row", pgettext_lazy("citation", "row")),
    ("also", pgettext_lazy("citation", "also")),
)
_TERM_RE = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])" for t, _ in _TERMS))
_TERM_MAP = dict(_TERMS)


def localize(text: str) -> str:
    for phrase, translated in _PHRASES.items():
        if phrase in text:
            text = text.replace(phrase, str(translated))
    return _TERM_RE.sub(lambda m: str(_TERM_MAP[m.group(0)]), text)
