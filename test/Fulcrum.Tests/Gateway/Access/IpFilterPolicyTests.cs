using System.Net;
using Fulcrum.Configuration;
using Fulcrum.Gateway.Access;
using Fulcrum.Listeners;
using Fulcrum.Pipeline;
using Fulcrum.Routing;
using Fulcrum.Runtime;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.Access;

public class IpFilterPolicyTests
{
    private static IpFilterPolicy Policy(string[] allow, string[] deny) =>
        new("p", IpFilterPolicyFactory.Compile(allow), IpFilterPolicyFactory.Compile(deny), NullLoggerFactory.Instance);

    [Theory]
    [InlineData("10.1.1.1", true)]
    [InlineData("10.6.6.6", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8::bad", false)]
    [InlineData("::ffff:10.6.6.6", false)]
    public void Allows_AllowAndDeny_DenyWinsAndOthersRefused(string address, bool expected)
    {
        var policy = Policy(["10.0.0.0/8", "2001:db8::/32"], ["10.6.6.6", "2001:db8::bad"]);

        Assert.Equal(expected, policy.Allows(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.1.1", false)]
    [InlineData("192.0.2.1", true)]
    [InlineData("::1", true)]
    public void Allows_DenyOnly_EverythingElseAllowed(string address, bool expected)
    {
        var policy = Policy([], ["10.0.0.0/8"]);

        Assert.Equal(expected, policy.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allows_UnknownAddress_OnlyWithoutAllowList()
    {
        Assert.False(Policy(["10.0.0.0/8"], []).Allows(null));
        Assert.True(Policy([], ["10.0.0.0/8"]).Allows(null));
    }

    [Fact]
    public async Task ApplyAsync_RefusedAddress_403JsonAndStops()
    {
        var policy = Policy(["10.0.0.0/8"], []);
        var context = Context("192.0.2.1");
        context.Response.Body = new MemoryStream();

        var proceed = await policy.ApplyAsync(context, Feature());

        Assert.False(proceed);
        Assert.Equal(403, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("{\"error\":\"client address not allowed\",\"status\":403}\n", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public void ApplyAsync_AllowedAddress_AllocatesNothing()
    {
        var policy = Policy(["10.0.0.0/8", "2001:db8::/32"], ["10.6.6.6"]);
        var context = Context("10.1.2.3");
        var feature = Feature();

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            if (!policy.ApplyAsync(context, feature).Result)
            {
                throw new InvalidOperationException("refused");
            }
        });

        Assert.Equal(0, bytes);
    }

    private static DefaultHttpContext Context(string peer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        return context;
    }

    internal static ProxyRequestFeature Feature(TrustedProxies? trusted = null) => new()
    {
        Listener = new ListenerModel
        {
            Name = "web",
            Config = new ListenerConfig(),
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Routes = new RouteTable<RouteModel>([]),
            TrustedProxies = trusted ?? TrustedProxies.None,
        },
        Route = null!,
    };
}
