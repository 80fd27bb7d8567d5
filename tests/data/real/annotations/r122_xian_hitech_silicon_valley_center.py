ENTITIES = [
    ("PARK", "Silicon Valley Oversea Innovation Center", "all"),
    ("DATE", "July 10", "all"),
    ("LOC", "North America", "all"),
    ("PARK", "Xi’an Hi-tech Industries Development Zone", "all"),
    ("GPE", "Shaanxi", "all"),
    ("GPE", "China", "all"),
    ("CARDINAL", "six", 0),
    ("LOC", "Silicon Valley", "ctx:between the Silicon Valley and"),
    ("PARK", "Xi’an Hi-tech Zone", 0),
    ("PARK", "Hi-tech Zone", "all"),
    ("PERSON", "Zhong Hongjiang", "all"),
    ("ROLE", "Party Committee Secretary", "all"),
    ("ORG", "chinadaily.com.cn", "all"),
]
CLAUSES = [
    ("PURPOSE", "Oversea innovation center promotes", "hi-tech cooperation"),
    ("PURPOSE", "The Silicon Valley Oversea Innovation Center, which", "in North America."),
    ("PURPOSE", "It aims to increase", "achievement transformation."),
    ("PURPOSE", "He expressed his willingness", "zone to the world."),
]
RELATIONS = [
    ("located_in", ("Silicon Valley Oversea Innovation Center", 0), ("North America", 0)),
    ("located_in", ("Xi’an Hi-tech Industries Development Zone", 0), ("Shaanxi", 0)),
    ("located_in", ("Xi’an Hi-tech Industries Development Zone", 0), ("China", 0)),
    ("has_role", ("Zhong Hongjiang", 0), ("Party Committee Secretary", 0)),
    ("located_in", ("Xi’an Hi-tech Industries Development Zone", 1), ("Shaanxi", 1)),
    ("located_in", ("Xi’an Hi-tech Industries Development Zone", 1), ("China", 1)),
    ("located_in", ("Silicon Valley Oversea Innovation Center", 1), ("North America", 1)),
    ("has_role", ("Zhong Hongjiang", 1), ("Party Committee Secretary", 1)),
    ("member_of", ("Zhong Hongjiang", 1), ("Hi-tech Zone", 1)),
]
