"""Converts the screen Xvfb writes with -fbdir (an XWD file) to PNG, and says whether it is blank.

Used by scripts/test-package to look at the installed app's window without any X tool beyond
Xvfb itself. Prints the number of distinct colours; exits 2 when the screen has fewer than 8
(an empty or single-colour screen), so a window that never drew fails the check.
Usage: xwd_to_png.py SCREEN.xwd OUT.png
"""

import struct
import sys
import zlib


def read_xwd(path):
    data = open(path, "rb").read()
    fields = struct.unpack(">25I", data[:100])
    header_size = fields[0]
    width, height = fields[4], fields[5]
    byte_order = fields[7]
    bits_per_pixel, bytes_per_line = fields[11], fields[12]
    ncolors = fields[19]
    if bits_per_pixel != 32:
        raise SystemExit(f"xwd: {bits_per_pixel} bits per pixel not handled (Xvfb -screen WxHx24 gives 32)")
    start = header_size + 12 * ncolors
    rows = []
    for y in range(height):
        line = data[start + y * bytes_per_line : start + y * bytes_per_line + 4 * width]
        if byte_order == 0:  # LSBFirst: B, G, R, X
            rgb = bytearray()
            for x in range(width):
                b, g, r = line[4 * x], line[4 * x + 1], line[4 * x + 2]
                rgb += bytes((r, g, b))
        else:  # MSBFirst: X, R, G, B
            rgb = bytearray()
            for x in range(width):
                rgb += line[4 * x + 1 : 4 * x + 4]
        rows.append(bytes(rgb))
    return width, height, rows


def write_png(path, width, height, rows):
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 6))
    png += chunk(b"IEND", b"")
    open(path, "wb").write(png)


def main():
    width, height, rows = read_xwd(sys.argv[1])
    write_png(sys.argv[2], width, height, rows)
    colours = set()
    for row in rows[:: max(1, height // 64)]:
        for x in range(0, len(row), 3 * max(1, width // 256)):
            colours.add(row[x : x + 3])
    print(f"{width}x{height}, {len(colours)} colours sampled")
    sys.exit(0 if len(colours) >= 8 else 2)


if __name__ == "__main__":
    main()
