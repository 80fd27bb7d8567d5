ENTITIES = [
    ("DATE", "2018-01-07", 0),
    ("PARK", "High-Tech Park", "all"),
    ("PARK", "High Tech Park", 0),
    ("DATE", "7 January 2018", 0),
    ("GPE", "Baku", 0),
    ("GPE", "Azerbaijan", "all"),
    ("DATE", "Jan. 7", 0),
    ("PERSON", "Huseyn Hasanov", 0),
    ("ORG", "Trend", "all"),
    ("ORG", "Azerbaijan National Academy of Sciences", 0),
    ("DATE", "Dec. 28", 0),
    ("ROLE", "marketing specialist", 0),
    ("PARK", "China-Russia Innovation Tech Park", "all"),
    ("GPE", "Yantai", 0),
    ("GPE", "China", "all"),
    ("DATE", "January 2018", 1),
    ("AGREEMENT", "memorandum", "all"),
    ("CARDINAL", "350", 0),
    ("DATE", "November", 0),
]
CLAUSES = [
    ("COMMITMENT", "A marketing specialist of Azerbaijan", "format of cooperation."),
    ("SIGNING", "The prospects of cooperation between", "cooperation was signed."),
    ("COMMITMENT", "According to the memorandum", "innovative projects."),
    ("COMMITMENT", "Moreover, joint laboratories", "planned to be organized."),
]
RELATIONS = [
    ("located_in", "High-Tech Park", "Azerbaijan", "ctx:Azerbaijan’s High-Tech Park"),
    ("located_in", ("China-Russia Innovation Tech Park", 0), "Yantai"),
    ("located_in", ("China-Russia Innovation Tech Park", 0), ("China", 0)),
    ("located_in", "High Tech Park", "Azerbaijan", "ctx:Azerbaijan’s High Tech Park"),
]
