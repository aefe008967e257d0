using Microsoft.Playwright;
using OctoMesh.Testing.Namespaces;

namespace OctoMesh.Testing.Browser;

/// <summary>
/// A headless Chromium that lives in a network namespace, as a browser on another machine would: Playwright starts it
/// through a script that runs <c>ip netns exec &lt;ns&gt; chromium</c> (the DevTools pipe is inherited across the exec).
/// Pages on the namespace's plain-http origin get the camera through <c>--unsafely-treat-insecure-origin-as-secure</c>.
/// </summary>
public sealed class NamespacedChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _launcher;

    private NamespacedChromium(IPlaywright playwright, IBrowser browser, string launcher)
    {
        _playwright = playwright;
        Browser = browser;
        _launcher = launcher;
    }

    public IBrowser Browser { get; }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<NamespacedChromium> StartAsync(NetworkNamespace networkNamespace, Uri secureOrigin)
    {
        var launcher = Path.Combine(Path.GetTempPath(), $"chromium-in-{networkNamespace.Name}.sh");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {networkNamespace.Name} {ChromiumFixture.ChromiumPath} \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var origin = secureOrigin.GetLeftPart(UriPartial.Authority);
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = launcher,
                Headless = true,
                Args = [.. ChromiumFixture.LaunchArguments, $"--unsafely-treat-insecure-origin-as-secure={origin}"],
            });
            return new NamespacedChromium(playwright, browser, launcher);
        }
        catch
        {
            playwright.Dispose();
            File.Delete(launcher);
            throw;
        }
    }

    public Task<BrowserPage> NewPageAsync(Uri baseAddress) => ChromiumFixture.NewPageAsync(Browser, baseAddress);

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        File.Delete(_launcher);
    }
}
