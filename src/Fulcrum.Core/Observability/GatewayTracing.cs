using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Observability;

/// <summary>
/// One activity per proxied request, source <c>Fulcrum</c>. Under ASP.NET Core's server activity (source
/// <c>Microsoft.AspNetCore</c>, which continues the client's W3C trace) it is an internal child; when hosting
/// made none it is the server span itself, parented on the traceparent header. The cluster's HTTP client
/// injects it upstream as the next hop's parent. Nothing is created when nobody listens.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "Fulcrum";

    /// <summary>ASP.NET Core's server spans, exported with ours so the proxy span has a recorded parent.</summary>
    public const string HostingSourceName = "Microsoft.AspNetCore";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartProxy(HttpContext context, string route)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        if (Activity.Current is null)
        {
            var headers = context.Request.Headers;
            DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (carrier, name, out value, out values) =>
            {
                values = null;
                value = ((IHeaderDictionary)carrier!)[name].ToString();
                if (value.Length == 0)
                {
                    value = null;
                }
            }, out var traceParent, out var traceState);
            ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);
        }

        var activity = Activity.Current is null
            ? Source.StartActivity("fulcrum.proxy", ActivityKind.Server, parent)
            : Source.StartActivity("fulcrum.proxy", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = $"{context.Request.Method} {route}";
            activity.SetTag("http.request.method", context.Request.Method);
            activity.SetTag("http.route", route);
            activity.SetTag("url.path", context.Request.Path.Value);
        }

        return activity;
    }
}
