"""Fixed vocabularies shared by the application forms, the matcher and the directory."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _


class DegreeLevel(models.TextChoices):
    MASTERS = "masters", _("Master's")
    DOCTORAL = "doctoral", _("Doctoral")


class Track(models.TextChoices):
    MASTERS = "masters", _("Master's students")
    DOCTORAL = "doctoral", _("Doctoral students")
    BOTH = "both", _("Master's and doctoral students")


class MentorLevels(models.TextChoices):
    MASTERS = "masters", _("Master's students")
    DOCTORAL = "doctoral", _("Doctoral students")
    BOTH = "both", _("Either")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Role(models.TextChoices):
    ACTOR = "actor", _("Actor (student)")
    MENTOR = "mentor", _("Mentor")
    COORDINATOR = "coordinator", _("Coordinator")


LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
    ("et", _("Estonian")),
]

INDUSTRIES = [
    ("technology", _("Software and technology")),
    ("energy", _("Energy and cleantech")),
    ("manufacturing", _("Manufacturing and engineering")),
    ("consulting", _("Consulting")),
    ("finance", _("Finance and insurance")),
    ("public", _("Public sector")),
    ("research", _("Research and academia")),
    ("health", _("Health and life sciences")),
    ("design", _("Design, media and culture")),
    ("startups", _("Startups and entrepreneurship")),
    ("ngo", _("Non-profit and NGOs")),
    ("construction", _("Built environment and construction")),
    ("retail", _("Retail and consumer goods")),
    ("other", _("Other")),
]

SCHOOLS = [
    ("ARTS", _("School of Arts, Design and Architecture")),
    ("BIZ", _("School of Business")),
    ("CHEM", _("School of Chemical Engineering")),
    ("ELEC", _("School of Electrical Engineering")),
    ("ENG", _("School of Engineering")),
    ("SCI", _("School of Science")),
]


def label_for(choices: Sequence[tuple[str, object]], code: str) -> str:
    return str(dict(choices).get(code, code))
