using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class HashRingTests
{
    [Fact]
    public void Build_UnitWeights_PlacesPointsPerWeightEach()
    {
        var ring = HashRing.Build(TestDestinations.Set("a", "b", "c"));

        Assert.Equal(3 * HashRing.PointsPerWeight, ring.PointCount);
    }

    [Fact]
    public void Build_WeightsWithCommonDivisor_ReducesToSmallestUnits()
    {
        var ring = HashRing.Build(TestDestinations.Weighted(("a", 10), ("b", 10), ("c", 20)));

        Assert.Equal(4 * HashRing.PointsPerWeight, ring.PointCount);
    }

    [Fact]
    public void Build_FinelyDividedLargeWeights_StaysWithinMaxPoints()
    {
        var ring = HashRing.Build(TestDestinations.Weighted(("a", 1000), ("b", 999), ("c", 1), ("d", 997)));

        Assert.InRange(ring.PointCount, 4, HashRing.MaxPoints);
    }

    [Fact]
    public void Lookup_HashAboveLastPoint_WrapsToFirstPoint()
    {
        var set = TestDestinations.Set("a", "b");
        var ring = HashRing.Build(set);

        Assert.Same(ring.Lookup(0), ring.Lookup(ulong.MaxValue));
    }
}
