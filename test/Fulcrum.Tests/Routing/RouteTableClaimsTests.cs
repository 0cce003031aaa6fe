using System.Security.Claims;
using Fulcrum.Configuration;
using Fulcrum.Routing;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Routing;

/// <summary>Routes with <c>match.claims</c>: bound to a token validator by the table, tried before the same route without.</summary>
public class RouteTableClaimsTests
{
    private static readonly RouteMatchConfig Premium = new()
    {
        PathPrefix = "/api",
        Claims = new Dictionary<string, IReadOnlyList<string>> { ["tier"] = ["premium"] },
    };

    private static readonly RouteMatchConfig Free = new() { PathPrefix = "/api" };

    [Theory]
    [InlineData("premium", "premium")]
    [InlineData("free", "free")]
    [InlineData(null, "free")]
    public void Find_ClaimsRoute_MatchesOnlyWithTheClaim(string? tier, string expected)
    {
        var source = new FakeSource(tier is null ? null : new ClaimsIdentity([new Claim("tier", tier)], "jwt"));
        var table = Table(source);

        Assert.Equal(expected, table.Find(TestRequests.Create(path: "/api/chat")));
    }

    [Fact]
    public void Find_OtherConditionsFail_ValidatorNotAsked()
    {
        var source = new FakeSource(new ClaimsIdentity([new Claim("tier", "premium")], "jwt"));
        var table = Table(source);

        Assert.Null(table.Find(TestRequests.Create(path: "/other")));
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public void OrderedRoutes_ClaimsCountAsConditions_ClaimsRouteFirst()
    {
        Assert.Equal(["premium", "free"], Table(new FakeSource(null)).OrderedRoutes);
    }

    [Fact]
    public void Constructor_ClaimsRouteWithoutValidator_Throws()
    {
        var entries = new[] { new RouteTableEntry<string>("premium", null, RouteMatcher.Compile(Premium), "premium") };

        var error = Assert.Throws<ArgumentException>(() => new RouteTable<string>(entries, _ => null));
        Assert.Contains("route 'premium' matches on claims but has no jwt policy", error.Message);
    }

    [Fact]
    public void Find_RouteWithoutClaimsBesideClaimsRoute_AllocatesNothing()
    {
        var claimsRoute = Premium with { PathPrefix = "/premium" };
        var table = new RouteTable<string>(
            [
                new RouteTableEntry<string>("free", null, RouteMatcher.Compile(Free), "free"),
                new RouteTableEntry<string>("premium", null, RouteMatcher.Compile(claimsRoute), "premium"),
            ],
            _ => new FakeSource(null));
        var request = TestRequests.Create(path: "/api/chat");

        Assert.Equal("free", table.Find(request));
        Assert.Equal(0, Allocations.SteadyStateBytes(() => table.Find(request)));
    }

    private static RouteTable<string> Table(FakeSource source) => new(
        [
            new RouteTableEntry<string>("free", null, RouteMatcher.Compile(Free), "free"),
            new RouteTableEntry<string>("premium", null, RouteMatcher.Compile(Premium), "premium"),
        ],
        _ => source);

    private sealed class FakeSource(ClaimsIdentity? identity) : ITokenClaimsSource
    {
        public int Calls { get; private set; }

        public ClaimsIdentity? ValidatedClaims(HttpContext context)
        {
            Calls++;
            return identity;
        }

        public ValueTask PrepareAsync(HttpContext context) => default;
    }
}
