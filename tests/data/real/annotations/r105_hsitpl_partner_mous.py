ENTITIES = [
    ("ORG", "Hong Kong-Shenzhen Innovation & Technology Park Limited", 0),
    ("ORG", "HSITPL", "all"),
    ("AGREEMENT", "memoranda of understanding", 0),
    ("AGREEMENT", "MOUs", "all"),
    ("CARDINAL", "60", 0),
    ("CARDINAL", "nine", 0),
    ("ROLE", "Chief Executive", "all"),
    ("PERSON", "John Lee", 0),
    ("ROLE", "Acting Financial Secretary", 0),
    ("PERSON", "Michael Wong", 0),
    ("ROLE", "Secretary", "ctx:Michael Wong and Secretary for"),
    ("PERSON", "Sun Dong", 0),
    ("PERSON", "Lee", "ctx:Mr Lee said"),
    ("PARK", "Shenzhen-Hong Kong Science & Technology Innovation Co-operation Zone", 0),
    ("LOC", "Mainland", 0),
    ("GPE", "Hong Kong", "all"),
    ("GPE", "Shenzhen", "all"),
    ("PERSON", "Sun", "ctx:Prof Sun supplemented"),
    ("CARDINAL", "24", 0),
]
CLAUSES = [
    ("SIGNING", "The Hong Kong-Shenzhen Innovation", "from nine economies."),
    ("SIGNING", "Chief Executive John Lee", "the operational phase.", 0),
    ("COMMITMENT", "Hong Kong will continue to join hands", "in the park and beyond."),
    ("SIGNING", "Prof Sun supplemented", "business in Hong Kong."),
]
RELATIONS = [
    ("party", "memoranda of understanding", "Hong Kong-Shenzhen Innovation & Technology Park Limited"),
    ("has_role", "John Lee", ("Chief Executive", 0)),
    ("has_role", "Michael Wong", "Acting Financial Secretary"),
    ("has_role", "Sun Dong", "Secretary"),
    ("party", ("MOUs", 1), ("HSITPL", 1)),
]
