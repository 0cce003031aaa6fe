using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Fulcrum.L4.ProxyProtocol;

/// <summary>
/// <c>proxyProtocol: accept</c>, for tcp and http listeners alike: reads the header a connection must start with
/// and makes its source address the connection's remote end point, so logs, IP rules, rate limits and
/// consistent hashing all see the real client. A missing or malformed header closes the connection with a log
/// line; it never throws.
/// </summary>
internal sealed class ProxyHeaderAcceptor
{
    /// <summary>A client that connects and says nothing must not hold the connection open.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ProxyHeaderAcceptor(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>False when the connection must be closed.</summary>
    public async ValueTask<bool> AcceptAsync(ConnectionContext connection, string listener)
    {
        // Not linked to ConnectionClosed: Kestrel fires that on the client's FIN, and a client may send its header,
        // its data and its FIN at once; the reader sees the end of input by itself.
        using var timeout = new CancellationTokenSource(Timeout, _time);
        ProxyHeaderResult? result;
        try
        {
            result = await PrefixReader.ReadAsync(connection.Transport.Input, static buffer => ProxyHeaderParser.Parse(buffer), timeout.Token);
        }
        catch (OperationCanceledException)
        {
            result = ProxyHeaderResult.Invalid($"no PROXY header within {Timeout.TotalSeconds:0}s");
        }

        if (result is not { Status: ProxyHeaderStatus.Parsed } parsed)
        {
            L4Log.ProxyHeaderRejected(_logger, listener, connection.RemoteEndPoint?.ToString() ?? "-", result?.Error ?? "the connection closed before the PROXY header ended");
            return false;
        }

        if (parsed.Header.Source is IPEndPoint source)
        {
            connection.RemoteEndPoint = source;
        }

        return true;
    }
}
