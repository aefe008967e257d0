namespace OctoMesh.Geo.Discovery;

/// <summary>Settings for <see cref="ConsulBridgeRegistry"/>; <see cref="Validate"/> explains what is wrong.</summary>
public sealed record ConsulRegistryOptions
{
    /// <summary>The local Consul agent's HTTP address, for example <c>http://127.0.0.1:8500</c>.</summary>
    public required Uri Address { get; init; }

    /// <summary>ACL token sent as <c>X-Consul-Token</c>; needs <c>service:write</c> and <c>service:read</c> on <see cref="ServiceName"/>.</summary>
    public string? Token { get; init; }

    /// <summary>Datacenter to watch (<c>dc</c> query parameter); null means the agent's own.</summary>
    public string? Datacenter { get; init; }

    /// <summary>Consul service name every bridge registers under.</summary>
    public string ServiceName { get; init; } = "octomesh-bridge";

    /// <summary>TTL of the health check: a bridge silent this long turns critical and leaves <c>?passing</c> results.</summary>
    public TimeSpan CheckTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the heartbeat refreshes the TTL check (a few refreshes fit in one TTL).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consul removes a service whose check stayed critical this long (Consul's minimum is one minute).</summary>
    public TimeSpan DeregisterCriticalServiceAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Blocking-query <c>wait</c>: how long Consul may hold a watch request (Consul caps it at 10 minutes).</summary>
    public TimeSpan WatchWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Rate limit of the watch loop once its burst of two is spent (Consul's blocking-query guidance:
    /// a token bucket with burst 2, so churn degrades into polling instead of a busy loop).
    /// </summary>
    public TimeSpan MinWatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay when Consul is unreachable; doubles per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest retry delay while Consul stays unreachable.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these settings, in plain words; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Address is null || !Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Consul address must be an absolute http or https URL such as http://127.0.0.1:8500, got '{Address}'.");
        }
        if (string.IsNullOrWhiteSpace(ServiceName) || !ServiceName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            problems.Add($"Consul service name must be a DNS label (letters, digits, '-'), got '{ServiceName}'.");
        }
        if (Datacenter is not null && (Datacenter.Length == 0 || !Datacenter.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            problems.Add($"Consul datacenter must be letters, digits, '-' or '_', got '{Datacenter}'.");
        }
        if (Token is not null && (Token.Length == 0 || Token.Any(char.IsControl)))
        {
            problems.Add("Consul ACL token must be non-empty and printable.");
        }
        if (CheckTtl <= TimeSpan.Zero || RefreshInterval <= TimeSpan.Zero || RefreshInterval >= CheckTtl)
        {
            problems.Add($"Consul refresh interval ({RefreshInterval}) must be positive and shorter than the check TTL ({CheckTtl}).");
        }
        if (WatchWait <= TimeSpan.Zero || WatchWait > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Consul watch wait must be between 0 and 10 minutes (Consul's cap), got {WatchWait}.");
        }
        if (DeregisterCriticalServiceAfter <= TimeSpan.Zero || MinWatchInterval < TimeSpan.Zero
            || InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            problems.Add("Consul deregister-after and backoff delays must be positive, with max backoff >= initial backoff.");
        }
        return problems;
    }
}
