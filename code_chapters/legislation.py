"""The legislation that code paragraphs cite. A fixed list, because each entry carries its
official citation and address on legislation.gov.uk; adding an instrument is a code change and a
migration-free one (the block stores the key)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    url: str
    provision_label: str  # what one numbered provision is called: section or regulation
    provisions_label: str


INSTRUMENTS = {
    instrument.key: instrument
    for instrument in [
        Instrument(
            "sswba-2014",
            _("Social Services and Well-being (Wales) Act 2014"),
            "https://www.legislation.gov.uk/anaw/2014/4",
            _("s."),
            _("ss."),
        ),
        Instrument(
            "care-leavers-regs-2015",
            _("Care Leavers (Wales) Regulations 2015"),
            "https://www.legislation.gov.uk/wsi/2015/1820",
            _("reg."),
            _("regs."),
        ),
        Instrument(
            "children-act-2004",
            _("Children Act 2004"),
            "https://www.legislation.gov.uk/ukpga/2004/31",
            _("s."),
            _("ss."),
        ),
        Instrument(
            "education-act-2002",
            _("Education Act 2002"),
            "https://www.legislation.gov.uk/ukpga/2002/32",
            _("s."),
            _("ss."),
        ),
    ]
}

INSTRUMENT_CHOICES = [(key, instrument.title) for key, instrument in INSTRUMENTS.items()]


def cite(instrument_key, provision):
    """A short citation such as 'Social Services and Well-being (Wales) Act 2014, s. 6' or
    '..., ss. 104-118'. `provision` may be blank (the instrument as a whole)."""
    instrument = INSTRUMENTS[instrument_key]
    if not provision:
        return str(instrument.title)
    label = instrument.provisions_label if "-" in provision else instrument.provision_label
    return f"{instrument.title}, {label} {provision}"
