namespace OctoMesh.Bridge.Conferences;

/// <summary>What changed in a conference; signaling turns these into participant events and renegotiation.</summary>
public abstract record ConferenceEvent(ConferenceEndpoint Endpoint);

public sealed record EndpointJoined(ConferenceEndpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record EndpointLeft(ConferenceEndpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record SourcesChanged(ConferenceEndpoint Endpoint) : ConferenceEvent(Endpoint);

/// <summary>The same sources, with a layer's SSRC newly known: the mesh re-announces them; nothing to renegotiate.</summary>
public sealed record LayersChanged(ConferenceEndpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record MuteChanged(ConferenceEndpoint Endpoint, TrackKind Kind, bool Muted) : ConferenceEvent(Endpoint);
