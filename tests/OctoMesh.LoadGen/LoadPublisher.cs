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

    private readonly SyntheticVp8Stream _video;
    private readonly SyntheticOpusStream _audio;
    private readonly int _frameSize;
    private readonly byte[] _buffer = new byte[2048];
    private long _started;
    private long _audioSent;
    private long _framesSent;
    private volatile bool _stopped;
    private volatile bool _keyframeWanted;

    public LoadPublisher(WebRtcClient client, SignaledSession session, string room, int videoKbps)
    {
        Client = client;
        Session = session;
        Room = room;
        _frameSize = Math.Max(SyntheticVp8Stream.KeyframeHeaderSize, videoKbps * 1000 / 8 / FramesPerSecond);
        _video = new SyntheticVp8Stream(client.VideoSsrc, keyframeInterval: KeyframeInterval,
            midExtensionId: WebRtcClient.MidExtensionId, mid: WebRtcClient.VideoMid);
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

    private void SendFrame()
    {
        if (_keyframeWanted)
        {
            _keyframeWanted = false;
            _video.RequestKeyframe();
        }

        _video.StartFrame(_frameSize, SyntheticVp8Stream.TimestampStepAt30Fps);
        while (_video.TryWritePacket(_buffer, out var length))
        {
            var packet = _buffer.AsSpan(0, length);
            if (RtpHeader.TryParse(packet, out var header))
            {
                SendTimestamp.TryWrite(packet.Slice(header.PayloadOffset, header.PayloadLength), Stopwatch.GetTimestamp());
            }

            Client.SendRtp(packet);
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType == RtcpPacketType.PayloadSpecificFeedback
                && rtcp.CountOrFormat == RtcpFeedbackFormat.PictureLossIndication
                && rtcp.MediaSsrc == Client.VideoSsrc)
            {
                _keyframeWanted = true;
            }
        }
    }

    public void Dispose()
    {
        Stop();
        Client.RtcpReceived -= OnRtcp;
        Client.Dispose();
    }
}
