ENTITIES = [
    ("GPE", "South Africa", "all"),
    ("GPE", "China", "all"),
    ("AGREEMENT", "cooperation agreements", 0),
    ("AGREEMENT", "cooperation agreement", 0),
    ("ROLE", "Minister", "all"),
    ("PERSON", "Naledi Pandor", 0),
    ("ROLE", "Vice Premier", 0),
    ("PERSON", "Liu Yangdong", 0),
    ("GPE", "Pretoria", 0),
    ("DATE", "24 April", 0),
    ("DATE", "this weekend", 0),
    ("CARDINAL", "three", 0),
    ("PERSON", "Pandor", "all"),
    ("PARK", "Zhongguancun Science Park", 0),
]
CLAUSES = [
    ("SIGNING", "South Africa and China launch", "on science and technology"),
    ("SIGNING", "South Africa has launched", "global growth potential."),
    ("COMMITMENT", "South Africa is confident", "among others."),
    ("SIGNING", "The Minister of Science and Technology, Naledi Pandor", "exchange mechanism."),
    ("PURPOSE", "The two countries hope", "women and youth."),
]
RELATIONS = [
    ("party", "cooperation agreements", ("South Africa", 0)),
    ("party", "cooperation agreements", ("China", 0)),
    ("party", "cooperation agreement", ("South Africa", 1)),
    ("has_role", "Naledi Pandor", ("Minister", 0)),
    ("has_role", "Liu Yangdong", "Vice Premier"),
    ("member_of", "Liu Yangdong", ("China", 2)),
    ("has_role", ("Pandor", 0), ("Minister", 1)),
    ("has_role", ("Pandor", 1), ("Minister", 2)),
    ("located_in", "Zhongguancun Science Park", ("China", 7)),
]
