using System.Net;
using System.Net.Sockets;
using Fulcrum.Clusters;
using Fulcrum.Pipeline.Http1;

namespace Fulcrum.Tests.Clusters;

/// <summary>
/// The lean path's connection pool of a destination across reloads: which pool a request is given when requests of the
/// old and the new snapshot overlap, what a replaced pool still does for the requests that hold it, and that a closed
/// (removed) destination leaves no pool behind.
/// </summary>
public sealed class DestinationStateTests : IDisposable
{
    private static readonly Http1PoolSettings Old = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), MaxConnections: 0);
    private static readonly Http1PoolSettings New = Old with { ConnectTimeout = TimeSpan.FromSeconds(4) };

    private readonly Socket _backend = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DestinationStateTests()
    {
        _backend.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _backend.Listen(16);
    }

    private DestinationModel Model(Http1PoolSettings? settings) =>
        new(new Uri($"http://127.0.0.1:{((IPEndPoint)_backend.LocalEndPoint!).Port}"), 1) { Http1 = settings };

    [Fact]
    public void Http1Pool_OldAndNewSnapshotsAlternateAfterReload_OneNewPoolNotRebuiltBack()
    {
        var state = new DestinationState("d1", Model(Old));
        var before = state.Http1Pool(Old, TimeProvider.System);

        state.Model = Model(New);
        var pools = new[] { Old, New, Old, New, Old }.Select(settings => state.Http1Pool(settings, TimeProvider.System)).ToList();

        Assert.All(pools, pool => Assert.Same(pools[0], pool));
        Assert.NotSame(before, pools[0]);
        Assert.Equal(New, pools[0].Settings);
        Assert.Same(pools[0], state.CurrentHttp1Pool);
        Assert.True(before.IsRetired);
        Assert.False(pools[0].IsRetired);
    }

    [Fact]
    public async Task Http1Pool_ReplacedWhileARequestHoldsIt_HeldPoolStillConnectsKeepsNothingIdle()
    {
        var state = new DestinationState("d1", Model(Old));
        var held = state.Http1Pool(Old, TimeProvider.System);
        state.Model = Model(New);
        Assert.NotSame(held, state.Http1Pool(New, TimeProvider.System));

        var connection = await held.ConnectAsync(CancellationToken.None);
        held.Release(connection, reusable: true);

        Assert.Null(held.TryRentIdle(verify: false));
    }

    [Theory]
    [InlineData("destination closed")]
    [InlineData("cluster off the lean path")]
    public async Task Http1Pool_AskedAfterDestinationClosedOrTakenOffTheLeanPath_RetiredPoolNothingLeft(string change)
    {
        var state = new DestinationState("d1", Model(Old));
        var before = state.Http1Pool(Old, TimeProvider.System);
        if (change == "destination closed")
        {
            state.CloseHttp1Pool();
        }
        else
        {
            state.Model = Model(null);
        }

        // A request still on the snapshot that sent the destination lean requests (a retry, say) asks for its pool.
        var late = state.Http1Pool(Old, TimeProvider.System);
        var connection = await late.ConnectAsync(CancellationToken.None);
        late.Release(connection, reusable: true);

        Assert.True(before.IsRetired);
        Assert.True(late.IsRetired);
        Assert.Null(state.CurrentHttp1Pool);
        Assert.Null(late.TryRentIdle(verify: false));
    }

    [Fact]
    public async Task Http1Pool_ReplacedByReloadAtTheConnectionLimit_NewPoolWaitsForTheOldPoolsSlot()
    {
        var limited = Old with { MaxConnections = 1 };
        var state = new DestinationState("d1", Model(limited));
        var held = state.Http1Pool(limited, TimeProvider.System);
        Assert.True(await held.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None));

        var reloaded = limited with { ConnectTimeout = TimeSpan.FromSeconds(4) };
        state.Model = Model(reloaded);
        var replacement = state.Http1Pool(reloaded, TimeProvider.System);
        var whileHeld = await replacement.AcquireAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        held.Release(null, reusable: false);
        var afterRelease = await replacement.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.NotSame(held, replacement);
        Assert.False(whileHeld);
        Assert.True(afterRelease);
    }

    [Fact]
    public async Task Http1Pool_ReloadChangesTheConnectionLimit_NewLimitCountedAfresh()
    {
        var one = Old with { MaxConnections = 1 };
        var two = Old with { MaxConnections = 2 };
        var state = new DestinationState("d1", Model(one));
        var held = state.Http1Pool(one, TimeProvider.System);
        Assert.True(await held.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None));

        state.Model = Model(two);
        var replacement = state.Http1Pool(two, TimeProvider.System);

        Assert.True(await replacement.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.True(await replacement.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(await replacement.AcquireAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    public void Dispose() => _backend.Dispose();
}
