using System.Text;
using Microsoft.Net.Http.Headers;

namespace OctoMesh.Bridge.Signaling;

/// <summary>Reads an <c>application/sdp</c> request body with the size and type checks WHIP/WHEP need.</summary>
public static class SdpRequestReader
{
    public const string SdpContentType = "application/sdp";

    /// <summary>The body as text, or the problem to answer with (415 wrong type, 413 too large, 400 empty).</summary>
    public static async Task<(string? Sdp, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(SdpContentType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType($"Send the offer as {SdpContentType} (got '{request.ContentType}')."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        var buffer = new byte[maxBytes + 1];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        if (total == 0)
        {
            return (null, Problems.BadSdp("The request body is empty; it must be an SDP offer."));
        }

        return (Encoding.UTF8.GetString(buffer, 0, total), null);
    }
}
