using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class PolicyRulesTests
{
    [Theory]
    [InlineData("apiKey")]
    [InlineData("jwt")]
    [InlineData("rateLimit")]
    [InlineData("ipFilter")]
    [InlineData("requestSize")]
    [InlineData("cors")]
    [InlineData("headers")]
    public void Validate_KnownTypeNotAttached_Passes(string type)
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + $"policies:\n  p: {{ type: {type}, anything: [1, {{ a: b }}] }}\n");

        Assert.Equal(type, config.Policies["p"].Type);
    }

    [Fact]
    public void Validate_TypeMissing_ReportsRequiredWithTypes()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  p:\n    limit: 100\n", "policies.p.type");

        Assert.Equal("a policy type is required: one of apiKey, jwt, rateLimit, ipFilter, requestSize, cors, headers", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("ratelimit", " (did you mean 'rateLimit'?)")]
    [InlineData("apikey", " (did you mean 'apiKey'?)")]
    [InlineData("jtw", " (did you mean 'jwt'?)")]
    [InlineData("oauth2", "")]
    public void Validate_UnknownType_ReportsTypesAndSuggestion(string type, string suggestion)
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + $"policies:\n  p:\n    type: {type}\n", "policies.p.type");

        Assert.Equal($"'{type}' is not one of apiKey, jwt, rateLimit, ipFilter, requestSize, cors, headers{suggestion}", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 6, 11), error.Location);
    }

    [Fact]
    public void Validate_KnownTypeAttachedToRoute_IsRefusedUntilEnforced()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              r:
                cluster: c
                policies:
                  - cors
                  - keys
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            policies:
              keys: { type: apiKey, header: X-Api-Key }
              cors: { type: cors }
            """;

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (6, "routes.r.policies[0]", "policy type 'cors' is not enforced by this build yet; remove it from the route"),
                (7, "routes.r.policies[1]", "policy type 'apiKey' is not enforced by this build yet; remove it from the route"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path, e.Message)));
    }

    [Fact]
    public void Validate_UnknownTypeAttachedToRoute_ReportsOnlyTheType()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, policies: [p] }", StringComparison.Ordinal)
            + "policies: { p: { type: magic } }\n";

        var error = TestConfigs.SingleError(text, "policies.p.type");

        Assert.StartsWith("'magic' is not one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralPolicies_ReportsEach()
    {
        var text = TestConfigs.Minimal + "policies:\n  a: { type: apiKey }\n  b: {}\n  c: { type: Cors }\n";

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [(6, "policies.b.type"), (7, "policies.c.type")],
            result.Errors.Select(e => (e.Location.Line, e.Path)));
    }
}
