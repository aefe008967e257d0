using System.Text.Json;
using System.Text.Json.Serialization;

namespace OctoMesh.Bridge.Signaling;

/// <summary>A client's message on the room WebSocket (docs/protocol.md). Unknown fields are ignored.</summary>
public sealed class RoomClientMessage
{
    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? Sdp { get; set; }

    public string? Kind { get; set; }

    public bool? Muted { get; set; }

    public int? Revision { get; set; }

    /// <summary><c>videoConstraints</c>: what the page shows of each received video.</summary>
    public List<VideoConstraint>? Tracks { get; set; }
}

/// <summary>One received video in <c>videoConstraints</c>: whose it is and the tile it plays in (docs/protocol.md).</summary>
public sealed class VideoConstraint
{
    public string? ParticipantId { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public double? FrameRate { get; set; }
}

public sealed record ParticipantInfo(string Id, string Name, bool AudioMuted, bool VideoMuted);

/// <summary>JSON settings shared by the room protocol: camelCase, no nulls.</summary>
public static class RoomJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 8,
    };
}
