using System.Collections.Concurrent;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Tests.MediaPath;

/// <summary>Notes which receive thread delivered a transport's media, then hands it on unchanged.</summary>
internal sealed class ThreadRecordingReceiver(IMediaReceiver inner) : IMediaReceiver
{
    public ConcurrentDictionary<int, bool> Threads { get; } = new();

    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        Threads.TryAdd(Environment.CurrentManagedThreadId, true);
        inner.OnRtp(transport, packet);
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        Threads.TryAdd(Environment.CurrentManagedThreadId, true);
        inner.OnRtcp(transport, packet);
    }
}
