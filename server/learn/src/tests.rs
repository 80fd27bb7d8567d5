//! Unit tests of the learner as a whole: a tiny workspace taught by hand.

use pactum_engine::Engine;

use super::*;

fn labels() -> Labels {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Labels::new(
        names(&["PERSON", "ORG", "PARK", "GPE", "DATE", "TECH_FIELD"]),
        names(&["SIGNING", "PURPOSE"]),
    )
}

fn judged(text: &str, spans: &[(&str, &str, Verdict)]) -> Vec<Judged> {
    spans
        .iter()
        .map(|(t, l, v)| {
            let start = text.find(t).expect("span text in document");
            Judged { start, end: start + t.len(), label: l.to_string(), verdict: *v }
        })
        .collect()
}

fn texts<'t>(text: &'t str, s: &[Suggestion]) -> Vec<(&'t str, String)> {
    s.iter().map(|s| (&text[s.start..s.end], s.label.clone())).collect()
}

#[test]
fn with_nothing_learnt_the_entities_are_the_engines() {
    let engine = Engine::new();
    let text = "Tehnopol and Zhongguancun Science Park signed a memorandum in Tallinn on 5 May 2016.";
    let spans = engine.annotate(text);
    let learner = Learner::train(&Corpus::new(labels()), &Settings::default());
    let got: Vec<(usize, usize, String)> = learner
        .suggest(text, &spans)
        .into_iter()
        .filter(|s| labels().entity(&s.label).is_some())
        .map(|s| (s.start, s.end, s.label))
        .collect();
    let want: Vec<(usize, usize, String)> = spans
        .iter()
        .filter(|s| labels().entity(s.label.as_str()).is_some())
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn an_accepted_text_is_suggested_elsewhere_and_a_new_label_is_learnt() {
    let engine = Engine::new();
    let mut corpus = Corpus::new(labels());
    let docs = [
        "The parks will cooperate in biomedicine and artificial intelligence.",
        "Research in biomedicine grows, and artificial intelligence too.",
        "Its firms work on artificial intelligence and biomedicine.",
    ];
    for (k, d) in docs.iter().enumerate() {
        let j = judged(
            d,
            &[
                ("biomedicine", "TECH_FIELD", Verdict::Accepted),
                ("artificial intelligence", "TECH_FIELD", Verdict::Accepted),
            ],
        );
        corpus.insert(&format!("d{k}"), d, &engine.annotate(d), &j, Coverage::Done);
    }
    let learner = Learner::train(&corpus, &Settings::default());
    let text = "A new centre for biomedicine opens.";
    let got = learner.suggest(text, &engine.annotate(text));
    assert!(texts(text, &got).contains(&("biomedicine", "TECH_FIELD".to_string())), "{got:?}");
    let s = got.iter().find(|s| s.label == "TECH_FIELD").expect("suggested");
    assert!(!s.explain().is_empty());
    assert_eq!(learner.memory_counts("biomedicine", "TECH_FIELD").files, 3);
}

#[test]
fn rejected_in_two_files_is_not_suggested_in_a_third_and_the_rule_is_demoted() {
    let engine = Engine::new();
    let mut corpus = Corpus::new(labels());
    let text = "Tehnopol signed an agreement with Ascendas.";
    let spans = engine.annotate(text);
    let tehnopol =
        spans.iter().find(|s| &text[s.start..s.end] == "Tehnopol").expect("engine suggests Tehnopol");
    let label = tehnopol.label.to_string();
    for id in ["a", "b"] {
        let j = vec![Judged {
            start: tehnopol.start,
            end: tehnopol.end,
            label: label.clone(),
            verdict: Verdict::Rejected,
        }];
        corpus.insert(id, text, &spans, &j, Coverage::Partial);
    }
    let learner = Learner::train(&corpus, &Settings::default());
    let third = "Yesterday Tehnopol met Ascendas again.";
    let got = learner.suggest(third, &engine.annotate(third));
    assert!(!texts(third, &got).iter().any(|(t, l)| *t == "Tehnopol" && *l == label), "{got:?}");
    let rule = tehnopol.provenance.first().expect("a rule");
    assert_eq!(learner.rule_counts(rule), RuleCounts { accepted: 0, rejected: 2 });
}

#[test]
fn forgetting_a_text_brings_back_the_engines_suggestion() {
    let engine = Engine::new();
    let mut corpus = Corpus::new(labels());
    let text = "Tehnopol signed an agreement with Ascendas.";
    let spans = engine.annotate(text);
    let t = spans.iter().find(|s| &text[s.start..s.end] == "Tehnopol").expect("engine suggests Tehnopol");
    let j =
        vec![Judged { start: t.start, end: t.end, label: t.label.to_string(), verdict: Verdict::Rejected }];
    corpus.insert("a", text, &spans, &j, Coverage::Partial);
    corpus.insert("b", text, &spans, &j, Coverage::Partial);
    corpus.forget("Tehnopol");
    let learner = Learner::train(&corpus, &Settings::default());
    let got = learner.suggest(text, &spans);
    assert!(texts(text, &got).contains(&("Tehnopol", t.label.to_string())), "{got:?}");
}

#[test]
fn contradictory_annotations_are_settled_by_counts() {
    let engine = Engine::new();
    let mut corpus = Corpus::new(labels());
    let text = "Skolkovo hosted the meeting.";
    let spans = engine.annotate(text);
    for (id, label) in [("a", "PARK"), ("b", "PARK"), ("c", "ORG")] {
        corpus.insert(
            id,
            text,
            &spans,
            &judged(text, &[("Skolkovo", label, Verdict::Accepted)]),
            Coverage::Done,
        );
    }
    let learner = Learner::train(&corpus, &Settings::default());
    let other = "We visited Skolkovo.";
    let got = learner.suggest(other, &engine.annotate(other));
    assert!(texts(other, &got).contains(&("Skolkovo", "PARK".to_string())), "{got:?}");
}

#[test]
fn training_is_deterministic() {
    let engine = Engine::new();
    let mut corpus = Corpus::new(labels());
    let text = "Tehnopol signed an agreement with Ascendas in biomedicine.";
    corpus.insert(
        "a",
        text,
        &engine.annotate(text),
        &judged(text, &[("biomedicine", "TECH_FIELD", Verdict::Accepted)]),
        Coverage::Done,
    );
    let a = Learner::train(&corpus, &Settings::default()).suggest(text, &engine.annotate(text));
    let b = Learner::train(&corpus, &Settings::default()).suggest(text, &engine.annotate(text));
    assert_eq!(a, b);
}

#[test]
fn a_clause_rule_the_workspace_keeps_rejecting_is_demoted_then_dropped() {
    let engine = Engine::new();
    let text = "Tehnopol and Ascendas signed a memorandum of understanding in Tallinn on 5 May 2016.";
    let spans = engine.annotate(text);
    let clause = spans.iter().find(|s| s.label.as_str() == "SIGNING").expect("the engine finds the signing");
    let signing = |learner: &Learner| {
        learner.suggest(text, &spans).into_iter().find(|s| s.label == "SIGNING" && s.start == clause.start)
    };
    let mut corpus = Corpus::new(labels());
    let fresh = Learner::train(&corpus, &Settings::default());
    let s = signing(&fresh).expect("with nothing learnt the engine's clause stands");
    assert!(s.confidence >= 0.5 && !s.explain().contains("demoted"), "{s:?}");
    // Documents marked done with no clause accepted: each rejects the rule once.
    for k in 0..8 {
        corpus.insert(&format!("d{k}"), text, &spans, &[], Coverage::Done);
    }
    let learner = Learner::train(&corpus, &Settings::default());
    let s = signing(&learner).expect("8 rejections demote the rule but do not hide it yet");
    assert!(s.confidence < 0.5 && s.explain().contains("demoted"), "{s:?}");
    for k in 8..20 {
        corpus.insert(&format!("d{k}"), text, &spans, &[], Coverage::Done);
    }
    let learner = Learner::train(&corpus, &Settings::default());
    assert_eq!(signing(&learner), None, "20 rejections, no accept: under the floor");
}
