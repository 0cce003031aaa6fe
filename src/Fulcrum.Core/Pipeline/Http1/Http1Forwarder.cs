using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Fulcrum.Clusters;
using Fulcrum.Configuration;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using BodyFraming = Fulcrum.Pipeline.Http1.Http1RequestWriter.BodyFraming;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// The lean HTTP/1.1 upstream path: what <see cref="IHttpForwarder"/> does for a request to an http:// destination
/// spoken to in HTTP/1.1, without HttpRequestMessage, Uri, SocketsHttpHandler's pool lookups, content streams or diagnostics
/// handlers. Same contract as YARP's: it answers with the status YARP would (502, 504, 400 for a broken client body),
/// returns a <see cref="ForwarderError"/> and sets <see cref="IForwarderErrorFeature"/>, so ProxyHandler's retries,
/// passive health and access log read it unchanged.
/// <code>
///   rent idle (or connect) ─► write head [+ whole small body] ─► read head (1xx skipped) ─► copy status/headers
///        │ stale: EOF/reset before any response byte, whole request in the buffer ─► once more on a new connection
///   body upload runs beside the response (a backend may answer before it read everything) ─► relay body by framing
///   ─► reuse only after a complete, correctly framed response with no Connection: close on either side
/// </code>
/// <c>Expect: 100-continue</c> is not forwarded: Kestrel sends the client its 100 when the body is first read, which
/// is at once, and the body follows the head upstream without waiting. Response trailers are dropped.
/// </summary>
internal sealed class Http1Forwarder
{
    /// <summary>
    /// <c>yarp</c> sends every request through YARP whatever the clusters say (benchmark A/B); <c>lean</c> makes
    /// <c>http.forwarder: auto</c> mean the lean path (it does by default).
    /// </summary>
    public const string EnvironmentSwitch = "FULCRUM_HTTP_FORWARDER";

    /// <summary>What <c>http.forwarder: auto</c> means when the environment says nothing.</summary>
    private const bool AutoUsesLean = true;

    private const int WholeBodyLimit = 16 * 1024;
    private const int ChunkLineLimit = 4096;
    private const int BodyBufferLimit = 64 * 1024;
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);
    private static readonly string? Override = Environment.GetEnvironmentVariable(EnvironmentSwitch)?.Trim().ToLowerInvariant();

    private readonly TimeProvider _time;

    public Http1Forwarder(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>
    /// Whether a cluster's requests may take the lean path at all (decided once per cluster model): HTTP/1.1 clusters
    /// with <c>forwarder: lean</c>, or <c>auto</c> when that means lean; never with FULCRUM_HTTP_FORWARDER=yarp.
    /// </summary>
    public static bool Serves(HttpClientConfig http) =>
        http.Version == "1.1" && Override != "yarp"
        && (http.Forwarder == "lean" || (http.Forwarder == "auto" && (Override == "lean" || AutoUsesLean)));

    /// <summary>
    /// Per request, no allocation: an http:// destination of a lean cluster, an HTTP/1.x or HTTP/2 client, no upgrade
    /// (checked by the caller: WebSockets, HTTP/2 extended CONNECT), not gRPC (it needs response trailers). An HTTP/2
    /// client's request goes upstream as HTTP/1.1 just as YARP would send it (Host from :authority, cookie crumbs joined,
    /// a body of unknown length chunked); Kestrel frames the answer as HTTP/2, and the hop-by-hop headers the parser
    /// drops are exactly the connection-specific ones HTTP/2 forbids. TLS upstreams stay on YARP.
    /// </summary>
    public static bool Accepts(HttpContext context, ClusterModel cluster, DestinationModel destination)
    {
        if (cluster.Http1 is null || !destination.IsCleartextHttp)
        {
            return false;
        }

        var protocol = context.Request.Protocol;
        return (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp2(protocol) || HttpProtocol.IsHttp10(protocol))
            && !GrpcResponses.IsGrpc(context.Request);
    }

    // Pooled state machines: an exchange suspends on every socket read, and each suspension would box one.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ForwarderError> SendAsync(
        HttpContext context, DestinationState destination, RouteModel route, ProxyRequestFeature feature, ForwarderRequestConfig config)
    {
        var pool = destination.Http1Pool(route.ClusterModel.Http1!, _time);
        var aborted = context.RequestAborted;
        var timeout = config.ActivityTimeout ?? DefaultTimeout;
        try
        {
            if (!await pool.AcquireAsync(timeout, aborted))
            {
                return RequestFailed(context, route, ForwarderError.RequestTimedOut, SlotTimedOut(pool, timeout));
            }
        }
        catch (OperationCanceledException e)
        {
            return RequestFailed(context, route, ForwarderError.RequestCanceled, e);
        }

        Http1Connection? connection = null;
        var reusable = false;
        try
        {
            var request = context.Request;
            var (framing, length) = FramingOf(context, feature);
            // A request without a body is sent again on a new connection if a reused one proves closed (below), so
            // its connection needs no checking beyond the read-ahead's; one with a body might not be.
            connection = pool.TryRentIdle(verify: framing != BodyFraming.None);
            var reused = connection is not null;
            try
            {
                connection ??= await pool.ConnectAsync(aborted);
            }
            catch (Exception e)
            {
                return RequestFailed(context, route, Classify(e, aborted, timedOut: e is TimeoutException), e);
            }

            Http1RequestWriter.Write(connection.Head, context, route.Transformer, destination.Model, feature.Listener.TrustedProxies, framing, length);
            bool bodySent;
            try
            {
                bodySent = framing == BodyFraming.None || (framing == BodyFraming.ContentLength && length == 0)
                    || TryAppendWholeBody(connection.Head, request.BodyReader, framing, length);
            }
            catch (Exception e)
            {
                // Kestrel already knows the body is broken (the client closed in the middle of it, say): the client's fault.
                return RequestBodyFailed(context, route, new Http1UploadOutcome(ClientFailed: true, e), timedOut: false);
            }

            connection.Arm(timeout, aborted);
            Task<Http1UploadOutcome>? upload = null;
            Http1ResponseHead head;
            // A replay is safe only when the backend cannot have acted on the request: never for a method that is not
            // idempotent and carries a body (RFC 9110 §9.2.2) — a POST it committed before dying would run twice.
            var canRetry = reused && bodySent && (framing == BodyFraming.None || IdempotentMethods.Contains(request.Method));
            while (true)
            {
                try
                {
                    await connection.SendAsync(connection.Head.Written, connection.Cancellation.Token);
                    if (!bodySent)
                    {
                        upload = UploadAsync(connection, request.BodyReader, framing, length);
                    }

                    // The head is read here rather than in a method of its own: a wait for the destination then
                    // resumes this state machine straight from the socket, with no box or hop for a callee.
                    while (!TryTakeHead(connection, out head))
                    {
                        ReadMoreOfHead(connection, connection.Received(
                            await connection.ReceiveAsync(Http1ResponseParser.MaxHeadLength + 1, connection.Cancellation.Token)));
                    }

                    break;
                }
                catch (Exception e) when (canRetry && !connection.ReceivedAny && IsStale(e) && !connection.Cancellation.IsCancellationRequested)
                {
                    // The backend closed the idle connection as we sent on it (a keep-alive race): nothing was
                    // processed, so the same bytes go once more on a new connection.
                    canRetry = false;
                    var stale = connection;
                    try
                    {
                        connection = await pool.ConnectAsync(aborted);
                    }
                    catch (Exception connectError)
                    {
                        connection = stale;
                        return RequestFailed(context, route, Classify(connectError, aborted, timedOut: connectError is TimeoutException), connectError);
                    }

                    connection.Head.CopyFrom(stale.Head);
                    stale.Dispose();
                    connection.Arm(timeout, aborted);
                }
                catch (Exception e)
                {
                    var uploadOutcome = await StopUploadAsync(connection, upload);
                    if (uploadOutcome.Exception is not null)
                    {
                        // The body failed first (or with it): that is the failure to report, as YARP does.
                        return RequestBodyFailed(context, route, uploadOutcome, uploadOutcome.TimedOut && !aborted.IsCancellationRequested);
                    }

                    if (e is Http1ProtocolException)
                    {
                        return ResponseHeadersFailed(context, e);
                    }

                    return RequestFailed(context, route, Classify(e, aborted, timedOut: connection.Cancellation.IsCancellationRequested), e);
                }
            }

            connection.Touch();
            if (head.StatusCode == StatusCodes.Status101SwitchingProtocols)
            {
                await StopUploadAsync(connection, upload);
                return ResponseHeadersFailed(context, new Http1ProtocolException("101 Switching Protocols to a request that did not ask to upgrade"));
            }

            if (Transforms.RouteTransformer.SwallowsForRetry(feature, head.StatusCode))
            {
                // Not read to its end, so the connection goes; the handler tries another destination.
                await StopUploadAsync(connection, upload);
                return ForwarderError.None;
            }

            try
            {
                CopyHead(context, connection, head);
                route.Transformer.ApplyResponse(context, feature, head.StatusCode);
            }
            catch (Exception e)
            {
                await StopUploadAsync(connection, upload);
                return ResponseHeadersFailed(context, e);
            }

            try
            {
                await CopyBodyAsync(context, connection, head);
            }
            catch (Exception e)
            {
                await StopUploadAsync(connection, upload);
                return ResponseBodyFailed(context, connection, e, aborted);
            }

            var uploaded = upload is null || (upload.IsCompleted && upload.Result.Exception is null);
            if (!uploaded)
            {
                // The backend answered before it took the whole body: the connection's framing is unknown now.
                await StopUploadAsync(connection, upload);
            }

            reusable = uploaded && head.AllowsReuse && connection.UnreadCount == 0;
            return ForwarderError.None;
        }
        catch (Exception e)
        {
            // Anything not foreseen above (a bug, not the destination's fault) still ends as YARP's generic failure.
            return context.Response.HasStarted || connection?.ClientBodyWritten == true
                ? ResponseBodyFailed(context, connection, e, aborted)
                : RequestFailed(context, route, ForwarderError.Request, e);
        }
        finally
        {
            if (connection is not null && !connection.Disarm())
            {
                reusable = false;
            }

            pool.Release(connection, reusable);
        }
    }

    /// <summary>
    /// Content-Length as the client framed it; chunked when Kestrel read chunked (a Content-Length beside it is
    /// dropped, RFC 9112 §6.3) or the length is unknown; none when the request can have no body.
    /// </summary>
    private static (BodyFraming Framing, long Length) FramingOf(HttpContext context, ProxyRequestFeature feature)
    {
        var request = context.Request;
        if (request.Headers.TransferEncoding.Count == 0 && request.ContentLength is { } length)
        {
            return (BodyFraming.ContentLength, length);
        }

        return feature.CanHaveBody ? (BodyFraming.Chunked, 0) : (BodyFraming.None, 0);
    }

    /// <summary>
    /// A small Content-Length body that has already arrived whole goes in the same write as the head, and can then be
    /// sent again if a stale connection has to be replaced.
    /// </summary>
    private static bool TryAppendWholeBody(Http1RequestHead head, PipeReader reader, BodyFraming framing, long length)
    {
        if (framing != BodyFraming.ContentLength || length > WholeBodyLimit || !reader.TryRead(out var result))
        {
            return false;
        }

        var buffer = result.Buffer;
        if (buffer.Length != length)
        {
            reader.AdvanceTo(buffer.Start);
            return false;
        }

        foreach (var segment in buffer)
        {
            head.Append(segment.Span);
        }

        reader.AdvanceTo(buffer.End);
        return true;
    }

    private static async Task<Http1UploadOutcome> UploadAsync(Http1Connection connection, PipeReader reader, BodyFraming framing, long length)
    {
        var token = connection.Cancellation.Token;
        var chunk = framing == BodyFraming.Chunked ? Http1ChunkEncoder.RentBuffer() : null;
        try
        {
            long sent = 0;
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(token);
                }
                catch (Exception e)
                {
                    return Failed(connection, clientFailed: true, e);
                }

                var buffer = result.Buffer;
                try
                {
                    if (chunk is not null)
                    {
                        while (!buffer.IsEmpty)
                        {
                            var framed = Http1ChunkEncoder.Encode(buffer, chunk, out var taken);
                            await connection.SendAsync(chunk.AsMemory(0, framed), token);
                            buffer = buffer.Slice(taken);
                        }

                        if (result.IsCompleted)
                        {
                            await connection.SendAsync(LastChunk, token);
                        }
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            await connection.SendAsync(segment, token);
                            sent += segment.Length;
                        }
                    }
                }
                catch (Exception e)
                {
                    return Failed(connection, clientFailed: false, e);
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }

                connection.Touch();
                if (result.IsCompleted || (chunk is null && sent >= length))
                {
                    return Http1UploadOutcome.Success;
                }
            }
        }
        finally
        {
            if (chunk is not null)
            {
                Http1ChunkEncoder.ReturnBuffer(chunk);
            }
        }
    }

    /// <summary>
    /// The body could not be sent: the whole exchange stops now (the response read is cancelled too), as YARP's does
    /// when its request content fails. A cancellation that was already requested is the activity timeout (or the abort).
    /// </summary>
    private static Http1UploadOutcome Failed(Http1Connection connection, bool clientFailed, Exception e)
    {
        var timedOut = connection.Cancellation.IsCancellationRequested;
        connection.UploadFailed = true;
        connection.Cancel();
        return new Http1UploadOutcome(clientFailed, e, timedOut);
    }

    /// <summary>Ends a body upload still running (the exchange failed or finished early) and says how it ended.</summary>
    private static async ValueTask<Http1UploadOutcome> StopUploadAsync(Http1Connection connection, Task<Http1UploadOutcome>? upload)
    {
        if (upload is null)
        {
            return Http1UploadOutcome.Success;
        }

        if (upload.IsCompleted || connection.UploadFailed)
        {
            // It failed on its own (and may be finishing right now: its cancel is what stopped the response read).
            return await upload;
        }

        connection.Cancel();
        await upload;
        // Stopped by us: not a failure of its own.
        return Http1UploadOutcome.Success;
    }

    /// <summary>
    /// The final response head when the buffer holds one (interim 1xx responses before it are skipped: 100 Continue,
    /// 103 Early Hints); false when more must be read. Throws on a malformed head.
    /// </summary>
    private static bool TryTakeHead(Http1Connection connection, out Http1ResponseHead head)
    {
        while (true)
        {
            var status = Http1ResponseParser.TryParse(connection.Unread, out head);
            if (status == Http1ParseStatus.Malformed)
            {
                throw new Http1ProtocolException(head.Error!);
            }

            if (status != Http1ParseStatus.Complete)
            {
                return false;
            }

            if (head.StatusCode is >= 100 and < 200 && head.StatusCode != StatusCodes.Status101SwitchingProtocols)
            {
                connection.Consume(head.Length);
                continue;
            }

            return true;
        }
    }

    /// <summary>Checks a read made for the response head (<paramref name="read"/> as <see cref="Http1Connection.Received"/> returns it).</summary>
    private static void ReadMoreOfHead(Http1Connection connection, int read)
    {
        if (read == 0)
        {
            throw new IOException(connection.UnreadCount == 0
                ? "the destination closed the connection before it responded"
                : "the destination closed the connection in the middle of the response head");
        }

        if (read < 0)
        {
            throw new Http1ProtocolException("the response head is larger than 64 KiB");
        }

        connection.Touch();
    }

    private static void CopyHead(HttpContext context, Http1Connection connection, in Http1ResponseHead head)
    {
        var response = context.Response;
        var bytes = connection.Unread;
        response.StatusCode = head.StatusCode;
        if (!Http1ResponseParser.HasDefaultReason(bytes, head))
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = Encoding.Latin1.GetString(bytes.Slice(head.ReasonStart, head.ReasonLength));
        }

        Http1ResponseParser.CopyTo(bytes, head, connection.ResponseHeaders, response);
        connection.Consume(head.Length);
    }

    /// <summary>
    /// Relays the body into Kestrel's response pipe, flushing only before waiting on the destination for more (and at
    /// the end): what one read brought goes to the client in one send however many chunks it holds, and the client's
    /// backpressure still holds the relay, as each flush waits for the pipe to drain.
    /// </summary>
    private static ValueTask CopyBodyAsync(HttpContext context, Http1Connection connection, Http1ResponseHead head)
    {
        if (HttpMethods.IsHead(context.Request.Method) || head.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return default;
        }

        var body = context.Response.BodyWriter;
        if (!head.Chunked && head.ContentLength >= 0 && head.ContentLength <= connection.UnreadCount)
        {
            // The whole body came with the head (most small responses): relayed without a state machine of its own.
            var length = (int)head.ContentLength;
            WriteClient(connection, body, connection.Unread[..length]);
            connection.Consume(length);
            return FlushClientAsync(connection, body);
        }

        return CopyBodyFromDestinationAsync(connection, body, head);
    }

    /// <summary>The body still to be read from the destination, by its framing, then the final flush.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyBodyFromDestinationAsync(Http1Connection connection, PipeWriter body, Http1ResponseHead head)
    {
        if (head.Chunked)
        {
            await CopyChunkedAsync(connection, body);
        }
        else if (head.ContentLength >= 0)
        {
            await CopyLengthAsync(connection, body, head.ContentLength);
        }
        else
        {
            // Close-delimited (no framing, or a transfer coding other than chunked): the body is everything until EOF.
            while (true)
            {
                if (connection.UnreadCount > 0)
                {
                    var count = connection.UnreadCount;
                    WriteClient(connection, body, connection.Unread);
                    connection.Consume(count);
                }

                if (await FillBodyAsync(connection, body) <= 0)
                {
                    break;
                }
            }
        }

        // Whatever is still buffered goes now, not when Kestrel ends the response: the access log counts what was sent.
        await FlushClientAsync(connection, body);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyLengthAsync(Http1Connection connection, PipeWriter body, long length)
    {
        while (length > 0)
        {
            if (connection.UnreadCount == 0 && await FillBodyAsync(connection, body) <= 0)
            {
                throw new IOException("the destination closed the connection before the end of the response body");
            }

            var take = (int)Math.Min(length, connection.UnreadCount);
            WriteClient(connection, body, connection.Unread[..take]);
            connection.Consume(take);
            length -= take;
        }
    }

    /// <summary>
    /// De-chunks (Kestrel re-chunks to the client as it needs); chunk extensions are checked strictly and ignored,
    /// trailers dropped. A malformed chunk line is a 502 if nothing was relayed yet, else the client's connection is aborted.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyChunkedAsync(Http1Connection connection, PipeWriter body)
    {
        while (true)
        {
            var lineLength = await ReadLineAsync(connection, body);
            var size = ParseChunkSize(connection.Unread[..lineLength]);
            connection.Consume(lineLength + 2);
            if (size == 0)
            {
                // Trailer section: read to its empty line, drop it.
                while ((lineLength = await ReadLineAsync(connection, body)) > 0)
                {
                    connection.Consume(lineLength + 2);
                }

                connection.Consume(2);
                return;
            }

            await CopyLengthAsync(connection, body, size);
            if (await ReadLineAsync(connection, body) != 0)
            {
                throw new Http1ProtocolException("a chunk longer than its size");
            }

            connection.Consume(2);
        }
    }

    /// <summary>Waits for a CRLF-terminated line at the start of the unread bytes; its length without the CRLF.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadLineAsync(Http1Connection connection, PipeWriter body)
    {
        while (true)
        {
            var lf = connection.Unread.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                if (lf == 0 || connection.Unread[lf - 1] != '\r')
                {
                    throw new Http1ProtocolException("a chunk line ending in a bare LF");
                }

                return lf - 1;
            }

            if (connection.UnreadCount > ChunkLineLimit)
            {
                throw new Http1ProtocolException("a chunk line longer than 4 KiB");
            }

            if (await FillBodyAsync(connection, body) <= 0)
            {
                throw new IOException("the destination closed the connection in the middle of a chunked body");
            }
        }
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line) =>
        Http1ResponseParser.TryParseChunkLine(line, out var size, out var error) ? size : throw new Http1ProtocolException(error);

    /// <summary>Copies into the response pipe; sent by the next <see cref="FlushClientAsync"/>.</summary>
    private static void WriteClient(Http1Connection connection, PipeWriter body, ReadOnlySpan<byte> bytes)
    {
        try
        {
            body.Write(bytes);
            connection.ClientUnflushed = true;
            connection.ClientBodyWritten = true;
        }
        catch (Exception e)
        {
            throw new Http1ClientException(e);
        }
    }

    /// <summary>More of the body from the destination, once what is buffered for the client was sent (0 at EOF).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> FillBodyAsync(Http1Connection connection, PipeWriter body)
    {
        await FlushClientAsync(connection, body);
        var read = connection.Received(await connection.ReceiveAsync(BodyBufferLimit, connection.Cancellation.Token));
        connection.Touch();
        return read;
    }

    /// <summary>
    /// Sends what was written to the client. A flush that completes at once (the client keeps up) costs no state
    /// machine; a slow client is activity too (as YARP counts it): the timeout is for a backend that stops sending.
    /// </summary>
    private static ValueTask FlushClientAsync(Http1Connection connection, PipeWriter body)
    {
        if (!connection.ClientUnflushed)
        {
            // Nothing written since the last flush: a flush now would only send the response head early.
            return default;
        }

        connection.ClientUnflushed = false;
        ValueTask<FlushResult> flush;
        try
        {
            flush = body.FlushAsync(connection.Cancellation.Token);
        }
        catch (Exception e)
        {
            throw new Http1ClientException(e);
        }

        if (flush.IsCompletedSuccessfully)
        {
            // Read as an await would: a pooled source behind the task is released by it.
            _ = flush.Result;
            connection.Touch();
            return default;
        }

        return AwaitFlushAsync(connection, flush);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitFlushAsync(Http1Connection connection, ValueTask<FlushResult> flush)
    {
        try
        {
            await flush;
        }
        catch (Exception e)
        {
            throw new Http1ClientException(e);
        }

        connection.Touch();
    }

    private static TimeoutException SlotTimedOut(Http1ConnectionPool pool, TimeSpan timeout) =>
        new($"no connection to {pool.EndPoint} came free within the request timeout ({timeout.TotalMilliseconds:0} ms): "
            + $"the destination is at maxConnectionsPerDestination ({pool.Settings.MaxConnections})");

    private static bool IsStale(Exception e) =>
        e is not Http1ProtocolException && e is IOException or SocketException;

    private static ForwarderError Classify(Exception e, CancellationToken aborted, bool timedOut) =>
        aborted.IsCancellationRequested ? ForwarderError.RequestCanceled
        : timedOut ? ForwarderError.RequestTimedOut
        : ForwarderError.Request;

    private static ForwarderError Report(HttpContext context, ForwarderError error, Exception e)
    {
        context.Features.Set<IForwarderErrorFeature>(new Http1ForwarderError(error, e));
        return error;
    }

    /// <summary>Before any response: 502, 504 on timeout, 400 when the client went away; the route's response hooks run.</summary>
    private static ForwarderError RequestFailed(HttpContext context, RouteModel route, ForwarderError error, Exception e)
    {
        Report(context, error, e);
        context.Response.StatusCode = error switch
        {
            ForwarderError.RequestTimedOut => StatusCodes.Status504GatewayTimeout,
            ForwarderError.RequestCanceled when context.RequestAborted.IsCancellationRequested => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status502BadGateway,
        };
        route.Transformer.ApplyResponse(context, upstreamStatus: null);
        return error;
    }

    private static ForwarderError RequestBodyFailed(HttpContext context, RouteModel route, Http1UploadOutcome outcome, bool timedOut)
    {
        var error = outcome.ClientFailed ? ForwarderError.RequestBodyClient : ForwarderError.RequestBodyDestination;
        Report(context, error, outcome.Exception!);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return error;
        }

        context.Response.Clear();
        context.Response.StatusCode = outcome.ClientFailed
            ? (timedOut ? StatusCodes.Status408RequestTimeout : outcome.Exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest)
            : (timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway);
        route.Transformer.ApplyResponse(context, upstreamStatus: null);
        return error;
    }

    private static ForwarderError ResponseHeadersFailed(HttpContext context, Exception e)
    {
        Report(context, ForwarderError.ResponseHeaders, e);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        return ForwarderError.ResponseHeaders;
    }

    /// <summary>After the head: a clean 502 while nothing was sent, else the client's connection is aborted so a cut body never looks whole.</summary>
    private static ForwarderError ResponseBodyFailed(HttpContext context, Http1Connection? connection, Exception e, CancellationToken aborted)
    {
        var error = aborted.IsCancellationRequested ? ForwarderError.ResponseBodyCanceled
            : e is Http1ClientException ? ForwarderError.ResponseBodyClient
            : ForwarderError.ResponseBodyDestination;
        Report(context, error, e);
        // Body bytes already in the response pipe count as sent even when not flushed yet: Clear() cannot take them
        // back, so a 502 now would carry them as its body.
        if (!context.Response.HasStarted && connection?.ClientBodyWritten != true)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return error;
        }

        context.Abort();
        return error;
    }
}
