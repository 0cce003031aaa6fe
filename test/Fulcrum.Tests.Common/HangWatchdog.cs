using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Xunit.Sdk;

namespace Fulcrum.Tests.Common;

/// <summary>
/// Names a hung test. Applied to a whole test assembly, it notes when each test starts and ends; a test still running
/// after <see cref="Limit"/> ends the test host with <see cref="Environment.FailFast(string)"/>, whose message (the
/// test's name) the runner prints as the reason the run aborted. Without it a hang was only "test host process
/// crashed" after vstest's five minutes of inactivity, with every other test passed and nothing to go on.
/// The check runs on its own thread: a hang that starves the thread pool must not silence it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class HangWatchdogAttribute : BeforeAfterTestAttribute
{
    /// <summary>
    /// Below <c>test.sh</c>'s <c>--blame-hang-timeout</c>, so this fires first and names the test;
    /// <c>FULCRUM_TEST_HANG_LIMIT_SECONDS</c> overrides it (to see the watchdog work).
    /// </summary>
    public static readonly TimeSpan Limit =
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FULCRUM_TEST_HANG_LIMIT_SECONDS"), out var seconds) ? seconds : 240);

    private static readonly ConcurrentDictionary<MethodInfo, long> Running = new();
    private static readonly Lazy<Thread> Checker = new(StartChecker);

    public override void Before(MethodInfo methodUnderTest)
    {
        _ = Checker.Value;
        Running[methodUnderTest] = Stopwatch.GetTimestamp();
    }

    public override void After(MethodInfo methodUnderTest) => Running.TryRemove(methodUnderTest, out _);

    private static Thread StartChecker()
    {
        var thread = new Thread(Check) { IsBackground = true, Name = "hang watchdog" };
        thread.Start();
        return thread;
    }

    private static void Check()
    {
        while (true)
        {
            // The watchdog's polling period: it waits for nothing, so there is no condition to wait on instead.
            Thread.Sleep(TimeSpan.FromSeconds(5));
            foreach (var (method, started) in Running)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed > Limit)
                {
                    Environment.FailFast(
                        $"hung test: {method.DeclaringType?.FullName}.{method.Name} has run for {elapsed.TotalSeconds:0} s (limit {Limit.TotalSeconds:0} s)");
                }
            }
        }
    }
}
