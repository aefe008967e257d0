using System.Diagnostics;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.LoadGen.Latecomer;

/// <summary>
/// A latecomer's view of one publisher: a WHEP session that notes when its first video packet and the first
/// packet of a key frame (RFC 7741 §4.3, what a decoder can start from) arrive, as <see cref="Stopwatch"/> timestamps.
/// </summary>
public sealed class LatecomerWatch : IDisposable
{
    private readonly TaskCompletionSource _keyframe = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _firstVideo;
    private long _firstKeyframe;

    private WebRtcClient? _client;

    /// <summary>Watches <paramref name="client"/> from before it connects, so the first packets are seen.</summary>
    public void Attach(WebRtcClient client)
    {
        _client = client;
        client.RtpReceived += OnRtp;
    }

    /// <summary>The WHEP session, once connected.</summary>
    public SignaledSession? Session { get; private set; }

    /// <summary>When ICE and DTLS completed (the WHEP exchange included); 0 until then.</summary>
    public long ConnectedAt { get; private set; }

    public void Connected(SignaledSession session)
    {
        Session = session;
        ConnectedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>When the first video packet arrived; 0 while none has.</summary>
    public long FirstVideoAt => Interlocked.Read(ref _firstVideo);

    /// <summary>When the first packet of a key frame arrived; 0 while none has.</summary>
    public long FirstKeyframeAt => Interlocked.Read(ref _firstKeyframe);

    /// <summary>Completes when the first key frame starts.</summary>
    public Task Keyframe => _keyframe.Task;

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (FirstKeyframeAt != 0 || !RtpHeader.TryParse(packet, out var header) || header.PayloadType != WebRtcClient.Vp8PayloadType)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstVideo, now, 0);
        if (KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, packet.Slice(header.PayloadOffset, header.PayloadLength)))
        {
            Interlocked.Exchange(ref _firstKeyframe, now);
            _keyframe.TrySetResult();
        }
    }

    public void Dispose()
    {
        if (_client is { } client)
        {
            client.RtpReceived -= OnRtp;
            client.Dispose();
        }
    }
}
