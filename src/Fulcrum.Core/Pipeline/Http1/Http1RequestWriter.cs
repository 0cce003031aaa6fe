using System.Diagnostics;
using Fulcrum.Clusters;
using Fulcrum.Listeners;
using Fulcrum.Pipeline.Forwarding;
using Fulcrum.Pipeline.Transforms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// Writes the request head the lean path sends: the request line with the route's path (RouteTransformer decides it,
/// as for YARP), Host, X-Forwarded-* (ForwardedHeaders, the same code YARP's path runs), the client's headers minus
/// hop-by-hop ones and those the gateway replaces, trace context, the route's request header transforms, and the
/// body framing. Straight from Kestrel's header strings into the pooled head buffer: no message object, no Uri.
/// </summary>
internal static class Http1RequestWriter
{
    /// <summary>How the body is framed upstream: none, Content-Length as the client sent it, or re-chunked.</summary>
    public enum BodyFraming
    {
        None,
        ContentLength,
        Chunked,
    }

    public static void Write(
        Http1RequestHead head, HttpContext context, RouteTransformer transformer, DestinationModel destination, TrustedProxies trusted, BodyFraming framing, long contentLength)
    {
        var request = context.Request;
        head.Reset();
        head.AppendAscii(request.Method);
        head.Append(" "u8);
        WriteTarget(head, context, transformer, destination);
        head.Append(" HTTP/1.1\r\n"u8);
        var transforms = transformer.RequestHeaders;

        // A route's header transform replaces what the gateway would send under that name (as on the YARP path, where
        // it is applied last): its Host, X-Forwarded-* or trace header goes out once, with the route's value or none.
        if (!IsTransformed(transforms, "Host"))
        {
            head.AppendHeader("Host", transformer.UpstreamHost(request) ?? destination.Authority);
        }

        ForwardedHeaders.Apply(context, new Target(head, transforms), trusted);

        var activity = Activity.Current;
        var propagator = activity is null ? null : DistributedContextPropagator.Current;
        foreach (var (name, values) in request.Headers)
        {
            if (IsNotForwarded(name, values) || head.IsSkipped(name) || IsTransformed(transforms, name)
                || (propagator is not null && IsTraceField(propagator, name)))
            {
                continue;
            }

            head.AppendAscii(name);
            head.Append(": "u8);
            WriteValues(head, name, values);
            head.Append("\r\n"u8);
        }

        if (propagator is not null)
        {
            // The gateway's span is the backend's parent: the client's trace headers were not copied above.
            propagator.Inject(activity, (head, transforms), static (carrier, field, value) =>
            {
                var (head, transforms) = ((Http1RequestHead, HeaderTransform[]))carrier!;
                if (value is not null && !IsTransformed(transforms, field))
                {
                    head.AppendHeader(field, value);
                }
            });
        }

        for (var i = 0; i < transforms.Length; i++)
        {
            // Set-or-remove in order: a later transform of the same name wins, as each replaces what came before.
            if (transforms[i].Value is { } value && LastFor(transforms, i))
            {
                head.AppendHeader(transforms[i].Name, value);
            }
        }

        if (framing == BodyFraming.ContentLength)
        {
            head.Append("Content-Length: "u8);
            head.AppendNumber(contentLength);
            head.Append("\r\n"u8);
        }
        else if (framing == BodyFraming.Chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n"u8);
        }

        head.Append("\r\n"u8);
    }

    /// <summary>The destination's path prefix, the route's path, the client's query; "/" when all are empty.</summary>
    private static void WriteTarget(Http1RequestHead head, HttpContext context, RouteTransformer transformer, DestinationModel destination)
    {
        var encoded = transformer.TransformPath(context, out var path);
        var start = head.Length;
        head.AppendTarget(destination.PathPrefix);
        if (encoded is not null)
        {
            head.AppendTarget(encoded);
        }
        else
        {
            head.AppendPath(path.Value);
        }

        if (head.Length == start)
        {
            head.Append("/"u8);
        }

        head.AppendTarget(context.Request.QueryString.Value);
    }

    private static void WriteValues(Http1RequestHead head, string name, StringValues values)
    {
        // HTTP/2 clients send one cookie header per crumb; HTTP/1.1 has one Cookie line joined by "; ".
        var separator = string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; "u8 : ", "u8;
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                head.Append(separator);
            }

            head.AppendValue(values[i] ?? "");
        }
    }

    /// <summary>
    /// Hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade, Proxy-*, TE except <c>trailers</c>),
    /// the ones written from the request itself (Host, Content-Length) and <c>Expect</c> (the body is sent without
    /// waiting for a 100; see Http1Forwarder), and names that are not tokens, which cannot be sent at all.
    /// </summary>
    private static bool IsNotForwarded(string name, StringValues values)
    {
        switch (name.Length)
        {
            case 2:
                return string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase)
                    && !(values.Count == 1 && string.Equals(values[0], "trailers", StringComparison.OrdinalIgnoreCase));
            case 4:
                return string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase);
            case 6:
                return string.Equals(name, "Expect", StringComparison.OrdinalIgnoreCase);
            case 7:
                return string.Equals(name, "Upgrade", StringComparison.OrdinalIgnoreCase);
            case 10:
                return string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "Keep-Alive", StringComparison.OrdinalIgnoreCase);
            case 14:
                return string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase);
            case 17:
                return string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
        }

        return name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || !IsToken(name);
    }

    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c > 0x7F || !Http1ResponseParser.IsTokenChar((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTransformed(HeaderTransform[] transforms, string name)
    {
        for (var i = 0; i < transforms.Length; i++)
        {
            if (string.Equals(transforms[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LastFor(HeaderTransform[] transforms, int index)
    {
        for (var i = index + 1; i < transforms.Length; i++)
        {
            if (string.Equals(transforms[i].Name, transforms[index].Name, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTraceField(DistributedContextPropagator propagator, string name)
    {
        var fields = s_traceFields;
        if (!ReferenceEquals(fields.Propagator, propagator))
        {
            // The propagator can be replaced at run time; its field list is copied once per propagator, not per header.
            fields = s_traceFields = (propagator, [.. propagator.Fields]);
        }

        foreach (var field in fields.Names)
        {
            if (string.Equals(field, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (DistributedContextPropagator? Propagator, string[] Names) s_traceFields = (null, []);

    /// <summary>ForwardedHeaders' view of the head: a removal means "do not copy the client's", an add is a line.</summary>
    private readonly struct Target(Http1RequestHead head, HeaderTransform[] transforms) : IForwardedHeadersTarget
    {
        public void Remove(string name) => head.Skip(name);

        public void Add(string name, string value)
        {
            if (!IsTransformed(transforms, name))
            {
                head.AppendHeader(name, value);
            }
        }
    }
}
