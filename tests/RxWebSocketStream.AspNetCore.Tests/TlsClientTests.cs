using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// wss:// between the library's client and server on a Kestrel HTTPS endpoint with a self-signed certificate that
/// requires a client certificate: the <c>ConfigureClient</c> hook's server-certificate callback and client
/// certificate reach the client's own HTTP handler, and close frames are exact under TLS too (the client's filter
/// sits on the plaintext side of TLS).
/// </summary>
public sealed class TlsClientTests : IAsyncLifetime
{
    private readonly X509Certificate2 _serverCertificate = SelfSigned("CN=exact-close-server");
    private readonly X509Certificate2 _clientCertificate = SelfSigned("CN=exact-close-client");
    private readonly TaskCompletionSource<(WebSocketConnection Connection, string? ClientSubject)> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_serverCertificate, https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.AllowAnyClientCertificate();
        })));
        _app = builder.Build();
        _app.MapWebSocketConnection("/ws", (conn, http) =>
        {
            conn.Subscribe(_ => { });
            _accepted.TrySetResult((conn, http.Connection.ClientCertificate?.Subject));
            return Task.CompletedTask;
        });
        await _app.StartAsync();
        _url = new Uri(_app.Urls.First().Replace("https://", "wss://", StringComparison.Ordinal) + "/ws");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _serverCertificate.Dispose();
        _clientCertificate.Dispose();
    }

    [Fact]
    public async Task Wss_CallbackAndClientCertificateFromTheHook_AreUsed_AndCloseIsExact()
    {
        string? serverSubject = null;
        await using var client = WebSocketConnection.Connect(_url, new WebSocketConnectionOptions
        {
            ConfigureClient = o =>
            {
                o.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    serverSubject = certificate?.Subject;
                    return true;
                };
                o.ClientCertificates.Add(_clientCertificate);
            },
        });
        await client.Opened.Within();
        var (server, clientSubject) = await _accepted.Task.Within();

        client.Close();

        Assert.Equal("CN=exact-close-server", serverSubject);
        Assert.Equal("CN=exact-close-client", clientSubject);
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await server.Closed.Within());
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await client.Closed.Within());
    }

    [Fact]
    public async Task Wss_WithoutTheCallback_TheSelfSignedServerIsRefused()
    {
        await using var client = WebSocketConnection.Connect(_url, new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.ClientCertificates.Add(_clientCertificate),
        });

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => client.Opened.Within());
        Assert.Null(error.CloseCode);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());

        // A validity window around now: the certificate only has to outlive the test.
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
