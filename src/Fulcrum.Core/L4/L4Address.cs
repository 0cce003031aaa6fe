using System.Globalization;

namespace Fulcrum.L4;

/// <summary>A layer 4 destination address: <c>host:port</c>, <c>[::1]:port</c>, the host an IP address or a DNS name.</summary>
internal static class L4Address
{
    public static bool TryParse(string text, out string host, out int port, out string? error)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || text.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{text}' is not host:port (for example 127.0.0.1:5432); tcp and udp destinations have no scheme";
            return false;
        }

        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = $"'{portText}' is not a port (1 to 65535)";
            return false;
        }

        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            error = $"'{text}': an IPv6 address needs brackets, such as [::1]:5432";
            return false;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = $"'{host}' is not an IP address or a host name";
            return false;
        }

        error = null;
        return true;
    }
}
