namespace OctoMesh.Bridge.Conferences;

/// <summary>What changed in a conference; signaling turns these into participant events and renegotiation.</summary>
public abstract record ConferenceEvent(Endpoint Endpoint);

public sealed record EndpointJoined(Endpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record EndpointLeft(Endpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record SourcesChanged(Endpoint Endpoint) : ConferenceEvent(Endpoint);

public sealed record MuteChanged(Endpoint Endpoint, TrackKind Kind, bool Muted) : ConferenceEvent(Endpoint);
