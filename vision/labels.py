"""One vocabulary of object classes for every detector backend.

Each backend names its classes its own way (TensorFlow COCO ids, a YOLO model's ``names``, a bureau's own model with
Chinese names); the rules speak only of :data:`VOCABULARY`. :func:`canonical` maps a backend's name onto it (``None``:
a class the rules have no use for, kept under its own name).
"""

from __future__ import annotations

PERSON = "person"
VEHICLES = frozenset({"car", "bus", "truck", "motorcycle", "bicycle", "tricycle"})
VOCABULARY = (PERSON, "car", "bus", "truck", "motorcycle", "bicycle", "tricycle")
LABELS_ZH = {
    PERSON: "行人",
    "car": "小汽车",
    "bus": "公交车",
    "truck": "货车",
    "motorcycle": "摩托车",
    "bicycle": "自行车",
    "tricycle": "三轮车",
}

# TensorFlow's COCO label map (1-based, with gaps): only the classes city enforcement needs
TF_COCO_IDS = {1: PERSON, 2: "bicycle", 3: "car", 4: "motorcycle", 6: "bus", 8: "truck"}

_ALIASES = {
    "person": PERSON,
    "pedestrian": PERSON,
    "people": PERSON,
    "normal": PERSON,  # the bundled fall model: Normal / Fall are both people
    "fall": PERSON,
    "行人": PERSON,
    "人": PERSON,
    "car": "car",
    "sedan": "car",
    "van": "car",
    "suv": "car",
    "vehicle": "car",
    "小汽车": "car",
    "轿车": "car",
    "bus": "bus",
    "公交车": "bus",
    "truck": "truck",
    "lorry": "truck",
    "货车": "truck",
    "motorcycle": "motorcycle",
    "motorbike": "motorcycle",
    "motor": "motorcycle",
    "摩托车": "motorcycle",
    "电动车": "motorcycle",
    "bicycle": "bicycle",
    "bike": "bicycle",
    "自行车": "bicycle",
    "tricycle": "tricycle",
    "三轮车": "tricycle",
}


def canonical(name: str) -> str | None:
    """``Car`` → ``car``, ``motorbike`` → ``motorcycle``, ``Fall`` → ``person``; ``None`` for a class outside it."""
    return _ALIASES.get(name.strip().lower())


def is_vehicle(label: str) -> bool:
    return label in VEHICLES
