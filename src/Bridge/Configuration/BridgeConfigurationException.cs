namespace OctoMesh.Bridge.Configuration;

/// <summary>Invalid settings at start-up; the message lists every problem, one per line.</summary>
public sealed class BridgeConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
