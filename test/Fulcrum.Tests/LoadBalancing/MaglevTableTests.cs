using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class MaglevTableTests
{
    [Fact]
    public void Build_EqualWeights_EverySlotFilledEvenly()
    {
        var set = TestDestinations.Set("a", "b", "c");

        var table = MaglevTable.Build(set, MaglevTable.DefaultSize);

        var total = 0;
        foreach (var destination in set.Items)
        {
            var slots = table.CountSlots(destination);
            Assert.InRange(slots, 21_845, 21_846);
            total += slots;
        }

        Assert.Equal(MaglevTable.DefaultSize, total);
    }

    [Fact]
    public void Build_Weights31_SlotsProportionalToWeight()
    {
        var set = TestDestinations.Weighted(("heavy", 3), ("light", 1));

        var table = MaglevTable.Build(set, MaglevTable.DefaultSize);

        Assert.InRange(table.CountSlots(set.Items[0]) / (double)MaglevTable.DefaultSize, 0.749, 0.751);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65536)]
    [InlineData(65535)]
    public void Build_NonPrimeSize_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaglevTable.Build(TestDestinations.Set("a"), size));
    }

    [Fact]
    public void Build_SmallPrimeSize_FillsEverySlot()
    {
        var set = TestDestinations.Set("a", "b");

        var table = MaglevTable.Build(set, 7);

        Assert.Equal(7, table.CountSlots(set.Items[0]) + table.CountSlots(set.Items[1]));
    }
}
