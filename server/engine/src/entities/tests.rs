//! Fixture tests: every entity label and the annotation guide's hard cases,
//! through the public paragraph + link API. Each lists every entity of its
//! text, so a spurious extra span fails as surely as a missing one.

use super::super::sentence::sentences;
use super::super::{Label, Options, Span};
use super::Entities;

/// Entity spans of a whole text (link pass included) as (label, text).
fn entities(text: &str) -> Vec<(Label, String)> {
    let spans: Vec<Span> = crate::testing::engine().annotate(text);
    spans
        .into_iter()
        .filter(|s| !s.label.is_clause())
        .map(|s| (s.label, text[s.start..s.end].to_string()))
        .collect()
}

/// The entities of `text` are exactly `expected`, in text order: what must
/// be found and, by leaving it out, what must not.
#[track_caller]
fn assert_entities(text: &str, expected: &[(Label, &str)]) {
    let want: Vec<(Label, String)> = expected.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(entities(text), want, "entities of {text:?}");
}

#[test]
fn parks_orgs_and_places() {
    assert_entities(
        "Kyoto Research Park Corp. signed a memorandum of understanding with the Barcelona Science Park in Spain.",
        &[
            (Label::Org, "Kyoto Research Park Corp."),
            (Label::Agreement, "memorandum of understanding"),
            (Label::Park, "Barcelona Science Park"),
            (Label::Gpe, "Spain"),
        ],
    );
    assert_entities(
        "The Shenzhen Science and Technology Industrial Park in Guangdong province and the Xi’an Hi-Tech Industries Development Zone joined.",
        &[
            (Label::Park, "Shenzhen Science and Technology Industrial Park"),
            (Label::Gpe, "Guangdong"),
            (Label::Park, "Xi’an Hi-Tech Industries Development Zone"),
        ],
    );
}

#[test]
fn nested_names_are_one_span_of_the_outer_type() {
    // No GPE `Singapore` inside the park.
    assert_entities(
        "Delegates toured the Singapore Science Park on Monday.",
        &[(Label::Park, "Singapore Science Park"), (Label::Date, "Monday")],
    );
}

#[test]
fn park_operators_are_organisations() {
    assert_entities(
        "Eric Lee, chief executive officer of the Hong Kong Science and Technology Parks Corporation, spoke.",
        &[
            (Label::Person, "Eric Lee"),
            (Label::Role, "chief executive officer"),
            (Label::Org, "Hong Kong Science and Technology Parks Corporation"),
        ],
    );
}

#[test]
fn company_abbreviations_keep_their_periods() {
    assert_entities(
        "Tuspark Co., Ltd. opened an office in Osaka.",
        &[(Label::Org, "Tuspark Co., Ltd."), (Label::Gpe, "Osaka")],
    );
}

#[test]
fn honorifics_are_outside_persons_and_surnames_are_linked() {
    // `Dr` and `Mr.` stay out; `Hamzah` is found again twice.
    assert_entities(
        "The visit impressed Dr Amir Hamzah, CEO of the agency.\n\nHamzah said the park would grow. Mr. Hamzah added more.",
        &[
            (Label::Person, "Amir Hamzah"),
            (Label::Role, "CEO"),
            (Label::Person, "Hamzah"),
            (Label::Person, "Hamzah"),
        ],
    );
}

#[test]
fn surnames_that_are_english_words_need_a_verb() {
    // `Or explained` is the person, `Or else` is not.
    assert_entities(
        "Eric Or, acting chief corporate development officer at the park, spoke.\nOr explained the plan. Or else nothing.",
        &[
            (Label::Person, "Eric Or"),
            (Label::Role, "acting chief corporate development officer"),
            (Label::Person, "Or"),
        ],
    );
}

#[test]
fn roles_without_their_complement() {
    assert_entities(
        "The Deputy Mayor of Troitsk, Valentina Petrova, met Minister of Science, Technology and Innovation Lim Wei Ming.",
        &[
            (Label::Role, "Deputy Mayor"),
            (Label::Gpe, "Troitsk"),
            (Label::Person, "Valentina Petrova"),
            (Label::Role, "Minister"),
            // Wrong today: a person (found as one when more text follows, see names::tests).
            (Label::Org, "Lim Wei Ming"),
        ],
    );
    assert_entities(
        "The Director General, Ivan Sokolov, spoke.",
        &[(Label::Role, "Director General"), (Label::Person, "Ivan Sokolov")],
    );
}

#[test]
fn numbers_money_percent_ordinals() {
    // Approximators (`nearly`, `about`, `more than`) stay out.
    assert_entities(
        "Nearly 22, 000 firms and about 8,000 people; more than US$3 million, HK$204 million, €20 million, \
         RMB 1 billion and 5 million yuan; 12% and 20 percent; the fifth and 17th; five startups.",
        &[
            (Label::Cardinal, "22, 000"),
            (Label::Cardinal, "8,000"),
            (Label::Money, "US$3 million"),
            (Label::Money, "HK$204 million"),
            (Label::Money, "€20 million"),
            (Label::Money, "RMB 1 billion"),
            (Label::Money, "5 million yuan"),
            (Label::Percent, "12%"),
            (Label::Percent, "20 percent"),
            (Label::Ordinal, "fifth"),
            (Label::Ordinal, "17th"),
            (Label::Cardinal, "five"),
        ],
    );
}

#[test]
fn dates_absolute_and_relative() {
    // Frame words (`at the beginning of`, `during`) and `today` stay out.
    assert_entities(
        "On 26 September and August 1, 2018, after MRX's visit last Dec, in 2016, at the beginning of \
         August this year, two weeks ago, and during the summer of next year; not today.",
        &[
            (Label::Date, "26 September"),
            (Label::Date, "August 1, 2018"),
            (Label::Org, "MRX"),
            (Label::Date, "last Dec"),
            (Label::Date, "2016"),
            (Label::Date, "August this year"),
            (Label::Date, "two weeks ago"),
            (Label::Date, "summer of next year"),
        ],
    );
}

#[test]
fn agreements_with_modifiers_without_determiners() {
    // No determiners; `deals worth …` is a sale.
    assert_entities(
        "Technopolis has signed a broad cooperation agreement and the MoU’s terms; they passed a declaration, \
         signed a deal to become sister parks, and reached deals worth US$3 million.",
        &[
            (Label::Org, "Technopolis"),
            (Label::Agreement, "broad cooperation agreement"),
            (Label::Agreement, "MoU"),
            (Label::Agreement, "declaration"),
            (Label::Agreement, "deal"),
            (Label::Money, "US$3 million"),
        ],
    );
}

#[test]
fn events_with_their_year() {
    assert_entities(
        "During the 2017 Global Innovation and Entrepreneurship Fair, held in Chengdu in May, delegates met.",
        &[
            (Label::Event, "2017 Global Innovation and Entrepreneurship Fair"),
            (Label::Gpe, "Chengdu"),
            (Label::Date, "May"),
        ],
    );
}

#[test]
fn regions_are_loc_and_demonyms_are_not_tagged() {
    // No `Finnish`, no `Singaporean`.
    assert_entities(
        "Finnish and Singaporean firms expand to Southeast Asia, the Middle East and Silicon Valley in the United States.",
        &[
            (Label::Loc, "Southeast Asia"),
            (Label::Loc, "Middle East"),
            (Label::Loc, "Silicon Valley"),
            (Label::Gpe, "United States"),
        ],
    );
}

#[test]
fn ambiguous_city_names_need_a_place_context() {
    assert_entities(
        "Sophia Antipolis, a famous technology park located next to Nice, grew.",
        &[(Label::Park, "Sophia Antipolis"), (Label::Gpe, "Nice")],
    );
    assert_entities("Nice work by the team.", &[]);
}

#[test]
fn acronyms_and_unknown_names_are_organisations() {
    assert_entities(
        "Companies such as Lenovo and Baidu met MRANTI officials and the agency ( MOSTI).",
        &[(Label::Org, "Lenovo"), (Label::Org, "Baidu"), (Label::Org, "MRANTI"), (Label::Org, "MOSTI")],
    );
    // `SME` is in the acronym stop list.
    assert_entities("Fast-growth SME clients and the CEO.", &[(Label::Role, "CEO")]);
}

#[test]
fn curly_quotes_and_non_breaking_spaces() {
    assert_entities(
        "“Such visits are common,” said Anna\u{a0}Kowalski of the Tartu\u{a0}Science Park’s board.",
        &[(Label::Person, "Anna\u{a0}Kowalski"), (Label::Park, "Tartu\u{a0}Science Park")],
    );
}

#[test]
fn cyrillic_and_emoji_do_not_panic_and_offsets_stay_on_char_boundaries() {
    let text =
        "Вы находитесь на старой версии сайта 🎉. Перейти: technospark.ru\n\nTroitsk 🚀 hosts TechnoSpark.";
    let spans = crate::testing::engine().annotate(text);
    for s in &spans {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    // Nothing in Cyrillic.
    assert_entities(text, &[(Label::Gpe, "Troitsk"), (Label::Park, "TechnoSpark")]);
}

#[test]
fn headlines_capitals_are_weak_evidence() {
    // No `Finnish`, `Sign`, `Key Areas` nor `Collaboration`.
    assert_entities(
        "Finnish Technopolis and Singapore Science Park Sign Cooperation Agreement\n\nKey Areas of Collaboration",
        &[
            (Label::Org, "Technopolis"),
            (Label::Park, "Singapore Science Park"),
            (Label::Agreement, "Cooperation Agreement"),
        ],
    );
}

#[test]
fn link_finds_short_names_and_relabels_weak_guesses() {
    let e = Entities::new();
    let text = "Technopolis Plc grows.\n\nTechnopolis and Ascendas agreed.";
    let para2 = "Technopolis and Ascendas agreed.";
    let options = Options::default();
    let (spans2, _) = e.find(para2, &sentences(para2), &options);
    let para1 = "Technopolis Plc grows.";
    let (spans1, names1) = e.find(para1, &sentences(para1), &options);
    assert!(names1.iter().any(|n| n.text == "Technopolis" && n.label == Label::Org), "{names1:?}");
    let offset = text.find(para2).unwrap_or(0);
    let mut all: Vec<Span> = spans1;
    all.extend(spans2.iter().map(|s| Span { start: s.start + offset, end: s.end + offset, ..*s }));
    all.sort();
    let linked = e.link(text, all, &names1, &options);
    assert!(
        linked
            .iter()
            .any(|s| s.label == Label::Org && &text[s.start..s.end] == "Technopolis" && s.start == offset),
        "{linked:?}"
    );
}

#[test]
fn a_long_single_line_is_handled() {
    let line = "Zhang Wei of Tuspark Co., Ltd. signed an MOU in Beijing on 3 March 2020. ".repeat(2000);
    let spans = crate::testing::engine().annotate(&line);
    assert!(spans.iter().filter(|s| s.label == Label::Date).count() >= 2000);
}

/// Deterministic pseudo-random texts from a palette of awkward characters:
/// the recogniser must never panic and must cut only at char boundaries.
#[test]
fn awkward_texts_never_panic() {
    const PALETTE: &[&str] = &[
        "A",
        "Z",
        "a",
        "z",
        " ",
        "\n",
        "\n\n",
        "\u{a0}",
        ".",
        ",",
        "-",
        "–",
        "’",
        "'",
        "“",
        "”",
        "$",
        "€",
        "%",
        "(",
        ")",
        "1",
        "0",
        "2018",
        "22, 000",
        "Co.",
        "Ltd.",
        "Mr",
        "Dr.",
        "Park",
        "Science",
        "Hi-Tech",
        "Zone",
        "of",
        "and",
        "the",
        "US$",
        "HK$",
        "million",
        "MoU",
        "Hong Kong",
        "CEO",
        "said",
        "Вы",
        "Техно",
        "🎉",
        "👩‍🔬",
        "e\u{301}",
        "\u{200d}",
        "中关村",
        "ﬁ",
        "İ",
        "ß",
        "Σ",
        "\t",
        "\r\n",
        "May",
        "last",
        "Dec",
        "first",
        "17th",
        "%",
        "·",
        "•",
        "*",
    ];
    let engine = crate::testing::engine();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut text = String::new();
        let len = (seed >> 58) as usize + 1;
        for _ in 0..len * 4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(PALETTE[(seed % PALETTE.len() as u64) as usize]);
            if seed % 3 == 0 {
                text.push(' ');
            }
        }
        for s in engine.annotate(&text) {
            assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?} in {text:?}");
        }
    }
}

/// The entities of the bundled sample corpus, as a reviewed snapshot: any
/// change in what the recogniser finds there shows up in review.
#[test]
fn corpus_snapshot() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    assert!(!paths.is_empty(), "no corpus in {}", dir.display());
    let engine = crate::testing::engine();
    let mut out = String::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        out.push_str(&format!("== {}\n", p.file_name().and_then(|n| n.to_str()).unwrap_or("")));
        for s in engine.annotate(&text).into_iter().filter(|s| !s.label.is_clause()) {
            out.push_str(&format!("{} {:?}\n", s.label, &text[s.start..s.end]));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn abbreviations_of_common_phrases_are_not_organisations() {
    // No `FTZ`: it abbreviates lower-case words that name nothing.
    assert_entities(
        "The new free trade zone (FTZ) and the national innovation agency (MRANTI) met.",
        &[(Label::Org, "MRANTI")],
    );
}

#[test]
fn parks_named_by_their_description() {
    assert_entities(
        "The French technology park of Sophia Antipolis and the Astana Hub international technology park agreed.\n\nSophia Antipolis grew.",
        &[
            (Label::Park, "Sophia Antipolis"),
            (Label::Park, "Astana Hub"),
            (Label::Park, "Sophia Antipolis"),
        ],
    );
    assert_entities(
        "The French technology park of Sophia Antipolis agreed.\n\nSophia Antipolis grew.",
        &[(Label::Park, "Sophia Antipolis"), (Label::Park, "Sophia Antipolis")],
    );
}

#[test]
fn an_honorific_inside_a_capitalised_run_starts_a_person() {
    assert_entities(
        "It was witnessed by Secretary for Innovation, Technology and Industry Professor Sun Dong.\nSun said it was good.",
        &[
            (Label::Role, "Secretary"),
            (Label::Person, "Sun Dong"),
            (Label::Person, "Sun"),
        ],
    );
}

#[test]
fn lines_in_capitals_yield_only_places() {
    // No organisation in the line in capitals.
    assert_entities(
        "MALAYSIA AND CHINA SIGN MOU ON SCIENCE PARKS\n\nAbout 45% of the RM3.5bn fund goes to Penang.",
        &[
            (Label::Gpe, "MALAYSIA"),
            (Label::Gpe, "CHINA"),
            (Label::Agreement, "MOU"),
            (Label::Percent, "45%"),
            (Label::Money, "RM3.5bn"),
            (Label::Gpe, "Penang"),
        ],
    );
}

#[test]
fn parks_with_complements_streets_and_dotted_dates() {
    // No `Xiangyin Road`: streets are no entity.
    assert_entities(
        "On 2019.05.23 the director of the Science and Technology Park of Hebei University of Technology came to \
         Xiangyin Road and the National University Science Park of China University of Petroleum.",
        &[
            (Label::Date, "2019.05.23"),
            (Label::Role, "director"),
            (Label::Park, "Science and Technology Park of Hebei University of Technology"),
            (Label::Park, "National University Science Park of China University of Petroleum"),
        ],
    );
}

#[test]
fn official_place_names_and_units() {
    assert_entities(
        "The People’s Committee of HCM City met the City of Casey. Ninghe district signed with Gyeonggi Province.\n\nNinghe grew.",
        &[
            (Label::Org, "People’s Committee of HCM City"),
            (Label::Gpe, "City of Casey"),
            (Label::Gpe, "Ninghe"),
            (Label::Gpe, "Gyeonggi"),
            (Label::Gpe, "Ninghe"),
        ],
    );
}

#[test]
fn pathological_runs_stay_linear_and_bounded() {
    let text = vec!["Alpha"; 5000].join(" and ");
    let spans = crate::testing::engine().annotate(&text);
    assert!(spans.iter().all(|s| s.end - s.start < 512));
    let words = "one two three four five six seven eight nine ".repeat(500);
    let spans = crate::testing::engine().annotate(&words);
    assert!(spans
        .iter()
        .filter(|s| s.label == Label::Cardinal)
        .all(|s| words[s.start..s.end].split(' ').count() <= 12));
}

#[test]
fn brand_parks_named_by_appositions_and_descriptions() {
    // A brand without a park word, introduced by an apposition; the
    // headline mention before it follows. No CARDINAL `9`, no PERSON `Oslo`.
    assert_entities(
        "Lisbon Quarter and 9@Oslo join hands\n\nLisbon Quarter, the technology park in the old harbour of Lisbon, and the 9@Oslo innovation district signed a pact.\n\nNorthgate Hub, Norway’s national technopark, hosts 300 firms.",
        &[
            (Label::Park, "Lisbon Quarter"),
            (Label::Park, "9@Oslo"),
            (Label::Park, "Lisbon Quarter"),
            (Label::Gpe, "Lisbon"),
            (Label::Park, "9@Oslo"),
            (Label::Agreement, "pact"),
            (Label::Park, "Northgate Hub"),
            (Label::Gpe, "Norway"),
            (Label::Cardinal, "300"),
        ],
    );
    // A brand after a descriptive park name names the park alone later.
    assert_entities(
        "Bergen Science Park Vestpol signed the deal. Vestpol will host ten firms.",
        &[
            (Label::Park, "Bergen Science Park Vestpol"),
            (Label::Agreement, "deal"),
            (Label::Park, "Vestpol"),
            (Label::Cardinal, "ten"),
        ],
    );
}

#[test]
fn organisations_that_report_are_not_people() {
    // No PERSON `Oslo Activo` nor `Oslo`.
    assert_entities(
        "The district covers 50 hectares, Oslo Activo says. The office in Oslo opened in May.",
        &[(Label::Cardinal, "50"), (Label::Org, "Oslo Activo"), (Label::Gpe, "Oslo"), (Label::Date, "May")],
    );
}

#[test]
fn people_after_roles_with_complements_and_hyphenated_given_names() {
    assert_entities(
        "The pact was welcomed by Lisbon’s deputy mayor for urban renewal, Mirela Vantos, who spoke first.",
        &[
            (Label::Agreement, "pact"),
            (Label::Gpe, "Lisbon"),
            (Label::Role, "deputy mayor"),
            (Label::Person, "Mirela Vantos"),
            (Label::Ordinal, "first"),
        ],
    );
    assert_entities(
        "It was signed by Foundation Chairman Seo Min-jun and Director Wu Kai-lun in Busan.",
        &[
            (Label::Role, "Chairman"),
            (Label::Person, "Seo Min-jun"),
            (Label::Role, "Director"),
            (Label::Person, "Wu Kai-lun"),
            (Label::Gpe, "Busan"),
        ],
    );
    assert_entities(
        "The Cabinet Secretary for Trade, Omari Kiprono, said so.",
        &[(Label::Role, "Cabinet Secretary"), (Label::Person, "Omari Kiprono")],
    );
}

#[test]
fn currencies_without_symbols_and_scales_of_scales() {
    assert_entities(
        "Grants of 3 million tenge, KSh 1.5 billion and ₹2.1 lakh crore were announced, plus 40 million baht.",
        &[
            (Label::Money, "3 million tenge"),
            (Label::Money, "KSh 1.5 billion"),
            (Label::Money, "₹2.1 lakh crore"),
            (Label::Money, "40 million baht"),
        ],
    );
}

#[test]
fn seasons_fiscal_years_and_modified_relative_dates() {
    assert_entities(
        "The first intake is expected in the autumn. Budgets for this financial year grew, and talks resume early next year.",
        &[
            (Label::Ordinal, "first"),
            (Label::Date, "autumn"),
            (Label::Date, "this financial year"),
            (Label::Date, "early next year"),
        ],
    );
}

#[test]
fn list_markers_are_no_cardinals() {
    // No `1`, no `2`.
    assert_entities(
        "The sides agreed on two areas:\n\n1. Research: joint labs.\n2. Talent: 40 interns a year.",
        &[(Label::Cardinal, "two"), (Label::Cardinal, "40")],
    );
}

#[test]
fn company_nouns_gatherings_and_place_lists() {
    assert_entities(
        "Meanwhile, battery firm Norvalis Precision Casting opened an office, and the deal was signed on the sidelines of NEXTECH Nordic in Oslo. The park has sites in Bergen, Nice and Trondheim.",
        &[
            (Label::Org, "Norvalis Precision Casting"),
            (Label::Agreement, "deal"),
            (Label::Event, "NEXTECH Nordic"),
            (Label::Gpe, "Oslo"),
            (Label::Gpe, "Bergen"),
            (Label::Gpe, "Nice"),
            (Label::Gpe, "Trondheim"),
        ],
    );
    assert_entities(
        "The country has produced unicorns, including Zubble, Fendo and Quark.",
        &[(Label::Org, "Zubble"), (Label::Org, "Fendo"), (Label::Org, "Quark")],
    );
}

#[test]
fn british_spellings_are_english_words() {
    // No ORG `Organise` nor `Prioritise`.
    assert_entities("The parks will:\n- Organise a yearly meeting;\n- Prioritise joint calls.", &[]);
}

#[test]
fn names_their_abbreviation_spells_stay_whole() {
    assert_entities(
        "Digital Business Zones of Peru (DBZP), the agency under the ministry, signed the pact.",
        &[(Label::Org, "Digital Business Zones of Peru"), (Label::Org, "DBZP"), (Label::Agreement, "pact")],
    );
}

#[test]
fn dashed_places_in_event_names_neighbourhoods_and_venues() {
    assert_entities(
        "The parks will co-host an annual Japan–Brazil Robotics Forum in Osaka.",
        &[(Label::Event, "Japan–Brazil Robotics Forum"), (Label::Gpe, "Osaka")],
    );
    assert_entities(
        "Pilots will run in Barrio de Gracia and in the old mill district of Vallarmo. The pact was signed in Qorvana on Friday.",
        &[
            (Label::Loc, "Barrio de Gracia"),
            (Label::Loc, "Vallarmo"),
            (Label::Agreement, "pact"),
            (Label::Gpe, "Qorvana"),
            (Label::Date, "Friday"),
        ],
    );
}

#[test]
fn a_surname_that_is_also_a_city_follows_the_person() {
    assert_entities(
        "The deal was signed by Marta Albuquerque, president of the park. “We are ready,” Albuquerque said.",
        &[
            (Label::Agreement, "deal"),
            (Label::Person, "Marta Albuquerque"),
            (Label::Role, "president"),
            (Label::Person, "Albuquerque"),
        ],
    );
}
