"""Images used by `zhifa doctor` and the tests.

- ``street_bus_people_bus.jpg``: the classic YOLO bus photo (4 people), from PaddleDetection (Apache-2.0 copy).
- ``plate_yu_f12345.png``: a blue Chinese plate 渝F·12345 rendered with PIL and WenQuanYi Micro Hei
  (see ``tests/models/render_plate.py``); rendered once and checked in so no CJK font is needed at run time.
"""
