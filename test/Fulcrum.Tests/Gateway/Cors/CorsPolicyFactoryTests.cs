using Fulcrum.Gateway.Cors;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.Cors;

public class CorsPolicyFactoryTests
{
    private static string WithPolicy(string policy) => TestConfigs.Minimal + "policies:\n  web-cors: " + policy + "\n";

    [Fact]
    public void Load_FullPolicy_BindsWithDefaults()
    {
        var config = TestConfigs.LoadValid(WithPolicy(
            "{ type: cors, allowOrigins: [\"https://app.example.com\", \"https://*.example.com\"], allowHeaders: [Content-Type], exposeHeaders: [X-Request-Id], allowCredentials: true, maxAge: 10m }"));

        var cors = Assert.IsType<CorsPolicyConfig>(config.Policies["web-cors"]);
        Assert.Equal(["GET", "HEAD", "POST"], cors.AllowMethods);
        Assert.True(cors.AllowCredentials);
        Assert.Equal(TimeSpan.FromMinutes(10), cors.MaxAge);
    }

    [Fact]
    public void Validate_CredentialsWithStarOrigin_Reported()
    {
        var error = TestConfigs.SingleError(WithPolicy("{ type: cors, allowOrigins: [\"*\"], allowCredentials: true }"), "policies.web-cors.allowCredentials");

        Assert.Equal("credentials cannot be allowed for every origin ('*'): browsers refuse that answer; list the origins", error.Message);
    }

    [Fact]
    public void Validate_CredentialsWithStarExposeHeaders_Reported()
    {
        var error = TestConfigs.SingleError(
            WithPolicy("{ type: cors, allowOrigins: [\"https://a.test\"], exposeHeaders: [\"*\"], allowCredentials: true }"), "policies.web-cors.exposeHeaders");

        Assert.StartsWith("with allowCredentials browsers read '*' as a header name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryBadSetting_AllReportedWithPaths()
    {
        var result = TestConfigs.Load(WithPolicy(
            "{ type: cors, allowOrigins: [\"https://a.test/\", \"*\"], allowMethods: [GTE, get, CONNECT, \"*\"], allowHeaders: [\"bad name\"], exposeHeaders: [\"x:y\"] }"));

        Assert.Equal(
            [
                ("policies.web-cors.allowOrigins[0]", "'https://a.test/' has a path: an origin is scheme://host[:port] (did you mean 'https://a.test'?)"),
                ("policies.web-cors.allowOrigins[1]", "'*' allows every origin: it cannot be combined with other entries"),
                ("policies.web-cors.allowMethods[0]", "'GTE' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or '*' (did you mean 'GET'?)"),
                ("policies.web-cors.allowMethods[1]", "'get' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or '*' (did you mean 'GET'?)"),
                ("policies.web-cors.allowMethods[2]", "'CONNECT' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or '*'"),
                ("policies.web-cors.allowHeaders[0]", "'bad name' is not a valid header name"),
                ("policies.web-cors.exposeHeaders[0]", "'x:y' is not a valid header name"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void Validate_NoOriginsNoMethods_Reported()
    {
        var result = TestConfigs.Load(WithPolicy("{ type: cors, allowMethods: [] }"));

        Assert.Equal(
            [
                ("policies.web-cors.allowOrigins", "list the origins allowed, such as https://app.example.com, or '*' for any"),
                ("policies.web-cors.allowMethods", "list the methods allowed, such as [GET, POST], or '*' for any"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void Validate_NegativeMaxAge_ReportedByTheBinderOrRule()
    {
        var result = TestConfigs.Load(WithPolicy("{ type: cors, allowOrigins: [\"*\"], maxAge: -5s }"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("policies.web-cors.maxAge", error.Path);
    }

    [Fact]
    public void Validate_CorsAfterAuthenticationOnARoute_Reported()
    {
        if (Fulcrum.Gateway.PolicyRegistry.ConfigTypeFor("apiKey") is null)
        {
            // The apiKey policy lives in another folder; until it exists the rule has nothing to find.
            return;
        }

        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, policies: [keys, web-cors] }", StringComparison.Ordinal)
            + "policies:\n  web-cors: { type: cors, allowOrigins: [\"*\"] }\n  keys: { type: apiKey }\n";

        var result = TestConfigs.Load(text);

        Assert.Contains(result.Errors, e => e.Path == "routes.r.policies[1]"
            && e.Message == "cors policy 'web-cors' must come before apiKey policy 'keys': browsers send preflights without credentials");
    }
}
