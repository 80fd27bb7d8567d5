ENTITIES = [
    ("ORG", "Ministry of Unity of the Republic of Korea", 0),
    ("ORG", "Ministry of Unification", "all"),
    ("PARK", "SHTP", "all"),
    ("DATE", "30/05/2018", 0),
    ("DATE", "morning of May 29, 2018", 0),
    ("PERSON", "Le Hoai Quoc", "all"),
    ("ROLE", "Head", "all"),
    ("ORG", "Management Board", "all"),
    ("PARK", "High-Tech Park", "all"),
    ("GPE", "Korea", "all"),
    ("GPE", "North Korea", 0),
    ("ORDINAL", "first", 0),
    ("GPE", "Vietnam", 0),
    ("ORG", "Samsung HCMC CE Complex Co., Ltd.", 0),
]
CLAUSES = []
RELATIONS = [
    ("located_in", "Ministry of Unification", "Korea", "ctx:The Ministry of Unification of Korea paid"),
    ("located_in", "Ministry of Unification", "Korea", "ctx:from the Ministry of Unification of Korea"),
    ("located_in", "Ministry of Unification", "Korea", "ctx:The role of the Ministry of Unification of Korea"),
    ("located_in", "Ministry of Unification", "Korea", "ctx:The Ministry of Unification of Korea pays"),
    ("located_in", "Ministry of Unification", "Korea", "ctx:the Ministry of Unification of Korea was very"),
    ("has_role", ("Le Hoai Quoc", 0), ("Head", 0)),
    ("member_of", ("Le Hoai Quoc", 0), ("Management Board", 0)),
    ("has_role", ("Le Hoai Quoc", 1), ("Head", 1)),
    ("member_of", ("Le Hoai Quoc", 1), ("Management Board", 1)),
]
