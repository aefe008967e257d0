namespace OctoMesh.Bridge.Routing;

/// <summary>
/// A bridge a client may be sent to, as the router hands it out. <see cref="HttpUrl"/> is null for this bridge when it
/// runs without a registry and has no <c>--public-url</c>: the client then stays on the URL it already used.
/// </summary>
public sealed record RoutableBridge(string Id, string Region, Uri? HttpUrl);
