ENTITIES = [
    ("DATE", "2023-11-17", 0),
    ("ORG", "Express News Service", 0),
    ("GPE", "THIRUVANANTHAPURAM", 0),
    ("ROLE", "Chief Minister", 0),
    ("PERSON", "Pinarayi Vijayan", 0),
    ("ORDINAL", "third", 0),
    ("EVENT", "Huddle Global 2023", 0),
    ("LOC", "Adimalathura", 0),
    ("DATE", "Thursday", 0),
    ("ORG", "Kerala Start-Up Mission", 0),
    ("ORG", "KSUM", "all"),
    ("GPE", "India", "all"),
    ("AGREEMENT", "Memoranda of Understanding", 0),
    ("AGREEMENT", "MoUs", 0),
    ("GPE", "Belgium", 0),
    ("GPE", "Australia", 0),
    ("ORG", "Startup Infinity Centres", 0),
    ("GPE", "Kerala", "all"),
    ("PERSON", "Pinarayi", 1),
    ("ORG", "UBI Global", 0),
    ("DATE", "2021-22", 0),
    ("PARK", "Emerging Technology Startup Hub", 0),
]
CLAUSES = [
    ("SIGNING", "A significant highlight of the event", "these two countries."),
    ("PURPOSE", "This strategic move opens up", "their market reach."),
]
RELATIONS = [
    ("has_role", "Pinarayi Vijayan", "Chief Minister"),
    ("party", "Memoranda of Understanding", ("KSUM", 1)),
    ("party", "Memoranda of Understanding", "Belgium"),
    ("party", "Memoranda of Understanding", "Australia"),
]
