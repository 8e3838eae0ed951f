"""What a new programme gets from surveys, and what a copy of a programme takes along:
registered in `programme_setup_providers` (programmes cannot import this app)."""

from __future__ import annotations

from django.db import transaction

from mentorlab.core.content_columns import content_columns
from mentorlab.programmes.models import Programme
from mentorlab.programmes.setup import ProgrammeCopy

from .models import Item, ProgrammeBenefit, Survey, SurveyState
from .scales import scales_copy
from .services import benefits_ensure

SURVEY_RULES = ("audience", "kind", "anonymous", "min_group_size")
ITEM_RULES = ("order", "kind", "required", "benefit")


def programme_setup(*, programme: Programme, copy: ProgrammeCopy | None = None) -> None:
    """A new programme gets the built-in benefit statements. A copy gets the source's
    statements as its coordinators worded them, and each of its surveys as a draft with
    the same questions, opening and closing as many days later as the programme moved.
    Scored scales are copied too, and copied questions keep their scale.
    Invitations, answers and help requests stay with the source."""
    # Written texts are copied in every language they have (see core/content_columns.py).
    survey_fields = (*SURVEY_RULES, *content_columns(Survey, ("title", "intro")))
    item_fields = (
        *ITEM_RULES,
        *content_columns(Item, ("text", "help_text", "choices", "help_answer")),
    )
    statement_fields = content_columns(ProgrammeBenefit, ("statement",))
    with transaction.atomic():
        if copy is not None:
            ProgrammeBenefit.objects.bulk_create(
                [
                    ProgrammeBenefit(
                        programme=programme,
                        audience=benefit.audience,
                        key=benefit.key,
                        order=benefit.order,
                        active=benefit.active,
                        **{name: getattr(benefit, name) for name in statement_fields},
                    )
                    for benefit in ProgrammeBenefit.objects.filter(programme=copy.source)
                ],
                ignore_conflicts=True,
            )
        benefits_ensure(programme=programme)
        if copy is None:
            return
        scale_items = scales_copy(source=copy.source, target=programme)
        items: list[Item] = []
        for survey in Survey.objects.filter(programme=copy.source).prefetch_related("items"):
            new = Survey(
                programme=programme,
                state=SurveyState.DRAFT,
                opens_at=copy.shift(survey.opens_at),
                closes_at=copy.shift(survey.closes_at),
                **{name: getattr(survey, name) for name in survey_fields},
            )
            new.full_clean()
            new.save()
            items.extend(
                Item(
                    survey=new,
                    scale_item=scale_items.get(item.scale_item_id or 0),
                    **{name: getattr(item, name) for name in item_fields},
                )
                for item in survey.items.all()
            )
        Item.objects.bulk_create(items)
