namespace OctoMesh.Geo.Selection;

/// <summary>What a decision knew about where the client is, most trusted first (DESIGN.md "Discovery and routing").</summary>
public enum LocationSource
{
    /// <summary>Round-trip times the client measured to candidate bridges.</summary>
    MeasuredRtt,

    /// <summary>The client's IP address looked up in the geolocation database.</summary>
    GeoIp,

    /// <summary>Coordinates the client sent (lat/lon), trusted least because anyone can send anything.</summary>
    Hint,

    /// <summary>Nothing.</summary>
    None,
}
