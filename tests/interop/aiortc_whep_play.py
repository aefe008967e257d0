#!/usr/bin/python3
"""Plays a WHEP endpoint with aiortc and counts what it decodes, for a bounded time.

    /usr/bin/python3 aiortc_whep_play.py http://127.0.0.1:8080/whep/room --frames 30 --seconds 20

Offers recvonly audio and video, decodes with aiortc's own decoders (libvpx, FFmpeg, libopus
through PyAV), and stops once --frames video frames and some audio were decoded, or after
--seconds. Events on stdout (JSON lines): "playing" (201 received), "connected",
"progress" and "done" with videoFrames, width, height, audioFrames; or "error".
"""

import argparse
import asyncio
import time

import loopback_webrtc as webrtc

from aiortc.mediastreams import MediaStreamError

CONNECT_TIMEOUT_SECONDS = 10
PROGRESS_INTERVAL_SECONDS = 0.5


class DecodedMedia:
    """What the tracks decoded so far."""

    def __init__(self):
        self.video_frames = 0
        self.width = 0
        self.height = 0
        self.audio_frames = 0
        self.audio_sample_rate = 0

    def fields(self):
        return {
            "videoFrames": self.video_frames,
            "width": self.width,
            "height": self.height,
            "audioFrames": self.audio_frames,
            "audioSampleRate": self.audio_sample_rate,
        }


async def consume(track, media):
    """Pulls decoded frames until the track ends; each recv() returns one decoded frame."""
    try:
        while True:
            frame = await track.recv()
            if track.kind == "video":
                media.video_frames += 1
                media.width, media.height = frame.width, frame.height
            else:
                media.audio_frames += 1
                media.audio_sample_rate = frame.sample_rate
    except MediaStreamError:
        webrtc.log(f"{track.kind} track ended")


async def play(arguments):
    pc = webrtc.new_peer_connection()
    media = DecodedMedia()
    consumers = []

    @pc.on("track")
    def on_track(track):
        webrtc.log(f"track {track.kind} {track.id}")
        consumers.append(asyncio.ensure_future(consume(track, media)))

    pc.addTransceiver("audio", direction="recvonly")
    pc.addTransceiver("video", direction="recvonly")
    resource = None
    status = None
    try:
        resource = await webrtc.negotiate(pc, arguments.whep_url)
        webrtc.emit("playing", resource=resource)
        await webrtc.wait_connected(pc, CONNECT_TIMEOUT_SECONDS)
        webrtc.emit("connected")
        started = time.monotonic()
        while time.monotonic() - started < arguments.seconds:
            if media.video_frames >= arguments.frames and media.audio_frames > 0:
                break
            if pc.connectionState != "connected":
                raise RuntimeError(f"connection became {pc.connectionState} while playing")
            waited = time.monotonic() - started
            if media.video_frames == 0 and waited > arguments.first_frame_seconds:
                raise RuntimeError(
                    f"connected, but no video frame decoded within {arguments.first_frame_seconds} s "
                    f"({media.audio_frames} audio frames)"
                )
            await asyncio.sleep(PROGRESS_INTERVAL_SECONDS)
            webrtc.emit("progress", **media.fields())
    finally:
        if resource:
            status = await webrtc.delete_resource(resource)
        await pc.close()
        for consumer in consumers:
            consumer.cancel()
    webrtc.emit("done", deleteStatus=status, **media.fields())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("whep_url", help="the WHEP endpoint, e.g. http://127.0.0.1:8080/whep/room")
    parser.add_argument("--frames", type=int, default=30, help="stop once this many video frames were decoded")
    parser.add_argument("--seconds", type=float, default=20, help="give up after this long once connected")
    parser.add_argument(
        "--first-frame-seconds", type=float, default=10, help="fail when no video frame is decoded this long after connecting"
    )
    arguments = parser.parse_args()
    webrtc.run(lambda: play(arguments))


if __name__ == "__main__":
    main()
