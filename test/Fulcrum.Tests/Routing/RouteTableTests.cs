using Fulcrum.Tests.Common;
using Fulcrum.Configuration;
using Fulcrum.Routing;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Routing;

public class RouteTableTests
{
    [Fact]
    public void Find_NoRoutes_ReturnsNull()
    {
        var table = new RouteTable<string>([]);

        Assert.Null(table.Find(TestRequests.Create()));
        Assert.Empty(table.OrderedRoutes);
    }

    [Fact]
    public void Find_NothingMatches_ReturnsNull()
    {
        var table = Table(
            Entry("text", new RouteMatchConfig { PathPrefix = "/text" }),
            Entry("api", new RouteMatchConfig { Hosts = ["api.example.com"] }));

        Assert.Null(table.Find(TestRequests.Create(host: "web.example.com", path: "/image")));
    }

    [Theory]
    [InlineData("/text", "text")]
    [InlineData("/text/chat/completions", "text")]
    [InlineData("/image/generate", "image")]
    [InlineData("/voice", "voice")]
    [InlineData("/voice/", "voice")]
    [InlineData("/textual", "fallback")]
    [InlineData("/", "fallback")]
    [InlineData("/video", "fallback")]
    public void Find_SeedsDemo_RoutesByPrefixWithCatchAllLast(string path, string expected)
    {
        var table = SeedsDemo();

        Assert.Equal(expected, table.Find(TestRequests.Create(path: path)));
    }

    [Fact]
    public void OrderedRoutes_SeedsDemo_LongerPrefixesFirstAndCatchAllLast()
    {
        var table = SeedsDemo();

        // "/image" and "/voice" are one character longer than "/text"; equal lengths fall back to the name.
        Assert.Equal(["image", "voice", "text", "fallback"], table.OrderedRoutes);
    }

    [Fact]
    public void Find_ExplicitOrder_WinsOverSpecificity()
    {
        var table = Table(
            Entry("exact", new RouteMatchConfig { Path = "/text/a" }),
            Entry("broad", new RouteMatchConfig { PathPrefix = "/" }, order: 10));

        Assert.Equal("broad", table.Find(TestRequests.Create(path: "/text/a")));
    }

    [Fact]
    public void OrderedRoutes_MixedOrders_ExplicitAscendingThenBySpecificity()
    {
        var table = Table(
            Entry("unordered-prefix", new RouteMatchConfig { PathPrefix = "/a" }),
            Entry("order-5", new RouteMatchConfig { PathPrefix = "/" }, order: 5),
            Entry("unordered-exact", new RouteMatchConfig { Path = "/a" }),
            Entry("order-minus-1", new RouteMatchConfig(), order: -1),
            Entry("order-5-exact", new RouteMatchConfig { Path = "/b" }, order: 5),
            Entry("unordered-template", new RouteMatchConfig { Path = "/a/{id}" }));

        Assert.Equal(
            ["order-minus-1", "order-5-exact", "order-5", "unordered-exact", "unordered-template", "unordered-prefix"],
            table.OrderedRoutes);
    }

    [Fact]
    public void OrderedRoutes_Specificity_HostThenPathThenConditions()
    {
        var table = Table(
            Entry("none", new RouteMatchConfig()),
            Entry("prefix-short", new RouteMatchConfig { PathPrefix = "/a" }),
            Entry("prefix-long", new RouteMatchConfig { PathPrefix = "/a/b" }),
            Entry("prefix-long-get", new RouteMatchConfig { PathPrefix = "/a/b", Methods = ["GET"] }),
            Entry("template-catch-all", new RouteMatchConfig { Path = "/a/{**rest}" }),
            Entry("template-two-literals", new RouteMatchConfig { Path = "/a/b/{id}" }),
            Entry("template-one-literal", new RouteMatchConfig { Path = "/a/{id}" }),
            Entry("exact", new RouteMatchConfig { Path = "/a/b" }),
            Entry("wildcard", new RouteMatchConfig { Hosts = ["*.example.com"] }),
            Entry("exact-host", new RouteMatchConfig { Hosts = ["api.example.com"] }));

        Assert.Equal(
            [
                "exact-host", "wildcard", "exact", "template-two-literals", "template-one-literal", "template-catch-all",
                "prefix-long-get", "prefix-long", "prefix-short", "none",
            ],
            table.OrderedRoutes);
    }

    [Fact]
    public void OrderedRoutes_InputOrderShuffled_SameOrder()
    {
        RouteTableEntry<string>[] entries =
        [
            Entry("b", new RouteMatchConfig { PathPrefix = "/x" }),
            Entry("a", new RouteMatchConfig { PathPrefix = "/y" }),
            Entry("c", new RouteMatchConfig { PathPrefix = "/z" }),
            Entry("B", new RouteMatchConfig { PathPrefix = "/w" }),
        ];

        var forward = new RouteTable<string>(entries).OrderedRoutes;
        var backward = new RouteTable<string>(entries.Reverse()).OrderedRoutes;

        Assert.Equal(["B", "a", "b", "c"], forward);
        Assert.Equal(forward, backward);
    }

    [Theory]
    [InlineData("api.example.com", "/a", "exact-host")]
    [InlineData("API.EXAMPLE.COM:8443", "/a", "exact-host")]
    [InlineData("api.example.com", "/b", "wildcard")]
    [InlineData("api.example.com", "/c", "any-host")]
    [InlineData("web.example.com", "/a", null)]
    [InlineData("web.example.com", "/b", "wildcard")]
    [InlineData("other.org", "/b", null)]
    [InlineData("other.org", "/c", "any-host")]
    [InlineData("", "/c", "any-host")]
    public void Find_HostBuckets_MergeWildcardAndHostlessRoutes(string host, string path, string? expected)
    {
        var table = Table(
            Entry("exact-host", new RouteMatchConfig { Hosts = ["api.example.com"], PathPrefix = "/a" }),
            Entry("wildcard", new RouteMatchConfig { Hosts = ["*.example.com"], PathPrefix = "/b" }),
            Entry("any-host", new RouteMatchConfig { PathPrefix = "/c" }));

        Assert.Equal(expected, table.Find(TestRequests.Create(host: host, path: path)));
    }

    [Fact]
    public void Find_HostlessRouteWithOrder_BeatsExactHostRoute()
    {
        var table = Table(
            Entry("exact-host", new RouteMatchConfig { Hosts = ["api.example.com"] }),
            Entry("maintenance", new RouteMatchConfig(), order: 0));

        Assert.Equal("maintenance", table.Find(TestRequests.Create(host: "api.example.com")));
    }

    [Fact]
    public void Find_RouteWithExactAndWildcardHosts_MatchesBoth()
    {
        var table = Table(
            Entry("both", new RouteMatchConfig { Hosts = ["example.com", "*.example.com"] }),
            Entry("fallback", new RouteMatchConfig()));

        Assert.Equal("both", table.Find(TestRequests.Create(host: "example.com")));
        Assert.Equal("both", table.Find(TestRequests.Create(host: "www.example.com")));
        Assert.Equal("fallback", table.Find(TestRequests.Create(host: "example.org")));
    }

    [Fact]
    public void Find_ConditionsDecideBetweenSamePath()
    {
        var table = Table(
            Entry("premium", new RouteMatchConfig
            {
                PathPrefix = "/text",
                Methods = ["POST"],
                Headers = [new HeaderMatchConfig { Name = "X-Tier", Value = "premium" }],
            }),
            Entry("text", new RouteMatchConfig { PathPrefix = "/text" }));

        Assert.Equal("premium", table.Find(TestRequests.Create("POST", path: "/text/a", headers: ("X-Tier", "premium"))));
        Assert.Equal("text", table.Find(TestRequests.Create("GET", path: "/text/a", headers: ("X-Tier", "premium"))));
        Assert.Equal("text", table.Find(TestRequests.Create("POST", path: "/text/a")));
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => Table(
            Entry("a", new RouteMatchConfig()),
            Entry("a", new RouteMatchConfig { PathPrefix = "/a" })));
    }

    [Fact]
    public void Find_AfterWarmUp_AllocatesNothing()
    {
        var table = new RouteTable<string>(HundredRoutes());
        Assert.Equal(100, table.OrderedRoutes.Count);

        (HttpRequest Request, string? Expected)[] cases =
        [
            (TestRequests.Create("GET", "h7.example.com:8080", "/svc7/orders"), "exact-host-7"),
            (TestRequests.Create("POST", "H12.EXAMPLE.COM", "/svc12"), "exact-host-12"),
            (TestRequests.Create("GET", "a.w3.example.com", "/api/42/more/stuff"), "wildcard-3"),
            (TestRequests.Create("GET", "[::1]:5000", "/p4/x", headers: ("X-Tier", "Premium")), "header-value-4"),
            (TestRequests.Create("GET", null, "/r5", headers: [("X-Client", "curl"), ("X-Client", "app-1.2")]), "header-regex-5"),
            (TestRequests.Create("GET", "example.org", "/t6/9", "?mode=a%20b&x=1"), "query-value-6"),
            (TestRequests.Create("GET", "example.org", "/t7/9", "?mode=a+b"), "query-value-7"),
            (TestRequests.Create("GET", "example.org", "/q8/1", "?debug&q=%E2%82%AC"), "query-present-8"),
            (TestRequests.Create("GET", "example.org", "/e9"), "exact-9"),
            (TestRequests.Create("GET", "h1.example.com", "/e2"), "exact-2"),
            (TestRequests.Create("GET", "h1.example.com", "/nowhere", "?q=%E2%82%AC"), null),
        ];

        foreach (var (request, expected) in cases)
        {
            Assert.Equal(expected, table.Find(request));
        }

        var next = 0;
        var allocated = Allocations.SteadyStateBytes(() => _ = table.Find(cases[next++ % cases.Length].Request));

        Assert.Equal(0, allocated);
    }

    private static RouteTable<string> SeedsDemo() => Table(
        Entry("fallback", new RouteMatchConfig { PathPrefix = "/" }),
        Entry("voice", new RouteMatchConfig { PathPrefix = "/voice" }),
        Entry("text", new RouteMatchConfig { PathPrefix = "/text" }),
        Entry("image", new RouteMatchConfig { PathPrefix = "/image" }));

    private static IEnumerable<RouteTableEntry<string>> HundredRoutes()
    {
        for (var i = 0; i < 30; i++)
        {
            yield return Entry($"exact-host-{i}", new RouteMatchConfig
            {
                Hosts = [$"h{i}.example.com"],
                PathPrefix = $"/svc{i}",
                Methods = ["GET", "POST"],
            });
        }

        for (var i = 0; i < 20; i++)
        {
            yield return Entry($"wildcard-{i}", new RouteMatchConfig { Hosts = [$"*.w{i}.example.com"], Path = "/api/{id}/{**rest}" });
        }

        for (var i = 0; i < 10; i++)
        {
            yield return Entry($"header-value-{i}", new RouteMatchConfig
            {
                PathPrefix = $"/p{i}",
                Headers = [new HeaderMatchConfig { Name = "X-Tier", Values = ["gold", "premium"] }],
            });
            yield return Entry($"header-regex-{i}", new RouteMatchConfig
            {
                Path = $"/r{i}",
                Headers = [new HeaderMatchConfig { Name = "X-Client", Regex = "^app-[0-9.]+$" }],
            });
            yield return Entry($"query-value-{i}", new RouteMatchConfig
            {
                Path = $"/t{i}/{{id}}",
                Query = [new QueryMatchConfig { Name = "mode", Value = "a b" }, new QueryMatchConfig { Name = "y", Present = false }],
            });
            yield return Entry($"query-present-{i}", new RouteMatchConfig
            {
                Path = $"/q{i}/{{id}}",
                Query = [new QueryMatchConfig { Name = "debug", Present = true }, new QueryMatchConfig { Name = "q", Regex = "€" }],
            });
            yield return Entry($"exact-{i}", new RouteMatchConfig { Path = $"/e{i}", Methods = ["GET"] });
        }
    }

    private static RouteTable<string> Table(params RouteTableEntry<string>[] entries) => new(entries);

    private static RouteTableEntry<string> Entry(string name, RouteMatchConfig match, int? order = null) =>
        new(name, order, RouteMatcher.Compile(match), name);
}
