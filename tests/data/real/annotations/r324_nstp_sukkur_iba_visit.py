ENTITIES = [
    ("DATE", "2021-01-07", 0),
    ("GPE", "Islamabad", 0),
    ("PARK", "National Science and Technology Park", 0),
    ("PARK", "NSTP", "all"),
    ("ORG", "National University of Science and Technology", 0),
    ("ORG", "NUST", 0),
    ("ORG", "Sukkur Institute of Business Administration", 0),
    ("ORG", "Sukkur IBA", 0),
    ("ORG", "IBA", "all"),
    ("ROLE", "Vice Chancellor", 0),
    ("GPE", "Sukkur", "all"),
    ("PERSON", "Syed Mir Muhammad Shah", 0),
    ("DATE", "Tuesday", 0),
    ("GPE", "Pakistan", "all"),
    ("ROLE", "Prime Minister", 0),
    ("PERSON", "Imran Khan", 0),
    ("DATE", "December 2019", 0),
    ("ROLE", "VC", 0),
    ("PARK", "Nisar Ahmed Siddiqui Technology (NASTech) Park", 0),
]
CLAUSES = [
    ("COMMITMENT", "National Science and Technology Park (NSTP)", "Business Administration (IBA)."),
    ("PURPOSE", "The VC’s visit was also aimed", "on the similar pattern."),
]
RELATIONS = [
    ("has_role", "Syed Mir Muhammad Shah", "Vice Chancellor"),
    ("member_of", "Syed Mir Muhammad Shah", ("IBA", 1)),
    ("located_in", ("IBA", 1), ("Sukkur", 0)),
    ("located_in", ("NSTP", 2), ("Pakistan", 0)),
    ("has_role", "Imran Khan", "Prime Minister"),
]
