using System.Net;
using System.Runtime.InteropServices;
using OctoMesh.Media.Transport.Native;

namespace OctoMesh.Media.Transport.Batching;

/// <summary>
/// A fixed set of datagram slots in native memory, laid out for <c>sendmmsg(2)</c> and
/// <c>recvmmsg(2)</c>: per slot a data buffer of <see cref="SlotSize"/> bytes, a socket-address
/// buffer, one <see cref="IoVector"/> and one <see cref="MultipleMessageHeader"/> pointing at them.
/// Allocated once; nothing moves, so nothing is pinned per call and nothing is allocated per datagram.
/// Not thread-safe: one owner (a receive thread) uses it.
/// </summary>
internal sealed unsafe class DatagramSlots : IDisposable
{
    /// <summary>Room for a <c>sockaddr_in6</c> (28 bytes), the largest address a UDP socket here sees.</summary>
    public const int AddressCapacity = 32;

    private readonly byte* _data;
    private readonly byte* _addresses;
    private readonly IoVector* _vectors;
    private readonly MultipleMessageHeader* _headers;
    private bool _disposed;

    public DatagramSlots(int capacity, int slotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        Capacity = capacity;
        SlotSize = slotSize;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)(capacity * slotSize), 64);
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressCapacity));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(IoVector));
        _headers = (MultipleMessageHeader*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MultipleMessageHeader));
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i].Base = _data + (nint)i * slotSize;
            _vectors[i].Length = (nuint)slotSize;
            _headers[i].Header.Vectors = &_vectors[i];
            _headers[i].Header.VectorCount = 1;
            _headers[i].Header.Name = _addresses + i * AddressCapacity;
            _headers[i].Header.NameLength = AddressCapacity;
        }
    }

    public int Capacity { get; }

    public int SlotSize { get; }

    /// <summary>The whole data buffer of slot <paramref name="index"/>.</summary>
    public Span<byte> Data(int index)
    {
        CheckIndex(index);
        return new Span<byte>(_data + (nint)index * SlotSize, SlotSize);
    }

    /// <summary>Make slot <paramref name="index"/> send its first <paramref name="length"/> bytes to <paramref name="remote"/>.</summary>
    public void SetOutgoing(int index, int length, SocketAddress remote)
    {
        CheckIndex(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotSize);
        var address = remote.Buffer.Span[..remote.Size];
        address.CopyTo(new Span<byte>(_addresses + index * AddressCapacity, AddressCapacity));
        _headers[index].Header.NameLength = (uint)address.Length;
        _vectors[index].Length = (nuint)length;
    }

    /// <summary>Ready slot <paramref name="index"/> to receive a full-size datagram from anyone.</summary>
    public void SetIncoming(int index)
    {
        CheckIndex(index);
        _headers[index].Header.NameLength = AddressCapacity;
        _headers[index].Header.Flags = 0;
        _vectors[index].Length = (nuint)SlotSize;
    }

    /// <summary>Bytes the kernel received into (or sent from) slot <paramref name="index"/> in the last call.</summary>
    public int TransferredLength(int index)
    {
        CheckIndex(index);
        return (int)_headers[index].Length;
    }

    /// <summary>The sender's address the kernel wrote into slot <paramref name="index"/>, as <paramref name="remote"/>.</summary>
    public void CopyAddressTo(int index, SocketAddress remote)
    {
        CheckIndex(index);
        var length = (int)Math.Min(_headers[index].Header.NameLength, AddressCapacity);
        new ReadOnlySpan<byte>(_addresses + index * AddressCapacity, length).CopyTo(remote.Buffer.Span);
        remote.Size = length;
    }

    /// <summary>The datagram's length if it was cut to fit the slot (<c>MSG_TRUNC</c>); the caller drops those.</summary>
    public bool WasTruncated(int index)
    {
        const int MessageTruncated = 0x20; // MSG_TRUNC
        CheckIndex(index);
        return (_headers[index].Header.Flags & MessageTruncated) != 0;
    }

    /// <summary>The message headers from slot <paramref name="first"/> on, for one batch call.</summary>
    public MultipleMessageHeader* Headers(int first)
    {
        CheckIndex(first);
        return _headers + first;
    }

    private void CheckIndex(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)index >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.AlignedFree(_data);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
        GC.SuppressFinalize(this);
    }

    ~DatagramSlots()
    {
        Dispose();
    }
}
