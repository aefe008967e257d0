namespace OctoMesh.Bridge.Configuration;

/// <summary>
/// One area's settings (identity, media port, signalling, mesh, relay WireGuard, discovery, routing, hosting), bound
/// from the configuration root: appsettings.json keys, <c>OCTOMESH_</c> environment variables and the switches in
/// <see cref="Switches"/>. Every setting is listed in the README with its switch.
/// </summary>
public interface IValidatedOptions
{
    /// <summary>The command-line switches of this area and the configuration keys they set.</summary>
    static abstract IReadOnlyDictionary<string, string> Switches { get; }

    /// <summary>Problems with the settings, each a sentence naming the switch; empty when valid.</summary>
    IReadOnlyList<string> Validate();
}
