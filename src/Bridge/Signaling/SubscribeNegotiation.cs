using OctoMesh.Bridge.Conferences;
using OctoMesh.Media.Sdp;
using OctoMesh.Media.Transport;

namespace OctoMesh.Bridge.Signaling;

/// <summary>
/// The server-driven side of a room participant's subscribe PeerConnection (JSEP, RFC 8829 §5.2):
/// the bridge offers one sendonly m-line per remote source, waits for the answer, then offers again
/// if the room changed meanwhile. m-lines are never removed: a departed source's line turns inactive.
/// </summary>
public sealed class SubscribeNegotiation
{
    private readonly ConferenceEndpoint _subscriber;
    private readonly SessionNegotiator _negotiator;
    private readonly Lock _lock = new();
    private readonly List<SubscribeSlot> _slots = [];
    private readonly PayloadTypeAllocator _payloadTypes = new();
    private SdpOfferBuilder? _offers;
    private WebRtcTransport? _transport;
    private bool _awaitingAnswer;
    private bool _remoteParametersSet;
    private int _revision;

    public SubscribeNegotiation(ConferenceEndpoint subscriber, SessionNegotiator negotiator, TimeProvider time)
    {
        _subscriber = subscriber;
        _negotiator = negotiator;
        _ = time;
    }

    /// <summary>The next offer when the room's sources differ from what was last offered; null otherwise or while an answer is due.</summary>
    public (string Sdp, int Revision)? CreateOfferIfNeeded()
    {
        lock (_lock)
        {
            if (_awaitingAnswer || _subscriber.Conference.Find(_subscriber.Id) is null)
            {
                return null;
            }

            var wanted = new List<MediaSource>();
            foreach (var endpoint in _subscriber.Conference.Endpoints)
            {
                if (!ReferenceEquals(endpoint, _subscriber) && endpoint.Role != EndpointRole.WhepViewer)
                {
                    wanted.AddRange(endpoint.Sources.ToArray());
                }
            }

            var changed = false;
            foreach (var slot in _slots)
            {
                if (slot.Source is not null && !wanted.Contains(slot.Source))
                {
                    Deactivate(slot);
                    changed = true;
                }
            }

            foreach (var source in wanted)
            {
                if (_slots.TrueForAll(s => !ReferenceEquals(s.Source, source)))
                {
                    _slots.Add(NewSlot(source));
                    changed = true;
                }
            }

            if (!changed)
            {
                return null;
            }

            var offer = Offers().CreateOffer([.. _slots.Select(ToOfferedTrack)]);
            _awaitingAnswer = true;
            _revision++;
            return (offer.ToString(), _revision);
        }
    }

    /// <summary>Apply the client's answer to the outstanding offer; an error message if it cannot be used.</summary>
    public string? ApplyAnswer(string answerSdp)
    {
        lock (_lock)
        {
            if (!_awaitingAnswer || _transport is null)
            {
                return "No offer is waiting for an answer.";
            }

            _awaitingAnswer = false;
            var parsed = SessionDescription.Parse(answerSdp);
            if (parsed.Description is not { } answer)
            {
                return "answer: " + parsed.Error;
            }

            if (answer.Media.Count != _slots.Count)
            {
                return $"The answer has {answer.Media.Count} m-lines; the offer had {_slots.Count}.";
            }

            if (!_remoteParametersSet)
            {
                var first = answer.Media[0];
                var ufrag = first.IceUfrag ?? answer.IceUfrag;
                var fingerprint = first.Fingerprint ?? answer.Fingerprint;
                if (ufrag is null || fingerprint is null || !fingerprint.Algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
                {
                    return "The answer needs a=ice-ufrag and a sha-256 a=fingerprint.";
                }

                _transport.SetRemoteParameters(ufrag, fingerprint.Value);
                _remoteParametersSet = true;
            }

            for (var index = 0; index < _slots.Count; index++)
            {
                var slot = _slots[index];
                var media = answer.Media[index];
                var receives = media.Port != 0 && media.Direction.Receives();
                if (slot.Source is not null && slot.DownTrack is null && receives)
                {
                    var extensionIds = media.Extensions.ToDictionary(e => e.Uri, e => e.Id);
                    if (extensionIds.TryGetValue(MediaCapabilities.TransportWideCcUri, out var transportCcId))
                    {
                        _subscriber.Bandwidth.TransportCcId = transportCcId;
                    }

                    slot.DownTrack = new DownTrack(slot.Source, _subscriber, _transport, slot.Ssrc, slot.RtxSsrc,
                        slot.Codec, new RtpExtensionIds(extensionIds));
                    _subscriber.AddDownTrack(slot.DownTrack);
                    if (_transport.IsConnected)
                    {
                        // Otherwise the Connected handler asks: a keyframe sent before DTLS is up is lost.
                        slot.Source.RequestKeyframe();
                    }
                }
                else if (slot.DownTrack is not null && !receives)
                {
                    Deactivate(slot);
                }
            }

            return null;
        }
    }

    private SdpOfferBuilder Offers()
    {
        if (_offers is null)
        {
            _transport = _negotiator.Media.CreateTransport();
            _subscriber.AttachSubscribeTransport(_transport);
            _negotiator.WatchTransport(_subscriber, _transport);
            _transport.Connected += _ => SessionNegotiator.RequestKeyframes(_subscriber);
            _offers = new SdpOfferBuilder(new SdpOfferOptions
            {
                IceUfrag = _transport.LocalUfrag,
                IcePwd = _transport.LocalPassword,
                Fingerprint = new SdpFingerprint("sha-256", _negotiator.Media.Certificate.Sha256Fingerprint),
                Candidates = [.. _negotiator.Candidates],
            });
        }

        return _offers;
    }

    private SubscribeSlot NewSlot(MediaSource source)
    {
        var payloadType = _payloadTypes.Allocate(source.Codec);
        int? rtxPayloadType = source.Kind == TrackKind.Video ? _payloadTypes.AllocateRtx(source.Codec) : null;
        var codec = source.Codec with { PayloadType = payloadType, RtxPayloadType = rtxPayloadType };
        return new SubscribeSlot(_slots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), source, codec,
            SessionNegotiator.NewSsrc(), SessionNegotiator.NewSsrc());
    }

    private void Deactivate(SubscribeSlot slot)
    {
        if (slot.DownTrack is not null)
        {
            _subscriber.RemoveDownTrack(slot.DownTrack);
            slot.DownTrack = null;
        }

        slot.Source = null;
    }

    private OfferedTrack ToOfferedTrack(SubscribeSlot slot)
    {
        var kind = SdpConversions.ToMediaKind(slot.Kind);
        var track = new OfferedTrack
        {
            Mid = slot.Mid,
            Kind = kind,
            Direction = slot.Source is null ? MediaDirection.Inactive : MediaDirection.SendOnly,
            Extensions = [.. _negotiator.ViewerCapabilities.ExtensionsFor(kind)
                .Where(e => e.Uri is MediaCapabilities.AudioLevelUri or MediaCapabilities.VideoOrientationUri or MediaCapabilities.TransportWideCcUri)],
        };

        var codec = SdpConversions.ToSdp(slot.Codec, slot.Codec.PayloadType);
        codec.Feedback.Add("transport-cc");
        if (slot.Kind == TrackKind.Video)
        {
            codec.Feedback.AddRange(["nack", "nack pli", "ccm fir", "goog-remb"]);
        }
        if (slot.Codec.RtxPayloadType is { } rtx)
        {
            codec.RtxPayloadType = rtx;
        }

        track.Codecs.Add(codec);
        if (slot.Codec.RtxPayloadType is { } rtxPayloadType)
        {
            track.Codecs.Add(RtpCodec.CreateRtx(rtxPayloadType, codec.PayloadType, codec.ClockRate));
        }

        if (slot.Source is { } source)
        {
            track.Track = new LocalTrack(slot.Ssrc, slot.Codec.RtxPayloadType is null ? null : slot.RtxSsrc, SessionNegotiator.Cname,
                source.Publisher.Id, source.Id);
        }

        return track;
    }

    private sealed class SubscribeSlot(string mid, MediaSource source, NegotiatedCodec codec, uint ssrc, uint rtxSsrc)
    {
        public string Mid { get; } = mid;

        public TrackKind Kind { get; } = source.Kind;

        public MediaSource? Source { get; set; } = source;

        public NegotiatedCodec Codec { get; } = codec;

        public uint Ssrc { get; } = ssrc;

        public uint RtxSsrc { get; } = rtxSsrc;

        public DownTrack? DownTrack { get; set; }
    }
}
