using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Routing;

/// <summary>Validation of <c>match.claims</c>: values given, and a jwt policy on the route to judge them.</summary>
public class ClaimsRouteRulesTests
{
    private const string Jwt = "{ type: jwt, secret: \"0123456789abcdef0123456789abcdef\", issuer: i, audiences: [a] }";

    private static string WithRoute(string route, string policies = "") => $$"""
        listeners: { web: { address: 127.0.0.1:8080 } }
        routes:
          r: {{route}}
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
        policies:
          auth: {{Jwt}}
          keys: { type: apiKey, keys: [{ id: a, sha256: "{{new string('a', 64)}}" }] }
        {{policies}}
        """;

    [Fact]
    public void Load_ClaimsWithJwtPolicy_BindsValuesAsLists()
    {
        var config = TestConfigs.LoadValid(WithRoute("{ match: { claims: { tier: premium, scope: [read, write] } }, policies: [keys, auth], cluster: c }"));

        var claims = config.Routes["r"].Match.Claims;
        Assert.Equal(["premium"], claims["tier"]);
        Assert.Equal(["read", "write"], claims["scope"]);
    }

    [Fact]
    public void Validate_ClaimsWithoutJwtPolicy_ReportedAtClaims()
    {
        var error = TestConfigs.SingleError(WithRoute("{ match: { claims: { tier: premium } }, policies: [keys], cluster: c }"), "routes.r.match.claims");

        Assert.Equal("matching on claims needs a jwt policy in this route's policies, to validate the token", error.Message);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Validate_EmptyValues_ReportedPerClaim()
    {
        var result = TestConfigs.Load(WithRoute("{ match: { claims: { tier: [], region: [\"\"] } }, policies: [auth], cluster: c }"));

        Assert.Equal(
            [
                ("routes.r.match.claims.tier", "an empty list matches nothing: give at least one value"),
                ("routes.r.match.claims.region[0]", "a claim value cannot be empty"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void Validate_ClaimsWithUnknownPolicy_OnlyTheUnknownPolicyReported()
    {
        var error = TestConfigs.SingleError(WithRoute("{ match: { claims: { tier: premium } }, policies: [nope], cluster: c }"), "routes.r.policies[0]");

        Assert.StartsWith("unknown policy 'nope'", error.Message);
    }
}
