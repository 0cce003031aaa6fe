namespace Fulcrum.Tests.Common;

/// <summary>Waits on a condition with a deadline; never a fixed sleep standing in for synchronisation.</summary>
public static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan CheckGrace = TimeSpan.FromSeconds(10);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // The check itself is bounded too (with a grace past the deadline, so a slow last check still counts): one
            // that never completes, a read nobody answers, must fail the test saying what it waited for, not hang the run
            // until the test host is killed without naming the test.
            var check = condition();
            var bound = (limit > clock.Elapsed ? limit - clock.Elapsed : TimeSpan.Zero) + CheckGrace;
            bool met;
            try
            {
                met = await check.WaitAsync(bound);
            }
            catch (TimeoutException) when (!check.IsCompleted)
            {
                throw new TimeoutException($"timed out after {clock.Elapsed.TotalSeconds:0.#}s waiting until {what}: the check itself never completed");
            }

            if (met)
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#}s waiting until {what}");
            }

            await Task.Delay(Poll);
        }
    }
}
