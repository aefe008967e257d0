namespace OctoMesh.Media.Rtp;

/// <summary>The RFC 8285 element layout announced by the extension profile.</summary>
public enum RtpExtensionForm
{
    /// <summary>Not an RFC 8285 block (or no extension at all); elements cannot be read.</summary>
    Unknown = 0,

    /// <summary>Profile 0xBEDE: 4-bit id, 4-bit length-minus-one (RFC 8285 §4.2).</summary>
    OneByte = 1,

    /// <summary>Profile 0x100X: 8-bit id, 8-bit length (RFC 8285 §4.3).</summary>
    TwoByte = 2,
}
