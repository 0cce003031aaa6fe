using BenchmarkDotNet.Attributes;
using Fulcrum.Pipeline;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Benchmarks.Gateway;

/// <summary>
/// A route's policy chain on the success path, as the proxy handler runs it: an API key check followed by a
/// local token-bucket rate limit partitioned by the key's consumer, against a route with no policies. The limit
/// is far above what a run can spend, so every request is admitted. Bar: 0 B allocated per request.
/// </summary>
[MemoryDiagnoser]
public class PolicyChainBenchmarks
{
    // SHA-256 of "bench-key-1234567890".
    private const string Yaml = """
        listeners: { web: { address: 127.0.0.1:0 } }
        routes:
          plain: { match: { pathPrefix: /plain }, cluster: pool }
          guarded: { match: { pathPrefix: /guarded }, policies: [keys, rate], cluster: pool }
        clusters: { pool: { destinations: { a: { address: "http://127.0.0.1:5001" } } } }
        policies:
          keys: { type: apiKey, keys: [{ id: bench, sha256: "{{SHA}}" }] }
          rate: { type: rateLimit, algorithm: tokenBucket, limit: 1000000000, period: 1s, partitionBy: consumer }
        """;

    private DefaultHttpContext _context = null!;
    private ProxyRequestFeature _plain = null!;
    private ProxyRequestFeature _guarded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("bench-key-1234567890"u8));
        var listener = BenchmarkGateway.Compile(Yaml.Replace("{{SHA}}", digest, StringComparison.Ordinal));
        var routes = listener.Routes.OrderedRoutes.ToDictionary(r => r.Name);
        _plain = new ProxyRequestFeature { Listener = listener, Route = routes["plain"] };
        _guarded = new ProxyRequestFeature { Listener = listener, Route = routes["guarded"] };

        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/guarded/chat";
        _context.Request.Headers["X-Api-Key"] = "bench-key-1234567890";
        _context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        if (!Run(_guarded))
        {
            throw new InvalidOperationException("the guarded chain refused the benchmark request");
        }
    }

    [Benchmark(Baseline = true)]
    public bool NoPolicies() => Run(_plain);

    [Benchmark]
    public bool ApiKeyThenRateLimit() => Run(_guarded);

    private bool Run(ProxyRequestFeature feature)
    {
        // The apiKey policy strips the key before forwarding; put it back as every new request would carry it.
        _context.Request.Headers["X-Api-Key"] = "bench-key-1234567890";
        foreach (var policy in feature.Route.Policies)
        {
            var decision = policy.ApplyAsync(_context, feature);
            if (!decision.IsCompletedSuccessfully || !decision.Result)
            {
                return false;
            }
        }

        return true;
    }
}
