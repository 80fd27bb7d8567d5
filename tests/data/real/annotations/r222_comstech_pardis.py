ENTITIES = [
    ("ORG", "COMSTECH", "all"),
    ("ROLE", "Coordinator General", 0),
    ("PERSON", "Muhammad Iqbal Choudhary", 0),
    ("PERSON", "Mehdi Safarinia", 0),
    ("ROLE", "head", 0),
    ("PARK", "Pardis Technology Park", 0),
    ("ORG", "OIC", 0),
    ("DATE", "Last year", 0),
    ("AGREEMENT", "similar agreement", 0),
    ("ORG", "Pasteur Institute of Iran", 0),
    ("GPE", "Iran", "all"),
    ("ROLE", "Minister", 0),
    ("PERSON", "Hossein Simaee Sarraf", 0),
    ("PERSON", "Choudhary", "all"),
    ("GPE", "Tehran", 0),
    ("CARDINAL", "three", 0),
]
CLAUSES = [
    ("SIGNING", "The signing ceremony was attended", "Pardis Technology Park."),
    ("PURPOSE", "According to the committee", "OIC member states."),
    ("SIGNING", "Last year, COMSTECH signed", "Pasteur Institute of Iran."),
]
RELATIONS = [
    ("has_role", "Muhammad Iqbal Choudhary", "Coordinator General"),
    ("member_of", "Muhammad Iqbal Choudhary", ("COMSTECH", 0)),
    ("has_role", "Mehdi Safarinia", "head"),
    ("member_of", "Mehdi Safarinia", "Pardis Technology Park"),
    ("party", "similar agreement", ("COMSTECH", 1)),
    ("party", "similar agreement", "Pasteur Institute of Iran"),
    ("signed_on", "similar agreement", "Last year"),
    ("has_role", "Hossein Simaee Sarraf", "Minister"),
    ("member_of", "Hossein Simaee Sarraf", ("Iran", 0)),
]
