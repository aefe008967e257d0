namespace OctoMesh.Relay.Frames;

/// <summary>The parsed fixed header of a relay frame (see <see cref="RelayFrame"/> for the layout).</summary>
/// <param name="Kind">RTP or RTCP.</param>
/// <param name="Flags">The 16 reserved/flag bits, 0 today; receivers ignore bits they do not know.</param>
/// <param name="ConferenceId">The 64-bit conference id every bridge derives for the room.</param>
/// <param name="SourceEndpointNumber">
/// The compact endpoint number the origin bridge assigned to the sending endpoint in this
/// conference and announced in <c>EndpointAnnounce.relay_endpoint_number</c>.
/// </param>
public readonly record struct RelayFrameHeader(
    RelayFrameKind Kind,
    ushort Flags,
    ulong ConferenceId,
    uint SourceEndpointNumber);
