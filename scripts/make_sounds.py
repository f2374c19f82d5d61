"""Generates the desk's outcome cues (assets/sounds/*.wav): short, distinct, not startling.

Run once after changing a tone; the WAV files are committed so the app needs no generator.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "assets" / "sounds"

# (frequency Hz, milliseconds) notes per outcome: rising for yes, falling or repeated for "look".
CUES = {
    "checked_in": [(880, 90), (1320, 120)],
    "already_checked_in": [(660, 120), (660, 120)],
    "unknown": [(520, 140), (390, 220)],
    "void": [(440, 140), (330, 260)],
    "invalid": [(300, 250)],
}


def tone(freq: float, ms: int) -> list[int]:
    n = int(RATE * ms / 1000)
    fade = int(RATE * 0.01)
    samples = []
    for i in range(n):
        envelope = min(1.0, i / fade, (n - i) / fade)
        samples.append(int(0.35 * 32767 * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    return samples + [0] * int(RATE * 0.03)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in CUES.items():
        samples = [s for freq, ms in notes for s in tone(freq, ms)]
        with wave.open(str(OUT / f"{name}.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))


if __name__ == "__main__":
    main()
