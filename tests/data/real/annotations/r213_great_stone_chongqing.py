ENTITIES = [
    ("GPE", "Belarus", "all"),
    ("GPE", "China", 0),
    ("PARK", "Great Stone Industrial Park", 0),
    ("PARK", "Scientific City of Western China", "all"),
    ("ORG", "Chongqing Investment Group for the Development of High Technologies and Construction", 0),
    ("AGREEMENT", "cooperation agreement", 0),
    ("GPE", "Chongqing", "all"),
    ("CARDINAL", "20", 0),
    ("CARDINAL", "30", 0),
    ("ORG", "BSU", 0),
]
CLAUSES = [
    ("SIGNING", "The Great Stone Industrial Park", "press service reported."),
    ("PURPOSE", "The organizations will cooperate", "and other areas."),
]
RELATIONS = [
    ("party", "cooperation agreement", "Great Stone Industrial Park"),
    ("party", "cooperation agreement", ("Scientific City of Western China", 0)),
    ("party", "cooperation agreement", "Chongqing Investment Group for the Development of High Technologies and Construction"),
    ("located_in", ("Scientific City of Western China", 1), "Chongqing"),
]
