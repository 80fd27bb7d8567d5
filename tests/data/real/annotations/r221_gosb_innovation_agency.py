ENTITIES = [
    ("DATE", "2020-12-02", 0),
    ("PERSON", "Ayya Lmahamad", 0),
    ("AGREEMENT", "memorandum", "all"),
    ("ORG", "Azerbaijan Innovation Agency", 0),
    ("ORG", "Innovation Agency", "all"),
    ("ORG", "Ministry of Transport, Communications and High Technologies", "all"),
    ("PARK", "Technopark GOSB", 0),
    ("PARK", "GOSB Technopark", 0),
    ("DATE", "December 1", 0),
    ("LOC", "Karabakh", "all"),
    ("GPE", "Azerbaijan", "all"),
    ("ORDINAL", "first", 0),
    ("GPE", "Turkey", 0),
    ("CARDINAL", "130", 0),
    ("DATE", "November 6, 2018", 0),
    ("ROLE", "President", 0),
]
CLAUSES = [
    ("SIGNING", "A memorandum on “Cultural", "reported on December 1."),
    ("SIGNING", "The Innovation Agency took the first step", "130 technology companies."),
    ("PURPOSE", "According to the memorandum, in order", "knowledge and experience."),
    ("COMMITMENT", "Moreover, joint seminars", "will be established."),
    ("COMMITMENT", "Likewise, its is planned", "devices in the park."),
    ("PURPOSE", "In addition, it was noted", "implemented new ideas."),
]
RELATIONS = [
    ("party", ("memorandum", 0), "Azerbaijan Innovation Agency"),
    ("party", ("memorandum", 0), "Technopark GOSB"),
    ("party", ("memorandum", 1), ("Innovation Agency", 0)),
    ("party", ("memorandum", 1), "GOSB Technopark"),
    ("located_in", "GOSB Technopark", "Turkey"),
]
