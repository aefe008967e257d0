namespace OctoMesh.Media.Rtp;

/// <summary>
/// Allocation-free walk over the RFC 8285 elements of a packet's extension block. Padding bytes
/// (id 0) are skipped; in the one-byte form, id 15 ends the walk (RFC 8285 §4.2). An element that
/// runs past the block stops the walk and sets <see cref="IsMalformed"/>.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    private const byte OneByteReservedId = 15;

    private readonly ReadOnlySpan<byte> _area;
    private readonly int _areaOffset;
    private readonly RtpExtensionForm _form;
    private int _position;

    /// <summary>Starts a walk over the extension block described by <paramref name="header"/>.</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        _form = RtpHeaderExtensions.GetForm(header);
        bool fits = header.ExtensionOffset + header.ExtensionLength <= packet.Length;
        _area = _form != RtpExtensionForm.Unknown && fits
            ? packet.Slice(header.ExtensionOffset, header.ExtensionLength)
            : default;
        _areaOffset = header.ExtensionOffset;
        _position = 0;
        Current = default;
        IsMalformed = _form != RtpExtensionForm.Unknown && !fits;
    }

    /// <summary>The element found by the last successful <see cref="MoveNext"/>.</summary>
    public RtpExtensionElement Current { get; private set; }

    /// <summary>True when the walk stopped on an element that does not fit in the block.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Position just after the last element read, relative to the elements area.</summary>
    internal int Position => _position;

    /// <summary>Returns this enumerator, so it can be used in <c>foreach</c>.</summary>
    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element; false at the end of the block or on malformed input.</summary>
    public bool MoveNext()
    {
        while (_position < _area.Length)
        {
            byte first = _area[_position];
            if (first == 0)
            {
                _position++; // RFC 8285 §4.2/§4.3: padding byte between elements.
                continue;
            }

            int id;
            int valueStart;
            int valueLength;
            if (_form == RtpExtensionForm.OneByte)
            {
                id = first >> 4;
                if (id == OneByteReservedId)
                {
                    _position = _area.Length; // RFC 8285 §4.2: stop processing at id 15.
                    return false;
                }

                if (id == 0)
                {
                    _position++; // id 0 with a length: treated as padding, as libwebrtc does.
                    continue;
                }

                valueLength = (first & 0x0F) + 1;
                valueStart = _position + 1;
            }
            else
            {
                if (_position + 2 > _area.Length)
                {
                    return Fail();
                }

                id = first;
                valueLength = _area[_position + 1];
                valueStart = _position + 2;
            }

            if (valueStart + valueLength > _area.Length)
            {
                return Fail();
            }

            Current = new RtpExtensionElement(id, _areaOffset + valueStart, valueLength);
            _position = valueStart + valueLength;
            return true;
        }

        return false;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _position = _area.Length;
        return false;
    }
}
