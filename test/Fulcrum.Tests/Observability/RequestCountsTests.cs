using Fulcrum.Observability;

namespace Fulcrum.Tests.Observability;

/// <summary>The cells behind <c>fulcrum.requests</c>: one series per route and cluster, counts by status class.</summary>
public sealed class RequestCountsTests
{
    [Fact]
    public void Count_TwoRoutesAndStatuses_OneSeriesPerRouteCountsByClass()
    {
        var counts = new RequestCounts();

        counts.Count("a", "pool", 200);
        counts.Count("a", "pool", 204);
        counts.Count("a", "pool", 503);
        counts.Count("b", "pool", 404);

        Assert.Equal(2, counts.All.Count);
        var a = Assert.Single(counts.All, s => s.Route == "a");
        Assert.Equal([0, 0, 2, 0, 0, 1], a.Counts);
        var b = Assert.Single(counts.All, s => s.Route == "b");
        Assert.Equal([0, 0, 0, 0, 1, 0], b.Counts);
    }

    [Fact]
    public void Count_EqualNamesFromAnotherConfig_SameSeries()
    {
        // A reload parses the config again: the route's name is an equal string, not the same one.
        var counts = new RequestCounts();

        counts.Count(new string("route".AsSpan()), "pool", 200);
        counts.Count(new string("route".AsSpan()), "pool", 200);

        Assert.Equal(2, Assert.Single(counts.All).Counts[2]);
    }

    [Fact]
    public void Count_SameRouteOtherCluster_SeriesOfItsOwn()
    {
        var counts = new RequestCounts();

        counts.Count("route", "blue", 200);
        counts.Count("route", "green", 200);

        Assert.Equal(2, counts.All.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(600)]
    [InlineData(-1)]
    public void Count_StatusOutsideClasses_CountedAs0xx(int status)
    {
        var counts = new RequestCounts();

        counts.Count("route", "pool", status);

        Assert.Equal(1, Assert.Single(counts.All).Counts[0]);
    }

    [Fact]
    public void Count_ManyThreadsAndNewRoutesAtOnce_NoCountLost()
    {
        var counts = new RequestCounts();
        const int PerThread = 20_000;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                // Every thread adds routes of its own while the others count on theirs and on the shared one.
                counts.Count(i % 2 == 0 ? "shared" : $"t{thread}-{i % 5}", "pool", 200);
            }
        });

        Assert.Equal(8 * PerThread, counts.All.Sum(s => s.Counts[2]));
        Assert.Equal(8 * PerThread / 2, Assert.Single(counts.All, s => s.Route == "shared").Counts[2]);
        Assert.Equal(1 + (8 * 5), counts.All.Count);
    }
}
