//! The answers on the presets, each checked by simulating it again.

use super::*;
use crate::decision::EvalDecision;
use crate::presets::PRESETS;
use crate::scenario::read_scenario_with;
use std::collections::BTreeMap;

const NOW: &str = "2026-11-22T12:00:00Z";

fn managed(text: &str) -> BTreeMap<String, String> {
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    crate::managed::read_folder(folder, text)
}

fn with<T>(id: &str, f: impl FnOnce(Ground<'_>) -> T) -> T {
    let text = PRESETS.iter().find(|p| p.id == id).unwrap().text;
    let managed = managed(text);
    let scenario = read_scenario_with(text, &managed).scenario.unwrap();
    f(Ground {
        text,
        scenario: &scenario,
        now: NOW,
        managed: &managed,
    })
}

fn decision_in(text: &str, index: usize) -> EvalDecision {
    let managed = managed(text);
    let scenario = read_scenario_with(text, &managed).scenario.unwrap();
    crate::scenario::run_scenario(&scenario, NOW).requests[index].decision
}

#[test]
fn fixes_allow_the_request_and_say_what_they_grant() {
    // sqs:SendMessage on the queue: SQSAccess names an S3 ARN.
    let answer = with("ec2-app-server", |g| fixes(g, 4).unwrap());
    assert_eq!(answer.decision, EvalDecision::ImplicitDeny);
    assert!(!answer.fixes.is_empty(), "{:#?}", answer.dropped);
    for fix in &answer.fixes {
        assert_eq!(
            decision_in(&fix.scenario, 4),
            EvalDecision::Allowed,
            "{}",
            fix.title
        );
        println!(
            "{} [{}] grants {:?}",
            fix.title,
            fix.changed_lines(),
            fix.grants.iter().map(|g| g.describe()).collect::<Vec<_>>()
        );
    }
    println!("dropped: {:#?}", answer.dropped);
    let kinds: Vec<FixKind> = answer.fixes.iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&FixKind::AddResource), "{kinds:?}");
}

#[test]
fn fixes_cover_boundaries_and_denies() {
    let put = with("common-mistakes", |g| fixes(g, 1).unwrap());
    for fix in &put.fixes {
        println!("{} [{}]", fix.title, fix.changed_lines());
    }
    println!("dropped: {:#?}", put.dropped);
    assert!(!put.fixes.is_empty());
    let secret = with("common-mistakes", |g| fixes(g, 2).unwrap());
    for fix in &secret.fixes {
        println!("{} [{}]", fix.title, fix.changed_lines());
        for l in &fix.diff {
            println!("  {}{}", l.tag, l.text);
        }
    }
    println!("dropped: {:#?}", secret.dropped);
    assert!(secret.fixes.iter().any(|f| f.kind == FixKind::Imds));
}

#[test]
fn discovery_finds_the_values_that_allow() {
    let d = with("common-mistakes", |g| discover(g, 2).unwrap());
    println!("{:#?}", d.solutions);
    println!("{:#?}", d.truth);
    assert!(!d.solutions.is_empty(), "{:?}", d.note);
}

#[test]
fn who_can_get_the_credentials() {
    let w = with("auto-scaling-qateam", who_can_get);
    for p in &w.principals {
        println!(
            "{} {} {:?}",
            p.kind,
            p.arn,
            p.paths
                .iter()
                .filter(|x| x.reachable)
                .map(|x| x.kind.id())
                .collect::<Vec<_>>()
        );
    }
    assert!(
        w.principals
            .iter()
            .any(|p| p.kind == "launcher" && p.can_get())
    );
}

#[test]
fn exfiltration_and_its_guards() {
    let e = with("ec2-app-server", exfiltration);
    for v in &e.vantages {
        println!("{} {}", v.id, v.summary.actions.len());
    }
    for g in &e.guards {
        println!("{} {:?} breaks {:?}", g.title, g.remaining, g.breaks);
    }
    assert_eq!(e.vantages.len(), 3);
    assert!(
        e.guards
            .iter()
            .all(|g| g.remaining.iter().all(|(_, n)| *n == 0))
    );
}

#[test]
#[ignore = "timing, by hand: cargo test --release -p iamplay-core --lib answers::tests::timing -- --ignored --nocapture"]
fn timing() {
    for id in ["elastic-beanstalk", "ec2-app-server"] {
        with(id, |g| {
            let outcome = g.run();
            for (i, r) in outcome.requests.iter().enumerate() {
                if r.decision == EvalDecision::Allowed {
                    continue;
                }
                let t = std::time::Instant::now();
                let f = fixes(g, i).unwrap();
                let a = t.elapsed();
                let t = std::time::Instant::now();
                let d = discover(g, i).unwrap();
                let b = t.elapsed();
                println!(
                    "{id} {i}: fix {a:?} ({} tried, {} kept) discover {b:?} ({} solutions)",
                    f.tried,
                    f.fixes.len(),
                    d.solutions.len()
                );
            }
            let t = std::time::Instant::now();
            let _ = tightenings(g);
            println!("{id} tightenings {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let _ = g.run();
            println!("{id} one run {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let _ = g.again(g.text);
            println!("{id} one read+run {:?}", t.elapsed());
        });
    }
}
