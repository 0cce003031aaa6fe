using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline;

/// <summary>The gateway's own answers, short JSON bodies encoded once.</summary>
internal static class GatewayResponses
{
    public static readonly byte[] NoRoute = Encode(new { error = "no route matches this request", status = 404 });

    public static readonly byte[] ConnectRefused = Encode(new { error = "CONNECT is not served: the gateway opens no tunnels", status = 405 });

    /// <summary>The <c>Allow</c> header sent with <see cref="ConnectRefused"/>: every method but CONNECT may be routed.</summary>
    public const string AllowedMethods = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE";

    public static readonly byte[] AmbiguousPath = Encode(new { error = "the request path holds a backslash, which backends read differently", status = 400 });

    public static byte[] NoHealthyDestination(string cluster) =>
        Encode(new { error = "no healthy destination", cluster, status = 503 });

    /// <summary>Writes the JSON answer, or for a gRPC request the same error as grpc-status (see GrpcResponses).</summary>
    public static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        if (GrpcResponses.IsGrpc(context.Request))
        {
            return GrpcResponses.WriteAsync(context, GrpcResponses.StatusFor(status), MessageOf(body));
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>The <c>error</c> sentence of an encoded answer (gateway errors only: rare, off the hot path).</summary>
    private static string MessageOf(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "" : "";
    }

    private static byte[] Encode(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}
