using System.Net;
using BenchmarkDotNet.Attributes;
using Fulcrum.Clusters;
using Fulcrum.Listeners;
using Fulcrum.Pipeline;
using Fulcrum.Pipeline.Http1;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Benchmarks.Pipeline;

/// <summary>
/// The header work of one proxied request, as the route's transformer does it around YARP's header copy: a
/// browser-like request (11 headers) copied onto a new <see cref="HttpRequestMessage"/> with Host preserved,
/// X-Forwarded-For/Proto/Host, one header set and one removed; and an upstream response's 8 headers copied back
/// with one response header set. <see cref="NewRequestMessage"/> is the floor: the message YARP creates for every
/// request whatever the transforms do, so the difference is what header copying costs. The <c>Http1*</c> benchmarks
/// are the lean HTTP/1.1 path's version of the same work: the same request's head written as bytes (the request
/// line, Host, X-Forwarded-*, copied headers, transforms), and the same upstream response head parsed from bytes and
/// copied onto Kestrel's response with the route's response transforms.
/// </summary>
[MemoryDiagnoser]
public class HeaderCopyBenchmarks
{
    private const string Yaml = """
        listeners: { web: { address: 127.0.0.1:0 } }
        routes:
          api:
            match: { pathPrefix: /api }
            transforms:
              - { requestHeader: X-Gateway, set: fulcrum }
              - { requestHeaderRemove: X-Internal-Debug }
              - { responseHeader: X-Served-By, set: fulcrum }
            cluster: pool
        clusters: { pool: { destinations: { a: { address: "http://127.0.0.1:5001" } } } }
        """;

    private DefaultHttpContext _context = null!;
    private RouteModel _route = null!;
    private HttpResponseMessage _upstreamResponse = null!;
    private ListenerModel _listener = null!;
    private readonly Http1RequestHead _head = new();
    private readonly Http1HeaderLineCache _responseLines = new();
    private readonly DestinationModel _destination = new(new Uri("http://127.0.0.1:5001"), 1);
    private readonly byte[] _responseHead = System.Text.Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 18:00:00 GMT\r\nServer: nginx\r\nCache-Control: no-store\r\n"
        + "ETag: \"5f3e-1a2b\"\r\nX-Request-Id: 9b2c4d6e-8f10-4a12-b314-d516e718f920\r\nVary: Accept-Encoding\r\n"
        + "Content-Type: application/json\r\nContent-Length: 42\r\n\r\n");

    [GlobalSetup]
    public void Setup()
    {
        var listener = _listener = BenchmarkGateway.Compile(Yaml);
        _route = listener.Routes.OrderedRoutes.Single();

        _context = new DefaultHttpContext();
        var request = _context.Request;
        request.Method = "GET";
        request.Scheme = "http";
        request.Host = new HostString("api.example.com");
        request.Path = "/api/v1/items";
        request.QueryString = new QueryString("?page=2");
        var headers = request.Headers;
        headers.Host = "api.example.com";
        headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        headers.Accept = "application/json, text/plain, */*";
        headers.AcceptEncoding = "gzip, deflate, br";
        headers.AcceptLanguage = "en-GB,en;q=0.9";
        headers.Cookie = "session=3f2a9c1e8b7d4e6f; theme=dark";
        headers.Authorization = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        headers["X-Request-Id"] = "9b2c4d6e-8f10-4a12-b314-d516e718f920";
        headers["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        headers["X-Internal-Debug"] = "1";
        headers.Connection = "keep-alive";
        _context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        _context.Features.Set(new ProxyRequestFeature { Listener = listener, Route = _route });

        _upstreamResponse = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        var response = _upstreamResponse.Headers;
        response.TryAddWithoutValidation("Date", "Tue, 01 Dec 2026 18:00:00 GMT");
        response.TryAddWithoutValidation("Server", "nginx");
        response.TryAddWithoutValidation("Cache-Control", "no-store");
        response.TryAddWithoutValidation("ETag", "\"5f3e-1a2b\"");
        response.TryAddWithoutValidation("X-Request-Id", "9b2c4d6e-8f10-4a12-b314-d516e718f920");
        response.TryAddWithoutValidation("Vary", "Accept-Encoding");
        _upstreamResponse.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        _upstreamResponse.Content.Headers.TryAddWithoutValidation("Content-Length", "42");

        using var probe = TransformRequest();
        if (probe.Headers.Host != "api.example.com" || !probe.Headers.Contains("X-Gateway") || probe.Headers.Contains("X-Internal-Debug"))
        {
            throw new InvalidOperationException("the transforms did not apply to the benchmark request");
        }

        Http1WriteRequestHead();
        var written = System.Text.Encoding.ASCII.GetString(_head.Written.Span);
        if (!written.StartsWith("GET /api/v1/items?page=2 HTTP/1.1\r\nHost: api.example.com\r\n", StringComparison.Ordinal)
            || !written.Contains("X-Gateway: fulcrum\r\n", StringComparison.Ordinal) || written.Contains("X-Internal-Debug", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the lean head writer did not write the benchmark request:\n" + written);
        }

        if (Http1ParseResponseHead() != _responseHead.Length)
        {
            throw new InvalidOperationException("the lean parser did not parse the benchmark response head");
        }
    }

    [Benchmark(Baseline = true)]
    public HttpRequestMessage NewRequestMessage() => new();

    /// <summary>YARP's plain header copy (<c>HttpTransformer.Empty</c>), to tell its share from Fulcrum's own work.</summary>
    [Benchmark]
    public HttpRequestMessage CopyOnly()
    {
        var message = new HttpRequestMessage();
        Yarp.ReverseProxy.Forwarder.HttpTransformer.Empty.TransformRequestAsync(_context, message, "http://127.0.0.1:5001/", CancellationToken.None).GetAwaiter().GetResult();
        return message;
    }

    [Benchmark]
    public HttpRequestMessage TransformRequest()
    {
        var message = new HttpRequestMessage();
        _route.Transformer.TransformRequestAsync(_context, message, "http://127.0.0.1:5001/", CancellationToken.None).GetAwaiter().GetResult();
        return message;
    }

    [Benchmark]
    public bool TransformResponse()
    {
        _context.Response.Headers.Clear();
        return _route.Transformer.TransformResponseAsync(_context, _upstreamResponse, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Http1WriteRequestHead()
    {
        Http1RequestWriter.Write(_head, _context, _route.Transformer, _destination, _listener.TrustedProxies, Http1RequestWriter.BodyFraming.None, 0);
        return _head.Length;
    }

    [Benchmark]
    public int Http1ParseResponseHead()
    {
        Http1ResponseParser.TryParse(_responseHead, out var head);
        return head.Length;
    }

    /// <summary>Parse, copy onto Kestrel's response (the values become strings there), response transforms.</summary>
    [Benchmark]
    public int Http1CopyResponseHead()
    {
        _context.Response.Headers.Clear();
        Http1ResponseParser.TryParse(_responseHead, out var head);
        Http1ResponseParser.CopyTo(_responseHead, head, _responseLines, _context.Response);
        _route.Transformer.ApplyResponse(_context, head.StatusCode);
        return head.Length;
    }
}
