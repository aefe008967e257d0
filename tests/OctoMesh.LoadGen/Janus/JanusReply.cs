using System.Text.Json.Nodes;

namespace OctoMesh.LoadGen.Janus;

/// <summary>A plugin's reply to one message: its <c>plugindata.data</c> and the JSEP it carried, if any.</summary>
internal sealed record JanusReply(JsonObject Data, JsonObject? Jsep)
{
    /// <summary>The JSEP's SDP, or null.</summary>
    public string? Sdp => Jsep?["sdp"]?.GetValue<string>();
}
