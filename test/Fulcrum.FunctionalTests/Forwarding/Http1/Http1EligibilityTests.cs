using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// Which requests take the lean path: HTTP/1.1 to an http:// destination of a cluster with <c>forwarder: lean</c> or
/// <c>auto</c> (the default). HTTP/2 upstreams and <c>forwarder: yarp</c> clusters are served by YARP (no lean pool is made).
/// </summary>
public sealed class Http1EligibilityTests
{
    [Theory]
    [InlineData("http: { forwarder: lean }", "HTTP/1.1", true)]
    [InlineData("http: { forwarder: yarp }", "HTTP/1.1", false)]
    [InlineData("", "HTTP/1.1", true)]
    [InlineData("http: { version: \"2\", forwarder: lean }", "HTTP/2", false)]
    public async Task Get_ClusterSettings_PathChosenBackendSeesProtocol(string settings, string protocol, bool lean)
    {
        await using var backend = await InlineBackend.StartAsync(
            context => context.Response.WriteAsync(context.Request.Protocol),
            protocol == "HTTP/2" ? HttpProtocols.Http2 : HttpProtocols.Http1);
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address, settings));

        var seen = await gateway.Client.GetStringAsync(gateway.Url() + "/p");

        Assert.Equal(protocol, seen);
        Assert.Equal(lean, LeanPath.Pool(gateway) is not null);
    }
}
