using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.Listeners;

/// <summary>
/// Serves HTTP/1.1 and h2c with prior knowledge on one cleartext port. Kestrel alone cannot: on a cleartext
/// <c>Http1AndHttp2</c> endpoint it always picks HTTP/1.1 (and answers an HTTP/2 preface with
/// HTTP_1_1_REQUIRED), because it has no ALPN to go by. This connection middleware peeks at the first bytes without
/// consuming them; when they are the HTTP/2 connection preface it tells Kestrel "h2" the way ALPN would, through the
/// application-protocol feature (and the TLS-connection feature Kestrel looks at before reading it). The request's
/// scheme is put back to <c>http</c> by the listener, so nothing downstream mistakes the connection for TLS.
/// </summary>
internal static class H2cPriorKnowledge
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>A client that sends nothing is not kept waiting for forever before Kestrel's own timeouts start.</summary>
    private static readonly TimeSpan PeekTimeout = TimeSpan.FromSeconds(10);

    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        switch (await StartsWithPrefaceAsync(connection))
        {
            case null:
                return;
            case true:
                connection.Features.Set<ITlsApplicationProtocolFeature>(H2cFeature.Instance);
                connection.Features.Set<ITlsConnectionFeature>(H2cFeature.Instance);
                break;
        }

        await next(connection);
    };

    /// <summary>True for the preface, false for anything else, null when the client went away or stayed silent.</summary>
    private static async Task<bool?> StartsWithPrefaceAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(PeekTimeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token);
                var buffer = result.Buffer;
                var length = (int)Math.Min(buffer.Length, Preface.Length);
                var matches = Matches(buffer.Slice(0, length), Preface.AsSpan(0, length));
                if (!matches || length == Preface.Length || result.IsCompleted)
                {
                    // Nothing consumed, nothing left examined: Kestrel reads these same bytes at once.
                    input.AdvanceTo(buffer.Start);
                    return matches && length == Preface.Length;
                }

                // A prefix of the preface so far (PUT and POST start with P too): wait for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            connection.Abort(new ConnectionAbortedException("no request bytes within the peek timeout"));
            return null;
        }
    }

    private static bool Matches(ReadOnlySequence<byte> bytes, ReadOnlySpan<byte> expected)
    {
        if (bytes.IsSingleSegment)
        {
            return bytes.FirstSpan.SequenceEqual(expected);
        }

        Span<byte> copy = stackalloc byte[expected.Length];
        bytes.CopyTo(copy);
        return copy.SequenceEqual(expected);
    }

    /// <summary>Stateless, so one instance serves every connection.</summary>
    private sealed class H2cFeature : ITlsApplicationProtocolFeature, ITlsConnectionFeature
    {
        public static readonly H2cFeature Instance = new();
        private static readonly byte[] H2 = "h2"u8.ToArray();

        public ReadOnlyMemory<byte> ApplicationProtocol => H2;

        public X509Certificate2? ClientCertificate
        {
            get => null;
            set { }
        }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
