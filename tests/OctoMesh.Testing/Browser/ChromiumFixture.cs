using Microsoft.Playwright;
using Xunit.Sdk;

namespace OctoMesh.Testing.Browser;

/// <summary>
/// One headless Chromium per test class (use as <c>IClassFixture&lt;ChromiumFixture&gt;</c>).
/// It drives the Debian <c>chromium</c> package through Playwright's bundled node driver:
/// nothing is downloaded, so <c>playwright install</c> is never needed.
/// Fake capture devices give every page a 640x480, 15 fps test-pattern camera and a beeping microphone.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The flags every test browser starts with.</summary>
    public static readonly IReadOnlyList<string> LaunchArguments =
    [
        "--no-sandbox",
        // 15 fps instead of the fake camera's 30: a room test runs four pages, each encoding one stream and
        // decoding three, on the same two cores as the bridge under test. At 30 fps the browsers saturate the
        // machine and their own offer/answer and decode queues dominate what the tests time; a frame every
        // 67 ms only makes the bridge's keyframe path (PLI, then the encoder's next frame) slower, not faster.
        "--use-fake-device-for-media-stream=fps=15",
        "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
        // Several pages share one headless browser: none of them may be throttled as a background tab.
        "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The launched browser; valid after <see cref="InitializeAsync"/>.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not launched yet.");

    /// <summary>
    /// Opens a page in a fresh browser context (its own cookies, permissions and media devices),
    /// the way a second person on another machine would. Console errors are kept for failure messages.
    /// </summary>
    public Task<BrowserPage> NewPageAsync(Uri baseAddress) => NewPageAsync(Browser, baseAddress);

    /// <inheritdoc cref="NewPageAsync(Uri)"/>
    public static async Task<BrowserPage> NewPageAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Permissions = ["camera", "microphone"],
        });
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new XunitException(
                $"{ChromiumPath} is missing. The end-to-end tests drive the system Chromium: " +
                "run `apt-get update && apt-get install -y chromium` (no Playwright browser download is used).");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. LaunchArguments],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
