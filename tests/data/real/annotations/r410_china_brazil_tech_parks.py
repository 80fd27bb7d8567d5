ENTITIES = [
    ("GPE", "China", "all"),
    ("GPE", "Brazil", "all"),
    ("DATE", "23 March 2015", 0),
    ("ORG", "Ministry of Science, Technology and Innovation", "all"),
    ("GPE", "Brasilia", 0),
    ("ROLE", "Deputy Minister", 0),
    ("PERSON", "Cao Jianlin", 0),
    ("ORG", "Portal Brasil", 0),
    ("PERCENT", "13 percent", 0),
    ("PERSON", "Álvaro Prata", 0),
    ("ROLE", "executive secretary", 0),
    ("ORG", "MCTI", "all"),
    ("ORG", "National Association of Entities Promoting Innovative Initiatives", 0),
    ("ORG", "Anprotec", 0),
    ("DATE", "this year", 0),
    ("PARK", "São José dos Campos Technology Park", 0),
    ("GPE", "São Paulo", 0),
    ("ORG", "macauhub", 0),
    ("GPE", "BR", 0),
    ("GPE", "CN", 0),
]
CLAUSES = [
    ("COMMITMENT", "The MCTI and the National Association", "in São Paulo."),
]
RELATIONS = [
    ("has_role", "Cao Jianlin", "Deputy Minister"),
    ("member_of", "Cao Jianlin", ("China", 1)),
    ("has_role", "Álvaro Prata", "executive secretary"),
    ("member_of", "Álvaro Prata", ("Ministry of Science, Technology and Innovation", 1)),
    ("located_in", "São José dos Campos Technology Park", "São Paulo"),
]
