using OctoMesh.Media.Rtp.Codecs;

namespace OctoMesh.Bridge.Conferences;

/// <summary>
/// Which spatial and temporal layers inside the forwarded RTP stream one viewer gets: VP8 temporal layers
/// (RFC 7741 §4.2) and VP9 SVC (RFC 9628 §4.2), forwarded by dropping what is above the current pair. The
/// allocator sets a target; the stream moves to it only where the viewer's decoder can follow:
/// <list type="bullet">
/// <item>down, at the start of any picture (what is left never references what is dropped);</item>
/// <item>temporal up, at a switching point: a VP8 frame with Y = 1 (it references only the base layer) starts its
/// own layer; a VP9 picture with U = 1 that the viewer receives opens every higher temporal layer;</item>
/// <item>spatial up, at a keyframe only (<see cref="WaitsForKeyframe"/>): an upper spatial layer predicts from its own
/// earlier frames, which the viewer does not have.</item>
/// </list>
/// Targets are written by the allocation tick; the current pair only on the source's receive thread.
/// </summary>
internal sealed class SubLayerSelection
{
    /// <summary>The highest layer id kept apart: a target of this means everything.</summary>
    public const int All = LayerPosition.MaxLayerIds - 1;

    private int _targetSpatial = All;
    private int _targetTemporal = All;
    private int _spatial = All;
    private int _temporal = All;

    public int TargetSpatial => Volatile.Read(ref _targetSpatial);

    public int TargetTemporal => Volatile.Read(ref _targetTemporal);

    /// <summary>The highest spatial layer id forwarded now.</summary>
    public int CurrentSpatial => Volatile.Read(ref _spatial);

    /// <summary>The highest temporal layer id forwarded now.</summary>
    public int CurrentTemporal => Volatile.Read(ref _temporal);

    /// <summary>The target asks for a spatial layer the viewer can only start at a keyframe.</summary>
    public bool WaitsForKeyframe => TargetSpatial > CurrentSpatial;

    /// <summary>Set the highest spatial and temporal layer ids to forward (allocation); clamped to 0..<see cref="All"/>.</summary>
    public void SetTarget(int spatial, int temporal)
    {
        Volatile.Write(ref _targetSpatial, Math.Clamp(spatial, 0, All));
        Volatile.Write(ref _targetTemporal, Math.Clamp(temporal, 0, All));
    }

    /// <summary>Whether this packet goes to the viewer; at a picture's start, moves towards the target where allowed.</summary>
    public bool Accepts(in LayerPosition position, bool isKeyframeStart, VideoCodec codec)
    {
        if (!position.HasLayers)
        {
            return true;
        }

        if (position.StartsPicture)
        {
            Move(position, isKeyframeStart, codec);
        }

        return position.SpatialId <= _spatial && position.TemporalId <= _temporal;
    }

    private void Move(in LayerPosition position, bool isKeyframeStart, VideoCodec codec)
    {
        var targetSpatial = TargetSpatial;
        var targetTemporal = TargetTemporal;
        if (isKeyframeStart)
        {
            Volatile.Write(ref _spatial, targetSpatial);
            Volatile.Write(ref _temporal, targetTemporal);
            return;
        }

        if (targetSpatial < _spatial)
        {
            Volatile.Write(ref _spatial, targetSpatial);
        }

        if (targetTemporal < _temporal)
        {
            Volatile.Write(ref _temporal, targetTemporal);
        }
        else if (targetTemporal > _temporal && position.IsSwitchingUpPoint)
        {
            var temporal = position.TemporalId;
            if (codec == VideoCodec.Vp9 && temporal <= _temporal)
            {
                Volatile.Write(ref _temporal, targetTemporal);
            }
            else if (codec == VideoCodec.Vp8 && temporal > _temporal && temporal <= targetTemporal)
            {
                Volatile.Write(ref _temporal, temporal);
            }
        }
    }
}
