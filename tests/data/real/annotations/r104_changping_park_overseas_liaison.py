ENTITIES = [
    ("PARK", "Changping Park", "all"),
    ("CARDINAL", "six", 0),
    ("ORG", "Beijing Daily", 0),
    ("DATE", "Sept 16", 0),
    ("AGREEMENT", "strategic cooperation agreements", 0),
    ("CARDINAL", "five", 0),
    ("GPE", "California", 0),
    ("LOC", "Silicon Valley", 0),
    ("GPE", "New Jersey", 0),
    ("GPE", "Boston", 0),
    ("GPE", "Toronto", 0),
    ("GPE", "South Korea", 0),
    ("GPE", "Gangwon-do", 0),
    ("DATE", "August", 0),
    ("CARDINAL", "400", 0),
    ("GPE", "China", 0),
    ("DATE", "November 1991", 0),
    ("GPE", "Changping", "ctx:lies in Changping district"),
    ("GPE", "Beijing", "ctx:northwest of Beijing"),
    ("CARDINAL", "11.48", 0),
    ("PARK", "Zhongguancun Science and Technology Park", 0),
]
CLAUSES = [
    ("SIGNING", "The administrative committee of Changping Park", "Gangwon-do in August."),
    ("COMMITMENT", "These liaison offices will act", "from the administrative committee."),
]
RELATIONS = [
    ("party", "strategic cooperation agreements", ("Changping Park", 1)),
    ("signed_on", "strategic cooperation agreements", "August"),
    ("located_in", ("Changping Park", 3), "Changping"),
]
