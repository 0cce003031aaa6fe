using System.Net;
using System.Net.Sockets;
using Fulcrum.Pipeline.Http1;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Pipeline.Http1;

/// <summary>
/// The lean path's activity timeout, driven by a fake clock: a request quiet for the whole timeout is cancelled within
/// an eighth of it more, activity starts the timeout again, and a connection between requests (disarmed) never times out.
/// The connection is a real loopback socket pair, because a timeout (like any cancellation) also closes the upstream
/// socket, which is what ends the read-ahead a reused connection's request waits in.
/// </summary>
public sealed class Http1ConnectionActivityTimeoutTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Tick = Timeout / 8;
    private readonly FakeTimeProvider _time = new();
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _peer;
    private readonly Http1Connection _connection;

    public Http1ConnectionActivityTimeoutTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(_listener.LocalEndPoint!);
        _peer = _listener.Accept();
        _connection = new Http1Connection(client, _time);
    }

    [Fact]
    public void Arm_QuietForTheTimeout_CancelledWithinAnEighthMore()
    {
        _connection.Arm(Timeout, CancellationToken.None);

        Advance(Timeout);
        Assert.False(_connection.Cancellation.IsCancellationRequested);
        Advance(Tick);
        Assert.True(_connection.Cancellation.IsCancellationRequested);
        Assert.False(_connection.Disarm());
    }

    [Fact]
    public void Touch_BeforeTheTimeout_StartsItAgain()
    {
        _connection.Arm(Timeout, CancellationToken.None);

        Advance(Timeout - Tick);
        _connection.Touch();
        Advance(Timeout - Tick);
        Assert.False(_connection.Cancellation.IsCancellationRequested);
        Advance(Tick * 2);
        Assert.True(_connection.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void Disarm_IdleBetweenRequests_NeverTimesOutAndNextRequestCountsAfresh()
    {
        _connection.Arm(Timeout, CancellationToken.None);
        Advance(Timeout - Tick);
        Assert.True(_connection.Disarm());

        Advance(Timeout * 3);
        Assert.False(_connection.Cancellation.IsCancellationRequested);

        _connection.Arm(Timeout, CancellationToken.None);
        Advance(Timeout);
        Assert.False(_connection.Cancellation.IsCancellationRequested);
        Advance(Tick);
        Assert.True(_connection.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void Arm_ShorterTimeoutOnNextRequest_TicksFollowIt()
    {
        _connection.Arm(Timeout, CancellationToken.None);
        Assert.True(_connection.Disarm());

        var shorter = TimeSpan.FromSeconds(2);
        _connection.Arm(shorter, CancellationToken.None);
        Advance(shorter + (shorter / 8));
        Assert.True(_connection.Cancellation.IsCancellationRequested);
    }

    [Fact]
    public void Arm_UnboundedTimeoutAfterABoundedOne_NeverTimesOut()
    {
        // Routes sharing a cluster may differ: one with a timeout, then one with none (a day or more) on the same connection.
        _connection.Arm(Timeout, CancellationToken.None);
        Assert.True(_connection.Disarm());

        _connection.Arm(TimeSpan.FromDays(2), CancellationToken.None);
        Advance(Timeout * 10);

        Assert.False(_connection.Cancellation.IsCancellationRequested);
        Assert.True(_connection.Disarm());
    }

    [Fact]
    public void Arm_TimedOut_ClosesTheUpstreamSocket()
    {
        _connection.Arm(Timeout, CancellationToken.None);
        Advance(Timeout + Tick);

        // The peer sees the close: a read returns 0 (EOF) or fails with a reset.
        _peer.ReceiveTimeout = 10_000;
        var buffer = new byte[1];
        try
        {
            Assert.Equal(0, _peer.Receive(buffer));
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }
    }

    [Fact]
    public void Arm_ClientAborts_CancelledAtOnce()
    {
        using var client = new CancellationTokenSource();
        _connection.Arm(Timeout, client.Token);

        client.Cancel();

        Assert.True(_connection.Cancellation.IsCancellationRequested);
        Assert.False(_connection.Disarm());
    }

    [Fact]
    public async Task Cancel_RequestWaitingInTheIdleReadAhead_ReadEnds()
    {
        // A reused connection's first read is the one its idle time started, without a token: a body upload that
        // fails must still stop it, or the exchange waits for a backend that waits for the rest of the body.
        Assert.True(_connection.StartReadAhead());
        _connection.Arm(Timeout, CancellationToken.None);
        var read = _connection.ReceiveAsync(64 * 1024, _connection.Cancellation.Token).AsTask();

        _connection.Cancel();

        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(read, finished);
        try
        {
            Assert.Equal(0, await read);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Ended by the close: what the forwarder sees as the exchange's failure.
        }

        Assert.False(_connection.Disarm());
    }

    /// <summary>The fake clock fires a periodic timer once for every period the jump passes, as real time would.</summary>
    private void Advance(TimeSpan by) => _time.Advance(by);

    public void Dispose()
    {
        _connection.Dispose();
        _peer.Dispose();
        _listener.Dispose();
    }
}
