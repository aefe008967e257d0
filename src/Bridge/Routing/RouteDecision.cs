using OctoMesh.Geo.Location;
using OctoMesh.Geo.Selection;

namespace OctoMesh.Bridge.Routing;

/// <summary>One answer of <see cref="BridgeRouter"/>: the selector's result, the bridge to hand out, and where the client was believed to be.</summary>
public sealed record RouteDecision(SelectionResult Selection, RoutableBridge? Bridge, GeoLocation? GeoIpLocation, GeoCoordinate? Hint);
