namespace OctoMesh.Media.Client;

/// <summary>
/// What one <see cref="WebRtcClient"/> sent and received, counted as it happens. Byte counts are of the
/// datagrams on the wire (SRTP/SRTCP, tags included). Thread-safe to read at any time.
/// </summary>
public sealed class WebRtcClientCounters
{
    private long _rtpPacketsSent;
    private long _rtcpPacketsSent;
    private long _bytesSent;
    private long _rtpPacketsReceived;
    private long _rtcpPacketsReceived;
    private long _bytesReceived;
    private long _srtpFailures;
    private long _sendFailures;
    private long _ignoredDatagrams;

    /// <summary>SRTP packets sent.</summary>
    public long RtpPacketsSent => Volatile.Read(ref _rtpPacketsSent);

    /// <summary>SRTCP packets sent.</summary>
    public long RtcpPacketsSent => Volatile.Read(ref _rtcpPacketsSent);

    /// <summary>Bytes of SRTP and SRTCP sent.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>SRTP packets received that authenticated and decrypted.</summary>
    public long RtpPacketsReceived => Volatile.Read(ref _rtpPacketsReceived);

    /// <summary>SRTCP packets received that authenticated and decrypted.</summary>
    public long RtcpPacketsReceived => Volatile.Read(ref _rtcpPacketsReceived);

    /// <summary>Bytes of SRTP and SRTCP received that authenticated.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Received SRTP/SRTCP that failed authentication, replay or parsing (RFC 3711 §3.3).</summary>
    public long SrtpFailures => Volatile.Read(ref _srtpFailures);

    /// <summary>Packets that could not be protected or that the socket refused.</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures);

    /// <summary>Datagrams from an unexpected address, or media before SRTP was ready.</summary>
    public long IgnoredDatagrams => Volatile.Read(ref _ignoredDatagrams);

    internal void RtpSent(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void RtcpSent(int bytes)
    {
        Interlocked.Increment(ref _rtcpPacketsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void RtpReceived(int bytes)
    {
        Interlocked.Increment(ref _rtpPacketsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void RtcpReceived(int bytes)
    {
        Interlocked.Increment(ref _rtcpPacketsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void SrtpFailed() => Interlocked.Increment(ref _srtpFailures);

    internal void SendFailed() => Interlocked.Increment(ref _sendFailures);

    internal void Ignored() => Interlocked.Increment(ref _ignoredDatagrams);

    /// <summary>One line for logs and failure messages.</summary>
    public override string ToString() =>
        $"sent rtp={RtpPacketsSent} rtcp={RtcpPacketsSent} bytes={BytesSent}; " +
        $"received rtp={RtpPacketsReceived} rtcp={RtcpPacketsReceived} bytes={BytesReceived}; " +
        $"srtpFailures={SrtpFailures} sendFailures={SendFailures} ignored={IgnoredDatagrams}";
}
