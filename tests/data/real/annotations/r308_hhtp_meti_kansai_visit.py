ENTITIES = [
    ("ORG", "METI-Kansai", "all"),
    ("PARK", "HHTP", "all"),
    ("DATE", "18/07/2013", 0),
    ("DATE", "July 16th, 2013", 0),
    ("GPE", "Vietnam", 0),
    ("PERSON", "Hosokawa Yoichi", "all"),
    ("ROLE", "Director", 0),
    ("ORG", "Promoting International Environmental and Energy Saving Business Department", 0),
    ("PARK", "Hoa Lac Hi-tech Park", 0),
    ("ORG", "Ministry of Economy, Trade and Industry", 0),
    ("ORG", "Japanese Government", 0),
    ("GPE", "Japan", "ctx:Trade and Industry of Japan (METI)"),
    ("ORG", "METI", "ctx:(METI)"),
    ("LOC", "Kansai", "ctx:the Kansai region"),
    ("DATE", "2008", 0),
    ("ORG", "Kansai-Asia Environmental and Energy Saving Business Promotion Forum", 0),
    ("PERSON", "Nguyen Trung Quynh", 0),
    ("ROLE", "Vice Chairman", 0),
]
CLAUSES = [
    ("COMMITMENT", "Mr. Hosokawa Yoichi was very interested", "to Japanese investors."),
    ("COMMITMENT", "At the end of the meeting", "future cooperation."),
]
RELATIONS = [
    ("member_of", ("Hosokawa Yoichi", 0), ("METI-Kansai", 1)),
    ("has_role", ("Hosokawa Yoichi", 0), "Director"),
    ("member_of", ("Hosokawa Yoichi", 0), "Promoting International Environmental and Energy Saving Business Department"),
    ("located_in", ("METI-Kansai", 2), "Kansai"),
    ("located_in", "Ministry of Economy, Trade and Industry", "Japan", "ctx:Ministry of Economy, Trade and Industry of Japan (METI)"),
    ("has_role", "Nguyen Trung Quynh", "Vice Chairman"),
    ("member_of", "Nguyen Trung Quynh", ("HHTP", 2)),
]
