ENTITIES = [
    ("ORG", "University of Oulu", "all"),
    ("ORG", "Technopolis", "all"),
    ("ORG", "Technopolis Plc", 0),
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
    ("SIGNING", "The University of Oulu and Technopolis Plc", "into a strategic"),
    ("SIGNING", "cooperation agreement aimed at enhancing", "competitiveness, the"),
    ("SIGNING", "attractiveness of the Oulu region", "corporate success in"),
    ("SIGNING", "the region.", "the region."),
    ("PURPOSE", "At the same", "At the same"),
    ("PURPOSE", "time, it affords", "its visibility and"),
    ("PURPOSE", "national influence and improve", "quality of research."),
]
RELATIONS = [
    ("has_role", "Lauri Lajunen", "Rector"),
    ("has_role", "Pertti Huuskonen", "President"),
    ("has_role", "Pertti Huuskonen", "CEO"),
    ("member_of", "Pertti Huuskonen", ("Technopolis", 2)),
]
