namespace OctoMesh.LoadGen.Signaling;

/// <summary>
/// A WHIP/WHEP exchange's outcome: the SDP answer, session resource and (for WHIP) the publisher's
/// participant id, or the reason in one line.
/// </summary>
public readonly record struct SignalingResult(string? Answer, Uri? Location, string? Participant, string? Error, bool NotFound = false)
{
    public static SignalingResult Created(string answer, Uri location, string? participant) => new(answer, location, participant, null);

    public static SignalingResult Failed(string error, bool notFound = false) => new(null, null, null, error, notFound);
}
