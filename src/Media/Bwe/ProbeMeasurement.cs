namespace OctoMesh.Media.Bwe;

/// <summary>
/// What a probe cluster showed: the rate it was sent at and the rate it arrived at, the smaller of the two. A cluster
/// that arrived slower than sent met the bottleneck, and its arrival rate is the path's capacity; one with a fifth
/// of its packets lost measures nothing (the burst overflowed a queue).
/// </summary>
public sealed class ProbeMeasurement
{
    private const int Tracked = 4;
    private readonly Cluster[] _clusters = new Cluster[Tracked];

    /// <summary>The sender sent <paramref name="packets"/> packets of cluster <paramref name="id"/>.</summary>
    public void Expect(int id, int packets) => _clusters[id % Tracked] = new Cluster { Id = id, Expected = packets };

    /// <summary>A reported probe packet; the measured bitrate once its cluster is complete, else null.</summary>
    public long? Add(in PacketResult result)
    {
        ref var cluster = ref _clusters[result.ProbeCluster % Tracked];
        if (cluster.Id != result.ProbeCluster || cluster.Expected == 0 || cluster.Done)
        {
            return null;
        }

        cluster.Reported++;
        if (result.Received)
        {
            if (cluster.Received == 0)
            {
                cluster.FirstSendUs = result.SendTimeUs;
                cluster.FirstReceiveUs = result.ReceiveTimeUs;
                cluster.FirstSize = result.Size;
            }

            cluster.Received++;
            cluster.Bytes += result.Size;
            cluster.LastSendUs = Math.Max(cluster.LastSendUs, result.SendTimeUs);
            cluster.LastReceiveUs = Math.Max(cluster.LastReceiveUs, result.ReceiveTimeUs);
            cluster.LastSize = result.Size;
        }

        if (cluster.Reported < cluster.Expected)
        {
            return null;
        }

        cluster.Done = true;
        if (cluster.Received < ProbeCluster.MinPackets || cluster.Received * 5 < cluster.Expected * 4)
        {
            return null;
        }

        var sendSpan = cluster.LastSendUs - cluster.FirstSendUs;
        var receiveSpan = cluster.LastReceiveUs - cluster.FirstReceiveUs;
        if (receiveSpan <= 0)
        {
            return null;
        }

        // Intervals: the first packet's bytes arrived before the receive span began, the last's were sent after the send span ended.
        var receiveRate = (cluster.Bytes - cluster.FirstSize) * 8 * 1_000_000 / receiveSpan;
        var sendRate = sendSpan <= 0 ? long.MaxValue : (cluster.Bytes - cluster.LastSize) * 8 * 1_000_000 / sendSpan;
        return Math.Min(sendRate, receiveRate);
    }

    private struct Cluster
    {
        public int Id;
        public int Expected;
        public int Reported;
        public int Received;
        public long Bytes;
        public long FirstSendUs;
        public long LastSendUs;
        public long FirstReceiveUs;
        public long LastReceiveUs;
        public int FirstSize;
        public int LastSize;
        public bool Done;
    }
}
