using System.Reflection;

namespace OctoMesh.Bridge.Mesh;

/// <summary>The version bridges compare before relaying to each other.</summary>
public static class BridgeVersion
{
    public static string Current { get; } =
        typeof(BridgeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";
}
