"""Shared plumbing for the aiortc WHIP/WHEP interop scripts.

An independent WebRTC implementation (Debian's python3-aiortc) talking to the bridge over
loopback only: no STUN server, a single 127.0.0.1 host candidate, and the plain HTTP exchange
of RFC 9725 (POST an offer as application/sdp, 201 with Location and the answer, DELETE at the
end). Progress goes to stdout as one JSON object per line, so the test can wait for events;
diagnostics go to stderr.
"""

import asyncio
import json
import logging
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

try:
    import aioice.ice
    from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
except ImportError as missing:  # the test turns this exit code and message into its failure
    print(
        f"python3-aiortc is missing ({missing}): run `apt-get install -y python3-aiortc` "
        "and use Debian's /usr/bin/python3",
        file=sys.stderr,
    )
    sys.exit(3)

LOOPBACK = "127.0.0.1"
SDP_CONTENT_TYPE = "application/sdp"
HTTP_TIMEOUT_SECONDS = 10


def gather_loopback_only():
    """Makes aioice offer exactly one host candidate, 127.0.0.1.

    aioice's get_host_addresses() walks the interfaces and leaves out 127.0.0.1 and ::1
    (aioice/ice.py). The bridge under test is ICE-lite and advertises only 127.0.0.1, so
    without a loopback candidate no pair could ever succeed. Connection.gather_candidates()
    looks the function up in the module at call time, so replacing the module attribute is enough.
    """
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [LOOPBACK]


def new_peer_connection():
    """A PeerConnection with no ICE servers: aiortc's default would query stun.l.google.com.

    aiortc (1.4.0 in Debian 12) always offers every m-line in one BUNDLE group, as the bridge
    requires (RFC 8843); newer aiortc versions call that bundlePolicy=MAX_BUNDLE.
    """
    gather_loopback_only()
    options = {"iceServers": []}
    bundle_policy = getattr(sys.modules["aiortc"], "RTCBundlePolicy", None)
    if bundle_policy is not None:
        options["bundlePolicy"] = bundle_policy.MAX_BUNDLE
    return RTCPeerConnection(RTCConfiguration(**options))


def emit(event, **fields):
    """Reports progress to the test: one JSON object per line on stdout."""
    print(json.dumps({"event": event, **fields}), flush=True)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _http(method, url, body=None, content_type=None):
    """One blocking HTTP request with a timeout; returns (status, headers, body text)."""
    data = body.encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


async def http(method, url, body=None, content_type=None):
    return await asyncio.to_thread(_http, method, url, body, content_type)


async def negotiate(pc, endpoint_url):
    """RFC 9725 §4.2: POST the complete offer, expect 201 + Location + answer; returns the resource URL.

    aiortc gathers all candidates inside setLocalDescription(), so the offer is already complete
    (no trickle needed, and the bridge is ICE-lite anyway).
    """
    await pc.setLocalDescription(await pc.createOffer())
    offer = pc.localDescription.sdp
    log(f"POST {endpoint_url} offer:\n{offer}")
    status, headers, answer = await http("POST", endpoint_url, offer, SDP_CONTENT_TYPE)
    if status != 201:
        raise RuntimeError(f"POST {endpoint_url} answered {status}, expected 201: {answer}")
    location = headers.get("Location")
    if not location:
        raise RuntimeError(f"POST {endpoint_url} answered 201 without a Location header")
    answer_type = (headers.get("Content-Type") or "").split(";")[0].strip()
    if answer_type != SDP_CONTENT_TYPE:
        raise RuntimeError(f"POST {endpoint_url} answered Content-Type '{answer_type}', expected {SDP_CONTENT_TYPE}")
    log(f"201 Location {location} answer:\n{answer}")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    return urllib.parse.urljoin(endpoint_url, location)


async def delete_resource(resource_url):
    """RFC 9725 §4.3: the client ends its session by deleting the resource."""
    status, _, body = await http("DELETE", resource_url)
    log(f"DELETE {resource_url} -> {status} {body}")
    return status


async def wait_connected(pc, timeout_seconds):
    """Waits for connectionState 'connected' (ICE and DTLS done); fails on 'failed' or timeout."""
    connected = asyncio.get_running_loop().create_future()

    @pc.on("connectionstatechange")
    def on_state_change():
        log(f"connectionState {pc.connectionState} (ICE {pc.iceConnectionState})")
        if pc.connectionState == "connected" and not connected.done():
            connected.set_result(None)
        elif pc.connectionState in ("failed", "closed") and not connected.done():
            connected.set_exception(RuntimeError(f"connection {pc.connectionState} before it was established"))

    if pc.connectionState == "connected":
        return
    try:
        await asyncio.wait_for(connected, timeout_seconds)
    except asyncio.TimeoutError:
        raise RuntimeError(
            f"not connected after {timeout_seconds} s (connectionState {pc.connectionState}, "
            f"ICE {pc.iceConnectionState})"
        ) from None


def run(main):
    """Runs the script's coroutine; any failure becomes an 'error' event, a stderr line and exit code 1.

    aiortc reports a broken transport only as a logged warning with a traceback, so warnings go to stderr.
    """
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="[%(asctime)s] %(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(main())
    except Exception as error:  # the test prints stderr, so say what went wrong in one line
        emit("error", message=f"{type(error).__name__}: {error}")
        log(f"FAILED: {type(error).__name__}: {error}\n{traceback.format_exc()}")
        sys.exit(1)
