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
        var encodedPath = EncodedRequestPath.FromRawTarget(httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget, request.Path.Value ?? "");
        if (encodedPath is null)
        {
            var path = _path.IsIdentity ? request.Path : _path.Apply(request.Path);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, request.QueryString);
        }
        else
        {
            // An encoded slash: the decoded path cannot be re-encoded faithfully (see EncodedRequestPath).
            var path = _path.IsIdentity ? encodedPath : _path.ApplyEncoded(request.Path, encodedPath);
            var prefix = destinationPrefix.EndsWith('/') && path.StartsWith('/') ? destinationPrefix[..^1] : destinationPrefix;
            proxyRequest.RequestUri = new Uri(prefix + path + request.QueryString.ToUriComponent(), UriKind.Absolute);
        }

        // YARP's header copy includes the client's Host. Clients and virtual-hosted backends expect the name they
        // asked for, as nginx's `proxy_set_header Host $host` gives them; without preserveHost it is dropped so
        // the destination's own authority (from the request URI) is sent instead.
        // The upstream client takes SNI and the certificate's expected name from Host, so a cluster's serverName
        // is sent as Host and wins over preserveHost.
        if (_upstreamHost is not null)
        {
            proxyRequest.Headers.Host = _upstreamHost;
        }
        else if (_preserveHost && request.Host.HasValue)
        {
            proxyRequest.Headers.Host = request.Host.Value;
        }
        else
        {
            proxyRequest.Headers.Host = null;
        }

        var feature = httpContext.Features.GetRequiredFeature<ProxyRequestFeature>();
        ForwardedHeaders.Apply(httpContext, proxyRequest, feature.Listener.TrustedProxies);

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
        if (proxyResponse is not null)
        {
            var feature = httpContext.Features.GetRequiredFeature<ProxyRequestFeature>();
            var status = (int)proxyResponse.StatusCode;
            if (feature.MayRetry && feature.Route.ClusterModel.Retries.OnStatus.Contains(status))
            {
                // Nothing has been sent to the client yet: drop this answer and let the handler try elsewhere.
                feature.RetryStatus = status;
                return false;
            }
        }

        await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        if (proxyResponse is not null && proxyResponse.StatusCode != System.Net.HttpStatusCode.SwitchingProtocols
            && httpContext.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true)
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

        var request = httpContext.Features.Get<ProxyRequestFeature>();
        if (request is not null)
        {
            foreach (var policy in request.Route.Policies)
            {
                policy.ApplyResponse(httpContext, request);
            }
        }

        return true;
    }
}
