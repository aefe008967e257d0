using System.Globalization;

namespace OctoMesh.LoadGen.Janus;

/// <summary>
/// Writes the configuration folder of one Janus run (Janus's <c>.jcfg</c> libconfig format): the core, the HTTP
/// transport on (the namespace's) loopback with the admin API off, and the VideoRoom plugin with string room ids. Only those two
/// modules are linked into private <c>plugins/</c> and <c>transports/</c> folders, so every other plugin,
/// transport, event handler and logger Janus ships is never loaded.
/// </summary>
internal static class JanusConfig
{
    public const string VideoRoomModule = "libjanus_videoroom.so";
    public const string HttpModule = "libjanus_http.so";
    public const string MainFile = "janus.jcfg";
    public const string LogFile = "janus.log";

    /// <summary>Writes the folder; throws <see cref="LoadRunException"/> when a module is missing.</summary>
    public static void Write(string folder, JanusServerOptions options, int httpPort, System.Net.IPAddress mediaAddress)
    {
        var plugins = LinkModule(folder, options, "plugins", VideoRoomModule);
        var transports = LinkModule(folder, options, "transports", HttpModule);
        var events = Directory.CreateDirectory(Path.Combine(folder, "events")).FullName;
        var loggers = Directory.CreateDirectory(Path.Combine(folder, "loggers")).FullName;

        // ice_enforce_list = "{{mediaAddress}}": libnice gathers on the namespace's veth address only (Janus never gathers
        // on loopback), so every host candidate Janus puts in its SDP is that address, private to the namespace. No
        // STUN/TURN, no IPv6.
        File.WriteAllText(Path.Combine(folder, MainFile), string.Create(CultureInfo.InvariantCulture, $$"""
            general: {
                configs_folder = "{{folder}}"
                plugins_folder = "{{plugins}}"
                transports_folder = "{{transports}}"
                events_folder = "{{events}}"
                loggers_folder = "{{loggers}}"
                debug_level = {{options.DebugLevel}}
                debug_colors = false
                session_timeout = 60
            }
            certificates: {
            }
            media: {
                ipv6 = false
                rtp_port_range = "{{options.RtpPortMin}}-{{options.RtpPortMax}}"
                no_media_timer = 0
            }
            nat: {
                nice_debug = false
                ice_enforce_list = "{{mediaAddress}}"
                ignore_mdns = true
            }
            plugins: {
            }
            transports: {
            }
            loggers: {
            }
            events: {
                broadcast = false
            }
            """));

        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), string.Create(CultureInfo.InvariantCulture, $$"""
            general: {
                json = "compact"
                base_path = "/janus"
                http = true
                port = {{httpPort}}
                ip = "127.0.0.1"
                https = false
            }
            admin: {
                admin_http = false
                admin_https = false
            }
            cors: {
            }
            """));

        // string_ids: load-generator rooms are names ("load", "load-2"), and publisher ids become strings too.
        File.WriteAllText(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), """
            general: {
                string_ids = true
                events = false
            }
            """);
    }

    private static string LinkModule(string folder, JanusServerOptions options, string kind, string module)
    {
        var source = Path.Combine(options.ModulesFolder, kind, module);
        if (!File.Exists(source))
        {
            throw new LoadRunException($"Janus's {module} is not at {source}: install Janus with `apt-get install -y janus` or set the modules folder");
        }

        var target = Directory.CreateDirectory(Path.Combine(folder, kind)).FullName;
        File.CreateSymbolicLink(Path.Combine(target, module), source);
        return target;
    }
}
