namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The index a blocking query sends next, following Consul's "Blocking Queries — Implementation
/// Details" (api-docs/features/blocking):
/// <list type="bullet">
/// <item>Reset the index if it goes backwards: a returned <c>X-Consul-Index</c> lower than the one
/// sent (snapshot restore, a granular-index upgrade) restarts the loop from 0, which answers at once.</item>
/// <item>Sanity check the index is greater than zero: an index of 0 or less (or a missing header)
/// would make every later request return immediately, so 1 is used instead; it is always safe.</item>
/// </list>
/// </summary>
internal static class BlockingQueryIndex
{
    /// <summary>The outcome of one response for the next request.</summary>
    public readonly record struct Next(ulong Index, bool WentBackwards);

    /// <param name="sent">The <c>index</c> the request carried (0 for the first, non-blocking request).</param>
    /// <param name="returned">The response's <c>X-Consul-Index</c>, null when absent or unparsable.</param>
    public static Next After(ulong sent, ulong? returned)
    {
        if (returned is null or 0)
        {
            return new Next(1, WentBackwards: false);
        }
        if (returned.Value < sent)
        {
            return new Next(0, WentBackwards: true);
        }
        return new Next(returned.Value, WentBackwards: false);
    }
}
