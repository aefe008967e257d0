using System.Reflection;
using System.Runtime.InteropServices;

namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// Where the bridge to start is: <c>OctoMesh.Bridge.dll</c> as built with this load generator, in the same
/// configuration (the project file embeds its path), and the <c>dotnet</c> host that runs it.
/// </summary>
public static class BridgeAssemblyLocation
{
    private const string MetadataKey = "OctoMesh.Bridge.Assembly";

    /// <summary>The bridge assembly this build of the load generator was made with, or null if not embedded.</summary>
    public static string? Built { get; } = typeof(BridgeAssemblyLocation).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == MetadataKey)?.Value is { Length: > 0 } path ? path : null;

    /// <summary>
    /// The <c>dotnet</c> host of the runtime running this process (<c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/</c>
    /// is three levels below it), so the bridge runs on the same runtime; <c>dotnet</c> from PATH otherwise.
    /// </summary>
    public static string DotnetHost()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
