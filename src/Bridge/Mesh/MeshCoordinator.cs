using System.Collections.Concurrent;
using OctoMesh.Bridge.Conferences;
using OctoMesh.Relay.Frames;
using OctoMesh.Relay.Links;
using OctoMesh.Relay.V1;
using OctoMesh.Media.Rtcp;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;
using OctoMesh.Relay.DataPlane;

namespace OctoMesh.Bridge.Mesh;

/// <summary>
/// Rooms across bridges (DESIGN.md "Control plane"): announces this bridge's publishers to every
/// peer, mirrors each peer's publishers as relayed endpoints in the same rooms, pulls a remote
/// source only while a local viewer watches it, and pushes a local source once per subscribed peer.
/// </summary>
public sealed partial class MeshCoordinator : IMeshHandler, IDisposable
{
    private readonly ConferenceRegistry _conferences;
    private readonly RelayDataPlane _dataPlane;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<ConferenceEndpoint, uint> _localNumbers = [];
    // Read per relayed packet on the tunnel's receive thread: lock-free lookups.
    private readonly ConcurrentDictionary<(string Peer, ulong Conference, uint Number), ConferenceEndpoint> _remote = new();
    private readonly ConcurrentDictionary<ulong, string> _roomNames = new();
    // A relayed packet fanned out to N local viewers leaves in one sendmmsg, as a local publisher's does.
    private readonly ForeignSendBatcher _fanOutBatcher;
    private uint _nextNumber;

    public MeshCoordinator(ConferenceRegistry conferences, RelayDataPlane dataPlane, MediaServer media, TimeProvider time, ILogger<MeshCoordinator> logger)
    {
        _fanOutBatcher = media.Socket.CreateForeignSendBatcher();
        _conferences = conferences;
        _dataPlane = dataPlane;
        _time = time;
        _logger = logger;
        Speakers = new MeshSpeakers(conferences);
        _conferences.ConferenceCreated += conference =>
        {
            conference.Changed += change => OnConferenceChanged(conference, change);
            Speakers.Watch(conference);
        };
        _dataPlane.FrameReceived = OnFrame;
    }

    /// <summary>Set once the node exists (the node needs this handler first).</summary>
    public MeshNode? Node
    {
        get => Speakers.Node;
        set => Speakers.Node = value;
    }

    /// <summary>The rooms' dominant speakers across the mesh.</summary>
    public MeshSpeakers Speakers { get; }

    internal void SendTo(string peerId, LinkMessage message) => Node?.Send(peerId, message);

    public void OnPeerUp(string peerId, Hello hello)
    {
        Log.PeerUp(_logger, peerId, hello.Region);
        foreach (var conference in _conferences.All)
        {
            foreach (var endpoint in conference.Endpoints)
            {
                if (endpoint.IsLocal && endpoint.IsPublishing)
                {
                    foreach (var message in Announcement(conference, endpoint))
                    {
                        SendTo(peerId, message);
                    }
                }
            }
        }
    }

    public void OnPeerDown(string peerId, string reason)
    {
        Log.PeerDown(_logger, peerId, reason);
        var gone = new List<ConferenceEndpoint>();
        foreach (var (key, endpoint) in _remote)
        {
            if (key.Peer == peerId && _remote.TryRemove(key, out _))
            {
                gone.Add(endpoint);
            }
        }

        foreach (var endpoint in gone)
        {
            _conferences.Leave(endpoint, $"bridge {peerId} down");
        }

        foreach (var conference in _conferences.All)
        {
            foreach (var endpoint in conference.Endpoints)
            {
                foreach (var source in endpoint.Sources)
                {
                    source.RemoveRelaySink(peerId);
                }
            }
        }
    }

    public void OnMessage(string peerId, LinkMessage message)
    {
        switch (message.BodyCase)
        {
            case LinkMessage.BodyOneofCase.ConferenceMembership:
                _roomNames[message.ConferenceMembership.ConferenceId] = message.ConferenceMembership.ConferenceName;
                break;
            case LinkMessage.BodyOneofCase.EndpointAnnounce:
                OnAnnounce(peerId, message.EndpointAnnounce);
                break;
            case LinkMessage.BodyOneofCase.EndpointRemove:
                OnRemove(peerId, message.EndpointRemove);
                break;
            case LinkMessage.BodyOneofCase.Subscribe:
                OnSubscribe(peerId, message.Subscribe);
                break;
            case LinkMessage.BodyOneofCase.Unsubscribe:
                FindLocalSource(message.Unsubscribe.ConferenceId, message.Unsubscribe.Ssrc)?.RemoveRelaySink(peerId);
                break;
            case LinkMessage.BodyOneofCase.KeyframeRequest:
                if (FindLocalLayer(message.KeyframeRequest.ConferenceId, message.KeyframeRequest.Ssrc) is { } wanted)
                {
                    wanted.Source.RequestKeyframe(wanted);
                }

                break;
            case LinkMessage.BodyOneofCase.Nack:
                OnNack(peerId, message.Nack);
                break;
            case LinkMessage.BodyOneofCase.SpeechLevels:
                Speakers.OnLevels(peerId, message.SpeechLevels, FindConference(message.SpeechLevels.ConferenceId));
                break;
            case LinkMessage.BodyOneofCase.DominantSpeaker:
                MeshSpeakers.OnDecision(peerId, message.DominantSpeaker, FindConference(message.DominantSpeaker.ConferenceId));
                break;
        }
    }

    private void OnConferenceChanged(Conference conference, ConferenceEvent change)
    {
        if (!change.Endpoint.IsLocal || Node is null)
        {
            return;
        }

        switch (change)
        {
            case SourcesChanged or LayersChanged when change.Endpoint.IsPublishing:
                foreach (var message in Announcement(conference, change.Endpoint))
                {
                    Node.Broadcast(message);
                }

                break;
            case EndpointLeft left:
                bool wasAnnounced;
                lock (_lock)
                {
                    wasAnnounced = _localNumbers.Remove(left.Endpoint);
                }

                if (wasAnnounced)
                {
                    Node.Broadcast(new LinkMessage
                    {
                        EndpointRemove = new EndpointRemove { ConferenceId = ConferenceIds.For(conference.Name), EndpointId = left.Endpoint.Id },
                    });
                }

                break;
        }
    }

    private IEnumerable<LinkMessage> Announcement(Conference conference, ConferenceEndpoint endpoint)
    {
        var conferenceId = ConferenceIds.For(conference.Name);
        uint number;
        lock (_lock)
        {
            if (!_localNumbers.TryGetValue(endpoint, out number))
            {
                number = ++_nextNumber;
                _localNumbers[endpoint] = number;
            }
        }

        yield return new LinkMessage
        {
            ConferenceMembership = new ConferenceMembership { ConferenceId = conferenceId, ConferenceName = conference.Name, Joined = true },
        };
        yield return new LinkMessage { EndpointAnnounce = MeshMessages.Announce(conferenceId, endpoint, number) };
    }

    private void OnAnnounce(string peerId, EndpointAnnounce announce)
    {
        if (!_roomNames.TryGetValue(announce.ConferenceId, out var room))
        {
            return;
        }

        var key = (peerId, announce.ConferenceId, announce.RelayEndpointNumber);
        var descriptions = MeshMessages.ToSourceDescriptions(announce).ToList();
        if (_remote.TryGetValue(key, out var previous))
        {
            if (MeshMessages.HasSameTracks(previous, descriptions))
            {
                LearnLayers(previous, descriptions);
                return;
            }

            _conferences.Leave(previous, "re-announced");
        }

        var uplink = new RelayUplink(this, peerId, announce.ConferenceId, announce.EndpointId);
        var endpoint = _conferences.Join(room, conference => new ConferenceEndpoint(announce.EndpointId, announce.DisplayName,
            EndpointRole.Relayed, conference, _time)
        {
            OriginBridgeId = peerId,
            RelayUplink = uplink,
        });
        _remote[key] = endpoint;

        var sources = descriptions.Select(d => new MediaSource(endpoint, d, _conferences.Buffers, _time, _conferences.Recovery));
        endpoint.Conference.Publish(endpoint, sources);
        Log.RemoteEndpoint(_logger, announce.EndpointId, peerId, room, announce.Sources.Count);
    }

    /// <summary>
    /// The same tracks re-announced with layer SSRCs the origin has learnt since: bind them in place, so viewers
    /// keep their streams, and subscribe to a source that could not be named before and is watched here.
    /// </summary>
    private static void LearnLayers(ConferenceEndpoint endpoint, List<SourceDescription> descriptions)
    {
        var sources = endpoint.Sources;
        for (var i = 0; i < sources.Length; i++)
        {
            var source = sources[i];
            var layers = descriptions[i].Layers;
            for (var j = 0; j < source.Layers.Length; j++)
            {
                var layer = source.Layers[j];
                if (layer.Ssrc == 0 && layers[j].Ssrc is { } ssrc)
                {
                    layer.BindSsrc(ssrc);
                }

                if (layer.RtxSsrc == 0 && layers[j].RtxSsrc is { } rtx)
                {
                    layer.BindRtxSsrc(rtx);
                }
            }

            source.SyncRelaySubscription();
        }
    }

    private void OnRemove(string peerId, EndpointRemove remove)
    {
        ConferenceEndpoint? endpoint = null;
        foreach (var (key, value) in _remote)
        {
            if (key.Peer == peerId && key.Conference == remove.ConferenceId && value.Id == remove.EndpointId
                && _remote.TryRemove(key, out _))
            {
                endpoint = value;
                break;
            }
        }

        if (endpoint is not null)
        {
            _conferences.Leave(endpoint, $"left on bridge {peerId}");
        }
    }

    private void OnSubscribe(string peerId, Subscribe subscribe)
    {
        var conference = FindConference(subscribe.ConferenceId);
        var endpoint = conference?.Find(subscribe.EndpointId);
        var source = endpoint?.FindSource(subscribe.Ssrc);
        if (endpoint is null || source is null || !endpoint.IsLocal)
        {
            return;
        }

        uint number;
        lock (_lock)
        {
            if (!_localNumbers.TryGetValue(endpoint, out number))
            {
                return;
            }
        }

        source.AddRelaySink(new RelayPeerSink(peerId, subscribe.ConferenceId, number, _dataPlane));
    }

    private void OnNack(string peerId, Nack nack)
    {
        var layer = FindLocalLayer(nack.ConferenceId, nack.Ssrc);
        if (layer is null)
        {
            return;
        }

        var source = layer.Source;
        Span<byte> packet = stackalloc byte[PacketCache.SlotSize];
        foreach (var sink in source.RelaySinks)
        {
            if (sink.PeerId != peerId)
            {
                continue;
            }

            foreach (var sequence in nack.SequenceNumbers.Take(IRelayUplink.MaxSequenceNumbersPerRequest))
            {
                var length = layer.Cache.TryCopy((ushort)sequence, packet);
                if (length > 0)
                {
                    sink.ForwardRtp(source, packet[..length]);
                }
            }
        }
    }

    /// <summary>A relay frame from a peer: media of one of its endpoints, into that endpoint's mirror here.</summary>
    private void OnFrame(string peerId, RelayFrameHeader header, ReadOnlySpan<byte> packet)
    {
        if (!_remote.TryGetValue((peerId, header.ConferenceId, header.SourceEndpointNumber), out var endpoint))
        {
            return;
        }

        if (header.Kind == RelayFrameKind.Rtp)
        {
            if (RtpHeader.TryParse(packet, out var rtp) && endpoint.FindLayer(rtp.Ssrc) is { } layer)
            {
                using var batching = _fanOutBatcher.Begin();
                layer.Source.OnRtp(layer, packet, rtp);
            }

            return;
        }

        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var rtcp))
        {
            if (rtcp.PacketType == RtcpPacketType.SenderReport && SenderReport.TryParse(rtcp, out var report)
                && endpoint.FindLayer(report.Ssrc) is { } layer)
            {
                layer.Source.OnSenderReport(layer, rtcp.Packet, report.NtpTimestamp);
            }
        }
    }

    private Conference? FindConference(ulong conferenceId)
    {
        foreach (var conference in _conferences.All)
        {
            if (ConferenceIds.For(conference.Name) == conferenceId)
            {
                return conference;
            }
        }

        return null;
    }

    private MediaSource? FindLocalSource(ulong conferenceId, uint ssrc) => FindLocalLayer(conferenceId, ssrc)?.Source;

    private SourceLayer? FindLocalLayer(ulong conferenceId, uint ssrc)
    {
        var conference = FindConference(conferenceId);
        if (conference is null)
        {
            return null;
        }

        foreach (var endpoint in conference.Endpoints)
        {
            if (endpoint.IsLocal && endpoint.FindLayer(ssrc) is { } layer)
            {
                return layer;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "Mesh: bridge {PeerId} ({Region}) linked")]
        public static partial void PeerUp(ILogger logger, string peerId, string region);

        [LoggerMessage(51, LogLevel.Warning, "Mesh: bridge {PeerId} down: {Reason}")]
        public static partial void PeerDown(ILogger logger, string peerId, string reason);

        [LoggerMessage(52, LogLevel.Information, "Mesh: {EndpointId} from bridge {PeerId} in room {Room} with {Sources} source(s)")]
        public static partial void RemoteEndpoint(ILogger logger, string endpointId, string peerId, string room, int sources);
    }

    public void Dispose() => _fanOutBatcher.Dispose();
}
