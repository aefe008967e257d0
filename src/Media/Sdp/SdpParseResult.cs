namespace OctoMesh.Media.Sdp;

/// <summary>The outcome of <see cref="SessionDescription.Parse"/>: a description, or an error saying why not.</summary>
public sealed record SdpParseResult(SessionDescription? Description, string? Error)
{
    /// <summary>True when <see cref="Description"/> is set.</summary>
    public bool Success => Description is not null;

    internal static SdpParseResult Fail(string error) => new(null, error);
}
