namespace OctoMesh.Media.Bwe;

/// <summary>
/// The rate at which the receiver got our packets: the bytes it acknowledged over the last <see cref="WindowUs"/>
/// of its receive clock. What the rate controller decreases from (draft-ietf-rmcat-gcc-02 §5.5: "R_hat", the
/// incoming rate) and caps its growth by, so the estimate never runs far ahead of what was shown to fit.
/// </summary>
public sealed class AcknowledgedBitrate
{
    public const long WindowUs = 500_000;
    private const int Capacity = 4096;

    private readonly (long ReceiveUs, int Size)[] _packets = new (long, int)[Capacity];
    private int _head;
    private int _count;
    private long _bytes;

    /// <summary>Bits per second over the window, or null until the window has a span to divide by.</summary>
    public long? Bitrate { get; private set; }

    public void Add(long receiveTimeUs, int size)
    {
        if (_count == Capacity)
        {
            DropOldest();
        }

        _packets[(_head + _count) % Capacity] = (receiveTimeUs, size);
        _count++;
        _bytes += size;
        while (_count > 1 && receiveTimeUs - _packets[_head].ReceiveUs > WindowUs)
        {
            DropOldest();
        }

        var spanUs = receiveTimeUs - _packets[_head].ReceiveUs;
        if (spanUs >= WindowUs / 2)
        {
            // The oldest packet opened the window: its bytes arrived before the span began.
            Bitrate = (_bytes - _packets[_head].Size) * 8 * 1_000_000 / spanUs;
        }
    }

    private void DropOldest()
    {
        _bytes -= _packets[_head].Size;
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
