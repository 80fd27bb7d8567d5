//! Examples for the frames that carry a clause beyond a modal and its
//! subject: sentence openers, reciprocal parts, passives with all the
//! parties as agent, joint bodies, second verb phrases, list items ending in
//! `;`. Made-up sentences, positive and negative.

use super::tests::{assert_all, label, labels};
use crate::Label;

fn paragraph_labels(paragraph: &str) -> Vec<Option<Label>> {
    labels(paragraph).into_iter().map(|(_, l)| l).collect()
}

#[test]
fn whatever_is_done_under_the_instrument_is_a_commitment() {
    assert_all(
        Some(Label::Commitment),
        &[
            "Under the MoU, Kista will host ten startups from Oulu each year.",
            "As part of the partnership, startups from both parks can use the shared laboratories.",
            "Within the framework of the agreement, the municipality will be responsible for transport.",
            "Under the new accord, the parks plan to hold a joint investor day.",
        ],
    );
    assert_all(
        None,
        &[
            "Under the new tax rules, the company will pay less.",
            "In its annual report, the park said revenue will grow.",
            "Under the agreement, the park will not charge the visitors.",
        ],
    );
}

#[test]
fn one_party_acts_in_return_for_the_other() {
    assert_all(
        Some(Label::Commitment),
        &[
            "Oulu will host the first cohort, while Kista will send mentors.",
            "The Finnish side will contribute €1 million, whereas the Swedish side will provide office space.",
            "In return, Kista will train engineers from the Oulu incubator.",
        ],
    );
    assert_all(
        None,
        &[
            "Oulu will host the conference next year.",
            "Kista will contribute to regional growth, while prices rise.",
        ],
    );
}

#[test]
fn a_passive_done_by_all_the_parties() {
    assert_all(
        Some(Label::Commitment),
        &[
            "The first year will cost €2 million, to be shared equally by the two partners.",
            "The accelerator will be run jointly by both parks.",
        ],
    );
    assert_all(
        None,
        &[
            "The park was founded by the two governments in 1990.",
            "The region is known by all for its lakes.",
        ],
    );
}

#[test]
fn joint_bodies_and_more_joint_activities() {
    assert_all(
        Some(Label::Commitment),
        &[
            "A joint committee will meet twice a year.",
            "A working group with three members from each park will review progress in May.",
            "The two parks will review progress at next year's forum.",
            "The partners hope to open a joint office in Nairobi by December.",
        ],
    );
    assert_all(
        None,
        &["The Alibaba group will open an office in Nairobi.", "The working conditions will improve."],
    );
}

#[test]
fn a_second_verb_phrase_keeps_its_subject() {
    assert_eq!(
        label("Kista will help the startups find investors, and will arrange visits with partners in Oulu."),
        Some(Label::Commitment)
    );
    assert_eq!(
        label("Kista will help the startups find investors, and customers will arrange visits."),
        None
    );
}

#[test]
fn a_speaker_is_the_party_it_speaks_for() {
    let paragraph = "The parks will exchange staff. Oulu said it would also provide office space.";
    assert_eq!(paragraph_labels(paragraph), [Some(Label::Commitment), Some(Label::Commitment)]);
    let paragraph = "The parks will exchange staff. Oulu said the weather would provide surprises.";
    assert_eq!(paragraph_labels(paragraph), [Some(Label::Commitment), None]);
}

#[test]
fn what_the_cooperation_makes_possible_is_a_purpose() {
    assert_all(
        Some(Label::Purpose),
        &[
            "With this agreement, young companies can enter each other's markets more easily.",
            "Thanks to the partnership, founders from Lagos will find investors in Lisbon.",
            "“By pooling our laboratories, we can shorten the road from idea to product.”",
            "Our goal is clear: every founder should find a partner abroad within a year.",
            "The aim is for startups to grow abroad.",
        ],
    );
    assert_all(
        None,
        &[
            "With revenue up 20%, the park can expand.",
            "By 2030, we can expect more growth.",
            "By joining the network, the company can sell abroad.",
            "The score is 3 to 1 after the first half.",
        ],
    );
    // The parties' own undertaking stays a commitment.
    assert_eq!(label("With the new MoU, the two parks will exchange staff."), Some(Label::Commitment));
}

#[test]
fn list_items_may_end_in_semicolons() {
    let paragraph = "Its main points are:\n\
        - Soft landing: each park will host five startups from the other every year;\n\
        - Investment: both parks will co-organise an annual investor day.";
    assert_eq!(paragraph_labels(paragraph), [None, Some(Label::Commitment), Some(Label::Commitment)]);
}

#[test]
fn the_parties_of_a_network_and_their_pledges() {
    assert_all(
        Some(Label::Commitment),
        &[
            "Signatories will host visiting startups free of charge.",
            "Members of the network will meet once a year to review progress.",
            "Each park will nominate a liaison officer.",
            "Both sides committed to holding annual meetings.",
            "The charter's members pledge to open their incubators to startups from other member parks.",
            "Kista and Oulu will take turns hosting the annual meeting.",
            "Staff from both parks will be seconded to the partner park.",
        ],
    );
    assert_all(
        None,
        &[
            "Areas of cooperation will be decided later.",
            "Each company will receive a grant.",
            "The firms are committed to hiring local staff.",
            "Both parks will be closed on public holidays.",
        ],
    );
}

#[test]
fn intents_and_efforts_about_the_cooperation_are_purposes() {
    assert_all(
        Some(Label::Purpose),
        &[
            "The partnership was launched with the goal of creating an innovation corridor.",
            "The visit was aimed at exploring cooperation between the two parks.",
            "The move is intended to deepen cooperation between the two technology sectors.",
            "The cooperation is part of efforts to build a regional ecosystem.",
            "The partnership paves the way for joint research in quantum computing.",
            "The agreement opens the door for Kenyan startups to enter North Africa.",
            "This MoU gives young firms a foothold in Europe.",
        ],
    );
    assert_all(
        None,
        &[
            "The factory is expected to deepen cooperation with suppliers.",
            "The visit was aimed at investors.",
            "The agreement terms are confidential.",
            "The partnership opens an office in Lagos.",
            "The plant is part of efforts to cut emissions.",
        ],
    );
}

#[test]
fn endorsing_a_charter_is_signing_it() {
    assert_all(Some(Label::Signing), &["The charter was endorsed by twelve parks from Africa and Asia."]);
    assert_all(None, &["The minister endorsed the plan for a new road."]);
}
