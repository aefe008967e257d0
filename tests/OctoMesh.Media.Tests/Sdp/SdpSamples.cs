namespace OctoMesh.Media.Tests.Sdp;

/// <summary>
/// Offers as the real endpoints write them (shapes copied from Chromium 120+ WHIP/WHEP clients, aiortc 1.x
/// and GStreamer webrtcbin with bundle-policy=max-bundle), normalised to CRLF.
/// </summary>
internal static class SdpSamples
{
    internal const string ChromeFingerprint =
        "sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80";

    /// <summary>Chrome WHIP publish: addTransceiver(audio/video, {direction: "sendonly"}).</summary>
    internal static readonly string ChromeWhipOffer = Crlf("""
        v=0
        o=- 4215775240449105457 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 9f1b6c2e-0a4d-4c55-8f0e-61b2d7a3c4e5
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:3570614608 cname:4TOk42mSjXCkVIa6
        a=ssrc:3570614608 msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 9f1b6c2e-0a4d-4c55-8f0e-61b2d7a3c4e5
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 35 36 102 103 104 105 106 107 108 109 127 125 39 40 45 46 114 115 116 117 118
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 0c9a8b7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=rtcp-fb:100 goog-remb
        a=rtcp-fb:100 transport-cc
        a=rtcp-fb:100 ccm fir
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:35 VP9/90000
        a=rtcp-fb:35 nack
        a=fmtp:35 profile-id=1
        a=rtpmap:36 rtx/90000
        a=fmtp:36 apt=35
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:104 H264/90000
        a=rtcp-fb:104 nack
        a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:105 rtx/90000
        a=fmtp:105 apt=104
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 transport-cc
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rtpmap:108 H264/90000
        a=rtcp-fb:108 nack
        a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
        a=rtpmap:109 rtx/90000
        a=fmtp:109 apt=108
        a=rtpmap:127 H264/90000
        a=rtcp-fb:127 nack
        a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:125 rtx/90000
        a=fmtp:125 apt=127
        a=rtpmap:39 H264/90000
        a=rtcp-fb:39 nack
        a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:114 H264/90000
        a=rtcp-fb:114 nack
        a=fmtp:114 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
        a=rtpmap:115 rtx/90000
        a=fmtp:115 apt=114
        a=rtpmap:116 red/90000
        a=rtpmap:117 rtx/90000
        a=fmtp:117 apt=116
        a=rtpmap:118 ulpfec/90000
        a=ssrc-group:FID 2733513359 1597221553
        a=ssrc:2733513359 cname:4TOk42mSjXCkVIa6
        a=ssrc:2733513359 msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 0c9a8b7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d
        a=ssrc:1597221553 cname:4TOk42mSjXCkVIa6
        a=ssrc:1597221553 msid:3d8e7a1c-6c1f-4b7e-9d3a-2a1f0c7b9e11 0c9a8b7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d
        """);

    /// <summary>Chrome WHIP publish with sendEncodings [{rid: "h"}, {rid: "m"}, {rid: "l"}]: rids, no ssrc lines.</summary>
    internal static readonly string ChromeSimulcastOffer = Crlf("""
        v=0
        o=- 7214529093542958733 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 106 107
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xk2p
        a=ice-pwd:Jq3oVY2wP7s4q0E6p0sAqkcT
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:0
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:- 5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rid:h send
        a=rid:m send
        a=rid:l send pt=96;max-width=320
        a=simulcast:send h;m;~l
        """);

    /// <summary>Chrome WHEP playback: addTransceiver(audio/video, {direction: "recvonly"}).</summary>
    internal static readonly string ChromeWhepOffer = Crlf("""
        v=0
        o=- 1688113592930411394 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:pW9c
        a=ice-pwd:5qYH0xP1hD3a0L2kZz7m1T9e
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 106 107
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:pW9c
        a=ice-pwd:5qYH0xP1hD3a0L2kZz7m1T9e
        a=ice-options:trickle
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:1
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        """);

    /// <summary>aiortc 1.x: candidates in the SDP, transport attributes after the codecs, H264 and VP8 with rtx.</summary>
    internal static readonly string AiortcOffer = Crlf("""
        v=0
        o=- 3913479542 3913479542 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic:WMS *
        m=audio 41519 UDP/TLS/RTP/SAVPF 96 0 8
        c=IN IP4 10.0.0.5
        a=sendrecv
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=mid:0
        a=msid:6b2f6c0e-3a5d-4a8e-9b44-0c6f0f8f4d11 1e2d3c4b-5a69-4788-8f9e-a0b1c2d3e4f5
        a=rtcp:9 IN IP4 0.0.0.0
        a=rtcp-mux
        a=ssrc:2811564923 cname:0d5f3c5c-2a1e-4f7b-8e6d-5c4b3a291807
        a=rtpmap:96 opus/48000/2
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=candidate:3f9b0d0f3c24d5e2a0b7b8c3e4f5a6b7 1 udp 2130706431 10.0.0.5 41519 typ host
        a=candidate:9a8b7c6d5e4f30211f2e3d4c5b6a7988 1 udp 1694498815 203.0.113.7 41519 typ srflx raddr 10.0.0.5 rport 41519
        a=end-of-candidates
        a=ice-ufrag:Wz3G
        a=ice-pwd:h5F1dJ3q6hY1m0sW4nK7pX
        a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
        a=setup:actpass
        m=video 41519 UDP/TLS/RTP/SAVPF 97 98 99 100 101 102
        c=IN IP4 10.0.0.5
        a=sendrecv
        a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=mid:1
        a=msid:6b2f6c0e-3a5d-4a8e-9b44-0c6f0f8f4d11 7a6b5c4d-3e2f-4108-9a7b-6c5d4e3f2a1b
        a=rtcp:9 IN IP4 0.0.0.0
        a=rtcp-mux
        a=ssrc-group:FID 1573460186 3341071339
        a=ssrc:1573460186 cname:0d5f3c5c-2a1e-4f7b-8e6d-5c4b3a291807
        a=ssrc:3341071339 cname:0d5f3c5c-2a1e-4f7b-8e6d-5c4b3a291807
        a=rtpmap:97 VP8/90000
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 goog-remb
        a=rtpmap:98 rtx/90000
        a=fmtp:98 apt=97
        a=rtpmap:99 H264/90000
        a=rtcp-fb:99 nack
        a=rtcp-fb:99 nack pli
        a=rtcp-fb:99 goog-remb
        a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:100 rtx/90000
        a=fmtp:100 apt=99
        a=rtpmap:101 H264/90000
        a=rtcp-fb:101 nack
        a=rtcp-fb:101 nack pli
        a=rtcp-fb:101 goog-remb
        a=fmtp:101 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:102 rtx/90000
        a=fmtp:102 apt=101
        a=candidate:3f9b0d0f3c24d5e2a0b7b8c3e4f5a6b7 1 udp 2130706431 10.0.0.5 41519 typ host
        a=end-of-candidates
        a=ice-ufrag:Wz3G
        a=ice-pwd:h5F1dJ3q6hY1m0sW4nK7pX
        a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
        a=setup:actpass
        """);

    /// <summary>GStreamer webrtcbin, bundle-policy=max-bundle: bundle-only second section, upper-case OPUS.</summary>
    internal static readonly string GStreamerOffer = Crlf("""
        v=0
        o=- 4562389472069094781 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=ice-options:trickle
        a=group:BUNDLE video0 audio1
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=setup:actpass
        a=ice-ufrag:Tz0yNnJmWlFGW0ZvNqhNmJ9dDpYp8Bqf
        a=ice-pwd:1bFZjRWcRsXbTIiy4y8ucAZt5yDBtSdQ
        a=rtcp-mux
        a=rtcp-rsize
        a=sendrecv
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtcp-fb:96 ccm fir
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=framerate:30
        a=ssrc-group:FID 3484078952 3484078953
        a=ssrc:3484078952 msid:user3487417645@host-1e1cbd1c webrtctransceiver0
        a=ssrc:3484078952 cname:user3487417645@host-1e1cbd1c
        a=ssrc:3484078953 msid:user3487417645@host-1e1cbd1c webrtctransceiver0
        a=ssrc:3484078953 cname:user3487417645@host-1e1cbd1c
        a=mid:video0
        a=fingerprint:sha-256 1F:9D:F1:11:3F:8A:91:D6:7C:4F:2E:9C:1A:B0:86:2E:7D:42:37:8B:7F:0E:DD:AE:37:B0:8A:2F:AE:60:8F:5E
        m=audio 0 UDP/TLS/RTP/SAVPF 98
        c=IN IP4 0.0.0.0
        a=bundle-only
        a=setup:actpass
        a=ice-ufrag:Tz0yNnJmWlFGW0ZvNqhNmJ9dDpYp8Bqf
        a=ice-pwd:1bFZjRWcRsXbTIiy4y8ucAZt5yDBtSdQ
        a=rtcp-mux
        a=rtcp-rsize
        a=sendrecv
        a=rtpmap:98 OPUS/48000/2
        a=rtcp-fb:98 transport-cc
        a=fmtp:98 sprop-maxcapturerate=48000;sprop-stereo=0
        a=ssrc:1871512374 msid:user3487417645@host-1e1cbd1c webrtctransceiver1
        a=ssrc:1871512374 cname:user3487417645@host-1e1cbd1c
        a=mid:audio1
        a=fingerprint:sha-256 1F:9D:F1:11:3F:8A:91:D6:7C:4F:2E:9C:1A:B0:86:2E:7D:42:37:8B:7F:0E:DD:AE:37:B0:8A:2F:AE:60:8F:5E
        """);

    /// <summary>A Chrome offer with a data channel next to audio (the bridge rejects the data section).</summary>
    internal static readonly string ChromeAudioAndDataOffer = Crlf("""
        v=0
        o=- 5500192843320934001 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:0
        a=sendonly
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;useinbandfec=1
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:7F:80
        a=setup:actpass
        a=mid:1
        a=sctp-port:5000
        a=max-message-size:262144
        """);

    internal static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
