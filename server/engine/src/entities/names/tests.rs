//! The name rules one by one: for each example text, exactly the spans the
//! family's rules propose there (a spurious extra fails as a missing one
//! does); their order; and what turning a rule off does.

use crate::rules::{Family, RuleId};
use crate::testing::{check_family, check_prevents, spans};
use crate::Label::{Event, Gpe, Loc, Org, Park, Person};
use crate::Options;

#[test]
fn each_name_rule_types_its_names_and_nothing_else() {
    check_family(
        Family::Name,
        &[
            ("MALAYSIA AND CHINA SIGN MOU ON SCIENCE PARKS", &[
                ("place.in-capitals", Gpe, "MALAYSIA"),
                ("place.in-capitals", Gpe, "CHINA"),
            ]),
            ("Later, Nokia opened an office.", &[("org.known", Org, "Nokia")]),
            ("The Ministry of Home Affairs met the Forum for Asia and the Bank of China.", &[
                ("org.head-first", Org, "Ministry of Home Affairs"),
                ("event.head-first", Event, "Forum for Asia"),
                ("org.head-first", Org, "Bank of China"),
            ]),
            ("It signed with Parque Tecnológico de Andalucía and the City of Casey.", &[
                ("park.head-first", Park, "Parque Tecnológico de Andalucía"),
                ("gpe.official-name", Gpe, "City of Casey"),
            ]),
            ("Pilots will run in Barrio de Gracia, near Lake Geneva and along the Yangtze River.", &[
                ("loc.neighbourhood-word", Loc, "Barrio de Gracia"),
                ("loc.feature-first", Loc, "Lake Geneva"),
                ("loc.head-word", Loc, "Yangtze River"),
            ]),
            ("The Singapore Science Park, Technopolis Plc, Aalto University and Tsinghua Holdings met.", &[
                ("park.head-word", Park, "Singapore Science Park"),
                ("org.legal-suffix", Org, "Technopolis Plc"),
                ("org.institution-word", Org, "Aalto University"),
                ("org.company-word", Org, "Tsinghua Holdings"),
            ]),
            ("Azerbaijan’s High-Tech Park met the High-Tech Park and National Science and Technology Park (NSTP), not a Science Park.", &[
                ("place.gazetteer", Gpe, "Azerbaijan"),
                ("park.head-word", Park, "High-Tech Park"),
                ("park.head-word", Park, "High-Tech Park"),
                ("park.head-word", Park, "National Science and Technology Park"),
                ("org.acronym+park.abbreviation", Park, "NSTP"),
            ]),
            ("During the 2017 Global Innovation and Entrepreneurship Fair, delegates met.", &[
                ("event.head-word", Event, "2017 Global Innovation and Entrepreneurship Fair"),
            ]),
            ("He met the Chairman of HCM City People’s Committee Nguyen Thanh Phong.", &[
                ("org.institution-word", Org, "HCM City People’s Committee"),
                ("person.after-role-organisation", Person, "Nguyen Thanh Phong"),
            ]),
            ("Firms from Spain came, and some from Nice, a city in France.", &[
                ("place.gazetteer", Gpe, "Spain"),
                ("place.gazetteer", Gpe, "Nice"),
                ("place.gazetteer", Gpe, "France"),
            ]),
            ("It was welcomed by Consul General in Munich Christine Althauser.", &[
                ("name.place-then-person", Gpe, "Munich"),
                ("name.place-then-person+person.given-name", Person, "Christine Althauser"),
            ]),
            ("Lisbon Quarter, the technology park in the old harbour, and battery firm Norvalis Precision Casting signed.", &[
                ("park.apposition", Park, "Lisbon Quarter"),
                ("org.company-noun", Org, "Norvalis Precision Casting"),
            ]),
            ("The deal was signed on the sidelines of NEXTECH Nordic by the Astana Hub international technology park.", &[
                ("event.sidelines", Event, "NEXTECH Nordic"),
                ("park.described-after", Park, "Astana Hub"),
            ]),
            ("Firms in Northern Finland and the Singapore Government agreed.", &[
                ("place.after-direction", Gpe, "Finland"),
                ("place.before-generic-words", Gpe, "Singapore"),
            ]),
            ("Staff of Oxford Scientific Innovations, a subsidiary of the university, and of Silver Linings, the company behind it, came.", &[
                ("org.apposition", Org, "Oxford Scientific Innovations"),
                ("org.apposition", Org, "Silver Linings"),
            ]),
            ("KUALA LUMPUR: It was signed in the presence of Minister of Science, Technology and Innovation Lim Wei Ming and of officials from Haidian District on a visit.", &[
                ("place.capitalised", Gpe, "KUALA LUMPUR"),
                ("person.after-role-complement", Person, "Lim Wei Ming"),
                ("gpe.admin-unit", Gpe, "Haidian"),
            ]),
            ("Officials of MRANTI and of Ninghe district met at the Qorvex forum.", &[
                ("org.acronym", Org, "MRANTI"),
                ("gpe.unit-after", Gpe, "Ninghe"),
                ("event.kind-after", Event, "Qorvex"),
            ]),
            ("Pilots will run in the old mill district of Vallarmo. The pact was signed in Qorvana by Huawei.", &[
                ("loc.neighbourhood-of", Loc, "Vallarmo"),
                ("gpe.venue", Gpe, "Qorvana"),
                ("org.unknown-name", Org, "Huawei"),
            ]),
            ("He told the Telegraph about tenants such as Quark.", &[
                ("org.newspaper", Org, "Telegraph"),
                ("org.company-list", Org, "Quark"),
            ]),
            // What must not be typed: sentence-initial English words, demonyms,
            // compounds of places, streets, portfolios, short CamelCase words.
            ("Clearly the Finnish delegation, China-Finland ties and Xiangyin Road matter. The Minister of State for Electronics uses iOS.", &[]),
        ],
    );
}

/// `RUN_RULES` is the one ordered list of the name rules: each rule of the
/// name family and each person cue has its place in it, and each entry's
/// method appears once.
#[test]
fn every_name_rule_has_its_place_in_the_run_rules() {
    use super::RUN_RULES;
    let listed: Vec<RuleId> = RUN_RULES.iter().flat_map(|(ids, _)| ids.iter().copied()).collect();
    for family in [Family::Name, Family::Person] {
        for rule in family.rules() {
            assert!(listed.contains(&rule), "{rule} is in no entry of RUN_RULES");
        }
    }
    let mut methods: Vec<&str> = RUN_RULES.iter().map(|(_, m)| *m).collect();
    methods.sort_unstable();
    let before = methods.len();
    methods.dedup();
    assert_eq!(methods.len(), before, "a method in two entries");
    assert!(listed.iter().all(|r| matches!(r.family(), Family::Name | Family::Person)));
}

#[test]
fn rules_that_prevent_spans_give_way_when_off() {
    check_prevents(RuleId::NameStreet, "They came to Xiangyin Road.", "Xiangyin Road");
    check_prevents(RuleId::NamePlaceCompound, "The China-Finland ties grew.", "China-Finland");
    check_prevents(
        RuleId::NameRoleComplement,
        "He met the Minister of State for Electronics today.",
        "State for Electronics",
    );
    check_prevents(RuleId::NameShortCamel, "It runs on TeX now.", "TeX");
}

/// Turning a rule off skips it: the later rules of the chain still apply.
#[test]
fn a_rule_turned_off_is_skipped_and_later_rules_apply() {
    let text = "Technopolis Plc signed with Kista.";
    assert_eq!(
        spans(text, Options::default())[0],
        ("org.legal-suffix".to_string(), Org, "Technopolis Plc".to_string())
    );
    let off = Options::default().disable(RuleId::OrgLegalSuffix);
    assert_eq!(spans(text, off)[0], ("org.unknown-name".to_string(), Org, "Technopolis Plc".to_string()));

    // A person cue off: the next cue decides.
    let text = "“We are ready,” said Anna Kowalski.";
    assert_eq!(spans(text, Options::default())[0].0, "person.reporting-verb");
    let off = Options::default().disable(RuleId::PersonReportingVerb);
    assert_eq!(spans(text, off)[0], ("person.given-name".to_string(), Person, "Anna Kowalski".to_string()));
}
