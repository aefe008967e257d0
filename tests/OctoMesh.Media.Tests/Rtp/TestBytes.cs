namespace OctoMesh.Media.Tests.Rtp;

/// <summary>Builds byte arrays from hex written the way RFC diagrams read (spaces allowed).</summary>
internal static class TestBytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));
}
