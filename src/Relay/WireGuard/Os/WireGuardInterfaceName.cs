namespace OctoMesh.Relay.WireGuard.Os;

/// <summary>
/// Checks an interface name before it becomes part of a socket path or a command line:
/// Linux limits names to 15 bytes (IFNAMSIZ 16 with the terminator) and a name with a slash
/// would leave the socket directory.
/// </summary>
internal static class WireGuardInterfaceName
{
    public const int MaximumLength = 15;

    public static void Validate(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (interfaceName.Length > MaximumLength
            || interfaceName is "." or ".."
            || interfaceName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' or '+')))
        {
            throw new ArgumentException(
                $"'{interfaceName}' is not a usable interface name: 1-{MaximumLength} characters of letters, digits, '-', '_', '.', '=', '+'.",
                nameof(interfaceName));
        }
    }
}
