ENTITIES = [
    ("ORG", "Tus-Holdings", "all"),
    ("MONEY", "$48 billion NZD", 0),
    ("GPE", "New Zealand", "all"),
    ("CARDINAL", "300", 0),
    ("CARDINAL", "70", 0),
    ("CARDINAL", "100", 0),
    ("DATE", "November", 0),
    ("PERSON", "Tony Browne", 0),
    ("ROLE", "ambassador", 0),
    ("GPE", "China", 0),
    ("ROLE", "chairman", 0),
    ("ORG", "Council of Next Federation", 0),
    ("CARDINAL", "94", 0),
    ("GPE", "UK", 0),
    ("GPE", "US", 0),
    ("GPE", "Switzerland", 0),
    ("PARK", "TusPark Cambridge", 0),
]
CLAUSES = [
    ("COMMITMENT", "Heading into New Zealand", "innovation in New Zealand."),
    ("PURPOSE", "“The potential launch", "offshore markets.”"),
]
RELATIONS = [
    ("has_role", "Tony Browne", "ambassador"),
    ("member_of", "Tony Browne", "New Zealand", "ctx:Tony Browne, New Zealand’s former"),
    ("has_role", "Tony Browne", "chairman"),
    ("member_of", "Tony Browne", "Council of Next Federation"),
]
