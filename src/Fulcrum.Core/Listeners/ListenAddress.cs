using System.Globalization;
using System.Net;

namespace Fulcrum.Listeners;

/// <summary>A listener address: <c>127.0.0.1:8080</c>, <c>[::1]:8080</c>, <c>0.0.0.0:8080</c>, <c>*:8080</c>, <c>localhost:8080</c>.</summary>
internal static class ListenAddress
{
    public static bool TryParse(string text, out IPEndPoint endPoint, out string? error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not host:port (for example 127.0.0.1:8080 or 0.0.0.0:8080)";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{portText}' is not a port (0 to 65535)";
            return false;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress? address = host switch
        {
            "*" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
        };
        if (address is null)
        {
            error = $"'{host}' is not an IP address, '*' or 'localhost'";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }

    public static bool IsLoopback(IPEndPoint endPoint) => IPAddress.IsLoopback(endPoint.Address);
}
