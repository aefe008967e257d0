namespace OctoMesh.Geo.Discovery;

/// <summary>Result of one Consul call: the outcome, the HTTP status (0 when none) and Consul's message.</summary>
internal readonly record struct ConsulCallResult(ConsulCallOutcome Outcome, int StatusCode, string Message)
{
    public static readonly ConsulCallResult Success = new(ConsulCallOutcome.Ok, 200, "");

    public bool IsOk => Outcome == ConsulCallOutcome.Ok;

    public override string ToString() => StatusCode == 0 ? Message : $"HTTP {StatusCode}: {Message}";
}
