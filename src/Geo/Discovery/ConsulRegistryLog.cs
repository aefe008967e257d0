using Microsoft.Extensions.Logging;

namespace OctoMesh.Geo.Discovery;

/// <summary>Source-generated log messages of <see cref="ConsulBridgeRegistry"/>, stable event ids 4100-4119.</summary>
internal static partial class ConsulRegistryLog
{
    [LoggerMessage(EventId = 4101, EventName = "ConsulUnreachable", Level = LogLevel.Warning,
        Message = "Consul at {Address} is unreachable ({Operation}: {Reason}); keeping the last {KnownBridges} known bridges; next attempt in {DelayMilliseconds:0} ms, backing off while it fails")]
    public static partial void ConsulUnreachable(ILogger logger, Uri address, string operation, string reason, int knownBridges, double delayMilliseconds);

    [LoggerMessage(EventId = 4102, EventName = "ConsulRecovered", Level = LogLevel.Information,
        Message = "Consul at {Address} answers again after {DownSeconds:0.0} s and {FailedAttempts} failed attempts")]
    public static partial void ConsulRecovered(ILogger logger, Uri address, double downSeconds, int failedAttempts);

    [LoggerMessage(EventId = 4103, EventName = "ConsulRetryFailed", Level = LogLevel.Debug,
        Message = "Consul still unreachable ({Operation}: {Reason}); retry in {DelayMilliseconds:0} ms")]
    public static partial void ConsulRetryFailed(ILogger logger, string operation, string reason, double delayMilliseconds);

    [LoggerMessage(EventId = 4104, EventName = "ConsulRejected", Level = LogLevel.Error,
        Message = "Consul refused {Operation}: {Reason}. Check the ACL token (X-Consul-Token) and its policy on service '{ServiceName}'")]
    public static partial void ConsulRejected(ILogger logger, string operation, string reason, string serviceName);

    [LoggerMessage(EventId = 4105, EventName = "ConsulIndexWentBackwards", Level = LogLevel.Information,
        Message = "Consul's X-Consul-Index went backwards ({Sent} -> {Returned}); restarting the watch from index 0")]
    public static partial void IndexWentBackwards(ILogger logger, ulong sent, ulong returned);

    [LoggerMessage(EventId = 4106, EventName = "ConsulServiceForgotten", Level = LogLevel.Warning,
        Message = "The Consul agent no longer knows bridge {BridgeId} ({Reason}); registering it again")]
    public static partial void ServiceForgotten(ILogger logger, string bridgeId, string reason);

    [LoggerMessage(EventId = 4107, EventName = "ConsulEntrySkipped", Level = LogLevel.Warning,
        Message = "Ignoring a Consul service entry that is not a valid OctoMesh bridge: {Reason}")]
    public static partial void EntrySkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 4108, EventName = "ConsulResultsFilteredByAcls", Level = LogLevel.Warning,
        Message = "Consul filtered the '{ServiceName}' health results by ACL: the token lacks service:read, so bridges may be missing")]
    public static partial void ResultsFilteredByAcls(ILogger logger, string serviceName);

    [LoggerMessage(EventId = 4109, EventName = "ConsulRegistered", Level = LogLevel.Information,
        Message = "Registered bridge {BridgeId} as Consul service '{ServiceName}' at {Address} (TTL {Ttl})")]
    public static partial void Registered(ILogger logger, string bridgeId, string serviceName, Uri address, string ttl);

    [LoggerMessage(EventId = 4110, EventName = "ConsulDeregistered", Level = LogLevel.Information,
        Message = "Deregistered bridge {BridgeId} from Consul")]
    public static partial void Deregistered(ILogger logger, string bridgeId);

    [LoggerMessage(EventId = 4111, EventName = "ConsulDeregisterFailed", Level = LogLevel.Warning,
        Message = "Could not deregister bridge {BridgeId} from Consul ({Reason}); its TTL check will lapse and Consul reaps it later")]
    public static partial void DeregisterFailed(ILogger logger, string bridgeId, string reason);

    [LoggerMessage(EventId = 4112, EventName = "ConsulBridgeSetChanged", Level = LogLevel.Debug,
        Message = "Bridges from Consul: {Count} healthy ({Ids})")]
    public static partial void BridgeSetChanged(ILogger logger, int count, string ids);
}
