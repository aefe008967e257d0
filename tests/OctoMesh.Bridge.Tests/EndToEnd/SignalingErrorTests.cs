using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OctoMesh.Bridge.Tests.EndToEnd;

/// <summary>
/// WHIP and WHEP refuse what they cannot serve with the right status and an RFC 9457
/// problem+json body, and allow browsers on other origins to call them (RFC 9725 §4.2, §4.3).
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SignalingErrorTests(BridgeServer bridge) : IClassFixture<BridgeServer>
{
    private const string ProblemJson = "application/problem+json";
    private const string Sdp = "application/sdp";
    private const int MaximumOfferBytes = 64 * 1024;
    private const string OtherOrigin = "https://player.example";

    [Fact]
    public async Task A_malformed_offer_is_400_problem_json()
    {
        using var response = await bridge.Http.PostAsync("whip/errors", SdpBody("this is not a session description"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deleting_an_unknown_WHIP_session_is_404()
    {
        using var response = await bridge.Http.DeleteAsync("whip/errors/sessions/no-such-session");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Playing_a_room_nobody_publishes_to_is_404()
    {
        using var response = await bridge.Http.PostAsync("whep/nobody-here", SdpBody(SampleOffers.RecvOnlyAudioVideo));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_offer_that_is_not_application_sdp_is_415()
    {
        using var body = new StringContent(SampleOffers.RecvOnlyAudioVideo, Encoding.UTF8, "text/plain");
        using var response = await bridge.Http.PostAsync("whip/errors", body);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_offer_over_64_KiB_is_413()
    {
        var oversized = "v=0\r\n" + new string('a', MaximumOfferBytes);
        using var response = await bridge.Http.PostAsync("whip/errors", SdpBody(oversized));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_CORS_preflight_from_another_origin_is_allowed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "whip/cors");
        preflight.Headers.Add("Origin", OtherOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await bridge.Http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins),
            "The preflight answer has no Access-Control-Allow-Origin.");
        Assert.Contains(origins, origin => origin is "*" or OtherOrigin);
    }

    [Fact]
    public async Task A_cross_origin_POST_may_read_the_Location_header()
    {
        // The Fetch standard reads Access-Control-Expose-Headers on the actual response (not on
        // the preflight), so that is where WHIP clients on other origins need Location exposed.
        using var request = new HttpRequestMessage(HttpMethod.Post, "whip/cors") { Content = SdpBody("not sdp") };
        request.Headers.Add("Origin", OtherOrigin);

        using var response = await bridge.Http.SendAsync(request);

        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins),
            $"A cross-origin POST /whip answered {(int)response.StatusCode} without Access-Control-Allow-Origin.");
        Assert.Contains(origins, origin => origin is "*" or OtherOrigin);
        Assert.True(response.Headers.TryGetValues("Access-Control-Expose-Headers", out var exposed),
            "A cross-origin POST /whip answered without Access-Control-Expose-Headers, so a browser cannot read Location.");
        Assert.Contains("location", string.Join(",", exposed).ToLowerInvariant());
    }

    private static StringContent SdpBody(string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(Sdp);
        return content;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        var contentType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(contentType == ProblemJson,
            $"The {(int)expected} answer is '{contentType ?? "(no Content-Type)"}', not {ProblemJson} (RFC 9457): {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String,
            $"The problem+json body has no string 'type' member: {body}");
    }
}
