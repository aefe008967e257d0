using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Mesh;

/// <summary>How bridges find each other: a registry file shared by the bridges, or a Consul agent. Either enables the mesh.</summary>
public sealed class DiscoveryOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--registry"] = nameof(Registry),
        ["--consul"] = nameof(Consul),
        ["--consul-token"] = nameof(ConsulToken),
        ["--consul-datacenter"] = nameof(ConsulDatacenter),
    };

    /// <summary>Static registry file shared by the bridges of a mesh (<c>--registry</c>).</summary>
    public string? Registry { get; set; }

    /// <summary>Consul agent URL (<c>--consul</c>, e.g. http://127.0.0.1:8500).</summary>
    public string? Consul { get; set; }

    /// <summary>Consul ACL token (<c>--consul-token</c>), sent as X-Consul-Token.</summary>
    public string? ConsulToken { get; set; }

    /// <summary>Consul datacenter (<c>--consul-datacenter</c>); the agent's own when empty.</summary>
    public string? ConsulDatacenter { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Consul is not null && !(Uri.TryCreate(Consul, UriKind.Absolute, out var consul) && consul.Scheme is "http" or "https"))
        {
            errors.Add($"--consul must be an http(s) URL of a Consul agent (got '{Consul}').");
        }

        if (Consul is not null && Registry is not null)
        {
            errors.Add("Use either --registry or --consul, not both.");
        }

        return errors;
    }
}
