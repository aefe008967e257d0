using System.Text;

namespace OctoMesh.Media.Stun;

/// <summary>
/// ERROR-CODE value layout (RFC 8489 §14.8):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The code is Class * 100 + Number, Class 3..6, Number 0..99.
/// </summary>
internal static class StunErrorCode
{
    public const int HeaderSize = 4;
    private const int ClassOffset = 2;
    private const int NumberOffset = 3;
    private const int ClassMask = 0x07;
    private const int MinimumCode = 300;
    private const int MaximumCode = 699;

    public static bool IsValidCode(int code) => code is >= MinimumCode and <= MaximumCode;

    /// <summary>Writes the value; the caller sized <paramref name="value"/> with <see cref="ValueLength"/>.</summary>
    public static void Write(Span<byte> value, int code, string reason)
    {
        value[0] = 0;
        value[1] = 0;
        value[ClassOffset] = (byte)(code / 100);
        value[NumberOffset] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[HeaderSize..]);
    }

    public static int ValueLength(string reason) => HeaderSize + Encoding.UTF8.GetByteCount(reason);

    /// <summary>Reads a value the parser already checked to be at least <see cref="HeaderSize"/> long.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reason)
    {
        int errorClass = value[ClassOffset] & ClassMask;
        int number = value[NumberOffset];
        code = errorClass * 100 + number;
        reason = value[HeaderSize..];
        return number < 100 && IsValidCode(code);
    }
}
