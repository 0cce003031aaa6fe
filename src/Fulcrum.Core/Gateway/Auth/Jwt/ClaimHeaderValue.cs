namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// A claim value made safe for a request header. Claims are the issuer's data, and a header value is protocol: a
/// value that is printable ASCII goes as it is; any other (CR, LF, NUL, other controls, non-ASCII) is sent
/// percent-encoded as UTF-8 (<see cref="Uri.EscapeDataString(string)"/>), so it can never end the header or start
/// another, and HttpClient never refuses it.
/// </summary>
internal static class ClaimHeaderValue
{
    public static string Encode(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return Uri.EscapeDataString(value);
            }
        }

        return value;
    }
}
