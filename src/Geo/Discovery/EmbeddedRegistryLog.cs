using Microsoft.Extensions.Logging;

namespace OctoMesh.Geo.Discovery;

/// <summary>Source-generated log messages of <see cref="EmbeddedBridgeRegistry"/>, stable event ids 4120-4139.</summary>
internal static partial class EmbeddedRegistryLog
{
    [LoggerMessage(EventId = 4121, EventName = "RegistryFileInvalid", Level = LogLevel.Warning,
        Message = "Bridge registry unreadable, keeping the last good set of {KnownBridges} bridges: {Error}")]
    public static partial void RegistryInvalid(ILogger logger, int knownBridges, string error);

    [LoggerMessage(EventId = 4122, EventName = "RegistryFileValidAgain", Level = LogLevel.Information,
        Message = "Bridge registry readable again")]
    public static partial void RegistryValidAgain(ILogger logger);

    [LoggerMessage(EventId = 4123, EventName = "RegistryEntrySkipped", Level = LogLevel.Warning,
        Message = "Ignoring an invalid bridge registry entry: {Reason}")]
    public static partial void EntrySkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 4124, EventName = "RegistryBridgeSetChanged", Level = LogLevel.Debug,
        Message = "Bridges from the embedded registry: {Count} healthy ({Ids})")]
    public static partial void BridgeSetChanged(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 4125, EventName = "RegistryWriteFailed", Level = LogLevel.Warning,
        Message = "Could not write bridge {BridgeId} to the registry ({Reason}); retrying at the next refresh")]
    public static partial void WriteFailed(ILogger logger, string bridgeId, string reason);
}
