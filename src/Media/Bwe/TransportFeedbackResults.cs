using OctoMesh.Media.Rtcp;

namespace OctoMesh.Media.Bwe;

/// <summary>
/// A transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) matched with what was sent:
/// one <see cref="PacketResult"/> per reported sequence number this side still remembers, in sequence (send)
/// order, with arrival times from the feedback's reference time (64 ms units) plus the deltas (250 µs units).
/// Numbers the history no longer holds, or never stamped, are skipped.
/// </summary>
public static class TransportFeedbackResults
{
    /// <summary>Fill <paramref name="destination"/>; returns how many results were written (at most its length).</summary>
    public static int Collect(in TransportCcFeedback feedback, SendHistory history, Span<PacketResult> destination)
    {
        var count = 0;
        var receiveUs = feedback.ReferenceTimeMicroseconds;
        foreach (var status in feedback)
        {
            if (count == destination.Length)
            {
                break;
            }

            if (status.Received)
            {
                receiveUs += status.DeltaMicroseconds;
            }

            if (!history.TryGet(status.SequenceNumber, out var sendTimeUs, out var size, out var probe))
            {
                continue;
            }

            destination[count++] = new PacketResult(sendTimeUs, size, status.Received ? receiveUs : PacketResult.NotReceived, probe);
        }

        return count;
    }
}
