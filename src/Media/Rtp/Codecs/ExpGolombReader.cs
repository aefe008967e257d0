namespace OctoMesh.Media.Rtp.Codecs;

/// <summary>
/// Reads the bits of an H.264 RBSP (ITU-T H.264 §7.2), skipping emulation prevention bytes (0x000003, §7.4.1) as it
/// goes, with fixed-width and Exp-Golomb codes (§9.1). Reading past the end, or a code longer than 31 bits,
/// makes it invalid and every further read returns 0: the caller checks <see cref="IsValid"/> once at the end.
/// </summary>
public ref struct ExpGolombReader(ReadOnlySpan<byte> data)
{
    private const int MaxLeadingZeros = 31;
    private readonly ReadOnlySpan<byte> _data = data;
    private int _byte;
    private int _bit;
    private int _zeros;

    public bool IsValid { get; private set; } = true;

    /// <summary>u(n): the next <paramref name="count"/> bits (at most 31), most significant first.</summary>
    public int Read(int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = value << 1 | ReadBit();
        }

        return IsValid ? value : 0;
    }

    /// <summary>ue(v), §9.1.</summary>
    public int ReadUnsigned()
    {
        var leadingZeros = 0;
        while (IsValid && ReadBit() == 0)
        {
            if (++leadingZeros > MaxLeadingZeros - 1)
            {
                IsValid = false;
            }
        }

        return IsValid ? (int)((1u << leadingZeros) - 1 + (uint)Read(leadingZeros)) : 0;
    }

    /// <summary>se(v), §9.1.1: 1, 2, 3, 4 ... map to 1, -1, 2, -2 ...</summary>
    public int ReadSigned()
    {
        var code = ReadUnsigned();
        return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
    }

    private int ReadBit()
    {
        if (_bit == 0 && !SkipEmulationPrevention())
        {
            IsValid = false;
            return 0;
        }

        var bit = _data[_byte] >> (7 - _bit) & 1;
        if (++_bit == 8)
        {
            _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
            _bit = 0;
            _byte++;
        }

        return bit;
    }

    // Before each byte: after two zero bytes, a 0x03 is not data.
    private bool SkipEmulationPrevention()
    {
        if (_byte >= _data.Length)
        {
            return false;
        }

        if (_zeros >= 2 && _data[_byte] == 0x03)
        {
            _byte++;
            _zeros = 0;
        }

        return _byte < _data.Length;
    }
}
