using System.Text.RegularExpressions;

namespace OctoMesh.Bridge.Signaling;

/// <summary>Room and participant names that may appear in URLs: letters, digits, '.', '_', '-', at most 64.</summary>
public static partial class RoomNames
{
    public static bool IsValid(string? name) => name is not null && ValidName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidName();
}
