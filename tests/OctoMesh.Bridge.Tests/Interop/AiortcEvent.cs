using System.Text.Json;

namespace OctoMesh.Bridge.Tests.Interop;

/// <summary>
/// One line an interop script printed on stdout: a JSON object whose <c>event</c> names what
/// happened ("published", "playing", "connected", "progress", "done", "error") and whose other
/// members carry the figures (see <c>tests/interop/*.py</c>).
/// </summary>
public sealed record AiortcEvent(string Name, JsonElement Fields, string Line)
{
    public const string Error = "error";

    /// <summary>Parses a stdout line; null when it is not a JSON object with a string <c>event</c>.</summary>
    public static AiortcEvent? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("event", out var name)
                && name.ValueKind == JsonValueKind.String
                ? new AiortcEvent(name.GetString()!, root.Clone(), line)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An integer member, or 0 when absent or not a number (the scripts print 0 before anything arrives).</summary>
    public long Number(string name) =>
        Fields.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;

    public override string ToString() => Line;
}
