using System.Net;
using System.Security.Cryptography;
using Fulcrum.Gateway.Auth.Jwt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

/// <summary>The fetch schedule of remote keys, on a clock the test moves: cooldown, interval, sharing, outages.</summary>
public sealed class RemoteSigningKeySourceTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _time = new(UnitTokens.Now);
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication? _server;
    private int _fetches;
    private volatile string _body = "";
    private volatile int _status = 200;

    private string JwkSet(params object[] keys) => System.Text.Json.JsonSerializer.Serialize(new { keys });

    private object RsaJwk(string kid, string? alg = "RS256", string? use = "sig")
    {
        var p = _rsa.ExportParameters(false);
        return new Dictionary<string, string?>
        {
            ["kty"] = "RSA", ["kid"] = kid, ["alg"] = alg, ["use"] = use,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        }.Where(e => e.Value is not null).ToDictionary();
    }

    private async Task<RemoteSigningKeySource> StartAsync(string body)
    {
        _body = body;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(async context =>
        {
            Interlocked.Increment(ref _fetches);
            context.Response.StatusCode = _status;
            await context.Response.WriteAsync(_body);
        });
        await _server.StartAsync();
        var url = _server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var config = new JwtPolicyConfig { RefreshCooldown = TimeSpan.FromSeconds(30), RefreshInterval = TimeSpan.FromMinutes(10) };
        var source = new RemoteSigningKeySource("p", new Uri(url + "/jwks"), null, config, new HashSet<string>(SigningAlgorithms.All), _time, NullLogger.Instance);
        await source.Pending!;
        return source;
    }

    [Fact]
    public async Task Constructor_FetchesOnceOffTheRequestPath()
    {
        await using var source = await StartAsync(JwkSet(RsaJwk("k1")));

        Assert.Equal(1, _fetches);
        Assert.True(source.Current!.HasKeyId("k1"));
    }

    [Fact]
    public async Task RefreshForUnknownKey_WithinCooldown_NoFetchAfterItOneSharedFetch()
    {
        await using var source = await StartAsync(JwkSet(RsaJwk("k1")));
        _body = JwkSet(RsaJwk("k1"), RsaJwk("k2"));

        var withinCooldown = await source.RefreshForUnknownKeyAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        var first = source.RefreshForUnknownKeyAsync();
        var second = source.RefreshForUnknownKeyAsync();
        var refreshed = await first;
        await second;

        Assert.False(withinCooldown!.HasKeyId("k2"));
        Assert.True(refreshed!.HasKeyId("k2"));
        Assert.Equal(2, _fetches);
        Assert.Equal(2, source.Fetches);
    }

    [Fact]
    public async Task RefreshIfStale_OnlyAfterInterval()
    {
        await using var source = await StartAsync(JwkSet(RsaJwk("k1")));

        _time.Advance(TimeSpan.FromMinutes(9));
        source.RefreshIfStale();
        Assert.Null(source.Pending);
        _time.Advance(TimeSpan.FromMinutes(1));
        source.RefreshIfStale();
        await source.Pending!;

        Assert.Equal(2, _fetches);
    }

    [Theory]
    [InlineData(500, "")]
    [InlineData(200, "not json")]
    [InlineData(200, """{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0"}]}""")]
    public async Task Fetch_FailsOrUnusable_KeysAlreadyHeldKept(int status, string body)
    {
        await using var source = await StartAsync(JwkSet(RsaJwk("k1")));
        _status = status;
        _body = body;
        _time.Advance(TimeSpan.FromMinutes(10));

        source.RefreshIfStale();
        await source.Pending!;

        Assert.True(source.Current!.HasKeyId("k1"));
        Assert.Equal(2, _fetches);

        // The failed attempt starts the cooldown too: no hammering of an issuer in trouble.
        source.RefreshIfStale();
        Assert.Null(source.Pending);
    }

    [Fact]
    public async Task Fetch_UnfitKeys_Skipped()
    {
        await using var source = await StartAsync(JwkSet(
            RsaJwk("enc", use: "enc"),
            RsaJwk("odd-alg", alg: "RSA-OAEP"),
            new Dictionary<string, string> { ["kty"] = "oct", ["kid"] = "secret", ["k"] = "c2VjcmV0" },
            new Dictionary<string, string> { ["kty"] = "OKP", ["kid"] = "ed", ["crv"] = "Ed25519", ["x"] = "AAAA" },
            RsaJwk("good")));

        Assert.Equal(["good"], source.Current!.Keys.Select(k => k.KeyId));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _rsa.Dispose();
    }
}
