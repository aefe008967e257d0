namespace OctoMesh.Bridge.Tests.MediaPort;

/// <summary>What the WHEP answer declared for one track the player receives: SSRC, payload type, RTX SSRC and payload type.</summary>
public sealed record PlayerTrack(uint Ssrc, int PayloadType, uint? RtxSsrc, int? RtxPayloadType);
