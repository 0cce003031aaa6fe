using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class RouteSpecificityTests
{
    [Theory]
    // Host outranks path.
    [InlineData("{ hosts: [a.example.com], prefix: / }", "{ hosts: ['*.example.com'], path: /exact }")]
    [InlineData("{ hosts: ['*.example.com'] }", "{ path: /exact }")]
    [InlineData("{ hosts: ['*.a.example.com'] }", "{ hosts: ['*.example.com'] }")]
    // Path kinds, then their lengths.
    [InlineData("{ path: /a/b }", "{ path: /a/{id} }")]
    [InlineData("{ path: /a/{id} }", "{ prefix: /a/b/c }")]
    [InlineData("{ path: /a/b/{id} }", "{ path: /a/{id}/c }")]
    [InlineData("{ path: /a/{id} }", "{ path: /a/{**rest} }")]
    [InlineData("{ path: /a/{id}/{**rest} }", "{ path: /a/{**rest} }")]
    [InlineData("{ prefix: /image }", "{ prefix: /text }")]
    [InlineData("{ prefix: / }", "{ }")]
    // Then conditions.
    [InlineData("{ prefix: /a, methods: [GET] }", "{ prefix: /a }")]
    public void CompareTo_NarrowerRoute_IsGreater(string narrower, string broader)
    {
        var x = RouteMatcher.Compile(Parse(narrower)).Specificity;
        var y = RouteMatcher.Compile(Parse(broader)).Specificity;

        Assert.True(x.CompareTo(y) > 0, $"{x} should outrank {y}");
        Assert.True(y.CompareTo(x) < 0);
    }

    [Fact]
    public void CompareTo_SameShape_IsZero()
    {
        var x = RouteMatcher.Compile(new RouteMatchConfig { PathPrefix = "/abc" }).Specificity;
        var y = RouteMatcher.Compile(new RouteMatchConfig { PathPrefix = "/xyz" }).Specificity;

        Assert.Equal(0, x.CompareTo(y));
    }

    // A tiny notation keeps the theory rows readable; it knows only what these rows use.
    private static RouteMatchConfig Parse(string text)
    {
        var config = new RouteMatchConfig();
        foreach (var part in text.Trim()[1..^1].Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            var list = value.Trim('[', ']').Split(',').Select(s => s.Trim().Trim('\'')).ToArray();
            config = key switch
            {
                "hosts" => config with { Hosts = list },
                "methods" => config with { Methods = list },
                "path" => config with { Path = value },
                "prefix" => config with { PathPrefix = value },
                _ => throw new ArgumentException(key),
            };
        }

        return config;
    }
}
