using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// Per-route size limits. A body announced by Content-Length over <c>maxBodySize</c> is refused with 413 before a
/// byte of it is read or anything is forwarded; one within it runs under Kestrel's per-request
/// <see cref="IHttpMaxRequestBodySizeFeature"/> set to the limit. A body of unknown length (chunked) is limited
/// while it streams, nothing buffered: <see cref="SizeLimitedBody"/> counts it and fails the read that passes the
/// limit, and turns the failure the forwarder reports into 413. Either way the destination never receives more
/// than the limit. Requests within the limits allocate nothing here, except that a body of unknown length gets
/// its counting wrapper. Thread-safe: no per-request state is kept on the policy.
/// </summary>
internal sealed class RequestSizePolicy : IRequestPolicy
{
    /// <summary>Slack over twice the limit for Kestrel's backstop on chunked bodies: framing of small bodies.</summary>
    private const long DrainHeadroom = 64 * 1024;

    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);

    private readonly string _name;
    private readonly long? _maxBodySize;
    private readonly long? _maxHeadersSize;
    private readonly long? _maxUrlLength;
    private readonly byte[] _bodyTooLarge;
    private readonly byte[] _headersTooLarge;
    private readonly byte[] _urlTooLong;
    private readonly ILogger _logger;

    public RequestSizePolicy(string name, long? maxBodySize, long? maxHeadersSize, long? maxUrlLength, ILoggerFactory loggerFactory)
    {
        _name = name;
        _maxBodySize = maxBodySize;
        _maxHeadersSize = maxHeadersSize;
        _maxUrlLength = maxUrlLength;
        _bodyTooLarge = AccessResponses.Encode(new { error = "request body too large", limit = maxBodySize, status = 413 });
        _headersTooLarge = AccessResponses.Encode(new { error = "request headers too large", limit = maxHeadersSize, status = 431 });
        _urlTooLong = AccessResponses.Encode(new { error = "request URL too long", limit = maxUrlLength, status = 414 });
        _logger = loggerFactory.CreateLogger<RequestSizePolicy>();
    }

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        if (_maxUrlLength is { } maxUrl && UrlLength(context) > maxUrl)
        {
            return RefuseAsync(context, "URL", maxUrl, StatusCodes.Status414UriTooLong, _urlTooLong);
        }

        if (_maxHeadersSize is { } maxHeaders && HeadersSize(context.Request.Headers) > maxHeaders)
        {
            return RefuseAsync(context, "headers", maxHeaders, StatusCodes.Status431RequestHeaderFieldsTooLarge, _headersTooLarge);
        }

        if (_maxBodySize is not { } maxBody)
        {
            return Continue;
        }

        var length = context.Request.ContentLength;
        if (length > maxBody)
        {
            // Set before answering too: Kestrel then closes instead of draining the unwanted body.
            SetServerLimit(context, maxBody);
            context.Response.Headers.Connection = "close";
            return RefuseAsync(context, "body", maxBody, StatusCodes.Status413PayloadTooLarge, _bodyTooLarge);
        }

        if (length is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            // Unknown length: the wrapper counts the data exactly. Kestrel counts chunked framing as well (a
            // 999-byte body in one chunk trips a limit of 1000 there), so its limit is only a backstop, loose
            // enough for any sensible chunking, that stops the read-and-discard drain after a refusal.
            SetServerLimit(context, maxBody > (long.MaxValue - DrainHeadroom) / 2 ? null : (2 * maxBody) + DrainHeadroom);
            SizeLimitedBody.Install(context, maxBody);
        }
        else
        {
            // Content-Length bodies need no wrapper: the server holds the client to the length it announced.
            // The route's limit replaces the listener's (upwards too) for this request.
            SetServerLimit(context, maxBody);
        }

        return Continue;
    }

    private static void SetServerLimit(HttpContext context, long? limit)
    {
        // Read-only once something has read the body; the Content-Length check and the wrapper still apply then.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>The request target as the client sent it (path and query), which is what a URL limit is about.</summary>
    internal static long UrlLength(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw)
        {
            return raw.Length;
        }

        var request = context.Request;
        return (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
    }

    /// <summary>Header lines as they would be written in HTTP/1.1: <c>Name: value\r\n</c> per value.</summary>
    internal static long HeadersSize(IHeaderDictionary headers)
    {
        long size = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                size += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        return size;
    }

    private ValueTask<bool> RefuseAsync(HttpContext context, string what, long limit, int status, byte[] body)
    {
        AccessPolicyLog.RequestTooLarge(_logger, _name, what, limit, status);
        return WriteAsync(context, status, body);
    }

    private static async ValueTask<bool> WriteAsync(HttpContext context, int status, byte[] body)
    {
        await GatewayResponses.WriteAsync(context, status, body);
        return false;
    }
}
