namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// An in-page stand-in for the bridge's room WebSocket (docs/protocol.md), installed before the
/// room page's scripts run. It replaces <c>window.WebSocket</c> and answers with real
/// RTCPeerConnections of its own, so the page's signaling, renegotiation, track-to-tile mapping
/// and stats are exercised without a media server. It announces one participant, Bob
/// (<c>p-bob</c>), whose media is a second fake camera and microphone.
/// Controlled from the test through <c>window.fakeBridge</c>.
/// </summary>
public static class FakeRoomBridge
{
    public const string SelfId = "p-self";
    public const string BobId = "p-bob";

    public const string InitScript = """
        (() => {
          const fake = window.fakeBridge = { received: [], socket: null, publishPc: null, subscribePc: null };
          const gathered = (pc) => new Promise((resolve) => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
          });
          fake.deliver = (message) => fake.socket.onmessage?.({ data: JSON.stringify(message) });

          class FakeSocket {
            static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
            constructor(url) {
              this.url = url;
              this.readyState = FakeSocket.CONNECTING;
              fake.socket = this;
              setTimeout(() => { this.readyState = FakeSocket.OPEN; this.onopen?.({}); });
            }
            send(text) {
              const message = JSON.parse(text);
              fake.received.push(message);
              fake.handle(message).catch((error) => console.error('fake bridge:', error));
            }
            close() { this.readyState = FakeSocket.CLOSED; }
          }
          window.WebSocket = FakeSocket;

          fake.handle = async (message) => {
            if (message.type === 'join') {
              fake.deliver({ type: 'joined', participantId: 'p-self', room: 'fake',
                participants: [{ id: 'p-bob', name: 'Bob', audioMuted: false, videoMuted: true }] });
            } else if (message.type === 'publish') {
              const pc = fake.publishPc = new RTCPeerConnection();
              await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
              await pc.setLocalDescription(await pc.createAnswer());
              await gathered(pc);
              fake.deliver({ type: 'publishAnswer', sdp: pc.localDescription.sdp });
              await fake.offerBob();
            } else if (message.type === 'answer') {
              await fake.subscribePc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
            }
          };

          // The bridge's side of the subscribe PeerConnection: Bob's tracks, msid stream id = 'p-bob'.
          fake.offerBob = async () => {
            const bob = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
            const pc = fake.subscribePc = new RTCPeerConnection();
            for (const track of bob.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [bob] });
            await pc.setLocalDescription(await pc.createOffer());
            await gathered(pc);
            fake.deliver({ type: 'offer', revision: 1, sdp: pc.localDescription.sdp.replaceAll(bob.id, 'p-bob') });
          };
        })();
        """;
}
