using System.Security.Cryptography;
using Fulcrum.Configuration;
using Fulcrum.Gateway.Auth.Jwt;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

/// <summary>Every setting of the jwt policy is checked at load time, each problem at its key and line.</summary>
public class JwtPolicyConfigTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string Base = "    type: jwt\n    issuer: https://issuer.test\n    audiences: [api]\n";

    /// <summary>Policy <c>j</c>: line 5 is <c>j:</c>, settings from line 9 (after type, issuer, audiences).</summary>
    private static string Policy(string settings, string baseSettings = Base) => TestConfigs.Minimal + $"policies:\n  j:\n{baseSettings}{settings}";

    private static string Pem(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    [Fact]
    public void Load_JwksUrl_BindsWithDefaults()
    {
        var config = (JwtPolicyConfig)TestConfigs.LoadValid(Policy("    jwksUrl: https://issuer.test/jwks\n")).Policies["j"];

        Assert.Equal(TimeSpan.FromSeconds(30), config.ClockSkew);
        Assert.Equal(TimeSpan.FromSeconds(30), config.RefreshCooldown);
        Assert.Equal(TimeSpan.FromMinutes(10), config.RefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), config.FetchTimeout);
        Assert.Equal(8192, config.MaxTokenSize);
        Assert.Equal("sub", config.ConsumerClaim);
        Assert.True(config.RequireHttps);
        Assert.False(config.ForwardToken);
    }

    [Fact]
    public void Load_EverySetting_Binds()
    {
        var config = (JwtPolicyConfig)TestConfigs.LoadValid(Policy("""
                jwksUrl: http://127.0.0.1:9000/jwks
                algorithms: [RS256, ES256]
                clockSkew: 10s
                refreshInterval: 1h
                refreshCooldown: 1m
                fetchTimeout: 2s
                maxTokenSize: 16KiB
                cookie: session
                requireClaims: { scope: read, tier: [gold, platinum] }
                forwardClaims: { sub: X-User-Id }
                forwardToken: true
                consumerClaim: client_id
                realm: api

            """)).Policies["j"];

        Assert.Equal(["RS256", "ES256"], config.Algorithms);
        Assert.Equal(16 * 1024, config.MaxTokenSize);
        Assert.Equal(["gold", "platinum"], config.RequireClaims["tier"]);
        Assert.Equal(["read"], config.RequireClaims["scope"]);
        Assert.Equal("X-User-Id", config.ForwardClaims["sub"]);
    }

    [Fact]
    public void Load_AuthorityWithoutIssuer_Valid()
    {
        TestConfigs.LoadValid(Policy("    authority: https://login.example.com/tenant\n", "    type: jwt\n    audiences: [api]\n"));
    }

    [Theory]
    [InlineData("", "policies.j", "no keys: give jwksUrl, authority, or inline secret / publicKeys")]
    [InlineData("    jwksUrl: https://a/jwks\n    authority: https://a\n", "policies.j", "give one source of keys: jwksUrl, authority, or inline secret / publicKeys")]
    [InlineData($"    jwksUrl: https://a/jwks\n    secret: {Secret}\n", "policies.j", "give one source of keys: jwksUrl, authority, or inline secret / publicKeys")]
    [InlineData("    jwksUrl: /jwks\n", "policies.j.jwksUrl", "'/jwks' must be an http:// or https:// URL")]
    [InlineData("    jwksUrl: \"issuer.test/jwks\"\n", "policies.j.jwksUrl", "'issuer.test/jwks' is not an absolute URL")]
    [InlineData("    jwksUrl: ftp://a/jwks\n", "policies.j.jwksUrl", "'ftp://a/jwks' must be an http:// or https:// URL")]
    [InlineData("    jwksUrl: http://issuer.test/jwks\n", "policies.j.jwksUrl", "'http://issuer.test/jwks' must be https:// (http:// is accepted for loopback addresses, or with requireHttps: false)")]
    [InlineData("    jwksUrl: https://user:pw@issuer.test/jwks\n", "policies.j.jwksUrl", "'https://user:pw@issuer.test/jwks' must not carry credentials")]
    [InlineData("    authority: https://issuer.test/?x=1\n", "policies.j.authority", "'https://issuer.test/?x=1' must not have a query or fragment: it is the issuer URL")]
    [InlineData("    secret: short\n", "policies.j.secret", "the secret is 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)")]
    [InlineData("    secret: \"base64:!!\"\n", "policies.j.secret", "the text after 'base64:' is not valid base64")]
    [InlineData("    secret: \"base64:c2hvcnQ=\"\n", "policies.j.secret", "the secret is 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)")]
    [InlineData("    publicKeys: [\"not pem\"]\n", "policies.j.publicKeys[0]", "not PEM: expected -----BEGIN PUBLIC KEY----- (or RSA PUBLIC KEY, or CERTIFICATE)")]
    public void Validate_KeySources_ReportedAtTheirKey(string settings, string path, string message)
    {
        var error = TestConfigs.SingleError(Policy(settings), path);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_HttpJwksUrl_AcceptedForLoopbackOrWithRequireHttpsFalse()
    {
        TestConfigs.LoadValid(Policy("    jwksUrl: http://127.0.0.1:8080/jwks\n"));
        TestConfigs.LoadValid(Policy("    jwksUrl: http://[::1]:8080/jwks\n"));
        TestConfigs.LoadValid(Policy("    jwksUrl: http://keycloak:8080/jwks\n    requireHttps: false\n"));
    }

    [Fact]
    public void Validate_PrivateKeyPem_RefusedSoItNeverSitsInConfig()
    {
        using var rsa = RSA.Create(2048);

        var error = TestConfigs.SingleError(Policy($"    publicKeys: [{Pem(rsa.ExportPkcs8PrivateKeyPem())}]\n"), "policies.j.publicKeys[0]");

        Assert.Equal("this is a private key: give the public key only (openssl pkey -pubout)", error.Message);
    }

    [Fact]
    public void Validate_SmallRsaKey_Refused()
    {
        using var rsa = RSA.Create(1024);

        var error = TestConfigs.SingleError(Policy($"    publicKeys: [{Pem(rsa.ExportSubjectPublicKeyInfoPem())}]\n"), "policies.j.publicKeys[0]");

        Assert.Equal("the RSA key is 1024 bits; at least 2048 are needed", error.Message);
    }

    [Theory]
    [InlineData("    algorithms: [none]\n", "policies.j.algorithms[0]", "'none' means unsigned tokens, which are never accepted")]
    [InlineData("    algorithms: [RS265]\n", "policies.j.algorithms[0]", "'RS265' is not one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, HS256, HS384, HS512 (did you mean 'RS256'?)")]
    [InlineData("    algorithms: [HS256]\n", "policies.j.algorithms[0]", "'HS256' needs a shared secret, and none is configured")]
    public void Validate_Algorithms_ReportedPerItem(string settings, string path, string message)
    {
        var error = TestConfigs.SingleError(Policy("    jwksUrl: https://issuer.test/jwks\n" + settings), path);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_AlgorithmsForSecret_RsaNeedsAnRsaKey()
    {
        var error = TestConfigs.SingleError(Policy($"    secret: {Secret}\n    algorithms: [RS256]\n"), "policies.j.algorithms[0]");

        Assert.Equal("'RS256' needs an RSA key, and none is configured", error.Message);
    }

    [Fact]
    public void Validate_IssuerAndAudiences_Required()
    {
        var result = TestConfigs.Load(Policy($"    secret: {Secret}\n    audiences: [\"\"]\n", "    type: jwt\n"));

        Assert.Equal(
            [
                ("policies.j.issuer", "an issuer is required (the iss every token must carry); with authority it defaults to the discovered one"),
                ("policies.j.audiences[0]", "an audience cannot be empty"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
        Assert.Equal(
            "at least one audience is required: a token issued for another service must not be accepted here",
            TestConfigs.SingleError(Policy($"    secret: {Secret}\n", "    type: jwt\n    issuer: i\n"), "policies.j.audiences").Message);
    }

    [Theory]
    [InlineData("    clockSkew: 10m\n", "policies.j.clockSkew", "must be between 0s and 5m")]
    [InlineData("    refreshInterval: 500ms\n", "policies.j.refreshInterval", "must be at least 1s")]
    [InlineData("    refreshCooldown: 0s\n", "policies.j.refreshCooldown", "must be at least 1s")]
    [InlineData("    fetchTimeout: 0s\n", "policies.j.fetchTimeout", "must be greater than zero and at most 1m")]
    [InlineData("    fetchTimeout: 5m\n", "policies.j.fetchTimeout", "must be greater than zero and at most 1m")]
    [InlineData("    maxTokenSize: 100\n", "policies.j.maxTokenSize", "must be between 1KiB and 64KiB")]
    [InlineData("    maxTokenSize: 1MiB\n", "policies.j.maxTokenSize", "must be between 1KiB and 64KiB")]
    [InlineData("    header: X-Token\n    cookie: t\n", "policies.j", "give at most one of header, cookie and query (the default is Authorization: Bearer)")]
    [InlineData("    header: \"X Token\"\n", "policies.j.header", "'X Token' is not a valid header name")]
    [InlineData("    cookie: \"a;b\"\n", "policies.j.cookie", "'a;b' is not a cookie name")]
    [InlineData("    query: \"a b\"\n", "policies.j.query", "'a b' is not a query parameter name (letters, digits, '-', '_', '.')")]
    [InlineData("    requireClaims: { tier: [] }\n", "policies.j.requireClaims.tier", "an empty list can never be satisfied: give at least one value")]
    [InlineData("    requireClaims: { tier: [\"\"] }\n", "policies.j.requireClaims.tier[0]", "a claim value cannot be empty")]
    [InlineData("    forwardClaims: { sub: \"X User\" }\n", "policies.j.forwardClaims.sub", "'X User' is not a valid header name")]
    [InlineData("    forwardClaims: { sub: X-User, uid: x-user }\n", "policies.j.forwardClaims.uid", "header 'x-user' already carries claim 'sub'")]
    [InlineData("    consumerClaim: \"\"\n", "policies.j.consumerClaim", "a claim name is required")]
    [InlineData("    realm: \"\"\n", "policies.j.realm", "'' must be printable ASCII without quotes or backslashes")]
    public void Validate_OtherSettings_ReportedAtTheirKey(string settings, string path, string message)
    {
        var error = TestConfigs.SingleError(Policy($"    secret: {Secret}\n" + settings), path);

        Assert.Equal(message, error.Message);
        Assert.True(error.Location.Line >= 5);
    }

    [Fact]
    public void Validate_BadSetting_LocatedAtItsLine()
    {
        var error = TestConfigs.SingleError(Policy($"    secret: {Secret}\n    clockSkew: 1h\n"), "policies.j.clockSkew");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 10, 16), error.Location);
    }

    [Fact]
    public void EffectiveAlgorithms_DefaultAllOfTheKeysKinds()
    {
        var config = new JwtPolicyConfig();

        Assert.Equal(["ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"],
            JwtPolicyFactory.EffectiveAlgorithms(config, new HashSet<SigningKeyKind> { SigningKeyKind.Rsa, SigningKeyKind.EllipticCurve }).Order());
        Assert.Equal(["HS256"], JwtPolicyFactory.EffectiveAlgorithms(config with { Algorithms = ["HS256", "RS256"] }, new HashSet<SigningKeyKind> { SigningKeyKind.Hmac }));
    }
}
