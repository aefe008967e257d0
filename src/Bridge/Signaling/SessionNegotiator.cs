using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Bridge.Configuration;
using OctoMesh.Media.Sdp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// Turns offers into sessions: a transport on the media port, an endpoint in the room, its sources
/// or down tracks, and the SDP answer. Shared by WHIP, WHEP and the room WebSocket.
/// </summary>
public sealed partial class SessionNegotiator
{
    public const string Cname = "octomesh";

    private readonly MediaServer _media;
    private readonly ConferenceRegistry _conferences;
    private readonly SessionResources _resources;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _candidates;

    public SessionNegotiator(MediaServer media, ConferenceRegistry conferences, SessionResources resources, IOptions<MediaPortOptions> options,
        TimeProvider time, ILogger<SessionNegotiator> logger)
    {
        _media = media;
        _conferences = conferences;
        _resources = resources;
        _time = time;
        _logger = logger;
        _candidates = HostCandidates(options.Value, media.LocalPort);
        Capabilities = SdpConversions.BridgeCapabilities();
    }

    /// <summary>What the bridge negotiates with publishers (REMB steers them; no transport-cc).</summary>
    public MediaCapabilities Capabilities { get; }

    /// <summary>What the bridge negotiates with viewers: the same plus transport-cc, which its estimate of each viewer runs on.</summary>
    public MediaCapabilities ViewerCapabilities { get; } = MediaCapabilities.CreateDefault();

    public MediaServer Media => _media;

    /// <summary>Host candidates for every advertised address (RFC 8839 §5.1), highest priority first.</summary>
    public IReadOnlyList<string> Candidates => _candidates;

    public LocalMediaOptions CreateLocalOptions(WebRtcTransport transport) => new()
    {
        IceUfrag = transport.LocalUfrag,
        IcePwd = transport.LocalPassword,
        Fingerprint = new SdpFingerprint("sha-256", _media.Certificate.Sha256Fingerprint),
        Candidates = [.. _candidates],
        Capabilities = Capabilities,
    };

    /// <summary>WHIP: a new publishing endpoint in <paramref name="room"/>.</summary>
    public NegotiationResult Publish(string room, string offerSdp, EndpointRole role, string name)
    {
        var parsed = SessionDescription.Parse(offerSdp);
        if (parsed.Description is not { } offer)
        {
            return NegotiationResult.BadSdp(parsed.Error ?? "unparseable SDP");
        }

        var endpoint = _conferences.Join(room, conference => new ConferenceEndpoint(NewEndpointId(), name, role, conference, _time));
        var result = PublishFrom(endpoint, offer);
        if (result.Problem is not null)
        {
            _conferences.Leave(endpoint, "rejected offer");
        }

        return result;
    }

    /// <summary>A room participant's publish PeerConnection.</summary>
    public NegotiationResult PublishFrom(ConferenceEndpoint endpoint, string offerSdp)
    {
        var parsed = SessionDescription.Parse(offerSdp);
        return parsed.Description is { } offer ? PublishFrom(endpoint, offer) : NegotiationResult.BadSdp(parsed.Error ?? "unparseable SDP");
    }

    private NegotiationResult PublishFrom(ConferenceEndpoint endpoint, SessionDescription offer)
    {
        if (endpoint.PublishTransport is not null)
        {
            return NegotiationResult.BadSdp("this participant already publishes; renegotiating the publish PeerConnection is not supported");
        }

        var transport = _media.CreateTransport();
        var negotiation = SdpNegotiator.CreateAnswer(offer, CreateLocalOptions(transport));
        var problem = CheckAnswer(negotiation, transport);
        if (problem is not null)
        {
            return problem;
        }

        var answer = negotiation.Answer!;
        var descriptions = new List<SourceDescription>();
        foreach (var media in answer.Media)
        {
            if (!media.Accepted || !media.Direction.Receives() || media.PrimaryCodec is null || SdpConversions.ToTrackKind(media.Kind) is not { } kind)
            {
                continue;
            }

            uint? ssrc = media.RemoteSsrcs.Count > 0 ? media.RemoteSsrcs[0] : null;
            uint? rtx = ssrc is { } primary && media.RemoteRtxSsrcs.TryGetValue(primary, out var repair) ? repair : null;
            descriptions.Add(new SourceDescription(kind, media.Mid!, ssrc, rtx, SdpConversions.ToNegotiated(media.PrimaryCodec),
                SdpConversions.ToExtensionIds(media.ExtensionIds), media.RemoteMsidTrack ?? media.Mid!)
            {
                Simulcast = SdpConversions.ToSimulcastLayers(media),
            });
        }

        if (descriptions.Count == 0)
        {
            transport.Close("nothing to publish");
            return NegotiationResult.BadSdp("the offer sends no audio or video the bridge can receive (use sendonly or sendrecv)");
        }

        endpoint.AttachPublishTransport(transport);
        WatchTransport(endpoint, transport);
        var sources = descriptions.Select(d => new MediaSource(endpoint, d, _conferences.Buffers, _time, _conferences.Recovery));
        endpoint.Conference.Publish(endpoint, sources);
        transport.SetRemoteParameters(answer.RemoteIceUfrag, answer.RemoteFingerprint.Value);
        Log.Published(_logger, endpoint.Conference.Name, endpoint.Id, descriptions.Count);
        return NegotiationResult.Succeeded(endpoint, answer.Sdp);
    }

    /// <summary>WHEP: a new viewer of one publisher (the newest in the room unless named).</summary>
    public NegotiationResult Play(string room, string? publisherId, string offerSdp)
    {
        var conference = _conferences.Find(room);
        var publisher = publisherId is null ? conference?.NewestPublisher() : conference?.Find(publisherId);
        if (conference is null || publisher is null || !publisher.IsPublishing)
        {
            return NegotiationResult.NotFound(publisherId is null
                ? $"Room '{room}' has no publisher to play."
                : $"Room '{room}' has no publishing participant '{publisherId}'.");
        }

        var parsed = SessionDescription.Parse(offerSdp);
        if (parsed.Description is not { } offer)
        {
            return NegotiationResult.BadSdp(parsed.Error ?? "unparseable SDP");
        }

        var transport = _media.CreateTransport();
        var options = CreateLocalOptions(transport);
        options.Capabilities = ViewerCapabilities;
        var assigned = new Dictionary<string, (MediaSource Source, uint Ssrc, uint RtxSsrc)>();
        var available = publisher.Sources.ToArray().ToList();
        foreach (var media in offer.Media)
        {
            var kind = SdpConversions.ToTrackKind(media.Kind);
            var source = available.FirstOrDefault(s => s.Kind == kind);
            if (media.Mid is null || source is null || !media.Direction.Receives())
            {
                continue;
            }

            available.Remove(source);
            var (ssrc, rtxSsrc) = (NewSsrc(), NewSsrc());
            assigned[media.Mid] = (source, ssrc, rtxSsrc);
            options.WithTrack(media.Mid, new LocalTrack(ssrc, rtxSsrc, Cname, publisher.Id, source.Description.TrackId));
            options.WithRequiredCodec(media.Mid, SdpConversions.ToSdp(source.Codec, source.Codec.PayloadType));
        }

        var negotiation = SdpNegotiator.CreateAnswer(offer, options);
        var problem = CheckAnswer(negotiation, transport);
        if (problem is not null)
        {
            return problem;
        }

        var answer = negotiation.Answer!;
        var viewer = _conferences.Join(room, c => new ConferenceEndpoint(NewEndpointId(), "whep", EndpointRole.WhepViewer, c, _time));
        viewer.AttachSubscribeTransport(transport);
        var downTracks = 0;
        foreach (var media in answer.Media)
        {
            if (media.Accepted && media.Mid is not null && media.PrimaryCodec is not null && media.Direction.Sends()
                && assigned.TryGetValue(media.Mid, out var track))
            {
                viewer.AddDownTrack(new DownTrack(track.Source, viewer, transport, track.Ssrc, track.RtxSsrc,
                    SdpConversions.ToNegotiated(media.PrimaryCodec), SdpConversions.ToExtensionIds(media.ExtensionIds)));
                downTracks++;
            }
        }

        if (downTracks == 0)
        {
            _conferences.Leave(viewer, "nothing to play");
            return NegotiationResult.BadSdp("the offer receives none of the publisher's tracks in a codec it sends (offer recvonly audio/video)");
        }

        viewer.Bandwidth.TransportCcId = SdpConversions.TransportCcId(answer.Media);
        WatchTransport(viewer, transport);
        FollowPublisher(viewer, publisher);
        transport.Connected += _ => RequestKeyframes(viewer);
        transport.SetRemoteParameters(answer.RemoteIceUfrag, answer.RemoteFingerprint.Value);
        Log.Playing(_logger, room, viewer.Id, publisher.Id, downTracks);
        return NegotiationResult.Succeeded(viewer, answer.Sdp);
    }

    /// <summary>A room participant (WebSocket); <paramref name="beforeJoin"/> subscribes to the room before it is announced.</summary>
    public ConferenceEndpoint CreateParticipant(string room, string name, Action<Conference> beforeJoin) =>
        _conferences.Join(room, conference =>
        {
            beforeJoin(conference);
            return new ConferenceEndpoint(NewEndpointId(), name, EndpointRole.Participant, conference, _time);
        });

    public SubscribeNegotiation CreateSubscription(ConferenceEndpoint subscriber) => new(subscriber, this, _time);

    internal void WatchTransport(ConferenceEndpoint endpoint, WebRtcTransport transport)
    {
        transport.Closed += closed =>
        {
            _resources.Forget(endpoint);
            _conferences.Leave(endpoint, closed.CloseReason ?? "closed");
        };
    }

    internal static void RequestKeyframes(ConferenceEndpoint subscriber)
    {
        foreach (var downTrack in subscriber.DownTracks)
        {
            downTrack.Source.RequestKeyframe();
        }
    }

    /// <summary>A WHEP viewer ends with its publisher: there is nothing left to play.</summary>
    private void FollowPublisher(ConferenceEndpoint viewer, ConferenceEndpoint publisher)
    {
        Action<ConferenceEvent>? handler = null;
        handler = change =>
        {
            if (change is EndpointLeft left && ReferenceEquals(left.Endpoint, publisher))
            {
                viewer.Conference.Changed -= handler;
                _resources.Forget(viewer);
                _conferences.Leave(viewer, "publisher left");
            }
            else if (change is EndpointLeft gone && ReferenceEquals(gone.Endpoint, viewer))
            {
                viewer.Conference.Changed -= handler;
            }
        };
        viewer.Conference.Changed += handler;
        if (publisher.Conference.Find(publisher.Id) is null)
        {
            handler(new EndpointLeft(publisher));
        }
    }

    private static NegotiationResult? CheckAnswer(SdpNegotiationResult negotiation, WebRtcTransport transport)
    {
        if (negotiation.Answer is not { } answer)
        {
            transport.Close("rejected offer");
            return NegotiationResult.BadSdp(negotiation.Error ?? "the offer cannot be answered");
        }

        if (answer.LocalDtlsRole != DtlsSetupRole.Server)
        {
            transport.Close("rejected offer");
            return NegotiationResult.BadSdp("the bridge is the DTLS server: offer a=setup:actpass or a=setup:active");
        }

        if (!answer.RemoteFingerprint.Algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            transport.Close("rejected offer");
            return NegotiationResult.BadSdp($"a=fingerprint must use sha-256 (got {answer.RemoteFingerprint.Algorithm})");
        }

        return null;
    }

    private static IReadOnlyList<string> HostCandidates(MediaPortOptions options, int port)
    {
        var candidates = new List<string>();
        var foundation = 1;
        foreach (var address in options.AdvertisedAddresses())
        {
            // RFC 8445 §5.1.2.1: priority = 2^24 * type preference (126 host) + 2^8 * local preference + (256 - component).
            var localPreference = 65535 - foundation;
            var priority = (126u << 24) + ((uint)localPreference << 8) + 255u;
            candidates.Add(string.Create(CultureInfo.InvariantCulture, $"candidate:{foundation} 1 udp {priority} {address} {port} typ host"));
            foundation++;
        }

        return candidates;
    }

    public static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    private static string NewEndpointId() => "p-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Room {Room}: {EndpointId} publishes {Tracks} track(s)")]
        public static partial void Published(ILogger logger, string room, string endpointId, int tracks);

        [LoggerMessage(31, LogLevel.Information, "Room {Room}: {ViewerId} plays {PublisherId} ({Tracks} track(s))")]
        public static partial void Playing(ILogger logger, string room, string viewerId, string publisherId, int tracks);
    }
}
