ENTITIES = [
    ("DATE", "2018-07-18", 0),
    ("GPE", "Baku", 0),
    ("GPE", "Azerbaijan", 0),
    ("DATE", "July 18", 0),
    ("ORG", "Trend", 0),
    ("GPE", "Uzbekistan", "all"),
    ("ORG", "Mirzo Ulugbek Innovation Center", 0),
    ("ORG", "MUIC", "all"),
    ("ORG", "Association of Technology Parks of the Republic of Korea", 0),
    ("ORG", "Podrobno.uz", 0),
    ("ROLE", "Chairman", 0),
    ("ORG", "Association of Technoparks", 0),
    ("PERSON", "Jeyhun Lee", "all"),
    ("GPE", "Tashkent", 0),
    ("AGREEMENT", "memorandum", 0),
    ("DATE", "first decade of September", 0),
    ("GPE", "Seoul", 0),
    ("CARDINAL", "18", "ctx:unites 18 technoparks"),
]
CLAUSES = [
    ("COMMITMENT", "\"Jeyhun Lee expressed", "upcoming work."),
    ("COMMITMENT", "In particular, one of the leading", "IT-infrastructure facility."),
    ("PURPOSE", "His experience will help", "MUIC noted."),
    ("COMMITMENT", "The development of scientific", "area of cooperation."),
    ("SIGNING", "The official ceremony of signing", "on a working visit."),
    ("COMMITMENT", "Uzbek specialists will", "industrial planning."),
]
RELATIONS = [
    ("located_in", "Mirzo Ulugbek Innovation Center", ("Uzbekistan", 0)),
    ("has_role", ("Jeyhun Lee", 0), "Chairman"),
    ("member_of", ("Jeyhun Lee", 0), "Association of Technoparks"),
    ("signed_on", "memorandum", "first decade of September"),
]
