using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OctoMesh.Geo.Discovery;

namespace OctoMesh.Geo.Tests.Discovery;

public sealed partial class ConsulTestServer
{
    private const string RecordKey = "consul-record";

    private enum Access { Allowed, AnonymousFiltered, AnonymousDenied, TokenNotFound }

    private void MapEndpoints()
    {
        _app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
            context.Request.Body.Position = 0;
            var record = new ConsulRecordedRequest(
                context.Request.Method, context.Request.Path.Value ?? "",
                HttpUtility.ParseQueryString(context.Request.QueryString.Value ?? ""),
                TokenOf(context), body, Now);
            _requests.Enqueue(record);
            context.Items[RecordKey] = record;
            if (_isDown)
            {
                context.Abort();
                return;
            }
            if (_fail500)
            {
                await Text(context, 500, "No cluster leader");
            }
            else
            {
                await next(context);
            }
            if (!context.RequestAborted.IsCancellationRequested)
            {
                record.Status = context.Response.StatusCode;
                record.Answered = Now;
            }
        });
        _app.MapPut("/v1/agent/service/register", RegisterAsync);
        _app.MapPut("/v1/agent/service/deregister/{serviceId}", DeregisterAsync);
        _app.MapPut("/v1/agent/check/update/{checkId}", UpdateCheckAsync);
        _app.MapPut("/v1/agent/check/pass/{checkId}", PassCheckAsync);
        _app.MapGet("/v1/health/service/{name}", HealthServiceAsync);
    }

    // --- ACL (api-docs "Authentication"; token via X-Consul-Token, Authorization: Bearer, or ?token=) ---

    private static string? TokenOf(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue("X-Consul-Token", out var header) && header.Count > 0)
        {
            return header[0];
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization["Bearer ".Length..];
        }
        return context.Request.Query.TryGetValue("token", out var query) ? query[0] : null;
    }

    private Access Authorize(HttpContext context, bool write)
    {
        if (_options.AclToken is null)
        {
            return Access.Allowed;
        }
        var token = TokenOf(context);
        if (string.IsNullOrEmpty(token))
        {
            return write ? Access.AnonymousDenied : Access.AnonymousFiltered;
        }
        return token == _options.AclToken ? Access.Allowed : Access.TokenNotFound;
    }

    private static Task? Refuse(HttpContext context, Access access, string serviceName) => access switch
    {
        Access.TokenNotFound => Text(context, 403, "ACL not found"),
        Access.AnonymousDenied => Text(context, 403,
            $"Permission denied: anonymous token lacks permission 'service:write' on \"{serviceName}\""),
        _ => null,
    };

    // --- Agent endpoints ---

    private async Task RegisterAsync(HttpContext context)
    {
        var record = (ConsulRecordedRequest)context.Items[RecordKey]!;
        JsonObject body;
        try
        {
            body = JsonNode.Parse(record.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            await Text(context, 400, "Request decode failed: " + e.Message);
            return;
        }
        var name = Str(body, "Name");
        if (Refuse(context, Authorize(context, write: true), name ?? "") is { } refused)
        {
            await refused;
            return;
        }
        if (string.IsNullOrEmpty(name))
        {
            await Text(context, 400, "Missing service name");
            return;
        }
        var id = Str(body, "ID") is { Length: > 0 } given ? given : name;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Get(body, "Meta") is JsonObject metaObject)
        {
            foreach (var (key, value) in metaObject)
            {
                meta[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            }
        }
        if (MetaProblem(meta) is { } metaProblem)
        {
            await Text(context, 400, "Invalid Service Meta: " + metaProblem);
            return;
        }
        FakeCheck? check = null;
        if (Get(body, "Check") is JsonObject checkObject)
        {
            if (!GoDuration.TryParse(Str(checkObject, "TTL"), out var ttl) || ttl <= TimeSpan.Zero)
            {
                await Text(context, 400, "Invalid check: TTL must be > 0 for a TTL check (the only kind this fake supports)");
                return;
            }
            TimeSpan? reapAfter = null;
            if (Str(checkObject, "DeregisterCriticalServiceAfter") is { } reapText)
            {
                if (!GoDuration.TryParse(reapText, out var reap))
                {
                    await Text(context, 400, $"Invalid DeregisterCriticalServiceAfter: \"{reapText}\"");
                    return;
                }
                reapAfter = reap;
            }
            var status = Str(checkObject, "Status") ?? "critical";
            if (status is not ("passing" or "warning" or "critical"))
            {
                await Text(context, 400, $"Invalid check status: '{status}'");
                return;
            }
            check = new FakeCheck
            {
                CheckId = Str(checkObject, "CheckID") is { Length: > 0 } checkId ? checkId : "service:" + id,
                Name = Str(checkObject, "Name") is { Length: > 0 } checkName ? checkName : $"Service '{name}' check",
                ServiceId = id,
                Ttl = ttl,
                DeregisterCriticalServiceAfter = reapAfter,
                Status = status,
                Output = "",
                LastUpdate = Now,
            };
        }
        lock (_gate)
        {
            var created = _services.TryGetValue(id, out var existing) ? existing.CreateIndex : _raftIndex + 1;
            foreach (var old in _checks.Where(c => c.Value.ServiceId == id).Select(c => c.Key).ToArray())
            {
                _checks.Remove(old);
            }
            _services[id] = new FakeService
            {
                Id = id,
                Name = name,
                Tags = (Get(body, "Tags") as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").ToList() ?? [],
                Address = Str(body, "Address") ?? "",
                Port = Get(body, "Port")?.GetValue<int>() ?? 0,
                Meta = meta,
                Raw = body,
                CreateIndex = created,
                ModifyIndex = _raftIndex + 1,
            };
            if (check is not null)
            {
                _checks[check.CheckId] = check;
            }
            BumpLocked(name);
        }
        await Text(context, 200, "");
    }

    private async Task DeregisterAsync(HttpContext context, string serviceId)
    {
        string? name;
        lock (_gate)
        {
            name = _services.TryGetValue(serviceId, out var s) ? s.Name : null;
        }
        if (Refuse(context, Authorize(context, write: true), name ?? serviceId) is { } refused)
        {
            await refused;
            return;
        }
        if (name is null)
        {
            await Text(context, 404, $"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name.");
            return;
        }
        ForgetService(serviceId);
        await Text(context, 200, "");
    }

    private async Task UpdateCheckAsync(HttpContext context, string checkId)
    {
        var record = (ConsulRecordedRequest)context.Items[RecordKey]!;
        string? status;
        string? output;
        try
        {
            var body = JsonNode.Parse(record.Body) as JsonObject ?? throw new JsonException("not an object");
            status = Str(body, "Status");
            output = Str(body, "Output");
        }
        catch (JsonException e)
        {
            await Text(context, 400, "Request decode failed: " + e.Message);
            return;
        }
        await SetCheckAsync(context, checkId, status, output ?? "");
    }

    private Task PassCheckAsync(HttpContext context, string checkId) =>
        SetCheckAsync(context, checkId, "passing", context.Request.Query["note"].ToString());

    private async Task SetCheckAsync(HttpContext context, string checkId, string? status, string output)
    {
        if (Refuse(context, Authorize(context, write: true), checkId) is { } refused)
        {
            await refused;
            return;
        }
        if (status is not ("passing" or "warning" or "critical"))
        {
            await Text(context, 400, $"Invalid check status: '{status}'");
            return;
        }
        int answer;
        lock (_gate)
        {
            if (!_checks.TryGetValue(checkId, out var check))
            {
                answer = 404;
            }
            else if (check.Ttl is null)
            {
                answer = 500;
            }
            else
            {
                answer = 200;
                var changed = check.Status != status || check.Output != output;
                check.Status = status;
                check.Output = output;
                check.LastUpdate = Now;
                if (changed)
                {
                    BumpLocked(_services.TryGetValue(check.ServiceId, out var s) ? s.Name : check.ServiceId);
                }
            }
        }
        await (answer switch
        {
            200 => Text(context, 200, ""),
            404 => Text(context, 404, $"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name."),
            _ => Text(context, 500, $"CheckID \"{checkId}\" does not have associated TTL"),
        });
    }

    // --- helpers ---

    /// <summary>Consul's service metadata rules (agent/structs ValidateMetadata): 64 pairs, key charset and 128 chars, value 512 chars, "consul-" reserved.</summary>
    private static string? MetaProblem(Dictionary<string, string> meta)
    {
        if (meta.Count > 64)
        {
            return "cannot contain more than 64 key/value pairs";
        }
        foreach (var (key, value) in meta)
        {
            if (key.Length == 0)
            {
                return "Couldn't load metadata pair: Key cannot be blank";
            }
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): Key contains invalid characters";
            }
            if (key.Length > 128)
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): Key is too long (limit: 128 characters)";
            }
            if (key.StartsWith("consul-", StringComparison.Ordinal))
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): Key prefix 'consul-' is reserved for internal use";
            }
            if (value.Length > 512)
            {
                return $"Couldn't load metadata pair ('{key}', '{value}'): Value is too long (limit: 512 characters)";
            }
        }
        return null;
    }

    /// <summary>Consul decodes service definitions case-insensitively (it also accepts snake_case).</summary>
    private static JsonNode? Get(JsonObject node, string name) =>
        node.TryGetPropertyValue(name, out var exact) ? exact
        : node.FirstOrDefault(p => string.Equals(p.Key.Replace("_", ""), name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Str(JsonObject node, string name) =>
        Get(node, name) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static async Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (text.Length > 0)
        {
            await context.Response.WriteAsync(text);
        }
    }
}
