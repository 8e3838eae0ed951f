"""Pair scores, breakdowns, suggestions and the peer-similarity helper (no Django)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mentorlab.matching.engine import (  # noqa: E402
    Actor,
    MatchingInputError,
    Mentor,
    Problem,
    Rules,
    Weights,
    suggestions,
    topic_text_similarity_matrix,
)

FI = frozenset({"fi"})
BOTH = frozenset({"masters", "doctoral"})
ONLY = {c: 0.0 for c in ("topics", "industry", "text", "location", "preference", "diversity")}


def only(**kw: float) -> Weights:
    return Weights(**{**ONLY, **kw})


def score_of(a: Actor, m: Mentor, weights: Weights) -> tuple[int, dict[str, int]]:
    (s,) = suggestions(Problem([a], [m], weights=weights), a.id)
    return s.score, s.breakdown


def test_topics_score_is_share_of_actor_topics_covered() -> None:
    a = Actor("a", "masters", languages=FI, topics=frozenset({"AI", "data", "law", "energy"}))
    m = Mentor("m", BOTH, languages=FI, topics=frozenset({"ai", "Data", "art"}))
    assert score_of(a, m, only(topics=2)) == (100, {"topics": 100})


def test_industry_location_diversity_points() -> None:
    a = Actor(
        "a", "masters", field="Law", languages=FI, industries=frozenset({"Tech"}), city="Espoo"
    )
    m = Mentor("m", BOTH, field="CS", languages=FI, industry="tech", city=" espoo")
    w = only(industry=1, location=1, diversity=0.5)
    assert score_of(a, m, w) == (250, {"industry": 100, "location": 100, "diversity": 50})
    same_field = Mentor("m", BOTH, field="law", languages=FI, industry="gov", city="Oulu")
    assert score_of(a, same_field, w) == (0, {"industry": 0, "location": 0, "diversity": 0})


@pytest.mark.parametrize(
    ("actor_remote", "mentor_remote", "points"),
    [(True, True, 100), (True, False, 0), (False, True, 0)],
)
def test_location_counts_remote_only_when_both_accept_it(
    actor_remote: bool, mentor_remote: bool, points: int
) -> None:
    a = Actor("a", "masters", languages=FI, city="Espoo", remote_ok=actor_remote)
    m = Mentor("m", BOTH, languages=FI, city="Oulu", remote_ok=mentor_remote)
    assert score_of(a, m, only(location=1))[0] == points


def test_text_similarity_prefers_the_matching_offer() -> None:
    a = Actor(
        "a", "masters", languages=FI, goals_text="I want to move into machine learning research"
    )
    ms = [
        Mentor("m1", BOTH, languages=FI, offer_text="I lead a machine learning research team"),
        Mentor("m2", BOTH, languages=FI, offer_text="Tax law and accounting practice"),
    ]
    result = suggestions(Problem([a], ms, weights=only(text=1)), "a")
    assert [s.mentor for s in result] == ["m1", "m2"]
    assert 0 < result[0].breakdown["text"] <= 100
    assert result[1].breakdown["text"] == 0


def test_preference_points_fall_with_rank() -> None:
    a = Actor("a", "masters", languages=FI, preferences=("m2", "m3", "m1"))
    ms = [Mentor(f"m{j}", BOTH, languages=FI) for j in (1, 2, 3)]
    result = suggestions(Problem([a], ms, weights=only(preference=3)), "a")
    assert [(s.mentor, s.score) for s in result] == [("m2", 300), ("m3", 200), ("m1", 100)]
    assert result[0].reasons == ("your choice no. 1",)


def test_suggestions_apply_hard_rules_and_explain() -> None:
    a = Actor(
        "a",
        "doctoral",
        languages=FI,
        topics=frozenset({"ai"}),
        city="Espoo",
        conflict_employer="Kone",
    )
    ms = [
        Mentor("ok", BOTH, languages=FI, topics=frozenset({"ai"}), city="Espoo"),
        Mentor("no_level", frozenset({"masters"}), languages=FI),
        Mentor("no_lang", BOTH, languages=frozenset({"en"})),
        Mentor("conflict", BOTH, languages=FI, employer="KONE"),
        Mentor("excluded", BOTH, languages=FI),
        Mentor("full", BOTH, languages=FI, capacity=0),
        Mentor("weak", BOTH, languages=FI),
    ]
    rules = Rules(exclusions=frozenset({("a", "excluded")}))
    result = suggestions(Problem([a], ms, rules=rules), "a", k=8)
    assert [s.mentor for s in result] == ["ok", "weak"]
    assert "shares 1 of your topics: ai" in result[0].reasons
    assert "also in Espoo" in result[0].reasons
    assert result[0].score == sum(result[0].breakdown.values())
    with pytest.raises(MatchingInputError, match="unknown actor 'zz'"):
        suggestions(Problem([a], ms), "zz")


def test_weights_must_be_non_negative() -> None:
    with pytest.raises(ValueError, match="topics"):
        Weights(topics=-1)


def test_topic_text_similarity_matrix() -> None:
    actors = [
        Actor("a", "masters", topics=frozenset({"ai", "data"}), goals_text="machine learning jobs"),
        Actor(
            "b", "masters", topics=frozenset({"ai", "data"}), goals_text="machine learning career"
        ),
        Actor("c", "masters", topics=frozenset({"law"}), goals_text="courtroom practice"),
    ]
    sim = topic_text_similarity_matrix(actors)
    assert sim.shape == (3, 3)
    assert np.allclose(sim, sim.T)
    assert np.allclose(np.diag(sim), 1.0)
    assert sim[0, 1] > 0.5 > sim[0, 2]
    assert sim[0, 2] == pytest.approx(0.0)


def test_tfidf_backend_equals_tfidf_vectorizer_on_the_whole_corpus() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from mentorlab.matching.engine import TfidfBackend

    actor_texts = ["I want to move into AI.", "data and law", "I want to move into AI.", ""]
    mentor_texts = ["I lead an AI team", "law, data, policy", "data and law"]
    ta, tm = TfidfBackend().encode(actor_texts, mentor_texts)
    ref = (
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
        .fit_transform(actor_texts + mentor_texts)
        .toarray()
    )
    assert np.array_equal(np.vstack([ta.toarray(), tm.toarray()]), ref)
