ENTITIES = [
    ("DATE", "2025-10-16", 0),
    ("GPE", "DUSHANBE", 0),
    ("GPE", "Tajikistan", "all"),
    ("DATE", "October 16", 0),
    ("PERSON", "Sherzod", 0),
    ("PERSON", "Shermatov", 0),
    ("ROLE", "Minister", 0),
    ("GPE", "Uzbekistan", "all"),
    ("GPE", "Dushanbe", "ctx:officials in Dushanbe agreed"),
    ("ORG", "Trend", 0),
    ("PARK", "IT Park", "ctx:via the IT Park"),
    ("PARK", "IT Park Dushanbe", 0),
    ("AGREEMENT", "agreement", 0),
]
CLAUSES = [
    ("COMMITMENT", "Sherzod", "Sherzod"),
    ("COMMITMENT", "Shermatov, Minister", "Uzbekistan, and"),
    ("COMMITMENT", "officials in Dushanbe agreed", "projects, exchange"),
    ("COMMITMENT", "expertise, and establish", "platform for collaboration"),
    ("COMMITMENT", "between the IT Parks", "via the IT Park"),
    ("COMMITMENT", "Uzbekistan.", "Uzbekistan.", 0),
    ("COMMITMENT", "Discussions included joint", "incubation programs and"),
    ("COMMITMENT", "measures to create", "for IT companies."),
]
RELATIONS = [
    ("has_role", "Shermatov", "Minister"),
    ("member_of", "Shermatov", ("Uzbekistan", 0)),
]
