using OctoMesh.Bridge.Conferences;
using OctoMesh.Relay.V1;

namespace OctoMesh.Bridge.Mesh;

/// <summary>Between conference sources and the mesh contract's announcements.</summary>
internal static class MeshMessages
{
    public static EndpointAnnounce Announce(ulong conferenceId, ConferenceEndpoint endpoint, uint number)
    {
        var announce = new EndpointAnnounce
        {
            ConferenceId = conferenceId,
            EndpointId = endpoint.Id,
            DisplayName = endpoint.Name,
            RelayEndpointNumber = number,
        };
        foreach (var source in endpoint.Sources)
        {
            var description = source.Description;
            var announced = new Source
            {
                Ssrc = source.Ssrc,
                RtxSsrc = source.IsSimulcast ? 0 : source.Layers[0].RtxSsrc,
                Kind = description.Kind == TrackKind.Audio ? MediaKind.Audio : MediaKind.Video,
                Mid = description.Mid,
                TrackId = description.TrackId,
                Codec = new Codec
                {
                    Name = description.Codec.Name,
                    ClockRate = (uint)description.Codec.ClockRate,
                    Channels = (uint)description.Codec.Channels,
                    PayloadType = (uint)description.Codec.PayloadType,
                    RtxPayloadType = (uint)(description.Codec.RtxPayloadType ?? 0),
                    Fmtp = description.Codec.Fmtp ?? string.Empty,
                },
            };
            if (source.IsSimulcast)
            {
                foreach (var layer in source.Layers)
                {
                    announced.Layers.Add(new Layer { Rid = layer.Rid ?? string.Empty, Ssrc = layer.Ssrc, RtxSsrc = layer.RtxSsrc });
                    if (layer.Rid is { } rid)
                    {
                        announced.Rids.Add(rid);
                    }
                }
            }

            announce.Sources.Add(announced);
            foreach (var (uri, id) in description.Extensions.All)
            {
                announce.ExtensionIds[uri] = id;
            }
        }

        return announce;
    }

    /// <summary>
    /// The announced sources. One whose SSRCs are not known yet (rid simulcast before its first packets) is kept:
    /// viewers can subscribe to it, and its layers fill in place when the origin announces them.
    /// </summary>
    public static IEnumerable<SourceDescription> ToSourceDescriptions(EndpointAnnounce announce)
    {
        var extensions = new RtpExtensionIds(announce.ExtensionIds);
        foreach (var source in announce.Sources)
        {
            if (source.Codec is null || source.Kind == MediaKind.Unspecified)
            {
                continue;
            }

            var codec = new NegotiatedCodec(source.Codec.Name, (int)source.Codec.ClockRate, (int)source.Codec.Channels,
                (int)source.Codec.PayloadType, source.Codec.RtxPayloadType == 0 ? null : (int)source.Codec.RtxPayloadType,
                string.IsNullOrEmpty(source.Codec.Fmtp) ? null : source.Codec.Fmtp);
            yield return new SourceDescription(source.Kind == MediaKind.Audio ? TrackKind.Audio : TrackKind.Video, source.Mid,
                source.Ssrc, source.RtxSsrc == 0 ? null : source.RtxSsrc, codec, extensions, source.TrackId)
            {
                Simulcast = [.. source.Layers.Take(MediaSource.MaxLayers).Select(ToLayer)],
            };
        }
    }

    private static LayerDescription ToLayer(Layer layer) =>
        new(layer.Rid.Length == 0 ? null : layer.Rid, layer.Ssrc == 0 ? null : layer.Ssrc, layer.RtxSsrc == 0 ? null : layer.RtxSsrc);

    /// <summary>
    /// Whether <paramref name="announce"/> describes the same tracks as the endpoint's current sources (mids, kinds,
    /// codecs and layer count), so only SSRCs learnt since need applying.
    /// </summary>
    public static bool HasSameTracks(ConferenceEndpoint endpoint, IReadOnlyList<SourceDescription> descriptions)
    {
        var sources = endpoint.Sources;
        if (sources.Length != descriptions.Count)
        {
            return false;
        }

        for (var i = 0; i < sources.Length; i++)
        {
            var current = sources[i].Description;
            var next = descriptions[i];
            if (current.Mid != next.Mid || current.Kind != next.Kind || current.Codec != next.Codec
                || current.Layers.Count != next.Layers.Count)
            {
                return false;
            }
        }

        return true;
    }
}
