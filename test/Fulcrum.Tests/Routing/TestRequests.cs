using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Routing;

/// <summary>Builds requests the way Kestrel presents them, without a server.</summary>
internal static class TestRequests
{
    public static HttpRequest Create(
        string method = "GET",
        string? host = "example.com",
        string path = "/",
        string? query = null,
        params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        request.Path = new PathString(path);
        if (query is not null)
        {
            request.QueryString = new QueryString(query);
        }

        // Append rather than set, so a name given twice arrives as one header with two values.
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }
}
