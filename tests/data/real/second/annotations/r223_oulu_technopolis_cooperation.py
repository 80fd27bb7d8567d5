ENTITIES = [
    ("ORG", "University of Oulu", "all"),
    ("ORG", "Technopolis Plc", 0),
    ("ORG", "Technopolis", "all"),
    ("AGREEMENT", "cooperation agreement", "all"),
    ("AGREEMENT", "agreement", "all"),
    ("GPE", "Oulu", "all"),
    ("ROLE", "Rector", 0),
    ("PERSON", "Lauri Lajunen", 0),
    ("PERSON", "Lajunen", "all"),
    ("LOC", "Linnanmaa", 0),
    ("ORG", "VTT Technical Research Centre of Finland", 0),
    ("PERSON", "Pertti Huuskonen", 0),
    ("ROLE", "President", 0),
    ("ROLE", "CEO", 0),
    ("PERSON", "Huuskonen", "all"),
]
CLAUSES = [
    # sentence 1 (SIGNING), one span per line piece
    ("SIGNING", "The University of Oulu and Technopolis Plc", "into a strategic"),
    ("SIGNING", "cooperation agreement aimed at", "competitiveness, the"),
    ("SIGNING", "attractiveness of the Oulu region", "corporate success in"),
    ("SIGNING", "the region.", "the region."),
    # sentence 2 (COMMITMENT)
    ("COMMITMENT", "The parties to the agreement have", "that the City of"),
    ("COMMITMENT", "Oulu establish a committee", "consider the further"),
    ("COMMITMENT", "development of the University's", "administration and resources."),
    # sentence 3 (PURPOSE)
    ("PURPOSE", "According to the University's Rector", "the agreement is a"),
    ("PURPOSE", "practical demonstration", "willingness to establish"),
    ("PURPOSE", "close cooperation between research", "and business activity."),
    # sentence 4 (PURPOSE)
    ("PURPOSE", "At the same", "At the same"),
    ("PURPOSE", "time, it affords the University", "its visibility and"),
    ("PURPOSE", "national influence and improve", "quality of research."),
    # last line
    ("COMMITMENT", "The parties to the cooperation agreement", "proposing that the"),
]
RELATIONS = [
    ("has_role", "Lauri Lajunen", "Rector"),
    ("has_role", "Pertti Huuskonen", "President"),
    ("has_role", "Pertti Huuskonen", "CEO"),
    ("member_of", "Pertti Huuskonen", "Technopolis", "ctx:Pertti Huuskonen, President and CEO of Technopolis"),
]
