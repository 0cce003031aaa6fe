using Microsoft.AspNetCore.Http;

namespace Fulcrum.Benchmarks.Routing;

/// <summary>Builds requests the way Kestrel presents them (raw Host header, decoded path), without a server.</summary>
internal static class BenchmarkRequests
{
    public static HttpRequest Create(string host, string path, string? query = null, params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Get;
        request.Scheme = "http";
        request.Headers.Host = host;
        request.Path = new PathString(path);
        if (query is not null)
        {
            request.QueryString = new QueryString(query);
        }

        // Headers every real request carries, so that header lookups search a realistic dictionary.
        request.Headers.UserAgent = "wrk/4.2";
        request.Headers.Accept = "*/*";
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }
}
