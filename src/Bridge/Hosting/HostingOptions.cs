using OctoMesh.Bridge.Configuration;

namespace OctoMesh.Bridge.Hosting;

/// <summary>How the process itself runs.</summary>
public sealed class HostingOptions : IValidatedOptions
{
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--log-to-stderr"] = nameof(LogToStandardError),
    };

    /// <summary>Write logs to stderr, keeping stdout for machine-readable output (<c>--log-to-stderr</c>; the demo sets it).</summary>
    public bool LogToStandardError { get; set; }

    public IReadOnlyList<string> Validate() => [];
}
