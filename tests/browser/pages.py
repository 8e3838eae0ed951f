"""The main pages of each role, as the browser checks visit them.

Addresses are formatted with `page_ids()` of a world from tests/performance/world.py (a
running programme with a little of everything). A new main page goes here, and every browser
check (axe, no sideways scrolling at phone width, screenshots) then covers it.
"""

from __future__ import annotations

from typing import Any

from mentorlab.careerdesign import services as toolkit
from mentorlab.careerdesign.models import OdysseyPlan
from mentorlab.library.models import Article
from mentorlab.surveys.models import Invitation
from tests.performance.world import World

ROLES = ("anonymous", "actor", "mentor", "coordinator")

PAGES: dict[str, list[tuple[str, str]]] = {
    "anonymous": [
        ("home", "/"),
        ("programme", "/programmes/{slug}/"),
        ("library", "/library/"),
        ("article", "/library/{article}/"),
        ("privacy", "/privacy/"),
        ("sign-in", "/accounts/login/"),
        ("sign-up", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
    ],
    "actor": [
        ("home", "/"),
        ("programme", "/programmes/{slug}/"),
        ("workspace", "/mentorships/{pair}/"),
        ("agreement", "/mentorships/{pair}/agreement/"),
        ("goal-new", "/mentorships/{pair}/goals/new/"),
        ("meeting-new", "/mentorships/{pair}/meetings/new/"),
        ("messages", "/conversations/mentorship/{pair}/"),
        ("announcements", "/announcements/{slug}/"),
        ("events", "/events/"),
        ("event", "/events/{event}/"),
        ("group", "/events/groups/{group}/"),
        ("directory", "/events/programme/{slug}/directory/"),
        ("library", "/library/"),
        ("article", "/library/{article}/"),
        ("surveys", "/surveys/"),
        ("survey-answer", "/surveys/answer/{token}/"),
        ("toolkit", "/toolkit/"),
        ("journal", "/toolkit/journal/"),
        ("moments", "/toolkit/moments/"),
        ("values", "/toolkit/values/"),
        ("odyssey", "/toolkit/odyssey/"),
        ("plan", "/toolkit/plan/{plan}/"),
        ("prototypes", "/toolkit/prototypes/"),
        ("story", "/toolkit/story/"),
        ("summary", "/toolkit/summary/"),
        ("profile", "/me/profile/"),
        ("calendar", "/calendar/"),
        ("privacy", "/privacy/"),
    ],
    "mentor": [
        ("home", "/"),
        ("workspace", "/mentorships/{pair}/"),
        ("messages", "/conversations/mentorship/{pair}/"),
        ("events", "/events/"),
        ("library", "/library/"),
        ("article", "/library/{article}/"),
        ("surveys", "/surveys/"),
        ("shared-toolkits", "/toolkit/shared/"),
        ("shared-toolkit", "/toolkit/shared/{actor}/"),
        ("shared-plan", "/toolkit/plan/{plan}/"),
        ("profile", "/me/profile/"),
    ],
    "coordinator": [
        ("home", "/"),
        ("review", "/programmes/{slug}/review/"),
        ("setup", "/programmes/{slug}/setup/"),
        ("setup-questions", "/programmes/{slug}/setup/questions/"),
        ("setup-topics", "/programmes/{slug}/setup/topics/"),
        ("setup-new", "/programmes/setup/new/"),
        ("setup-copy", "/programmes/setup/copy/?source={programme}&first_date=2040-01-07"),
        ("matching", "/matching/{slug}/"),
        ("matching-run", "/matching/{slug}/runs/{run}/"),
        ("pairs", "/mentorships/programme/{slug}/"),
        ("nudge", "/mentorships/programme/{slug}/nudge/?pair={pair}"),
        ("announcement-new", "/announcements/{slug}/new/"),
        ("announcements", "/announcements/{slug}/"),
        ("dashboard", "/dashboard/{slug}/"),
        ("funnel", "/dashboard/{slug}/funnel/"),
        ("cycles", "/dashboard/{slug}/cycles/"),
        ("report", "/dashboard/{slug}/report/"),
        ("events", "/events/"),
        ("programme-events", "/events/programme/{slug}/"),
        ("event-new", "/events/programme/{slug}/new/"),
        ("registrations", "/events/{event}/registrations/"),
        ("check-in", "/events/{event}/check-in/"),
        ("groups", "/events/programme/{slug}/groups/"),
        ("library", "/library/"),
        ("surveys", "/surveys/p/{slug}/"),
        ("survey", "/surveys/p/{slug}/{survey}/"),
        ("survey-report", "/surveys/p/{slug}/{survey}/report/"),
        ("benefits", "/surveys/p/{slug}/benefits/"),
        ("survey-scales", "/surveys/p/{slug}/scales/"),
        ("help-requests", "/surveys/p/{slug}/help/"),
        ("profile", "/me/profile/"),
    ],
}


def _first_article() -> Article:
    article = Article.objects.filter(is_published=True).order_by("order").first()
    assert article is not None, "the world has no published article"
    return article


def toolkit_fill(world: World) -> OdysseyPlan:
    """The actor's values, compass, odyssey plan and career story, shared with the mentor
    (the world has none), so the toolkit pages show what they look like in use; and the first
    article opens an exercise in the toolkit, as several of the starter library's do."""
    Article.objects.filter(pk=_first_article().pk).update(tool="careerdesign:values")
    actor = world.actor
    plan = OdysseyPlan.objects.filter(owner=actor).first()
    if plan is not None:
        return plan
    toolkit.values_add(owner=actor, names=["Curiosity", "Fairness", "Family"])
    toolkit.compass_save(
        owner=actor, workview="Work is how I learn.", lifeview="People first.", shared=True
    )
    toolkit.story_save(owner=actor, text="I started in chemistry and found I liked teaching.")
    plan = toolkit.odyssey_plan_save(
        owner=actor,
        values={
            "plan_kind": "current",
            "title": "Researcher who teaches",
            "year1": "Finish the thesis.",
            "questions": "Where?\nWith whom?",
        },
    )
    toolkit.item_share(owner=actor, item=plan, shared=True)
    return plan


def page_ids(world: World) -> dict[str, Any]:
    """What the addresses are formatted with (adding the actor's toolkit items first)."""
    plan = toolkit_fill(world)
    invitation = Invitation.objects.filter(survey=world.survey, user=world.actor).get()
    return {
        **world.ids(),
        "actor": world.actor.pk,
        "programme": world.programme.pk,
        "article": _first_article().slug,
        "token": invitation.token,
        "plan": plan.pk,
    }
