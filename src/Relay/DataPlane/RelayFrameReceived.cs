using System.Net;

namespace OctoMesh.Relay.DataPlane;

/// <summary>A relay frame arrived from <paramref name="sourceOverlay"/> (the payload is only valid during the call).</summary>
public delegate void RelayFrameReceived(IPAddress sourceOverlay, ReadOnlySpan<byte> payload);
