using System.Collections.Concurrent;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>
/// An HTTP handler that notes when each request leaves the client, even when nothing answers it, on the
/// clock the registry under test uses (virtual time in the retry tests).
/// </summary>
public sealed class AttemptRecorder(TimeProvider time) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly long _start = time.GetTimestamp();
    private readonly ConcurrentQueue<(TimeSpan At, string Path)> _attempts = new();

    public IReadOnlyList<(TimeSpan At, string Path)> Attempts => [.. _attempts];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _attempts.Enqueue((time.GetElapsedTime(_start), request.RequestUri!.AbsolutePath));
        return base.SendAsync(request, cancellationToken);
    }
}
