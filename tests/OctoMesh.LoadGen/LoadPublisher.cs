using System.Diagnostics;
using OctoMesh.LoadGen.Signaling;
using OctoMesh.Media.Client;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;

namespace OctoMesh.LoadGen;

/// <summary>
/// Publishes synthetic media on a connected <see cref="WebRtcClient"/> at real-time pace: VP8 at 30 frames/s
/// of <c>kbps / 8 / 30</c> bytes each (a key frame every 3 s, and on PLI as an encoder does, RFC 4585 §6.3.1),
/// each video packet stamped with its send time (<see cref="SendTimestamp"/>), and Opus at 50 packets/s.
/// With simulcast layers (<see cref="SimulcastLayer"/>) each layer is its own VP8 stream on its own SSRC with its
/// rid (RFC 8852) and picture size, at its share of the bitrate; a PLI for one layer's SSRC makes a key frame of
/// that layer only, as Chromium's per-layer encoders do.
/// Paced by a <see cref="PublisherPacer"/> shared by all publishers; one reusable buffer, nothing allocated per packet.
/// </summary>
public sealed class LoadPublisher : IDisposable
{
    /// <summary>Video frames per second.</summary>
    public const int FramesPerSecond = 30;

    /// <summary>Key frame interval: every 3 s at 30 fps.</summary>
    public const int KeyframeInterval = 3 * FramesPerSecond;

    private const int AudioPacketsPerSecond = 50;
    private const int MaxCatchUp = FramesPerSecond;

    // One VP8 stream per simulcast layer (lowest first), or the only one; _frameSizes in the same order.
    private readonly SyntheticVp8Stream[] _video;
    private readonly int[] _frameSizes;
    private readonly SyntheticOpusStream _audio;
    private readonly byte[] _buffer = new byte[2048];
    private long _started;
    private long _audioSent;
    private long _framesSent;
    private volatile bool _stopped;

    // Bit i: stream i was asked for a key frame (set on the receive loop, taken on the pacer's).
    private int _keyframesWanted;

    /// <summary>
    /// A publisher on <paramref name="client"/>; with <paramref name="simulcastLayers"/> (the layers the client offered,
    /// one per <see cref="WebRtcClient.SimulcastSsrcs"/>) the top layer sends <paramref name="videoKbps"/> and the others
    /// their fraction of it.
    /// </summary>
    public LoadPublisher(WebRtcClient client, SignaledSession session, string room, int videoKbps,
        IReadOnlyList<SimulcastLayer>? simulcastLayers = null)
    {
        simulcastLayers ??= [];
        if (simulcastLayers.Count != client.SimulcastSsrcs.Count)
        {
            throw new ArgumentException(
                $"The client offered {client.SimulcastSsrcs.Count} simulcast layer(s); {simulcastLayers.Count} given.", nameof(simulcastLayers));
        }

        Client = client;
        Session = session;
        Room = room;
        if (simulcastLayers.Count == 0)
        {
            _video = [new SyntheticVp8Stream(client.VideoSsrc, keyframeInterval: KeyframeInterval,
                midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid)];
            _frameSizes = [FrameSize(videoKbps)];
        }
        else
        {
            _video = [.. simulcastLayers.Select((layer, i) => new SyntheticVp8Stream(client.SimulcastSsrcs[i], keyframeInterval: KeyframeInterval,
                midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid,
                rtpStreamIdExtensionId: WebRtcClient.RtpStreamIdExtensionId, rid: layer.Rid, width: layer.Width, height: layer.Height))];
            _frameSizes = [.. simulcastLayers.Select(layer => FrameSize(layer.Kbps(videoKbps)))];
        }

        _audio = new SyntheticOpusStream(client.AudioSsrc, midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.AudioMid);
        client.RtcpReceived += OnRtcp;
    }

    public WebRtcClient Client { get; }

    /// <summary>The session on the SFU.</summary>
    public SignaledSession Session { get; }

    public string Room { get; }

    /// <summary>Marks time zero of this publisher's schedule; <see cref="SendDue"/> sends what is due since.</summary>
    public void Start(long timestamp) => _started = timestamp;

    /// <summary>Stops the schedule: <see cref="SendDue"/> sends nothing more.</summary>
    public void Stop() => _stopped = true;

    /// <summary>
    /// Sends every audio packet and video frame due at <paramref name="now"/> (a <see cref="Stopwatch"/>
    /// timestamp) that was not sent yet. Called by the <see cref="PublisherPacer"/>'s single loop.
    /// </summary>
    public void SendDue(long now)
    {
        if (_started == 0 || _stopped)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_started, now).TotalSeconds;
        var audioDue = (long)(elapsed * AudioPacketsPerSecond) + 1;
        var framesDue = (long)(elapsed * FramesPerSecond) + 1;

        // An overloaded machine skips what it could not send rather than bursting it all at once.
        _audioSent = Math.Max(_audioSent, audioDue - MaxCatchUp);
        _framesSent = Math.Max(_framesSent, framesDue - MaxCatchUp);
        for (; _audioSent < audioDue; _audioSent++)
        {
            Client.SendRtp(_buffer.AsSpan(0, _audio.WritePacket(_buffer)));
        }

        for (; _framesSent < framesDue; _framesSent++)
        {
            SendFrame();
        }
    }

    // One frame time: a frame of every layer, lowest first (a simulcast encoder encodes them from one capture).
    private void SendFrame()
    {
        var keyframesWanted = Interlocked.Exchange(ref _keyframesWanted, 0);
        for (var i = 0; i < _video.Length; i++)
        {
            var video = _video[i];
            if ((keyframesWanted & (1 << i)) != 0)
            {
                video.RequestKeyframe();
            }

            video.StartFrame(_frameSizes[i], SyntheticVp8Stream.TimestampStepAt30Fps);
            while (video.TryWritePacket(_buffer, out var length))
            {
                var packet = _buffer.AsSpan(0, length);
                if (RtpHeader.TryParse(packet, out var header))
                {
                    SendTimestamp.TryWrite(packet.Slice(header.PayloadOffset, header.PayloadLength), Stopwatch.GetTimestamp());
                }

                Client.SendRtp(packet);
            }
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType != RtcpPacketType.PayloadSpecificFeedback || rtcp.CountOrFormat != RtcpFeedbackFormat.PictureLossIndication)
            {
                continue;
            }

            // RFC 4585 §6.3.1: the PLI names the media source (here: one layer) that lost a picture.
            for (var i = 0; i < _video.Length; i++)
            {
                if (rtcp.MediaSsrc == _video[i].Ssrc)
                {
                    Interlocked.Or(ref _keyframesWanted, 1 << i);
                }
            }
        }
    }

    private static int FrameSize(int kbps) => Math.Max(SyntheticVp8Stream.KeyframeHeaderSize, kbps * 1000 / 8 / FramesPerSecond);

    public void Dispose()
    {
        Stop();
        Client.RtcpReceived -= OnRtcp;
        Client.Dispose();
    }
}
