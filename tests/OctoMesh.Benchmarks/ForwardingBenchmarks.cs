using BenchmarkDotNet.Attributes;
using OctoMesh.Media.Rtp;
using OctoMesh.Media.Srtp;
using OctoMesh.Media.Transport;
using OctoMesh.Media.Transport.Batching;

namespace OctoMesh.Benchmarks;

/// <summary>
/// The forwarding hot path (DESIGN.md "Forwarding"): one 1200-byte VP8 packet of a publisher reaches
/// <see cref="Subscribers"/> subscribers. <see cref="OnRtp"/> is the whole path from plain RTP to the
/// socket: parse, receive statistics, packet cache, keyframe check, then per subscriber a copy,
/// the SSRC/PT/sequence/extension-id rewrite, SRTP protect and one <c>sendto</c>. The two other
/// benchmarks split that per-subscriber cost: <see cref="RewriteAndProtect"/> without the socket,
/// <see cref="SendOnly"/> the syscalls alone. All three must allocate 0 bytes.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private ForwardingRig _rig = null!;
    private byte[] _scratch = [];
    private int _protectedLength;
    private SendBatch _batch = null!;

    [Params(1, 10, 50)]
    public int Subscribers { get; set; }

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rig = new ForwardingRig(Subscribers, Profile);
        _scratch = new byte[ForwardingRig.PacketLength + 64];
        _protectedLength = ForwardingRig.PacketLength + _rig.SubscriberContexts[0].RtpOverhead;
        _batch = _rig.CreateSendBatch();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            _rig.ThrowIfAnythingDropped();
        }
        finally
        {
            _batch.Dispose();
            _rig.Dispose();
        }
    }

    [Benchmark]
    public void OnRtp()
    {
        var packet = _rig.NextPacket();
        if (!RtpHeader.TryParse(packet, out var header))
        {
            throw new InvalidOperationException("the rig's RTP packet does not parse");
        }

        _rig.Source.OnRtp(packet, header);
    }

    /// <summary>
    /// <see cref="OnRtp"/> as a media receive thread runs it: the subscribers' copies are protected into the
    /// thread's <see cref="SendBatch"/> and leave in one <c>sendmmsg</c> (on Linux) at the flush.
    /// </summary>
    [Benchmark]
    public void OnRtpBatched()
    {
        var packet = _rig.NextPacket();
        if (!RtpHeader.TryParse(packet, out var header))
        {
            throw new InvalidOperationException("the rig's RTP packet does not parse");
        }

        _batch.BindToCurrentThread();
        _rig.Source.OnRtp(packet, header);
        _batch.UnbindFromCurrentThread();
    }

    /// <summary>What <c>DownTrack.Forward</c> and <c>WebRtcTransport.SendRtp</c> do per subscriber, minus the socket.</summary>
    [Benchmark]
    public int RewriteAndProtect()
    {
        var packet = _rig.NextPacket();
        if (!RtpHeader.TryParse(packet, out var header))
        {
            throw new InvalidOperationException("the rig's RTP packet does not parse");
        }

        var written = 0;
        var contexts = _rig.SubscriberContexts;
        for (var i = 0; i < contexts.Length; i++)
        {
            packet.CopyTo(_scratch);
            RtpWriter.SetSsrc(_scratch, (uint)i);
            RtpWriter.SetPayloadType(_scratch, ForwardingRig.SubscriberPayloadType);
            RtpWriter.SetSequenceNumber(_scratch, header.SequenceNumber);
            RtpHeaderExtensions.RewriteIds(_scratch, header, _rig.SubscriberExtensionMap);
            if (contexts[i].ProtectRtp(_scratch.AsSpan(0, packet.Length), _scratch, out var length) != SrtpStatus.Ok)
            {
                throw new InvalidOperationException("protect failed");
            }

            written += length;
        }

        return written;
    }

    /// <summary>The syscalls alone: one protected-size datagram to each subscriber's sink.</summary>
    [Benchmark]
    public int SendOnly()
    {
        var sent = 0;
        var socket = _rig.Server.Socket;
        foreach (var remote in _rig.SubscriberAddresses)
        {
            if (socket.SendTo(_scratch.AsSpan(0, _protectedLength), remote))
            {
                sent++;
            }
        }

        return sent == _rig.SubscriberAddresses.Length ? sent : throw new InvalidOperationException("a send failed");
    }
}
