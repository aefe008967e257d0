using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace OctoMesh.Relay.Links;

/// <summary>Kestrel endpoint configuration for the mesh's gRPC service.</summary>
public static class MeshKestrel
{
    /// <summary>
    /// Listens on <paramref name="endpoint"/> with HTTP/2 over TLS, serving the node's certificate
    /// and REQUIRING a client certificate whose SHA-256 equals a currently registered peer's
    /// pinned fingerprint: a bridge that is not registered cannot even finish the TLS handshake.
    /// Chain errors are ignored on purpose: the certificates are self-signed and the pin is the trust.
    /// </summary>
    public static void ListenMesh(this KestrelServerOptions kestrel, IPEndPoint endpoint, MeshNode node)
    {
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = node.Identity.Certificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => node.IsRegisteredCertificate(certificate);
            });
        });
    }
}
