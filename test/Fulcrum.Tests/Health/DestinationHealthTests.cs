using Fulcrum.Health;

namespace Fulcrum.Tests.Health;

/// <summary>
/// Active-health hysteresis (F7): a verdict changes only after <c>unhealthyAfter</c> failures or <c>healthyAfter</c>
/// successes in a row, so a destination whose probes flap changes state no faster than the thresholds allow.
/// Each case is a probe sequence (S = success, F = failure) and the verdict after every probe.
/// </summary>
public sealed class DestinationHealthTests
{
    [Theory]
    // A first success decides at once (an unknown destination already receives traffic); a first failure does not.
    [InlineData(2, 2, "S", "H")]
    [InlineData(2, 2, "F", "?")]
    [InlineData(2, 2, "FF", "?U")]
    // One failed probe with unhealthyAfter 2 does not eject; the second in a row does.
    [InlineData(2, 2, "SFSFSFS", "HHHHHHH")]
    [InlineData(2, 2, "SFF", "HHU")]
    // Back only after healthyAfter successes in a row; an interleaved failure restarts the count.
    [InlineData(2, 2, "SFFSFSFSS", "HHUUUUUUH")]
    [InlineData(3, 3, "SFFSFFFSSFSSS", "HHHHHHUUUUUUH")]
    // Thresholds of 1 follow every probe.
    [InlineData(1, 1, "SFSF", "HUHU")]
    public void RecordProbe_Sequence_VerdictChangesOnlyAtThresholds(int healthyAfter, int unhealthyAfter, string probes, string expected)
    {
        var health = new DestinationHealth();
        var verdicts = new List<char>();
        var changes = 0;
        foreach (var probe in probes)
        {
            if (health.RecordProbe(probe == 'S', healthyAfter, unhealthyAfter))
            {
                changes++;
            }

            verdicts.Add(health.Active switch { HealthVerdict.Healthy => 'H', HealthVerdict.Unhealthy => 'U', _ => '?' });
        }

        Assert.Equal(expected, new string([.. verdicts]));
        var transitions = expected.Zip(expected.Skip(1)).Count(p => p.First != p.Second) + (expected[0] == '?' ? 0 : 1);
        Assert.Equal(transitions, changes);
    }

    [Fact]
    public void RecordProbe_AlternatingForever_NeverChangesWithThresholdTwo()
    {
        var health = new DestinationHealth();
        health.RecordProbe(true, 2, 2);
        var changes = 0;
        for (var i = 0; i < 1000; i++)
        {
            changes += health.RecordProbe(i % 2 == 1, 2, 2) ? 1 : 0;
        }

        Assert.Equal(0, changes);
        Assert.Equal(HealthVerdict.Healthy, health.Active);
        Assert.True(health.IsAvailable(0));
    }
}
