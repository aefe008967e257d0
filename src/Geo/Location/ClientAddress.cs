using System.Net;

namespace OctoMesh.Geo.Location;

/// <summary>The address a request is believed to come from, and why.</summary>
public readonly record struct ClientAddress(IPAddress Address, ClientAddressSource Source);
