using System.Text;
using System.Text.Json;
using Fulcrum.Gateway.Auth.Jwt;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

/// <summary>The jwt policy with an inline secret and a hand-moved clock: what it admits, refuses and forwards.</summary>
public class JwtPolicyTests
{
    private readonly ManualTimeProvider _time = new(UnitTokens.Now);

    private JwtPolicy Create(JwtPolicyConfig? settings = null)
    {
        var config = (settings ?? new JwtPolicyConfig()) with { Secret = UnitTokens.Secret, Issuer = UnitTokens.Issuer, Audiences = [UnitTokens.Audience] };
        var keys = new StaticSigningKeySource(new SigningKeys([new SymmetricSecurityKey(Encoding.UTF8.GetBytes(UnitTokens.Secret))]));
        var algorithms = JwtPolicyFactory.EffectiveAlgorithms(config, new HashSet<SigningKeyKind> { SigningKeyKind.Hmac });
        return new JwtPolicy("auth", config, keys, algorithms, _time, NullLogger.Instance);
    }

    private static (DefaultHttpContext Context, ProxyRequestFeature Feature) Request(string? token)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        return (context, new ProxyRequestFeature { Listener = null!, Route = null! });
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    [Fact]
    public async Task Apply_ValidToken_IdentityConsumerSetAndTokenRemoved()
    {
        var (context, feature) = Request(UnitTokens.Create());

        Assert.True(await Create().ApplyAsync(context, feature));

        Assert.Equal("alice", feature.Consumer);
        Assert.Equal("alice", feature.Identity!.Name);
        Assert.True(feature.Identity.IsAuthenticated);
        Assert.False(context.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Apply_ForwardToken_AuthorizationKept()
    {
        var (context, feature) = Request(UnitTokens.Create());

        Assert.True(await Create(new JwtPolicyConfig { ForwardToken = true }).ApplyAsync(context, feature));

        Assert.True(context.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Apply_ConsumerClaimConfigured_ConsumerFromIt()
    {
        var claims = UnitTokens.Claims();
        claims["client_id"] = "mobile-app";
        var (context, feature) = Request(UnitTokens.Create(claims));

        Assert.True(await Create(new JwtPolicyConfig { ConsumerClaim = "client_id" }).ApplyAsync(context, feature));

        Assert.Equal("mobile-app", feature.Consumer);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public async Task Apply_AfterExpiry_AcceptedWithinSkewOnly(int secondsPastExpiry, bool accepted)
    {
        var policy = Create();
        var (context, feature) = Request(UnitTokens.Create(UnitTokens.Claims(expiresIn: TimeSpan.FromMinutes(1))));
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(secondsPastExpiry));

        Assert.Equal(accepted, await policy.ApplyAsync(context, feature));
        if (!accepted)
        {
            Assert.Equal(401, context.Response.StatusCode);
            Assert.Equal(
                "Bearer realm=\"fulcrum\", error=\"invalid_token\", error_description=\"the token has expired\"",
                context.Response.Headers.WWWAuthenticate.ToString());
            Assert.Equal("{\"error\":\"the token has expired\",\"status\":401}\n", Body(context));
        }
    }

    [Fact]
    public async Task Apply_NotBeforeAfterExpiry_RefusedAsInvalid()
    {
        var claims = UnitTokens.Claims();
        claims["nbf"] = UnitTokens.Now.AddHours(1).ToUnixTimeSeconds();
        var (context, feature) = Request(UnitTokens.Create(claims));

        Assert.False(await Create().ApplyAsync(context, feature));
        Assert.Contains("the token is not valid", Body(context));
    }

    [Fact]
    public async Task Apply_RequiredClaimMissing_403InsufficientScope()
    {
        var policy = Create(new JwtPolicyConfig { RequireClaims = new Dictionary<string, IReadOnlyList<string>> { ["tier"] = ["gold"] } });
        var (context, feature) = Request(UnitTokens.Create());

        Assert.False(await policy.ApplyAsync(context, feature));

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Null(feature.Identity);
    }

    [Fact]
    public async Task Apply_ForwardClaims_ClientValueReplacedAndControlCharactersEncoded()
    {
        var claims = UnitTokens.Claims();
        claims["sub"] = "alice\r\nX-Admin: true";
        claims["roles"] = new[] { "a", "b" };
        var policy = Create(new JwtPolicyConfig { ForwardClaims = new Dictionary<string, string> { ["sub"] = "X-User", ["roles"] = "X-Roles", ["tier"] = "X-Tier" } });
        var (context, feature) = Request(UnitTokens.Create(claims));
        context.Request.Headers["X-Tier"] = "platinum";

        Assert.True(await policy.ApplyAsync(context, feature));

        Assert.Equal("alice%0D%0AX-Admin%3A%20true", context.Request.Headers["X-User"]);
        Assert.Equal(new[] { "a", "b" }, context.Request.Headers["X-Roles"].ToArray());
        Assert.False(context.Request.Headers.ContainsKey("X-Tier"));
    }

    [Fact]
    public async Task ValidatedClaims_ThenCheck_ValidatesOnce()
    {
        var policy = Create();
        var (context, _) = Request(UnitTokens.Create());

        var identity = policy.ValidatedClaims(context);
        var check = context.Features.Get<TokenCheck>();

        Assert.NotNull(identity);
        Assert.Same(check, await policy.CheckAsync(context));
        Assert.Same(policy, check!.Policy);
    }

    [Fact]
    public void ValidatedClaims_AnotherPolicysCheck_ValidatesAgain()
    {
        var first = Create();
        var second = Create(new JwtPolicyConfig { Audiences = ["other"] });
        var (context, _) = Request(UnitTokens.Create());

        Assert.NotNull(first.ValidatedClaims(context));
        Assert.NotNull(second.ValidatedClaims(context));
        Assert.Same(second, context.Features.Get<TokenCheck>()!.Policy);
    }

    [Theory]
    [InlineData("""{"alg":"HS256","crit":["exp"]}""", nameof(TokenProblem.CriticalHeader))]
    [InlineData("""{"alg":"none"}""", nameof(TokenProblem.Unsigned))]
    [InlineData("""{"alg":"RS256"}""", nameof(TokenProblem.AlgorithmNotAllowed))]
    [InlineData("""{"alg":"HS512"}""", nameof(TokenProblem.BadSignature))]
    public async Task Check_HostileHeaders_Refused(string header, string expected)
    {
        var (context, _) = Request(UnitTokens.Create(header: header));

        Assert.Equal(expected, (await Create().CheckAsync(context)).Problem.ToString());
    }

    [Fact]
    public async Task Check_WrongIssuerAudienceOrSecret_Refused()
    {
        var policy = Create();
        var claims = UnitTokens.Claims();
        claims["iss"] = "https://evil.test";
        Assert.Equal(TokenProblem.WrongIssuer, (await policy.CheckAsync(Request(UnitTokens.Create(claims)).Context)).Problem);

        claims = UnitTokens.Claims();
        claims["aud"] = "other";
        Assert.Equal(TokenProblem.WrongAudience, (await policy.CheckAsync(Request(UnitTokens.Create(claims)).Context)).Problem);

        Assert.Equal(TokenProblem.BadSignature, (await policy.CheckAsync(Request(UnitTokens.Create(secret: UnitTokens.Secret + "!")).Context)).Problem);
    }

    [Fact]
    public async Task Apply_EveryProblem_AnswersWithoutThrowing()
    {
        foreach (var token in new[] { "", "a", "a.b", "a.b.c", "a.b.c.d.e", "....", "\u0000.\u0000.\u0000", new string('x', 9000), "e30.e30.e30" })
        {
            var (context, feature) = Request(token);

            Assert.False(await Create().ApplyAsync(context, feature));
            Assert.Equal(401, context.Response.StatusCode);
            using var body = JsonDocument.Parse(Body(context));
            Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
        }
    }
}
