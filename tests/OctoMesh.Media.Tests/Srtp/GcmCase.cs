namespace OctoMesh.Media.Tests.Srtp;

/// <summary>One generated AES-128-GCM input for the property tests; <see cref="FlipBit"/> picks the bit a forger flips.</summary>
public sealed record GcmCase(byte[] Key, byte[] Nonce, byte[] AssociatedData, byte[] Plaintext, int FlipBit)
{
    public override string ToString() =>
        $"key {Convert.ToHexString(Key)}, nonce {Convert.ToHexString(Nonce)}, aad ({AssociatedData.Length}) {Convert.ToHexString(AssociatedData)}, " +
        $"plaintext ({Plaintext.Length}) {Convert.ToHexString(Plaintext)}, flip bit {FlipBit}";
}
