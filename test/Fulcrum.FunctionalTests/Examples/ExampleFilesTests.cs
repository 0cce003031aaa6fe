using System.Net.Http.Json;
using Fulcrum.Configuration.Loading;
using Fulcrum.Demo;
using Fulcrum.FunctionalTests.Grpc;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Hosting;
using Fulcrum.Runtime;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Examples;

/// <summary>Every file in examples/ is loaded; the seeds' and the TLS examples are also served against real backends.</summary>
public sealed class ExampleFilesTests : IClassFixture<ExampleCertificates>
{
    private readonly ExampleCertificates _certificates;

    public ExampleFilesTests(ExampleCertificates certificates) => _certificates = certificates;

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "examples")).Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Load_ExampleFile_IsValid(string name)
    {
        // Only FULCRUM_CERTS is set (the certificates tls.yaml names are generated); every other variable is unset.
        var result = ConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "examples", name), _certificates.Environment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public async Task Run_ChatGptExample_RoutesEachPathToItsPool()
    {
        await using var backends = await DemoBackends.StartAsync(0, CancellationToken.None);
        var environment = backends.Backends.ToDictionary(b => b.Instance.Replace('-', '_').ToUpperInvariant(), b => b.Address);
        environment["FULCRUM_LISTEN"] = "127.0.0.1:0";
        var loaded = ConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "examples", "chatgpt.yaml"), environment.GetValueOrDefault);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        await using var host = await GatewayHost.StartAsync(loaded.Config!, null, TestLogging.Factory, new GatewayRuntimeOptions(), CancellationToken.None);
        using var client = new HttpClient();
        var url = $"http://{host.Runtime.Listeners["web"].Server!.BoundEndPoint}";

        var instances = new List<string>();
        foreach (var path in new[] { "/text", "/text", "/image", "/voice" })
        {
            var answer = await client.GetFromJsonAsync<Dictionary<string, string>>(url + path);
            instances.Add(answer!["instance"]);
        }

        Assert.Equal(["text-1", "text-2"], instances.Take(2).Order());
        Assert.StartsWith("image-", instances[2]);
        Assert.Equal("voice-1", instances[3]);
    }

    [Fact]
    public async Task Run_TlsExample_SniAlpnMutualTlsAndGrpcOverH2c()
    {
        await using var text1 = await TestBackend.StartAsync("t1");
        await using var text2 = await TestBackend.StartAsync("t2");
        await using var grpc = await GrpcBackend.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["FULCRUM_CERTS"] = _certificates.Directory,
            ["FULCRUM_HTTPS_LISTEN"] = "127.0.0.1:0",
            ["FULCRUM_PARTNERS_LISTEN"] = "127.0.0.1:0",
            ["FULCRUM_LISTEN"] = "127.0.0.1:0",
            ["TEXT_1"] = text1.Address,
            ["TEXT_2"] = text2.Address,
            ["GRPC_BACKEND"] = grpc.Address,
        };
        var path = Path.Combine(RepositoryPaths.Root, "examples", "tls.yaml");
        var loaded = ConfigLoader.LoadFile(path, environment.GetValueOrDefault);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        await using var host = await GatewayHost.StartAsync(loaded.Config!, path, TestLogging.Factory, new GatewayRuntimeOptions(), CancellationToken.None);
        int Port(string listener) => host.Runtime.Listeners[listener].Server!.BoundEndPoint.Port;

        // websecure: the wildcard certificate for api.example.com, over h2 by ALPN.
        using var client = new HttpClient(_certificates.Site.TrustingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{Port("websecure")}/text")
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = "api.example.com";
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
        await using (var probe = await TlsProbe.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port("websecure")), "www.example.com"))
        {
            Assert.Contains("www.example.com", probe.ServerNames);
        }

        // partners: mutual TLS against the partners CA.
        using var partner = new HttpClient(_certificates.Site.TrustingHandler(_certificates.Partners.IssueClient("acme")));
        using var partnerRequest = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{Port("partners")}/text");
        partnerRequest.Headers.Host = "partners.example.com";
        using var partnerResponse = await partner.SendAsync(partnerRequest);
        Assert.Equal(System.Net.HttpStatusCode.OK, partnerResponse.StatusCode);

        // internal: gRPC over h2c with prior knowledge, routed by content-type.
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{Port("internal")}", new global::Grpc.Net.Client.GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });
        var reply = await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "example" }, deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Equal("example", reply.Text);
    }

    [Fact]
    public async Task Run_TcpUdpExample_ServesTheTcpPoolAndTheUdpPool()
    {
        await using var primary = TcpEchoServer.Start("primary");
        await using var replica = TcpEchoServer.Start("replica");
        await using var ns1 = UdpEchoServer.Start("ns1");
        await using var ns2 = UdpEchoServer.Start("ns2");
        var environment = new Dictionary<string, string>
        {
            ["PG_LISTEN"] = "127.0.0.1:0",
            ["DNS_LISTEN"] = "127.0.0.1:0",
            ["TLS_LISTEN"] = "127.0.0.1:0",
            ["PG_PRIMARY"] = primary.Address,
            ["PG_REPLICA"] = replica.Address,
            ["NS1"] = ns1.Address,
            ["NS2"] = ns2.Address,
        };
        var loaded = ConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "examples", "tcp-udp.yaml"), environment.GetValueOrDefault);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        await using var host = await GatewayHost.StartAsync(loaded.Config!, null, TestLogging.Factory, new GatewayRuntimeOptions(), CancellationToken.None);

        using var pg = await L4Client.ConnectAsync(host.Runtime.Listeners["pg"].Server!.BoundEndPoint);
        await L4Client.SendAsync(pg, "SELECT 1;");
        Assert.Equal("SELECT 1;", await L4Client.ReadAsync(pg, 9));
        using var dns = L4Client.Udp(host.Runtime.Listeners["dns"].Server!.BoundEndPoint);
        var answer = await L4Client.AskAsync(dns, "example.com. IN A");
        Assert.EndsWith("|example.com. IN A", answer, StringComparison.Ordinal);
    }
}
