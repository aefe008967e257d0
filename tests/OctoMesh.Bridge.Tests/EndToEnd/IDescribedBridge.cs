namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>What a page helper prints about the bridge when a wait times out: its log and its stats.</summary>
public interface IDescribedBridge
{
    string LogText { get; }

    /// <summary>The stats as text, never throwing.</summary>
    Task<string> DescribeStatsAsync();
}
