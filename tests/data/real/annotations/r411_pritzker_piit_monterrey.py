ENTITIES = [
    ("DATE", "January 2009-December 2014", 0),
    ("ORG", "U.S. Department of Commerce", 0),
    ("GPE", "U.S.", "all"),
    ("ROLE", "Secretary", "all"),
    ("PERSON", "Penny Pritzker", "all"),
    ("PERSON", "Pritzker", "all"),
    ("PARK", "Research and Technology Park", "all"),
    ("GPE", "Monterrey", "all"),
    ("GPE", "Mexico", "all"),
    ("PERSON", "Rolando Zubiran", "all"),
    ("ORG", "Institute for Innovation and Technology", "all"),
    ("ROLE", "CEO", "all"),
    ("PERSON", "Jaime Parada", "all"),
    ("DATE", "Yesterday", 0),
    ("PARK", "Parque de Investigación e Innovación Tecnológica", 0),
    ("PARK", "PIIT", "all"),
    ("GPE", "Nuevo Leon", "all"),
    ("CARDINAL", "10", 0),
    ("ORG", "Commerce Department", 0),
    ("ORG", "University of Texas", 0),
    ("ORG", "Global Center for Innovation and Entrepreneurship", 0),
    ("ORG", "PepsiCo", 0),
    ("ORG", "General Electric", 0),
    ("ORG", "Motorola", 0),
]
CLAUSES = []
RELATIONS = [
    # title
    ("has_role", ("Penny Pritzker", 0), ("Secretary", 0)),
    ("member_of", ("Penny Pritzker", 0), ("U.S.", 0)),
    ("located_in", ("Research and Technology Park", 0), ("Monterrey", 0)),
    ("located_in", ("Research and Technology Park", 0), ("Mexico", 0)),
    # line 5
    ("has_role", ("Pritzker", 0), ("Secretary", 1)),
    ("has_role", ("Rolando Zubiran", 0), ("Secretary", 2)),
    ("has_role", ("Jaime Parada", 0), ("CEO", 0)),
    ("member_of", ("Jaime Parada", 0), ("Institute for Innovation and Technology", 0)),
    ("located_in", ("Research and Technology Park", 1), ("Monterrey", 1)),
    # line 7
    ("has_role", ("Penny Pritzker", 1), ("Secretary", 3)),
    ("member_of", ("Penny Pritzker", 1), "U.S. Department of Commerce"),
    ("located_in", ("Research and Technology Park", 2), ("Monterrey", 2)),
    # line 11
    ("has_role", ("Rolando Zubiran", 1), ("Secretary", 4)),
    ("has_role", ("Jaime Parada", 1), ("CEO", 1)),
    ("member_of", ("Jaime Parada", 1), ("Institute for Innovation and Technology", 1)),
    ("has_role", ("Pritzker", 1), ("Secretary", 5)),
    # line 13
    ("has_role", ("Pritzker", 2), ("Secretary", 6)),
]
