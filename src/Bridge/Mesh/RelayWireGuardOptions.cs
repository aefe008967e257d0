using System.Net;
using System.Net.Sockets;
using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Mesh;

/// <summary>Relay WireGuard: embedded in the bridge on its own UDP port, or an OS interface the bridge programs.</summary>
public sealed class RelayWireGuardOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--relay-port"] = nameof(RelayPort),
        ["--overlay-address"] = nameof(OverlayAddress),
        ["--wireguard-mode"] = nameof(WireGuardMode),
        ["--wireguard-interface"] = nameof(WireGuardInterface),
    };

    /// <summary>UDP port of the relay (<c>--relay-port</c>): embedded WireGuard's socket; 0 picks a free port.</summary>
    public int RelayPort { get; set; } = 51820;

    /// <summary>This bridge's address inside the WireGuard overlay (<c>--overlay-address</c>).</summary>
    public string OverlayAddress { get; set; } = "10.99.0.1";

    /// <summary>
    /// Where relay WireGuard runs (<c>--wireguard-mode</c>): <c>embedded</c> (the bridge's own userspace
    /// WireGuard on <see cref="RelayPort"/>) or <c>os</c> (an existing kernel or wireguard-go interface,
    /// <see cref="WireGuardInterface"/>, whose key and peers the bridge programs through the UAPI).
    /// </summary>
    public string WireGuardMode { get; set; } = "embedded";

    /// <summary>The OS WireGuard interface used in os mode (<c>--wireguard-interface</c>); it must carry <see cref="OverlayAddress"/>.</summary>
    public string WireGuardInterface { get; set; } = "wg-octomesh";

    /// <summary>True when relay WireGuard is an OS interface (<c>--wireguard-mode os</c>).</summary>
    public bool UsesOsWireGuard => string.Equals(WireGuardMode, "os", StringComparison.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RelayPort is < 0 or > 65535)
        {
            errors.Add($"--relay-port must be 0-65535 (got {RelayPort}).");
        }

        if (!IPAddress.TryParse(OverlayAddress, out var overlay) || overlay.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"--overlay-address must be an IPv4 address (got '{OverlayAddress}').");
        }

        if (WireGuardMode is not ("embedded" or "os"))
        {
            errors.Add($"--wireguard-mode must be embedded or os (got '{WireGuardMode}').");
        }

        // Linux interface names: at most 15 bytes (IFNAMSIZ), and the name becomes a UAPI socket path.
        if (UsesOsWireGuard && (string.IsNullOrEmpty(WireGuardInterface) || WireGuardInterface.Length > 15 || WireGuardInterface is "." or ".."
            || !WireGuardInterface.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' or '+')))
        {
            errors.Add($"--wireguard-interface must be 1-15 letters, digits, '-', '_', '.', '=' or '+' (got '{WireGuardInterface}').");
        }

        return errors;
    }
}
