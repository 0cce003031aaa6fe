using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline;

/// <summary>
/// The gateway's own errors as a gRPC client understands them. A gRPC client reads the call's outcome from
/// <c>grpc-status</c>, not from the HTTP status, so a bare 404 or 503 would reach it as a protocol error with a
/// made-up code. These answers are "Trailers-Only" responses: HTTP 200, <c>content-type: application/grpc</c>, and
/// <c>grpc-status</c> / <c>grpc-message</c> in the only header block (over HTTP/2 one HEADERS frame that ends the
/// stream), which the gRPC spec allows in place of trailers when there is no message to send.
/// </summary>
internal static class GrpcResponses
{
    /// <summary>gRPC status codes the gateway answers with.</summary>
    public const int Unimplemented = 12;
    public const int Unavailable = 14;
    public const int Unauthenticated = 16;
    public const int PermissionDenied = 7;
    public const int ResourceExhausted = 8;
    public const int Internal = 13;

    /// <summary><c>application/grpc</c> and its <c>+proto</c>/<c>+json</c> forms (also gRPC-Web's prefix).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC code for an HTTP status the gateway would have answered (the spec's HTTP-to-gRPC mapping).</summary>
    public static int StatusFor(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status404NotFound => Unimplemented,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => PermissionDenied,
        StatusCodes.Status429TooManyRequests => Unavailable,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status414UriTooLong or StatusCodes.Status431RequestHeaderFieldsTooLarge => ResourceExhausted,
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => Unavailable,
        _ => Internal,
    };

    public static Task WriteAsync(HttpContext context, int grpcStatus, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
