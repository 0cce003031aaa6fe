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

    public RouteTransformer(PathTransform path, bool preserveHost, HeaderTransform[] request, HeaderTransform[] response)
    {
        _path = path;
        _preserveHost = preserveHost;
        _request = request;
        _response = response;
    }

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        var path = _path.IsIdentity ? request.Path : _path.Apply(request.Path);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, request.QueryString);

        // YARP leaves Host unset so the destination's authority is used; clients and virtual-hosted backends
        // expect the name they asked for, as nginx's `proxy_set_header Host $host` gives them.
        if (_preserveHost && request.Host.HasValue)
        {
            proxyRequest.Headers.Host = request.Host.Value;
        }

        var feature = httpContext.Features.GetRequiredFeature<ProxyRequestFeature>();
        ForwardedHeaders.Apply(httpContext, proxyRequest, feature.Listener.TrustedProxies);

        foreach (var transform in _request)
        {
            proxyRequest.Headers.Remove(transform.Name);
            proxyRequest.Content?.Headers.Remove(transform.Name);
            if (transform.Value is not null)
            {
                proxyRequest.Headers.TryAddWithoutValidation(transform.Name, transform.Value);
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

        return true;
    }
}
