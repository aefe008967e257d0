using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OctoMesh.Geo.Discovery;

/// <summary>
/// The four Consul HTTP API calls OctoMesh makes, over a caller-supplied <see cref="HttpClient"/>
/// (a typed client). No Consul client package is reachable from this project's registries, so this
/// stays a thin, literal wrapper of Consul's documented endpoints (developer.hashicorp.com/consul/api-docs):
/// <list type="bullet">
/// <item><c>PUT /v1/agent/service/register</c> — agent/service "Register Service"</item>
/// <item><c>PUT /v1/agent/check/update/:check_id</c> — agent/check "TTL Check Update"</item>
/// <item><c>PUT /v1/agent/service/deregister/:service_id</c> — agent/service "Deregister Service"</item>
/// <item><c>GET /v1/health/service/:service?passing&amp;index&amp;wait&amp;dc</c> — health "List Service Instances", a blocking query</item>
/// </list>
/// Every request carries <c>X-Consul-Token</c> when a token is configured (api-docs "Authentication").
/// </summary>
internal sealed class ConsulHttpApi(HttpClient http, ConsulRegistryOptions options)
{
    /// <summary>Response header carrying the blocking-query index (api-docs/features/blocking).</summary>
    public const string IndexHeader = "X-Consul-Index";

    /// <summary>Request header carrying the ACL token.</summary>
    public const string TokenHeader = "X-Consul-Token";

    /// <summary>Response header Consul sets when ACLs removed results the token may not read.</summary>
    public const string FilteredHeader = "X-Consul-Results-Filtered-By-ACLs";

    /// <summary>Time allowed beyond the blocking wait: Consul adds up to wait/16 of jitter, plus transfer time.</summary>
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of the non-blocking calls.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly Uri _base = options.Address;

    public Task<ConsulCallResult> RegisterAsync(ConsulServiceRegistration registration, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(registration, ConsulJsonContext.Default.ConsulServiceRegistration);
        return PutAsync("v1/agent/service/register", body, cancellationToken);
    }

    public Task<ConsulCallResult> UpdateTtlAsync(string checkId, string status, string output, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new ConsulCheckUpdate { Status = status, Output = output }, ConsulJsonContext.Default.ConsulCheckUpdate);
        return PutAsync("v1/agent/check/update/" + Uri.EscapeDataString(checkId), body, cancellationToken);
    }

    public Task<ConsulCallResult> DeregisterAsync(string serviceId, CancellationToken cancellationToken) =>
        PutAsync("v1/agent/service/deregister/" + Uri.EscapeDataString(serviceId), body: null, cancellationToken);

    /// <summary>
    /// <c>GET /v1/health/service/:service?passing=true</c>; with <paramref name="index"/> &gt; 0 a blocking
    /// query that Consul holds until the index passes it or <c>wait</c> elapses (plus up to wait/16 jitter).
    /// </summary>
    public async Task<ConsulHealthAnswer> HealthServiceAsync(ulong index, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("v1/health/service/").Append(Uri.EscapeDataString(options.ServiceName)).Append("?passing=true");
        if (options.Datacenter is not null)
        {
            query.Append("&dc=").Append(Uri.EscapeDataString(options.Datacenter));
        }
        if (index > 0)
        {
            query.Append("&index=").Append(index.ToString(CultureInfo.InvariantCulture))
                 .Append("&wait=").Append(GoDuration.Format(options.WatchWait));
        }
        var timeout = index > 0 ? options.WatchWait + options.WatchWait / 16 + WatchGrace : CallTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = NewRequest(HttpMethod.Get, query.ToString());
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var result = await ResultOf(response, deadline.Token);
            if (!result.IsOk)
            {
                return new ConsulHealthAnswer(result, [], null, false);
            }
            ulong? returnedIndex = response.Headers.TryGetValues(IndexHeader, out var values)
                && ulong.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : null;
            var filtered = response.Headers.TryGetValues(FilteredHeader, out var filteredValues) && filteredValues.FirstOrDefault() == "true";
            List<ConsulServiceEntry>? entries;
            try
            {
                entries = await response.Content.ReadFromJsonAsync(ConsulJsonContext.Default.ListConsulServiceEntry, deadline.Token);
            }
            catch (JsonException e)
            {
                return new ConsulHealthAnswer(new ConsulCallResult(ConsulCallOutcome.Unreachable, (int)response.StatusCode, "unreadable JSON: " + e.Message), [], null, false);
            }
            return new ConsulHealthAnswer(ConsulCallResult.Success, entries ?? [], returnedIndex, filtered);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return new ConsulHealthAnswer(new ConsulCallResult(ConsulCallOutcome.Unreachable, 0, Describe(e)), [], null, false);
        }
    }

    private async Task<ConsulCallResult> PutAsync(string path, string? body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CallTimeout);
        using var request = NewRequest(HttpMethod.Put, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            return await ResultOf(response, deadline.Token);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return new ConsulCallResult(ConsulCallOutcome.Unreachable, 0, Describe(e));
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, relative));
        if (options.Token is not null)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, options.Token);
        }
        return request;
    }

    private static async Task<ConsulCallResult> ResultOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return ConsulCallResult.Success;
        }
        var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (text.Length > 300)
        {
            text = text[..300];
        }
        var outcome = response.StatusCode switch
        {
            HttpStatusCode.NotFound => ConsulCallOutcome.NotFound,
            HttpStatusCode.TooManyRequests => ConsulCallOutcome.Unreachable,
            _ when status >= 500 => ConsulCallOutcome.Unreachable,
            _ => ConsulCallOutcome.Rejected,
        };
        return new ConsulCallResult(outcome, status, text.Length == 0 ? response.ReasonPhrase ?? "" : text);
    }

    /// <summary>Network failures and our own per-call deadline; the caller's cancellation propagates.</summary>
    private static bool IsTransportFailure(Exception e, CancellationToken callerToken) =>
        e is HttpRequestException or IOException
        || (e is OperationCanceledException && !callerToken.IsCancellationRequested);

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "no answer before the deadline",
        HttpRequestException { HttpRequestError: var kind } http => $"{kind}: {http.Message}",
        _ => e.Message,
    };
}
