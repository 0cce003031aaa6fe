using Fulcrum.Pipeline.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Pipeline.Transforms;

/// <summary>
/// One route's request and response rewriting around YARP's default header copy: the upstream address and path,
/// Host, X-Forwarded-*, configured header sets and removals, and swallowing a retryable upstream status.
/// </summary>
internal sealed class RouteTransformer : HttpTransformer
{
    private readonly PathTransform _path;
    private readonly bool _preserveHost;
    private readonly HeaderTransform[] _request;
    private readonly HeaderTransform[] _response;
    private readonly string? _upstreamHost;

    /// <param name="upstreamHost">
    /// The cluster's <c>http.tls.serverName</c>, sent as Host whatever preserveHost says: the upstream client takes its
    /// SNI and the certificate's expected name from the Host header, so this is how the name reaches the handshake.
    /// </param>
    public RouteTransformer(PathTransform path, bool preserveHost, HeaderTransform[] request, HeaderTransform[] response, string? upstreamHost = null)
    {
        _path = path;
        _upstreamHost = upstreamHost;
        _preserveHost = preserveHost;
        _request = request;
        _response = response;
    }

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        var encodedPath = TransformPath(httpContext, out var path);
        if (encodedPath is null)
        {
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, request.QueryString);
        }
        else
        {
            var prefix = destinationPrefix.EndsWith('/') && encodedPath.StartsWith('/') ? destinationPrefix[..^1] : destinationPrefix;
            proxyRequest.RequestUri = new Uri(prefix + encodedPath + request.QueryString.ToUriComponent(), UriKind.Absolute);
        }

        // YARP's header copy includes the client's Host; null sends the destination's own authority (see UpstreamHost).
        proxyRequest.Headers.Host = UpstreamHost(request);

        var feature = httpContext.Features.GetRequiredFeature<ProxyRequestFeature>();
        ForwardedHeaders.Apply(httpContext, new HttpRequestMessageHeadersTarget(proxyRequest.Headers), feature.Listener.TrustedProxies);

        foreach (var transform in _request)
        {
            // HttpClient keeps Content-* headers on the content, and both collections throw on a name that belongs
            // to the other, so each transform goes to the one collection its header lives in.
            if (!transform.IsContentHeader)
            {
                proxyRequest.Headers.Remove(transform.Name);
                if (transform.Value is not null)
                {
                    proxyRequest.Headers.TryAddWithoutValidation(transform.Name, transform.Value);
                }
            }
            else if (proxyRequest.Content is { } content)
            {
                content.Headers.Remove(transform.Name);
                if (transform.Value is not null)
                {
                    content.Headers.TryAddWithoutValidation(transform.Name, transform.Value);
                }
            }
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && SwallowsForRetry(httpContext, (int)proxyResponse.StatusCode))
        {
            return false;
        }

        await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        ApplyResponse(httpContext, proxyResponse is null ? null : (int)proxyResponse.StatusCode);
        return true;
    }

    /// <summary>The route's request header sets and removals, in order (the lean HTTP/1.1 path writes them itself).</summary>
    internal HeaderTransform[] RequestHeaders => _request;

    /// <summary>
    /// The path to send, after the route's path transform: the client's own encoding when its path holds an encoded
    /// slash (see <see cref="EncodedRequestPath"/>), otherwise null and <paramref name="path"/> is the decoded path,
    /// to be encoded by whoever writes it. Both upstream paths ask this one method.
    /// </summary>
    internal string? TransformPath(HttpContext httpContext, out PathString path)
    {
        var request = httpContext.Request;
        var encodedPath = EncodedRequestPath.FromRawTarget(httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget, request.Path.Value ?? "");
        if (encodedPath is null)
        {
            path = _path.IsIdentity ? request.Path : _path.Apply(request.Path);
            return null;
        }

        // An encoded slash: the decoded path cannot be re-encoded faithfully (see EncodedRequestPath).
        path = default;
        return _path.IsIdentity ? encodedPath : _path.ApplyEncoded(request.Path, encodedPath);
    }

    /// <summary>
    /// The Host to send upstream, or null for the destination's own authority. Clients and virtual-hosted backends
    /// expect the name they asked for, as nginx's <c>proxy_set_header Host $host</c> gives them (preserveHost). The
    /// upstream client takes SNI and the certificate's expected name from Host, so a cluster's serverName is sent as
    /// Host and wins over preserveHost.
    /// </summary>
    internal string? UpstreamHost(HttpRequest request)
    {
        if (_upstreamHost is not null)
        {
            return _upstreamHost;
        }

        return _preserveHost && request.Host.HasValue ? request.Host.Value : null;
    }

    /// <summary>
    /// True when this upstream status is to be retried on another destination: nothing has been sent to the client
    /// yet, so the answer is dropped and the handler tries elsewhere.
    /// </summary>
    internal static bool SwallowsForRetry(HttpContext httpContext, int status) =>
        SwallowsForRetry(httpContext.Features.GetRequiredFeature<ProxyRequestFeature>(), status);

    /// <summary>The same, for a caller that holds the request's feature (a lookup in Kestrel's features is not free).</summary>
    internal static bool SwallowsForRetry(ProxyRequestFeature feature, int status)
    {
        if (feature.MayRetry && feature.Route.ClusterModel.Retries.OnStatus.Contains(status))
        {
            feature.RetryStatus = status;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Everything after the upstream's headers were copied to the client's response (or, with a null status, after the
    /// forwarder set its own error status): the declined-upgrade close, the route's response header transforms and
    /// the policies' response hooks.
    /// </summary>
    internal void ApplyResponse(HttpContext httpContext, int? upstreamStatus) =>
        ApplyResponse(httpContext, httpContext.Features.Get<ProxyRequestFeature>(), upstreamStatus);

    /// <summary>The same, for a caller that holds the request's feature.</summary>
    internal void ApplyResponse(HttpContext httpContext, ProxyRequestFeature? request, int? upstreamStatus)
    {
        var headers = httpContext.Response.Headers;
        if (upstreamStatus is { } status && status != StatusCodes.Status101SwitchingProtocols
            && (request?.UpgradableRequest ?? httpContext.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true))
        {
            // The backend declined the upgrade. Kestrel reads whatever the client sent after an upgrade request as the
            // would-be tunnel's bytes, so a request pipelined behind it is neither routed nor answered: end the
            // connection after this answer instead of leaving the client waiting (RFC 9931's advice to servers that
            // decline an optimistic upgrade).
            headers.Connection = "close";
        }

        foreach (var transform in _response)
        {
            if (transform.Value is null)
            {
                headers.Remove(transform.Name);
            }
            else
            {
                headers[transform.Name] = transform.Value;
            }
        }

        if (request is not null)
        {
            foreach (var policy in request.Route.Policies)
            {
                policy.ApplyResponse(httpContext, request);
            }
        }
    }
}
