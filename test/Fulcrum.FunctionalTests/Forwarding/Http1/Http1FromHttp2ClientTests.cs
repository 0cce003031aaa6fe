using System.Net;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// HTTP/2 clients (h2c here) take the lean path too: the backend gets the same HTTP/1.1 request an HTTP/1.1 client's
/// would have become (Host, path and query, cookies, the body, chunked when its length is unknown), and the answer
/// reaches the client as HTTP/2 without the backend's connection-specific headers, which HTTP/2 forbids.
/// </summary>
public sealed class Http1FromHttp2ClientTests
{
    [Fact]
    public async Task Post_Http2Client_BackendSeesWhatAnHttp11ClientsRequestBecomes()
    {
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            var request = context.Request;
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            await context.Response.WriteAsync(string.Join("|",
                request.Protocol, request.Method, request.Path + request.QueryString.Value, request.Headers.Host.ToString(),
                request.Headers.Cookie.ToString(), request.Headers["X-Forwarded-Proto"].ToString(),
                request.Headers.TransferEncoding.ToString(), request.ContentLength?.ToString() ?? "-", body));
        });
        await using var gateway = await TestGateway.StartAsync(H2cConfig(backend.Address));
        using var h2 = H2cClient();

        var seenByHttp2 = await SendAsync(h2, HttpVersion.Version20, gateway.Url(), chunkedBody: false);
        var seenByHttp2Streamed = await SendAsync(h2, HttpVersion.Version20, gateway.Url(), chunkedBody: true);
        // Only the lean path makes this pool (YARP has its own client): the HTTP/2 requests took it.
        Assert.NotNull(LeanPath.Pool(gateway));
        var seenByHttp11 = await SendAsync(gateway.Client, HttpVersion.Version11, gateway.Url(), chunkedBody: false);

        Assert.StartsWith("HTTP/1.1|POST|/echo?q=1|", seenByHttp11);
        Assert.Equal(seenByHttp11, seenByHttp2);
        // A body sent without a length (an HTTP/2 DATA stream) goes upstream chunked, as YARP sends it.
        Assert.Equal(seenByHttp11.Replace("||11|", "|chunked|-|", StringComparison.Ordinal), seenByHttp2Streamed);
        Assert.Equal(1, LeanPath.Pool(gateway)!.Opened);
    }

    [Fact]
    public async Task Get_BackendSendsConnectionSpecificHeaders_Http2ClientGetsAnswerWithoutThem()
    {
        await using var backend = ScriptedBackend.Start((_, _) => (
            "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-Kept: yes\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false));
        await using var gateway = await TestGateway.StartAsync(H2cConfig(backend.Address));
        using var h2 = H2cClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await h2.GetAsync(gateway.Url() + "/x");

            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello world", await response.Content.ReadAsStringAsync());
            Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Kept")));
            Assert.False(response.Headers.Contains("Keep-Alive"));
            Assert.Empty(response.Headers.Connection);
        }

        Assert.Equal(1, backend.Connections);
        Assert.NotNull(LeanPath.Pool(gateway));
    }

    private static string H2cConfig(string backend) =>
        LeanPath.Config(backend).Replace("web: { protocol: http, address: 127.0.0.1:0 }", "web: { protocol: http, http2: true, address: 127.0.0.1:0 }", StringComparison.Ordinal);

    private static HttpClient H2cClient() => new(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<string> SendAsync(HttpClient client, Version version, string url, bool chunkedBody)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/echo?q=1")
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = chunkedBody ? new UnknownLengthContent("hello there") : new StringContent("hello there"),
        };
        request.Headers.Host = "api.example";
        request.Headers.Add("Cookie", "a=1; b=2");
        using var response = await client.SendAsync(request);
        Assert.Equal(version, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A body whose length the client does not announce (no Content-Length; DATA frames until END_STREAM).</summary>
    private sealed class UnknownLengthContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
