using System.Collections.Specialized;

namespace OctoMesh.Geo.Tests.Discovery;

/// <summary>One request as <see cref="ConsulTestServer"/> saw it, with when it arrived and when it was answered.</summary>
public sealed record ConsulRecordedRequest(
    string Method,
    string Path,
    NameValueCollection Query,
    string? Token,
    string Body,
    TimeSpan Arrived)
{
    /// <summary>Server clock when the answer went out; null while held or when the connection was aborted.</summary>
    public TimeSpan? Answered { get; set; }

    /// <summary>Status answered (0 when the connection was aborted).</summary>
    public int Status { get; set; }

    /// <summary><c>X-Consul-Index</c> answered, if any.</summary>
    public ulong? ReturnedIndex { get; set; }

    /// <summary>The <c>index</c> query parameter, null when absent.</summary>
    public ulong? IndexParameter => ulong.TryParse(Query["index"], out var index) ? index : null;

    public bool IsHealthQuery => Method == "GET" && Path.StartsWith("/v1/health/service/", StringComparison.Ordinal);

    public override string ToString() =>
        $"{Method} {Path}?{Query} at {Arrived.TotalMilliseconds:0} ms -> {Status} index {ReturnedIndex} at {Answered?.TotalMilliseconds:0} ms";
}
