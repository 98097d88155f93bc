"""Re-render ``vision/samples/plate_yu_f12345.png`` (needs a CJK font, e.g. Debian's fonts-wqy-microhei).

    python tests/models/render_plate.py [/path/to/cjk-font.ttc]

The PNG is checked in, so neither the tests nor `zhifa doctor` need the font.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = Path(__file__).resolve().parents[2] / "vision" / "samples" / "plate_yu_f12345.png"


def render(text: str, font_path: str, out: Path) -> None:
    font = ImageFont.truetype(font_path, 84)
    plate = Image.new("RGB", (440, 140), (0, 0, 0))
    draw = ImageDraw.Draw(plate)
    draw.rounded_rectangle((4, 4, 436, 136), radius=10, fill=(18, 62, 170), outline=(255, 255, 255), width=4)
    draw.text(((440 - draw.textlength(text, font=font)) / 2, 22), text, font=font, fill=(255, 255, 255))
    canvas = Image.new("RGB", (640, 300), (128, 128, 128))
    canvas.paste(plate, (100, 80))
    canvas.save(out, optimize=True)


if __name__ == "__main__":
    render("渝F·12345", sys.argv[1] if len(sys.argv) > 1 else FONT, OUT)
