#!/usr/bin/python3
"""Publishes synthetic video and audio to a WHIP endpoint with aiortc, for a bounded time.

    /usr/bin/python3 aiortc_whip_publish.py http://127.0.0.1:8080/whip/room --seconds 20

Video: 640x480 at 30 fps, a moving colour pattern (so every frame differs and the encoder has
something to send). Audio: a 440 Hz sine, 20 ms Opus frames. Both transceivers are sendonly.
With --stop-on-stdin it also ends (DELETE included) as soon as a line or EOF arrives on stdin.
Events on stdout (JSON lines): "published" (201 received, with the resource URL),
"connected" (ICE + DTLS up), "done" (frames sent, DELETE status) or "error".
"""

import argparse
import asyncio
import fractions
import math
import sys
import threading
import time

import loopback_webrtc as webrtc

import numpy
from aiortc import MediaStreamTrack, VideoStreamTrack
from av import AudioFrame, VideoFrame

WIDTH, HEIGHT = 640, 480
AUDIO_RATE = 48000
AUDIO_FRAME_SECONDS = 0.020
TONE_HZ = 440
CONNECT_TIMEOUT_SECONDS = 10
PROGRESS_INTERVAL_SECONDS = 0.5


class MovingPatternTrack(VideoStreamTrack):
    """640x480 frames at 30 fps (VideoStreamTrack paces them); the pattern scrolls one step per frame."""

    def __init__(self):
        super().__init__()
        rows = numpy.arange(HEIGHT, dtype=numpy.uint16)[:, None]
        columns = numpy.arange(WIDTH, dtype=numpy.uint16)[None, :]
        channels = [(columns + rows) % 256, (columns * 2) % 256, (rows * 2) % 256]
        self._base = numpy.stack(
            [numpy.broadcast_to(channel, (HEIGHT, WIDTH)) for channel in channels], axis=-1
        ).astype(numpy.uint8)
        self.frames_sent = 0

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        image = numpy.roll(self._base, shift=self.frames_sent * 8, axis=1)
        # A white bar whose position also moves, so consecutive frames differ clearly.
        bar = (self.frames_sent * 4) % HEIGHT
        image[bar:bar + 16, :, :] = 255
        frame = VideoFrame.from_ndarray(image, format="bgr24")
        frame.pts = pts
        frame.time_base = time_base
        self.frames_sent += 1
        return frame


class SineTrack(MediaStreamTrack):
    """A mono 440 Hz tone in 20 ms frames, paced in real time like aiortc's AudioStreamTrack."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self._samples_per_frame = int(AUDIO_RATE * AUDIO_FRAME_SECONDS)
        self._start = None
        self._timestamp = 0
        self.frames_sent = 0

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        else:
            self._timestamp += self._samples_per_frame
            wait = self._start + self._timestamp / AUDIO_RATE - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
        indices = numpy.arange(self._timestamp, self._timestamp + self._samples_per_frame)
        tone = (numpy.sin(2 * math.pi * TONE_HZ * indices / AUDIO_RATE) * 8000).astype(numpy.int16)
        frame = AudioFrame.from_ndarray(tone.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._timestamp
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self.frames_sent += 1
        return frame


def stop_requested_on_stdin():
    """An event set when a line arrives on stdin or stdin closes: the test's way to end early.

    A daemon thread does the blocking read, so a script that ends on its own never waits for it.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def read():
        sys.stdin.readline()
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=read, name="stdin-stop", daemon=True).start()
    return stop


async def publish(arguments):
    pc = webrtc.new_peer_connection()
    video, audio = MovingPatternTrack(), SineTrack()
    pc.addTransceiver(audio, direction="sendonly")
    pc.addTransceiver(video, direction="sendonly")
    resource = None
    try:
        resource = await webrtc.negotiate(pc, arguments.whip_url)
        webrtc.emit("published", resource=resource)
        await webrtc.wait_connected(pc, CONNECT_TIMEOUT_SECONDS)
        webrtc.emit("connected")
        stop = stop_requested_on_stdin() if arguments.stop_on_stdin else asyncio.Event()
        started = time.monotonic()
        while time.monotonic() - started < arguments.seconds and not stop.is_set():
            if pc.connectionState != "connected":
                raise RuntimeError(f"connection became {pc.connectionState} while publishing")
            try:
                await asyncio.wait_for(stop.wait(), PROGRESS_INTERVAL_SECONDS)
            except asyncio.TimeoutError:
                pass
            webrtc.emit("progress", videoFrames=video.frames_sent, audioFrames=audio.frames_sent)
    finally:
        status = await webrtc.delete_resource(resource) if resource else None
        await pc.close()
    webrtc.emit("done", videoFrames=video.frames_sent, audioFrames=audio.frames_sent, deleteStatus=status)
    if status != 200:
        raise RuntimeError(f"DELETE {resource} answered {status}, expected 200")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("whip_url", help="the WHIP endpoint, e.g. http://127.0.0.1:8080/whip/room")
    parser.add_argument("--seconds", type=float, default=20, help="the longest to publish once connected")
    parser.add_argument("--stop-on-stdin", action="store_true", help="stop early when a line (or EOF) arrives on stdin")
    arguments = parser.parse_args()
    webrtc.run(lambda: publish(arguments))


if __name__ == "__main__":
    main()
