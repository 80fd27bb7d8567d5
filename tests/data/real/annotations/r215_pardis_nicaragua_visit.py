ENTITIES = [
    ("GPE", "Tehran", "all"),
    ("ORG", "IP", 0),
    ("ROLE", "Minister", "all"),
    ("GPE", "Iran", "ctx:with Iran's Pardis"),
    ("GPE", "Iran", "ctx:\"Iran welcomes"),
    ("GPE", "Iran", "ctx:cooperation with Iran."),
    ("PARK", "Pardis Technology Park", "all"),
    ("PERSON", "Denis Moncada", 0),
    ("ROLE", "Ambassador", 0),
    ("DATE", "Sunday", 0),
    ("ROLE", "chairman", 0),
    ("PERSON", "Mahdi Saffarinia", 0),
    ("PERSON", "Saffarinia", "all"),
    ("AGREEMENT", "memorandum of understanding", 0),
    ("ORG", "Nicaraguan Council of Science and Technology", 0),
    ("AGREEMENT", "agreement", 0),
    ("ROLE", "Foreign Minister", 0),
    ("AGREEMENT", "MoU", 0),
    ("ROLE", "ambassador", 0),
]
CLAUSES = []
RELATIONS = [
    ("located_in", ("Pardis Technology Park", 0), ("Iran", 0)),
    ("has_role", "Mahdi Saffarinia", "chairman"),
    ("party", "memorandum of understanding", ("Pardis Technology Park", 3)),
    ("party", "memorandum of understanding", "Nicaraguan Council of Science and Technology"),
]
