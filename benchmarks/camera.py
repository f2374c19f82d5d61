"""Benchmark: camera frame → decoded QR code at 1280×720, and the preview's frame rate meanwhile.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.camera [--rounds 30] [--seconds 10]

Target: frame → decoded code ≤ 10 ms median on 2 cores, the preview at the camera's full frame
rate. Frames are the generated ticket scenes (tests/support/qr_scenes.py) plus empty desk frames.
Three figures: the decode step alone (numpy luma in, texts out); frame → luma → decode on a
QVideoFrame (NV12 as webcams deliver, and BGRX); and the live widget fed 30 frames a second
through its capture session, timed from a frame reaching the GUI thread to its result coming
back from the decode thread, with the preview repainting every frame.
"""

from __future__ import annotations

import time

from benchmarks import harness
from benchmarks.harness import latency_figures


def main(argv: list[str] | None = None) -> int:
    args = harness.parser("benchmarks.camera", __doc__, "camera-bench-results.json",
                          rounds=(30, "passes over the scenes"),
                          seconds=(10.0, "length of the live run")).parse_args(argv)
    _app = harness.qt_app()  # kept alive for the whole run

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.camera.qrdecode import QrReader
    from kiosk.ui.camera import CameraScanner, read_frame, video_frame

    from tests.support.qr_scenes import blank, scenes

    frames = [s.gray for s in scenes()] + [blank(seed) for seed in (1, 2, 3)]
    expected = [s.text for s in scenes()] + [None] * 3
    result: dict = {"frame": "1280x720"}

    reader = QrReader()  # as the worker runs it: every 4th frame also tries inverted codes
    decode, missed = [], 0
    for _ in range(args.rounds):
        for gray, text in zip(frames, expected, strict=True):
            t0 = time.perf_counter()
            texts = reader.read(gray, 1280, 720)
            decode.append(harness.ms_since(t0))
            missed += text is not None and texts != [text]
    result["decode_only"] = {**latency_figures(decode), "missed": missed}

    for pixel_format in ("nv12", "bgrx"):
        reader, samples, missed = QrReader(), [], 0
        for _ in range(max(1, args.rounds // 3)):
            for gray, text in zip(frames, expected, strict=True):
                frame = video_frame(gray, pixel_format)  # a fresh frame, as from a camera
                t0 = time.perf_counter()
                texts = read_frame(frame, reader)
                samples.append(harness.ms_since(t0))
                missed += text is not None and texts != [text]
        result[f"frame_to_code_{pixel_format}"] = {**latency_figures(samples), "missed": missed}

    scanner = CameraScanner()
    scanner.resize(640, 400)
    scanner.show()
    scanned: list[str] = []
    scanner.scanned.connect(scanned.append)
    fed = 0

    def feed() -> None:
        nonlocal fed
        # A ticket in view for a second, then the empty desk for a second, and again.
        index = (fed // 30) % len(frames) if (fed // 30) % 2 == 0 else len(frames) - 1
        scanner.feed(video_frame(frames[index]))
        fed += 1

    timer = QTimer(interval=round(1000 / 30))
    timer.timeout.connect(feed)
    loop = QEventLoop()
    QTimer.singleShot(round(args.seconds * 1000), loop.quit)
    started = time.perf_counter()
    timer.start()
    loop.exec()
    timer.stop()
    elapsed = time.perf_counter() - started
    QApplication.processEvents()
    result["live"] = {
        "frames_fed": fed, "fps_fed": round(fed / elapsed, 1),
        "frames_decoded": scanner.frames_decoded,
        "frame_to_result": latency_figures(list(scanner.latency_ms)),
        "decode_in_worker": latency_figures(list(scanner.decode_ms)),
        "preview_paints": scanner.preview.painted,
        "preview_paint": latency_figures(list(scanner.preview.paint_ms)),
        "codes_scanned": len(scanned),
    }
    scanner.close()

    live = result["live"]
    print(f"live at {live['fps_fed']} fps for {args.seconds:g} s: {live['frames_decoded']} of "
          f"{live['frames_fed']} frames decoded, preview painted {live['preview_paints']} times, "
          f"{live['codes_scanned']} scans; missed codes: decode only {result['decode_only']['missed']}, "
          f"NV12 {result['frame_to_code_nv12']['missed']}, BGRX {result['frame_to_code_bgrx']['missed']}")
    harness.report(result, args.out, harness.latency_table({
        "decode only": result["decode_only"],
        "frame → luma → decode, NV12": result["frame_to_code_nv12"],
        "frame → luma → decode, BGRX": result["frame_to_code_bgrx"],
        "live: frame at the GUI → result back": live["frame_to_result"],
        "live: decode in the worker": live["decode_in_worker"],
        "live: preview paint": live["preview_paint"],
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
