'use strict';
// OctoMesh room client, plain JS. The protocol is in docs/protocol.md:
//   - one WebSocket, /ws/{room}, carrying JSON messages;
//   - one PeerConnection that publishes our microphone and camera (we offer, the bridge answers);
//   - one PeerConnection that receives everyone else (the bridge offers, we answer), renegotiated
//     by the bridge whenever someone arrives or leaves. Each received track's stream id is the
//     id of the participant who publishes it.
// The camera goes out as three simulcast layers (?simulcast=0 for one); the page tells the bridge how
// large each tile is (videoConstraints), and the bridge sends each video at the smallest layer that
// fills its tile, within this page's bandwidth estimate, which it reports back (receiving).

const STATS_INTERVAL_MS = 1000;
const CAMERA = { width: 640, height: 480 };
const SIMULCAST_CAMERA = { width: 1280, height: 720 };
// RFC 8853 simulcast: lowest first; the bridge ranks them by what they carry, not by this order.
const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 200000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 600000 },
  { rid: 'f', maxBitrate: 1800000 },
];
const TILE_REPORT_DELAY_MS = 300;

const $ = (id) => document.getElementById(id);

const session = {
  socket: null,
  participantId: null,
  joinedAt: null,            // performance.now() when `joined` arrived
  milestones: {},            // first time (performance.now()) of each step after joining, for diagnosis
  localStream: null,
  publishPc: null,
  subscribePc: null,
  participants: new Map(),   // id -> { name, audioMuted, videoMuted, stream, videoTrack, tile, previous }
  self: null,                // our own tile's entry, same shape
  statsTimer: 0,
  inbox: Promise.resolve(),  // server messages are handled one at a time, in arrival order
  route: null,               // what /api/route said (or how we arrived here), shown once joined
  arrival: null,             // { reasonCode, via } when another bridge sent us here
  pinned: false,             // ?stay=1: join this bridge without asking /api/route
  simulcast: true,           // ?simulcast=0: publish one layer
  receiving: new Map(),      // participant id -> what the bridge forwards of their video (the `receiving` message)
  speakers: [],              // the `dominantSpeaker` message's list: the dominant speaker first, then those before
  speakerChanges: [],        // { participantId, at } per dominant speaker announced, `at` in ms since `joined`
  tileReport: { timer: 0, sent: '' }, // the last videoConstraints sent, to send only changes
};

// ---- signaling ------------------------------------------------------------------------------

async function join(name, room) {
  setJoinedControls(true);
  const route = await chooseBridge(name, room);
  if (route === MOVED) return;
  session.route = route;
  setStatus('Starting camera and microphone…');
  session.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: session.simulcast ? SIMULCAST_CAMERA : CAMERA });

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = session.socket = new WebSocket(`${scheme}://${location.host}/ws/${encodeURIComponent(room)}`);
  socket.onopen = () => send({ type: 'join', name });
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    session.inbox = session.inbox.then(() => handle(message)).catch(showError);
  };
  socket.onclose = (event) => {
    if (session.socket === socket) {
      teardown(`Disconnected from the bridge (${event.code}${event.reason ? ` ${event.reason}` : ''}).`);
    }
  };
  setStatus(`Joining ${room}…`);
}

function send(message) {
  if (session.socket?.readyState === WebSocket.OPEN) {
    session.socket.send(JSON.stringify(message));
  }
}

async function handle(message) {
  if (!session.socket) return; // left already; late messages are moot
  switch (message.type) {
    case 'joined': return onJoined(message);
    case 'participantJoined': return addParticipant(message.participant);
    case 'participantLeft': return removeParticipant(message.participantId);
    case 'publishAnswer': return session.publishPc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
    case 'offer': return answerOffer(message.sdp);
    case 'muteChanged': return onMuteChanged(message);
    case 'receiving': return onReceiving(message);
    case 'dominantSpeaker': return onDominantSpeaker(message);
    case 'error': return setStatus(`Bridge error (${message.code}): ${message.message}`);
    default: console.warn('room: ignoring unknown message', message.type);
  }
}

async function onJoined(message) {
  session.participantId = message.participantId;
  session.joinedAt = performance.now();
  session.milestones = {};
  session.self = { name: $('name').value, audioMuted: false, videoMuted: false, stream: session.localStream };
  session.self.tile = createTile(message.participantId, `${session.self.name} (you)`, true);
  session.self.tile.querySelector('video').srcObject = session.localStream;
  for (const participant of message.participants) {
    addParticipant(participant);
  }
  setStatus(`In room ${message.room} as ${session.self.name}.`);
  session.statsTimer = setInterval(() => updateStats().catch(console.warn), STATS_INTERVAL_MS);
  showRoute();
  // Not awaited: the bridge's subscribe offer follows `joined` at once, and a latecomer should not
  // wait for our own offer to be made before seeing the others. The publish answer can only come
  // back after publish() has sent the offer, so message order still holds.
  publish().catch(showError);
}

// Publish: sendonly audio and video; the offer goes out at once, since the bridge is ICE-lite
// and learns our address from our connectivity checks.
async function publish() {
  const pc = session.publishPc = new RTCPeerConnection();
  watchConnection(pc, 'publish');
  for (const track of session.localStream.getTracks()) {
    const streams = [session.localStream];
    if (track.kind === 'video' && session.simulcast) {
      try {
        pc.addTransceiver(track, { direction: 'sendonly', streams, sendEncodings: SIMULCAST_ENCODINGS });
        continue;
      } catch (error) {
        console.warn('room: this browser cannot send simulcast; sending one layer', error);
      }
    }
    pc.addTransceiver(track, { direction: 'sendonly', streams });
  }
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: 'publish', sdp: pc.localDescription.sdp });
}

// Subscribe: the bridge drives. The first offer creates the PeerConnection, later ones reuse it.
async function answerOffer(sdp) {
  if (!session.subscribePc) {
    session.subscribePc = new RTCPeerConnection();
    session.subscribePc.ontrack = onRemoteTrack;
    watchConnection(session.subscribePc, 'subscribe');
  }
  reachMilestone('offer');
  const pc = session.subscribePc;
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  send({ type: 'answer', sdp: pc.localDescription.sdp });
  reachMilestone('answer');
  reportTiles({ again: true }); // the offer may bring tracks the last report could not name yet
}

function watchConnection(pc, role) {
  pc.addEventListener('connectionstatechange', () => reachMilestone(`${role} ${pc.connectionState}`));
}

function reachMilestone(name) {
  session.milestones[name] ??= performance.now();
}

function onRemoteTrack(event) {
  const participantId = event.streams[0]?.id;
  if (!participantId) {
    console.warn('room: a track arrived without a stream id; cannot tell whose it is');
    return;
  }
  const participant = addParticipant({ id: participantId });
  for (const old of participant.stream.getTracks().filter((track) => track.kind === event.track.kind)) {
    participant.stream.removeTrack(old);
  }
  participant.stream.addTrack(event.track);
  if (event.track.kind === 'video') {
    participant.videoTrack = event.track;
    reportTiles({ again: true });
  }
}

// ---- what each tile shows (videoConstraints) and what the bridge sends (receiving) ------------

// Each tile's size in device pixels, 0 × 0 when it is off screen or the page is hidden, sent when it
// changes (after TILE_REPORT_DELAY_MS of quiet, so a resize sends one message).
const tileSizes = new ResizeObserver(() => reportTiles());
const tileVisibility = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const participant = session.participants.get(entry.target.dataset.participantId);
    if (participant) participant.onScreen = entry.isIntersecting;
  }
  reportTiles();
});
document.addEventListener('visibilitychange', () => reportTiles());

function watchTile(participant) {
  tileSizes.observe(participant.tile.querySelector('video'));
  tileVisibility.observe(participant.tile);
}

function reportTiles({ again = false } = {}) {
  if (again) session.tileReport.sent = '';
  clearTimeout(session.tileReport.timer);
  session.tileReport.timer = setTimeout(sendTileReport, TILE_REPORT_DELAY_MS);
}

function sendTileReport() {
  const scale = window.devicePixelRatio || 1;
  const tracks = [];
  for (const [participantId, participant] of session.participants) {
    const video = participant.tile.querySelector('video');
    const shown = participant.onScreen !== false && !document.hidden;
    tracks.push({
      participantId,
      width: shown ? Math.round(video.clientWidth * scale) : 0,
      height: shown ? Math.round(video.clientHeight * scale) : 0,
    });
  }
  const report = JSON.stringify(tracks);
  if (tracks.length === 0 || report === session.tileReport.sent) return;
  session.tileReport.sent = report;
  send({ type: 'videoConstraints', tracks });
}

function onReceiving(message) {
  session.receiving = new Map(message.tracks.map((track) => [track.participantId, track]));
  const estimate = message.estimate === null || message.estimate === undefined
    ? 'no estimate' : `${(message.estimate / 1e6).toFixed(2)} Mbit/s`;
  $('downlink').textContent = `· downlink ${estimate} (${message.mode})`;
}

// The layer the bridge forwards to this tile: "layer h", "S1 T2", or "paused".
function receivedLayer(participantId) {
  const track = session.receiving.get(participantId);
  if (!track) return null;
  if (track.paused) return 'paused';
  const parts = [track.encodingId && `layer ${track.encodingId}`,
    track.spatialLayerId !== undefined && `S${track.spatialLayerId}`,
    track.temporalLayerId !== undefined && `T${track.temporalLayerId}`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'one layer';
}

// ---- participants and tiles -----------------------------------------------------------------

// Adds (or completes) a remote participant: a tile appears on `participantJoined` or on their
// first track, whichever comes first.
function addParticipant({ id, name, audioMuted = false, videoMuted = false }) {
  let participant = session.participants.get(id);
  if (!participant) {
    participant = { name: name ?? id, audioMuted, videoMuted, stream: new MediaStream(), videoTrack: null };
    participant.tile = createTile(id, participant.name, false);
    participant.tile.querySelector('video').srcObject = participant.stream;
    noteFirstFrame(participant);
    session.participants.set(id, participant);
    watchTile(participant);
  } else if (name) {
    participant.name = name;
    participant.tile.querySelector('.name').textContent = name;
  }
  showBadges(participant);
  return participant;
}

// When the tile first shows a video frame: the time the browser handed it to the compositor, on
// the performance.now() clock (the callback itself may run a little later).
function noteFirstFrame(participant) {
  const video = participant.tile.querySelector('video');
  video.requestVideoFrameCallback?.((now, metadata) => { participant.firstFrameAt = metadata.presentationTime; });
}

function removeParticipant(id) {
  const participant = session.participants.get(id);
  if (participant) {
    tileSizes.unobserve(participant.tile.querySelector('video'));
    tileVisibility.unobserve(participant.tile);
    participant.tile.remove();
  }
  session.participants.delete(id);
}

function onMuteChanged({ participantId, kind, muted }) {
  const participant = session.participants.get(participantId);
  if (participant) {
    participant[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
    showBadges(participant);
  }
}

function createTile(id, name, isSelf) {
  const tile = document.createElement('div');
  tile.className = isSelf ? 'tile self' : 'tile';
  tile.dataset.participantId = id;
  tile.innerHTML = `
    <video autoplay playsinline></video>
    <div class="caption"><span class="name"></span><span class="badges"></span></div>
    <div class="stats">waiting for media…</div>`;
  tile.querySelector('.name').textContent = name;
  tile.querySelector('video').muted = isSelf; // never play our own microphone back
  (isSelf ? $('grid').prepend(tile) : $('grid').append(tile));
  return tile;
}

// The tile of whom the room hears is outlined (docs/protocol.md, `dominantSpeaker`).
function onDominantSpeaker(message) {
  if (message.participantId !== session.speakers[0]) {
    session.speakerChanges.push({ participantId: message.participantId, at: performance.now() - session.joinedAt });
  }
  session.speakers = message.recent;
  for (const tile of $('grid').querySelectorAll('.tile')) {
    tile.classList.toggle('speaking', tile.dataset.participantId === message.participantId);
  }
}

function showBadges(participant) {
  const badges = [participant.audioMuted && 'mic off', participant.videoMuted && 'camera off'].filter(Boolean);
  participant.tile.querySelector('.badges').textContent = badges.join(' · ');
}

// ---- mute -----------------------------------------------------------------------------------

function toggleMute(kind) {
  const track = session.localStream?.getTracks().find((t) => t.kind === kind);
  if (!track) return;
  track.enabled = !track.enabled; // a disabled track sends silence / black frames, keeping the m-line
  const muted = !track.enabled;
  session.self[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
  showBadges(session.self);
  const button = $(kind === 'audio' ? 'mute-audio' : 'mute-video');
  button.setAttribute('aria-pressed', String(muted));
  button.textContent = kind === 'audio' ? (muted ? 'Unmute mic' : 'Mute mic') : (muted ? 'Start camera' : 'Stop camera');
  send({ type: 'mute', kind, muted });
}

// ---- stats ----------------------------------------------------------------------------------

async function updateStats() {
  const receiveRtt = await roundTripTime(session.subscribePc);
  for (const [id, participant] of session.participants) {
    const inbound = await videoRtpStats(session.subscribePc, participant.videoTrack, 'inbound-rtp');
    if (inbound) {
      const lossBase = inbound.packetsLost + inbound.packetsReceived;
      const loss = lossBase > 0 ? (100 * inbound.packetsLost) / lossBase : 0;
      participant.tile.querySelector('.stats').textContent = [
        bitrate(participant, inbound.bytesReceived, inbound.timestamp),
        resolution(inbound),
        receivedLayer(id),
        `loss ${loss.toFixed(1)}%`,
        receiveRtt,
      ].filter(Boolean).join(' · ');
    }
  }
  if (session.self) {
    // One outbound-rtp per simulcast layer: the total sent, the largest layer's size and rate, how many layers go out.
    const layers = await videoRtpStatsAll(session.publishPc, session.localStream.getVideoTracks()[0], 'outbound-rtp');
    if (layers.length > 0) {
      const largest = layers.reduce((a, b) => ((b.frameWidth ?? 0) > (a.frameWidth ?? 0) ? b : a));
      const sending = layers.filter((layer) => layer.frameWidth).length;
      session.self.tile.querySelector('.stats').textContent = [
        `sending ${bitrate(session.self, layers.reduce((sum, layer) => sum + (layer.bytesSent ?? 0), 0), largest.timestamp)}`,
        resolution(largest),
        `${Math.round(largest.framesPerSecond ?? 0)} fps`,
        sending > 1 && `${sending} layers`,
        await roundTripTime(session.publishPc),
      ].filter(Boolean).join(' · ');
    }
  }
}

// The inbound-rtp / outbound-rtp video entry for one track, or null before media flows.
async function videoRtpStats(pc, track, type) {
  return (await videoRtpStatsAll(pc, track, type)).at(-1) ?? null;
}

// Every inbound-rtp / outbound-rtp video entry for one track (one per simulcast layer sent).
async function videoRtpStatsAll(pc, track, type) {
  if (!pc || !track) return [];
  const found = [];
  try {
    (await pc.getStats(track)).forEach((report) => {
      if (report.type === type && report.kind === 'video') found.push(report);
    });
  } catch (error) {
    return []; // the track is no longer attached to this PeerConnection
  }
  return found;
}

// Bitrate from the byte counter's growth since the previous sample (kept on the entry).
function bitrate(entry, bytes = 0, timestamp) {
  const previous = entry.previous;
  entry.previous = { bytes, timestamp };
  if (!previous || timestamp <= previous.timestamp) return '… kbps';
  const kbps = (8 * (bytes - previous.bytes)) / (timestamp - previous.timestamp); // bits per ms = kbit/s
  return `${Math.round(kbps)} kbps`;
}

function resolution(report) {
  return report.frameWidth ? `${report.frameWidth}×${report.frameHeight}` : 'no frames yet';
}

// RTT of the selected ICE candidate pair (the transport's, so one value per PeerConnection).
async function roundTripTime(pc) {
  if (!pc) return 'RTT –';
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((report) => {
    if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
  });
  const seconds = pair?.currentRoundTripTime;
  return seconds === undefined ? 'RTT –' : `RTT ${Math.round(seconds * 1000)} ms`;
}

// ---- routing --------------------------------------------------------------------------------
// Before joining, ask the bridge this page came from which bridge should host us (docs/geo.md):
// measure the round-trip time to every candidate bridge (GET /api/ping, a few samples each,
// median), send the times with GET /api/route, and if another bridge is chosen, open the same
// room there. Measured RTT outranks the bridge's IP geolocation of us, which outranks nothing.

const PING_SAMPLES = 3;
const PING_TIMEOUT_MS = 1000;
const ROUTE_TIMEOUT_MS = 3000;
const MOVED = 'moved';
const REASONS = {
  roomBridgeNearby: 'it already hosts the room and is near you',
  nearest: 'it is the nearest bridge with capacity',
  leastLoadedAllOverloaded: 'every bridge is busy and it is the least loaded',
  leastLoadedNoLocation: 'your location is unknown and it is the least loaded',
};

// The route to show, MOVED when the page is navigating to another bridge, or null when this
// bridge has no router or it failed (then we simply join here).
async function chooseBridge(name, room) {
  const arrival = session.arrival;
  session.arrival = null;
  setStatus('Finding the best bridge…');
  const list = await fetchJson('/api/bridges');
  if (!list?.self) return null;
  if (session.pinned) {
    // The link says "this bridge" (?stay=1): operators and tests place people on a given bridge.
    return { bridge: list.self, reason: 'pinned to this bridge by the link (stay=1)' };
  }
  if (arrival) {
    // Another bridge chose this one for us: never bounce again.
    return { bridge: list.self, reason: `chosen by ${arrival.via}: ${REASONS[arrival.reasonCode] ?? arrival.reasonCode}` };
  }

  const query = new URLSearchParams({ room });
  if (list.bridges.length > 1) {
    setStatus('Measuring the way to each bridge…');
    const rtts = await Promise.all(list.bridges.map(async (bridge) => [bridge.id, await probe(bridge.http)]));
    const measured = rtts.filter(([, ms]) => ms !== null).map(([id, ms]) => `${id}:${ms.toFixed(1)}`);
    if (measured.length > 0) query.set('rtt', measured.join(','));
  }
  const route = await fetchJson(`/api/route?${query}`);
  if (!route?.bridge) return null;
  if (route.bridge.id !== list.self.id) {
    setStatus(`Moving to bridge ${route.bridge.id} (${route.bridge.region})…`);
    const target = new URL(route.bridge.http);
    target.search = new URLSearchParams({ room, name, autojoin: '1', routed: route.reasonCode, via: list.self.id }).toString();
    location.assign(target.href);
    return MOVED;
  }
  return route;
}

// Median round-trip time of a few GET /api/ping to a bridge, in ms; null if it never answered.
async function probe(http) {
  const url = new URL('api/ping', http);
  const times = [];
  for (let i = 0; i < PING_SAMPLES; i++) {
    const started = performance.now();
    const response = await fetchWithTimeout(url, PING_TIMEOUT_MS);
    if (response?.ok) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times.length > 0 ? times[Math.floor(times.length / 2)] : null;
}

async function fetchJson(url) {
  const response = await fetchWithTimeout(url, ROUTE_TIMEOUT_MS);
  try {
    return response?.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

// fetch that never throws: null on a network error or after the timeout. Never cached.
async function fetchWithTimeout(url, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, { cache: 'no-store', signal: controller.signal });
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

// Which bridge and region serve us, and why.
function showRoute() {
  const route = session.route;
  if (!route?.bridge) return;
  const { id, region } = route.bridge;
  $('route').textContent = `You are on ${id} (${region})${route.reason ? `: ${route.reason}` : ''}.`;
}

// ---- page -----------------------------------------------------------------------------------

function leave() {
  send({ type: 'leave' });
  teardown('You left the room.');
}

function teardown(statusText) {
  const socket = session.socket;
  session.socket = null;
  socket?.close();
  clearInterval(session.statsTimer);
  session.publishPc?.close();
  session.subscribePc?.close();
  session.localStream?.getTracks().forEach((track) => track.stop());
  Object.assign(session, { participantId: null, joinedAt: null, localStream: null, publishPc: null, subscribePc: null, self: null });
  for (const id of [...session.participants.keys()]) {
    removeParticipant(id);
  }
  clearTimeout(session.tileReport.timer);
  session.tileReport.sent = '';
  session.receiving.clear();
  $('grid').replaceChildren();
  $('downlink').textContent = '';
  for (const id of ['mute-audio', 'mute-video']) {
    $(id).setAttribute('aria-pressed', 'false');
  }
  $('mute-audio').textContent = 'Mute mic';
  $('mute-video').textContent = 'Stop camera';
  $('route').textContent = '';
  setJoinedControls(false);
  setStatus(statusText);
}

function setJoinedControls(joined) {
  $('join').disabled = joined;
  $('name').disabled = joined;
  $('room').disabled = joined;
  for (const id of ['leave', 'mute-audio', 'mute-video']) {
    $(id).disabled = !joined;
  }
}

function setStatus(text) {
  $('status').textContent = text;
}

function showError(error) {
  console.error(error);
  setStatus(`Error: ${error.message ?? error}`);
}

function start() {
  const query = new URLSearchParams(location.search);
  session.pinned = query.get('stay') === '1';
  session.simulcast = query.get('simulcast') !== '0';
  if (query.has('routed')) {
    session.arrival = { reasonCode: query.get('routed'), via: query.get('via') ?? 'another bridge' };
  }
  $('name').value = query.get('name') ?? '';
  $('room').value = query.get('room') ?? '';

  $('join-form').onsubmit = (event) => {
    event.preventDefault();
    const name = $('name').value.trim();
    const room = $('room').value.trim();
    history.replaceState(null, '', `?${new URLSearchParams({ room, name })}`); // a link others can open
    join(name, room).catch((error) => { showError(error); teardown(`Could not join: ${error.message}`); });
  };
  $('leave').onclick = leave;
  $('mute-audio').onclick = () => toggleMute('audio');
  $('mute-video').onclick = () => toggleMute('video');
  window.addEventListener('pagehide', () => session.socket?.close());

  if (query.get('autojoin') === '1' && $('room').value && $('name').value) {
    $('join-form').requestSubmit();
  }
}

// For tests and the curious (see tests/OctoMesh.Bridge.Tests/EndToEnd).
window.room = {
  get participantId() { return session.participantId; },
  get joinedAt() { return session.joinedAt; },
  get publishPc() { return session.publishPc; },
  get subscribePc() { return session.subscribePc; },
  get route() { return session.route; },
  // Milliseconds from `joined` to the first time of each step: offer, answer, publish/subscribe connection states.
  milestones() {
    return Object.fromEntries(Object.entries(session.milestones).map(([name, at]) => [name, Math.round(at - session.joinedAt)]));
  },
  // framesDecoded of the inbound video we receive from that participant (0 before any).
  async framesDecodedFrom(participantId) {
    const track = session.participants.get(participantId)?.videoTrack;
    const inbound = await videoRtpStats(session.subscribePc, track, 'inbound-rtp');
    return inbound?.framesDecoded ?? 0;
  },
  // Milliseconds from `joined` to the first video frame shown in that participant's tile (null before).
  firstFrameAfterJoined(participantId) {
    const shownAt = session.participants.get(participantId)?.firstFrameAt;
    return shownAt === undefined ? null : shownAt - session.joinedAt;
  },
  // The inbound video from that participant: { framesDecoded, frameWidth, frameHeight } (zeros before any).
  async videoFrom(participantId) {
    const track = session.participants.get(participantId)?.videoTrack;
    const inbound = await videoRtpStats(session.subscribePc, track, 'inbound-rtp');
    return { framesDecoded: inbound?.framesDecoded ?? 0, frameWidth: inbound?.frameWidth ?? 0, frameHeight: inbound?.frameHeight ?? 0 };
  },
  // What the bridge last said it forwards of that participant's video (the `receiving` message), or null.
  receivingFrom(participantId) {
    return session.receiving.get(participantId) ?? null;
  },
  // The dominant speaker's id (null before one), and each change as { participantId, at } (ms since `joined`).
  get dominantSpeaker() { return session.speakers[0] ?? null; },
  get speakerChanges() { return session.speakerChanges; },
  // Ids of the tiles shown, our own first.
  tiles() {
    return [...$('grid').querySelectorAll('.tile')].map((tile) => tile.dataset.participantId);
  },
};

start();
