using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Gateway.Auth;

/// <summary>
/// One way an auth policy answers a request it refuses: the status, the <c>WWW-Authenticate</c> challenge and a short
/// JSON body (<c>{"error":"…","status":401}</c>, the shape of the gateway's other answers), built once when the
/// policy is compiled, so refusing costs no formatting per request.
/// </summary>
internal sealed class AuthRejection
{
    private readonly byte[] _body;

    public AuthRejection(int status, string? challenge, string message, string reason)
    {
        Status = status;
        Challenge = challenge;
        Message = message;
        Reason = reason;
        _body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { error = message, status }) + "\n");
    }

    public int Status { get; }

    /// <summary>The <c>WWW-Authenticate</c> value, or null to send none.</summary>
    public string? Challenge { get; }

    public string Message { get; }

    /// <summary>A short fixed name for metrics (<c>missing</c>, <c>expired</c> …).</summary>
    public string Reason { get; }

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        if (Challenge is not null)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        }

        // Refusals depend on credentials: a shared cache must not serve one client's 401 to another.
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json";
        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }

    /// <summary>A quoted-string for a challenge parameter (RFC 9110 §5.6.4); callers pass validated, printable text.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
