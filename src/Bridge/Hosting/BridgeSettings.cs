using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Bridge.Mesh;
using OctoMesh.Bridge.Routing;
using OctoMesh.Bridge.Signaling;

namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The bridge's settings, one options class per area, each bound from the configuration root (appsettings.json,
/// <c>OCTOMESH_</c> environment variables, command line) and validated at start-up. Every option is listed in the
/// README with its switch.
/// </summary>
public static class BridgeSettings
{
    private static readonly Area[] Areas =
    [
        Area.Of<BridgeIdentityOptions>(),
        Area.Of<MediaPortOptions>(),
        Area.Of<SignalingOptions>(),
        Area.Of<ConferenceOptions>(),
        Area.Of<MeshLinkOptions>(),
        Area.Of<RelayWireGuardOptions>(),
        Area.Of<DiscoveryOptions>(),
        Area.Of<RoutingOptions>(),
        Area.Of<HostingOptions>(),
    ];

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static Dictionary<string, string> SwitchMappings { get; } =
        Areas.SelectMany(a => a.Switches).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Every configuration key an area binds.</summary>
    public static IEnumerable<string> Keys => Areas.SelectMany(a => a.Keys);

    /// <summary>Problems with the settings as <paramref name="configuration"/> sets them, each a sentence naming the switch.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration) => [.. Areas.SelectMany(a => a.Validate(configuration))];

    /// <summary>Registers every area's options (<c>IOptions&lt;T&gt;</c>), validated again when the host starts.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var area in Areas)
        {
            area.Register(services, configuration);
        }
    }

    private sealed record Area(
        IReadOnlyDictionary<string, string> Switches,
        IReadOnlyList<string> Keys,
        Func<IConfiguration, IReadOnlyList<string>> Validate,
        Action<IServiceCollection, IConfiguration> Register)
    {
        public static Area Of<T>()
            where T : class, IValidatedOptions, new() => new(
                T.Switches,
                [.. typeof(T).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)],
                configuration => ValidatedOptions.Read<T>(configuration).Validate(),
                ValidatedOptions.Add<T>);
    }
}
