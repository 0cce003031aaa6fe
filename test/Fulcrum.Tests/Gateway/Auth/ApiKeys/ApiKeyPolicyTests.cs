using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fulcrum.Gateway.Auth.ApiKeys;
using Fulcrum.Pipeline;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.Auth.ApiKeys;

public class ApiKeyPolicyTests
{
    private const string AliceKey = "ak_alice_0123456789";
    private const string BobKey = "ak_bob_9876543210";

    private static string Sha256(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static ApiKeyPolicy Create(ApiKeyPolicyConfig? settings = null) => new(
        "keys",
        (settings ?? new ApiKeyPolicyConfig()) with
        {
            Keys = [new ApiKeyConfig { Id = "alice", Sha256 = Sha256(AliceKey) }, new ApiKeyConfig { Id = "bob", Sha256 = Sha256(BobKey).ToLowerInvariant() }],
        },
        keysFile: null,
        TimeProvider.System,
        NullLogger.Instance);

    private static (DefaultHttpContext Context, ProxyRequestFeature Feature) Request(string? header = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        if (header is not null)
        {
            context.Request.Headers["X-Api-Key"] = header;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        return (context, new ProxyRequestFeature { Listener = null!, Route = null! });
    }

    [Fact]
    public async Task Apply_KnownKey_ContinuesWithConsumerAndKeyRemoved()
    {
        var policy = Create(new ApiKeyPolicyConfig { UpstreamHeader = "X-Consumer-Id" });
        var (context, feature) = Request(header: BobKey);

        Assert.True(await policy.ApplyAsync(context, feature));

        Assert.Equal("bob", feature.Consumer);
        Assert.False(context.Request.Headers.ContainsKey("X-Api-Key"));
        Assert.Equal("bob", context.Request.Headers["X-Consumer-Id"]);
    }

    [Theory]
    [InlineData(null, "an API key is required")]
    [InlineData("", "an API key is required")]
    [InlineData("ak_unknown", "the API key is not valid")]
    public async Task Apply_MissingOrUnknown_401WithChallengeAndJson(string? key, string message)
    {
        var (context, feature) = Request(header: key);

        Assert.False(await Create().ApplyAsync(context, feature));

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("ApiKey realm=\"fulcrum\", header=\"X-Api-Key\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal($"{{\"error\":\"{message}\",\"status\":401}}\n", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Null(feature.Consumer);
    }

    [Fact]
    public async Task Apply_KeyLongerThanLimit_RefusedUnhashed()
    {
        var (context, feature) = Request(header: new string('k', ApiKeyPolicy.MaxKeyLength + 1));

        Assert.False(await Create().ApplyAsync(context, feature));
        Assert.Equal(401, context.Response.StatusCode);
    }

    [Fact]
    public async Task Apply_NonAsciiKey_RefusedNotThrown()
    {
        var (context, feature) = Request(header: "ключ\ud800");

        Assert.False(await Create().ApplyAsync(context, feature));
        Assert.Equal(401, context.Response.StatusCode);
    }

    [Fact]
    public async Task Apply_HeaderTwice_400()
    {
        var (context, feature) = Request();
        context.Request.Headers["X-Api-Key"] = new Microsoft.Extensions.Primitives.StringValues([AliceKey, AliceKey]);

        Assert.False(await Create().ApplyAsync(context, feature));

        Assert.Equal(400, context.Response.StatusCode);
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("the API key is given more than once", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Apply_KeyInQuery_ParameterRemovedOthersKept()
    {
        var policy = Create(new ApiKeyPolicyConfig { Query = "api_key" });
        var (context, feature) = Request(query: $"?a=1&api_key={AliceKey}&b=2");

        Assert.True(await policy.ApplyAsync(context, feature));

        Assert.Equal("alice", feature.Consumer);
        Assert.Equal("?a=1&b=2", context.Request.QueryString.Value);
    }

    [Fact]
    public async Task Apply_UnknownKeyInQuery_RemovedSoTheAccessLogNeverHasIt()
    {
        var policy = Create(new ApiKeyPolicyConfig { Query = "api_key" });
        var (context, feature) = Request(query: "?api_key=guess&x=1");

        Assert.False(await policy.ApplyAsync(context, feature));

        Assert.Equal("?x=1", context.Request.QueryString.Value);
    }

    [Fact]
    public async Task Apply_HeaderAndQueryConfigured_HeaderWinsBothRemoved()
    {
        var policy = Create(new ApiKeyPolicyConfig { Header = "X-Api-Key", Query = "api_key" });
        var (context, feature) = Request(header: AliceKey, query: $"?api_key={BobKey}");

        Assert.True(await policy.ApplyAsync(context, feature));

        Assert.Equal("alice", feature.Consumer);
        Assert.False(context.Request.QueryString.HasValue);
    }

    [Fact]
    public async Task Apply_ForwardKey_KeyKept()
    {
        var (context, feature) = Request(header: AliceKey);

        Assert.True(await Create(new ApiKeyPolicyConfig { ForwardKey = true }).ApplyAsync(context, feature));

        Assert.Equal(AliceKey, context.Request.Headers["X-Api-Key"]);
    }

    [Fact]
    public void Apply_KnownKeyInHeader_AllocatesNothing()
    {
        var policy = Create(new ApiKeyPolicyConfig { ForwardKey = true });
        var (context, feature) = Request(header: AliceKey);

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            if (!policy.ApplyAsync(context, feature).Result)
            {
                throw new InvalidOperationException("refused");
            }
        });

        Assert.Equal(0, bytes);
    }
}
