using OctoMesh.Media.Rtp;

namespace OctoMesh.Bridge.Conferences.Speakers;

/// <summary>
/// One speaker's audio levels (RFC 6464) over the last two seconds, in the three time intervals of Volfin and
/// Cohen's dominant speaker identification ("Dominant Speaker Identification for Multipoint Videoconferencing",
/// 2013): the immediate (the last few packets), the medium (200 ms: a word) and the long (2 s: a sentence).
/// Each 20 ms slot holds how far the loudest level in it stood above the speaker's noise floor, in
/// <see cref="Subbands"/> steps of <see cref="SubbandDb"/> dB; the paper counts active frequency subbands of a frame,
/// which one level per packet cannot give, so the steps above the floor stand in for them.
/// Written by the receive thread of the speaker's transport, read by the decision step: a lock per speaker.
/// </summary>
public sealed class SpeechActivity
{
    public const int SlotMilliseconds = 20;

    /// <summary>The immediate interval's scale: how many <see cref="SubbandDb"/> steps above the floor count (N1).</summary>
    public const int Subbands = 13;

    public const int SubbandDb = 3;

    /// <summary>A slot at least this many steps above the floor (15 dB) is speech.</summary>
    public const int SpeechSubbands = 5;

    /// <summary>The immediate interval: the loudest of the last slots (60 ms, so a late packet does not read as a pause).</summary>
    public const int ImmediateSlots = 3;

    /// <summary>The medium interval: 200 ms (N2 slots), speech when at least <see cref="MediumSpeechSlots"/> of them are.</summary>
    public const int MediumSlots = 10;

    public const int MediumSpeechSlots = 5;

    /// <summary>The long interval: the last 2 s as consecutive medium blocks (N3).</summary>
    public const int LongBlocks = 10;

    /// <summary>The noise floor is the quietest level of the last 10 s, kept as one minimum per second.</summary>
    public const int FloorSeconds = 10;

    private const int RingSlots = MediumSlots * LongBlocks;
    private const int SlotsPerSecond = 1000 / SlotMilliseconds;

    private readonly Lock _lock = new();
    private readonly long[] _slotNumbers = new long[RingSlots];
    private readonly byte[] _slotSubbands = new byte[RingSlots];
    private readonly long[] _secondNumbers = new long[FloorSeconds];
    private readonly int[] _secondQuietest = new int[FloorSeconds];

    public SpeechActivity()
    {
        Array.Fill(_slotNumbers, -1);
        Array.Fill(_secondNumbers, -1);
    }

    /// <summary>Heard by another bridge, known here from its batches (<see cref="OnSubbands"/>).</summary>
    public bool IsRelayed { get; init; }

    /// <summary>The last slot that held speech; -1 before any.</summary>
    public long LastSpeechSlot { get; private set; } = -1;

    /// <summary>A packet's level (-dBov, 0..127) heard in <paramref name="slot"/> (20 ms slots of the detector's clock).</summary>
    public void OnLevel(long slot, int level)
    {
        var loudness = AudioLevel.Loudness(level);
        lock (_lock)
        {
            Record(slot, Math.Clamp((loudness - UpdateFloor(slot, loudness)) / SubbandDb, 0, Subbands));
        }
    }

    /// <summary>
    /// Another bridge's account of the speaker in <paramref name="slot"/>: the steps above the floor it measured there
    /// (0..<see cref="Subbands"/>; the bridge that hears every packet knows the floor).
    /// </summary>
    public void OnSubbands(long slot, int subbands)
    {
        lock (_lock)
        {
            Record(slot, Math.Clamp(subbands, 0, Subbands));
        }
    }

    private void Record(long slot, int subbands)
    {
        var index = (int)(slot % RingSlots);
        if (_slotNumbers[index] != slot)
        {
            _slotNumbers[index] = slot;
            _slotSubbands[index] = 0;
        }

        _slotSubbands[index] = Math.Max(_slotSubbands[index], (byte)subbands);
        if (subbands >= SpeechSubbands)
        {
            LastSpeechSlot = Math.Max(LastSpeechSlot, slot);
        }
    }

    /// <summary>
    /// The steps above the floor in each of the slots ending at <paramref name="lastSlot"/> (oldest first; 0 where
    /// nothing was heard): what the mesh relays to the other bridges. False when all are 0.
    /// </summary>
    public bool CopySubbands(long lastSlot, Span<byte> destination)
    {
        var heard = false;
        lock (_lock)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                var slot = lastSlot - destination.Length + 1 + i;
                var index = (int)(Math.Max(slot, 0) % RingSlots);
                destination[i] = slot >= 0 && _slotNumbers[index] == slot ? _slotSubbands[index] : (byte)0;
                heard |= destination[i] > 0;
            }
        }

        return heard;
    }

    /// <summary>The three intervals as they stand at <paramref name="slot"/>.</summary>
    public SpeechIntervals Measure(long slot)
    {
        Span<int> blockSpeech = stackalloc int[LongBlocks];
        var immediate = 0;
        var medium = 0;
        var lastBlock = slot / MediumSlots;
        lock (_lock)
        {
            for (var i = 0; i < RingSlots; i++)
            {
                var number = _slotNumbers[i];
                var age = slot - number;
                if (number < 0 || age < 0 || age >= RingSlots)
                {
                    continue;
                }

                var subbands = _slotSubbands[i];
                if (age < ImmediateSlots)
                {
                    immediate = Math.Max(immediate, subbands);
                }

                var block = lastBlock - (number / MediumSlots);
                if (subbands < SpeechSubbands || block >= LongBlocks)
                {
                    continue;
                }

                blockSpeech[(int)block]++;
                if (age < MediumSlots)
                {
                    medium++;
                }
            }
        }

        var longBlocks = 0;
        foreach (var speech in blockSpeech)
        {
            if (speech >= MediumSpeechSlots)
            {
                longBlocks++;
            }
        }

        return new SpeechIntervals(immediate, medium, longBlocks);
    }

    /// <summary>Keeps the quietest loudness per second and returns the floor: the quietest of the last <see cref="FloorSeconds"/>.</summary>
    private int UpdateFloor(long slot, int loudness)
    {
        var second = slot / SlotsPerSecond;
        var index = (int)(second % FloorSeconds);
        if (_secondNumbers[index] != second)
        {
            _secondNumbers[index] = second;
            _secondQuietest[index] = loudness;
        }
        else
        {
            _secondQuietest[index] = Math.Min(_secondQuietest[index], loudness);
        }

        var floor = loudness;
        for (var i = 0; i < FloorSeconds; i++)
        {
            if (_secondNumbers[i] >= 0 && second - _secondNumbers[i] < FloorSeconds)
            {
                floor = Math.Min(floor, _secondQuietest[i]);
            }
        }

        return floor;
    }
}

/// <summary>
/// A speaker's activity in the three intervals: <paramref name="Immediate"/> the steps above the floor now (0..13),
/// <paramref name="Medium"/> the speech slots of the last 200 ms (0..10), <paramref name="Long"/> the medium blocks
/// of the last 2 s that held speech (0..10).
/// </summary>
public readonly record struct SpeechIntervals(int Immediate, int Medium, int Long)
{
    /// <summary>Speaking now: half the last 200 ms is speech.</summary>
    public bool IsSpeaking => Medium >= SpeechActivity.MediumSpeechSlots;
}
