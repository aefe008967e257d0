namespace OctoMesh.Media.Rtp;

/// <summary>
/// The client-to-mixer audio level header extension (RFC 6464 §3), one byte:
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |V|   level     |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// V: the sender's voice activity flag (meaningful only with <c>vad=on</c>); level: the audio level of the packet in
/// -dBov, 0 (the loudest a digital signal can be) to 127 (digital silence, or anything quieter).
/// </summary>
public static class AudioLevel
{
    /// <summary>-dBov of digital silence, the quietest level the extension carries.</summary>
    public const int Silence = 127;

    /// <summary>
    /// Reads the element's value: its first byte (anything after it is ignored). False for an empty value.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int level, out bool voiceActivity)
    {
        if (value.IsEmpty)
        {
            level = Silence;
            voiceActivity = false;
            return false;
        }

        level = value[0] & 0x7F;
        voiceActivity = (value[0] & 0x80) != 0;
        return true;
    }

    /// <summary>How loud, in dB above digital silence: 0 for silence, 127 for the loudest level (the level turned round).</summary>
    public static int Loudness(int level) => Silence - Math.Clamp(level, 0, Silence);
}
