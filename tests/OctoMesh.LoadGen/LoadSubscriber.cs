using System.Diagnostics;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.LoadGen;

/// <summary>
/// Plays one WHEP session on a connected <see cref="WebRtcClient"/> and measures what arrives while
/// <see cref="Measuring"/> is on: per stream loss and jitter (<see cref="ReceiveStreamStats"/>), the
/// one-way delay of stamped video packets (<see cref="DelayHistogram"/>), packets and bytes; and, from the VP8
/// key frame headers that arrive (RFC 6386 §9.1), the picture size of the video it is forwarded, which tells a
/// simulcast publisher's layers apart from the receiving end, whatever the server says about itself.
/// </summary>
public sealed class LoadSubscriber : IDisposable
{
    // Audio and video, plus room for a stream switch; further SSRCs are counted as foreign.
    private const int MaxStreams = 4;

    private readonly ReceiveStreamStats?[] _streams = new ReceiveStreamStats?[MaxStreams];
    private readonly DelayHistogram _delays = new();
    private readonly Lock _lock = new();
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private volatile bool _measuring;
    private long _packets;
    private long _bytes;
    private long _foreign;
    private int _videoWidth;
    private int _videoHeight;

    public LoadSubscriber(WebRtcClient client, SignaledSession session, string room)
    {
        Client = client;
        Session = session;
        Room = room;
        client.RtpReceived += OnRtp;
    }

    public WebRtcClient Client { get; }

    /// <summary>The session on the SFU.</summary>
    public SignaledSession Session { get; }

    public string Room { get; }

    /// <summary>Packets are counted only while this is true.</summary>
    public bool Measuring
    {
        get => _measuring;
        set => _measuring = value;
    }

    /// <summary>The picture size of the last VP8 key frame received (measuring or not), or (0, 0) before any.</summary>
    public (int Width, int Height) VideoSize
    {
        get
        {
            lock (_lock)
            {
                return (_videoWidth, _videoHeight);
            }
        }
    }

    /// <summary>Adds this subscriber's figures to <paramref name="totals"/>; call after measuring stopped.</summary>
    public void AddTo(ReceiveTotals totals)
    {
        lock (_lock)
        {
            totals.Packets += _packets;
            totals.Bytes += _bytes;
            totals.ForeignPackets += _foreign;
            totals.Delays.Add(_delays);
            totals.SubscribersWithoutMedia += _packets == 0 ? 1 : 0;
            if (_videoWidth > 0)
            {
                totals.AddVideoSize(_videoWidth, _videoHeight);
            }

            foreach (var stream in _streams)
            {
                if (stream is null)
                {
                    continue;
                }

                totals.Expected += stream.Expected;
                totals.Lost += stream.Lost;
                totals.JitterSumMilliseconds += stream.JitterMilliseconds;
                totals.JitterMaxMilliseconds = Math.Max(totals.JitterMaxMilliseconds, stream.JitterMilliseconds);
                totals.Streams++;
            }
        }
    }

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        var now = Stopwatch.GetTimestamp();
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return;
        }

        var payload = packet.Slice(header.PayloadOffset, header.PayloadLength);
        if (header.PayloadType == WebRtcClient.Vp8PayloadType && Vp8KeyframeHeader.TryReadSize(payload, out var width, out var height))
        {
            lock (_lock)
            {
                (_videoWidth, _videoHeight) = (width, height);
            }
        }

        if (!_measuring)
        {
            return;
        }

        lock (_lock)
        {
            var clockRate = header.PayloadType switch
            {
                WebRtcClient.Vp8PayloadType => 90_000,
                WebRtcClient.OpusPayloadType => 48_000,
                _ => 0,
            };
            var stream = clockRate == 0 ? null : FindStream(header.Ssrc, clockRate);
            if (stream is null)
            {
                // RTX repairs, or more streams than a WHEP session carries.
                _foreign++;
                return;
            }

            _packets++;
            _bytes += packet.Length;
            stream.Record(header.SequenceNumber, header.Timestamp, (long)((double)now * clockRate / Stopwatch.Frequency));
            if (SendTimestamp.TryRead(payload, out var sent))
            {
                _delays.Record((long)((now - sent) * _nanosecondsPerTick));
            }
        }
    }

    private ReceiveStreamStats? FindStream(uint ssrc, int clockRate)
    {
        for (var i = 0; i < MaxStreams; i++)
        {
            var stream = _streams[i];
            if (stream is null)
            {
                // Allocated once per stream, on its first packet.
                return _streams[i] = new ReceiveStreamStats(ssrc, clockRate);
            }

            if (stream.Ssrc == ssrc)
            {
                return stream;
            }
        }

        return null;
    }

    public void Dispose()
    {
        Client.RtpReceived -= OnRtp;
        Client.Dispose();
    }
}
