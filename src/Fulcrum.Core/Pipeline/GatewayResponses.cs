using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline;

/// <summary>The gateway's own answers, short JSON bodies encoded once.</summary>
internal static class GatewayResponses
{
    public static readonly byte[] NoRoute = Encode(new { error = "no route matches this request", status = 404 });

    public static byte[] NoHealthyDestination(string cluster) =>
        Encode(new { error = "no healthy destination", cluster, status = 503 });

    public static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static byte[] Encode(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}
