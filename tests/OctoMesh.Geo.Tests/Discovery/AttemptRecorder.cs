using System.Collections.Concurrent;
using System.Diagnostics;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>An HTTP handler that notes when each request leaves the client, even when nothing answers it.</summary>
public sealed class AttemptRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(TimeSpan At, string Path)> _attempts = new();

    public IReadOnlyList<(TimeSpan At, string Path)> Attempts => _attempts.ToArray();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _attempts.Enqueue((_clock.Elapsed, request.RequestUri!.AbsolutePath));
        return base.SendAsync(request, cancellationToken);
    }
}
