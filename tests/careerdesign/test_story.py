"""The career story: every save is a version; a failed save keeps the typed draft."""

from __future__ import annotations

from django.urls import reverse

from mentorlab.careerdesign.models import CareerStory, StoryVersion


def test_each_save_keeps_a_new_version(as_user, actor):
    client = as_user(actor)
    client.post(reverse("careerdesign:story"), {"text": "First draft about bikes."})
    client.post(reverse("careerdesign:story"), {"text": "Second draft about energy systems."})
    story = CareerStory.objects.get(owner=actor)
    assert list(story.versions.values_list("number", flat=True)) == [2, 1]
    old = client.get(reverse("careerdesign:story_version", args=[story.pk, 1])).content.decode()
    assert "First draft about bikes." in old
    current = client.get(reverse("careerdesign:story")).content.decode()
    assert "Second draft about energy systems." in current


def test_saving_the_same_text_twice_adds_no_version(as_user, actor):
    client = as_user(actor)
    client.post(reverse("careerdesign:story"), {"text": "Same."})
    client.post(reverse("careerdesign:story"), {"text": "Same."})
    assert StoryVersion.objects.count() == 1


def test_long_draft_survives_a_failed_save(as_user, actor):
    draft = "I have always liked taking things apart. " * 600  # over the 20,000 limit
    response = as_user(actor).post(reverse("careerdesign:story"), {"text": draft})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 20000 characters" in page
    assert draft.strip() in page  # the textarea still holds everything typed
    assert not StoryVersion.objects.exists()


def test_empty_story_is_refused(as_user, actor):
    response = as_user(actor).post(reverse("careerdesign:story"), {"text": "   "})
    assert "The story is empty" in response.content.decode()
    assert not StoryVersion.objects.exists()


def test_mentor_reads_versions_only_when_story_is_shared(as_user, actor, mentor, mentorship):
    as_user(actor).post(reverse("careerdesign:story"), {"text": "Version one."})
    story = CareerStory.objects.get(owner=actor)
    url = reverse("careerdesign:story_version", args=[story.pk, 1])
    assert as_user(mentor).get(url).status_code == 404
    story.shared = True
    story.save()
    assert "Version one." in as_user(mentor).get(url).content.decode()


def test_story_page_shows_toolkit_items_beside_the_draft(as_user, actor):
    client = as_user(actor)
    client.post(reverse("careerdesign:values"), {"action": "pick", "pick-own": "Tinkering"})
    page = client.get(reverse("careerdesign:story")).content.decode()
    assert "From your toolkit" in page and "Tinkering" in page
