using OctoMesh.Media.Rtp;
using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>Switching between a source's streams, and thinning the layers inside one, with numbering that closes up.</summary>
public sealed partial class DownTrack
{
    /// <summary>
    /// Start forwarding <paramref name="layer"/> at this packet (its keyframe, or any audio packet): new offsets
    /// continue the viewer's sequence numbers, timestamps (by the time since the last packet sent) and VP8
    /// picture ids from where the previous layer left them.
    /// </summary>
    private void SwitchTo(SourceLayer layer, in RtpHeader header, in LayerPosition position)
    {
        _sequenceNumbering?.Reset(16);
        _pictureIdBits = 0;
        var sequenceOffset = (ushort)(_nextSequence - header.SequenceNumber);
        if (!_started)
        {
            // The first layer keeps the publisher's timestamps and picture ids: nothing to continue yet.
            _started = true;
            _rewrite = new StreamRewrite(sequenceOffset, 0, 0, 0);
            Volatile.Write(ref _currentLayer, layer.Index);
            return;
        }

        var elapsed = _time.GetElapsedTime(_lastSentAt);
        var ticks = Math.Max(1u, (uint)(elapsed.TotalSeconds * Codec.ClockRate));
        var timestampOffset = _lastTimestamp + ticks - header.Timestamp;
        var pictureIdOffset = 0;
        byte tl0Offset = 0;
        if (_isVp8 && position.PictureIdBits > 0)
        {
            var mask = (1 << position.PictureIdBits) - 1;
            pictureIdOffset = _lastPictureId < 0 ? 0 : (_lastPictureId + 1 - position.PictureId) & mask;
            tl0Offset = (byte)(_lastTl0PicIdx + 1 - position.Tl0PicIdx);
        }

        _rewrite = new StreamRewrite(sequenceOffset, timestampOffset, pictureIdOffset, tl0Offset);
        Volatile.Write(ref _currentLayer, layer.Index);
        Interlocked.Increment(ref _layerSwitches);
    }

    /// <summary>A packet above the viewer's layers: left out, and the numbering closes up over it.</summary>
    private void DropSubLayerPacket(in RtpHeader header, in LayerPosition position)
    {
        _sequenceNumbering?.Drop(header.SequenceNumber);
        if (_pictureNumbering is not null && position.PictureIdBits == _pictureIdBits && position.PictureId >= 0)
        {
            _pictureNumbering.Drop(position.PictureId);
        }

        Interlocked.Increment(ref _layerDrops);
    }

    /// <summary>
    /// The VP8 picture id this packet goes out with before the layer switch offset: the publisher's, closed up over
    /// dropped pictures. -1 without one (not VP8, or no picture id); <see cref="RejectedPicture"/> for a late packet
    /// of a picture that was left out or is older than the window.
    /// </summary>
    private int NumberPicture(in LayerPosition position)
    {
        if (_pictureNumbering is null || position.PictureIdBits == 0)
        {
            return -1;
        }

        if (position.PictureIdBits != _pictureIdBits)
        {
            _pictureIdBits = position.PictureIdBits;
            _pictureNumbering.Reset(_pictureIdBits);
        }

        var numbered = _pictureNumbering.Forward(position.PictureId);
        return numbered < 0 ? RejectedPicture : numbered;
    }

    /// <summary>
    /// Write the viewer's picture id and TL0PICIDX (after the switch offsets) and remember the newest sent. The ids come
    /// from the layer position read once on arrival: the descriptor is parsed again only when it must be rewritten.
    /// </summary>
    private Vp8Ids RewriteVp8(Span<byte> payload, in LayerPosition position, int numberedPictureId, in StreamRewrite rewrite)
    {
        var mask = (1 << position.PictureIdBits) - 1;
        var pictureId = (numberedPictureId + rewrite.PictureIdOffset) & mask;
        var tl0PicIdx = (byte)(position.Tl0PicIdx + rewrite.Tl0PicIdxOffset);
        if (pictureId != position.PictureId || tl0PicIdx != position.Tl0PicIdx)
        {
            Vp8PayloadDescriptor.TryRewrite(payload, pictureId, tl0PicIdx);
        }

        if (_lastPictureId < 0 || ((pictureId - _lastPictureId) & mask) < (mask + 1) / 2)
        {
            _lastPictureId = pictureId;
            _lastTl0PicIdx = tl0PicIdx;
        }

        return new Vp8Ids(pictureId, tl0PicIdx);
    }
}
