"""Fit the plain-text reader's boundary and parent models on the tuning threads.

    python -m argmap.read.fit              # writes argmap/read/reader_model.json
    python -m argmap.read.fit --parents    # refit both parent models (boundaries kept)
    python -m argmap.read.fit --margins    # the margin per thread style only (weights kept)
    python -m argmap.read.fit --meaning    # the parent model with meaning signals (embedder)
    python -m argmap.read.fit --meaning --choice  # the same, fitted as a choice (shipped)
    python -m argmap.read.fit --calibrate  # what each reply edge's confidence states

Only threads outside the held-out part (`devset.is_heldout`) are used, every
source's flattening of them. Two logistic regressions (scikit-learn, standardised
signals folded back into plain weights) are fitted with the true decisions, and
the boundary threshold is chosen on the tuning threads so that the worst source
gains most over "every paragraph is a comment" on split right minus fragments.
Then the parent choice: for each fragment threshold (a comment the boundary model
gave a lower probability is skipped as a parent candidate) the parent model is
fitted, and the margin the previous comment keeps per thread style is chosen so
that the worst source's parents right minus the chain baseline is highest.
With `--choice` a parent model is fitted as the choice among a reply's candidates
that the reader makes (`_fit_choice`). Every source weighs the same in all fits.
The JSON holds weights and signal names only: no text from the threads.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from dataclasses import dataclass

import numpy as np

from argmap.read import devset, learn
from argmap.read import eval as reader_eval
from argmap.read.parents import (
    PARENT_STYLES,
    _log_odds,
    _parents_rules,
    choose_parents,
    comment_vectors,
    thread_style,
)
from argmap.read.scrapes import merge_copies
from argmap.read.text import (
    LIST_THRESHOLD,
    _long_form,
    _segment,
    _segment_rules,
    paragraphs,
)

__all__ = ["collect_boundaries", "collect_parents", "fit", "fit_parents", "fit_both_parents",
           "fit_margins", "fit_calibration", "calibrate_edges", "main"]

FRAGMENT_PS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)  # 0: no candidate skipped
# Debate-portal pages (every comment answers the claim), weighed like the other
# sources in the parent fit, taught a pull to the opening post that broke
# conversations (a cue-less reply on the bridge hung on the post); left out, their
# own parents fell from 0.70 to 0.48 (docs/reading.md). They weigh this much of a
# source in the parent fit (0.64 on them, measured with another boundary model).
PARENT_WEIGHT = {"debate portal": 0.25}
# log-odds the previous comment is given: -3 .. 3 by 0.25, then "almost always"
MARGINS = tuple(m / 4 for m in range(-12, 13)) + (4.0, 6.0)
# the signal that is 1 only for a reply's first candidate: where its candidates start
_PREVIOUS = learn.PARENT.index("the previous comment")
TIE = 0.01  # one reply of the smallest tuning source


def _threads(limit: int | None):
    """(flattened thread, merged paragraphs, copies, truth per paragraph) of the tuning part."""
    cache: dict[str, list[devset.Tree]] = {}
    for name, (kind, opts) in devset.SOURCES.items():
        trees = cache.setdefault(kind, devset.source_trees(kind))
        for t in [t for t in trees if not devset.is_heldout(t.id)][:limit]:
            flat = devset.flatten(t, **opts)
            paras, _ = merge_copies(paragraphs(flat.text))
            n_copies = max((max(p.copies) for p in paras), default=0) + 1
            yield name, flat, paras, n_copies, reader_eval.truth_of([p.text for p in paras], flat)


def collect_boundaries(limit: int | None = None) -> list:
    """(signals, new comment?) rows, the comment so far following the truth."""
    rows: list = []
    for name, _flat, paras, n_copies, truth in _threads(limit):
        gold = [i == 0 or truth[i] != truth[i - 1] for i in range(len(truth))]
        part: list = []
        _segment(paras, n_copies, gold=gold, collect=part)
        rows.extend((x, y, name) for x, y in part)
    return rows


@dataclass
class _Read:
    """One tuning thread as the reader segments it, with the truth to score against."""

    source: str
    flat: devset.Flat
    truth: list[str]
    drafts: list
    fixed: list | None  # parents of a long-form thread (the cue reading: no prior)
    gold: list[int | None]
    opened: list[bool]
    vectors: object = None  # one embedding per comment, for the meaning signals


def _reads(limit: int | None = None, embedder=None) -> list[_Read]:
    """Every tuning thread read the way `text.analyse` reads it, segmentation cached
    (and, given an embedder, each comment's vector for the meaning signals)."""
    out = []
    for name, flat, paras, n_copies, truth in _threads(limit):
        fixed = None
        rules = _segment_rules(paras, n_copies, None)
        if _long_form(paras, rules):
            drafts, fixed = rules, _parents_rules(rules)
        else:
            drafts = _segment(paras, n_copies)
            if LIST_THRESHOLD is not None and thread_style(drafts) == "list":
                drafts = _segment(paras, n_copies, threshold=LIST_THRESHOLD, answers=False)
        holder: dict[str, int] = {}
        for k, d in enumerate(drafts):
            for i in d.paras:
                holder.setdefault(truth[i], k)  # the comment holding a true opening
        first = {}
        for i, t in enumerate(truth):
            first.setdefault(t, i)
        opened = [d.paras[0] == first[truth[d.paras[0]]] for d in drafts]
        gold: list[int | None] = [None]
        for k, d in enumerate(drafts[1:], 1):
            par = flat.parent.get(truth[d.paras[0]])
            p = holder.get(par) if opened[k] and par else k - 1
            gold.append(p if p is not None and p < k else k - 1)
        vectors = comment_vectors(drafts, embedder, fitting=True) if fixed is None else None
        out.append(_Read(name, flat, truth, drafts, fixed, gold, opened, vectors))
    return out


def collect_parents(limit: int | None = None, reads: list[_Read] | None = None,
                    fragment_p: float = 0.0) -> list:
    """(signals, is the parent?) rows on the comments the boundary model finds.

    Fitting on the reader's own segmentation, not the true one, teaches the model
    the paths it will really see (fragments included); only comments that open a
    true comment are taught, since a fragment has no true parent to learn.
    """
    rows: list = []
    group = 0
    for rd in reads if reads is not None else _reads(limit):
        if rd.fixed is not None:
            continue
        part: list = []
        choose_parents(rd.drafts, gold=rd.gold, collect=part, keep=rd.opened,
                       margin={}, fragment_p=fragment_p, vectors=rd.vectors)
        for x, y in part:
            group += x[_PREVIOUS] == 1.0  # a reply's candidates: the previous comment first
            rows.append((x, y, rd.source, group))
    return rows


def _parent_scores(reads: list[_Read], margin: float, fragment_p: float
                   ) -> dict[tuple[str, str], reader_eval.Score]:
    """Scores per (source, style) with one margin for every style."""
    out: dict[tuple[str, str], reader_eval.Score] = {}
    for rd in reads:
        style = thread_style(rd.drafts)
        parents = rd.fixed or choose_parents(
            rd.drafts, margin=dict.fromkeys(PARENT_STYLES, margin), fragment_p=fragment_p,
            vectors=rd.vectors)
        s = reader_eval.score_thread(rd.truth, reader_eval.comments_of(rd.drafts, len(rd.truth)),
                                     [p for p, _, _ in parents], rd.flat.parent)
        out.setdefault((rd.source, style), reader_eval.Score()).add(s)
    return out


def _gain(per: dict[tuple[str, str], reader_eval.Score], pick: dict[str, float],
          table: dict[float, dict]) -> tuple[float, float]:
    """(worst source's parents right - chain, mean of it) with a margin per style."""
    sources: dict[str, reader_eval.Score] = {}
    for source, style in per:
        sources.setdefault(source, reader_eval.Score()).add(table[pick[style]][(source, style)])
    gains = [r["parents right"] - r["chain parents"] for r in (s.row() for s in sources.values())]
    return min(gains), sum(gains) / len(gains)


def fit_parents(found: dict, limit: int | None = None, log=sys.stderr,
                meaning: bool = False, choice: bool = False) -> dict:
    """Fit the parent model, then the fragment threshold and the margin per style.

    The weights are fitted on full candidate paths (fragments included: the model
    learns how sure the boundary model was of each candidate); the threshold and
    margins are then chosen for the worst source's parents right minus the chain.
    The smallest tuning source (RumourEval Reddit, about 110 replies) moves by 0.01
    per reply, so settings within `TIE` of the best worst source count as tied and
    the mean gain over the sources decides among them.
    """
    part, names, embedder = "parent", learn.PARENT, None
    if meaning:  # the model a build reads with: meaning (the embedder's vectors) and turn-taking
        from argmap.settings import Models, Settings

        part, names = "parent_meaning", learn.PARENT + learn.PARENT_MEANING + learn.PARENT_TURN
        embedder = Models(Settings()).reader_embedder
    reads = _reads(limit, embedder)
    found.pop(part, None)  # scored with the model being fitted, never a stale one
    found[part] = (_fit_choice if choice else _fit)(
        collect_parents(reads=reads, fragment_p=0.0), names,
        source_weight=PARENT_WEIGHT)
    _write(found)
    # the meaning model keeps the fragment threshold chosen for the one without: it
    # is about how sure the boundary model is, which the new signals do not change
    fragment_ps = (found["parent"]["fragment_p"],) if meaning else FRAGMENT_PS
    return _pick_margins(found, reads, fragment_ps, log, part)


def fit_margins(found: dict, limit: int | None = None, log=sys.stderr) -> dict:
    """Choose the margin per thread style again, parent weights and fragment
    threshold kept (for a new style, without refitting what was measured)."""
    return _pick_margins(found, _reads(limit), (found["parent"]["fragment_p"],), log)


def _pick_margins(found: dict, reads: list[_Read], fragment_ps: tuple[float, ...],
                  log=sys.stderr, part: str = "parent") -> dict:
    """The fragment threshold and a margin per style with the best worst source."""
    tried = []
    for fp in fragment_ps:
        table = {m: _parent_scores(reads, m, fp) for m in MARGINS}
        per = table[MARGINS[0]]
        present = sorted({style for _, style in per})
        for combo in itertools.product(MARGINS, repeat=len(present)):
            pick = {**dict.fromkeys(PARENT_STYLES, 0.0), **dict(zip(present, combo, strict=True))}
            tried.append((*_gain(per, pick, table), fp, pick))
        top = max((t for t in tried if t[2] == fp), key=lambda t: t[:2])
        print(f"fragment threshold {fp:.2f}: worst source {top[0]:+.3f} mean {top[1]:+.3f} "
              f"(margins {top[3]})", file=log)
    worst, mean, fp, pick = _best(tried)
    found[part] = {**found[part], "fragment_p": fp, "margin": pick,
                       "tuning_gain_over_chain": {"worst source": round(worst, 4),
                                                  "mean": round(mean, 4)}}
    _write(found)
    return found


def _best(tried: list[tuple]) -> tuple:
    """Of (worst source's gain, mean gain, ...) rows, the best worst source; rows within
    `TIE` of it count as tied and the mean gain decides among them."""
    best_worst = max(t[0] for t in tried)
    return max((t for t in tried if t[0] >= best_worst - TIE), key=lambda t: (t[1], t[0]))


def _source_weights(sources: list[str], source_weight: dict[str, float] | None
                    ) -> np.ndarray:
    """A weight per row (or per reply) so that every source weighs the same, however
    many rows it has: the small ones (RumourEval's Reddit conversations) are as real a
    way to write as the big ones; `source_weight` scales a source down from there."""
    counts = Counter(sources)
    return np.array([len(sources) / (len(counts) * counts[s]) * (source_weight or {}).get(s, 1.0)
                     for s in sources])


def _fit(rows: list, names: tuple[str, ...], c: float = 1.0,
         source_weight: dict[str, float] | None = None) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=int)
    weight = _source_weights([r[2] for r in rows], source_weight)
    bias = names.index("bias")
    keep = [i for i in range(x.shape[1]) if i != bias]
    scaler = StandardScaler().fit(x[:, keep])
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=c, max_iter=2000, random_state=0)
    lr.fit((x[:, keep] - scaler.mean_) / scale, y, sample_weight=weight)
    w = lr.coef_[0] / scale
    coef = [0.0] * x.shape[1]
    for j, i in enumerate(keep):
        coef[i] = float(w[j])
    coef[bias] = float(lr.intercept_[0] - (lr.coef_[0] * scaler.mean_ / scale).sum())
    return {"names": list(names), "coef": [round(v, 5) for v in coef],
            "rows": int(len(y)), "positives": int(y.sum())}


def _fit_choice(rows: list, names: tuple[str, ...], c: float = 1.0,
                source_weight: dict[str, float] | None = None) -> dict:
    """The parent model fitted as the choice it makes: for each reply, a softmax over
    its candidates, the true parent's log-probability maximised (a conditional logit).

    `choose_parents` takes the best-scoring candidate; a per-candidate logistic
    regression (`_fit`) instead learns whether each candidate, alone, is a parent,
    and spends its weights on what differs between replies (how many candidates a
    path has), not between the candidates of one reply. Signals equal for every
    candidate of a reply (the bias, the reply's length) cancel and stay at 0.
    """
    from scipy.optimize import minimize

    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=bool)
    g = np.array([r[3] for r in rows])
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    group_of = np.repeat(np.arange(len(starts)), sizes)
    gw = _source_weights([rows[i][2] for i in starts], source_weight)
    keep = [i for i, n in enumerate(names) if n != "bias"]
    mean, scale = x[:, keep].mean(0), x[:, keep].std(0)
    scale = np.where(scale > 0, scale, 1.0)
    z = (x[:, keep] - mean) / scale
    lam = 1.0 / (2.0 * c)  # as LogisticRegression's C: the penalty against the summed loss

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        top = np.maximum.reduceat(s, starts)[group_of]
        e = np.exp(s - top)
        tot = np.add.reduceat(e, starts)
        p = e / tot[group_of]
        ll = np.add.reduceat(np.where(y, s - top, 0.0), starts) - np.log(tot)
        resid = (p - y) * gw[group_of]
        return (-(gw * ll).sum() + lam * (w @ w), z.T @ resid + 2 * lam * w)

    w = minimize(loss, np.zeros(len(keep)), jac=True, method="L-BFGS-B",
                 options={"maxiter": 2000}).x / scale
    coef = [0.0] * x.shape[1]
    for j, i in enumerate(keep):
        coef[i] = float(w[j])
    return {"names": list(names), "coef": [round(v, 5) for v in coef], "fit": "choice",
            "rows": int(len(y)), "positives": int(y.sum())}


def fit(limit: int | None = None, choice: bool = False) -> dict:
    """Fit the boundary model, pick its threshold on the tuning threads, then the parents."""
    found = {"boundary": _fit(collect_boundaries(limit), learn.BOUNDARY),
             # placeholder until fitted: always the previous comment
             "parent": {"names": list(learn.PARENT),
                        "coef": [1.0 if n == "the previous comment" else 0.0
                                 for n in learn.PARENT]}}
    tried = []
    for th in np.arange(0.05, 0.41, 0.05):
        found["boundary"]["threshold"] = round(float(th), 2)
        _write(found)
        res = reader_eval.evaluate("tune", limit=60)
        rows = [s.row() for n, s in res.items() if n != "overall"]
        # each source's margin over "every paragraph is a comment", on the balance
        # split right - fragments
        gains = [(r["split right"] - r["fragments"]) - (1 - r["every-para fragments"])
                 for r in rows]
        tried.append((min(gains), sum(gains) / len(gains), round(float(th), 2)))
        print(f"threshold {th:.2f}: margin over every-paragraph, worst source "
              f"{min(gains):+.3f}, mean {tried[-1][1]:+.3f}", file=sys.stderr)
    # a source every paragraph already reads right (debate pages: split 1.00,
    # fragments 0.00) ties every threshold at 0, and the lowest would win; among the
    # thresholds within TIE of the best worst source, the mean margin decides
    found["boundary"]["threshold"] = _best(tried)[2]
    _write(found)
    return fit_both_parents(found, limit, choice)


def fit_both_parents(found: dict, limit: int | None = None, choice: bool = False) -> dict:
    """The words-only parent model, then the one with meaning signals that builds read
    with: it keeps the other's fragment threshold, so it is refitted after it."""
    return fit_parents(fit_parents(found, limit, choice=choice), limit, meaning=True,
                       choice=choice)


def _calibration_sources() -> list[tuple[str, tuple[str, dict]]]:
    """Every source whose parents the model chooses: the flat pastes and those whose
    blank lines mark the comments (where indentation places the replies, it decides)."""
    return [*devset.SOURCES.items(),
            *[(n, v) for n, v in devset.SPACED_SOURCES.items() if "spaced" in v[1]]]


def fit_calibration(found: dict, limit: int | None = None, log=sys.stderr) -> dict:
    """Map each reply edge's (parent share, boundary probability) to how often such
    edges are right, per thread style (`parents.edge_confidence`).

    Every tuning thread is read as a build reads it; each edge the parent model chose
    is one row, right or wrong as `eval.edge_outcomes` scores it, and each source
    weighs the same. The choices do not change, only the confidence they state.
    """
    embedder = reader_eval.build_embedder()
    rows: list[tuple[str, float, float, str, bool]] = []
    cache: dict[str, list[devset.Tree]] = {}
    for name, (kind, opts) in _calibration_sources():
        trees = cache.setdefault(kind, devset.source_trees(kind))
        for t in [t for t in trees if not devset.is_heldout(t.id)][:limit]:
            flat = devset.flatten(t, **opts)
            shares: list = []
            truth, comment_of, parents = reader_eval.read_flat(flat, embedder, shares)
            if len(shares) != len(parents) - 1:
                continue  # read by the long-form rules: no model chose
            outcomes = reader_eval.edge_outcomes(truth, comment_of, [p for p, _, _ in parents],
                                                 flat.parent)
            rows.extend((name, *shares[a - 1], right) for a, right in outcomes.items()
                        if shares[a - 1] is not None)
        print(f"{name}: {sum(r[0] == name for r in rows)} edges", file=log)
    part = learn.parent_part(True)
    found[part] = {**found[part], "calibration": calibrate_edges(rows, log)}
    _write(found)
    return found


def calibrate_edges(rows: list[tuple[str, float, float, str, bool]], log=sys.stderr
                    ) -> dict[str, list[float]]:
    """Per thread style, a logistic map from an edge's (share, boundary probability)
    log-odds to whether it is right; rows are (source, share, boundary probability,
    style, right), and each source weighs the same."""
    from sklearn.linear_model import LogisticRegression

    per_source = Counter(r[0] for r in rows)
    calibration: dict[str, list[float]] = {}
    for style in PARENT_STYLES:
        mine = [r for r in rows if r[3] == style]
        if len({r[4] for r in mine}) < 2:
            continue
        x = np.array([[_log_odds(r[1]), _log_odds(r[2])] for r in mine])
        y = np.array([r[4] for r in mine])
        w = np.array([1.0 / per_source[r[0]] for r in mine])
        m = LogisticRegression(C=1.0).fit(x, y, sample_weight=w * len(w) / w.sum())
        calibration[style] = [round(float(m.coef_[0][0]), 4), round(float(m.coef_[0][1]), 4),
                              round(float(m.intercept_[0]), 4)]
        print(f"{style}: {len(mine)} edges, {y.mean():.3f} right; share x {calibration[style][0]}"
              f", boundary x {calibration[style][1]}, bias {calibration[style][2]}", file=log)
    return calibration


def _write(found: dict) -> None:
    learn.MODEL_PATH.write_text(json.dumps(found, indent=1) + "\n", "utf-8")
    learn.model.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m argmap.read.fit",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="threads per source")
    ap.add_argument("--parents", action="store_true",
                    help="keep the boundary model, refit both parent models")
    ap.add_argument("--margins", action="store_true",
                    help="keep both models, choose the margin per thread style only")
    ap.add_argument("--meaning", action="store_true",
                    help="keep the other models, fit the parent model with meaning signals")
    ap.add_argument("--choice", action="store_true",
                    help="fit parent models as a choice among candidates (conditional logit)")
    ap.add_argument("--calibrate", action="store_true",
                    help="keep every model, fit what the reply edges' confidence states")
    args = ap.parse_args(argv)
    if args.calibrate:
        fit_calibration(dict(learn.model()), args.limit)
        return 0
    if args.meaning:
        found = fit_parents(dict(learn.model()), args.limit, meaning=True, choice=args.choice)
    elif args.margins:
        found = fit_margins(dict(learn.model()), args.limit)
    elif args.parents:
        found = fit_both_parents(dict(learn.model()), args.limit, args.choice)
    else:
        found = fit(args.limit, args.choice)
    for part in ("boundary", "parent", "parent_meaning"):
        if part not in found:
            continue
        m = found[part]
        print(f"{part}: {m['rows']} rows, {m['positives']} positive, "
              + ", ".join(f"{k} {v}" for k, v in m.items()
                          if k not in ("names", "coef", "rows", "positives")))
        for name, w in sorted(zip(m["names"], m["coef"], strict=True), key=lambda t: -abs(t[1])):
            print(f"  {w:+.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
