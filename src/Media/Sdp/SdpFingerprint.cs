namespace OctoMesh.Media.Sdp;

/// <summary>
/// A certificate fingerprint attribute, "a=fingerprint:sha-256 AB:CD:..." (RFC 8122 §5).
/// The algorithm is kept as written (lower case by convention); the value is the colon-separated hex digest.
/// </summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    /// <summary>The attribute value as written after "a=fingerprint:".</summary>
    public override string ToString() => Algorithm + " " + Value;
}
