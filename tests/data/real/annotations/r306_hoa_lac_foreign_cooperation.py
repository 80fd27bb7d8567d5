ENTITIES = [
    ("ORG", "Ministry of Science and Technology", 0),
    ("ORG", "ASPA", "all"),
    ("GPE", "Republic of Korea", 0),
    ("GPE", "RoK", "all"),
    ("GPE", "Vietnam", "all"),
    ("DATE", "June", 0),
    ("ORG", "RFMicro Devices Inc", 0),
    ("ORG", "RFMD", "all"),
    ("GPE", "US", 0),
    ("DATE", "2011", 0),
    ("PARK", "Hoa Lac Hi-tech Park", "all"),
    ("PARK", "Tai Zhong Science Park", 0),
    ("GPE", "Taiwan", 0),
    ("AGREEMENT", "memorandum ofunderstanding", 0),
    ("AGREEMENT", "MoU", "all"),
    ("DATE", "1997", 0),
    ("LOC", "Asia", 0),
    ("DATE", "2008", 0),
]
CLAUSES = [
    ("SIGNING", "In the framework of cooperativeactivities", "andinvestment."),
    ("COMMITMENT", "Under the MoU", "in staff training."),
]
RELATIONS = [
    ("located_in", "RFMicro Devices Inc", "US"),
    ("party", "memorandum ofunderstanding", ("Hoa Lac Hi-tech Park", 0)),
    ("party", "memorandum ofunderstanding", "Tai Zhong Science Park"),
    ("signed_on", "memorandum ofunderstanding", "2011"),
    ("located_in", "Tai Zhong Science Park", "Taiwan"),
]
