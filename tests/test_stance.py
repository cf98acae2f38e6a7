"""Stance: each cue rule on examples that could go either way, the metrics, and `argmap stance`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.stance import CueClassifier, HybridClassifier, LexiconClassifier, cue_signal
from argmap.stance.cues import model_reading
from argmap.stance.eval import accuracy, macro_f1

FIXTURES = Path(__file__).resolve().parent / "fixtures"
T = "Remote work makes teams more productive."


def side(reply: str, target: str = T) -> str:
    s = cue_signal(target, reply).score
    return "attack" if s > 0 else "support" if s < 0 else "none"


def test_concession_then_contrast_attacks():
    assert side("I agree that commuting is wasteful, but productivity fell in my team.") == "attack"
    assert side("Fair enough as far as it goes, but you missed the point.") == "attack"
    assert side("Sure. But nobody measured output.") == "attack"


def test_praise_or_a_granted_point_before_an_objection_is_a_concession():
    # "Good point, but ..." was a confident support (0.99, the "good point" cue)
    assert side("Good point, but my team ships less since we went remote.") == "attack"
    assert side("Great video, but you ignore delivery vans completely.") == "attack"
    assert side("Interesting post. However, nobody measured output.") == "attack"
    assert side("Nice idea, but the buses here are already full.") == "attack"
    reply = "Good point, but my team ships less since we went remote."
    assert model_reading(reply, cue_signal(T, reply)) == "my team ships less since we went remote."
    # praise alone, or praise and more of the same, still agrees
    assert side("Good point, and the numbers back it up.") == "support"
    assert side("Well said.") == "support"
    assert side("Great video about remote teams.") == "none"


def test_plain_agreement_supports_and_is_not_mistaken_for_a_concession():
    assert side("I agree, and the numbers back it up.") == "support"
    assert side("I completely agree with this.") == "support"


def test_explicit_disagreement_attacks():
    assert side("I strongly disagree with the premise.") == "attack"
    assert side("I don't buy it.") == "attack"
    assert side("You're conflating focus with output.") == "attack"


def test_opening_contrast_or_denial_attacks_but_not_midway_but():
    assert side("But that only holds for engineers.") == "attack"
    assert side("No, the study says the opposite.") == "attack"
    # "but" in the middle of a sentence with no concession before it is no cue
    assert side("We tried it for a year but kept the office open on Fridays.") == "none"


def test_not_true_attacks():
    assert side("That's not true for most teams.") == "attack"


def test_opening_yes_supports_unless_a_contrast_follows():
    assert side("Yes, and meetings got shorter too.") == "support"
    assert side("Yes, but meetings got longer.") == "attack"


def test_extension_markers_support():
    assert side("Expanding on this: our sales team closed more deals from home.") == "support"
    assert side("To add to that, sick days went down.") == "support"


def test_negation_of_the_targets_own_words_attacks():
    assert side("Teams are not more productive at home; they just log more hours.") == "attack"
    # negation of a word the target does not use is no signal
    assert side("The weather was not nice this year.") == "none"
    # when the target is itself negated, a negation in the reply is no evidence of attack
    assert (
        side("It does not make them productive.", "Remote work does not make teams productive.")
        == "none"
    )


def test_answering_the_targets_word_with_its_opposite_attacks():
    target = "Social media is good for teenagers."
    assert side("Social media is bad for teenagers: it costs them sleep.", target) == "attack"
    assert cue_signal(target, "It is bad for their sleep.").kind == "antonym"
    # the opposite of a word the target does not use is no signal
    assert side("The food at school is bad.", "Homework should be banned.") == "none"
    # a reply that repeats the target's word as well is not answering it with the opposite
    assert side("Good or bad, teenagers use it for hours.", target) == "none"
    # a negated target flips what an opposite means: no evidence either way
    assert side("It is bad for them.", "Social media is not good for teenagers.") == "none"


def test_cue_baseline_says_neutral_without_cues():
    res = CueClassifier().predict([(T, "Our office has a nice kitchen.")])
    assert res[0].stance == "neutral"


def test_lexicon_classifier_commits_without_cues():
    res = LexiconClassifier().predict([(T, "Our office has a nice kitchen.")])
    assert res[0].stance in ("support", "attack")


def test_macro_f1_counts_neutral_as_a_miss():
    gold = ["support", "attack", "attack", "support"]
    assert macro_f1(gold, gold) == 1.0
    assert macro_f1(gold, ["neutral"] * 4) == 0.0
    half = macro_f1(gold, ["support", "attack", "neutral", "neutral"])
    assert 0.0 < half < 1.0
    assert accuracy(gold, ["support", "attack", "neutral", "neutral"]) == 0.5


class _Fixed:
    """A stand-in encoder that always gives the same (support, attack, neutral) probabilities."""

    def __init__(self, probs):
        self.probs = probs

    def predict_proba(self, pairs, batch_size=32):
        return [list(self.probs)] * len(pairs)


def test_hybrid_lets_a_strong_cue_overrule_a_lukewarm_model_and_says_why():
    h = HybridClassifier(model=_Fixed((0.3, 0.45, 0.25)), combiner=None)
    out = h.predict([(T, "Exactly, well said."), (T, "Our office has a nice kitchen."), (T, "   ")])
    assert out[0].stance == "support" and "cue" in out[0].evidence
    assert out[1].stance == "attack" and "P(attack)=0.45" in out[1].evidence
    assert out[2].stance == "neutral"  # no words: nothing to judge
    assert all(abs(sum(r.probabilities) - 1) < 1e-2 for r in out[:2])
    assert out[1].confidence == max(out[1].probabilities)


@pytest.fixture(scope="module")
def shipped():
    from argmap.stance.crossencoder import MODEL_DIR, load_cross_encoder

    if not (MODEL_DIR / "weights.safetensors").exists():
        pytest.skip("no trained stance model in this checkout")
    return load_cross_encoder()


def test_cross_encoder_reads_the_pair_and_survives_empty_and_huge_texts(shipped):
    probs = shipped.predict_proba([("", ""), (T * 2000, "word " * 50000), (T, "Exactly right.")])
    assert probs.shape == (3, 3)
    assert ((probs >= 0) & (probs <= 1)).all()
    assert abs(probs.sum(axis=1) - 1).max() < 1e-4


def test_argmap_stance_cli_on_a_fixture(tmp_path, shipped, capsys):
    from argmap.cli import main

    pairs = tmp_path / "pairs.jsonl"
    text = (FIXTURES / "stance_pairs.jsonl").read_text()
    text += json.dumps({"id": "long", "target": "x " * 5000, "text": "Long reply. " * 20000}) + "\n"
    pairs.write_text(text)
    out = tmp_path / "out.jsonl"
    assert main(["stance", str(pairs), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == 7
    assert all(r["stance"] in ("support", "attack", "neutral") for r in rows)
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows)
    assert by_id["p1"]["stance"] == "attack"  # "I strongly disagree"
    assert by_id["p2"]["stance"] == "support"  # "Exactly, and ..."
    assert by_id["p3"]["stance"] == "attack"  # concession then contrast
    assert by_id["p4"]["stance"] == "neutral"  # empty reply
    assert by_id["p5"]["stance"] == "support"  # "Expanding on this"
    assert by_id["p6"]["stance"] == "attack"  # "not true"


def test_argmap_stance_cli_reports_bad_input_in_one_line(tmp_path, capsys):
    from argmap.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "target": "a", "text": "b"}\nnot json\n')
    assert main(["stance", str(bad), "--cues-only"]) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl:2" in err and "Traceback" not in err
    assert main(["stance", str(tmp_path / "missing.jsonl")]) == 2


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # each rule of the lexicon, once, with a near miss beside it
        ("I strongly disagree with this.", "attack"),
        ("I can't agree with that.", "attack"),
        ("That is not the case at all.", "attack"),
        ("You are missing the base rates.", "attack"),
        ("This is nonsense.", "attack"),
        ("The rumour was debunked hours ago.", "attack"),
        ("Nope, it was the other team.", "attack"),
        ("Actually, the study found the opposite.", "attack"),
        ("I'm not convinced the data shows that.", "attack"),
        ("That doesn't follow from the survey.", "attack"),
        ("The problem with this is selection bias.", "attack"),
        ("Citation needed.", "attack"),
        ("Which teams though?", "attack"),
        ("I don\u2019t buy it.", "attack"),  # a curly apostrophe, as scraped text has
        ("I'm a little dissatisfied with that survey.", "attack"),
        ("I think you've missed the salient point.", "attack"),
        ("That assumes every team works the same way.", "attack"),
        ("Hard disagree. Our output fell.", "attack"),
        ("Disagree.", "attack"),
        ("That's a stretch.", "attack"),
        ("Couldn't have said it better myself.", "support"),
        ("I could not agree more.", "support"),
        ("Agreed, and it matches my experience.", "support"),
        ("Well said.", "support"),
        ("Spot on about the commute.", "support"),
        ("Yep, same at my company.", "support"),
        ("You are right about the commute.", "support"),
        ("Building on that, sick days fell too.", "support"),
        ("Expanding mildly on this: sick days fell too.", "support"),
        ("That makes sense to me.", "support"),
        # near misses: the cue word used as content, not as a stance
        (
            "Everyone was given a false answer by the bot.",
            "attack",
        ),  # weak: a content word still leans
        ("Our team has an office in the centre.", "none"),
        ("And exactly how many hours did they log?", "none"),  # "exactly" mid-sentence
        ("Economists disagree about the size of the effect.", "none"),  # not a verdict
        ("The stretch of road by the office is busy.", "none"),
        ("We can't say it any better than the survey does.", "none"),
    ],
)
def test_every_lexicon_rule(reply, expected):
    assert side(reply, "Working from home helps teams get more done.") == expected


def test_weak_content_words_weigh_less_than_explicit_stance():
    weak = cue_signal(T, "The bot gave a false answer.").score
    strong = cue_signal(T, "I disagree.").score
    assert 0 < weak < strong


def test_a_build_never_imports_stance_training_or_evaluation():
    """Training and evaluation are developer commands: the runtime package stays lean."""
    import subprocess
    import sys

    code = ("import sys, argmap.stance, argmap.pipeline, argmap.cli; "
            "print(sorted(m for m in sys.modules if m in "
            "('argmap.stance.train', 'argmap.stance.eval', 'sklearn.metrics')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow  # loads the MiniLM weights and trains
def test_training_the_top_layers_is_seeded_and_learns():
    """`fit_top` (the stance model's and the reranker's training loop): the same seed
    gives the same weights, and the loss on the training pairs goes down."""
    import torch

    from argmap.stance.crossencoder import LABELS, CrossEncoder, encoder_base
    from argmap.stance.train import cache_batches, fit_top

    rows = [{"target": "Remote work makes teams more productive.", "text": t, "label": lab}
            for t, lab in [("Exactly, our output doubled at home.", "support"),
                           ("No, meetings got longer and slower.", "attack"),
                           ("What tools does your team use?", "neutral"),
                           ("Agreed, fewer interruptions helped.", "support"),
                           ("Wrong: juniors learn far less remotely.", "attack"),
                           ("Which country is this about?", "neutral")]]

    def trained() -> tuple[dict, float, float]:
        torch.manual_seed(0)
        model = CrossEncoder(encoder_base(), frozen_layers=5, max_length=32)
        cached = cache_batches(
            model, [(r["target"], r["text"], LABELS.index(r["label"])) for r in rows], 3)
        params = list(model.trainable().values())
        for p in params:
            p.requires_grad_(True)

        def loss() -> float:
            with torch.no_grad():
                return sum(torch.nn.functional.cross_entropy(model.top(h.float(), m), y).item()
                           for h, m, y in cached)

        before = loss()
        fit_top(model, cached, torch.optim.AdamW(params, lr=1e-3), epochs=8, seed=0, t0=0.0)
        return {k: v.detach().clone() for k, v in model.trainable().items()}, before, loss()

    a, before, after = trained()
    b, _, _ = trained()
    assert after < before
    assert all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("claim, contrary", [
    ("We should ban private cars", "We should not ban private cars"),
    ("Homeschooling should be banned", "Homeschooling should not be banned"),
    ("It is not fair to tax savings", "It is fair to tax savings"),
    ("The vow of celibacy is not needed", "The vow of celibacy is needed"),
    ("Marriage isn't needed", None),  # a contraction: left out
    ("This house supports raising the school age", "This house opposes raising the school age"),
    ("This house believes that zoos are cruel",
     "This house does not believe that zoos are cruel"),
    ("Animals deserve rights", None),  # no auxiliary to negate: left out of training
    ("Should we ban cars?", None),  # a question, not a claim
])
def test_negating_a_claim_for_training(claim, contrary):
    from argmap.stance.train import negate

    assert negate(claim) == contrary


def _tiny_data(root: Path) -> Path:
    """A data folder in the shared layout: every set, a few train-topic pairs each."""
    from argmap.stance.train import DATASETS, topic_split

    claims = ["We should ban private cars", "Cities should tax parking", "Zoos harm animals",
              "This house supports free transit"]
    for ds in DATASETS:
        topics = [t for t in (f"topic {k}" for k in range(200))
                  if topic_split(ds, t) == "train"][:4]
        rows = [{"id": f"{ds}-{k}-{j}", "target": claims[k], "text": f"Reply {j} to {k}.",
                 "label": ("support", "attack", "neutral")[j % 3], "source": ds, "topic": t}
                for k, t in enumerate(topics) for j in range(6)]
        (root / ds).mkdir(parents=True)
        (root / ds / "pairs.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def test_negated_targets_flip_the_label_and_keep_the_sample_reproducible(tmp_path):
    from argmap.stance.train import CLAIM_SETS, training_sample

    data = _tiny_data(tmp_path)
    plain = training_sample(data, seed=0, negate_share=0.0)
    both = training_sample(data, seed=0, negate_share=1.0)
    assert training_sample(data, seed=0, negate_share=1.0) == both
    extra = [r for r in both if r["id"].endswith("#not")]
    assert len(both) == len(plain) + len(extra)
    original = {r["id"]: r for r in plain}
    for r in extra:
        src = original[r["id"][: -len("#not")]]
        assert r["label"] == {"support": "attack", "attack": "support"}[src["label"]]
        assert r["target"] != src["target"] and r["text"] == src["text"]
    # every claim-set support/attack pair whose claim can be negated, and nothing else
    want = [r for r in plain if r["dataset"] in CLAIM_SETS and r["label"] != "neutral"
            and r["target"] != "Zoos harm animals"]  # nothing to negate
    assert sorted(r["id"] + "#not" for r in want) == sorted(r["id"] for r in extra)


def test_an_argument_answering_an_argument_of_the_other_side_on_its_aspect_attacks_it():
    import random

    from argmap.stance.train import argument_pairs

    motion = "We should ban private cars from the centre"
    args = [("p1", "support", "Car exhaust poisons the air children breathe at school."),
            ("p2", "support", "Fewer cars would make the streets safe for cyclists and walkers."),
            ("c1", "attack", "Delivery vans would still fill the streets."),
            ("c2", "attack", "Cyclists and walkers already have safe streets with painted lanes."),
            ("c3", "attack", "Fewer cars means fewer customers for the shops."),
            ("c4", "attack", "Shops lose trade from the villages.")]
    rows = [{"id": i, "target": motion, "text": t, "label": lab, "topic": "cars"}
            for i, lab, t in args]
    text = {i: t for i, _, t in args}
    side = {t: lab for _, lab, t in args}
    made = argument_pairs(rows, per_label=50, rng=random.Random(0))
    assert made == argument_pairs(rows, per_label=50, rng=random.Random(0))  # seeded
    assert len(argument_pairs(rows, per_label=2, rng=random.Random(0))) == 4
    # every argument answers one of each side; the motion is never a target
    assert sorted(r["target"] for r in made) == sorted(t for t in text.values() for _ in (0, 1))
    for r in made:
        assert r["label"] == ("support" if side[r["target"]] == side[r["text"]] else "attack")
    # a rebuttal answers the same aspect: of the four arguments against, the one that
    # shares no word with "fewer cars ... safe streets" never answers it
    for seed in range(10):
        (attacker,) = [r["text"] for r in argument_pairs(rows, 50, random.Random(seed))
                       if r["target"] == text["p2"] and r["label"] == "attack"]
        assert attacker != text["c4"]


def test_the_model_reads_a_concession_from_its_contrast_on():
    from argmap.stance.cues import contrast_clause, model_reading

    reply = "I agree that traffic is bad, but a ban would hurt every shop in the centre."
    assert contrast_clause(reply) == "a ban would hurt every shop in the centre."
    assert model_reading(reply, cue_signal("Cities should ban cars.", reply)) == (
        "a ban would hurt every shop in the centre.")
    plain = "A ban would hurt every shop in the centre."
    assert contrast_clause(plain) is None
    assert model_reading(plain, cue_signal("Cities should ban cars.", plain)) == plain
    assert contrast_clause("Sure, but no.") is None  # too little left to read
    # a concession further on drops only the granted part: the opening stays
    assert contrast_clause("Just refuse when unsure. I agree that it is hard, but a refusal "
                           "is not subversion.") == (
        "Just refuse when unsure. a refusal is not subversion.")
    # and the evidence says what the model read
    from argmap.stance.hybrid import _evidence

    why = _evidence(cue_signal("Cities should ban cars.", reply), reply, [0.1, 0.8, 0.1])
    assert "model read from “a ban would hurt every shop in the centre.”" in why
    assert "model read" not in _evidence(cue_signal("Cities should ban cars.", plain), plain,
                                         [0.1, 0.8, 0.1])


def test_a_vote_as_lists_cast_it_is_a_cue_and_a_number_is_not():
    assert cue_signal(T, "I'm -1 on this. It breaks old code.").score > 0  # attack
    assert cue_signal(T, "-1. Nobody asked for it.").score > 0
    assert cue_signal(T, "I am +1 on this proposal.").score < 0  # support
    assert cue_signal(T, "Set the offset to -1 and it works.").score == 0
    assert cue_signal(T, "The index fell by -1.5 points.").score == 0


def test_the_model_reads_a_vote_in_words(shipped):
    """The model never saw "-1" and read it as a number; it now reads "I disagree"."""
    from argmap.stance.cues import model_reading

    assert model_reading("I'm -1 on this. It leaks names.", cue_signal(T, "x")) == (
        "I disagree. It leaks names.")
    assert model_reading("Set it to -1 first.", cue_signal(T, "x")) == "Set it to -1 first."
    h = HybridClassifier(model=shipped)
    target = "We should allow assignment expressions in a comprehension's iterable."
    minus, plus = h.predict([(target, "I'm -1 on this."), (target, "+1, nice idea.")])
    assert minus.stance == "attack" and plus.stance == "support"


def test_the_stance_table_runs_by_the_name_the_issue_gives_it_and_says_what_is_missing(tmp_path):
    """`python -m argmap.stance_eval` is `argmap.stance.eval`; without the data it says
    which sets are missing in one line and exits 2, before loading any model."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "argmap.stance_eval", "--data", str(tmp_path)],
                         capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path) in lines[0] and "perspectrum" in lines[0]
    assert "Traceback" not in out.stderr
