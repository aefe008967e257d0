namespace OctoMesh.Media.Sdp;

/// <summary>The outcome of <see cref="SdpNegotiator.CreateAnswer(SessionDescription, LocalMediaOptions)"/>.</summary>
public sealed record SdpNegotiationResult(NegotiatedAnswer? Answer, string? Error)
{
    /// <summary>True when <see cref="Answer"/> is set.</summary>
    public bool Success => Answer is not null;

    internal static SdpNegotiationResult Fail(string error) => new(null, error);
}
