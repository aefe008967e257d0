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
            announce.Sources.Add(new Source
            {
                Ssrc = source.Ssrc,
                RtxSsrc = description.RtxSsrc ?? 0,
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
            });
            foreach (var (uri, id) in description.Extensions.All)
            {
                announce.ExtensionIds[uri] = id;
            }
        }

        return announce;
    }

    public static IEnumerable<SourceDescription> ToSourceDescriptions(EndpointAnnounce announce)
    {
        var extensions = new RtpExtensionIds(announce.ExtensionIds);
        foreach (var source in announce.Sources)
        {
            if (source.Ssrc == 0 || source.Codec is null || source.Kind == MediaKind.Unspecified)
            {
                continue;
            }

            var codec = new NegotiatedCodec(source.Codec.Name, (int)source.Codec.ClockRate, (int)source.Codec.Channels,
                (int)source.Codec.PayloadType, source.Codec.RtxPayloadType == 0 ? null : (int)source.Codec.RtxPayloadType,
                string.IsNullOrEmpty(source.Codec.Fmtp) ? null : source.Codec.Fmtp);
            yield return new SourceDescription(source.Kind == MediaKind.Audio ? TrackKind.Audio : TrackKind.Video, source.Mid,
                source.Ssrc, source.RtxSsrc == 0 ? null : source.RtxSsrc, codec, extensions, source.TrackId);
        }
    }
}
