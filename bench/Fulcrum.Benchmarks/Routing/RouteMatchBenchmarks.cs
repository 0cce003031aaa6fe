using BenchmarkDotNet.Attributes;
using Fulcrum.Routing;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Benchmarks.Routing;

/// <summary>
/// <see cref="RouteTable{TRoute}.Find"/> on <see cref="BenchmarkRouteTable"/> (100 routes) for request shapes from
/// the cheapest (the first candidate matches) to the dearest (every candidate is tried and none matches).
/// Bar: 0 B allocated per lookup.
/// </summary>
[MemoryDiagnoser]
public class RouteMatchBenchmarks
{
    private RouteTable<string> _table = null!;
    private HttpRequest _first = null!;
    private HttpRequest _hostBucketed = null!;
    private HttpRequest _template = null!;
    private HttpRequest _headerAndQuery = null!;
    private HttpRequest _last = null!;
    private HttpRequest _noMatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchmarkRouteTable.Create();

        // Each request is checked against the route and scan depth its benchmark is named for, so a change to the
        // ordering rules cannot silently turn "Last" into something cheaper.
        _first = Expect(BenchmarkRequests.Create("shop.tenant0.example.net", "/app/cart"), "tenant-0", position: 0);
        _hostBucketed = Expect(BenchmarkRequests.Create("api3.example.com", "/v2/users/42"), "host-3-v2-users", position: 3);
        _template = Expect(BenchmarkRequests.Create("www.example.org", "/catalog7/123/images/1"), "template-7", position: 22);
        _headerAndQuery = Expect(
            BenchmarkRequests.Create("www.example.org", "/feature2/x", "?beta=1", ("X-Tier", "premium")), "feature-2", position: 27);
        _last = Expect(BenchmarkRequests.Create("www.example.org", "/svc49/items/42"), "svc-49", position: 79);
        _noMatch = Expect(BenchmarkRequests.Create("www.example.org", "/nothing/here"), null, position: 80);
    }

    /// <summary>A wildcard-host request matching the first candidate tried.</summary>
    [Benchmark]
    public string? FirstRoute() => _table.Find(_first);

    /// <summary>An exact host: one dictionary probe to the host's bucket, then its 4th route.</summary>
    [Benchmark]
    public string? HostBucketed() => _table.Find(_hostBucketed);

    /// <summary>A path template with a parameter and a catch-all, 23rd candidate.</summary>
    [Benchmark]
    public string? Template() => _table.Find(_template);

    /// <summary>A prefix gated on a header value and a query parameter, 28th candidate.</summary>
    [Benchmark]
    public string? HeaderAndQuery() => _table.Find(_headerAndQuery);

    /// <summary>The last of 80 candidates for a host no route names.</summary>
    [Benchmark]
    public string? LastRoute() => _table.Find(_last);

    /// <summary>All 80 candidates tried, none matches (the 404 path).</summary>
    [Benchmark]
    public string? NoMatch() => _table.Find(_noMatch);

    private HttpRequest Expect(HttpRequest request, string? route, int position)
    {
        var found = _table.Find(request);
        var (actual, candidates) = BenchmarkRouteTable.ScanPosition(_table, request);
        if (found != route || actual != position)
        {
            throw new InvalidOperationException(
                $"{request.Headers.Host}{request.Path}: expected {route ?? "no route"} at candidate {position}, " +
                $"found {found ?? "no route"} at candidate {actual} of {candidates}");
        }

        return request;
    }
}
