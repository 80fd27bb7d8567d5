//! The engine's named rules, in one registry.
//!
//! Every span the engine proposes carries the ids of the rules that proposed
//! it (its [`Provenance`]): `park.head-word`, `org.legal-suffix`,
//! `clause.purpose.aim-is-to` … A user can turn rules off by id
//! ([`Options`], filled from `pactum.toml` `disable = […]` or `pactum
//! annotate --disable`).
//!
//! **What "off" means.** A rule that is off never fires: the engine goes on
//! as if the rule's condition were false, so later rules of the same chain
//! may still type the text (as a linter's disabled rule leaves the others
//! alone). Turning off a rule that *prevents* a span (`name.street`: streets
//! are no entity) lets later rules propose one.
//!
//! **Families** group the rules one file implements; they are declared below
//! in the order they run over a paragraph:
//!
//! 1. `date`, `number`, `agreement`, `role` (entities/{dates,numbers,agreements,roles}.rs):
//!    recognisers that claim their tokens, each scanning its trigger words;
//! 2. `name` (entities/names/): every capitalised run, typed by the first rule
//!    of an ordered list that applies (`run_rules!` in names/mod.rs), which may consult
//!    `person` cues (entities/persons.rs);
//! 3. `apposition` (entities/appositions.rs): relabels names by what is said
//!    of them (`X, a technology park`);
//! 4. overlapping candidates are settled, the longest wins;
//! 5. `clause.signing` → `clause.list` → `clause.purpose` → `clause.commitment`
//!    (clauses/): one label per sentence, the first family that applies;
//! 6. `link` (entities/link.rs), over the whole document: learnt names found
//!    again;
//! 7. `relation` (relations/), over the settled spans, sentence by sentence
//!    (`Engine::relations`): relations carry these rules in their provenance.
//!
//! **Adding a rule**: add its id to the family below (its name is
//! `<label or area>.<what it looks at>`), implement it in the family's file
//! where its order among the others is right, call it only when
//! `options.enabled(id)`, and add examples of what it must and must not find
//! to the family's tests (each family test checks that every one of its rules
//! fires on its examples). A new family (relations, say) is a new block here.

use std::fmt;

macro_rules! rules {
    ($(
        $(#[doc = $fdoc:literal])*
        $family:ident = $fname:literal {
            $( $(#[doc = $doc:literal])* $id:ident = $name:literal, )*
        }
    )*) => {
        /// A rule's id. `RuleId::ALL` lists them in registry order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum RuleId {
            $( $( $(#[doc = $doc])* $id, )* )*
        }

        /// A family of rules: the rules one file implements. Declared in the
        /// order the families run (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Family {
            $( $(#[doc = $fdoc])* $family, )*
        }

        impl RuleId {
            /// Every rule, family by family in run order.
            pub const ALL: &'static [RuleId] = &[ $( $( RuleId::$id, )* )* ];

            /// The id as users write it (`org.legal-suffix`).
            pub const fn as_str(self) -> &'static str {
                match self { $( $( RuleId::$id => $name, )* )* }
            }

            /// What the rule looks for, in one sentence.
            pub const fn description(self) -> &'static str {
                match self { $( $( RuleId::$id => concat!($($doc),*).trim_ascii(), )* )* }
            }

            pub const fn family(self) -> Family {
                match self { $( $( RuleId::$id => Family::$family, )* )* }
            }
        }

        impl Family {
            /// Every family, in run order.
            pub const ALL: &'static [Family] = &[ $( Family::$family, )* ];

            pub const fn as_str(self) -> &'static str {
                match self { $( Family::$family => $fname, )* }
            }

            pub const fn description(self) -> &'static str {
                match self { $( Family::$family => concat!($($fdoc),*).trim_ascii(), )* }
            }
        }
    };
}

rules! {
    /// Calendar expressions (entities/dates.rs).
    Date = "date" {
        /// A month with its day, year or modifier: `26 September`, `Sep. 26`, `last Dec`.
        DateMonth = "date.month",
        /// A weekday, with `last`/`next`/`this`: `Monday`, `next Friday`.
        DateWeekday = "date.weekday",
        /// `yesterday`, `tomorrow`.
        DateRelativeDay = "date.relative-day",
        /// A season with a year or modifier: `summer of next year`, `in the autumn`.
        DateSeason = "date.season",
        /// A relative calendar unit: `this year`, `early next year`, `this financial year`, `recent years`.
        DateRelative = "date.relative",
        /// Part of a year: `mid-2020`, `Q1 2020`, `first quarter of 2020`.
        DateYearPart = "date.year-part",
        /// A duration back from now: `two weeks ago`.
        DateAgo = "date.ago",
        /// Dates in figures: `2016`, `2016-2020`, `1990s`, `26/09/2018`, `2019.05.23`.
        DateNumeric = "date.numeric",
    }
    /// Money, percentages, ordinals and counts (entities/numbers.rs).
    Number = "number" {
        /// An amount after a currency symbol or code: `US$3 million`, `€20 million`, `RM5`.
        MoneyCurrencyBefore = "money.currency-before",
        /// An amount before a currency word or code: `5 million yuan`, `40 million baht`.
        MoneyCurrencyAfter = "money.currency-after",
        /// An amount with `%`, `percent` or `per cent`.
        PercentAmount = "percent.amount",
        /// An ordinal in figures or words: `17th`, `fifth`, `twenty-first`.
        OrdinalNumber = "ordinal.number",
        /// A count in figures or words: `8,000`, `22, 000`, `five`, `three hundred`.
        CardinalNumber = "cardinal.number",
    }
    /// Agreements: noun phrases naming a cooperation instrument (entities/agreements.rs).
    Agreement = "agreement" {
        /// An instrument noun of the lexicon: `agreement`, `accord`, `treaty`, `communique`, with its modifiers.
        AgreementInstrument = "agreement.instrument",
        /// An instrument's acronym in capitals: `MOU`, `MoU`, `MOA`.
        AgreementAcronym = "agreement.acronym",
        /// `memorandum`, with `of understanding` (or `of cooperation` …) when it follows.
        AgreementMemorandum = "agreement.memorandum",
        /// `letter of intent`, `letter of cooperation`, `letter of understanding`.
        AgreementLetterOf = "agreement.letter-of",
        /// `deal` as an instrument, not a sale (`deals worth $3 million`) nor a verb.
        AgreementDeal = "agreement.deal",
        /// A noun that is an instrument only as the object of a signing verb: `signed a charter`.
        AgreementSignedObject = "agreement.signed-object",
    }
    /// Job titles (entities/roles.rs).
    Role = "role" {
        /// A title of the list, with its modifiers: `Deputy Mayor`, `acting CEO`, `Director General`.
        RoleTitle = "role.title",
        /// `chief … officer` with up to three words between.
        RoleChiefOfficer = "role.chief-officer",
        /// `head` before `of` and a name: `head of the Chinese Communist Party`.
        RoleHeadOf = "role.head-of",
    }
    /// Capitalised runs typed as PERSON, ORG, PARK, GPE, LOC or EVENT, by an
    /// ordered list of rules (entities/names/).
    Name = "name" {
        /// Place names in a line written in capitals: `MALAYSIA AND CHINA SIGN MOU`.
        PlaceInCapitals = "place.in-capitals",
        /// A well-known organisation of the curated list.
        OrgKnown = "org.known",
        /// A role's complement in English words names a portfolio, not an organisation: `Minister of State for Electronics`.
        NameRoleComplement = "name.role-complement",
        /// An institution word, then `of`/`for`: `Ministry of Home Affairs`, `Bank of China`.
        OrgHeadFirst = "org.head-first",
        /// A gathering word, then `of`/`for`/`on`: `Forum for Asia`, `Conference on …`.
        EventHeadFirst = "event.head-first",
        /// A park word opening a name in a Romance language: `Parque Tecnológico de Andalucía`.
        ParkHeadFirst = "park.head-first",
        /// A place's official name: `City of Casey`, `Town of Oulu`.
        GpeOfficialName = "gpe.official-name",
        /// Streets and buildings are no entity: `Xiangyin Road`, `Trade Tower`.
        NameStreet = "name.street",
        /// A city's neighbourhood in its language: `Bairro Alto`, `Barrio de Gracia`.
        LocNeighbourhoodWord = "loc.neighbourhood-word",
        /// A natural feature named first: `Lake Geneva`, `Mount Kenya`, `Gulf of Finland`.
        LocFeatureFirst = "loc.feature-first",
        /// A park word ends the name: `Singapore Science Park`, `TusPark`, `Optics Valley of China`.
        ParkHeadWord = "park.head-word",
        /// A legal-form suffix of the lexicon ends the name: `Technopolis Plc`, `Tuspark Co., Ltd.`.
        OrgLegalSuffix = "org.legal-suffix",
        /// An institution word ends the name: `Aalto University`, `Skolkovo Institute of Science and Technology`.
        OrgInstitutionWord = "org.institution-word",
        /// A company word ends a clear name: `Tsinghua Holdings`, `Marvel Studios`.
        OrgCompanyWord = "org.company-word",
        /// A gathering word ends the name, with its year or number: `2017 … Fair`, `5th China Hi-Tech Fair`.
        EventHeadWord = "event.head-word",
        /// A natural-feature word ends the name: `Yangtze River`, `Mekong Delta`.
        LocHeadWord = "loc.head-word",
        /// After a role's organisation, the person who holds it: `Chairman of … Committee Nguyen Thanh Phong`.
        PersonAfterRoleOrganisation = "person.after-role-organisation",
        /// Compounds of places are adjectives: `China-Finland`, `Sino-German`.
        NamePlaceCompound = "name.place-compound",
        /// A gazetteer place that is the whole name (an ambiguous one like `Nice` only in a place context).
        PlaceGazetteer = "place.gazetteer",
        /// A place, then a person: `Consul General in Shanghai Christine Althauser`.
        NamePlaceThenPerson = "name.place-then-person",
        /// An apposition says the name is a park's: `X, a technology park in Y`.
        ParkApposition = "park.apposition",
        /// A company noun before the name: `packaging firm X`, `chip designer X`.
        OrgCompanyNoun = "org.company-noun",
        /// `on the sidelines of X`: a gathering.
        EventSidelines = "event.sidelines",
        /// The name, then a lower-case park phrase: `Astana Hub international technology park`.
        ParkDescribedAfter = "park.described-after",
        /// A direction before a place stays out: `Northern Finland` → `Finland`.
        PlaceAfterDirection = "place.after-direction",
        /// An apposition says the name is an organisation's: `X, the company behind …`.
        OrgApposition = "org.apposition",
        /// A place before generic words is the place alone: `Singapore Government` → `Singapore`.
        PlaceBeforeGenericWords = "place.before-generic-words",
        /// A name in capitals that title-cased is a place: `KUALA LUMPUR`.
        PlaceCapitalised = "place.capitalised",
        /// A role's complement, then a foreign name: `Minister of Communications Fahmi Fadzil`.
        PersonAfterRoleComplement = "person.after-role-complement",
        /// A place before an administrative unit, without the unit: `Gyeonggi Province` → `Gyeonggi`.
        GpeAdminUnit = "gpe.admin-unit",
        /// A single word in capitals (not in the stop list): `MRANTI`, `STPI`.
        OrgAcronym = "org.acronym",
        /// A one-word CamelCase name of three letters or fewer is no entity (`iOS`).
        NameShortCamel = "name.short-camel",
        /// A name before a lower-case place unit: `Ninghe district`.
        GpeUnitAfter = "gpe.unit-after",
        /// A name before a lower-case gathering word: `NEXTECH forum`.
        EventKindAfter = "event.kind-after",
        /// `the district of X`, `the neighbourhood of X`: part of a city.
        LocNeighbourhoodOf = "loc.neighbourhood-of",
        /// An unknown single name where things happen: `signed in X`, `based in X`.
        GpeVenue = "gpe.venue",
        /// A newspaper by its head word alone: `the Telegraph`.
        OrgNewspaper = "org.newspaper",
        /// A name in a list of companies: `companies such as X, Y and Z`.
        OrgCompanyList = "org.company-list",
        /// Any other name that is not an English word: most often an organisation in this genre.
        OrgUnknownName = "org.unknown-name",
    }
    /// Evidence that a capitalised run names a person (entities/persons.rs),
    /// tried in this order; a PERSON span carries the cue that decided it.
    Person = "person" {
        /// An honorific before the name: `Dr`, `Mr.`, `Datuk Seri`.
        PersonHonorific = "person.honorific",
        /// A byline: `Author: X`, `By X` opening a line, `Photo by X`.
        PersonByline = "person.byline",
        /// A role next to the name: `CEO X`, `X, chief executive officer of Y`.
        PersonRole = "person.role",
        /// A reporting verb: `X said`, `said X`, `according to X`.
        PersonReportingVerb = "person.reporting-verb",
        /// A known given name first: `Anna Kowalski`.
        PersonGivenName = "person.given-name",
        /// An East Asian family name first: `Zhang Wei`, `Lim Wei Ming`.
        PersonFamilyName = "person.family-name",
        /// A short family name and a hyphenated given name: `Kang Jae-won`.
        PersonHyphenatedGivenName = "person.hyphenated-given-name",
        /// A Slavic surname ending: `Denis Kovalevich`.
        PersonSlavicSurname = "person.slavic-surname",
    }
    /// Names relabelled by what is said of them (entities/appositions.rs).
    Apposition = "apposition" {
        /// The abbreviation after a park's name names the park: `Belarusian High-Tech Park (HTP)`.
        ParkAbbreviation = "park.abbreviation",
        /// An apposition makes an organisation or person name a park: `Sophia Antipolis, a famous technology park`.
        ParkAppositionRelabel = "park.apposition-relabel",
        /// `the French technology park of Sophia Antipolis`.
        ParkOfDescription = "park.of-description",
        /// A name in a list of parks: `technology parks, including X, Y and Z`.
        ParkListed = "park.listed",
    }
    /// SIGNING sentences (clauses/signing.rs); SIGNING wins over every other clause label.
    ClauseSigning = "clause.signing" {
        /// A signing verb with an instrument as object: `signed a cooperation agreement`, `inks MoU`.
        ClauseSigningVerbObject = "clause.signing.verb-object",
        /// `signing ceremony`.
        ClauseSigningCeremony = "clause.signing.ceremony",
        /// An instrument, then a signing participle: `the MoU was signed`, `the accord … that X concluded`.
        ClauseSigningParticiple = "clause.signing.participle",
        /// Agreeing to cooperate is concluding an agreement: `agreed to cooperate`, `agreed on a charter`.
        ClauseSigningAgreeTo = "clause.signing.agree-to",
    }
    /// List items of a paragraph (clauses/lists.rs).
    ClauseList = "clause.list" {
        /// A `Label: text` item whose label names an aim: `Objective: …` (PURPOSE).
        ClauseListAimLabel = "clause.list.aim-label",
        /// Any other `Label: text` item of a list of cooperation areas (COMMITMENT).
        ClauseListAreaItem = "clause.list.area-item",
        /// A bulleted item naming an activity: `- Establish a joint lab`, `1. Joint research on …` (COMMITMENT).
        ClauseListActivityItem = "clause.list.activity-item",
    }
    /// PURPOSE sentences (clauses/purpose.rs).
    ClausePurpose = "clause.purpose" {
        /// An opening purpose in a sentence about cooperation: `In an effort to …`, `To promote …`.
        ClausePurposeOpening = "clause.purpose.opening",
        /// What the cooperation makes possible after an opener: `With this agreement, start-ups can …`.
        ClausePurposeEnabledBy = "clause.purpose.enabled-by",
        /// The instrument heading the sentence brings something about: `The partnership paves the way for …`.
        ClausePurposeInstrumentBrings = "clause.purpose.instrument-brings",
        /// An aim noun with `is to`: `The aim of the agreement is to …`.
        ClausePurposeAimIsTo = "clause.purpose.aim-is-to",
        /// A purpose frame about the cooperation: `the partnership aims to …`, `is expected to …`.
        ClausePurposeFrame = "clause.purpose.frame",
        /// The cooperation will bring a benefit: `The alliance will help …`.
        ClausePurposeCooperationWill = "clause.purpose.cooperation-will",
        /// The parties want a benefit: `Both parties want to help …`.
        ClausePurposePartiesWant = "clause.purpose.parties-want",
        /// What is set up will serve a role for others: `The centre will serve as a gateway for …`.
        ClausePurposeServesAs = "clause.purpose.serves-as",
        /// A partnership reported with its aim: `X has partnered with Y to support …`.
        ClausePurposePartneredTo = "clause.purpose.partnered-to",
    }
    /// COMMITMENT sentences (clauses/commitment.rs).
    ClauseCommitment = "clause.commitment" {
        /// Whatever anyone will do under the instrument: `Under the MoU, STPI will select …`.
        ClauseCommitmentUnderInstrument = "clause.commitment.under-instrument",
        /// The parties (or the cooperation) will do something together: `X and Y will exchange …`.
        ClauseCommitmentPartiesWill = "clause.commitment.parties-will",
        /// A passive done by all the parties: `to be shared equally by the two partners`.
        ClauseCommitmentJointAgent = "clause.commitment.joint-agent",
        /// Agreeing to an activity: `agreed to exchange delegations`.
        ClauseCommitmentAgreeTo = "clause.commitment.agree-to",
        /// Committing to joint work: `commit to five joint activities`.
        ClauseCommitmentCommitTo = "clause.commitment.commit-to",
        /// All the parties commit to an activity: `Both sides committed to holding …`.
        ClauseCommitmentPartiesCommit = "clause.commitment.parties-commit",
        /// `identified as an area for cooperation`.
        ClauseCommitmentIdentifiedAs = "clause.commitment.identified-as",
        /// What the instrument provides for: `The MoU covers …`, `provides for joint training`.
        ClauseCommitmentProvidesFor = "clause.commitment.provides-for",
        /// Setting up something joint: `set up a joint lab`, `create joint enterprises`.
        ClauseCommitmentSetsUpJoint = "clause.commitment.sets-up-joint",
        /// Something joint will be set up, in the passive: `joint laboratories are planned to be established`.
        ClauseCommitmentJointPlanned = "clause.commitment.joint-planned",
        /// The parties act jointly, in the present: `the two sides jointly implement …`, `co-develop`.
        ClauseCommitmentPartiesJointly = "clause.commitment.parties-jointly",
    }
    /// The trained models (model/): they score the rules' spans and the
    /// sentences, and may drop, relabel or add what the rules found.
    Model = "model" {
        /// The trained entity re-scorer relabels a name span (or drops it, which leaves no trace).
        ModelEntity = "model.entity",
        /// The trained clause classifier gives a sentence a label the clause rules did not.
        ModelClause = "model.clause",
    }
    /// The document-wide pass (entities/link.rs).
    Link = "link" {
        /// A name learnt elsewhere in the document found again (`Technopolis` after `Technopolis Plc`).
        LinkRepeat = "link.repeat",
        /// A name typed on weak evidence takes the type the document settled on.
        LinkRelabel = "link.relabel",
        /// A learnt name replaces the shorter spans inside it (`Astana Hub` over `Astana`).
        LinkOuterName = "link.outer-name",
    }
    /// Relations between the entities of one sentence (relations/), after
    /// every span is settled; `Engine::relations`.
    Relation = "relation" {
        /// The named organisations, parks and places of a sentence with a signing verb are parties to its instrument: `X and Y signed an MoU`, `signed … with X`.
        RelationPartySigning = "relation.party.signing",
        /// Parties after `between` an instrument: `an agreement between X and Y`.
        RelationPartyBetween = "relation.party.between",
        /// A person who signs: `signed by X`, `X signed …`, `X and Y inked …`.
        RelationSignatorySigns = "relation.signatory.signs",
        /// A date in a signing sentence is the signing date (not a report date: `reported on …`).
        RelationSignedOnDate = "relation.signed-on.date",
        /// A title before a name: `CEO Anoop Ambika`, `President of X Nguyen Anh Thi`.
        RelationRoleBeforeName = "relation.has-role.title-before",
        /// A title in apposition after a name: `Rais Hussin, CEO of MRANTI`.
        RelationRoleApposition = "relation.has-role.apposition",
        /// The organisation just before a person's title: `KSUM CEO Anoop Ambika`, `Viclink's manager`.
        RelationMemberBeforeRole = "relation.member-of.before-role",
        /// The organisation a person's title is `of`, `at` or `for`: `CEO of MRANTI`.
        RelationMemberRoleOf = "relation.member-of.role-of",
        /// People named just before `from` a body belong to it: `Mr. X and Mr. Y from the Higher Council`.
        RelationMemberFrom = "relation.member-of.from",
        /// A park or organisation `in`, `of`, `based in` a place: `Zhangjiang Hi-Tech Park in Shanghai`.
        RelationLocatedIn = "relation.located-in.in-place",
        /// A place's park or organisation: `China's Haidian Science Park`, `Lahore-based Daily Times`.
        RelationLocatedPossessive = "relation.located-in.possessive",
        /// A place in brackets after a park or organisation: `HTP (Kyrgyzstan)`.
        RelationLocatedBracket = "relation.located-in.bracket",
    }
}

impl RuleId {
    /// The rules that keep a text from being typed rather than propose a
    /// span (`name.street`: streets are no entity). No span carries them;
    /// turning one off lets later rules type the text.
    pub const PREVENTING: &'static [RuleId] =
        &[RuleId::NameRoleComplement, RuleId::NameStreet, RuleId::NamePlaceCompound, RuleId::NameShortCamel];

    /// Whether spans carry this rule (see [`RuleId::PREVENTING`]).
    pub fn proposes_spans(self) -> bool {
        !RuleId::PREVENTING.contains(&self)
    }

    /// The rule called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == name)
    }

    /// Its index in [`RuleId::ALL`] (the enum's discriminant).
    const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Family {
    /// The family's rules, in registry order.
    pub fn rules(self) -> impl Iterator<Item = RuleId> {
        RuleId::ALL.iter().copied().filter(move |r| r.family() == self)
    }
}

/// A set of rules, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct RuleSet([u64; 4]);

const _: () = assert!(RuleId::ALL.len() <= 256, "RuleSet holds 256 rules; widen it (and RuleId's repr)");

impl RuleSet {
    fn insert(&mut self, r: RuleId) {
        self.0[r.index() / 64] |= 1 << (r.index() % 64);
    }

    fn contains(&self, r: RuleId) -> bool {
        self.0[r.index() / 64] & (1 << (r.index() % 64)) != 0
    }
}

/// How the engine runs: which rules are off. `Options::default()` runs
/// every rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Options {
    disabled: RuleSet,
    /// Spans less sure than this (fixed point over `u16::MAX`) are not proposed.
    min_confidence: u16,
}

impl Options {
    /// The same options, proposing only spans at least `confidence` (0–1)
    /// sure (`pactum.toml` `[suggestions] min_confidence`).
    pub fn with_min_confidence(mut self, confidence: f32) -> Options {
        let c = if confidence.is_nan() { 0.0 } else { confidence.clamp(0.0, 1.0) };
        self.min_confidence = (c * f32::from(u16::MAX)).round() as u16;
        self
    }

    pub fn min_confidence(&self) -> f32 {
        f32::from(self.min_confidence) / f32::from(u16::MAX)
    }

    /// The options with `rule` off as well.
    pub fn disable(mut self, rule: RuleId) -> Options {
        self.disabled.insert(rule);
        self
    }

    /// Turns off the rules named in `names`; every unknown name is reported
    /// (the known ones are still turned off).
    pub fn disable_by_name<'n>(
        self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<Options, (Options, UnknownRules)> {
        let mut options = self;
        let mut unknown = Vec::new();
        for name in names {
            match RuleId::from_name(name.trim()) {
                Some(r) => options = options.disable(r),
                None => unknown.push(name.to_string()),
            }
        }
        if unknown.is_empty() {
            Ok(options)
        } else {
            Err((options, UnknownRules(unknown)))
        }
    }

    /// Whether `rule` runs.
    #[inline]
    pub fn enabled(&self, rule: RuleId) -> bool {
        !self.disabled.contains(rule)
    }

    /// Whether every rule runs (the common case, checked once per run of
    /// rules rather than per rule).
    #[inline]
    pub fn all_enabled(&self) -> bool {
        self.disabled == RuleSet::default()
    }

    /// The rules that are off, in registry order.
    pub fn disabled(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::ALL.iter().copied().filter(|r| !self.enabled(*r))
    }
}

/// Rule names that name no rule. Its message lists them, suggests the
/// nearest valid id for each, and lists the valid ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRules(pub Vec<String>);

impl fmt::Display for UnknownRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.0.len() == 1 { "" } else { "s" };
        write!(f, "unknown rule{plural} ")?;
        for (k, name) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
            if let Some(near) = nearest(name) {
                write!(f, " (did you mean `{near}`?)")?;
            }
        }
        f.write_str("; valid rules: ")?;
        for (k, r) in RuleId::ALL.iter().enumerate() {
            if k > 0 {
                f.write_str(", ")?;
            }
            f.write_str(r.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownRules {}

/// The rule id closest to `name` by edit distance, if it is close.
fn nearest(name: &str) -> Option<RuleId> {
    let (best, distance) =
        RuleId::ALL.iter().map(|r| (*r, edit_distance(name, r.as_str()))).min_by_key(|(_, d)| *d)?;
    (distance <= name.chars().count().max(4) / 3).then_some(best)
}

/// Levenshtein distance over chars (names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Where a suggestion comes from. Today every suggestion comes from the
/// rules; a trained model beside them will add `Model` and `Both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The rules alone.
    Rules,
    /// A trained model alone (`model.clause` labelled a sentence no rule did).
    Model,
    /// A rule proposed it and a trained model scored (and kept or relabelled) it.
    Both,
}

/// Why the engine proposes a span: the rules that proposed it, in the order
/// they acted (`org.unknown-name`, then `park.apposition-relabel` that made
/// it a park, then `link.repeat` that found it again…): the first rule and
/// the latest ones, at most [`Provenance::MAX_RULES`].
///
/// It is `Copy` and small (six bytes with its confidence, a fixed-point
/// `u16`), so a [`crate::Span`] stays 24 bytes: room for what comes next
/// without making spans dearer — the model's part in the [`Source`] when a
/// trained model runs beside the rules, and the confidence that a
/// workspace's accept/reject record per rule will then adjust. Relation
/// suggestions will carry rule ids of their own family the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Provenance {
    rules: [Option<RuleId>; Provenance::MAX_RULES],
    /// 0–1 as fixed point over the low 15 bits; the top bit says a trained
    /// model scored the span. So the type stays `Eq`, `Hash` and `Ord` and a
    /// span stays 24 bytes.
    confidence: u16,
}

impl Provenance {
    /// The most rules one span records: beyond it, the first is kept and
    /// the oldest of the others makes room.
    pub const MAX_RULES: usize = 3;

    const MODEL_BIT: u16 = 0x8000;
    const CONFIDENCE_MAX: u16 = 0x7fff;

    /// No rule: a span the engine did not propose (an annotator's), given
    /// to [`crate::Engine::relations`] beside the engine's own.
    pub const fn none() -> Provenance {
        Provenance { rules: [None, None, None], confidence: Provenance::CONFIDENCE_MAX }
    }

    /// Proposed by `rule`.
    pub const fn rule(rule: RuleId) -> Provenance {
        Provenance { rules: [Some(rule), None, None], confidence: Self::CONFIDENCE_MAX }
    }

    /// How sure the engine is of the span, 0–1. A rule alone says 1.0 until
    /// something (a trained model, a workspace's accepts and rejects) says
    /// otherwise.
    pub fn confidence(&self) -> f32 {
        f32::from(self.confidence & Self::CONFIDENCE_MAX) / f32::from(Self::CONFIDENCE_MAX)
    }

    /// The same, with `confidence` (clamped to 0–1; NaN counts as 0).
    #[must_use]
    pub fn with_confidence(mut self, confidence: f32) -> Provenance {
        let c = if confidence.is_nan() { 0.0 } else { confidence.clamp(0.0, 1.0) };
        let q = (c * f32::from(Self::CONFIDENCE_MAX)).round() as u16;
        self.confidence = (self.confidence & Self::MODEL_BIT) | (q & Self::CONFIDENCE_MAX);
        self
    }

    /// The same, scored by a trained model with `confidence`.
    #[must_use]
    pub fn scored_by_model(mut self, confidence: f32) -> Provenance {
        self.confidence |= Self::MODEL_BIT;
        self.with_confidence(confidence)
    }

    /// The same, with `rule` acting after the others (recorded once).
    #[must_use]
    pub fn then(mut self, rule: RuleId) -> Provenance {
        if self.rules.contains(&Some(rule)) {
            return self;
        }
        match self.rules.iter_mut().find(|s| s.is_none()) {
            Some(slot) => *slot = Some(rule),
            None => {
                self.rules.copy_within(2.., 1);
                self.rules[Self::MAX_RULES - 1] = Some(rule);
            }
        }
        self
    }

    /// The rules, in the order they acted.
    pub fn rules(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.rules.iter().map_while(|r| *r)
    }

    /// The first rule: the one that proposed the span.
    pub fn first(&self) -> Option<RuleId> {
        self.rules[0]
    }

    /// The latest rule: the one that settled the label.
    pub fn last(&self) -> Option<RuleId> {
        self.rules().last()
    }

    /// Who proposed the span: rules, a trained model, or both.
    pub fn source(&self) -> Source {
        let by_rule = self.rules().any(|r| r.family() != Family::Model);
        let by_model =
            self.confidence & Self::MODEL_BIT != 0 || self.rules().any(|r| r.family() == Family::Model);
        match (by_rule, by_model) {
            (true, true) => Source::Both,
            (false, true) => Source::Model,
            _ => Source::Rules,
        }
    }
}

/// The rule ids joined by `+`: `org.legal-suffix+link.repeat`.
impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, r) in self.rules().enumerate() {
            if k > 0 {
                f.write_str("+")?;
            }
            f.write_str(r.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_in_their_family() {
        let mut seen = std::collections::HashSet::new();
        for r in RuleId::ALL {
            let name = r.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.split('.').all(|p| !p.is_empty()
                    && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')),
                "{name}: lower-case words and dashes, dot-separated"
            );
            assert!(name.contains('.'), "{name}: `<area>.<what>`");
            assert_eq!(RuleId::from_name(name), Some(*r));
            assert!(!r.description().is_empty(), "{name} has no description");
            if r.family().as_str().starts_with("clause.")
                || matches!(r.family(), Family::Link | Family::Relation)
            {
                assert!(name.starts_with(r.family().as_str()), "{name} outside its family's prefix");
            }
        }
        assert_eq!(RuleId::ALL.len(), Family::ALL.iter().map(|f| f.rules().count()).sum::<usize>());
    }

    #[test]
    fn options_turn_rules_off_and_report_unknown_names() {
        let o = Options::default();
        assert!(RuleId::ALL.iter().all(|r| o.enabled(*r)));
        let o = o.disable_by_name(["org.legal-suffix", " park.head-word "]).unwrap();
        assert!(!o.enabled(RuleId::OrgLegalSuffix) && !o.enabled(RuleId::ParkHeadWord));
        assert!(o.enabled(RuleId::OrgAcronym));
        assert_eq!(o.disabled().collect::<Vec<_>>(), [RuleId::ParkHeadWord, RuleId::OrgLegalSuffix]);

        let (partial, err) =
            Options::default().disable_by_name(["org.legal-sufix", "date.month", "nope"]).unwrap_err();
        assert!(!partial.enabled(RuleId::DateMonth), "known names still apply");
        assert_eq!(err.0, ["org.legal-sufix", "nope"]);
        let msg = err.to_string();
        assert!(msg.starts_with("unknown rules `org.legal-sufix` (did you mean `org.legal-suffix`?), `nope`; valid rules: date.month,"), "{msg}");
        assert!(msg.contains("link.outer-name"), "{msg}");
    }

    /// Over the sample corpus and the held-out articles: a rule turned off
    /// is on no span, every span names the rule(s) behind it, and the
    /// rules that prevent spans are on none.
    #[test]
    fn a_rule_turned_off_is_on_no_span() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut texts = Vec::new();
        for dir in ["corpus", "tests/data/heldout"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
            paths.sort();
            texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
        }
        assert!(texts.len() >= 15, "sample corpus and held-out texts");
        let text = texts.join("\n\n");
        let all = crate::testing::annotate_with(&text, Options::default());
        let mut seen = std::collections::HashSet::new();
        for s in &all {
            assert!(s.provenance.first().is_some(), "{s:?} has no rule");
            seen.extend(s.provenance.rules());
        }
        for r in RuleId::ALL {
            assert!(r.proposes_spans() || !seen.contains(r), "{r} prevents spans but is on one");
            if !seen.contains(r) {
                continue;
            }
            let off = crate::testing::annotate_with(&text, Options::default().disable(*r));
            assert!(off.iter().all(|s| s.provenance.rules().all(|x| x != *r)), "{r} off but on a span");
        }
    }

    #[test]
    fn confidence_defaults_to_one_and_is_clamped() {
        let p = Provenance::rule(RuleId::OrgUnknownName);
        assert_eq!(p.confidence(), 1.0);
        assert!((p.with_confidence(0.25).confidence() - 0.25).abs() < 1e-4);
        assert_eq!(p.with_confidence(7.0).confidence(), 1.0);
        assert_eq!(p.with_confidence(-1.0).confidence(), 0.0);
        assert_eq!(p.with_confidence(f32::NAN).confidence(), 0.0);
        assert_eq!(p.with_confidence(0.5).then(RuleId::LinkRepeat).first(), Some(RuleId::OrgUnknownName));
    }

    #[test]
    fn provenance_is_small_ordered_and_bounded() {
        assert_eq!(std::mem::size_of::<Provenance>(), 6);
        assert_eq!(std::mem::size_of::<crate::Span>(), 24);
        let p = Provenance::rule(RuleId::OrgUnknownName)
            .then(RuleId::ParkAppositionRelabel)
            .then(RuleId::ParkAppositionRelabel)
            .then(RuleId::LinkRelabel);
        assert_eq!(p.to_string(), "org.unknown-name+park.apposition-relabel+link.relabel");
        assert_eq!(p.last(), Some(RuleId::LinkRelabel));
        // Full: the first rule stays, the oldest of the others makes room.
        assert_eq!(p.then(RuleId::LinkRepeat).to_string(), "org.unknown-name+link.relabel+link.repeat");
        assert_eq!(p.first(), Some(RuleId::OrgUnknownName));
        assert_eq!(p.source(), Source::Rules);
        assert_eq!(p.scored_by_model(0.5).source(), Source::Both);
        assert!((p.scored_by_model(0.5).confidence() - 0.5).abs() < 1e-4);
        assert_eq!(
            p.scored_by_model(0.5).with_confidence(0.9).source(),
            Source::Both,
            "the model mark stays"
        );
        assert_eq!(Provenance::rule(RuleId::ModelClause).scored_by_model(0.7).source(), Source::Model);
        assert_eq!(p.then(RuleId::ModelEntity).source(), Source::Both);
    }
}
