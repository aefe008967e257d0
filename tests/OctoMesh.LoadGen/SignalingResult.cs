namespace OctoMesh.LoadGen;

/// <summary>A WHIP/WHEP exchange's outcome: the SDP answer and session resource, or the reason in one line.</summary>
public readonly record struct SignalingResult(string? Answer, Uri? Location, string? Error)
{
    public static SignalingResult Created(string answer, Uri location) => new(answer, location, null);

    public static SignalingResult Failed(string error) => new(null, null, error);
}
