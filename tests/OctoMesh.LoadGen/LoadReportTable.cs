using System.Globalization;

namespace OctoMesh.LoadGen;

/// <summary>Writes a <see cref="LoadReport"/> as a human-readable table.</summary>
public static class LoadReportTable
{
    public static void Write(LoadReport report, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var where = report.SubscribeBridge is null ? report.Bridge : $"{report.Bridge}, subscribers on {report.SubscribeBridge}";
        output.WriteLine(string.Create(c, $"OctoMesh load: {report.Publishers} publisher(s), {report.Subscribers} subscriber(s) in {report.Rooms} room(s) on {where}"));
        output.WriteLine(string.Create(c, $"connected in {report.ConnectSeconds:0.00} s, measured for {report.DurationSeconds:0.00} s"));
        output.WriteLine();
        Row(output, "", "packets", "Mbit/s", "packets/s");
        Row(output, "sent", Number(report.PacketsSent), Number(report.SendMbps, "0.00"),
            Number(report.DurationSeconds > 0 ? report.PacketsSent / report.DurationSeconds : 0, "0"));
        Row(output, "received", Number(report.PacketsReceived), Number(report.ThroughputMbps, "0.00"), Number(report.PacketsPerSecond, "0"));
        output.WriteLine();
        Row(output, "loss", string.Create(c, $"{report.LossPercent:0.000} %"), string.Create(c, $"{report.PacketsLost} of {report.PacketsExpected}"), "");
        Row(output, "jitter", string.Create(c, $"{report.JitterMs:0.000} ms"), string.Create(c, $"max {report.JitterMaxMs:0.000} ms"), "");
        Row(output, "delay p50", string.Create(c, $"{report.DelayP50Ms:0.000} ms"), "", "");
        Row(output, "delay p99", string.Create(c, $"{report.DelayP99Ms:0.000} ms"), "", "");
        Row(output, "delay max", string.Create(c, $"{report.DelayMaxMs:0.000} ms"), string.Create(c, $"{report.DelaySamples} samples"), "");
        output.WriteLine();
        output.WriteLine(string.Create(c, $"video      {(report.Simulcast ? "simulcast q/h/f sent" : "one stream sent")}; received {DescribeSizes(report.VideoSizes)}"));
        if (report.SubscribersWithoutMedia > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"warning: {report.SubscribersWithoutMedia} subscriber(s) received no media"));
        }
    }

    /// <summary><c>1280x720 by 50 subscriber(s)</c>, sizes comma-separated; <c>no key frame</c> when none arrived.</summary>
    internal static string DescribeSizes(IReadOnlyDictionary<string, int> sizes) =>
        sizes.Count == 0
            ? "no key frame"
            : string.Join(", ", sizes.Select(size => string.Create(CultureInfo.InvariantCulture, $"{size.Key} by {size.Value} subscriber(s)")));

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Row(TextWriter output, string name, string first, string second, string third) =>
        output.WriteLine($"{name,-10} {first,14} {second,18} {third,12}".TrimEnd());
}
